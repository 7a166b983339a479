//! Writing AsciiDoc: section titles with their ids, prose (a sentence a
//! line, or a paragraph a line) with inline markup, references and
//! footnotes, body blocks, and text no checker may read as markup
//! ([`Writer::trap`]). The writer counts the lines it writes, so that a
//! planted defect is recorded at the line it lands on.

use super::super::words::ACADEMIC;
use super::super::{push_capitalized, Rng};
use super::Code;

/// How a document's sections get ids (`idprefix`, `idseparator`,
/// `sectids`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids {
    pub prefix: &'static str,
    pub sep: char,
    pub generated: bool,
}

impl Ids {
    /// Asciidoctor's defaults: `_section_title`.
    pub const DEFAULT: Ids = Ids {
        prefix: "_",
        sep: '_',
        generated: true,
    };
    /// `:idprefix:` (empty) and `:idseparator: -`: `section-title`.
    pub const DASHED: Ids = Ids {
        prefix: "",
        sep: '-',
        generated: true,
    };
    /// `:sectids!:`: no generated ids.
    pub const NONE: Ids = Ids {
        prefix: "_",
        sep: '_',
        generated: false,
    };

    /// The id Asciidoctor generates for a section titled `title` (ASCII
    /// letters, spaces and hyphens): lower case, each run of spaces and
    /// hyphens one separator, after the prefix.
    pub fn generate(self, title: &str) -> Option<String> {
        if !self.generated {
            return None;
        }
        let mut id = String::from(self.prefix);
        let mut gap = false;
        for c in title.chars() {
            match c {
                ' ' | '-' => gap = true,
                c if c.is_ascii_alphanumeric() => {
                    if gap && id.len() > self.prefix.len() {
                        id.push(self.sep);
                    }
                    gap = false;
                    id.push(c.to_ascii_lowercase());
                }
                _ => {}
            }
        }
        Some(id)
    }

    /// The header lines that select these ids.
    pub fn header(self) -> &'static str {
        match (self.generated, self.sep) {
            (false, _) => ":sectids!:\n",
            (true, '-') => ":idprefix:\n:idseparator: -\n",
            _ => "",
        }
    }
}

/// How an explicit id is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `[[id]]` on its own line.
    Brackets,
    /// `[#id]` on its own line.
    Hash,
    /// `anchor:id[]` inside a sentence.
    Macro,
    /// `[[id]]` or `[[id,reftext]]` inside a sentence.
    Inline,
}

/// A block with an id, somewhere in a section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Held {
    Example,
    Table,
    Figure,
    Listing,
}

/// A section of a document's plan.
#[derive(Clone, Debug)]
pub struct Section {
    pub title: String,
    /// 0: the document title; 1: a chapter or top section; 2, 3: below.
    pub level: usize,
    /// An explicit id, and how it is written.
    pub id: Option<(String, Anchor)>,
    /// The id Asciidoctor generates, when there is no explicit one.
    pub generated: Option<String>,
    /// An anchor inside the section's first paragraph.
    pub anchor: Option<(String, Anchor)>,
    /// A block with an id in the section.
    pub held: Option<(String, Held)>,
}

impl Section {
    /// The id `<<…>>` reaches the section by, if any.
    pub fn target(&self) -> Option<&str> {
        self.id
            .as_ref()
            .map(|i| i.0.as_str())
            .or(self.generated.as_deref())
    }
}

/// What the documents of a unit can refer to (read-only, shared).
#[derive(Default)]
pub struct Scope {
    /// Every id `<<id>>` may reach: explicit, generated, inline anchors,
    /// block ids (not the bibliography's).
    pub ids: Vec<String>,
    /// Attributes defined in the header, for `{name}` references.
    pub attributes: Vec<&'static str>,
    /// Other documents `xref:file.adoc#id[]` may reach, each with its
    /// ids, as the path from the writing document.
    pub others: Vec<(String, Vec<String>)>,
}

/// What the files of a unit share, in reading order: named footnotes so
/// far, and the bibliography with the keys cited.
#[derive(Default)]
pub struct Shared {
    footnotes: Vec<String>,
    serial: usize,
    pub keys: Vec<String>,
    cited: Vec<bool>,
}

impl Shared {
    pub fn new(keys: Vec<String>) -> Shared {
        Shared {
            cited: vec![false; keys.len()],
            keys,
            ..Shared::default()
        }
    }

    /// A footnote name not used in the unit.
    pub fn fresh(&mut self, rng: &mut Rng) -> String {
        self.serial += 1;
        format!("{}-{}", rng.pick(NOTE_NAMES), self.serial)
    }

    /// A key to cite: half the time one not cited yet.
    fn cite(&mut self, rng: &mut Rng) -> Option<String> {
        if self.keys.is_empty() {
            return None;
        }
        let n = self.keys.len();
        let mut i = rng.below(n);
        if rng.percent(50) {
            if let Some(j) = (0..n).map(|k| (i + k) % n).find(|&j| !self.cited[j]) {
                i = j;
            }
        }
        self.cited[i] = true;
        Some(self.keys[i].clone())
    }

    /// The keys not cited yet, now counted as cited.
    pub fn uncited(&mut self) -> Vec<String> {
        let rest = (0..self.keys.len())
            .filter(|&i| !self.cited[i])
            .map(|i| self.keys[i].clone())
            .collect();
        self.cited.iter_mut().for_each(|c| *c = true);
        rest
    }
}

/// Footnote names (`why-3`); none is a word of ids.
const NOTE_NAMES: &[&str] = &[
    "why", "aside", "caveat", "detail", "src", "credit", "erratum", "license",
];

/// Words for monospace, index terms and link texts.
#[rustfmt::skip]
const TERMS: &[&str] = &[
    "config.yml", "--verbose", "build.gradle", "PATH", "main()", "Cargo.toml", "HEAD", "stdout",
    "kernel", "sampler", "cache", "index", "queue", "schema", "token", "shard", "replica",
];

const ADMONITIONS: &[&str] = &["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"];

/// Ids, footnotes and entries that exist nowhere: the poison of the text
/// no checker may read.
#[rustfmt::skip]
const GHOSTS: &[&str] = &[
    "old-intro", "removed-chapter", "todo-anchor", "_draft_section", "fig-unused", "knuth99",
];

/// One file being written.
pub struct Writer<'a> {
    pub rng: Rng,
    out: String,
    /// Lines written so far.
    lines: usize,
    scope: &'a Scope,
    pub shared: &'a mut Shared,
    /// The file's path in its unit, for the defects planted in it.
    path: String,
    pub defects: Vec<(Code, String, usize, String)>,
    /// A sentence a line (else a paragraph a line).
    ventilated: bool,
    /// `=` signs for a section of level 1 (2, or 1 in a chapter file
    /// included with `leveloffset=+1`).
    marks: usize,
    /// Percent of blocks followed by text the checker must skip.
    traps: usize,
    /// Writing a list item or a table cell, whose text Asciidoctor
    /// substitutes while parsing, before the paragraphs around it: no
    /// reference to a named footnote there (it would not resolve).
    item: bool,
}

impl<'a> Writer<'a> {
    pub fn new(mut rng: Rng, scope: &'a Scope, shared: &'a mut Shared, path: &str) -> Writer<'a> {
        let ventilated = rng.percent(60);
        Writer {
            rng,
            out: String::new(),
            lines: 0,
            scope,
            shared,
            path: path.to_owned(),
            defects: Vec::new(),
            ventilated,
            marks: 2,
            traps: 6,
            item: false,
        }
    }

    /// A writer for a file included here: the same unit, in reading
    /// order.
    pub fn nested(&mut self, path: &str) -> Writer<'_> {
        let rng = Rng::new(self.rng.next_u64());
        Writer::new(rng, self.scope, self.shared, path)
    }

    /// Titles one level up: a chapter file included with `leveloffset=+1`.
    pub fn offset(mut self) -> Self {
        self.marks = 1;
        self
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn finish(self) -> (String, Vec<(Code, String, usize, String)>) {
        (self.out, self.defects)
    }

    pub fn push(&mut self, text: &str) {
        self.lines += text.bytes().filter(|&b| b == b'\n').count();
        self.out.push_str(text);
    }

    pub fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    /// Record `code` with `label` at the next line written.
    pub fn record(&mut self, code: Code, label: &str) {
        let line = self.lines + 1;
        self.defects
            .push((code, self.path.clone(), line, label.to_owned()));
    }

    /// A one-line paragraph holding `markup` amid prose, recorded as
    /// `code` with `label` at its line.
    pub fn plant(&mut self, code: Code, label: &str, markup: &str) {
        self.record(code, label);
        let text = self.words_around(markup);
        self.line(&text);
        self.line("");
    }

    /// A one-line paragraph holding `markup` amid prose, planting nothing.
    pub fn aside(&mut self, markup: &str) {
        let text = self.words_around(markup);
        self.line(&text);
        self.line("");
    }

    fn words_around(&mut self, markup: &str) -> String {
        let mut s = String::new();
        self.words(&mut s, 4, 9);
        s.push(' ');
        s.push_str(markup);
        for _ in 0..self.rng.range(2, 6) {
            s.push(' ');
            s.push_str(self.rng.pick(ACADEMIC));
        }
        if s.ends_with(',') {
            s.pop();
        }
        s.push('.');
        s
    }

    /// `[[id]]` or `[#id]` on its own line before a paragraph, recorded
    /// as `code` with the id at the anchor's line.
    pub fn plant_anchor(&mut self, code: Code, id: &str) {
        self.record(code, id);
        match self.rng.percent(50) {
            true => self.line(&format!("[[{id}]]")),
            false => self.line(&format!("[#{id}]")),
        }
        self.paragraph();
    }

    /// The title of a section, under its explicit id.
    pub fn heading(&mut self, s: &Section) {
        match &s.id {
            Some((id, Anchor::Hash)) => self.line(&format!("[#{id}]")),
            Some((id, _)) => self.line(&format!("[[{id}]]")),
            None => {}
        }
        let marks = "=".repeat(s.level + self.marks - 1);
        self.line(&format!("{marks} {}", s.title));
        self.line("");
    }

    /// A section: its heading, then prose and blocks to about `bytes`
    /// (its inline anchor in the first paragraph, its block half-way).
    pub fn section(&mut self, s: &Section, bytes: usize) {
        self.heading(s);
        self.body(s, bytes);
    }

    pub fn body(&mut self, s: &Section, bytes: usize) {
        let end = self.out.len() + bytes;
        let held_at = self.out.len() + bytes / 2;
        let mut held = s.held.clone();
        match &s.anchor {
            Some((id, how)) => {
                let markup = match how {
                    Anchor::Macro => format!("anchor:{id}[]{}", self.rng.pick(TERMS)),
                    _ if self.rng.percent(40) => {
                        format!("[[{id},{}]]{}", s.title, self.rng.pick(TERMS))
                    }
                    _ => format!("[[{id}]]{}", self.rng.pick(TERMS)),
                };
                self.aside(&markup);
            }
            None => self.paragraph(),
        }
        while self.out.len() < end {
            if self.out.len() > held_at {
                if let Some((id, kind)) = held.take() {
                    self.held(&id, kind);
                }
            }
            self.block();
        }
        if let Some((id, kind)) = held {
            self.held(&id, kind);
        }
    }

    /// A paragraph, or now and then another block; then, now and then,
    /// text no checker may read.
    pub fn block(&mut self) {
        match self.rng.below(100) {
            0..=57 => self.paragraph(),
            58..=62 => self.list("*", "**"),
            63..=65 => self.list(".", ".."),
            66..=68 => self.definitions(),
            69..=72 => self.admonition(),
            73..=75 => self.delimited("****", true),
            76..=77 => self.delimited("====", true),
            78..=79 => self.quote(),
            80..=82 => self.table(None),
            83..=90 => self.listing(None),
            91..=92 => self.literal(),
            93 => self.image(None),
            94..=95 => self.delimited("--", false),
            _ => self.paragraph(),
        }
        if self.rng.percent(self.traps) {
            self.trap();
        }
    }

    pub fn paragraph(&mut self) {
        let n = self.rng.range(2, 6);
        let mut text = String::new();
        for i in 0..n {
            if i > 0 {
                text.push(if self.ventilated { '\n' } else { ' ' });
            }
            self.sentence(&mut text);
        }
        self.line(&text);
        self.line("");
    }

    /// `lo..=hi` words of prose, with no markup.
    fn words(&mut self, s: &mut String, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        for i in 0..n {
            let w = self.rng.pick(ACADEMIC);
            if i == 0 {
                push_capitalized(s, w);
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
        if s.ends_with(',') {
            s.pop();
        }
    }

    /// A sentence with inline markup, now and then a footnote after it.
    pub fn sentence(&mut self, s: &mut String) {
        let words = self.rng.range(7, 20);
        for i in 0..words {
            let w = self.rng.pick(ACADEMIC);
            if i == 0 {
                push_capitalized(s, w);
                continue;
            }
            s.push(' ');
            s.push_str(w);
            if i + 1 < words {
                self.inline(s);
            }
        }
        if s.ends_with(',') {
            s.pop();
        }
        s.push('.');
        if self.rng.percent(8) {
            let note = self.footnote();
            s.push_str(&note);
        }
    }

    /// A sentence of a list item or a table cell.
    pub fn item_sentence(&mut self, s: &mut String) {
        self.item = true;
        self.sentence(s);
        self.item = false;
    }

    /// Now and then, a piece of inline markup after a word.
    fn inline(&mut self, s: &mut String) {
        let r = self.rng.below(1000);
        let piece = match r {
            0..=19 => self.xref(),
            20..=25 => match self.shared.cite(&mut self.rng) {
                Some(key) if self.rng.percent(80) => format!("<<{key}>>"),
                Some(key) => format!("<<{key},{}>>", self.rng.range(2, 400)),
                None => return,
            },
            26..=40 => format!("*{}*", self.rng.pick(ACADEMIC)),
            41..=55 => format!("_{}_", self.rng.pick(ACADEMIC)),
            56..=70 => format!("`{}`", self.rng.pick(TERMS)),
            71..=75 => format!(
                "https://example.org/{}[{}]",
                self.rng.pick(TERMS).trim_start_matches('-'),
                self.rng.pick(ACADEMIC)
            ),
            76..=78 if !self.scope.attributes.is_empty() => {
                format!("{{{}}}", self.rng.pick(&self.scope.attributes))
            }
            79..=81 => format!("(({}))", self.rng.pick(ACADEMIC)),
            82..=84 => self.inline_trap(),
            85..=88 if !self.scope.others.is_empty() => self.cross_document(),
            89..=91 => format!("\"`{}`\"", self.rng.pick(ACADEMIC)),
            _ => return,
        };
        s.push(' ');
        s.push_str(&piece);
    }

    /// A reference to an id of the unit, in one of its four forms.
    fn xref(&mut self) -> String {
        if self.scope.ids.is_empty() {
            return format!("*{}*", self.rng.pick(ACADEMIC));
        }
        let id = self.rng.pick_ref(&self.scope.ids).clone();
        match self.rng.below(100) {
            0..=44 => format!("<<{id}>>"),
            45..=64 => format!("<<{id},the {} section>>", self.rng.pick(ACADEMIC)),
            65..=79 => format!("xref:{id}[]"),
            _ => format!(
                "xref:{id}[{} {}]",
                self.rng.pick(ACADEMIC),
                self.rng.pick(ACADEMIC)
            ),
        }
    }

    /// `xref:file.adoc#id[text]` or `<<file.adoc#id,text>>` to another
    /// document.
    fn cross_document(&mut self) -> String {
        let (file, ids) = self.rng.pick_ref(&self.scope.others);
        let (file, id) = (file.clone(), self.rng.pick_ref(ids).clone());
        match self.rng.below(100) {
            0..=69 => format!("xref:{file}#{id}[{}]", self.rng.pick(ACADEMIC)),
            70..=84 => format!("xref:{file}#{id}[]"),
            _ => format!("<<{file}#{id},{}>>", self.rng.pick(ACADEMIC)),
        }
    }

    /// A footnote: anonymous, a new named one, or a reference to a named
    /// one defined before.
    fn footnote(&mut self) -> String {
        let text = self.note_text();
        match self.rng.below(100) {
            0..=54 => format!("footnote:[{text}]"),
            55..=71 => {
                let name = self.shared.fresh(&mut self.rng);
                self.shared.footnotes.push(name.clone());
                format!("footnote:{name}[{text}]")
            }
            72..=75 => {
                let name = self.shared.fresh(&mut self.rng);
                self.shared.footnotes.push(name.clone());
                format!("footnoteref:[{name},{text}]")
            }
            _ if self.shared.footnotes.is_empty() || self.item => format!("footnote:[{text}]"),
            r => {
                let name = self.rng.pick_ref(&self.shared.footnotes).clone();
                match r {
                    76..=94 => format!("footnote:{name}[]"),
                    _ => format!("footnoteref:[{name}]"),
                }
            }
        }
    }

    /// A footnote's text: a short sentence, now and then with a reference
    /// or a link in it; never a `]`.
    pub fn note_text(&mut self) -> String {
        let mut s = String::new();
        self.words(&mut s, 5, 14);
        match self.rng.below(100) {
            0..=11 => {
                let x = self.xref();
                if !x.contains('[') {
                    s.push_str(&format!(", see {x}"));
                }
            }
            12..=17 => s.push_str(&format!(
                " at https://example.org/{}",
                self.rng.pick(ACADEMIC).replace(' ', "-")
            )),
            _ => {}
        }
        s.push('.');
        s
    }
}

mod blocks;
