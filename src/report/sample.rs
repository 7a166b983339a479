//! One shared report for the emitters' snapshot tests, and test helpers
//! they share.
//!
//! The sample has three checked files (one without findings, one with a
//! non-ASCII path holding a space, a comma and a colon), diagnostics of
//! every severity, related spans, a label with `%`, `:` and `,`, a message
//! with CR/LF in it, and one input that could not be read. Diagnostics are
//! built by hand so that the emitters' snapshots change only when an
//! emitter does, not when a rule's wording does; [`checked`] is the same
//! kind of report produced by the real pipeline.

use crate::diagnostic::{Diagnostic, Severity};
use crate::model::Span;
use crate::outcome::{Failure, FailureKind, FileReport, Report};
use crate::pipeline::check_bytes;

pub const ARTICLE: &str = "\
Intro claim.[1] Another claim.[4]
A photo (Image:, June 30, 2023) went missing.
Third claim.[2]

Notes

[1] First source.
[2] Second source.
[2] Second source.
[3] Nobody cites this.
";

pub const RESUME: &str = "\
Café culture[^café] thrives.[^x:y,%]

[^café]: Ça va.
[^vide]:
";

/// The `nth` (0-based) occurrence of `needle` in `text`.
pub fn at(text: &str, needle: &str, nth: usize) -> Span {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .map(|(i, _)| i)
        .unwrap_or_else(|| panic!("{needle:?} #{nth} not in the sample"));
    Span::new(start, start + needle.len())
}

pub fn diagnostic(
    code: &'static str,
    severity: Severity,
    span: Span,
    label: Option<&str>,
    message: &str,
) -> Diagnostic {
    Diagnostic::new(code, severity, span, label, message.to_owned())
}

/// A checked file whose diagnostics are replaced by `diagnostics`. It is
/// made by the real pipeline so that it has every field a report has.
pub fn file(path: &str, text: &str, diagnostics: Vec<Diagnostic>) -> FileReport {
    let dialect = crate::dialect::by_id(if path.ends_with(".md") {
        "markdown"
    } else {
        "plain"
    });
    let mut file = check_bytes(path.to_owned(), text.as_bytes(), dialect)
        .unwrap_or_else(|f| panic!("sample {path}: {}", f.message));
    file.diagnostics = diagnostics;
    let layout = crate::report::human::layout(crate::report::human::HumanOptions::default());
    crate::source::place(path, text, &mut file.diagnostics, Some(layout));
    file
}

/// The shared sample.
pub fn sample() -> Report {
    let t = ARTICLE;
    let mut unresolved = diagnostic(
        "unresolved",
        Severity::Error,
        at(t, "[4]", 0),
        Some("4"),
        "note marker [4] has no matching note",
    );
    unresolved
        .help("add `[4] …` to the notes section or remove the marker")
        .related(at(t, "Notes", 0), "notes section starts here");
    let residue = diagnostic(
        "link-residue",
        Severity::Warning,
        at(t, "(Image:, June 30, 2023)", 0),
        None,
        "a source name or link was stripped from `(Image:, June 30, 2023)`",
    );
    let mut duplicate = diagnostic(
        "duplicate",
        Severity::Error,
        at(t, "[2]", 2),
        Some("2"),
        "note [2] is defined twice (the bodies are identical)",
    );
    duplicate
        .help("remove one of the two definitions")
        .related(at(t, "[2]", 1), "first defined here");
    let mut orphaned = diagnostic(
        "orphaned",
        Severity::Error,
        at(t, "[3]", 0),
        Some("3"),
        "note [3] is never referenced",
    );
    orphaned.help("cite it with `[3]` in the text or remove it");
    let article = file(
        "docs/article.txt",
        t,
        vec![unresolved, residue, duplicate, orphaned],
    );

    let r = RESUME;
    let mut weird = diagnostic(
        "unresolved",
        Severity::Error,
        at(r, "[^x:y,%]", 0),
        Some("x:y,%"),
        "footnote [^x:y,%] has no matching definition; 100% of readers, too",
    );
    weird.related(at(r, "[^café]:", 0), "the only definition is [^café]");
    let empty = diagnostic(
        "empty-note",
        Severity::Note,
        at(r, "[^vide]:", 0),
        Some("vide"),
        "footnote [^vide] is empty:\r\nwrite its text\nor remove it",
    );
    let resume = file("docs/Résumé, v2: notes.md", r, vec![weird, empty]);

    let clean = file(
        "clean.txt",
        "A claim.[1]\n\nNotes\n\n[1] A source.\n",
        Vec::new(),
    );

    Report {
        files: vec![article, resume, clean],
        failures: vec![Failure::new(
            "missing/broken.txt",
            FailureKind::Decode,
            "not valid UTF-8 at byte 812 (line 3, column 5)",
        )],
    }
}

/// A report made by the real pipeline from real text.
pub fn checked() -> Report {
    let plain = crate::dialect::by_id("plain");
    let texts = [
        ("a.txt", ARTICLE),
        ("b.txt", "All fine.[1]\n\nNotes\n\n[1] A source.\n"),
        (
            "c.txt",
            "Claim.[1] Other.[2]\n\nNotes\n\n[1] , June 22, 2023.\n",
        ),
    ];
    let mut report = Report::default();
    for (path, text) in texts {
        match check_bytes(path.to_owned(), text.as_bytes(), plain) {
            Ok(file) => report.files.push(file),
            Err(failure) => report.failures.push(failure),
        }
    }
    report.failures.push(Failure::new(
        "d.txt",
        FailureKind::Decode,
        "looks like a binary file (NUL byte at byte 3); not checked",
    ));
    report
}

/// Checks that `xml` is well-formed XML 1.0 in the subset our JUnit
/// emitter writes (a declaration, elements, attributes in double quotes,
/// text, the five named entities and numeric character references), and
/// returns the element names in document order.
pub fn well_formed_xml(xml: &str) -> Result<Vec<String>, String> {
    fn valid_char(c: char) -> bool {
        matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}')
            || c >= '\u{10000}'
    }
    fn check_text(text: &str, attr: bool) -> Result<(), String> {
        if let Some(c) = text.chars().find(|&c| !valid_char(c)) {
            return Err(format!("invalid XML character {c:?}"));
        }
        if text.contains('<') || (attr && text.contains('"')) {
            return Err(format!("unescaped markup in {text:?}"));
        }
        let mut rest = text;
        while let Some(amp) = rest.find('&') {
            let end = rest[amp..]
                .find(';')
                .ok_or_else(|| format!("unterminated entity in {text:?}"))?;
            let entity = &rest[amp + 1..amp + end];
            let ok = matches!(entity, "amp" | "lt" | "gt" | "quot" | "apos")
                || entity
                    .strip_prefix("#x")
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32)
                    .is_some_and(valid_char);
            if !ok {
                return Err(format!("bad entity &{entity};"));
            }
            rest = &rest[amp + end + 1..];
        }
        Ok(())
    }
    let body = xml
        .strip_prefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>")
        .ok_or("no XML declaration")?;
    let mut stack: Vec<&str> = Vec::new();
    let mut names = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        let text = &rest[..open];
        if stack.is_empty() && !text.trim().is_empty() {
            return Err(format!("text outside the root: {text:?}"));
        }
        check_text(text, false)?;
        let close = rest[open..].find('>').ok_or("unterminated tag")? + open;
        let tag = &rest[open + 1..close];
        rest = &rest[close + 1..];
        if let Some(name) = tag.strip_prefix('/') {
            if stack.pop() != Some(name) {
                return Err(format!("mismatched </{name}>"));
            }
            continue;
        }
        let (tag, empty) = match tag.strip_suffix('/') {
            Some(tag) => (tag, true),
            None => (tag, false),
        };
        let name_end = tag.find(char::is_whitespace).unwrap_or(tag.len());
        let name = &tag[..name_end];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Err(format!("bad element name {name:?}"));
        }
        let mut attrs = tag[name_end..].trim_start();
        let mut seen = Vec::new();
        while !attrs.is_empty() {
            let eq = attrs
                .find("=\"")
                .ok_or_else(|| format!("bad attribute in <{tag}>"))?;
            let key = &attrs[..eq];
            if seen.contains(&key) {
                return Err(format!("duplicate attribute {key}"));
            }
            seen.push(key);
            let value_end = attrs[eq + 2..]
                .find('"')
                .ok_or_else(|| format!("unterminated attribute in <{tag}>"))?;
            check_text(&attrs[eq + 2..eq + 2 + value_end], true)?;
            attrs = attrs[eq + 2 + value_end + 1..].trim_start();
        }
        if stack.is_empty() {
            roots += 1;
        }
        names.push(name.to_owned());
        if !empty {
            stack.push(name);
        }
    }
    if !stack.is_empty() || !rest.trim().is_empty() || roots != 1 {
        return Err(format!("unclosed {stack:?} or {roots} roots"));
    }
    Ok(names)
}

#[test]
fn the_sample_is_what_its_doc_says() {
    use crate::report::located;
    let report = sample();
    let all = located(&report);
    assert_eq!(all.len(), 6);
    for severity in [Severity::Error, Severity::Warning, Severity::Note] {
        assert!(all.iter().any(|l| l.diagnostic.severity == severity));
    }
    let positions: Vec<_> = all
        .iter()
        .map(|l| (l.file.path.as_str(), l.start.line, l.start.column))
        .collect();
    assert_eq!(
        positions,
        [
            ("docs/Résumé, v2: notes.md", 1, 29),
            ("docs/Résumé, v2: notes.md", 4, 1),
            ("docs/article.txt", 1, 31),
            ("docs/article.txt", 2, 9),
            ("docs/article.txt", 9, 1),
            ("docs/article.txt", 10, 1),
        ]
    );
    assert!(well_formed_xml("<a>x</b>").is_err());
    assert!(well_formed_xml("<?xml version=\"1.0\" encoding=\"UTF-8\"?><a b=\"&bad;\"/>").is_err());
}

#[test]
fn every_emitter_renders_what_the_pipeline_finds() {
    use crate::report::{concise, github, json_lines, junit, located, sarif};
    let report = checked();
    let found = located(&report).len();
    assert!(found > 0, "the real sample has findings");
    let lines = |s: String| s.lines().count();
    // One line per finding and failure, plus the summary.
    assert_eq!(lines(concise::render(&report)), found + 2);
    assert_eq!(lines(github::render(&report)), found + 1);
    let jsonl = json_lines::render(&report);
    assert_eq!(lines(jsonl.clone()), found + 1);
    for line in jsonl.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
    let log: serde_json::Value = serde_json::from_str(&sarif::render(&report)).unwrap();
    assert_eq!(
        log["runs"][0]["results"].as_array().map(Vec::len),
        Some(found)
    );
    let names = well_formed_xml(&junit::render(&report)).unwrap();
    assert_eq!(names.iter().filter(|n| *n == "testcase").count(), 4);
}
