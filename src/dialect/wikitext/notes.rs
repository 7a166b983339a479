//! Notes and reference lists, with the meaning MediaWiki's Cite extension
//! gives them (`Cite.php`, `ReferenceStack.php`, `Validator.php`).
//!
//! Every way of writing a note (`<ref>`, `{{#tag:ref}}`, `{{efn}}`,
//! `{{refn}}`, `{{r}}`) becomes one [`Note`]; every way of writing a list
//! (`<references>`, `{{reflist}}`, `{{notelist}}`, `{{#tag:references}}`)
//! one [`List`]. A template's `name=` and `group=` are read without the
//! comments in them (`group=note<!-- end -->` is `note`): the
//! preprocessor drops comments before the template sees its parameters;
//! and without one pair of quotes around them (`group="note"` is `note`),
//! which `{{#tag}}`, that every such template goes through, strips.
//! Then, per group:
//!
//! - A list shows the notes of its group written since the group's
//!   previous list, and then forgets them (`ReferenceStack::deleteGroup`):
//!   a reuse after the list names a new note. Each stretch of a group
//!   between its lists is a namespace of its own (see [`namespace`]).
//! - Notes of the default group after its last list are shown in the list
//!   MediaWiki adds at the end of the page; those of a named group with no
//!   list after them are not shown ("cite_error_group_refs_without_
//!   references"): a [`RefKind::RefList`] marker that no list resolves.
//! - A named note with content defines the name and cites it; one with
//!   no content (`<ref name="x"/>`, `<ref name="x"></ref>`, whitespace
//!   only) cites it. The same content again is legal; other content is a
//!   second definition ("cite_error_references_duplicate_key"). Content
//!   is compared without the whitespace around it.
//! - A note without a name is written in place ([`RefKind::InlineNote`]);
//!   without content it is empty ("cite_error_ref_no_input",
//!   "cite_error_ref_no_key").
//! - A note inside a list is list-defined: it defines its name in the
//!   list's group and cites nothing ("cite_error_references_missing_key"
//!   when nothing uses it); empty, it is an empty note
//!   ("cite_error_empty_references_define"); with a `group=` other than
//!   its list's it is a group mismatch
//!   ("cite_error_references_group_mismatch"), read in its list's group so
//!   that its uses still resolve; without a name it is not read
//!   ("cite_error_references_no_key").

use rustc_hash::FxHashMap;

use super::scan::{trimmed, Scanned, Tagged};
use super::tags::attr;
use super::templates::{Kind, Template};
use crate::model::{Definition, Label, Marker, RefKind, Span};

/// A note however written.
#[derive(Debug)]
struct Note {
    /// Where findings about it go: the open tag, or the template's name.
    head: Span,
    /// What a marker spans: the open tag, or the whole template (which
    /// holds the name).
    span: Span,
    name: Option<(String, Span)>,
    /// `group=` as written.
    group: Option<String>,
    /// The group when none is written, or always (`{{efn}}`).
    fixed: Option<&'static str>,
    content: Option<Span>,
}

/// A reference list however written.
#[derive(Debug)]
struct List {
    head: Span,
    span: Span,
    group: String,
    /// Where list-defined notes are (`<references>…</references>`,
    /// `refs=`).
    body: Option<Span>,
}

/// The notes and lists of a page, as markers and definitions.
pub(super) fn read(
    text: &str,
    scanned: &Scanned,
    markers: &mut Vec<Marker>,
    definitions: &mut Vec<Definition>,
) {
    let mut notes: Vec<Note> = scanned.refs.iter().map(tag_note).collect();
    let mut lists: Vec<List> = scanned.lists.iter().map(tag_list).collect();
    for t in &scanned.templates {
        template(text, t, &mut notes, &mut lists);
    }
    notes.sort_by_key(|n| n.head.start);
    lists.sort_by_key(|l| l.span.start);
    Pages::new(text, &lists).read(&notes, &lists, markers, definitions);
}

/// `<ref …>`.
fn tag_note(r: &Tagged) -> Note {
    let name = attr(&r.attrs, "name")
        .filter(|a| !a.value.is_empty())
        .map(|a| (a.value.clone(), a.value_span));
    Note {
        head: r.open,
        span: r.open,
        name,
        group: attr(&r.attrs, "group").map(|a| a.value.clone()),
        fixed: None,
        content: r.content,
    }
}

/// `<references …>`.
fn tag_list(r: &Tagged) -> List {
    List {
        head: r.open,
        span: r.span,
        group: attr(&r.attrs, "group").map_or_else(String::new, |a| a.value.clone()),
        body: r.content,
    }
}

/// The notes or list a template writes.
fn template(text: &str, t: &Template, notes: &mut Vec<Note>, lists: &mut Vec<List>) {
    let named = |name: &str| t.named(text, name);
    let value = |span: Span| unquoted(plain(span.of(text)));
    let name_of = |span: Option<Span>| {
        span.map(|s| (value(s), s))
            .filter(|(name, _)| !name.is_empty())
    };
    let note = |name, group, fixed, content| Note {
        head: t.head,
        span: t.span,
        name,
        group,
        fixed,
        content,
    };
    let list = |group: String, body| List {
        head: t.head,
        span: t.span,
        group,
        body,
    };
    // `{{efn|group=g}}` and `{{notelist|group=g}}` name their group as
    // `<ref>` and `{{reflist}}` do (Template:Efn/doc, Template:Notelist/doc);
    // the kin of other fixed groups (`{{efn-ua}}` …) do not.
    let own_group = |fixed: &'static str| {
        (fixed == "lower-alpha")
            .then(|| named("group").map(value))
            .flatten()
            .filter(|g| !g.is_empty())
    };
    match t.kind {
        Kind::Efn(group) => {
            let written = own_group(group);
            let fixed = if written.is_some() { None } else { Some(group) };
            notes.push(note(
                name_of(named("name")),
                written,
                fixed,
                Some(t.first(text).unwrap_or(Span::new(t.span.end, t.span.end))),
            ));
        }
        Kind::Refn | Kind::TagRef => notes.push(note(
            name_of(named("name")),
            named("group").map(value),
            None,
            Some(t.first(text).unwrap_or(Span::new(t.span.end, t.span.end))),
        )),
        Kind::R => {
            let group = named("group").or_else(|| named("g")).map(value);
            let mut names: Vec<Span> = named("name")
                .or_else(|| named("n"))
                .into_iter()
                .chain(t.positional(text).into_values())
                .collect();
            names.retain(|s| !value(*s).is_empty());
            let content = named("r").or_else(|| named("reference"));
            for (i, span) in names.into_iter().enumerate() {
                let span = trimmed(text, span);
                let content = if i == 0 { content } else { None };
                notes.push(note(
                    Some((value(span), span)),
                    group.clone(),
                    None,
                    content,
                ));
            }
        }
        Kind::Reflist => lists.push(list(
            named("group").map(value).unwrap_or_default(),
            named("refs"),
        )),
        Kind::Notelist(group) => lists.push(list(
            own_group(group).unwrap_or_else(|| group.to_owned()),
            named("refs"),
        )),
        Kind::TagReferences => lists.push(list(
            named("group").map(value).unwrap_or_default(),
            t.first(text),
        )),
        _ => {}
    }
}

/// A template parameter's value as the template sees it: without the
/// comments the preprocessor drops before expanding it, with runs of
/// whitespace one space.
fn plain(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("<!--") {
        out.push_str(&rest[..at]);
        out.push(' ');
        rest = rest[at + 4..]
            .find("-->")
            .map_or("", |end| &rest[at + 4 + end + 3..]);
    }
    out.push_str(rest);
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value without one pair of quotes around it, as `{{#tag}}` leaves
/// it (CoreParserFunctions::tagObj: `^(?:["'](.+)["']|""|'')$`); the
/// note and list templates pass `name=` and `group=` through it.
fn unquoted(value: String) -> String {
    let quote = |c: char| c == '"' || c == '\'';
    let mut chars = value.chars();
    match (chars.next(), chars.next_back()) {
        (Some(a), Some(b)) if quote(a) && quote(b) => {
            let inner = chars.as_str();
            if inner.is_empty() && a != b {
                value
            } else {
                inner.to_owned()
            }
        }
        _ => value,
    }
}

/// The namespace of a group's stretch: `None` for the default group's
/// first, the group's name for a named group's first, and the name with
/// the stretch's number after a unit separator for later ones.
fn namespace(group: &str, stretch: usize) -> Option<Label> {
    match (group, stretch) {
        ("", 0) => None,
        (group, 0) => Some(group.into()),
        (group, n) => Some(format!("{group}\u{1f}{n}").into()),
    }
}

/// What a [`RefKind::RefList`] marker or definition of a group's stretch
/// matches by.
fn list_key(group: &str, stretch: usize) -> Label {
    format!("{group}\u{1f}{stretch}").into()
}

/// The page's lists, by group, in order.
struct Pages<'a> {
    text: &'a str,
    /// Each group's lists' ends, in order.
    ends: FxHashMap<&'a str, Vec<usize>>,
    /// Each list's number among its group's.
    number: Vec<usize>,
    /// List bodies by start, with the list's index.
    bodies: Vec<(Span, usize)>,
}

impl<'a> Pages<'a> {
    fn new(text: &'a str, lists: &'a [List]) -> Self {
        let mut ends: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
        let mut number = Vec::with_capacity(lists.len());
        for l in lists {
            let group = ends.entry(l.group.as_str()).or_default();
            number.push(group.len());
            group.push(l.span.end);
        }
        let mut bodies: Vec<(Span, usize)> = lists
            .iter()
            .enumerate()
            .filter_map(|(i, l)| l.body.map(|b| (b, i)))
            .collect();
        bodies.sort_by_key(|(b, _)| b.start);
        Self {
            text,
            ends,
            number,
            bodies,
        }
    }

    /// The list whose body holds a note at `span`.
    fn list_of(&self, span: Span) -> Option<usize> {
        let after = self.bodies.partition_point(|(b, _)| b.start <= span.start);
        let (body, list) = *self.bodies.get(after.checked_sub(1)?)?;
        (span.end <= body.end).then_some(list)
    }

    /// The stretch of `group` that a note at `at` (outside lists) is in:
    /// how many of the group's lists end before it.
    fn stretch(&self, group: &str, at: usize) -> usize {
        self.ends
            .get(group)
            .map_or(0, |ends| ends.partition_point(|&end| end <= at))
    }

    fn read(
        &self,
        notes: &[Note],
        lists: &[List],
        markers: &mut Vec<Marker>,
        definitions: &mut Vec<Definition>,
    ) {
        let text = self.text;
        // The first content of each name in each stretch.
        let mut contents: FxHashMap<(Option<Label>, String), &str> = FxHashMap::default();
        // The stretches of named groups that have a marker already.
        let mut needs: rustc_hash::FxHashSet<(String, usize)> = Default::default();
        for note in notes {
            let list = self.list_of(note.span);
            let written = note.fixed.map(str::to_owned).or_else(|| note.group.clone());
            let content = note
                .content
                .map(|c| trimmed(text, c))
                .filter(|c| !c.is_empty());
            let (group, stretch) = match list {
                Some(l) => {
                    let own = &lists[l].group;
                    if let Some(written) = written.as_ref().filter(|w| *w != own) {
                        // Labelled by the note's name (the finding is
                        // about it); the group it names is the key.
                        let label = note.name.as_ref().map_or(written.as_str(), |(n, _)| n);
                        let mut m = Marker::new(RefKind::RefList, label, note.head);
                        m.key = Some(written.as_str().into());
                        m.namespace = Some(own.as_str().into());
                        markers.push(m);
                    }
                    (own.clone(), self.number[l])
                }
                None => {
                    let group = written.unwrap_or_default();
                    let stretch = self.stretch(&group, note.head.start);
                    if !group.is_empty() && needs.insert((group.clone(), stretch)) {
                        let mut m = Marker::new(RefKind::RefList, group.as_str(), note.head);
                        m.key = Some(list_key(&group, stretch));
                        markers.push(m);
                    }
                    (group, stretch)
                }
            };
            let ns = namespace(&group, stretch);
            let Some((name, name_span)) = &note.name else {
                if list.is_none() {
                    // Written in place; empty, an empty note.
                    let body = content.unwrap_or(Span::new(note.span.end, note.span.end));
                    let mut def = Definition::new(RefKind::InlineNote, "", note.head, body);
                    def.namespace = ns;
                    definitions.push(def);
                }
                continue;
            };
            let body = content.unwrap_or(Span::new(note.span.end, note.span.end));
            let key = (ns.clone(), name.clone());
            let defines = match (content, contents.get(&key)) {
                // In the text, a reuse; in a list, an empty note.
                (None, _) => list.is_some(),
                // The same content again is legal.
                (Some(c), Some(first)) => c.of(text) != *first,
                (Some(c), None) => {
                    contents.insert(key, c.of(text));
                    true
                }
            };
            if defines {
                let mut def = Definition::new(RefKind::Note, name.as_str(), note.head, body);
                def.namespace = ns.clone();
                definitions.push(def);
            }
            if list.is_some() {
                // List-defined: it cites nothing.
                continue;
            }
            let mut m = Marker::new(RefKind::Note, name.as_str(), note.span);
            m.label_span = *name_span;
            m.namespace = ns;
            markers.push(m);
        }
        for (i, l) in lists.iter().enumerate() {
            let body = l
                .body
                .map(|b| trimmed(text, b))
                .unwrap_or(Span::new(l.head.end, l.head.end));
            let mut def = Definition::new(RefKind::RefList, l.group.as_str(), l.head, body);
            def.key = Some(list_key(&l.group, self.number[i]));
            definitions.push(def);
        }
    }
}
