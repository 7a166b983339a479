//! ibid's findings against the expectations: every problem is collected
//! (never the first only) and worded to say what ibid should have done.

use std::collections::{BTreeMap, BTreeSet};

use super::expect::{Expectation, Expected, Rule};
use crate::conformance_corpus::{list, Place};
use crate::conformance_run::{diff, findings, removed_and_new_failures, Finding, Report};

/// `(project, code, path, label, why)`: a base finding that no oracle
/// checks and that is right.
pub type Explained = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// `(project, path, message fragment, why)`: a base `failures[]` entry
/// that is right.
pub type ExplainedFailure = (&'static str, &'static str, &'static str, &'static str);

/// At most this many items of a list of missing expected labels are
/// printed (unexpected findings are always printed in full).
const SHOWN: usize = 60;

fn capped(items: &[String]) -> String {
    if items.len() <= SHOWN {
        return list(items);
    }
    format!(
        "{} … and {} more",
        list(&items[..SHOWN]),
        items.len() - SHOWN
    )
}

// ---------------------------------------------------------------------------
// One expectation

/// Checks `found`, the findings with the expectation's code and label.
pub fn check(exp: &Expectation, found: &[&Finding]) -> Vec<String> {
    let head = format!("{} `{}` ({})", exp.code, exp.label, exp.because);
    let mut problems = Vec::new();
    match &exp.rule {
        Rule::Places(want) => {
            let got: BTreeSet<Place> = found.iter().map(|f| f.place.clone()).collect();
            if got.is_empty() {
                problems.push(format!("{head}: not reported; expected at {}", list(want)));
            } else if &got != want {
                let missing: Vec<&Place> = want.difference(&got).collect();
                let extra: Vec<&Finding> = found
                    .iter()
                    .copied()
                    .filter(|f| !want.contains(&f.place))
                    .collect();
                let mut p = format!("{head}: expected at {}", list(want));
                if !missing.is_empty() {
                    p.push_str(&format!("\n    not reported at: {}", list(missing)));
                }
                if !extra.is_empty() {
                    p.push_str(&format!(
                        "\n    reported where the tools did not:{}",
                        findings(extra)
                    ));
                }
                problems.push(p);
            }
        }
        Rule::One {
            path,
            line,
            related,
        } => {
            let at = match line {
                Some(n) => Place::new(path, *n).to_string(),
                None => path.clone(),
            };
            let [f] = found else {
                problems.push(format!(
                    "{head}: expected exactly one finding, at {at}; ibid reported {}{}",
                    found.len(),
                    findings(found.iter().copied())
                ));
                return problems;
            };
            if f.place.path != *path || line.is_some_and(|n| n != f.place.line) {
                problems.push(format!(
                    "{head}: expected at {at}; ibid reported it at {}{}",
                    f.place,
                    findings([*f])
                ));
            }
            if let Some(first) = related {
                if !f.related.contains(first) {
                    problems.push(format!(
                        "{head}: `related` should point at the first copy, {first}; it has {}{}",
                        list(&f.related),
                        findings([*f])
                    ));
                }
            }
        }
        Rule::Duplicate { copies, at } => {
            let [f] = found else {
                let want = match at {
                    Some(later) => format!(
                        "at the later copy {later}, `related` at {}",
                        list(copies.iter().filter(|c| *c != later))
                    ),
                    None => format!(
                        "at one of the copies {} (the later in reading order), `related` at \
                         the other",
                        list(copies)
                    ),
                };
                problems.push(format!(
                    "{head}: expected exactly one finding, {want}; ibid reported {}{}",
                    found.len(),
                    findings(found.iter().copied())
                ));
                return problems;
            };
            let mut seen: BTreeSet<&Place> = f.related.iter().collect();
            seen.insert(&f.place);
            match at {
                Some(later) if f.place != *later => problems.push(format!(
                    "{head}: expected at the later copy in reading order, {later}, with the \
                     other copies related; ibid reported{}",
                    findings([*f])
                )),
                None if !copies.contains(&f.place) => problems.push(format!(
                    "{head}: expected at one of the copies {}; ibid reported{}",
                    list(copies),
                    findings([*f])
                )),
                _ => {
                    let unseen: Vec<&Place> = copies.iter().filter(|c| !seen.contains(c)).collect();
                    if !unseen.is_empty() {
                        problems.push(format!(
                            "{head}: the copies are at {}; {} is neither the finding's place \
                             nor in its `related`{}",
                            list(copies),
                            list(unseen),
                            findings([*f])
                        ));
                    }
                }
            }
        }
    }
    problems
}

fn matches(exp: &Expectation, f: &Finding) -> bool {
    f.code == exp.code && f.label() == exp.label
}

// ---------------------------------------------------------------------------
// A base run

/// Checks ibid's report on a project's unmodified sources; returns the
/// problems and how many findings the EXPLAINED table accounted for.
pub fn check_base(
    project: &str,
    main: &str,
    expected: &Expected,
    report: &Report,
    explained: &[Explained],
    explained_failures: &[ExplainedFailure],
) -> (Vec<String>, usize) {
    let mut problems = expected.problems.clone();
    let latex: Vec<&str> = report
        .files
        .iter()
        .filter(|(_, d)| d == "latex")
        .map(|(p, _)| p.as_str())
        .collect();
    if latex.is_empty() {
        let mut dialects: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, d) in &report.files {
            *dialects.entry(d).or_default() += 1;
        }
        problems.push(format!(
            "ibid read no file as `latex`: files[] has {} entries {dialects:?}. Is the LaTeX \
             dialect registered for .tex files? (Every check below fails for that reason.)",
            report.files.len()
        ));
    } else if !latex.contains(&main) {
        problems.push(format!(
            "ibid did not read the main file {main} as `latex` (it read {} other .tex files)",
            latex.len()
        ));
    }

    let mut claimed = vec![false; report.findings.len()];
    for exp in &expected.checks {
        let found: Vec<&Finding> = report
            .findings
            .iter()
            .enumerate()
            .filter(|(_, f)| matches(exp, f))
            .map(|(i, f)| {
                claimed[i] = true;
                f
            })
            .collect();
        problems.extend(check(exp, &found));
    }
    if let Some(unused) = &expected.unused {
        let mut reported = BTreeSet::new();
        for (i, f) in report.findings.iter().enumerate() {
            let folded = f.label().to_lowercase();
            if f.code == "unused-entry" && unused.contains_key(&folded) {
                claimed[i] = true;
                reported.insert(folded);
            }
        }
        let missing: Vec<String> = unused
            .iter()
            .filter(|(k, _)| !reported.contains(*k))
            .map(|(_, written)| written.clone())
            .collect();
        if !missing.is_empty() {
            problems.push(format!(
                "unused-entry: {} of the {} entries that nothing cites (checkcites' `unused`, \
                 adjusted as the notes say) were not reported: {}",
                missing.len(),
                unused.len(),
                capped(&missing)
            ));
        }
    }

    let mut used = vec![false; explained.len()];
    let mut unexplained = Vec::new();
    let mut accounted = 0;
    for (f, _) in report.findings.iter().zip(&claimed).filter(|(_, c)| !**c) {
        let hit = explained.iter().position(|(p, code, path, label, _)| {
            *p == project && f.code == *code && f.place.path == *path && f.label() == *label
        });
        match hit {
            Some(i) => {
                used[i] = true;
                accounted += 1;
            }
            None => unexplained.push(f),
        }
    }
    if !unexplained.is_empty() {
        problems.push(format!(
            "{} finding(s) that no oracle reports and the EXPLAINED table does not list (fix \
             ibid, or add a row with the reason):{}",
            unexplained.len(),
            findings(unexplained)
        ));
    }
    for ((p, code, path, label, why), _) in explained.iter().zip(&used).filter(|(_, u)| !**u) {
        if *p == project {
            problems.push(format!(
                "EXPLAINED lists {code} `{label}` in {path} ({why}), which ibid did not report: \
                 fix ibid or remove the row"
            ));
        }
    }

    let mut used = vec![false; explained_failures.len()];
    for (path, message) in &report.failures {
        let hit = explained_failures
            .iter()
            .position(|(p, fp, fm, _)| *p == project && path == fp && message.contains(fm));
        match hit {
            Some(i) => used[i] = true,
            None => problems.push(format!("failures[]: {path}: {message}")),
        }
    }
    for ((p, path, fragment, why), _) in explained_failures.iter().zip(&used).filter(|(_, u)| !**u)
    {
        if *p == project {
            problems.push(format!(
                "EXPLAINED_FAILURES lists {path}: …{fragment}… ({why}), which ibid did not \
                 report: remove the row"
            ));
        }
    }
    problems.extend(report.status_problem());
    (problems, accounted)
}

// ---------------------------------------------------------------------------
// A mutation

/// Checks what ibid added on a patched copy against the base run.
pub fn check_mutation(expected: &Expected, base: &Report, mutated: &Report) -> Vec<String> {
    let mut problems = expected.problems.clone();
    let (added, removed) = diff(&base.findings, &mutated.findings);
    for exp in &expected.checks {
        if base.findings.iter().any(|f| matches(exp, f)) {
            problems.push(format!(
                "{} `{}`: the base run reports this code and label already, so the harness \
                 cannot tell the injected finding apart",
                exp.code, exp.label
            ));
        }
        let found: Vec<&Finding> = added.iter().copied().filter(|f| matches(exp, f)).collect();
        problems.extend(check(exp, &found));
    }
    let stray: Vec<&Finding> = added
        .iter()
        .copied()
        .filter(|f| !expected.checks.iter().any(|e| matches(e, f)))
        .collect();
    if !stray.is_empty() {
        problems.push(format!(
            "added finding(s) that are not the injected defect (expected only {}):{}",
            list(
                expected
                    .checks
                    .iter()
                    .map(|e| format!("{} `{}`", e.code, e.label))
            ),
            findings(stray)
        ));
    }
    problems.extend(removed_and_new_failures(removed, base, mutated));
    problems
}
