//! What ibid must report, built from the oracles: the mapping from the
//! real tools' messages to ibid's codes (see the table in the test's
//! module docs), with each line checked against the sources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::Value;

use super::corpus::{bib_files, bib_keys, locate, strings, Mutation, Project};
use super::oracle::{base_entries, delta, Entry, Kind};
use crate::conformance_corpus::{list, Lines, Place};

/// How the findings of one code and label must look.
#[derive(Clone, Debug, PartialEq)]
pub enum Rule {
    /// The set of the findings' places equals this set (LaTeX may list a
    /// place twice: a `\cref` is reported twice).
    Places(BTreeSet<Place>),
    /// Exactly one finding, in `path` (at `line` when known), with
    /// `related` among its related places when known.
    One {
        path: String,
        line: Option<usize>,
        related: Option<Place>,
    },
    /// Exactly one finding: its place and related places are `copies`
    /// (every copy appears); when the copies share a file, the finding is
    /// at the later one (`at`), the earlier ones related.
    Duplicate {
        copies: BTreeSet<Place>,
        at: Option<Place>,
    },
}

/// One expected group of findings.
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub code: &'static str,
    pub label: String,
    pub rule: Rule,
    /// What the oracle said, for failure messages.
    pub because: String,
}

#[derive(Debug, Default)]
pub struct Expected {
    pub checks: Vec<Expectation>,
    /// Base runs of projects with a `.bib`: the `unused-entry` labels
    /// (lower-cased, mapped to a spelling as written).
    pub unused: Option<BTreeMap<String, String>>,
    /// What the harness adjusted or found odd in the corpus.
    pub notes: Vec<String>,
    /// Why the case cannot be judged as it stands (a failure).
    pub problems: Vec<String>,
}

impl Expected {
    pub fn note(&mut self, note: String) {
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }
}

/// Where the harness reads lines and what it knows about the case.
pub struct Case<'a> {
    pub project: &'a Project,
    /// The (patched) copy of `src/`.
    pub tree: &'a Path,
    /// The oracle with the full lists (`verified` flags).
    pub oracle: &'a Value,
    pub mutation: Option<&'a Mutation>,
}

impl Case<'_> {
    fn lines(&self, path: &str, out: &mut Expected) -> Option<Lines> {
        let lines = Lines::read(&self.tree.join(path));
        if lines.is_none() {
            out.problems.push(format!(
                "the oracle names {path}, which is not in the project"
            ));
        }
        lines
    }

    /// A mutation json place, when it is about `key`.
    fn injected(&self, field: &str, key: &str) -> Option<Place> {
        let m = self.mutation?;
        (m.key() == key).then(|| m.place(self.project, field))?
    }

    /// The line where LaTeX's `(file, line, key)` is written; see
    /// [`locate`]. Notes every adjustment and every disagreement with
    /// the oracle's own `verified` flag.
    fn written(&self, e: &Entry, list: &str, out: &mut Expected) -> Option<Place> {
        let (path, line) = (e.file.as_deref()?, e.line?);
        let lines = self.lines(path, out)?;
        let found = locate(&lines, line, &e.key);
        let on_line = found == Some(line);
        let flagged = self.oracle[list]
            .as_array()
            .into_iter()
            .flatten()
            .find(|v| {
                v["key"] == e.key.as_str()
                    && v["line"].as_u64() == u64::try_from(line).ok()
                    && v["file"].as_str().map(|f| self.project.path(f)).as_deref() == Some(path)
            });
        if let Some(verified) = flagged.and_then(|v| v["verified"].as_bool()) {
            if verified != on_line {
                out.note(format!(
                    "{list}: the oracle says verified={verified} for `{}` at {path}:{line}, \
                     but the key is{} on that line",
                    e.key,
                    if on_line { "" } else { " not" }
                ));
            }
        }
        match found {
            Some(n) if n != line => out.note(format!(
                "{}: LaTeX says {path}:{line} for `{}`, where the key is not written (LaTeX \
                 reports the line where the command ends); it is on line {n}: expecting {path}:{n}",
                e.kind.name(),
                e.key
            )),
            None => out.note(format!(
                "{}: `{}` is not written on {path}:{line} nor on the {} lines above; expecting \
                 the oracle's line",
                e.kind.name(),
                e.key,
                super::corpus::LOOKBACK
            )),
            _ => {}
        }
        Some(Place::new(path, found.unwrap_or(line)))
    }

    /// A `.bib` entry's place: the oracle's line when the key is on it,
    /// else the mutation json's (BibTeX counts a CRLF file's lines twice).
    fn bib_line(&self, e: &Entry, path: &str, out: &mut Expected) -> Option<usize> {
        let lines = self.lines(path, out)?;
        let holds = |n: usize| lines.line(n).is_some_and(|l| l.contains(&e.key));
        let injected = self
            .injected("added", &e.key)
            .filter(|p| p.path == path && holds(p.line));
        match (e.line, injected) {
            (Some(n), _) if holds(n) => Some(n),
            (Some(n), Some(p)) => {
                out.note(format!(
                    "{}: the oracle says {path}:{n} for `{}`, which does not hold the key \
                     (BibTeX counts each line of a CRLF file twice); expecting the mutation's \
                     place {p}",
                    e.kind.name(),
                    e.key
                ));
                Some(p.line)
            }
            (None, Some(p)) => Some(p.line),
            (line, None) => line,
        }
    }
}

/// Adds the expectations of `entries` (the mapping of oracle kinds to
/// ibid codes).
fn build(case: &Case, entries: &[Entry], out: &mut Expected) {
    let mut placed: BTreeMap<(&'static str, String), (BTreeSet<Place>, &'static str)> =
        BTreeMap::new();
    for e in entries {
        match e.kind {
            Kind::UndefinedReference | Kind::UndefinedCitation => {
                if e.key.is_empty() {
                    // biblatex's multicite commands add a warning with no key.
                    out.note(format!(
                        "{}: a warning with an empty key at {}:{} (biblatex, for a multicite \
                         command); skipped",
                        e.kind.name(),
                        e.file.as_deref().unwrap_or("?"),
                        e.line.unwrap_or(0)
                    ));
                    continue;
                }
                let (code, list, said) = if e.kind == Kind::UndefinedReference {
                    (
                        "undefined-ref",
                        "undefined_references",
                        "LaTeX: reference undefined",
                    )
                } else {
                    (
                        "unknown-citation",
                        "undefined_citations",
                        "LaTeX: citation undefined",
                    )
                };
                if let Some(place) = case.written(e, list, out) {
                    let slot = placed.entry((code, e.key.clone())).or_default();
                    slot.0.insert(place);
                    slot.1 = said;
                }
            }
            Kind::MultiplyDefinedLabel => {
                if e.key.ends_with("@cref") {
                    continue; // cleveref's shadow of another multiply defined label
                }
                duplicate(case, e, out);
            }
            Kind::BibtexRepeatedEntry | Kind::BiberDuplicateKey => {
                let Some(path) = e.file.clone() else {
                    out.problems
                        .push(format!("{} `{}` has no file", e.kind.name(), e.key));
                    continue;
                };
                let line = case.bib_line(e, &path, out);
                out.checks.push(Expectation {
                    code: "duplicate-entry",
                    label: e.key.clone(),
                    rule: Rule::One {
                        path,
                        line,
                        related: case.injected("original", &e.key),
                    },
                    because: format!("{}: the key twice", e.kind.name()),
                });
            }
            Kind::CheckcitesUnused => match case.injected("added", &e.key) {
                Some(place) => out.checks.push(Expectation {
                    code: "unused-entry",
                    label: e.key.clone(),
                    rule: Rule::One {
                        path: place.path,
                        line: Some(place.line),
                        related: None,
                    },
                    because: "checkcites: entry never cited".to_owned(),
                }),
                None => out.problems.push(format!(
                    "checkcites reports `{}` unused, and the mutation json does not say where \
                     it is",
                    e.key
                )),
            },
            Kind::BibMissingEntry | Kind::CheckcitesUndefined => {}
        }
    }
    for ((code, label), (places, said)) in placed {
        out.checks.push(Expectation {
            code,
            label,
            rule: Rule::Places(places),
            because: said.to_owned(),
        });
    }
}

/// `\label` (or `\bibitem`) defined twice.
fn duplicate(case: &Case, e: &Entry, out: &mut Expected) {
    let bibitem = e.definitions.iter().any(|(_, c)| c == "bibitem");
    let copies: BTreeSet<Place> = e.definitions.iter().map(|(p, _)| p.clone()).collect();
    for p in &copies {
        if let Some(lines) = case.lines(&p.path, out) {
            if !lines.line(p.line).is_some_and(|l| l.contains(&e.key)) {
                out.note(format!(
                    "multiply_defined_label: `{}` is not written on {p}, where the oracle \
                     found a copy",
                    e.key
                ));
            }
        }
    }
    if let Some(injected) = case.injected("added", &e.key) {
        if !copies.contains(&injected) {
            out.note(format!(
                "multiply_defined_label `{}`: the mutation injected it at {injected}, which is \
                 not among the oracle's copies {}",
                e.key,
                list(&copies)
            ));
        }
    }
    if copies.len() < 2 {
        out.problems.push(format!(
            "multiply_defined_label `{}`: the oracle locates {} copies; the harness needs \
             both places",
            e.key,
            copies.len()
        ));
        return;
    }
    let one_file = copies
        .iter()
        .all(|p| p.path == copies.first().map_or("", |f| &f.path));
    out.checks.push(Expectation {
        code: if bibitem {
            "duplicate-entry"
        } else {
            "duplicate-label"
        },
        label: e.key.clone(),
        rule: Rule::Duplicate {
            at: one_file.then(|| copies.last().cloned()).flatten(),
            copies,
        },
        because: format!(
            "LaTeX: {} multiply defined",
            if bibitem { "\\bibitem" } else { "label" }
        ),
    });
}

/// What ibid must report on a project's unmodified sources.
pub fn for_base(project: &Project, checkcites_blind: bool) -> Expected {
    let mut out = Expected::default();
    let src = project.src();
    let case = Case {
        project,
        tree: &src,
        oracle: &project.oracle,
        mutation: None,
    };
    build(&case, &base_entries(project), &mut out);
    out.unused = base_unused(project, checkcites_blind, &mut out);
    out
}

/// The `unused-entry` labels of a project with a `.bib`: checkcites'
/// `unused` less what `aux_inventory.cited_keys` has (case-insensitively,
/// as BibTeX compares keys: checkcites' case-sensitive false positives
/// drop out, and so do entries that another document of the project
/// cites); or, where checkcites is blind, the `.bib` keys less the cited
/// ones.
fn base_unused(
    project: &Project,
    checkcites_blind: bool,
    out: &mut Expected,
) -> Option<BTreeMap<String, String>> {
    let src = project.src();
    let bibs = bib_files(&src);
    if bibs.is_empty() {
        return None;
    }
    let cited = project.cited_folded();
    let mut unused = BTreeMap::new();
    if checkcites_blind {
        for bib in &bibs {
            let text = String::from_utf8_lossy(&std::fs::read(src.join(bib)).unwrap_or_default())
                .into_owned();
            for key in bib_keys(&text) {
                if !cited.contains(&key.to_lowercase()) {
                    unused.entry(key.to_lowercase()).or_insert(key);
                }
            }
        }
        out.note(format!(
            "checkcites (with biber) finds no entry in {}; expecting as unused their keys less \
             aux_inventory.cited_keys: {}",
            list(&bibs),
            list(unused.values())
        ));
        return Some(unused);
    }
    let checkcites = &project.oracle["checkcites"];
    let mismatched: BTreeMap<String, &str> = checkcites["case_mismatch_false_positives"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|v| {
            let cited_as = v["cited_as"].as_str().unwrap_or("?");
            strings(&v["bib_key"]).map(move |k| (k.to_lowercase(), cited_as))
        })
        .collect();
    let (mut case_only, mut elsewhere) = (Vec::new(), Vec::new());
    for key in strings(&checkcites["unused"]) {
        let folded = key.to_lowercase();
        if !cited.contains(&folded) {
            unused.insert(folded, key.to_owned());
        } else if let Some(cited_as) = mismatched.get(&folded) {
            case_only.push(format!("{key} (cited as {cited_as})"));
        } else {
            elsewhere.push(key);
        }
    }
    if !case_only.is_empty() {
        out.note(format!(
            "checkcites lists as unused {} entries that the sources cite with another case (it \
             compares keys case-sensitively, BibTeX does not); not expected as unused-entry: {}",
            case_only.len(),
            list(&case_only)
        ));
    }
    if !elsewhere.is_empty() {
        out.note(format!(
            "checkcites lists as unused {} entries that aux_inventory.cited_keys has (checkcites \
             read only {}'s .aux; another document of the project cites them, and an entry is \
             used when any document cites it, DESIGN.md section 4); not expected as \
             unused-entry: {}",
            elsewhere.len(),
            project.main,
            list(&elsewhere)
        ));
    }
    Some(unused)
}

/// What ibid must add on a mutation's patched copy `tree`.
pub fn for_mutation(
    project: &Project,
    m: &Mutation,
    tree: &Path,
    checkcites_blind: bool,
) -> Expected {
    let mut out = Expected::default();
    let case = Case {
        project,
        tree,
        oracle: &m.oracle,
        mutation: Some(m),
    };
    let mut entries = delta(project, &m.oracle, &mut out);
    expect_vs_delta(&case, m, &entries, &mut out);
    if checkcites_blind
        && m.id == "unused-bib-entry"
        && !entries.iter().any(|e| e.kind == Kind::CheckcitesUnused)
    {
        // checkcites with biber finds no entry at all in this project's
        // .bib (README), so its delta is empty; the injected entry is still
        // never cited, and ibid must say so.
        out.note(format!(
            "delta_vs_base is empty (checkcites is blind here); expecting unused-entry `{}` \
             from the mutation json",
            m.key()
        ));
        entries.push(Entry {
            kind: Kind::CheckcitesUnused,
            key: m.key().to_owned(),
            file: None,
            line: None,
            definitions: Vec::new(),
        });
    }
    build(&case, &entries, &mut out);
    if out.checks.is_empty() && out.problems.is_empty() {
        out.problems.push(
            "the oracle expects no finding for this mutation: the harness cannot tell what ibid \
             must add (teach expect.rs)"
                .to_owned(),
        );
    }
    out
}

/// Notes where the mutation json's `expect` and `delta_vs_base` disagree;
/// the harness trusts the delta (what the tools said).
fn expect_vs_delta(case: &Case, m: &Mutation, entries: &[Entry], out: &mut Expected) {
    let Some(fields) = m.spec["expect"].as_object() else {
        return;
    };
    for (field, value) in fields {
        let (kind, list_name) = match field.as_str() {
            "undefined_references" => (Kind::UndefinedReference, Some(field.as_str())),
            "undefined_citations" => (Kind::UndefinedCitation, Some(field.as_str())),
            "multiply_defined_labels" => (Kind::MultiplyDefinedLabel, None),
            "bibtex_repeated_entry" => (Kind::BibtexRepeatedEntry, None),
            "biber_duplicate_key" => (Kind::BiberDuplicateKey, None),
            "checkcites_unused" => (Kind::CheckcitesUnused, None),
            "bib_missing_entries" => (Kind::BibMissingEntry, None),
            "checkcites_undefined" => (Kind::CheckcitesUndefined, None),
            other => {
                out.note(format!(
                    "expect.{other}: a field this harness does not know"
                ));
                continue;
            }
        };
        let of_kind: Vec<&Entry> = entries
            .iter()
            .filter(|e| e.kind == kind && !e.key.is_empty() && !e.key.ends_with("@cref"))
            .collect();
        let Some(list_name) = list_name else {
            let want: BTreeSet<&str> = strings(value).collect();
            let said: BTreeSet<&str> = of_kind.iter().map(|e| e.key.as_str()).collect();
            if want != said {
                out.note(format!(
                    "expect.{field} = [{}] but delta_vs_base has {} [{}]; trusting the delta",
                    list(&want),
                    kind.name(),
                    list(&said)
                ));
            }
            continue;
        };
        let want: BTreeSet<(Place, &str)> = value
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|v| {
                let place = Place::new(
                    &case.project.path(v["file"].as_str()?),
                    usize::try_from(v["line"].as_u64()?).ok()?,
                );
                Some((place, v["key"].as_str()?))
            })
            .collect();
        let said: BTreeSet<(Place, &str)> = of_kind
            .iter()
            .filter_map(|e| Some((Place::new(e.file.as_deref()?, e.line?), e.key.as_str())))
            .collect();
        if want == said {
            continue;
        }
        // Compare where the keys are written (notes of `written` are
        // already made by `build`).
        let mut quiet = Expected::default();
        let written: BTreeSet<(Place, &str)> = of_kind
            .iter()
            .filter_map(|e| Some((case.written(e, list_name, &mut quiet)?, e.key.as_str())))
            .collect();
        let show =
            |set: &BTreeSet<(Place, &str)>| list(set.iter().map(|(p, k)| format!("{p} `{k}`")));
        if want == written {
            continue;
        }
        let only_expect: BTreeSet<(Place, &str)> = want.difference(&written).cloned().collect();
        // Say why when the line shows it: verbatim text is not a command.
        let verbatim: Vec<String> = only_expect
            .iter()
            .filter(|(p, _)| {
                Lines::read(&case.tree.join(&p.path))
                    .and_then(|l| {
                        l.line(p.line)
                            .map(|t| t.contains("\\Verb") || t.contains("\\verb"))
                    })
                    .unwrap_or(false)
            })
            .map(|(p, _)| p.to_string())
            .collect();
        out.note(format!(
            "expect.{field} disagrees with delta_vs_base (trusting the delta): expect lists {} \
             that the tools did not report; the tools reported {} that expect lacks{}",
            show(&only_expect),
            show(&written.difference(&want).cloned().collect()),
            if verbatim.is_empty() {
                String::new()
            } else {
                format!(
                    " ({} has the key inside \\Verb or \\verb: verbatim text, not a citation)",
                    list(&verbatim)
                )
            }
        ));
    }
}
