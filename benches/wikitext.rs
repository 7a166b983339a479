//! `ibid check` end to end on a generated corpus of about 32 MB of
//! MediaWiki wikitext (Wikipedia-like pages: articles with short
//! citations against their sources, biographies with notes, lists of
//! tables, stubs; see `corpus/wikitext.rs`), beside `cat` of the same
//! files in the same run. The issue's targets: at least 300 MB/s on two
//! cores, and a peak RSS of at most 64 MiB
//! (`benches/wikitext_mwparserfromhell.sh` times mwparserfromhell on the
//! same pages).
//!
//! Stages, timed in turn round after round (the order rotating, so that
//! noise on a shared machine hits them alike):
//!
//! - `cat`: the real `cat` over every `.wiki` page, in batches of at most
//!   128 KiB of arguments, output to `/dev/null`;
//! - `ibid -j 2`: `ibid check --format json -j 2 .` run in the corpus
//!   folder, output to `/dev/null`, from a small probe process that reaps
//!   it with `wait4` for its peak RSS and CPU time (see `probe/mod.rs`).
//!
//! Figures: best and median time, MB/s (10^6 bytes of `.wiki` per
//! second), the ratio to `cat`, CPU seconds, peak RSS and how many cores
//! other processes kept busy meanwhile.
//!
//! Before timing, one run's JSON is checked against what the generator
//! planted: the pages read (every one, nothing else) and every finding by
//! code, path, line and label. While the binary has no wikitext dialect it
//! reads no `.wiki` file as `wikitext`: the bench says so and does not
//! judge the findings. A mismatch fails the bench in `--test` mode only
//! (the run CI makes); a full run reports it and exits 0.
//!
//! ```text
//! cargo build --release && cargo bench --bench wikitext   # 32 MB, 5 rounds
//! cargo bench --bench wikitext -- --test                  # 1 MB, 1 round
//! cargo bench --bench wikitext -- --dir                   # write it, print its path
//! ```
//!
//! `IBID_BENCH_WIKITEXT_MB` sets the size (also in `--test` mode),
//! `IBID_BENCH_SEED` the seed, `IBID_BENCH_ROUNDS` the rounds, `IBID_BIN`
//! the binary (default `target/release/ibid`). The corpus is written once
//! under `target/ibid-bench-wikitext/`.

#[allow(dead_code)]
mod corpus;
mod end_to_end;
mod probe;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;
mod timing;

use std::path::Path;

use corpus::wikitext::{self, Code, Corpus, Kind};
use end_to_end::{Judge, Reading, Run, Verdict};

const TARGET_MB_S: f64 = 300.0;

end_to_end::bench!("wikitext", ".wiki", TARGET_MB_S, wikitext);

/// The corpus in a few lines (the bench's `main` adds what was planted).
fn describe(c: &Corpus) {
    let kinds = Kind::ALL.map(|k| format!("{} {}", c.pages_of(k), k.id()));
    println!(
        "wikitext corpus: {} pages ({}), {:.1} MB",
        c.pages.len(),
        kinds.join(", "),
        c.bytes() as f64 / 1e6,
    );
}

/// One run's JSON against the corpus: the pages read, the failures, and
/// every finding against the planted defects.
fn verify(c: &Corpus, bin: &Path) -> Verdict {
    let run = Run::check(&c.dir, bin);
    let r = Reading::of(&run, &c.files, &[], "wikitext");
    let others = r.others();
    println!(
        "check: ibid read {} of the {} pages ({} as wikitext), {} other files{}; {} \
         failures; exit status {}",
        r.hits(""),
        r.wanted.len(),
        r.as_dialect,
        others.len(),
        end_to_end::first_of(&others),
        run.list("failures").len(),
        run.status(),
    );
    if r.as_dialect == 0 {
        let what = "no .wiki file read as wikitext";
        return end_to_end::no_dialect(what, "wikitext", c.defects.len());
    }
    // A list-defined ref whose group differs from its list's is, for
    // MediaWiki, not in the list: the reuse of its name may be reported
    // unresolved and the ref orphaned beside the planted group-mismatch.
    let also = [Code::Unresolved, Code::Orphaned];
    let judge = Judge {
        codes: &Code::ALL.map(|code| code.id()),
        tolerated: end_to_end::beside(&c.defects, Code::GroupMismatch, also, Code::id),
        aside: "unresolved reuses or orphaned copies of the refs planted with the wrong group",
        lines: true,
        detail: true,
        shown: 20,
    };
    judge.judge(&run, &c.defects, Code::id, &r)
}
