//! Human output: miette's graphical reports with source snippets, then a
//! one-line summary.

use std::fmt::{self, Write as _};

use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};

use super::excerpt::{Excerpt, Layout, LineStarts};
use super::located;
use crate::check::Report;
use crate::diagnostic::Severity;
use crate::rules;

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

/// One diagnostic in the shape miette renders.
#[derive(Debug)]
struct Rendered {
    code: String,
    severity: miette::Severity,
    message: String,
    help: Option<String>,
    source: Excerpt,
    labels: Vec<LabeledSpan>,
}

impl fmt::Display for Rendered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Rendered {}

impl miette::Diagnostic for Rendered {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

/// Lines of context around each label (the handler's default, set
/// explicitly because the excerpt must keep the same lines).
const CONTEXT_LINES: usize = 1;

/// Render every diagnostic, then the summary line.
pub fn render(report: &Report, options: HumanOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(options.width)
        .with_context_lines(CONTEXT_LINES)
        .with_links(false);
    let layout = Layout {
        width: options.width,
        context: CONTEXT_LINES,
    };
    let mut out = String::new();
    // Line starts of the file being rendered (diagnostics come grouped by
    // file), so each diagnostic costs only the lines it shows.
    let mut lines: Option<(&crate::check::FileReport, LineStarts)> = None;
    for l in located(report) {
        let d = l.diagnostic;
        let index = match &lines {
            Some((file, index)) if std::ptr::eq(*file, l.file) => index,
            _ => &lines.insert((l.file, LineStarts::new(l.text))).1,
        };
        let spans: Vec<_> = std::iter::once(d.span)
            .chain(d.related.iter().map(|r| r.span))
            .collect();
        let (source, spans) = Excerpt::new(&l.file.path, l.text, index, &spans, layout);
        let pointer = rules::by_code(d.code).map_or("here", |r| r.pointer);
        let mut labels = vec![LabeledSpan::new_primary_with_span(
            Some(pointer.to_owned()),
            spans[0],
        )];
        labels.extend(
            d.related
                .iter()
                .zip(&spans[1..])
                .map(|(r, &span)| LabeledSpan::new_with_span(Some(r.message.clone()), span)),
        );
        let rendered = Rendered {
            code: format!("ibid::{}", d.code),
            severity: match d.severity {
                Severity::Error => miette::Severity::Error,
                Severity::Warning => miette::Severity::Warning,
                Severity::Note => miette::Severity::Advice,
            },
            message: d.message.clone(),
            help: d.help.clone(),
            source,
            labels,
        };
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
