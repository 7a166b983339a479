//! Every document under tests/fixtures: `<rule>/` folders must produce
//! that rule's code, `plain/` documents must produce nothing. Human (no
//! colour, width 80) and JSON output are snapshot-tested.

use std::path::Path;

use ibid::check::check_bytes;
use ibid::report::human::{self, HumanOptions};
use ibid::report::json;
use ibid::rules::RULES;
use ibid::Report;

fn check_fixture(path: &Path) -> Report {
    let folder = path
        .parent()
        .and_then(Path::file_name)
        .and_then(|f| f.to_str())
        .unwrap_or_default();
    let name = path
        .file_name()
        .and_then(|f| f.to_str())
        .unwrap_or_default();
    let bytes = std::fs::read(path).expect("fixture is readable");
    let file = check_bytes(format!("{folder}/{name}"), &bytes, None).expect("fixture decodes");
    Report {
        files: vec![file],
        failures: Vec::new(),
    }
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.txt", |path| {
        let report = check_fixture(path);
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|f| f.to_str());
        let codes: Vec<&str> = report.files[0].diagnostics.iter().map(|d| d.code).collect();
        match folder {
            Some("plain") => assert!(codes.is_empty(), "{path:?} should be clean: {codes:?}"),
            Some(rule) => assert!(
                codes.contains(&rule),
                "{path:?} should produce {rule}: {codes:?}"
            ),
            None => unreachable!("fixtures live in folders"),
        }
        let options = HumanOptions {
            color: false,
            width: 80,
        };
        insta::assert_snapshot!("human", human::render(&report, options));
        insta::assert_snapshot!("json", json::render(&report));
    });
}

#[test]
fn every_rule_has_documentation_and_a_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in RULES {
        for section in ["## Why", "## Example", "## Fix", "```text"] {
            assert!(
                rule.doc.contains(section),
                "{}: doc lacks {section}",
                rule.code
            );
        }
        assert!(!rule.summary().is_empty(), "{}: no summary line", rule.code);
        let folder = root.join(rule.code);
        let count = std::fs::read_dir(&folder)
            .map(|d| {
                d.filter_map(Result::ok)
                    .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                    .count()
            })
            .unwrap_or(0);
        assert!(
            count > 0,
            "{}: no fixture in {}",
            rule.code,
            folder.display()
        );
    }
}

#[test]
fn every_fixture_folder_is_a_rule_or_a_dialect() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for entry in std::fs::read_dir(root).expect("fixtures folder") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let known = RULES.iter().any(|r| r.code == name) || ibid::dialect::by_id(&name).is_some();
        assert!(known, "tests/fixtures/{name} names no rule or dialect");
    }
}
