//! Conformance of the AsciiDoc dialect against Asciidoctor:
//! `../shared/corpus/asciidoc` (4 real books built with `asciidoctor
//! --verbose`, 20 mutations; see its README), read in place, never copied
//! into the repository. One trial per book checks its unmodified sources
//! and every mutation; `machinery_*` trials check the harness itself.
//!
//! Each book gets one scratch copy of its `src/` (under the system's
//! temporary folder, removed at the end); `ibid check --format json .`
//! runs in it as is, then once per mutation after `patch -p1 <
//! mutations/<m>.patch`, the patched files being restored after each. The
//! whole folder is one run, so a book is checked as a whole: through its
//! master file's `include::`s, or, for lnbook, which has no master file
//! (O'Reilly Atlas builds it), through `atlas.json`'s `files` list, which
//! ibid reads as the book's root.
//!
//! # Which messages ibid answers for
//!
//! | oracle kind | ibid code | where |
//! |---|---|---|
//! | `xref_unresolved` | `undefined-ref` | each hand-found location (`<<id>>`, `xref:id[`) |
//! | `footnote_invalid_ref` | `unresolved` | each hand-found location (`footnote:id[`) |
//! | `include_missing` | `missing-file` | the `include::` line |
//! | `duplicate_id` | `duplicate-label` | the id's own line (`[[id]]`, `[#id]`, …) nearest at or above the title or block Asciidoctor names, `related` at the other definition |
//!
//! Skipped as classes, outside ibid's contract (they judge document
//! structure and markup, not references): `section_level` (section
//! levels out of sequence), `list_continuation` (ordered-list numbering),
//! `callout` (listing callouts; progit2's four are an artefact of a
//! placeholder anyway) and `other` (block styles, lnbook's two
//! `partintro` errors, which come from the stand-in master file the
//! oracle's build wrote). A kind the harness does not know fails the case.
//!
//! Asciidoctor gives `possible invalid reference` and `invalid footnote
//! reference` no location; the corpus found the key's places by hand
//! (`locations[]`), as many as messages (else the case fails: nobody can
//! tell which ones Asciidoctor meant). Asciidoctor's own line may be a
//! block's first line or a section title below its anchor: the construct
//! is looked up in the sources from there, and every place that differs
//! from the oracle's line is printed as a note.
//!
//! # Unmodified books
//!
//! Every oracle message ibid answers for is reported at its place: that
//! is exactly the real findings the corpus README names
//! ([`README_FINDINGS`], checked against the oracles by
//! `machinery_corpus_shape`). Besides them, ibid reports `missing-file`
//! for every include of a file the corpus does not store (code samples):
//! the oracle's build gave each an empty placeholder
//! (`build.placeholders`), so those includes are expected from that list,
//! at every line of the sources that includes a placeholder's path. Any
//! other finding must be a row of [`EXPLAINED`], with its reason; no
//! `failures[]`. A failing book prints one table of every expected and
//! reported finding with its verdict.
//!
//! # Mutations
//!
//! The oracle's delta is computed by the harness, not read from
//! `delta_vs_base` (a line-sensitive multiset difference, README): the
//! base oracle's places are moved to the patched numbering by the patch's
//! own hunks, then compared exactly. ibid's delta is computed the same
//! way from its own two reports: what it added must be exactly the
//! oracle's delta at the places above (anything else added must be in
//! [`EXPLAINED`] under the mutation's id), and nothing may disappear.
//! `footnote-id-redefined` has an empty oracle on purpose (Asciidoctor is
//! silent and keeps the first text): ibid must report `duplicate` at the
//! second definition (the mutation json's `added[1]`), `related` at the
//! first.
//!
//! # Running
//!
//! `cargo test --test asciidoc_conformance` (one book: add its id, e.g.
//! `-- lnbook`). A failing book prints every problem of its base and
//! mutations at once; at the end come one line per book, the notes, and
//! the total (`asciidoc conformance: N/20 mutations, M/4 base projects`).
//! `machinery_patches` proves that a perfect ibid (a report made from the
//! expectations) passes every case, and that the harness's reading of
//! each patch's renumbering matches the patched files.

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

#[path = "asciidoc_conformance/compare.rs"]
mod compare;
#[path = "asciidoc_conformance/corpus.rs"]
mod corpus;
#[path = "asciidoc_conformance/expect.rs"]
mod expect;
#[path = "asciidoc_conformance/machinery.rs"]
mod machinery;
#[path = "asciidoc_conformance/machinery_compare.rs"]
mod machinery_compare;
#[path = "asciidoc_conformance/oracle.rs"]
mod oracle;
#[path = "asciidoc_conformance/run.rs"]
mod run;
#[path = "asciidoc_conformance/shift.rs"]
mod shift;
#[path = "asciidoc_conformance/source.rs"]
mod source;

use compare::{BaseOutcome, Context};
use conformance_oracle::{print_notes, reproduce, Explained, BASE};
use conformance_trials::{against_base, Outcome, Summaries};
use corpus::Project;
use shift::Shift;

/// The real findings the corpus README names on the unmodified books:
/// `(book, code, path, line, label)`. They are what the oracles' mapped
/// messages give (`machinery_corpus_shape` checks it), so each base case
/// expects exactly these from the oracle.
pub const README_FINDINGS: &[(&str, &str, &str, usize, &str)] = &[
    (
        "bitcoinbook-2nd",
        "missing-file",
        "book.asciidoc",
        43,
        "index.asciidoc",
    ),
    (
        "bitcoinbook-2nd",
        "missing-file",
        "book.asciidoc",
        45,
        "colo.asciidoc",
    ),
    (
        "ethereumbook",
        "undefined-ref",
        "04keys-addresses.asciidoc",
        222,
        "example_1",
    ),
    (
        "lnbook",
        "undefined-ref",
        "11_gossip_channel_graph.asciidoc",
        185,
        "ex1102",
    ),
];

/// Why ethereumbook's `contrib/` drafts have findings no oracle has,
/// then the finding's own reason.
macro_rules! contrib {
    ($why:literal) => {
        concat!(
            "contrib/ is outside the book: no include reaches it, so the oracle's build never \
             read it, and ibid checks the file as a document of its own (as `asciidoctor \
             contrib/<file>` would); ",
            $why
        )
    };
}

/// ibid's findings that no oracle message accounts for and that are
/// right, each with the reason (`base` or the mutation's id). Asciidoctor
/// resolves `<<text>>` by a section's or titled block's title, exactly,
/// only when the text has a space or an uppercase letter
/// (`Substitutors#sub_macros`, `Document#resolve_id`); otherwise the text
/// is an id.
pub const EXPLAINED: &[Explained] = &[
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/aws-network-operation.asciidoc",
        "aws-network-operation.asciidoc#_code_start_bootnode",
        contrib!(
            "the xref names this very file, which has no `_code_start_bootnode` (that id \
         is in contrib/aws-network-setup.asciidoc:266)"
        ),
    ),
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/governance.asciidoc",
        "stakeholders",
        contrib!(
            "all lowercase without a space, so an id, and there is none (the section's \
         is `_anchor_stakeholders`)"
        ),
    ),
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/governance.asciidoc",
        "proof of work",
        contrib!("no section, titled block or reftext is `proof of work`"),
    ),
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/governance.asciidoc",
        "proof of stake",
        contrib!("no section, titled block or reftext is `proof of stake` (lines 621, 630)"),
    ),
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/governance.asciidoc",
        "All core devs",
        contrib!("the section is `All Core Devs` (line 693), and titles match exactly"),
    ),
    (
        "ethereumbook",
        BASE,
        "undefined-ref",
        "contrib/governance.asciidoc",
        "Gas",
        contrib!("no section, titled block or reftext is `Gas` (there is `Setting gas limits`)"),
    ),
];

// The books of `corpus/asciidoc/index.json`, one trial each.
conformance_trials::projects! {
    bitcoinbook_2nd => "bitcoinbook-2nd",
    ethereumbook => "ethereumbook",
    lnbook => "lnbook",
    progit2 => "progit2",
}

/// How many mutations the corpus has (the count).
pub const MUTATIONS: usize = 20;

fn main() -> std::process::ExitCode {
    let machinery: Vec<(&'static str, fn())> = vec![
        ("machinery_corpus_shape", machinery::corpus_shape),
        ("machinery_line_rule", machinery::line_rule),
        ("machinery_expectations", machinery::expectations),
        ("machinery_comparison", machinery_compare::comparison),
        ("machinery_patches", machinery::patches),
    ];
    conformance_trials::main(machinery, project_trials(), print_summary)
}

static SUMMARIES: Summaries<BaseOutcome> = Summaries::new();

fn check_project(id: &str) {
    let project = Project::load(id);
    let scratch = conformance_run::Scratch::new(id);
    let dir = scratch.copy("book", &project.src());
    let files = corpus::asciidoc_files(&dir);

    let expected = expect::for_base(&project);
    let base = conformance_run::ibid(&dir);
    let outcome = match &base {
        Ok(report) => compare::check_base(&context(&project, &files, BASE), &expected, report),
        Err(e) => BaseOutcome {
            problems: vec![e.clone()],
            expected: expected.checks.len(),
            placeholders: expected.placeholders.len(),
            ..BaseOutcome::default()
        },
    };
    let mut outcomes = vec![Outcome::base(outcome.problems.clone(), expected.notes)];

    for m in &project.mutations {
        let mut case = Outcome::mutation(&m.id, &m.describe());
        let ran = Shift::read(&m.patch).and_then(|shift| {
            run::patched(&dir, &m.patch, &shift, |dir| {
                let expected = expect::for_mutation(&project, m, dir, &shift);
                (expected, conformance_run::ibid(dir))
            })
            .map(|ran| (shift, ran))
        });
        match ran {
            Err(e) => case.problems.push(e),
            Ok((shift, (expected, mutated))) => {
                case.notes.clone_from(&expected.notes);
                case.problems = against_base(&base, mutated, |base, mutated| {
                    compare::check_mutation(
                        &context(&project, &files, &m.id),
                        &expected,
                        base,
                        mutated,
                        &shift,
                    )
                });
            }
        }
        outcomes.push(case);
    }

    let reproduce = reproduce(&project.src(), &project.dir);
    SUMMARIES.finish(id, outcome, &outcomes, &reproduce);
}

/// What the comparisons of a book's case need besides the reports.
fn context<'a>(
    project: &'a Project,
    files: &'a [(String, conformance_corpus::Lines)],
    case: &'a str,
) -> Context<'a> {
    Context {
        project: &project.id,
        case,
        files,
        atlas: project.atlas.as_deref(),
        explained: EXPLAINED,
    }
}

fn print_summary() {
    SUMMARIES.print("asciidoc", PROJECTS.len(), |summaries| {
        for s in summaries {
            let b = &s.base;
            println!(
                "  {}: base {}/{} oracle findings, {}/{} placeholder includes, {} explained, {} \
                 extra{}; mutations {}/{}",
                s.project,
                b.met,
                b.expected,
                b.placeholders_met,
                b.placeholders,
                b.explained,
                b.extra,
                if s.base_ok { "" } else { " — FAILED" },
                s.mutations_ok,
                s.mutations
            );
        }
        print_notes(summaries);
    });
}
