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
use super::units::{self, Draw, Plan};
use super::Rng;

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

ids! {
    /// A diagnostic code the corpus plants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Code {
        Unresolved => "unresolved",
        Orphaned => "orphaned",
        Duplicate => "duplicate",
        UndefinedRef => "undefined-ref",
        DuplicateLabel => "duplicate-label",
        UnknownCitation => "unknown-citation",
        UnusedEntry => "unused-entry",
    }
}

ids! {
    /// A kind of unit.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// One docutils document.
        Article => "article",
        /// A folder of standalone documents sharing an included fragment.
        Notes => "notes",
        /// A Sphinx project.
        Manual => "manual",
        /// A repository: README and changelog beside a Sphinx project.
        Repo => "repo",
    }
}

impl Kind {
    /// Whether the unit holds a Sphinx project.
    pub fn sphinx(self) -> bool {
        matches!(self, Kind::Manual | Kind::Repo)
    }
}

impl units::Kind for Kind {
    fn all() -> &'static [Kind] {
        &Kind::ALL
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
    fn place(self, rng: &mut Rng, n: usize) -> String {
        use super::words::{COURSES, LABEL_TOPICS};
        match self {
            Kind::Article => format!("articles/{}-{n:04}.rst", rng.pick(LABEL_TOPICS)),
            Kind::Notes => format!("notes/{}-{n:04}", rng.pick(COURSES)),
            Kind::Manual => format!("manuals/{}-{n:04}", rng.pick(kinds::PRODUCTS)),
            Kind::Repo => format!("repos/{}-{n:04}", rng.pick(kinds::PRODUCTS)),
        }
    }
}

/// The first four units are one of each kind, and the first projects
/// plant every kind of defect, so that a small corpus has them all. Units
/// come out larger than aimed at (notes are written after a section
/// reaches its size).
const DRAW: Draw<Kind> = Draw {
    salt: 0x0257_c0de,
    first: 4,
    mix: &[
        (Kind::Article, 45),
        (Kind::Notes, 15),
        (Kind::Manual, 25),
        (Kind::Repo, 15),
    ],
    smallest: 12_000,
    least: 4,
    floor: Some(1.0),
};

/// How much corpus to generate.
pub type RstSpec = super::DialectSpec;

/// The corpus of a full run or (`test`) of test mode, as the environment
/// may change it.
pub fn spec(test: bool) -> RstSpec {
    RstSpec::of_run(test, "IBID_BENCH_RST_MB", DEFAULT_MB, TEST_MB, TEST_SCALE)
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

/// A unit being built: its support files are `conf.py` and included
/// fragments.
pub type Build = units::Build<(Code, String, String), Sphinx>;

/// What a unit records of its Sphinx project, if it holds one.
#[derive(Default)]
pub struct Sphinx {
    sphinx: Option<String>,
    bibtex: bool,
}

/// `$CARGO_TARGET_DIR/ibid-bench-rst`, or `target/ibid-bench-rst`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-rst")
}

/// Every unit, generated in parallel, each from its own seed (see
/// [`Draw::generate`]).
fn generate(spec: &RstSpec) -> Vec<(Unit, Build)> {
    let build = |p: Plan<Kind>| {
        let rng = Rng::new(p.seed);
        let build = match p.kind {
            Kind::Article => kinds::article(rng, p.size, p.every),
            Kind::Notes => kinds::notes(rng, p.size, p.every),
            Kind::Manual => kinds::manual(rng, p.size, p.every),
            Kind::Repo => kinds::repo(rng, p.size, p.every),
        };
        let unit = Unit {
            kind: p.kind,
            dir: p.place,
            sphinx: build.more.sphinx.clone(),
            bibtex: build.more.bibtex,
        };
        (unit, build)
    };
    DRAW.generate(spec, build, |(_, b)| b.bytes())
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
        let at = units::at(unit.dir.clone(), unit.kind == Kind::Article);
        if unit.kind == Kind::Repo {
            std::fs::create_dir_all(dir.join(at(".git")))?;
        }
        let (files, support) = (&mut corpus.files, &mut corpus.support);
        build.write(dir, at, files, support, &mut corpus.defects)?;
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
        out.push_str(&d.entry(d.code.id()));
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
            ["defect", code, path, ref label @ ..] => {
                corpus
                    .defects
                    .push(Defect::from_entry(Code::from_id(code), path, label, line)?)
            }
            _ => return Err(invalid(line)),
        }
    }
    Ok(corpus)
}
