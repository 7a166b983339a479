//! One Markdown page being written: prose with its inline constructs
//! (footnote calls, inline notes, citations, links, code spans, inline
//! HTML), wrapped at a column or one paragraph per line, and the
//! bookkeeping that makes every label resolve except where a defect is
//! planted on purpose (each one counted in [`Planted`]).

use super::super::{push_capitalized, Rng};
use super::words::{DOCS, GIVEN, LINK_NAMES, NOTE_NAMES, TOPICS};
use super::wrap::{atoms, breaks_before};
use super::{Code, Planted};

/// The defects one page carries (a few per file).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Defects {
    /// A note that is called but never defined: `unresolved`, once per call.
    pub lost: bool,
    /// A note defined but never called: `orphaned`.
    pub orphan: bool,
    /// A note defined twice: `duplicate`.
    pub twice: bool,
    /// `[text][label]` with no `[label]: …`: `undefined-link`.
    pub undefined_link: bool,
    /// `[label]: …` that nothing links to: `unused-link-definition`.
    pub unused_definition: bool,
    /// A label defined twice: `duplicate-link-definition`.
    pub duplicate_definition: bool,
    /// A key no bibliography in scope has: `unknown-citation`.
    pub unknown_citation: bool,
}

/// How a page labels its footnotes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Labels {
    /// `[^1]`, `[^2]`… in the order of first call.
    Numbers,
    /// `[^caveat]`, `[^perf-2]`.
    Names,
    Mixed,
}

/// The citation keys a page may use.
pub(super) struct Cites {
    pub keys: Vec<String>,
    /// Whether a bibliography is in scope (then an unknown key is an error
    /// and the keys used are recorded).
    pub checked: bool,
    /// Keys cited, in lower case, when `checked`.
    pub used: Vec<String>,
}

/// A footnote that has been called and is waiting for its definition.
struct Pending {
    label: String,
    /// How many times it was called.
    calls: usize,
}

/// The block written last: an indented code block may follow only a
/// paragraph or a heading (after a list or a note it would continue them).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Last {
    Text,
    Other,
}

pub(super) struct Page {
    pub out: String,
    pub rng: Rng,
    /// Column prose is wrapped at; `None` for one paragraph per line.
    wrap: Option<usize>,
    labels: Labels,
    /// The next number a numbered note gets, and how many named ones exist.
    next_note: usize,
    named: usize,
    /// Notes that may be called again (called, and not lost).
    called: Vec<String>,
    /// Notes already defined (definitions may refer to them).
    defined: Vec<String>,
    pending: Vec<Pending>,
    /// Reference-link labels created, and those not yet defined.
    link_labels: Vec<String>,
    undefined_links: Vec<String>,
    /// READMEs often number their links: `[text][3]`.
    numbered_links: bool,
    pub cites: Cites,
    /// Inline notes (`^[…]`) and citations are pandoc habits.
    pub pandoc: bool,
    /// Writing a note's body: no new notes are called.
    in_note: bool,
    defects: Defects,
    pub planted: Planted,
    pub last: Last,
}

impl Page {
    pub fn new(mut rng: Rng, capacity: usize, cites: Cites, defects: Defects) -> Page {
        let wrap = rng.percent(55).then(|| rng.range(72, 100));
        let labels = match rng.below(100) {
            0..=59 => Labels::Numbers,
            60..=84 => Labels::Names,
            _ => Labels::Mixed,
        };
        let numbered_links = rng.percent(25);
        Page {
            out: String::with_capacity(capacity),
            rng,
            wrap,
            labels,
            next_note: 1,
            named: 0,
            called: Vec::new(),
            defined: Vec::new(),
            pending: Vec::new(),
            link_labels: Vec::new(),
            undefined_links: Vec::new(),
            numbered_links,
            cites,
            pandoc: false,
            in_note: false,
            defects,
            planted: Planted::default(),
            last: Last::Other,
        }
    }

    /// Whether notes have been called and not yet defined.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// A reference-link label written by the caller, to be defined with
    /// the others.
    pub fn register_link(&mut self, label: &str) {
        self.link_labels.push(label.to_owned());
        self.undefined_links.push(label.to_owned());
    }

    /// Whether the page, with the definitions it still owes, reaches
    /// `target` bytes.
    pub fn full(&self, target: usize) -> bool {
        self.out.len() + 160 * self.pending.len() + 60 * self.undefined_links.len() >= target
    }

    /// Write `text` as lines: the first starts with `first`, the others
    /// with `rest`; wrapped only between words outside brackets, code
    /// spans and HTML, and never before what would start a block.
    pub fn emit(&mut self, text: &str, first: &str, rest: &str) {
        self.out.push_str(first);
        let Some(width) = self.wrap else {
            self.out.push_str(text);
            self.out.push('\n');
            return;
        };
        let mut col = first.len();
        for (i, atom) in atoms(text).enumerate() {
            if i > 0 {
                if col + 1 + atom.len() > width && breaks_before(atom) {
                    self.out.push('\n');
                    self.out.push_str(rest);
                    col = rest.len();
                } else {
                    self.out.push(' ');
                    col += 1;
                }
            }
            self.out.push_str(atom);
            col += atom.len();
        }
        self.out.push('\n');
    }

    /// A blank line inside a container whose lines start with `prefix`.
    pub fn blank(&mut self, prefix: &str) {
        self.out.push_str(prefix.trim_end());
        self.out.push('\n');
    }

    /// A paragraph of `sentences` sentences, as lines starting with
    /// `first`/`rest`, and the blank line after it.
    pub fn paragraph(&mut self, first: &str, rest: &str, sentences: usize) {
        let text = self.prose(sentences);
        self.emit(&text, first, rest);
        self.blank(rest);
        self.last = Last::Text;
    }

    /// Sentences of prose with their inline constructs; a planted
    /// undefined link or unknown citation goes into the first one written.
    pub fn prose(&mut self, sentences: usize) -> String {
        let mut s = String::with_capacity(sentences * 120);
        for i in 0..sentences {
            if i > 0 {
                s.push(' ');
            }
            self.sentence(&mut s);
        }
        if self.defects.undefined_link && !self.in_note {
            self.defects.undefined_link = false;
            let label = format!("{}-old", self.rng.pick(LINK_NAMES));
            s.push_str(&format!(" The [previous {label} page][{label}] moved."));
            self.planted.add(Code::UndefinedLink, 1);
        }
        if self.defects.unknown_citation && self.cites.checked && !self.cites.keys.is_empty() {
            self.defects.unknown_citation = false;
            let key = pick(&mut self.rng, &self.cites.keys).to_lowercase();
            s.push_str(&format!(
                " A draft said otherwise [see @{key}-draft, p. 4]."
            ));
            self.planted.add(Code::UnknownCitation, 1);
        }
        s
    }

    /// One sentence: 5–24 words with inline constructs, its end
    /// punctuation, and perhaps a footnote call after it.
    pub fn sentence(&mut self, s: &mut String) {
        let words = self.rng.range(5, 24);
        let cites = self.pandoc && !self.cites.keys.is_empty();
        if cites && self.rng.percent(6) {
            self.in_text_citation(s);
        } else {
            push_capitalized(s, self.rng.pick(DOCS));
        }
        for _ in 1..words {
            s.push(' ');
            match self.rng.below(1000) {
                0..=29 => self.code_span(s),
                30..=49 => {
                    let word = self.rng.pick(DOCS);
                    let mark = if self.rng.percent(60) { "*" } else { "**" };
                    s.push_str(&format!("{mark}{word}{mark}"));
                }
                50..=71 => self.inline_link(s),
                72..=99 => self.reference_link(s),
                100..=103 => {
                    let name = self.rng.pick(GIVEN).to_lowercase();
                    s.push_str(&format!("{name}@example.org"));
                }
                104..=106 => s.push_str("<https://example.com/docs/>"),
                107..=109 => s.push_str("<kbd>Ctrl</kbd>+<kbd>C</kbd>"),
                110..=111 => s.push_str("<!-- [^draft] [@todo] -->"),
                112..=123 if cites => self.citation(s),
                124..=128 if cites => {
                    s.push_str(self.rng.pick(DOCS));
                    s.push(' ');
                    self.in_text_citation(s);
                }
                129..=138 if !self.in_note => {
                    s.push_str(self.rng.pick(DOCS));
                    let call = self.call();
                    s.push_str(&call);
                }
                _ => s.push_str(self.rng.pick(DOCS)),
            }
        }
        s.push(match self.rng.below(20) {
            0 => '?',
            1 => ':',
            _ => '.',
        });
        let roll = self.rng.below(1000);
        if roll < 70 && !self.in_note {
            let call = self.call();
            s.push_str(&call);
        } else if roll < 85 && self.pandoc && !self.in_note {
            self.inline_note(s);
        } else if roll < 100 && self.in_note && !self.defined.is_empty() {
            let label = pick(&mut self.rng, &self.defined);
            s.push_str(&format!(" See also[^{label}]."));
        }
    }

    /// `` `cargo build` ``, or a code span holding what would be a marker
    /// outside it.
    fn code_span(&mut self, s: &mut String) {
        let code = match self.rng.below(12) {
            0 => "[^1]",
            1 => "[@doe2020]",
            2 => "[text][ref]",
            3 => "^[inline]",
            4 => "[ref]: https://example.com",
            5 => "cargo build --release",
            6 => "--format json",
            7 => "config.toml",
            8 => "Vec<String>",
            9 => "@decorator",
            10 => "a[i][j]",
            _ => "npm install",
        };
        s.push('`');
        s.push_str(code);
        s.push('`');
    }

    fn inline_link(&mut self, s: &mut String) {
        let word = self.rng.pick(DOCS);
        match self.rng.below(10) {
            0..=4 => {
                let page = self.rng.pick(TOPICS);
                s.push_str(&format!("[the {word} guide](../{page}/index.md)"));
            }
            5..=7 => {
                let n = self.rng.range(1, 4000);
                s.push_str(&format!(
                    "[{word}](https://example.com/issues/{n} \"Issue {n}\")"
                ));
            }
            8 => s.push_str(&format!("![{word} diagram](img/{word}.svg)")),
            _ => s.push_str(&format!("[{word}](#{word})")),
        }
    }

    /// `[text][label]`, `[label][]` or `[label]`, to a label defined later.
    fn reference_link(&mut self, s: &mut String) {
        let reuse = !self.link_labels.is_empty() && self.rng.percent(35);
        let label = if reuse {
            pick(&mut self.rng, &self.link_labels)
        } else {
            let n = self.link_labels.len() + 1;
            let label = if self.numbered_links {
                n.to_string()
            } else if n <= LINK_NAMES.len() && self.rng.percent(50) {
                // Unique while few: the name itself, if unused.
                let name = self.rng.pick(LINK_NAMES);
                if self.link_labels.iter().any(|l| l == name) {
                    format!("{name} {n}")
                } else {
                    name.to_owned()
                }
            } else {
                format!("{} {n}", self.rng.pick(LINK_NAMES))
            };
            self.link_labels.push(label.clone());
            self.undefined_links.push(label.clone());
            label
        };
        let numeric = label.bytes().all(|b| b.is_ascii_digit());
        match self.rng.below(10) {
            0..=5 => {
                let text = self.rng.pick(DOCS);
                s.push_str(&format!("[the {text}][{label}]"));
            }
            _ if numeric => s.push_str(&format!("[{}][{label}]", self.rng.pick(DOCS))),
            // Labels match case-insensitively.
            6 => s.push_str(&format!("[{}][]", label.to_uppercase())),
            7 => s.push_str(&format!("[{label}][]")),
            _ => s.push_str(&format!("[{label}]")),
        }
    }

    /// A footnote call: a new note, or one called before.
    pub fn call(&mut self) -> String {
        if !self.called.is_empty() && self.rng.percent(12) {
            let label = pick(&mut self.rng, &self.called);
            if let Some(p) = self.pending.iter_mut().find(|p| p.label == label) {
                p.calls += 1;
            }
            return format!("[^{label}]");
        }
        let named = match self.labels {
            Labels::Numbers => false,
            Labels::Names => true,
            Labels::Mixed => self.rng.percent(50),
        };
        let label = if named {
            self.named += 1;
            let name = self.rng.pick(NOTE_NAMES);
            format!("{name}-{}", self.named)
        } else {
            self.next_note += 1;
            (self.next_note - 1).to_string()
        };
        self.called.push(label.clone());
        self.pending.push(Pending {
            label: label.clone(),
            calls: 1,
        });
        format!("[^{label}]")
    }

    /// `^[…]`: a pandoc inline note, sometimes with a link or brackets in it.
    fn inline_note(&mut self, s: &mut String) {
        let words = self.rng.range(4, 16);
        s.push_str("^[");
        for i in 0..words {
            if i > 0 {
                s.push(' ');
            }
            match self.rng.below(40) {
                0 => self.inline_link(s),
                1 => s.push_str("[sic]"),
                2 => self.code_span(s),
                _ => s.push_str(self.rng.pick(DOCS)),
            }
        }
        s.push_str(".]");
    }

    fn key(&mut self) -> String {
        // A few keys are cited much more often than the rest.
        let n = self.cites.keys.len();
        let bound = self.rng.below(n) + 1;
        let i = self.rng.below(bound);
        let key = &self.cites.keys[i];
        if self.cites.checked {
            self.cites.used.push(key.to_lowercase());
        }
        if self.rng.percent(20) {
            key.to_lowercase()
        } else {
            key.clone()
        }
    }

    /// `[@key]`, `[@key, p. 4]`, `[see @a, pp. 3–5; @b]`, `[-@key]`.
    fn citation(&mut self, s: &mut String) {
        let k = self.key();
        match self.rng.below(20) {
            0..=7 => s.push_str(&format!("[@{k}]")),
            8..=10 => {
                let at = self.locator();
                s.push_str(&format!("[@{k}, {at}]"));
            }
            11..=13 => {
                let (k2, at) = (self.key(), self.locator());
                s.push_str(&format!("[see @{k}, {at}; also @{k2}]"));
            }
            14..=16 => {
                let (k2, k3) = (self.key(), self.key());
                s.push_str(&format!("[@{k}; @{k2}; @{k3}]"));
            }
            _ => s.push_str(&format!("[-@{k}]")),
        }
    }

    /// `@key shows`, `@key [p. 33] notes`.
    fn in_text_citation(&mut self, s: &mut String) {
        let k = self.key();
        if self.rng.percent(30) {
            let at = self.locator();
            s.push_str(&format!("@{k} [{at}] notes"));
        } else {
            s.push_str(&format!("@{k} shows"));
        }
    }

    fn locator(&mut self) -> String {
        let n = self.rng.range(1, 400);
        match self.rng.below(5) {
            0 => format!("pp. {n}–{}", n + self.rng.range(1, 9)),
            1 => format!("chap. {}", n % 20 + 1),
            2 => format!("sec. {}.{}", n % 9 + 1, n % 7 + 1),
            _ => format!("p. {n}"),
        }
    }

    /// Define the notes called so far, each with a blank line after it, as
    /// lines starting with `prefix` (inside a list item or a block quote).
    /// The planted lost and duplicated notes are the first ones flushed.
    pub fn flush_notes(&mut self, prefix: &str) {
        let pending = std::mem::take(&mut self.pending);
        for note in pending {
            if self.defects.lost {
                self.defects.lost = false;
                self.called.retain(|l| *l != note.label);
                self.planted.add(Code::Unresolved, note.calls);
                continue;
            }
            self.definition(&note.label, prefix);
            self.defined.push(note.label.clone());
            if self.defects.twice {
                self.defects.twice = false;
                self.definition(&note.label, prefix);
                self.planted.add(Code::Duplicate, 1);
            }
        }
        self.last = Last::Other;
    }

    /// What is still owed at the end of the page: every note, every link,
    /// and the planted orphaned note and unused or duplicate link
    /// definitions.
    pub fn finish(&mut self) {
        self.flush_notes("");
        if self.defects.orphan {
            let label = if self.labels == Labels::Numbers {
                self.next_note.to_string()
            } else {
                format!("{}-unused", self.rng.pick(NOTE_NAMES))
            };
            self.definition(&label, "");
            self.planted.add(Code::Orphaned, 1);
        }
        self.flush_links();
        if self.defects.unused_definition {
            let page = self.rng.pick(TOPICS);
            self.out
                .push_str(&format!("[old {page}]: https://example.com/old/{page}\n"));
            self.planted.add(Code::UnusedLinkDefinition, 1);
        }
        if self.defects.duplicate_definition && !self.link_labels.is_empty() {
            let label = pick(&mut self.rng, &self.link_labels);
            self.out
                .push_str(&format!("[{label}]: https://example.net/moved\n"));
            self.planted.add(Code::DuplicateLinkDefinition, 1);
        }
        self.undefined_links.clear();
    }

    /// `[label]: https://… "Title"` for every label linked to but not yet
    /// defined, then a blank line.
    pub fn flush_links(&mut self) {
        if self.undefined_links.is_empty() {
            return;
        }
        for label in std::mem::take(&mut self.undefined_links) {
            let slug: String = label
                .chars()
                .map(|c| {
                    if c == ' ' {
                        '-'
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            let def = match self.rng.below(4) {
                0 => format!("[{label}]: https://example.com/{slug} \"The {label} page\""),
                1 => format!("[{label}]: <https://example.org/docs/{slug}.html>"),
                2 => format!("[{label}]: ../{slug}.md"),
                _ => format!("[{label}]: https://example.com/{slug}"),
            };
            self.out.push_str(&def);
            self.out.push('\n');
        }
        self.out.push('\n');
        self.last = Last::Other;
    }

    /// `[^label]: body`: one paragraph, or two, or a paragraph and a list,
    /// continued on lines indented by four spaces.
    fn definition(&mut self, label: &str, prefix: &str) {
        self.in_note = true;
        let sentences = self.rng.range(1, 3);
        let body = self.prose(sentences);
        let rest = format!("{prefix}    ");
        self.emit(&body, &format!("{prefix}[^{label}]: "), &rest);
        match self.rng.below(100) {
            0..=11 => {
                self.blank(prefix);
                let sentences = self.rng.range(2, 4);
                let more = self.prose(sentences);
                self.emit(&more, &rest, &rest);
            }
            12..=17 => {
                self.blank(prefix);
                for _ in 0..self.rng.range(2, 4) {
                    let sentences = self.rng.range(1, 2);
                    let item = self.prose(sentences);
                    self.emit(&item, &format!("{rest}- "), &format!("{rest}  "));
                }
            }
            _ => {}
        }
        self.blank(prefix);
        self.in_note = false;
    }
}

/// One of `items` (not empty), cloned.
fn pick(rng: &mut Rng, items: &[String]) -> String {
    items[rng.below(items.len())].clone()
}
