//! What the end-to-end benches of one dialect share (`latex.rs`,
//! `rst.rs`, `asciidoc.rs`, `wikitext.rs`): their `main` and `Corpus`
//! impl ([`bench!`]), one checked run's JSON judged against the planted defects,
//! and the timing of `cat` against `ibid -j 2` over the corpus files.

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::Path;
use std::time::Instant;

use crate::corpus::Defect;
use crate::{probe, timing};

/// `ibid -j THREADS`: two cores, the machine.
pub const THREADS: usize = 2;
/// The peak RSS target.
pub const TARGET_RSS_MIB: f64 = 64.0;

/// A finding: code, path and label.
pub type Key = (String, String, String);

/// What one checked run says about the binary.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    NoBinary,
    /// The binary reads no file of the bench's dialect.
    NoDialect,
    Match,
    Mismatch,
}

/// A generated corpus, as its bench sees it.
pub trait Corpus {
    /// The corpus folder.
    fn dir(&self) -> &Path;
    /// The files `ibid` must read and `cat` reads, with their sizes.
    fn files(&self) -> &[(String, u64)];
    /// Each planted code's id, with how many defects it has.
    fn planted_counts(&self) -> Vec<(&'static str, usize)>;
    /// Written by this run (not reused).
    fn written(&self) -> bool;
    /// The corpus in a few lines, before what was planted and where.
    fn describe(&self);
    /// One checked run of `bin` against the planted defects.
    fn verify(&self, bin: &Path) -> Verdict;
}

/// A bench's `main`: the corpus `prepare` writes (a tiny one in test
/// mode), described, checked and timed. `--dir` only prints its folder.
/// `ext` names the dialect's files, for the note when the binary reads
/// none of them.
pub fn main<C: Corpus>(
    bench: &str,
    ext: &str,
    target_mb_s: f64,
    prepare: impl FnOnce(bool) -> io::Result<C>,
) {
    probe::serve();
    let args: Vec<String> = std::env::args().collect();
    // `--test`, or no `--bench` (as `cargo test --benches` runs it).
    let test = args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench");
    let started = Instant::now();
    let corpus = prepare(test).unwrap_or_else(|e| panic!("cannot write the corpus: {e}"));
    if args.iter().any(|a| a == "--dir") {
        println!("{}", corpus.dir().display());
        return;
    }
    let secs = started.elapsed().as_secs_f64();
    corpus.describe();
    let planted = corpus.planted_counts();
    let planted: Vec<String> = planted.iter().map(|(id, n)| format!("{id} {n}")).collect();
    println!("  planted: {}", planted.join(", "));
    println!(
        "  {} in {secs:.1} s: {}",
        if corpus.written() {
            "written"
        } else {
            "reused"
        },
        corpus.dir().display()
    );
    let rounds = timing::rounds(test);
    let bin = probe::binary();
    let verdict = match bin {
        Some(bin) => corpus.verify(bin),
        None => {
            println!("{}", probe::NO_BINARY);
            Verdict::NoBinary
        }
    };
    let no_dialect = (verdict == Verdict::NoDialect).then_some(ext);
    measure(
        corpus.dir(),
        corpus.files(),
        bin,
        rounds,
        target_mb_s,
        no_dialect,
    );
    if test {
        println!("(test mode: a tiny corpus in one round; the figures mean nothing)");
        if verdict == Verdict::Mismatch {
            eprintln!("{bench} bench: ibid's findings differ from the planted defects (see above)");
            std::process::exit(1);
        }
    }
}

/// A bench's `main` and its corpus's `Corpus` impl, the same in every
/// dialect's bench: `bench!("rst", ".rst", TARGET_MB_S, rst)` calls
/// [`main`] with `rst::prepare(&rst::default_root(), &rst::spec(test))`,
/// and implements [`Corpus`] for the bench's `Corpus` (with `dir`,
/// `files` and `written` fields, and `planted` by its `Code`) through its
/// free functions `describe` and `verify`.
macro_rules! bench {
    ($bench:literal, $ext:literal, $target_mb_s:expr, $module:ident) => {
        fn main() {
            $crate::end_to_end::main($bench, $ext, $target_mb_s, |test| {
                $module::prepare(&$module::default_root(), &$module::spec(test))
            });
        }

        impl $crate::end_to_end::Corpus for Corpus {
            fn dir(&self) -> &std::path::Path {
                &self.dir
            }

            fn files(&self) -> &[(String, u64)] {
                &self.files
            }

            fn planted_counts(&self) -> Vec<(&'static str, usize)> {
                Code::ALL.map(|code| (code.id(), self.planted(code))).into()
            }

            fn written(&self) -> bool {
                self.written
            }

            fn describe(&self) {
                describe(self)
            }

            fn verify(&self, bin: &std::path::Path) -> $crate::end_to_end::Verdict {
                verify(self, bin)
            }
        }
    };
}
pub(crate) use bench;

/// One `ibid check --format json -j THREADS .` in the corpus folder.
pub struct Run {
    pub status: Option<i32>,
    pub json: serde_json::Value,
}

impl Run {
    pub fn check(dir: &Path, bin: &Path) -> Run {
        let (status, json) = probe::check_json(dir, bin, &probe::check_args(THREADS, &[]));
        Run { status, json }
    }

    /// The array under `key`, or none.
    pub fn list(&self, key: &str) -> &[serde_json::Value] {
        self.json[key].as_array().map_or(&[], |v| &v[..])
    }

    /// The exit status, for the line that reports it.
    pub fn status(&self) -> String {
        self.status.map_or("none".into(), |s| s.to_string())
    }
}

/// A path of the JSON, relative to the corpus root.
pub fn path(v: &serde_json::Value) -> String {
    let p = v.as_str().unwrap_or("");
    p.strip_prefix("./").unwrap_or(p).to_owned()
}

/// The files of one run against the corpus's.
pub struct Reading {
    /// Every file the run read.
    pub read: BTreeSet<String>,
    /// The files it must read.
    pub wanted: BTreeSet<String>,
    /// The files it may read beside them.
    pub support: BTreeSet<String>,
    /// How many it read as the bench's dialect (the LaTeX bench counts
    /// the `.tex` files read instead).
    #[allow(dead_code)]
    pub as_dialect: usize,
}

impl Reading {
    /// What `run` read of the corpus `files` and `support` files, and how
    /// many files it read as `dialect`.
    pub fn of(
        run: &Run,
        files: &[(String, u64)],
        support: &[(String, u64)],
        dialect: &str,
    ) -> Reading {
        let listed = run.list("files");
        let set = |files: &[(String, u64)]| files.iter().map(|f| f.0.clone()).collect();
        Reading {
            read: listed.iter().map(|f| path(&f["path"])).collect(),
            wanted: set(files),
            support: set(support),
            as_dialect: listed.iter().filter(|f| f["dialect"] == dialect).count(),
        }
    }

    /// Files wanted and read, ending in `ext` ("" for all).
    pub fn hits(&self, ext: &str) -> usize {
        let hit = self.read.intersection(&self.wanted);
        hit.filter(|p| p.ends_with(ext)).count()
    }

    /// Support files read.
    #[allow(dead_code)] // in the benches whose corpus has support files
    pub fn supporting(&self) -> usize {
        self.read.intersection(&self.support).count()
    }

    /// Files read that are neither wanted nor support.
    pub fn others(&self) -> Vec<&String> {
        let beyond = self.read.difference(&self.wanted);
        beyond.filter(|p| !self.support.contains(*p)).collect()
    }

    /// Files wanted and not read.
    pub fn missed(&self) -> Vec<&String> {
        self.wanted.difference(&self.read).collect()
    }
}

/// The verdict when the binary reads none of the dialect's files (`what`:
/// `no .rst file read as rst`), the `dialect` it has not got, and how many
/// defects were `planted`.
pub fn no_dialect(what: &str, dialect: &str, planted: usize) -> Verdict {
    println!(
        "  {what}: this binary has no {dialect} dialect yet, so its findings are not judged \
         (the {planted} planted defects wait for it)"
    );
    Verdict::NoDialect
}

/// The findings that a defect planted with `code` may bring beside it,
/// `also` at its path and label: counted apart, not judged.
#[allow(dead_code)] // in the benches that tolerate such findings
pub fn beside<C: Copy + PartialEq>(
    defects: &[Defect<C>],
    code: C,
    also: [C; 2],
    id: fn(C) -> &'static str,
) -> BTreeSet<Key> {
    let of = defects.iter().filter(|d| d.code == code);
    of.flat_map(|d| also.map(|c| (id(c).to_owned(), d.path.clone(), d.label.clone())))
        .collect()
}

/// ` (first PATH)` for the first of `others`, if any.
pub fn first_of(others: &[&String]) -> String {
    match others.first() {
        Some(p) => format!(" (first {p})"),
        None => String::new(),
    }
}

/// How a bench judges the findings.
pub struct Judge<'a> {
    /// Every code the generator plants, in report order.
    pub codes: &'a [&'a str],
    /// Findings counted apart, not judged, as (code, path, label) also
    /// when judging lines.
    pub tolerated: BTreeSet<Key>,
    /// What the findings counted apart are, for the line that counts them.
    pub aside: &'a str,
    /// Judge each finding at its line too: the path of a key is then
    /// `path:line`, in the planted defects as in the findings.
    pub lines: bool,
    /// Also give each unwanted finding's line, and the unwanted by code.
    pub detail: bool,
    /// How many differences to list.
    pub shown: usize,
}

impl Judge<'_> {
    /// The findings of `run` against the `defects` planted (`id` names
    /// their codes) and the files it read: prints the tally, returns the
    /// verdict.
    pub fn judge<C: Copy>(
        &self,
        run: &Run,
        defects: &[Defect<C>],
        id: fn(C) -> &'static str,
        reading: &Reading,
    ) -> Verdict {
        let keys = defects.iter().map(|d| {
            let at = match self.lines {
                true => format!("{}:{}", d.path, d.line),
                false => d.path.clone(),
            };
            (id(d.code).to_owned(), at, d.label.clone())
        });
        let wrong = self.findings(run, keys);
        self.verdict(run, &wrong, &reading.missed(), &reading.others())
    }

    /// Every finding of `run` against the planted ones, as (code, path,
    /// label): prints the tally and returns the differences.
    pub fn findings(&self, run: &Run, defects: impl IntoIterator<Item = Key>) -> Vec<String> {
        // Tolerated findings are named without their line.
        let tolerated = |k: &Key| match self.lines {
            true => {
                let path = k.1.rsplit_once(':').map_or(&k.1[..], |(p, _)| p);
                let key = (k.0.clone(), path.to_owned(), k.2.clone());
                self.tolerated.contains(&key)
            }
            false => self.tolerated.contains(k),
        };
        // Found and planted, as (code, path, label) with multiplicity.
        let mut found: BTreeMap<Key, usize> = BTreeMap::new();
        // The line of each finding's first report.
        let mut first: BTreeMap<Key, u64> = BTreeMap::new();
        for d in run.list("diagnostics") {
            let at = match self.lines {
                true => format!("{}:{}", path(&d["path"]), d["line"].as_u64().unwrap_or(0)),
                false => path(&d["path"]),
            };
            let key = (
                d["code"].as_str().unwrap_or("").to_owned(),
                at,
                d["label"].as_str().unwrap_or("").to_owned(),
            );
            first
                .entry(key.clone())
                .or_insert(d["line"].as_u64().unwrap_or(0));
            *found.entry(key).or_default() += 1;
        }
        let mut planted: BTreeMap<Key, usize> = BTreeMap::new();
        for key in defects {
            *planted.entry(key).or_default() += 1;
        }
        let mut aside = 0;
        for (k, n) in found.iter().filter(|(k, _)| tolerated(k)) {
            aside += n - planted.get(k).copied().unwrap_or(0).min(*n);
        }
        let mut line = String::new();
        for &id in self.codes {
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
                .map(|(k, n)| match tolerated(k) {
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
            if *n > p && !tolerated(k) {
                extra += n - p;
                *extra_codes.entry(k.0.as_str()).or_default() += n - p;
                wrong.push(match self.detail && !self.lines {
                    true => {
                        let line = first.get(k).copied().unwrap_or(0);
                        format!("unwanted {} {}:{line}: {}", k.0, k.1, k.2)
                    }
                    false => format!("unwanted {} {}: {}", k.0, k.1, k.2),
                });
            }
        }
        println!("  findings found/planted:{line} not planted: {extra}");
        if aside > 0 {
            println!("  {aside} {} (not judged)", self.aside);
        }
        if self.detail && !extra_codes.is_empty() {
            let by: Vec<String> = extra_codes
                .iter()
                .map(|(c, n)| format!("{c} {n}"))
                .collect();
            println!("  not planted, by code: {}", by.join(", "));
        }
        wrong
    }

    /// The verdict, from the differences, the files not read or read
    /// beyond the corpus, the failures and the exit status.
    pub fn verdict(
        &self,
        run: &Run,
        wrong: &[String],
        missed: &[&String],
        others: &[&String],
    ) -> Verdict {
        let failures = run.list("failures");
        let errors = run
            .list("diagnostics")
            .iter()
            .any(|d| d["severity"] == "error");
        let exit_ok = run.status == Some(if errors { 1 } else { 0 });
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
        for w in wrong.iter().take(self.shown) {
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
}

/// `cat` and `ibid -j THREADS` over `files` in `dir`, round after round,
/// and the table of both against the targets. `ext` names the dialect's
/// files, for the note when the binary reads none of them.
fn measure(
    dir: &Path,
    files: &[(String, u64)],
    bin: Option<&Path>,
    rounds: usize,
    target_mb_s: f64,
    no_dialect: Option<&str>,
) {
    let batches = timing::batches(files.iter().map(|f| f.0.as_str()));
    let load_before = timing::load();
    // Warm the page cache.
    timing::cat(dir, &batches);
    let mut cats = Vec::new();
    let mut ibids = Vec::new();
    for round in 0..rounds {
        if round % 2 == 0 {
            cats.push(timing::cat(dir, &batches));
        }
        if let Some(bin) = bin {
            ibids.push(timing::ibid(dir, bin, THREADS));
        }
        if round % 2 == 1 {
            cats.push(timing::cat(dir, &batches));
        }
    }
    let megabytes = files.iter().map(|f| f.1).sum::<u64>() as f64 / 1e6;
    timing::banner(files.len(), megabytes, rounds, "alternating", &load_before);
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
        "targets: -j {THREADS} at {rate:.0} MB/s best, {:.0} median (>= {target_mb_s}): {}",
        megabytes / timing::median(&ibids),
        timing::verdict(rate >= target_mb_s)
    );
    match timing::peak_rss_mib(&ibids) {
        Some(mib) => println!("; {}", timing::rss_target(mib, TARGET_RSS_MIB)),
        None => println!("; peak RSS not measured on this platform"),
    }
    if let Some(ext) = no_dialect {
        println!(
            "  (not the checker's figures: this binary reads no {ext} file, so it timed a walk)"
        );
    }
}
