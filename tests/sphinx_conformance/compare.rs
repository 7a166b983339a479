//! ibid's findings against the expectations: every problem is collected
//! (never the first only) and worded to say what ibid should have done.

use super::expect::Expected;
use crate::conformance_corpus::list;
use crate::conformance_oracle::{
    claim_nearest, failure_problems, pair_in_place, stale_rows, Expectation, Explained, BASE,
};
use crate::conformance_run::{diff, findings, removed_and_new_failures, Finding, Report};

/// `(project, code, path, label, why)`: an oracle warning of a mapped kind
/// that ibid must **not** report (the oracle only has it because the build
/// was offline). The label is the oracle's key.
pub type Silent = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// A label as docutils and Sphinx compare them: case and runs of
/// whitespace do not matter.
pub fn normalize(label: &str) -> String {
    label
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether ibid's label is the oracle's key. docutils calls every
/// auto-numbered footnote `[#]`, named (`[#note]`) or not.
pub fn label_matches(oracle: &str, ibid: &str) -> bool {
    let (o, i) = (normalize(oracle), normalize(ibid));
    o == i || (o == "#" && i.starts_with('#'))
}

/// How expectations met findings.
pub struct Meeting {
    pub problems: Vec<String>,
    /// Expectations met at their place (and `related`, for duplicates).
    pub met: usize,
    /// Per finding: an expectation accounts for it.
    pub claimed: Vec<bool>,
}

impl Meeting {
    /// The findings (those met) that no expectation accounts for.
    pub fn unclaimed<'a>(&self, found: &[&'a Finding]) -> Vec<&'a Finding> {
        found
            .iter()
            .zip(&self.claimed)
            .filter(|(_, c)| !**c)
            .map(|(f, _)| *f)
            .collect()
    }
}

fn same(e: &Expectation, f: &Finding) -> bool {
    f.code == e.code && label_matches(&e.label, f.label())
}

/// Pairs each expectation with one finding of its code and label at its
/// place; an unmet one then claims such a finding elsewhere (so it is not
/// also reported as extra) and says where ibid put it.
pub fn meet(checks: &[Expectation], found: &[&Finding]) -> Meeting {
    let (hit, mut claimed) = pair_in_place(checks, found, same);
    let mut problems = Vec::new();
    let mut met = 0;
    for (e, h) in checks.iter().zip(&hit) {
        let head = format!("{} `{}` ({})", e.code, e.label, e.because);
        let Some(i) = *h else {
            match claim_nearest(e, found, &mut claimed, same) {
                Some(i) => problems.push(format!(
                    "{head}: expected at {}; ibid reported it at {}:{}",
                    e.at,
                    found[i].place,
                    findings([found[i]])
                )),
                None => problems.push(format!("{head}: not reported; expected at {}", e.at)),
            }
            continue;
        };
        let f = found[i];
        let related_ok = match &e.related {
            None => true,
            Some(r) if r.line == 0 => f.related.iter().any(|p| p.path == r.path),
            Some(r) => f.related.contains(r),
        };
        if related_ok {
            met += 1;
        } else if let Some(r) = &e.related {
            problems.push(format!(
                "{head}: `related` should name the other copy, {r}; it has {}:{}",
                list(&f.related),
                findings([f])
            ));
        }
    }
    Meeting {
        problems,
        met,
        claimed,
    }
}

/// Sorts the findings no expectation claimed: a SILENT row's finding is a
/// problem, an EXPLAINED row's is accounted for, anything else is extra.
/// Also reports the EXPLAINED rows of this case that matched nothing.
/// Returns (problems, explained, extra, of which SILENT).
pub fn account(
    project: &str,
    case: &str,
    unclaimed: &[&Finding],
    silent: &[Silent],
    explained: &[Explained],
) -> (Vec<String>, usize, usize, usize) {
    let mut problems = Vec::new();
    let mut used = vec![false; explained.len()];
    let (mut accounted, mut extra, mut unexplained) = (0, 0, Vec::new());
    let mut silenced = 0;
    for f in unclaimed {
        let key = |code: &str, path: &str, label: &str| {
            f.code == code && f.place.path == path && label_matches(label, f.label())
        };
        if let Some((.., why)) = silent
            .iter()
            .find(|(p, c, path, l, _)| *p == project && key(c, path, l))
        {
            problems.push(format!(
                "ibid reports a reference the oracle only warns about offline (SILENT: {why}); \
                 it must not:{}",
                findings([*f])
            ));
            extra += 1;
            silenced += 1;
            continue;
        }
        let row = explained
            .iter()
            .position(|(p, c, code, path, l, _)| *p == project && *c == case && key(code, path, l));
        match row {
            Some(i) => {
                used[i] = true;
                accounted += 1;
            }
            None => {
                extra += 1;
                unexplained.push(*f);
            }
        }
    }
    if !unexplained.is_empty() {
        let what = if case == BASE {
            "finding(s) that no oracle warning accounts for"
        } else {
            "added finding(s) that are not the injected defect"
        };
        problems.push(format!(
            "{} {what}, and EXPLAINED does not list (fix ibid, or add a row with the \
             reason):{}",
            unexplained.len(),
            findings(unexplained)
        ));
    }
    problems.extend(stale_rows(explained, &used, project, case));
    (problems, accounted, extra, silenced)
}

/// The result of a base run.
#[derive(Debug, Default)]
pub struct BaseOutcome {
    pub problems: Vec<String>,
    /// Oracle warnings ibid must report, and how many it did, in place.
    pub expected: usize,
    pub met: usize,
    /// ibid's findings that are neither expected nor explained, and how
    /// many of those SILENT says it must not report.
    pub extra: usize,
    pub extra_silent: usize,
    pub explained: usize,
}

/// Checks ibid's report on a project's unmodified sources.
pub fn check_base(
    project: &str,
    expected: &Expected,
    report: &Report,
    silent: &[Silent],
    explained: &[Explained],
) -> BaseOutcome {
    let mut problems = expected.problems.clone();
    if !report.files.iter().any(|(_, d)| d == "rst") {
        problems.push(format!(
            "ibid read no file as `rst` ({} files read): is the project's conf.py seen?",
            report.files.len()
        ));
    }
    let all: Vec<&Finding> = report.findings.iter().collect();
    let meeting = meet(&expected.checks, &all);
    let unclaimed = meeting.unclaimed(&all);
    problems.extend(meeting.problems);
    let (p, accounted, extra, extra_silent) = account(project, BASE, &unclaimed, silent, explained);
    problems.extend(p);
    for (i, (p, code, path, label, why)) in silent.iter().enumerate() {
        if *p == project && !expected.silenced.contains(&i) {
            problems.push(format!(
                "SILENT lists {code} `{label}` in {path} ({why}), which the oracle does not \
                 report: remove the row"
            ));
        }
    }
    problems.extend(failure_problems(report));
    BaseOutcome {
        problems,
        expected: expected.checks.len(),
        met: meeting.met,
        extra,
        extra_silent,
        explained: accounted,
    }
}

/// Checks what ibid added on a patched copy against its base run.
pub fn check_mutation(
    project: &str,
    case: &str,
    expected: &Expected,
    base: &Report,
    mutated: &Report,
    silent: &[Silent],
    explained: &[Explained],
) -> Vec<String> {
    let mut problems = expected.problems.clone();
    let (added, removed) = diff(&base.findings, &mutated.findings);
    let meeting = meet(&expected.checks, &added);
    let unclaimed = meeting.unclaimed(&added);
    problems.extend(meeting.problems);
    problems.extend(account(project, case, &unclaimed, silent, explained).0);
    problems.extend(removed_and_new_failures(removed, base, mutated));
    problems
}
