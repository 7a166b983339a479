//! Where findings are, in lines and columns, with what reporters show of
//! them: worked out once per file while its text is at hand, in one pass
//! over the text, and stored on each finding ([`Place`]). Reporters never
//! read a file; a file changed or deleted after the check does not change
//! the report.

use miette::SourceSpan;

use super::excerpt::{Excerpt, Layout};
use super::fingerprint::context;
use super::{LineCol, LineIndex};
use crate::diagnostic::Diagnostic;
use crate::model::Span;

/// A diagnostic's resolved positions.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Place {
    pub start: LineCol,
    pub end: LineCol,
    /// Each related place, in the diagnostic's order; `None` for one in
    /// another file that could not be placed (its file was unreadable).
    pub related: Vec<Option<RelatedPlace>>,
    /// What fingerprints recognise the finding by: its text and a few
    /// words either side on its line (see [`super::fingerprint::context`]).
    pub context: String,
    /// What human output shows, when the run asked for it: the lines of
    /// the finding and of its related places in the same file.
    pub excerpt: Option<Snippet>,
}

/// A related place, possibly in another file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RelatedPlace {
    /// The other file, as reported; `None` for the finding's own file.
    pub path: Option<String>,
    pub start: LineCol,
    pub end: LineCol,
    /// For a place in another file, its own excerpt (human output).
    pub excerpt: Option<Snippet>,
}

/// An [`Excerpt`] and the labelled spans moved into it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Snippet {
    pub excerpt: Excerpt,
    pub spans: Vec<SourceSpan>,
}

/// Place every diagnostic of `text` (the file reported as `path`): its
/// span, its related spans in the same file, its fingerprint context and,
/// with `excerpts`, its excerpt. Related places in other files are left
/// for [`place_related`].
pub fn place(path: &str, text: &str, diagnostics: &mut [Diagnostic], excerpts: Option<Layout>) {
    if diagnostics.is_empty() {
        return;
    }
    let mut offsets: Vec<usize> = diagnostics
        .iter()
        .flat_map(|d| {
            std::iter::once(d.span)
                .chain(
                    d.related
                        .iter()
                        .filter(|r| r.file.is_none())
                        .map(|r| r.span),
                )
                .flat_map(|s| [s.start, s.end])
        })
        .collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = line_cols(text, &offsets);
    let at = |offset: usize| positions[offsets.partition_point(|&o| o < offset)];
    let index = excerpts.map(|_| LineIndex::new(text));
    for d in diagnostics.iter_mut() {
        let related = d
            .related
            .iter()
            .map(|r| {
                r.file.is_none().then(|| RelatedPlace {
                    path: None,
                    start: at(r.span.start),
                    end: at(r.span.end),
                    excerpt: None,
                })
            })
            .collect();
        let excerpt = excerpts.zip(index.as_ref()).map(|(layout, index)| {
            let marks: Vec<(Span, &str)> = std::iter::once((d.span, pointer(d)))
                .chain(
                    d.related
                        .iter()
                        .filter(|r| r.file.is_none())
                        .map(|r| (r.span, r.message.as_str())),
                )
                .collect();
            let columns: Vec<(usize, usize)> = marks
                .iter()
                .map(|(s, _)| (at(s.start).column - 1, at(s.end).column - 1))
                .collect();
            let (excerpt, spans) = Excerpt::new(path, text, index, &marks, &columns, layout);
            Snippet { excerpt, spans }
        });
        d.place = Some(Box::new(Place {
            start: at(d.span.start),
            end: at(d.span.end),
            related,
            context: context(text, d.span),
            excerpt,
        }));
    }
}

/// Place related spans that lie in `text` (the file reported as `path`)
/// for findings of other files: each `(span, message)` gets its place,
/// with an excerpt of its own under `excerpts`.
pub fn place_related(
    path: &str,
    text: &str,
    spans: &[(Span, &str)],
    excerpts: Option<Layout>,
) -> Vec<RelatedPlace> {
    let mut offsets: Vec<usize> = spans.iter().flat_map(|(s, _)| [s.start, s.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let positions = line_cols(text, &offsets);
    let at = |offset: usize| positions[offsets.partition_point(|&o| o < offset)];
    let index = excerpts.map(|_| LineIndex::new(text));
    spans
        .iter()
        .map(|&(span, message)| RelatedPlace {
            path: Some(path.to_owned()),
            start: at(span.start),
            end: at(span.end),
            excerpt: excerpts.zip(index.as_ref()).map(|(layout, index)| {
                let columns = [(at(span.start).column - 1, at(span.end).column - 1)];
                let (excerpt, spans) =
                    Excerpt::new(path, text, index, &[(span, message)], &columns, layout);
                Snippet { excerpt, spans }
            }),
        })
        .collect()
}

/// The text under a diagnostic's primary span in human output.
pub fn pointer(d: &Diagnostic) -> &'static str {
    crate::rules::by_code(d.code).map_or("here", |r| r.pointer)
}

/// The line and column of each of `sorted` (ascending offsets), as
/// [`LineIndex::line_col`] gives them, counting lines and characters once:
/// 15,000 findings on one 1 MB line cost one pass over the line, not one
/// per finding.
fn line_cols(text: &str, sorted: &[usize]) -> Vec<LineCol> {
    let bytes = text.as_bytes();
    // `pos` is a char boundary on the current line; `col` counts the
    // characters from the line's start to it.
    let (mut line, mut line_start, mut pos, mut col) = (0, 0, 0, 0);
    sorted
        .iter()
        .map(|&offset| {
            let offset = offset.min(bytes.len()).max(pos);
            let gap = &bytes[pos..offset];
            if let Some(last) = memchr::memrchr(b'\n', gap) {
                line += memchr::memchr_iter(b'\n', gap).count();
                line_start = pos + last + 1;
                pos = line_start;
                col = 0;
            }
            match text.get(pos..offset) {
                Some(run) => {
                    col += run.chars().count();
                    pos = offset;
                    LineCol {
                        line: line + 1,
                        column: col + 1,
                    }
                }
                // Inside a character: bytes, as `LineCol::at` counts them.
                None => LineCol {
                    line: line + 1,
                    column: offset - line_start + 1,
                },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Related;
    use crate::Severity;

    fn diagnostic(span: Span, related: Span) -> Diagnostic {
        let mut d = crate::rules::by_code("unresolved")
            .map(|r| r.diagnostic(span, None, "m".to_owned()))
            .unwrap_or_else(|| unreachable!());
        d.severity = Severity::Error;
        d.related.push(Related {
            file: None,
            span: related,
            message: String::new(),
        });
        d
    }

    /// Placing in one pass must give what the line index gives: every
    /// pair of offsets, over CRLF, multi-byte characters, a split
    /// character and offsets past the end.
    #[test]
    fn places_agree_with_the_line_index() {
        let text = "a\r\nbé [1]\n\n\tç\r\nlast";
        let index = LineIndex::new(text);
        for start in 0..=text.len() + 2 {
            for end in start..=text.len() + 2 {
                let related = Span::new(end.saturating_sub(3), start);
                let mut placed = [diagnostic(Span::new(start, end), related)];
                place("a.txt", text, &mut placed, None);
                let got = placed[0].place.as_deref().unwrap();
                assert_eq!((got.start, got.end), index.span(text, placed[0].span));
                let r = got.related[0].as_ref().unwrap();
                assert_eq!((r.start, r.end), index.span(text, related));
                assert_eq!(got.context, context(text, placed[0].span));
            }
        }
    }

    /// A related place in another file is left to `place_related`, which
    /// names the file.
    #[test]
    fn related_places_in_other_files() {
        let text = "x\n@book{k, title = {t}}\n";
        let mut d = diagnostic(Span::new(0, 1), Span::new(0, 0));
        d.related[0].file = Some(3);
        let mut placed = [d];
        place("a.bib", text, &mut placed, None);
        assert_eq!(placed[0].place.as_ref().unwrap().related, vec![None]);
        let layout = Layout {
            width: 80,
            context: 1,
        };
        let other = place_related("b.bib", text, &[(Span::new(8, 9), "first")], Some(layout));
        assert_eq!(other[0].path.as_deref(), Some("b.bib"));
        assert_eq!((other[0].start.line, other[0].start.column), (2, 7));
        assert!(other[0].excerpt.is_some());
    }
}
