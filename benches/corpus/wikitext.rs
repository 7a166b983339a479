//! A deterministic MediaWiki wikitext corpus for `benches/wikitext.rs` and
//! `benches/wikitext_mwparserfromhell.sh`: about 32 MB of pages
//! (`wiki/<portal>/<Title>.wiki`, each page its own unit) shaped like
//! Wikipedia articles:
//!
//! - `article`: a long page with an infobox whose parameters hold refs,
//!   sections of one-line paragraphs, tables and lists with refs in their
//!   cells and items, `{{quote}}` and image captions holding refs, short
//!   citations (`{{sfn}}`, `{{sfnp}}`, `{{harv}}` in prose, `{{harvnb}}`
//!   inside refs and notes) against the CS1 citations of a `== Sources ==`
//!   section (`{{cite book}}`, `{{cite journal}}`, `{{cite web}}`,
//!   `{{cite news}}` with `last`/`first`, `last1`…`last4`, `author`, `year`
//!   or a year inside `date`, `year=2003a` beside `year=2003b`, `ref={{sfnref|…}}`,
//!   `ref={{harvid|…}}`), and a `== Further reading ==` of citations that
//!   nothing links to (and that do not ask to be linked);
//! - `biography`: a shorter page, its infobox and explanatory notes
//!   (`{{efn}}`, named and reused, some holding refs, with `{{notelist}}`),
//!   a `note` group (`<ref group="note">`, `{{reflist|group=note}}` or
//!   `<references group="note" />`);
//! - `list`: tables of rows, each cell with refs;
//! - `stub`: a few paragraphs; now and then no reference list at all
//!   (MediaWiki then lists the default group at the end itself).
//!
//! Refs everywhere: anonymous, named (`name="x"`, `name=x`, `name='x'`),
//! reused (`<ref name="x" />`, `{{r|x}}`, `{{r|x|y}}`, `{{r|x|p=12}}`),
//! reused before their content, defined twice with identical content
//! (legal), with content over several lines, list-defined in
//! `<references>…</references>` or `{{reflist|refs=…}}`. And text no
//! checker may read: comments (inline and over lines), `<nowiki>`,
//! `<pre>`, `<syntaxhighlight>`, `<code><nowiki>…</nowiki></code>`, all
//! holding refs, reuses of names that exist nowhere, short citations
//! without anchors and citations whose anchor repeats a real one.
//!
//! Planted defects, each recorded as a [`Defect`] with the path, line and
//! label where `ibid` must report it (DESIGN.md sections 3 and 9):
//! `unresolved` (`<ref name="x" />` or `{{r|x}}` of a name with no content
//! anywhere), `duplicate` (a name given a second, different content),
//! `orphaned` (a list-defined ref nothing uses), `empty-note`
//! (`<ref></ref>`), `missing-reference-list` (a ref of group `nb`, or an
//! `{{efn}}` (group `lower-alpha`), with no list for its group: label the
//! group), `group-mismatch` (a list-defined ref whose `group=` differs from
//! its list's), `unknown-citation` (`{{sfn}}` of an anchor no citation
//! makes), `duplicate-entry` (a second citation with an earlier one's
//! anchor) and `unused-entry` (a citation with `ref={{sfnref|…}}` or
//! `ref={{harvid|…}}` that no short citation links to). The label of a
//! short-citation finding is its anchor, `CITEREF` + surnames + year
//! (spaces made underscores, as in the HTML id: `CITEREFRoyal_Society1998`). A
//! list-defined ref with the wrong group is, for MediaWiki, not in the
//! list: the reuse of its name may then be reported unresolved, and it
//! orphaned; the bench counts those apart.
//!
//! The generator was checked against a model of Cite written apart from
//! it (`benches/wikitext_cite_model.py`, on mwparserfromhell's parse
//! tree): on the 32 MB corpus its findings, by code and label, are the
//! planted defects on every page.
//!
//! The corpus is written once under `target/ibid-bench-wikitext/<hash>/`,
//! with a manifest (`.ibid-bench-manifest`) listing the pages and the
//! defects; `benches/wikitext_mwparserfromhell.sh` reads it too.

mod page;
mod text;

use std::io;
use std::path::{Path, PathBuf};

use super::stored::{self, invalid};
use super::units::{self, Draw, Plan, Planted};
use super::{Doc, Rng};

/// At least this many MB (10^6 bytes) of `.wiki` by default, and in test
/// mode.
pub const DEFAULT_MB: f64 = 32.0;
pub const TEST_MB: f64 = 1.0;
/// Page sizes in test mode, against the full corpus.
pub const TEST_SCALE: f64 = 0.3;

/// Bump when the layout changes, so that no stale corpus is reused.
const VERSION: u64 = 1;
const MANIFEST: &str = ".ibid-bench-manifest";
const MAGIC: &str = "ibid-bench-wikitext";

ids! {
    /// A diagnostic code the corpus plants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum Code {
        Unresolved => "unresolved",
        Duplicate => "duplicate",
        Orphaned => "orphaned",
        EmptyNote => "empty-note",
        MissingReferenceList => "missing-reference-list",
        GroupMismatch => "group-mismatch",
        UnknownCitation => "unknown-citation",
        DuplicateEntry => "duplicate-entry",
        UnusedEntry => "unused-entry",
    }
}

ids! {
    /// A kind of page.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Kind {
        Article => "article",
        Biography => "biography",
        List => "list",
        Stub => "stub",
    }
}

impl units::Kind for Kind {
    fn all() -> &'static [Kind] {
        &Kind::ALL
    }

    /// Bytes aimed at, before scaling.
    fn size(self, rng: &mut Rng) -> usize {
        match self {
            Kind::Article => rng.range(30_000, 160_000),
            Kind::Biography => rng.range(15_000, 80_000),
            Kind::List => rng.range(10_000, 90_000),
            Kind::Stub => rng.range(2_000, 10_000),
        }
    }

    /// The page's portal: its folder.
    fn place(self, rng: &mut Rng, _: usize) -> String {
        rng.pick(PORTALS).to_owned()
    }
}

/// The first eight pages plant every defect they can (two of each kind),
/// so that a small corpus has them all.
const DRAW: Draw<Kind> = Draw {
    salt: 0x0057_1c1e,
    first: 8,
    mix: &[
        (Kind::Article, 45),
        (Kind::Biography, 20),
        (Kind::List, 15),
        (Kind::Stub, 20),
    ],
    smallest: 2_000,
    least: 8,
    floor: None,
};

/// How much corpus to generate.
pub type WikitextSpec = super::DialectSpec;

/// The corpus of a full run or (`test`) of test mode, as the environment
/// may change it.
pub fn spec(test: bool) -> WikitextSpec {
    WikitextSpec::of_run(
        test,
        "IBID_BENCH_WIKITEXT_MB",
        DEFAULT_MB,
        TEST_MB,
        TEST_SCALE,
    )
}

/// A planted defect: the finding `ibid` must report, where.
pub type Defect = super::Defect<Code>;

/// The corpus on disk.
pub struct Corpus {
    pub dir: PathBuf,
    /// Every page, relative to `dir`, with its kind and size.
    pub pages: Vec<(Kind, String, u64)>,
    /// The pages with their sizes: what `ibid` reads and `cat` reads.
    pub files: Vec<(String, u64)>,
    pub defects: Vec<Defect>,
    /// Written by this run (not reused).
    pub written: bool,
}

impl Corpus {
    fn empty(dir: &Path, written: bool) -> Corpus {
        Corpus {
            dir: dir.to_owned(),
            pages: Vec::new(),
            files: Vec::new(),
            defects: Vec::new(),
            written,
        }
    }

    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.1).sum()
    }

    /// Pages of this kind.
    pub fn pages_of(&self, kind: Kind) -> usize {
        self.pages.iter().filter(|p| p.0 == kind).count()
    }

    /// Defects planted with this code.
    pub fn planted(&self, code: Code) -> usize {
        self.defects.iter().filter(|d| d.code == code).count()
    }
}

/// One generated page: its kind, its text, and the defects planted in it
/// as (code, line, label).
pub struct Built {
    kind: Kind,
    doc: Doc,
    defects: Vec<(Code, usize, String)>,
}

/// `$CARGO_TARGET_DIR/ibid-bench-wikitext`, or `target/ibid-bench-wikitext`.
pub fn default_root() -> PathBuf {
    super::default_root().with_file_name("ibid-bench-wikitext")
}

/// Portals: the folders of the pages.
#[rustfmt::skip]
const PORTALS: &[&str] = &[
    "Geography", "History", "Science", "Biography", "Transport", "Music", "Sport", "Technology",
];

/// Every page, generated in parallel, each from its own seed (see
/// [`Draw::generate`]).
fn generate(spec: &WikitextSpec) -> Vec<Built> {
    let build = |p: Plan<Kind>| {
        let (title, text, defects) = page::page(Rng::new(p.seed), p.kind, p.size, p.every);
        let path = format!("wiki/{}/{title}_{:04}.wiki", p.place, p.i);
        Built {
            kind: p.kind,
            doc: Doc { path, text },
            defects,
        }
    };
    DRAW.generate(spec, build, |b| b.doc.text.len())
}

/// Generate the corpus and write it under `root`, unless it is there
/// already.
pub fn prepare(root: &Path, spec: &WikitextSpec) -> io::Result<Corpus> {
    let pages = generate(spec);
    // The planted defects too: a change of label or line alone must not
    // reuse a manifest that says otherwise.
    let hash = pages.iter().fold(VERSION ^ spec.seed, |hash, b| {
        let defects = Doc {
            path: MANIFEST.to_owned(),
            text: format!("{:?}", b.defects),
        };
        stored::mix(stored::mix(hash, &b.doc), &defects)
    });
    let (dir, mut corpus) =
        stored::cached(root, hash, |dir| load(dir).ok(), |tmp| write(tmp, pages))?;
    corpus.dir = dir;
    Ok(corpus)
}

fn write(dir: &Path, pages: Vec<Built>) -> io::Result<Corpus> {
    let mut corpus = Corpus::empty(dir, true);
    for b in pages {
        let size = stored::put(dir, &b.doc.path, b.doc.text.as_bytes())?;
        corpus.pages.push((b.kind, b.doc.path.clone(), size));
        corpus.files.push((b.doc.path.clone(), size));
        let path = &b.doc.path;
        let at = |_: &str| path.clone();
        corpus
            .defects
            .extend(b.defects.into_iter().map(|d| d.under(&at)));
    }
    corpus.defects.sort();
    std::fs::write(dir.join(MANIFEST), manifest(&corpus))?;
    Ok(corpus)
}

fn manifest(c: &Corpus) -> String {
    let mut out = format!("{MAGIC} {VERSION}\n");
    for (kind, path, size) in &c.pages {
        out.push_str(&format!("page {} {size} {path}\n", kind.id()));
    }
    for d in &c.defects {
        out.push_str(&d.entry_at_line(d.code.id()));
    }
    out
}

/// A corpus written before, if its manifest is complete and every page it
/// lists has its size.
fn load(dir: &Path) -> io::Result<Corpus> {
    let lines = stored::read_manifest(&dir.join(MANIFEST), &format!("{MAGIC} {VERSION}"))?;
    let mut corpus = Corpus::empty(dir, false);
    for line in &lines {
        let w: Vec<&str> = line.splitn(5, ' ').collect();
        match w[..] {
            ["page", kind, size, path] => {
                let size: u64 = size.parse().map_err(|_| invalid(line))?;
                stored::check_size(dir, path, size)?;
                let kind = Kind::from_id(kind).ok_or(invalid(line))?;
                corpus.pages.push((kind, path.to_owned(), size));
                corpus.files.push((path.to_owned(), size));
            }
            ["defect", code, path, at, ref label @ ..] => corpus.defects.push(
                Defect::from_entry_at_line(Code::from_id(code), path, at, label, line)?,
            ),
            _ => return Err(invalid(line)),
        }
    }
    Ok(corpus)
}
