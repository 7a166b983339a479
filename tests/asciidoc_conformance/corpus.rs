//! Reading `corpus/asciidoc` in place: the index, each book's oracle
//! (Asciidoctor's messages, the placeholders its build gave to includes
//! the corpus does not store) and its mutations.

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::conformance_corpus::{lexical, list, read_json, suite_dir, Lines, Place};

/// `corpus/asciidoc`.
pub fn dir() -> PathBuf {
    suite_dir("asciidoc")
}

/// The book ids of `index.json`, in its order.
pub fn project_ids() -> Vec<String> {
    let index = read_json(&dir().join("index.json"));
    index["projects"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|p| p["id"].as_str().map(str::to_owned))
        .collect()
}

/// One message of Asciidoctor's, as the oracle records it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub kind: String,
    /// Relative to `src/`; `None` when Asciidoctor gives no location.
    pub file: Option<String>,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
    /// `located_by: "hand"`: the places the corpus found by searching the
    /// sources for the key (every message of one key has the same list).
    pub locations: Vec<Place>,
    pub by_hand: bool,
}

impl Message {
    pub fn read(v: &Value) -> Self {
        let place = |p: &Value| {
            let line = usize::try_from(p["line"].as_u64()?).ok()?;
            Some(Place::new(&lexical(p["file"].as_str()?), line))
        };
        Self {
            kind: v["kind"].as_str().unwrap_or("?").to_owned(),
            file: v["file"].as_str().map(lexical),
            line: v["line"].as_u64().and_then(|n| usize::try_from(n).ok()),
            key: v["key"].as_str().map(str::to_owned),
            message: v["message"].as_str().unwrap_or_default().to_owned(),
            locations: v["locations"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(place)
                .collect(),
            by_hand: v["located_by"] == "hand",
        }
    }

    /// The messages of an oracle (`messages[]`).
    pub fn all(list: &Value) -> Vec<Self> {
        list.as_array()
            .into_iter()
            .flatten()
            .map(Self::read)
            .collect()
    }

    /// The key, or the message for messages without one.
    pub fn key_or_message(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.message)
    }
}

impl fmt::Display for Message {
    /// `kind file:line: message`, or `kind (at locations): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = match (&self.file, self.line) {
            (Some(file), Some(line)) => format!("{file}:{line}"),
            (Some(file), None) => file.clone(),
            _ if !self.locations.is_empty() => format!("(by hand: {})", list(&self.locations)),
            _ => "(no location)".to_owned(),
        };
        write!(f, "{} {at}: {}", self.kind, self.message)
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

/// One mutation: `mutations/<id>.{json,patch,oracle.json}`.
pub struct Mutation {
    pub id: String,
    /// `<id>.json`.
    pub spec: Value,
    pub patch: PathBuf,
    /// Asciidoctor's messages on the patched sources.
    pub messages: Vec<Message>,
    pub placeholders: Vec<Placeholder>,
    /// How many entries `delta_vs_base` lists as added and as removed
    /// (line-sensitive: the harness computes its own delta).
    pub delta_vs_base: (usize, usize),
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
    /// `original`, `removed_from`): one object or a list of them, in the
    /// patched numbering.
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
                    messages: Message::all(&oracle["messages"]),
                    placeholders: Placeholder::all(&oracle),
                    delta_vs_base: (
                        oracle["delta_vs_base"]["added"]
                            .as_array()
                            .map_or(0, Vec::len),
                        oracle["delta_vs_base"]["removed"]
                            .as_array()
                            .map_or(0, Vec::len),
                    ),
                    id: m,
                }
            })
            .collect();
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
