//! The templates ibid reads, by name, and their parameters.
//!
//! A name is compared as MediaWiki finds a page: trimmed, `_` as a space,
//! runs of spaces as one, an optional `Template:` prefix, and (since
//! Wikipedia keeps a redirect for most capitalisations of these names)
//! without regard to case.

use std::collections::BTreeMap;

use crate::model::Span;

/// A template call whose name ibid reads (see [`kind`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Template {
    pub kind: Kind,
    /// `{{` to `}}`.
    pub span: Span,
    /// `{{` and the name, for messages.
    pub head: Span,
    pub params: Vec<Param>,
}

/// A parameter of a template: `name = value`, or a positional value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Param {
    /// The name, trimmed; `None` for a positional parameter.
    pub name: Option<Span>,
    /// The value: trimmed for a named parameter, as written for a
    /// positional one (MediaWiki trims only named ones).
    pub value: Span,
}

/// What a template is to ibid.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    /// `{{efn|…}}` and its kin (`{{efn-ua}}` …): a note in a fixed group
    /// (Help:Footnotes, "predefined groups"); `{{efn}}`'s `group=`, when
    /// given, names another.
    Efn(&'static str),
    /// `{{refn|…}}`: a note in the default group, or the one `group=`
    /// names.
    Refn,
    /// `{{#tag:ref|…}}`: `<ref>` written as a parser function.
    TagRef,
    /// `{{r|a|b}}`: reuses of named notes (Template:R); `r=` gives the
    /// first one content.
    R,
    /// `{{reflist}}`, `{{references}}`: the list of the default group,
    /// or of the one `group=` names; `refs=` holds list-defined notes.
    Reflist,
    /// `{{notelist}}` and its kin: the list of a fixed group;
    /// `{{notelist}}`'s `group=`, when given, names another.
    Notelist(&'static str),
    /// `{{#tag:references|…}}`.
    TagReferences,
    /// `{{sfn}}`, `{{sfnp}}`, `{{harv}}`, `{{harvnb}}` …: a short
    /// citation linking to one full citation.
    Short,
    /// `{{sfnm}}`: a short citation linking to several.
    ShortMulti,
    /// `{{harvid}}`, `{{sfnref}}`: an anchor, in a citation's `ref=`.
    HarvId,
    /// `{{wikicite}}`: a citation written by hand, made a target by its
    /// `ref=` (or `id=`).
    Wikicite,
    /// `{{anchor}}`: anchors a link may name.
    Anchor,
    /// A Citation Style 1 or 2 template: `{{cite book}}`, `{{cite web}}`
    /// … and `{{citation}}`.
    Cite,
}

/// Names longer than this are no template ibid reads.
const LONGEST: usize = 64;

/// What a template of this name is, if ibid reads it.
pub(super) fn kind(name: &str) -> Option<Kind> {
    let name = name.trim();
    if name.len() > LONGEST || name.contains(['{', '<', '[']) {
        return None;
    }
    if let Some(tag) = name.strip_prefix("#tag:") {
        return match tag.trim().to_ascii_lowercase().as_str() {
            "ref" => Some(Kind::TagRef),
            "references" => Some(Kind::TagReferences),
            _ => None,
        };
    }
    let mut key = String::with_capacity(name.len());
    for word in name.split(|c: char| c.is_whitespace() || c == '_') {
        if word.is_empty() {
            continue;
        }
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    let key = key
        .strip_prefix("template:")
        .map_or(key.as_str(), str::trim_start);
    Some(match key {
        "efn" | "efn-la" => Kind::Efn("lower-alpha"),
        "efn-ua" => Kind::Efn("upper-alpha"),
        "efn-lr" => Kind::Efn("lower-roman"),
        "efn-ur" => Kind::Efn("upper-roman"),
        "efn-lg" => Kind::Efn("lower-greek"),
        "notelist" | "notelist-la" => Kind::Notelist("lower-alpha"),
        "notelist-ua" => Kind::Notelist("upper-alpha"),
        "notelist-lr" => Kind::Notelist("lower-roman"),
        "notelist-ur" => Kind::Notelist("upper-roman"),
        "notelist-lg" => Kind::Notelist("lower-greek"),
        "refn" => Kind::Refn,
        "r" => Kind::R,
        "reflist" | "references" | "reflist-talk" => Kind::Reflist,
        "sfn"
        | "sfnp"
        | "sfnb"
        | "harv"
        | "harvnb"
        | "harvp"
        | "harvtxt"
        | "harvcol"
        | "harvcolnb"
        | "harvcoltxt"
        | "harvard citation"
        | "harvard citation no brackets"
        | "harvard citation text" => Kind::Short,
        "sfnm" => Kind::ShortMulti,
        "harvid" | "sfnref" => Kind::HarvId,
        "wikicite" => Kind::Wikicite,
        "anchor" | "anchors" => Kind::Anchor,
        "citation" => Kind::Cite,
        _ if key.starts_with("cite ") => Kind::Cite,
        _ => return None,
    })
}

impl Template {
    /// The value of the last parameter named `name` (a later one wins).
    pub fn named(&self, text: &str, name: &str) -> Option<Span> {
        self.params
            .iter()
            .rev()
            .find(|p| p.name.is_some_and(|n| n.of(text) == name))
            .map(|p| p.value)
    }

    /// The positional parameters by number, `{{x|a|2=b}}` included; a
    /// later one of a number wins.
    pub fn positional(&self, text: &str) -> BTreeMap<usize, Span> {
        let mut out = BTreeMap::new();
        let mut next = 0;
        for p in &self.params {
            match p.name {
                None => {
                    next += 1;
                    out.insert(next, p.value);
                }
                Some(name) => {
                    if let Ok(n) = name.of(text).parse::<usize>() {
                        if (1..=1_000).contains(&n) {
                            out.insert(n, p.value);
                        }
                    }
                }
            }
        }
        out
    }

    /// The first positional parameter.
    pub fn first(&self, text: &str) -> Option<Span> {
        self.positional(text).get(&1).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_compare_as_pages_do() {
        assert_eq!(kind(" Reflist "), Some(Kind::Reflist));
        assert_eq!(kind("Template:Cite_book"), Some(Kind::Cite));
        assert_eq!(kind("cite  web"), Some(Kind::Cite));
        assert_eq!(kind("#tag:ref"), Some(Kind::TagRef));
        assert_eq!(kind("#tag: references "), Some(Kind::TagReferences));
        assert_eq!(kind("Efn-ua"), Some(Kind::Efn("upper-alpha")));
        assert_eq!(kind("citation needed"), None);
        assert_eq!(kind("rp"), None);
        assert_eq!(kind("{{x}}"), None);
    }
}
