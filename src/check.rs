//! Running the pipeline over a set of inputs. This is the only part that
//! runs concurrently: files are read and checked in parallel, and the
//! results come back in input order.

use crate::source::io_message;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::bib::{self, Bibliography, Entry};
use crate::citations::{BibSource, CitationGraph, CitingDoc};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::dialect::{self, Dialect};
use crate::model::{Document, RefKind, Span};
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
    pub config: Option<std::sync::Arc<Config>>,
}

/// A progress callback: `(done, total)`.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(usize, usize) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress(..)")
    }
}

/// The findings for one checked file.
#[derive(Clone, Debug)]
pub struct FileReport {
    /// As given on the command line, or as found under a given directory.
    pub path: String,
    pub dialect: &'static str,
    pub markers: usize,
    pub definitions: usize,
    /// Citation keys used (`[@key]`).
    pub citations: usize,
    /// Whether a bibliography was in scope to check them against.
    pub citations_checked: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded text of an input that cannot be read again (standard
    /// input, bytes given to [`check_bytes`]) when it has diagnostics or
    /// cites; files on disk keep none (their findings carry places, and
    /// the few reporters that need text read them again).
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
    Bytes(Vec<u8>),
}

/// What the citation stage needs from a document.
struct Citing {
    citations: Vec<crate::model::Marker>,
    /// Front-matter `references:`.
    inline: Vec<Entry>,
    /// Bibliographies it names: resolved path and where it names them.
    named: Vec<(PathBuf, Span)>,
    /// The text and comments, when they hold suppressions: applied once
    /// the citation findings are in.
    suppress: Option<(Arc<str>, Vec<Span>)>,
}

/// Check files, directories and standard input.
///
/// The walk runs on a thread of its own and each file is checked as soon
/// as it is found; the results are put back in walk order (inputs in the
/// order given, each directory's files sorted by path) at the end.
pub fn check_inputs(inputs: Vec<Input>, options: &CheckOptions) -> Report {
    use std::sync::atomic::{
        AtomicBool, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
    };
    let found = AtomicUsize::new(0);
    let walked = AtomicBool::new(false);
    let done = AtomicUsize::new(0);
    let (send, jobs) = std::sync::mpsc::channel::<(Order, Job)>();
    let (mut results, failures) = std::thread::scope(|scope| {
        let (found, walked) = (&found, &walked);
        let walker = scope.spawn(move || {
            let mut failures = Vec::new();
            for (n, input) in inputs.into_iter().enumerate() {
                let mut emit = |job: Job| {
                    found.fetch_add(1, Relaxed);
                    let order = match &job {
                        Job::File(path, _) => path_order(path),
                        Job::Bytes(_) => Vec::new(),
                    };
                    // The receiver lives until every job is in.
                    let _ = send.send(((n, order), job));
                };
                match input {
                    Input::Stdin(bytes) => emit(Job::Bytes(bytes)),
                    Input::Path(path) => collect(&path, options, &mut emit, &mut failures),
                }
            }
            // Release: a worker that sees the walk over sees every count.
            walked.store(true, Release);
            failures
        });
        let results: Vec<(Order, JobResult)> = jobs
            .into_iter()
            .par_bridge()
            .map(|(order, job)| {
                let result = run_job(job, options);
                if let Some(Progress(report)) = &options.progress {
                    // Until the walk is over there is more to come.
                    let over = walked.load(Acquire);
                    let total = found.load(Relaxed) + usize::from(!over);
                    report(done.fetch_add(1, Relaxed) + 1, total);
                }
                (order, result)
            })
            .collect();
        let failures = walker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        (results, failures)
    });
    if let Some(Progress(report)) = &options.progress {
        let total = found.load(Relaxed);
        report(total, total);
    }
    results.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    collect_results(
        results.into_iter().map(|(_, result)| result),
        options,
        failures,
    )
}

/// Where a job's result goes in a report: its input's place on the
/// command line, then its path (see [`path_order`]).
type Order = (usize, Vec<u8>);

/// A path's components joined by NUL bytes: these compare as the paths
/// do (component by component, as a directory's files were sorted), but
/// with one `memcmp` (comparing `Path`s parses both each time).
fn path_order(path: &Path) -> Vec<u8> {
    let mut key = Vec::with_capacity(path.as_os_str().len());
    for (i, c) in path.components().enumerate() {
        if i > 0 {
            key.push(0);
        }
        key.extend_from_slice(c.as_os_str().as_encoded_bytes());
    }
    key
}

type JobResult = Result<(FileReport, Option<Citing>), Failure>;

fn run_job(job: Job, options: &CheckOptions) -> Result<(FileReport, Option<Citing>), Failure> {
    match job {
        Job::File(path, by_ext) => {
            let shown = display(&path);
            let base = path.parent().map(Path::to_owned).unwrap_or_default();
            with_file(&path, |read| match read {
                Ok(bytes) => check_document(
                    shown,
                    &base,
                    bytes,
                    options.dialect.or(by_ext),
                    false,
                    options.config.as_deref(),
                ),
                Err(e) => Err(Failure {
                    path: shown,
                    message: io_message(&e),
                }),
            })
        }
        Job::Bytes(bytes) => {
            let name = options.stdin_name.as_deref();
            let shown = name.map_or_else(|| STDIN_NAME.to_owned(), display);
            let base = name.and_then(Path::parent).unwrap_or(Path::new(""));
            let dialect = options.dialect.or_else(|| name.and_then(dialect::by_path));
            check_document(
                shown,
                base,
                &bytes,
                dialect,
                true,
                options.config.as_deref(),
            )
        }
    }
}

/// Run `f` on a file's bytes, read into a buffer that the thread keeps
/// from file to file: no allocation and no size query (`stat`) per file.
/// A buffer grown past 1 MiB by a large file is freed after it.
fn with_file<R>(path: &Path, f: impl FnOnce(std::io::Result<&[u8]>) -> R) -> R {
    use std::cell::RefCell;
    use std::io::Read;
    const KEEP_BUFFER: usize = 1 << 20;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|cell| {
        let mut buffer = cell.take();
        buffer.clear();
        // Through `Take`: `File::read_to_end` would ask the file's size
        // (fstat, lseek), which the kept buffer makes pointless.
        let read =
            std::fs::File::open(path).and_then(|file| file.take(u64::MAX).read_to_end(&mut buffer));
        let out = f(read.map(|_| buffer.as_slice()));
        if buffer.capacity() <= KEEP_BUFFER {
            cell.replace(buffer);
        }
        out
    })
}

fn collect_results(
    results: impl Iterator<Item = JobResult>,
    options: &CheckOptions,
    mut failures: Vec<Failure>,
) -> Report {
    let mut report = Report::default();
    let mut citing = Vec::new();
    for result in results {
        match result {
            Ok((file, cites)) => {
                if let Some(cites) = cites {
                    citing.push((report.files.len(), cites));
                }
                report.files.push(file);
            }
            Err(failure) => failures.push(failure),
        }
    }
    if !citing.is_empty() || !options.bibliographies.is_empty() {
        check_citations(&mut report, citing, options, &mut failures);
    }
    failures.sort_by(|a, b| a.path.cmp(&b.path));
    report.failures = failures;
    report
}

/// Check one file's bytes; the dialect is sniffed when not given. The
/// citation stage, which needs every document, is not run.
pub fn check_bytes(
    path: String,
    bytes: &[u8],
    dialect: Option<&'static Dialect>,
) -> Result<FileReport, Failure> {
    check_document(path, Path::new(""), bytes, dialect, true, None).map(|(mut file, citing)| {
        if let Some((text, comments)) = citing.and_then(|c| c.suppress) {
            let found = std::mem::take(&mut file.diagnostics);
            file.diagnostics = crate::suppress::apply(&text, &comments, found);
        }
        file
    })
}

fn check_document(
    path: String,
    base: &Path,
    bytes: &[u8],
    dialect: Option<&'static Dialect>,
    keep_text: bool,
    config: Option<&Config>,
) -> Result<(FileReport, Option<Citing>), Failure> {
    let text = decode(bytes).map_err(|e| Failure {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let dialect = dialect.unwrap_or_else(|| dialect::sniff(text));
    let doc = (dialect.parse)(text);
    let (mut diagnostics, markers) = {
        let graph = crate::graph::RefGraph::build(text, &doc);
        (crate::rules::run(&graph), graph.marker_count())
    };
    let definitions = doc.definitions.len();
    let cites = cites(&doc);
    // Suppressions see every finding of a document, before the config
    // does: one that cites waits for the citation stage.
    if !cites {
        diagnostics = crate::suppress::apply(text, &doc.comments, diagnostics);
        configure(config, &mut diagnostics);
    }
    crate::report::place(text, &mut diagnostics);
    let source: Option<Arc<str>> =
        (keep_text && (!diagnostics.is_empty() || cites)).then(|| Arc::from(text));
    let citing = cites.then(|| citing(doc, base, text));
    Ok((
        FileReport {
            path,
            dialect: dialect.id,
            markers,
            definitions,
            citations: citing.as_ref().map_or(0, |c| c.citations.len()),
            citations_checked: false,
            diagnostics,
            source,
        },
        citing,
    ))
}

/// Apply the config's rule settings: `off` drops a rule's findings,
/// `error`/`warning` replace its severity, `allow` drops listed labels.
fn configure(config: Option<&Config>, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(config) = config {
        diagnostics.retain_mut(|d| configured(config, d));
    }
}

/// Whether a diagnostic survives the config, with its severity set.
fn configured(config: &Config, d: &mut Diagnostic) -> bool {
    if d.label
        .as_deref()
        .is_some_and(|l| config.allowed(d.code, l))
    {
        return false;
    }
    match config.severity(d.code) {
        None => true,
        Some(level) => match level.severity() {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        },
    }
}

/// Whether a document takes part in the citation stage.
fn cites(doc: &Document) -> bool {
    !doc.bibliographies.is_empty()
        || doc.markers.iter().any(|m| m.kind == RefKind::Citation)
        || doc.definitions.iter().any(|d| d.kind == RefKind::Citation)
}

fn citing(doc: Document, base: &Path, text: &str) -> Citing {
    let suppress = crate::suppress::has_directives(text, &doc.comments)
        .then(|| (Arc::from(text), doc.comments));
    let citations = doc
        .markers
        .into_iter()
        .filter(|m| m.kind == RefKind::Citation)
        .collect::<Vec<_>>();
    let inline = doc
        .definitions
        .into_iter()
        .filter(|d| d.kind == RefKind::Citation)
        .map(|d| Entry {
            key: d.label.into(),
            key_span: d.label_span,
            span: d.body,
            kind: "".into(),
        })
        .collect::<Vec<_>>();
    let named = doc
        .bibliographies
        .into_iter()
        .map(|b| (base.join(&*b.path), b.span))
        .collect();
    // `collect` reuses the document's whole buffers; every citing
    // document is held until the citation stage, so give the rest back.
    let (mut citations, mut inline) = (citations, inline);
    citations.shrink_to_fit();
    inline.shrink_to_fit();
    Citing {
        citations,
        inline,
        named,
        suppress,
    }
}

/// Load the bibliographies in scope, join them with the documents' citations
/// in the citation graph, and run the citation rules.
fn check_citations(
    report: &mut Report,
    citing: Vec<(usize, Citing)>,
    options: &CheckOptions,
    failures: &mut Vec<Failure>,
) {
    // Every bibliography file once, global ones first.
    let mut paths: Vec<(PathBuf, Option<String>)> = options
        .bibliographies
        .iter()
        .map(|p| (p.clone(), None))
        .collect();
    for (file, c) in &citing {
        for (path, _) in &c.named {
            paths.push((path.clone(), Some(report.files[*file].path.clone())));
        }
    }
    let mut ids = Identities::default();
    let mut index: HashMap<PathBuf, Option<usize>> = HashMap::new();
    let mut unique = Vec::new();
    for (path, named_by) in paths {
        let id = ids.of(&path);
        if let std::collections::hash_map::Entry::Vacant(slot) = index.entry(id) {
            slot.insert(None);
            unique.push((path, named_by));
        }
    }
    let loaded: Vec<Result<Loaded, Failure>> = unique
        .par_iter()
        .map(|(path, named_by)| load_bibliography(path, named_by.as_deref()))
        .collect();

    let mut sources = Vec::new();
    for ((path, _), result) in unique.iter().zip(loaded) {
        match result {
            Ok((format, bib)) => {
                let file = report.files.len();
                report.files.push(FileReport {
                    path: display(path),
                    dialect: bib_dialect(format),
                    markers: 0,
                    definitions: bib.entries.len(),
                    citations: 0,
                    citations_checked: false,
                    diagnostics: Vec::new(),
                    source: None,
                });
                index.insert(ids.of(path), Some(sources.len()));
                sources.push(BibSource {
                    file,
                    name: display(path),
                    bib,
                });
            }
            Err(failure) => failures.push(failure),
        }
    }
    let global: Vec<usize> = options
        .bibliographies
        .iter()
        .filter_map(|p| index.get(&ids.of(p)).copied().flatten())
        .collect();

    let mut docs = Vec::with_capacity(citing.len());
    let mut suppress = Vec::with_capacity(citing.len());
    for (file, c) in citing {
        suppress.push((file, c.suppress));
        let mut bibs = Vec::new();
        if !c.inline.is_empty() {
            bibs.push(sources.len());
            sources.push(BibSource {
                file,
                name: format!("the front matter of {}", report.files[file].path),
                bib: Bibliography {
                    format: bib::Format::CslYaml,
                    entries: c.inline,
                    errors: Vec::new(),
                },
            });
        }
        bibs.extend(
            c.named
                .iter()
                .filter_map(|(p, _)| index.get(&ids.of(p)).copied().flatten()),
        );
        bibs.extend(&global);
        bibs.sort_unstable();
        bibs.dedup();
        let f = &mut report.files[file];
        f.citations = c.citations.len();
        f.citations_checked = !bibs.is_empty();
        docs.push(CitingDoc {
            file,
            citations: c.citations,
            bibs,
        });
    }

    let graph = CitationGraph::build(docs, sources);
    let mut touched = Vec::new();
    for (file, diagnostic) in crate::rules::run_citations(&graph) {
        let f = &mut report.files[file];
        f.diagnostics.push(diagnostic);
        touched.push(file);
    }
    // Citing documents: suppressions, then the config (see `check_document`).
    for (file, pending) in suppress {
        if let Some((text, comments)) = pending {
            let f = &mut report.files[file];
            let found = std::mem::take(&mut f.diagnostics);
            f.diagnostics = crate::suppress::apply(&text, &comments, found);
            // The text is at hand: place the citation stage's findings too.
            crate::report::place(&text, &mut f.diagnostics);
        }
        touched.push(file);
    }
    touched.sort_unstable();
    touched.dedup();
    for file in touched {
        let diagnostics = &mut report.files[file].diagnostics;
        configure(options.config.as_deref(), diagnostics);
        diagnostics.sort_by(Diagnostic::source_order);
    }
}

/// A bibliography file read and parsed.
type Loaded = (bib::Format, Bibliography);

/// The same file named two ways is loaded once.
fn identity(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())
}

/// [`identity`] of each path, worked out once: many documents name the
/// same bibliography, and canonicalising a path costs system calls.
#[derive(Default)]
struct Identities(HashMap<PathBuf, PathBuf>);

impl Identities {
    fn of(&mut self, path: &Path) -> PathBuf {
        self.0
            .entry(path.to_owned())
            .or_insert_with(|| identity(path))
            .clone()
    }
}

/// The `dialect` a bibliography's report gets.
fn bib_dialect(format: bib::Format) -> &'static str {
    match format {
        bib::Format::Bibtex => "bibtex",
        bib::Format::CslJson => "csl-json",
        bib::Format::CslYaml => "csl-yaml",
    }
}

fn load_bibliography(path: &Path, named_by: Option<&str>) -> Result<Loaded, Failure> {
    let fail = |message: String| Failure {
        path: display(path),
        message: match named_by {
            Some(doc) => format!("{message} (bibliography named in {doc})"),
            None => message,
        },
    };
    let format = bib::format_for(path).ok_or_else(|| {
        fail("not a bibliography format ibid reads (.bib, .json, .yaml)".to_owned())
    })?;
    let bytes = std::fs::read(path).map_err(|e| fail(io_message(&e)))?;
    let text = decode(&bytes).map_err(|e| fail(e.to_string()))?;
    Ok((format, bib::parse(format, text)))
}

/// The files to check under `path` (or `path` itself), handed to `emit`
/// in walk order.
fn collect(
    path: &Path,
    options: &CheckOptions,
    emit: &mut dyn FnMut(Job),
    failures: &mut Vec<Failure>,
) {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) => {
            return failures.push(Failure {
                path: display(path),
                message: io_message(&e),
            })
        }
    };
    let config = options.config.as_deref();
    let cwd = std::env::current_dir().unwrap_or_default();
    // Config globs see paths relative to the config's root.
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_owned()
        } else {
            cwd.join(p)
        }
    };
    let dialect_of = |p: &Path| {
        config
            .and_then(|c| c.dialect_for(&absolute(p)))
            .or_else(|| dialect::by_path(p))
    };
    if !meta.is_dir() {
        // A file named explicitly is checked unless the config excludes it
        // (pre-commit names every changed file).
        if !config.is_some_and(|c| c.is_excluded(&absolute(path))) {
            emit(Job::File(path.to_owned(), dialect_of(path)));
        }
        return;
    }
    let mut walk = ignore::WalkBuilder::new(path);
    // `standard_filters` sets `hidden` too, so it comes first.
    walk.follow_links(true)
        .standard_filters(!options.no_ignore)
        .hidden(!options.hidden);
    if let Some(config) = options.config.clone() {
        let cwd = cwd.clone();
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
        match entry {
            Ok(entry) if entry.file_type().is_some_and(|t| t.is_file()) => {
                let p = entry.path();
                if config.is_some_and(|c| !c.is_included(&absolute(p))) {
                    continue;
                }
                if let Some(d) = dialect_of(p) {
                    // `ibid check .` reports `docs/a.md`, not `./docs/a.md`.
                    let p = entry.into_path();
                    let p = match p.strip_prefix(".") {
                        Ok(rest) if path == Path::new(".") => rest.to_owned(),
                        _ => p,
                    };
                    emit(Job::File(p, Some(d)));
                }
            }
            Ok(_) => {}
            Err(e) => failures.push(Failure {
                path: walk_error_path(&e).map_or_else(|| display(path), |p| display(&p)),
                message: walk_message(&e),
            }),
        }
    }
}

fn display(path: &Path) -> String {
    path.to_string_lossy().into_owned()
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
