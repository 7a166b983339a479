//! Finding the files to check: inputs in the order given, each directory
//! walked (honouring `.gitignore`, never following a symbolic link to a
//! folder), each file handed on as soon as it is found.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::dialect::{self, Dialect};
use crate::outcome::{Failure, FailureKind, Options};
use crate::project::{contain, Refusal, Root};
use crate::source::io_message;

/// A file found by the walk (or named on the command line).
pub(super) struct Found {
    pub path: PathBuf,
    /// From the config or the extension; `None`: sniffed from the text.
    pub dialect: Option<&'static Dialect>,
    /// A `.bib` file met by a walk: not a document, but read and parsed
    /// while documents are, in case one names it (LaTeX documents name
    /// their `.bib` files only as they are resolved, after the walk).
    pub prefetch: bool,
}

/// A file found under `walked` as reports name it: `ibid check .` reports
/// `docs/a.md`, not `./docs/a.md`.
fn as_shown(walked: &Path, found: PathBuf) -> PathBuf {
    match found.strip_prefix(".") {
        Ok(rest) if walked == Path::new(".") => rest.to_owned(),
        _ => found,
    }
}

/// Where a file's result goes in a report: its input's place on the
/// command line, then its path (see [`path_order`]).
pub(super) type Order = (usize, Vec<u8>);

/// A path's components joined by NUL bytes: these compare as the paths
/// do (component by component, as a directory's files were sorted), but
/// with one `memcmp` (comparing `Path`s parses both each time).
pub(super) fn path_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    key
}

/// How a path is named in reports: every file distinct, nothing that can
/// drive a terminal (see [`crate::source::escape::path_text`]).
pub(crate) fn display(path: &Path) -> String {
    crate::source::escape::path_text(path)
}

/// Whether a file the config and dialect table pick.
pub(super) struct Picker<'a> {
    pub options: &'a Options,
    pub cwd: &'a Path,
}

impl Picker<'_> {
    fn absolute(&self, p: &Path) -> PathBuf {
        if p.is_absolute() {
            p.to_owned()
        } else {
            self.cwd.join(p)
        }
    }

    /// The dialect of a file: the config's, else by extension.
    pub fn dialect_of(&self, p: &Path) -> Option<&'static Dialect> {
        self.options
            .config
            .as_deref()
            .and_then(|c| c.dialect_for(&self.absolute(p)))
            .or_else(|| dialect::by_path(p))
    }

    pub fn excluded(&self, p: &Path) -> bool {
        self.options
            .config
            .as_deref()
            .is_some_and(|c| c.is_excluded(&self.absolute(p)))
    }

    pub fn included(&self, p: &Path) -> bool {
        self.options
            .config
            .as_deref()
            .is_none_or(|c| c.is_included(&self.absolute(p)))
    }
}

/// The files to check under `path` (or `path` itself), handed to `emit`
/// in walk order.
pub(super) fn collect(
    path: &Path,
    picker: &Picker<'_>,
    root: &Arc<Root>,
    emit: &mut dyn FnMut(Found),
    failures: &mut Vec<Failure>,
) {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            return failures.push(Failure::new(display(path), FailureKind::Io, io_message(&e)));
        }
    };
    if !meta.is_dir() {
        if !meta.is_file() {
            // A FIFO would block the run; a device could be endless.
            return failures.push(Failure::new(
                display(path),
                FailureKind::NotRegular,
                "not a regular file (a FIFO, device or socket); not read",
            ));
        }
        // A file named explicitly is checked unless the config excludes it
        // (pre-commit names every changed file).
        if !picker.excluded(path) {
            emit(Found {
                path: path.to_owned(),
                dialect: picker.dialect_of(path),
                prefetch: false,
            });
        }
        return;
    }
    let options = picker.options;
    let mut walk = ignore::WalkBuilder::new(path);
    // `standard_filters` sets `hidden` too, so it comes first. Symbolic
    // links are not followed: a link to a folder is skipped, a link to a
    // file is checked only when it resolves inside the root.
    walk.follow_links(false)
        .standard_filters(!options.no_ignore)
        .hidden(!options.hidden);
    if let Some(config) = options.config.clone() {
        let cwd = picker.cwd.to_owned();
        walk.filter_entry(move |e| {
            let p = e.path();
            !config.is_excluded(&if p.is_absolute() {
                p.to_owned()
            } else {
                cwd.join(p)
            })
        });
    }
    for entry in walk.build() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                failures.push(Failure::new(
                    walk_error_path(&e).map_or_else(|| display(path), |p| display(&p)),
                    FailureKind::Io,
                    walk_message(&e),
                ));
                continue;
            }
        };
        let Some(kind) = entry.file_type() else {
            continue;
        };
        let p = entry.path();
        if kind.is_dir() {
            continue;
        }
        if !(kind.is_file() || kind.is_symlink()) {
            // A FIFO would block the run, a device could be endless.
            if picker.dialect_of(p).is_some() && picker.included(p) {
                failures.push(Failure::new(
                    display(p),
                    FailureKind::NotRegular,
                    "not a regular file (a FIFO, device or socket); not read",
                ));
            }
            continue;
        }
        if !picker.included(p) {
            continue;
        }
        let Some(d) = picker.dialect_of(p) else {
            if kind.is_file() && crate::bib::format_for(p) == Some(crate::bib::Format::Bibtex) {
                emit(Found {
                    path: as_shown(path, entry.into_path()),
                    dialect: None,
                    prefetch: true,
                });
            }
            continue;
        };
        if kind.is_symlink() {
            match std::fs::metadata(p) {
                Err(e) => {
                    failures.push(Failure::new(display(p), FailureKind::Io, io_message(&e)));
                    continue;
                }
                Ok(meta) if meta.is_dir() => continue,
                Ok(_) => {
                    let abs = contain::lexical(&picker.absolute(p));
                    match root.check(&abs) {
                        Ok(_) => {}
                        Err(Refusal::Outside) => {
                            failures.push(Failure::new(
                                display(p),
                                FailureKind::Outside,
                                "symbolic link to a file outside the project root; not read",
                            ));
                            continue;
                        }
                        Err(refusal) => {
                            failures.push(Failure::new(
                                display(p),
                                FailureKind::NotRegular,
                                refusal.message(),
                            ));
                            continue;
                        }
                    }
                }
            }
        }
        emit(Found {
            path: as_shown(path, entry.into_path()),
            dialect: Some(d),
            prefetch: false,
        });
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Results are sorted by `path_order`; files must come out in the
    /// order the paths themselves sort in.
    #[test]
    fn path_order_sorts_as_paths_do() {
        let names = [
            "a",
            "a/b",
            "a.b",
            "a-b",
            "a/b/c",
            "a/b.c",
            "ab",
            "a b",
            "é/x",
            "e/x",
            "a/B",
            "b",
            "a.b/c",
            "a/b-c",
            "docs/x.md",
            "docs.md",
            "docs-old/y.md",
        ];
        let mut by_path: Vec<&Path> = names.iter().map(Path::new).collect();
        let mut by_key = by_path.clone();
        by_path.sort();
        by_key.sort_by_key(|p| path_order(p));
        assert_eq!(by_key, by_path);
    }
}
