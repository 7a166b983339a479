//! The serial multi-file stage: after every file is parsed, the files that
//! resolve together are joined. Include documents are completed (files
//! they include are read, cycles reported once), projects are completed
//! (members not named on the command line are read, so that `unused-entry`
//! is judged over the whole project), unit-wide labels are resolved in a
//! [`UnitGraph`] per unit, and citations in one [`CitationGraph`] against
//! the bibliographies in each document's scope. Then every finding found
//! here takes the finishing path, and the report is put together.
//!
//! Everything here is deterministic: files come in walk order, and files
//! this stage adds (context members, bibliographies, project
//! configurations) come after, in the order they were reached.

mod citations;
pub(super) use citations::load_bibliography;
mod includes;
mod labels;
mod loose_includes;
mod projects;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::parse::{self, Later, Parsed, Source};
use super::walk::{display, Order};
use super::{finish, Run};
use crate::bib::{self, Bibliography, Entry as BibEntry};
use crate::diagnostic::Diagnostic;
use crate::dialect::Units;
use crate::graph::citations::{BibSource, CitingDoc};
use crate::graph::unit::Member;
use crate::graph::{CitationGraph, UnitGraph};
use crate::model::{FileId, LinkKind, RefKind, Span};
use crate::outcome::{Failure, FailureKind, FileReport, Report};
use crate::project::{contain, IncludeGraph, Project, Refusal, Root};
use crate::source::decode;

/// A file this stage reads for a unit.
struct More {
    path: PathBuf,
    dialect: &'static crate::dialect::Dialect,
    root: Arc<Root>,
    /// The encoding of the document that includes it.
    encoding: Option<&'static encoding_rs::Encoding>,
}

impl More {
    /// A file read in its own encoding (a root, a project's member).
    fn new(path: PathBuf, dialect: &'static crate::dialect::Dialect, root: Arc<Root>) -> Self {
        Self {
            path,
            dialect,
            root,
            encoding: None,
        }
    }
}

/// A file of the run.
struct Entry {
    report: FileReport,
    /// Whether its findings are reported (a file named, found by the walk,
    /// or a bibliography or configuration one of those uses).
    reported: bool,
    later: Option<Box<Later>>,
    /// Where to read it again, when a later finding needs its text.
    disk: Option<PathBuf>,
    /// Its text, for bibliographies and configurations (small, and needed
    /// to place their findings).
    text: Option<Arc<str>>,
    /// Reported for this code only: a file read as context that names a
    /// missing bibliography of a document one of whose files is checked.
    only: Option<&'static str>,
}

/// A bibliography file, reached once however many documents name it.
struct BibFile {
    shown: String,
    /// Its entry in the file table, once loaded.
    id: Option<FileId>,
}

/// A project of the run and what it declares.
struct ProjectState {
    project: Arc<Project>,
    members: Vec<FileId>,
    /// Indices into the bibliography table.
    bibs: Vec<usize>,
    /// A declared bibliography is missing (`missing-file`).
    silenced: bool,
}

pub(super) struct Stage<'a> {
    run: &'a Run<'a>,
    entries: Vec<Entry>,
    failures: Vec<Failure>,
    /// Findings of this stage, by file.
    late: Vec<(FileId, Diagnostic)>,
    /// Files by absolute, lexically normal path.
    by_abs: FxHashMap<PathBuf, FileId>,
    /// Whether `by_abs` holds every document (see `index_all`).
    indexed: bool,
    bib_files: Vec<BibFile>,
    /// The bibliography table's index of each canonical path.
    bib_index: FxHashMap<PathBuf, usize>,
    projects: Vec<ProjectState>,
    /// Places already reported as missing files (a bookdown `index.Rmd`
    /// declares for its book and for itself in one line).
    missing_at: FxHashSet<(FileId, Span)>,
    /// What each named file resolved to, by its absolute path, whether it
    /// was written as absolute (refused whatever it names) and the root it
    /// was resolved under.
    resolved: FxHashMap<(PathBuf, bool, usize), Result<PathBuf, Refusal>>,
    /// The bibliography table's index of a file a document names, by the
    /// document's folder and the path as written (and the root).
    named_bibs: FxHashMap<std::ffi::OsString, FxHashMap<Box<str>, (*const Root, usize)>>,
    /// Where each member of an include document resolves its links from.
    ctx: FxHashMap<FileId, includes::Ctx>,
    /// The include documents, each from its root in reading order.
    doc_units: Vec<crate::project::Unit>,
    /// `.bib` files a walk met, read and parsed while documents were, by
    /// absolute path as reached.
    prefetched: FxHashMap<PathBuf, citations::Loaded>,
    /// Include-document files by absolute path as reached (see
    /// `includes::Stage::register`).
    walked: FxHashMap<PathBuf, FileId>,
}

impl<'a> Stage<'a> {
    /// The stage over the parsed files, in walk order.
    pub fn new(
        run: &'a Run<'a>,
        parsed: Vec<(Order, Option<PathBuf>, Parsed)>,
        failures: Vec<Failure>,
    ) -> Self {
        let mut stage = Self {
            run,
            // Room for the bibliographies and configurations added later.
            entries: Vec::with_capacity(parsed.len() + parsed.len() / 8 + 16),
            failures,
            late: Vec::new(),
            by_abs: FxHashMap::default(),
            indexed: false,
            bib_files: Vec::new(),
            bib_index: FxHashMap::default(),
            projects: Vec::new(),
            missing_at: FxHashSet::default(),
            resolved: FxHashMap::default(),
            named_bibs: FxHashMap::default(),
            ctx: FxHashMap::default(),
            doc_units: Vec::new(),
            prefetched: FxHashMap::default(),
            walked: FxHashMap::default(),
        };
        for (_, disk, parsed) in parsed {
            stage.push(parsed, disk, true);
        }
        stage
    }

    fn push(&mut self, parsed: Parsed, disk: Option<PathBuf>, reported: bool) -> FileId {
        let id = self.entries.len();
        if reported {
            self.failures.extend(parsed.unread);
        }
        // Documents are indexed by path only once a project needs to know
        // them (see `index_all`).
        if let (true, Some(disk)) = (self.indexed, &disk) {
            let abs = contain::lexical(&self.run.cwd.join(disk));
            self.by_abs.entry(abs).or_insert(id);
        }
        self.entries.push(Entry {
            report: parsed.report,
            reported,
            later: parsed.later,
            disk,
            text: None,
            only: None,
        });
        id
    }

    /// A file this stage adds that is not a document (a configuration).
    fn push_file(
        &mut self,
        shown: String,
        kind: &'static str,
        abs: PathBuf,
        text: Option<Arc<str>>,
    ) -> FileId {
        if let Some(&id) = self.by_abs.get(&abs) {
            return id;
        }
        let id = self.entries.len();
        self.by_abs.insert(abs, id);
        self.entries.push(Entry {
            report: FileReport::new(shown, kind),
            reported: false,
            later: None,
            disk: None,
            text,
            only: None,
        });
        id
    }

    /// Bibliographies read while documents were (see [`Stage::prefetched`]).
    pub fn with_bibliographies(mut self, read: Vec<(PathBuf, citations::Loaded)>) -> Self {
        self.prefetched = read.into_iter().collect();
        self
    }

    /// Run the stage and put the report together.
    pub fn run(mut self) -> Report {
        self.includes();
        self.loose_includes();
        self.projects();
        self.citations();
        self.finish()
    }

    /// Parse files this stage reaches, in parallel, as context (their
    /// findings are not reported); returns their ids.
    fn read_more(&mut self, files: Vec<More>) -> Vec<FileId> {
        let run = self.run;
        let parsed: Vec<Result<Parsed, Failure>> = files
            .par_iter()
            .map(|more| {
                let source = match more.encoding {
                    Some(encoding) => Source::Declared(&more.path, encoding),
                    None => Source::File(&more.path),
                };
                parse::parse(run, 0, &more.path, source, Some(more.dialect), &more.root)
            })
            .collect();
        let mut ids = Vec::new();
        for (more, result) in files.into_iter().zip(parsed) {
            match result {
                Ok(parsed) => {
                    // Read now in the encoding its document declares: a
                    // file checked (named, or found by the walk) that could
                    // not be read as UTF-8 is checked after all.
                    let mut checked = false;
                    if more.encoding.is_some() {
                        let abs = contain::lexical(&self.run.cwd.join(&more.path));
                        let cwd = &self.run.cwd;
                        self.failures.retain(|f| {
                            let same = f.kind == FailureKind::Decode
                                && contain::lexical(&cwd.join(&f.path)) == abs;
                            checked |= same;
                            !same
                        });
                    }
                    ids.push(self.push(parsed, Some(more.path), checked));
                }
                Err(failure) => self.failures.push(failure),
            }
        }
        ids
    }

    /// [`Root::resolve`], once per file however many documents name it
    /// (every chapter of a book names its bibliography; resolving costs
    /// system calls).
    fn resolve(&mut self, root: &Root, base: &Path, written: &str) -> Result<PathBuf, Refusal> {
        let key = (
            contain::lexical(&self.run.cwd.join(base).join(written)),
            written.starts_with('/') || Path::new(written).has_root(),
            std::ptr::from_ref(root) as usize,
        );
        if let Some(known) = self.resolved.get(&key) {
            return known.clone();
        }
        let result = root.resolve(&self.run.cwd, base, written);
        self.resolved.insert(key, result.clone());
        result
    }

    /// A `missing-file` finding at the place that names `path`.
    fn missing(&mut self, file: FileId, span: Span, path: &str, what: &str) {
        if !self.missing_at.insert((file, span)) {
            return;
        }
        let mut d = crate::rules::MISSING_FILE.diagnostic(
            span,
            Some(path),
            format!(
                "{what} `{path}` does not exist; unknown citations are not reported \
                 while it is missing"
            ),
        );
        d.help = Some(format!(
            "create `{path}` (generate it before checking), or correct the path"
        ));
        if what == "included file" {
            d.message = format!("{what} `{path}` does not exist");
            d.help = Some("correct the path, or remove the include".to_owned());
        }
        self.late.push((file, d));
    }

    /// A refusal to read a named file, as a failure naming it.
    fn refused(&mut self, shown: &Path, refusal: &Refusal, named_in: &str) {
        let kind = match refusal {
            Refusal::Outside => FailureKind::Outside,
            Refusal::NotRegular => FailureKind::NotRegular,
            Refusal::Missing | Refusal::Io(_) => FailureKind::Io,
        };
        self.failures.push(Failure::new(
            display(shown),
            kind,
            format!("{} (named in {named_in})", refusal.message()),
        ));
    }

    /// Finish every file this stage touched, place related spans in other
    /// files, and assemble the report.
    fn finish(mut self) -> Report {
        let run = self.run;
        let mut late: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.entries.len()];
        for (file, d) in std::mem::take(&mut self.late) {
            if let Some(slot) = late.get_mut(file) {
                slot.push(d);
            }
        }
        // A file two units share is judged in each: one finding however
        // many units make it.
        for found in &mut late {
            if found.len() > 1 {
                found.sort_by(|a, b| {
                    (a.span, a.code, &a.label, &a.message)
                        .cmp(&(b.span, b.code, &b.label, &b.message))
                });
                found.dedup_by(|a, b| {
                    (a.span, a.code, &a.label, &a.message) == (b.span, b.code, &b.label, &b.message)
                });
            }
        }
        let config = run.options.config.as_deref();
        let excerpts = run.options.excerpts;
        let failures: Vec<Failure> = self
            .entries
            .par_iter_mut()
            .zip(late)
            .filter_map(|(entry, late)| {
                // A file with a later stage still waits for its
                // suppressions and the config, findings or not.
                if late.is_empty() && entry.later.is_none() {
                    return None;
                }
                let mut found = std::mem::take(&mut entry.report.diagnostics);
                let needs_text = !late.is_empty();
                found.extend(late);
                let kept = entry.later.as_mut().and_then(|l| l.kept.take());
                let mut failure = None;
                let text: Option<Arc<str>> = match (&kept, &entry.text) {
                    (Some((text, _)), _) => Some(text.clone()),
                    (None, Some(text)) => Some(text.clone()),
                    (None, None) if needs_text => match read_again(entry) {
                        Ok(text) => Some(text),
                        Err(f) => {
                            failure = Some(f);
                            None
                        }
                    },
                    (None, None) => None,
                };
                if let Some((text, comments)) = &kept {
                    found = finish::suppress(text, comments, found);
                }
                finish::configure(config, &mut found);
                match &text {
                    Some(text) => finish::place(&entry.report.path, text, &mut found, excerpts),
                    // The file changed or went: what cannot be placed goes.
                    None => found.retain(|d| d.place.is_some()),
                }
                finish::sort(&mut found);
                entry.report.diagnostics = found;
                failure
            })
            .collect();
        self.failures.extend(failures);
        self.place_related();
        let mut report = Report::default();
        let mut leftovers = Vec::with_capacity(self.entries.len());
        for mut entry in self.entries {
            leftovers.push(entry.later);
            if let Some(code) = entry.only {
                entry.report.diagnostics.retain(|d| d.code == code);
            }
            if entry.reported {
                report.files.push(entry.report);
            }
        }
        drop_aside(leftovers);
        self.failures.sort_by(|a, b| a.path.cmp(&b.path));
        self.failures.dedup();
        report.failures = self.failures;
        report
    }

    /// Related places in other files: each such file's text is read once
    /// (bibliographies are at hand) and every span in it placed.
    fn place_related(&mut self) {
        let mut wanted: FxHashMap<FileId, Vec<(FileId, usize, usize)>> = FxHashMap::default();
        for (e, entry) in self.entries.iter().enumerate() {
            if !entry.reported {
                continue;
            }
            for (d, diagnostic) in entry.report.diagnostics.iter().enumerate() {
                for (r, related) in diagnostic.related.iter().enumerate() {
                    if let Some(other) = related.file {
                        wanted.entry(other).or_default().push((e, d, r));
                    }
                }
            }
        }
        let excerpts = self.run.options.excerpts;
        let mut wanted: Vec<_> = wanted.into_iter().collect();
        wanted.sort_unstable_by_key(|(f, _)| *f);
        for (other, places) in wanted {
            let text = match &self.entries[other].text {
                Some(text) => Ok(text.clone()),
                None => read_again(&self.entries[other]),
            };
            let Ok(text) = text else { continue };
            let path = self.entries[other].report.path.clone();
            let spans: Vec<(Span, String)> = places
                .iter()
                .map(|&(e, d, r)| {
                    let related = &self.entries[e].report.diagnostics[d].related[r];
                    (related.span, related.message.clone())
                })
                .collect();
            let marks: Vec<(Span, &str)> = spans.iter().map(|(s, m)| (*s, m.as_str())).collect();
            let placed = crate::source::place_related(&path, &text, &marks, excerpts);
            for ((e, d, r), place) in places.into_iter().zip(placed) {
                if let Some(p) = self.entries[e].report.diagnostics[d].place.as_deref_mut() {
                    if let Some(slot) = p.related.get_mut(r) {
                        *slot = Some(place);
                    }
                }
            }
        }
    }
}

/// Free what the run no longer needs on the worker pool, which is idle
/// by then: a document repository's documents and citation graph take
/// milliseconds to free, which the report need not wait for.
fn drop_aside<T: Send + 'static>(leftovers: T) {
    rayon::spawn(move || drop(leftovers));
}

/// A document's text read again for findings found after its text was
/// dropped; a file that changed meanwhile is a failure, not misplaced
/// findings.
fn read_again(entry: &Entry) -> Result<Arc<str>, Failure> {
    let path = entry.report.path.clone();
    let Some(disk) = &entry.disk else {
        return Err(Failure::new(
            path,
            FailureKind::Changed,
            "its text is gone; later findings not reported",
        ));
    };
    let mut bytes = Vec::new();
    contain::read_regular(disk, &mut bytes)
        .map_err(|e| Failure::new(path.clone(), FailureKind::Io, crate::source::io_message(&e)))?;
    let encoding = entry.later.as_ref().and_then(|l| l.encoding);
    let text = crate::source::decode_in(&bytes, encoding)
        .map_err(|e| Failure::new(path.clone(), FailureKind::Decode, e.to_string()))?;
    let len = entry.later.as_ref().map_or(text.len(), |l| l.len);
    if text.len() != len {
        return Err(Failure::new(
            path,
            FailureKind::Changed,
            "changed while it was being checked; check it again",
        ));
    }
    Ok(Arc::from(text))
}
