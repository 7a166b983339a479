//! A deterministic AsciiDoc corpus for `benches/asciidoc.rs` and
//! `benches/asciidoc_asciidoctor.sh`: about 32 MB of `.adoc` in books,
//! single articles and folders of guides:
//!
//! - `books/<product>-NNNN/`: a master `book.adoc` (document header with
//!   `:doctype: book`, `:chapdir: chapters`, sometimes `:idprefix:` empty
//!   and `:idseparator: -`; a preface; `include::{chapdir}/chNN-….adoc[]`
//!   or `include::chapters/chNN-….adoc[]`, about half of them with
//!   `leveloffset=+1` on chapter files that open with a level-0 title; an
//!   appendix; `references.adoc` with the `[bibliography]` section).
//!   Chapters include sidebars (`sidebars/….adoc`, beside them) and code
//!   samples (`../code/chNN/….py`) into listing blocks; the preface links
//!   chapters with `xref:chapters/chNN-….adoc#id[]`;
//! - `articles/<topic>-NNNN.adoc`: one document with its own
//!   bibliography, now and then with `:sectids!:` (no generated ids: an
//!   explicit `[[_background]]` is then no duplicate);
//! - `guides/<product>-NNNN/`: standalone documents (`install.adoc`,
//!   `configure.adoc` …) that include `_attributes.adoc` in their header
//!   and tagged regions of `partials/steps.adoc` (`tag=install`, one of
//!   them defining, outside the region it takes, an id that another
//!   region holds), and link each other with `xref:configure.adoc#id[]`
//!   and `<<configure.adoc#id,text>>`.
//!
//! Everywhere: prose with `*strong*`, `_emphasis_`, `` `monospace` ``,
//! links, attribute references, index terms; section titles with explicit
//! ids (`[[id]]`, `[#id]`) or generated ones (`_section_title`, or
//! `section-title` under `:idprefix:` / `:idseparator: -`), which
//! `<<id>>`, `<<id,text>>`, `xref:id[]` and `xref:id[text]` reach; inline
//! anchors (`anchor:id[]`, `[[id]]`, `[[id,reftext]]`) and block ids on
//! examples, tables, listings and figures; footnotes `footnote:[text]`,
//! `footnote:name[text]` then `footnote:name[]` (after it, as Asciidoctor
//! wants, also from a later chapter), legacy `footnoteref:[name,text]`;
//! `[[[key]]]` and `[[[key,label]]]` entries cited with `<<key>>`; lists,
//! description lists, admonitions, sidebars, examples, quotes, tables and
//! open blocks (all read), and text no checker may read as markup:
//! listing, source and literal blocks, indented literal paragraphs,
//! `++++` passthroughs, `////` comment blocks and `//` comment lines,
//! `pass:[…]`, `+++…+++` and `+…+` inline passthroughs, and attribute
//! entries, all holding unknown ids, ghost and empty footnotes, second
//! anchors and bibliography entries.
//!
//! Planted defects, each recorded as a [`Defect`] with the path, line and
//! label where `ibid` must report it (DESIGN.md sections 3, 4 and 8):
//! `undefined-ref` (`<<id>>`, `<<id,text>>`, `xref:id[]` of an id that is
//! nowhere, a citation of a key that no bibliography holds,
//! `xref:file.adoc#id[]` of a missing file or of an id that an existing
//! file lacks), `duplicate-label` (a later chapter or section defining an
//! earlier one's explicit id again, or an explicit id equal to the id
//! generated for an earlier section), `unused-entry` (a bibliography
//! entry nobody cites), `unresolved` (`footnote:name[]` with no
//! definition, or before its definition), `duplicate` (a named footnote
//! defined again with another text), `empty-note` (`footnote:[]`) and
//! `missing-file` (an include of a file that does not exist, in the master
//! through `{chapdir}` or in a chapter). Everything else is clean: every
//! reference has its target, every bibliography entry is cited, ids and
//! section titles are unique in their document, and named footnotes are
//! referenced only after their definition. The labels of references to
//! other files are `file.adoc#id`; of a missing include, the path it
//! names, attribute references replaced (`chapters/…` for
//! `{chapdir}/…`).
//!
//! The generator was checked against Asciidoctor.js 4.1 (Asciidoctor
//! 2.0.26, `benches/asciidoc_asciidoctor.sh`) on the 32 MB corpus: every
//! message of `asciidoctor -v` (possible invalid reference, id already in
//! use, include file not found, invalid footnote reference) is a planted
//! defect, and every planted defect it can see is one of its messages. It
//! has no message for an unused bibliography entry, an empty footnote, a
//! footnote id given two texts or an `xref:` into a document the book
//! does not include. Named footnotes are never referenced from list
//! items, description lists or table cells: Asciidoctor substitutes their
//! text while parsing, before the paragraphs around them, so that a
//! footnote defined in an earlier paragraph does not resolve there (an
//! order no reader sees, and not one a checker should copy).
//!
//! The corpus is written once under `target/ibid-bench-asciidoc/<hash>/`,
//! with a manifest (`.ibid-bench-manifest`) listing the units, the
//! document roots (what Asciidoctor converts), the files and the defects;
//! `benches/asciidoc_asciidoctor.sh` reads it too.

mod kinds;
mod text;

use std::io;
use std::path::{Path, PathBuf};

use super::stored::{self, invalid};
use super::units::{self, Draw, Plan};
use super::{Doc, Rng};

/// At least this many MB (10^6 bytes) of `.adoc` by default, and in test
/// mode.
pub const DEFAULT_MB: f64 = 32.0;
pub const TEST_MB: f64 = 1.5;
/// Unit sizes in test mode, against the full corpus.
pub const TEST_SCALE: f64 = 0.2;

/// Bump when the layout changes, so that no stale corpus is reused.
const VERSION: u64 = 1;
const MANIFEST: &str = ".ibid-bench-manifest";
const MAGIC: &str = "ibid-bench-asciidoc";

ids! {
    /// A diagnostic code the corpus plants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Code {
        Unresolved => "unresolved",
        Duplicate => "duplicate",
        EmptyNote => "empty-note",
        UndefinedRef => "undefined-ref",
        DuplicateLabel => "duplicate-label",
        UnusedEntry => "unused-entry",
        MissingFile => "missing-file",
    }
}

ids! {
    /// A kind of unit.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        /// A master document including its chapters.
        Book => "book",
        /// One document.
        Article => "article",
        /// A folder of standalone documents sharing included files.
        Guide => "guide",
    }
}

impl units::Kind for Kind {
    fn all() -> &'static [Kind] {
        &Kind::ALL
    }

    /// Bytes of `.adoc` aimed at, before scaling.
    fn size(self, rng: &mut Rng) -> usize {
        match self {
            Kind::Book => rng.range(500_000, 2_800_000),
            Kind::Article => rng.range(25_000, 200_000),
            Kind::Guide => rng.range(150_000, 700_000),
        }
    }

    /// Folder (or file) of the unit, under the corpus root.
    fn place(self, rng: &mut Rng, n: usize) -> String {
        use super::words::LABEL_TOPICS;
        match self {
            Kind::Book => format!("books/{}-{n:04}", rng.pick(kinds::PRODUCTS)),
            Kind::Article => format!("articles/{}-{n:04}.adoc", rng.pick(LABEL_TOPICS)),
            Kind::Guide => format!("guides/{}-{n:04}", rng.pick(kinds::PRODUCTS)),
        }
    }
}

/// The first three units are one of each kind and plant every defect
/// they can, so that a small corpus has them all. Units come out a little
/// larger or smaller than aimed at.
const DRAW: Draw<Kind> = Draw {
    salt: 0x0adc_0c00,
    first: 3,
    mix: &[(Kind::Book, 40), (Kind::Article, 35), (Kind::Guide, 25)],
    smallest: 12_000,
    least: 3,
    floor: Some(0.5),
};

/// How much corpus to generate.
pub type AsciidocSpec = super::DialectSpec;

/// The corpus of a full run or (`test`) of test mode, as the environment
/// may change it.
pub fn spec(test: bool) -> AsciidocSpec {
    AsciidocSpec::of_run(
        test,
        "IBID_BENCH_ASCIIDOC_MB",
        DEFAULT_MB,
        TEST_MB,
        TEST_SCALE,
    )
}

/// A planted defect: the finding `ibid` must report, where.
pub type Defect = super::Defect<Code>;

/// A unit of the corpus: a book, an article, a folder of guides.
#[derive(Clone, Debug)]
pub struct Unit {
    pub kind: Kind,
    /// Relative to the corpus root: the file of an article, else a folder.
    pub dir: String,
}

/// The corpus on disk.
pub struct Corpus {
    pub dir: PathBuf,
    pub units: Vec<Unit>,
    /// The documents Asciidoctor converts (masters, articles, guides),
    /// relative to `dir`.
    pub roots: Vec<String>,
    /// Every `.adoc`, relative to `dir`, with its size: what `ibid` reads,
    /// and what `cat` reads beside it.
    pub files: Vec<(String, u64)>,
    /// The code samples that listings include.
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
            roots: Vec::new(),
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

/// A unit being built: its support files are the code samples that
/// listings include; beside them, its documents Asciidoctor converts.
pub type Build = units::Build<(Code, String, usize, String), Roots>;

/// The documents of a unit Asciidoctor converts (masters, articles,
/// guides).
#[derive(Default)]
pub struct Roots {
    roots: Vec<String>,
}

/// `$CARGO_TARGET_DIR/ibid-bench-asciidoc`, or `target/ibid-bench-asciidoc`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-asciidoc")
}

/// Every unit, generated in parallel, each from its own seed (see
/// [`Draw::generate`]).
fn generate(spec: &AsciidocSpec) -> Vec<(Unit, Build)> {
    let build = |p: Plan<Kind>| {
        let rng = Rng::new(p.seed);
        let build = match p.kind {
            Kind::Book => kinds::book(rng, p.size, p.every),
            Kind::Article => kinds::article(rng, p.size, p.every),
            Kind::Guide => kinds::guide(rng, p.size, p.every),
        };
        let unit = Unit {
            kind: p.kind,
            dir: p.place,
        };
        (unit, build)
    };
    DRAW.generate(spec, build, |(_, b)| b.bytes())
}

/// Generate the corpus and write it under `root`, unless it is there
/// already.
pub fn prepare(root: &Path, spec: &AsciidocSpec) -> io::Result<Corpus> {
    let units = generate(spec);
    // The planted defects too: a change of label or line alone must not
    // reuse a manifest that says otherwise.
    let hash = units.iter().fold(VERSION ^ spec.seed, |hash, (u, b)| {
        let defects = Doc {
            path: MANIFEST.to_owned(),
            text: format!("{:?}", b.defects),
        };
        let docs = b.files.iter().chain(&b.support);
        stored::mix_folder(hash, &u.dir, docs.chain([&defects]))
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
        let (files, support) = (&mut corpus.files, &mut corpus.support);
        let more = build.write(dir, &at, files, support, &mut corpus.defects)?;
        corpus.roots.extend(more.roots.iter().map(|r| at(r)));
        corpus.units.push(unit);
    }
    corpus.defects.sort();
    std::fs::write(dir.join(MANIFEST), manifest(&corpus))?;
    Ok(corpus)
}

fn manifest(c: &Corpus) -> String {
    let mut out = format!("{MAGIC} {VERSION}\n");
    for u in &c.units {
        out.push_str(&format!("unit {} {}\n", u.kind.id(), u.dir));
    }
    for r in &c.roots {
        out.push_str(&format!("root {r}\n"));
    }
    stored::list_files(&mut out, "file", &c.files);
    stored::list_files(&mut out, "support", &c.support);
    for d in &c.defects {
        out.push_str(&d.entry_at_line(d.code.id()));
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
            ["unit", kind, dir] => corpus.units.push(Unit {
                kind: Kind::from_id(kind).ok_or(invalid(line))?,
                dir: dir.to_owned(),
            }),
            ["root", path] => corpus.roots.push(path.to_owned()),
            [kind @ ("file" | "support"), size, path] => {
                let size: u64 = size.parse().map_err(|_| invalid(line))?;
                stored::check_size(dir, path, size)?;
                match kind {
                    "file" => corpus.files.push((path.to_owned(), size)),
                    _ => corpus.support.push((path.to_owned(), size)),
                }
            }
            ["defect", code, path, at, ref label @ ..] => corpus.defects.push(
                Defect::from_entry_at_line(Code::from_id(code), path, at, label, line)?,
            ),
            _ => return Err(invalid(line)),
        }
    }
    Ok(corpus)
}
