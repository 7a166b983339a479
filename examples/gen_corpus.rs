//! Write the benchmark corpus to a directory, or time the pipeline on it
//! without criterion (for a quick look, or to run under a profiler).
//!
//! ```text
//! cargo run --release --example gen_corpus                    # write it, print the path
//! cargo run --release --example gen_corpus -- --out DIR       # write it under DIR
//! cargo run --release --example gen_corpus -- --time          # MB/s of every stage
//! cargo run --release --example gen_corpus -- --time 50 parse # one stage, 50 rounds
//! cargo run --release --example gen_corpus -- --time --kind rfc # RFC-like files only
//! ```
//!
//! `--mb N` (or `IBID_BENCH_MB`) sets the size in MiB, `--seed S` (or
//! `IBID_BENCH_SEED`) the seed; the corpus is the one
//! `cargo bench --bench throughput` measures. Stages: memchr, parse,
//! check_text, read, check_inputs. Kinds (sub-directories of the corpus):
//! news, reports, rfc.

#[path = "../benches/corpus/mod.rs"]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: gen_corpus [--mb N] [--seed S] [--out DIR] \
                     [--time [ROUNDS] [STAGE]...] [--kind news|reports|rfc]";
const STAGES: &[&str] = &["memchr", "parse", "check_text", "read", "check_inputs"];

fn main() -> ExitCode {
    let args = match corpus::parse_args(
        corpus::Spec::from_env(corpus::DEFAULT_MB),
        STAGES,
        &["news", "reports", "rfc"],
        USAGE,
    ) {
        Ok(args) => args,
        Err(None) => {
            eprintln!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(Some(message)) => {
            eprintln!("gen_corpus: {message}");
            return ExitCode::from(2);
        }
    };
    let corpus::Args {
        spec,
        root,
        rounds,
        stages,
        kind,
    } = args;

    let started = Instant::now();
    let docs = corpus::generate(&spec);
    let bytes = corpus::total_bytes(&docs);
    eprintln!(
        "generated {} files, {:.1} MB in {:.2?}",
        docs.len(),
        bytes as f64 / 1e6,
        started.elapsed()
    );
    let dir = match corpus::write_dir(&root, &docs) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("gen_corpus: cannot write under {}: {e}", root.display());
            return ExitCode::from(2);
        }
    };
    println!("{}", dir.display());
    let Some(rounds) = rounds else {
        return ExitCode::SUCCESS;
    };
    // Time one kind of document (one sub-directory), or all of them.
    let docs: Vec<corpus::Doc> = match &kind {
        Some(kind) => docs
            .into_iter()
            .filter(|d| d.path.split('/').next() == Some(kind.as_str()))
            .collect(),
        None => docs,
    };
    let files: Vec<PathBuf> = docs.iter().map(|d| dir.join(&d.path)).collect();
    let walked = kind.map_or(dir.clone(), |kind| dir.join(kind));
    for stage in &stages {
        time(stage, rounds, &docs, &files, &walked);
    }
    ExitCode::SUCCESS
}

/// Run one stage `rounds` times over `docs` (written as `files`, all under
/// `dir`) and print the best throughput.
fn time(stage: &str, rounds: usize, docs: &[corpus::Doc], files: &[PathBuf], dir: &Path) {
    let plain = ibid::internals::dialect::by_id("plain").expect("the plain dialect");
    let mut best = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        match stage {
            "memchr" => {
                let n: usize = docs
                    .iter()
                    .map(|d| memchr::memchr_iter(b'[', d.text.as_bytes()).count())
                    .sum();
                std::hint::black_box(n);
            }
            "parse" => {
                for doc in docs {
                    std::hint::black_box(ibid::internals::dialect::plain::parse(doc.decoded()));
                }
            }
            "check_text" => {
                for doc in docs {
                    std::hint::black_box(ibid::check_text(doc.decoded(), plain));
                }
            }
            "read" => {
                for file in files {
                    let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{e}"));
                    std::hint::black_box(bytes);
                }
            }
            _ => {
                let input = vec![ibid::Input::Path(dir.to_owned())];
                std::hint::black_box(ibid::check_inputs(input, &Default::default()));
            }
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    let bytes = corpus::total_bytes(docs);
    println!(
        "{stage:>12}: {:8.1} MB/s  (best of {rounds}, {:.1} ms, {:.1} MB)",
        bytes as f64 / best / 1e6,
        best * 1e3,
        bytes as f64 / 1e6
    );
}
