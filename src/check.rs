//! Running the pipeline over a set of inputs. This is the only part that
//! runs concurrently: files are read and checked in parallel, and the
//! results come back in input order.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::{self, Dialect};
use crate::source::decode;

/// Something to check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// A file, or a directory to walk.
    Path(PathBuf),
    /// Standard input, already read.
    Stdin(Vec<u8>),
}

#[derive(Clone, Debug, Default)]
pub struct CheckOptions {
    /// Parse every file with this dialect instead of choosing by extension.
    pub dialect: Option<&'static Dialect>,
}

/// The findings for one checked file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// As given on the command line, or as found under a given directory.
    pub path: String,
    pub dialect: &'static str,
    pub markers: usize,
    pub definitions: usize,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded text, kept only when there are diagnostics to show.
    pub source: Option<Arc<str>>,
}

/// An input that could not be checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    pub path: String,
    pub message: String,
}

/// Everything one run found.
#[derive(Clone, Debug, Default)]
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

enum Job {
    File(PathBuf, Option<&'static Dialect>),
    Bytes(String, Vec<u8>),
}

/// Check files, directories and standard input.
pub fn check_inputs(inputs: Vec<Input>, options: &CheckOptions) -> Report {
    let mut jobs = Vec::new();
    let mut failures = Vec::new();
    for input in inputs {
        match input {
            Input::Stdin(bytes) => jobs.push(Job::Bytes(STDIN_NAME.to_owned(), bytes)),
            Input::Path(path) => collect(&path, &mut jobs, &mut failures),
        }
    }
    let results: Vec<Result<FileReport, Failure>> = jobs
        .into_par_iter()
        .map(|job| match job {
            Job::File(path, by_ext) => {
                let shown = display(&path);
                match std::fs::read(&path) {
                    Ok(bytes) => check_bytes(shown, &bytes, options.dialect.or(by_ext)),
                    Err(e) => Err(Failure {
                        path: shown,
                        message: io_message(&e),
                    }),
                }
            }
            Job::Bytes(name, bytes) => check_bytes(name, &bytes, options.dialect),
        })
        .collect();
    let mut report = Report::default();
    for result in results {
        match result {
            Ok(file) => report.files.push(file),
            Err(failure) => failures.push(failure),
        }
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    report.failures = failures;
    report
}

/// Check one file's bytes; the dialect is sniffed when not given.
pub fn check_bytes(
    path: String,
    bytes: &[u8],
    dialect: Option<&'static Dialect>,
) -> Result<FileReport, Failure> {
    let text = decode(bytes).map_err(|e| Failure {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let dialect = dialect.unwrap_or_else(|| dialect::sniff(text));
    let checked = crate::check_text(text, dialect);
    let source = (!checked.diagnostics.is_empty()).then(|| Arc::from(text));
    Ok(FileReport {
        path,
        dialect: dialect.id,
        markers: checked.markers,
        definitions: checked.definitions,
        diagnostics: checked.diagnostics,
        source,
    })
}

fn collect(path: &Path, jobs: &mut Vec<Job>, failures: &mut Vec<Failure>) {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            return failures.push(Failure {
                path: display(path),
                message: io_message(&e),
            })
        }
    };
    if !meta.is_dir() {
        // A file named explicitly is always checked.
        jobs.push(Job::File(path.to_owned(), dialect::by_path(path)));
        return;
    }
    let mut found = Vec::new();
    for entry in ignore::WalkBuilder::new(path).follow_links(true).build() {
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                if let Some(d) = dialect::by_path(entry.path()) {
                    found.push((entry.into_path(), d));
                }
            }
            Ok(_) => {}
            Err(e) => failures.push(Failure {
                path: walk_error_path(&e).map_or_else(|| display(path), |p| display(&p)),
                message: walk_message(&e),
            }),
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0));
    jobs.extend(found.into_iter().map(|(p, d)| Job::File(p, Some(d))));
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
}

fn io_message(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_owned(),
        ErrorKind::PermissionDenied => "permission denied".to_owned(),
        ErrorKind::IsADirectory => "is a directory".to_owned(),
        _ => {
            let text = e.to_string();
            text.split(" (os error")
                .next()
                .unwrap_or(&text)
                .to_lowercase()
        }
    }
}

fn walk_error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            walk_error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        _ => None,
    }
}

fn walk_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => walk_message(err),
        ignore::Error::Loop { ancestor, .. } => {
            format!(
                "symbolic link loop back to {}; not followed",
                display(ancestor)
            )
        }
        ignore::Error::Io(io) => io_message(io),
        other => other.to_string(),
    }
}
