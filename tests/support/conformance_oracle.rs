//! What the two corpus conformance tests whose oracle is a tool's list of
//! warnings, which the harness places in the sources (`sphinx_conformance`,
//! `asciidoc_conformance`), share beyond the harness of all three: the
//! projects of the index, the fields of an oracle's warning, the mutations
//! (the `.patch` files of a project's `mutations/`, with their json and
//! oracle), what ibid must report and where ([`Expectation`]), how
//! expectations meet findings, the EXPLAINED rows, the summary's notes,
//! and the machinery trials' made-up cases.
//!
//! Included by those two test crates with
//! `#[path = "support/conformance_oracle.rs"] mod conformance_oracle;`,
//! beside `support/conformance_corpus.rs`, `support/conformance_run.rs`
//! and `support/conformance_trials.rs` (as `conformance_corpus`,
//! `conformance_run`, `conformance_trials`). Each crate uses every item
//! here. (`latex_conformance` reads its mutations from the index and
//! checks them by rules of its own.)

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::conformance_corpus::{lexical, read_json, Lines, Place};
use crate::conformance_run::{finding, Finding, Report};
use crate::conformance_trials::Summary;

// ---------------------------------------------------------------------------
// The corpus

/// The project ids of the suite folder `dir`'s `index.json`, in its order.
pub fn project_ids(dir: &Path) -> Vec<String> {
    let index = read_json(&dir.join("index.json"));
    index["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str().map(str::to_owned))
        .collect()
}

/// One warning (or error) of the tool's, as the oracle records it: the
/// fields every entry of its list has.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    pub kind: String,
    /// Relative to `src/`; `None` when the tool names no file.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn read(v: &Value) -> Self {
        Self {
            kind: v["kind"].as_str().unwrap_or("?").to_owned(),
            file: v["file"].as_str().map(lexical),
            line: v["line"].as_u64().and_then(|n| usize::try_from(n).ok()),
            key: v["key"].as_str().map(str::to_owned),
            message: v["message"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// The key, or the message for warnings without one.
    pub fn key_or_message(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.message)
    }
}

/// The entries of an oracle's list (`warnings[]`, `messages[]`), each
/// read by `read`.
pub fn entries<T>(list: &Value, read: impl Fn(&Value) -> T) -> Vec<T> {
    list.as_array().into_iter().flatten().map(read).collect()
}

/// The places a mutation json gives as `{file, line}`: one object or a
/// list of them (paths normalised; anything else is passed over).
pub fn json_places(v: &Value) -> Vec<Place> {
    let items: Vec<&Value> = match v.as_array() {
        Some(a) => a.iter().collect(),
        None if v.is_object() => vec![v],
        None => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|p| {
            let line = usize::try_from(p["line"].as_u64()?).ok()?;
            Some(Place::new(&lexical(p["file"].as_str()?), line))
        })
        .collect()
}

/// One mutation: `mutations/<id>.{json,patch,oracle.json}`; `O` is what
/// the suite reads of its oracle (the tool's output on the patched
/// sources).
pub struct Mutation<O> {
    pub id: String,
    /// `<id>.json`.
    pub spec: Value,
    pub patch: PathBuf,
    pub oracle: O,
}

impl<O> Mutation<O> {
    /// The mutations of the project folder `dir`: one per `.patch` of its
    /// `mutations/`, by id, each `<id>.oracle.json` read by `oracle`.
    pub fn load_all(dir: &Path, oracle: impl Fn(&Value) -> O) -> Vec<Self> {
        let base = dir.join("mutations");
        let mut ids: Vec<String> = std::fs::read_dir(&base)
            .unwrap_or_else(|e| panic!("{}/mutations: {e}", dir.display()))
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".patch").map(str::to_owned)
            })
            .collect();
        ids.sort();
        ids.into_iter()
            .map(|m| Self {
                spec: read_json(&base.join(format!("{m}.json"))),
                patch: base.join(format!("{m}.patch")),
                oracle: oracle(&read_json(&base.join(format!("{m}.oracle.json")))),
                id: m,
            })
            .collect()
    }

    pub fn key(&self) -> &str {
        self.spec["key"].as_str().unwrap_or_default()
    }

    pub fn describe(&self) -> String {
        format!(
            "{} `{}`",
            self.spec["kind"].as_str().unwrap_or("?"),
            self.key()
        )
    }

    /// The places the mutation json gives under `field` (`added`,
    /// `original`, `removed_from`), in the patched numbering.
    pub fn places(&self, field: &str) -> Vec<Place> {
        json_places(&self.spec[field])
    }

    /// The json names this mutation of `project`, and its key.
    pub fn assert_named(&self, project: &str) {
        assert_eq!(self.spec["id"], self.id.as_str(), "{project}/{}", self.id);
        assert!(!self.key().is_empty(), "{project}/{}: no key", self.id);
    }
}

// ---------------------------------------------------------------------------
// Expectations

/// What ibid must report for one oracle warning (or for another reason the
/// suite gives).
#[derive(Clone, Debug, PartialEq)]
pub struct Expectation {
    pub code: &'static str,
    /// The oracle's key (for `missing-file`, the include target as
    /// written).
    pub label: String,
    /// Where ibid must report it.
    pub at: Place,
    /// For a duplicate: the other copy, which `related` must name (line 0:
    /// the harness did not find it; any line of that file then).
    pub related: Option<Place>,
    /// Why: the oracle's warning, for messages.
    pub because: String,
}

impl Expectation {
    /// A made-up expectation for the machinery trials: nothing related,
    /// because `<tool>: made up`.
    pub fn made_up(tool: &str, code: &'static str, path: &str, line: usize, label: &str) -> Self {
        Self {
            code,
            label: label.into(),
            at: Place::new(path, line),
            related: None,
            because: format!("{tool}: made up"),
        }
    }
}

/// The problem of an oracle `entry` whose kind the crate's `classify`
/// (in its `expect.rs`) neither maps to a code nor skips.
pub fn unknown_kind(kind: &str, entry: impl fmt::Display) -> String {
    format!(
        "oracle kind `{kind}` is neither mapped to a code nor skipped as a class (classify, \
         tests/{}/expect.rs): {entry}",
        env!("CARGO_CRATE_NAME")
    )
}

/// The files of a case's sources, each read once (empty when it cannot
/// be read).
pub struct Sources<'a> {
    src: &'a Path,
    files: BTreeMap<String, Lines>,
}

impl<'a> Sources<'a> {
    pub fn new(src: &'a Path) -> Self {
        Self {
            src,
            files: BTreeMap::new(),
        }
    }

    /// The lines of `file`, relative to the sources' folder.
    pub fn lines(&mut self, file: &str) -> &Lines {
        let src = self.src;
        self.files
            .entry(file.to_owned())
            .or_insert_with(|| Lines::read(&src.join(file)).unwrap_or_default())
    }
}

// ---------------------------------------------------------------------------
// Expectations meet findings

/// `(project, case, code, path, label, why)`: a finding of ibid's that no
/// oracle warning accounts for and that is right. `case` is [`BASE`] or a
/// mutation id (then the row is about ibid's delta on that mutation).
pub type Explained = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The case name of a project's unmodified sources in [`Explained`].
pub const BASE: &str = "base";

/// Pairs each of `checks`, in order, with the first finding not yet
/// claimed that `same` accepts at the expectation's place, and claims it.
/// Returns each check's finding (an index into `found`) and which
/// findings are claimed.
pub fn pair_in_place<'e>(
    checks: impl IntoIterator<Item = &'e Expectation>,
    found: &[&Finding],
    same: impl Fn(&Expectation, &Finding) -> bool,
) -> (Vec<Option<usize>>, Vec<bool>) {
    let mut claimed = vec![false; found.len()];
    let hit = checks
        .into_iter()
        .map(|e| {
            let i = (0..found.len())
                .find(|&i| !claimed[i] && same(e, found[i]) && found[i].place == e.at)?;
            claimed[i] = true;
            Some(i)
        })
        .collect();
    (hit, claimed)
}

/// For an expectation not met at its place: the unclaimed finding that
/// `same` accepts nearest to it (in its file first, then by line), which
/// it claims, so that the finding is not also counted as extra.
pub fn claim_nearest(
    e: &Expectation,
    found: &[&Finding],
    claimed: &mut [bool],
    same: impl Fn(&Expectation, &Finding) -> bool,
) -> Option<usize> {
    let i = (0..found.len())
        .filter(|&i| !claimed[i] && same(e, found[i]))
        .min_by_key(|&i| (found[i].place.path != e.at.path, found[i].place.line))?;
    claimed[i] = true;
    Some(i)
}

/// The rows of `explained` about `project`'s `case` that matched no
/// finding (`used` says which rows did), as problems.
pub fn stale_rows(
    explained: &[Explained],
    used: &[bool],
    project: &str,
    case: &str,
) -> Vec<String> {
    explained
        .iter()
        .zip(used)
        .filter(|((p, c, ..), u)| !**u && *p == project && *c == case)
        .map(|((_, _, code, path, label, why), _)| {
            format!(
                "EXPLAINED lists {code} `{label}` in {path} ({why}), which ibid did not report \
                 here: fix ibid or remove the row"
            )
        })
        .collect()
}

/// The problems of a base report besides its findings: every
/// `failures[]` entry, and exit status 2 without any.
pub fn failure_problems(report: &Report) -> Vec<String> {
    let mut problems: Vec<String> = report
        .failures
        .iter()
        .map(|(path, message)| format!("failures[]: {path}: {message}"))
        .collect();
    problems.extend(report.status_problem());
    problems
}

// ---------------------------------------------------------------------------
// Trials

/// How to run a case of the project whose `src/` is `src` (and whose
/// mutations are in `dir`) by hand, for its failure report.
pub fn reproduce(src: &Path, dir: &Path) -> String {
    format!(
        "cp -r {} /tmp/x && cd /tmp/x && [patch -p1 < {}/mutations/<m>.patch] && ibid check \
         --format json .",
        src.display(),
        dir.display()
    )
}

/// Prints every project's notes (if any) after the summary's lines.
pub fn print_notes<B>(summaries: &[Summary<B>]) {
    let notes: Vec<String> = summaries
        .iter()
        .flat_map(|s| s.notes.iter().map(move |n| format!("  {}: {n}", s.project)))
        .collect();
    if !notes.is_empty() {
        println!("\nnotes (how the harness read the oracles):");
        for n in notes {
            println!("{n}");
        }
    }
}

// ---------------------------------------------------------------------------
// Machinery

/// The findings a perfect ibid would report: one per expectation, at its
/// place, with its `related`.
pub fn perfect<'a>(expectations: impl IntoIterator<Item = &'a Expectation>) -> Vec<Finding> {
    expectations
        .into_iter()
        .map(|e| Finding {
            related: e.related.iter().cloned().collect(),
            ..finding(e.code, &e.at.path, e.at.line, &e.label)
        })
        .collect()
}

/// An expectation as the machinery trials compare it: code, label, place
/// and related place.
pub type Placed = (&'static str, String, String, Option<String>);

/// What an expectation says, as [`Placed`].
pub fn placed(e: &Expectation) -> Placed {
    let related = e.related.as_ref().map(Place::to_string);
    (e.code, e.label.clone(), e.at.to_string(), related)
}

/// The [`Placed`] a machinery trial wants.
pub fn want(code: &'static str, label: &str, at: &str, related: Option<&str>) -> Placed {
    (
        code,
        label.to_owned(),
        at.to_owned(),
        related.map(str::to_owned),
    )
}
