//! Throughput of the plain-text pipeline, in bytes per second, on a
//! generated corpus (see `corpus/mod.rs`) and next to the baselines it is
//! judged against:
//!
//! - `in-memory/memchr`: count every `[` with memchr, the floor for any
//!   scanner that looks at brackets;
//! - `in-memory/parse`: `ibid::internals::dialect::plain::parse`, one thread;
//! - `in-memory/check_text`: parse, graph and rules, one thread;
//! - `files/read`: `std::fs::read` of every file, one after another (the
//!   `cat` of the corpus), and `files/read_parallel` with rayon;
//! - `files/check_inputs`: the whole library run on the corpus directory:
//!   walk, read, decode and check, files in parallel with rayon;
//! - `real/*`: memchr, parse and check_text on the RFCs and articles in
//!   `../shared/corpus`, when that folder exists.
//!
//! `cargo bench --bench throughput` generates 64 MiB (about 560 files, in
//! memory, and writes them once under `target/ibid-bench-corpus/`) and takes
//! about a minute; criterion's quick mode (`-- --test`, also
//! `cargo test --benches`) uses 4 MiB and takes under a second.
//! `IBID_BENCH_MB` (MiB, fractions allowed) and `IBID_BENCH_SEED` override
//! the size and the seed. Throughputs are printed in MiB/s or GiB/s.
//!
//! To profile one benchmark without criterion's analysis:
//! `cargo bench --bench throughput -- --profile-time 10 in-memory/parse`
//! under `perf record`, or use `examples/gen_corpus.rs --time`.

mod corpus;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode, Throughput};
use rayon::prelude::*;

use corpus::Doc;

/// Corpus size in criterion's quick test mode.
const TEST_MB: usize = 4;

/// Whether criterion runs each benchmark once instead of measuring: with
/// `--test`, or when not started by `cargo bench` (which passes `--bench`).
fn test_mode() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--test") || !args.iter().any(|a| a == "--bench")
}

fn docs() -> &'static [Doc] {
    static DOCS: OnceLock<Vec<Doc>> = OnceLock::new();
    DOCS.get_or_init(|| {
        let spec = corpus::Spec::from_env(if test_mode() {
            TEST_MB
        } else {
            corpus::DEFAULT_MB
        });
        let docs = corpus::generate(&spec);
        describe(&docs);
        docs
    })
}

/// The corpus written to disk, and the files in it.
fn corpus_dir() -> &'static (PathBuf, Vec<PathBuf>) {
    static DIR: OnceLock<(PathBuf, Vec<PathBuf>)> = OnceLock::new();
    DIR.get_or_init(|| {
        let docs = docs();
        let dir = corpus::write_dir(&corpus::default_root(), docs)
            .unwrap_or_else(|e| panic!("cannot write the corpus: {e}"));
        let files = docs.iter().map(|d| dir.join(&d.path)).collect();
        // The walk must find every file (nothing ignored, nothing skipped).
        let report = ibid::check_inputs(vec![ibid::Input::Path(dir.clone())], &Default::default());
        assert_eq!(
            report.files.len(),
            docs.len(),
            "files checked in {}",
            dir.display()
        );
        assert!(report.failures.is_empty(), "{:?}", report.failures);
        eprintln!("corpus directory: {}", dir.display());
        (dir, files)
    })
}

/// One line about the corpus, and what the checker finds in it.
fn describe(docs: &[Doc]) {
    let plain = ibid::internals::dialect::by_id("plain").expect("the plain dialect");
    let mut markers = 0;
    let mut definitions = 0;
    let mut codes: Vec<(&str, usize)> = Vec::new();
    for doc in docs {
        let checked = ibid::check_text(doc.decoded(), plain);
        markers += checked.markers;
        definitions += checked.definitions;
        for d in &checked.diagnostics {
            match codes.iter_mut().find(|c| c.0 == d.code) {
                Some(c) => c.1 += 1,
                None => codes.push((d.code, 1)),
            }
        }
    }
    let brackets: usize = docs
        .iter()
        .map(|d| memchr::memchr_iter(b'[', d.text.as_bytes()).count())
        .sum();
    let kinds = ["news/", "reports/", "rfc/"]
        .map(|k| docs.iter().filter(|d| d.path.starts_with(k)).count());
    eprintln!(
        "corpus: {} files ({} articles, {} reports, {} RFCs), {:.1} MB, {brackets} `[`, \
         {markers} markers, {definitions} definitions; diagnostics: {codes:?}",
        docs.len(),
        kinds[0],
        kinds[1],
        kinds[2],
        corpus::total_bytes(docs) as f64 / 1e6,
    );
}

fn in_memory(c: &mut Criterion) {
    let docs = docs();
    let plain = ibid::internals::dialect::by_id("plain").expect("the plain dialect");
    let mut group = c.benchmark_group("in-memory");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(corpus::total_bytes(docs) as u64));
    group.bench_function("memchr", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| memchr::memchr_iter(b'[', d.text.as_bytes()).count())
                .sum::<usize>()
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for doc in docs {
                black_box(ibid::internals::dialect::plain::parse(doc.decoded()));
            }
        })
    });
    group.bench_function("check_text", |b| {
        b.iter(|| {
            for doc in docs {
                black_box(ibid::check_text(doc.decoded(), plain));
            }
        })
    });
    group.finish();
}

fn files(c: &mut Criterion) {
    let docs = docs();
    let mut group = c.benchmark_group("files");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(corpus::total_bytes(docs) as u64));
    group.bench_function("read", |b| {
        let (_, files) = corpus_dir();
        b.iter(|| files.iter().map(|f| read(f).len()).sum::<usize>())
    });
    group.bench_function("read_parallel", |b| {
        let (_, files) = corpus_dir();
        b.iter(|| files.par_iter().map(|f| read(f).len()).sum::<usize>())
    });
    group.bench_function("check_inputs", |b| {
        let (dir, _) = corpus_dir();
        b.iter(|| {
            ibid::check_inputs(
                vec![ibid::Input::Path(dir.clone())],
                &ibid::Options::default(),
            )
        })
    });
    group.finish();
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Real documents from `../shared/corpus` (RFCs, drafts and the seed
/// article), read from there and never copied into the repository.
fn real(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    let mut texts: Vec<String> = Vec::new();
    for sub in ["rfc", "plain"] {
        let Ok(entries) = std::fs::read_dir(root.join(sub)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.filter_map(|e| Some(e.ok()?.path())).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            if let Ok(bytes) = std::fs::read(path) {
                if let Ok(text) = ibid::internals::source::decode(&bytes) {
                    texts.push(text.to_owned());
                }
            }
        }
    }
    if texts.is_empty() {
        return;
    }
    let plain = ibid::internals::dialect::by_id("plain").expect("the plain dialect");
    let mut group = c.benchmark_group("real");
    group.sampling_mode(SamplingMode::Flat);
    group.throughput(Throughput::Bytes(
        texts.iter().map(|t| t.len() as u64).sum(),
    ));
    group.bench_function("memchr", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| memchr::memchr_iter(b'[', t.as_bytes()).count())
                .sum::<usize>()
        })
    });
    group.bench_function("parse", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(ibid::internals::dialect::plain::parse(text));
            }
        })
    });
    group.bench_function("check_text", |b| {
        b.iter(|| {
            for text in &texts {
                black_box(ibid::check_text(text, plain));
            }
        })
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
}

criterion_group! {
    name = benches;
    config = config();
    targets = in_memory, files, real
}
criterion_main!(benches);
