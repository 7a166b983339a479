//! Reading `corpus/sphinx` in place: the index, each project's oracle and
//! mutations (the lines of its sources are `support/conformance_corpus.rs`'s
//! [`Lines`](crate::conformance_corpus::Lines)).

use std::fmt;
use std::path::PathBuf;

use serde_json::Value;

use crate::conformance_corpus::{lexical, list, read_json, suite_dir, Place};

/// `corpus/sphinx`.
pub fn dir() -> PathBuf {
    suite_dir("sphinx")
}

/// The project ids of `index.json`, in its order.
pub fn project_ids() -> Vec<String> {
    let index = read_json(&dir().join("index.json"));
    index["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str().map(str::to_owned))
        .collect()
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

/// One warning of sphinx-build, as the oracle records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Warning {
    /// Relative to `src/`; `None` for configuration-level messages.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub kind: String,
    pub key: Option<String>,
    pub message: String,
}

impl Warning {
    pub fn read(v: &Value) -> Self {
        Self {
            file: v["file"].as_str().map(lexical),
            line: v["line"].as_u64().and_then(|n| usize::try_from(n).ok()),
            kind: v["kind"].as_str().unwrap_or("?").to_owned(),
            key: v["key"].as_str().map(str::to_owned),
            message: v["message"].as_str().unwrap_or_default().to_owned(),
        }
    }

    /// The warnings of an oracle (`warnings[]`) or of a delta list.
    pub fn all(list: &Value) -> Vec<Self> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(Self::read)
            .collect()
    }

    /// What identifies the warning apart from its line: kind, file, and
    /// the key (or the message, for warnings without one).
    pub fn identity(&self) -> (&str, &str, &str) {
        (
            &self.kind,
            self.file.as_deref().unwrap_or(""),
            self.key.as_deref().unwrap_or(&self.message),
        )
    }
}

impl fmt::Display for Warning {
    /// `kind file:line: message` (the message's first line).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.as_deref().unwrap_or("(config)");
        let line = self.line.map(|n| format!(":{n}")).unwrap_or_default();
        let message = self.message.lines().next().unwrap_or_default();
        write!(f, "{} {file}{line}: {message}", self.kind)
    }
}

/// One mutation: `mutations/<id>.{json,patch,oracle.json}`.
pub struct Mutation {
    pub id: String,
    /// `<id>.json`.
    pub spec: Value,
    pub patch: PathBuf,
    /// The oracle's warnings on the patched sources.
    pub warnings: Vec<Warning>,
}

impl Mutation {
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
    /// `original`, `removed_from`): one object or a list of them.
    pub fn places(&self, field: &str) -> Vec<Place> {
        let v = &self.spec[field];
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
}

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
        let mut ids: Vec<String> = std::fs::read_dir(dir.join("mutations"))
            .unwrap_or_else(|e| panic!("{}/mutations: {e}", dir.display()))
            .filter_map(|e| {
                let name = e.ok()?.file_name().into_string().ok()?;
                name.strip_suffix(".patch").map(str::to_owned)
            })
            .collect();
        ids.sort();
        let mutations = ids
            .into_iter()
            .map(|m| {
                let base = dir.join("mutations");
                let oracle = read_json(&base.join(format!("{m}.oracle.json")));
                Mutation {
                    spec: read_json(&base.join(format!("{m}.json"))),
                    patch: base.join(format!("{m}.patch")),
                    warnings: Warning::all(&oracle["warnings"]),
                    id: m,
                }
            })
            .collect();
        Self {
            id: id.to_owned(),
            warnings: Warning::all(&oracle["warnings"]),
            mutations,
            dir,
        }
    }

    pub fn src(&self) -> PathBuf {
        self.dir.join("src")
    }
}
