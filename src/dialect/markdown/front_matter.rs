//! Front matter: the bibliographies a document names and the references
//! it carries, from a YAML (`---`) or TOML (`+++`) metadata block.
//!
//! ```text
//! bibliography: refs.bib                 ; or a list of paths
//! references:                            ; CSL-YAML items, each with an id
//! - id: doe99
//!   title: …
//! ```
//!
//! Malformed front matter yields nothing.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::grammar::toml_bibliography;
use super::normalize_citation;
use crate::model::{Definition, Link, RefKind, Span};

/// What the front matter gives the document.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    pub bibliographies: Vec<Link>,
    pub references: Vec<Definition>,
}

/// Read YAML front matter; `offset` is where `yaml` starts in the document.
pub(super) fn yaml(yaml: &str, offset: usize) -> FrontMatter {
    // The YAML parser is third-party code fed hostile input: a panic in it
    // must not take the whole check down.
    std::panic::catch_unwind(|| Reader::new(yaml, offset).read()).unwrap_or_default()
}

/// Read TOML front matter: only a top-level `bibliography` key.
pub(super) fn toml(toml: &str, offset: usize) -> FrontMatter {
    let mut out = FrontMatter::default();
    let mut line_start = 0;
    for line in toml.split_inclusive('\n') {
        let at = line_start;
        line_start += line.len();
        if line.starts_with('[') {
            break; // a table: the top level is over
        }
        if !line.starts_with("bibliography") {
            continue;
        }
        if let Some(values) = toml_bibliography(&toml[at..]) {
            out.bibliographies.extend(values.into_iter().map(|v| {
                Link::bibliography(
                    v.value,
                    Span::new(offset + at + v.span.0, offset + at + v.span.1),
                )
            }));
        }
        break;
    }
    out
}

/// Which key of interest a mapping is reading the value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Bibliography,
    References,
    Id,
    Other,
}

#[derive(Clone, Copy, Debug)]
enum Node {
    Map { key: Option<Key> },
    Seq,
}

/// A CSL item being read.
#[derive(Debug)]
struct Item {
    start: usize,
    id: Option<(crate::model::Label, Span)>,
}

struct Reader<'a> {
    yaml: &'a str,
    offset: usize,
    /// Byte offset of each char, when the text is not ASCII.
    bytes_of_chars: crate::source::CharOffsets,
    stack: Vec<Node>,
    item: Option<Item>,
    out: FrontMatter,
}

impl<'a> Reader<'a> {
    fn new(yaml: &'a str, offset: usize) -> Self {
        let bytes_of_chars = crate::source::CharOffsets::new(yaml);
        Self {
            yaml,
            offset,
            bytes_of_chars,
            stack: Vec::new(),
            item: None,
            out: FrontMatter::default(),
        }
    }

    /// yaml-rust2 counts positions in chars; spans count bytes.
    fn byte(&self, mark: Marker) -> usize {
        self.bytes_of_chars.byte(mark.index())
    }

    fn read(mut self) -> FrontMatter {
        let mut parser = Parser::new_from_str(self.yaml);
        loop {
            match parser.next_token() {
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => return self.out,
                Ok((event, mark)) => self.event(event, mark),
                Err(_) => return FrontMatter::default(),
            }
        }
    }

    /// The key of interest whose value is being read here, if any.
    fn slot(&self) -> Option<Key> {
        match self.stack.as_slice() {
            [Node::Map { key }] => *key,
            [Node::Map {
                key: Some(Key::Bibliography),
            }, Node::Seq] => Some(Key::Bibliography),
            [Node::Map {
                key: Some(Key::References),
            }, Node::Seq] => Some(Key::References),
            [Node::Map {
                key: Some(Key::References),
            }, Node::Seq, Node::Map { key }] => *key,
            _ => None,
        }
    }

    /// After a value: the enclosing mapping waits for its next key.
    fn value_done(&mut self) {
        if let Some(Node::Map { key }) = self.stack.last_mut() {
            *key = None;
        }
    }

    fn event(&mut self, event: Event, mark: Marker) {
        let at = self.byte(mark);
        match event {
            Event::Scalar(value, style, ..) => {
                let depth = self.stack.len();
                if let Some(Node::Map { key: key @ None }) = self.stack.last_mut() {
                    *key = Some(match (depth, value.as_str()) {
                        (1, "bibliography") => Key::Bibliography,
                        (1, "references") => Key::References,
                        (3, "id") => Key::Id,
                        _ => Key::Other,
                    });
                    if let Some(item) = self.item.as_mut() {
                        item.start = item.start.min(at);
                    }
                    return;
                }
                let span = self.scalar_span(at, &value, style);
                let null = value.is_empty()
                    || style == TScalarStyle::Plain && matches!(value.as_str(), "~" | "null");
                match self.slot().filter(|_| !null) {
                    Some(Key::Bibliography) => self
                        .out
                        .bibliographies
                        .push(Link::bibliography(value, span)),
                    Some(Key::Id) if self.stack.len() == 3 => {
                        if let Some(item) = self.item.as_mut() {
                            item.id.get_or_insert((value.into(), span));
                        }
                    }
                    _ => {}
                }
                self.value_done();
            }
            Event::Alias(_) => self.value_done(),
            Event::MappingStart(..) => {
                if self.slot() == Some(Key::References) && self.stack.len() == 2 {
                    self.item = Some(Item {
                        start: at,
                        id: None,
                    });
                }
                self.stack.push(Node::Map { key: None });
            }
            Event::SequenceStart(..) => self.stack.push(Node::Seq),
            Event::MappingEnd => {
                if self.stack.len() == 3 {
                    if let Some(item) = self.item.take() {
                        self.end_item(item, at);
                    }
                }
                self.stack.pop();
                self.value_done();
            }
            Event::SequenceEnd => {
                self.stack.pop();
                self.value_done();
            }
            _ => {}
        }
    }

    fn end_item(&mut self, item: Item, at: usize) {
        let Some((id, label_span)) = item.id else {
            return;
        };
        let yaml = self.yaml;
        let at = at.max(item.start);
        // A flow mapping ends at its `}`; a block one where the next starts.
        let end = if yaml[at..].starts_with('}') {
            at + 1
        } else {
            item.start + yaml[item.start..at].trim_end().len()
        };
        let key = normalize_citation(&id);
        self.out.references.push(Definition {
            label: id,
            key,
            label_span,
            body: Span::new(self.offset + item.start, self.offset + end.max(item.start)),
            kind: RefKind::Citation,
            namespace: None,
        });
    }

    /// The span of a scalar starting at `at`, quotes included.
    fn scalar_span(&self, at: usize, value: &str, style: TScalarStyle) -> Span {
        let rest = &self.yaml[at..];
        let len = match style {
            TScalarStyle::Plain if rest.starts_with(value) => value.len(),
            TScalarStyle::Plain => rest
                .find(['\n', '\r', ',', ']', '}'])
                .map_or(rest.len(), |n| rest[..n].trim_end().len()),
            TScalarStyle::SingleQuoted => closing_quote(rest, '\''),
            TScalarStyle::DoubleQuoted => closing_quote(rest, '"'),
            _ => rest.find(['\n', '\r']).unwrap_or(rest.len()),
        };
        Span::new(self.offset + at, self.offset + at + len)
    }
}

/// The length of a quoted scalar, quotes included (`''` and `\"` escape).
fn closing_quote(s: &str, quote: char) -> usize {
    let mut chars = s.char_indices().skip(1).peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                continue;
            }
            return at + 1;
        }
    }
    s.len()
}
