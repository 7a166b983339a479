//! CSL-JSON and CSL-YAML bibliographies: lists of items, each with an `id`.
//!
//! serde_json checks the JSON and says where it breaks; a small tokenizer
//! then walks the top-level array, looking for `"id"` and `"type"` only
//! among each item's own members, so an `"id"` inside a nested object or a
//! string is never taken for the item's. YAML is read through yaml-rust2's
//! event parser, whose markers give the line and column of every node.

use serde::de::IgnoredAny;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::{BibError, Bibliography, Entry, Format};
use crate::model::Span;

/// What one item yields: its `id` and `type`.
#[derive(Default)]
struct Item {
    /// The value, where it is written (inside any quotes), and with quotes.
    id: Option<(String, Span, Span)>,
    kind: String,
    /// An `id` that is not a scalar, already reported.
    bad_id: bool,
}

/// Turn one finished item into an entry, or an error at its start.
fn finish(text: &str, item: Item, span: Span, out: &mut (Vec<Entry>, Vec<BibError>)) {
    if item.bad_id {
        return;
    }
    match item.id {
        Some((key, key_span, _)) if !key.is_empty() => out.0.push(Entry {
            key: key.into(),
            key_span,
            span,
            kind: item.kind.to_lowercase().into(),
            parents: Vec::new(),
        }),
        Some((_, _, written)) => out.1.push(BibError::new(
            written,
            "`id` is empty; give the item a key to cite it by",
        )),
        None => out.1.push(BibError::new(
            first_char(text, span.start),
            "CSL item has no `id`; add one to cite it by",
        )),
    }
}

/// The character at `at` (empty at the end of the text).
fn first_char(text: &str, at: usize) -> Span {
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    Span::new(at, at + len)
}

// ---------------------------------------------------------------- JSON

/// Read a CSL-JSON text: an array of item objects.
pub(crate) fn json(text: &str) -> (Vec<Entry>, Vec<BibError>) {
    let mut out = (Vec::new(), Vec::new());
    let broken = serde_json::from_str::<IgnoredAny>(text)
        .err()
        .map(|e| json_error(text, &e));
    let mut walk = Json { text, pos: 0 };
    // The text before a JSON error is a valid prefix: the items that end
    // before it are read as usual (the walk gives up where it breaks).
    let _ = walk.array(&mut out);
    if let Some(error) = broken {
        let limit = error.span.start;
        out.0.retain(|e| e.span.end <= limit);
        out.1.retain(|e| e.span.end <= limit);
        out.1.push(error);
    }
    out
}

/// serde_json's error at its line and column, as a byte span.
fn json_error(text: &str, e: &serde_json::Error) -> BibError {
    let full = e.to_string();
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(m, _)| m);
    let line_start = if e.line() <= 1 {
        0
    } else {
        memchr::memchr_iter(b'\n', text.as_bytes())
            .nth(e.line() - 2)
            .map_or(text.len(), |i| i + 1)
    };
    let line_end = memchr::memchr(b'\n', &text.as_bytes()[line_start..])
        .map_or(text.len(), |i| line_start + i);
    // serde_json's column is one past the byte that broke, in bytes.
    let mut at = (line_start + e.column().saturating_sub(1)).min(line_end);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let len = text[at..line_end].chars().next().map_or(0, char::len_utf8);
    BibError::new(Span::new(at, at + len), format!("invalid JSON: {message}"))
}

/// A cursor over JSON text that serde_json has checked (or a prefix of it);
/// every step returns `None` rather than panic where the text is not JSON.
struct Json<'a> {
    text: &'a str,
    pos: usize,
}

impl Json<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> Option<()> {
        self.ws();
        (self.peek()? == b).then(|| self.pos += 1)
    }

    /// A string at the cursor: its span with the quotes.
    fn string(&mut self) -> Option<Span> {
        let bytes = self.text.as_bytes();
        let start = self.pos;
        if bytes.get(start) != Some(&b'"') {
            return None;
        }
        let mut i = start + 1;
        loop {
            match *bytes.get(i)? {
                b'\\' => i += 2,
                b'"' => break,
                _ => i += 1,
            }
        }
        self.pos = i + 1;
        Some(Span::new(start, self.pos))
    }

    /// Skip any value at the cursor; its span.
    fn value(&mut self) -> Option<Span> {
        self.ws();
        let start = self.pos;
        match self.peek()? {
            b'"' => return self.string(),
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => depth -= 1,
                        _ => {}
                    }
                    self.pos += 1;
                    if depth == 0 {
                        break;
                    }
                }
            }
            _ => {
                while !matches!(
                    self.peek(),
                    None | Some(b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r')
                ) {
                    self.pos += 1;
                }
            }
        }
        Some(Span::new(start, self.pos))
    }

    /// A string's value (escapes decoded).
    fn decode(&self, span: Span) -> Option<String> {
        let raw = span.of(self.text);
        let inner = &raw[1..raw.len() - 1];
        if inner.contains('\\') {
            serde_json::from_str(raw).ok()
        } else {
            Some(inner.to_owned())
        }
    }

    /// The top-level array of items.
    fn array(&mut self, out: &mut (Vec<Entry>, Vec<BibError>)) -> Option<()> {
        self.ws();
        if self.peek()? != b'[' {
            let start = self.pos;
            let span = self.value()?;
            let end = if span.len() > 1 { start + 1 } else { span.end };
            out.1.push(BibError::new(
                Span::new(start, end),
                format!(
                    "expected a JSON array of CSL items, found {}",
                    json_kind(self.text.as_bytes()[start])
                ),
            ));
            return Some(());
        }
        self.pos += 1;
        self.ws();
        if self.peek()? == b']' {
            return Some(());
        }
        loop {
            self.ws();
            if self.peek()? == b'{' {
                self.item(out)?;
            } else {
                let span = self.value()?;
                let kind = json_kind(self.text.as_bytes()[span.start]);
                let end = if span.len() > 1 && kind.starts_with("an ") {
                    span.start + 1
                } else {
                    span.end
                };
                out.1.push(BibError::new(
                    Span::new(span.start, end),
                    format!("expected a CSL item (a JSON object), found {kind}"),
                ));
            }
            self.ws();
            match self.peek()? {
                b',' => self.pos += 1,
                _ => return self.eat(b']'),
            }
        }
    }

    /// One item object: its own `"id"` and `"type"` members.
    fn item(&mut self, out: &mut (Vec<Entry>, Vec<BibError>)) -> Option<()> {
        let start = self.pos;
        self.pos += 1;
        let mut item = Item::default();
        self.ws();
        if self.peek()? != b'}' {
            loop {
                self.ws();
                let name = self.string()?;
                let name = self.decode(name)?;
                self.eat(b':')?;
                let value = self.value()?;
                let first = self.text.as_bytes()[value.start];
                match (name.as_str(), first) {
                    ("id", b'"') => {
                        let inner = Span::new(value.start + 1, value.end - 1);
                        item.id = Some((self.decode(value)?, inner, value));
                    }
                    ("id", b'-' | b'0'..=b'9') => {
                        item.id = Some((value.of(self.text).to_owned(), value, value));
                    }
                    ("id", _) => {
                        let end = if matches!(first, b'{' | b'[') {
                            value.start + 1
                        } else {
                            value.end
                        };
                        out.1.push(BibError::new(
                            Span::new(value.start, end),
                            format!(
                                "`id` must be a string or a number, found {}",
                                json_kind(first)
                            ),
                        ));
                        item.bad_id = true;
                    }
                    ("type", b'"') => item.kind = self.decode(value)?,
                    _ => {}
                }
                self.ws();
                match self.peek()? {
                    b',' => self.pos += 1,
                    _ => break,
                }
            }
        }
        self.eat(b'}')?;
        finish(self.text, item, Span::new(start, self.pos), out);
        Some(())
    }
}

fn json_kind(first: u8) -> &'static str {
    match first {
        b'{' => "an object",
        b'[' => "an array",
        b'"' => "a string",
        b't' | b'f' => "a boolean",
        b'n' => "null",
        _ => "a number",
    }
}

// ---------------------------------------------------------------- YAML

/// Read a CSL-YAML text: a list of items, or a mapping whose `references`
/// is one (as in pandoc's YAML bibliographies and front matter).
pub(crate) fn yaml(text: &str) -> (Vec<Entry>, Vec<BibError>) {
    yaml_items(text, true)
}

/// The CSL items of YAML embedded in a larger file at byte `base`, such as
/// a Markdown document's front matter: a list of items, or the
/// `references:` list of a mapping. A mapping without `references` has
/// none (and is no error); spans are offsets into the larger file.
pub fn csl_yaml_items(text: &str, base: usize) -> Bibliography {
    let (mut entries, mut errors) = yaml_items(text, false);
    let shift = |s: Span| Span::new(s.start + base, s.end + base);
    for e in &mut entries {
        e.span = shift(e.span);
        e.key_span = shift(e.key_span);
    }
    for e in &mut errors {
        e.span = shift(e.span);
    }
    Bibliography {
        format: Format::CslYaml,
        entries,
        errors,
    }
}

fn yaml_items(text: &str, require: bool) -> (Vec<Entry>, Vec<BibError>) {
    let pos = Positions::new(text);
    let mut events = Vec::new();
    let mut broken = None;
    let mut parser = Parser::new_from_str(text);
    loop {
        match parser.next_token() {
            Ok((Event::StreamEnd, _)) => break,
            Ok(ev) => events.push(ev),
            Err(e) => {
                broken = Some(e);
                break;
            }
        }
    }
    let mut walk = Yaml {
        text,
        pos,
        events,
        i: 0,
        last_end: 0,
        out: (Vec::new(), Vec::new()),
    };
    let _ = walk.stream(require);
    let mut out = walk.out;
    if let Some(e) = broken {
        out.1.push(BibError::new(
            first_char(text, walk.pos.byte(e.marker())),
            format!("invalid YAML: {}", e.info()),
        ));
    }
    out
}

/// Byte offsets of yaml-rust2 markers. Their `index` is not reliable
/// (block scalars advance it by bytes, the rest by chars), so the line and
/// column (in chars) are used, with a cursor to keep conversion linear.
struct Positions<'a> {
    text: &'a str,
    /// Byte offset of each line; YAML breaks lines at LF, CRLF and CR.
    lines: Vec<usize>,
    /// The last conversion: line, column, byte.
    cursor: (usize, usize, usize),
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut lines = vec![0];
        for (i, &b) in bytes.iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                lines.push(i + 1);
            }
        }
        Self {
            text,
            lines,
            cursor: (0, 0, 0),
        }
    }

    fn byte(&mut self, mark: &Marker) -> usize {
        let line = mark.line().saturating_sub(1).min(self.lines.len() - 1);
        let start = self.lines[line];
        let end = self.lines.get(line + 1).map_or(self.text.len(), |&e| e);
        let col = mark.col();
        let (mut c, mut b) = match self.cursor {
            (l, c, b) if l == line && c <= col => (c, b),
            _ => (0, start),
        };
        let mut chars = self.text[b..end].chars();
        while c < col {
            match chars.next() {
                Some(ch) => b += ch.len_utf8(),
                None => break,
            }
            c += 1;
        }
        self.cursor = (line, c, b);
        b
    }
}

struct Yaml<'a> {
    text: &'a str,
    pos: Positions<'a>,
    events: Vec<(Event, Marker)>,
    i: usize,
    /// The end of the last node read, where an item ends.
    last_end: usize,
    out: (Vec<Entry>, Vec<BibError>),
}

impl Yaml<'_> {
    fn next(&mut self) -> Option<(Event, usize)> {
        let (ev, mark) = self.events.get(self.i)?.clone();
        self.i += 1;
        let at = self.pos.byte(&mark);
        match &ev {
            Event::Scalar(v, style, ..) => {
                self.last_end = scalar_span(self.text, at, *style, v).1.end
            }
            Event::MappingEnd | Event::SequenceEnd
                if matches!(self.text.as_bytes().get(at), Some(b'}' | b']')) =>
            {
                self.last_end = at + 1;
            }
            _ => {}
        }
        Some((ev, at))
    }

    /// Skip the rest of a node whose first event was just read.
    fn skip(&mut self, first: &Event) -> Option<()> {
        let mut depth = usize::from(matches!(
            first,
            Event::MappingStart(..) | Event::SequenceStart(..)
        ));
        while depth > 0 {
            match self.next()?.0 {
                Event::MappingStart(..) | Event::SequenceStart(..) => depth += 1,
                Event::MappingEnd | Event::SequenceEnd => depth -= 1,
                _ => {}
            }
        }
        Some(())
    }

    fn stream(&mut self, require: bool) -> Option<()> {
        loop {
            let (ev, at) = self.next()?;
            match ev {
                Event::SequenceStart(..) => self.items()?,
                Event::MappingStart(..) => self.references(at, require)?,
                Event::Scalar(v, ..) if require && !v.is_empty() => self.not_a_list(at),
                _ => {}
            }
        }
    }

    fn not_a_list(&mut self, at: usize) {
        self.out.1.push(BibError::new(
            first_char(self.text, at),
            "expected a list of CSL items, or a mapping with a `references:` list",
        ));
    }

    /// A top-level mapping: its `references` list.
    fn references(&mut self, at: usize, require: bool) -> Option<()> {
        let mut found = false;
        // A block mapping's marker is at its first `:`: start at its key.
        let mut start = at;
        loop {
            let (key, key_at) = self.next()?;
            start = start.min(key_at);
            match key {
                Event::MappingEnd => break,
                Event::Scalar(ref k, ..) if k == "references" => {
                    let (value, _) = self.next()?;
                    if let Event::SequenceStart(..) = value {
                        found = true;
                        self.items()?;
                    } else {
                        self.skip(&value)?;
                    }
                }
                key => {
                    self.skip(&key)?;
                    let (value, _) = self.next()?;
                    self.skip(&value)?;
                }
            }
        }
        if require && !found {
            self.not_a_list(start);
        }
        Some(())
    }

    /// The items of a list, up to its end.
    fn items(&mut self) -> Option<()> {
        loop {
            let (ev, at) = self.next()?;
            match ev {
                Event::SequenceEnd => return Some(()),
                Event::MappingStart(..) => self.item(at)?,
                other => {
                    self.out.1.push(BibError::new(
                        first_char(self.text, at),
                        "expected a CSL item (a mapping with an `id`)",
                    ));
                    self.skip(&other)?;
                }
            }
        }
    }

    /// One item mapping; a block mapping's marker is at its first `:`,
    /// so it starts at its first key.
    fn item(&mut self, at: usize) -> Option<()> {
        let mut start = at;
        let mut item = Item::default();
        let mut first = true;
        let done = loop {
            let Some((key, key_at)) = self.next() else {
                break false;
            };
            if first {
                start = start.min(key_at);
                first = false;
            }
            let name = match key {
                Event::MappingEnd => break true,
                Event::Scalar(ref k, ..) => k.clone(),
                ref other => {
                    self.skip(other)?;
                    String::new()
                }
            };
            let Some((value, value_at)) = self.next() else {
                break false;
            };
            match (name.as_str(), &value) {
                ("id", Event::Scalar(v, style, ..)) => {
                    let (inner, written) = scalar_span(self.text, value_at, *style, v);
                    item.id = Some((v.clone(), inner, written));
                }
                ("id", _) => {
                    self.out.1.push(BibError::new(
                        first_char(self.text, value_at),
                        "`id` must be a string or a number",
                    ));
                    item.bad_id = true;
                }
                ("type", Event::Scalar(v, ..)) => item.kind = v.clone(),
                _ => {}
            }
            if self.skip(&value).is_none() {
                break false;
            }
        };
        let span = Span::new(start, self.last_end.max(start));
        if done || item.id.is_some() {
            finish(self.text, item, span, &mut self.out);
        }
        done.then_some(())
    }
}

/// A scalar's span without and with its quotes, from where it starts.
fn scalar_span(text: &str, at: usize, style: TScalarStyle, value: &str) -> (Span, Span) {
    let bytes = text.as_bytes();
    let quote = match style {
        TScalarStyle::DoubleQuoted => Some(b'"'),
        TScalarStyle::SingleQuoted => Some(b'\''),
        _ => None,
    };
    if let Some(q) = quote.filter(|&q| bytes.get(at) == Some(&q)) {
        let mut i = at + 1;
        while i < bytes.len() {
            match bytes[i] {
                b'\\' if q == b'"' => i += 2,
                b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
                b if b == q => return (Span::new(at + 1, i), Span::new(at, i + 1)),
                _ => i += 1,
            }
        }
    }
    let rest = &text[at..];
    let len = if !value.is_empty() && quote.is_none() && rest.starts_with(value) {
        value.len()
    } else {
        // A folded or multi-line scalar: its first line.
        let line = rest.find(['\n', '\r']).unwrap_or(rest.len());
        rest[..line].trim_end().len()
    };
    let span = Span::new(at, at + len);
    (span, span)
}
