//! A deterministic multi-project LaTeX corpus for `benches/latex.rs` and
//! `benches/latex_checkcites.sh`: about 60 MB of `.tex` and `.bib` in
//! some 110 projects, each in its own folder with an empty `.git` (its own
//! project root) and a `.gitignore` for what a compile leaves:
//!
//! - `articles/<topic>-NNNN/`: `main.tex` (natbib: `\citep[see][p.~3]{a,b}`,
//!   `\citet`, `\cite`; `\ref`, `\eqref`, `\cref{a,b}`, `\autoref`,
//!   `\pageref`, `\hyperref[…]`; footnotes, math, tables, figures) and
//!   `refs.bib`; a few under `\nocite{*}`;
//! - `theses/thesis-NNNN/`: `thesis.tex` `\include`s 5–12
//!   `chapters/chNN.tex` and `\input`s `frontmatter/abstract.tex`, with
//!   `refs.bib` and `extra.bib`; two thirds use biblatex (`\autocite`,
//!   `\textcite`, `\parencite[p.~4]{key}`, `\parencites`,
//!   `\addbibresource` twice), the others natbib and `\bibliography{refs,extra}`;
//!   references cross chapters;
//! - `books/book-NNNN/`: `book.tex` reads parts that read chapters, by
//!   `\input` twice or by `\import{parts/}{p1}` then `\subimport{chapters/}{c01}`;
//!   a preface; BibTeX, or a `thebibliography` of `\bibitem`s in 40%;
//! - `lectures/<course>-NNNN/`: `notes.tex` inputs `lectures/lecNN.tex`,
//!   heavy with `lstlisting` (some with `label=lst:…`, referenced), `minted`,
//!   `verbatim`, `\verb|…|`, `\lstinline`, `comment`, `%` comments and
//!   `\iffalse … \fi` holding `\ref`s, `\cite`s and `\label`s that must not
//!   count; `\nocite{*}` in a quarter of them;
//! - `pairs/<topic>-NNNN/`: `paper.tex` and `supplement.tex`, two roots that
//!   both `\input{shared}` and cite from one `refs.bib`, both defining
//!   `sec:intro` (two documents: no duplicate).
//!
//! Every file also holds text no checker may read (comments, verbatim,
//! a macro's `\ref{#1}`, text after `\end{document}`). The planted defects,
//! each recorded as a [`Defect`] with the path and label where `ibid`
//! must report it: `undefined-ref` (a `\ref` to a label like an existing
//! one), `unknown-citation` (a key like a cited one), `duplicate-label`
//! (a chapter's label defined again in a later chapter), `unused-entry`
//! (an entry nothing cites) and `duplicate-entry` (a cited key written
//! again, later in the order the bibliographies are listed; that copy is
//! not also unused, its key being cited). Everything
//! else is clean: every reference has its label, every citation its
//! entry, every entry is cited (or under `\nocite{*}`).
//!
//! Beside the sources, what a compile would leave for checkcites (see
//! `latex/aux.rs`): the `.aux` of every BibTeX document (`\include`d
//! chapters in their own `.aux`, named by `\@input`), and for biblatex
//! theses the `.aux` files and the `.bcf`. Books with a `thebibliography`
//! get none (checkcites needs a `.bib`).
//!
//! The corpus is written once under `target/ibid-bench-latex/<hash>/`,
//! named by a hash of every file, with a manifest (`.ibid-bench-manifest`,
//! hidden from the walker) listing the projects, the files and the
//! defects; `benches/latex_checkcites.sh` reads it too.

mod aux;
mod build;
mod doc;
mod kinds;
mod text;

use std::io;
use std::path::{Path, PathBuf};

use super::stored::{self, invalid};
use super::units::{self, Draw, Plan};
use super::words;
use super::{Doc, Rng};

/// At least this many MB (10^6 bytes) of `.tex` and `.bib` by default,
/// and in quick mode (the last projects overshoot: 50 makes about 60).
pub const DEFAULT_MB: f64 = 50.0;
pub const TEST_MB: f64 = 1.5;
/// Project sizes in quick mode, against the full corpus.
pub const TEST_SCALE: f64 = 0.15;

/// Bump when the layout changes, so that no stale corpus is reused.
const VERSION: u64 = 1;
const MANIFEST: &str = ".ibid-bench-manifest";
const MAGIC: &str = "ibid-bench-latex";
const GITIGNORE: &str = "*.aux\n*.bcf\n*.bbl\n*.blg\n*.log\n*.out\n*.toc\n*.pdf\n*.run.xml\n";

ids! {
    /// A diagnostic code the corpus plants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Code {
        UndefinedRef => "undefined-ref",
        UnknownCitation => "unknown-citation",
        DuplicateLabel => "duplicate-label",
        UnusedEntry => "unused-entry",
        DuplicateEntry => "duplicate-entry",
    }
}

ids! {
    /// A kind of project.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        Article => "article",
        Thesis => "thesis",
        Book => "book",
        Lectures => "lectures",
        Pair => "pair",
    }
}

impl units::Kind for Kind {
    fn all() -> &'static [Kind] {
        &Kind::ALL
    }

    /// Bytes of `.tex` and `.bib` aimed at, before scaling.
    fn size(self, rng: &mut Rng) -> usize {
        match self {
            Kind::Article => rng.range(40_000, 160_000),
            Kind::Thesis => rng.range(400_000, 1_400_000),
            Kind::Book => rng.range(700_000, 2_400_000),
            Kind::Lectures => rng.range(120_000, 450_000),
            Kind::Pair => rng.range(80_000, 240_000),
        }
    }

    /// Folder of the project, under the corpus root.
    fn place(self, rng: &mut Rng, n: usize) -> String {
        match self {
            Kind::Article => format!("articles/{}-{n:04}", rng.pick(words::LABEL_TOPICS)),
            Kind::Thesis => format!("theses/thesis-{n:04}"),
            Kind::Book => format!("books/book-{n:04}"),
            Kind::Lectures => format!("lectures/{}-{n:04}", rng.pick(words::COURSES)),
            Kind::Pair => format!("pairs/{}-{n:04}", rng.pick(words::LABEL_TOPICS)),
        }
    }
}

/// The first five projects are one of each kind, so that a small corpus
/// has them all.
const DRAW: Draw<Kind> = Draw {
    salt: 0x1a7e_c0de,
    first: 5,
    mix: &[
        (Kind::Article, 40),
        (Kind::Lectures, 20),
        (Kind::Pair, 15),
        (Kind::Thesis, 15),
        (Kind::Book, 10),
    ],
    smallest: 8_000,
    least: 1,
    floor: None,
};

/// How much corpus to generate.
pub type LatexSpec = super::DialectSpec;

/// The corpus of a full run or (`test`) of test mode, as the environment
/// may change it.
pub fn spec(test: bool) -> LatexSpec {
    LatexSpec::of_run(test, "IBID_BENCH_LATEX_MB", DEFAULT_MB, TEST_MB, TEST_SCALE)
}

/// A planted defect: the finding `ibid` must report, where.
pub type Defect = super::Defect<Code>;

/// A project of the corpus.
#[derive(Clone, Debug)]
pub struct Project {
    pub kind: Kind,
    /// Relative to the corpus root.
    pub dir: String,
    /// Under `\nocite{*}`.
    pub nocite: bool,
    /// The arguments of `checkcites`, run in `dir`, when a compile leaves
    /// what it reads.
    pub checkcites: Option<String>,
}

/// The corpus on disk.
pub struct Corpus {
    pub dir: PathBuf,
    pub projects: Vec<Project>,
    /// Every `.tex` and `.bib`, relative to `dir`, with its size: what
    /// `ibid` reads, and what `cat` reads beside it.
    pub files: Vec<(String, u64)>,
    /// The `.aux` and `.bcf` files, for checkcites.
    pub aux: Vec<(String, u64)>,
    pub defects: Vec<Defect>,
    /// Written by this run (not reused).
    pub written: bool,
}

impl Corpus {
    fn empty(dir: &Path, written: bool) -> Corpus {
        Corpus {
            dir: dir.to_owned(),
            projects: Vec::new(),
            files: Vec::new(),
            aux: Vec::new(),
            defects: Vec::new(),
            written,
        }
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    /// Projects of this kind.
    pub fn projects_of(&self, kind: Kind) -> usize {
        self.projects.iter().filter(|p| p.kind == kind).count()
    }

    /// Defects planted with this code.
    pub fn planted(&self, code: Code) -> usize {
        self.defects.iter().filter(|d| d.code == code).count()
    }
}

/// A project being built: paths relative to its folder; its support files
/// are what a compile would leave for checkcites.
type Build = units::Build<(Code, String, String), Compiled>;

/// What a project records beside its files.
#[derive(Default)]
struct Compiled {
    checkcites: Option<String>,
    nocite: bool,
}

impl Build {
    fn aux(&mut self, files: Vec<(String, String)>) {
        self.support
            .extend(files.into_iter().map(|(path, text)| Doc { path, text }));
    }
}

/// `$CARGO_TARGET_DIR/ibid-bench-latex`, or `target/ibid-bench-latex`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-latex")
}

/// Every project, generated in parallel, each from its own seed (see
/// [`Draw::generate`]).
fn generate(spec: &LatexSpec) -> Vec<(Project, Build)> {
    let build = |p: Plan<Kind>| {
        let rng = Rng::new(p.seed);
        let build = match p.kind {
            Kind::Article => kinds::article(rng, p.size),
            Kind::Thesis => kinds::thesis(rng, p.size),
            Kind::Book => kinds::book(rng, p.size),
            Kind::Lectures => kinds::lectures(rng, p.size),
            Kind::Pair => kinds::pair(rng, p.size),
        };
        let project = Project {
            kind: p.kind,
            dir: p.place,
            nocite: build.more.nocite,
            checkcites: build.more.checkcites.clone(),
        };
        (project, build)
    };
    DRAW.generate(spec, build, |(_, b)| b.bytes())
}

/// Generate the corpus and write it under `root`, unless it is there
/// already.
pub fn prepare(root: &Path, spec: &LatexSpec) -> io::Result<Corpus> {
    let projects = generate(spec);
    let hash = projects.iter().fold(VERSION ^ spec.seed, |hash, (p, b)| {
        stored::mix_folder(hash, &p.dir, b.files.iter().chain(&b.support))
    });
    let (dir, mut corpus) =
        stored::cached(root, hash, |dir| load(dir).ok(), |tmp| write(tmp, projects))?;
    corpus.dir = dir;
    Ok(corpus)
}

fn write(dir: &Path, projects: Vec<(Project, Build)>) -> io::Result<Corpus> {
    let mut corpus = Corpus::empty(dir, true);
    for (project, build) in projects {
        let at = |p: &str| format!("{}/{p}", project.dir);
        std::fs::create_dir_all(dir.join(at(".git")))?;
        stored::put(dir, &at(".gitignore"), GITIGNORE.as_bytes())?;
        let (files, aux) = (&mut corpus.files, &mut corpus.aux);
        build.write(dir, at, files, aux, &mut corpus.defects)?;
        corpus.projects.push(project);
    }
    corpus.defects.sort();
    std::fs::write(dir.join(MANIFEST), manifest(&corpus))?;
    Ok(corpus)
}

fn manifest(c: &Corpus) -> String {
    let mut out = format!("{MAGIC} {VERSION}\n");
    for p in &c.projects {
        out.push_str(&format!(
            "project {} {} {} {}\n",
            p.kind.id(),
            p.dir,
            u8::from(p.nocite),
            p.checkcites.as_deref().unwrap_or("-")
        ));
    }
    stored::list_files(&mut out, "file", &c.files);
    stored::list_files(&mut out, "aux", &c.aux);
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
            ["project", kind, dir, nocite, args] => corpus.projects.push(Project {
                kind: Kind::from_id(kind).ok_or(invalid(line))?,
                dir: dir.to_owned(),
                nocite: nocite == "1",
                checkcites: (args != "-").then(|| args.to_owned()),
            }),
            [kind @ ("file" | "aux"), size, path] => {
                let size: u64 = size.parse().map_err(|_| invalid(line))?;
                stored::check_size(dir, path, size)?;
                match kind {
                    "file" => corpus.files.push((path.to_owned(), size)),
                    _ => corpus.aux.push((path.to_owned(), size)),
                }
            }
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
