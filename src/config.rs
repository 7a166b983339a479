//! Repository configuration: `ibid.toml` or `.ibid.toml`.
//!
//! [`discover`] looks for `ibid.toml`, then `.ibid.toml`, in a start
//! directory and each of its parents, and stops after the repository root
//! (the directory that contains `.git`) or at the filesystem root; [`load`]
//! reads a named file (`--config FILE`). Both return a validated [`Config`]
//! or a [`ConfigError`] that names the file, line and column. This module
//! never prints and never exits; the binary maps an error to exit status 2.
//!
//! # Schema
//!
//! | key | type | meaning |
//! |---|---|---|
//! | `include` | array of globs | files checked when a directory is walked; absent: every file |
//! | `exclude` | array of globs | files never checked, even when included |
//! | `bibliography` | array of paths | `.bib`, CSL `.json`, CSL `.yaml` in scope for every document |
//! | `[[dialect]]` | array of tables | `glob` and `dialect` (`markdown`, `plain`); the first match wins |
//! | `[[encoding]]` | array of tables | `glob` and `encoding` (a WHATWG label: `latin1`, `windows-1252`, `utf-8`); the first match wins, over what a file declares |
//! | `[rules.CODE]` | table | per rule: `severity` (`error`, `warning`, `off`) and `allow` |
//! | `allow` | array of patterns | labels the rule never reports: exact, or globs such as `TBD*` |
//! | `heading-anchors` | boolean | `[rules.unused-link-definition]` only: also report a section's unused link to its own heading (`[summary]: #summary` under `# Summary`); default `false` |
//!
//! Dialect and encoding overrides are arrays of tables rather than a
//! `[dialects]` table keyed by glob: TOML tables are unordered, while "the
//! first match wins" needs an order, and an entry names its keys instead of
//! quoting a glob as a key.
//!
//! # Paths and globs
//!
//! Relative paths and every glob are relative to [`Config::root`], the
//! directory of the configuration file, and use `/` on every platform.
//! `*`, `?`, `[a-z]` and `{a,b}` stay within one path component, `**`
//! crosses any number of them, and `\` escapes. A glob that matches a
//! directory matches everything in it, as in `.gitignore`: `docs` and
//! `docs/**` both take in all of `docs/`. Globs are anchored at the root:
//! `*.md` is the Markdown files next to the configuration file, `**/*.md`
//! every one. A glob may not start with `/` or use `..`; a path outside the
//! root matches no glob.
//!
//! Labels in `allow` are compared as written without brackets, case
//! sensitively; a pattern is a glob over the whole label, in which `*`
//! also matches `/` (DOIs as citation keys).
//!
//! # Example
//!
//! Every key, with comments (the README has the same file):
//!
//! ```toml
#![doc = include_str!("config/example.toml")]
//! ```
//!
//! # Errors
//!
//! Messages name the key and, through [`ConfigError`]'s `Display`, the
//! line and column:
//!
//! ```text
//! ibid.toml:12:1: unknown key `serverity` in [rules.unresolved]; expected one of: severity, allow
//! ibid.toml:9:8: unknown rule `unresolve` in [rules]; did you mean `unresolved`?
//! ibid.toml:1:11: wrong type for `include`: expected an array, found string "docs"; write `include = ["docs"]`
//! ```

mod pattern;
mod schema;
#[cfg(test)]
mod tests;

use crate::source::io_message;
use std::fmt;
use std::path::{Component, Path, PathBuf};

use crate::diagnostic::Severity;
use crate::dialect::Dialect;

use pattern::{LabelPatterns, PathGlobs};

/// File names [`discover`] looks for, in order of preference.
pub const FILE_NAMES: [&str; 2] = ["ibid.toml", ".ibid.toml"];

/// A parsed and validated configuration file.
#[derive(Clone, Debug)]
pub struct Config {
    /// Absolute, lexically normalised directory of the file.
    root: PathBuf,
    /// `None`: every file.
    include: Option<PathGlobs>,
    exclude: PathGlobs,
    /// One glob set over every `[[dialect]]` entry, in order.
    dialect_globs: PathGlobs,
    dialects: Vec<&'static Dialect>,
    /// One glob set over every `[[encoding]]` entry, in order.
    encoding_globs: PathGlobs,
    encodings: Vec<&'static encoding_rs::Encoding>,
    rules: Vec<RuleConfig>,
    /// As written, relative to `root` unless absolute.
    bibliographies: Vec<PathBuf>,
    /// What the dialects read beyond the text (`[latex.commands]`).
    settings: crate::dialect::Settings,
    /// `[fix] reference-lists`: `ibid fix` renumbers reference lists too.
    fix_reference_lists: bool,
}

/// The settings of one `[rules.CODE]` table.
#[derive(Clone, Debug)]
struct RuleConfig {
    code: &'static str,
    severity: Option<Level>,
    allow: LabelPatterns,
    /// `heading-anchors` (`unused-link-definition` only).
    heading_anchors: bool,
}

/// A rule's severity as configured.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Error,
    Warning,
    /// The rule does not run.
    Off,
}

impl Level {
    /// Every level, as written in the configuration.
    pub const NAMES: [&'static str; 3] = ["error", "warning", "off"];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
            Level::Off => "off",
        }
    }

    /// The severity diagnostics get; `None` for [`Level::Off`].
    pub fn severity(self) -> Option<Severity> {
        match self {
            Level::Error => Some(Severity::Error),
            Level::Warning => Some(Severity::Warning),
            Level::Off => None,
        }
    }
}

impl std::str::FromStr for Level {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        match s {
            "error" => Ok(Level::Error),
            "warning" => Ok(Level::Warning),
            "off" => Ok(Level::Off),
            _ => Err(()),
        }
    }
}

/// Why a configuration file could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as found or as given.
    pub path: PathBuf,
    /// 1-based; `None` when the whole file is at fault (unreadable).
    pub line: Option<usize>,
    /// 1-based, in Unicode scalar values.
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Find the configuration for `start_dir`: `ibid.toml`, then `.ibid.toml`,
/// in it and in each parent, stopping after the directory that contains
/// `.git` (the repository root) or at the filesystem root. The path comes
/// back relative when `start_dir` is (`ibid.toml`, `../ibid.toml`), for
/// messages a user can follow from where they stand.
pub fn discover(start_dir: &Path) -> Result<Option<(PathBuf, Config)>, ConfigError> {
    let given = if start_dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        start_dir
    };
    let start = absolute(given).map_err(|message| ConfigError {
        path: given.to_owned(),
        line: None,
        column: None,
        message,
    })?;
    let mut shown = given.to_owned();
    for dir in start.ancestors() {
        for name in FILE_NAMES {
            if dir.join(name).is_file() {
                let path = clean(&shown.join(name));
                return load_with_root(&path, dir.to_owned()).map(|config| Some((path, config)));
            }
        }
        if dir.join(".git").exists() {
            break;
        }
        shown.push("..");
    }
    Ok(None)
}

/// Read and validate one configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    load_with_root(path, root_of(path)?)
}

/// Validate configuration text as if read from `path` (whose directory
/// becomes the root).
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    schema::parse(text, root_of(path)?).map_err(|e| e.at(path))
}

/// The absolute directory of a configuration file.
fn root_of(path: &Path) -> Result<PathBuf, ConfigError> {
    absolute(path)
        .map(|p| p.parent().map(Path::to_owned).unwrap_or(p))
        .map_err(|message| ConfigError {
            path: path.to_owned(),
            line: None,
            column: None,
            message,
        })
}

fn load_with_root(path: &Path, root: PathBuf) -> Result<Config, ConfigError> {
    let fail = |message: String| ConfigError {
        path: path.to_owned(),
        line: None,
        column: None,
        message,
    };
    let bytes = std::fs::read(path)
        .map_err(|e| fail(format!("cannot read the config file: {}", io_message(&e))))?;
    let text = crate::source::decode(&bytes).map_err(|e| match e {
        crate::source::DecodeError::InvalidUtf8 { line, column, .. } => ConfigError {
            line: Some(line),
            column: Some(column),
            ..fail(e.to_string())
        },
        _ => fail(e.to_string()),
    })?;
    schema::parse(text, root).map_err(|e| e.at(path))
}

impl Config {
    /// The directory of the configuration file: relative paths in it
    /// (bibliographies, globs) are relative to this.
    /// What the dialects read beyond the text.
    pub fn settings(&self) -> &crate::dialect::Settings {
        &self.settings
    }

    /// Whether `ibid fix` renumbers numbered reference lists too (`[fix]
    /// reference-lists = true`).
    pub fn fix_reference_lists(&self) -> bool {
        self.fix_reference_lists
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Whether a file is checked: it (or a directory it is in) matches an
    /// `include` glob, or there is no `include`, and matches no `exclude`
    /// glob. `path` is absolute or relative to [`Config::root`].
    pub fn is_included(&self, path: &Path) -> bool {
        let rel = self.relative(path);
        let rel = rel.as_deref();
        let included = match &self.include {
            None => true,
            Some(globs) => rel.is_some_and(|r| globs.is_match(r)),
        };
        included && !rel.is_some_and(|r| self.exclude.is_match(r))
    }

    /// Whether a file or directory matches an `exclude` glob; a walk can
    /// skip an excluded directory without reading it.
    pub fn is_excluded(&self, path: &Path) -> bool {
        self.relative(path)
            .is_some_and(|r| self.exclude.is_match(&r))
    }

    /// The dialect of the first `[[dialect]]` entry whose glob matches the
    /// file (or a directory it is in); `None`: choose as usual.
    pub fn dialect_for(&self, path: &Path) -> Option<&'static Dialect> {
        let rel = self.relative(path)?;
        self.dialect_globs
            .first_match(&rel)
            .map(|index| self.dialects[index])
    }

    /// The encoding of the first `[[encoding]]` entry whose glob matches
    /// the file (or a directory it is in); `None`: the file's own
    /// declaration, else UTF-8. It wins over what the file declares (a
    /// Gutenberg header, LaTeX's inputenc): the repository knows its files.
    pub fn encoding_for(&self, path: &Path) -> Option<&'static encoding_rs::Encoding> {
        let rel = self.relative(path)?;
        self.encoding_globs
            .first_match(&rel)
            .map(|index| self.encodings[index])
    }

    /// The configured severity of a rule; `None`: its default.
    pub fn severity(&self, code: &str) -> Option<Level> {
        self.rule(code).and_then(|r| r.severity)
    }

    /// Whether a rule's `allow` list takes in this label (as written
    /// without brackets): an exact entry or a matching glob.
    pub fn allowed(&self, code: &str, label: &str) -> bool {
        self.rule(code).is_some_and(|r| r.allow.is_match(label))
    }

    /// Whether `unused-link-definition` reports a section's unused link to
    /// its own heading (`[rules.unused-link-definition] heading-anchors =
    /// true`); by default it does not.
    pub fn reports_heading_anchors(&self) -> bool {
        self.rule("unused-link-definition")
            .is_some_and(|r| r.heading_anchors)
    }

    /// The `bibliography` files, resolved against [`Config::root`].
    pub fn bibliographies(&self) -> Vec<PathBuf> {
        self.bibliographies
            .iter()
            .map(|p| self.root.join(p))
            .collect()
    }

    fn rule(&self, code: &str) -> Option<&RuleConfig> {
        self.rules.iter().find(|r| r.code == code)
    }

    /// `path` relative to the root, `/`-separated; `None` outside it.
    fn relative(&self, path: &Path) -> Option<String> {
        let path = if path.is_absolute() {
            normalize(path)?.strip_prefix(&self.root).ok()?.to_owned()
        } else {
            normalize(path)?
        };
        let mut out = String::new();
        for component in path.components() {
            match component {
                Component::Normal(part) => {
                    if !out.is_empty() {
                        out.push('/');
                    }
                    out.push_str(&part.to_string_lossy());
                }
                // A relative path that climbs out of the root.
                _ => return None,
            }
        }
        Some(out)
    }
}

/// `path` made absolute (against the working directory) and normalised.
fn absolute(path: &Path) -> Result<PathBuf, String> {
    std::path::absolute(path)
        .ok()
        .and_then(|p| normalize(&p))
        .ok_or_else(|| "cannot resolve the working directory".to_owned())
}

/// Drop `.` and resolve `..` lexically (as `cd` does, not following
/// symbolic links). `None` when a relative path climbs above its start.
fn normalize(path: &Path) -> Option<PathBuf> {
    let out = clean(path);
    match out.components().next() {
        Some(Component::ParentDir) => None,
        _ => Some(out),
    }
}

/// Drop `.` and resolve `..` lexically, keeping the leading `..` of a
/// relative path: `./ibid.toml` → `ibid.toml`, `docs/../../x` → `../x`.
fn clean(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    let mut depth = 0usize;
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir if depth > 0 => {
                out.pop();
                depth -= 1;
            }
            // `/..` is `/`.
            Component::ParentDir if path.is_absolute() => {}
            Component::Normal(part) => {
                out.push(part);
                depth += 1;
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
