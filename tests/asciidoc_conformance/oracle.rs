//! The oracles' messages as the harness reads them: which kinds ibid
//! answers for and with which code ([`classify`]), one occurrence per
//! place ([`occurrences`]), and what a mutation changed ([`delta`]).

use std::collections::BTreeMap;

use super::corpus::Message;
use super::shift::Shift;
use crate::conformance_corpus::{list, Place};

/// What the harness makes of one oracle kind.
#[derive(Debug, PartialEq)]
pub enum Class {
    /// ibid must report this code, labelled with the message's key.
    Mapped(&'static str),
    /// Outside ibid's contract as a class, for the reason given.
    Skipped(&'static str),
    /// A kind the harness does not know: the corpus changed.
    Unknown,
}

/// The oracle kind's ibid code (the table in the test's module docs).
pub fn classify(kind: &str) -> Class {
    match kind {
        "xref_unresolved" => Class::Mapped("undefined-ref"),
        "duplicate_id" => Class::Mapped("duplicate-label"),
        "footnote_invalid_ref" => Class::Mapped("unresolved"),
        "include_missing" => Class::Mapped("missing-file"),
        "section_level" => Class::Skipped("section levels out of sequence (document outline)"),
        "list_continuation" => Class::Skipped("ordered-list numbering (list markup)"),
        "callout" => Class::Skipped("listing callouts without their mark (listing markup)"),
        "other" => Class::Skipped("block styles and partintro placement (markup)"),
        _ => Class::Unknown,
    }
}

// ---------------------------------------------------------------------------
// Occurrences: one defect at one place

/// One thing the oracle reports at one place: a located message, or one
/// of the hand-found locations of a key's messages.
#[derive(Clone, Debug, PartialEq)]
pub struct Occurrence {
    pub kind: String,
    /// The message's key, or its text when it has none.
    pub key: String,
    /// `None`: the message has no location at all.
    pub place: Option<Place>,
    pub by_hand: bool,
    pub message: String,
}

impl Occurrence {
    fn of(m: &Message, place: Option<Place>) -> Self {
        let w = &m.warning;
        Self {
            kind: w.kind.clone(),
            key: w.key_or_message().to_owned(),
            place,
            by_hand: m.by_hand,
            message: w.message.clone(),
        }
    }

    fn same(&self, other: &Self) -> bool {
        (&self.kind, &self.key, &self.place) == (&other.kind, &other.key, &other.place)
    }
}

impl std::fmt::Display for Occurrence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = self
            .place
            .as_ref()
            .map_or("(no location)".to_owned(), Place::to_string);
        let how = if self.by_hand { " (found by hand)" } else { "" };
        write!(f, "{} {at}{how}: {}", self.kind, self.message)
    }
}

/// An oracle's messages as occurrences. Asciidoctor gives most messages a
/// file and line; `possible invalid reference` and `invalid footnote
/// reference` have none, and the corpus lists where the key is written
/// (`locations[]`, the same list on each of the key's N messages): those N
/// messages become one occurrence per location. When N and the number of
/// locations differ, nobody can tell which places Asciidoctor meant: a
/// problem for a kind ibid answers for.
pub fn occurrences(messages: &[Message], problems: &mut Vec<String>) -> Vec<Occurrence> {
    let mut out = Vec::new();
    let mut by_hand: BTreeMap<(&str, &str), Vec<&Message>> = BTreeMap::new();
    for m in messages {
        let w = &m.warning;
        if m.by_hand || (w.file.is_none() && !m.locations.is_empty()) {
            by_hand
                .entry((w.kind.as_str(), w.key_or_message()))
                .or_default()
                .push(m);
            continue;
        }
        let place = match (&w.file, w.line) {
            (Some(file), Some(line)) => Some(Place::new(file, line)),
            _ => None,
        };
        out.push(Occurrence::of(m, place));
    }
    for ((kind, key), group) in by_hand {
        let places = &group[0].locations;
        let mapped = matches!(classify(kind), Class::Mapped(_));
        if mapped && group.iter().any(|m| m.locations != *places) {
            problems.push(format!(
                "the {} `{kind}` messages of `{key}` list different locations",
                group.len()
            ));
        }
        if mapped && group.len() != places.len() {
            problems.push(format!(
                "{} `{kind}` message(s) of `{key}` but {} hand-found location(s) ({}): which \
                 places Asciidoctor meant is unknown",
                group.len(),
                places.len(),
                list(places)
            ));
        }
        out.extend(
            places
                .iter()
                .map(|p| Occurrence::of(group[0], Some(p.clone()))),
        );
    }
    out
}

/// What a mutation added to the oracle and what it removed: the base
/// oracle's occurrences moved to the patched numbering by `shift`, then
/// an exact multiset difference (one on a line the patch deleted is
/// removed).
pub fn delta(
    base: &[Occurrence],
    mutated: &[Occurrence],
    shift: &Shift,
) -> (Vec<Occurrence>, Vec<Occurrence>) {
    let mut left: Vec<Option<Occurrence>> = Vec::new();
    let mut removed = Vec::new();
    for o in base {
        match &o.place {
            Some(p) => match shift.place(p) {
                Some(moved) => left.push(Some(Occurrence {
                    place: Some(moved),
                    ..o.clone()
                })),
                None => removed.push(o.clone()),
            },
            None => left.push(Some(o.clone())),
        }
    }
    let mut added = Vec::new();
    for m in mutated {
        match left
            .iter_mut()
            .find(|b| b.as_ref().is_some_and(|b| b.same(m)))
        {
            Some(b) => *b = None,
            None => added.push(m.clone()),
        }
    }
    removed.extend(left.into_iter().flatten());
    (added, removed)
}
