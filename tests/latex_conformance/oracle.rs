//! The oracles' entries as the harness reads them: `delta_vs_base` of a
//! mutation, the lists of a base oracle.

use serde_json::Value;

use super::corpus::Project;
use super::expect::Expected;
use crate::conformance_corpus::Place;

/// The kinds of `delta_vs_base` entries (and of the base oracle's lists).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    UndefinedReference,
    UndefinedCitation,
    MultiplyDefinedLabel,
    BibtexRepeatedEntry,
    BiberDuplicateKey,
    CheckcitesUnused,
    /// The same defect as an `undefined_citation`, seen by BibTeX / biber.
    BibMissingEntry,
    /// The same defect as an `undefined_citation`, seen by checkcites.
    CheckcitesUndefined,
}

const KINDS: [(Kind, &str); 8] = [
    (Kind::UndefinedReference, "undefined_reference"),
    (Kind::UndefinedCitation, "undefined_citation"),
    (Kind::MultiplyDefinedLabel, "multiply_defined_label"),
    (Kind::BibtexRepeatedEntry, "bibtex_repeated_entry"),
    (Kind::BiberDuplicateKey, "biber_duplicate_key"),
    (Kind::CheckcitesUnused, "checkcites_unused"),
    (Kind::BibMissingEntry, "bib_missing_entry"),
    (Kind::CheckcitesUndefined, "checkcites_undefined"),
];

impl Kind {
    pub fn parse(name: &str) -> Option<Self> {
        KINDS.iter().find(|(_, n)| *n == name).map(|(k, _)| *k)
    }

    pub fn name(self) -> &'static str {
        KINDS
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("?", |(_, n)| n)
    }
}

/// One thing a real tool reported.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    pub key: String,
    /// Normalised (relative to `src/`).
    pub file: Option<String>,
    pub line: Option<usize>,
    /// `multiply_defined_label`: each copy and its command (`label`, `bibitem`).
    pub definitions: Vec<(Place, String)>,
}

impl Entry {
    fn read(project: &Project, kind: Kind, v: &Value) -> Self {
        let definitions = v["definitions"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| {
                let place = Place::new(
                    &project.path(d["file"].as_str()?),
                    usize::try_from(d["line"].as_u64()?).ok()?,
                );
                Some((place, d["command"].as_str().unwrap_or("label").to_owned()))
            })
            .collect();
        Self {
            kind,
            key: v["key"].as_str().unwrap_or_default().to_owned(),
            file: v["file"].as_str().map(|f| project.path(f)),
            line: v["line"].as_u64().and_then(|l| usize::try_from(l).ok()),
            definitions,
        }
    }

    fn same_defect(&self, other: &Self) -> bool {
        self.kind == other.kind && self.key == other.key && self.file == other.file
    }
}

/// A mutation's `delta_vs_base`: the added entries, less those that only
/// moved (README: a patch shifts the lines of unchanged messages further
/// down a file, which then appear once in `removed` and once in `added`).
/// Entries of unknown kinds and entries that really disappeared are
/// problems.
pub fn delta(project: &Project, oracle: &Value, out: &mut Expected) -> Vec<Entry> {
    let read = |side: &str, out: &mut Expected| -> Vec<Entry> {
        let mut entries = Vec::new();
        for v in oracle["delta_vs_base"][side]
            .as_array()
            .into_iter()
            .flatten()
        {
            let name = v["kind"].as_str().unwrap_or("(no kind)");
            match Kind::parse(name) {
                Some(kind) => entries.push(Entry::read(project, kind, v)),
                None => out.problems.push(format!(
                    "delta_vs_base.{side} has an entry of kind `{name}` that this harness does not \
                     map to an ibid code (teach expect.rs): {v}"
                )),
            }
        }
        entries
    };
    let mut added = read("added", out);
    for gone in read("removed", out) {
        if let Some(i) = added.iter().position(|a| a.same_defect(&gone)) {
            let moved = added.remove(i);
            out.note(format!(
                "delta_vs_base: {} `{}` moved from line {:?} to {:?} (a line shift, not a change)",
                gone.kind.name(),
                gone.key,
                gone.line,
                moved.line
            ));
        } else {
            out.problems.push(format!(
                "the real tools stopped reporting {} `{}` ({}) under this mutation; the harness \
                 expects nothing to disappear: decide what ibid should do and teach expect.rs",
                gone.kind.name(),
                gone.key,
                gone.file.as_deref().unwrap_or("no file"),
            ));
        }
    }
    added
}

/// The base oracle's findings as entries (checkcites' unused list apart:
/// see `expect::base_unused`).
pub fn base_entries(project: &Project) -> Vec<Entry> {
    let o = &project.oracle;
    let mut entries = Vec::new();
    let mut push = |kind, list: &Value| {
        for v in list.as_array().into_iter().flatten() {
            if v.is_string() {
                let key = v.as_str().unwrap_or_default();
                entries.push(Entry::read(
                    project,
                    kind,
                    &serde_json::json!({ "key": key }),
                ));
            } else {
                entries.push(Entry::read(project, kind, v));
            }
        }
    };
    push(Kind::UndefinedCitation, &o["undefined_citations"]);
    push(Kind::UndefinedReference, &o["undefined_references"]);
    push(Kind::MultiplyDefinedLabel, &o["multiply_defined_labels"]);
    for log in o["bib_tool"]["logs"]
        .as_object()
        .into_iter()
        .flat_map(|m| m.values())
    {
        push(Kind::BibtexRepeatedEntry, &log["repeated_entries"]);
        push(Kind::BiberDuplicateKey, &log["duplicate_keys"]);
        push(Kind::BibMissingEntry, &log["missing_entries"]);
    }
    entries
}
