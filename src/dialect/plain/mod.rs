//! The plain-text dialect: articles, reports and RFCs exported as text, with
//! bracketed note markers in the prose and a notes or references section.
//!
//! # Grammar
//!
//! ```text
//! document   = *( prose / heading / notes-block )
//! notes-block = [ notes-heading ] 1*definition      ; headless: 2+ definitions, or 1 at the end
//! definition = indent def-label body                ; at a paragraph start
//! def-label  = "[" ( number / key ) "]" / number "." WSP   ; "N." only under a heading
//! body       = *( line / paragraph )                ; until the next definition,
//!                                                   ; a heading or the end of the block
//! heading    = line alone in its paragraph, at column 0, at most 100 characters,
//!              not ending in "." "," or ";"
//! marker     = group                                ; anywhere in prose or bodies
//! group      = "[" item *( ("," / ";") *WSP item ) "]" [ dash "[" number "]" ]
//!            / "[" key "]"
//! item       = number [ dash number ]               ; ranges expand: [3–5] = 3, 4, 5
//! number     = 1*4DIGIT
//! key        = (ALPHA / DIGIT) *63( ALPHA / DIGIT / "." / "-" / "_" / "/" / "+" / ":" / "&" )
//! furniture  = page footer "… [Page N]" and the page header after it
//! ```
//!
//! A group is certainly a marker when it is numeric or has the shape of a
//! citation key (`RFC2119`, `Smith2020`, `I-D.x`). It is a marker only if
//! its label is defined when it follows a letter or digit (`byte[0]`), holds
//! a zero or a year-like number (`[1979]`), is any other single word
//! (`[CRLF]`, `[TBD]`, `[KEYWORDS]`), or cites the RFC's own number. Groups
//! with spaces (`[i.e., Israel]`, `[the PIJ military wing,]`) are prose.

mod grammar;

use memchr::{memchr_iter, memmem};

use crate::model::{
    label_number, scope_at, scope_spans, Block, BlockKind, Certainty, Definition, Document,
    DocumentBuilder, Marker, Span,
};
use grammar::{def_label, group, is_citation_key, notes_heading, Refs};

/// Longest line taken for a heading, in bytes.
const MAX_HEADING: usize = 160;

#[derive(Clone, Copy, Debug)]
struct Line {
    /// Start of the line in the text.
    start: usize,
    /// First non-blank byte (== `end` for a blank line).
    text: usize,
    /// End of the content, before any `\r\n`.
    end: usize,
    /// Page footer or header.
    furniture: bool,
}

impl Line {
    fn blank(&self) -> bool {
        self.text == self.end
    }
    fn indent(&self) -> usize {
        self.text - self.start
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Split the text into lines, marking RFC page furniture.
fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    // RFC lines average ~40 bytes; prose lines are far longer.
    let mut out = Vec::with_capacity(text.len() / 40 + 16);
    let mut start = 0;
    let mut after_footer = false;
    let ends = memchr_iter(b'\n', bytes).chain(std::iter::once(text.len()));
    for nl in ends {
        let end = trim_end(text, start, nl);
        let at = trim_start(text, start, end);
        let mut furniture = false;
        if at < end {
            if is_footer(&text[at..end]) {
                furniture = true;
                after_footer = true;
            } else if after_footer {
                furniture = true;
                after_footer = false;
            }
        }
        out.push(Line {
            start,
            text: at,
            end,
            furniture,
        });
        start = nl + 1;
    }
    out
}

/// ASCII blanks; anything else at or above 0x80 is decoded and checked.
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// The first non-blank byte of `text[start..end]` (or `end`).
fn trim_start(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end && ascii_space(bytes[i]) {
        i += 1;
    }
    if i < end && bytes[i] >= 0x80 {
        let rest = &text[i..end];
        return end - rest.trim_start_matches(is_space).len();
    }
    i
}

/// The end of `text[start..end]` without trailing blanks.
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = end;
    while i > start && ascii_space(bytes[i - 1]) {
        i -= 1;
    }
    if i > start && bytes[i - 1] >= 0x80 {
        return start + text[start..i].trim_end_matches(is_space).len();
    }
    i
}

/// `Rosenberg, et. al.     Standards Track     [Page 12]`
fn is_footer(line: &str) -> bool {
    let Some(rest) = line.strip_suffix(']') else {
        return false;
    };
    let Some(at) = memchr::memrchr(b'[', rest.as_bytes()) else {
        return false;
    };
    let Some(digits) = rest[at..].strip_prefix("[Page ") else {
        return false;
    };
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// The RFC number a document gives itself ("Request for Comments: 3261").
fn own_rfc(text: &str) -> Option<&str> {
    let head = &text.as_bytes()[..4096.min(text.len())];
    let at = memmem::find(head, b"Request for Comments:")? + 21;
    let rest = text[at..].trim_start_matches([' ', '\t']);
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    (len > 0).then(|| &rest[..len])
}

struct OpenDef {
    label: Box<str>,
    label_span: Span,
    body: Option<Span>,
}

struct OpenBlock {
    start: usize,
    heading: Option<Span>,
    kind: BlockKind,
    /// Indentation of the first definition; later ones may not be deeper.
    def_indent: Option<usize>,
    /// Whether definitions are written `N.` (decided by the first one).
    numbered: Option<bool>,
    first_def: usize,
    def: Option<OpenDef>,
}

#[derive(Default)]
struct Builder {
    blocks: Vec<Block>,
    /// For each block: its definitions and whether they are written `N.`.
    extents: Vec<(std::ops::Range<usize>, bool)>,
    definitions: Vec<Definition>,
    open: Option<OpenBlock>,
}

impl Builder {
    fn close_def(&mut self) {
        let Some(block) = self.open.as_mut() else {
            return;
        };
        if let Some(def) = block.def.take() {
            let end = def.label_span.end;
            let body = def.body.unwrap_or(Span::new(end, end));
            self.definitions
                .push(Definition::note(def.label, def.label_span, body));
        }
    }

    fn close_block(&mut self) {
        self.close_def();
        let Some(block) = self.open.take() else {
            return;
        };
        if let Some(last) = self.definitions[block.first_def..].last() {
            self.blocks.push(Block {
                span: Span::new(block.start, last.body.end.max(last.label_span.end)),
                heading: block.heading,
                kind: block.kind,
            });
            let numbered = block.numbered == Some(true);
            self.extents
                .push((block.first_def..self.definitions.len(), numbered));
        }
    }

    fn open_block(&mut self, start: usize, heading: Option<Span>, kind: BlockKind) {
        self.close_block();
        self.open = Some(OpenBlock {
            start,
            heading,
            kind,
            def_indent: None,
            numbered: None,
            first_def: self.definitions.len(),
            def: None,
        });
    }

    fn open_def(&mut self, label: &str, label_span: Span, indent: usize, numbered: bool) {
        self.close_def();
        if let Some(block) = self.open.as_mut() {
            block.def_indent.get_or_insert(indent);
            block.numbered.get_or_insert(numbered);
            block.def = Some(OpenDef {
                label: label.into(),
                label_span,
                body: None,
            });
        }
    }

    /// Add body text to the open definition, if any.
    fn extend(&mut self, span: Span) {
        if let Some(def) = self.open.as_mut().and_then(|b| b.def.as_mut()) {
            match def.body.as_mut() {
                Some(body) => body.end = span.end,
                None if !span.is_empty() => def.body = Some(span),
                None => {}
            }
        }
    }
}

/// Parse a plain-text document.
pub fn parse(text: &str) -> Document {
    let lines = lines(text);
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].blank() && !lines[i].furniture)
        .collect();
    // Is content line k the first of its paragraph / alone in it?
    let para_start = |k: usize| k == 0 || gap(&lines, content[k - 1], content[k]);
    let para_end = |k: usize| k + 1 == content.len() || gap(&lines, content[k], content[k + 1]);

    let mut b = Builder::default();
    let mut prev_def_line: Option<usize> = None;
    for (k, &i) in content.iter().enumerate() {
        let line = lines[i];
        let s = &text[line.text..line.end];
        let starts_para = para_start(k);
        if starts_para && para_end(k) && s.len() <= MAX_HEADING {
            if let Some(notes) = notes_heading(s).filter(|_| line.indent() == 0) {
                let kind = if notes {
                    BlockKind::Notes
                } else {
                    BlockKind::References
                };
                let heading = Span::new(line.text, line.end);
                // Sub-sections (Normative / Informative) continue one block.
                if b.open.is_some() {
                    b.close_def();
                } else {
                    b.open_block(line.start, Some(heading), kind);
                }
                prev_def_line = None;
                continue;
            }
            if line.indent() == 0
                && is_heading(s)
                && !(numbered_block(&b) && def_label(s).is_some())
            {
                b.close_block();
                prev_def_line = None;
                continue;
            }
        }
        if let Some(label) = def_label(s) {
            let is_def = match b.open.as_ref() {
                Some(block) => {
                    let indent_ok = block.def_indent.is_none_or(|d| line.indent() <= d + 2);
                    let style_ok = block.numbered.is_none_or(|n| n == label.numbered);
                    let numbered_ok = !label.numbered || block.heading.is_some();
                    let boundary = starts_para
                        || prev_def_line == Some(k.wrapping_sub(1))
                        || k > 0 && lines[content[k - 1]].indent() > line.indent();
                    indent_ok && style_ok && numbered_ok && boundary
                }
                None => {
                    starts_para
                        && !label.numbered
                        && headless_label(label.label)
                        && next_para_is_def(text, &lines, &content, k, para_start)
                }
            };
            if is_def {
                if b.open.is_none() {
                    b.open_block(line.start, None, BlockKind::Notes);
                }
                let label_span = Span::new(line.text, line.text + label.len);
                b.open_def(label.label, label_span, line.indent(), label.numbered);
                let rest = &text[label_span.end..line.end];
                let body_start = line.end - rest.trim_start_matches(is_space).len();
                b.extend(Span::new(body_start, line.end));
                prev_def_line = Some(k);
                continue;
            }
        }
        b.extend(Span::new(line.text, line.end));
    }
    b.close_block();

    let mut markers = scan_markers(text, &lines, &b.definitions);
    drop_unreferenced_lists(text.len(), &mut b, &markers);
    doubt_mismatched_markers(text.len(), &b.blocks, &b.definitions, &mut markers);
    let prose = prose_spans(text, &lines);
    let mut doc = DocumentBuilder::new();
    doc.markers(markers)
        .definitions(b.definitions)
        .blocks(b.blocks)
        .prose(prose);
    doc.build(text)
}

/// A `N.` block is a numbered list under a heading such as "Notes:", not
/// endnotes, when no marker in its scope uses its labels, or when the
/// document's other notes are bracketed (`[1]  Crocker, D., …`).
fn drop_unreferenced_lists(len: usize, b: &mut Builder, markers: &[Marker]) {
    if !b.extents.iter().any(|(_, numbered)| *numbered) {
        return;
    }
    let bracketed = b.extents.iter().any(|(_, numbered)| !numbered);
    let scopes = scope_spans(len, &b.blocks);
    let mut keep = vec![true; b.blocks.len()];
    for (i, (defs, numbered)) in b.extents.iter().enumerate() {
        let defs = &b.definitions[defs.clone()];
        keep[i] = !numbered
            || !bracketed
                && markers.iter().any(|m| {
                    scope_at(&scopes, m.span.start) == i && defs.iter().any(|d| d.label == m.label)
                });
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut definitions = Vec::with_capacity(b.definitions.len());
    let mut blocks = Vec::with_capacity(b.blocks.len());
    let mut extents = Vec::with_capacity(b.blocks.len());
    for (i, block) in b.blocks.drain(..).enumerate() {
        if keep[i] {
            let (defs, numbered) = b.extents[i].clone();
            let start = definitions.len();
            definitions.extend_from_slice(&b.definitions[defs]);
            extents.push((start..definitions.len(), numbered));
            blocks.push(block);
        }
    }
    b.definitions = definitions;
    b.blocks = blocks;
    b.extents = extents;
}

/// Markers whose style no definition in their scope shares are only
/// markers if defined: `[2]` in an ASN.1 figure of a document citing
/// `[X942]`, `[RFC2976]` in a table of a document citing `[34]`; so is a
/// citation inside a reference-list entry (`RFC 2145, May 1997. [jg639]`).
fn doubt_mismatched_markers(
    len: usize,
    blocks: &[Block],
    defs: &[Definition],
    markers: &mut [Marker],
) {
    if blocks.is_empty() {
        return;
    }
    let scopes = scope_spans(len, blocks);
    // (has numeric labels, has key labels) per scope
    let mut styles = vec![(false, false); scopes.len()];
    for d in defs {
        let style = &mut styles[scope_at(&scopes, d.label_span.start)];
        if label_number(&d.label).is_some() {
            style.0 = true;
        } else {
            style.1 = true;
        }
    }
    let mut reference_bodies = defs
        .iter()
        .filter(|d| blocks[scope_at(&scopes, d.label_span.start)].kind == BlockKind::References)
        .map(|d| d.body)
        .peekable();
    for m in markers.iter_mut() {
        let (numeric, keys) = styles[scope_at(&scopes, m.span.start)];
        let is_number = label_number(&m.label).is_some();
        if is_number && keys && !numeric || !is_number && numeric && !keys {
            m.certainty = Certainty::IfDefined;
        }
        while reference_bodies
            .peek()
            .is_some_and(|b| b.end <= m.span.start)
        {
            reference_bodies.next();
        }
        if reference_bodies
            .peek()
            .is_some_and(|b| b.start <= m.span.start)
        {
            m.certainty = Certainty::IfDefined;
        }
    }
}

/// Whether only blank lines or page furniture separate two content lines
/// (true when at least one blank line does).
fn gap(lines: &[Line], a: usize, b: usize) -> bool {
    lines[a + 1..b].iter().any(Line::blank)
}

fn numbered_block(b: &Builder) -> bool {
    b.open.as_ref().is_some_and(|o| o.numbered == Some(true))
}

/// A line that ends a notes block: short, not a sentence, not a note.
fn is_heading(s: &str) -> bool {
    !s.starts_with('[') && !s.ends_with(['.', ',', ';'])
}

/// Labels that may open a notes block with no heading: numbers and
/// citation keys, never a bracketed word.
fn headless_label(label: &str) -> bool {
    crate::model::label_number(label).is_some_and(|n| (1..1000).contains(&n))
        || is_citation_key(label)
}

/// A headless block needs a second definition within the next few
/// paragraphs (the first note may run on over more than one), before any
/// heading; or nothing at all after it.
fn next_para_is_def(
    text: &str,
    lines: &[Line],
    content: &[usize],
    k: usize,
    para_start: impl Fn(usize) -> bool,
) -> bool {
    const LOOKAHEAD: usize = 8;
    let mut starts = (k + 1..content.len()).filter(|&j| para_start(j)).peekable();
    if starts.peek().is_none() {
        return true;
    }
    for j in starts.take(LOOKAHEAD) {
        let line = lines[content[j]];
        let s = &text[line.text..line.end];
        if def_label(s).is_some_and(|d| !d.numbered && headless_label(d.label)) {
            return true;
        }
        let alone = j + 1 == content.len() || gap(lines, content[j], content[j + 1]);
        if alone && line.indent() == 0 && s.len() <= MAX_HEADING && is_heading(s) {
            return false;
        }
    }
    false
}

/// Find every bracket group outside definition labels and page furniture.
fn scan_markers(text: &str, lines: &[Line], defs: &[Definition]) -> Vec<Marker> {
    let mut skip: Vec<Span> = defs.iter().map(|d| d.label_span).collect();
    skip.extend(
        lines
            .iter()
            .filter(|l| l.furniture)
            .map(|l| Span::new(l.start, l.end)),
    );
    skip.sort_unstable();
    let own = own_rfc(text);
    let mut skip = skip.into_iter().peekable();
    let mut markers = Vec::new();
    let mut resume = 0;
    // (end of the previous group, whether it followed a word)
    let mut prev: (usize, bool) = (usize::MAX, false);
    for at in memchr_iter(b'[', text.as_bytes()) {
        if at < resume {
            continue;
        }
        while skip.peek().is_some_and(|s| s.end <= at) {
            skip.next();
        }
        if let Some(s) = skip.peek() {
            if s.start <= at {
                resume = s.end;
                continue;
            }
        }
        let Some((refs, len)) = group(&text[at..]) else {
            continue;
        };
        let span = Span::new(at, at + len);
        resume = span.end;
        let after_word = if prev.0 == at {
            prev.1
        } else {
            text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        prev = (span.end, after_word);
        if after_word && in_code(text, span) {
            continue;
        }
        match refs {
            Refs::One(n) => {
                let doubtful = after_word || n == 0 || n >= 1000;
                let certainty = if doubtful {
                    Certainty::IfDefined
                } else {
                    Certainty::Marker
                };
                markers.push(Marker {
                    certainty,
                    ..Marker::note(&text[at + 1..span.end - 1], span)
                });
            }
            Refs::Numbers(numbers) => {
                let doubtful = after_word || numbers.iter().any(|&(n, _, _)| n == 0 || n >= 1000);
                let certainty = if doubtful {
                    Certainty::IfDefined
                } else {
                    Certainty::Marker
                };
                markers.extend(numbers.into_iter().map(|(n, start, end)| {
                    let label: Box<str> = if numbers_len_one(span, text) {
                        text[at + 1..span.end - 1].into()
                    } else {
                        n.to_string().into()
                    };
                    Marker {
                        certainty,
                        label_span: Span::new(at + start, at + end),
                        ..Marker::note(label, span)
                    }
                }));
            }
            Refs::Key(key) => {
                let own_number = own.is_some_and(|n| key.strip_prefix("RFC") == Some(n));
                let sure = is_citation_key(key) && !after_word && !own_number;
                let certainty = if sure {
                    Certainty::Marker
                } else {
                    Certainty::IfDefined
                };
                markers.push(Marker {
                    certainty,
                    ..Marker::note(key, span)
                });
            }
        }
    }
    markers
}

/// `byte node[6];`, `x[2] = 0`, `a[1][2]`: an index, not a citation.
fn in_code(text: &str, span: Span) -> bool {
    let after = text[span.end..].trim_start_matches([' ', '\t']);
    if after.starts_with([';', '=', '[']) {
        return true;
    }
    let line_end =
        memchr::memchr(b'\n', &text.as_bytes()[span.end..]).map_or(text.len(), |n| span.end + n);
    let line_start = memchr::memrchr(b'\n', &text.as_bytes()[..span.start]).map_or(0, |n| n + 1);
    let line = text[line_start..line_end].trim_end();
    line.ends_with([';', '{', '}']) || line.contains("/*")
}

/// `[4]` is labelled as written; expanded groups get canonical numbers.
fn numbers_len_one(span: Span, text: &str) -> bool {
    text[span.start + 1..span.end - 1]
        .bytes()
        .all(|b| b.is_ascii_digit())
}

/// Everything but page furniture is prose.
fn prose_spans(text: &str, lines: &[Line]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in lines.iter().filter(|l| l.furniture) {
        if l.start > start {
            out.push(Span::new(start, l.start));
        }
        start = l.end;
    }
    if start < text.len() || out.is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

#[cfg(test)]
mod tests;
