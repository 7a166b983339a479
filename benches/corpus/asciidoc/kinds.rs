//! The three kinds of unit. Each builder plans its documents (titles,
//! ids, anchors, block ids, bibliography keys: all known before any is
//! written, so that references may point forward and across files),
//! picks its planted defects, then writes the files in reading order,
//! sharing the footnotes defined so far and the keys cited.

use std::collections::HashSet;

use super::super::words::{SECTION_TITLES, SURNAMES};
use super::super::Rng;
use super::text::{Anchor, Held, Ids, Scope, Section, Writer};
use super::Code;

/// Names of books and guides.
#[rustfmt::skip]
pub const PRODUCTS: &[&str] = &[
    "sampler", "kernelkit", "graphwalk", "tablestore", "fluxcal", "docsmith", "quantile",
    "parsec", "meshgen", "timeline",
];

/// Nouns of section titles.
#[rustfmt::skip]
pub const NOUNS: &[&str] = &[
    "Sampler", "Estimator", "Kernel", "Archive", "Survey", "Graph", "Solver", "Cache", "Parser",
    "Index", "Mesh", "Corpus", "Scheduler", "Pipeline", "Registry",
];

/// Authors of books, quotes and bibliography entries.
#[rustfmt::skip]
pub const PEOPLE: &[&str] = &[
    "Ada Okafor", "Ben Lindqvist", "Carla Haddad", "Daichi Tanaka", "Elise Moreau", "Filip Novak",
    "Grace Nakamura", "Hugo Whitfield", "Ines Ortiz", "Jonas Brennan",
];

/// Attributes that guides and books define and reference as `{name}`.
const ATTRIBUTES: &[&str] = &["product", "version", "url-repo"];

/// Guide documents, in reading order of their folder.
#[rustfmt::skip]
const GUIDE_DOCS: &[&str] = &[
    "index", "install", "configure", "usage", "architecture", "troubleshoot", "security", "faq",
    "upgrade-notes", "glossary",
];

/// Titles and ids taken in a document (or a book).
struct Names {
    titles: HashSet<String>,
    ids: HashSet<String>,
    held: usize,
}

impl Names {
    fn new() -> Names {
        let mut ids = HashSet::new();
        // Kept out of every plan: the ids of the poison text.
        for g in [
            "old-intro",
            "removed-chapter",
            "todo-anchor",
            "fig-unused",
            "knuth99",
        ] {
            ids.insert(g.to_owned());
        }
        Names {
            titles: HashSet::new(),
            ids,
            held: 0,
        }
    }

    /// A title whose generated id is free, then that id (if `ids`
    /// generates one), both taken.
    fn title(&mut self, rng: &mut Rng, ids: Ids) -> (String, Option<String>) {
        for i in 0.. {
            let base = rng.pick(SECTION_TITLES);
            let title = match i {
                0..=1 => base.to_owned(),
                2..=9 => format!("{base} for the {}", rng.pick(NOUNS)),
                _ => format!(
                    "{base} of the {} {}",
                    rng.pick(NOUNS),
                    ROMAN[i % ROMAN.len()]
                ),
            };
            let slug = Ids::DEFAULT.generate(&title).unwrap_or_default();
            let generated = ids.generate(&title);
            let free = generated.as_ref().is_none_or(|g| !self.ids.contains(g));
            if free && self.titles.insert(slug) {
                if let Some(g) = &generated {
                    self.ids.insert(g.clone());
                }
                return (title, generated);
            }
        }
        unreachable!("an endless loop returns")
    }

    /// `prefix-words-of-the-title`, unique.
    fn id(&mut self, prefix: &str, title: &str) -> String {
        let slug: Vec<String> = title
            .split_whitespace()
            .filter(|w| !matches!(*w, "the" | "for" | "of" | "and"))
            .take(3)
            .map(|w| w.to_lowercase())
            .collect();
        let base = format!("{prefix}-{}", slug.join("-"));
        let mut id = base.clone();
        let mut n = 1;
        while !self.ids.insert(id.clone()) {
            n += 1;
            id = format!("{base}-{n}");
        }
        id
    }

    /// A block id: `ex-3`, `tbl-7`, `fig-12`, `lst-2`.
    fn held(&mut self, rng: &mut Rng) -> (String, Held) {
        self.held += 1;
        let (prefix, kind) = rng.pick(&[
            ("ex", Held::Example),
            ("tbl", Held::Table),
            ("fig", Held::Figure),
            ("lst", Held::Listing),
        ]);
        let id = format!("{prefix}-{}", self.held);
        self.ids.insert(id.clone());
        (id, kind)
    }

    /// A document's sections: the first at level `first`, then `n` more
    /// at `least` or below, never a level skipped; ids explicit (`[[…]]`,
    /// `[#…]`) or generated, inline anchors and block ids now and then.
    fn plan(
        &mut self,
        rng: &mut Rng,
        ids: Ids,
        prefix: &str,
        n: usize,
        (first, least): (usize, usize),
    ) -> Vec<Section> {
        let mut plan: Vec<Section> = Vec::new();
        for i in 0..=n {
            let level = match plan.last() {
                None => first,
                Some(prev) => match rng.below(10) {
                    0..=5 => least,
                    6..=8 => (prev.level + 1).min(least + 2),
                    _ => prev.level.max(least),
                },
            };
            let (title, generated) = self.title(rng, ids);
            let explicit = rng.percent(if i == 0 { 75 } else { 30 }) || generated.is_none();
            let id = explicit.then(|| {
                let how = match rng.percent(50) {
                    true => Anchor::Brackets,
                    false => Anchor::Hash,
                };
                (self.id(prefix, &title), how)
            });
            let anchor = rng.percent(12).then(|| {
                let how = match rng.percent(50) {
                    true => Anchor::Macro,
                    false => Anchor::Inline,
                };
                (self.id("term", &title), how)
            });
            let held = rng.percent(25).then(|| self.held(rng));
            plan.push(Section {
                title,
                level,
                generated: if explicit { None } else { generated },
                id,
                anchor,
                held,
            });
        }
        plan
    }

    /// Take a title and its generated id (the preface's, the
    /// bibliography's) so that no planned section gets them.
    fn reserve(&mut self, title: &str, ids: Ids) -> Option<String> {
        self.titles
            .insert(Ids::DEFAULT.generate(title).unwrap_or_default());
        let generated = ids.generate(title);
        if let Some(g) = &generated {
            self.ids.insert(g.clone());
        }
        generated
    }
}

const ROMAN: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"];

/// Every id `<<…>>` may reach in these sections.
fn targets(plan: &[Section], out: &mut Vec<String>) {
    for s in plan {
        out.extend(s.target().map(str::to_owned));
        out.extend(s.anchor.iter().map(|a| a.0.clone()));
        out.extend(s.held.iter().map(|h| h.0.clone()));
    }
}

/// Bibliography keys, `surname` + two digits, unique.
fn keys(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let name: String = rng
            .pick(SURNAMES)
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_lowercase();
        let key = format!("{name}{:02}", rng.range(70, 124) % 100);
        if key != "knuth99" && seen.insert(key.clone()) {
            out.push(key);
        }
    }
    out
}

/// The defects a unit plants (each with its chance, or all of them).
#[derive(Clone, Default)]
struct Plants {
    undefined: bool,
    undefined_key: bool,
    undefined_file: bool,
    duplicate_label: bool,
    duplicate_generated: bool,
    unused_entry: bool,
    ghost_note: bool,
    early_note: bool,
    duplicate_note: bool,
    empty_note: bool,
    missing_file: bool,
}

impl Plants {
    fn pick(rng: &mut Rng, every: bool, percent: usize) -> Plants {
        let mut chance = || every || rng.percent(percent);
        Plants {
            undefined: chance(),
            undefined_key: chance(),
            undefined_file: chance(),
            duplicate_label: chance(),
            duplicate_generated: chance(),
            unused_entry: chance(),
            ghost_note: chance(),
            early_note: chance(),
            duplicate_note: chance(),
            empty_note: chance(),
            missing_file: chance(),
        }
    }
}

/// An id of the plan that nothing defines: a known one with a suffix.
fn ghost(rng: &mut Rng, known: &[String], taken: &HashSet<String>) -> String {
    let base = match known.is_empty() {
        true => "sec-overview".to_owned(),
        false => rng.pick_ref(known).clone(),
    };
    let mut id = format!("{base}-old");
    while taken.contains(&id) {
        id.push('x');
    }
    id
}

/// The planted defects written in the middle of a document: undefined
/// references, a ghost footnote, a reference before its definition, the
/// first of a footnote's two texts, an empty footnote. Returns what the
/// end of the document (or a later chapter) must write.
fn plant_middle(
    w: &mut Writer,
    p: &Plants,
    names: &Names,
    scope: &Scope,
    keys: &[String],
) -> Later {
    let mut later = Later::default();
    if p.undefined {
        let id = ghost(&mut w.rng, &scope.ids, &names.ids);
        let markup = match w.rng.below(3) {
            0 => format!("<<{id}>>"),
            1 => format!("<<{id},the {} section>>", w.rng.pick(NOUNS).to_lowercase()),
            _ => format!("xref:{id}[]"),
        };
        w.plant(Code::UndefinedRef, &id, &markup);
    }
    if p.undefined_key && !keys.is_empty() {
        let key = format!("{}x", w.rng.pick_ref(keys));
        w.plant(Code::UndefinedRef, &key, &format!("<<{key}>>"));
    }
    if p.ghost_note {
        let name = format!("ghost-{}", w.shared.fresh(&mut w.rng));
        w.plant(Code::Unresolved, &name, &format!("footnote:{name}[]"));
    }
    if p.early_note {
        let name = w.shared.fresh(&mut w.rng);
        w.plant(Code::Unresolved, &name, &format!("footnote:{name}[]"));
        later.early = Some(name);
    }
    if p.duplicate_note {
        let name = w.shared.fresh(&mut w.rng);
        let text = w.note_text();
        w.aside(&format!("footnote:{name}[{text}]"));
        later.duplicate = Some(name);
    }
    if p.empty_note {
        w.plant(Code::EmptyNote, "", "footnote:[]");
    }
    later
}

/// What a document's end (or a later chapter) writes for the planted
/// footnotes of its middle.
#[derive(Default)]
struct Later {
    /// The definition after its too early reference.
    early: Option<String>,
    /// The second text of a named footnote.
    duplicate: Option<String>,
}

impl Later {
    fn write(self, w: &mut Writer) {
        if let Some(name) = self.early {
            let text = w.note_text();
            w.aside(&format!("footnote:{name}[{text}]"));
        }
        if let Some(name) = self.duplicate {
            let text = w.note_text();
            w.record(Code::Duplicate, &name);
            w.aside(&format!("footnote:{name}[Another reading: {text}]"));
        }
    }
}

/// The `[bibliography]` section: every key, and the planted entry nobody
/// cites.
fn bibliography(w: &mut Writer, marks: &str, keys: &[String], unused: Option<&str>) {
    w.line("[bibliography]");
    w.line(&format!("{marks} References"));
    w.line("");
    for key in keys.iter().map(String::as_str).chain(unused) {
        if Some(key) == unused {
            w.record(Code::UnusedEntry, key);
        }
        let who = w.rng.pick(PEOPLE);
        let year = 1970 + w.rng.below(54);
        let title = w.rng.pick(SECTION_TITLES);
        let noun = w.rng.pick(NOUNS);
        match w.rng.percent(20) {
            true => w.line(&format!(
                "* [[[{key},{}]]] {who}. _{title} of the {noun}_. {year}.",
                key.to_uppercase()
            )),
            false => w.line(&format!(
                "* [[[{key}]]] {who}. _{title} of the {noun}_. {year}."
            )),
        }
    }
    w.line("");
}

/// A paragraph citing what no text has cited yet.
fn cite_rest(w: &mut Writer) {
    let rest = w.shared.uncited();
    if !rest.is_empty() {
        let refs: Vec<String> = rest.iter().map(|k| format!("<<{k}>>")).collect();
        w.aside(&format!("(further reading: {})", refs.join(", ")));
    }
}

mod book;
mod guide;

pub use book::{article, book};
pub use guide::guide;
