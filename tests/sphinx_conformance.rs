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

#[path = "support/conformance_corpus.rs"]
mod conformance_corpus;
#[path = "support/conformance_oracle.rs"]
mod conformance_oracle;
#[path = "support/conformance_run.rs"]
mod conformance_run;
#[path = "support/conformance_trials.rs"]
mod conformance_trials;
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

use compare::Silent;
use conformance_oracle::{print_notes, reproduce, Explained};
use conformance_trials::{against_base, Outcome, Summaries};
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

// The projects of `corpus/sphinx/index.json`, one trial each.
conformance_trials::projects! {
    logic_and_proof => "logic-and-proof",
    sklearn_enhancement_proposals => "sklearn-enhancement-proposals",
    sphinx_rtd_theme_docs => "sphinx-rtd-theme-docs",
    spinningup_docs => "spinningup-docs",
    theorem_proving_in_lean => "theorem-proving-in-lean",
}

/// How many mutations the corpus has (the count).
pub const MUTATIONS: usize = 26;

fn main() -> std::process::ExitCode {
    let machinery: Vec<(&'static str, fn())> = vec![
        ("machinery_corpus_shape", machinery::corpus_shape),
        ("machinery_line_rule", machinery::line_rule),
        ("machinery_expectations", machinery::expectations),
        ("machinery_comparison", machinery::comparison),
        ("machinery_patches", machinery::patches),
    ];
    conformance_trials::main(machinery, project_trials(), print_summary)
}

static SUMMARIES: Summaries<compare::BaseOutcome> = Summaries::new();

fn check_project(id: &str) {
    let project = Project::load(id);
    let scratch = conformance_run::Scratch::new(id);

    let expected = expect::for_base(&project, SILENT);
    let base = conformance_run::ibid(&scratch.copy("base", &project.src()));
    let outcome = match &base {
        Ok(report) => compare::check_base(id, &expected, report, SILENT, EXPLAINED),
        Err(e) => compare::BaseOutcome {
            problems: vec![e.clone()],
            expected: expected.checks.len(),
            ..Default::default()
        },
    };
    let mut outcomes = vec![Outcome::base(outcome.problems.clone(), expected.notes)];

    for m in &project.mutations {
        let dir = scratch.copy(&m.id, &project.src());
        let mut case = Outcome::mutation(&m.id, &m.describe());
        if let Err(e) = run::apply_patch(&dir, &m.patch) {
            case.problems.push(e);
            outcomes.push(case);
            continue;
        }
        let expected = expect::for_mutation(&project, m, &dir, SILENT);
        case.notes.clone_from(&expected.notes);
        case.problems = against_base(&base, conformance_run::ibid(&dir), |base, mutated| {
            compare::check_mutation(id, &m.id, &expected, base, mutated, SILENT, EXPLAINED)
        });
        outcomes.push(case);
    }

    let reproduce = reproduce(&project.src(), &project.dir);
    SUMMARIES.finish(id, outcome, &outcomes, &reproduce);
}

fn print_summary() {
    SUMMARIES.print("sphinx", PROJECTS.len(), |summaries| {
        for s in summaries {
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
                if s.base_ok { "" } else { " — FAILED" },
                s.mutations_ok,
                s.mutations
            );
        }
        print_notes(summaries);
    });
}
