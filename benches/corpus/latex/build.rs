//! What the builders of `kinds.rs` share: the defects a project gets,
//! the labels and keys that exist nowhere, a file's content and how it is
//! written (recording its planted defects and what its `.aux` gets), the
//! preamble, and text after `\end{document}`.

use std::collections::HashSet;

use super::super::words::{ACADEMIC, AUTHORS};
use super::super::{push_capitalized, Rng};
use super::aux::Part;
use super::doc::{self, Bib, Block, Plant};
use super::text::{Style, Writer};
use super::{Build, Code};
/// How many defects of each code a project gets.
#[derive(Default)]
pub(super) struct Faults {
    pub(super) refs: usize,
    pub(super) cites: usize,
    pub(super) labels: usize,
    pub(super) unused: usize,
    pub(super) dups: usize,
}

impl Faults {
    /// None for 40% of the projects; else up to two of each code the
    /// project can have.
    pub(super) fn pick(rng: &mut Rng, labels: bool, entries: bool) -> Faults {
        if rng.percent(40) {
            return Faults::default();
        }
        let mut n = |ok: bool| if ok { rng.pick(&[0, 0, 1, 1, 2]) } else { 0 };
        Faults {
            refs: n(true),
            cites: n(true),
            labels: n(labels),
            unused: n(entries),
            dups: n(entries),
        }
    }
}

/// The citation keys of a project: `n` to cite, then the `f.unused` that
/// nothing cites; and all of them in lower case, which no ghost key may
/// take.
pub(super) fn keys(rng: &mut Rng, n: usize, f: &Faults) -> (Vec<String>, HashSet<String>) {
    let all = doc::keys(rng, n + f.unused);
    let taken = all.iter().map(|k| k.to_lowercase()).collect();
    (all, taken)
}

pub(super) fn labels_of<'a>(blocks: impl IntoIterator<Item = &'a Block>) -> Vec<String> {
    blocks.into_iter().map(|b| b.label().to_owned()).collect()
}

/// `n` labels that do not exist, like existing ones (`sec:model3s`).
fn ghost_labels(rng: &mut Rng, existing: &[String], n: usize) -> Vec<String> {
    let taken: HashSet<&String> = existing.iter().collect();
    let mut out = Vec::new();
    while out.len() < n {
        let base = rng.pick_ref(existing);
        let candidate = match rng.below(3) {
            0 => format!("{base}s"),
            1 => format!("{base}-old"),
            _ => base.replacen(':', ":sub", 1),
        };
        if !taken.contains(&candidate) && !out.contains(&candidate) {
            out.push(candidate);
        }
    }
    out
}

/// `n` keys that no bibliography has, like cited ones.
fn ghost_keys(
    rng: &mut Rng,
    keys: &[String],
    taken: &mut HashSet<String>,
    n: usize,
) -> Vec<String> {
    (0..n)
        .map(|_| {
            let base = rng.pick_ref(keys).clone();
            doc::typo(rng, &base, taken)
        })
        .collect()
}

/// The planted `undefined-ref` and `unknown-citation` defects of a
/// document, spread over `files` files.
pub(super) fn plants(
    rng: &mut Rng,
    f: &Faults,
    labels: &[String],
    keys: &[String],
    taken: &mut HashSet<String>,
    files: usize,
) -> Vec<Vec<Plant>> {
    let mut out: Vec<Vec<Plant>> = (0..files).map(|_| Vec::new()).collect();
    for l in ghost_labels(rng, labels, f.refs) {
        out[rng.below(files)].push(Plant::Ref(l));
    }
    for k in ghost_keys(rng, keys, taken, f.cites) {
        out[rng.below(files)].push(Plant::Cite(k));
    }
    out
}

/// Plant `n` `duplicate-label` defects: a label of a chapter defined again
/// in a later one (each label once).
pub(super) fn plant_labels(
    rng: &mut Rng,
    n: usize,
    chapters: &[Vec<Block>],
    planted: &mut [Vec<Plant>],
) {
    let mut doubled = HashSet::new();
    for _ in 0..n {
        let i = rng.below(chapters.len() - 1);
        let j = rng.range(i + 1, chapters.len() - 1);
        let label = chapters[i][rng.below(chapters[i].len())].label().to_owned();
        if doubled.insert(label.clone()) {
            planted[j].push(Plant::Label(label));
        }
    }
}

/// A random choice of `n` of the items (fewer when there are fewer).
pub(super) fn some(rng: &mut Rng, items: &[String], n: usize) -> Vec<String> {
    let mut all = items.to_vec();
    rng.shuffle(&mut all);
    all.truncate(n);
    all
}

pub(super) fn title(rng: &mut Rng) -> String {
    let words: Vec<&str> = (0..rng.range(4, 9)).map(|_| rng.pick(ACADEMIC)).collect();
    let mut t = String::new();
    push_capitalized(&mut t, &words.join(" "));
    t
}

/// From `\documentclass` to `\date{}`.
pub(super) fn preamble(rng: &mut Rng, class: &str, packages: &str) -> String {
    let authors: Vec<&str> = (0..rng.range(1, 4)).map(|_| rng.pick(AUTHORS)).collect();
    format!(
        "\\documentclass[11pt]{{{class}}}\n\\usepackage[utf8]{{inputenc}}\n\\usepackage[T1]{{fontenc}}\n\
         \\usepackage{{amsmath,amssymb,amsthm,graphicx,booktabs,verbatim}}\n{packages}\
         \\usepackage{{hyperref}}\n\\usepackage[capitalise]{{cleveref}}\n\
         % A macro's parameter is no label: \\ref{{#1}} below refers to nothing.\n\
         \\newcommand{{\\figref}}[1]{{Figure~\\ref{{#1}}}}\n\n\
         \\title{{{}}}\n\\author{{{}}}\n\\date{{}}\n\n",
        title(rng),
        authors.join(" \\and ")
    )
}

/// The end of a root file that uses BibTeX with `style` and `refs.bib`.
pub(super) fn bibtex_tail(style: &str) -> String {
    format!("\\bibliographystyle{{{style}}}\n\\bibliography{{refs}}\n{AFTER_END}")
}

/// Nothing after `\end{document}` is read.
pub(super) const AFTER_END: &str =
    "\\end{document}\nNotes to self (not typeset): fix \\ref{sec:todo-after-end} \
     and \\cite{todo-after-end} before submission.\n";

fn part(stem: &str, include: bool, w: &mut Writer) -> Part {
    Part {
        stem: stem.to_owned(),
        include,
        cites: std::mem::take(&mut w.cites),
        labels: std::mem::take(&mut w.labels),
    }
}

/// Record the plants of the file at `path` (relative to the project).
fn record(b: &mut Build, path: &str, plants: &[Plant]) {
    for p in plants {
        match p {
            Plant::Ref(l) => b.defect(Code::UndefinedRef, path, l),
            Plant::Cite(k) => b.defect(Code::UnknownCitation, path, k),
            Plant::Label(l) => b.defect(Code::DuplicateLabel, path, l),
        }
    }
}

/// What a file does before its tail.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum End {
    Nothing,
    /// Cite every entry nobody has cited yet (the root, before its
    /// bibliography).
    CiteRest,
    /// `\nocite{*}`.
    NociteAll,
}

impl End {
    /// `\nocite{*}` when the project has it, else what nobody cited yet.
    pub(super) fn cite_all(nocite: bool) -> End {
        if nocite {
            End::NociteAll
        } else {
            End::CiteRest
        }
    }
}

/// One file of a document: text before, paragraphs, the planned blocks
/// with about `bytes` of prose and the planted defects, text after.
pub(super) struct Content<'a> {
    pub(super) path: String,
    pub(super) include: bool,
    pub(super) preface: String,
    pub(super) paragraphs: usize,
    pub(super) blocks: &'a [Block],
    pub(super) bytes: usize,
    pub(super) plants: Vec<Plant>,
    pub(super) traps: usize,
    pub(super) end: End,
    pub(super) tail: String,
}

impl<'a> Content<'a> {
    pub(super) fn new(path: impl Into<String>, blocks: &'a [Block], bytes: usize) -> Content<'a> {
        Content {
            path: path.into(),
            include: false,
            preface: String::new(),
            paragraphs: 0,
            blocks,
            bytes,
            plants: Vec::new(),
            traps: 4,
            end: End::Nothing,
            tail: String::new(),
        }
    }

    /// A file of prose alone: `preface`, then `paragraphs` paragraphs.
    pub(super) fn prose(path: &str, preface: &str, paragraphs: usize) -> Content<'a> {
        let mut c = Content::new(path, &[], 0);
        c.preface = preface.to_owned();
        c.paragraphs = paragraphs;
        c
    }
}

/// What a document's files share while they are written.
pub(super) struct Doc<'a> {
    pub(super) style: Style,
    pub(super) refs: &'a [String],
    pub(super) bib: &'a mut Bib,
}

impl<'a> Doc<'a> {
    pub(super) fn new(style: Style, refs: &'a [String], bib: &'a mut Bib) -> Doc<'a> {
        Doc { style, refs, bib }
    }
}

/// Write the file into the project; return what its `.aux` gets.
pub(super) fn write(b: &mut Build, rng: &mut Rng, doc: &mut Doc, c: Content) -> Part {
    record(b, &c.path, &c.plants);
    let mut w =
        Writer::new(Rng::new(rng.next_u64()), doc.style, doc.refs, doc.bib).with_traps(c.traps);
    w.out.push_str(&c.preface);
    for _ in 0..c.paragraphs {
        w.paragraph();
    }
    doc::write_blocks(&mut w, c.blocks, c.bytes, c.plants);
    match c.end {
        End::Nothing => {}
        End::CiteRest => w.sweep(),
        End::NociteAll => w.nocite(vec!["*".into()]),
    }
    w.out.push_str(&c.tail);
    let stem = c.path.strip_suffix(".tex").unwrap_or(&c.path);
    let part = part(stem, c.include, &mut w);
    let text = std::mem::take(&mut w.out);
    b.put(&c.path, text);
    part
}

/// Record the `unused-entry` and `duplicate-entry` defects of a `.bib`.
pub(super) fn record_bib(b: &mut Build, path: &str, unused: &[String], dups: &[String]) {
    for k in unused {
        b.defect(Code::UnusedEntry, path, k);
    }
    for k in dups {
        b.defect(Code::DuplicateEntry, path, k);
    }
}
