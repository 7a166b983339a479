//! `ibid check` end to end on a generated corpus of about 32 MB of
//! AsciiDoc (books whose master includes its chapters, single articles,
//! folders of guides; see `corpus/asciidoc.rs`), beside `cat` of the same
//! files in the same run. The issue's targets: at least 300 MB/s on two
//! cores, and a peak RSS of at most 64 MiB (`benches/asciidoc_asciidoctor.sh`
//! times Asciidoctor on the same books).
//!
//! Stages, timed in turn round after round (the order rotating, so that
//! noise on a shared machine hits them alike):
//!
//! - `cat`: the real `cat` over every `.adoc` of the corpus, in batches of
//!   at most 128 KiB of arguments, output to `/dev/null`;
//! - `ibid -j 2`: `ibid check --format json -j 2 .` run in the corpus
//!   folder, output to `/dev/null`, from a small probe process that reaps
//!   it with `wait4` for its peak RSS and CPU time (see `probe/mod.rs`).
//!
//! Figures: best and median time, MB/s (10^6 bytes of `.adoc` per
//! second), the ratio to `cat`, CPU seconds, peak RSS and how many cores
//! other processes kept busy meanwhile.
//!
//! Before timing, one run's JSON is checked against what the generator
//! planted: the files read (every `.adoc`; the code samples that listings
//! include may be listed too, nothing else), and every finding by code,
//! path, line and label. While the binary has no AsciiDoc dialect it reads
//! no `.adoc` file as `asciidoc`: the bench says so and does not judge the
//! findings. A mismatch fails the bench in `--test` mode only (the run CI
//! makes); a full run reports it and exits 0.
//!
//! ```text
//! cargo build --release && cargo bench --bench asciidoc   # 32 MB, 5 rounds
//! cargo bench --bench asciidoc -- --test                  # 1.5 MB, 1 round
//! cargo bench --bench asciidoc -- --dir                   # write it, print its path
//! ```
//!
//! `IBID_BENCH_ASCIIDOC_MB` sets the size (also in `--test` mode),
//! `IBID_BENCH_SEED` the seed, `IBID_BENCH_ROUNDS` the rounds, `IBID_BIN`
//! the binary (default `target/release/ibid`). The corpus is written once
//! under `target/ibid-bench-asciidoc/`.

#[allow(dead_code)]
mod corpus;
mod end_to_end;
mod probe;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;
mod timing;

use std::collections::BTreeSet;
use std::path::Path;

use corpus::asciidoc::{self, Code, Corpus, Kind};
use end_to_end::{Judge, Reading, Run, Verdict};

const TARGET_MB_S: f64 = 300.0;

end_to_end::bench!("asciidoc", ".adoc", TARGET_MB_S, asciidoc);

/// The corpus in a few lines (the bench's `main` adds what was planted).
fn describe(c: &Corpus) {
    let kinds = Kind::ALL.map(|k| format!("{} {}", c.units_of(k), k.id()));
    let included = c.files.len() - c.roots.len();
    println!(
        "asciidoc corpus: {} units ({}); {} .adoc files ({:.1} MB: {} documents, {} included \
         chapters, sidebars, bibliographies and partials), {} code samples",
        c.units.len(),
        kinds.join(", "),
        c.files.len(),
        c.bytes() as f64 / 1e6,
        c.roots.len(),
        included,
        c.support.len(),
    );
}

/// One run's JSON against the corpus: the files read, the failures, and
/// every finding against the planted defects.
fn verify(c: &Corpus, bin: &Path) -> Verdict {
    let run = Run::check(&c.dir, bin);
    let r = Reading::of(&run, &c.files, &c.support, "asciidoc");
    let others = r.others();
    println!(
        "check: ibid read {} of the {} .adoc files ({} as asciidoc), {} code \
         samples, {} other files{}; {} failures; exit status {}",
        r.hits(""),
        r.wanted.len(),
        r.as_dialect,
        r.supporting(),
        others.len(),
        end_to_end::first_of(&others),
        run.list("failures").len(),
        run.status(),
    );
    if r.as_dialect == 0 {
        let what = "no .adoc file read as asciidoc";
        return end_to_end::no_dialect(what, "AsciiDoc", c.defects.len());
    }
    let judge = Judge {
        codes: &Code::ALL.map(|code| code.id()),
        tolerated: BTreeSet::new(),
        aside: "",
        lines: true,
        detail: true,
        shown: 20,
    };
    judge.judge(&run, &c.defects, Code::id, &r)
}
