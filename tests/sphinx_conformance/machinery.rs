//! The harness's own checks: the corpus has the shape the harness reads,
//! oracle lines become the right places, the comparison finds every kind
//! of problem (a test that cannot fail is not a test), and a perfect ibid
//! passes every case of the corpus.

use std::collections::BTreeSet;

use super::compare::{check_base, check_mutation, label_matches, Silent};
use super::corpus::{project_ids, Project};
use super::expect::{
    self, classify, definition_line, locate, needle, other_instance, Class, Expected,
};
use super::run;
use crate::conformance_corpus::{assert_projects_listed, Lines, Place};
use crate::conformance_oracle::{perfect, placed, want, Expectation, Explained, Warning};
use crate::conformance_run::{diff, finding, Finding, Report, Scratch};

/// The harness's list of projects is the index's; every mutation has its
/// three files; every oracle kind is mapped or skipped.
pub fn corpus_shape() {
    let ids = project_ids();
    assert_projects_listed(&ids, super::PROJECTS);
    let mut total = 0;
    let mut kinds = BTreeSet::new();
    for id in &ids {
        let p = Project::load(id);
        assert!(p.src().join("conf.py").is_file(), "{id}: no src/conf.py");
        for m in &p.mutations {
            m.assert_named(id);
            assert!(!m.oracle.is_empty(), "{id}/{}: empty oracle", m.id);
            kinds.extend(m.oracle.iter().map(|w| w.kind.clone()));
        }
        kinds.extend(p.warnings.iter().map(|w| w.kind.clone()));
        total += p.mutations.len();
    }
    assert_eq!(total, super::MUTATIONS, "mutations in the corpus");
    for kind in kinds {
        let w = warning(&kind, None, None, Some("k"), "");
        assert_ne!(classify(&w), Class::Unknown, "oracle kind `{kind}`");
    }
}

fn warning(
    kind: &str,
    file: Option<&str>,
    line: Option<usize>,
    key: Option<&str>,
    message: &str,
) -> Warning {
    Warning {
        file: file.map(str::to_owned),
        line,
        kind: kind.to_owned(),
        key: key.map(str::to_owned),
        message: message.to_owned(),
    }
}

/// The line rule and the kind mapping on made-up text.
pub fn line_rule() {
    let text = Lines::of(
        "Intro [1]_ and\n\
         more [1]_ [1]_ and a `Long\n\
         Name`_ here.\n\
         \n\
         After [1]_.\n\
         .. _label:\n\
         \n\
         Title\n\
         =====\n",
    );
    assert_eq!(locate(&text, 1, "[1]_", 0), Some(1));
    assert_eq!(locate(&text, 1, "[1]_", 1), Some(2));
    assert_eq!(locate(&text, 1, "[1]_", 2), Some(2));
    assert_eq!(locate(&text, 1, "[1]_", 3), None, "the paragraph ends");
    assert_eq!(locate(&text, 2, "long name", 0), Some(2), "a wrapped name");
    assert_eq!(locate(&text, 1, "NAME`_", 0), Some(3), "case-insensitive");
    assert_eq!(locate(&text, 5, "[1]_", 0), Some(5));
    assert_eq!(
        definition_line(&text, 8, "duplicate_label", "Label"),
        Some(6)
    );
    assert_eq!(
        definition_line(&text, 1, "duplicate_label", "label"),
        Some(6)
    );
    assert_eq!(
        definition_line(&text, 8, "duplicate_citation", "label"),
        None
    );
    assert_eq!(
        other_instance("duplicate label x, other instance in a/b.rst"),
        Some("a/b.rst".to_owned())
    );

    let code = |kind: &str, key: &str| match classify(&warning(kind, None, None, Some(key), "")) {
        Class::Mapped { code, .. } => code,
        other => panic!("{kind}: {other:?}"),
    };
    assert_eq!(code("unknown_target", "5"), "unresolved");
    assert_eq!(code("unknown_target", "#x"), "unresolved");
    assert_eq!(code("unknown_target", "Python site"), "undefined-ref");
    assert_eq!(code("citation_not_found", "X"), "unresolved");
    assert_eq!(code("duplicate_citation", "X"), "duplicate");
    assert_eq!(code("footnote_not_referenced", "#"), "orphaned");
    let sub = warning(
        "other",
        None,
        None,
        None,
        "Undefined substitution referenced: \"p q\".",
    );
    assert_eq!(
        classify(&sub),
        Class::Mapped {
            code: "undefined-ref",
            label: "p q".into()
        }
    );
    assert!(matches!(
        classify(&warning("py_ref_not_found", None, None, None, "")),
        Class::Skipped(_)
    ));
    assert_eq!(needle("footnote_not_referenced", "orphaned", "#"), "[#");
    assert_eq!(needle("unknown_target", "unresolved", "5"), "[5]_");
    assert_eq!(needle("other", "undefined-ref", "P"), "|p|");
    assert!(label_matches("#", "#ibid-unused") && label_matches("A  b", "a b"));
    assert!(!label_matches("#x", "#y") && !label_matches("1", "#1"));
}

/// Oracle warnings become places in a made-up project.
pub fn expectations() {
    let scratch = Scratch::new("machinery-expectations");
    let dir = scratch.dir("p");
    let src = dir.join("src");
    std::fs::create_dir_all(&src).expect("scratch src");
    let a =
        "Title\n=====\n\nSee :ref:`Target\n<gone>` and [5]_ and |sub| text\nand [5]_ again.\n\n\
             .. _dup:\n\nSection\n-------\n\n.. [4] unused\n.. [#] auto\n";
    std::fs::write(src.join("a.rst"), a).expect("a.rst");
    std::fs::write(src.join("b.rst"), "Intro\n\n.. _dup:\n\nOther\n-----\n").expect("b.rst");
    let at = |kind: &str, line: usize, key: Option<&str>, message: &str| {
        warning(kind, Some("a.rst"), Some(line), key, message)
    };
    let warnings = vec![
        at("undefined_label", 4, Some("gone"), ""),
        at("unknown_target", 4, Some("5"), ""),
        at("unknown_target", 4, Some("5"), ""),
        at(
            "other",
            4,
            None,
            "Undefined substitution referenced: \"sub\".",
        ),
        at(
            "duplicate_label",
            10,
            Some("dup"),
            "duplicate label dup, other instance in b.rst",
        ),
        at("footnote_not_referenced", 13, Some("4"), ""),
        at("footnote_not_referenced", 14, Some("#"), ""),
        at("py_ref_not_found", 4, Some("m.f"), ""),
        at("undefined_label", 4, Some("rtd:x"), ""),
        at("undefined_label", 4, Some("nowhere"), ""),
        at("new_kind", 1, Some("k"), ""),
        warning("undefined_label", None, None, Some("k"), ""),
    ];
    let project = Project {
        id: "p".into(),
        dir,
        warnings,
        mutations: Vec::new(),
    };
    let silent: &[Silent] = &[
        (
            "q",
            "undefined-ref",
            "a.rst",
            "rtd:x",
            "another project's row",
        ),
        ("p", "undefined-ref", "a.rst", "RTD:X", "offline"),
    ];
    let out = expect::for_base(&project, silent);
    let got: Vec<_> = out.checks.iter().map(placed).collect();
    assert_eq!(
        got,
        vec![
            want("undefined-ref", "gone", "a.rst:5", None),
            want("unresolved", "5", "a.rst:5", None),
            want("unresolved", "5", "a.rst:6", None),
            want("undefined-ref", "sub", "a.rst:5", None),
            want("duplicate-label", "dup", "a.rst:8", Some("b.rst:3")),
            want("orphaned", "4", "a.rst:13", None),
            want("orphaned", "#", "a.rst:14", None),
            want("undefined-ref", "nowhere", "a.rst:4", None),
        ]
    );
    assert_eq!(out.silenced, vec![1]);
    assert_eq!(out.notes.len(), 1, "{:#?}", out.notes);
    assert!(out.notes[0].contains("`nowhere` (occurrence 1) not found"));
    assert_eq!(out.problems.len(), 2, "{:#?}", out.problems);
    assert!(out.problems[0].contains("oracle kind `new_kind`"));
    assert!(out.problems[1].contains("without file or line"));

    // The oracle's delta is line-insensitive: a shifted warning cancels.
    let base = [
        at("unknown_target", 9, Some("x"), ""),
        at("other", 1, None, "m"),
    ];
    let mutated = [
        at("unknown_target", 8, Some("x"), ""),
        at("unknown_target", 3, Some("x"), ""),
        at("other", 1, None, "m"),
    ];
    let (added, removed) = expect::delta(&base, &mutated);
    assert_eq!(added, vec![&mutated[1]]);
    assert!(removed.is_empty());
}

fn exp(code: &'static str, path: &str, line: usize, label: &str) -> Expectation {
    Expectation::made_up("sphinx-build", code, path, line, label)
}

/// The comparison on made-up reports: each problem is found and worded.
pub fn comparison() {
    let rst = vec![("a.rst".to_owned(), "rst".to_owned())];
    let expected = Expected {
        checks: vec![
            exp("undefined-ref", "a.rst", 4, "x"),
            exp("orphaned", "a.rst", 9, "#"),
        ],
        ..Expected::default()
    };
    let perfect = Report {
        findings: vec![
            finding("undefined-ref", "a.rst", 4, "X"),
            finding("orphaned", "a.rst", 9, "#note"),
        ],
        files: rst.clone(),
        ..Report::default()
    };
    let ok = check_base("p", &expected, &perfect, &[], &[]);
    assert!(ok.problems.is_empty(), "{:#?}", ok.problems);
    assert_eq!((ok.met, ok.expected, ok.extra), (2, 2, 0));

    // One expected finding missing, one at the wrong line, one extra, one
    // silent reported, a stale EXPLAINED row and a failure.
    let silent: &[Silent] = &[("p", "undefined-ref", "a.rst", "rtd:x", "offline")];
    let explained: &[Explained] = &[
        ("p", "base", "orphaned", "b.rst", "q", "right"),
        ("p", "base", "orphaned", "a.rst", "gone", "stale"),
    ];
    let report = Report {
        status: 2,
        findings: vec![
            finding("undefined-ref", "a.rst", 5, "x"),
            finding("unresolved", "a.rst", 7, "5"),
            finding("undefined-ref", "a.rst", 12, "rtd:x"),
            finding("orphaned", "b.rst", 1, "q"),
        ],
        failures: vec![("c.rst".into(), "not valid UTF-8".into())],
        files: rst.clone(),
        stderr: String::new(),
    };
    let mut with_silent = Expected {
        checks: expected.checks.clone(),
        silenced: vec![0],
        ..Expected::default()
    };
    let out = check_base("p", &with_silent, &report, silent, explained);
    let p = out.problems.join("\n");
    assert_eq!(out.problems.len(), 6, "{p}");
    assert!(p.contains("undefined-ref `x` (sphinx-build: made up): expected at a.rst:4; ibid reported it at a.rst:5"), "{p}");
    assert!(
        p.contains("orphaned `#` (sphinx-build: made up): not reported; expected at a.rst:9"),
        "{p}"
    );
    assert!(
        p.contains("must not:\n      undefined-ref a.rst:12:1 rtd:x"),
        "{p}"
    );
    assert!(
        p.contains("1 finding(s) that no oracle warning accounts for")
            && p.contains("unresolved a.rst:7:1 5"),
        "{p}"
    );
    assert!(p.contains("EXPLAINED lists orphaned `gone`"), "{p}");
    assert!(p.contains("failures[]: c.rst: not valid UTF-8"), "{p}");
    assert_eq!((out.met, out.extra, out.explained), (0, 2, 1));
    with_silent.silenced.clear();
    let p = check_base("p", &with_silent, &perfect, silent, &[]).problems;
    assert!(
        p.iter()
            .any(|p| p.contains("SILENT lists undefined-ref `rtd:x`")),
        "{p:#?}"
    );
    let p = check_base("p", &expected, &Report::default(), &[], &[]).problems;
    assert!(p[0].contains("ibid read no file as `rst`"), "{p:#?}");

    // Duplicates: `related` must name the other copy.
    let dup = Expected {
        checks: vec![Expectation {
            related: Some(Place::new("a.rst", 3)),
            ..exp("duplicate-label", "b.rst", 1, "l")
        }],
        ..Expected::default()
    };
    let mut at_b = finding("duplicate-label", "b.rst", 1, "l");
    let run_dup = |f: &Finding| {
        let r = Report {
            findings: vec![f.clone()],
            files: rst.clone(),
            ..Report::default()
        };
        check_base("p", &dup, &r, &[], &[]).problems
    };
    assert!(run_dup(&at_b)[0].contains("`related` should name the other copy, a.rst:3"));
    at_b.related = vec![Place::new("a.rst", 3)];
    assert!(run_dup(&at_b).is_empty());

    // A mutation: lines shift, the expected one is added, a stray one is
    // added, one disappears, a failure is new.
    let base = vec![
        finding("orphaned", "a.rst", 3, "4"),
        finding("orphaned", "a.rst", 8, "6"),
    ];
    let mutated = vec![
        finding("orphaned", "a.rst", 4, "4"),
        finding("undefined-ref", "a.rst", 5, "gone-target"),
        finding("unresolved", "a.rst", 6, "1"),
    ];
    let (added, removed) = diff(&base, &mutated);
    assert_eq!(added, vec![&mutated[1], &mutated[2]]);
    assert_eq!(removed, vec![&base[1]]);
    let m_expected = Expected {
        checks: vec![exp("undefined-ref", "a.rst", 5, "gone-target")],
        ..Expected::default()
    };
    let base_report = Report {
        findings: base.clone(),
        ..Report::default()
    };
    let mutation = |report: &Report, explained: &[Explained]| {
        check_mutation("p", "m", &m_expected, &base_report, report, &[], explained)
    };
    let mutated_report = Report {
        findings: mutated.clone(),
        failures: vec![("a.rst".into(), "cannot read".into())],
        ..Report::default()
    };
    let p = mutation(&mutated_report, &[]);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(p[0].contains("not the injected defect") && p[0].contains("unresolved a.rst:6:1 1"));
    assert!(p[1].contains("disappeared") && p[1].contains("orphaned a.rst:8:1 6"));
    assert!(p[2].contains("new failures[] entry: a.rst: cannot read"));
    let explained: &[Explained] = &[("p", "m", "unresolved", "a.rst", "1", "right")];
    let fine = Report {
        findings: vec![
            base[1].clone(),
            mutated[0].clone(),
            mutated[1].clone(),
            mutated[2].clone(),
        ],
        ..Report::default()
    };
    let p = mutation(&fine, explained);
    assert!(p.is_empty(), "{p:#?}");
    // The same report missing the injected finding fails.
    let missing = Report {
        findings: vec![base[1].clone(), mutated[0].clone(), mutated[2].clone()],
        ..Report::default()
    };
    let p = mutation(&missing, explained);
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(p[0].contains("undefined-ref `gone-target`") && p[0].contains("not reported"));
}

/// Every patch applies to a scratch copy; the expectations of every case
/// are readable; and a perfect ibid passes every case.
pub fn patches() {
    let mut problems = Vec::new();
    for id in project_ids() {
        let project = Project::load(&id);
        let scratch = Scratch::new(&format!("machinery-{id}"));
        let expected = expect::for_base(&project, super::SILENT);
        let base = Report {
            findings: perfect(&expected.checks),
            files: vec![("index.rst".to_owned(), "rst".to_owned())],
            ..Report::default()
        };
        let out = check_base(&id, &expected, &base, super::SILENT, &[]);
        problems.extend(out.problems.iter().map(|p| format!("{id} base: {p}")));
        for m in &project.mutations {
            let dir = scratch.copy(&m.id, &project.src());
            if let Err(e) = run::apply_patch(&dir, &m.patch) {
                problems.push(format!("{id}/{}: {e}", m.id));
                continue;
            }
            let expected = expect::for_mutation(&project, m, &dir, super::SILENT);
            let mut findings = base.findings.clone();
            findings.extend(perfect(&expected.checks));
            let mutated = Report {
                findings,
                ..Report::default()
            };
            let p = check_mutation(&id, &m.id, &expected, &base, &mutated, super::SILENT, &[]);
            problems.extend(p.iter().map(|p| format!("{id}/{}: {p}", m.id)));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
