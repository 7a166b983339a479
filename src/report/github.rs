//! `--format github`: GitHub Actions workflow commands, which the runner
//! turns into annotations on the pull request's diff.
//!
//! ```text
//! ::error file=a.txt,line=60,col=123,endLine=60,endColumn=126,title=unresolved::note marker [4] has no matching note
//! ::error file=b.txt::not valid UTF-8 at byte 812 (line 3, column 5)
//! ```
//!
//! Errors are `::error`, warnings `::warning`, notes `::notice`; the title
//! is the rule's code. Related places (the first definition of a label
//! defined twice, in whichever file) follow the message, one a line, as
//! `path:line:column: what`: an annotation has one place of its own. Lines and columns are 1-based, columns in Unicode
//! scalar values, `endColumn` exclusive as in `--format json`. A span over
//! several lines gives `line` and `endLine` only: the runner rejects
//! columns then. Inputs that could not be read come last, as errors on
//! the file. Nothing else is printed, so no text of ours can be taken for
//! a command.
//!
//! Escaping follows the runner's own toolkit: in the message `%`, CR and LF
//! become `%25`, `%0D` and `%0A`; in property values `:` and `,` also
//! become `%3A` and `%2C`.

use std::fmt::Write as _;

use super::located;
use crate::diagnostic::Severity;
use crate::outcome::Report;

/// Render a report as workflow commands, one per line.
pub fn render(report: &Report) -> String {
    let mut out = String::new();
    for l in located(report) {
        let d = l.diagnostic;
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "notice",
        };
        let _ = write!(
            out,
            "::{command} file={},line={}",
            property(&l.file.path),
            l.start.line
        );
        if l.start.line == l.end.line {
            let _ = write!(out, ",col={}", l.start.column);
        }
        let _ = write!(out, ",endLine={}", l.end.line);
        if l.start.line == l.end.line {
            let _ = write!(out, ",endColumn={}", l.end.column);
        }
        let mut message = d.message.clone();
        let places = d
            .place
            .as_deref()
            .map(|p| p.related.as_slice())
            .unwrap_or_default();
        for (related, place) in d.related.iter().zip(places) {
            if let Some(place) = place {
                let path = place.path.as_deref().unwrap_or(&l.file.path);
                let _ = write!(
                    message,
                    "\n{path}:{}:{}: {}",
                    place.start.line, place.start.column, related.message
                );
            }
        }
        let _ = writeln!(out, ",title={}::{}", property(d.code), data(&message));
    }
    for failure in &report.failures {
        let _ = writeln!(
            out,
            "::error file={}::{}",
            property(&failure.path),
            data(&failure.message)
        );
    }
    out
}

/// Escape a command's message (the text after `::`).
fn data(text: &str) -> String {
    escape(text, false)
}

/// Escape a property value (`file=…`, `title=…`).
fn property(text: &str) -> String {
    escape(text, true)
}

fn escape(text: &str, property: bool) -> String {
    let mut out = String::with_capacity(text.len());
    // Controls other than line ends are shown as escapes: a log viewer is
    // a terminal too.
    let text = crate::source::escape::one_line_keeping_breaks(text);
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' if property => out.push_str("%3A"),
            ',' if property => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, diagnostic, file};

    #[test]
    fn sample() {
        insta::assert_snapshot!(render(&sample::sample()));
    }

    #[test]
    fn escaping() {
        assert_eq!(data("100%: a,b\r\nc"), "100%25: a,b%0D%0Ac");
        assert_eq!(property("100%: a,b\r\nc"), "100%25%3A a%2Cb%0D%0Ac");
        // Escaping first `%` keeps an already escaped-looking text intact.
        assert_eq!(data("%0A"), "%250A");
    }

    #[test]
    fn every_finding_is_one_command_line() {
        let out = render(&sample::sample());
        assert_eq!(out.lines().count(), 7);
        assert!(out.lines().all(|l| l.starts_with("::")));
        assert!(out.contains("::notice "));
        assert!(out.contains("::warning "));
    }

    #[test]
    fn multi_line_spans_have_no_columns() {
        let text = "A claim.[1\n] more\n";
        let d = diagnostic(
            "unresolved",
            Severity::Error,
            sample::at(text, "[1\n]", 0),
            Some("1"),
            "m",
        );
        let report = Report {
            files: vec![file("a.txt", text, vec![d])],
            failures: Vec::new(),
        };
        assert_eq!(
            render(&report),
            "::error file=a.txt,line=1,endLine=2,title=unresolved::m\n"
        );
    }
}
