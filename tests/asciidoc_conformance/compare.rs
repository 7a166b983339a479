//! ibid's findings against the expectations: every expectation and every
//! finding becomes a row of one table (expected / got / verdict), printed
//! whole when any row fails, so a failing case shows what agreed too.

use std::fmt::Write as _;

use super::expect::Expected;
use super::shift::Shift;
use super::source::{definitions, resolve};
use crate::conformance_corpus::{lexical, list, Lines, Place};
use crate::conformance_oracle::{
    claim_nearest, failure_problems, pair_in_place, stale_rows, Expectation, Explained,
};
use crate::conformance_run::{removed_and_new_failures, Finding, Report};

/// What a comparison needs besides the expectations and the reports.
pub struct Context<'a> {
    pub project: &'a str,
    /// [`BASE`](crate::conformance_oracle::BASE) or the mutation's id.
    pub case: &'a str,
    /// The book's AsciiDoc files (where an id is defined, for hints).
    pub files: &'a [(String, Lines)],
    /// The book's `atlas.json`, when O'Reilly Atlas assembles it.
    pub atlas: Option<&'a str>,
    pub explained: &'a [Explained],
}

/// Whether finding `f` is what `e` expects, place apart: the code and the
/// label (for `missing-file`, the include target, as written or as a
/// path from `src/`).
pub fn same(e: &Expectation, f: &Finding) -> bool {
    if f.code != e.code {
        return false;
    }
    if f.label() == e.label {
        return true;
    }
    e.code == "missing-file" && {
        let want = resolve(&e.at.path, &e.label);
        resolve(&f.place.path, f.label()) == want || lexical(f.label()) == want
    }
}

/// One row of the table: an expectation and what ibid did about it, or a
/// finding no expectation claimed.
#[derive(Debug)]
pub struct Row {
    /// `ok`, `explained`: agreed; `MISSING`, `MOVED`, `RELATED`, `EXTRA`:
    /// failed.
    pub verdict: &'static str,
    pub code: String,
    pub label: String,
    pub expected: String,
    pub got: String,
    pub why: String,
}

impl Row {
    pub fn failed(&self) -> bool {
        self.verdict.chars().all(|c| c.is_ascii_uppercase())
    }
}

/// The rows as an aligned table.
pub fn table(rows: &[Row]) -> String {
    let head = ["verdict", "code", "label", "expected", "got", "why"];
    let cells: Vec<[&str; 6]> = rows
        .iter()
        .map(|r| {
            [
                r.verdict,
                r.code.as_str(),
                r.label.as_str(),
                r.expected.as_str(),
                r.got.as_str(),
                r.why.as_str(),
            ]
        })
        .collect();
    let mut width = head.map(str::len);
    for c in &cells {
        for (w, cell) in width.iter_mut().zip(c) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let mut s = String::new();
    for c in std::iter::once(&head).chain(&cells) {
        s.push_str("\n     ");
        for (i, (cell, w)) in c.iter().zip(width).enumerate() {
            if i + 1 == c.len() {
                s.push_str(cell);
            } else {
                let _ = write!(s, " {cell:<w$} ");
            }
        }
        s.truncate(s.trim_end().len());
    }
    s
}

/// How expectations met findings.
pub struct Meeting {
    pub rows: Vec<Row>,
    /// Expectations of `checks` met at their place (with `related`).
    pub met: usize,
    /// Placeholder expectations met.
    pub placeholders: usize,
    /// Findings accounted for by an EXPLAINED row.
    pub explained: usize,
    /// Findings nobody accounts for.
    pub extra: usize,
    /// EXPLAINED rows of this case that matched nothing.
    pub stale: Vec<String>,
}

/// Pairs each expectation (the oracle's, then the placeholders') with a
/// finding of its code and label at its place; an unmet one then claims
/// such a finding elsewhere (so it is not also counted as extra) and says
/// where ibid put it; the findings left are explained or extra.
pub fn meet(ctx: &Context, expected: &Expected, found: &[&Finding]) -> Meeting {
    let all: Vec<(&Expectation, bool)> = expected
        .checks
        .iter()
        .map(|e| (e, false))
        .chain(expected.placeholders.iter().map(|e| (e, true)))
        .collect();
    let (hit, mut claimed) = pair_in_place(all.iter().map(|(e, _)| *e), found, same);
    let mut m = Meeting {
        rows: Vec::new(),
        met: 0,
        placeholders: 0,
        explained: 0,
        extra: 0,
        stale: Vec::new(),
    };
    for ((e, placeholder), h) in all.iter().zip(&hit) {
        let row = |verdict, got: String, why: String| Row {
            verdict,
            code: e.code.to_owned(),
            label: e.label.clone(),
            expected: match &e.related {
                Some(r) => format!("{} (related {r})", e.at),
                None => e.at.to_string(),
            },
            got,
            why,
        };
        let Some(i) = *h else {
            m.rows
                .push(match claim_nearest(e, found, &mut claimed, same) {
                    Some(i) => row("MOVED", got(found[i]), e.because.clone()),
                    None => row("MISSING", "—".to_owned(), e.because.clone()),
                });
            continue;
        };
        let f = found[i];
        let related_ok = e.related.as_ref().is_none_or(|r| f.related.contains(r));
        if !related_ok {
            m.rows.push(row(
                "RELATED",
                got(f),
                format!("`related` must name the other copy; {}", e.because),
            ));
        } else if *placeholder {
            m.placeholders += 1;
            m.rows.push(row("explained", got(f), e.because.clone()));
        } else {
            m.met += 1;
            m.rows.push(row("ok", got(f), e.because.clone()));
        }
    }
    let mut used = vec![false; ctx.explained.len()];
    for (f, _) in found.iter().zip(&claimed).filter(|(_, c)| !**c) {
        let row = ctx
            .explained
            .iter()
            .position(|(p, c, code, path, label, _)| {
                *p == ctx.project
                    && *c == ctx.case
                    && f.code == *code
                    && f.place.path == *path
                    && f.label() == *label
            });
        let (verdict, why) = match row {
            Some(i) => {
                used[i] = true;
                m.explained += 1;
                ("explained", format!("EXPLAINED: {}", ctx.explained[i].5))
            }
            None => {
                m.extra += 1;
                ("EXTRA", extra_hint(ctx, f))
            }
        };
        m.rows.push(Row {
            verdict,
            code: f.code.clone(),
            label: f.label().to_owned(),
            expected: "—".to_owned(),
            got: got(f),
            why,
        });
    }
    m.stale = stale_rows(ctx.explained, &used, ctx.project, ctx.case);
    m
}

/// `path:line` of a finding, with its related places.
fn got(f: &Finding) -> String {
    if f.related.is_empty() {
        f.place.to_string()
    } else {
        format!("{} (related {})", f.place, list(&f.related))
    }
}

/// Why a finding nobody expected may be there: for an `undefined-ref`
/// whose id another file defines, that the two files are not one unit.
fn extra_hint(ctx: &Context, f: &Finding) -> String {
    let mut why = "no oracle message; no EXPLAINED row".to_owned();
    if f.code == "undefined-ref" {
        if let Some(n) = titled(ctx.files, &f.place.path, f.label()) {
            let _ = write!(
                why,
                "; line {n} of this file has the title `{}`, and Asciidoctor resolves a \
                 reference with a space or an uppercase letter by title",
                f.label()
            );
        }
        let elsewhere: Vec<Place> = definitions(ctx.files, f.label())
            .into_iter()
            .filter(|p| p.path != f.place.path)
            .collect();
        if let Some(p) = elsewhere.first() {
            let _ = write!(
                why,
                "; `{}` is defined at {p}: is that file in this unit?",
                f.label()
            );
            if let Some(atlas) = ctx.atlas {
                let _ = write!(why, " ({atlas} lists the book's members)");
            }
        }
    }
    why
}

/// The line of `path` whose section title (`== T`) or block title (`.T`)
/// is `label`, when `label` is a natural cross reference (it has a space
/// or an uppercase letter).
fn titled(files: &[(String, Lines)], path: &str, label: &str) -> Option<usize> {
    if !label.contains(' ') && label.to_lowercase() == label {
        return None;
    }
    let (_, lines) = files.iter().find(|(p, _)| p == path)?;
    (1..=lines.len()).find(|&n| {
        let line = lines.line(n).unwrap_or_default();
        let section = line.trim_start_matches('=');
        let title = if section.len() < line.len() {
            section
                .strip_prefix(' ')
                .map(|t| t.trim_end_matches([' ', '=']))
        } else {
            line.strip_prefix('.')
                .filter(|t| !t.starts_with([' ', '.']))
        };
        title.is_some_and(|t| t.trim() == label)
    })
}

/// The problem that carries the table, if any row failed.
fn table_problem(what: &str, rows: &[Row]) -> Option<String> {
    let failed = rows.iter().filter(|r| r.failed()).count();
    (failed > 0).then(|| {
        format!(
            "{failed} of {} rows disagree ({what}; MISSING: expected, not reported; MOVED: \
             reported elsewhere; RELATED: wrong `related`; EXTRA: reported, nobody expects it):{}",
            rows.len(),
            table(rows)
        )
    })
}

/// The result of a base run.
#[derive(Debug, Default)]
pub struct BaseOutcome {
    pub problems: Vec<String>,
    /// The oracle's messages ibid answers for, and how many it met.
    pub expected: usize,
    pub met: usize,
    /// Includes of placeholders, and how many ibid reported.
    pub placeholders: usize,
    pub placeholders_met: usize,
    pub explained: usize,
    pub extra: usize,
}

/// Checks ibid's report on a book's unmodified sources.
pub fn check_base(ctx: &Context, expected: &Expected, report: &Report) -> BaseOutcome {
    let mut problems = expected.problems.clone();
    let read: Vec<&str> = report
        .files
        .iter()
        .filter(|(_, d)| d == "asciidoc")
        .map(|(p, _)| p.as_str())
        .collect();
    let unread: Vec<&str> = ctx
        .files
        .iter()
        .map(|(p, _)| p.as_str())
        .filter(|p| !read.contains(p))
        .collect();
    if read.is_empty() {
        let some = report
            .files
            .iter()
            .take(5)
            .map(|(p, d)| format!("{p} as {d}"));
        problems.push(format!(
            "ibid read no file as `asciidoc` ({} files read: {})",
            report.files.len(),
            list(some)
        ));
    } else if !unread.is_empty() {
        problems.push(format!(
            "ibid did not read {} of the book's {} AsciiDoc files as `asciidoc` (its findings \
             there would go unseen): {}",
            unread.len(),
            ctx.files.len(),
            list(unread.iter().take(10))
        ));
    }
    let all: Vec<&Finding> = report.findings.iter().collect();
    let meeting = meet(ctx, expected, &all);
    problems.extend(table_problem(
        "expected: the oracle's messages and the placeholders' includes; got: ibid's report",
        &meeting.rows,
    ));
    problems.extend(meeting.stale.iter().cloned());
    problems.extend(failure_problems(report));
    BaseOutcome {
        problems,
        expected: expected.checks.len(),
        met: meeting.met,
        placeholders: expected.placeholders.len(),
        placeholders_met: meeting.placeholders,
        explained: meeting.explained,
        extra: meeting.extra,
    }
}

/// What `mutated` added to `base` and removed from it: `base` moved to the
/// patched numbering by `shift`, then a multiset difference of `(code,
/// path, line, label)` (a finding on a line the patch deleted is removed).
pub fn shifted_diff<'a>(
    base: &'a [Finding],
    mutated: &'a [Finding],
    shift: &Shift,
) -> (Vec<&'a Finding>, Vec<&'a Finding>) {
    let key = |f: &Finding, line: usize| {
        (
            f.code.clone(),
            f.place.path.clone(),
            line,
            f.label().to_owned(),
        )
    };
    let mut left: Vec<Option<(&Finding, _)>> = base
        .iter()
        .map(|f| {
            Some((
                f,
                shift.line(&f.place.path, f.place.line).map(|l| key(f, l)),
            ))
        })
        .collect();
    let mut added = Vec::new();
    for m in mutated {
        let k = Some(key(m, m.place.line));
        match left
            .iter_mut()
            .find(|b| b.as_ref().is_some_and(|(_, bk)| *bk == k))
        {
            Some(b) => *b = None,
            None => added.push(m),
        }
    }
    let removed = left.into_iter().flatten().map(|(f, _)| f).collect();
    (added, removed)
}

/// Checks what ibid added on a patched copy against its base run.
pub fn check_mutation(
    ctx: &Context,
    expected: &Expected,
    base: &Report,
    mutated: &Report,
    shift: &Shift,
) -> Vec<String> {
    let mut problems = expected.problems.clone();
    let (added, removed) = shifted_diff(&base.findings, &mutated.findings, shift);
    let meeting = meet(ctx, expected, &added);
    problems.extend(table_problem(
        "expected: the oracle's delta; got: what ibid added to its base report, moved by the patch",
        &meeting.rows,
    ));
    problems.extend(meeting.stale.iter().cloned());
    problems.extend(removed_and_new_failures(removed, base, mutated));
    problems
}
