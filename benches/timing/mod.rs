//! Timing the stages of an end-to-end bench (`benches/repo.rs`,
//! `benches/latex.rs`) and printing the figures: a [`Sample`] per timed
//! run, `cat` over the files read as the floor to compare with, `ibid`
//! through the probe (see `probe/mod.rs`), the banner above the table
//! (files, MB, rounds, cores, load average) and the table itself (best and
//! median time and MB/s, the ratio to `cat`, CPU seconds, peak RSS and the
//! cores other processes kept busy).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::probe;

/// Bytes of file names per `cat` command.
const CAT_ARGS: usize = 128 * 1024;

/// One timed run.
#[derive(Clone, Copy, Default)]
pub struct Sample {
    pub wall: f64,
    pub cpu: Option<f64>,
    pub rss_kib: Option<u64>,
    /// Cores other processes kept busy meanwhile.
    pub others: Option<f64>,
}

/// The rounds to time: one in test mode, else `IBID_BENCH_ROUNDS` (5).
pub fn rounds(test: bool) -> usize {
    match test {
        true => 1,
        false => std::env::var("IBID_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .filter(|r| *r > 0)
            .unwrap_or(5),
    }
}

/// The wall time of `f`, nothing else measured.
pub fn timed(f: impl FnOnce()) -> Sample {
    let started = Instant::now();
    f();
    Sample {
        wall: started.elapsed().as_secs_f64(),
        ..Sample::default()
    }
}

/// File names in batches of at most `CAT_ARGS` bytes.
pub fn batches<'a>(paths: impl IntoIterator<Item = &'a str>) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = vec![Vec::new()];
    let mut len = 0;
    for path in paths {
        if len + path.len() + 1 > CAT_ARGS && !out[out.len() - 1].is_empty() {
            out.push(Vec::new());
            len = 0;
        }
        len += path.len() + 1;
        let last = out.len() - 1;
        out[last].push(path);
    }
    out
}

/// The real `cat` over the batches, run in `dir`, output to `/dev/null`.
pub fn cat(dir: &Path, batches: &[Vec<&str>]) -> Sample {
    timed(|| {
        for batch in batches {
            let status = Command::new("cat")
                .args(batch)
                .current_dir(dir)
                .stdout(probe::dev_null())
                .status()
                .unwrap_or_else(|e| panic!("cat: {e}"));
            assert!(status.success(), "cat: {status}");
        }
    })
}

/// `ibid check --format json -j THREADS .` in `dir`, from the probe; it
/// must exit with 0 or 1.
pub fn ibid(dir: &Path, bin: &Path, threads: usize) -> Sample {
    let usage = probe::measure(dir, bin, &probe::check_args(threads, &[]))
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    assert!(
        matches!(usage.status, 0 | 1),
        "ibid -j {threads}: status {}",
        usage.status
    );
    Sample::of(&usage)
}

impl Sample {
    /// The sample of one measured run: wall and CPU time, peak RSS, and
    /// the cores other processes kept busy meanwhile.
    pub fn of(usage: &probe::Usage) -> Self {
        Self {
            wall: usage.wall,
            cpu: Some(usage.cpu),
            rss_kib: usage.max_rss_kib,
            others: usage
                .machine
                .map(|busy| ((busy - usage.cpu) / usage.wall).max(0.0)),
        }
    }
}

/// The load averages over 1, 5 and 15 minutes (empty where
/// `/proc/loadavg` is missing).
pub fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

pub fn best(s: &[Sample]) -> f64 {
    s.iter().map(|s| s.wall).fold(f64::INFINITY, f64::min)
}

pub fn median(s: &[Sample]) -> f64 {
    let mut w: Vec<f64> = s.iter().map(|s| s.wall).collect();
    w.sort_by(f64::total_cmp);
    w[w.len() / 2]
}

/// The highest peak RSS of any of the runs, in MiB.
pub fn peak_rss_mib<'a>(s: impl IntoIterator<Item = &'a Sample>) -> Option<f64> {
    let kib = s.into_iter().filter_map(|s| s.rss_kib).max()?;
    Some(kib as f64 / 1024.0)
}

pub fn verdict(ok: bool) -> &'static str {
    if ok {
        "met"
    } else {
        "MISSED"
    }
}

/// `peak RSS 46.0 MiB (<= 64 MiB): met`.
pub fn rss_target(mib: f64, limit_mib: f64) -> String {
    format!(
        "peak RSS {mib:.1} MiB (<= {limit_mib} MiB): {}",
        verdict(mib <= limit_mib)
    )
}

/// The line above the table; `order` says how the stages took turns,
/// `load_before` is [`load`] before the first run.
pub fn banner(files: usize, megabytes: f64, rounds: usize, order: &str, load_before: &str) {
    println!(
        "\n{files} files, {megabytes:.1} MB read by each stage; {rounds} rounds, order {order}; \
         {} cores; load before {load_before}, after {}",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load(),
    );
}

/// The table, a row per stage (`cat` first: the other stages are compared
/// with it), then its legend. `width` is the width of the stage column;
/// `others_from` ends the legend of `others` (where the figure comes from,
/// or nothing).
pub fn table(width: usize, megabytes: f64, stages: &[(String, &[Sample])], others_from: &str) {
    println!(
        "{:<width$} {:>8} {:>9} {:>9} {:>11} {:>7} {:>7} {:>10} {:>7}",
        "stage",
        "best ms",
        "median ms",
        "best MB/s",
        "median MB/s",
        "vs cat",
        "CPU s",
        "peak RSS",
        "others"
    );
    let cat_best = best(stages[0].1);
    for (name, s) in stages {
        let cpu = s.iter().filter_map(|s| s.cpu).fold(f64::INFINITY, f64::min);
        let mut others: Vec<f64> = s.iter().filter_map(|s| s.others).collect();
        others.sort_by(f64::total_cmp);
        println!(
            "{:<width$} {:>8.1} {:>9.1} {:>9.1} {:>11.1} {:>6.2}x {:>7} {:>10} {:>7}",
            name,
            best(s) * 1e3,
            median(s) * 1e3,
            megabytes / best(s),
            megabytes / median(s),
            cat_best / best(s),
            if cpu.is_finite() {
                format!("{cpu:.2}")
            } else {
                "-".into()
            },
            peak_rss_mib(*s).map_or("-".into(), |mib| format!("{mib:.1} MiB")),
            others
                .get(others.len() / 2)
                .map_or("-".into(), |o| format!("{o:.2}")),
        );
    }
    println!(
        "(vs cat: cat's best time / the stage's; CPU: least user + system seconds; peak RSS: \
         the most of any round; others: median cores kept busy by other processes \
         meanwhile{others_from})"
    );
}
