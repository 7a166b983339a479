//! What goes into a run and what comes out: [`Input`] and [`Options`] in,
//! a [`Report`] (checked files with their findings, and failures) out.

use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::Dialect;
use crate::source::Layout;

/// Something to check.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Input {
    /// A file, or a directory to walk.
    Path(PathBuf),
    /// Standard input, already read.
    Stdin(Vec<u8>),
}

/// How to check.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Options {
    /// Parse every file with this dialect instead of choosing by extension.
    pub dialect: Option<&'static Dialect>,
    /// Read every Markdown file in this flavour (`--flavor`), over the
    /// config's `[markdown] flavor` and each file's own.
    pub flavor: Option<crate::dialect::markdown::Flavor>,
    /// Bibliographies in the scope of every document (`--bibliography`).
    pub bibliographies: Vec<PathBuf>,
    /// Walk hidden files and folders too.
    pub hidden: bool,
    /// Do not honour `.gitignore`, `.ignore` and the like.
    pub no_ignore: bool,
    /// The name standard input is reported under (and whose extension
    /// picks its dialect and whose folder its bibliographies are in).
    pub stdin_name: Option<PathBuf>,
    /// Told how many files are done and how many there are, as they finish.
    pub progress: Option<Progress>,
    /// The repository's `ibid.toml`: which files, which dialect, rule
    /// severities and allowed labels.
    pub config: Option<Arc<Config>>,
    /// Keep an excerpt of each finding's lines, laid out so, for human
    /// output (worked out while the text is at hand; reporters read no
    /// file).
    pub excerpts: Option<Layout>,
}

/// A progress callback: `(done, total)`.
#[derive(Clone)]
pub struct Progress(pub Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// The findings for one checked file.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct FileReport {
    /// As given on the command line, or as found under a given directory
    /// (bibliographies and project files: as reached from there).
    pub path: String,
    /// The dialect id, or what kind of file it is (`bibtex`, `csl-json`,
    /// `csl-yaml`, `config` for a project's configuration).
    pub dialect: &'static str,
    /// The Markdown flavour (`gfm`, `pandoc`, `quarto`, `myst`) of a
    /// Markdown file.
    pub flavor: Option<&'static str>,
    pub markers: usize,
    pub definitions: usize,
    /// Citation keys used (`[@key]`).
    pub citations: usize,
    /// Whether a bibliography was in scope to check them against.
    pub citations_checked: bool,
    /// Sorted by position, each placed (see [`crate::source::Place`]).
    pub diagnostics: Vec<Diagnostic>,
}

impl FileReport {
    pub(crate) fn new(path: String, dialect: &'static str) -> Self {
        Self {
            path,
            dialect,
            flavor: None,
            markers: 0,
            definitions: 0,
            citations: 0,
            citations_checked: false,
            diagnostics: Vec::new(),
        }
    }
}

/// Why an input could not be checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum FailureKind {
    /// It could not be read (missing, permission denied, a walk error).
    Io,
    /// Its bytes are not text ibid reads (invalid UTF-8, UTF-16, binary).
    Decode,
    /// Not a regular file (a FIFO, a device, a socket).
    NotRegular,
    /// An include or bibliography outside the project root (DESIGN.md
    /// section 4, containment); never read.
    Outside,
    /// Files that include each other in a circle; read once.
    IncludeCycle,
    /// Not a format ibid reads (a bibliography with another extension).
    Format,
    /// Changed while it was being checked.
    Changed,
    /// Part of it could not be read (an unclosed `\begin{verbatim}`); the
    /// rest was checked.
    Unread,
}

/// An input that could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Failure {
    pub path: String,
    pub kind: FailureKind,
    pub message: String,
}

impl Failure {
    pub fn new(path: impl Into<String>, kind: FailureKind, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            kind,
            message: message.into(),
        }
    }
}

/// Everything one run found.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct Report {
    pub files: Vec<FileReport>,
    pub failures: Vec<Failure>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// The name used for standard input in reports.
pub const STDIN_NAME: &str = "<stdin>";
