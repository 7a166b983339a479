//! Conformance of the reStructuredText dialect against sphinx-build:
//! `../shared/corpus/sphinx` (5 Sphinx projects built with `sphinx-build
//! -b dummy -n -W --keep-going`, offline; see its README), read in place,
//! never copied into the repository. One trial per project checks its
//! unmodified sources and every mutation; `machinery_*` trials check the
//! harness itself.
//!
//! Each case runs `ibid check --format json .` in a scratch copy of the
//! project's `src/` (under the system's temporary folder, removed at the
//! end), patched with `patch -p1 < mutations/<m>.patch` for a mutation.
//!
//! # Which warnings ibid answers for
//!
//! | oracle kind | ibid code |
//! |---|---|
//! | `undefined_label`, `unknown_document` | `undefined-ref` |
//! | `citation_not_found` (`…_or_unknown_target`) | `unresolved` |
//! | `unknown_target` of a footnote label (`5`, `#x`, `*`) | `unresolved` |
//! | `unknown_target` of a hyperlink name | `undefined-ref` |
//! | `unknown_target_or_too_many_refs`, `too_many_footnote_refs` | `unresolved` |
//! | `duplicate_label`, `duplicate_explicit_target` | `duplicate-label` |
//! | `duplicate_citation` | `duplicate` |
//! | `footnote_not_referenced`, `citation_not_referenced` | `orphaned` |
//! | `other` "Undefined substitution referenced: "x"" | `undefined-ref` `x` |
//!
//! Skipped as classes, outside ibid's contract: `py_ref_not_found` and
//! `ref_not_found` (Python, C++, JavaScript and reST domain objects, which
//! ibid does not model), `autodoc_import` (importing the project's code),
//! `intersphinx` (fetching inventories), `toc_not_included` (a document
//! outside every toctree is not a reference defect) and every other
//! `other` message (configuration, markup, directives). A kind the harness
//! does not know fails the case.
//!
//! # Where
//!
//! docutils places most warnings at the first line of the paragraph; ibid
//! at the reference. The expected line is the first at or after the
//! oracle's line, in the same paragraph (up to a blank line), that writes
//! the key (`[5]_`, `[Citation]_`, `|name|`, the label; for `orphaned` the
//! definition, `[4]` or `[#`); N warnings at one line are the first N
//! occurrences. A duplicate is expected at its definition (`.. _x:`,
//! `.. [X]`) in the file Sphinx names (the later copy in its reading
//! order, docnames sorted), nearest at or before the oracle's line (Sphinx
//! gives the title the label stands on), with `related` at the copy in the
//! file of its "other instance in …".
//!
//! # Unmodified projects
//!
//! Every oracle warning ibid answers for is reported at its place, except
//! the rows of [`SILENT`], which ibid must not report; every finding of
//! ibid's matches an oracle warning or a row of [`EXPLAINED`]; no
//! `failures[]`.
//!
//! # Mutations
//!
//! ibid's report on the patched copy less its report on the unmodified
//! copy (a multiset difference of `(code, path, label)`, line-insensitive
//! because patches shift lines) must hold the oracle's delta (computed the
//! same way from the two oracles, so shifted warnings cancel) at the
//! places above; anything else it adds must be in [`EXPLAINED`] under the
//! mutation's id, and nothing may disappear.
//!
//! # Running
//!
//! `cargo test --test sphinx_conformance` (one project: add its id, e.g.
//! `-- spinningup-docs`). A failing project prints every problem of its
//! base and mutations at once; at the end come one line per project, the
//! notes, and the total (`sphinx conformance: N/26 mutations, M/5 base
//! projects`). `machinery_patches` proves that a perfect ibid (a report
//! made from the expectations) passes every case.

#[path = "support/corpus_gate.rs"]
mod corpus_gate;

#[path = "sphinx_conformance/compare.rs"]
mod compare;
#[path = "sphinx_conformance/corpus.rs"]
mod corpus;
#[path = "sphinx_conformance/expect.rs"]
mod expect;
#[path = "sphinx_conformance/machinery.rs"]
mod machinery;
#[path = "sphinx_conformance/run.rs"]
mod run;

use std::fmt::Write as _;
use std::sync::Mutex;

use compare::{Explained, Silent};
use corpus::Project;

/// Why an intersphinx target is silent.
const OFFLINE: &str = "a target in another project's intersphinx inventory \
     (conf.py's intersphinx_mapping names the prefix); the oracle's build was offline, \
     an online build resolves it";

/// Oracle warnings ibid must not report, each for the reason given.
pub const SILENT: &[Silent] = &[
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "configuring.rst",
        "sphinx:metadata",
        OFFLINE,
    ),
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "configuring.rst",
        "sphinx:toctree-directive",
        OFFLINE,
    ),
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "configuring.rst",
        "rtd:guides/adding-custom-css",
        OFFLINE,
    ),
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "contributing.rst",
        "rtd-dev:code-of-conduct",
        OFFLINE,
    ),
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "contributing.rst",
        "rtd-dev:i18n",
        OFFLINE,
    ),
    (
        "sphinx-rtd-theme-docs",
        "undefined-ref",
        "installing.rst",
        "rtd:guides/reproducible-builds",
        OFFLINE,
    ),
];

/// ibid's findings that no oracle warning accounts for and that are
/// right, each with the reason (`base` or the mutation's id).
pub const EXPLAINED: &[Explained] = &[];

macro_rules! projects {
    ($($name:ident => $id:literal),* $(,)?) => {
        /// The projects of `corpus/sphinx/index.json`, one trial each.
        pub const PROJECTS: &[&str] = &[$($id),*];
        $(fn $name() { check_project($id) })*
        fn project_trials() -> Vec<(&'static str, fn())> {
            vec![$(($id, $name as fn())),*]
        }
    };
}

projects! {
    logic_and_proof => "logic-and-proof",
    sklearn_enhancement_proposals => "sklearn-enhancement-proposals",
    sphinx_rtd_theme_docs => "sphinx-rtd-theme-docs",
    spinningup_docs => "spinningup-docs",
    theorem_proving_in_lean => "theorem-proving-in-lean",
}

/// How many mutations the corpus has (the count).
pub const MUTATIONS: usize = 26;

fn main() -> std::process::ExitCode {
    // A failing project panics with its whole report, which the harness
    // prints under "failures"; the default hook would print it twice.
    std::panic::set_hook(Box::new(|info| {
        if let Some(at) = info.location() {
            eprintln!("panicked at {at} (the message is in the failures below)");
        }
    }));
    let mut trials: Vec<(&'static str, fn())> = vec![
        ("machinery_corpus_shape", machinery::corpus_shape),
        ("machinery_line_rule", machinery::line_rule),
        ("machinery_expectations", machinery::expectations),
        ("machinery_comparison", machinery::comparison),
        ("machinery_patches", machinery::patches),
    ];
    trials.extend(project_trials());
    let code = corpus_gate::run(trials);
    print_summary();
    let _ = std::fs::remove_dir_all(run::process_root());
    code
}

/// One project's outcome, for the summary printed at the end.
struct Summary {
    project: String,
    base: compare::BaseOutcome,
    mutations_ok: usize,
    mutations: usize,
    notes: Vec<String>,
}

static SUMMARIES: Mutex<Vec<Summary>> = Mutex::new(Vec::new());

/// One case (the base or a mutation) of a project.
struct Outcome {
    title: String,
    problems: Vec<String>,
    notes: Vec<String>,
}

fn check_project(id: &str) {
    let project = Project::load(id);
    let scratch = run::Scratch::new(id);

    let expected = expect::for_base(&project, SILENT);
    let base = run::ibid(&scratch.copy("base", &project.src()));
    let outcome = match &base {
        Ok(report) => compare::check_base(id, &expected, report, SILENT, EXPLAINED),
        Err(e) => compare::BaseOutcome {
            problems: vec![e.clone()],
            expected: expected.checks.len(),
            ..Default::default()
        },
    };
    let mut outcomes = vec![Outcome {
        title: "base (unmodified sources)".to_owned(),
        problems: outcome.problems.clone(),
        notes: expected.notes,
    }];

    for m in &project.mutations {
        let dir = scratch.copy(&m.id, &project.src());
        let mut case = Outcome {
            title: format!("mutation {}: {}", m.id, m.describe()),
            problems: Vec::new(),
            notes: Vec::new(),
        };
        if let Err(e) = run::apply_patch(&dir, &m.patch) {
            case.problems.push(e);
            outcomes.push(case);
            continue;
        }
        let expected = expect::for_mutation(&project, m, &dir, SILENT);
        case.notes.clone_from(&expected.notes);
        match (&base, run::ibid(&dir)) {
            (_, Err(e)) => case.problems.push(e),
            (Err(_), Ok(_)) => case
                .problems
                .push("no base report to compare with (see the base case)".to_owned()),
            (Ok(base), Ok(mutated)) => {
                case.problems = compare::check_mutation(
                    id, &m.id, &expected, base, &mutated, SILENT, EXPLAINED,
                );
            }
        }
        outcomes.push(case);
    }

    let summary = Summary {
        project: id.to_owned(),
        base: outcome,
        mutations_ok: outcomes[1..]
            .iter()
            .filter(|o| o.problems.is_empty())
            .count(),
        mutations: outcomes.len() - 1,
        notes: outcomes
            .iter()
            .flat_map(|o| {
                let case = o.title.split(':').next().unwrap_or_default().to_owned();
                o.notes.iter().map(move |n| format!("{case}: {n}"))
            })
            .collect(),
    };
    SUMMARIES
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(summary);

    let failed = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
    if failed > 0 {
        panic!("{}", failure_report(&project, &outcomes, failed));
    }
}

/// Every problem of a project, grouped by case, with how to reproduce.
fn failure_report(project: &Project, outcomes: &[Outcome], failed: usize) -> String {
    let mut s = format!(
        "{}: {failed} of {} cases failed (base + {} mutations)\n",
        project.id,
        outcomes.len(),
        outcomes.len() - 1
    );
    let _ = writeln!(
        s,
        "  reproduce: cp -r {} /tmp/x && cd /tmp/x && [patch -p1 < {}/mutations/<m>.patch] && \
         ibid check --format json .",
        project.src().display(),
        project.dir.display()
    );
    for o in outcomes {
        if o.problems.is_empty() {
            let _ = writeln!(s, "\n{}: ok", o.title);
            continue;
        }
        let _ = writeln!(s, "\n{}: FAILED", o.title);
        for p in &o.problems {
            let _ = writeln!(s, "  - {p}");
        }
        if !o.notes.is_empty() {
            let _ = writeln!(s, "  notes (how the harness read the oracle):");
            for n in &o.notes {
                let _ = writeln!(s, "    · {n}");
            }
        }
    }
    s
}

fn print_summary() {
    let mut summaries = std::mem::take(&mut *SUMMARIES.lock().unwrap_or_else(|e| e.into_inner()));
    if summaries.is_empty() {
        return;
    }
    summaries.sort_by(|a, b| a.project.cmp(&b.project));
    println!("\nsphinx conformance, per project:");
    for s in &summaries {
        let b = &s.base;
        let silent = SILENT.iter().filter(|r| r.0 == s.project).count();
        let mut aside = Vec::new();
        if b.extra_silent > 0 {
            aside.push(format!("{} of them SILENT", b.extra_silent));
        }
        if b.explained > 0 {
            aside.push(format!("{} more EXPLAINED", b.explained));
        }
        let aside = if aside.is_empty() {
            String::new()
        } else {
            format!(" ({})", aside.join(", "))
        };
        let silent = if silent > 0 {
            format!(", {silent} oracle warnings SILENT")
        } else {
            String::new()
        };
        println!(
            "  {}: base {}/{} oracle findings, {} extra{aside}{silent}{}; mutations {}/{}",
            s.project,
            b.met,
            b.expected,
            b.extra,
            if b.problems.is_empty() {
                ""
            } else {
                " — FAILED"
            },
            s.mutations_ok,
            s.mutations
        );
    }
    let notes: Vec<String> = summaries
        .iter()
        .flat_map(|s| s.notes.iter().map(move |n| format!("  {}: {n}", s.project)))
        .collect();
    if !notes.is_empty() {
        println!("\nnotes (how the harness read the oracles):");
        for n in notes {
            println!("{n}");
        }
    }
    let mutations_ok: usize = summaries.iter().map(|s| s.mutations_ok).sum();
    let mutations: usize = summaries.iter().map(|s| s.mutations).sum();
    let base_ok = summaries
        .iter()
        .filter(|s| s.base.problems.is_empty())
        .count();
    let partial = if summaries.len() < PROJECTS.len() {
        format!(" ({} of {} projects run)", summaries.len(), PROJECTS.len())
    } else {
        String::new()
    };
    println!(
        "\nsphinx conformance: {mutations_ok}/{mutations} mutations, {base_ok}/{} base \
         projects{partial}",
        summaries.len()
    );
}
