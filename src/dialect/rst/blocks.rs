//! The block layer: one pass over the lines, no recursion (a hundred
//! thousand nested quotes are a hundred thousand indented lines), deciding
//! for each line what it is from its indentation and first characters.
//! Paragraphs are gathered and handed to [`super::inline`] whole, since
//! inline markup may run over line ends.

use super::explicit::{self, Item};
use super::{docname, inline, Found, Project};
use crate::model::{Comment, LinkKind, Marker, RefKind, Span};

/// Directives whose content is not reStructuredText: skipped after their
/// options.
const OPAQUE: &[&str] = &[
    "code",
    "code-block",
    "sourcecode",
    "highlight",
    "literalinclude",
    "raw",
    "math",
    "testcode",
    "testoutput",
    "testsetup",
    "testcleanup",
    "doctest",
    "productionlist",
    "graphviz",
    "graph",
    "digraph",
    "inheritance-diagram",
    "plantuml",
    "uml",
    "mermaid",
    "ipython",
    "jupyter-execute",
    "code-cell",
    "prompt",
    "autosummary",
    "tabularcolumns",
    "csv-table",
    "jinja",
    "bibliography",
    "toctree",
];

/// Substitution definitions whose data is text to read.
const TEXTUAL: &[&str] = &["replace"];

/// What skipped lines are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Skip {
    /// A literal block, a doctest, an opaque directive's content.
    Literal,
    /// A comment: its lines extend it (suppressions are written there).
    Comment(usize),
    /// A toctree's content: document names.
    Toctree { glob: bool },
}

/// Lines indented more than `indent` (and blank lines) are skipped.
#[derive(Clone, Copy, Debug)]
struct Hidden {
    indent: usize,
    skip: Skip,
    /// Lines read into it so far (an empty `..` comment followed by a
    /// blank line ends there).
    lines: u32,
    /// Option lines (`:name: value`) are still read.
    options: bool,
}

/// A paragraph being gathered.
#[derive(Clone, Copy, Debug)]
struct Para {
    start: usize,
    end: usize,
    /// The column of its text (after a list bullet).
    indent: usize,
    /// The indentation of its first line.
    margin: usize,
    /// The indentation of its last line.
    last: usize,
    lines: u32,
    /// A table: its lines run to the next blank line, whatever they hold
    /// (a cell may start with `..`).
    table: bool,
}

impl Para {
    /// A paragraph of one line whose text starts at column `indent` (a
    /// note's or a directive's body, after its `..`).
    fn at(start: usize, end: usize, indent: usize) -> Self {
        Self {
            start,
            end,
            indent,
            margin: indent,
            last: indent,
            lines: 1,
            table: false,
        }
    }
}

struct Reader<'t, 'f, 'p> {
    text: &'t str,
    found: &'f mut Found,
    project: Option<&'p Project<'p>>,
    hidden: Option<Hidden>,
    /// The indentation of the directive whose option lines are being
    /// read (of a directive whose content is read as reST).
    options: Option<usize>,
    /// The last directive's name (what its options mean).
    directive: &'t str,
    /// The last directive was an `include` whose link is the last one.
    include: bool,
    /// A paragraph ended with `::`: a block indented more than this is
    /// literal.
    pending_literal: Option<usize>,
    doctest: bool,
    para: Option<Para>,
    /// The note or citation whose body is being read: its definition and
    /// the indentation of its `..`.
    note: Option<(usize, usize)>,
    /// A section's adornments seen so far, in order (their levels).
    styles: Vec<(u8, bool)>,
    /// An adornment line alone: an overline, or a transition.
    overline: Option<u8>,
}

/// Read the blocks of `text`.
pub(super) fn read(text: &str, found: &mut Found, project: Option<&Project<'_>>) {
    let mut reader = Reader {
        text,
        found,
        project,
        hidden: None,
        options: None,
        directive: "",
        include: false,
        pending_literal: None,
        doctest: false,
        para: None,
        note: None,
        styles: Vec::new(),
        overline: None,
    };
    let mut start = 0;
    let bytes = text.as_bytes();
    while start < bytes.len() {
        let nl = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |n| start + n);
        let mut end = nl;
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        reader.line(start, end);
        start = nl + 1;
    }
    reader.flush();
}

/// The indentation of a line (tabs to the next multiple of 8) and the
/// offset of its first non-space, or None for a blank line.
fn indentation(line: &str) -> Option<(usize, usize)> {
    let mut col = 0;
    for (at, b) in line.bytes().enumerate() {
        match b {
            b' ' => col += 1,
            b'\t' => col = (col / 8 + 1) * 8,
            0x0b | 0x0c => col += 1,
            _ => return Some((col, at)),
        }
    }
    None
}

/// Whether a line is a section adornment: one punctuation char repeated.
fn adornment(content: &str) -> Option<u8> {
    let bytes = content.trim_end().as_bytes();
    let first = *bytes.first()?;
    // `::` alone announces a literal block, `..` alone is a comment.
    let ok = first.is_ascii_punctuation()
        && bytes.len() >= 2
        && bytes != b"::"
        && bytes != b".."
        && bytes.iter().all(|&b| b == first);
    ok.then_some(first)
}

/// Whether a line is a simple table's border: runs of `=` between spaces,
/// two or more.
fn simple_table_border(line: &str) -> bool {
    let line = line.trim();
    line.starts_with('=') && line.contains(' ') && line.bytes().all(|b| b == b'=' || b == b' ')
}

/// Whether a table cell's text starts with explicit markup that defines
/// something (`.. [1]`, `.. _x:`, `.. |x|`, `__ uri`); `..` alone is an
/// empty comment (a simple table's empty first cell).
fn is_explicit(cell: &str) -> bool {
    let cell = cell.trim();
    cell.starts_with("__ ")
        || cell
            .strip_prefix("..")
            .is_some_and(|rest| rest.starts_with([' ', '\t']) && !rest.trim().is_empty())
}

/// The column where a paragraph's text starts on its first line: after
/// a bullet (`- `, `* `, `+ `), an enumerator (`1. `, `(a) `, `#. `), or a
/// field name (`:param x: `).
fn text_column(content: &str, indent: usize) -> usize {
    let bytes = content.as_bytes();
    let after_marker = |n: usize| {
        let rest = &content[n..];
        let spaces = rest.len() - rest.trim_start_matches(' ').len();
        (spaces > 0 || rest.is_empty()).then_some(indent + n + spaces)
    };
    match bytes.first() {
        Some(b'-' | b'*' | b'+' | 0xe2) if bytes.get(1) == Some(&b' ') => {
            after_marker(1).unwrap_or(indent)
        }
        Some(c) if c.is_ascii_alphanumeric() || *c == b'#' || *c == b'(' => {
            let n = bytes
                .iter()
                .take(8)
                .position(|&b| b == b'.' || b == b')')
                .filter(|&n| n > 0);
            match n {
                Some(n)
                    if bytes[..n]
                        .iter()
                        .all(|b| b.is_ascii_alphanumeric() || *b == b'#' || *b == b'(') =>
                {
                    after_marker(n + 1).unwrap_or(indent)
                }
                _ => indent,
            }
        }
        _ => indent,
    }
}

impl<'t> Reader<'t, '_, '_> {
    fn line(&mut self, start: usize, end: usize) {
        let text = self.text;
        let line = &text[start..end];
        let Some((indent, lead)) = indentation(line) else {
            self.blank();
            return;
        };
        let content_at = start + lead;
        let content = &text[content_at..end];
        if let Some(hidden) = self.hidden {
            if indent > hidden.indent {
                self.hidden_line(hidden, indent, content_at, end);
                return;
            }
            self.hidden = None;
        }
        if self.doctest {
            return;
        }
        if let Some(base) = self.pending_literal.take() {
            if indent > base {
                self.hidden = Some(Hidden {
                    indent: base,
                    skip: Skip::Literal,
                    lines: 1,
                    options: false,
                });
                return;
            }
        }
        if let Some((def, note_indent)) = self.note {
            if indent <= note_indent {
                self.note = None;
            } else {
                let body = &mut self.found.definitions[def].body;
                if body.is_empty() && body.start <= content_at {
                    body.start = content_at;
                }
                body.end = end;
            }
        }
        if let Some(p) = &mut self.para {
            if p.table {
                p.end = end;
                p.lines += 1;
                return;
            }
        }
        if let Some(options) = self.options {
            if indent > options && self.para.is_none() && self.option(content_at, end) {
                return;
            }
            self.options = None;
        }
        if indent == 0 {
            if let Some(c) = adornment(content) {
                self.adornment(c);
                return;
            }
        }
        let block_start = self.para.is_none_or(|p| indent != p.indent);
        if block_start
            && (content.starts_with(".. ") || content == ".." || content.starts_with("..\t"))
        {
            self.flush();
            self.explicit(indent, content_at, end);
            return;
        }
        if self.para.is_none() {
            if content.starts_with("__ ") {
                let at = Span::new(content_at, content_at + 2);
                self.found.anonymous_target(at);
                return;
            }
            if content.starts_with(">>>") {
                self.doctest = true;
                return;
            }
        }
        match &mut self.para {
            Some(para) => {
                para.end = end;
                para.lines += 1;
                para.last = indent;
                self.overline = None;
            }
            None => {
                self.para = Some(Para {
                    start: content_at,
                    end,
                    indent: text_column(content, indent),
                    margin: indent,
                    last: indent,
                    lines: 1,
                    table: content.starts_with("+-")
                        || content.starts_with("+=")
                        || simple_table_border(content),
                });
            }
        }
    }

    fn blank(&mut self) {
        if let Some(hidden) = &mut self.hidden {
            // `..` alone, then a blank line: an empty comment; what
            // follows is not in it.
            if matches!(hidden.skip, Skip::Comment(_)) && hidden.lines == 0 {
                self.hidden = None;
            } else {
                hidden.options = false;
            }
        }
        self.options = None;
        self.doctest = false;
        let literal = self.para.and_then(|p| {
            let text = &self.text[p.start..p.end];
            // The block is literal when indented more than the paragraph
            // that ends with `::`: its text column (after a bullet) when
            // it has one line, else its last line's (a definition's body
            // under its term is indented more than the term).
            let base = if p.lines == 1 { p.indent } else { p.last };
            text.trim_end().ends_with("::").then_some(base)
        });
        self.flush();
        if literal.is_some() {
            self.pending_literal = literal;
        }
    }

    /// A line inside skipped text.
    fn hidden_line(&mut self, mut hidden: Hidden, indent: usize, at: usize, end: usize) {
        hidden.lines += 1;
        if hidden.options {
            // An option may change the hidden block (`:glob:`).
            self.hidden = Some(hidden);
            if self.option(at, end) {
                return;
            }
            hidden = self.hidden.unwrap_or(hidden);
            hidden.options = false;
        }
        match hidden.skip {
            Skip::Comment(c) => {
                let comment = &mut self.found.comments[c];
                comment.span.end = end;
                comment.body.end = end;
            }
            Skip::Toctree { glob } => self.toctree_entry(at, end, glob),
            Skip::Literal => {}
        }
        let _ = indent;
        self.hidden = Some(hidden);
    }

    /// An option line of a directive (`:name: value`): whether it is one.
    fn option(&mut self, at: usize, end: usize) -> bool {
        let line = &self.text[at..end];
        let Some(rest) = line.strip_prefix(':') else {
            return false;
        };
        let Some(close) = rest.find(':') else {
            return false;
        };
        let name = &rest[..close];
        if name.is_empty() || name.contains(char::is_whitespace) {
            return false;
        }
        let value_at = at + 1 + close + 1;
        let value = self.text[value_at..end].trim();
        let value_span = {
            let lead = self.text[value_at..end].len() - self.text[value_at..end].trim_start().len();
            Span::new(value_at + lead, value_at + lead + value.len())
        };
        match name {
            "name" if !value.is_empty() => {
                self.found.target_def(value, value_span, value_span);
                if self.project.is_some() {
                    self.found.label_def(value, value_span, None);
                }
            }
            "label" if !value.is_empty() && self.project.is_some() && self.directive == "math" => {
                self.found.label_def(value, value_span, Some("eq"));
            }
            "glob" => {
                if let Some(Hidden {
                    skip: Skip::Toctree { glob },
                    ..
                }) = &mut self.hidden
                {
                    *glob = true;
                }
            }
            "literal" | "code" | "parser" if self.include => {
                // Not reStructuredText: it defines no target here.
                self.include = false;
                self.found.includes_rst = self.found.includes_rst.saturating_sub(1);
            }
            "all" | "filter" if self.directive == "bibliography" => {
                let mut marker = Marker::new(
                    RefKind::Citation,
                    crate::graph::citations::EVERY_KEY,
                    Span::new(at, end),
                );
                marker.label_span = Span::new(at, end);
                self.found.markers.push(marker);
            }
            _ => {}
        }
        true
    }

    /// An adornment line at the left margin: the underline of the
    /// one-line paragraph before it (a section title), else an overline
    /// or a transition.
    fn adornment(&mut self, c: u8) {
        match self.para {
            Some(p) if p.lines == 1 && (p.margin == 0 || self.overline.is_some()) => {
                let overlined = self.overline == Some(c);
                let style = (c, overlined);
                let level = match self.styles.iter().position(|&s| s == style) {
                    Some(n) => n + 1,
                    None => {
                        self.styles.push(style);
                        self.styles.len()
                    }
                };
                let span = Span::new(p.start, p.end);
                let title = self.text[p.start..p.end].trim();
                self.found.title(title, span);
                self.section_label(title, span, level);
                self.flush();
                self.overline = None;
            }
            Some(_) => {
                self.flush();
                self.overline = None;
            }
            None => self.overline = Some(c),
        }
    }

    /// A section title's label under `sphinx.ext.autosectionlabel`.
    fn section_label(&mut self, title: &str, span: Span, level: usize) {
        let Some(project) = self.project else {
            return;
        };
        let Some(auto) = project.autosectionlabel else {
            return;
        };
        if auto.maxdepth.is_some_and(|max| level > max as usize) {
            return;
        }
        let title = title.replace(['`', '*'], "");
        let name = if auto.prefix_document {
            format!("{}:{}", project.docname, title)
        } else {
            title
        };
        self.found
            .section_label(&name, Span::new(span.start, span.start));
    }

    /// Hand the paragraph gathered so far to the inline layer.
    fn flush(&mut self) {
        if let Some(p) = self.para.take() {
            let span = Span::new(p.start, p.end);
            let text = span.of(self.text);
            if text.starts_with("+-") || text.starts_with("+=") {
                self.grid_table(span);
                return;
            }
            if simple_table_border(text.lines().next().unwrap_or("")) {
                self.simple_table(span);
                return;
            }
            inline::scan(self.text, span, self.found, self.project);
            // The paragraph's prose: all of it but its code and roles.
            let mut at = span.start;
            for quiet in std::mem::take(&mut self.found.quiet) {
                if quiet.start > at {
                    self.found.prose.push(Span::new(at, quiet.start));
                }
                at = at.max(quiet.end);
            }
            if at < span.end {
                self.found.prose.push(Span::new(at, span.end));
            }
        }
    }

    /// A grid table: each cell of each line read on its own, between the
    /// columns of the `+` of its top border (a bar inside a cell is text,
    /// not a substitution).
    fn grid_table(&mut self, span: Span) {
        let text = span.of(self.text);
        // Every column where a border line has a `+`: a spanning cell's
        // row is split where the borders around it are.
        let mut columns: Vec<usize> = text
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with('+'))
            .flat_map(|border| {
                border
                    .chars()
                    .enumerate()
                    .filter(|&(_, c)| c == '+')
                    .map(|(n, _)| n)
            })
            .collect();
        columns.sort_unstable();
        columns.dedup();
        let mut at = span.start;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let lead = body.len() - body.trim_start().len();
            let cells = &body[lead..];
            if !cells.starts_with('+') {
                // Cell boundaries by char column.
                let offsets: Vec<usize> = cells.char_indices().map(|(b, _)| b).collect();
                for pair in columns.windows(2) {
                    let (Some(&from), to) = (
                        offsets.get(pair[0] + 1),
                        offsets.get(pair[1]).copied().unwrap_or(cells.len()),
                    ) else {
                        break;
                    };
                    if from < to {
                        let cell = Span::new(at + lead + from, at + lead + to);
                        if !self.cell_definition(cell) {
                            inline::scan(self.text, cell, self.found, self.project);
                        }
                        self.found.quiet.clear();
                    }
                }
            }
            at += line.len();
        }
    }

    /// A simple table: each cell of each line read on its own (a table
    /// cell is a small document: `.. _name: uri` in one defines a
    /// target). The columns are the runs of `=` of its top border.
    fn simple_table(&mut self, span: Span) {
        let text = span.of(self.text);
        let border = text.lines().next().unwrap_or("");
        let mut columns = Vec::new();
        let mut in_run = false;
        for (n, c) in border.chars().enumerate() {
            if c == '=' && !in_run {
                columns.push(n);
            }
            in_run = c == '=';
        }
        let mut at = span.start;
        for line in text.split_inclusive('\n') {
            let body = line.trim_end_matches(['\n', '\r']);
            let offsets: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
            let cells: Vec<Span> = columns
                .iter()
                .enumerate()
                .filter_map(|(i, &col)| {
                    let from = *offsets.get(col)?;
                    let to = columns
                        .get(i + 1)
                        .and_then(|&next| offsets.get(next).copied())
                        .unwrap_or(body.len());
                    (from < to).then(|| Span::new(at + from, at + to))
                })
                .collect();
            let defines = cells.iter().any(|&c| is_explicit(c.of(self.text)));
            if defines {
                for cell in cells {
                    if !self.cell_definition(cell) {
                        inline::scan(self.text, cell, self.found, self.project);
                    }
                }
            } else {
                // A cell may span columns (`video [#video]_` under three
                // headings): the row is read whole.
                let row = Span::new(at, at + body.len());
                inline::scan(self.text, row, self.found, self.project);
            }
            self.found.quiet.clear();
            at += line.len();
        }
    }

    /// What a table cell defines when it starts with explicit markup
    /// (`.. [1] …`, `.. _name: uri`, `.. |name| replace:: …`, `__ uri`);
    /// whether it does.
    fn cell_definition(&mut self, cell: Span) -> bool {
        let text = cell.of(self.text);
        let lead = text.len() - text.trim_start().len();
        let content = text[lead..].trim_end();
        let at = cell.start + lead;
        if content.starts_with("__ ") {
            self.found.anonymous_target(Span::new(at, at + 2));
            return true;
        }
        let Some(rest) = content.strip_prefix("..") else {
            return false;
        };
        let trimmed = rest.trim_start_matches([' ', '\t']);
        if trimmed.len() == rest.len() {
            return false;
        }
        let rest_at = at + 2 + (rest.len() - trimmed.len());
        let end = at + content.len();
        match explicit::item(trimmed) {
            Item::Note { label, body } if super::note_label(label) => {
                let label_span = Span::new(rest_at, rest_at + label.len() + 2);
                let body_at = (rest_at + body).min(end);
                self.found
                    .note_def(label, label_span, Span::new(body_at, end));
            }
            Item::Target {
                name: Some(name),
                name_at,
                name_len,
                link,
            } => {
                let label_span =
                    Span::new(rest_at + name_at, (rest_at + name_at + name_len).min(end));
                let link_text = self.text[(rest_at + link).min(end)..end].trim();
                self.found.target_def(&name, label_span, label_span);
                if self.project.is_some() && link_text.is_empty() {
                    self.found.label_def(&name, label_span, None);
                }
            }
            Item::Target { name: None, .. } => self.found.anonymous_target(Span::new(at, at + 2)),
            Item::Substitution { name, name_at, .. } => {
                let label_span = Span::new(rest_at + name_at, rest_at + name_at + name.len());
                self.found.substitution_def(name, label_span);
            }
            _ => {}
        }
        true
    }

    /// An explicit markup block starting at `at` (its `..`).
    fn explicit(&mut self, indent: usize, at: usize, end: usize) {
        self.overline = None;
        // `..`, then any run of spaces or tabs.
        let after_dots = &self.text[(at + 2).min(end)..end];
        let rest_at = end - after_dots.trim_start_matches([' ', '\t']).len();
        let rest = &self.text[rest_at..end];
        match explicit::item(rest) {
            Item::Note { label, body } if super::note_label(label) => {
                let label_span = Span::new(rest_at, rest_at + label.len() + 2);
                let body_at = rest_at + body;
                let body_span = Span::new(body_at, body_at.max(end));
                let body_span = if body_at >= end {
                    Span::new(label_span.end, label_span.end)
                } else {
                    body_span
                };
                if let Some(def) = self.found.note_def(label, label_span, body_span) {
                    self.note = Some((def, indent));
                }
                if body_at < end {
                    self.para = Some(Para::at(body_at, end, indent + 3));
                }
            }
            Item::Target {
                name,
                name_at,
                name_len,
                link: link_at,
            } => {
                let label_span =
                    Span::new(rest_at + name_at, (rest_at + name_at + name_len).min(end));
                let mut link_text = self.text[(rest_at + link_at).min(end)..end].trim();
                let mut end = end;
                if link_text.is_empty() {
                    // The link block may start on the next line, indented.
                    if let Some((text, line_end)) = self.indented_next(indent, end) {
                        link_text = text;
                        end = line_end;
                    }
                }
                match name {
                    None => self
                        .found
                        .anonymous_target(Span::new(at, at + 5.min(end - at))),
                    Some(name) => {
                        let external = !link_text.is_empty() && !link_text.ends_with('_');
                        let body = if external {
                            Span::new(end - link_text.len(), end)
                        } else {
                            label_span
                        };
                        // The same name for the same URI again is one
                        // target to docutils.
                        if !external || self.found.new_external(&name, link_text) {
                            self.found.target_def(&name, label_span, body);
                        }
                        if self.project.is_some() && !external {
                            self.found.label_def(&name, label_span, None);
                        }
                        // An indirect target refers to another.
                        if let Some(other) = link_text.strip_suffix('_') {
                            let other = other.trim_matches('`');
                            if !other.is_empty() && !other.ends_with('_') {
                                let span = Span::new(end - link_text.len(), end);
                                self.found.target_ref(
                                    other.to_owned(),
                                    span,
                                    span,
                                    crate::model::Certainty::Marker,
                                );
                            }
                        }
                    }
                }
                // The link block may go on, indented.
                self.hidden = Some(Hidden {
                    indent,
                    skip: Skip::Literal,
                    lines: 1,
                    options: false,
                });
            }
            Item::Substitution {
                name,
                name_at,
                directive,
                args,
            } => {
                let label_span = Span::new(rest_at + name_at, rest_at + name_at + name.len());
                self.found.substitution_def(name, label_span);
                let args_at = (rest_at + args).min(end);
                if TEXTUAL.contains(&directive) {
                    if args_at < end {
                        self.para = Some(Para::at(args_at, end, indent + 3));
                    }
                } else {
                    self.hidden = Some(Hidden {
                        indent,
                        skip: Skip::Literal,
                        lines: 1,
                        options: false,
                    });
                }
            }
            Item::Directive { name, args } => {
                let args_at = (rest_at + args).min(end);
                self.directive(name, indent, Span::new(args_at, end));
            }
            Item::Note { .. } | Item::Comment => {
                let body_at = rest_at.min(end);
                self.found.comments.push(Comment {
                    span: Span::new(at, end),
                    body: Span::new(body_at, end),
                });
                let c = self.found.comments.len() - 1;
                self.hidden = Some(Hidden {
                    indent,
                    skip: Skip::Comment(c),
                    lines: u32::from(body_at < end),
                    options: false,
                });
            }
        }
    }

    /// The line after `end` when it is indented more than `indent`: its
    /// text, trimmed, and where that text ends.
    fn indented_next(&self, indent: usize, end: usize) -> Option<(&'t str, usize)> {
        let text: &'t str = self.text;
        let start = end + 1;
        if start >= text.len() {
            return None;
        }
        let line_end =
            memchr::memchr(b'\n', &text.as_bytes()[start..]).map_or(text.len(), |n| start + n);
        let line = &text[start..line_end];
        let (col, _) = indentation(line)?;
        let trimmed = line.trim();
        (col > indent).then(|| (trimmed, start + line.trim_end().len()))
    }

    /// A directive `.. name:: args` at `indent`.
    fn directive(&mut self, name: &'t str, indent: usize, args: Span) {
        self.directive = name;
        self.include = false;
        let arg = args.of(self.text).trim();
        match name {
            "include" => self.include_link(arg, args),
            // The table of contents is a target named by its title.
            "contents" => self
                .found
                .implicit(if arg.is_empty() || arg.starts_with(':') {
                    "contents"
                } else {
                    arg
                }),
            "bibliography" => {
                // sphinxcontrib-bibtex 1 names its files here.
                let written = args.of(self.text);
                for (at, word) in written.split_ascii_whitespace().map(|w| {
                    (
                        args.start + (w.as_ptr() as usize - written.as_ptr() as usize),
                        w,
                    )
                }) {
                    if word.ends_with(".bib") {
                        let span = Span::new(at, at + word.len());
                        self.found
                            .links
                            .push(crate::model::Link::bibliography(word, span));
                    }
                }
            }
            _ => {}
        }
        let short = name.rsplit(':').next().unwrap_or(name);
        if OPAQUE.contains(&name) || OPAQUE.contains(&short) {
            let skip = if name == "toctree" && self.project.is_some() {
                Skip::Toctree { glob: false }
            } else {
                Skip::Literal
            };
            self.hidden = Some(Hidden {
                indent,
                skip,
                lines: 1,
                options: true,
            });
        } else {
            self.options = Some(indent);
            // Arguments of admonitions and the like are text.
            if !args.is_empty() && !matches!(name, "image" | "figure" | "only" | "ifconfig") {
                self.para = Some(Para::at(args.start, args.end, indent + 3));
                self.flush();
            }
        }
    }

    /// `.. include:: path`: a link, unless it is one of docutils' own
    /// (`<isonum.txt>`), which define substitutions.
    fn include_link(&mut self, arg: &str, args: Span) {
        if arg.is_empty() {
            return;
        }
        if arg.starts_with('<') {
            // docutils' own substitution sets (`<isonum.txt>`).
            self.found.standard_include = true;
            return;
        }
        self.found.includes_rst += 1;
        let lead = args.of(self.text).len() - args.of(self.text).trim_start().len();
        let span = Span::new(args.start + lead, args.start + lead + arg.len());
        // Sphinx reads `/x` from the project's folder.
        let path = match (arg.strip_prefix('/'), self.project) {
            (Some(rest), Some(project)) => {
                let depth = project.docname.matches('/').count();
                format!("{}{rest}", "../".repeat(depth))
            }
            _ => arg.to_owned(),
        };
        self.found
            .links
            .push(crate::model::Link::new(LinkKind::Include, path, span));
        self.include = true;
    }

    /// A line of a toctree's content: a document name, or `Title <name>`.
    fn toctree_entry(&mut self, at: usize, end: usize, glob: bool) {
        let Some(project) = self.project else {
            return;
        };
        let line = self.text[at..end].trim_end();
        let (entry, entry_at) = match line
            .strip_suffix('>')
            .and_then(|l| l.rfind('<').map(|n| (l, n)))
        {
            Some((l, n)) => (&l[n + 1..], at + n + 1),
            None => (line, at),
        };
        let entry = entry.trim();
        if entry.is_empty()
            || entry == "self"
            || entry.contains("://")
            || glob && entry.contains(['*', '?', '['])
        {
            return;
        }
        let span = Span::new(entry_at, entry_at + entry.len());
        let mut marker = Marker::new(RefKind::CrossRef, entry, span);
        // Sphinx drops a source suffix written in an entry.
        let name = [".rst", ".txt", ".md"]
            .iter()
            .find_map(|s| entry.strip_suffix(s))
            .unwrap_or(entry);
        marker.key = Some(docname(project.docname, name).into());
        marker.namespace = Some("doc".into());
        self.found.markers.push(marker);
    }
}
