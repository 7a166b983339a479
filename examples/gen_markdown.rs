//! Write the Markdown benchmark corpus to a directory, or time the
//! pipeline on it without criterion (for a quick look, or to run under a
//! profiler).
//!
//! ```text
//! cargo run --release --example gen_markdown                    # write it, print the path
//! cargo run --release --example gen_markdown -- --out DIR       # write it under DIR
//! cargo run --release --example gen_markdown -- --time          # MB/s of every stage
//! cargo run --release --example gen_markdown -- --time 20 check_inputs  # one stage, 20 rounds
//! ```
//!
//! `--mb N` (or `IBID_BENCH_MB`) sets the size in MiB, `--seed S` (or
//! `IBID_BENCH_SEED`) the seed; the corpus is the one
//! `cargo bench --bench markdown` measures. Stages: pulldown-cmark, parse,
//! check_text (one thread, Markdown files only), read, check_inputs (every
//! file).

#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use corpus::markdown;

const USAGE: &str =
    "usage: gen_markdown [--mb N] [--seed S] [--out DIR] [--time [ROUNDS] [STAGE]...]";
const STAGES: &[&str] = &[
    "pulldown-cmark",
    "parse",
    "check_text",
    "read",
    "check_inputs",
];

fn main() -> ExitCode {
    let args = match corpus::parse_args(
        corpus::Spec::from_env(markdown::DEFAULT_MB),
        STAGES,
        &[],
        USAGE,
    ) {
        Ok(args) => args,
        Err(None) => {
            eprintln!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(Some(message)) => {
            eprintln!("gen_markdown: {message}");
            return ExitCode::from(2);
        }
    };
    let corpus::Args {
        spec,
        root,
        rounds,
        stages,
        ..
    } = args;

    let started = Instant::now();
    let corpus = markdown::generate(&spec);
    let bytes = corpus::total_bytes(&corpus.docs);
    eprintln!(
        "generated {} files ({} Markdown), {:.1} MB in {:.2?}",
        corpus.docs.len(),
        corpus.markdown().count(),
        bytes as f64 / 1e6,
        started.elapsed()
    );
    let dir = match corpus::write_dir(&root, &corpus.docs) {
        Ok(dir) => dir,
        Err(e) => {
            eprintln!("gen_markdown: cannot write under {}: {e}", root.display());
            return ExitCode::from(2);
        }
    };
    println!("{}", dir.display());
    let Some(rounds) = rounds else {
        return ExitCode::SUCCESS;
    };
    for stage in &stages {
        time(stage, rounds, &corpus, &dir);
    }
    ExitCode::SUCCESS
}

/// Run one stage `rounds` times and print the best throughput.
fn time(stage: &str, rounds: usize, corpus: &markdown::Corpus, dir: &Path) {
    let dialect = ibid::internals::dialect::by_id("markdown").expect("the Markdown dialect");
    let texts: Vec<&str> = corpus.markdown().map(|d| d.decoded()).collect();
    let one_thread = matches!(stage, "pulldown-cmark" | "parse" | "check_text");
    let bytes = if one_thread {
        texts.iter().map(|t| t.len()).sum()
    } else {
        corpus::total_bytes(&corpus.docs)
    };
    let mut best = f64::INFINITY;
    for _ in 0..rounds.max(1) {
        let t = Instant::now();
        match stage {
            "pulldown-cmark" => {
                for text in &texts {
                    let parser = pulldown_cmark::Parser::new_ext(
                        text,
                        ibid::internals::dialect::markdown::OPTIONS,
                    );
                    std::hint::black_box(parser.into_offset_iter().count());
                }
            }
            "parse" => {
                for text in &texts {
                    std::hint::black_box(ibid::internals::dialect::markdown::parse(text));
                }
            }
            "check_text" => {
                for text in &texts {
                    std::hint::black_box(ibid::check_text(text, dialect));
                }
            }
            "read" => {
                for doc in &corpus.docs {
                    let bytes =
                        std::fs::read(dir.join(&doc.path)).unwrap_or_else(|e| panic!("{e}"));
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
    println!(
        "{stage:>14}: {:8.1} MB/s  (best of {rounds}, {:.1} ms, {:.1} MB)",
        bytes as f64 / best / 1e6,
        best * 1e3,
        bytes as f64 / 1e6
    );
}
