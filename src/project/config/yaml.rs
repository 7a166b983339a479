//! The little of YAML that project configuration needs: a tree of the
//! first document, with the byte span of every string, kept only as deep
//! as configuration keys go (deeper collections become [`Node::Other`]).
//!
//! Built from yaml-rust2's events without recursion; its markers count
//! chars and are mapped back to bytes. A malformed document is None.

use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use crate::model::Span;

/// A YAML value, kept only as deep as the configuration keys go.
#[derive(Debug)]
pub(super) enum Node {
    Str(Scalar),
    /// `~`, `null`, an empty value or an empty string.
    Null,
    Seq(Vec<Node>),
    /// Entries in the order written; a key that is not a string is None.
    Map(Vec<(Option<String>, Node)>),
    /// An alias, a tagged value, or a collection nested too deep.
    Other,
}

/// A string scalar and where its value is written in the YAML.
#[derive(Debug)]
pub(super) struct Scalar {
    pub value: String,
    pub span: Span,
    /// Written plain (no quotes, no tag): `true` is then a boolean.
    pub plain: bool,
}

impl Node {
    /// The value of `key` in a mapping (the last one, if written twice).
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries
                .iter()
                .rev()
                .find(|(k, _)| k.as_deref() == Some(key))
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value, trimmed, when this is a string.
    pub fn str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s.value.trim()),
            _ => None,
        }
    }
}

/// How deep collections are kept: the root mapping, `format:`, `html:`
/// and the `bibliography:` list under it.
const MAX_DEPTH: usize = 4;

/// Parse the first YAML document of `text`; None when it is malformed.
pub(super) fn parse_yaml(text: &str) -> Option<Node> {
    // The YAML parser is third-party code fed hostile input: a panic in it
    // must not take the whole check down.
    std::panic::catch_unwind(|| Builder::new(text).build())
        .ok()
        .flatten()
}

/// An open collection.
enum Frame {
    Seq(Vec<Node>),
    /// The entries so far and a key waiting for its value.
    Map(Vec<(Option<String>, Node)>, Option<Option<String>>),
}

/// Builds a [`Node`] tree from parser events, without recursion.
struct Builder<'a> {
    text: &'a str,
    /// Byte offset of each char, when the text is not ASCII.
    bytes_of_chars: crate::source::CharOffsets,
    stack: Vec<Frame>,
    /// How many collections deep inside one too deep to keep.
    skip: usize,
    root: Option<Node>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str) -> Self {
        let bytes_of_chars = crate::source::CharOffsets::new(text);
        Self {
            text,
            bytes_of_chars,
            stack: Vec::new(),
            skip: 0,
            root: None,
        }
    }

    fn build(mut self) -> Option<Node> {
        let mut parser = Parser::new_from_str(self.text);
        loop {
            match parser.next_token().ok()? {
                (Event::DocumentEnd | Event::StreamEnd, _) => {
                    return Some(self.root.unwrap_or(Node::Null))
                }
                (event, mark) => self.event(event, mark),
            }
        }
    }

    /// yaml-rust2 counts positions in chars; spans count bytes.
    fn byte(&self, mark: Marker) -> usize {
        self.bytes_of_chars.byte(mark.index())
    }

    fn event(&mut self, event: Event, mark: Marker) {
        match event {
            Event::Scalar(value, style, _, tag) if self.skip == 0 => {
                let node = self.scalar(value, style, tag.as_ref(), mark);
                self.push(node);
            }
            Event::Alias(_) if self.skip == 0 => self.push(Node::Other),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if self.skip > 0 || self.stack.len() >= MAX_DEPTH {
                    self.skip += 1;
                } else if matches!(event, Event::SequenceStart(..)) {
                    self.stack.push(Frame::Seq(Vec::new()));
                } else {
                    self.stack.push(Frame::Map(Vec::new(), None));
                }
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if self.skip > 0 {
                    self.skip -= 1;
                    if self.skip == 0 {
                        self.push(Node::Other);
                    }
                } else if let Some(frame) = self.stack.pop() {
                    let node = match frame {
                        Frame::Seq(items) => Node::Seq(items),
                        Frame::Map(entries, _) => Node::Map(entries),
                    };
                    self.push(node);
                }
            }
            _ => {}
        }
    }

    /// A finished value goes into the collection around it.
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => {
                self.root.get_or_insert(node);
            }
            Some(Frame::Seq(items)) => items.push(node),
            Some(Frame::Map(entries, pending)) => match pending.take() {
                None => {
                    *pending = Some(match node {
                        Node::Str(s) => Some(s.value),
                        _ => None,
                    });
                }
                Some(key) => entries.push((key, node)),
            },
        }
    }

    fn scalar(&self, value: String, style: TScalarStyle, tag: Option<&Tag>, mark: Marker) -> Node {
        if tag.is_some_and(|t| {
            t.suffix != "str" || !matches!(t.handle.as_str(), "!!" | "tag:yaml.org,2002:")
        }) {
            return Node::Other;
        }
        let plain = style == TScalarStyle::Plain && tag.is_none();
        if value.is_empty() || plain && matches!(value.as_str(), "~" | "null" | "Null" | "NULL") {
            return Node::Null;
        }
        let span = self.span(self.byte(mark), &value, style);
        Node::Str(Scalar { value, span, plain })
    }

    /// Where a scalar starting at byte `at` is written, inside its quotes.
    fn span(&self, at: usize, value: &str, style: TScalarStyle) -> Span {
        let rest = &self.text[at..];
        let quote = match style {
            TScalarStyle::Plain if rest.starts_with(value) => {
                return Span::new(at, at + value.len());
            }
            TScalarStyle::SingleQuoted => '\'',
            TScalarStyle::DoubleQuoted => '"',
            _ => return Span::new(at, at + first_line(rest)),
        };
        match rest.strip_prefix(quote) {
            Some(inner) => Span::new(at + 1, at + 1 + closing_quote(inner, quote)),
            None => Span::new(at, at + first_line(rest)),
        }
    }
}

/// The length of the first line of `s`, trailing blanks left out.
fn first_line(s: &str) -> usize {
    let end = s.find(['\n', '\r']).unwrap_or(s.len());
    s[..end].trim_end().len()
}

/// Where the quote closing a YAML quoted scalar is in `s` (which starts
/// after the opening one): `''` and `\"` escape.
fn closing_quote(s: &str, quote: char) -> usize {
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c == '\\' && quote == '"' {
            chars.next();
        } else if c == quote {
            if quote == '\'' && chars.peek().is_some_and(|&(_, n)| n == '\'') {
                chars.next();
                continue;
            }
            return at;
        }
    }
    s.len()
}
