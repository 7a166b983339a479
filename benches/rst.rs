//! `ibid check` end to end on a generated corpus of about 32 MB of
//! reStructuredText (single docutils documents, folders of lectures that
//! include a shared fragment, Sphinx manuals, repositories with a README
//! beside a Sphinx project in `docs/source/`; see `corpus/rst.rs`), beside
//! `cat` of the same files in the same run. The issue's targets: at least
//! 300 MB/s on two cores, and a peak RSS of at most 64 MiB
//! (`benches/rst_docutils.sh` times docutils on the same files).
//!
//! Stages, timed in turn round after round (the order rotating, so that
//! noise on a shared machine hits them alike):
//!
//! - `cat`: the real `cat` over every `.rst` and `.bib` of the corpus, in
//!   batches of at most 128 KiB of arguments, output to `/dev/null`;
//! - `ibid -j 2`: `ibid check --format json -j 2 .` run in the corpus
//!   folder, output to `/dev/null`, from a small probe process that reaps
//!   it with `wait4` for its peak RSS and CPU time (see `probe/mod.rs`).
//!
//! Figures: best and median time, MB/s (10^6 bytes of `.rst` and `.bib`
//! per second), the ratio to `cat` (cat's best time / the stage's), CPU
//! seconds, peak RSS and how many cores other processes kept busy
//! meanwhile.
//!
//! Before timing, one run's JSON is checked against what the generator
//! planted: the files read (every `.rst` and `.bib`; `conf.py` and the
//! included `.inc` fragments may be listed too, nothing else), and every
//! finding by code, path and label (`unresolved 12/12`, and any finding
//! not planted). While the binary has no reStructuredText dialect it reads
//! no `.rst` file as `rst`: the bench says so and does not judge the
//! findings (its figures then time a walk that reads almost nothing). A
//! mismatch once the dialect reads `.rst` files fails the bench in
//! `--test` mode only: that is the run CI makes, and it should stop a
//! change that breaks the checker; a full run is for reading figures,
//! which a mismatch does not make unreadable, so it reports the mismatch
//! and exits 0.
//!
//! ```text
//! cargo build --release && cargo bench --bench rst     # 32 MB, 5 rounds
//! cargo bench --bench rst -- --test                    # 1.5 MB, 1 round
//! cargo bench --bench rst -- --dir                     # write it, print its path
//! ```
//!
//! `IBID_BENCH_RST_MB` sets the size (also in `--test` mode),
//! `IBID_BENCH_SEED` the seed, `IBID_BENCH_ROUNDS` the rounds, `IBID_BIN`
//! the binary (default `target/release/ibid`). The corpus is written once
//! under `target/ibid-bench-rst/`.

#[allow(dead_code)]
mod corpus;
mod probe;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;
mod timing;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::time::Instant;

use corpus::rst::{self, Code, Corpus, Kind, RstSpec};

const TARGET_MB_S: f64 = 300.0;
const TARGET_RSS_MIB: f64 = 64.0;
const THREADS: usize = 2;

fn main() {
    probe::serve();
    let args: Vec<String> = std::env::args().collect();
    let test = args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench");
    let spec = match test {
        true => RstSpec::from_env(rst::TEST_MB, rst::TEST_SCALE),
        false => RstSpec::from_env(rst::DEFAULT_MB, 1.0),
    };
    let started = Instant::now();
    let corpus = rst::prepare(&rst::default_root(), &spec)
        .unwrap_or_else(|e| panic!("cannot write the corpus: {e}"));
    if args.iter().any(|a| a == "--dir") {
        println!("{}", corpus.dir.display());
        return;
    }
    describe(&corpus, started.elapsed().as_secs_f64());
    let rounds = timing::rounds(test);
    let bin = probe::binary();
    let verdict = match bin {
        Some(bin) => verify(&corpus, bin),
        None => {
            println!("{}", probe::NO_BINARY);
            Verdict::NoBinary
        }
    };
    measure(&corpus, bin, rounds, verdict == Verdict::NoDialect);
    if test {
        println!("(test mode: a tiny corpus in one round; the figures mean nothing)");
        if verdict == Verdict::Mismatch {
            eprintln!("rst bench: ibid's findings differ from the planted defects (see above)");
            std::process::exit(1);
        }
    }
}

/// The corpus in a few lines.
fn describe(c: &Corpus, secs: f64) {
    let kinds = Kind::ALL.map(|k| format!("{} {}", c.units_of(k), k.id()));
    let ext = |e: &str| c.files.iter().filter(|f| f.0.ends_with(e)).count();
    let bytes = |e: &str| -> u64 {
        c.files
            .iter()
            .filter(|f| f.0.ends_with(e))
            .map(|f| f.1)
            .sum()
    };
    let sphinx = c.units.iter().filter(|u| u.sphinx.is_some()).count();
    let bibtex = c.units.iter().filter(|u| u.bibtex).count();
    let single = c
        .files
        .iter()
        .filter(|f| f.0.ends_with(".rst"))
        .filter(|f| !c.units.iter().any(|u| in_sphinx(u, &f.0)))
        .count();
    println!(
        "rst corpus: {} units ({}); {} .rst files ({:.1} MB: {} single documents, {} in {} Sphinx \
         projects, {} with sphinxcontrib-bibtex) and {} .bib files ({:.1} MB), {:.1} MB in all",
        c.units.len(),
        kinds.join(", "),
        ext(".rst"),
        bytes(".rst") as f64 / 1e6,
        single,
        ext(".rst") - single,
        sphinx,
        bibtex,
        ext(".bib"),
        bytes(".bib") as f64 / 1e6,
        c.bytes() as f64 / 1e6,
    );
    let planted = Code::ALL.map(|code| format!("{} {}", code.id(), c.planted(code)));
    println!("  planted: {}", planted.join(", "));
    println!(
        "  {} in {secs:.1} s: {}",
        if c.written { "written" } else { "reused" },
        c.dir.display()
    );
}

/// Whether `path` lies in the unit's Sphinx project.
fn in_sphinx(u: &rst::Unit, path: &str) -> bool {
    match &u.sphinx {
        Some(root) if root == "." => path.starts_with(&format!("{}/", u.dir)),
        Some(root) => path.starts_with(&format!("{}/{root}/", u.dir)),
        None => false,
    }
}

/// What one checked run says about the binary.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Verdict {
    NoBinary,
    /// The binary reads no `.rst` file as reStructuredText.
    NoDialect,
    Match,
    Mismatch,
}

type Key = (String, String, String);

/// One run's JSON against the corpus: the files read, the failures, and
/// every finding against the planted defects.
fn verify(c: &Corpus, bin: &Path) -> Verdict {
    let (status, json) = probe::check_json(&c.dir, bin, &probe::check_args(THREADS, &[]));
    let empty = Vec::new();
    let list = |key: &str| json[key].as_array().unwrap_or(&empty);
    let path = |v: &serde_json::Value| {
        let p = v.as_str().unwrap_or("");
        p.strip_prefix("./").unwrap_or(p).to_owned()
    };
    let files = list("files");
    let read: BTreeSet<String> = files.iter().map(|f| path(&f["path"])).collect();
    let as_rst = files.iter().filter(|f| f["dialect"] == "rst").count();
    let wanted: BTreeSet<String> = c.files.iter().map(|f| f.0.clone()).collect();
    let support: BTreeSet<String> = c.support.iter().map(|f| f.0.clone()).collect();
    let count = |set: &BTreeSet<String>, ext: &str| set.iter().filter(|p| p.ends_with(ext)).count();
    let hits = |ext: &str| {
        read.intersection(&wanted)
            .filter(|p| p.ends_with(ext))
            .count()
    };
    let others: Vec<&String> = read
        .difference(&wanted)
        .filter(|p| !support.contains(*p))
        .collect();
    let supporting = read.intersection(&support).count();
    let missed: Vec<&String> = wanted.difference(&read).collect();
    let failures = list("failures");
    println!(
        "check: ibid read {} of the {} .rst files ({as_rst} as rst) and {} of the {} .bib files, \
         {supporting} conf.py or fragments, {} other files{}; {} failures; exit status {}",
        hits(".rst"),
        count(&wanted, ".rst"),
        hits(".bib"),
        count(&wanted, ".bib"),
        others.len(),
        match others.first() {
            Some(p) => format!(" (first {p})"),
            None => String::new(),
        },
        failures.len(),
        status.map_or("none".into(), |s| s.to_string()),
    );
    if as_rst == 0 {
        println!(
            "  no .rst file read as rst: this binary has no reStructuredText dialect yet, so its \
             findings are not judged (the {} planted defects wait for it)",
            c.defects.len()
        );
        return Verdict::NoDialect;
    }
    // Found and planted, as (code, path, label) with multiplicity.
    let mut found: BTreeMap<Key, usize> = BTreeMap::new();
    // The line of each finding's first report.
    let mut first: BTreeMap<Key, u64> = BTreeMap::new();
    for d in list("diagnostics") {
        let key = (
            d["code"].as_str().unwrap_or("").to_owned(),
            path(&d["path"]),
            d["label"].as_str().unwrap_or("").to_owned(),
        );
        first
            .entry(key.clone())
            .or_insert(d["line"].as_u64().unwrap_or(0));
        *found.entry(key).or_default() += 1;
    }
    let mut planted: BTreeMap<Key, usize> = BTreeMap::new();
    for d in &c.defects {
        let key = (d.code.id().to_owned(), d.path.clone(), d.label.clone());
        *planted.entry(key).or_default() += 1;
    }
    // A note defined twice is, as docutils has it, no target at all: its
    // markers may be reported unresolved and its copies orphaned beside
    // the planted `duplicate`. DESIGN.md neither asks for nor forbids
    // that, so those findings are counted apart, not judged.
    let tolerated: BTreeSet<Key> = c
        .defects
        .iter()
        .filter(|d| d.code == Code::Duplicate)
        .flat_map(|d| {
            [Code::Unresolved, Code::Orphaned]
                .map(|code| (code.id().to_owned(), d.path.clone(), d.label.clone()))
        })
        .collect();
    let mut aside = 0;
    for k in &tolerated {
        if let Some(n) = found.get(k) {
            aside += n - planted.get(k).copied().unwrap_or(0).min(*n);
        }
    }
    let mut line = String::new();
    for code in Code::ALL {
        let id = code.id();
        let p: usize = planted
            .iter()
            .filter(|(k, _)| k.0 == id)
            .map(|(_, n)| n)
            .sum();
        let hit: usize = planted
            .iter()
            .filter(|(k, _)| k.0 == id)
            .map(|(k, n)| (*n).min(found.get(k).copied().unwrap_or(0)))
            .sum();
        // Found, less the tolerated findings past the planted ones.
        let f: usize = found
            .iter()
            .filter(|(k, _)| k.0 == id)
            .map(|(k, n)| match tolerated.contains(k) {
                true => (*n).min(planted.get(k).copied().unwrap_or(0)),
                false => *n,
            })
            .sum();
        let mark = if hit == p && f == p { "" } else { " (!)" };
        line.push_str(&format!(" {id} {hit}/{p}{mark};"));
    }
    let mut wrong: Vec<String> = Vec::new();
    for (k, n) in &planted {
        if found.get(k).copied().unwrap_or(0) < *n {
            wrong.push(format!("missed   {} {}: {}", k.0, k.1, k.2));
        }
    }
    let mut extra = 0;
    let mut extra_codes: BTreeMap<&str, usize> = BTreeMap::new();
    for (k, n) in &found {
        let p = planted.get(k).copied().unwrap_or(0);
        if *n > p && !tolerated.contains(k) {
            extra += n - p;
            *extra_codes.entry(k.0.as_str()).or_default() += n - p;
            let line = first.get(k).copied().unwrap_or(0);
            wrong.push(format!("unwanted {} {}:{line}: {}", k.0, k.1, k.2));
        }
    }
    println!("  findings found/planted:{line} not planted: {extra}");
    if aside > 0 {
        println!(
            "  beside the planted duplicate notes: {aside} unresolved markers or orphaned copies of \
             them, as docutils sees them (not judged)"
        );
    }
    if !extra_codes.is_empty() {
        let by: Vec<String> = extra_codes
            .iter()
            .map(|(c, n)| format!("{c} {n}"))
            .collect();
        println!("  not planted, by code: {}", by.join(", "));
    }
    let exit_ok = status
        == Some(
            if list("diagnostics").iter().any(|d| d["severity"] == "error") {
                1
            } else {
                0
            },
        );
    let ok = wrong.is_empty() && failures.is_empty() && missed.is_empty() && others.is_empty();
    if ok && exit_ok {
        println!("  every planted defect found, nothing else: as generated");
        return Verdict::Match;
    }
    println!(
        "  NOT as generated: {} differences, {} files not read, {} failures{}",
        wrong.len(),
        missed.len(),
        failures.len(),
        if exit_ok { "" } else { ", wrong exit status" }
    );
    for w in wrong.iter().take(20) {
        println!("    {w}");
    }
    for p in missed.iter().take(5) {
        println!("    not read {p}");
    }
    for f in failures.iter().take(5) {
        println!("    failure {f}");
    }
    Verdict::Mismatch
}

fn measure(c: &Corpus, bin: Option<&Path>, rounds: usize, no_dialect: bool) {
    let batches = timing::batches(c.files.iter().map(|f| f.0.as_str()));
    let load_before = timing::load();
    // Warm the page cache.
    timing::cat(&c.dir, &batches);
    let mut cats = Vec::new();
    let mut ibids = Vec::new();
    for round in 0..rounds {
        if round % 2 == 0 {
            cats.push(timing::cat(&c.dir, &batches));
        }
        if let Some(bin) = bin {
            ibids.push(timing::ibid(&c.dir, bin, THREADS));
        }
        if round % 2 == 1 {
            cats.push(timing::cat(&c.dir, &batches));
        }
    }
    let megabytes = c.bytes() as f64 / 1e6;
    timing::banner(
        c.files.len(),
        megabytes,
        rounds,
        "alternating",
        &load_before,
    );
    let mut stages = vec![("cat".to_owned(), &cats[..])];
    if bin.is_some() {
        stages.push((format!("ibid -j {THREADS}"), &ibids[..]));
    }
    timing::table(10, megabytes, &stages, "");
    if bin.is_none() {
        return;
    }
    let rate = megabytes / timing::best(&ibids);
    print!(
        "targets: -j {THREADS} at {rate:.0} MB/s best, {:.0} median (>= {TARGET_MB_S}): {}",
        megabytes / timing::median(&ibids),
        timing::verdict(rate >= TARGET_MB_S)
    );
    match timing::peak_rss_mib(&ibids) {
        Some(mib) => println!("; {}", timing::rss_target(mib, TARGET_RSS_MIB)),
        None => println!("; peak RSS not measured on this platform"),
    }
    if no_dialect {
        println!(
            "  (not the checker's figures: this binary reads no .rst file, so it timed a walk)"
        );
    }
}
