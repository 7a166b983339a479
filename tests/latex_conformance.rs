//! Conformance of the LaTeX dialect against the real tools:
//! `../shared/corpus/latex` (13 projects built with latexmk, BibTeX /
//! biber and checkcites; see its README), read in place, never copied into
//! the repository. One trial per project checks its unmodified sources and
//! every mutation; `machinery_*` trials check the harness itself.
//!
//! Each case runs `ibid check --format json .` in a scratch copy of the
//! project's `src/` (under the system's temporary folder, removed at the
//! end), patched with `mutations/<m>.patch` for a mutation.
//!
//! # Unmodified projects
//!
//! ibid must report exactly what the oracles report, and nothing else:
//! the oracle's lists mapped as below; `unused-entry` for exactly the
//! entries nothing cites (checkcites' `unused`, compared
//! case-insensitively, less what `aux_inventory.cited_keys` has; where
//! checkcites is blind, [`CHECKCITES_BLIND`], the `.bib` keys less the
//! cited ones); no `failures[]`. Anything else must be listed, with its
//! reason, in [`EXPLAINED`] / [`EXPLAINED_FAILURES`].
//!
//! # Mutations
//!
//! ibid's report on the patched copy less its report on the unmodified
//! copy (a multiset difference of `(code, path, label)`, line-insensitive
//! because patches shift lines) must be exactly the injected defect:
//! nothing else added, nothing removed. Its places are then checked
//! against the mutation oracle's `delta_vs_base` (trusted over the
//! mutation json's `expect`; disagreements are printed as notes):
//!
//! | oracle kind | ibid code | places |
//! |---|---|---|
//! | `undefined_reference` | `undefined-ref` | the set of (file, line) equals LaTeX's |
//! | `undefined_citation` (non-empty key) | `unknown-citation` | the same |
//! | `multiply_defined_label`, `\label` (not `…@cref`) | `duplicate-label` | one finding; it and its `related` are the copies, the injected one among them; in one file, at the later |
//! | `multiply_defined_label`, `\bibitem` | `duplicate-entry` | the same |
//! | `bibtex_repeated_entry` | `duplicate-entry` | at BibTeX's line (the mutation json's where that line lacks the key: BibTeX counts a CRLF file's lines twice), `related` at the first copy |
//! | `biber_duplicate_key` | `duplicate-entry` | at the mutation json's place (biber gives no line) |
//! | `checkcites_unused` | `unused-entry` | at the mutation json's place |
//! | `bib_missing_entry`, `checkcites_undefined` | — | the `undefined_citation`'s defect, seen by other tools |
//!
//! LaTeX reports "on input line N" where a command ends; when the key is
//! not written on that line (the oracle's `verified: false`), the nearest
//! line above holding it is expected instead, since ibid places a finding
//! at its key. Every such adjustment is printed as a note.
//!
//! # Running
//!
//! `cargo test --test latex_conformance` (one project: add its id, e.g.
//! `-- thoma-activation-functions`). A failing project prints every
//! problem of its base and mutations at once, with the notes that explain
//! the expected places; at the end come one line per project, the corpus
//! notes, and the total (`latex conformance: N/61 mutations, M/13 base
//! projects`). The `machinery_*` trials need the corpus but not ibid's
//! LaTeX support; `machinery_patches` also proves that a perfect ibid (a
//! report made from the expectations) passes every case.

#[path = "support/conformance_corpus.rs"]
mod conformance_corpus;
#[path = "support/conformance_run.rs"]
mod conformance_run;
#[path = "support/conformance_trials.rs"]
mod conformance_trials;
#[path = "support/corpus_gate.rs"]
mod corpus_gate;

#[path = "latex_conformance/compare.rs"]
mod compare;
#[path = "latex_conformance/corpus.rs"]
mod corpus;
#[path = "latex_conformance/expect.rs"]
mod expect;
#[path = "latex_conformance/machinery.rs"]
mod machinery;
#[path = "latex_conformance/machinery_compare.rs"]
mod machinery_compare;
#[path = "latex_conformance/oracle.rs"]
mod oracle;
#[path = "latex_conformance/run.rs"]
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use compare::{Explained, ExplainedFailure};
use conformance_run::Report;
use conformance_trials::{against_base, Outcome, Summaries};
use corpus::Project;

/// Base findings that no oracle checks, each right for the reason given.
const EXPLAINED: &[Explained] = &[
    (
        "diffyqs",
        "unused-entry",
        "diffyqs.tex",
        "J",
        "\\bibitem{J} is never cited (aux_inventory: 7 bibitems, 6 cited keys); LaTeX does not warn",
    ),
    (
        "sympy-paper",
        "bib-syntax",
        "paper.bib",
        "",
        "`@Manual{,` has no key: BibTeX reads it silently, and nothing can ever cite it \
         (biber rejects it); a real defect of the file that no oracle checks",
    ),
];

/// Base `failures[]` entries that are right, with the reason.
const EXPLAINED_FAILURES: &[ExplainedFailure] = &[];

/// Projects where checkcites (with biber) finds no entry at all in the
/// `.bib` (README): its `unused` list is empty and the `unused-bib-entry`
/// mutation has an empty delta. There the harness computes the unused set
/// from the `.bib` itself, and still expects the injected entry.
pub const CHECKCITES_BLIND: &[&str] = &["scientific-thesis-template"];

/// open-logic-sample includes its chapters through `\olimport` (defined in
/// `sty/open-logic.sty`) and labels its results with `\ollabel`, which
/// prefixes the ids `\olfileid` sets (`sty/open-logic-referencing.sty`);
/// written as `ibid.toml` into its scratch `src/` (which has no `.git`, so
/// that folder is ibid's project root). Its `\olref` (four arguments
/// whose meaning depends on how many are given) is not declared: those
/// references are not checked.
pub const OLIMPORT_CONFIG: &str = r##"# \olimport*[dir]{file}: a chapter under content/, from the root's folder
[latex.commands."olimport*"]
args = "o m o"
include = "../../content/#1/#2"
from = "root"
# \olimport[dir]{file}: like \subfile, from the including file's folder
[latex.commands.olimport]
args = "o m o"
include = "#1/#2"
from = "file"
# \olfileid[locale]{part}{chapter}{section} … \ollabel{x}: \label{part:chapter:section:x}
[latex.commands.olfileid]
args = "o m m m"
prefix = "#2:#3:#4:"
[latex.commands.ollabel]
label = "{prefix}#1"
"##;

/// The project that needs [`OLIMPORT_CONFIG`].
const OLIMPORT_PROJECT: &str = "open-logic-sample";

/// xv6-riscv-book's `book.tex` inputs `latex.out/X`, which its Makefile
/// writes from `X.tex` (a filter that only resolves code line numbers).
/// The oracle's build did the same (README: no line is dropped, and file
/// names are mapped back); so does the harness, after patching, and it
/// maps `latex.out/X.tex` in ibid's report back to `X.tex`. ibid reads the
/// source `X.tex` files too, as fragments no root includes: no reference
/// findings.
const GENERATED_INPUTS: (&str, &str) = ("xv6-riscv-book", "latex.out/");

/// The project's build steps that write files its root inputs.
fn prebuild(id: &str, dir: &std::path::Path) {
    let (project, out) = GENERATED_INPUTS;
    if id != project {
        return;
    }
    let book = std::fs::read_to_string(dir.join("book.tex")).expect("book.tex");
    std::fs::create_dir_all(dir.join(out)).expect("latex.out");
    for name in book
        .split("\\input{")
        .skip(1)
        .filter_map(|rest| rest.split('}').next())
        .filter_map(|path| path.strip_prefix(out))
    {
        let from = dir.join(format!("{name}.tex"));
        std::fs::copy(&from, dir.join(out).join(format!("{name}.tex")))
            .unwrap_or_else(|e| panic!("{}: {e}", from.display()));
    }
}

/// ibid's report with generated inputs named by their sources.
fn map_generated(id: &str, mut report: Report) -> Report {
    let (project, out) = GENERATED_INPUTS;
    if id == project {
        let map = |p: &mut conformance_corpus::Place| {
            if let Some(source) = p.path.strip_prefix(out) {
                p.path = source.to_owned();
            }
        };
        for f in &mut report.findings {
            map(&mut f.place);
            f.related.iter_mut().for_each(map);
        }
    }
    report
}

// The projects of `corpus/latex/index.json`, one trial each.
conformance_trials::projects! {
    diffyqs => "diffyqs",
    ethereum_yellowpaper => "ethereum-yellowpaper",
    forallx_yyc => "forallx-yyc",
    hott_book => "hott-book",
    open_logic_sample => "open-logic-sample",
    oxford_thesis => "oxford-thesis",
    phd_thesis_template => "phd-thesis-template",
    scientific_thesis_template => "scientific-thesis-template",
    scipy_paper => "scipy-1.0-paper",
    sympy_paper => "sympy-paper",
    thoma_activation_functions => "thoma-activation-functions",
    tufte_latex => "tufte-latex",
    xv6_riscv_book => "xv6-riscv-book",
}

fn main() -> ExitCode {
    let machinery: Vec<(&'static str, fn())> = vec![
        ("machinery_corpus_shape", machinery::corpus_shape),
        ("machinery_paths", machinery::paths),
        ("machinery_expectations", machinery::expectations),
        ("machinery_comparison", machinery_compare::comparison),
        ("machinery_patches", machinery::patches),
    ];
    conformance_trials::main(machinery, project_trials(), print_summary)
}

/// What the summary counts of a project's base run.
struct BaseCounts {
    findings: usize,
    explained: usize,
}

static SUMMARIES: Summaries<BaseCounts> = Summaries::new();

fn check_project(id: &str) {
    let project = Project::load(id);
    let blind = CHECKCITES_BLIND.contains(&id);
    let scratch = conformance_run::Scratch::new(id);
    let prepare = |case: &str| -> PathBuf {
        let dir = scratch.copy(case, &project.src());
        if id == OLIMPORT_PROJECT {
            std::fs::write(dir.join("ibid.toml"), OLIMPORT_CONFIG)
                .unwrap_or_else(|e| panic!("writing ibid.toml: {e}"));
        }
        dir
    };
    let explain_error = |e: String| {
        if id == OLIMPORT_PROJECT && e.contains("ibid.toml") {
            format!(
                "ibid rejected the ibid.toml that declares \\olimport (OLIMPORT_CONFIG in \
                 tests/latex_conformance.rs), so no chapter of this project can be read: {e}"
            )
        } else {
            e
        }
    };

    let expected = expect::for_base(&project, blind);
    let base_dir = prepare("base");
    prebuild(id, &base_dir);
    let base = conformance_run::ibid(&base_dir)
        .map(|r| map_generated(id, r))
        .map_err(explain_error);
    let mut counts = BaseCounts {
        findings: 0,
        explained: 0,
    };
    let base_problems = match &base {
        Ok(report) => {
            counts.findings = report.findings.len();
            let (problems, n) = compare::check_base(
                id,
                &project.main,
                &expected,
                report,
                EXPLAINED,
                EXPLAINED_FAILURES,
            );
            counts.explained = n;
            problems
        }
        Err(e) => vec![e.clone()],
    };
    let mut outcomes = vec![Outcome::base(base_problems, expected.notes)];

    for m in &project.mutations {
        let dir = prepare(&m.id);
        let mut outcome = Outcome::mutation(&m.id, &m.describe(&project));
        if let Err(e) = run::apply_patch(&dir, &m.patch) {
            outcome.problems.push(e);
            outcomes.push(outcome);
            continue;
        }
        prebuild(id, &dir);
        let expected = expect::for_mutation(&project, m, &dir, blind);
        outcome.notes = expected.notes.clone();
        let mutated = conformance_run::ibid(&dir)
            .map(|r| map_generated(id, r))
            .map_err(explain_error);
        outcome.problems = against_base(&base, mutated, |base, mutated| {
            compare::check_mutation(&expected, base, mutated)
        });
        outcomes.push(outcome);
    }

    let reproduce = format!(
        "cp -r {} /tmp/x && cd /tmp/x{} && [git apply -p1 {}/mutations/<m>.patch] && ibid check \
         --format json .",
        project.src().display(),
        if project.id == OLIMPORT_PROJECT {
            " && [write OLIMPORT_CONFIG as ibid.toml]"
        } else {
            ""
        },
        project.dir.display()
    );
    SUMMARIES.finish(id, counts, &outcomes, &reproduce);
}

fn print_summary() {
    SUMMARIES.print("latex", PROJECTS.len(), |summaries| {
        for s in summaries {
            println!(
                "  {:<28} base {} ({} findings, {} explained)  mutations {}/{}",
                s.project,
                if s.base_ok { "ok    " } else { "FAILED" },
                s.base.findings,
                s.base.explained,
                s.mutations_ok,
                s.mutations
            );
        }
        println!("\ncorpus notes (what the harness adjusted or found inconsistent):");
        for s in summaries {
            for n in &s.notes {
                println!("  {}: {n}", s.project);
            }
        }
    });
}
