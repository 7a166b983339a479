//! `ibid fix` over paths and standard input: the same walk, decoding and
//! dialects as `ibid check`, then each file's fixes planned and applied
//! (in parallel, each file on its own), and the file written back
//! atomically — or compared (`--check`), or shown as a diff (`--diff`);
//! standard input's fixed text goes back to the caller.

use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use super::parse::{self, Decoded};
use super::walk;
use super::{Job, Run, Work};
use crate::dialect::Dialect;
use crate::fix::{FileFixes, FixMode, FixOptions, FixReport, Note};
use crate::outcome::{Failure, FailureKind, Input, Options};
use crate::project::Root;
use crate::source::{io_message, LineIndex};

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Fix the files under each input, and standard input (DESIGN.md section
/// 11): standard input's fixed text is given back in the report, for
/// standard output.
pub fn fix_inputs(
    inputs: Vec<Input>,
    options: &Options,
    fix: &FixOptions,
    mode: FixMode,
) -> FixReport {
    let run = Run::new(options);
    let mut jobs: Vec<(walk::Order, Job)> = Vec::new();
    let mut failures = Vec::new();
    // A fix reads no bibliography.
    super::walk_inputs(&run, inputs, &mut failures, |order, work| {
        if let Work::Document(job) = work {
            jobs.push((order, job));
        }
    });
    // Inputs in the order given, each folder's files by path.
    jobs.sort_by(|a, b| a.0.cmp(&b.0));
    let results: Vec<Result<Option<FileFixes>, Failure>> = jobs
        .par_iter()
        .map(|(_, job)| fix_job(&run, job, fix, mode))
        .collect();
    let mut files = Vec::new();
    for result in results {
        match result {
            Ok(Some(file)) => files.push(file),
            Ok(None) => {}
            Err(failure) => failures.push(failure),
        }
    }
    FixReport { files, failures }
}

/// Where the fixed text goes.
#[derive(Clone, Copy)]
enum Target<'p> {
    /// Back over the file it came from.
    File(&'p Path),
    /// Into the report, for standard output.
    Output,
}

/// Fix one file, or standard input; `None` for a file whose dialect has
/// no fixes.
fn fix_job(
    run: &Run<'_>,
    job: &Job,
    options: &FixOptions,
    mode: FixMode,
) -> Result<Option<FileFixes>, Failure> {
    match job {
        Job::File(found, root) => {
            let dialect = run.options.dialect.or(found.dialect);
            // Decoding changes only plain text's dialect: a file of a
            // dialect without fixes is not read at all.
            if dialect.is_some_and(|d| !crate::fix::supports(d)) {
                return Ok(None);
            }
            let path = &found.path;
            let name = walk::display(path);
            let bytes = std::fs::read(path)
                .map_err(|e| Failure::new(name.clone(), FailureKind::Io, io_message(&e)))?;
            let source = (path.as_path(), name, bytes.as_slice(), dialect);
            fix_bytes(run, source, root, options, mode, Target::File(path))
        }
        Job::Bytes(bytes, root) => {
            // Named, and its dialect chosen, as `check -` does.
            let (shown, dialect) = run.stdin_source();
            let source = (shown, walk::display(shown), bytes.as_slice(), dialect);
            fix_bytes(run, source, root, options, mode, Target::Output)
        }
    }
}

/// Fix one text's bytes: `source` is the path it is shown (and its
/// project found) by, its name in messages, its bytes and its dialect
/// when known.
fn fix_bytes(
    run: &Run<'_>,
    (path, name, bytes, dialect): (&Path, String, &[u8], Option<&'static Dialect>),
    root: &Arc<Root>,
    options: &FixOptions,
    mode: FixMode,
    target: Target<'_>,
) -> Result<Option<FileFixes>, Failure> {
    let Decoded {
        text,
        encoding,
        dialect,
    } = parse::decoded(run, path, &name, bytes, (dialect, None), root)?;
    // Standard input is given back whatever its dialect: a pipe from an
    // editor must not come back empty.
    let output = matches!((target, mode), (Target::Output, FixMode::Write));
    if !crate::fix::supports(dialect) {
        return Ok(output.then(|| FileFixes {
            path: name,
            fixes: Vec::new(),
            left_alone: Vec::new(),
            diff: None,
            written: false,
            output: Some(bytes.to_vec()),
        }));
    }
    let early = parse::reads_project_first(run, dialect)
        .then(|| run.projects.of(path, root))
        .flatten();
    let hints = crate::dialect::FileHints::new(
        Some(path),
        early
            .as_deref()
            .map(|p| parse::project_flavor(p.config.kind)),
    );
    let crate::fix::Fixed {
        text: fixed,
        fixes,
        left_alone,
    } = crate::fix::fix_with(
        &text,
        |t| (dialect.parse)(t, &run.settings, &hints),
        dialect.notation,
        options,
    );
    // Lines are counted only for a file with something to say.
    let lines = std::cell::OnceCell::new();
    let line = |at: usize| lines.get_or_init(|| LineIndex::new(&text)).line_of(at) + 1;
    let left_alone: Vec<Note> = left_alone
        .iter()
        .map(|l| Note {
            line: line(l.span.start),
            message: format!("left {} alone: {}", l.scope, l.reason),
        })
        .collect();
    let mut report = FileFixes {
        path: name.clone(),
        fixes: fixes
            .iter()
            .map(|f| Note {
                line: line(f.span.start),
                message: f.message.clone(),
            })
            .collect(),
        left_alone,
        diff: None,
        written: false,
        output: output.then(|| bytes.to_vec()),
    };
    if fixed == *text {
        return Ok(Some(report));
    }
    match (mode, target) {
        (FixMode::Check, _) => {}
        (FixMode::Diff, _) => {
            report.diff = Some(unified_diff(&name, (bytes, &text, &fixed), encoding));
        }
        (FixMode::Write, target) => {
            // Only a write needs the fixed text as the file's bytes (fixes
            // move text and rewrite digits: it is always encodable).
            let new_bytes = encode(bytes, &fixed, encoding)
                .map_err(|why| Failure::new(name.clone(), FailureKind::Decode, why))?;
            match target {
                Target::File(path) => {
                    write_back(path, bytes, &new_bytes)
                        .map_err(|why| Failure::new(name.clone(), FailureKind::Io, why))?;
                    report.written = true;
                }
                Target::Output => report.output = Some(new_bytes),
            }
        }
    }
    Ok(Some(report))
}

/// The fixed text as the file's bytes: its byte-order mark and its
/// encoding kept.
fn encode(
    original: &[u8],
    fixed: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<Vec<u8>, String> {
    match encoding {
        None => {
            let bom = if original.starts_with(UTF8_BOM) {
                UTF8_BOM
            } else {
                b""
            };
            let mut out = Vec::with_capacity(bom.len() + fixed.len());
            out.extend_from_slice(bom);
            out.extend_from_slice(fixed.as_bytes());
            Ok(out)
        }
        Some(encoding) => {
            let (bytes, _, unmappable) = encoding.encode(fixed);
            if unmappable {
                return Err(format!(
                    "the fixed text cannot be written in {}; not written",
                    encoding.name()
                ));
            }
            Ok(bytes.into_owned())
        }
    }
}

/// Write the fixed bytes over the file, unless its permission bits deny
/// its owner writing or it changed since it was read.
fn write_back(path: &Path, read: &[u8], bytes: &[u8]) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| io_message(&e))?;
    if owner_cannot_write(&meta) {
        return Err("read-only (its permissions deny writing); not fixed".to_owned());
    }
    // For the tests: another program writes the file while ibid works.
    if let Some(more) = std::env::var_os("IBID_TEST_CHANGE_BEFORE_WRITE") {
        use std::io::Write;
        let mut file = std::fs::OpenOptions::new()
            .append(true)
            .open(path)
            .map_err(|e| io_message(&e))?;
        let _ = file.write_all(more.as_encoded_bytes());
    }
    let now = std::fs::read(path).map_err(|e| io_message(&e))?;
    if now != read {
        return Err("changed since ibid read it; not fixed (run ibid fix again)".to_owned());
    }
    crate::atomic::write_atomically(path, bytes)
        .map_err(|e| format!("cannot write: {}; the file is as it was", io_message(&e)))
}

#[cfg(unix)]
fn owner_cannot_write(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o200 == 0
}

#[cfg(not(unix))]
fn owner_cannot_write(meta: &std::fs::Metadata) -> bool {
    meta.permissions().readonly()
}

/// A unified diff that `patch -p0` applies from the working directory,
/// in the file's own bytes (its byte-order mark, its encoding).
fn unified_diff(
    name: &str,
    (original, old, new): (&[u8], &str, &str),
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Vec<u8> {
    let bom = if encoding.is_none() && original.starts_with(UTF8_BOM) {
        "\u{FEFF}"
    } else {
        ""
    };
    let (old, new) = (format!("{bom}{old}"), format!("{bom}{new}"));
    let diff = similar::TextDiff::from_lines(&old, &new)
        .unified_diff()
        .context_radius(3)
        .missing_newline_hint(true)
        .header(name, name)
        .to_string();
    match encoding {
        None => diff.into_bytes(),
        Some(encoding) => encoding.encode(&diff).0.into_owned(),
    }
}
