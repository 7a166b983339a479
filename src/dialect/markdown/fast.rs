//! The scan-first parser: the same document as the pulldown-cmark path,
//! without building a syntax tree.
//!
//! One pass over the lines finds the blocks (CommonMark's container
//! algorithm: block quotes, list items and footnote definitions around
//! paragraphs, headings, tables, code, HTML and front matter) and the link
//! reference definitions; a second pass reads the inline structure of each
//! paragraph, heading and table cell (`inline.rs`) and hands its text to the
//! same bracket scanner as the pulldown-cmark path.
//!
//! The parser takes the common shapes of documentation. Where a document
//! leaves them (tabs in indentation, multi-line link definitions, empty
//! list items, HTML spanning quoted lines, wiki links, and a few more, each
//! marked `Bail` below), it gives the document back and pulldown-cmark
//! parses it. `tests/markdown_fast.rs` checks that both parsers agree on
//! every document this one takes.

mod inline;
mod lines;

use memchr::memchr;
use rustc_hash::FxHashSet;

use super::scan::Scanner;
use super::{finish_document, grammar, normalize_label, trimmed, Front};
use crate::model::{Definition, Document, Label, RefKind, Span};
use lines::{
    atx_heading, cells, closes_fence, count_spaces, delimiter_row, fence_open, html_block_start,
    is_alert, is_blank_line, is_hrule, is_metadata_fence, is_setext_underline, line_at,
    list_marker, list_start, metadata_block, task_box, trim_end, Line, RuleTails,
};

/// This document is left to pulldown-cmark.
#[derive(Debug)]
pub(super) struct Bail(pub &'static str);

type Res<T> = Result<T, Bail>;

/// Parse `text`, or give it back.
pub(super) fn parse(text: &str) -> Option<Document> {
    parse_or_bail(text).ok()
}

/// Parse `text`, or say why not.
pub(super) fn parse_or_bail(text: &str) -> Res<Document> {
    let bytes = text.as_bytes();
    // Lone CRs change line structure.
    if has_lone_cr(bytes) {
        return Err(Bail("lone CR"));
    }
    let mut blocks = Blocks::new(text);
    blocks.run()?;
    let Blocks {
        leaves,
        definitions,
        link_keys,
        note_keys,
        comments,
        front,
        ..
    } = blocks;
    let mut out = inline::Out {
        // A marker every few hundred bytes, a prose span or two a leaf.
        markers: Vec::with_capacity(text.len() / 128 + 4),
        definitions,
        comments,
        prose: Vec::with_capacity(leaves.len() * 2 + 4),
        scanner: Scanner::default(),
        scratch: inline::Scratch::default(),
    };
    let cx = inline::Cx {
        text,
        link_keys: &link_keys,
        note_keys: &note_keys,
    };
    for leaf in &leaves {
        inline::leaf(&cx, leaf, &mut out)?;
    }
    let inline::Out {
        mut markers,
        definitions,
        mut comments,
        prose,
        scanner,
        ..
    } = out;
    scanner.finish(text, &mut markers, &definitions);
    comments.sort_unstable_by_key(|c| c.span.start);
    Ok(finish_document(
        text,
        markers,
        definitions,
        prose,
        comments,
        front,
    ))
}

/// Characters of a footnote label the fast parser reads (others are left to
/// pulldown-cmark, which differs from GFM on some).
pub(super) fn simple_label(label: &[u8]) -> bool {
    !label.is_empty()
        && label.len() <= 200
        && label
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
}

fn has_lone_cr(bytes: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = memchr(b'\r', &bytes[at..]) {
        let cr = at + i;
        if bytes.get(cr + 1) != Some(&b'\n') {
            return true;
        }
        at = cr + 1;
    }
    false
}

/// A run of inline content: a paragraph, a heading, or one table cell.
#[derive(Clone, Copy, Debug)]
pub(super) struct Leaf {
    pub start: usize,
    pub end: usize,
    /// Inside a block quote: lines after the first start with `>`.
    pub quoted: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Container {
    Quote,
    /// A list item and the column its content starts at.
    Item(usize),
    /// A footnote definition (index into `notes`).
    Note(usize),
}

/// What an open leaf block is.
#[derive(Clone, Copy, Debug)]
enum Open {
    None,
    /// A paragraph: where its content starts, and where the last line's
    /// content ends.
    Para {
        start: usize,
        end: usize,
    },
    /// Lines of link reference definitions, which a lazy line continues
    /// like a paragraph.
    Defs,
    Fence {
        ch: u8,
        len: usize,
    },
    IndentedCode,
    /// An HTML block, and how it ends: a blank line (types 6 and 7) or a
    /// closing string.
    Html {
        start: usize,
        end: Option<&'static [u8]>,
    },
}

/// A footnote definition being read.
struct Note {
    /// Index into `definitions`.
    def: usize,
    /// The end of the last thing in it pulldown-cmark's events cover.
    covered: usize,
    /// Whether that thing is in a list item.
    in_item: bool,
}

/// The block pass. An open leaf always lives in every container of
/// `stack`: containers open only before a leaf starts, and close only
/// after the leaf has.
struct Blocks<'a> {
    text: &'a str,
    bytes: &'a [u8],
    stack: Vec<Container>,
    open: Open,
    leaves: Vec<Leaf>,
    definitions: Vec<Definition>,
    notes: Vec<Note>,
    /// Normalised labels of link and footnote definitions.
    link_keys: FxHashSet<Label>,
    note_keys: FxHashSet<Label>,
    comments: Vec<crate::model::Comment>,
    front: Option<Front>,
    /// The end of the last block pulldown-cmark would cover.
    covered: usize,
    /// Lines a table took, to be skipped.
    skip_to: Option<usize>,
    /// The last line was a GitHub alert's tag (`> [!NOTE]`).
    after_alert: bool,
}

impl<'a> Blocks<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            bytes: text.as_bytes(),
            stack: Vec::new(),
            open: Open::None,
            leaves: Vec::with_capacity(text.len() / 256 + 4),
            definitions: Vec::with_capacity(text.len() / 512 + 4),
            notes: Vec::new(),
            link_keys: FxHashSet::with_capacity_and_hasher(text.len() / 1024, Default::default()),
            note_keys: FxHashSet::with_capacity_and_hasher(text.len() / 1024, Default::default()),
            comments: Vec::new(),
            front: None,
            covered: 0,
            skip_to: None,
            after_alert: false,
        }
    }

    fn run(&mut self) -> Res<()> {
        let mut at = 0;
        if let Some(f) = front_matter(self.bytes) {
            self.front = Some(f.front);
            self.cover(f.end);
            at = f.next;
        }
        while at < self.bytes.len() {
            let line = line_at(self.bytes, at);
            self.line(line)?;
            at = self.skip_to.take().unwrap_or(line.next);
        }
        self.close_leaf();
        self.close_containers(0)
    }

    /// Match the open containers against a line: how many matched, and
    /// where the rest of the line starts.
    fn match_containers(&self, line: &Line) -> Res<(usize, usize)> {
        let bytes = self.bytes;
        let mut pos = line.start;
        let mut matched = 0;
        // The run of spaces the last count found, `(from, to)`: a line
        // indented for a hundred nested items is counted once, not once a
        // level.
        let mut run = (usize::MAX, 0);
        for c in &self.stack {
            let spaces = if run.0 <= pos && pos <= run.1 {
                run.1 - pos
            } else {
                let n = count_spaces(bytes, pos, line.end)?;
                run = (pos, pos + n);
                n
            };
            let blank = pos + spaces == line.end;
            match *c {
                Container::Quote => {
                    if spaces > 3 || blank || bytes[pos + spaces] != b'>' {
                        break;
                    }
                    pos += spaces + 1;
                    if pos < line.end && bytes[pos] == b' ' {
                        pos += 1;
                    } else if pos < line.end && bytes[pos] == b'\t' {
                        return Err(Bail("a tab after `>`"));
                    }
                }
                Container::Item(width) => {
                    if blank {
                        pos += spaces.min(width);
                    } else if spaces >= width {
                        pos += width;
                    } else {
                        break;
                    }
                }
                Container::Note(_) => {
                    if blank {
                        pos += spaces.min(4);
                    } else if spaces >= 4 {
                        pos += 4;
                    } else {
                        break;
                    }
                }
            }
            matched += 1;
        }
        Ok((matched, pos))
    }

    fn line(&mut self, line: Line) -> Res<()> {
        let (matched, pos) = self.match_containers(&line)?;
        let bytes = self.bytes;
        let all = matched == self.stack.len();
        if std::mem::take(&mut self.after_alert) {
            let spaces = count_spaces(bytes, pos, line.end)?;
            let rest = &bytes[pos + spaces..line.end];
            let blank = rest.is_empty();
            if !blank && (!all || spaces >= 4 || list_start(rest).is_some()) {
                return Err(Bail("a line after an alert's tag"));
            }
        }

        // Leaves that own their lines: code and HTML.
        match self.open {
            Open::Fence { ch, len } if all => {
                let spaces = count_spaces(bytes, pos, line.end)?;
                let rest = &bytes[pos + spaces..line.end];
                if spaces < 4 && closes_fence(rest, ch, len) {
                    self.cover(trim_end(bytes, line.start, line.end));
                    self.open = Open::None;
                } else {
                    self.cover(line.end);
                }
                return Ok(());
            }
            Open::Html { start, end } if all => {
                let rest = &bytes[pos..line.end];
                match end {
                    None => {
                        if is_blank_line(rest) {
                            self.end_html(start, pos);
                            return Ok(());
                        }
                        self.cover(line.end);
                    }
                    Some(close) => {
                        self.cover(line.end);
                        if memchr::memmem::find(rest, close).is_some() {
                            self.end_html(start, line.next);
                        }
                    }
                }
                return Ok(());
            }
            Open::IndentedCode if all => {
                let spaces = count_spaces(bytes, pos, line.end)?;
                if pos + spaces == line.end {
                    return Ok(());
                }
                if spaces >= 4 {
                    self.cover(line.end);
                    return Ok(());
                }
                self.open = Open::None;
            }
            _ => {}
        }

        let spaces = count_spaces(bytes, pos, line.end)?;
        let blank = pos + spaces == line.end;

        // A lazy continuation line of a paragraph.
        if !all && !blank {
            if let Open::Para { .. } | Open::Defs = self.open {
                // An indented lazy line is paragraph text whatever it holds.
                if spaces >= 4 || !self.interrupts(pos + spaces, line.end, false)? {
                    if let Open::Defs = self.open {
                        return Err(Bail("a lazy line after link definitions"));
                    }
                    // pulldown-cmark ends such a note before closing markup.
                    if self.stack.iter().any(|c| matches!(c, Container::Note(_)))
                        && self.stack.iter().any(|c| matches!(c, Container::Item(_)))
                    {
                        return Err(Bail("a lazy line in a list in a footnote"));
                    }
                    self.continue_para(pos + spaces, &line);
                    return Ok(());
                }
            }
        }
        if !all {
            self.close_leaf();
            self.close_containers(matched)?;
        }

        if blank {
            // A blank line ends a paragraph; a quote it did not continue
            // (no `>`) is closed already, list items and notes carry on.
            self.close_leaf();
            return Ok(());
        }

        // A paragraph continues, or becomes a setext heading, or is
        // interrupted.
        if let Open::Para { .. } = self.open {
            if spaces >= 4 {
                self.continue_para(pos + spaces, &line);
                return Ok(());
            }
            let rest = &bytes[pos + spaces..line.end];
            if is_setext_underline(rest) {
                self.close_leaf();
                self.cover(line.end);
                return Ok(());
            }
            if !self.interrupts(pos + spaces, line.end, true)? {
                if rest.first() == Some(&b'|') {
                    return Err(Bail("a table row interrupting a paragraph"));
                }
                self.continue_para(pos + spaces, &line);
                return Ok(());
            }
            self.close_leaf();
        } else if let Open::Defs = self.open {
            let rest = &bytes[pos + spaces..line.end];
            if is_setext_underline(rest) {
                return Err(Bail("a setext underline after link definitions"));
            }
            if spaces >= 4 {
                // Paragraph text in CommonMark, not indented code.
                return Err(Bail("an indented line after link definitions"));
            }
            self.open = Open::None;
            // CommonMark reads definitions off the start of a paragraph:
            // a line that cannot interrupt one is that paragraph's text.
            if rest[0] != b'[' && !self.interrupts(pos + spaces, line.end, true)? {
                if self.table(pos + spaces, &line)? {
                    return Ok(());
                }
                self.open = Open::Para {
                    start: pos + spaces,
                    end: trim_end(bytes, pos + spaces, line.end),
                };
                return Ok(());
            }
        }
        self.close_leaf();
        self.new_blocks(pos, &line)
    }

    /// Open new containers, then the leaf block the line starts.
    fn new_blocks(&mut self, mut pos: usize, line: &Line) -> Res<()> {
        let bytes = self.bytes;
        let rules = RuleTails::new(bytes, pos, line.end);
        loop {
            let spaces = count_spaces(bytes, pos, line.end)?;
            if spaces >= 4 || pos + spaces == line.end {
                break;
            }
            let at = pos + spaces;
            let rest = &bytes[at..line.end];
            if rest.starts_with(b"[^") {
                if let Some(len) = self.footnote_def(at, line)? {
                    pos = at + len;
                    continue;
                }
            }
            if let Some((width, after)) = list_marker(bytes, at, line.end, spaces, &rules)? {
                self.stack.push(Container::Item(width));
                pos = after;
                if let Some(text) = task_box(bytes, after, line.end)? {
                    // pulldown-cmark reads the rest of the line as a
                    // paragraph.
                    self.open = Open::Para {
                        start: text,
                        end: trim_end(bytes, text, line.end),
                    };
                    return Ok(());
                }
                continue;
            }
            if rest[0] == b'>' {
                self.stack.push(Container::Quote);
                pos = at + 1;
                if pos < line.end && bytes[pos] == b' ' {
                    pos += 1;
                } else if pos < line.end && bytes[pos] == b'\t' {
                    return Err(Bail("a tab after `>`"));
                }
                if is_alert(&bytes[pos..line.end]) {
                    // The tag takes the line; pulldown-cmark reads the next
                    // line's leaf without looking for new containers.
                    self.after_alert = true;
                    return Ok(());
                }
                continue;
            }
            break;
        }
        self.leaf(pos, line)
    }

    /// `[^label]:` opening a footnote definition: its length with the
    /// space after it.
    fn footnote_def(&mut self, at: usize, line: &Line) -> Res<Option<usize>> {
        let bytes = self.bytes;
        let rest = &bytes[at + 2..line.end];
        let Some(close) = memchr(b']', rest) else {
            return Err(Bail("a footnote label over lines"));
        };
        let label = &rest[..close];
        if rest.get(close + 1) != Some(&b':') {
            if !simple_label(label) {
                return Err(Bail("an unusual footnote label"));
            }
            return Ok(None);
        }
        if !simple_label(label) || matches!(self.stack.last(), Some(Container::Note(_))) {
            return Err(Bail("an unusual or nested footnote definition"));
        }
        let label = &self.text[at + 2..at + 2 + close];
        let label_end = at + 2 + close + 2;
        let def = self.definitions.len();
        let key = normalize_label(label);
        self.note_keys
            .insert(key.clone().unwrap_or_else(|| label.into()));
        self.definitions.push(Definition {
            label: label.into(),
            key,
            label_span: Span::new(at, label_end),
            body: Span::new(label_end, label_end),
            kind: RefKind::Note,
            namespace: None,
            origin: crate::model::Origin::Written,
        });
        self.notes.push(Note {
            def,
            covered: 0,
            in_item: false,
        });
        self.stack.push(Container::Note(self.notes.len() - 1));
        // pulldown-cmark takes the spaces after the colon with the label.
        let mut end = label_end;
        while end < line.end && bytes[end] == b' ' {
            end += 1;
        }
        Ok(Some(end - at))
    }

    /// The leaf block a line starts (containers already opened).
    fn leaf(&mut self, pos: usize, line: &Line) -> Res<()> {
        let bytes = self.bytes;
        let spaces = count_spaces(bytes, pos, line.end)?;
        let at = pos + spaces;
        if at == line.end {
            return Ok(());
        }
        if spaces >= 4 {
            self.open = Open::IndentedCode;
            self.cover(line.end);
            return Ok(());
        }
        let rest = &bytes[at..line.end];
        if rest[0] == b'<' {
            if let Some(end) = html_block_start(rest, true) {
                self.open = Open::Html { start: at, end };
                self.cover(line.end);
                if let Some(close) = end {
                    if memchr::memmem::find(&rest[1..], close).is_some() {
                        self.end_html(at, line.next);
                    }
                }
                return Ok(());
            }
        }
        if is_hrule(rest) {
            self.cover(line.end);
            return Ok(());
        }
        if let Some((start, end)) = atx_heading(bytes, at, line.end) {
            self.push_leaf(start, end);
            self.cover(trim_end(bytes, at, line.end));
            return Ok(());
        }
        if let Some((ch, len)) = fence_open(rest) {
            self.open = Open::Fence { ch, len };
            self.cover(trim_end(bytes, at, line.end));
            return Ok(());
        }
        if rest[0] == b'[' && !rest.starts_with(b"[^") {
            if let Some(()) = self.link_definition(at, line)? {
                self.open = Open::Defs;
                return Ok(());
            }
        }
        if self.table(at, line)? {
            return Ok(());
        }
        self.open = Open::Para {
            start: at,
            end: trim_end(bytes, at, line.end),
        };
        Ok(())
    }

    /// A link reference definition on one line.
    fn link_definition(&mut self, at: usize, line: &Line) -> Res<Option<()>> {
        let s = &self.text[at..line.end];
        let bytes = s.as_bytes();
        let Some(close) = super::close_bracket(&bytes[1..]) else {
            // Perhaps a label over lines.
            return Err(Bail("a link label over lines"));
        };
        if bytes.get(close + 2) != Some(&b':') {
            return Ok(None);
        }
        let after = &s[close + 3..];
        if after.trim().is_empty() {
            return Err(Bail("a link destination on the next line"));
        }
        let Some(def) = grammar::link_definition(s) else {
            return Ok(None);
        };
        if def.body.1 < s.trim_end().len() {
            return Ok(None);
        }
        // A title on the next line would belong to this definition.
        let next = line_at(self.bytes, line.next);
        let next_line = &self.bytes[next.start..next.end];
        let t = next_line
            .iter()
            .position(|&b| !matches!(b, b' ' | b'>'))
            .unwrap_or(next_line.len());
        if matches!(next_line.get(t), Some(b'"' | b'\'' | b'(')) {
            return Err(Bail("a link title on the next line"));
        }
        let label = &s[1..=close];
        if self.stack.iter().any(|c| matches!(c, Container::Note(_))) {
            return Err(Bail("a link definition in a footnote"));
        }
        if label.trim().is_empty() || label.contains('[') {
            return Err(Bail("an unusual link label"));
        }
        let key = normalize_label(label);
        self.link_keys
            .insert(key.clone().unwrap_or_else(|| label.into()));
        let label_end = at + close + 2;
        self.definitions.push(Definition {
            label: label.into(),
            key,
            label_span: Span::new(at, label_end),
            body: trimmed(self.text, label_end + 1, at + def.body.1),
            kind: RefKind::Link,
            namespace: None,
            origin: crate::model::Origin::Written,
        });
        Ok(Some(()))
    }

    /// A table whose header row starts here; `false` when there is none.
    fn table(&mut self, at: usize, line: &Line) -> Res<bool> {
        let bytes = self.bytes;
        let head = &bytes[at..line.end];
        if memchr(b'|', head).is_none() {
            return Ok(false);
        }
        if line.next >= bytes.len() {
            return Ok(false);
        }
        let delim_line = line_at(bytes, line.next);
        let (matched, pos) = self.match_containers(&delim_line)?;
        let spaces = count_spaces(bytes, pos, delim_line.end)?;
        let delim = &bytes[pos + spaces..delim_line.end];
        let Some(cols) = delimiter_row(delim) else {
            return Ok(false);
        };
        if matched != self.stack.len() || spaces >= 4 {
            return Err(Bail(
                "a table delimiter row outside its header's containers",
            ));
        }
        wiki_free(head)?;
        let head_cells = cells(bytes, at, line.end);
        if head_cells.len() != cols {
            return Err(Bail("a table whose header and delimiter row differ"));
        }
        self.push_cells(&head_cells, cols);
        // Body rows.
        let mut row = delim_line.next;
        self.cover(trim_end(bytes, delim_line.start, delim_line.end));
        loop {
            if row >= bytes.len() {
                break;
            }
            let l = line_at(bytes, row);
            let (matched, pos) = self.match_containers(&l)?;
            if matched != self.stack.len() {
                break;
            }
            let spaces = count_spaces(bytes, pos, l.end)?;
            let start = pos + spaces;
            if start == l.end || self.interrupts(start, l.end, true)? {
                break;
            }
            if memchr(b'|', &bytes[start..l.end]).is_none() {
                return Err(Bail("a table row without `|`"));
            }
            if list_start(&bytes[start..l.end]).is_some() {
                // pulldown-cmark ends a table at any list item.
                return Err(Bail("a list item after a table"));
            }
            wiki_free(&bytes[start..l.end])?;
            let row_cells = cells(bytes, start, l.end);
            if row_cells.is_empty() {
                break;
            }
            self.push_cells(&row_cells, cols);
            self.cover(trim_end(bytes, start, l.end));
            row = l.next;
        }
        // The rows are consumed: skip them.
        self.skip_to = Some(row);
        Ok(true)
    }

    fn push_cells(&mut self, cells: &[(usize, usize)], cols: usize) {
        for &(start, end) in cells.iter().take(cols) {
            if start < end {
                self.push_leaf(start, end);
            }
        }
    }

    /// Inline content to read in the second pass.
    fn push_leaf(&mut self, start: usize, end: usize) {
        let quoted = self.stack.contains(&Container::Quote);
        self.leaves.push(Leaf { start, end, quoted });
    }

    /// Whether a line (its rest from `at`) interrupts a paragraph;
    /// `current` when all containers matched.
    fn interrupts(&self, at: usize, end: usize, current: bool) -> Res<bool> {
        let rest = &self.bytes[at..end];
        let Some(&first) = rest.first() else {
            return Ok(true);
        };
        Ok(match first {
            b'>' => true,
            b'#' => atx_heading(self.bytes, at, end).is_some(),
            b'`' | b'~' => fence_open(rest).is_some(),
            b'*' | b'-' | b'+' | b'_' | b'0'..=b'9' => {
                if is_hrule(rest) {
                    true
                } else if let Some((_, ordered_one, empty)) = list_start(rest) {
                    !current || (ordered_one && !empty)
                } else {
                    false
                }
            }
            b'<' => html_block_start(rest, false).is_some(),
            b'[' if rest.starts_with(b"[^") => match memchr(b']', rest) {
                Some(c) if rest.get(c + 1) == Some(&b':') => {
                    if !simple_label(&rest[2..c]) {
                        return Err(Bail("an unusual footnote label"));
                    }
                    true
                }
                _ => false,
            },
            _ => false,
        })
    }

    fn continue_para(&mut self, at: usize, line: &Line) {
        let end = trim_end(self.bytes, at, line.end);
        match &mut self.open {
            Open::Para { end: e, .. } => *e = end.max(*e),
            _ => {
                self.open = Open::Para { start: at, end };
            }
        }
    }

    /// Close the HTML block from `start` to `end`, taking its comments.
    fn end_html(&mut self, start: usize, end: usize) {
        super::comments::in_block(self.text, &(start..end), &mut self.comments);
        self.cover(trim_end(self.bytes, start, end).max(self.covered));
        self.open = Open::None;
    }

    /// Close the open leaf block.
    fn close_leaf(&mut self) {
        match std::mem::replace(&mut self.open, Open::None) {
            Open::Para { start, end } => {
                self.push_leaf(start, end);
                self.cover(end);
            }
            Open::Html { start, .. } => self.end_html(start, self.covered),
            Open::Fence { .. } | Open::IndentedCode | Open::None | Open::Defs => {}
        }
    }

    /// Content up to `end` is covered (pulldown-cmark's events would
    /// reach it).
    fn cover(&mut self, end: usize) {
        self.covered = end;
        self.cover_note();
    }

    /// Tell the open footnote definitions how far their content reaches.
    fn cover_note(&mut self) {
        for (i, c) in self.stack.iter().enumerate() {
            if let Container::Note(n) = *c {
                let note = &mut self.notes[n];
                note.covered = self.covered;
                note.in_item = self.stack[i..]
                    .iter()
                    .any(|c| matches!(c, Container::Item(_)));
            }
        }
    }

    /// Close the containers from `keep` on.
    fn close_containers(&mut self, keep: usize) -> Res<()> {
        while self.stack.len() > keep {
            if let Some(Container::Note(n)) = self.stack.pop() {
                let note = &self.notes[n];
                let def = &mut self.definitions[note.def];
                let start = def.label_span.end;
                if note.covered > start {
                    // pulldown-cmark ends a note whose last block is a
                    // tight list where its last event ends: before closing
                    // emphasis delimiters, or the `[]` of a collapsed
                    // reference.
                    if note.in_item
                        && matches!(self.bytes[note.covered - 1], b'*' | b'_' | b'~' | b']')
                    {
                        return Err(Bail("a footnote ending in a list with markup"));
                    }
                    def.body = trimmed(self.text, start, note.covered);
                }
            }
        }
        Ok(())
    }
}

/// Front matter found by [`front_matter`].
pub(super) struct FrontMatter {
    pub front: super::Front,
    /// The end of its closing line.
    pub end: usize,
    /// Where the document goes on.
    pub next: usize,
}

/// Front matter: a metadata block opening on the document's first line
/// (`---` or `+++` alone, a first line that is neither blank nor the
/// closing one, a closing line). Only there: elsewhere such lines are a
/// thematic break and text, as CommonMark has them.
pub(super) fn front_matter(bytes: &[u8]) -> Option<FrontMatter> {
    let line = line_at(bytes, 0);
    let fence = &bytes[line.start..line.end];
    let c = *fence.first()?;
    if !matches!(c, b'-' | b'+') || !is_metadata_fence(fence, c) {
        return None;
    }
    let close = super::kramdown::front_matter_end(bytes, line.next, c)
        .or_else(|| metadata_block(bytes, line.next, c))?;
    let kind = if c == b'-' {
        pulldown_cmark::MetadataBlockKind::YamlStyle
    } else {
        pulldown_cmark::MetadataBlockKind::PlusesStyle
    };
    let close = line_at(bytes, close);
    Some(FrontMatter {
        front: (kind, line.next..close.start),
        end: close.end,
        next: close.next,
    })
}

/// A table row holds no `[[`: a wiki link may span its cells, which the
/// inline pass reads one at a time.
fn wiki_free(row: &[u8]) -> Res<()> {
    match memchr::memmem::find(row, b"[[") {
        Some(_) => Err(Bail("a wiki link in a table")),
        None => Ok(()),
    }
}
