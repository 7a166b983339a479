//! `--format json-lines`: one JSON object per line (JSON Lines / NDJSON),
//! for streaming consumers and `jq -c`.
//!
//! # Schema, version 1
//!
//! Every line is one compact JSON object whose `type` says what it is.
//! Diagnostics come first, sorted by path, line, column and code (the
//! order of `--format json`), then the inputs that could not be read, in
//! the report's order. A report with neither prints nothing.
//!
//! A diagnostic has the fields of a `diagnostics` entry of `--format json`
//! (DESIGN.md section 2), after `"type": "diagnostic"`:
//!
//! ```json
//! {"type":"diagnostic","code":"unresolved","severity":"error","path":"a.txt","line":60,"column":123,"end_line":60,"end_column":126,"label":"4","message":"note marker [4] has no matching note","related":[{"path":"a.txt","line":115,"column":1,"message":"notes section starts here"}]}
//! ```
//!
//! - `code`: the rule id; `severity`: `"error"`, `"warning"` or `"note"`.
//! - `line`, `column`, `end_line`, `end_column`: 1-based; columns count
//!   Unicode scalar values; the end is exclusive (just after the span).
//! - `label`: the note's label as written without brackets, or `null`.
//! - `related`: secondary places (start positions), possibly empty.
//!
//! An input that could not be read or decoded:
//!
//! ```json
//! {"type":"failure","path":"b.txt","message":"not valid UTF-8 at byte 812 (line 3, column 5)"}
//! ```
//!
//! New fields and new `type`s may be added; consumers should ignore what
//! they do not know.

use serde::Serialize;

use super::{json, located};
use crate::outcome::Report;

#[derive(Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum Line<'a> {
    Diagnostic(json::Diag<'a>),
    Failure(json::Failure<'a>),
}

/// Render a report as JSON Lines, each line ending in `\n`.
pub fn render(report: &Report) -> String {
    let located = located(report);
    let diagnostics = located.iter().map(|l| Line::Diagnostic(json::diag(l)));
    let failures = report.failures.iter().map(|f| {
        Line::Failure(json::Failure {
            path: &f.path,
            message: &f.message,
        })
    });
    let mut out = String::new();
    for line in diagnostics.chain(failures) {
        // Serializing borrowed strings and integers cannot fail.
        if let Ok(json) = serde_json::to_string(&line) {
            out.push_str(&json);
            out.push('\n');
        }
    }
    crate::source::escape::json_controls(out)
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
    fn every_line_is_one_object_with_the_json_fields() {
        let out = render(&sample::sample());
        let json: serde_json::Value =
            serde_json::from_str(&crate::report::json::render(&sample::sample())).unwrap();
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let (diags, failures): (Vec<_>, Vec<_>) =
            lines.into_iter().partition(|l| l["type"] == "diagnostic");
        let diags: Vec<_> = diags
            .into_iter()
            .map(|mut d| {
                d.as_object_mut().unwrap().remove("type");
                d
            })
            .collect();
        assert_eq!(serde_json::Value::from(diags), json["diagnostics"]);
        assert_eq!(failures.len(), 1);
        assert_eq!(failures[0]["type"], "failure");
        assert_eq!(failures[0]["path"], json["failures"][0]["path"]);
    }
}
