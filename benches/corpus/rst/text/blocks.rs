//! Body blocks (lists, admonitions, tables, quotes, math, definition and
//! line blocks) and the text no checker may read as markup: code blocks,
//! literal blocks, doctest blocks, comments and raw HTML, all holding
//! markers, references and definitions that would be findings if read.
//!
//! An indented block never follows explicit markup or a list (it would
//! join the target, note, comment or item before it): quotes and literal
//! blocks come after a paragraph of their own, written without anonymous
//! references (whose targets would come between).

use super::super::super::push_capitalized;
use super::super::super::words::{ACADEMIC, AUTHORS, LISTING_LINES};
use super::{wrap, Writer, ADMONITIONS};

impl Writer<'_> {
    /// `n` words with inline markup, no capital, no full stop.
    fn clause(&mut self, n: usize, notes: bool) -> Vec<String> {
        let mut atoms = Vec::new();
        for i in 0..n {
            atoms.push(self.rng.pick(ACADEMIC).to_owned());
            if i + 1 < n && self.rng.percent(25) {
                self.inline(&mut atoms, notes);
            }
        }
        atoms
    }

    /// A paragraph with no anonymous reference (what may come before an
    /// indented block), its last word followed by `end`.
    fn lead(&mut self, end: &str) {
        let mut atoms = self.prose_in(1, 3, false);
        let last = atoms.len() - 1;
        atoms[last].pop();
        atoms[last].push_str(end);
        self.out.push_str(&wrap(&atoms, self.width, "", ""));
        self.out.push('\n');
    }

    pub fn bullets(&mut self) {
        let bullet = self.rng.pick(&["- ", "* ", "+ "]);
        for _ in 0..self.rng.range(2, 6) {
            let atoms = self.prose(1, true);
            self.out.push_str(&wrap(&atoms, self.width, bullet, "  "));
            if self.rng.percent(20) {
                self.out.push('\n');
            }
        }
        self.out.push('\n');
        self.flush_anonymous();
    }

    pub fn enumerated(&mut self) {
        let style = self.rng.below(3);
        for i in 0..self.rng.range(2, 7) {
            let marker = match style {
                0 => format!("{}. ", i + 1),
                1 => "#. ".to_owned(),
                _ => format!("({}) ", char::from(b'a' + i as u8)),
            };
            let indent = " ".repeat(marker.len());
            let atoms = self.prose(1, true);
            self.out
                .push_str(&wrap(&atoms, self.width, &marker, &indent));
        }
        self.out.push('\n');
        self.flush_anonymous();
    }

    pub fn admonition(&mut self) {
        let kind = self.rng.pick(ADMONITIONS);
        match self.rng.below(4) {
            0 => {
                let mut title = String::new();
                push_capitalized(&mut title, self.rng.pick(ACADEMIC));
                title.push(' ');
                title.push_str(self.rng.pick(ACADEMIC));
                self.out
                    .push_str(&format!(".. admonition:: {title}\n   :class: tip\n\n"));
            }
            1 if self.scope.sphinx => self.out.push_str(".. seealso::\n\n"),
            _ => self.out.push_str(&format!(".. {kind}::\n\n")),
        }
        for _ in 0..self.rng.range(1, 2) {
            let atoms = self.prose_in(1, 3, true);
            self.out
                .push_str(&wrap(&atoms, self.width - 3, "   ", "   "));
            self.out.push('\n');
        }
        self.flush_anonymous();
    }

    /// Sphinx's `versionadded`, `versionchanged`, `deprecated`.
    pub fn version_note(&mut self) {
        let kind = self
            .rng
            .pick(&["versionadded", "versionchanged", "deprecated"]);
        let version = format!("{}.{}", self.rng.range(0, 4), self.rng.range(0, 12));
        self.out.push_str(&format!(".. {kind}:: {version}\n\n"));
        let atoms = self.prose(1, false);
        self.out
            .push_str(&wrap(&atoms, self.width - 3, "   ", "   "));
        self.out.push('\n');
    }

    /// Key, value, description: markers only in the last column, one line
    /// a row (so that every reading meets them in the same order).
    fn rows(&mut self) -> Vec<[String; 3]> {
        let mut rows = vec![[
            "Parameter".to_owned(),
            "Value".to_owned(),
            "Description".to_owned(),
        ]];
        for _ in 0..self.rng.range(2, 7) {
            let key = self.rng.pick(ACADEMIC).replace(' ', "_");
            let value = format!("{}.{:02}", self.rng.below(10), self.rng.below(100));
            let n = self.rng.range(2, 6);
            let description = self.clause(n, true).join(" ");
            rows.push([key, value, description]);
        }
        rows
    }

    pub fn simple_table(&mut self) {
        let rows = self.rows();
        let w = widths(&rows);
        let rule = format!(
            "{}  {}  {}\n",
            "=".repeat(w[0]),
            "=".repeat(w[1]),
            "=".repeat(w[2])
        );
        self.out.push_str(&rule);
        for (i, row) in rows.iter().enumerate() {
            self.out.push_str(&format!(
                "{}  {}  {}\n",
                pad(&row[0], w[0]),
                pad(&row[1], w[1]),
                row[2]
            ));
            if i == 0 {
                self.out.push_str(&rule);
            }
        }
        self.out.push_str(&rule);
        self.out.push('\n');
        self.flush_anonymous();
    }

    pub fn grid_table(&mut self) {
        let rows = self.rows();
        let w = widths(&rows);
        let rule = |c: char| {
            let cells: Vec<String> = w.iter().map(|n| c.to_string().repeat(n + 2)).collect();
            format!("+{}+\n", cells.join("+"))
        };
        self.out.push_str(&rule('-'));
        for (i, row) in rows.iter().enumerate() {
            let cells: Vec<String> = row.iter().zip(&w).map(|(c, n)| pad(c, *n)).collect();
            self.out.push_str(&format!("| {} |\n", cells.join(" | ")));
            self.out.push_str(&rule(if i == 0 { '=' } else { '-' }));
        }
        self.out.push('\n');
        self.flush_anonymous();
    }

    pub fn quote(&mut self) {
        self.lead(":");
        let atoms = self.prose_in(1, 3, false);
        self.out
            .push_str(&wrap(&atoms, self.width - 4, "    ", "    "));
        if self.rng.percent(60) {
            let author = self.rng.pick(AUTHORS).replace('~', " ");
            self.out.push_str(&format!("\n    -- {author}\n"));
        }
        self.out.push('\n');
    }

    pub fn math(&mut self) {
        let body = self.rng.pick(MATH_BLOCKS);
        self.out.push_str(&format!(".. math::\n\n   {body}\n\n"));
    }

    pub fn definitions(&mut self) {
        for _ in 0..self.rng.range(2, 4) {
            let mut term = String::new();
            push_capitalized(&mut term, self.rng.pick(ACADEMIC));
            if self.rng.percent(20) {
                term.push_str(" : ");
                term.push_str(self.rng.pick(ACADEMIC));
            }
            self.out.push_str(&term);
            self.out.push('\n');
            let atoms = self.prose_in(1, 2, true);
            self.out
                .push_str(&wrap(&atoms, self.width - 3, "   ", "   "));
            self.out.push('\n');
        }
        self.flush_anonymous();
    }

    pub fn line_block(&mut self) {
        for _ in 0..self.rng.range(2, 4) {
            let atoms = {
                let n = self.rng.range(2, 6);
                self.clause(n, false)
            };
            self.out.push_str(&format!("| {}\n", atoms.join(" ")));
        }
        self.out.push('\n');
    }

    /// Text no checker may read as markup.
    pub fn trap(&mut self) {
        match self.rng.below(8) {
            0 | 1 => self.code_block(),
            2 => {
                self.lead("::");
                self.indented(3, 3, 8);
            }
            3 => self.doctest(),
            4 => self.comment(),
            5 => {
                self.out.push_str(".. raw:: html\n\n");
                self.out.push_str(
                    "   <p class=\"aside\">See [2]_ and <a href=\"#gone\">`gone`_</a>, |sub|.</p>\n\n",
                );
            }
            6 => {
                self.out.push_str(".. code-block:: rst\n\n");
                for line in RST_SAMPLE {
                    self.out.push_str(if line.is_empty() { "" } else { "   " });
                    self.out.push_str(line);
                    self.out.push('\n');
                }
                self.out.push('\n');
            }
            _ => {
                self.lead(":");
                self.out.push_str("::\n\n");
                self.indented(4, 3, 8);
            }
        }
    }

    fn code_block(&mut self) {
        let language = self
            .rng
            .pick(&["python", "python3", "pycon", "text", "bash"]);
        let directive = self
            .rng
            .pick(&["code-block", "code-block", "sourcecode", "code"]);
        self.out.push_str(&format!(".. {directive}:: {language}\n"));
        if self.rng.percent(30) {
            // Sphinx's code-block and sourcecode; docutils' code (also
            // under the other two names in docutils alone).
            match self.scope.sphinx && directive != "code" {
                true => self.out.push_str("   :linenos:\n"),
                false => self.out.push_str("   :number-lines:\n"),
            }
        }
        self.out.push('\n');
        self.indented(3, 4, 12);
    }

    /// Lines of code and decoys under `indent` spaces, then a blank line.
    fn indented(&mut self, indent: usize, min: usize, max: usize) {
        let pad = " ".repeat(indent);
        for _ in 0..self.rng.range(min, max) {
            let line = match self.rng.below(3) {
                0 => self.rng.pick(CODE_DECOYS),
                _ => self.rng.pick(LISTING_LINES),
            };
            self.out.push_str(&pad);
            self.out.push_str(line);
            self.out.push('\n');
        }
        self.out.push('\n');
    }

    fn doctest(&mut self) {
        self.out.push_str(">>> notes = {1: 'first'}\n");
        self.out.push_str(">>> text = 'see [1]_ and `gone`_'\n");
        self.out.push_str(">>> notes[1]\n'first'\n");
        if self.rng.percent(50) {
            self.out.push_str(">>> x[2]_ = :ref:`nowhere`\n");
            self.out.push_str("Traceback (most recent call last):\n");
            self.out.push_str("SyntaxError: invalid syntax\n");
        }
        self.out.push('\n');
    }

    fn comment(&mut self) {
        match self.rng.below(3) {
            0 => self
                .out
                .push_str(".. TODO: restore the note [9]_ and the link to `gone`_.\n\n"),
            1 => self.out.push_str(
                "..\n   Dropped from the draft:\n   see [12]_ and :ref:`old-label`,\n   :cite:`ghost1999`.\n\n   .. [12] A note nobody reads.\n   .. _old-label:\n\n",
            ),
            _ => self.out.push_str(
                ".. This comment runs on:\n   [#]_ and [*]_ are not markers here,\n   nor is |undefined|.\n\n",
            ),
        }
    }
}

fn widths(rows: &[[String; 3]]) -> [usize; 3] {
    let mut w = [0; 3];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            w[i] = w[i].max(cell.chars().count());
        }
    }
    w
}

fn pad(cell: &str, width: usize) -> String {
    let n = cell.chars().count();
    format!("{cell}{}", " ".repeat(width.saturating_sub(n)))
}

/// Lines inside code and literal blocks that look like reStructuredText.
const CODE_DECOYS: &[&str] = &[
    "x[1]_ = 2",
    "refs[2]_ += 1  # not a footnote",
    ".. [3] not a note either",
    ".. _not-a-target:",
    "print(':ref:`missing-label`')",
    "doc = '`broken link`_ and [#]_ and [*]_'",
    "cite = ':cite:`nobody2001`'",
    "sub = '|undefined-sub|'",
    "table[CIT2002]_ = None",
    "__ https://example.org/anonymous-target",
];

/// A reStructuredText sample shown as code.
const RST_SAMPLE: &[&str] = &[
    "A sentence with a note [1]_ and a citation [CIT2002]_.",
    "See :ref:`some-label` and :doc:`some/page`, or `a link`_.",
    "",
    ".. [1] The note.",
    ".. [CIT2002] The citation.",
    ".. _a link: https://example.org/",
];

const MATH_BLOCKS: &[&str] = &[
    r"\hat{\theta}_n = \arg\min_{\theta} \sum_{i=1}^n \ell(x_i; \theta)",
    r"\int_0^1 f(x)\,dx = F(1) - F(0)",
    r"\mathbb{E}[X_n] \to \mu \quad \text{as } n \to \infty",
    r"a_{ij} = \sum_k b_{ik} c_{kj}",
    r"P(A \mid B) = \frac{P(B \mid A) P(A)}{P(B)}",
];
