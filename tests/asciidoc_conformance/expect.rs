//! What ibid must report in each case: the oracle's occurrences it
//! answers for, placed on the line the construct is written on (found in
//! the sources from Asciidoctor's line or the corpus's hand-found
//! locations), and the includes the corpus replaced by placeholders
//! ([`placeholder_includes`]).

use std::collections::BTreeMap;
use std::path::Path;

use super::corpus::{asciidoc_files, Mutation, Placeholder, Project};
use super::oracle::{classify, delta, occurrences, Class, Occurrence};
use super::shift::Shift;
use super::source::{definition_line, definitions, include_targets, locate, needles, resolve};
use crate::conformance_corpus::{list, Place};
use crate::conformance_oracle::{json_places, unknown_kind, Expectation, Sources};

/// The mutation whose oracle is empty on purpose: Asciidoctor 2.0.18 keeps
/// the first text of a footnote id defined twice and says nothing; ibid
/// must report `duplicate` at the second definition, `related` at the
/// first (the mutation json's `added[1]` and `added[0]`).
pub const REDEFINED_FOOTNOTE: &str = "footnote-id-redefined";

// ---------------------------------------------------------------------------
// Expectations

/// The expectations of one case.
#[derive(Debug, Default)]
pub struct Expected {
    /// From the oracle (and, for [`REDEFINED_FOOTNOTE`], the mutation json).
    pub checks: Vec<Expectation>,
    /// Includes of files the corpus does not store, which ibid rightly
    /// reports as `missing-file` and the oracle cannot (its build gave
    /// them placeholders).
    pub placeholders: Vec<Expectation>,
    /// How the harness read the oracle (printed with the results).
    pub notes: Vec<String>,
    /// What the harness could not read: the case fails with these.
    pub problems: Vec<String>,
}

impl Expected {
    pub fn note(&mut self, note: String) {
        self.notes.push(note);
    }

    /// The checks, then the placeholders.
    pub fn all(&self) -> impl Iterator<Item = &Expectation> {
        self.checks.iter().chain(&self.placeholders)
    }
}

/// Expectations from `found` (occurrences of the oracle), placed in the
/// sources under `src`.
fn build(src: &Path, found: &[Occurrence], out: &mut Expected) {
    let mut sources = Sources::new(src);
    // Every AsciiDoc file, read once a duplicate's other definitions are
    // looked for.
    let mut book = None;
    let mut seen: BTreeMap<(Place, &str, String), usize> = BTreeMap::new();
    for o in found {
        let code = match classify(&o.kind) {
            Class::Mapped(code) => code,
            Class::Skipped(_) => continue,
            Class::Unknown => {
                out.problems.push(unknown_kind(&o.kind, o));
                continue;
            }
        };
        let Some(place) = &o.place else {
            out.problems
                .push(format!("a `{}` message without a location: {o}", o.kind));
            continue;
        };
        let because = format!("Asciidoctor: {o}");
        if code == "duplicate-label" {
            let line = definition_line(sources.lines(&place.path), place.line, &o.key);
            let at = Place::new(&place.path, line.unwrap_or(place.line));
            match line {
                None => out.note(format!(
                    "{code} `{}`: no definition found in {}; expected at Asciidoctor's line",
                    o.key, place.path
                )),
                Some(n) if n != place.line => out.note(format!(
                    "{code} `{}`: Asciidoctor names the block or title at {place}; its id is \
                     written at line {n}",
                    o.key
                )),
                Some(_) => {}
            }
            let book = book.get_or_insert_with(|| asciidoc_files(src));
            let others: Vec<Place> = definitions(book, &o.key)
                .into_iter()
                .filter(|p| *p != at)
                .collect();
            if others.len() != 1 {
                out.note(format!(
                    "{code} `{}`: {} other definition(s) of the id found ({}); `related` {}",
                    o.key,
                    others.len(),
                    list(&others),
                    if others.is_empty() {
                        "is not checked"
                    } else {
                        "must name the first"
                    }
                ));
            }
            out.checks.push(Expectation {
                code,
                label: o.key.clone(),
                related: others.into_iter().next(),
                at,
                because,
            });
            continue;
        }
        let needles = needles(code, &o.key);
        let nth = seen
            .entry((place.clone(), code, o.key.clone()))
            .or_default();
        let line = locate(sources.lines(&place.path), place.line, &needles, *nth);
        *nth += 1;
        match line {
            None => out.note(format!(
                "{code} `{}`: {} (occurrence {}) not found at or after {place} in its block; \
                 expected at that line",
                o.key,
                list(&needles),
                *nth
            )),
            Some(n) if n != place.line => out.note(format!(
                "{code} `{}`: Asciidoctor's line is {place}, the block's; the construct is at \
                 line {n}",
                o.key
            )),
            Some(_) => {}
        }
        out.checks.push(Expectation {
            code,
            label: o.key.clone(),
            at: Place::new(&place.path, line.unwrap_or(place.line)),
            related: None,
            because,
        });
    }
}

/// The `missing-file` findings the placeholders stand for: every line of
/// the sources under `src` that includes a placeholder's path (from its
/// `included_from` when the corpus recorded it). A placeholder no line
/// includes is a problem.
pub fn placeholder_includes(src: &Path, placeholders: &[Placeholder], out: &mut Expected) {
    let files = asciidoc_files(src);
    for p in placeholders {
        let mut found = 0;
        for (path, lines) in &files {
            if p.included_from.as_ref().is_some_and(|f| f != path) {
                continue;
            }
            for n in 1..=lines.len() {
                for target in include_targets(lines.line(n).unwrap_or_default()) {
                    if resolve(path, target) == p.path {
                        found += 1;
                        out.placeholders.push(Expectation {
                            code: "missing-file",
                            label: target.to_owned(),
                            at: Place::new(path, n),
                            related: None,
                            because: format!(
                                "build.placeholders: the corpus does not store `{}` (the \
                                 oracle's build gave it an empty placeholder)",
                                p.path
                            ),
                        });
                    }
                }
            }
        }
        if found == 0 {
            out.problems.push(format!(
                "placeholder `{}` (included from {}): no line of the sources includes it",
                p.path,
                p.included_from.as_deref().unwrap_or("an unrecorded file")
            ));
        }
    }
}

/// The expectations for a book's unmodified sources.
pub fn for_base(project: &Project) -> Expected {
    let mut out = Expected::default();
    let found = occurrences(&project.messages, &mut out.problems);
    build(&project.src(), &found, &mut out);
    placeholder_includes(&project.src(), &project.placeholders, &mut out);
    out
}

/// The expectations for a mutation, placed in its patched copy `dir`:
/// what the oracle added (its occurrences less the base oracle's, moved
/// by `shift`), and for [`REDEFINED_FOOTNOTE`] the duplicate the oracle
/// is silent about.
pub fn for_mutation(project: &Project, m: &Mutation, dir: &Path, shift: &Shift) -> Expected {
    let mut out = Expected::default();
    let mut ignored = Vec::new();
    let base = occurrences(&project.messages, &mut ignored);
    let mutated = occurrences(&m.oracle.messages, &mut out.problems);
    let (added, removed) = delta(&base, &mutated, shift);
    for o in &removed {
        if matches!(classify(&o.kind), Class::Mapped(_)) {
            out.problems.push(format!(
                "the oracle no longer reports {o} (after the patch's renumbering): a mutation \
                 only adds a defect, and the harness has no rule for this"
            ));
        }
    }
    let (vs_added, vs_removed) = m.oracle.delta_vs_base;
    if (vs_added, vs_removed) != (added.len(), removed.len()) {
        out.note(format!(
            "delta_vs_base lists {vs_added} added and {vs_removed} removed; after the patch's \
             renumbering {} added ({}) and {} removed",
            added.len(),
            list(added.iter().map(|o| o.kind.as_str())),
            removed.len()
        ));
    }
    if m.oracle.placeholders != project.placeholders {
        out.problems.push(format!(
            "the mutation's build.placeholders differ from the base oracle's ({} vs {})",
            m.oracle.placeholders.len(),
            project.placeholders.len()
        ));
    }
    build(dir, &added, &mut out);
    if m.id == REDEFINED_FOOTNOTE {
        redefined(m, dir, &mut out);
    }
    if out.checks.is_empty() {
        out.problems.push(format!(
            "nothing to expect: the oracle's delta has no message ibid answers for (added: {})",
            list(&added)
        ));
    }
    out.notes.extend(spec_notes(m, &out.checks));
    out
}

/// The duplicate footnote of [`REDEFINED_FOOTNOTE`], from the mutation
/// json's `added` (first definition, second definition).
fn redefined(m: &Mutation, dir: &Path, out: &mut Expected) {
    let places = m.places("added");
    let [first, second] = places.as_slice() else {
        out.problems.push(format!(
            "{REDEFINED_FOOTNOTE}: `added` should name the two definitions, not {}",
            list(&places)
        ));
        return;
    };
    let needles = needles("duplicate", m.key());
    let mut sources = Sources::new(dir);
    for p in [first, second] {
        if locate(sources.lines(&p.path), p.line, &needles, 0) != Some(p.line) {
            out.problems.push(format!(
                "{REDEFINED_FOOTNOTE}: {} is not written at {p}",
                list(&needles)
            ));
        }
    }
    out.checks.push(Expectation {
        code: "duplicate",
        label: m.key().to_owned(),
        at: second.clone(),
        related: Some(first.clone()),
        because: format!(
            "mutation json: footnote `{}` defined at {first} and again, with another text, at \
             {second}; Asciidoctor is silent (the oracle is empty on purpose)",
            m.key()
        ),
    });
}

/// Notes where the mutation json's `expect`, `original` and `added`
/// differ from what the harness expects.
fn spec_notes(m: &Mutation, checks: &[Expectation]) -> Vec<String> {
    let mut notes = Vec::new();
    for (kind, entries) in m.spec["expect"].as_object().into_iter().flatten() {
        let Some(count) = entries.as_array().map(Vec::len) else {
            continue;
        };
        let Class::Mapped(code) = classify(kind) else {
            notes.push(format!(
                "mutation json expects `{kind}`, which ibid does not answer for"
            ));
            continue;
        };
        let ours: Vec<&Expectation> = checks.iter().filter(|c| c.code == code).collect();
        if count != ours.len() {
            notes.push(format!(
                "mutation json expects {count} `{kind}`; the oracle's delta gives {} {code}",
                ours.len()
            ));
        }
        let elsewhere: Vec<String> = json_places(entries)
            .into_iter()
            .filter(|p| !ours.iter().any(|c| c.at == *p))
            .map(|p| p.to_string())
            .collect();
        if !elsewhere.is_empty() {
            notes.push(format!(
                "mutation json places `{kind}` at {}, where the harness expects none",
                elsewhere.join(", ")
            ));
        }
    }
    let copies: Vec<Place> = m
        .places("original")
        .into_iter()
        .chain(m.places("added"))
        .collect();
    for c in checks.iter().filter(|c| c.code == "duplicate-label") {
        let ours: Vec<&Place> = std::iter::once(&c.at).chain(&c.related).collect();
        if copies.len() != ours.len() || !copies.iter().all(|p| ours.contains(&p)) {
            notes.push(format!(
                "duplicate-label `{}`: mutation json's copies are {}; the harness expects {}",
                c.label,
                list(&copies),
                list(ours)
            ));
        }
    }
    notes
}
