//! Throughput of the Markdown pipeline, in bytes per second, on a generated
//! documentation repository (see `corpus/markdown.rs`), next to the `cat`
//! of the same files in the same run:
//!
//! - `markdown/in-memory/*`, one thread, Markdown files only: `memchr`
//!   (count every `[`), `pulldown-cmark` (its offset iterator with the
//!   dialect's options), `parse-with-pulldown` (the dialect on
//!   pulldown-cmark's events), `parse` (`ibid::internals::dialect::markdown::parse`:
//!   the scan-first parser, pulldown-cmark for what it declines) and
//!   `check_text` (parse, graph and rules; no citation stage);
//! - `markdown/files/*`, every file (Markdown and `refs.bib`): `read`
//!   (`std::fs::read`, one file after another), `cat` (the real `cat` over
//!   the file list, output to `/dev/null`), `check_inputs` (the library end
//!   to end: walk, read, parse in parallel, citations) and `ibid-json` (the
//!   `ibid` binary, `check --format json DIR > /dev/null`);
//! - then a side-by-side summary: every stage of `files` timed in turn,
//!   round after round (so that noise on a shared machine hits them alike),
//!   with the best and median MB/s and the ratio to `cat`, and the peak RSS
//!   of `ibid check --format json` and `--format human` on the corpus.
//!
//! `cargo bench --bench markdown` generates 68 MB (2,307 Markdown files
//! and 11 bibliographies) and writes it once under
//! `target/ibid-bench-corpus/`; criterion's quick mode (`-- --test`, also
//! `cargo test --benches`) uses 4 MiB and runs each stage once.
//! `IBID_BENCH_MB` and `IBID_BENCH_SEED` override the size and the seed,
//! `IBID_BENCH_ROUNDS` the summary's rounds (5; 1 in quick mode), and
//! `IBID_BENCH_SUMMARY=0` skips the summary. The binary is the one cargo
//! builds for the bench (`CARGO_BIN_EXE_ibid`), or `IBID_BIN`.
//!
//! Before timing, the corpus is checked once and the diagnostics compared
//! with the defects the generator planted (`found/planted` per code).
//!
//! To profile: `examples/gen_markdown.rs --time 20 check_inputs` under
//! `perf record`, or `benches/markdown_vs_cat.sh` for the binary.

// The plain-text generator in `corpus` is not used here.
#[allow(dead_code)]
mod corpus;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;

use std::fs::File;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use criterion::{criterion_group, Criterion, SamplingMode, Throughput};

use corpus::markdown::{self, Corpus};

/// Corpus size in criterion's quick test mode.
const TEST_MB: usize = 4;
/// The targets, printed beside the figures.
const TARGET_MB_S: f64 = 330.0;
const TARGET_RSS_MB: f64 = 32.0;

/// Whether criterion runs each benchmark once instead of measuring: with
/// `--test`, or when not started by `cargo bench` (which passes `--bench`).
fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

/// The corpus in memory and on disk.
struct Setup {
    corpus: Corpus,
    dir: PathBuf,
    /// Every file, Markdown and bibliographies.
    files: Vec<PathBuf>,
    /// Their total size, and that of the Markdown files alone.
    bytes: u64,
    md_bytes: u64,
}

fn setup() -> &'static Setup {
    static SETUP: OnceLock<Setup> = OnceLock::new();
    SETUP.get_or_init(|| {
        let default_mb = if test_mode() {
            TEST_MB
        } else {
            markdown::DEFAULT_MB
        };
        let corpus = markdown::generate(&corpus::Spec::from_env(default_mb));
        let dir = corpus::write_dir(&corpus::default_root(), &corpus.docs)
            .unwrap_or_else(|e| panic!("cannot write the corpus: {e}"));
        let files = corpus.docs.iter().map(|d| dir.join(&d.path)).collect();
        let setup = Setup {
            bytes: corpus::total_bytes(&corpus.docs) as u64,
            md_bytes: corpus.markdown().map(|d| d.text.len() as u64).sum(),
            corpus,
            dir,
            files,
        };
        describe(&setup);
        setup
    })
}

/// The corpus in one line, and what the checker finds in it against what
/// the generator planted.
fn describe(s: &Setup) {
    let md = s.corpus.markdown().count();
    let kinds = ["projects/", "docs/", "blog/"].map(|k| {
        s.corpus
            .markdown()
            .filter(|d| d.path.starts_with(k))
            .count()
    });
    eprintln!(
        "corpus: {md} Markdown files ({} READMEs, {} guides, {} posts), {} bibliographies; \
         {:.1} MB ({:.1} MB Markdown) in {}",
        kinds[0],
        kinds[1],
        kinds[2],
        s.corpus.docs.len() - md,
        s.bytes as f64 / 1e6,
        s.md_bytes as f64 / 1e6,
        s.dir.display()
    );
    let report = check(&s.dir);
    let markdown_files = report
        .files
        .iter()
        .filter(|f| f.dialect == "markdown")
        .count();
    assert_eq!(
        markdown_files,
        md,
        "Markdown files checked in {}",
        s.dir.display()
    );
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    let mut found: Vec<(&str, usize)> = Vec::new();
    for d in report.files.iter().flat_map(|f| &f.diagnostics) {
        match found.iter_mut().find(|c| c.0 == d.code) {
            Some(c) => c.1 += 1,
            None => found.push((d.code, 1)),
        }
    }
    let mut line = String::new();
    for (code, planted) in s.corpus.planted.iter() {
        let n = found.iter().find(|c| c.0 == code).map_or(0, |c| c.1);
        let mark = if n == planted { "" } else { " (!)" };
        line.push_str(&format!(" {code} {n}/{planted}{mark};"));
    }
    for (code, n) in &found {
        if !s.corpus.planted.iter().any(|(c, _)| c == *code) {
            line.push_str(&format!(" {code} {n}/0 (!);"));
        }
    }
    let (markers, definitions, citations) = report.files.iter().fold((0, 0, 0), |t, f| {
        (t.0 + f.markers, t.1 + f.definitions, t.2 + f.citations)
    });
    eprintln!(
        "checked: {markers} markers, {definitions} definitions, {citations} citations; \
         diagnostics found/planted:{line}"
    );
}

fn check(dir: &Path) -> ibid::Report {
    ibid::check_inputs(
        vec![ibid::Input::Path(dir.to_owned())],
        &ibid::Options::default(),
    )
}

fn in_memory(c: &mut Criterion) {
    let s = setup();
    let texts: Vec<&str> = s.corpus.markdown().map(|d| d.decoded()).collect();
    let dialect = ibid::internals::dialect::by_id("markdown").expect("the Markdown dialect");
    let mut group = c.benchmark_group("markdown/in-memory");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(s.md_bytes));
    group.bench_function("memchr", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| memchr::memchr_iter(b'[', t.as_bytes()).count())
                .sum::<usize>()
        })
    });
    group.bench_function("pulldown-cmark", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    pulldown_cmark::Parser::new_ext(t, ibid::internals::dialect::markdown::OPTIONS)
                        .into_offset_iter()
                        .count()
                })
                .sum::<usize>()
        })
    });
    type Parse = fn(&str) -> ibid::internals::model::Document;
    let parsers: [(&str, Parse); 2] = [
        (
            "parse-with-pulldown",
            ibid::internals::dialect::markdown::parse_with_pulldown,
        ),
        ("parse", ibid::internals::dialect::markdown::parse),
    ];
    for (name, parse) in parsers {
        group.bench_function(name, |b| {
            b.iter(|| {
                for text in &texts {
                    black_box(parse(text));
                }
            })
        });
    }
    group.bench_function("check_text", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(ibid::check_text(text, dialect));
            }
        })
    });
    group.finish();
}

fn files(c: &mut Criterion) {
    let s = setup();
    let mut group = c.benchmark_group("markdown/files");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(s.bytes));
    for stage in stages() {
        group.bench_function(stage.name, |b| b.iter(|| (stage.run)(s)));
    }
    group.finish();
}

/// A way of going through every file of the corpus.
struct Stage {
    name: &'static str,
    run: fn(&Setup),
    /// Whether it runs in a child process (whose CPU time is the
    /// children's, not this process's).
    child: bool,
}

/// `read`, `cat` and `check_inputs`, and the binary when it is there.
fn stages() -> Vec<Stage> {
    let mut stages = vec![Stage {
        name: "read",
        run: |s| {
            let n: usize = s.files.iter().map(|f| read(f).len()).sum();
            black_box(n);
        },
        child: false,
    }];
    if Command::new("cat").arg("--version").output().is_ok() {
        stages.push(Stage {
            name: "cat",
            run: |s| run(Command::new("cat").args(&s.files)),
            child: true,
        });
    } else {
        eprintln!("markdown/files/cat: skipped, no `cat` on PATH");
    }
    stages.push(Stage {
        name: "check_inputs",
        run: |s| {
            black_box(check(&s.dir));
        },
        child: false,
    });
    match binary() {
        Some(_) => {
            stages.push(Stage {
                name: "ibid-json",
                run: |s| run(&mut ibid_command(s, "json")),
                child: true,
            });
            stages.push(Stage {
                name: "ibid-human",
                run: |s| run(&mut ibid_command(s, "human")),
                child: true,
            });
        }
        None => eprintln!(
            "markdown/files/ibid-*: skipped, no `ibid` binary (build it with \
             `cargo build --release`, or set IBID_BIN)"
        ),
    }
    stages
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The `ibid` binary: `IBID_BIN`, the one cargo built for this bench, or
/// `target/release/ibid`.
fn binary() -> Option<&'static Path> {
    static BIN: OnceLock<Option<PathBuf>> = OnceLock::new();
    BIN.get_or_init(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
        [
            std::env::var_os("IBID_BIN").map(PathBuf::from),
            option_env!("CARGO_BIN_EXE_ibid").map(PathBuf::from),
            Some(target.join("release/ibid")),
        ]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
    })
    .as_deref()
}

fn ibid_command(s: &Setup, format: &str) -> Command {
    let mut command = Command::new(binary().expect("the ibid binary"));
    command.args(["check", "--format", format]).arg(&s.dir);
    command
}

/// Run a command with its output to `/dev/null`; it must not fail (`ibid`
/// exits with 1 when it finds errors, which the corpus holds).
fn run(command: &mut Command) {
    let status = command
        .stdout(dev_null())
        .stderr(Stdio::inherit())
        .status()
        .unwrap_or_else(|e| panic!("{command:?}: {e}"));
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "{command:?}: {status}"
    );
}

fn dev_null() -> Stdio {
    File::create("/dev/null").map_or_else(|_| Stdio::null(), Stdio::from)
}

/// Every stage of `files` in turn, `rounds` times, then the peak RSS of
/// the binary. Wall-clock MB/s is what the target is about; MB per
/// CPU second shows the work itself when other processes share the cores
/// (with two cores, ideal parallel MB/s is twice that).
fn summary() {
    let s = setup();
    let rounds = if test_mode() {
        1
    } else {
        std::env::var("IBID_BENCH_ROUNDS")
            .ok()
            .and_then(|r| r.parse().ok())
            .unwrap_or(5)
    };
    let stages = stages();
    let mut wall: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    let mut cpu: Vec<Vec<f64>> = vec![Vec::new(); stages.len()];
    for _ in 0..rounds {
        for (i, stage) in stages.iter().enumerate() {
            let who = if stage.child {
                usage::Who::Children
            } else {
                usage::Who::Self_
            };
            let cpu_before = usage::cpu(who);
            let t = Instant::now();
            (stage.run)(s);
            wall[i].push(t.elapsed().as_secs_f64());
            if let (Some(before), Some(after)) = (cpu_before, usage::cpu(who)) {
                cpu[i].push(after - before);
            }
        }
    }
    let mb = s.bytes as f64 / 1e6;
    let cat = stages.iter().position(|st| st.name == "cat");
    let cat_best = cat.map(|i| best(&wall[i]));
    println!(
        "\nmarkdown summary: {} files, {mb:.1} MB, {rounds} rounds with the stages interleaved; \
         {} cores, load {}",
        s.files.len(),
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        std::fs::read_to_string("/proc/loadavg")
            .map(|l| l.split(' ').take(3).collect::<Vec<_>>().join(" "))
            .unwrap_or_else(|_| "unknown".into()),
    );
    println!(
        "{:<13} {:>9} {:>10} {:>12} {:>8} {:>11} {:>12}",
        "stage", "best ms", "best MB/s", "median MB/s", "vs cat", "CPU s", "MB/CPU-s"
    );
    for (i, stage) in stages.iter().enumerate() {
        let b = best(&wall[i]);
        let ratio = cat_best.map_or("-".to_owned(), |c| format!("{:.2}x", c / b));
        let (cpu_s, per_cpu) = match median(&cpu[i]) {
            Some(c) if c > 0.0 => (format!("{c:.3}"), format!("{:.1}", mb / c)),
            _ => ("-".to_owned(), "-".to_owned()),
        };
        println!(
            "{:<13} {:>9.1} {:>10.1} {:>12.1} {:>8} {:>11} {:>12}",
            stage.name,
            b * 1e3,
            mb / b,
            mb / median(&wall[i]).unwrap_or(b),
            ratio,
            cpu_s,
            per_cpu
        );
    }
    println!(
        "vs cat: cat's best time over the stage's; CPU s: median user + system time of a run; \
         target for ibid: {TARGET_MB_S} MB/s"
    );
    if binary().is_some() {
        for format in ["json", "human"] {
            match usage::peak(&mut ibid_command(s, format)) {
                Some(kb) => println!(
                    "peak RSS of `ibid check --format {format}`: {:.1} MB (target {TARGET_RSS_MB} MB)",
                    // getrusage counts KiB; the target is in MB.
                    kb as f64 * 1024.0 / 1e6
                ),
                None => println!("peak RSS: not measured on this platform"),
            }
        }
    }
}

fn best(times: &[f64]) -> f64 {
    times.iter().copied().fold(f64::INFINITY, f64::min)
}

fn median(times: &[f64]) -> Option<f64> {
    let mut sorted = times.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted.get(sorted.len() / 2).copied()
}

/// CPU time and peak resident set size, from `getrusage` (declared here:
/// the crate has no `libc` dependency). `RUSAGE_CHILDREN` reports the
/// largest child a process has waited for, so the bench runs itself again
/// as a probe (`IBID_BENCH_RSS_PROBE`) that runs the one command and prints
/// its peak.
mod usage {
    use std::process::Command;

    const PROBE: &str = "IBID_BENCH_RSS_PROBE";

    #[derive(Clone, Copy)]
    pub enum Who {
        Self_,
        Children,
    }

    /// Peak RSS of `command`, in KiB.
    pub fn peak(command: &mut Command) -> Option<u64> {
        let exe = std::env::current_exe().ok()?;
        let output = Command::new(exe)
            .env(PROBE, "1")
            .arg(command.get_program())
            .args(command.get_args())
            .output()
            .ok()?;
        String::from_utf8_lossy(&output.stdout).trim().parse().ok()
    }

    /// In the probe: run the command from the arguments, print its peak
    /// RSS, and exit.
    pub fn probe() {
        if std::env::var_os(PROBE).is_none() {
            return;
        }
        let mut args = std::env::args_os().skip(1);
        let Some(program) = args.next() else {
            std::process::exit(2)
        };
        let status = Command::new(program)
            .args(args)
            .stdout(super::dev_null())
            .status();
        match (status, rusage(Who::Children)) {
            (Ok(_), Some((kb, _))) => println!("{kb}"),
            _ => std::process::exit(2),
        }
        std::process::exit(0);
    }

    /// User + system CPU seconds.
    pub fn cpu(who: Who) -> Option<f64> {
        rusage(who).map(|(_, cpu)| cpu)
    }

    /// `(peak RSS in KiB, user + system CPU seconds)`.
    #[cfg(all(target_os = "linux", target_pointer_width = "64"))]
    fn rusage(who: Who) -> Option<(u64, f64)> {
        use crate::rusage::Rusage;
        extern "C" {
            fn getrusage(who: i32, usage: *mut Rusage) -> i32;
        }
        let who = match who {
            Who::Self_ => 0,
            Who::Children => -1,
        };
        let mut u = std::mem::MaybeUninit::<Rusage>::zeroed();
        // SAFETY: `Rusage` has the layout of `struct rusage`, which
        // getrusage fills in.
        let u = unsafe {
            if getrusage(who, u.as_mut_ptr()) != 0 {
                return None;
            }
            u.assume_init()
        };
        Some((u.max_rss_kib(), u.cpu_secs()))
    }

    #[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
    fn rusage(_: Who) -> Option<(u64, f64)> {
        None
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5))
}

criterion_group! {
    name = benches;
    config = config();
    targets = in_memory, files
}

fn main() {
    usage::probe();
    benches();
    let wanted = std::env::var("IBID_BENCH_SUMMARY").map_or(true, |v| v != "0");
    let profiling = std::env::args().any(|a| a == "--profile-time" || a == "--list");
    if wanted && !profiling {
        summary();
    }
    Criterion::default().configure_from_args().final_summary();
}
