//! The four kinds of unit. Each builder plans its documents (titles,
//! labels, figures: all known before any is written, so that references
//! may point forward and across files), picks its planted defects, writes
//! the documents, then what they share: `conf.py`, the included
//! fragment, `references.rst` and the `.bib` files.

use std::collections::HashSet;

use super::super::words::{ACADEMIC, AUTHORS, LABEL_TOPICS, SECTION_TITLES};
use super::super::{push_capitalized, Rng};
use super::text::{Notes, Pool, Scope, Section, Writer};
use super::{Build, Code};

/// Names of Sphinx projects and repositories.
pub const PRODUCTS: &[&str] = &[
    "sampler",
    "kernelkit",
    "graphwalk",
    "tablestore",
    "fluxcal",
    "docsmith",
    "quantile",
    "parsec",
    "meshgen",
    "timeline",
];

const NOUNS: &[&str] = &[
    "sampler",
    "estimator",
    "kernel",
    "archive",
    "survey",
    "graph",
    "solver",
    "cache",
    "parser",
    "index",
    "mesh",
    "corpus",
];

/// Titles and labels taken in a unit.
#[derive(Default)]
struct Names {
    titles: HashSet<String>,
    labels: HashSet<String>,
    /// Every label and figure name, in order: the `:ref:` targets.
    all_labels: Vec<String>,
    figures: Vec<String>,
}

impl Names {
    fn title(&mut self, rng: &mut Rng) -> String {
        for i in 0.. {
            let base = rng.pick(SECTION_TITLES);
            let title = match i {
                0..=1 => base.to_owned(),
                2..=9 => format!("{base} for the {}", rng.pick(NOUNS)),
                _ => format!("{base} for the {} {i}", rng.pick(NOUNS)),
            };
            if self.titles.insert(title.to_lowercase()) {
                return title;
            }
        }
        unreachable!("an endless loop returns")
    }

    /// `prefix-words-of-the-title`, unique in the unit.
    fn label(&mut self, prefix: &str, title: &str) -> String {
        let slug: Vec<String> = title
            .split_whitespace()
            .filter(|w| !matches!(*w, "the" | "for" | "of" | "and"))
            .take(3)
            .map(|w| w.to_lowercase())
            .collect();
        let base = format!("{prefix}-{}", slug.join("-"));
        let mut label = base.clone();
        let mut n = 1;
        while !self.labels.insert(label.clone()) {
            n += 1;
            label = format!("{base}-{n}");
        }
        self.all_labels.push(label.clone());
        label
    }

    /// A document's plan: its title (labelled in `title_label` percent),
    /// then `n` sections and subsections.
    fn plan(&mut self, rng: &mut Rng, prefix: &str, n: usize, title_label: usize) -> Vec<Section> {
        let title = self.title(rng);
        let label = rng.percent(title_label).then(|| self.label(prefix, &title));
        let mut plan = vec![Section::new(title, 0, label)];
        for i in 0..n {
            let level = match (i, rng.below(10)) {
                (0, _) | (_, 0..=5) => 1,
                (_, 6..=8) => 2,
                _ if plan[plan.len() - 1].level >= 2 => 3,
                _ => 2,
            };
            let title = self.title(rng);
            let label = rng
                .percent(if level == 1 { 60 } else { 30 })
                .then(|| self.label(prefix, &title));
            let figure = rng.percent(20).then(|| {
                let name = format!("fig-{prefix}-{}", self.figures.len() + 1);
                self.figures.push(name.clone());
                self.all_labels.push(name.clone());
                name
            });
            plan.push(Section {
                title,
                level,
                label,
                again: None,
                figure,
            });
        }
        plan
    }
}

/// The defects planted in one document.
#[derive(Clone, Default)]
struct Plants {
    /// A numbered marker after the last note.
    unresolved: bool,
    /// A numbered note after the last one referenced.
    orphaned: bool,
    /// A note number defined again.
    duplicate: bool,
    /// `` `legacy-…`_ ``.
    legacy: bool,
    /// `:ref:` to this missing label.
    bad_ref: Option<String>,
    /// `:cite:` of this missing key.
    bad_cite: Option<String>,
}

impl Plants {
    /// The footnote and `legacy` defects, each with its chance in percent
    /// (or all of them).
    fn pick(rng: &mut Rng, every: bool, percent: usize) -> Plants {
        let unresolved = every || rng.percent(percent);
        Plants {
            unresolved,
            orphaned: !unresolved && rng.percent(percent),
            duplicate: every || rng.percent(percent * 2 / 3),
            legacy: every || rng.percent(percent * 2 / 3),
            ..Plants::default()
        }
    }

    fn notes(&self) -> bool {
        self.unresolved || self.orphaned || self.duplicate
    }
}

/// Sections to about `size` bytes, the planted references in the middle,
/// the planted notes at the end (after every numbered note, so that the
/// numbering stays in order); each recorded in `b` under `path`.
fn write_body(
    w: &mut Writer,
    plan: &[Section],
    size: usize,
    p: &Plants,
    path: &str,
    b: &mut Build,
) {
    let share = size / plan.len().max(1);
    let middle = plan.len() / 2;
    for (i, s) in plan.iter().enumerate() {
        if i > 0 {
            w.section(s, share);
        }
        if i == middle {
            plant_refs(w, p, path, b);
        }
    }
    if p.duplicate && w.numbered == 0 {
        w.line("A closing remark [1]_.\n");
        let body = w.note_body();
        w.line(&format!(".. [1] {body}\n"));
        w.numbered = 1;
    }
    let next = w.numbered + 1;
    if p.unresolved {
        w.line(&format!(
            "This point is argued at length elsewhere [{next}]_.\n"
        ));
        b.defect(Code::Unresolved, path, &next.to_string());
    }
    if p.orphaned {
        let body = w.note_body();
        w.line(&format!(".. [{next}] {body}\n"));
        b.defect(Code::Orphaned, path, &next.to_string());
    }
    if p.duplicate {
        let j = w.rng.range(1, w.numbered);
        let body = w.note_body();
        w.line(&format!(".. [{j}] {body}\n"));
        b.defect(Code::Duplicate, path, &j.to_string());
    }
}

fn plant_refs(w: &mut Writer, p: &Plants, path: &str, b: &mut Build) {
    if p.legacy {
        let label = format!("legacy-{}-notes", w.rng.pick(LABEL_TOPICS));
        w.line(&format!(
            "The older material is summarised in `{label}`_ and is not repeated here.\n"
        ));
        b.defect(Code::UndefinedRef, path, &label);
    }
    if let Some(label) = &p.bad_ref {
        w.line(&format!(
            "The construction follows :ref:`{label}` closely.\n"
        ));
        b.defect(Code::UndefinedRef, path, label);
    }
    if let Some(key) = &p.bad_cite {
        w.line(&format!(
            "Earlier work reached the same bound :cite:p:`{key}`.\n"
        ));
        b.defect(Code::UnknownCitation, path, key);
    }
}

/// `n` citation labels for `[OKA02]_`, unique in upper case.
fn citation_labels(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    while out.len() < n {
        let surname = rng.pick(super::super::words::SURNAMES);
        let head: String = surname
            .chars()
            .filter(|c| c.is_ascii_alphabetic())
            .take(3)
            .collect::<String>()
            .to_uppercase();
        let label = match rng.below(3) {
            0 => format!("{head}{:02}", rng.below(100)),
            1 => format!("{head}{}", rng.range(1970, 2024)),
            _ => format!("{head}-{:02}", rng.below(100)),
        };
        if head.len() == 3 && seen.insert(label.clone()) {
            out.push(label);
        }
    }
    out
}

/// The definitions of citations, for a references section.
fn citation_defs(w: &mut Writer, labels: &[String]) {
    for label in labels {
        let author = w.rng.pick(AUTHORS).replace('~', " ");
        let mut title = String::new();
        push_capitalized(&mut title, w.rng.pick(ACADEMIC));
        for _ in 0..w.rng.range(2, 6) {
            title.push(' ');
            title.push_str(w.rng.pick(ACADEMIC));
        }
        let year = w.rng.range(1970, 2024);
        w.line(&format!(
            ".. [{label}] {author}. *{title}*. Example Press, {year}.\n"
        ));
    }
}

/// A paragraph citing every citation and key not referenced yet.
fn cite_rest(w: &mut Writer, pool_citations: Vec<String>, keys: Vec<String>) {
    if !pool_citations.is_empty() {
        let refs: Vec<String> = pool_citations.iter().map(|c| format!("[{c}]_")).collect();
        w.line("Further reading:");
        for r in refs {
            w.line(&format!("- {r}"));
        }
        w.line("");
    }
    for chunk in keys.chunks(4) {
        w.line(&format!("Also consulted :cite:`{}`.\n", chunk.join(",")));
    }
}

fn date(rng: &mut Rng) -> String {
    format!(
        "{}-{:02}-{:02}",
        rng.range(2008, 2024),
        rng.range(1, 12),
        rng.range(1, 28)
    )
}

/// A standalone docutils document of about `size` bytes.
fn standalone(
    rng: &mut Rng,
    size: usize,
    p: &Plants,
    path: &str,
    include: Option<(&str, &[&str], &[&str])>,
    b: &mut Build,
) -> String {
    let mut names = Names::default();
    let plan = names.plan(rng, "sec", (size / 9_000).clamp(2, 24), 0);
    let mut pool = Pool::new(
        citation_labels(rng, (size / 12_000).clamp(2, 14)),
        Vec::new(),
    );
    let scope = Scope::default();
    let notes = match p.notes() || rng.percent(60) {
        true => Notes::Numbered,
        false => Notes::Auto,
    };
    let mut w = Writer::new(
        Rng::new(rng.next_u64()),
        &scope,
        &mut pool,
        path,
        &plan,
        notes,
    );
    if let Some((file, subs, targets)) = include {
        w.line(&format!(".. include:: {file}\n"));
        w.subs.extend(subs.iter().map(|s| s.to_string()));
        w.add_local(targets);
    } else if w.rng.percent(30) {
        w.line(".. -*- coding: utf-8 -*-\n");
    }
    w.heading(&plan[0]);
    let author = w.rng.pick(AUTHORS).replace('~', " ");
    let when = date(&mut w.rng);
    let (major, minor) = (w.rng.range(0, 3), w.rng.range(0, 9));
    w.line(&format!(
        ":Author: {author}\n:Date: {when}\n:Version: {major}.{minor}\n"
    ));
    w.line(".. |tool| replace:: *Sampler*\n.. |copy| unicode:: 0xA9 .. copyright sign\n");
    w.subs.extend(["tool".to_owned(), "copy".to_owned()]);
    if w.rng.percent(60) {
        w.line(".. contents:: Table of contents\n   :depth: 2\n");
    }
    if w.rng.percent(25) {
        w.line(".. sectnum::\n");
    }
    w.body(size / plan.len(), None);
    write_body(&mut w, &plan, size, p, path, b);
    let (citations, _) = w.pool_rest();
    cite_rest(&mut w, citations, Vec::new());
    // No prose here: a numbered note after the planted ones would undo them.
    w.heading(&names.references());
    let all = w.citations();
    citation_defs(&mut w, &all);
    w.flush_external();
    w.out
}

impl Names {
    fn references(&mut self) -> Section {
        self.titles.insert("references".into());
        Section::new("References".into(), 1, None)
    }
}

/// `articles/<topic>-NNNN.rst`: one document.
pub fn article(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let p = Plants::pick(&mut rng, every, 15);
    let text = standalone(&mut rng, size, &p, "", None, &mut b);
    b.put("", text);
    b
}

/// `notes/<course>-NNNN/`: standalone lectures, each including `defs.inc`.
pub fn notes(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let lectures = (size / 40_000).clamp(2, 14);
    b.support(
        "defs.inc",
        ".. Definitions shared by the lectures of this course.\n\n\
         .. |course| replace:: *Numerical Methods*\n\
         .. |lab| replace:: Example Lab\n\n\
         .. _course page: https://example.org/courses/numerics\n\
         .. _Example Lab website: https://example.org/lab\n"
            .to_owned(),
    );
    for i in 0..lectures {
        let mut p = Plants::pick(&mut rng, false, 12);
        if every && i == 0 {
            p.orphaned = true;
            p.unresolved = false;
        }
        let path = format!("lecture-{:02}.rst", i + 1);
        let include = (
            "defs.inc",
            &["course", "lab"][..],
            &["course page", "Example Lab website"][..],
        );
        let text = standalone(&mut rng, size / lectures, &p, &path, Some(include), &mut b);
        b.put(&path, text);
    }
    b
}

mod sphinx;
pub use sphinx::{manual, repo};
