//! kramdown-rfc: IETF Internet-Drafts written in Markdown.
//!
//! A document is a draft when its YAML front matter names one of
//! `normative`, `informative`, `docname` (`docName`) or `ipr` at the top
//! level; nothing below runs for any other document, so a `{{ x }}` in a
//! template page is text. A draft's front matter ends at its first section
//! line (`--- abstract`, `--- middle`, `--- note_…`) as well as at `---`.
//!
//! References `{{RFC2119}}` are read from the document's running text (as
//! both parsers give it, so never in code); each names an anchor. An
//! anchor among the entries of the front matter's `normative:` and
//! `informative:` maps is a citation of that entry. `{{!RFC2119}}` and
//! `{{?RFC8174}}` also add their entry when the maps lack it, if
//! kramdown-rfc can: a name it fetches (`RFC…`, `I-D.…`, …), a `=what` to
//! fetch, or an entry of `ref:`. `{{-abbrev}}` names the entry that
//! declares the abbreviation (`KEY: abbrev`, or `-: abbrev` in its table,
//! in either map or in `ref:`). kramdown-rfc defines a link for each entry,
//! so `[RFC2119]` and `[text][RFC2119]` cite it too; pandoc's `@key` is
//! text. An anchor the document defines itself (`{#id}`, `{: #id}`,
//! `anchor="id"`, a heading's automatic id) is a cross-reference, not a
//! citation; any other anchor is a citation nothing defines
//! (`unknown-citation`). `{::boilerplate bcp14}` at a line's start cites
//! (and adds) RFC 2119 and RFC 8174, as kramdown-rfc expands it; a
//! `--- fluff` section is dropped, as kramdown-rfc drops it.
//!
//! # Grammar
//!
//! ```text
//! xref            = "{{" ( reference / other ) "}}"   ; `other`: `{{{Name}}}` (a contact),
//!                                                     ; `{{&SELF}}` (an entity), `{{https://…}}`
//! reference       = target / of-form / comma-form / paren-form / relative-form
//! of-form         = sections SP "of" SP target        ; {{Section 3 of RFC9000}}
//! comma-form      = target "," SP sections            ; {{RFC9000, Section 3}}
//! paren-form      = target SP "(" sections ")"        ; {{RFC9000 (Section 3)}}
//! relative-form   = ( section "<" / "<<" / "<" ) name [ titled ]  ; {{3.2<RFC9000}}, {{<sec}}
//! target          = [ subref ] ( marked / name ) [ titled ]
//! subref          = 1*( word-char / "/" ) "@"         ; {{RFC9114@HTTP3}}: the anchor is HTTP3
//! marked          = ( ( "!" / "?" ) [ "-" ] / "-" ) 1*word-char [ "=" 1*( word-char / "/" ) ]
//!                                                     ; {{!RFC2119}}, {{?-abbrev}}, {{!UDP=RFC0768}}
//! sections        = sections-any [ SP "and" SP sections-any ]
//! sections-any    = ( "Section" / "Appendix" ) SP section
//!                 / ( "Sections" / "Appendices" ) SP section
//!                   *( "," SP !( "and" SP ) section ) [ "," ] SP "and" SP section
//! section         = name [ titled ]
//! titled          = SP "(" 1*( "(" *( char - ")" ) ")" / char - "(" - ")" ) ")"
//! name            = 1*( ALNUM / "." / "-" / "_" / ":" )
//! word-char       = ALNUM / "." / "-" / "_"
//! SP              = 1*( WSP / EOL / NBSP )
//! boilerplate     = BOL "{::boilerplate" SP key "}"   ; bcp14…: RFC2119, RFC8174 (or BCP14);
//!                                                     ; rfc7942…: RFC7942
//! section-line    = BOL "---" 1*" " 1*( ALNUM / "_" ) [ "-" ] *WSP EOL
//! ```
//!
//! kramdown-rfc matches anchors exactly; ibid matches citation keys
//! case-insensitively, so `{{rfc2119}}` resolves to an entry `RFC2119:`.

mod anchors;
mod grammar;

use memchr::{memchr, memmem};
use rustc_hash::{FxHashMap, FxHashSet};

use super::{escaped, normalize_citation};
use crate::bib::citation_key;
use crate::model::{Certainty, Definition, Label, Marker, RefKind, Span};
use grammar::{reference, Mark};

/// Longest `{{…}}` read, in bytes (a reference with section titles is a
/// few dozen).
const MAX_XREF: usize = 1024;

/// What a draft's front matter tells the references pass beyond its
/// entries (which are citation definitions like any front matter's).
#[derive(Debug, Default)]
pub(super) struct Draft {
    /// `{{-abbrev}}` → the entry declaring `abbrev`, in declaration order
    /// (a later declaration wins, as in kramdown-rfc).
    pub aliases: Vec<(Label, Label)>,
    /// The entries of `ref:`, which `{{!…}}` and `{{?…}}` add.
    pub open: Vec<Label>,
}

/// Whether a top-level front-matter key makes the document a draft.
pub(super) fn is_draft_key(key: &str) -> bool {
    matches!(
        key,
        "normative" | "informative" | "docname" | "docName" | "ipr"
    )
}

/// Where a draft's YAML front matter (its text from `content` on) ends: at
/// the first section line, when no `---` or `...` line comes before it and
/// a line before it starts with a draft key. `None` otherwise (the front
/// matter, if any, is Markdown's).
pub(super) fn front_matter_end(bytes: &[u8], content: usize, fence: u8) -> Option<usize> {
    if fence != b'-' {
        return None;
    }
    let mut at = content;
    let mut draft = false;
    while at < bytes.len() {
        let end = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        if line.starts_with(b"---") || line.starts_with(b"...") {
            return (draft && section_line(line).is_some()).then_some(at);
        }
        if at == content && line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        draft = draft || draft_key_line(line);
        at = end + 1;
    }
    None
}

/// Whether a front-matter line opens with a draft key (`ipr: …`).
fn draft_key_line(line: &[u8]) -> bool {
    let key = line
        .iter()
        .position(|&b| b == b':')
        .map_or(&[][..], |colon| &line[..colon]);
    std::str::from_utf8(key).is_ok_and(is_draft_key)
}

/// The name of a section line (`--- middle` → `middle`), which kramdown-rfc
/// splits a draft at.
///
/// # Grammar
/// `section-line = BOL "---" 1*" " 1*( ALNUM / "_" ) [ "-" ] *WSP EOL`
fn section_line(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(b"---")?;
    let name = rest.trim_ascii_start();
    if name.len() == rest.len() || !rest.starts_with(b" ") {
        return None;
    }
    let name = name.trim_ascii_end();
    let word = name.strip_suffix(b"-").unwrap_or(name);
    (!word.is_empty() && word.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'_'))
        .then_some(word)
}

/// The stretches of `--- fluff` sections, which kramdown-rfc drops.
fn fluff(text: &str, body: usize) -> Vec<std::ops::Range<usize>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut open: Option<usize> = None;
    let mut at = body;
    loop {
        let end = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        if line.starts_with(b"---") {
            let name = section_line(line);
            let bare = line[3..].iter().all(u8::is_ascii_whitespace);
            if name.is_some() || bare {
                if let Some(start) = open.take() {
                    out.push(start..at);
                }
                if name == Some(b"fluff") {
                    open = Some(at);
                }
            }
        }
        if end >= bytes.len() {
            break;
        }
        // Section lines start lines: jump to the next `\n---`.
        match memmem::find(&bytes[end..], b"\n---") {
            Some(i) => at = end + i + 1,
            None => break,
        }
    }
    if let Some(start) = open {
        out.push(start..bytes.len());
    }
    out
}

/// A reference found in the text.
struct Found {
    /// The anchor it names (an abbreviation resolved).
    label: Label,
    /// Where the anchor is written.
    span: Span,
    /// The whole `{{…}}` (or boilerplate).
    whole: Span,
    /// Marked (`!`, `?`), and something kramdown-rfc can add an entry from: a name
    /// it fetches, a `=what` to fetch, or an entry of `ref:`.
    adds: bool,
}

/// Whether kramdown-rfc fetches an entry for a name (its `bibtagsys`):
/// `RFC…`, `BCP…` and `STD…` numbers, and the prefixes of its
/// bibliography servers (`I-D.`, `W3C.`, …).
fn fetched(name: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "RFC", "I-D", "BCP", "STD", "W3C", "3GPP", "SDO-3GPP", "ANSI", "CCITT", "FIPS", "IEEE",
        "ISO", "ITU", "NIST", "OASIS", "PKCS", "DOI", "IANA",
    ];
    let numbered = |series: &str| {
        name.get(..series.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(series))
            && name[series.len()..].starts_with(|c: char| c.is_ascii_digit())
    };
    numbered("rfc")
        || numbered("bcp")
        || numbered("std")
        || name
            .split_once('.')
            .is_some_and(|(prefix, _)| PREFIXES.contains(&prefix))
}

impl Draft {
    /// The references of a draft: citation markers in `markers`, and the
    /// entries `{{!…}}` and `{{?…}}` add in `definitions` (which hold the
    /// front matter's entries already). `body` is where the text after the
    /// front matter starts; `prose` is the document's running text.
    pub(super) fn cite(
        &self,
        text: &str,
        body: usize,
        prose: &[Span],
        markers: &mut Vec<Marker>,
        definitions: &mut Vec<Definition>,
    ) {
        // kramdown has no pandoc citations: `@method` is text.
        markers.retain(|m| m.kind != RefKind::Citation);
        let fluff = fluff(text, body);
        let aliases: FxHashMap<&str, &str> = self
            .aliases
            .iter()
            .map(|(alias, key)| (alias.as_str(), key.as_str()))
            .collect();
        // One pass over the text for each pattern, each hit looked up
        // among the prose spans (in order, as both parsers give them).
        let prose: std::borrow::Cow<'_, [Span]> = if prose.is_sorted_by_key(|s| s.start) {
            prose.into()
        } else {
            let mut sorted = prose.to_vec();
            sorted.sort_by_key(|s| s.start);
            sorted.into()
        };
        let prose = &*prose;
        let within = Within {
            prose,
            fluff: &fluff,
            next: 0,
        };
        let mut found = Vec::new();
        xrefs(text, body, within.clone(), &aliases, &self.open, &mut found);
        boilerplate(text, body, within, &mut found);
        let mut defined: FxHashSet<String> = definitions
            .iter()
            .filter(|d| d.kind == RefKind::Citation)
            .map(|d| citation_key(&d.label).into_owned())
            .collect();
        for f in &found {
            if f.adds && defined.insert(citation_key(&f.label).into_owned()) {
                definitions.push(Definition {
                    label: f.label.clone(),
                    key: normalize_citation(&f.label),
                    label_span: f.span,
                    body: f.whole,
                    kind: RefKind::Citation,
                    namespace: None,
                    origin: crate::model::Origin::Written,
                });
            }
        }
        links(text, (body, prose, &fluff), &defined, markers, definitions);
        let mut anchors: Option<FxHashSet<String>> = None;
        for f in found {
            if !defined.contains(&*citation_key(&f.label)) {
                let own = anchors.get_or_insert_with(|| anchors::anchors(text, body));
                if own.contains(f.label.as_str()) {
                    continue;
                }
            }
            markers.push(Marker {
                key: normalize_citation(&f.label),
                label: f.label,
                span: f.span,
                label_span: f.span,
                certainty: Certainty::Marker,
                kind: RefKind::Citation,
                namespace: None,
            });
        }
    }
}

/// kramdown-rfc defines a link for every entry, so `[RFC2119]` and
/// `[text][RFC2119]` cite it too (unless the document defines that link
/// itself): the link markers become citations, and a bracketed entry in
/// running text (an undefined shortcut link to Markdown) a citation. So do
/// `[text](#RFC2119)` and raw XML's `<xref target="RFC2119"/>`, read from
/// the raw text after the front matter (from `body`): they only ever cite
/// an entry there is, so reading code too costs no false finding.
fn links(
    text: &str,
    (body, prose, fluff): (usize, &[Span], &[std::ops::Range<usize>]),
    defined: &FxHashSet<String>,
    markers: &mut Vec<Marker>,
    definitions: &[Definition],
) {
    if defined.is_empty() {
        return;
    }
    let links: FxHashSet<&str> = definitions
        .iter()
        .filter(|d| d.kind == RefKind::Link)
        .map(Definition::key)
        .collect();
    for m in markers.iter_mut().filter(|m| m.kind == RefKind::Link) {
        if !links.contains(m.key()) && defined.contains(&*citation_key(&m.label)) {
            m.kind = RefKind::Citation;
            m.key = normalize_citation(&m.label);
            m.certainty = Certainty::Marker;
        }
    }
    let bytes = text.as_bytes();
    let mut cite = |start: usize, close: u8, end: usize| -> Option<usize> {
        let window = &bytes[start..end.min(start + MAX_XREF)];
        let stop = start + memchr(close, window)?;
        let name = &text[start..stop];
        let plain = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':' | '/'));
        if plain && defined.contains(&*citation_key(name)) {
            let span = Span::new(start, stop);
            markers.push(Marker {
                key: normalize_citation(name),
                label: name.into(),
                span,
                label_span: span,
                certainty: Certainty::Marker,
                kind: RefKind::Citation,
                namespace: None,
            });
        }
        Some(stop)
    };
    for span in prose {
        if fluff.iter().any(|f| f.contains(&span.start)) {
            continue;
        }
        let mut pos = span.start;
        while let Some(i) = memchr(b'[', &bytes[pos..span.end]) {
            let open = pos + i;
            pos = open + 1;
            if escaped(bytes, open) {
                continue;
            }
            let Some(stop) = cite(pos, b']', span.end) else {
                continue;
            };
            if bytes[pos..stop].iter().all(|&b| b != b'[') {
                pos = stop + 1;
            }
        }
    }
    for (opener, close) in [(&b"](#"[..], b')'), (b"<xref target=\"", b'"')] {
        for at in memmem::find_iter(&bytes[body..], opener) {
            let start = body + at + opener.len();
            if !fluff.iter().any(|f| f.contains(&start)) {
                cite(start, close, text.len());
            }
        }
    }
}

/// The prose span holding each of a rising run of positions.
#[derive(Clone)]
struct Within<'a> {
    /// In order, not overlapping.
    prose: &'a [Span],
    /// `--- fluff` sections, whose text counts for nothing.
    fluff: &'a [std::ops::Range<usize>],
    next: usize,
}

impl Within<'_> {
    /// The prose span holding `at` (each call with an `at` no smaller
    /// than the last's), if it is not in a fluff section.
    fn span(&mut self, at: usize) -> Option<Span> {
        while self.prose.get(self.next).is_some_and(|s| s.end <= at) {
            self.next += 1;
        }
        let span = *self.prose.get(self.next).filter(|s| s.start <= at)?;
        (!self.fluff.iter().any(|f| f.contains(&at))).then_some(span)
    }
}

/// The `{{…}}` references in running text from `body` on.
fn xrefs(
    text: &str,
    body: usize,
    mut within: Within<'_>,
    aliases: &FxHashMap<&str, &str>,
    open: &[Label],
    out: &mut Vec<Found>,
) {
    let bytes = text.as_bytes();
    let mut skip = body;
    for i in memmem::find_iter(&bytes[body..], b"{{") {
        let from = body + i;
        if from < skip {
            continue;
        }
        let Some(span) = within.span(from) else {
            continue;
        };
        if escaped(bytes, from) {
            continue;
        }
        if bytes.get(from + 2) == Some(&b'{') {
            // `{{{Name}}}`: a contact.
            skip = from + 3;
            continue;
        }
        let window = &bytes[from + 2..span.end.min(from + 2 + MAX_XREF)];
        let Some(close) = memchr(b'}', window).map(|c| from + 2 + c) else {
            continue;
        };
        if bytes.get(close + 1) != Some(&b'}') || close + 1 >= span.end {
            continue;
        }
        skip = close + 2;
        let content = &text[from + 2..close];
        let Some(t) = reference(content) else {
            continue;
        };
        let (label, known): (Label, bool) = match (t.alias, aliases.get(t.name)) {
            (false, _) => (t.name.into(), true),
            (true, Some(&key)) => (key.into(), true),
            // kramdown-rfc leaves an abbreviation nothing declares as it is.
            (true, None) => (format!("-{}", t.name).into(), false),
        };
        let adds =
            t.mark.is_some() && known && (t.fetch || fetched(&label) || open.contains(&label));
        let start = from + 2 + t.at;
        out.push(Found {
            label,
            span: Span::new(start, start + t.len),
            whole: Span::new(from, close + 2),
            adds,
        });
    }
}

/// `{::boilerplate KEY}` at a line's start in running text: the
/// references kramdown-rfc writes in its place.
fn boilerplate(text: &str, body: usize, mut within: Within<'_>, out: &mut Vec<Found>) {
    const OPEN: &[u8] = b"{::boilerplate";
    let bytes = text.as_bytes();
    for i in memmem::find_iter(&bytes[body..], OPEN) {
        let open = body + i;
        if open > 0 && bytes[open - 1] != b'\n' {
            continue;
        }
        let Some(span) = within.span(open) else {
            continue;
        };
        let after = open + OPEN.len();
        let line_end = memchr(b'\n', &bytes[after..span.end]).map_or(span.end, |n| after + n);
        let Some(close) = memchr(b'}', &bytes[after..line_end]).map(|n| after + n) else {
            continue;
        };
        let gap = bytes[after..close]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        if gap == 0 {
            continue;
        }
        let key_span = Span::new(after + gap, close);
        let whole = Span::new(open, close + 1);
        for (label, mark) in boilerplate_refs(&text[key_span.start..key_span.end]) {
            out.push(Found {
                label: (*label).into(),
                span: key_span,
                whole,
                adds: mark.is_some(),
            });
        }
    }
}

/// The references a boilerplate key expands to (kramdown-rfc's
/// `boilerplate`): `bcp14` with `info`, `+`, `-tagged` and `-bcp`/`-bcp14`
/// variants, and `rfc7942` (`rfc7942info` adds a section reference).
fn boilerplate_refs(key: &str) -> &'static [(&'static str, Option<Mark>)] {
    const BCP14: &[(&str, Option<Mark>)] = &[
        ("RFC2119", Some(Mark::Normative)),
        ("RFC8174", Some(Mark::Normative)),
    ];
    const BCP14_BCP14: &[(&str, Option<Mark>)] = &[
        ("BCP14", Some(Mark::Normative)),
        ("RFC2119", None),
        ("RFC8174", None),
    ];
    const BCP14_BCP: &[(&str, Option<Mark>)] = &[("BCP14", Some(Mark::Normative))];
    const RFC7942: &[(&str, Option<Mark>)] = &[("RFC7942", Some(Mark::Informative))];
    let key = key.to_ascii_lowercase();
    if let Some(rest) = key.strip_prefix("bcp14") {
        let rest = rest.strip_prefix("info").unwrap_or(rest);
        let rest = rest.strip_prefix('+').unwrap_or(rest);
        let rest = rest.strip_prefix("-tagged").unwrap_or(rest);
        return match rest {
            "" => BCP14,
            "-bcp14" => BCP14_BCP14,
            "-bcp" => BCP14_BCP,
            _ => &[],
        };
    }
    let Some(rest) = key.strip_prefix("rfc") else {
        return &[];
    };
    match rest.trim_start().strip_prefix("7942") {
        Some("" | "info") => RFC7942,
        _ => &[],
    }
}

#[cfg(test)]
mod tests;
