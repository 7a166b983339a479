//! `ibid check` end to end on a generated corpus of about 60 MB of LaTeX
//! projects (articles, theses with `\include`d chapters and two `.bib`
//! files, books two levels of `\input`/`\import` deep, verbatim-heavy
//! lecture notes, paper + supplement pairs sharing a file; see
//! `corpus/latex.rs`), beside `cat` of the same files in the same run.
//! The issue's targets: at least 500 MB/s on two cores, and a peak RSS of
//! at most 64 MiB.
//!
//! Stages, timed in turn round after round (the order rotating, so that
//! noise on a shared machine hits them alike):
//!
//! - `cat`: the real `cat` over every `.tex` and `.bib` of the corpus (not
//!   the `.aux` files left for checkcites), in batches of at most 128 KiB
//!   of arguments, output to `/dev/null`;
//! - `ibid -j 2`: `ibid check --format json -j 2 .` run in the corpus
//!   folder, output to `/dev/null`, from a small probe process that reaps
//!   it with `wait4` for its peak RSS and CPU time (see `probe/mod.rs`).
//!
//! Figures: best and median time, MB/s (10^6 bytes of `.tex` and `.bib`
//! per second), the ratio to `cat` (cat's best time / the stage's), CPU
//! seconds, peak RSS and how many cores other processes kept busy
//! meanwhile.
//!
//! Before timing, one run's JSON is checked against what the generator
//! planted: the files read (every `.tex` and `.bib`, nothing else), and
//! every finding by code, path and label (`undefined-ref 31/31`, and any
//! finding not planted). While the binary has no LaTeX dialect it reads no
//! `.tex` file: the bench says so and does not judge the findings (its
//! figures then time a walk that reads almost nothing). A mismatch once
//! the dialect reads `.tex` files fails the bench in `--test` mode only:
//! that is the run CI makes, and it should stop a change that breaks the
//! LaTeX checker; a full run is for reading figures, which a mismatch
//! does not make unreadable, so it reports the mismatch and exits 0.
//!
//! ```text
//! cargo build --release && cargo bench --bench latex   # 60 MB, 5 rounds
//! cargo bench --bench latex -- --test                  # 1.5 MB, 1 round
//! cargo bench --bench latex -- --dir                   # write it, print its path
//! ```
//!
//! `IBID_BENCH_LATEX_MB` sets the size (also in `--test` mode),
//! `IBID_BENCH_SEED` the seed, `IBID_BENCH_ROUNDS` the rounds, `IBID_BIN`
//! the binary (default `target/release/ibid`). The corpus is written once
//! under `target/ibid-bench-latex/`. `benches/latex_checkcites.sh` times
//! checkcites on a sample of its projects.

#[allow(dead_code)]
mod corpus;
mod end_to_end;
mod probe;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;
mod timing;

use std::collections::BTreeSet;
use std::path::Path;

use corpus::latex::{self, Code, Corpus, Kind};
use end_to_end::{Judge, Reading, Run, Verdict};

const TARGET_MB_S: f64 = 500.0;

end_to_end::bench!("latex", ".tex", TARGET_MB_S, latex);

/// The corpus in a few lines (the bench's `main` adds what was planted).
fn describe(c: &Corpus) {
    let kinds = Kind::ALL.map(|k| format!("{} {}", c.projects_of(k), k.id()));
    let ext = |e: &str| c.files.iter().filter(|f| f.0.ends_with(e)).count();
    let compiled = c.projects.iter().filter(|p| p.checkcites.is_some()).count();
    println!(
        "latex corpus: {} projects ({}); {} .tex and {} .bib files, {:.1} MB; \
         {} under \\nocite{{*}}; {} with .aux/.bcf for checkcites ({} files)",
        c.projects.len(),
        kinds.join(", "),
        ext(".tex"),
        ext(".bib"),
        c.bytes() as f64 / 1e6,
        c.projects.iter().filter(|p| p.nocite).count(),
        compiled,
        c.aux.len(),
    );
}

/// One run's JSON against the corpus: the files read, the failures, and
/// every finding against the planted defects.
fn verify(c: &Corpus, bin: &Path) -> Verdict {
    let run = Run::check(&c.dir, bin);
    let r = Reading::of(&run, &c.files, &[], "latex");
    let count = |set: &BTreeSet<String>, ext: &str| set.iter().filter(|p| p.ends_with(ext)).count();
    let others = r.others();
    println!(
        "check: ibid read {} of the {} .tex and {} of the {} .bib files, {} other files{}; \
         {} failures; exit status {}",
        r.hits(".tex"),
        count(&r.wanted, ".tex"),
        r.hits(".bib"),
        count(&r.wanted, ".bib"),
        others.len(),
        end_to_end::first_of(&others),
        run.list("failures").len(),
        run.status(),
    );
    if count(&r.read, ".tex") == 0 {
        return end_to_end::no_dialect("no .tex file read", "LaTeX", c.defects.len());
    }
    let judge = Judge {
        codes: &Code::ALL.map(|code| code.id()),
        tolerated: BTreeSet::new(),
        aside: "",
        lines: false,
        detail: false,
        shown: 12,
    };
    judge.judge(&run, &c.defects, Code::id, &r)
}
