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
//! A kramdown-rfc draft's `normative:` and `informative:` maps are
//! references too, one entry a key, and they and `ref:` declare the
//! abbreviations `{{-abbrev}}` names (see `kramdown.rs`):
//!
//! ```text
//! normative:
//!   RFC2119:                             ; an entry (`null`: fetched by kramdown-rfc)
//!   HTTP: RFC9110                        ; an entry; `{{-RFC9110}}` names it
//!   H2:
//!     =: RFC9113                         ; what to fetch
//!     -: h2                              ; `{{-h2}}` names it
//!   <<: *common                          ; the entries of the map anchored `&common`
//! informative: *refs                     ; the entries of the map anchored `&refs`
//! ```
//!
//! Malformed front matter yields nothing.

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::grammar::toml_bibliography;
use super::kramdown::{is_draft_key, Draft};
use super::normalize_citation;
use crate::model::{Definition, Label, Link, RefKind, Span};

/// What the front matter gives the document.
#[derive(Debug, Default)]
pub(super) struct FrontMatter {
    pub bibliographies: Vec<Link>,
    pub references: Vec<Definition>,
    /// What else a kramdown-rfc draft's front matter says; `None` for
    /// another document.
    pub draft: Option<Draft>,
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

/// Most references a draft's front matter is read for (aliases included).
const MAX_ENTRIES: usize = 10_000;

/// Which key of interest a mapping is reading the value of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Key {
    Bibliography,
    References,
    Id,
    /// `normative`, `informative` (whose entries are references) and
    /// `ref` (whose entries only declare abbreviations).
    Refs(Section),
    /// A key of a map of references: an entry.
    Entry,
    /// `-` in an entry's table: its abbreviation.
    Dash,
    /// `<<` in a map of references: the entries of an anchored map.
    Merge,
    Other,
}

/// The maps of references of a draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Section {
    Normative,
    Informative,
    Ref,
}

/// A map of references being read: the value of `normative:`,
/// `informative:` or `ref:`, or any top-level value with an anchor (which
/// a later alias may name).
#[derive(Clone, Debug, Default)]
struct RefMap {
    section: Option<Section>,
    anchor: usize,
    entries: Vec<Definition>,
    /// (abbreviation, entry).
    aliases: Vec<(Label, Label)>,
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
    /// The map of references being read.
    refs: Option<RefMap>,
    /// Anchored maps read so far, for aliases (at most [`MAX_ENTRIES`]
    /// entries in all).
    anchored: Vec<RefMap>,
    /// Their entries.
    stored: usize,
    /// Abbreviations declared so far.
    aliases: Vec<(Label, Label)>,
    /// The entries of `ref:`.
    open: Vec<Label>,
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
            refs: None,
            anchored: Vec::new(),
            stored: 0,
            aliases: Vec::new(),
            open: Vec::new(),
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
                Ok((Event::StreamEnd | Event::DocumentEnd, _)) => return self.finish(),
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
                let refs = self.refs.is_some();
                if let Some(Node::Map { key: key @ None }) = self.stack.last_mut() {
                    let new = match (depth, value.as_str()) {
                        (1, "bibliography") => Key::Bibliography,
                        (1, "references") => Key::References,
                        (1, "normative") => Key::Refs(Section::Normative),
                        (1, "informative") => Key::Refs(Section::Informative),
                        (1, "ref") => Key::Refs(Section::Ref),
                        (2, "<<") if refs => Key::Merge,
                        (2, _) if refs => Key::Entry,
                        (3, "-") if refs => Key::Dash,
                        (3, "id") => Key::Id,
                        _ => Key::Other,
                    };
                    *key = Some(new);
                    if depth == 1 && is_draft_key(&value) {
                        self.out.draft.get_or_insert_default();
                    }
                    if depth == 2 && refs {
                        self.entry(new, value, style, at);
                    }
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
                    _ if !null => self.abbreviation(value),
                    _ => {}
                }
                self.value_done();
            }
            Event::Alias(id) => {
                self.alias(id, at);
                self.value_done();
            }
            Event::MappingStart(anchor, _) => {
                if self.stack.len() == 1 {
                    let section = match self.slot() {
                        Some(Key::Refs(section)) => Some(section),
                        _ => None,
                    };
                    if section.is_some() || anchor != 0 {
                        self.refs = Some(RefMap {
                            section,
                            anchor,
                            ..RefMap::default()
                        });
                    }
                }
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
                if self.stack.len() == 2 {
                    if let Some(mut map) = self.refs.take() {
                        self.close_entry(&mut map, at);
                        if map.anchor != 0 && self.stored + map.entries.len() <= MAX_ENTRIES {
                            self.stored += map.entries.len();
                            self.anchored.push(map.clone());
                        }
                        self.add_refs(map.section, map);
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

    /// A key of a map of references at `at`: an entry, or `<<`.
    fn entry(&mut self, key: Key, label: String, style: TScalarStyle, at: usize) {
        let span = self.scalar_span(at, &label, style);
        let Some(mut map) = self.refs.take() else {
            return;
        };
        self.close_entry(&mut map, at);
        if key == Key::Entry {
            let label = Label::from(label);
            map.entries.push(Definition {
                key: normalize_citation(&label),
                label,
                label_span: span,
                // Its end is set when the next key starts.
                body: Span::new(self.offset + at, usize::MAX),
                kind: RefKind::Citation,
                namespace: None,
                origin: crate::model::Origin::Written,
            });
        }
        self.refs = Some(map);
    }

    /// The entry being read ends before `at`.
    fn close_entry(&self, map: &mut RefMap, at: usize) {
        if let Some(last) = map.entries.last_mut().filter(|d| d.body.end == usize::MAX) {
            let start = last.body.start - self.offset;
            let kept = self.yaml[start..at.max(start)]
                .trim_end_matches(|c: char| c.is_whitespace() || c == ',')
                .len();
            last.body.end = last.body.start + kept;
        }
    }

    /// A scalar value: an entry's abbreviation when it is the entry's
    /// value (`HTTP: RFC9110`) or its `-` (`-: h2`).
    fn abbreviation(&mut self, value: String) {
        let Some(map) = self.refs.as_mut() else {
            return;
        };
        let of_entry = matches!(
            self.stack.as_slice(),
            [
                _,
                Node::Map {
                    key: Some(Key::Entry),
                }
            ] | [
                _,
                Node::Map {
                    key: Some(Key::Entry),
                },
                Node::Map {
                    key: Some(Key::Dash),
                }
            ]
        );
        if let Some(entry) = map.entries.last().filter(|_| of_entry) {
            map.aliases.push((value.into(), entry.label.clone()));
        }
    }

    /// An alias at `at`: the anchored map it names, as the value of
    /// `normative:` (or `informative:`, `ref:`), or merged into one by `<<`.
    /// Its entries are placed at the alias (where the map is used).
    fn alias(&mut self, id: usize, at: usize) {
        let Some(named) = self.anchored.iter().rev().find(|m| m.anchor == id) else {
            return;
        };
        // Maps merged into maps merged into maps grow exponentially with
        // each alias: hostile YAML stops growing here.
        let held = self.out.references.len() + self.refs.as_ref().map_or(0, |m| m.entries.len());
        if held + named.entries.len() > MAX_ENTRIES || self.aliases.len() > MAX_ENTRIES {
            return;
        }
        let mut named = named.clone();
        let len = self.yaml[at..]
            .find(|c: char| c.is_whitespace() || matches!(c, ',' | ']' | '}'))
            .unwrap_or(self.yaml.len() - at);
        let span = Span::new(self.offset + at, self.offset + at + len);
        for entry in &mut named.entries {
            entry.label_span = span;
            entry.body = span;
        }
        match self.stack.as_slice() {
            [Node::Map {
                key: Some(Key::Refs(section)),
            }] => {
                let section = *section;
                self.add_refs(Some(section), named);
            }
            [_, Node::Map {
                key: Some(Key::Merge),
            }] => {
                if let Some(map) = self.refs.as_mut() {
                    map.entries.extend(named.entries);
                    map.aliases.extend(named.aliases);
                }
            }
            _ => {}
        }
    }

    /// A map of references read: its entries are references when it is
    /// `normative:` or `informative:`; its abbreviations count in `ref:`
    /// too.
    fn add_refs(&mut self, section: Option<Section>, map: RefMap) {
        match section {
            Some(Section::Normative | Section::Informative) => {
                self.out.references.extend(map.entries);
                self.aliases.extend(map.aliases);
            }
            Some(Section::Ref) => {
                self.aliases.extend(map.aliases);
                self.open.extend(map.entries.into_iter().map(|d| d.label));
            }
            None => {}
        }
    }

    /// What was read, abbreviations given to a draft.
    fn finish(mut self) -> FrontMatter {
        if let Some(draft) = self.out.draft.as_mut() {
            draft.aliases = std::mem::take(&mut self.aliases);
            draft.open = std::mem::take(&mut self.open);
        }
        self.out
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
            origin: crate::model::Origin::Written,
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
