//! Writing one `.rst` document: titles, paragraphs of wrapped prose with
//! inline markup and references, the footnote definitions they call for
//! (after each section, in the order of their markers), body blocks, and
//! the text no checker may read as markup ([`Writer::trap`]).
//!
//! A paragraph is a list of atoms, each a word or one whole piece of
//! inline markup, so that wrapping never breaks a reference across lines
//! and no line starts with what would begin a block.

use super::super::words::ACADEMIC;
use super::super::{push_capitalized, Rng};
use inline::EXTERNAL;

/// What the documents of a unit can refer to (read-only, shared).
#[derive(Default)]
pub struct Scope {
    /// In a Sphinx project: `:ref:`, `:doc:`, `:numref:`, `:func:` are
    /// known roles.
    pub sphinx: bool,
    /// sphinxcontrib-bibtex is on: `:cite:` and `:footcite:`.
    pub bibtex: bool,
    /// `:ref:` labels of the project (sections and figures).
    pub labels: Vec<String>,
    /// Figure names, for `:numref:`.
    pub figures: Vec<String>,
    /// The project's documents (`chapters/ch02-model`, no suffix).
    pub docs: Vec<String>,
}

/// What the documents of a unit use up: citations and `.bib` keys, each
/// of which some document must cite.
#[derive(Default)]
pub struct Pool {
    pub citations: Vec<String>,
    cited: Vec<bool>,
    pub keys: Vec<String>,
    used: Vec<bool>,
}

impl Pool {
    pub fn new(citations: Vec<String>, keys: Vec<String>) -> Pool {
        Pool {
            cited: vec![false; citations.len()],
            used: vec![false; keys.len()],
            citations,
            keys,
        }
    }

    fn citation(&mut self, rng: &mut Rng) -> Option<String> {
        pick_use(rng, &self.citations, &mut self.cited)
    }

    fn key(&mut self, rng: &mut Rng) -> Option<String> {
        pick_use(rng, &self.keys, &mut self.used)
    }

    /// Citations not referenced yet, all marked as referenced.
    pub fn rest_citations(&mut self) -> Vec<String> {
        take_rest(&self.citations, &mut self.cited)
    }

    /// Keys not cited yet, all marked as cited.
    pub fn rest_keys(&mut self) -> Vec<String> {
        take_rest(&self.keys, &mut self.used)
    }
}

/// Half the time an item not used yet (when there is one), else any.
fn pick_use(rng: &mut Rng, items: &[String], used: &mut [bool]) -> Option<String> {
    if items.is_empty() {
        return None;
    }
    let mut i = rng.below(items.len());
    if rng.percent(50) {
        if let Some(j) = (0..items.len())
            .map(|k| (i + k) % items.len())
            .find(|&j| !used[j])
        {
            i = j;
        }
    }
    used[i] = true;
    Some(items[i].clone())
}

fn take_rest(items: &[String], used: &mut [bool]) -> Vec<String> {
    let rest = (0..items.len())
        .filter(|&i| !used[i])
        .map(|i| items[i].clone())
        .collect();
    used.iter_mut().for_each(|u| *u = true);
    rest
}

/// A section of a document's plan.
#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    /// 0: the document's title; 1: a section; 2, 3: below.
    pub level: usize,
    /// `.. _label:` before the title.
    pub label: Option<String>,
    /// A planted second definition of another document's label, before
    /// the title.
    pub again: Option<String>,
    /// A figure in the section, by its `:name:`.
    pub figure: Option<String>,
}

impl Section {
    /// A section with no planted label again and no figure.
    pub fn new(title: String, level: usize, label: Option<String>) -> Section {
        Section {
            title,
            level,
            label,
            again: None,
            figure: None,
        }
    }
}

/// How a document numbers its footnotes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Notes {
    /// `[1]_` … `.. [1]`, first referenced in order.
    Numbered,
    /// `[#]_` … `.. [#]`, paired in order.
    Auto,
}

/// Labelled footnote names (`[#why-3]`); none is a word of labels.
const NOTE_NAMES: &[&str] = &[
    "why", "aside", "caveat", "detail", "src", "credit", "erratum",
];

const ADMONITIONS: &[&str] = &["note", "warning", "tip", "important", "caution", "hint"];

/// One document being written.
pub struct Writer<'a> {
    pub rng: Rng,
    pub out: String,
    scope: &'a Scope,
    pool: &'a mut Pool,
    /// This document's name in its project (`guide/ch02-model`).
    doc: String,
    /// What `` `name`_ `` may reach here: explicit labels, section titles.
    local: Vec<String>,
    /// Explicit labels of this document, for embedded aliases.
    aliases: Vec<String>,
    notes: Notes,
    /// Numbered notes referenced so far.
    pub numbered: usize,
    /// Labelled notes defined so far.
    labelled: Vec<String>,
    /// Footnote definitions to write after the current section.
    pending: Vec<String>,
    /// Anonymous references waiting for their targets.
    anon: usize,
    /// External targets referenced, defined at the end.
    external: Vec<usize>,
    /// Substitutions defined for this document.
    pub subs: Vec<String>,
    /// Link texts made unique (named embedded URIs).
    links: usize,
    width: usize,
    /// Percent of paragraphs followed by text the checker must skip.
    traps: usize,
    /// `:footcite:` used: the document needs `.. footbibliography::`.
    pub footcited: bool,
}

impl<'a> Writer<'a> {
    pub fn new(
        mut rng: Rng,
        scope: &'a Scope,
        pool: &'a mut Pool,
        doc: &str,
        plan: &[Section],
        notes: Notes,
    ) -> Writer<'a> {
        let width = rng.range(70, 79);
        let mut local: Vec<String> = Vec::new();
        let mut aliases = Vec::new();
        for s in plan {
            if s.level > 0 {
                local.push(s.title.clone());
            }
            if let Some(l) = &s.label {
                local.push(l.clone());
                aliases.push(l.clone());
            }
        }
        Writer {
            rng,
            out: String::new(),
            scope,
            pool,
            doc: doc.to_owned(),
            local,
            aliases,
            notes,
            numbered: 0,
            labelled: Vec::new(),
            pending: Vec::new(),
            anon: 0,
            external: Vec::new(),
            subs: Vec::new(),
            links: 0,
            width,
            traps: 5,
            footcited: false,
        }
    }

    pub fn with_traps(mut self, percent: usize) -> Self {
        self.traps = percent;
        self
    }

    pub fn line(&mut self, text: &str) {
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// The labels and the title of a section, under its adornment.
    pub fn heading(&mut self, s: &Section) {
        for label in s.again.iter().chain(&s.label) {
            self.out.push_str(&format!(".. _{label}:\n\n"));
        }
        let n = s.title.chars().count();
        let (over, under) = match s.level {
            0 => (Some('='), '='),
            1 => (None, '='),
            2 => (None, '-'),
            _ => (None, '~'),
        };
        let rule = |c: char, n: usize| c.to_string().repeat(n);
        match over {
            Some(c) => {
                let r = rule(c, n + 2);
                self.out.push_str(&format!("{r}\n {}\n{r}\n\n", s.title));
            }
            None => {
                let extra = self.rng.below(3);
                self.out
                    .push_str(&format!("{}\n{}\n\n", s.title, rule(under, n + extra)));
            }
        }
    }

    /// A section: heading, prose and blocks to about `bytes`, its figure,
    /// then its footnote definitions.
    pub fn section(&mut self, s: &Section, bytes: usize) {
        self.heading(s);
        self.body(bytes, s.figure.as_deref());
    }

    /// Prose and blocks to about `bytes` (a figure half-way), then the
    /// footnote definitions they call for.
    pub fn body(&mut self, bytes: usize, figure: Option<&str>) {
        let end = self.out.len() + bytes;
        let figure_at = self.out.len() + bytes / 2;
        let mut figure = figure;
        self.paragraph();
        while self.out.len() < end {
            if self.out.len() > figure_at {
                if let Some(name) = figure.take() {
                    self.figure(name);
                }
            }
            self.block();
        }
        if let Some(name) = figure {
            self.figure(name);
        }
        self.flush_notes();
    }

    /// Names `` `name`_ `` may reach besides the plan's: the targets of
    /// an included fragment.
    pub fn add_local(&mut self, names: &[&str]) {
        self.local.extend(names.iter().map(|n| n.to_string()));
    }

    /// The citations and keys no document has referenced yet, now
    /// counted as referenced.
    pub fn pool_rest(&mut self) -> (Vec<String>, Vec<String>) {
        (self.pool.rest_citations(), self.pool.rest_keys())
    }

    /// Every citation label of the pool.
    pub fn citations(&self) -> Vec<String> {
        self.pool.citations.clone()
    }

    /// A paragraph or, now and then, another block; then, now and then,
    /// text no checker may read.
    pub fn block(&mut self) {
        match self.rng.below(100) {
            0..=66 => self.paragraph(),
            67..=71 => self.bullets(),
            72..=74 => self.enumerated(),
            75..=78 => self.admonition(),
            79..=80 => self.simple_table(),
            81..=82 => self.grid_table(),
            83..=84 => self.quote(),
            85..=86 => self.math(),
            87..=88 => self.definitions(),
            89 => self.line_block(),
            90 if self.scope.sphinx => self.version_note(),
            91 => {
                self.paragraph();
                self.out.push_str("----------\n\n");
            }
            _ => self.paragraph(),
        }
        if self.rng.percent(self.traps) {
            self.trap();
        }
    }

    /// Prose, wrapped, then the targets of its anonymous references.
    pub fn paragraph(&mut self) {
        let atoms = self.prose_in(2, 6, true);
        let text = wrap(&atoms, self.width, "", "");
        self.out.push_str(&text);
        self.out.push('\n');
        self.flush_anonymous();
    }

    /// Between `lo` and `hi` sentences, as [`Writer::prose`].
    fn prose_in(&mut self, lo: usize, hi: usize, notes: bool) -> Vec<String> {
        let n = self.rng.range(lo, hi);
        self.prose(n, notes)
    }

    /// `sentences` sentences as atoms; `notes`: footnote markers and
    /// anonymous references allowed.
    fn prose(&mut self, sentences: usize, notes: bool) -> Vec<String> {
        let mut atoms = Vec::new();
        for _ in 0..sentences {
            self.sentence(&mut atoms, notes);
        }
        atoms
    }

    fn sentence(&mut self, atoms: &mut Vec<String>, notes: bool) {
        let words = self.rng.range(7, 20);
        for i in 0..words {
            let word = self.rng.pick(ACADEMIC);
            if i == 0 {
                let mut w = String::new();
                push_capitalized(&mut w, word);
                atoms.push(w);
                continue;
            }
            atoms.push(word.to_owned());
            if i + 1 < words {
                self.inline(atoms, notes);
            }
        }
        let last = atoms.len() - 1;
        if atoms[last].ends_with(',') {
            atoms[last].pop();
        }
        atoms[last].push('.');
        if notes && self.rng.percent(9) {
            atoms.push(self.note_ref());
        }
    }

    /// A footnote marker, its definition queued.
    fn note_ref(&mut self) -> String {
        let r = self.rng.below(100);
        match (self.notes, r) {
            (_, 0..=13) => {
                if !self.labelled.is_empty() && self.rng.percent(25) {
                    let name = self.rng.pick_ref(&self.labelled).clone();
                    return format!("[#{name}]_");
                }
                let name = format!("{}-{}", self.rng.pick(NOTE_NAMES), self.labelled.len() + 1);
                self.labelled.push(name.clone());
                let body = self.note_body();
                self.pending.push(format!(".. [#{name}] {body}"));
                format!("[#{name}]_")
            }
            (_, 14..=19) => {
                let body = self.note_body();
                self.pending.push(format!(".. [*] {body}"));
                "[*]_".into()
            }
            (Notes::Numbered, 20..=34) if self.numbered > 0 => {
                format!("[{}]_", self.rng.range(1, self.numbered))
            }
            (Notes::Numbered, _) => {
                self.numbered += 1;
                let n = self.numbered;
                let body = self.note_body();
                self.pending.push(format!(".. [{n}] {body}"));
                format!("[{n}]_")
            }
            (Notes::Auto, _) => {
                let body = self.note_body();
                self.pending.push(format!(".. [#] {body}"));
                "[#]_".into()
            }
        }
    }

    /// A footnote's body: a sentence or two, wrapped under its marker.
    pub fn note_body(&mut self) -> String {
        let atoms = self.prose_in(1, 2, false);
        let text = wrap(&atoms, self.width - 3, "", "   ");
        text.trim_end().to_owned()
    }

    /// The footnote definitions of the section so far.
    pub fn flush_notes(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        if self.rng.percent(30) {
            self.out.push_str(".. rubric:: Footnotes\n\n");
        }
        for def in std::mem::take(&mut self.pending) {
            self.out.push_str(&def);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn flush_anonymous(&mut self) {
        for _ in 0..std::mem::take(&mut self.anon) {
            let url = self.url();
            match self.rng.below(2) {
                0 => self.out.push_str(&format!("__ {url}\n")),
                _ => self.out.push_str(&format!(".. __: {url}\n")),
            }
            self.out.push('\n');
        }
    }

    /// The named external targets referenced (articles: at the end).
    pub fn flush_external(&mut self) {
        for &i in &std::mem::take(&mut self.external) {
            let (name, url) = EXTERNAL[i];
            self.out.push_str(&format!(".. _{name}: {url}\n"));
        }
        self.out.push('\n');
    }

    pub fn figure(&mut self, name: &str) {
        let caption = wrap(&self.prose(1, false), self.width - 3, "   ", "   ");
        self.out.push_str(&format!(
            ".. figure:: images/{name}.png\n   :name: {name}\n   :width: {}%\n   :alt: {}\n\n{caption}\n",
            self.rng.range(50, 100),
            self.rng.pick(ACADEMIC),
        ));
    }
}

/// Words joined into lines of at most `width` columns (longer atoms stand
/// alone), the first line after `first`, the others after `rest`; never
/// a line that starts with what would begin a block.
pub fn wrap(atoms: &[String], width: usize, first: &str, rest: &str) -> String {
    let mut out = String::with_capacity(atoms.iter().map(|a| a.len() + 1).sum::<usize>() + 16);
    out.push_str(first);
    let mut col = first.chars().count();
    let mut start = true;
    for atom in atoms {
        let n = atom.chars().count();
        if !start && col + 1 + n > width && may_start_line(atom) {
            out.push('\n');
            out.push_str(rest);
            col = rest.chars().count();
            start = true;
        }
        if !start {
            out.push(' ');
            col += 1;
        }
        out.push_str(atom);
        col += n;
        start = false;
    }
    out.push('\n');
    out
}

/// Whether a line of a paragraph may start with `atom`.
fn may_start_line(atom: &str) -> bool {
    !matches!(
        atom.as_bytes().first(),
        Some(b'-' | b'+' | b'*' | b'#' | b'.' | b'|' | b':' | b'>' | b'=' | b'(' | b'0'..=b'9')
    )
}

mod blocks;
mod inline;
