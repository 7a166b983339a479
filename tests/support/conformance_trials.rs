//! What the corpus conformance tests (`latex_conformance`,
//! `sphinx_conformance`, `asciidoc_conformance`) share around their trials:
//! `main`, the outcome of each case of a project (its unmodified sources,
//! then each mutation), the report a failing project panics with, and the
//! per-project summaries printed at the end.
//!
//! Included by each of those test crates with
//! `#[path = "support/conformance_trials.rs"] mod conformance_trials;`,
//! beside `support/corpus_gate.rs` (as `corpus_gate`) and
//! `support/conformance_run.rs` (as `conformance_run`). Each crate uses
//! every item here.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Mutex;

/// The suite's projects, one trial each (named by its id) that calls the
/// crate's `check_project(id)`: `projects! { rust_name => "id", … }`
/// defines `PROJECTS` (the ids, in order) and `project_trials()`.
macro_rules! projects {
    ($($name:ident => $id:literal),* $(,)?) => {
        /// The projects of the suite's `index.json`, one trial each.
        pub const PROJECTS: &[&str] = &[$($id),*];
        $(fn $name() { check_project($id) })*
        fn project_trials() -> Vec<(&'static str, fn())> {
            vec![$(($id, $name as fn())),*]
        }
    };
}
pub(crate) use projects;

/// Runs the `machinery` trials (the harness's own checks) and the
/// `projects`' under the corpus gate, then `print_summary`, then removes
/// this process's scratch copies.
pub fn main(
    machinery: Vec<(&'static str, fn())>,
    projects: Vec<(&'static str, fn())>,
    print_summary: fn(),
) -> ExitCode {
    // A failing project panics with its whole report, which the harness
    // prints under "failures"; the default hook would print it twice.
    std::panic::set_hook(Box::new(|info| {
        if let Some(at) = info.location() {
            eprintln!("panicked at {at} (the message is in the failures below)");
        }
    }));
    let mut trials = machinery;
    trials.extend(projects);
    let code = crate::corpus_gate::run(trials);
    print_summary();
    let _ = std::fs::remove_dir_all(crate::conformance_run::process_root());
    code
}

/// One case (the base or a mutation) of a project.
pub struct Outcome {
    pub title: String,
    pub problems: Vec<String>,
    pub notes: Vec<String>,
}

impl Outcome {
    /// The case of the project's unmodified sources.
    pub fn base(problems: Vec<String>, notes: Vec<String>) -> Self {
        Self {
            title: "base (unmodified sources)".to_owned(),
            problems,
            notes,
        }
    }

    /// A mutation's case, with no problem or note yet.
    pub fn mutation(id: &str, description: &str) -> Self {
        Self {
            title: format!("mutation {id}: {description}"),
            problems: Vec::new(),
            notes: Vec::new(),
        }
    }
}

/// The problems of a mutation's case once ibid ran on its patched copy:
/// ibid's error, or that there is no base report to compare with, or what
/// `compare` (base, mutated) finds.
pub fn against_base<R>(
    base: &Result<R, String>,
    mutated: Result<R, String>,
    compare: impl FnOnce(&R, &R) -> Vec<String>,
) -> Vec<String> {
    match (base, mutated) {
        (_, Err(e)) => vec![e],
        (Err(_), Ok(_)) => vec!["no base report to compare with (see the base case)".to_owned()],
        (Ok(base), Ok(mutated)) => compare(base, &mutated),
    }
}

/// One project's outcome, for the summary printed at the end; `B` is what
/// the suite counts of its base run.
pub struct Summary<B> {
    pub project: String,
    pub base: B,
    pub base_ok: bool,
    pub mutations_ok: usize,
    pub mutations: usize,
    /// Every case's notes, as `case: note`.
    pub notes: Vec<String>,
}

/// The summaries of the projects run so far (trials run in parallel).
pub struct Summaries<B>(Mutex<Vec<Summary<B>>>);

impl<B> Summaries<B> {
    pub const fn new() -> Self {
        Self(Mutex::new(Vec::new()))
    }

    /// Records a project's outcomes (the base first), then fails the
    /// project's trial, with every problem of every case, if any case
    /// failed. `reproduce` says how to run a case by hand.
    pub fn finish(&self, project: &str, base: B, outcomes: &[Outcome], reproduce: &str) {
        let summary = Summary {
            project: project.to_owned(),
            base,
            base_ok: outcomes[0].problems.is_empty(),
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
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(summary);

        let failed = outcomes.iter().filter(|o| !o.problems.is_empty()).count();
        if failed > 0 {
            panic!("{}", failure_report(project, outcomes, failed, reproduce));
        }
    }

    /// Prints the summary of the projects run (nothing if none ran), by
    /// project id: `<suite> conformance, per project:`, then `body` (a
    /// line per project, the notes), then the total.
    pub fn print(&self, suite: &str, projects: usize, body: impl FnOnce(&[Summary<B>])) {
        let mut summaries = std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()));
        if summaries.is_empty() {
            return;
        }
        summaries.sort_by(|a, b| a.project.cmp(&b.project));
        println!("\n{suite} conformance, per project:");
        body(&summaries);
        print_total(suite, &summaries, projects);
    }
}

/// Every problem of a project, grouped by case, with how to reproduce.
fn failure_report(project: &str, outcomes: &[Outcome], failed: usize, reproduce: &str) -> String {
    let mut s = format!(
        "{project}: {failed} of {} cases failed (base + {} mutations)\n",
        outcomes.len(),
        outcomes.len() - 1
    );
    let _ = writeln!(s, "  reproduce: {reproduce}");
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

/// The last line: `<suite> conformance: N/M mutations, K/P base projects`,
/// saying how many of the suite's `projects` ran when not all did.
fn print_total<B>(suite: &str, summaries: &[Summary<B>], projects: usize) {
    let mutations_ok: usize = summaries.iter().map(|s| s.mutations_ok).sum();
    let mutations: usize = summaries.iter().map(|s| s.mutations).sum();
    let base_ok = summaries.iter().filter(|s| s.base_ok).count();
    let partial = if summaries.len() < projects {
        format!(" ({} of {projects} projects run)", summaries.len())
    } else {
        String::new()
    };
    println!(
        "\n{suite} conformance: {mutations_ok}/{mutations} mutations, {base_ok}/{} base \
         projects{partial}",
        summaries.len()
    );
}
