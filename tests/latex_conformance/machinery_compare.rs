//! The harness's comparisons on made-up reports: what counts as added,
//! removed, expected, explained, and how each problem is worded.

use std::collections::BTreeSet;

use super::compare::{check, check_base, check_mutation};
use super::expect::{Expectation, Expected, Rule};
use crate::conformance_corpus::Place;
use crate::conformance_run::{diff, finding, Finding, Report};

fn places(items: &[(&str, usize)]) -> BTreeSet<Place> {
    items.iter().map(|(p, l)| Place::new(p, *l)).collect()
}

pub fn comparison() {
    // Line-insensitive difference: A moved, C is new, D disappeared.
    let base = vec![
        finding("x", "a.tex", 3, "A"),
        finding("x", "a.tex", 10, "B"),
        finding("y", "b.tex", 1, "D"),
    ];
    let mutated = vec![
        finding("x", "a.tex", 5, "A"),
        finding("x", "a.tex", 10, "B"),
        finding("x", "a.tex", 7, "C"),
    ];
    let (added, removed) = diff(&base, &mutated);
    assert_eq!(added, vec![&mutated[2]]);
    assert_eq!(removed, vec![&base[2]]);

    let places_rule = Expectation {
        code: "undefined-ref",
        label: "fig:x".into(),
        rule: Rule::Places(places(&[("a.tex", 4), ("a.tex", 8)])),
        because: "LaTeX: reference undefined".into(),
    };
    let (f4, f6, f8) = (
        finding("undefined-ref", "a.tex", 4, "fig:x"),
        finding("undefined-ref", "a.tex", 6, "fig:x"),
        finding("undefined-ref", "a.tex", 8, "fig:x"),
    );
    assert!(
        check(&places_rule, &[&f4, &f8, &f8]).is_empty(),
        "a set, not a multiset"
    );
    let p = check(&places_rule, &[&f4, &f6]).join("\n");
    assert!(
        p.contains("not reported at: a.tex:8")
            && p.contains("reported where the tools did not:\n      undefined-ref a.tex:6:1 fig:x"),
        "{p}"
    );

    let dup = Expectation {
        code: "duplicate-label",
        label: "l".into(),
        rule: Rule::Duplicate {
            copies: places(&[("a.tex", 2), ("b.tex", 9)]),
            at: None,
        },
        because: "LaTeX: label multiply defined".into(),
    };
    let mut at_a = finding("duplicate-label", "a.tex", 2, "l");
    assert!(check(&dup, &[&at_a])[0].contains("b.tex:9 is neither"));
    at_a.related = vec![Place::new("b.tex", 9)];
    assert!(check(&dup, &[&at_a]).is_empty());
    assert!(check(&dup, &[&at_a, &at_a])[0].contains("ibid reported 2"));

    // A mutation: the expected finding, a stray one, one gone, a failure.
    let expected = Expected {
        checks: vec![places_rule.clone()],
        ..Expected::default()
    };
    let base = Report {
        findings: vec![finding("orphaned", "n.tex", 1, "q")],
        ..Report::default()
    };
    let mutated = Report {
        findings: vec![
            f4.clone(),
            f8.clone(),
            finding("unknown-citation", "a.tex", 2, "k"),
        ],
        failures: vec![("a.tex".into(), "cannot read".into())],
        ..Report::default()
    };
    let p = check_mutation(&expected, &base, &mutated);
    assert_eq!(p.len(), 3, "{p:#?}");
    assert!(
        p[0].contains("not the injected defect") && p[0].contains("unknown-citation a.tex:2:1 k")
    );
    assert!(p[1].contains("disappeared") && p[1].contains("orphaned n.tex:1:1 q"));
    assert!(p[2].contains("new failures[] entry: a.tex: cannot read"));
    let same = Report {
        findings: vec![f8.clone(), f4.clone(), base.findings[0].clone()],
        ..Report::default()
    };
    assert!(check_mutation(&expected, &base, &same).is_empty());

    // A base run: no LaTeX read, unexplained and explained findings, a
    // stale EXPLAINED row, missing unused entries, a failure.
    let explained = [
        ("p", "unused-entry", "main.tex", "J", "why"),
        ("p", "orphaned", "main.tex", "gone", "why"),
        ("other", "orphaned", "x.tex", "y", "another project's row"),
    ];
    let expected = Expected {
        unused: Some(
            [
                ("a".to_owned(), "A".to_owned()),
                ("b".to_owned(), "B".to_owned()),
            ]
            .into(),
        ),
        ..Expected::default()
    };
    let report = Report {
        status: 2,
        findings: vec![
            finding("unused-entry", "r.bib", 3, "a"),
            finding("unused-entry", "main.tex", 9, "J"),
            finding("unused-entry", "r.bib", 5, "C"),
        ],
        failures: vec![("x.tex".into(), "not valid UTF-8".into())],
        files: vec![("main.tex".into(), "plain".into())],
        stderr: String::new(),
    };
    let (p, accounted) = check_base("p", "main.tex", &expected, &report, &explained, &[]);
    assert_eq!(accounted, 1);
    assert_eq!(p.len(), 5, "{p:#?}");
    assert!(p[0].contains("ibid read no file as `latex`"));
    assert!(p[1].contains("1 of the 2 entries") && p[1].contains(": B"));
    assert!(p[2].contains("1 finding(s)") && p[2].contains("unused-entry r.bib:5:1 C"));
    assert!(p[3].contains("EXPLAINED lists orphaned `gone`"));
    assert!(p[4].contains("failures[]: x.tex: not valid UTF-8"));
}

/// The report a perfect ibid would give: every expectation met (the
/// machinery proves the harness passes it, so a failure blames ibid).
pub fn perfect(expected: &Expected, main: &str) -> Report {
    let finding = |code: &str, place: &Place, label: &str, related: Vec<Place>| Finding {
        related,
        ..finding(code, &place.path, place.line, label)
    };
    let mut findings = Vec::new();
    for e in &expected.checks {
        match &e.rule {
            Rule::Places(at) => {
                findings.extend(at.iter().map(|p| finding(e.code, p, &e.label, Vec::new())));
            }
            Rule::One {
                path,
                line,
                related,
            } => findings.push(finding(
                e.code,
                &Place::new(path, line.unwrap_or(1)),
                &e.label,
                related.iter().cloned().collect(),
            )),
            Rule::Duplicate { copies, at } => {
                let Some(here) = at.as_ref().or(copies.last()) else {
                    continue;
                };
                let others = copies.iter().filter(|c| *c != here).cloned().collect();
                findings.push(finding(e.code, here, &e.label, others));
            }
        }
    }
    for written in expected.unused.iter().flat_map(|u| u.values()) {
        findings.push(finding(
            "unused-entry",
            &Place::new("refs.bib", 1),
            written,
            Vec::new(),
        ));
    }
    Report {
        findings,
        files: vec![(main.to_owned(), "latex".to_owned())],
        ..Report::default()
    }
}
