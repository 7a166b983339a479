//! Reading `corpus/asciidoc` in place: the index, each book's oracle
//! (Asciidoctor's messages, the placeholders its build gave to includes
//! the corpus does not store) and its mutations, through
//! `support/conformance_oracle.rs` (which reads the index, the fields
//! every message has and the mutations).

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::conformance_corpus::{lexical, list, read_json, suite_dir, Lines, Place};
use crate::conformance_oracle::{self, entries, json_places, Warning};

/// `corpus/asciidoc`.
pub fn dir() -> PathBuf {
    suite_dir("asciidoc")
}

/// The book ids of `index.json`, in its order.
pub fn project_ids() -> Vec<String> {
    conformance_oracle::project_ids(&dir())
}

/// One message of Asciidoctor's, as the oracle records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    /// `file` is `None` when Asciidoctor gives no location.
    pub warning: Warning,
    /// `located_by: "hand"`: the places the corpus found by searching the
    /// sources for the key (every message of one key has the same list).
    pub locations: Vec<Place>,
    pub by_hand: bool,
}

impl Message {
    pub fn read(v: &Value) -> Self {
        Self {
            warning: Warning::read(v),
            locations: json_places(&v["locations"]),
            by_hand: v["located_by"] == "hand",
        }
    }

    /// The messages of an oracle (`messages[]`).
    pub fn all(list: &Value) -> Vec<Self> {
        entries(list, Self::read)
    }
}

impl fmt::Display for Message {
    /// `kind file:line: message`, or `kind (at locations): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let w = &self.warning;
        let at = match (&w.file, w.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            _ if !self.locations.is_empty() => format!("(by hand: {})", list(&self.locations)),
            _ => "(no location)".to_owned(),
        };
        write!(f, "{} {at}: {}", w.kind, w.message)
    }
}

/// An include the oracle's build gave an empty file: the corpus stores
/// the AsciiDoc text only, not the code samples the books include.
#[derive(Clone, Debug, PartialEq)]
pub struct Placeholder {
    /// Relative to `src/`.
    pub path: String,
    /// The including file, when the corpus recorded it.
    pub included_from: Option<String>,
}

impl Placeholder {
    pub fn all(oracle: &Value) -> Vec<Self> {
        oracle["build"]["placeholders"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| {
                Some(Self {
                    path: lexical(p["path"].as_str()?),
                    included_from: p["included_from"].as_str().map(lexical),
                })
            })
            .collect()
    }
}

/// One mutation, with what its oracle says of the patched sources.
pub type Mutation = conformance_oracle::Mutation<MutationOracle>;

/// A mutation's `<id>.oracle.json`.
pub struct MutationOracle {
    /// Asciidoctor's messages on the patched sources.
    pub messages: Vec<Message>,
    pub placeholders: Vec<Placeholder>,
    /// How many entries `delta_vs_base` lists as added and as removed
    /// (line-sensitive: the harness computes its own delta).
    pub delta_vs_base: (usize, usize),
}

impl MutationOracle {
    pub fn read(oracle: &Value) -> Self {
        let count = |list: &str| oracle["delta_vs_base"][list].as_array().map_or(0, Vec::len);
        Self {
            messages: Message::all(&oracle["messages"]),
            placeholders: Placeholder::all(oracle),
            delta_vs_base: (count("added"), count("removed")),
        }
    }
}

/// One book of the corpus.
pub struct Project {
    pub id: String,
    pub dir: PathBuf,
    /// The master file (`project.json` `main`); `None` for a book that
    /// O'Reilly Atlas assembles from [`Project::atlas`].
    pub main: Option<String>,
    /// `atlas.json`, for such a book.
    pub atlas: Option<String>,
    /// Asciidoctor's messages on the unmodified sources.
    pub messages: Vec<Message>,
    pub placeholders: Vec<Placeholder>,
    pub mutations: Vec<Mutation>,
}

impl Project {
    pub fn load(id: &str) -> Self {
        let dir = dir().join(id);
        let oracle = read_json(&dir.join("oracle.json"));
        let spec = read_json(&dir.join("project.json"));
        let mutations = Mutation::load_all(&dir, MutationOracle::read);
        Self {
            id: id.to_owned(),
            main: spec["main"].as_str().map(lexical),
            atlas: spec["atlas"].as_str().map(lexical),
            messages: Message::all(&oracle["messages"]),
            placeholders: Placeholder::all(&oracle),
            mutations,
            dir,
        }
    }

    pub fn src(&self) -> PathBuf {
        self.dir.join("src")
    }
}

/// The AsciiDoc files under `src` (`.adoc`, `.asciidoc`, `.asc`), as
/// sorted relative paths with their lines: where the harness looks for an
/// id's definitions.
pub fn asciidoc_files(src: &Path) -> Vec<(String, Lines)> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Lines)>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                walk(root, &path, out);
                continue;
            }
            let adoc = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| matches!(e, "adoc" | "asciidoc" | "asc"));
            if !adoc {
                continue;
            }
            let (Ok(rel), Some(lines)) = (path.strip_prefix(root), Lines::read(&path)) else {
                continue;
            };
            out.push((lexical(&rel.to_string_lossy()), lines));
        }
    }
    let mut out = Vec::new();
    walk(src, src, &mut out);
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}
