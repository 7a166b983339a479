//! `--format json`: one object, version 1, as DESIGN.md section 2 defines.

use serde::Serialize;

use super::located;
use crate::diagnostic::Severity;
use crate::outcome::Report;

#[derive(Serialize)]
struct Json<'a> {
    version: u32,
    files: Vec<File<'a>>,
    diagnostics: Vec<Diag<'a>>,
    failures: Vec<Failure<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    dialect: &'a str,
    /// A Markdown file's flavour.
    #[serde(skip_serializing_if = "Option::is_none")]
    flavor: Option<&'a str>,
    markers: usize,
    definitions: usize,
    /// Citation keys used, and whether a bibliography was in scope to
    /// check them against.
    citations: usize,
    citations_checked: bool,
}

#[derive(Serialize)]
pub(super) struct Diag<'a> {
    code: &'a str,
    severity: Severity,
    path: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    label: Option<&'a str>,
    message: &'a str,
    related: Vec<Related<'a>>,
}

#[derive(Serialize)]
pub(super) struct Related<'a> {
    path: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
pub(super) struct Failure<'a> {
    pub(super) path: &'a str,
    pub(super) message: &'a str,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    notes: usize,
}

/// One diagnostic as its JSON object (shared with `json-lines`).
pub(super) fn diag<'a>(l: &super::Located<'a>) -> Diag<'a> {
    Diag {
        code: l.diagnostic.code,
        severity: l.diagnostic.severity,
        path: &l.file.path,
        line: l.start.line,
        column: l.start.column,
        end_line: l.end.line,
        end_column: l.end.column,
        label: l.diagnostic.label.as_deref(),
        message: &l.diagnostic.message,
        related: l
            .diagnostic
            .related
            .iter()
            .zip(l.related.iter())
            .filter_map(|(r, at)| {
                let at = at.as_ref()?;
                Some(Related {
                    path: l.related_path(at),
                    line: at.start.line,
                    column: at.start.column,
                    message: &r.message,
                })
            })
            .collect(),
    }
}

/// Render a report as pretty-printed JSON (with a final newline).
pub fn render(report: &Report) -> String {
    let diagnostics = located(report).iter().map(diag).collect();
    let json = Json {
        version: 1,
        files: report
            .files
            .iter()
            .map(|f| File {
                path: &f.path,
                dialect: f.dialect,
                flavor: f.flavor,
                markers: f.markers,
                definitions: f.definitions,
                citations: f.citations,
                citations_checked: f.citations_checked,
            })
            .collect(),
        diagnostics,
        failures: report
            .failures
            .iter()
            .map(|f| Failure {
                path: &f.path,
                message: &f.message,
            })
            .collect(),
        summary: Summary {
            files: report.files.len(),
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            notes: report.count(Severity::Note),
        },
    };
    let mut out =
        serde_json::to_string_pretty(&json).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    crate::source::escape::json_controls(out)
}
