//! What the kinds of project share: the bibliography a document cites
//! from, the planned blocks of a file (each label decided before any text
//! is written, so that a reference can point forward or into another
//! file), the defects planted in a file, and the `.bib` files.

use std::collections::HashSet;

use super::super::markdown::bibtex;
use super::super::words::LABEL_TOPICS;
use super::super::Rng;
use super::text::Writer;

/// The keys a document may cite, and those nobody has cited yet (taken
/// first, so that every entry ends up cited).
pub struct Bib {
    keys: Vec<String>,
    uncited: Vec<String>,
}

impl Bib {
    pub fn new(keys: &[String]) -> Bib {
        Bib {
            keys: keys.to_vec(),
            uncited: keys.to_vec(),
        }
    }

    /// A key to cite: one not cited yet, or any.
    pub fn take(&mut self, rng: &mut Rng) -> Option<String> {
        if !self.uncited.is_empty() && rng.percent(60) {
            return Some(self.uncited.swap_remove(rng.below(self.uncited.len())));
        }
        (!self.keys.is_empty()).then(|| rng.pick_ref(&self.keys).clone())
    }

    /// The keys nobody has cited yet, now cited by the caller.
    pub fn rest(&mut self) -> Vec<String> {
        let mut rest = std::mem::take(&mut self.uncited);
        rest.sort();
        rest
    }
}

/// One block of a file, with its label.
pub enum Block {
    /// `\section`, `\chapter`, `\part` … and its label.
    Heading(&'static str, String),
    Equation(String),
    Figure(String),
    Table(String),
    Listing(String),
}

impl Block {
    pub fn label(&self) -> &str {
        match self {
            Block::Heading(_, l)
            | Block::Equation(l)
            | Block::Figure(l)
            | Block::Table(l)
            | Block::Listing(l) => l,
        }
    }
}

/// Labels for a document: `sec:sampling12`, unique through a counter.
pub struct Labels {
    next: usize,
}

impl Labels {
    pub fn new() -> Labels {
        Labels { next: 1 }
    }

    pub fn make(&mut self, rng: &mut Rng, kind: &str) -> String {
        self.next += 1;
        format!("{kind}:{}{}", rng.pick(LABEL_TOPICS), self.next)
    }

    /// The blocks of `n` chapters of about `bytes` in all, each a
    /// `\chapter` and its sections.
    pub fn chapters(&mut self, rng: &mut Rng, n: usize, bytes: usize) -> Vec<Vec<Block>> {
        (0..n)
            .map(|_| {
                let mut blocks = vec![Block::Heading("chapter", self.make(rng, "chap"))];
                let sections = (bytes / n / 15_000).clamp(1, 12);
                blocks.extend(self.plan(rng, "section", sections, false));
                blocks
            })
            .collect()
    }

    /// The blocks of a file: `sections` headings, each followed by a few
    /// equations, figures, tables (and listings in lecture notes).
    pub fn plan(
        &mut self,
        rng: &mut Rng,
        heading: &'static str,
        sections: usize,
        listings: bool,
    ) -> Vec<Block> {
        let mut blocks = Vec::new();
        for _ in 0..sections {
            blocks.push(Block::Heading(heading, self.make(rng, "sec")));
            for _ in 0..rng.range(0, 3) {
                blocks.push(match rng.below(if listings { 5 } else { 3 }) {
                    0 => Block::Equation(self.make(rng, "eq")),
                    1 => Block::Figure(self.make(rng, "fig")),
                    2 => Block::Table(self.make(rng, "tab")),
                    _ => Block::Listing(self.make(rng, "lst")),
                });
            }
        }
        blocks
    }
}

/// A defect planted in a file: what the writer adds to it.
pub enum Plant {
    /// A `\ref` to a label that does not exist.
    Ref(String),
    /// A citation of a key that no bibliography has.
    Cite(String),
    /// A second `\label` of a label defined in an earlier file.
    Label(String),
}

/// Write the blocks with about `bytes` of prose between them, and the
/// planted defects at random places.
pub fn write_blocks(w: &mut Writer, blocks: &[Block], bytes: usize, plants: Vec<Plant>) {
    let per = bytes / blocks.len().max(1);
    let mut at: Vec<(usize, Plant)> = plants
        .into_iter()
        .map(|p| (w.rng.below(blocks.len().max(1)), p))
        .collect();
    at.sort_by_key(|p| p.0);
    let mut at = at.into_iter().peekable();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(cmd, label) => w.heading(cmd, label),
            Block::Equation(label) => w.equation(label),
            Block::Figure(label) => w.figure(label),
            Block::Table(label) => w.table(label),
            Block::Listing(label) => w.listing(label),
        }
        w.fill(per);
        while let Some((_, p)) = at.next_if(|p| p.0 == i) {
            plant(w, p);
        }
    }
    // Only when there are no blocks.
    for (_, p) in at {
        plant(w, p);
    }
}

fn plant(w: &mut Writer, plant: Plant) {
    match plant {
        Plant::Ref(label) => w.ref_to(&label),
        Plant::Cite(key) => {
            w.out.push_str("Earlier work reached the same bound");
            w.cite_keys(vec![key]);
            w.out.push_str(".\n\n");
        }
        Plant::Label(label) => {
            w.heading("subsection", &label);
            w.paragraph();
        }
    }
}

/// `n` citation keys, distinct in lower case.
pub fn keys(rng: &mut Rng, n: usize) -> Vec<String> {
    bibtex::keys(rng, n)
}

/// A key like `key` (a typo: another year, a letter more) that is not in
/// `taken` (lower case), which it joins.
pub fn typo(rng: &mut Rng, key: &str, taken: &mut HashSet<String>) -> String {
    for i in 0.. {
        let candidate = match (rng.below(3), i) {
            (_, 8..) => format!("{key}-missing{i}"),
            (0, _) => format!("{key}{}", char::from(b'a' + rng.below(26) as u8)),
            (1, _) => {
                let trimmed = key.trim_end_matches(|c: char| c.is_ascii_digit());
                format!("{trimmed}{}", rng.range(1950, 2024))
            }
            _ => key.replacen('_', "-", 1).replacen(':', "", 1) + "x",
        };
        if taken.insert(candidate.to_lowercase()) {
            return candidate;
        }
    }
    unreachable!("an endless loop returns")
}

/// A `.bib` file: `@string`s, a `@comment`, an entry for each of `keys`
/// in a shuffled order, then a second copy of each of `again` (planted
/// `duplicate-entry` findings, at the later copy).
pub fn bib_file(rng: &mut Rng, keys: &[String], again: &[String]) -> String {
    let mut out = String::with_capacity((keys.len() + again.len()) * 420);
    out.push_str("% Bibliography: BibTeX entries, exported and then edited by hand.\n\n");
    out.push_str("@string{jasa = \"Journal of the American Statistical Association\"}\n");
    out.push_str("@string{annstat = {Annals of Statistics}}\n\n");
    out.push_str("@comment{Do not reorder: the supplement relies on this order}\n\n");
    bibtex::shuffled(rng, &mut out, keys);
    for key in again {
        out.push_str("% Imported again from the publisher's site.\n");
        bibtex::entry(rng, &mut out, key);
    }
    out
}
