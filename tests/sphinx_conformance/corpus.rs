//! Reading `corpus/sphinx` in place: the index, each project's oracle and
//! mutations, by `support/conformance_oracle.rs` (the lines of its sources
//! are `support/conformance_corpus.rs`'s
//! [`Lines`](crate::conformance_corpus::Lines)), and how a warning of
//! sphinx-build is shown.

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use crate::conformance_corpus::{list, read_json, suite_dir, Place};
use crate::conformance_oracle::{self, entries, Warning};

/// `corpus/sphinx`.
pub fn dir() -> PathBuf {
    suite_dir("sphinx")
}

/// The project ids of `index.json`, in its order.
pub fn project_ids() -> Vec<String> {
    conformance_oracle::project_ids(&dir())
}

/// Places in order, a repeated one once with its count: `a.rst:39 (×7)`.
pub fn places<'a>(items: impl IntoIterator<Item = &'a Place>) -> String {
    let mut counted: Vec<(&Place, usize)> = Vec::new();
    for p in items {
        match counted.iter_mut().find(|(q, _)| *q == p) {
            Some((_, n)) => *n += 1,
            None => counted.push((p, 1)),
        }
    }
    list(counted.into_iter().map(|(p, n)| match n {
        1 => p.to_string(),
        n => format!("{p} (×{n})"),
    }))
}

/// The warnings of an oracle (`warnings[]`) or of a delta list.
pub fn warnings(list: &Value) -> Vec<Warning> {
    entries(list, Warning::read)
}

impl fmt::Display for Warning {
    /// A warning of sphinx-build: `kind file:line: message` (the
    /// message's first line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_deref().unwrap_or("(config)");
        let line = self.line.map(|n| format!(":{n}")).unwrap_or_default();
        let message = self.message.lines().next().unwrap_or_default();
        write!(f, "{} {file}{line}: {message}", self.kind)
    }
}

/// One mutation, with the oracle's warnings on the patched sources.
pub type Mutation = conformance_oracle::Mutation<Vec<Warning>>;

/// One project of the corpus.
pub struct Project {
    pub id: String,
    pub dir: PathBuf,
    /// The oracle's warnings on the unmodified sources.
    pub warnings: Vec<Warning>,
    pub mutations: Vec<Mutation>,
}

impl Project {
    pub fn load(id: &str) -> Self {
        let dir = dir().join(id);
        let oracle = read_json(&dir.join("oracle.json"));
        let mutations = Mutation::load_all(&dir, |oracle| warnings(&oracle["warnings"]));
        Self {
            id: id.to_owned(),
            warnings: warnings(&oracle["warnings"]),
            mutations,
            dir,
        }
    }

    pub fn src(&self) -> PathBuf {
        self.dir.join("src")
    }
}
