//! Every document under tests/fixtures: `<rule>/` folders must produce
//! that rule's code, `plain/` documents must produce nothing. Human (no
//! colour, width 80) and JSON output are snapshot-tested.

use std::path::Path;

use ibid::report::human::{self, HumanOptions};
use ibid::report::json;
use ibid::Report;
use ibid::RULES;
use ibid::{check_inputs, Input, Options};

/// No colour, 80 columns.
const HUMAN: HumanOptions = HumanOptions {
    color: false,
    width: 80,
};

/// Check one fixture document the way the command line does (so the
/// citation stage loads the bibliographies it names).
fn check_fixture(path: &Path) -> Report {
    let mut options = Options::default();
    options.excerpts = Some(human::layout(HUMAN));
    // A folder's `ibid.toml` (rules that are off by default, such as
    // unused-label, are enabled there).
    let config = path.with_file_name("ibid.toml");
    if config.is_file() {
        let loaded = ibid::config::load(&config).unwrap_or_else(|e| panic!("{e}"));
        options.config = Some(std::sync::Arc::new(loaded));
    }
    let report = check_inputs(vec![Input::Path(path.to_owned())], &options);
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    report
}

/// Output with paths shown relative to tests/fixtures.
fn relative(output: String) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    output.replace(&format!("{}/", root.display()), "")
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.{txt,md,qmd,Rmd,tex,rst,adoc,wiki}", |path| {
        let report = check_fixture(path);
        let folder = path
            .parent()
            .and_then(Path::file_name)
            .and_then(|f| f.to_str());
        let codes: Vec<&str> = report
            .files
            .iter()
            .flat_map(|f| &f.diagnostics)
            .map(|d| d.code)
            .collect();
        match folder {
            Some(rule) if ibid::internals::dialect::by_id(rule).is_some() => {
                assert!(codes.is_empty(), "{path:?} should be clean: {codes:?}");
            }
            Some(rule) => assert!(
                codes.contains(&rule),
                "{path:?} should produce {rule}: {codes:?}"
            ),
            None => unreachable!("fixtures live in folders"),
        }
        insta::assert_snapshot!("human", relative(human::render(&report, HUMAN)));
        insta::assert_snapshot!("json", relative(json::render(&report)));
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
                    .filter(|e| {
                        e.path()
                            .extension()
                            .is_some_and(|x| x == "txt" || x == "md" || x == "tex" || x == "wiki")
                    })
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
        // `projects/` holds whole projects, checked by tests/projects.rs.
        let known = RULES.iter().any(|r| r.code == name)
            || ibid::internals::dialect::by_id(&name).is_some()
            || name == "projects";
        assert!(known, "tests/fixtures/{name} names no rule or dialect");
    }
}
