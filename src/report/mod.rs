//! Writing a [`Report`] in each `--format`. Every emitter lists
//! diagnostics in the same order: path, line, column, code, label.
//! Positions come from the [`Place`] each diagnostic got while its file
//! was checked ([`place`]); a file with an unplaced one is read again.

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
use crate::diagnostic::{Diagnostic, Place};
use std::borrow::Cow;
use std::sync::Arc;

use crate::source::{line_context, LineCol};

/// A diagnostic with its file and resolved positions.
pub struct Located<'a> {
    pub file: &'a FileReport,
    pub diagnostic: &'a Diagnostic,
    pub start: LineCol,
    pub end: LineCol,
    /// Start and end of each related span, in the same order.
    pub related: Cow<'a, [(LineCol, LineCol)]>,
    /// The diagnostic's line, whitespace collapsed: what SARIF's
    /// fingerprints recognise a finding by when lines move (baselines
    /// use a narrower window, `baseline::context`).
    pub context: Cow<'a, str>,
}

/// A checked file's text for output (human excerpts, baselines, findings
/// without a place): the copy kept for standard input, or the file read
/// again (checking keeps no text, so memory stays flat).
pub fn file_text(file: &FileReport) -> Option<Arc<str>> {
    if let Some(text) = &file.source {
        return Some(text.clone());
    }
    let bytes = std::fs::read(&file.path).ok()?;
    crate::source::decode(&bytes).ok().map(Arc::from)
}

/// Every diagnostic of a report with line/column positions, sorted by
/// path, line, column and code. Diagnostics placed while their file was
/// checked need no text; a file with any other is read again (in
/// parallel, each dropped as soon as its positions are known).
pub fn located(report: &Report) -> Vec<Located<'_>> {
    use rayon::prelude::*;
    let per_file: Vec<Vec<Located<'_>>> = with_findings(report)
        .into_par_iter()
        .map(|file| match placed(file) {
            Some(located) => located,
            None => {
                let text = file_text(file).unwrap_or_else(|| Arc::from(""));
                locate(file, &text)
            }
        })
        .collect();
    per_file.into_iter().flatten().collect()
}

/// One file's diagnostics from their places, sorted as [`locate`] sorts
/// them; `None` if any is not placed.
fn placed(file: &FileReport) -> Option<Vec<Located<'_>>> {
    let mut out = file
        .diagnostics
        .iter()
        .map(|diagnostic| {
            let place = diagnostic.place.as_deref()?;
            Some(Located {
                file,
                diagnostic,
                start: place.start,
                end: place.end,
                related: Cow::Borrowed(&place.related),
                context: Cow::Borrowed(&place.context),
            })
        })
        .collect::<Option<Vec<_>>>()?;
    out.sort_by(in_order);
    Some(out)
}

/// Work out every diagnostic's [`Place`] in `text`, in one pass over the text
/// up to the last of them.
pub fn place(text: &str, diagnostics: &mut [Diagnostic]) {
    let places = places(text, diagnostics);
    for (d, place) in diagnostics.iter_mut().zip(places) {
        d.place = Some(Box::new(place));
    }
}

/// The [`Place`] of each diagnostic in `text`, in one pass over the text
/// up to the last of them.
fn places(text: &str, diagnostics: &[Diagnostic]) -> Vec<Place> {
    let mut offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once(d.span)
                .chain(d.related.iter().map(|r| r.span))
                .flat_map(|s| [s.start, s.end])
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = line_cols(text, &offsets);
    let at = |offset: usize| positions[offsets.partition_point(|&o| o < offset)];
    diagnostics
        .iter()
        .map(|d| Place {
            start: at(d.span.start),
            end: at(d.span.end),
            related: d
                .related
                .iter()
                .map(|r| (at(r.span.start), at(r.span.end)))
                .collect(),
            context: line_context(text, d.span.start),
        })
        .collect()
}

/// The line and column of each of `sorted` (ascending offsets), as
/// [`LineIndex::line_col`] gives them, counting lines once.
fn line_cols(text: &str, sorted: &[usize]) -> Vec<LineCol> {
    let bytes = text.as_bytes();
    let (mut line, mut line_start, mut pos) = (0, 0, 0);
    sorted
        .iter()
        .map(|&offset| {
            let offset = offset.min(bytes.len());
            let gap = &bytes[pos..offset];
            if let Some(last) = memchr::memrchr(b'\n', gap) {
                line += memchr::memchr_iter(b'\n', gap).count();
                line_start = pos + last + 1;
            }
            pos = offset;
            LineCol::at(text, line, line_start, offset)
        })
        .collect()
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
/// given the file's text.
fn locate<'a>(file: &'a FileReport, text: &str) -> Vec<Located<'a>> {
    let mut out: Vec<Located<'a>> = file
        .diagnostics
        .iter()
        .zip(places(text, &file.diagnostics))
        .map(|(diagnostic, place)| Located {
            file,
            diagnostic,
            start: place.start,
            end: place.end,
            related: Cow::Owned(place.related),
            context: Cow::Owned(place.context),
        })
        .collect();
    out.sort_by(in_order);
    out
}

/// Order within one file: line, column, code, label.
fn in_order(a: &Located<'_>, b: &Located<'_>) -> std::cmp::Ordering {
    (a.start, a.diagnostic.code, &a.diagnostic.label).cmp(&(
        b.start,
        b.diagnostic.code,
        &b.diagnostic.label,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Span;
    use crate::source::LineIndex;

    /// Placing in the worker must give what reading the file again gives:
    /// every pair of offsets, over CRLF, multi-byte characters, a split
    /// character and offsets past the end.
    #[test]
    fn places_agree_with_the_line_index() {
        let text = "a\r\nbé [1]\n\n\tç\r\nlast";
        let index = LineIndex::new(text);
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                let mut d = sample::diagnostic(
                    "unresolved",
                    crate::Severity::Error,
                    Span::new(start, end),
                    None,
                    "m",
                );
                d.related.push(crate::diagnostic::Related {
                    span: Span::new(end.saturating_sub(3), start),
                    message: String::new(),
                });
                let mut placed = [d.clone()];
                place(text, &mut placed);
                let got = placed[0].place.as_deref().unwrap();
                assert_eq!((got.start, got.end), index.span(text, d.span));
                assert_eq!(got.related, vec![index.span(text, d.related[0].span)]);
                assert_eq!(got.context, line_context(text, start));
            }
        }
    }
}
