//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other
//! static-analysis dashboards, built on the typed model of `serde-sarif`.
//!
//! One run whose driver is `ibid` lists every rule of the registry (id =
//! code, short description = the doc's first paragraph, full description
//! and help = `ibid explain CODE`, default level = the rule's default
//! severity). Each diagnostic is one result:
//!
//! - `ruleId`, `ruleIndex` (into `rules`), `level` (`error`, `warning`,
//!   `note`: the diagnostic's own severity) and `message.text`;
//! - one location: `artifactLocation.uri` is the path as a URI reference
//!   (forward slashes, percent-encoded; absolute paths become `file://`
//!   URIs), and the region has 1-based `startLine`, `startColumn`,
//!   `endLine`, `endColumn` with the end exclusive, columns in Unicode code
//!   points as the run's `columnKind` says;
//! - `relatedLocations` for the related spans, with their messages, each
//!   with its own file's URI (a label first defined in another chapter);
//! - `partialFingerprints["ibid/v2"]`: FNV-1a 64 of the code, the path, the
//!   label and the finding's context (its text and a few words either side
//!   on its line, whitespace-normalised: the baselines' window, see
//!   [`crate::source::fingerprint::context`]), plus `:N` for the N-th
//!   finding in the file with the same hash. No line number goes in, so a
//!   finding keeps its fingerprint when lines are added above it. (v1
//!   hashed the whole line, which cost a copy of the line per finding: a
//!   1 MB paragraph-line with 15,000 findings never finished.)
//!
//! Inputs that could not be read are `toolExecutionNotifications` of the
//! one invocation, whose `executionSuccessful` is then false.

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

use serde_sarif::sarif::{
    ArtifactLocation, Invocation, Location, Message, MultiformatMessageString, Notification,
    PhysicalLocation, Region, ReportingConfiguration, ReportingDescriptor, Result as SarifResult,
    ResultLevel, Run, Sarif, Tool, ToolComponent,
};

use super::located;
use crate::diagnostic::Severity;
use crate::outcome::{FileReport, Report};
use crate::rules::{RuleMeta, RULES};
use crate::source::LineCol;

/// Where the SARIF 2.1.0 JSON schema is published.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// The key of our fingerprint in `partialFingerprints`.
pub const FINGERPRINT_KEY: &str = "ibid/v2";

/// Render a report as a pretty-printed SARIF log (with a final newline).
pub fn render(report: &Report) -> String {
    let sarif = Sarif::builder()
        .schema(SCHEMA)
        .version(serde_json::json!("2.1.0"))
        .runs(vec![run(report)])
        .build();
    let mut out =
        serde_json::to_string_pretty(&sarif).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    out.push('\n');
    crate::source::escape::json_controls(out)
}

fn run(report: &Report) -> Run {
    let mut driver = ToolComponent::builder()
        .name("ibid")
        .version(env!("CARGO_PKG_VERSION"))
        .rules(RULES.iter().map(descriptor).collect::<Vec<_>>())
        .build();
    // Only a real address: none until Cargo.toml names a repository.
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !repository.is_empty() {
        driver.information_uri = Some(repository.to_owned());
    }
    let mut invocation = Invocation::builder()
        .execution_successful(report.failures.is_empty())
        .build();
    if !report.failures.is_empty() {
        invocation.tool_execution_notifications = Some(
            report
                .failures
                .iter()
                .map(|f| {
                    Notification::builder()
                        .level(serde_json::json!("error"))
                        .message(Message::from(f.message.as_str()))
                        .locations(vec![Location::builder()
                            .physical_location(
                                PhysicalLocation::builder()
                                    .artifact_location(artifact(&f.path))
                                    .build(),
                            )
                            .build()])
                        .build()
                })
                .collect(),
        );
    }
    Run::builder()
        .tool(Tool::from(driver))
        .column_kind(serde_json::json!("unicodeCodePoints"))
        .invocations(vec![invocation])
        .results(results(report))
        .build()
}

fn descriptor(rule: &RuleMeta) -> ReportingDescriptor {
    let explanation = rule.explanation();
    ReportingDescriptor::builder()
        .id(rule.code)
        .short_description(
            MultiformatMessageString::builder()
                .text(rule.summary())
                .build(),
        )
        .full_description(
            MultiformatMessageString::builder()
                .text(explanation.clone())
                .build(),
        )
        .help(
            MultiformatMessageString::builder()
                .text(explanation.clone())
                .markdown(explanation)
                .build(),
        )
        .default_configuration(
            ReportingConfiguration::builder()
                .level(serde_json::json!(rule.severity.as_str()))
                .build(),
        )
        .build()
}

fn level(severity: Severity) -> ResultLevel {
    match severity {
        Severity::Error => ResultLevel::Error,
        Severity::Warning => ResultLevel::Warning,
        Severity::Note => ResultLevel::Note,
    }
}

fn results(report: &Report) -> Vec<SarifResult> {
    let mut out = Vec::new();
    // How often each fingerprint has been seen in the current file
    // (diagnostics come grouped by file).
    let mut current: Option<*const FileReport> = None;
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for l in located(report) {
        let d = l.diagnostic;
        if current != Some(std::ptr::from_ref(l.file)) {
            seen.clear();
            current = Some(std::ptr::from_ref(l.file));
        }
        let uri = artifact(&l.file.path);
        let location = |(start, end): (LineCol, LineCol)| {
            let region = Region::builder()
                .start_line(to_i64(start.line))
                .start_column(to_i64(start.column))
                .end_line(to_i64(end.line))
                .end_column(to_i64(end.column))
                .build();
            PhysicalLocation::builder()
                .artifact_location(uri.clone())
                .region(region)
                .build()
        };
        let hash = fingerprint(d.code, &l.file.path, d.label.as_deref(), l.context);
        let n = seen.entry(hash).or_default();
        *n += 1;
        let fingerprints =
            BTreeMap::from([(FINGERPRINT_KEY.to_owned(), format!("{hash:016x}:{n}"))]);
        let mut result = SarifResult::builder()
            .rule_id(d.code)
            .level(level(d.severity))
            .message(Message::from(d.message.as_str()))
            .locations(vec![Location::builder()
                .physical_location(location((l.start, l.end)))
                .build()])
            .partial_fingerprints(fingerprints)
            .build();
        result.rule_index = RULES.iter().position(|r| r.code == d.code).map(to_i64);
        if !d.related.is_empty() {
            result.related_locations = Some(
                d.related
                    .iter()
                    .zip(l.related.iter())
                    .enumerate()
                    .filter_map(|(i, (r, at))| {
                        let at = at.as_ref()?;
                        let other = artifact(l.related_path(at));
                        let region = Region::builder()
                            .start_line(to_i64(at.start.line))
                            .start_column(to_i64(at.start.column))
                            .end_line(to_i64(at.end.line))
                            .end_column(to_i64(at.end.column))
                            .build();
                        let physical = PhysicalLocation::builder()
                            .artifact_location(other)
                            .region(region)
                            .build();
                        Some(
                            Location::builder()
                                .id(to_i64(i))
                                .physical_location(physical)
                                .message(Message::from(r.message.as_str()))
                                .build(),
                        )
                    })
                    .collect(),
            );
        }
        out.push(result);
    }
    out
}

fn to_i64(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn artifact(path: &str) -> ArtifactLocation {
    ArtifactLocation::builder().uri(uri(path)).build()
}

/// A path as a SARIF `uri`: a relative reference with forward slashes, or
/// a `file://` URI for an absolute path; bytes outside RFC 3986's
/// unreserved set (and `/`) are percent-encoded, so spaces, `%`, `#`, `?`,
/// `:` and non-ASCII letters all survive.
pub fn uri(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let mut rest = path.as_str();
    while let Some(stripped) = rest.strip_prefix("./") {
        rest = stripped.trim_start_matches('/');
    }
    let mut out = String::with_capacity(rest.len() + 8);
    let drive = cfg!(windows)
        && rest.len() >= 2
        && rest.as_bytes()[0].is_ascii_alphabetic()
        && rest.as_bytes()[1] == b':'
        && rest.as_bytes().get(2).is_none_or(|&b| b == b'/');
    if drive {
        // `C:/docs/a.md` → `file:///C:/docs/a.md`
        out.push_str("file:///");
        out.push_str(&rest[..2]);
        rest = &rest[2..];
    } else if rest.starts_with('/') {
        out.push_str("file://");
    }
    for &b in rest.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// The fingerprint of a finding, without its occurrence number: the
/// baselines' FNV-1a hash of the code, the path's URI, the label and the
/// finding's context (see [`crate::source::fingerprint::context`]), so it
/// survives lines moving.
fn fingerprint(code: &str, path: &str, label: Option<&str>, context: &str) -> u64 {
    crate::source::fingerprint::hash(code, &uri(path), label, context)
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::model::Span;
    use crate::report::sample::{self, diagnostic, file};

    fn parse(report: &Report) -> Value {
        serde_json::from_str(&render(report)).unwrap()
    }

    /// The sample, with the version and the rules' metadata (which change
    /// with every release and every rule's doc) redacted; the rules are
    /// checked in `has_the_required_structure`.
    #[test]
    fn sample() {
        let mut json = parse(&sample::sample());
        let driver = &mut json["runs"][0]["tool"]["driver"];
        driver["version"] = Value::from("[version]");
        driver["rules"] = Value::from("[every rule of the registry]");
        insta::assert_snapshot!(serde_json::to_string_pretty(&json).unwrap());
    }

    #[test]
    fn has_the_required_structure() {
        let json = parse(&sample::sample());
        assert_eq!(json["version"], "2.1.0");
        assert_eq!(json["$schema"], SCHEMA);
        let runs = json["runs"].as_array().unwrap();
        assert_eq!(runs.len(), 1);
        let run = &runs[0];
        let driver = &run["tool"]["driver"];
        assert_eq!(driver["name"], "ibid");
        assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
        let rules = driver["rules"].as_array().unwrap();
        assert_eq!(rules.len(), RULES.len());
        for (rule, meta) in rules.iter().zip(RULES) {
            assert_eq!(rule["id"], meta.code);
            assert_eq!(rule["shortDescription"]["text"], meta.summary());
            assert_eq!(rule["fullDescription"]["text"], meta.explanation());
            assert_eq!(
                rule["defaultConfiguration"]["level"],
                meta.severity.as_str()
            );
        }
        let results = run["results"].as_array().unwrap();
        assert_eq!(results.len(), 6);
        for result in results {
            let index = usize::try_from(result["ruleIndex"].as_u64().unwrap()).unwrap();
            assert_eq!(rules[index]["id"], result["ruleId"]);
            assert!(result["message"]["text"].is_string());
            let region = &result["locations"][0]["physicalLocation"]["region"];
            for key in ["startLine", "startColumn", "endLine", "endColumn"] {
                assert!(region[key].as_u64().unwrap() >= 1, "{key}");
            }
        }
        let levels: Vec<_> = results
            .iter()
            .map(|r| r["level"].as_str().unwrap())
            .collect();
        assert!(levels.contains(&"note") && levels.contains(&"warning"));
        assert_eq!(
            results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "docs/R%C3%A9sum%C3%A9%2C%20v2%3A%20notes.md"
        );
        let invocation = &run["invocations"][0];
        assert_eq!(invocation["executionSuccessful"], false);
        assert_eq!(
            invocation["toolExecutionNotifications"][0]["locations"][0]["physicalLocation"]
                ["artifactLocation"]["uri"],
            "missing/broken.txt"
        );

        let clean = parse(&Report::default());
        assert_eq!(
            clean["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        assert_eq!(clean["runs"][0]["results"], Value::Array(Vec::new()));
    }

    fn fingerprints(text: &str, needle: &str) -> Vec<String> {
        let diagnostics = text
            .match_indices(needle)
            .map(|(i, _)| {
                diagnostic(
                    "unresolved",
                    Severity::Error,
                    Span::new(i, i + needle.len()),
                    Some("4"),
                    "note marker [4] has no matching note",
                )
            })
            .collect();
        let report = Report {
            files: vec![file("a.txt", text, diagnostics)],
            failures: Vec::new(),
        };
        parse(&report)["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"][FINGERPRINT_KEY]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect()
    }

    #[test]
    fn fingerprints_survive_moved_lines_and_tell_repeats_apart() {
        let before = fingerprints("A claim.[4]\n", "[4]");
        let after = fingerprints("New intro.\n\n  A   claim.[4]\r\n", "[4]");
        assert_eq!(before, after);
        assert_eq!(before[0].len(), 16 + 2);
        // A different line, label or path changes it.
        assert_ne!(before, fingerprints("Another claim.[4]\n", "[4]"));
        // The same finding twice: the same hash, numbered.
        let twice = fingerprints("A claim.[4]\nA claim.[4]\n", "[4]");
        assert_eq!(twice[0], before[0]);
        assert_eq!(twice[1], before[0].replace(":1", ":2"));
        let hash = fingerprint("unresolved", "a.txt", Some("4"), "A claim.[4]");
        assert_ne!(
            hash,
            fingerprint("unresolved", "b.txt", Some("4"), "A claim.[4]")
        );
        assert_ne!(
            hash,
            fingerprint("unresolved", "a.txt", None, "A claim.[4]")
        );
        assert_ne!(
            hash,
            fingerprint("orphaned", "a.txt", Some("4"), "A claim.[4]")
        );
    }

    #[test]
    fn uris() {
        assert_eq!(uri("docs/a b%#?.md"), "docs/a%20b%25%23%3F.md");
        assert_eq!(uri("./docs/é.txt"), "docs/%C3%A9.txt");
        assert_eq!(uri("/home/me/a.txt"), "file:///home/me/a.txt");
        if cfg!(windows) {
            assert_eq!(uri("C:/me/a.txt"), "file:///C:/me/a.txt");
        } else {
            assert_eq!(uri("C:/me/a.txt"), "C%3A/me/a.txt");
        }
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
        assert_eq!(uri("a:b.txt"), "a%3Ab.txt");
    }
}
