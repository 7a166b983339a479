//! `--format concise`: one line per finding, for grep, editors' quickfix
//! lists and terminals too narrow for source snippets.
//!
//! ```text
//! docs/a.txt:60:123: error[unresolved] note marker [4] has no matching note
//! docs/b.txt: failure: not valid UTF-8 at byte 812 (line 3, column 5)
//! ibid: 1 file checked: 1 error, 0 warnings; 1 input could not be read
//! ```
//!
//! Diagnostics come first, sorted by path, line, column and code, then the
//! inputs that could not be read, then the summary line of human output.
//! Lines and columns are 1-based, columns in Unicode scalar values. So that
//! every finding stays on one line, control characters in paths and
//! messages (CR, LF, ESC …, but not tab) are written as Rust escapes
//! (`\r`, `\n`, `\u{1b}`).

use crate::source::escape::{line_start, one_line};
use std::fmt::Write as _;

use super::{human, located, Located};
use crate::outcome::{Failure, Report};

/// Render a report, one line per diagnostic and failure, then the summary.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for l in located(report) {
        out.push_str(&line(&l));
        out.push('\n');
    }
    for failure in &report.failures {
        out.push_str(&failure_line(failure));
        out.push('\n');
    }
    out.push_str(&human::summary(report));
    out
}

/// `path:line:col: severity[code] message`, without a line end.
pub(crate) fn line(l: &Located<'_>) -> String {
    let d = l.diagnostic;
    let mut out = String::new();
    let _ = write!(
        out,
        "{}:{}:{}: {}[{}] {}",
        line_start(&l.file.path),
        l.start.line,
        l.start.column,
        d.severity.as_str(),
        d.code,
        one_line(&d.message)
    );
    out
}

/// `path: failure: message`, without a line end.
pub(crate) fn failure_line(failure: &Failure) -> String {
    format!(
        "{}: failure: {}",
        line_start(&failure.path),
        one_line(&failure.message)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample;

    #[test]
    fn sample() {
        insta::assert_snapshot!(render(&sample::sample()));
    }

    #[test]
    fn control_characters_cannot_break_a_line() {
        assert_eq!(one_line("a\tb"), "a\tb");
        assert_eq!(
            one_line("a\r\nb\u{1b}[31m\u{85}"),
            "a\\r\\nb\\u{1b}[31m\\u{85}"
        );
    }

    #[test]
    fn no_findings_is_just_the_summary() {
        let mut report = sample::sample();
        report.files.retain(|f| f.diagnostics.is_empty());
        report.failures.clear();
        assert_eq!(render(&report), "ibid: 1 file checked: no problems found\n");
    }
}
