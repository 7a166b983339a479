//! Short citations and the full citations they link to, by CITEREF
//! anchor, as Wikipedia's templates make them.
//!
//! - A Citation Style 1 or 2 template (`{{cite book}}`, `{{citation}}` …)
//!   gets the id `CITEREF` + the surnames of its first four authors (or,
//!   with no author, editors) + its year (Module:Citation/CS1,
//!   `make_citeref_id`; Help:Citation Style 1, `|ref=`). Surnames come
//!   from `last`/`surname`/`author` and their numbered forms
//!   (`last2`, `author2-last` …) or `vauthors`; the year from `year`, else
//!   the year in `date` with its disambiguating letter (`2004a`), the
//!   years a date range spans (`1960–1961`, `2002–03`; `December 2003 –
//!   January 2004` is `2003–2004`), or `n.d.`.
//!   `ref=ID` makes the id `ID`, `ref={{harvid|…}}` (or `{{sfnref|…}}`)
//!   the id those make, `ref=none` no id. With no surname there is no id.
//! - `{{sfn}}`, `{{sfnp}}`, `{{harv}}`, `{{harvnb}}`, `{{harvtxt}}` … link
//!   to `CITEREF` + their positional parameters, the last one being the
//!   year (Template:Harvard citation documentation, Module:Footnotes), or
//!   to their `ref=`; `{{sfnm}}` to each of its `1a1`…`1y` sets; a link
//!   `[[#CITEREFSmith2004|…]]` to its anchor. A link to another anchor
//!   (`[[#Reference-idCook1968|…]]`) links to the citation whose `ref=`
//!   that is; when no citation's it is, it may be a section's, and is
//!   not reported.
//! - Ids compare as MediaWiki's `anchorencode` leaves them: runs of spaces
//!   and underscores are one underscore; markup that CS1 drops from a
//!   name (comments, `[[links]]`, `''italics''`) is dropped. Case matters:
//!   `{{sfn|smith|2004}}` does not link to `|last=Smith`.
//!
//! In the model, each full citation that is a target is a
//! [`RefKind::Citation`] definition labelled with its id, and each short
//! citation a citation marker of the id it links to; the citation graph
//! judges them as it judges pandoc's inline `references:`. A full citation
//! is a target when it declares itself one (`ref={{harvid…}}`, `ref=ID`,
//! `{{wikicite|ref=…}}`), or when a short citation links to its id: the
//! usual citation in a `<ref>`, that nothing links to, is no entry of any
//! bibliography, and is never unused. `ref=harv` declares nothing: since
//! 2020 CS1 gives every citation its CITEREF anchor and ignores it, so a
//! citation with it is a target as one without it is. Two targets with one id are
//! `duplicate-entry`; a declared target nothing links to is
//! `unused-entry`; a link to no id is `unknown-citation`.
//!
//! A name or year that ibid cannot read (a template in it) makes the
//! citation's id unknown; then a short citation that links to no known id
//! is not reported, since it may link to that one.

use rustc_hash::{FxHashMap, FxHashSet};

use super::scan::{trimmed, Scanned};
use super::templates::{Kind, Template};
use crate::model::{Definition, Marker, RefKind, Span};

/// The id a citation has or a short citation links to.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Anchor {
    /// No id (`ref=none`, no surnames).
    None,
    Known(String),
    /// One ibid cannot work out (a template in a name).
    Unknown,
}

/// A full citation.
struct Full {
    anchor: Anchor,
    /// Made a target by its own `ref=`.
    declared: bool,
    /// Where findings about it go: its `ref=` value, or its name.
    at: Span,
    span: Span,
}

/// The short citations and their targets of a page, as citation markers
/// and definitions.
pub(super) fn read(
    text: &str,
    scanned: &Scanned,
    markers: &mut Vec<Marker>,
    definitions: &mut Vec<Definition>,
) {
    let harvid: FxHashMap<Span, Anchor> = scanned
        .templates
        .iter()
        .filter(|t| t.kind == Kind::HarvId)
        .map(|t| {
            (
                t.span,
                linked(text, &t.positional(text).into_values().collect::<Vec<_>>()),
            )
        })
        .collect();
    let mut fulls = Vec::new();
    let mut shorts: Vec<(Anchor, Span)> = Vec::new();
    for t in &scanned.templates {
        match t.kind {
            Kind::Cite => fulls.push(full(text, t, &harvid)),
            Kind::Wikicite => {
                if let Some(at) = t.named(text, "ref") {
                    fulls.push(Full {
                        anchor: written(text, at, &harvid),
                        declared: true,
                        at,
                        span: t.span,
                    });
                }
            }
            Kind::Anchor => {
                for at in t.positional(text).into_values() {
                    fulls.push(Full {
                        anchor: written(text, at, &harvid),
                        declared: false,
                        at: trimmed(text, at),
                        span: t.span,
                    });
                }
            }
            Kind::Short => {
                let anchor = match t.named(text, "ref") {
                    Some(at) => written(text, at, &harvid),
                    None => linked(text, &t.positional(text).into_values().collect::<Vec<_>>()),
                };
                shorts.push((anchor, t.span));
            }
            Kind::ShortMulti => {
                for i in 1..=9 {
                    let mut parts: Vec<Span> = (1..=4)
                        .filter_map(|n| t.named(text, &format!("{i}a{n}")))
                        .collect();
                    if parts.is_empty() {
                        continue;
                    }
                    parts.extend(t.named(text, &format!("{i}y")));
                    shorts.push((linked(text, &parts), t.span));
                }
            }
            _ => {}
        }
    }
    let mut links: Vec<(Anchor, Span)> = Vec::new();
    for link in &scanned.links {
        let anchor = link.anchor.of(text);
        let known = clean(anchor).map_or(Anchor::Unknown, |a| Anchor::Known(id(&a)));
        if anchor.starts_with("CITEREF") {
            shorts.push((known, link.span));
        } else {
            links.push((known, link.span));
        }
    }
    emit(fulls, shorts, links, markers, definitions);
}

/// The model of what was found (see the module docs). `links` are the
/// links to anchors not named `CITEREF…`: to a citation's id if one has
/// it, else perhaps to a section, and then no finding.
fn emit(
    fulls: Vec<Full>,
    shorts: Vec<(Anchor, Span)>,
    links: Vec<(Anchor, Span)>,
    markers: &mut Vec<Marker>,
    definitions: &mut Vec<Definition>,
) {
    let known = |a: &Anchor| match a {
        Anchor::Known(id) => Some(id.clone()),
        _ => None,
    };
    let ids: FxHashSet<String> = fulls.iter().filter_map(|f| known(&f.anchor)).collect();
    let mut linked: FxHashSet<String> = shorts.iter().filter_map(|(a, _)| known(a)).collect();
    for (anchor, span) in links {
        // Not a citation's id: a section's anchor, or another the page's
        // text makes. A marker only if defined, and the page's ids are all
        // known here (the citation graph does not weigh certainty).
        match anchor {
            Anchor::Known(id) if ids.contains(&id) => {
                markers.push(Marker::new(RefKind::Citation, id.as_str(), span));
                linked.insert(id);
            }
            _ => {}
        }
    }
    let uncertain = fulls.iter().any(|f| f.anchor == Anchor::Unknown);
    for f in fulls {
        if let Anchor::Known(id) = f.anchor {
            if f.declared || linked.contains(&id) {
                definitions.push(Definition::new(RefKind::Citation, id, f.at, f.span));
            }
        }
    }
    for (anchor, span) in shorts {
        let Anchor::Known(id) = anchor else {
            continue;
        };
        if ids.contains(&id) {
            markers.push(Marker::new(RefKind::Citation, id, span));
        } else if !uncertain {
            // The citation graph matches keys without regard to case;
            // an id matches only itself.
            let mut m = Marker::new(RefKind::Citation, id.as_str(), span);
            m.key = Some(format!("{id}\u{0}").into());
            markers.push(m);
        }
    }
}

/// A CS1/CS2 citation.
fn full(text: &str, t: &Template, harvid: &FxHashMap<Span, Anchor>) -> Full {
    let reference = t.named(text, "ref");
    let (anchor, declared) = match reference.map(|r| (r, r.of(text))) {
        Some((_, "")) | None => (own(text, t), false),
        Some((_, r)) if r.eq_ignore_ascii_case("none") => (Anchor::None, false),
        // Since 2020 every citation has its CITEREF anchor and `ref=harv`
        // is a no-op (Help:Citation Style 1, `|ref=`): it declares nothing.
        Some((_, r)) if r.eq_ignore_ascii_case("harv") => (own(text, t), false),
        Some((at, _)) => (written(text, at, harvid), true),
    };
    Full {
        anchor,
        declared,
        at: reference.filter(|r| !r.is_empty()).unwrap_or(t.head),
        span: t.span,
    }
}

/// The id a citation makes of its names and year.
fn own(text: &str, t: &Template) -> Anchor {
    let value = |name: &str| t.named(text, name).filter(|s| !s.is_empty());
    // The surnames by number, read in one pass over the parameters.
    let mut authors: [Option<Span>; 10] = [None; 10];
    let mut editors: [Option<Span>; 10] = [None; 10];
    for p in &t.params {
        let Some(name) = p.name.map(|n| n.of(text)) else {
            continue;
        };
        if p.value.is_empty() {
            continue;
        }
        for (patterns, slots) in [(AUTHORS, &mut authors), (EDITORS, &mut editors)] {
            if let Some(n) = patterns.iter().find_map(|pattern| numbered(name, pattern)) {
                slots[n] = Some(p.value);
            }
        }
    }
    let names = |slots: &[Option<Span>], list: &str| -> Option<Vec<Span>> {
        let mut found: Vec<Span> = slots.iter().flatten().copied().take(4).collect();
        if found.is_empty() {
            found = value(list).map(|l| vancouver(text, l)).unwrap_or_default();
        }
        (!found.is_empty()).then_some(found)
    };
    let Some(names) = names(&authors, "vauthors").or_else(|| names(&editors, "veditors")) else {
        return Anchor::None;
    };
    let year = match value("year") {
        Some(year) => clean(year.of(text)),
        None => value("date")
            .map(|d| clean(d.of(text)).map(|d| date_year(&d)))
            .unwrap_or(Some(String::new())),
    };
    let mut id = String::from("CITEREF");
    for name in names {
        let Some(name) = clean(name.of(text)) else {
            return Anchor::Unknown;
        };
        id.push_str(&name);
    }
    match year {
        Some(year) => {
            id.push_str(&year);
            Anchor::Known(self::id(&id))
        }
        None => Anchor::Unknown,
    }
}

/// The parameters of the `#`th author's surname (Help:Citation Style 1,
/// "Authors"); the first one's also without its number.
const AUTHORS: &[&str] = &[
    "last#",
    "surname#",
    "author#",
    "author-last#",
    "author#-last",
];

/// The same for editors.
const EDITORS: &[&str] = &[
    "editor-last#",
    "editor#-last",
    "editor-surname#",
    "editor#-surname",
    "editor#",
];

/// Which name (1 to 9) a parameter of a pattern's form gives: `last3` of
/// `last#` is 3, `last` is 1.
fn numbered(name: &str, pattern: &str) -> Option<usize> {
    let (before, after) = pattern.split_once('#')?;
    let number = name.strip_prefix(before)?.strip_suffix(after)?;
    match number.as_bytes() {
        [] => Some(1),
        [d @ b'1'..=b'9'] => Some(usize::from(d - b'0')),
        _ => None,
    }
}

/// The id a short citation (or `{{harvid}}`) links to: `CITEREF` + its
/// positional values, the last being the year.
fn linked(text: &str, values: &[Span]) -> Anchor {
    let mut id = String::from("CITEREF");
    let mut any = false;
    for v in values {
        let Some(v) = clean(v.of(text)) else {
            return Anchor::Unknown;
        };
        any |= !v.is_empty();
        id.push_str(&v);
    }
    if any {
        Anchor::Known(self::id(&id))
    } else {
        Anchor::None
    }
}

/// An id written out (`ref=ID`), or a `{{harvid}}` that makes one.
fn written(text: &str, at: Span, harvid: &FxHashMap<Span, Anchor>) -> Anchor {
    let at = trimmed(text, at);
    if let Some(anchor) = harvid.get(&at) {
        return anchor.clone();
    }
    match clean(at.of(text)) {
        Some(s) if s.is_empty() => Anchor::None,
        Some(s) => Anchor::Known(id(&s)),
        None => Anchor::Unknown,
    }
}

/// The surnames of a Vancouver list (`vauthors=Smith AB, Jones C`): each
/// name before its initials; `((…))` kept whole.
fn vancouver(text: &str, list: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = list.start;
    for part in list.of(text).split(',') {
        let span = trimmed(text, Span::new(at, at + part.len()));
        at += part.len() + 1;
        let name = span.of(text);
        let surname =
            if let Some(inner) = name.strip_prefix("((").and_then(|n| n.strip_suffix("))")) {
                Span::new(span.start + 2, span.start + 2 + inner.len())
            } else {
                match name.rsplit_once(' ') {
                    Some((last, initials)) if initials.chars().all(|c| c.is_uppercase()) => {
                        Span::new(span.start, span.start + last.trim_end().len())
                    }
                    _ => span,
                }
            };
        if !surname.is_empty() {
            out.push(surname);
        }
        if out.len() == 4 {
            break;
        }
    }
    out
}

/// A value as CS1 reads it into an id: without comments, link markup,
/// bold and italics; `None` when a template in it makes it unknowable.
fn clean(raw: &str) -> Option<String> {
    let mut plain = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find("<!--") {
        plain.push_str(&rest[..at]);
        rest = rest[at + 4..]
            .find("-->")
            .map_or("", |end| &rest[at + 4 + end + 3..]);
    }
    plain.push_str(rest);
    if plain.contains("{{") || plain.contains("}}") {
        return None;
    }
    let mut out = String::with_capacity(plain.len());
    let mut rest = plain.as_str();
    while let Some(at) = rest.find("[[") {
        out.push_str(&rest[..at]);
        let inner = &rest[at + 2..];
        match inner.find("]]") {
            Some(end) => {
                out.push_str(inner[..end].rsplit('|').next().unwrap_or(""));
                rest = &inner[end + 2..];
            }
            None => {
                out.push_str(&rest[at..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    let out = out
        .replace("'''", "")
        .replace("''", "")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    Some(out.trim().to_owned())
}

/// The year of a `date=` as CS1 puts it in an id
/// (Module:Citation/CS1/Date_validation, `anchor_year`): the first
/// four-digit year, or the range of years a date range spans
/// (`1960–1961`, `2002–03`; `December 2003 – January 2004` is
/// `2003–2004`), with a disambiguating letter after it (`2004a`); or
/// `n.d.`.
fn date_year(date: &str) -> String {
    let date = date.trim().replace("&ndash;", "–");
    if let Some(rest) = date.strip_prefix("n.d.") {
        let letter = rest.chars().next().filter(char::is_ascii_lowercase);
        return format!("n.d.{}", letter.map(String::from).unwrap_or_default());
    }
    let b = date.as_bytes();
    // The four-digit numbers standing alone, by where they start.
    let years: Vec<usize> = (0..b.len().saturating_sub(3))
        .filter(|&i| {
            b[i..i + 4].iter().all(u8::is_ascii_digit)
                && (i == 0 || !b[i - 1].is_ascii_digit())
                && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
        })
        .collect();
    // A disambiguating letter right after a year ending at `end`.
    let letter = |end: usize| {
        b.get(end)
            .filter(|c| c.is_ascii_lowercase())
            .filter(|_| b.get(end + 1).is_none_or(|c| !c.is_ascii_alphabetic()))
            .map_or(end, |_| end + 1)
    };
    let Some(&first) = years.first() else {
        return String::new();
    };
    let year = &date[first..first + 4];
    let after = &date[first + 4..];
    // `2002–03`: an unspaced en dash and two digits, the century's.
    if let Some(short) = after.strip_prefix('–') {
        let digits = short.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 2 {
            let end = letter(first + 4 + '–'.len_utf8() + 2);
            return format!("{year}–{}", &date[first + 4 + '–'.len_utf8()..end]);
        }
    }
    // A later year after a dash: a range across years.
    let later = years
        .iter()
        .skip(1)
        .find(|&&at| date[first + 4..at].contains(['–', '-']) && date[at..at + 4] != *year);
    match later {
        Some(&at) => format!("{year}–{}", &date[at..letter(at + 4)]),
        None => date[first..letter(first + 4)].to_owned(),
    }
}

/// An id as `anchorencode` leaves it: runs of spaces and underscores one
/// underscore, none at the ends.
fn id(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut gap = false;
    for c in raw.chars() {
        if c.is_whitespace() || c == '_' {
            gap = true;
            continue;
        }
        if gap && !out.is_empty() {
            out.push('_');
        }
        gap = false;
        out.push(c);
    }
    out
}
