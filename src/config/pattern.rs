//! Globs over paths (relative to the configuration's root) and patterns
//! over labels.

use globset::{Candidate, Glob, GlobBuilder, GlobSet, GlobSetBuilder};

/// Compile a path glob: `*`, `?`, `[…]` and `{…}` stay within one path
/// component, `**` crosses them, `\` escapes. The error says what is wrong
/// with the pattern, without naming it.
pub(super) fn path_glob(pattern: &str) -> Result<Glob, String> {
    if pattern.is_empty() {
        return Err("an empty glob matches nothing".to_owned());
    }
    if pattern.starts_with('/') {
        let fixed = pattern.trim_start_matches('/');
        return Err(format!(
            "starts with `/`; globs are relative to the directory of the config file: write `{fixed}`"
        ));
    }
    if pattern.split('/').any(|part| part == "..") {
        return Err(
            "uses `..`; globs only match paths below the directory of the config file".to_owned(),
        );
    }
    let pattern = pattern.trim_start_matches("./");
    GlobBuilder::new(pattern)
        .literal_separator(true)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// Compile a label pattern: a glob over the whole label, in which `*`
/// also matches `/`.
pub(super) fn label_glob(pattern: &str) -> Result<Glob, String> {
    if pattern.is_empty() {
        return Err("an empty label matches nothing".to_owned());
    }
    GlobBuilder::new(pattern)
        .literal_separator(false)
        .backslash_escape(true)
        .build()
        .map_err(|e| e.kind().to_string())
}

/// An ordered set of path globs, matched against a `/`-separated path
/// relative to the root and against each directory above it.
#[derive(Clone, Debug)]
pub(super) struct PathGlobs {
    set: GlobSet,
}

impl PathGlobs {
    pub(super) fn new(globs: Vec<Glob>) -> Result<Self, String> {
        let mut builder = GlobSetBuilder::new();
        for glob in globs {
            builder.add(glob);
        }
        builder
            .build()
            .map(|set| PathGlobs { set })
            .map_err(|e| e.kind().to_string())
    }

    pub(super) fn empty() -> Self {
        PathGlobs {
            set: GlobSet::empty(),
        }
    }

    /// Whether any glob matches the path or a directory it is in.
    pub(super) fn is_match(&self, rel: &str) -> bool {
        !self.set.is_empty() && ancestors(rel).any(|p| self.set.is_match_candidate(&candidate(p)))
    }

    /// The index of the first glob that matches the path or a directory it
    /// is in.
    pub(super) fn first_match(&self, rel: &str) -> Option<usize> {
        if self.set.is_empty() {
            return None;
        }
        let mut hits = Vec::new();
        ancestors(rel)
            .filter_map(|p| {
                self.set.matches_candidate_into(&candidate(p), &mut hits);
                hits.iter().min().copied()
            })
            .min()
    }
}

/// Labels a rule never reports: exact ones, and globs.
#[derive(Clone, Debug, Default)]
pub(super) struct LabelPatterns {
    exact: Vec<String>,
    globs: Option<GlobSet>,
}

impl LabelPatterns {
    pub(super) fn new(exact: Vec<String>, globs: Vec<Glob>) -> Result<Self, String> {
        let globs = if globs.is_empty() {
            None
        } else {
            let mut builder = GlobSetBuilder::new();
            for glob in globs {
                builder.add(glob);
            }
            Some(builder.build().map_err(|e| e.kind().to_string())?)
        };
        Ok(LabelPatterns { exact, globs })
    }

    pub(super) fn is_match(&self, label: &str) -> bool {
        self.exact.iter().any(|e| e == label)
            || self
                .globs
                .as_ref()
                .is_some_and(|g| g.is_match_candidate(&candidate(label)))
    }
}

/// Whether a label pattern uses any glob syntax; one that does not is
/// compared exactly.
pub(super) fn has_glob_syntax(pattern: &str) -> bool {
    pattern.contains(['*', '?', '[', ']', '{', '}', '\\'])
}

/// `a/b/c`, `a/b`, `a`.
fn ancestors(rel: &str) -> impl Iterator<Item = &str> {
    std::iter::once(rel).chain(rel.rmatch_indices('/').map(move |(at, _)| &rel[..at]))
}

/// The bytes as they are: `/` is the separator on every platform.
fn candidate(text: &str) -> Candidate<'_> {
    Candidate::from_bytes(text.as_bytes())
}
