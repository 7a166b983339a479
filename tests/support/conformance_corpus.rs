//! What the corpus conformance tests (`latex_conformance`,
//! `sphinx_conformance`, `asciidoc_conformance`) share to read
//! `../shared/corpus/<suite>` in place: its folder, JSON files, the lines
//! of a source, places in a project and their relative paths.
//!
//! Included by each of those test crates with
//! `#[path = "support/conformance_corpus.rs"] mod conformance_corpus;`,
//! beside `support/corpus_gate.rs` (as `corpus_gate`), whose folder it
//! reads. Each crate uses every item here.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// `corpus/<suite>` (canonical when it exists, for readable messages).
pub fn suite_dir(suite: &str) -> PathBuf {
    let dir = crate::corpus_gate::dir().join(suite);
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

/// A JSON file of the corpus (a test fails on one it cannot read).
pub fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Asserts that a test's `PROJECTS` (one trial each) are the ids of the
/// corpus's `index.json`, in its order.
pub fn assert_projects_listed(ids: &[String], projects: &[&str]) {
    assert_eq!(
        ids,
        projects,
        "PROJECTS (tests/{}.rs) must list index.json's projects, in order",
        env!("CARGO_CRATE_NAME")
    );
}

/// A file's lines (1-based through [`Lines::line`]), decoded leniently:
/// the harnesses only look for keys and labels, which are ASCII.
#[derive(Default)]
pub struct Lines(Vec<String>);

impl Lines {
    pub fn read(path: &Path) -> Option<Self> {
        let bytes = std::fs::read(path).ok()?;
        Some(Self::of(&String::from_utf8_lossy(&bytes)))
    }

    pub fn of(text: &str) -> Self {
        Self(
            text.split('\n')
                .map(|l| l.strip_suffix('\r').unwrap_or(l).to_owned())
                .collect(),
        )
    }

    pub fn line(&self, n: usize) -> Option<&str> {
        n.checked_sub(1)
            .and_then(|i| self.0.get(i))
            .map(String::as_str)
    }

    /// How many lines there are (the last line number).
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

/// A place in a project, relative to its `src/`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Place {
    pub path: String,
    pub line: usize,
}

impl Place {
    pub fn new(path: &str, line: usize) -> Self {
        Self {
            path: path.to_owned(),
            line,
        }
    }
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.path, self.line)
    }
}

/// `a, b, c` of any displayable items.
pub fn list<T: fmt::Display>(items: impl IntoIterator<Item = T>) -> String {
    let v: Vec<String> = items.into_iter().map(|i| i.to_string()).collect();
    if v.is_empty() {
        "(none)".to_owned()
    } else {
        v.join(", ")
    }
}

/// Lexical normalisation of a `/`-separated relative path, as ibid's JSON
/// and the oracles may write it: `//` and `.` collapse, `..` removes the
/// previous component (a leading `..` that climbs above the start is
/// kept). `\` counts as `/`.
pub fn lexical(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let path = path.replace('\\', "/");
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}
