//! Reading `corpus/latex` in place: the index, each project's oracles and
//! mutations, and the little that must be computed from the sources
//! themselves (paths, where a key is written, the keys of a `.bib`).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::conformance_corpus::{lexical, read_json, suite_dir, Lines, Place};

/// `corpus/latex`.
pub fn dir() -> PathBuf {
    suite_dir("latex")
}

// ---------------------------------------------------------------------------
// Paths

/// An oracle's `file`: relative to the project's `src/` when that file
/// exists there, else relative to the main file's folder (BibTeX names the
/// `.bib` as the main file's `\bibliography` wrote it: open-logic's
/// `../..//bib/open-logic.bib` is `src/bib/open-logic.bib`).
pub fn oracle_path(src: &Path, main: &str, file: &str) -> String {
    let direct = lexical(file);
    if !direct.starts_with("..") && src.join(&direct).is_file() {
        return direct;
    }
    let folder = main.rsplit_once('/').map_or("", |(folder, _)| folder);
    lexical(&format!("{folder}/{file}"))
}

// ---------------------------------------------------------------------------
// Where a key is written

/// How far above LaTeX's line the key may be written: LaTeX reports "on
/// input line N" where it finished reading the command, which is after the
/// key when an argument (a caption, a footnote) spans lines.
pub const LOOKBACK: usize = 30;

/// The line holding `key` literally: `line` itself, else the nearest one
/// above it (at most [`LOOKBACK`] lines up). `None`: no such line.
pub fn locate(lines: &Lines, line: usize, key: &str) -> Option<usize> {
    (line.saturating_sub(LOOKBACK).max(1)..=line)
        .rev()
        .find(|&n| lines.line(n).is_some_and(|l| l.contains(key)))
}

// ---------------------------------------------------------------------------
// .bib keys

/// The keys of a `.bib`'s entries, in order: `@type{key,` or `@type(key,`,
/// skipping `@string`, `@preamble`, `@comment`. A scan, not a parser: good
/// enough to list what a real file defines (checked against checkcites on
/// every project by the machinery trial).
pub fn bib_keys(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut keys = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find('@').map(|k| i + k) {
        i = at + 1;
        let skip_space = |mut j: usize| {
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            j
        };
        let mut j = skip_space(i);
        let type_start = j;
        while j < bytes.len() && bytes[j].is_ascii_alphabetic() {
            j += 1;
        }
        let kind = text[type_start..j].to_ascii_lowercase();
        if kind.is_empty() || matches!(kind.as_str(), "string" | "preamble" | "comment") {
            continue;
        }
        j = skip_space(j);
        if j >= bytes.len() || !matches!(bytes[j], b'{' | b'(') {
            continue;
        }
        j = skip_space(j + 1);
        let key_start = j;
        while j < bytes.len()
            && !matches!(bytes[j], b',' | b'}' | b')')
            && !bytes[j].is_ascii_whitespace()
        {
            j += 1;
        }
        let key = &text[key_start..j];
        j = skip_space(j);
        if !key.is_empty() && j < bytes.len() && bytes[j] == b',' {
            keys.push(key.to_owned());
            i = j;
        }
    }
    keys
}

/// Every `.bib` under `src` (relative paths, sorted).
pub fn bib_files(src: &Path) -> Vec<String> {
    fn walk(dir: &Path, src: &Path, out: &mut Vec<String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, src, out);
            } else if path.extension().is_some_and(|e| e == "bib") {
                if let Ok(rel) = path.strip_prefix(src) {
                    out.push(rel.to_string_lossy().replace('\\', "/"));
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(src, src, &mut out);
    out.sort();
    out
}

// ---------------------------------------------------------------------------
// Projects and mutations

pub struct Project {
    pub id: String,
    /// `corpus/latex/<id>`.
    pub dir: PathBuf,
    /// The main file, relative to `src/`.
    pub main: String,
    /// `bibtex`, `biber`, `thebibliography` or `none`.
    pub bibliography: String,
    pub oracle: Value,
    pub mutations: Vec<Mutation>,
}

pub struct Mutation {
    pub id: String,
    /// `mutations/<m>.json`: what was injected, where, what is expected.
    pub spec: Value,
    /// `mutations/<m>.oracle.json`.
    pub oracle: Value,
    pub patch: PathBuf,
}

/// The project ids of `index.json`, in its order.
pub fn project_ids() -> Vec<String> {
    read_json(&dir().join("index.json"))["projects"]
        .as_array()
        .expect("index.json projects[]")
        .iter()
        .map(|p| p["id"].as_str().expect("projects[].id").to_owned())
        .collect()
}

impl Project {
    pub fn load(id: &str) -> Self {
        let index = read_json(&dir().join("index.json"));
        let entry = index["projects"]
            .as_array()
            .and_then(|a| a.iter().find(|p| p["id"] == id))
            .unwrap_or_else(|| panic!("{id} is not in corpus/latex/index.json"));
        let dir = dir().join(id);
        let mutations = entry["mutations"]
            .as_array()
            .expect("projects[].mutations[]")
            .iter()
            .map(|m| {
                let m = m["id"].as_str().expect("mutations[].id");
                let base = dir.join("mutations");
                Mutation {
                    id: m.to_owned(),
                    spec: read_json(&base.join(format!("{m}.json"))),
                    oracle: read_json(&base.join(format!("{m}.oracle.json"))),
                    patch: base.join(format!("{m}.patch")),
                }
            })
            .collect();
        Self {
            id: id.to_owned(),
            main: entry["main"].as_str().expect("projects[].main").to_owned(),
            bibliography: entry["bibliography"]
                .as_str()
                .expect("projects[].bibliography")
                .to_owned(),
            oracle: read_json(&dir.join("oracle.json")),
            dir,
            mutations,
        }
    }

    pub fn src(&self) -> PathBuf {
        self.dir.join("src")
    }

    /// An oracle `file`, normalised (see [`oracle_path`]).
    pub fn path(&self, file: &str) -> String {
        oracle_path(&self.src(), &self.main, file)
    }

    /// Keys of `aux_inventory.cited_keys`, lower-cased (BibTeX compares
    /// keys case-insensitively).
    pub fn cited_folded(&self) -> BTreeSet<String> {
        strings(&self.oracle["aux_inventory"]["cited_keys"])
            .map(|k| k.to_lowercase())
            .collect()
    }
}

impl Mutation {
    pub fn key(&self) -> &str {
        self.spec["key"].as_str().unwrap_or_default()
    }

    /// `added`, `original` or `removed_from` of the mutation json.
    pub fn place(&self, project: &Project, field: &str) -> Option<Place> {
        let p = &self.spec[field];
        Some(Place::new(
            &project.path(p["file"].as_str()?),
            usize::try_from(p["line"].as_u64()?).ok()?,
        ))
    }

    /// One line saying what was injected and where.
    pub fn describe(&self, project: &Project) -> String {
        let mut s = format!(
            "{} `{}`",
            self.spec["kind"].as_str().unwrap_or("?"),
            self.key()
        );
        for (field, word) in [
            ("removed_from", "removed from"),
            ("added", "added at"),
            ("original", "copy of"),
        ] {
            if let Some(place) = self.place(project, field) {
                s.push_str(&format!("; {word} {place}"));
            }
        }
        s
    }
}

pub fn strings(value: &Value) -> impl Iterator<Item = &str> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}
