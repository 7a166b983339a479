//! A deterministic corpus of plain-text documents for the throughput
//! benchmark, shaped like the inputs of DESIGN.md §4: news articles and
//! multi-chapter reports with bracketed notes, and RFC-like documents with
//! citation keys, reference sections and page furniture. Every file holds a
//! few defects (unresolved, duplicate, orphaned) so the rules have work.
//!
//! A seeded splitmix64 drives everything: the same size and seed always give
//! the same bytes. Shared by `benches/throughput.rs` and
//! `examples/gen_corpus.rs`.

/// `pub enum NAME` of variants each with an id (a planted code's rule id,
/// as in the JSON `code`; a kind of unit, as in a manifest): `NAME::ALL`
/// in declaration order, `id`, `from_id`.
macro_rules! ids {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$vmeta:meta])* $variant:ident => $id:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$vmeta])* $variant,)*
        }

        impl $name {
            pub const ALL: [$name; [$($id),*].len()] = [$($name::$variant),*];

            pub fn id(self) -> &'static str {
                match self {
                    $($name::$variant => $id,)*
                }
            }

            pub fn from_id(id: &str) -> Option<$name> {
                $name::ALL.into_iter().find(|c| c.id() == id)
            }
        }
    };
}

// The Markdown corpus (`benches/markdown.rs`, `examples/gen_markdown.rs`);
// unused by the plain-text bench.
#[allow(dead_code)]
pub mod markdown;
// The LaTeX projects of `benches/latex.rs`; unused by the other benches.
#[allow(dead_code)]
pub mod latex;
// The reStructuredText corpus of `benches/rst.rs`; unused by the other
// benches.
#[allow(dead_code)]
pub mod rst;
// The AsciiDoc corpus of `benches/asciidoc.rs`; unused by the other
// benches.
#[allow(dead_code)]
pub mod asciidoc;
// The wikitext corpus of `benches/wikitext.rs`; unused by the other
// benches.
#[allow(dead_code)]
pub mod wikitext;
// The repository of `benches/repo.rs`; unused by the other benches.
mod news;
#[allow(dead_code)]
pub mod repo;
mod rfc;
// Shared by `write_dir` and the LaTeX and repository generators; the
// manifest helpers are unused by the plain-text bench.
#[allow(dead_code)]
mod stored;
// Shared by the LaTeX, reStructuredText, AsciiDoc and wikitext corpora.
mod units;
mod words;

use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Corpus size for a benchmark run, in MiB.
pub const DEFAULT_MB: usize = 64;
pub const DEFAULT_SEED: u64 = 0x1b1d_0001;

/// Smallest and largest file the generator aims for, in bytes.
const MIN_FILE: usize = 20_000;
const MAX_FILE: usize = 400_000;

/// A defect a corpus plants: the finding `ibid` must report, where.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Defect<C> {
    pub code: C,
    /// Relative to the corpus root.
    pub path: String,
    /// The 1-based line of the finding, or 0 where the generator does not
    /// say (the LaTeX and reStructuredText corpora).
    pub line: usize,
    pub label: String,
}

impl<C> Defect<C> {
    /// The manifest entry of a defect at no known line,
    /// `defect CODE PATH LABEL`, with `id` its code's id.
    pub fn entry(&self, id: &str) -> String {
        format!("defect {id} {} {}\n", self.path, self.label)
    }

    /// A defect read back from the words of its manifest entry `entry`
    /// (see [`Defect::entry`]): its code (none if the id is unknown), path
    /// and the words of its label.
    pub fn from_entry(
        code: Option<C>,
        path: &str,
        label: &[&str],
        entry: &str,
    ) -> io::Result<Defect<C>> {
        Defect::from_entry_at_line(code, path, "0", label, entry)
    }

    /// The manifest entry of a defect at a known line,
    /// `defect CODE PATH LINE LABEL`, with `id` its code's id.
    pub fn entry_at_line(&self, id: &str) -> String {
        format!("defect {id} {} {} {}\n", self.path, self.line, self.label)
    }

    /// A defect read back from the words of its manifest entry `entry`
    /// (see [`Defect::entry_at_line`]): its code (none if the id is
    /// unknown), path, line and the words of its label.
    pub fn from_entry_at_line(
        code: Option<C>,
        path: &str,
        at: &str,
        label: &[&str],
        entry: &str,
    ) -> io::Result<Defect<C>> {
        Ok(Defect {
            code: code.ok_or(stored::invalid(entry))?,
            path: path.to_owned(),
            line: at.parse().map_err(|_| stored::invalid(entry))?,
            label: label.join(" "),
        })
    }
}

/// How much corpus to generate.
#[derive(Clone, Copy, Debug)]
pub struct Spec {
    /// Lower bound on the total size of all files.
    pub bytes: usize,
    pub seed: u64,
}

impl Spec {
    /// `default_mb` MiB with the default seed, overridden by the environment
    /// variables `IBID_BENCH_MB` (a size in MiB, fractions allowed) and
    /// `IBID_BENCH_SEED`.
    pub fn from_env(default_mb: usize) -> Spec {
        let mb = env_positive("IBID_BENCH_MB").unwrap_or(default_mb as f64);
        Spec {
            bytes: (mb * 1024.0 * 1024.0) as usize,
            seed: env_seed(),
        }
    }
}

/// How much of a dialect's corpus to generate (`latex.rs`, `rst.rs`).
#[derive(Clone, Copy, Debug)]
pub struct DialectSpec {
    /// Lower bound on the bytes of the files `ibid` reads.
    pub bytes: usize,
    pub seed: u64,
    /// Factor on the size of each project (or unit).
    pub scale: f64,
}

impl DialectSpec {
    /// `default_mb` MB, overridden by the environment variable `var` (MB of
    /// 10^6 bytes, fractions allowed), and the seed by `IBID_BENCH_SEED`.
    pub fn from_env(var: &str, default_mb: f64, scale: f64) -> DialectSpec {
        let mb = env_positive(var).unwrap_or(default_mb);
        DialectSpec {
            bytes: (mb * 1e6) as usize,
            seed: env_seed(),
            scale,
        }
    }

    /// The corpus of a full run (`default_mb`, full scale) or of test mode
    /// (`test_mb`, units scaled by `test_scale`), its size overridden by
    /// the environment variable `var` (see [`DialectSpec::from_env`]).
    pub fn of_run(
        test: bool,
        var: &str,
        default_mb: f64,
        test_mb: f64,
        test_scale: f64,
    ) -> DialectSpec {
        match test {
            true => DialectSpec::from_env(var, test_mb, test_scale),
            false => DialectSpec::from_env(var, default_mb, 1.0),
        }
    }
}

/// The environment variable `name` as a number, when it is set and above
/// zero (a size: `IBID_BENCH_MB`, `IBID_BENCH_REPO_FILES` …).
pub fn env_positive<T: std::str::FromStr + PartialOrd + Default>(name: &str) -> Option<T> {
    let value: T = std::env::var(name).ok()?.trim().parse().ok()?;
    (value > T::default()).then_some(value)
}

/// `IBID_BENCH_SEED`, or the default seed.
pub fn env_seed() -> u64 {
    std::env::var("IBID_BENCH_SEED")
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(DEFAULT_SEED)
}

/// One generated file.
pub struct Doc {
    /// Relative path with `/` separators, e.g. `rfc/rfc-0012.txt`.
    pub path: String,
    /// The file's exact contents (which may start with a byte-order mark
    /// and use CRLF line ends).
    pub text: String,
}

impl Doc {
    /// The text as the checker sees it after decoding: without the BOM.
    pub fn decoded(&self) -> &str {
        self.text.strip_prefix('\u{feff}').unwrap_or(&self.text)
    }
}

/// What a planned file will be.
#[derive(Clone, Copy)]
enum Kind {
    /// An article, or a report whose chapters restart their notes at [1].
    News,
    Rfc,
}

/// Generate at least `spec.bytes` bytes of documents (files are generated in
/// parallel, each from its own seed, so the result does not depend on the
/// number of threads).
pub fn generate(spec: &Spec) -> Vec<Doc> {
    let mut rng = Rng::new(spec.seed);
    let mut docs: Vec<Doc> = Vec::new();
    let mut total = 0;
    // Files come out a little smaller or larger than planned, so plan in
    // rounds until the total is reached.
    while total < spec.bytes {
        let mut plan = Vec::new();
        let mut planned = 0;
        while total + planned < spec.bytes {
            let size = file_size(&mut rng);
            let kind = if rng.percent(35) {
                Kind::Rfc
            } else {
                Kind::News
            };
            plan.push((docs.len() + plan.len(), kind, size, rng.next_u64()));
            planned += size;
        }
        let round: Vec<Doc> = plan
            .into_par_iter()
            .map(|(i, kind, size, seed)| make(i, kind, size, seed))
            .collect();
        total += round.iter().map(|d| d.text.len()).sum::<usize>();
        docs.extend(round);
    }
    docs
}

/// Units of a dialect's corpus, generated in rounds until their bytes
/// reach `bytes`: each round plans units one at a time (`next`, given the
/// unit's index, returns its plan and the bytes it aims at) until it has
/// planned what it aims at and at least `least` units (the first round;
/// one in the others), then builds them in parallel (`build`, each from
/// its plan alone, so the result does not depend on the number of
/// threads) and counts their bytes (`size`).
///
/// With a `floor`, units are taken to come out larger or smaller than
/// aimed at: the first round aims at half of what is wanted, the others at
/// what is left over the ratio of bytes made to bytes aimed at so far (at
/// least `floor`). Without one, every round aims at what is left.
pub fn in_rounds<P: Send, U: Send>(
    bytes: usize,
    least: usize,
    floor: Option<f64>,
    mut next: impl FnMut(usize) -> (P, usize),
    build: impl Fn(P) -> U + Sync + Send,
    size: impl Fn(&U) -> usize,
) -> Vec<U> {
    let mut out: Vec<U> = Vec::new();
    let mut total = 0;
    let (mut aimed, mut ratio) = (0, 1.0);
    while total < bytes {
        let left = bytes - total;
        let aim = match (floor, out.is_empty()) {
            (None, _) => left,
            (Some(_), true) => left / 2,
            (Some(_), false) => (left as f64 / ratio) as usize,
        };
        let least = if out.is_empty() { least } else { 1 };
        let mut plan = Vec::new();
        let mut planned = 0;
        while planned < aim || plan.len() < least {
            let (p, aimed_at) = next(out.len() + plan.len());
            plan.push(p);
            planned += aimed_at;
        }
        let round: Vec<U> = plan.into_par_iter().map(&build).collect();
        total += round.iter().map(&size).sum::<usize>();
        if let Some(floor) = floor {
            aimed += planned;
            ratio = (total as f64 / aimed as f64).max(floor);
        }
        out.extend(round);
    }
    out
}

/// Sizes between 20 KB and 400 KB, most of them small (a cubed uniform:
/// median about 68 KB, mean about 115 KB).
fn file_size(rng: &mut Rng) -> usize {
    let u = rng.below(1 << 20) as u128;
    MIN_FILE + (((MAX_FILE - MIN_FILE) as u128 * u * u * u) >> 60) as usize
}

fn make(i: usize, kind: Kind, size: usize, seed: u64) -> Doc {
    let mut rng = Rng::new(seed);
    let (path, mut text) = match kind {
        Kind::Rfc => {
            let (draft, text) = rfc::generate(&mut rng, size);
            let stem = if draft { "draft" } else { "rfc" };
            (format!("rfc/{stem}-{i:04}.txt"), text)
        }
        Kind::News if size < news::SINGLE_ARTICLE => (
            format!("news/article-{i:04}.txt"),
            news::generate(&mut rng, size),
        ),
        Kind::News => (
            format!("reports/report-{i:04}.txt"),
            news::generate(&mut rng, size),
        ),
    };
    if rng.percent(4) {
        text = text.replace('\n', "\r\n");
    }
    if rng.percent(3) {
        text.insert(0, '\u{feff}');
    }
    Doc { path, text }
}

/// Total size of the documents in bytes.
pub fn total_bytes(docs: &[Doc]) -> usize {
    docs.iter().map(|d| d.text.len()).sum()
}

/// `$CARGO_TARGET_DIR/ibid-bench-corpus`, or `target/ibid-bench-corpus` in
/// the package.
pub fn default_root() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
        .join("ibid-bench-corpus")
}

/// Write the documents to `root/<fingerprint>/`, unless that directory
/// already holds exactly these files with these sizes; return it. The
/// directory is filled under a temporary name and renamed when complete.
pub fn write_dir(root: &Path, docs: &[Doc]) -> io::Result<PathBuf> {
    let held = |dir: &Path| holds(dir, docs).then_some(());
    let write = |tmp: &Path| {
        for doc in docs {
            stored::put(tmp, &doc.path, doc.text.as_bytes())?;
        }
        Ok(())
    };
    let (dir, ()) = stored::cached(root, fingerprint(docs), held, write)?;
    Ok(dir)
}

/// Whether `dir` holds these files, with these sizes, and nothing else.
fn holds(dir: &Path, docs: &[Doc]) -> bool {
    let sizes_match = docs.iter().all(|doc| {
        std::fs::metadata(dir.join(&doc.path)).is_ok_and(|m| m.len() == doc.text.len() as u64)
    });
    sizes_match && count_files(dir).is_ok_and(|n| n == docs.len())
}

fn count_files(dir: &Path) -> io::Result<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        n += if entry.file_type()?.is_dir() {
            count_files(&entry.path())?
        } else {
            1
        };
    }
    Ok(n)
}

/// A 64-bit hash of every path and byte, naming the corpus directory (so a
/// changed generator never reuses a stale one).
pub fn fingerprint(docs: &[Doc]) -> u64 {
    let mut h: u64 = 0x6962_6964_2d62_656e;
    let mut mix = |bytes: &[u8]| {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let w = u64::from_le_bytes(c.try_into().expect("8-byte chunk"));
            h = (h ^ w).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
        }
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
        h ^= bytes.len() as u64;
    };
    for doc in docs {
        mix(doc.path.as_bytes());
        mix(doc.text.as_bytes());
    }
    h
}

/// splitmix64: small, fast, dependency-free and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p` percent.
    pub fn percent(&mut self, p: usize) -> bool {
        self.below(100) < p
    }

    /// True with probability `p` per mille.
    pub fn per_mille(&mut self, p: usize) -> bool {
        self.below(1000) < p
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    /// Like `pick`, for items that are not `Copy`.
    pub fn pick_ref<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            items.swap(i, self.below(i + 1));
        }
    }
}

/// `May 2015`, `July 24, 2023`: a month name and a plausible year.
fn month(rng: &mut Rng) -> &'static str {
    rng.pick(words::MONTHS)
}

fn year(rng: &mut Rng) -> usize {
    rng.range(1981, 2024)
}

/// Push `word` with its first letter in upper case.
fn push_capitalized(out: &mut String, word: &str) {
    let mut chars = word.chars();
    if let Some(first) = chars.next() {
        out.extend(first.to_uppercase());
        out.push_str(chars.as_str());
    }
}

/// What the corpus example programs (`examples/gen_*.rs`) are asked to do.
#[allow(dead_code)]
pub struct Args {
    pub spec: Spec,
    pub root: PathBuf,
    /// `--time [ROUNDS]`: how many rounds to time, if any.
    pub rounds: Option<usize>,
    /// Stages named after `--time` (empty: all).
    pub stages: Vec<String>,
    /// `--kind K`, when `kinds` allows one.
    pub kind: Option<String>,
}

/// Parse `--mb N --seed S --out DIR --time [ROUNDS] [STAGE]... [--kind K]`.
/// `Err(None)` means `--help` was asked for; `Err(Some(message))` a usage
/// error. `kinds` empty means no `--kind` option.
#[allow(dead_code)]
pub fn parse_args(
    mut spec: Spec,
    stages: &[&str],
    kinds: &[&str],
    usage: &str,
) -> Result<Args, Option<String>> {
    let mut root = default_root();
    let mut rounds = None;
    let mut chosen: Vec<String> = Vec::new();
    let mut kind = None;
    let mut args = std::env::args().skip(1).peekable();
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let parsed = match arg.as_str() {
            "--mb" => value("--mb").and_then(|v| {
                v.parse::<f64>()
                    .map(|mb| spec.bytes = (mb * 1024.0 * 1024.0) as usize)
                    .map_err(|e| format!("--mb {v}: {e}"))
            }),
            "--seed" => value("--seed").and_then(|v| {
                v.parse()
                    .map(|s| spec.seed = s)
                    .map_err(|e| format!("--seed {v}: {e}"))
            }),
            "--out" => value("--out").map(|v| root = PathBuf::from(v)),
            "--kind" if !kinds.is_empty() => value("--kind").and_then(|v| {
                if kinds.contains(&v.as_str()) {
                    kind = Some(v);
                    Ok(())
                } else {
                    Err(format!("--kind {v}: expected one of {}", kinds.join(", ")))
                }
            }),
            "--time" => {
                rounds = Some(3);
                if let Some(n) = args.next_if(|a| a.parse::<usize>().is_ok()) {
                    rounds = n.parse().ok();
                }
                Ok(())
            }
            "-h" | "--help" => return Err(None),
            stage if rounds.is_some() && stages.contains(&stage) => {
                chosen.push(stage.to_owned());
                Ok(())
            }
            other => Err(format!("unexpected argument `{other}`\n{usage}")),
        };
        parsed.map_err(Some)?;
    }
    if chosen.is_empty() {
        chosen = stages.iter().map(|s| s.to_string()).collect();
    }
    Ok(Args {
        spec,
        root,
        rounds,
        stages: chosen,
        kind,
    })
}
