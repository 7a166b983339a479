//! A deterministic Markdown corpus for `benches/markdown.rs`, shaped like a
//! documentation repository:
//!
//! - `projects/<name>-NNNN/README.md`: badges, install and usage code,
//!   feature lists, option tables, numbered reference links, @mentions;
//! - `docs/<section>/<topic>-NNNN.md`: guides with TOML or YAML front
//!   matter, nested headings, lists, tables, alerts, code blocks;
//! - `blog/<year>/<topic>-NNNN.md`: posts with YAML front matter, most of
//!   them naming `bibliography: refs.bib` (written in most year folders,
//!   with an entry for nearly every key the posts cite) or carrying
//!   `references:`, and pandoc citations (`[@key]`,
//!   `[see @a, p. 3; also @b]`, `[-@key]`, in-text `@key`) and inline notes
//!   (`^[…]`).
//!
//! Everywhere: GFM footnotes (`[^3]`, `[^caveat-2]`; definitions after the
//! section or at the end, some of two paragraphs or with a list, some inside
//! list items and block quotes), reference links (full, collapsed,
//! shortcut, images, badges) with their definitions, inline links, emails,
//! autolinks, inline HTML, and code spans, fenced and indented code blocks
//! and HTML comments holding fake markers (`[^x]`, `[@y]`, `[a][b]`,
//! `[ref]: url`). Files are 5–80 KB, some wrapped at 72–100 columns, a few
//! with CRLF line ends or a byte-order mark.
//!
//! Every file carries one to three planted defects (a lost, orphaned or
//! doubled note, an undefined link, an unused or doubled link definition,
//! an unknown citation); [`Planted`] counts the diagnostics they should
//! give, and the bibliography entries no post cites (`unused-entry`), so a
//! benchmark can check that the checker does the work it is timed on.

pub(crate) mod bibtex;
mod blocks;
mod page;
mod words;
mod wrap;

use rayon::prelude::*;

use super::{Doc, Rng, Spec};
use blocks::Front;
use page::{Cites, Defects, Page};

/// Corpus size for a benchmark run, in MiB; files end past their aim, so
/// this makes about 68 MB: 2,300 Markdown files and 11 bibliographies.
pub const DEFAULT_MB: usize = 60;

/// Smallest and largest Markdown file the generator aims for, in bytes
/// (files end a few KB past their aim: they come out 5–80 KB).
const MIN_FILE: usize = 5_500;
const MAX_FILE: usize = 70_000;

/// Blog folders, one per year.
const YEARS: std::ops::RangeInclusive<usize> = 2012..=2024;

ids! {
    /// A diagnostic code the corpus plants.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Code {
        Unresolved => "unresolved",
        Orphaned => "orphaned",
        Duplicate => "duplicate",
        UndefinedLink => "undefined-link",
        UnusedLinkDefinition => "unused-link-definition",
        DuplicateLinkDefinition => "duplicate-link-definition",
        UnknownCitation => "unknown-citation",
        UnusedEntry => "unused-entry",
    }
}

/// How many diagnostics of each code the planted defects should give.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Planted([usize; Code::ALL.len()]);

impl Planted {
    pub fn add(&mut self, code: Code, n: usize) {
        self.0[code as usize] += n;
    }

    pub fn merge(&mut self, other: &Planted) {
        for (a, b) in self.0.iter_mut().zip(other.0) {
            *a += b;
        }
    }

    /// `(code, count)` for every code.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, usize)> + '_ {
        Code::ALL.iter().map(|&c| (c.id(), self.0[c as usize]))
    }
}

/// The generated files and what the checker should find in them.
pub struct Corpus {
    /// Markdown files, then the `refs.bib` files.
    pub docs: Vec<Doc>,
    pub planted: Planted,
}

impl Corpus {
    /// The Markdown files (not the bibliographies).
    pub fn markdown(&self) -> impl Iterator<Item = &Doc> {
        self.docs.iter().filter(|d| d.path.ends_with(".md"))
    }
}

/// A blog year: its bibliography's keys, if it has one.
struct Folder {
    year: usize,
    bib: Option<Bib>,
}

struct Bib {
    /// Keys the posts cite.
    citable: Vec<String>,
    /// Keys in the file that no post cites (`unused-entry`).
    spare: Vec<String>,
    seed: u64,
}

#[derive(Clone, Copy)]
enum Kind {
    Readme,
    Guide,
    Post,
}

/// One planned Markdown file.
struct Plan {
    index: usize,
    kind: Kind,
    size: usize,
    /// A section, project name or blog folder.
    place: usize,
    seed: u64,
}

/// One generated Markdown file, and for a post naming its folder's
/// bibliography, the keys it cites (lower case).
struct Made {
    doc: Doc,
    planted: Planted,
    cited: Option<(usize, Vec<String>)>,
}

/// Generate at least `spec.bytes` bytes of Markdown (files are generated in
/// parallel, each from its own seed), then the bibliographies.
pub fn generate(spec: &Spec) -> Corpus {
    let mut rng = Rng::new(spec.seed ^ 0x6d61_726b_646f_776e);
    let folders: Vec<Folder> = YEARS
        .map(|year| {
            let bib = rng.percent(75).then(|| {
                let n = rng.range(30, 140);
                let mut keys = bibtex::keys(&mut rng, n + 3);
                let spare = keys.split_off(n + rng.below(3));
                Bib {
                    citable: keys,
                    spare,
                    seed: rng.next_u64(),
                }
            });
            Folder { year, bib }
        })
        .collect();
    // Keys cited where no bibliography is in scope.
    let common = bibtex::keys(&mut rng, 80);

    let mut made: Vec<Made> = Vec::new();
    let mut total = 0;
    while total < spec.bytes {
        let mut plan = Vec::new();
        let mut planned = 0;
        while total + planned < spec.bytes {
            let size = file_size(&mut rng);
            let (kind, place) = match rng.below(100) {
                0..=14 => (Kind::Readme, rng.below(words::PROJECTS.len())),
                15..=59 => (Kind::Guide, rng.below(words::SECTIONS.len())),
                _ => (Kind::Post, rng.below(folders.len())),
            };
            plan.push(Plan {
                index: made.len() + plan.len(),
                kind,
                size,
                place,
                seed: rng.next_u64(),
            });
            planned += size;
        }
        let round: Vec<Made> = plan
            .into_par_iter()
            .map(|p| make(&p, &folders, &common))
            .collect();
        total += round.iter().map(|m| m.doc.text.len()).sum::<usize>();
        made.extend(round);
    }

    let mut planted = Planted::default();
    let mut cited: Vec<Option<std::collections::HashSet<String>>> =
        folders.iter().map(|_| None).collect();
    let mut docs = Vec::with_capacity(made.len() + folders.len());
    for m in made {
        planted.merge(&m.planted);
        if let Some((folder, keys)) = m.cited {
            cited[folder]
                .get_or_insert_with(Default::default)
                .extend(keys);
        }
        docs.push(m.doc);
    }
    for (folder, cited) in folders.iter().zip(&cited) {
        let Some(bib) = &folder.bib else { continue };
        let keys: Vec<String> = bib.citable.iter().chain(&bib.spare).cloned().collect();
        // Entries count as unused only in a bibliography some post names.
        if let Some(cited) = cited {
            let unused = keys
                .iter()
                .filter(|k| !cited.contains(&k.to_lowercase()))
                .count();
            planted.add(Code::UnusedEntry, unused);
        }
        let mut rng = Rng::new(bib.seed);
        docs.push(Doc {
            path: format!("blog/{}/refs.bib", folder.year),
            text: bibtex::write(&mut rng, &keys),
        });
    }
    Corpus { docs, planted }
}

/// Aims between 5.5 KB and 70 KB, most of them small (a squared uniform:
/// median about 22 KB, mean about 27 KB).
fn file_size(rng: &mut Rng) -> usize {
    let u = rng.below(1 << 20) as u64;
    MIN_FILE + (((MAX_FILE - MIN_FILE) as u64 * u * u) >> 40) as usize
}

fn make(plan: &Plan, folders: &[Folder], common: &[String]) -> Made {
    let mut rng = Rng::new(plan.seed);
    let i = plan.index;
    let topic = rng.pick(words::TOPICS);
    let unchecked = |keys: &[String]| Cites {
        keys: keys.to_vec(),
        checked: false,
        used: Vec::new(),
    };
    let mut cited = None;
    let (path, mut text, planted) = match plan.kind {
        Kind::Readme => {
            let name = words::PROJECTS[plan.place];
            let defects = defects(&mut rng, false);
            let mut page = Page::new(rng, plan.size, unchecked(common), defects);
            blocks::readme(&mut page, plan.size, name);
            let path = format!("projects/{name}-{i:04}/README.md");
            (path, page.out, page.planted)
        }
        Kind::Guide => {
            let section = words::SECTIONS[plan.place];
            let defects = defects(&mut rng, false);
            let pandoc = section == "research" || rng.percent(15);
            let mut page = Page::new(rng, plan.size, unchecked(common), defects);
            page.pandoc = pandoc;
            blocks::guide(&mut page, plan.size, section);
            let path = format!("docs/{section}/{topic}-{i:04}.md");
            (path, page.out, page.planted)
        }
        Kind::Post => {
            let folder = &folders[plan.place];
            let date = format!(
                "{}-{:02}-{:02}",
                folder.year,
                rng.range(1, 12),
                rng.range(1, 28)
            );
            let ids: Vec<String>;
            let (front, cites) = match &folder.bib {
                Some(bib) if rng.percent(85) => (
                    Front::Bibliography,
                    Cites {
                        keys: bib.citable.clone(),
                        checked: true,
                        used: Vec::new(),
                    },
                ),
                _ if rng.percent(25) => {
                    let n = rng.range(2, 4);
                    ids = bibtex::keys(&mut rng, n);
                    // Every item is cited in the first paragraph.
                    let used = ids.iter().map(|k| k.to_lowercase()).collect();
                    let cites = Cites {
                        keys: ids.clone(),
                        checked: true,
                        used,
                    };
                    (Front::References(&ids), cites)
                }
                Some(bib) => (Front::None, unchecked(&bib.citable)),
                None => (Front::None, unchecked(common)),
            };
            let defects = defects(&mut rng, cites.checked);
            let mut page = Page::new(rng, plan.size, cites, defects);
            page.pandoc = true;
            blocks::post(&mut page, plan.size, &date, front);
            if let Front::Bibliography = front {
                cited = Some((plan.place, std::mem::take(&mut page.cites.used)));
            }
            let path = format!("blog/{}/{topic}-{i:04}.md", folder.year);
            (path, page.out, page.planted)
        }
    };
    if rng_for_encoding(plan.seed, 3) {
        text = text.replace('\n', "\r\n");
    }
    if rng_for_encoding(plan.seed ^ 1, 2) {
        text.insert(0, '\u{feff}');
    }
    Made {
        doc: Doc { path, text },
        planted,
        cited,
    }
}

/// A decision taken from the file's seed alone (the page owns its
/// generator), true with probability `percent`.
fn rng_for_encoding(seed: u64, percent: usize) -> bool {
    Rng::new(seed.rotate_left(17) ^ 0xc0de).percent(percent)
}

/// One to three defects; an unknown citation only where a bibliography is
/// in scope.
fn defects(rng: &mut Rng, checked: bool) -> Defects {
    let mut d = Defects::default();
    for _ in 0..rng.range(1, 3) {
        match rng.below(if checked { 14 } else { 12 }) {
            0..=1 => d.lost = true,
            2..=3 => d.orphan = true,
            4..=5 => d.twice = true,
            6..=8 => d.undefined_link = true,
            9..=10 => d.unused_definition = true,
            11 => d.duplicate_definition = true,
            _ => d.unknown_citation = true,
        }
    }
    d
}
