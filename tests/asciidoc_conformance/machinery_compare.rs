//! The harness's comparisons on made-up reports: what counts as added,
//! removed, met, moved, explained and extra, and how the table shows it.

use super::compare::{check_base, check_mutation, shifted_diff, Context};
use super::expect::Expected;
use super::shift::Shift;
use crate::conformance_corpus::{Lines, Place};
use crate::conformance_oracle::{Expectation, Explained, BASE};
use crate::conformance_run::{diff, finding, Finding, Report};

fn exp(code: &'static str, path: &str, line: usize, label: &str) -> Expectation {
    Expectation::made_up("Asciidoctor", code, path, line, label)
}

fn context<'a>(
    files: &'a [(String, Lines)],
    case: &'a str,
    explained: &'a [Explained],
) -> Context<'a> {
    Context {
        project: "p",
        case,
        files,
        atlas: Some("atlas.json"),
        explained,
    }
}

/// The comparison on made-up reports: each problem is found and shown.
pub fn comparison() {
    let adoc = vec![
        ("a.adoc".to_owned(), "asciidoc".to_owned()),
        ("b.adoc".to_owned(), "asciidoc".to_owned()),
    ];
    let files = vec![
        ("b.adoc".to_owned(), Lines::of("[[elsewhere]]\n== B\n")),
        (
            "a.adoc".to_owned(),
            Lines::of("== A\n\n.Block Title\n----\n----\n"),
        ),
    ];
    let expected = Expected {
        checks: vec![
            exp("undefined-ref", "a.adoc", 4, "x"),
            Expectation {
                related: Some(Place::new("b.adoc", 1)),
                ..exp("duplicate-label", "a.adoc", 9, "d")
            },
        ],
        placeholders: vec![exp("missing-file", "s/c.adoc", 2, "../code/a.py")],
        ..Expected::default()
    };
    let dup = Finding {
        related: vec![Place::new("b.adoc", 1)],
        ..finding("duplicate-label", "a.adoc", 9, "d")
    };
    let perfect = Report {
        findings: vec![
            finding("undefined-ref", "a.adoc", 4, "x"),
            dup.clone(),
            finding("missing-file", "s/c.adoc", 2, "code/a.py"),
        ],
        files: adoc.clone(),
        ..Report::default()
    };
    let ok = check_base(&context(&files, BASE, &[]), &expected, &perfect);
    assert!(ok.problems.is_empty(), "{:#?}", ok.problems);
    assert_eq!(
        (ok.met, ok.expected, ok.placeholders_met, ok.extra),
        (2, 2, 1, 0)
    );

    // Moved, wrong related, a placeholder not reported, an extra one whose
    // id another file defines, an explained one, a stale row, a failure.
    let explained: &[Explained] = &[
        ("p", BASE, "unresolved", "a.adoc", "n", "right"),
        ("p", BASE, "orphaned", "a.adoc", "gone", "stale"),
        ("p", "m", "unresolved", "a.adoc", "n", "another case's row"),
    ];
    let report = Report {
        status: 2,
        findings: vec![
            finding("undefined-ref", "a.adoc", 5, "x"),
            finding("duplicate-label", "a.adoc", 9, "d"),
            finding("undefined-ref", "a.adoc", 7, "elsewhere"),
            finding("unresolved", "a.adoc", 8, "n"),
            finding("undefined-ref", "a.adoc", 2, "Block Title"),
        ],
        failures: vec![("c.adoc".into(), "not valid UTF-8".into())],
        files: adoc.clone(),
        stderr: String::new(),
    };
    let out = check_base(&context(&files, BASE, explained), &expected, &report);
    let p = out.problems.join("\n");
    assert_eq!(out.problems.len(), 3, "{p}");
    assert!(p.contains("5 of 6 rows disagree"), "{p}");
    assert!(
        p.contains("line 3 of this file has the title `Block Title`"),
        "{p}"
    );
    for row in [
        "MOVED      undefined-ref    x          a.adoc:4",
        "RELATED    duplicate-label  d          a.adoc:9 (related b.adoc:1)  a.adoc:9",
        "MISSING    missing-file     ../code/a.py  s/c.adoc:2",
        "EXTRA      undefined-ref    elsewhere",
        "explained  unresolved       n",
    ] {
        let squeezed = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(squeezed(&p).contains(&squeezed(row)), "{row}\n{p}");
    }
    assert!(p.contains("`elsewhere` is defined at b.adoc:1: is that file in this unit? (atlas.json lists the book's members)"), "{p}");
    assert!(p.contains("EXPLAINED lists orphaned `gone`"), "{p}");
    assert!(p.contains("failures[]: c.adoc: not valid UTF-8"), "{p}");
    assert_eq!(
        (out.met, out.extra, out.explained, out.placeholders_met),
        (0, 2, 1, 0)
    );
    let p = check_base(&context(&files, BASE, &[]), &expected, &Report::default()).problems;
    assert!(p[0].contains("ibid read no file as `asciidoc`"), "{p:#?}");
    let half = Report {
        files: adoc[..1].to_vec(),
        ..perfect
    };
    let p = check_base(&context(&files, BASE, &[]), &expected, &half).problems;
    assert_eq!(p.len(), 1, "{p:#?}");
    assert!(
        p[0].contains("did not read 1 of the book's 2 AsciiDoc files") && p[0].contains("b.adoc"),
        "{p:#?}"
    );

    // A mutation: the patch inserts a line 3 and deletes old line 8.
    let shift =
        Shift::parse("+++ b/a.adoc\n@@ -2,0 +3 @@\n+new\n@@ -8 +8,0 @@\n-[[k]]\n").expect("patch");
    assert_eq!(
        (shift.line("a.adoc", 2), shift.line("a.adoc", 3)),
        (Some(2), Some(4))
    );
    assert_eq!(
        (shift.line("a.adoc", 8), shift.line("a.adoc", 9)),
        (None, Some(9))
    );
    let base = vec![
        finding("undefined-ref", "a.adoc", 5, "moved"),
        finding("undefined-ref", "a.adoc", 6, "jumped"),
        finding("duplicate-label", "a.adoc", 8, "k"),
        finding("unresolved", "a.adoc", 20, "same"),
    ];
    let mutated = vec![
        finding("undefined-ref", "a.adoc", 6, "moved"),
        finding("undefined-ref", "a.adoc", 9, "jumped"),
        finding("undefined-ref", "a.adoc", 3, "new"),
        finding("unresolved", "a.adoc", 20, "same"),
    ];
    let (added, removed) = shifted_diff(&base, &mutated, &shift);
    assert_eq!(added, vec![&mutated[1], &mutated[2]]);
    assert_eq!(removed, vec![&base[1], &base[2]]);
    // The line-insensitive difference of the other suites would take the
    // jump for a move; renumbering by the patch does not.
    assert_eq!(diff(&base, &mutated).0, vec![&mutated[2]]);
    let m_expected = Expected {
        checks: vec![exp("undefined-ref", "a.adoc", 3, "new")],
        ..Expected::default()
    };
    let base_report = Report {
        findings: base.clone(),
        ..Report::default()
    };
    let mutated_report = Report {
        findings: mutated.clone(),
        failures: vec![("a.adoc".into(), "cannot read".into())],
        ..Report::default()
    };
    let p = check_mutation(
        &context(&files, "m", &[]),
        &m_expected,
        &base_report,
        &mutated_report,
        &shift,
    );
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(
        p[0].contains("1 of 2 rows disagree") && p[0].contains("jumped"),
        "{p:#?}"
    );
    assert!(p[1].contains("disappeared") && p[1].contains("duplicate-label a.adoc:8:1 k"));
    assert!(p[2].contains("new failures[] entry: a.adoc: cannot read"));
    let fine = Report {
        findings: vec![
            finding("undefined-ref", "a.adoc", 6, "moved"),
            finding("undefined-ref", "a.adoc", 7, "jumped"),
            finding("undefined-ref", "a.adoc", 3, "new"),
            finding("unresolved", "a.adoc", 20, "same"),
        ],
        ..Report::default()
    };
    let kept = Report {
        findings: vec![base[0].clone(), base[1].clone(), base[3].clone()],
        ..Report::default()
    };
    let p = check_mutation(
        &context(&files, "m", &[]),
        &m_expected,
        &kept,
        &fine,
        &shift,
    );
    assert!(p.is_empty(), "{p:#?}");
    let missing = Report {
        findings: fine.findings[..2].to_vec(),
        ..Report::default()
    };
    let p = check_mutation(
        &context(&files, "m", &[]),
        &m_expected,
        &kept,
        &missing,
        &shift,
    );
    assert!(p.iter().any(|p| p.contains("MISSING")), "{p:#?}");
}
