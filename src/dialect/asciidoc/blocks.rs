//! The block layer: one pass over the lines, no recursion (delimited
//! blocks nest by delimiter, and only verbatim ones change how lines are
//! read, so no stack is needed), deciding for each line what it is from
//! its first characters: a preprocessor directive (`include::`,
//! `ifdef::` …), a comment, an attribute entry, a block attribute line or
//! anchor, a block title, a section title, a delimiter, or text.
//! Paragraphs are gathered and handed to [`super::inline`] whole, since
//! inline macros may run over line ends.

use super::inline::{self, Context};
use super::Found;
use crate::model::{Comment, Span};

/// What a delimited block's content is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Content {
    /// Listing, literal, source, fenced code: text, but `include::` is
    /// still a directive there (code samples come in that way).
    Verbatim,
    /// Passthrough (`++++`) and math (`[stem]`): hidden, includes read.
    Pass,
    /// A comment block (`////`): hidden, directives not processed.
    Comment,
}

/// A verbatim block being skipped: its delimiter line, what it holds, and
/// where it opened.
#[derive(Clone, Copy, Debug)]
struct Open<'t> {
    delimiter: &'t str,
    content: Content,
    start: usize,
    line: usize,
}

/// Styles that make the next paragraph or open block verbatim or hidden.
fn styled(style: &str) -> Option<Content> {
    match style {
        "source" | "listing" | "literal" => Some(Content::Verbatim),
        "pass" | "stem" | "latexmath" | "asciimath" => Some(Content::Pass),
        "comment" => Some(Content::Comment),
        _ => None,
    }
}

/// The kind of a delimiter line, when it is one; `None` for a
/// delimiter whose content is read as AsciiDoc (example, sidebar, quote,
/// open, table).
fn delimiter(line: &str) -> Option<Option<Content>> {
    let b = line.as_bytes();
    if line.starts_with("```") {
        return Some(Some(Content::Verbatim));
    }
    if line == "--" {
        return Some(None);
    }
    if b.len() < 4 {
        return None;
    }
    let c = b[0];
    if !b.iter().all(|&x| x == c) {
        // Tables: `|===`, `,===`, `:===`, `!===`.
        if matches!(c, b'|' | b',' | b':' | b'!')
            && b[1..].iter().all(|&x| x == b'=')
            && b.len() >= 4
        {
            return Some(None);
        }
        return None;
    }
    match c {
        b'-' | b'.' => Some(Some(Content::Verbatim)),
        b'+' => Some(Some(Content::Pass)),
        b'/' => Some(Some(Content::Comment)),
        b'=' | b'*' | b'_' => Some(None),
        _ => None,
    }
}

/// The line state carried from one line to the next.
struct Reader<'t> {
    text: &'t str,
    found: &'t mut Found,
    /// A paragraph being gathered: its start, its end, and whether it is a
    /// bibliography list item.
    para: Option<(usize, usize, bool)>,
    /// A verbatim block being skipped.
    open: Option<Open<'t>>,
    /// The next paragraph or open block is verbatim (a `[source]` line).
    pending_style: Option<Content>,
    /// An id set by a block anchor or attribute line, for the next block
    /// or section.
    pending_id: bool,
    /// The next section or list is a bibliography (`[bibliography]`).
    pending_bibliography: bool,
    /// A block title read for the next block, before any id.
    pending_title: Option<(&'t str, Span)>,
    /// The level of the bibliography section being read, if any.
    bibliography: Option<usize>,
    /// A bibliography list (no section) being read.
    bibliography_list: bool,
    /// A literal paragraph (indented first line) being skipped.
    literal: bool,
    /// No content yet: a level-0 title is the document's title.
    header: bool,
    /// Lines of the document header still to come after its title (its
    /// author and revision lines, and attribute entries): to the first
    /// blank line.
    in_header: bool,
    /// The document title, whose id is made when the header ends (its
    /// entries may set `idprefix`): text, place, whether it has an id.
    header_title: Option<(&'t str, Span, bool)>,
}

/// Read a document's lines.
pub(super) fn read(text: &str, found: &mut Found) {
    let mut r = Reader {
        text,
        found,
        para: None,
        open: None,
        pending_style: None,
        pending_id: false,
        pending_bibliography: false,
        pending_title: None,
        bibliography: None,
        bibliography_list: false,
        literal: false,
        header: true,
        in_header: false,
        header_title: None,
    };
    let mut lines = Lines::new(text);
    while let Some((start, raw)) = lines.next() {
        let line = raw.trim_end();
        r.line(start, line, &mut lines);
    }
    r.end_header();
    r.flush();
    if let Some(open) = r.open {
        let what = match open.content {
            Content::Comment => "comment block",
            Content::Pass => "passthrough block",
            Content::Verbatim => "listing block",
        };
        r.found.unread(
            Span::new(open.start, text.len()),
            format!(
                "unterminated {what} `{}` opened on line {}: the rest of the file is its content",
                open.delimiter, open.line
            ),
        );
    }
}

/// Lines with their byte offsets and numbers.
pub(super) struct Lines<'t> {
    text: &'t str,
    at: usize,
    number: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Self {
            text,
            at: 0,
            number: 0,
        }
    }

    fn next(&mut self) -> Option<(usize, &'t str)> {
        if self.at >= self.text.len() {
            return None;
        }
        let start = self.at;
        let end = memchr::memchr(b'\n', &self.text.as_bytes()[start..])
            .map_or(self.text.len(), |n| start + n);
        self.at = end + 1;
        self.number += 1;
        let line = &self.text[start..end];
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }

    /// The next line, without taking it.
    fn peek(&self) -> Option<&'t str> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let line = rest.split('\n').next().unwrap_or("");
        Some(line.strip_suffix('\r').unwrap_or(line))
    }
}

impl<'t> Reader<'t> {
    fn line(&mut self, start: usize, line: &'t str, lines: &mut Lines<'t>) {
        let span = Span::new(start, start + line.len());
        if let Some(open) = self.open {
            if line == open.delimiter {
                if open.content == Content::Comment {
                    let body = Span::new((open.start + open.delimiter.len() + 1).min(start), start);
                    self.found.comments.push(Comment {
                        span: Span::new(open.start, span.end),
                        body,
                    });
                }
                self.open = None;
            } else if open.content != Content::Comment {
                self.directive(line, span, true);
            }
            return;
        }
        if self.literal {
            if line.trim().is_empty() {
                self.literal = false;
            }
            return;
        }
        if self.in_header {
            // The header: attribute entries, an author line, a revision
            // line, comments; it ends at the first blank line.
            if line.trim().is_empty() {
                self.end_header();
                return;
            }
            if let Some((name, value)) = attribute_entry(line) {
                self.found.attribute(name, value);
            } else if line.starts_with("//") {
                self.found.comments.push(Comment {
                    span,
                    body: Span::new(start + 2, span.end),
                });
            } else {
                // An author or revision line, or a directive.
                self.directive(line, span, false);
            }
            return;
        }
        if line.trim().is_empty() {
            // A blank line may separate list items: a bibliography list
            // ends at the next paragraph that is not an item.
            self.flush();
            return;
        }
        // Comments and preprocessor directives come before everything.
        if line.starts_with("//") && !line.starts_with("///") || line == "//" {
            self.flush();
            self.found.comments.push(Comment {
                span,
                body: Span::new(start + 2, span.end),
            });
            return;
        }
        if self.directive(line, span, false) {
            return;
        }
        if line == "+" {
            // A list continuation: the next line starts a block of the
            // list item.
            self.flush();
            return;
        }
        if let Some(kind) = delimiter(line) {
            self.flush();
            let style = self.pending_style.take();
            self.pending_id = false;
            self.pending_title = None;
            if let Some(content) = kind.or(if line == "--" { style } else { None }) {
                self.open = Some(Open {
                    // A fence with a language closes with a bare fence.
                    delimiter: if line.starts_with("```") { "```" } else { line },
                    content,
                    start,
                    line: lines.number,
                });
            }
            return;
        }
        if self.para.is_none() {
            if self.block_line(line, span, lines) {
                return;
            }
            if self.pending_style.take().is_some() {
                // A styled paragraph (`[source]`, `[pass]`, `[comment]`):
                // hidden to the next blank line.
                self.literal = true;
                self.pending_id = false;
                return;
            }
            if line.starts_with([' ', '\t']) && !is_list_item(line.trim_start()) {
                self.literal = true;
                return;
            }
        } else if is_list_item(line.trim_start()) {
            // A list item starts a paragraph of its own.
            self.flush();
        }
        self.header = false;
        self.pending_id = false;
        self.pending_title = None;
        self.text_line(span, line);
    }

    /// The end of the document header: the title's id is made.
    fn end_header(&mut self) {
        self.in_header = false;
        if let Some((title, span, explicit)) = self.header_title.take() {
            self.found.section(title, span, explicit);
        }
    }

    /// The next block has an id: a block title read before it names it.
    fn block_id(&mut self) {
        self.pending_id = true;
        if let Some((title, span)) = self.pending_title.take() {
            self.found.title_def(title, span);
        }
    }

    /// Whether list items are bibliography entries here.
    fn bibliography_active(&self) -> bool {
        self.bibliography.is_some() || self.bibliography_list
    }

    /// A line of text: it joins the paragraph being gathered.
    fn text_line(&mut self, span: Span, line: &str) {
        let item = is_list_item(line.trim_start());
        match &mut self.para {
            Some((_, end, _)) => *end = span.end,
            None => {
                if !item {
                    self.bibliography_list = false;
                }
                self.pending_bibliography = false;
                let bib = self.bibliography_active() && item;
                self.para = Some((span.start, span.end, bib));
            }
        }
    }

    /// Read the paragraph gathered so far.
    fn flush(&mut self) {
        if let Some((start, end, bibliography)) = self.para.take() {
            let span = Span::new(start, end);
            self.found.prose.push(span);
            inline::read(self.text, span, self.found, Context { bibliography });
        }
    }

    /// A preprocessor directive line (`include::`, `ifdef::`, `endif::`
    /// …): read, and taken out of the text. `verbatim`: inside a listing
    /// block, where an include brings text that is not read.
    fn directive(&mut self, line: &str, span: Span, verbatim: bool) -> bool {
        let Some(name_end) = line.find("::") else {
            return false;
        };
        let name = &line[..name_end];
        if !matches!(name, "include" | "ifdef" | "ifndef" | "ifeval" | "endif") {
            return false;
        }
        let rest = &line[name_end + 2..];
        let Some(open) = rest.find('[') else {
            return false;
        };
        if !rest.ends_with(']') {
            return false;
        }
        if name == "include" {
            let target = &rest[..open];
            if target.is_empty() || target.starts_with(' ') {
                return false;
            }
            let attrs = &rest[open + 1..rest.len() - 1];
            let target_start = span.start + name_end + 2;
            self.flush();
            self.found.include(
                target,
                Span::new(target_start, target_start + target.len()),
                attrs,
                verbatim,
            );
            return true;
        }
        // `ifdef::attr[content]` on one line: its content is text.
        if !verbatim {
            self.flush();
        }
        let inner = &rest[open + 1..rest.len() - 1];
        if name != "endif" && name != "ifeval" && !inner.is_empty() && !verbatim {
            let from = span.start + name_end + 2 + open + 1;
            let inner_span = Span::new(from, from + inner.len());
            inline::read(self.text, inner_span, self.found, Context::default());
        }
        true
    }

    /// A line that is a block of its own when it starts one: an attribute
    /// entry, a block anchor or attribute line, a block title, a section
    /// title. Returns whether it was one.
    fn block_line(&mut self, line: &'t str, span: Span, lines: &mut Lines<'t>) -> bool {
        let start = span.start;
        // Attribute entries: `:name: value`, `:name!:`, `:!name:`.
        if let Some((name, value)) = attribute_entry(line) {
            self.found.attribute(name, value);
            return true;
        }
        if line.starts_with('[') && line.ends_with(']') {
            if line.starts_with("[[") && line.ends_with("]]") && !line.starts_with("[[[") {
                let inner = &line[2..line.len() - 2];
                let (id, reftext) = match inner.split_once(',') {
                    Some((id, t)) => (id, Some(t.trim())),
                    None => (inner, None),
                };
                if super::is_id(id) {
                    self.found
                        .anchor(id, Span::new(start + 2, start + 2 + id.len()), reftext);
                    self.block_id();
                    return true;
                }
            }
            if !line.starts_with("[[") {
                self.attribute_line(&line[1..line.len() - 1], start + 1);
                return true;
            }
        }
        // A block title: `.Title` (not `..`, not `. item`). With an id
        // (an anchor before or after it) `<<Title>>` names the block.
        if let Some(rest) = line.strip_prefix('.') {
            if rest.starts_with(|c: char| !c.is_whitespace() && c != '.') {
                let span = Span::new(start + 1, span.end);
                inline::read(self.text, span, self.found, Context::default());
                if self.pending_id {
                    self.found.title_def(rest, span);
                } else {
                    self.pending_title = Some((rest, span));
                }
                return true;
            }
        }
        if let Some((level, title)) = section_title(line) {
            self.section(level, title, start + (line.len() - title.len()));
            return true;
        }
        // Two-line titles: text underlined by one character repeated.
        if let Some(next) = lines.peek() {
            if let Some(level) = underline_level(line, next.trim_end()) {
                lines.next();
                self.section(level, line.trim(), start);
                return true;
            }
        }
        false
    }

    /// A section title of `level` whose text starts at `at`.
    fn section(&mut self, level: usize, title: &'t str, at: usize) {
        let header = std::mem::replace(&mut self.header, false) && level == 0;
        // The document title's id is made too: the file may be a chapter
        // that another includes with `leveloffset=+1`.
        self.in_header = header;
        if let Some(bib) = self.bibliography {
            if level <= bib {
                self.bibliography = None;
            }
        }
        if std::mem::take(&mut self.pending_bibliography) {
            self.bibliography = Some(level);
        }
        self.bibliography_list = false;
        self.pending_style = None;
        let title_span = Span::new(at, at + title.len());
        inline::read(self.text, title_span, self.found, Context::default());
        let explicit = std::mem::take(&mut self.pending_id) || title_has_anchor(title);
        if header {
            self.header_title = Some((title, title_span, explicit));
        } else {
            self.found.section(title, title_span, explicit);
        }
    }

    /// A block attribute line's content (`source,python`, `#id.role`,
    /// `bibliography`, `quote, Author`), starting at `at`.
    fn attribute_line(&mut self, attrs: &str, at: usize) {
        let first = attrs.split(',').next().unwrap_or("").trim();
        // The first positional: `style#id.role%option`.
        let style_end = first.find(['#', '.', '%']).unwrap_or(first.len());
        let style = &first[..style_end];
        if let Some(hash) = first.find('#') {
            let id_part = &first[hash + 1..];
            let id_end = id_part.find(['.', '%', '#']).unwrap_or(id_part.len());
            let id = &id_part[..id_end];
            if super::is_id(id) {
                let from = at + hash + 1;
                self.found
                    .anchor(id, Span::new(from, from + id.len()), None);
                self.block_id();
            }
        }
        for named in attrs.split(',').skip(1) {
            let named = named.trim();
            if let Some(id) = named.strip_prefix("id=") {
                let id = id.trim_matches('"');
                if super::is_id(id) {
                    if let Some(rel) = attrs.find(named) {
                        let from = at + rel + (named.len() - id.len());
                        let from = from.min(at + attrs.len());
                        self.found
                            .anchor(id, Span::new(from, from + id.len()), None);
                        self.block_id();
                    }
                }
            }
        }
        if style == "bibliography" {
            self.pending_bibliography = true;
            self.bibliography_list = true;
        }
        if let Some(content) = styled(style) {
            self.pending_style = Some(content);
        }
    }
}

/// `:name: value`, `:name!:`, `:!name:` → the name and its value (`None`
/// when unset).
fn attribute_entry(line: &str) -> Option<(&str, Option<&str>)> {
    let rest = line.strip_prefix(':')?;
    let close = rest.find(':')?;
    let name = &rest[..close];
    let value = rest[close + 1..].trim();
    if let Some(name) = name.strip_suffix('!').or_else(|| name.strip_prefix('!')) {
        return valid_attribute(name).then_some((name, None));
    }
    if !valid_attribute(name)
        || !(rest[close + 1..].is_empty() || rest[close + 1..].starts_with(' '))
    {
        return None;
    }
    Some((name, Some(value)))
}

/// An attribute name: a word character, then word characters and `-`.
fn valid_attribute(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// `== Title` (or `## Title`): the level and the title text.
fn section_title(line: &str) -> Option<(usize, &str)> {
    let c = line.as_bytes().first().copied()?;
    if c != b'=' && c != b'#' {
        return None;
    }
    let marks = line.bytes().take_while(|&b| b == c).count();
    if marks > 6 {
        return None;
    }
    let rest = line[marks..].strip_prefix([' ', '\t'])?;
    let title = rest.trim();
    // Symmetric titles: `== Title ==`.
    let title = title
        .strip_suffix(&line[..marks])
        .map_or(title, str::trim_end);
    (!title.is_empty()).then_some((marks - 1, title))
}

/// The level of a two-line title `line` underlined by `next`.
fn underline_level(line: &str, next: &str) -> Option<usize> {
    let c = next.as_bytes().first().copied()?;
    let level = match c {
        b'=' => 0,
        b'-' => 1,
        b'~' => 2,
        b'^' => 3,
        b'+' => 4,
        _ => return None,
    };
    if next.len() < 2 || !next.bytes().all(|b| b == c) {
        return None;
    }
    let title = line.trim_end();
    let first = title.chars().next()?;
    if !first.is_alphanumeric() && first != '_' {
        return None;
    }
    if !title.chars().any(char::is_alphanumeric) {
        return None;
    }
    let len = title.chars().count();
    (len.abs_diff(next.len()) < 2).then_some(level)
}

/// Whether a section title carries its own anchor (`== Title [[id]]`).
fn title_has_anchor(title: &str) -> bool {
    title.ends_with("]]") && title.contains("[[")
}

/// Whether a line (indentation removed) starts a list item: `*`, `-`,
/// `.` repeated then a space, `1.`, `a.`, `<1>`, or a term `term::`.
fn is_list_item(line: &str) -> bool {
    let b = line.as_bytes();
    let Some(&c) = b.first() else {
        return false;
    };
    if matches!(c, b'*' | b'-' | b'.') {
        let n = b.iter().take_while(|&&x| x == c).count();
        return b.get(n).is_some_and(|x| *x == b' ' || *x == b'\t');
    }
    if c.is_ascii_digit() {
        let n = b.iter().take_while(|x| x.is_ascii_digit()).count();
        return b.get(n) == Some(&b'.') && b.get(n + 1) == Some(&b' ');
    }
    if c == b'<' {
        return line
            .find('>')
            .is_some_and(|n| n > 1 && line[1..n].bytes().all(|x| x.is_ascii_digit() || x == b'.'));
    }
    false
}
