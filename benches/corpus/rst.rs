//! A deterministic reStructuredText corpus for `benches/rst.rs` and
//! `benches/rst_docutils.sh`: about 32 MB of `.rst` (and `.bib`) in
//! single docutils documents and Sphinx projects:
//!
//! - `articles/<topic>-NNNN.rst`: one docutils document (no `conf.py`
//!   above it) with a docinfo field list, `.. contents::`, sections under
//!   over- and underlined titles, manually numbered footnotes (`[3]_`,
//!   `.. [3]`) or auto-numbered ones (`[#]_`, `.. [#]`), labelled (`[#why-2]_`)
//!   and symbol (`[*]_`) footnotes, citations (`[OKA02]_`, `.. [OKA02]`),
//!   explicit targets (`.. _label:`) and references to them and to section
//!   titles (`` `label`_ ``, `` `Title`_ ``, `` `text <label_>`__ ``), named
//!   external targets (`NumPy_`, `.. _NumPy: https://…`), embedded URIs,
//!   anonymous references (`` `text`__ `` then `__ https://…`) and
//!   substitutions (`|tool|`, `.. |tool| replace:: …`);
//! - `notes/<course>-NNNN/lecture-NN.rst`: a folder of standalone
//!   documents, each including `defs.inc` (substitutions and external
//!   targets that the lectures use);
//! - `manuals/<name>-NNNN/`: a Sphinx project (`conf.py` with
//!   `master_doc = 'index'` and `exclude_patterns = ['_build', …]`),
//!   `index.rst` with a `.. toctree::` of `chapters/chNN-topic.rst` and
//!   `references.rst` (the project's citations, `.. bibliography::`), one
//!   chapter including `_include/links.inc`; `:ref:` to labels of other
//!   chapters, `:doc:` (relative, absolute, `../`), `:numref:` to figures
//!   named by `:name:`; in most of them `extensions = ['sphinxcontrib.bibtex']`
//!   with `bibtex_bibfiles` (one or two `.bib` files) and `:cite:`,
//!   `:cite:p:`, `:cite:t:`, `:footcite:` (with `.. footbibliography::`);
//! - `repos/<name>-NNNN/`: a software repository (its own `.git`) with a
//!   `README.rst` and `CHANGES.rst` (single documents: no `conf.py` above
//!   them) and a Sphinx project in `docs/source/` (`guide/` and `api/`).
//!
//! Everywhere: paragraphs with `*em*`, `**strong**`, ``` ``literal`` ```,
//! `:math:`, `:code:`, `:func:`; admonitions (whose bodies hold markers),
//! lists, block quotes, simple and grid tables (markers in cells), math,
//! figures, line blocks, transitions, and text no checker may read as
//! markup: `.. code-block:: python` bodies (`x[1]_ = 2`), literal blocks
//! after `::`, doctest blocks, comments, `.. raw:: html`, inline literals
//! and `:code:` holding markers, and `word[1]_` (no inline markup after a
//! letter).
//!
//! Planted defects, each recorded as a [`Defect`] with the path and label
//! where `ibid` must report it (DESIGN.md sections 3, 4 and 7):
//! `unresolved` (a numbered marker `[k+1]_` after the last note `k`),
//! `orphaned` (a note `.. [k+1]` after the last one referenced),
//! `duplicate` (a note number defined again later in its document),
//! `undefined-ref` (`` `legacy-…`_ `` in any document; `:ref:` to a label
//! like an existing one in a project), `duplicate-label` (a later chapter
//! of a project defining an earlier chapter's label again, in the same
//! folder, so that path order and toctree order agree on which is later),
//! `unknown-citation` (`:cite:` of a key like a cited one) and
//! `unused-entry` (a `.bib` entry nothing cites). Everything else is
//! clean: numbered notes are first referenced in order with no gaps, every
//! note, citation and `.bib` entry is referenced, every reference has its
//! target, section titles are unique in their unit. Named external targets
//! (which Sphinx keeps out of its labels, but which a reading of
//! `.. _name: URL` as a label would not) appear only in single documents
//! and in the one document of a project that includes its fragment.
//! Notes are per document: numbers and labelled names (`[#why-2]`) repeat
//! from one document of a project to the next.
//!
//! The generator was checked against the peers on a 40 MB corpus: every
//! warning of docutils (single documents) and of `sphinx-build -b dummy`
//! with sphinxcontrib-bibtex (projects) is a planted defect, and every
//! planted defect is reported by them except unused `.bib` entries and
//! orphaned notes of single documents, of which neither warns.
//!
//! The corpus is written once under `target/ibid-bench-rst/<hash>/`, with
//! a manifest (`.ibid-bench-manifest`) listing the units, the files and the
//! defects; `benches/rst_docutils.sh` reads it too.

mod kinds;
mod text;

use std::io;
use std::path::{Path, PathBuf};

use super::stored::{self, invalid};
use super::{Doc, Rng};

/// At least this many MB (10^6 bytes) of `.rst` and `.bib` by default,
/// and in test mode.
pub const DEFAULT_MB: f64 = 32.0;
pub const TEST_MB: f64 = 1.5;
/// Unit sizes in test mode, against the full corpus.
pub const TEST_SCALE: f64 = 0.2;

/// Bump when the layout changes, so that no stale corpus is reused.
const VERSION: u64 = 2;
const MANIFEST: &str = ".ibid-bench-manifest";
const MAGIC: &str = "ibid-bench-rst";

codes! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    Unresolved => "unresolved",
    Orphaned => "orphaned",
    Duplicate => "duplicate",
    UndefinedRef => "undefined-ref",
    DuplicateLabel => "duplicate-label",
    UnknownCitation => "unknown-citation",
    UnusedEntry => "unused-entry",
}

/// A kind of unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// One docutils document.
    Article,
    /// A folder of standalone documents sharing an included fragment.
    Notes,
    /// A Sphinx project.
    Manual,
    /// A repository: README and changelog beside a Sphinx project.
    Repo,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Article, Kind::Notes, Kind::Manual, Kind::Repo];

    pub fn id(self) -> &'static str {
        match self {
            Kind::Article => "article",
            Kind::Notes => "notes",
            Kind::Manual => "manual",
            Kind::Repo => "repo",
        }
    }

    fn from_id(id: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.id() == id)
    }

    /// Bytes of `.rst` and `.bib` aimed at, before scaling.
    fn size(self, rng: &mut Rng) -> usize {
        match self {
            Kind::Article => rng.range(25_000, 220_000),
            Kind::Notes => rng.range(150_000, 600_000),
            Kind::Manual => rng.range(400_000, 2_600_000),
            Kind::Repo => rng.range(250_000, 1_200_000),
        }
    }

    /// Folder (or file) of the unit, under the corpus root.
    fn dir(self, rng: &mut Rng, i: usize) -> String {
        use super::words::{COURSES, LABEL_TOPICS};
        match self {
            Kind::Article => format!("articles/{}-{i:04}.rst", rng.pick(LABEL_TOPICS)),
            Kind::Notes => format!("notes/{}-{i:04}", rng.pick(COURSES)),
            Kind::Manual => format!("manuals/{}-{i:04}", rng.pick(kinds::PRODUCTS)),
            Kind::Repo => format!("repos/{}-{i:04}", rng.pick(kinds::PRODUCTS)),
        }
    }

    /// Whether the unit holds a Sphinx project.
    pub fn sphinx(self) -> bool {
        matches!(self, Kind::Manual | Kind::Repo)
    }
}

/// How much corpus to generate.
pub type RstSpec = super::DialectSpec;

/// The corpus of a full run or (`test`) of test mode, as the environment
/// may change it.
pub fn spec(test: bool) -> RstSpec {
    match test {
        true => RstSpec::from_env("IBID_BENCH_RST_MB", TEST_MB, TEST_SCALE),
        false => RstSpec::from_env("IBID_BENCH_RST_MB", DEFAULT_MB, 1.0),
    }
}

/// A planted defect: the finding `ibid` must report, where.
pub type Defect = super::Defect<Code>;

/// A unit of the corpus: a document, a folder of documents, a project.
#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: Kind,
    /// Relative to the corpus root: the file of an article, else a folder.
    pub dir: String,
    /// The Sphinx project's folder (with `conf.py`), relative to `dir`
    /// (`.`: `dir` itself).
    pub sphinx: Option<String>,
    /// Whether the project uses sphinxcontrib-bibtex.
    pub bibtex: bool,
}

/// The corpus on disk.
pub struct Corpus {
    pub dir: PathBuf,
    pub units: Vec<Unit>,
    /// Every `.rst` and `.bib`, relative to `dir`, with its size: what
    /// `ibid` reads, and what `cat` reads beside it.
    pub files: Vec<(String, u64)>,
    /// The other files: `conf.py`, included fragments (`.inc`).
    pub support: Vec<(String, u64)>,
    pub defects: Vec<Defect>,
    /// Written by this run (not reused).
    pub written: bool,
}

impl Corpus {
    fn empty(dir: &Path, written: bool) -> Corpus {
        Corpus {
            dir: dir.to_owned(),
            units: Vec::new(),
            files: Vec::new(),
            support: Vec::new(),
            defects: Vec::new(),
            written,
        }
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    /// Units of this kind.
    pub fn units_of(&self, kind: Kind) -> usize {
        self.units.iter().filter(|u| u.kind == kind).count()
    }

    /// Defects planted with this code.
    pub fn planted(&self, code: Code) -> usize {
        self.defects.iter().filter(|d| d.code == code).count()
    }
}

/// A unit being built: paths relative to its folder (for an article, the
/// file's own name).
#[derive(Default)]
pub struct Build {
    files: Vec<Doc>,
    support: Vec<Doc>,
    defects: Vec<(Code, String, String)>,
    sphinx: Option<String>,
    bibtex: bool,
}

impl Build {
    fn put(&mut self, path: &str, text: String) {
        self.files.push(Doc {
            path: path.to_owned(),
            text,
        });
    }

    fn support(&mut self, path: &str, text: String) {
        self.support.push(Doc {
            path: path.to_owned(),
            text,
        });
    }

    fn defect(&mut self, code: Code, path: &str, label: &str) {
        self.defects.push((code, path.to_owned(), label.to_owned()));
    }
}

/// `$CARGO_TARGET_DIR/ibid-bench-rst`, or `target/ibid-bench-rst`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-rst")
}

/// Every unit, generated in parallel, each from its own seed (so the
/// result does not depend on the number of threads). The first four are
/// one of each kind, and the first projects plant every kind of defect,
/// so that a small corpus has them all.
fn generate(spec: &RstSpec) -> Vec<(Unit, Build)> {
    let mut rng = Rng::new(spec.seed ^ 0x0257_c0de);
    // Units come out larger than aimed at (notes are written after a
    // section reaches its size).
    let next = |i: usize| {
        let kind = match i {
            0..=3 => Kind::ALL[i],
            _ => match rng.below(100) {
                0..=44 => Kind::Article,
                45..=59 => Kind::Notes,
                60..=84 => Kind::Manual,
                _ => Kind::Repo,
            },
        };
        let size = ((kind.size(&mut rng) as f64 * spec.scale) as usize).max(12_000);
        let dir = kind.dir(&mut rng, i + 1);
        ((kind, dir, size, rng.next_u64(), i < 4), size)
    };
    let build = |(kind, dir, size, seed, every)| {
        let rng = Rng::new(seed);
        let build = match kind {
            Kind::Article => kinds::article(rng, size, every),
            Kind::Notes => kinds::notes(rng, size, every),
            Kind::Manual => kinds::manual(rng, size, every),
            Kind::Repo => kinds::repo(rng, size, every),
        };
        let unit = Unit {
            kind,
            dir,
            sphinx: build.sphinx.clone(),
            bibtex: build.bibtex,
        };
        (unit, build)
    };
    let bytes = |(_, b): &(Unit, Build)| b.files.iter().map(|d| d.text.len()).sum::<usize>();
    super::in_rounds(spec.bytes, 4, Some(1.0), next, build, bytes)
}

/// Generate the corpus and write it under `root`, unless it is there
/// already.
pub fn prepare(root: &Path, spec: &RstSpec) -> io::Result<Corpus> {
    let units = generate(spec);
    let hash = units.iter().fold(VERSION ^ spec.seed, |hash, (u, b)| {
        stored::mix_folder(hash, &u.dir, b.files.iter().chain(&b.support))
    });
    let (dir, mut corpus) =
        stored::cached(root, hash, |dir| load(dir).ok(), |tmp| write(tmp, units))?;
    corpus.dir = dir;
    Ok(corpus)
}

fn write(dir: &Path, units: Vec<(Unit, Build)>) -> io::Result<Corpus> {
    let mut corpus = Corpus::empty(dir, true);
    for (unit, build) in units {
        // An article is one file: its path is the unit's.
        let at = |p: &str| match unit.kind {
            Kind::Article => unit.dir.clone(),
            _ => format!("{}/{p}", unit.dir),
        };
        if unit.kind == Kind::Repo {
            std::fs::create_dir_all(dir.join(at(".git")))?;
        }
        stored::put_docs(dir, &build.files, at, &mut corpus.files)?;
        stored::put_docs(dir, &build.support, at, &mut corpus.support)?;
        corpus
            .defects
            .extend(super::Defect::under(build.defects, at));
        corpus.units.push(unit);
    }
    corpus.defects.sort();
    std::fs::write(dir.join(MANIFEST), manifest(&corpus))?;
    Ok(corpus)
}

fn manifest(c: &Corpus) -> String {
    let mut out = format!("{MAGIC} {VERSION}\n");
    for u in &c.units {
        out.push_str(&format!(
            "unit {} {} {} {}\n",
            u.kind.id(),
            u.dir,
            u.sphinx.as_deref().unwrap_or("-"),
            u8::from(u.bibtex),
        ));
    }
    stored::list_files(&mut out, "file", &c.files);
    stored::list_files(&mut out, "support", &c.support);
    for d in &c.defects {
        out.push_str(&format!("defect {} {} {}\n", d.code.id(), d.path, d.label));
    }
    out
}

/// A corpus written before, if its manifest is complete and every file it
/// lists has its size.
fn load(dir: &Path) -> io::Result<Corpus> {
    let lines = stored::read_manifest(&dir.join(MANIFEST), &format!("{MAGIC} {VERSION}"))?;
    let mut corpus = Corpus::empty(dir, false);
    for line in &lines {
        let w: Vec<&str> = line.splitn(5, ' ').collect();
        match w[..] {
            ["unit", kind, dir, sphinx, bibtex] => corpus.units.push(Unit {
                kind: Kind::from_id(kind).ok_or(invalid(line))?,
                dir: dir.to_owned(),
                sphinx: (sphinx != "-").then(|| sphinx.to_owned()),
                bibtex: bibtex == "1",
            }),
            [kind @ ("file" | "support"), size, path] => {
                let size: u64 = size.parse().map_err(|_| invalid(line))?;
                stored::check_size(dir, path, size)?;
                match kind {
                    "file" => corpus.files.push((path.to_owned(), size)),
                    _ => corpus.support.push((path.to_owned(), size)),
                }
            }
            // Labels may hold spaces: the rest of the line.
            ["defect", code, path, ref label @ ..] => corpus.defects.push(Defect {
                code: Code::from_id(code).ok_or(invalid(line))?,
                path: path.to_owned(),
                line: 0,
                label: label.join(" "),
            }),
            _ => return Err(invalid(line)),
        }
    }
    Ok(corpus)
}
