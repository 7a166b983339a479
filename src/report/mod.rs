//! Writing a [`Report`]: human (miette) and JSON. Every emitter lists
//! diagnostics in the same order: path, line, column, code.

pub mod concise;
mod excerpt;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
#[cfg(test)]
mod sample;
pub mod sarif;

use crate::check::{FileReport, Report};
use crate::diagnostic::Diagnostic;
use std::sync::Arc;

use crate::source::{line_context, LineCol, LineIndex};

/// A diagnostic with its file and resolved positions.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
    /// Start and end of each related span, in the same order.
    pub related: Vec<(LineCol, LineCol)>,
    /// The diagnostic's line, whitespace collapsed: what fingerprints
    /// (SARIF, baselines) recognise a finding by when lines move.
    pub context: String,
}

/// A checked file's text for output: the copy kept for standard input, or
/// the file read again (checking keeps no text, so memory stays flat).
pub fn file_text(file: &FileReport) -> Option<Arc<str>> {
    if let Some(text) = &file.source {
        return Some(text.clone());
    }
    let bytes = std::fs::read(&file.path).ok()?;
    crate::source::decode(&bytes).ok().map(Arc::from)
}

/// Every diagnostic of a report with line/column positions, sorted by
/// path, line, column and code. Files are read again in parallel, each
/// dropped as soon as its positions are known.
pub fn located(report: &Report) -> Vec<Located<'_>> {
    use rayon::prelude::*;
    let per_file: Vec<Vec<Located<'_>>> = with_findings(report)
        .into_par_iter()
        .map(|file| {
            let text = file_text(file).unwrap_or_else(|| Arc::from(""));
            locate(file, &text, &LineIndex::new(&text))
        })
        .collect();
    per_file.into_iter().flatten().collect()
}

/// The files that have diagnostics, sorted by path.
pub fn with_findings(report: &Report) -> Vec<&FileReport> {
    let mut files: Vec<&FileReport> = report
        .files
        .iter()
        .filter(|f| !f.diagnostics.is_empty())
        .collect();
    files.sort_by(|a, b| a.path.cmp(&b.path));
    files
}

/// One file's diagnostics with positions, sorted by line, column and code,
/// given the file's text and its line index.
pub fn locate<'a>(file: &'a FileReport, text: &str, index: &LineIndex) -> Vec<Located<'a>> {
    let mut out: Vec<Located<'a>> = file
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let (start, end) = index.span(text, diagnostic.span);
            Located {
                file,
                diagnostic,
                start,
                end,
                related: diagnostic
                    .related
                    .iter()
                    .map(|r| index.span(text, r.span))
                    .collect(),
                context: line_context(text, diagnostic.span.start),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.start, a.diagnostic.code, &a.diagnostic.label).cmp(&(
            b.start,
            b.diagnostic.code,
            &b.diagnostic.label,
        ))
    });
    out
}
