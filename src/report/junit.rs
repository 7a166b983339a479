//! `--format junit`: JUnit XML, for CI systems that show test reports
//! (GitLab, Jenkins, Azure Pipelines …).
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <testsuites name="ibid" tests="2" failures="1" errors="1">
//!   <testsuite name="ibid" tests="2" failures="1" errors="1">
//!     <testcase classname="ibid" name="a.txt">
//!       <failure type="unresolved" message="note marker [4] has no matching note">a.txt:60:123: error[unresolved] note marker [4] has no matching note
//! help: add `[4] …` to the notes section or remove the marker
//! a.txt:115:1: note: notes section starts here</failure>
//!     </testcase>
//!     <testcase classname="ibid" name="b.txt">
//!       <error type="unreadable" message="not valid UTF-8 at byte 812 (line 3, column 5)"/>
//!     </testcase>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! Every checked file is one test case, named by its path; it passes when
//! it has no failing diagnostic. Error-severity diagnostics are failing,
//! and so are warnings under `--deny warnings` ([`render_with`]); each is
//! one `<failure>` whose type is the rule's code. The other diagnostics of
//! the file go to its `<system-out>`, one concise line each. An input that
//! could not be read is a test case with an `<error>`.
//!
//! The counts are of test cases, as JUnit consumers expect: `tests` is
//! checked files plus unreadable inputs, `failures` the files with at least
//! one failing diagnostic, `errors` the unreadable inputs.
//!
//! Text is escaped for XML 1.0; characters XML 1.0 cannot hold at all
//! (most control characters) are written as Rust escapes (`\u{1b}`).

use std::collections::HashMap;
use std::fmt::Write as _;

use super::concise;
use super::{located, Located};
use crate::diagnostic::Severity;
use crate::outcome::{FileReport, Report};
use crate::source::escape::{line_start, one_line};

/// Render a report as JUnit XML; only errors are failures.
pub fn render(report: &Report) -> String {
    render_with(report, false)
}

/// Render a report as JUnit XML; with `deny_warnings`, warnings are
/// failures too.
pub fn render_with(report: &Report, deny_warnings: bool) -> String {
    let fails = |severity: Severity| match severity {
        Severity::Error => true,
        Severity::Warning => deny_warnings,
        Severity::Note => false,
    };
    let all = located(report);
    let mut by_file: HashMap<*const FileReport, Vec<&Located<'_>>> = HashMap::new();
    for l in &all {
        by_file
            .entry(std::ptr::from_ref(l.file))
            .or_default()
            .push(l);
    }
    let none = Vec::new();
    let findings = |file: &FileReport| by_file.get(&std::ptr::from_ref(file)).unwrap_or(&none);

    let tests = report.files.len() + report.failures.len();
    let failures = report
        .files
        .iter()
        .filter(|f| findings(f).iter().any(|l| fails(l.diagnostic.severity)))
        .count();
    let errors = report.failures.len();
    let counts = format!("tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\"");

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<testsuites name=\"ibid\" {counts}>");
    let _ = writeln!(out, "  <testsuite name=\"ibid\" {counts}>");
    for file in &report.files {
        let findings = findings(file);
        let name = attr(&file.path);
        if findings.is_empty() {
            let _ = writeln!(out, "    <testcase classname=\"ibid\" name=\"{name}\"/>");
            continue;
        }
        let _ = writeln!(out, "    <testcase classname=\"ibid\" name=\"{name}\">");
        let mut system_out = String::new();
        for l in findings {
            let d = l.diagnostic;
            if !fails(d.severity) {
                system_out.push_str(&concise::line(l));
                system_out.push('\n');
                continue;
            }
            let mut body = concise::line(l);
            if let Some(help) = &d.help {
                let _ = write!(body, "\nhelp: {}", one_line(help));
            }
            for (r, at) in d.related.iter().zip(l.related.iter()) {
                let Some(at) = at else { continue };
                let _ = write!(
                    body,
                    "\n{}:{}:{}: note: {}",
                    line_start(l.related_path(at)),
                    at.start.line,
                    at.start.column,
                    one_line(&r.message)
                );
            }
            let _ = writeln!(
                out,
                "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                attr(d.code),
                attr(&d.message),
                text(&body)
            );
        }
        if !system_out.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", text(&system_out));
        }
        out.push_str("    </testcase>\n");
    }
    for failure in &report.failures {
        let _ = writeln!(
            out,
            "    <testcase classname=\"ibid\" name=\"{}\">\n      \
             <error type=\"unreadable\" message=\"{}\"/>\n    </testcase>",
            attr(&failure.path),
            attr(&failure.message)
        );
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escape element text.
fn text(s: &str) -> String {
    escape(s, false)
}

/// Escape an attribute value (in double quotes). Line ends and tabs are
/// character references, which attribute-value normalisation keeps.
fn attr(s: &str) -> String {
    escape(s, true)
}

fn escape(s: &str, attr: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attr => out.push_str("&quot;"),
            // A raw CR would be read back as LF, so keep it as a reference.
            '\r' => out.push_str("&#13;"),
            '\n' if attr => out.push_str("&#10;"),
            '\t' if attr => out.push_str("&#9;"),
            '\t' | '\n' => out.push(c),
            // C1 controls are XML characters, but drive terminals.
            c if allowed(c) && !c.is_control() => out.push(c),
            c => {
                let _ = write!(out, "{}", c.escape_default());
            }
        }
    }
    out
}

/// XML 1.0's `Char` production, without tab, LF and CR (handled above).
fn allowed(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}') || c >= '\u{10000}'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sample::{self, diagnostic, file, well_formed_xml};

    #[test]
    fn sample() {
        insta::assert_snapshot!(render(&sample::sample()));
    }

    #[test]
    fn sample_denying_warnings() {
        let out = render_with(&sample::sample(), true);
        insta::assert_snapshot!(out);
    }

    #[test]
    fn sample_is_well_formed_and_counts_test_cases() {
        let out = render(&sample::sample());
        let names = well_formed_xml(&out).unwrap();
        let count = |n: &str| names.iter().filter(|x| *x == n).count();
        assert_eq!(count("testsuites"), 1);
        assert_eq!(count("testsuite"), 1);
        assert_eq!(count("testcase"), 4);
        // Four errors in two files; the warning and the note are output.
        assert_eq!(count("failure"), 4);
        assert_eq!(count("error"), 1);
        assert_eq!(count("system-out"), 2);
        assert!(out.contains("<testsuites name=\"ibid\" tests=\"4\" failures=\"2\" errors=\"1\">"));

        let denied = render_with(&sample::sample(), true);
        well_formed_xml(&denied).unwrap();
        assert!(denied.contains("tests=\"4\" failures=\"2\" errors=\"1\""));
        assert_eq!(denied.matches("<failure ").count(), 5);
    }

    #[test]
    fn escapes_markup_and_characters_xml_cannot_hold() {
        assert_eq!(
            attr("a<b>&\"c\"\r\n\t\u{1b}\u{FFFE}é"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#13;&#10;&#9;\\u{1b}\\u{fffe}é"
        );
        assert_eq!(text("\"x\"\r\n\t\u{0}"), "\"x\"&#13;\n\t\\u{0}");
        let nasty = "]]></failure><x a=\"\u{1}\u{c}";
        let d = diagnostic(
            "unresolved",
            Severity::Error,
            sample::at("x[1]", "[1]", 0),
            Some(nasty),
            nasty,
        );
        let report = Report {
            files: vec![file(nasty, "x[1]", vec![d])],
            failures: Vec::new(),
        };
        well_formed_xml(&render(&report)).unwrap();
    }

    #[test]
    fn an_empty_report_is_an_empty_suite() {
        let out = render(&Report::default());
        well_formed_xml(&out).unwrap();
        assert!(out.contains("tests=\"0\" failures=\"0\" errors=\"0\""));
    }
}
