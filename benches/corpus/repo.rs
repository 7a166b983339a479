//! A deterministic repository for `benches/repo.rs`: 10,000 documents and
//! about 250 MB of Markdown and plain text in nested folders, shaped like a
//! project that keeps its docs, blog, RFC mirror and news archive in git:
//!
//! - `packages/[<scope>/]<name>/README.md`, `docs/<section>/[<sub>/…]*.md`
//!   (depth 2–5) and `site/blog/<year>/*.md` with the `refs.bib` their
//!   front matter names, from the Markdown generator (`markdown.rs`);
//! - `rfc/*.txt`, `rfc/drafts/<wg>/*.txt`, `reports/<year>/*.txt`,
//!   `archive/news/<year>/<month>/[<day>/]*.txt` and `notes/*.txt` (depth
//!   1–5), from the plain-text generators (`news.rs`, `rfc.rs`) with sizes
//!   of 4–250 KB, most of them small;
//! - what `ibid check` must not read: `build/` (about 40% of the checked
//!   bytes, copies of the documents with their defects) excluded by the root
//!   `.gitignore`, as are `node_modules/` folders and `*.tmp.md`; a nested
//!   `docs/.gitignore` excluding `_generated/`; hidden files (`.github/`,
//!   `docs/.drafts/`, `.notes.txt`); binary `.png` and `.pdf` files; a
//!   `.git` directory, so that the walker honours the ignore files.
//!
//! The generators plant defects in every file; here 97% of the documents
//! are made clean by removing what the checker finds (a marker-like finding
//! loses its span, a definition loses its line, repeated until nothing is
//! found), and 3% keep their defects. The cleaning runs the library under
//! test, so the clean text depends on the checker as well as the seed; the
//! bench compares what the binary finds with the counts recorded here.
//!
//! The repository is written once under `target/ibid-bench-repo/<hash>/`,
//! named by a hash of the generated documents, and reused while a complete
//! manifest (`.ibid-bench-manifest`, hidden from the walker) is there.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};

use ibid::internals::dialect::Dialect;
use ibid::internals::model::Document;
use rayon::prelude::*;

use super::stored::{self, invalid};
use super::{markdown, Doc, Kind, Rng, Spec};

/// Documents `ibid check` reads (Markdown and plain text, not counting the
/// bibliographies) and their total size in MB (10^6 bytes).
pub const DEFAULT_FILES: usize = 10_000;
pub const DEFAULT_MB: usize = 250;

/// Bump when the layout or the cleaning changes, so that no stale
/// repository is reused.
const VERSION: u64 = 4;
/// Documents that keep their planted defects, in percent.
const DEFECTIVE_PERCENT: usize = 3;
/// Share of the bytes in Markdown, and of the documents at most.
const MARKDOWN_PERCENT: usize = 60;
const MARKDOWN_MAX_FILES_PERCENT: usize = 80;
/// Size of `build/` against the checked bytes, in percent.
const BUILD_PERCENT: usize = 40;
/// Plain-text sizes.
const PLAIN_MIN: usize = 4_000;
const PLAIN_MAX: usize = 250_000;
/// Cleaning rounds per document before it is left as it is.
const ROUNDS: usize = 8;

const MANIFEST: &str = ".ibid-bench-manifest";
const MAGIC: &str = "ibid-bench-repo";

/// How big a repository to generate.
#[derive(Clone, Copy, Debug)]
pub struct RepoSpec {
    /// Checked documents (`.md` and `.txt`).
    pub files: usize,
    /// Aimed total size of those documents, in bytes.
    pub bytes: usize,
    pub seed: u64,
}

impl RepoSpec {
    /// The defaults, overridden by `IBID_BENCH_REPO_FILES`,
    /// `IBID_BENCH_REPO_MB` (MB of 10^6 bytes, fractions allowed) and
    /// `IBID_BENCH_SEED`.
    pub fn from_env(files: usize, mb: f64) -> RepoSpec {
        let files = super::env_positive("IBID_BENCH_REPO_FILES").unwrap_or(files);
        let mb = super::env_positive("IBID_BENCH_REPO_MB").unwrap_or(mb);
        RepoSpec {
            files,
            bytes: (mb * 1e6) as usize,
            seed: super::env_seed(),
        }
    }
}

/// A count of files and their bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub files: usize,
    pub bytes: u64,
}

impl Tally {
    fn add(&mut self, bytes: u64) {
        self.files += 1;
        self.bytes += bytes;
    }
}

/// What the library found in the finished repository.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Findings {
    /// Checked documents (not bibliographies) with at least one finding.
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    /// Bibliographies with findings (`unused-entry`).
    pub bibliographies: usize,
    /// Documents generated to keep their planted defects (the others are
    /// cleaned, and have findings only when the cleaning did not converge).
    pub defective: usize,
}

/// A repository on disk.
pub struct Repo {
    pub dir: PathBuf,
    /// Every document `ibid check` reads, relative to `dir`, with its size.
    pub checked: Vec<(String, u64)>,
    /// The bibliographies those documents name (read too).
    pub bibliographies: Vec<(String, u64)>,
    /// Excluded by an ignore file, hidden, binary.
    pub ignored: Tally,
    pub hidden: Tally,
    pub binary: Tally,
    pub findings: Findings,
    /// Written by this run (not reused).
    pub written: bool,
}

impl Repo {
    /// Every file `ibid check` reads, relative to `dir`.
    pub fn read_files(&self) -> impl Iterator<Item = &(String, u64)> {
        self.checked.iter().chain(&self.bibliographies)
    }

    pub fn read_bytes(&self) -> u64 {
        self.read_files().map(|f| f.1).sum()
    }
}

/// What a generated file is for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Clean,
    Defective,
}

/// A file that `ibid check` must not read: a copy of a document, or bytes.
enum Extra {
    Ignored(String, usize),
    Hidden(String, usize),
    Binary(String, usize),
}

/// The repository in memory, before cleaning.
struct Plan {
    docs: Vec<Doc>,
    roles: Vec<Role>,
    bibs: Vec<Doc>,
    extras: Vec<Extra>,
}

/// Generate the repository and write it under `root`, unless it is there
/// already.
pub fn prepare(root: &Path, spec: &RepoSpec) -> io::Result<Repo> {
    let plan = plan(spec);
    let mut all: Vec<&Doc> = plan.docs.iter().chain(&plan.bibs).collect();
    all.sort_by(|a, b| a.path.cmp(&b.path));
    let hash = all
        .iter()
        .fold(VERSION ^ spec.seed, |h, d| stored::mix(h, d));
    let (dir, mut repo) = stored::cached(
        root,
        hash,
        |dir| load(dir).ok(),
        |tmp| write(tmp, plan, spec.seed),
    )?;
    repo.dir = dir;
    Ok(repo)
}

/// `$CARGO_TARGET_DIR/ibid-bench-repo`, or `target/ibid-bench-repo`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-repo")
}

fn plan(spec: &RepoSpec) -> Plan {
    let mut rng = Rng::new(spec.seed ^ 0x7265_706f_7369_746f);
    let corpus = markdown::generate(&Spec {
        bytes: spec.bytes * MARKDOWN_PERCENT / 100,
        seed: spec.seed,
    });
    let (mut md, bibs): (Vec<Doc>, Vec<Doc>) = corpus
        .docs
        .into_iter()
        .partition(|d| d.path.ends_with(".md"));
    md.truncate(spec.files * MARKDOWN_MAX_FILES_PERCENT / 100);
    let md_bytes: usize = md.iter().map(|d| d.text.len()).sum();

    // Plain text fills the rest: the remaining files and bytes.
    let n = spec.files - md.len();
    let sizes = plain_sizes(&mut rng, n, spec.bytes.saturating_sub(md_bytes));
    let jobs: Vec<(usize, Kind, usize, u64)> = sizes
        .into_iter()
        .enumerate()
        .map(|(i, size)| {
            let kind = if size >= 15_000 && rng.percent(35) {
                Kind::Rfc
            } else {
                Kind::News
            };
            (i, kind, size, rng.next_u64())
        })
        .collect();
    let plain: Vec<Doc> = jobs
        .into_par_iter()
        .map(|(i, kind, size, seed)| super::make(i, kind, size, seed))
        .collect();

    let mut docs: Vec<Doc> = md.into_iter().chain(plain).collect();
    for (i, doc) in docs.iter_mut().enumerate() {
        let mut rng = Rng::new(spec.seed ^ (i as u64).wrapping_mul(0xA076_1D64_78BD_642F));
        doc.path = place(&mut rng, &doc.path);
    }
    let bibs: Vec<Doc> = bibs
        .into_iter()
        .map(|mut b| {
            b.path = format!("site/{}", b.path);
            b
        })
        .collect();
    let roles = docs
        .iter()
        .map(|_| {
            if rng.percent(DEFECTIVE_PERCENT) {
                Role::Defective
            } else {
                Role::Clean
            }
        })
        .collect();
    let extras = extras(&mut rng, &docs, spec.bytes * BUILD_PERCENT / 100);
    Plan {
        docs,
        roles,
        bibs,
        extras,
    }
}

/// `n` sizes between `PLAIN_MIN` and `PLAIN_MAX` adding up to about
/// `total`: a uniform raised to the power that gives the mean, then scaled.
fn plain_sizes(rng: &mut Rng, n: usize, total: usize) -> Vec<usize> {
    if n == 0 {
        return Vec::new();
    }
    let mean = (total / n).max(PLAIN_MIN + 1);
    let k = ((PLAIN_MAX - PLAIN_MIN) / (mean - PLAIN_MIN)).clamp(2, 17) - 1;
    let sizes: Vec<u128> = (0..n)
        .map(|_| {
            let u = rng.below(1 << 20) as u128;
            let mut p: u128 = 1 << 20;
            for _ in 0..k {
                p = (p * u) >> 20;
            }
            PLAIN_MIN as u128 + (((PLAIN_MAX - PLAIN_MIN) as u128 * p) >> 20)
        })
        .collect();
    let sum: u128 = sizes.iter().sum();
    let want = (mean * n) as u128;
    sizes
        .into_iter()
        .map(|s| ((s * want / sum.max(1)) as usize).clamp(PLAIN_MIN, PLAIN_MAX))
        .collect()
}

/// Move a generated path into the repository's folders (depth 1–5).
fn place(rng: &mut Rng, path: &str) -> String {
    const SCOPES: &[&str] = &["core", "plugins", "tools", "integrations"];
    const SUBS: &[&str] = &[
        "guides",
        "reference",
        "howto",
        "internals",
        "v2",
        "legacy",
        "api",
        "tutorials",
    ];
    const GROUPS: &[&str] = &["httpbis", "tls", "quic", "dnsop", "oauth", "core"];
    let (folder, name) = path.rsplit_once('/').unwrap_or(("", path));
    let year = rng.range(2001, 2024);
    let month = rng.range(1, 12);
    if let Some(rest) = folder.strip_prefix("projects") {
        return match rng.percent(30) {
            true => format!("packages/{}{rest}/{name}", rng.pick(SCOPES)),
            false => format!("packages{rest}/{name}"),
        };
    }
    if folder.starts_with("docs/") {
        let mut out = folder.to_owned();
        for _ in 0..rng.below(4) {
            out.push('/');
            out.push_str(rng.pick(SUBS));
        }
        return format!("{out}/{name}");
    }
    if folder.starts_with("blog/") {
        return format!("site/{path}");
    }
    match folder {
        "news" if rng.percent(6) => format!("notes/{name}"),
        "news" if rng.percent(12) => {
            let day = rng.range(1, 28);
            format!("archive/news/{year}/{month:02}/{day:02}/{name}")
        }
        "news" => format!("archive/news/{year}/{month:02}/{name}"),
        "reports" => format!("reports/{year}/{name}"),
        "rfc" if name.starts_with("draft") => format!("rfc/drafts/{}/{name}", rng.pick(GROUPS)),
        _ => path.to_owned(),
    }
}

/// Copies of documents (with their defects) where `ibid check` must not
/// look, and binary files: `build_bytes` of `build/`, a few `node_modules`
/// READMEs, `*.tmp.md`, `_generated/`, hidden files, images and PDFs.
fn extras(rng: &mut Rng, docs: &[Doc], build_bytes: usize) -> Vec<Extra> {
    let mut out = Vec::new();
    if docs.is_empty() {
        return out;
    }
    let mut order: Vec<usize> = (0..docs.len()).collect();
    rng.shuffle(&mut order);
    let mut bytes = 0;
    for &i in &order {
        if bytes >= build_bytes {
            break;
        }
        let sub = if docs[i].path.ends_with(".md") {
            "site"
        } else {
            "text"
        };
        out.push(Extra::Ignored(format!("build/{sub}/{}", docs[i].path), i));
        bytes += docs[i].text.len();
    }
    // The next document whose path ends with `ext` (any, if none does).
    let mut picks = order.iter().copied().cycle();
    let mut next = |ext: &str| {
        let mut i = 0;
        for _ in 0..docs.len() {
            i = picks.next().unwrap_or(0);
            if docs[i].path.ends_with(ext) {
                break;
            }
        }
        i
    };
    let folder = |i: usize| docs[i].path.rsplit_once('/').map_or("", |p| p.0).to_owned();
    let files = (docs.len() / 200).max(4);
    for k in 0..files {
        let (i, j) = (next("README.md"), next(".md"));
        let dep = ["left-pad", "markdown-it", "remark", "micromark"][k % 4];
        let path = format!("{}/node_modules/{dep}/README.md", folder(i));
        out.push(Extra::Ignored(path, i));
        out.push(Extra::Ignored(format!("{}/notes-{k}.tmp.md", folder(j)), j));
        let j = next(".md");
        let section = docs[j].path.split('/').nth(1).unwrap_or("misc").to_owned();
        let path = format!("docs/{section}/_generated/api-{k:04}.md");
        out.push(Extra::Ignored(path, j));
    }
    for (k, path) in [
        ".github/PULL_REQUEST_TEMPLATE.md",
        ".github/ISSUE_TEMPLATE/bug_report.md",
        ".notes.txt",
    ]
    .iter()
    .enumerate()
    {
        let i = next(if k == 2 { ".txt" } else { ".md" });
        out.push(Extra::Hidden((*path).to_owned(), i));
    }
    for k in 0..files / 2 {
        out.push(Extra::Hidden(
            format!("docs/.drafts/draft-{k:03}.md"),
            next(".md"),
        ));
    }
    for k in 0..files {
        let i = next("");
        let path = match k % 4 {
            0 => format!("{}/figure-{k:03}.pdf", folder(i)),
            _ => format!("assets/img/figure-{k:03}.png"),
        };
        out.push(Extra::Binary(path, rng.range(4_000, 120_000)));
    }
    out
}

/// The root and nested `.gitignore`, a `.git` directory and a few files
/// no dialect claims.
const META: &[(&str, &str)] = &[
    (
        ".gitignore",
        "# Build output and dependencies\n/build/\nnode_modules/\n*.tmp.md\n",
    ),
    ("docs/.gitignore", "# Generated API pages\n_generated/\n"),
    (".git/HEAD", "ref: refs/heads/main\n"),
    (
        ".git/config",
        "[core]\n\trepositoryformatversion = 0\n\tbare = false\n",
    ),
    (".git/refs/heads/.keep", ""),
    ("Makefile", "docs:\n\tmdbook build\n"),
    (
        "package.json",
        "{ \"name\": \"docs\", \"private\": true }\n",
    ),
];

fn write(dir: &Path, plan: Plan, seed: u64) -> io::Result<Repo> {
    let put = |path: &str, bytes: &[u8]| stored::put(dir, path, bytes);
    for (path, text) in META {
        put(path, text.as_bytes())?;
    }
    let (mut ignored, mut hidden, mut binary) = Default::default();
    for extra in &plan.extras {
        match extra {
            Extra::Ignored(path, i) => {
                Tally::add(&mut ignored, put(path, plan.docs[*i].text.as_bytes())?)
            }
            Extra::Hidden(path, i) => {
                Tally::add(&mut hidden, put(path, plan.docs[*i].text.as_bytes())?)
            }
            Extra::Binary(path, len) => {
                let mut rng = Rng::new(seed ^ *len as u64);
                let mut bytes = match path.ends_with(".pdf") {
                    true => b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n\0".to_vec(),
                    false => b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec(),
                };
                bytes.extend((bytes.len()..*len).map(|_| rng.next_u64() as u8));
                Tally::add(&mut binary, put(path, &bytes)?);
            }
        }
    }
    let mut bibs = std::collections::HashSet::new();
    for bib in &plan.bibs {
        put(&bib.path, bib.text.as_bytes())?;
        bibs.insert(bib.path.clone());
    }
    let clean: HashMap<String, bool> = plan
        .docs
        .into_par_iter()
        .zip(plan.roles)
        .map(|(doc, role)| {
            let text = match role {
                Role::Clean => cleaned(&doc),
                Role::Defective => doc.text,
            };
            put(&doc.path, text.as_bytes()).map(|_| (doc.path, role == Role::Clean))
        })
        .collect::<io::Result<_>>()?;

    // Findings of the citation stage, which needs every document.
    let mut report = check(dir);
    for _ in 0..3 {
        let mut changed = false;
        for file in &report.files {
            let rel = relative(dir, &file.path);
            if file.diagnostics.is_empty() || clean.get(&rel) != Some(&true) {
                continue;
            }
            let path = dir.join(&rel);
            let text = std::fs::read_to_string(&path)?;
            let (bom, body) = split_bom(&text);
            let dialect = ibid::internals::dialect::by_path(&path).expect("a .md or .txt path");
            let text = repair(body, dialect, &file.diagnostics);
            std::fs::write(&path, format!("{bom}{text}"))?;
            changed = true;
        }
        if !changed {
            break;
        }
        report = check(dir);
    }

    let mut repo = Repo {
        dir: dir.to_owned(),
        checked: Vec::new(),
        bibliographies: Vec::new(),
        ignored,
        hidden,
        binary,
        findings: Findings {
            defective: clean.values().filter(|c| !**c).count(),
            ..Findings::default()
        },
        written: true,
    };
    for file in &report.files {
        let rel = relative(dir, &file.path);
        let size = std::fs::metadata(dir.join(&rel))?.len();
        let bib = bibs.contains(&rel);
        if !bib && !clean.contains_key(&rel) {
            return Err(io::Error::other(format!(
                "the library read {rel}, which it must not"
            )));
        }
        if !file.diagnostics.is_empty() {
            match bib {
                true => repo.findings.bibliographies += 1,
                false => repo.findings.files += 1,
            }
        }
        for d in &file.diagnostics {
            match d.severity {
                ibid::Severity::Error => repo.findings.errors += 1,
                _ => repo.findings.warnings += 1,
            }
        }
        match bib {
            true => repo.bibliographies.push((rel, size)),
            false => repo.checked.push((rel, size)),
        }
    }
    if repo.checked.len() != clean.len() || !report.failures.is_empty() {
        return Err(io::Error::other(format!(
            "the library checked {} of {} documents in {} (failures: {:?})",
            repo.checked.len(),
            clean.len(),
            dir.display(),
            report.failures
        )));
    }
    std::fs::write(dir.join(MANIFEST), manifest(&repo))?;
    Ok(repo)
}

fn check(dir: &Path) -> ibid::Report {
    ibid::check_inputs(
        vec![ibid::Input::Path(dir.to_owned())],
        &ibid::Options::default(),
    )
}

fn relative(dir: &Path, path: &str) -> String {
    let path = Path::new(path);
    let rel = path.strip_prefix(dir).unwrap_or(path);
    rel.to_string_lossy().replace('\\', "/")
}

fn split_bom(text: &str) -> (&str, &str) {
    match text.strip_prefix('\u{feff}') {
        Some(body) => ("\u{feff}", body),
        None => ("", text),
    }
}

/// The document with what the checker finds in it removed, round after
/// round (most need one or two).
fn cleaned(doc: &Doc) -> String {
    let dialect =
        ibid::internals::dialect::by_path(Path::new(&doc.path)).expect("a .md or .txt path");
    let (bom, body) = split_bom(&doc.text);
    let mut text = body.to_owned();
    for _ in 0..ROUNDS {
        let found = ibid::check_text(&text, dialect).diagnostics;
        if found.is_empty() {
            break;
        }
        text = repair(&text, dialect, &found);
    }
    format!("{bom}{text}")
}

/// Remove each finding's cause: a note that was lost is written again
/// (before the next note of its block, so that no numbering gap is left);
/// an empty note gets a body; a marker, link, citation or residue in
/// running text loses its span; a definition loses its line.
fn repair(text: &str, dialect: &Dialect, found: &[ibid::Diagnostic]) -> String {
    let bytes = text.as_bytes();
    let line_start = |at: usize| memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    let mut doc: Option<Document> = None;
    let mut restored: Vec<&str> = Vec::new();
    // (start, end, insertion): replace `start..end` with the insertion.
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    for d in found {
        let (start, end) = (d.span.start.min(text.len()), d.span.end.min(text.len()));
        let label = d.label.as_deref().unwrap_or("");
        let at_line_start = bytes[line_start(start)..start]
            .iter()
            .all(|b| *b == b' ' || *b == b'\t');
        match d.code {
            "unresolved" if restored.contains(&label) => {}
            "unresolved" => {
                let settings = ibid::internals::dialect::Settings::default();
                let hints = ibid::internals::dialect::FileHints::default();
                let doc = doc.get_or_insert_with(|| (dialect.parse)(text, &settings, &hints));
                match restore(text, doc, label, start) {
                    Some(edit) => {
                        edits.push(edit);
                        restored.push(label);
                    }
                    None => edits.push((start, end, String::new())),
                }
            }
            "empty-note" => edits.push((end, end, " Ibid.".into())),
            "undefined-link" | "unknown-citation" | "link-residue" => {
                edits.push((start, end, String::new()))
            }
            "orphaned"
            | "duplicate"
            | "unused-link-definition"
            | "duplicate-link-definition"
            | "numbering-gap" => {
                edits.push((line_start(start), line_end(text, start), String::new()))
            }
            _ if at_line_start => {
                edits.push((line_start(start), line_end(text, start), String::new()))
            }
            _ => edits.push((start, end, String::new())),
        }
    }
    edits.sort_by_key(|e| (e.0, e.1));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end, insert) in edits {
        if start >= at {
            out.push_str(&text[at..start]);
            out.push_str(&insert);
            at = end;
        } else {
            at = at.max(end);
        }
    }
    out.push_str(&text[at..]);
    out
}

/// Just past the line break after `at`.
fn line_end(text: &str, at: usize) -> usize {
    memchr::memchr(b'\n', &text.as_bytes()[at..]).map_or(text.len(), |i| at + i + 1)
}

/// The definition of the numbered note `label`, written before the next
/// higher-numbered definition in the marker's scope (the first notes block
/// after it, or the whole document), in the same form.
fn restore(text: &str, doc: &Document, label: &str, at: usize) -> Option<(usize, usize, String)> {
    let k: usize = label.parse().ok()?;
    let scope = doc
        .blocks
        .iter()
        .find(|b| b.span.end > at)
        .map_or(0..text.len(), |b| b.span.start..b.span.end);
    let (j, next) = doc
        .definitions
        .iter()
        .filter(|d| scope.contains(&d.label_span.start))
        .filter_map(|d| Some((d.label.parse::<usize>().ok()?, d)))
        .filter(|(j, _)| *j > k)
        .min_by_key(|(j, d)| (*j, d.label_span.start))?;
    let start =
        memchr::memrchr(b'\n', &text.as_bytes()[..next.label_span.start]).map_or(0, |i| i + 1);
    let prefix = &text[start..next.label_span.start];
    let written = next.label_span.of(text).replacen(&j.to_string(), label, 1);
    let eol = if text[..line_end(text, start)].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let blank = prefix.trim_end();
    Some((
        start,
        start,
        format!("{prefix}{written} Ibid., p. {k}.{eol}{blank}{eol}"),
    ))
}

fn manifest(repo: &Repo) -> String {
    let f = repo.findings;
    let mut out = format!(
        "{MAGIC} {VERSION}\nfindings {} {} {} {} {}\n",
        f.files, f.errors, f.warnings, f.bibliographies, f.defective
    );
    for (name, t) in [
        ("ignored", repo.ignored),
        ("hidden", repo.hidden),
        ("binary", repo.binary),
    ] {
        out.push_str(&format!("{name} {} {}\n", t.files, t.bytes));
    }
    stored::list_files(&mut out, "doc", &repo.checked);
    stored::list_files(&mut out, "bib", &repo.bibliographies);
    out
}

/// A repository written before, if its manifest is complete and every
/// file it lists has its size.
fn load(dir: &Path) -> io::Result<Repo> {
    let lines = stored::read_manifest(&dir.join(MANIFEST), &format!("{MAGIC} {VERSION}"))?;
    let mut repo = Repo {
        dir: dir.to_owned(),
        checked: Vec::new(),
        bibliographies: Vec::new(),
        ignored: Tally::default(),
        hidden: Tally::default(),
        binary: Tally::default(),
        findings: Findings::default(),
        written: false,
    };
    for line in &lines {
        let mut words = line.splitn(3, ' ');
        let (kind, a, b) = (words.next(), words.next(), words.next());
        let num = |s: Option<&str>| s.and_then(|s| s.parse::<u64>().ok()).ok_or(invalid(line));
        let tally = || -> io::Result<Tally> {
            Ok(Tally {
                files: num(a)? as usize,
                bytes: num(b)?,
            })
        };
        match kind {
            Some("findings") => {
                let n: Vec<usize> = line
                    .split(' ')
                    .skip(1)
                    .filter_map(|w| w.parse().ok())
                    .collect();
                let [files, errors, warnings, bibliographies, defective] = n[..] else {
                    return Err(invalid(line));
                };
                repo.findings = Findings {
                    files,
                    errors,
                    warnings,
                    bibliographies,
                    defective,
                };
            }
            Some("ignored") => repo.ignored = tally()?,
            Some("hidden") => repo.hidden = tally()?,
            Some("binary") => repo.binary = tally()?,
            Some(kind @ ("doc" | "bib")) => {
                let (size, path) = (num(a)?, b.ok_or(invalid(line))?.to_owned());
                stored::check_size(dir, &path, size)?;
                match kind {
                    "doc" => repo.checked.push((path, size)),
                    _ => repo.bibliographies.push((path, size)),
                }
            }
            _ => return Err(invalid(line)),
        }
    }
    Ok(repo)
}
