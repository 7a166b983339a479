//! Inline markup after a word: emphasis, literals, math and code roles,
//! footnote and citation markers, Sphinx's `:ref:`, `:doc:`, `:numref:`
//! and `:cite:` roles, hyperlink references of every form, substitution
//! references, and markers that are not markers (in an inline literal, in
//! `:code:`, right after a letter).

use super::super::super::words::{ACADEMIC, LABEL_TOPICS};
use super::Writer;

impl Writer<'_> {
    /// Now and then, a piece of inline markup after a word.
    pub(super) fn inline(&mut self, atoms: &mut Vec<String>, notes: bool) {
        let sphinx = self.scope.sphinx;
        let r = self.rng.below(1000);
        let atom = match r {
            0..=13 => format!("*{}*", self.rng.pick(ACADEMIC)),
            14..=20 => format!("**{}**", self.rng.pick(ACADEMIC)),
            21..=32 => format!("``{}``", self.rng.pick(LITERALS)),
            33..=38 => format!(":math:`{}`", self.rng.pick(MATH_INLINE)),
            39..=40 => format!(":code:`{}`", self.rng.pick(LITERALS)),
            41..=46 if notes => self.note_ref(),
            47..=50 => match self.pool.citation(&mut self.rng) {
                Some(c) => format!("[{c}]_"),
                None => return,
            },
            51..=60 if self.scope.bibtex => return self.cite(atoms),
            61..=66 if sphinx && !self.scope.labels.is_empty() => self.ref_role(),
            67..=68 if sphinx && self.scope.docs.len() > 1 => self.doc_role(),
            69..=70 if sphinx && !self.scope.figures.is_empty() => self.numref(),
            71..=73 if sphinx => self.rng.pick(FUNCS).to_owned(),
            74..=77 if !self.local.is_empty() => {
                let name = self.rng.pick_ref(&self.local).clone();
                format!("`{name}`_")
            }
            78..=79 if !self.aliases.is_empty() => {
                let name = self.rng.pick_ref(&self.aliases).clone();
                format!("`{} <{name}_>`__", self.rng.pick(LINK_TEXTS))
            }
            80..=83 => self.embedded(),
            84..=85 if notes => {
                self.anon += 1;
                format!("`{}`__", self.rng.pick(LINK_TEXTS))
            }
            86..=87 if !sphinx => {
                let i = self.rng.below(EXTERNAL.len());
                if !self.external.contains(&i) {
                    self.external.push(i);
                }
                format!("{}_", EXTERNAL[i].0)
            }
            88..=90 if !self.subs.is_empty() => {
                let name = self.rng.pick_ref(&self.subs).clone();
                format!("|{name}|")
            }
            // Markers that are not markers: in an inline literal, in
            // `:code:`, after a letter.
            91 => format!("``a[{}]_``", self.rng.range(1, 9)),
            92 => format!(":code:`x[{}]_ = |y|`", self.rng.range(1, 9)),
            93 => {
                // Only after a letter: after punctuation it would be one.
                let last = atoms.len() - 1;
                if atoms[last].ends_with(|c: char| c.is_alphabetic()) {
                    atoms[last].push_str(&format!("[{}]_", self.rng.range(1, 9)));
                }
                return;
            }
            _ => return,
        };
        atoms.push(atom);
    }

    pub(super) fn url(&mut self) -> String {
        format!(
            "https://example.org/{}/{}",
            self.rng.pick(LABEL_TOPICS),
            self.rng.range(1, 999)
        )
    }

    /// An embedded URI: anonymous in a project, else named and unique in
    /// its document.
    fn embedded(&mut self) -> String {
        let url = self.url();
        let text = self.rng.pick(LINK_TEXTS);
        if self.scope.sphinx || self.rng.percent(50) {
            return format!("`{text} <{url}>`__");
        }
        self.links += 1;
        format!("`{text} {} <{url}>`_", self.links)
    }

    /// `:cite:` in one of its forms, one to three keys.
    fn cite(&mut self, atoms: &mut Vec<String>) {
        let n = match self.rng.below(10) {
            0..=6 => 1,
            7..=8 => 2,
            _ => 3,
        };
        let keys: Vec<String> = (0..n)
            .filter_map(|_| self.pool.key(&mut self.rng))
            .collect();
        if keys.is_empty() {
            return;
        }
        let role = match self.rng.below(10) {
            0..=3 => ":cite:",
            4..=6 => ":cite:p:",
            7 => ":cite:t:",
            _ => {
                self.footcited = true;
                ":footcite:"
            }
        };
        atoms.push(format!("{role}`{}`", keys.join(",")));
    }

    fn ref_role(&mut self) -> String {
        let label = self.rng.pick_ref(&self.scope.labels).clone();
        if self.rng.percent(30) {
            return format!(":ref:`{} <{label}>`", self.rng.pick(LINK_TEXTS));
        }
        format!(":ref:`{label}`")
    }

    fn numref(&mut self) -> String {
        let name = self.rng.pick_ref(&self.scope.figures).clone();
        match self.rng.below(3) {
            0 => format!(":numref:`Figure {{number}} <{name}>`"),
            _ => format!(":numref:`{name}`"),
        }
    }

    /// `:doc:` to another document: relative, absolute or with `../`.
    fn doc_role(&mut self) -> String {
        let docs = &self.scope.docs;
        let mut target = self.rng.pick_ref(docs).clone();
        if target == self.doc {
            target = docs[(docs.iter().position(|d| *d == target).unwrap_or(0) + 1) % docs.len()]
                .clone();
        }
        let here = self.doc.rsplit_once('/').map_or("", |(d, _)| d);
        let there = target.rsplit_once('/').map_or("", |(d, _)| d);
        let path = match self.rng.below(3) {
            0 => format!("/{target}"),
            _ if here == there => target.rsplit('/').next().unwrap_or(&target).to_owned(),
            _ if here.is_empty() => target.clone(),
            _ if !here.contains('/') => format!("../{target}"),
            _ => format!("/{target}"),
        };
        match self.rng.percent(25) {
            true => format!(":doc:`{} <{path}>`", self.rng.pick(LINK_TEXTS)),
            false => format!(":doc:`{path}`"),
        }
    }
}

/// Named external targets (`NumPy_`, `.. _NumPy: https://…`).
pub(super) const EXTERNAL: &[(&str, &str)] = &[
    ("NumPy", "https://numpy.org/doc/stable/"),
    ("SciPy", "https://docs.scipy.org/doc/scipy/"),
    ("Zenodo", "https://zenodo.org/"),
    ("arXiv", "https://arxiv.org/"),
    ("CPython", "https://github.com/python/cpython"),
    ("Docutils", "https://docutils.sourceforge.io/"),
    ("pandas", "https://pandas.pydata.org/"),
];

const FUNCS: &[&str] = &[
    ":func:`numpy.mean`",
    ":class:`pathlib.Path`",
    ":meth:`str.split`",
    ":mod:`itertools`",
    ":data:`sys.argv`",
];

/// Text inside inline literals and `:code:`.
const LITERALS: &[&str] = &[
    "ibid check",
    "conf.py",
    "--format json",
    "x[i] = y[j]",
    "_build/html",
    "refs.bib",
    "__init__",
    "a_b_",
    "| pipe |",
    "**kwargs",
    "*args",
    "key: value",
    "[1]_",
    "None",
];

const MATH_INLINE: &[&str] = &[
    r"\alpha_i",
    r"x^2 + y^2",
    r"\sum_{i=1}^n x_i",
    r"O(n \log n)",
    r"\mathbb{E}[X]",
    r"\hat{\theta}_n",
    r"a_{ij}",
];

pub const LINK_TEXTS: &[&str] = &[
    "the dataset",
    "this overview",
    "the appendix",
    "the original proof",
    "the full table",
    "an earlier version",
    "the tutorial",
    "these notes",
    "the reference implementation",
];
