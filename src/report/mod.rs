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
use crate::source::{LineCol, LineIndex};

/// A diagnostic with its file and resolved positions.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub text: &'a str,
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
    /// Start of each related span, in the same order.
    pub related: Vec<LineCol>,
}

/// Every diagnostic of a report with line/column positions, sorted by
/// path, line, column and code.
pub fn located(report: &Report) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for file in &report.files {
        let Some(text) = file.source.as_deref() else {
            continue;
        };
        let index = LineIndex::new(text);
        for diagnostic in &file.diagnostics {
            let (start, end) = index.span(text, diagnostic.span);
            let related = diagnostic
                .related
                .iter()
                .map(|r| index.line_col(text, r.span.start))
                .collect();
            out.push(Located {
                file,
                text,
                diagnostic,
                start,
                end,
                related,
            });
        }
    }
    out.sort_by(|a, b| {
        (
            &a.file.path,
            a.start,
            a.diagnostic.code,
            &a.diagnostic.label,
        )
            .cmp(&(
                &b.file.path,
                b.start,
                b.diagnostic.code,
                &b.diagnostic.label,
            ))
    });
    out
}
