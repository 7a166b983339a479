//! Human output: miette's graphical reports with source snippets, then a
//! one-line summary.

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, SourceCode, SourceSpan};

use super::located;
use crate::diagnostic::{Diagnostic, Severity};
use crate::outcome::Report;
use crate::source::escape::one_line;
use crate::source::{pointer, Layout, Snippet};

/// How human output looks.
#[derive(Clone, Copy, Debug)]
pub struct HumanOptions {
    /// ANSI colours (off for NO_COLOR and when stdout is not a terminal).
    pub color: bool,
    /// Wrap width in columns.
    pub width: usize,
}

impl Default for HumanOptions {
    fn default() -> Self {
        Self {
            color: false,
            width: 80,
        }
    }
}

/// One diagnostic in the shape miette renders, with its source.
#[derive(Debug)]
struct Rendered<S> {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Option<S>,
    labels: Vec<LabeledSpan>,
    /// Related places in other files, each with its own source.
    related: Vec<Rendered<S>>,
}

impl<S> Rendered<S> {
    /// `d` with its primary and same-file related spans given in
    /// `source`'s coordinates, in that order.
    fn new(d: &Diagnostic, source: Option<S>, spans: impl IntoIterator<Item = SourceSpan>) -> Self {
        let mut spans = spans.into_iter();
        let labels = std::iter::once(None)
            .chain(d.related.iter().filter(|r| r.file.is_none()).map(Some))
            .zip(&mut spans)
            .map(|(related, span)| match related {
                None => LabeledSpan::new_primary_with_span(Some(pointer(d).to_owned()), span),
                Some(r) => {
                    LabeledSpan::new_with_span(Some(one_line(&r.message).into_owned()), span)
                }
            })
            .collect();
        Self {
            code: format!("ibid::{}", d.code),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            },
            message: one_line(&d.message).into_owned(),
            help: d.help.as_deref().map(|h| one_line(h).into_owned()),
            source,
            labels,
            related: Vec::new(),
        }
    }
}

impl<S> fmt::Display for Rendered<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl<S: fmt::Debug> std::error::Error for Rendered<S> {}

impl<S: SourceCode + fmt::Debug> miette::Diagnostic for Rendered<S> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        (!self.code.is_empty()).then(|| Box::new(&self.code) as Box<dyn fmt::Display + 'a>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(
            self.related.iter().map(|r| r as &dyn miette::Diagnostic),
        ))
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Lines of context around each label (the handler's default, set
/// explicitly because the excerpt must keep the same lines).
pub const CONTEXT_LINES: usize = 1;

/// The excerpt layout a run must keep for human output of this width.
pub fn layout(options: HumanOptions) -> Layout {
    Layout {
        width: options.width,
        context: CONTEXT_LINES,
    }
}

fn handler(options: HumanOptions) -> GraphicalReportHandler {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(CONTEXT_LINES)
        .with_links(false)
}

/// Render every diagnostic, then the summary line.
///
/// miette sees only the excerpt each finding kept while its file was
/// checked ([`crate::Options::excerpts`], laid out with [`layout`]): the
/// lines a diagnostic shows, long ones clipped around their labels. A
/// related place in another file is a related report under the finding,
/// with that file's name, line and text. A finding kept without an
/// excerpt is rendered without source lines.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let handler = handler(options);
    let mut out = String::new();
    for l in located(report) {
        let d = l.diagnostic;
        let excerpt = l.place.and_then(|p| p.excerpt.clone());
        let mut rendered = match excerpt {
            Some(Snippet { excerpt, spans }) => Rendered::new(d, Some(excerpt), spans),
            None => Rendered::new(d, None, std::iter::empty()),
        };
        for (r, at) in d.related.iter().zip(l.related) {
            let Some(at) = at.as_ref().filter(|_| r.file.is_some()) else {
                continue;
            };
            // With an excerpt, its header names the file, line and column.
            let message = match at.excerpt {
                Some(_) => format!("in {}", l.related_path(at)),
                None => format!(
                    "{} ({}:{}:{})",
                    one_line(&r.message),
                    l.related_path(at),
                    at.start.line,
                    at.start.column
                ),
            };
            let mut child = Rendered {
                code: String::new(),
                severity: miette::Severity::Advice,
                message,
                help: None,
                source: None,
                labels: Vec::new(),
                related: Vec::new(),
            };
            if let Some(Snippet { excerpt, spans }) = at.excerpt.clone() {
                child.labels = spans
                    .into_iter()
                    .map(|span| {
                        LabeledSpan::new_primary_with_span(
                            Some(one_line(&r.message).into_owned()),
                            span,
                        )
                    })
                    .collect();
                child.source = Some(excerpt);
            }
            rendered.related.push(child);
        }
        if handler.render_report(&mut out, &rendered).is_err() {
            let _ = writeln!(out, "{}: {}", l.file.path, d.message);
        }
        out.push('\n');
    }
    out.push_str(&summary(report));
    out
}

/// `ibid: 3 files checked: 1 error, 4 warnings` (failures are counted too).
pub fn summary(report: &Report) -> String {
    let plural = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    let files = plural(report.files.len(), "file");
    let errors = report.count(Severity::Error);
    let warnings = report.count(Severity::Warning);
    let mut line = if errors + warnings == 0 {
        format!("ibid: {files} checked: no problems found")
    } else {
        format!(
            "ibid: {files} checked: {}, {}",
            plural(errors, "error"),
            plural(warnings, "warning")
        )
    };
    if !report.failures.is_empty() {
        let _ = write!(
            line,
            "; {} could not be read",
            plural(report.failures.len(), "input")
        );
    }
    line.push('\n');
    line
}

#[cfg(test)]
mod tests {
    use miette::NamedSource;

    use super::*;
    use crate::model::Span;
    use crate::outcome::FileReport;
    use crate::source::LineIndex;

    const OPTIONS: HumanOptions = HumanOptions {
        color: false,
        width: 80,
    };

    fn diagnostic(span: Span, related: &[(Span, &str)]) -> Diagnostic {
        let mut d = Diagnostic::new(
            "unresolved",
            Severity::Error,
            span,
            None,
            "note marker [7] has no matching note".to_owned(),
        );
        d.help("add `[7] …` to the notes section or remove the marker");
        for &(span, message) in related {
            d.related(span, message);
        }
        d
    }

    fn report(text: &str, d: Diagnostic) -> Report {
        let mut file = FileReport::new("doc.txt".to_owned(), "plain");
        file.markers = 1;
        file.diagnostics = vec![d];
        crate::source::place(
            "doc.txt",
            text,
            &mut file.diagnostics,
            Some(layout(OPTIONS)),
        );
        Report {
            files: vec![file],
            failures: Vec::new(),
        }
    }

    fn render_one(text: &str, span: Span, related: &[(Span, &str)]) -> String {
        render(&report(text, diagnostic(span, related)), OPTIONS)
    }

    /// The same diagnostic rendered as before excerpts: the whole file as
    /// miette's source.
    fn render_whole_file(text: &str, span: Span, related: &[(Span, &str)]) -> String {
        let d = diagnostic(span, related);
        let spans = std::iter::once(d.span)
            .chain(d.related.iter().map(|r| r.span))
            .map(|s| SourceSpan::new(s.start.into(), s.len()));
        let source = Some(NamedSource::new("doc.txt", text.to_owned()));
        let mut out = String::new();
        handler(OPTIONS)
            .render_report(&mut out, &Rendered::new(&d, source, spans))
            .unwrap();
        out
    }

    fn find(text: &str, needle: &str) -> Span {
        let start = text.find(needle).unwrap();
        Span::new(start, start + needle.len())
    }

    /// `(line number, text over the underline)` for each underlined line;
    /// a `▲` (empty span) takes the char above it, or a space.
    fn underlined(out: &str) -> Vec<(usize, String)> {
        let lines: Vec<&str> = out.lines().collect();
        let mut found = Vec::new();
        for pair in lines.windows(2) {
            let Some((gutter, _)) = pair[0].split_once(" │ ") else {
                continue;
            };
            let Ok(number) = gutter.trim().parse::<usize>() else {
                continue;
            };
            let source: Vec<char> = pair[0].chars().collect();
            let text: String = pair[1]
                .chars()
                .enumerate()
                .filter(|&(_, c)| matches!(c, '─' | '┬' | '▲'))
                .map(|(i, _)| source.get(i).copied().unwrap_or(' '))
                .collect();
            if pair[1].trim_start().starts_with('·') && !text.is_empty() {
                found.push((number, text));
            }
        }
        found
    }

    fn headers(out: &str) -> Vec<&str> {
        out.lines()
            .filter_map(|l| l.split_once("╭─[")?.1.strip_suffix(']'))
            .collect()
    }

    fn prose(words: usize) -> String {
        let mut text = String::new();
        for i in 0..words {
            text.push_str(["lorem ", "ipsum ", "dolor ", "sit ", "amet, "][i % 5]);
        }
        text
    }

    #[test]
    fn a_long_line_is_clipped_around_its_label() {
        let text = format!("Title\n\n{}claim.[7] {}\n\nNotes\n", prose(330), prose(330));
        assert!(text.lines().nth(2).unwrap().chars().count() > 2000);
        let out = render_one(&text, find(&text, "[7]"), &[]);
        for line in out.lines() {
            assert!(line.chars().count() <= 80, "too wide: {line:?}\n{out}");
        }
        let column = prose(330).chars().count() + "claim.".len() + 1;
        assert_eq!(headers(&out), [format!("doc.txt:3:{column}")]);
        assert_eq!(underlined(&out), [(3, "[7]".to_owned())]);
        let shown = out.lines().find(|l| l.starts_with(" 3 │ ")).unwrap();
        assert!(shown.starts_with(" 3 │ …") && shown.ends_with('…'), "{out}");
    }

    #[test]
    fn underlines_stay_under_their_text_anywhere_on_a_long_line() {
        let text = format!("Title\n\n{}\n\nNotes\n", prose(400));
        let line = text.lines().nth(2).unwrap();
        let base = text.find(line).unwrap();
        for at in (0..line.len()).step_by(97).chain([line.len() - 5]) {
            for len in [1, 4, 20] {
                let span = Span::new(base + at, (base + at + len).min(base + line.len()));
                let out = render_one(&text, span, &[]);
                assert_eq!(headers(&out), [format!("doc.txt:3:{}", at + 1)]);
                assert_eq!(underlined(&out), [(3, span.of(&text).to_owned())], "{out}");
                assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
            }
        }
        // Two labels far apart on one line both show, with `…` between.
        let first = Span::new(base + 30, base + 35);
        let second = Span::new(base + 1500, base + 1505);
        let out = render_one(&text, first, &[(second, "and here")]);
        let texts = [first.of(&text), second.of(&text)];
        assert_eq!(underlined(&out), [(3, texts.join(""))], "{out}");
        // A label longer than the line can show keeps both its ends.
        let long = Span::new(base + 100, base + 1900);
        let out = render_one(&text, long, &[]);
        let shown = &underlined(&out)[0].1;
        let (head, tail) = shown.split_once('…').unwrap();
        assert!(long.of(&text).starts_with(head) && long.of(&text).ends_with(tail));
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    }

    #[test]
    fn header_column_counts_chars_not_bytes() {
        let line = "Café’s “interview” — ".repeat(20);
        let text = format!("First line.\n{line}(, June 22, 2023). And more.\n\n");
        let span = find(&text, "(, June 22, 2023)");
        let out = render_one(&text, span, &[]);
        let column = line.chars().count() + 1;
        assert_eq!(headers(&out), [format!("doc.txt:2:{column}")]);
        assert_eq!(underlined(&out), [(2, "(, June 22, 2023)".to_owned())]);
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    }

    #[test]
    fn a_far_away_related_label_keeps_its_line_number() {
        let mut text = String::new();
        for n in 1..=130 {
            match n {
                60 => text.push_str(&format!("{} the claim.[7] {}\n", prose(60), prose(60))),
                115 => text.push_str("Notes\n"),
                _ => text.push_str(&format!("Line {n}.\n")),
            }
        }
        let notes = find(&text, "Notes").start;
        let related = [(Span::new(notes, notes), "notes section starts here")];
        let out = render_one(&text, find(&text, "[7]"), &related);
        let column = prose(60).chars().count() + " the claim.".len() + 1;
        assert_eq!(
            headers(&out),
            [format!("doc.txt:60:{column}"), "doc.txt:115:1".to_owned()]
        );
        assert_eq!(
            underlined(&out),
            [(60, "[7]".to_owned()), (115, "N".to_owned())]
        );
        assert!(out.contains("notes section starts here"), "{out}");
        assert!(!out.contains(" 80 │"), "{out}");
        for number in [59, 61, 114, 116] {
            assert!(
                out.contains(&format!("\n {number} │ Line {number}.\n")),
                "{out}"
            );
        }
    }

    #[test]
    fn empty_spans_at_line_and_file_ends() {
        let text = format!("{}\n", prose(400));
        let end_of_line = text.len() - 1;
        let out = render_one(&text, Span::new(end_of_line, end_of_line), &[]);
        let column = prose(400).chars().count() + 1;
        assert_eq!(headers(&out), [format!("doc.txt:1:{column}")]);
        assert_eq!(underlined(&out), [(1, " ".to_owned())]);
        assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");

        let out = render_one(&text, Span::new(text.len(), text.len()), &[]);
        assert_eq!(headers(&out), ["doc.txt:2:1"]);
        assert_eq!(underlined(&out), [(2, " ".to_owned())]);

        let out = render_one("", Span::new(0, 0), &[]);
        assert_eq!(headers(&out), ["doc.txt:1:1"]);
    }

    #[test]
    fn crlf_renders_like_lf() {
        let lf = format!("Title\n{}the claim.[7] {}\nNotes\n", prose(200), prose(9));
        let crlf = lf.replace('\n', "\r\n");
        let out = render_one(&lf, find(&lf, "[7]"), &[]);
        assert_eq!(render_one(&crlf, find(&crlf, "[7]"), &[]), out);
        // A span that takes in the line break underlines one column more.
        let whole = |text: &str| Span::new(find(text, "Notes").start, text.len());
        let out = render_one(&lf, whole(&lf), &[]);
        assert_eq!(underlined(&out), [(3, "Notes ".to_owned())]);
        assert_eq!(render_one(&crlf, whole(&crlf), &[]), out);
    }

    #[test]
    fn short_lines_render_as_miette_does() {
        let text =
            "Title\n\nA claim.[1] Another.[7]\r\nMore\ttext [8]\u{a0}!\n\nNotes\n\n[1] Source.\n";
        let notes = find(text, "Notes").start;
        let cases = [
            (find(text, "[7]"), vec![]),
            (
                find(text, "[8]"),
                vec![(Span::new(notes, notes), "notes section starts here")],
            ),
            (
                find(text, "[1] Source."),
                vec![(find(text, "[1]"), "first here")],
            ),
            (Span::new(0, 0), vec![]),
            (find(text, "Another.[7]\r\nMore"), vec![]),
        ];
        for (span, related) in cases {
            assert_eq!(
                render_one(text, span, &related),
                render_whole_file(text, span, &related)
                    + "\n"
                    + &summary(&report(text, diagnostic(span, &related))),
                "{span}"
            );
        }
    }

    #[test]
    fn awkward_text_never_panics_and_reports_true_positions() {
        let line = "x\u{a0}é日本\tz\u{301}😀 ".repeat(30);
        let text = format!("{line}[1]\r\n\r\n\ta\u{a0}b\r{line}\n\n{line}");
        let index = LineIndex::new(&text);
        for start in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
            for len in [0, 1, 3, 40, 400] {
                let mut end = (start + len).min(text.len());
                while !text.is_char_boundary(end) {
                    end += 1;
                }
                let out = render_one(&text, Span::new(start, end), &[]);
                let at = index.line_col(&text, start);
                let header = format!("doc.txt:{}:{}", at.line, at.column);
                assert_eq!(headers(&out).first(), Some(&header.as_str()), "{out}");
                for l in out.lines().filter(|l| l.contains(" │ ")) {
                    assert!(l.chars().count() <= 80, "{start}+{len}: {l:?}");
                }
            }
        }
        // Spans off char boundaries or past the end are clamped, not fatal;
        // so are tiny widths and colour.
        render_one(&text, Span::new(2, 3), &[(Span::new(9_000, 9_999), "far")]);
        for width in [0, 10, 500] {
            for color in [false, true] {
                let d = diagnostic(Span::new(400, 1200), &[(Span::new(700, 700), "here")]);
                render(&report(&text, d), HumanOptions { color, width });
            }
        }
    }
}
