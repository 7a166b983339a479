//! Writing a [`Report`] in each `--format`: emitters only. Every emitter
//! lists diagnostics in the same order (path, line, column, code, label)
//! and reads positions, related places, fingerprint contexts and excerpts
//! from the [`Place`] each diagnostic got while its file was checked: no
//! emitter reads a file.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod json_lines;
pub mod junit;
#[cfg(test)]
mod sample;
pub mod sarif;

/// Escaping for text the binary writes itself (stderr messages): the same
/// rules as the emitters (see `source::escape`).
pub mod text {
    pub use crate::source::escape::{line_start, one_line, path_text as shown_path};
}

use crate::diagnostic::Diagnostic;
use crate::outcome::{FileReport, Report};
use crate::source::{LineCol, Place, RelatedPlace};

/// A diagnostic with its file and resolved positions.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
    /// Each related place, in the diagnostic's order (`None`: in a file
    /// that could not be read).
    pub related: &'a [Option<RelatedPlace>],
    /// What fingerprints recognise the finding by.
    pub context: &'a str,
    pub place: Option<&'a Place>,
}

impl<'a> Located<'a> {
    /// The path of a related place: its own file, or the finding's.
    pub fn related_path(&self, place: &'a RelatedPlace) -> &'a str {
        let file: &'a FileReport = self.file;
        place.path.as_deref().unwrap_or(&file.path)
    }
}

/// Every diagnostic of a report with line/column positions, sorted by
/// path, line, column and code.
pub fn located(report: &Report) -> Vec<Located<'_>> {
    let mut out = Vec::new();
    for file in with_findings(report) {
        let from = out.len();
        out.extend(file.diagnostics.iter().map(|diagnostic| {
            let place = diagnostic.place.as_deref();
            const NOWHERE: LineCol = LineCol { line: 1, column: 1 };
            Located {
                file,
                diagnostic,
                start: place.map_or(NOWHERE, |p| p.start),
                end: place.map_or(NOWHERE, |p| p.end),
                related: place.map_or(&[][..], |p| &p.related),
                context: place.map_or("", |p| &p.context),
                place,
            }
        }));
        out[from..].sort_by(in_order);
    }
    out
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

/// Order within one file: line, column, code, label.
fn in_order(a: &Located<'_>, b: &Located<'_>) -> std::cmp::Ordering {
    (a.start, a.diagnostic.code, &a.diagnostic.label).cmp(&(
        b.start,
        b.diagnostic.code,
        &b.diagnostic.label,
    ))
}
