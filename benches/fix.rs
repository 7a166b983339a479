//! `ibid fix --check` beside `ibid check` on the plain-text and Markdown
//! bench corpora (the generators of `benches/throughput.rs` and
//! `benches/markdown.rs`), in the same run. The issue's target: `fix
//! --check` within 2× the time of `check` on each corpus.
//!
//! Planted before timing: in one eligible document of every
//! [`PLANT_EVERY`], two notes of one scope swap numbers, in their markers
//! and their definitions alike (as when a passage is moved), so that the
//! scope is out of order and `fix` has work to do. A scope is eligible
//! when nothing in it needs a human decision (no unresolved marker,
//! duplicate, empty note, gap or disorder already) and two consecutive
//! numbers in it are cited only by markers of their own (not in a group
//! or range) and defined at the start of a line; in Markdown, when every
//! footnote label of the page is a number and every footnote is defined
//! at the start of a line.
//!
//! Stages, their order rotating round after round (so that noise on a
//! shared machine hits them alike), each run in the corpus folder from a
//! small probe process (see `probe/mod.rs`), output to `/dev/null`:
//!
//! - `cat`: the real `cat` over every file of the corpus;
//! - `check`: `ibid check --format json -j 2 .`;
//! - `fix --check`: `ibid fix --check -j 2 .`.
//!
//! Figures: best and median time, MB/s, CPU seconds, peak RSS, and the
//! ratio of `fix --check` to `check` (best over best, median over median).
//!
//! Before timing, one `fix --check` run's output is read: it must exit 1,
//! name every planted file on a line that is not about a scope left
//! alone, and leave every file as it was (checked again after timing).
//! `-- --test` (what `cargo test --bench fix` and CI run) uses 2 MiB of
//! each corpus and one round, and fails when a planted scope is missed,
//! a file changed, or a ratio could not be computed; it asserts no time.
//!
//! ```text
//! cargo build --release && cargo bench --bench fix   # 64 + 60 MiB, 5 rounds
//! cargo bench --bench fix -- --test                  # 2 + 2 MiB, 1 round
//! cargo bench --bench fix -- --dir                   # write them, print where
//! ```
//!
//! `IBID_BENCH_MB` sets the size of each corpus (MiB, also in `--test`
//! mode), `IBID_BENCH_SEED` the seed, `IBID_BENCH_ROUNDS` the rounds,
//! `IBID_BIN` the binary (default `target/release/ibid`). The corpora are
//! written once under `target/ibid-bench-corpus/`.

#[allow(dead_code)]
mod corpus;
// `check_json`, `timing::ibid` and `rss_target` serve the other benches.
#[allow(dead_code)]
mod probe;
#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
mod rusage;
#[allow(dead_code)]
mod timing;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use corpus::Doc;
use ibid::internals::model::{Document, RefKind, Span};
use timing::Sample;

/// `-j THREADS`: two cores, the issue's machine.
const THREADS: usize = 2;
/// MiB of each corpus in test mode.
const TEST_MB: usize = 2;
/// The issue's target: `fix --check` at most this many times `check`.
const TARGET_RATIO: f64 = 2.0;
/// One eligible document in this many gets a planted scope.
const PLANT_EVERY: usize = 3;
/// Findings that make a scope ineligible for planting.
const UNFIT: &[&str] = &[
    "unresolved",
    "duplicate",
    "empty-note",
    "out-of-order",
    "numbering-gap",
    "bad-note-ref",
    "note-ref-direction",
    "ambiguous-ibid",
];

/// A corpus on disk, with the files whose scope was planted.
struct Bench {
    name: &'static str,
    dir: PathBuf,
    docs: Vec<Doc>,
    /// Paths of the documents with a planted scope.
    planted: BTreeSet<String>,
    /// Every file with its size, for `cat` and MB/s.
    files: Vec<(String, u64)>,
}

fn main() {
    probe::serve();
    let args: Vec<String> = std::env::args().collect();
    // `--test`, or no `--bench` (as `cargo test --benches` runs it).
    let test = args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench");
    let plain_mb = if test { TEST_MB } else { corpus::DEFAULT_MB };
    let markdown_mb = if test {
        TEST_MB
    } else {
        corpus::markdown::DEFAULT_MB
    };
    let benches = [
        prepare(
            "plain",
            corpus::generate(&corpus::Spec::from_env(plain_mb)),
            "plain",
            |path| path.starts_with("news/") || path.starts_with("reports/"),
        ),
        prepare(
            "markdown",
            corpus::markdown::generate(&corpus::Spec::from_env(markdown_mb)).docs,
            "markdown",
            |path| path.ends_with(".md"),
        ),
    ];
    if args.iter().any(|a| a == "--dir") {
        for b in &benches {
            println!("{}", b.dir.display());
        }
        return;
    }
    let Some(bin) = probe::binary() else {
        println!("{}", probe::NO_BINARY);
        return;
    };
    let rounds = timing::rounds(test);
    let mut problems: Vec<String> = Vec::new();
    for b in &benches {
        problems.extend(verify(b, bin));
        match measure(b, bin, rounds) {
            Some(ratio) if ratio.is_finite() && ratio > 0.0 => {}
            other => problems.push(format!("{}: no ratio ({other:?})", b.name)),
        }
        problems.extend(unchanged(b));
    }
    if test {
        println!("(test mode: tiny corpora in one round; the figures mean nothing)");
        if !problems.is_empty() {
            eprintln!("fix bench:\n  {}", problems.join("\n  "));
            std::process::exit(1);
        }
    } else if !problems.is_empty() {
        println!("NOT as planted:\n  {}", problems.join("\n  "));
    }
}

/// The corpus with scopes planted in its documents that `eligible`
/// accepts, read in `dialect`, written to its own folder.
fn prepare(name: &'static str, docs: Vec<Doc>, dialect: &str, eligible: fn(&str) -> bool) -> Bench {
    let dialect = ibid::internals::dialect::by_id(dialect).expect("the dialect");
    let mut planted = BTreeSet::new();
    let mut fit = 0;
    let docs: Vec<Doc> = docs
        .into_iter()
        .map(|doc| {
            if !eligible(&doc.path) {
                return doc;
            }
            let Some(text) = plant(&doc, dialect) else {
                return doc;
            };
            fit += 1;
            if (fit - 1) % PLANT_EVERY != 0 {
                return doc;
            }
            planted.insert(doc.path.clone());
            Doc {
                path: doc.path,
                text,
            }
        })
        .collect();
    let dir = corpus::write_dir(&corpus::default_root(), &docs)
        .unwrap_or_else(|e| panic!("cannot write the {name} corpus: {e}"));
    let files: Vec<(String, u64)> = docs
        .iter()
        .map(|d| (d.path.clone(), d.text.len() as u64))
        .collect();
    let megabytes = corpus::total_bytes(&docs) as f64 / 1e6;
    println!(
        "{name} corpus: {} files, {megabytes:.1} MB, in {}; {fit} documents with a scope fit \
         for planting, {} planted",
        docs.len(),
        dir.display(),
        planted.len()
    );
    assert!(
        !planted.is_empty(),
        "{name}: no document fit for planting an out-of-order scope"
    );
    Bench {
        name,
        dir,
        docs,
        planted,
        files,
    }
}

/// The document with two notes of its first fit scope swapped, or none.
fn plant(doc: &Doc, dialect: &ibid::Dialect) -> Option<String> {
    let text = doc.decoded();
    let bom = &doc.text[..doc.text.len() - text.len()];
    let parsed: Document = (dialect.parse)(
        text,
        &ibid::internals::dialect::Settings::default(),
        &ibid::internals::dialect::FileHints::default(),
    );
    let checked = ibid::check_text(text, dialect);
    let markdown = dialect.id == "markdown";
    let notes = parsed
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::Note && d.namespace.is_none());
    let at_line_start = |at: usize| at == 0 || text.as_bytes()[at - 1] == b'\n';
    if markdown
        && !notes
            .clone()
            .all(|d| d.label.parse::<u32>().is_ok() && at_line_start(d.label_span.start))
    {
        return None;
    }
    for (start, end) in regions(text, markdown) {
        let inside = |s: Span| start <= s.start && s.start < end;
        if checked
            .diagnostics
            .iter()
            .any(|d| inside(d.span) && UNFIT.contains(&d.code))
        {
            continue;
        }
        // Label → its definitions, and its markers (lone ones, or not).
        let mut defined: BTreeMap<u32, Vec<Span>> = BTreeMap::new();
        for d in notes.clone().filter(|d| inside(d.label_span)) {
            let Ok(n) = d.label.parse::<u32>() else {
                continue;
            };
            let written = &text[d.label_span.start..d.label_span.end];
            let bracketed = written == format!("[{n}]") || written.starts_with(&format!("[^{n}]"));
            if bracketed && at_line_start(d.label_span.start) {
                defined.entry(n).or_default().push(d.label_span);
            } else {
                defined.entry(n).or_default().push(Span::new(0, 0));
            }
        }
        let mut lone: BTreeMap<u32, Vec<Span>> = BTreeMap::new();
        let mut grouped: BTreeSet<u32> = BTreeSet::new();
        for m in parsed
            .markers
            .iter()
            .filter(|m| m.kind == RefKind::Note && m.namespace.is_none() && inside(m.span))
        {
            let Ok(n) = m.label.parse::<u32>() else {
                continue;
            };
            if m.label_span == m.span {
                lone.entry(n).or_default().push(m.span);
            } else {
                grouped.insert(n);
            }
        }
        let fit = |n: u32| {
            defined
                .get(&n)
                .is_some_and(|d| d.len() == 1 && !d[0].is_empty())
                && lone.contains_key(&n)
                && !grouped.contains(&n)
        };
        let Some(a) = defined.keys().copied().find(|&a| fit(a) && fit(a + 1)) else {
            continue;
        };
        let b = a + 1;
        // Swap the digits of every marker and definition of a and b.
        let mut edits: Vec<(Span, u32)> = Vec::new();
        for (from, to) in [(a, b), (b, a)] {
            for &span in lone[&from].iter().chain(&defined[&from]) {
                let written = &text[span.start..span.end];
                let digits = written.find(&from.to_string()).expect("the label's digits");
                let at = span.start + digits;
                edits.push((Span::new(at, at + from.to_string().len()), to));
            }
        }
        edits.sort_by_key(|e| e.0.start);
        let mut out = String::with_capacity(doc.text.len());
        out.push_str(bom);
        let mut at = 0;
        for (span, to) in edits {
            out.push_str(&text[at..span.start]);
            out.push_str(&to.to_string());
            at = span.end;
        }
        out.push_str(&text[at..]);
        // The swap must read as a scope out of order.
        let after = ibid::check_text(out.strip_prefix('\u{feff}').unwrap_or(&out), dialect);
        assert!(
            after.diagnostics.iter().any(|d| d.code == "out-of-order"),
            "{}: swapping notes {a} and {b} did not put them out of order",
            doc.path
        );
        return Some(out);
    }
    None
}

/// Where a document's scopes are: a Markdown page is one; a plain report
/// has one per `Chapter N:` heading (and the masthead before the first).
fn regions(text: &str, markdown: bool) -> Vec<(usize, usize)> {
    if markdown {
        return vec![(0, text.len())];
    }
    let mut starts: Vec<usize> = vec![0];
    let mut at = 0;
    while let Some(i) = text[at..].find("\nChapter ") {
        starts.push(at + i + 1);
        at += i + 1;
    }
    starts.push(text.len());
    starts.windows(2).map(|w| (w[0], w[1])).collect()
}

/// One `ibid fix --check` run read against the planted scopes: the
/// problems found (none when it is as planted).
fn verify(b: &Bench, bin: &Path) -> Vec<String> {
    let output = Command::new(bin)
        .args(["fix", "--check", "-j", &THREADS.to_string(), "."])
        .current_dir(&b.dir)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let paths: BTreeSet<&str> = b.docs.iter().map(|d| d.path.as_str()).collect();
    // Files with a scope to fix, and files with one left alone.
    let mut fixes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut left: BTreeMap<&str, usize> = BTreeMap::new();
    // `PATH: …` or `PATH:LINE: …` (no corpus path holds a colon).
    for line in stdout.lines() {
        let Some((path, rest)) = line.split_once(':') else {
            continue;
        };
        let path = path.strip_prefix("./").unwrap_or(path);
        let Some(&path) = paths.get(path) else {
            continue;
        };
        let tally = match rest.to_lowercase().contains("left") {
            true => &mut left,
            false => &mut fixes,
        };
        *tally.entry(path).or_default() += 1;
    }
    let found = b
        .planted
        .iter()
        .filter(|p| fixes.contains_key(p.as_str()))
        .count();
    let unplanted: Vec<&&str> = fixes.keys().filter(|p| !b.planted.contains(**p)).collect();
    let code = output.status.code();
    println!(
        "\n{}: `ibid fix --check -j {THREADS} .` exits {}: {} scopes to fix in {} files \
         (planted {found}/{}{}), {} left alone in {} files; {} files to fix not planted{}",
        b.name,
        code.map_or("on a signal".into(), |c| c.to_string()),
        fixes.values().sum::<usize>(),
        fixes.len(),
        b.planted.len(),
        if found == b.planted.len() { "" } else { " (!)" },
        left.values().sum::<usize>(),
        left.len(),
        unplanted.len(),
        unplanted
            .first()
            .map_or(String::new(), |p| format!(" (first {p})")),
    );
    let mut problems = Vec::new();
    if code != Some(1) {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let said = stderr.lines().next().unwrap_or("");
        problems.push(format!(
            "{}: fix --check exited {code:?}, not 1 ({said})",
            b.name
        ));
    }
    for p in unplanted.iter().take(5) {
        problems.push(format!(
            "{}: fix --check would change {p}, where nothing was planted",
            b.name
        ));
    }
    for p in b.planted.iter().filter(|p| !fixes.contains_key(p.as_str())) {
        let why = match left.contains_key(p.as_str()) {
            true => "left alone",
            false => "not named",
        };
        problems.push(format!("{}: planted scope missed in {p} ({why})", b.name));
    }
    problems
}

/// `cat`, `check` and `fix --check` over the corpus, `rounds` times in
/// rotating order, and the table; the ratio of `fix --check` to `check`,
/// best over best.
fn measure(b: &Bench, bin: &Path, rounds: usize) -> Option<f64> {
    let batches = timing::batches(b.files.iter().map(|f| f.0.as_str()));
    let load_before = timing::load();
    // Warm the page cache.
    timing::cat(&b.dir, &batches);
    let check = probe::check_args(THREADS, &[]);
    let fix: Vec<String> = ["fix", "--check", "-j", &THREADS.to_string(), "."]
        .iter()
        .map(|s| s.to_string())
        .collect();
    let mut samples: [Vec<Sample>; 3] = Default::default();
    for round in 0..rounds {
        for k in 0..3 {
            let stage = (round + k) % 3;
            let sample = match stage {
                0 => timing::cat(&b.dir, &batches),
                1 => run(&b.dir, bin, &check)?,
                _ => run(&b.dir, bin, &fix)?,
            };
            samples[stage].push(sample);
        }
    }
    let megabytes = b.files.iter().map(|f| f.1).sum::<u64>() as f64 / 1e6;
    println!("{} corpus:", b.name);
    timing::banner(b.files.len(), megabytes, rounds, "rotating", &load_before);
    let [cats, checks, fixes] = &samples;
    timing::table(
        16,
        megabytes,
        &[
            ("cat".to_owned(), &cats[..]),
            (format!("check -j {THREADS}"), &checks[..]),
            (format!("fix --check -j {THREADS}"), &fixes[..]),
        ],
        "",
    );
    let best = timing::best(fixes) / timing::best(checks);
    let median = timing::median(fixes) / timing::median(checks);
    println!(
        "fix --check / check: {best:.2}x best, {median:.2}x median (target <= {TARGET_RATIO}x): {}",
        timing::verdict(best <= TARGET_RATIO)
    );
    Some(best)
}

/// One run of `bin args` in `dir` from the probe; none (with a message)
/// when it fails to run or exits with neither 0 nor 1.
fn run(dir: &Path, bin: &Path, args: &[String]) -> Option<Sample> {
    let usage = match probe::measure(dir, bin, args) {
        Ok(usage) => usage,
        Err(e) => {
            println!("ibid {}: {e}", args.join(" "));
            return None;
        }
    };
    if !matches!(usage.status, 0 | 1) {
        println!("ibid {}: status {}", args.join(" "), usage.status);
        return None;
    }
    Some(Sample::of(&usage))
}

/// Every file is as generated (nothing wrote to the corpus).
fn unchanged(b: &Bench) -> Vec<String> {
    b.docs
        .iter()
        .filter(|d| std::fs::read(b.dir.join(&d.path)).ok().as_deref() != Some(d.text.as_bytes()))
        .map(|d| format!("{}: {} changed on disk", b.name, d.path))
        .take(5)
        .collect()
}
