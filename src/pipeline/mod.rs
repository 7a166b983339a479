//! Running the pipeline over a set of inputs: walk → parse (in parallel) →
//! units (the serial multi-file stage) → finish. This folder is the only
//! part of ibid that runs concurrently: files are found by a walk on its
//! own thread and parsed by the workers as they are found; everything
//! after is serial and ordered (or parallel over independent files, with
//! results kept in order).

mod finish;
mod fix;
mod parse;
mod units;
mod walk;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::outcome::{Failure, FileReport, Input, Options, Progress, Report, STDIN_NAME};
use crate::project::{Projects, Root};
use parse::{Parsed, Source};
use walk::{Found, Order, Picker};

pub use fix::fix_inputs;

/// What every stage of one run shares.
pub(crate) struct Run<'a> {
    pub options: &'a Options,
    pub cwd: PathBuf,
    pub projects: Projects,
    /// What the dialects read beyond the text, from the config.
    pub settings: crate::dialect::Settings,
}

impl<'a> Run<'a> {
    fn new(options: &'a Options) -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        Self {
            options,
            projects: Projects::new(cwd.clone()),
            cwd,
            settings: {
                let mut settings: crate::dialect::Settings = options
                    .config
                    .as_deref()
                    .map(|c| c.settings().clone())
                    .unwrap_or_default();
                settings.flavor = options.flavor.or(settings.flavor);
                settings
            },
        }
    }

    /// The path standard input is shown by (`--stdin-filename`, else
    /// `<stdin>`) and its dialect: `--dialect`, else by that name, else
    /// none (it is sniffed).
    pub(super) fn stdin_source(&self) -> (&Path, Option<&'static crate::dialect::Dialect>) {
        let name = self.options.stdin_name.as_deref();
        let dialect = self
            .options
            .dialect
            .or_else(|| name.and_then(crate::dialect::by_path));
        (name.unwrap_or(Path::new(STDIN_NAME)), dialect)
    }

    /// The containment root for an input path.
    pub(super) fn root(&self, path: &Path) -> Arc<Root> {
        let config_dir = self
            .options
            .config
            .as_deref()
            .map(|c| c.root().to_path_buf());
        Arc::new(Root::for_path(path, &self.cwd, config_dir.as_deref()))
    }
}

/// A file to parse, as the walk hands it over.
enum Job {
    File(Found, Arc<Root>),
    Bytes(Vec<u8>, Arc<Root>),
}

/// Walk the inputs in the order given: each file found, standard input's
/// bytes and each bibliography met on the way go to `emit` with their
/// place in that order (a folder's files by path).
fn walk_inputs(
    run: &Run<'_>,
    inputs: Vec<Input>,
    failures: &mut Vec<Failure>,
    mut emit: impl FnMut(Order, Work),
) {
    let picker = Picker {
        options: run.options,
        cwd: &run.cwd,
    };
    for (n, input) in inputs.into_iter().enumerate() {
        match input {
            Input::Stdin(bytes) => {
                let name = run.options.stdin_name.clone().unwrap_or_default();
                emit(
                    (n, Vec::new()),
                    Work::Document(Job::Bytes(bytes, run.root(&name))),
                );
            }
            Input::Path(path) => {
                let root = run.root(&path);
                walk::collect(
                    &path,
                    &picker,
                    &root,
                    &mut |f: Found| {
                        if f.prefetch {
                            emit((n, Vec::new()), Work::Bibliography(f.path));
                        } else {
                            let order = (n, walk::path_order(&f.path));
                            emit(order, Work::Document(Job::File(f, root.clone())));
                        }
                    },
                    failures,
                );
            }
        }
    }
}

/// What the walk hands the workers.
enum Work {
    Document(Job),
    /// A `.bib` file a walk met, read in case a document names it.
    Bibliography(PathBuf),
}

/// Check files, directories and standard input.
///
/// The walk runs on a thread of its own and each file is parsed as soon as
/// it is found; the results are put back in walk order (inputs in the
/// order given, each directory's files sorted by path) before the
/// multi-file stage.
pub fn check_inputs(inputs: Vec<Input>, options: &Options) -> Report {
    use std::sync::atomic::{
        AtomicBool, AtomicUsize, Ordering::Acquire, Ordering::Relaxed, Ordering::Release,
    };
    let run = Run::new(options);
    let found = AtomicUsize::new(0);
    let walked = AtomicBool::new(false);
    let done = AtomicUsize::new(0);
    let (send, jobs) = std::sync::mpsc::channel::<(Order, Work)>();
    let prefetched = std::sync::Mutex::new(Vec::new());
    let (mut results, failures) = std::thread::scope(|scope| {
        let (found, walked, run, prefetched) = (&found, &walked, &run, &prefetched);
        let walker = scope.spawn(move || {
            let mut failures = Vec::new();
            walk_inputs(run, inputs, &mut failures, |order, work| {
                if matches!(work, Work::Document(_)) {
                    found.fetch_add(1, Relaxed);
                }
                // The receiver lives until every job is in.
                let _ = send.send((order, work));
            });
            // Release: a worker that sees the walk over sees every count.
            walked.store(true, Release);
            failures
        });
        let results: Vec<(Order, Option<PathBuf>, Result<Parsed, Failure>)> = jobs
            .into_iter()
            .par_bridge()
            .filter_map(|(order, work)| {
                let job = match work {
                    Work::Document(job) => job,
                    Work::Bibliography(path) => {
                        // Failures are the citation stage's to report, if
                        // a document names the file.
                        let shown = walk::display(&path);
                        if let Ok(loaded) = units::load_bibliography(&path, &shown) {
                            let abs = crate::project::contain::lexical(&run.cwd.join(&path));
                            let mut held = prefetched.lock().unwrap_or_else(|e| e.into_inner());
                            held.push((abs, loaded));
                        }
                        return None;
                    }
                };
                let (disk, result) = run_job(run, job);
                if let Some(Progress(report)) = &options.progress {
                    // Until the walk is over there is more to come.
                    let over = walked.load(Acquire);
                    let total = found.load(Relaxed) + usize::from(!over);
                    report(done.fetch_add(1, Relaxed) + 1, total);
                }
                Some((order, disk, result))
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
    let mut failures = failures;
    let mut parsed = Vec::with_capacity(results.len());
    for (order, disk, result) in results {
        match result {
            Ok(p) => parsed.push((order, disk, p)),
            Err(f) => failures.push(f),
        }
    }
    let prefetched = prefetched.into_inner().unwrap_or_else(|e| e.into_inner());
    units::Stage::new(&run, parsed, failures)
        .with_bibliographies(prefetched)
        .run()
}

/// Parse one job; the path it can be read again from, and the result.
fn run_job(run: &Run<'_>, job: Job) -> (Option<PathBuf>, Result<Parsed, Failure>) {
    match job {
        Job::File(found, root) => {
            let result = parse::parse(
                run,
                0,
                &found.path,
                Source::File(&found.path),
                run.options.dialect.or(found.dialect),
                &root,
            );
            (Some(found.path), result)
        }
        Job::Bytes(bytes, root) => {
            let (shown, dialect) = run.stdin_source();
            let result = parse::parse(run, 0, shown, Source::Bytes(&bytes), dialect, &root);
            (None, result)
        }
    }
}

/// Check one file's bytes as a unit of its own (no walk, no project); the
/// dialect is sniffed when not given.
pub fn check_bytes(
    path: String,
    bytes: &[u8],
    dialect: Option<&'static crate::dialect::Dialect>,
) -> Result<FileReport, Failure> {
    let options = Options::default();
    let run = Run::new(&options);
    let root = Arc::new(Root::at(&run.cwd));
    let shown = PathBuf::from(&path);
    let parsed = parse::parse(&run, 0, &shown, Source::Bytes(bytes), dialect, &root)?;
    let mut report =
        units::Stage::new(&run, vec![((0, Vec::new()), None, parsed)], Vec::new()).run();
    match report.failures.pop() {
        Some(failure) => Err(failure),
        None => report.files.into_iter().next().ok_or_else(|| {
            Failure::new(path, crate::outcome::FailureKind::Io, "nothing was checked")
        }),
    }
}
