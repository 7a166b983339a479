//! Writing one `.tex` file: prose with citations, cross-references,
//! footnotes and math; sections, equations, figures, tables and listings
//! with their labels; and the text the checker must not read (comments,
//! verbatim, listings, `\verb`, `\iffalse`), whose `\ref`s, `\cite`s and
//! `\label`s would be findings if it did.
//!
//! A [`Writer`] records what LaTeX would write to the `.aux` file for it:
//! the argument of every citation command (`\citation{a,b}`) and every
//! label it defines (`\newlabel`).

use super::super::words::{ACADEMIC, LISTING_LINES, SECTION_TITLES};
use super::super::{push_capitalized, Rng};
use super::doc::Bib;

/// Which citation commands a document uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// natbib with BibTeX: `\citep`, `\citet`, `\cite`.
    Natbib,
    /// biblatex: `\autocite`, `\textcite`, `\parencite`, multicites.
    Biblatex,
    /// `thebibliography` and plain `\cite`.
    Bibitem,
}

/// A file being written.
pub struct Writer<'a> {
    pub rng: Rng,
    pub out: String,
    style: Style,
    /// Labels this file may reference (defined somewhere in its document).
    refs: &'a [String],
    bib: &'a mut Bib,
    /// Keys of every citation command, in order (one `\citation` each).
    pub cites: Vec<Vec<String>>,
    /// Labels defined here, in order.
    pub labels: Vec<String>,
    /// Percent of paragraphs followed by text the checker must skip.
    traps: usize,
    /// Inside a footnote or caption: no footnote there.
    nested: bool,
    /// Counter for the names of trap labels and keys.
    trap_id: usize,
}

impl<'a> Writer<'a> {
    pub fn new(rng: Rng, style: Style, refs: &'a [String], bib: &'a mut Bib) -> Writer<'a> {
        Writer {
            rng,
            out: String::new(),
            style,
            refs,
            bib,
            cites: Vec::new(),
            labels: Vec::new(),
            traps: 4,
            nested: false,
            trap_id: 0,
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

    pub fn label(&mut self, label: &str) {
        self.out.push_str(&format!("\\label{{{label}}}"));
        self.labels.push(label.to_owned());
    }

    /// `\section{Title}\label{…}` (or another sectioning command).
    pub fn heading(&mut self, command: &str, label: &str) {
        let title = self.rng.pick(SECTION_TITLES);
        self.out.push_str(&format!("\\{command}{{{title}}}"));
        self.label(label);
        self.out.push_str("\n\n");
    }

    /// Paragraphs until the file has grown by about `bytes`.
    pub fn fill(&mut self, bytes: usize) {
        let end = self.out.len() + bytes;
        while self.out.len() < end {
            self.paragraph();
        }
    }

    pub fn paragraph(&mut self) {
        for _ in 0..self.rng.range(3, 7) {
            self.sentence();
        }
        self.out.push_str("\n\n");
        if self.rng.percent(self.traps) {
            self.trap();
        }
    }

    fn sentence(&mut self) {
        let words = self.rng.range(8, 22);
        for i in 0..words {
            let word = self.rng.pick(ACADEMIC);
            if i == 0 {
                push_capitalized(&mut self.out, word);
            } else {
                self.out.push(' ');
                self.out.push_str(word);
            }
            match self.rng.below(400) {
                0..=11 => self.cite(),
                12..=17 if !self.refs.is_empty() => self.reference(),
                18..=25 => self.math(),
                26..=28 => {
                    let w = self.rng.pick(ACADEMIC);
                    self.out.push_str(&format!(" \\emph{{{w}}}"));
                }
                29 => {
                    let n = self.rng.range(2, 97);
                    self.out.push_str(&format!(" ({n}\\%)"));
                }
                30 => self.out.push_str(" --- "),
                _ => {}
            }
        }
        self.out.push('.');
        if !self.nested && self.rng.percent(6) {
            self.footnote();
        }
        self.out.push(if self.rng.percent(12) { '\n' } else { ' ' });
    }

    /// A footnote of one or two sentences, sometimes citing.
    fn footnote(&mut self) {
        self.out.push_str("\\footnote{");
        self.nested = true;
        self.sentence();
        if self.rng.percent(30) {
            self.out.push_str("See");
            self.cite();
            self.out.push('.');
        }
        self.nested = false;
        while self.out.ends_with(' ') || self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out.push('}');
    }

    fn math(&mut self) {
        let m = match self.rng.below(6) {
            0 => "$x_i$",
            1 => "$\\mathcal{O}(n \\log n)$",
            2 => "$\\alpha = 0.05$",
            3 => "$f \\colon X \\to Y$",
            4 => "$\\{x : \\|x\\|_2 \\le 1\\}$",
            _ => "$n^{-1/2}$",
        };
        self.out.push(' ');
        self.out.push_str(m);
    }

    /// Keys for one citation: mostly ones not cited yet, so that every
    /// entry ends up cited.
    fn keys(&mut self, n: usize) -> Vec<String> {
        let mut keys: Vec<String> = Vec::with_capacity(n);
        for _ in 0..n {
            let key = self.bib.take(&mut self.rng);
            if let Some(key) = key.filter(|k| !keys.contains(k)) {
                keys.push(key);
            }
        }
        keys
    }

    /// A citation command of the document's style.
    pub fn cite(&mut self) {
        let n = match self.rng.below(10) {
            0..=6 => 1,
            7..=8 => 2,
            _ => 3,
        };
        let keys = self.keys(n);
        if keys.is_empty() {
            return;
        }
        self.cite_keys(keys);
    }

    /// A citation of exactly these keys.
    pub fn cite_keys(&mut self, keys: Vec<String>) {
        let sep = if self.rng.percent(10) { ", " } else { "," };
        let list = keys.join(sep);
        let page = self.rng.range(2, 300);
        let text = match self.style {
            Style::Natbib => match self.rng.below(10) {
                0..=3 => format!(" \\citep{{{list}}}"),
                4 => format!(" \\citep[see][p.~{page}]{{{list}}}"),
                5 => format!(" \\citep[ch.~{}]{{{list}}}", page % 9 + 1),
                6 => format!(" \\citet{{{list}}}"),
                7 => format!(" \\citet*{{{list}}}"),
                8 => format!(" \\Citet{{{list}}}"),
                _ => format!(" \\cite{{{list}}}"),
            },
            Style::Biblatex => match self.rng.below(10) {
                0..=2 => format!(" \\autocite{{{list}}}"),
                3 => format!(" \\textcite{{{list}}}"),
                4 => format!(" \\parencite[p.~{page}]{{{list}}}"),
                5 => format!(" \\parencite[see][{page}]{{{list}}}"),
                6 => format!(" \\Textcite{{{list}}}"),
                7 if keys.len() > 1 => {
                    let mut s = " \\parencites".to_owned();
                    for (i, k) in keys.iter().enumerate() {
                        s.push_str(&format!("[{}]{{{k}}}", page + i));
                    }
                    s
                }
                8 => format!(" \\footcite{{{list}}}"),
                _ => format!(" \\cite{{{list}}}"),
            },
            Style::Bibitem => match self.rng.below(3) {
                0 => format!(" \\cite[p.~{page}]{{{list}}}"),
                _ => format!(" \\cite{{{list}}}"),
            },
        };
        self.out.push_str(&text);
        self.cites.push(keys);
    }

    /// Cite every key nobody has cited yet: a "further reading" paragraph,
    /// or `\nocite` (which counts as citing).
    pub fn sweep(&mut self) {
        let rest = self.bib.rest();
        if rest.is_empty() {
            return;
        }
        if self.rng.percent(30) {
            self.nocite(rest);
            return;
        }
        self.out
            .push_str("\\section*{Further reading}\nWe also build on");
        for chunk in rest.chunks(4) {
            self.cite_keys(chunk.to_vec());
            self.out.push(',');
        }
        self.out.pop();
        self.out.push_str(".\n\n");
    }

    /// `\nocite{a,b,c}`: cites without printing (counts as citing).
    pub fn nocite(&mut self, keys: Vec<String>) {
        self.out
            .push_str(&format!("\\nocite{{{}}}\n", keys.join(",")));
        self.cites.push(keys);
    }

    /// A cross-reference to a label of the document.
    fn reference(&mut self) {
        let label = self.rng.pick_ref(self.refs).clone();
        let kind = label.split(':').next().unwrap_or("");
        let text = match (kind, self.rng.below(8)) {
            ("eq", 0..=4) => format!(" \\eqref{{{label}}}"),
            ("eq", _) => format!(" Eq.~(\\ref{{{label}}})"),
            ("fig", 0..=3) => format!(" Figure~\\ref{{{label}}}"),
            ("tab", 0..=3) => format!(" Table~\\ref{{{label}}}"),
            ("lst", 0..=3) => format!(" Listing~\\ref{{{label}}}"),
            ("chap", 0..=3) => format!(" Chapter~\\ref{{{label}}}"),
            ("part", 0..=3) => format!(" Part~\\ref{{{label}}}"),
            (_, 0..=2) => format!(" Section~\\ref{{{label}}}"),
            (_, 3) => {
                let other = self.rng.pick_ref(self.refs).clone();
                if other == label {
                    format!(" \\cref{{{label}}}")
                } else {
                    format!(" \\cref{{{label},{other}}}")
                }
            }
            (_, 4) => format!(" \\autoref{{{label}}}"),
            (_, 5) => format!(" on page~\\pageref{{{label}}}"),
            (_, 6) => format!(" \\hyperref[{label}]{{the part above}}"),
            _ => format!(" \\Cref{{{label}}}"),
        };
        self.out.push_str(&text);
    }

    /// A `\ref` to this label, once (a planted `undefined-ref` when the
    /// label does not exist).
    pub fn ref_to(&mut self, label: &str) {
        self.out
            .push_str(&format!("As shown in Section~\\ref{{{label}}}, "));
        self.sentence();
        self.out.push_str("\n\n");
    }

    pub fn equation(&mut self, label: &str) {
        self.out.push_str("\\begin{equation}\n  ");
        let body = match self.rng.below(4) {
            0 => "\\hat{\\theta}_n = \\arg\\min_{\\theta \\in \\Theta} \\frac{1}{n} \\sum_{i=1}^{n} \\ell(\\theta; x_i)",
            1 => "\\mathbb{E}\\left[ |X - \\mu|^2 \\right] \\le \\frac{\\sigma^2}{n} + \\varepsilon",
            2 => "\\int_0^1 f(t)\\, dt = \\lim_{n \\to \\infty} \\frac{1}{n} \\sum_{k=1}^{n} f(k/n)",
            _ => "\\Pr\\{ \\|A x\\|_2 > (1+\\delta) \\} \\le 2 e^{-c \\delta^2 m} % a 100% bound",
        };
        self.out.push_str(body);
        self.out.push_str("\n  ");
        self.label(label);
        self.out.push_str("\n\\end{equation}\n");
    }

    pub fn figure(&mut self, label: &str) {
        let w = self.rng.range(5, 10);
        self.out.push_str(&format!(
            "\\begin{{figure}}[t]\n  \\centering\n  \\includegraphics[width=0.{w}\\linewidth]{{figures/{}}}\n  \\caption{{",
            label.replace(':', "-")
        ));
        self.nested = true;
        self.sentence();
        self.nested = false;
        while self.out.ends_with(' ') || self.out.ends_with('\n') {
            self.out.pop();
        }
        self.out.push_str("}\n  ");
        self.label(label);
        self.out.push_str("\n\\end{figure}\n\n");
    }

    pub fn table(&mut self, label: &str) {
        self.out.push_str(
            "\\begin{table}[htbp]\n  \\centering\n  \\caption{Results (mean $\\pm$ s.d.).}\n  ",
        );
        self.label(label);
        self.out
            .push_str("\n  \\begin{tabular}{lrrr}\n    \\toprule\n    Method & $n$ & Error & Time (s) \\\\\n    \\midrule\n");
        for _ in 0..self.rng.range(3, 9) {
            let name = self.rng.pick(ACADEMIC);
            let n = self.rng.range(10, 5000);
            let e = self.rng.range(1, 999);
            let t = self.rng.range(1, 99);
            self.out.push_str(&format!(
                "    {name} & {n} & 0.{e:03} $\\pm$ 0.0{} & {t}.{} \\\\\n",
                e % 10,
                e % 7
            ));
        }
        self.out
            .push_str("    \\bottomrule\n  \\end{tabular}\n\\end{table}\n\n");
    }

    /// A `lstlisting` whose `label=` key defines a label.
    pub fn listing(&mut self, label: &str) {
        self.out.push_str(&format!(
            "\\begin{{lstlisting}}[language=Python, caption={{A first attempt}}, label={label}]\n"
        ));
        self.labels.push(label.to_owned());
        self.code_lines();
        self.out.push_str("\\end{lstlisting}\n\n");
    }

    fn code_lines(&mut self) {
        for _ in 0..self.rng.range(4, 16) {
            let line = self.rng.pick(LISTING_LINES);
            self.out.push_str(line);
            self.out.push('\n');
        }
    }

    /// A name for a label or key that exists nowhere.
    fn ghost(&mut self, prefix: &str) -> String {
        self.trap_id += 1;
        format!("{prefix}{}x{}", self.trap_id, self.rng.below(1000))
    }

    /// Text the checker must not read, with references, citations and
    /// labels in it that would be findings if it did.
    pub fn trap(&mut self) {
        let label = self.ghost("sec:draft");
        let key = self.ghost("draftkey");
        let real = self.labels.last().cloned();
        match self.rng.below(8) {
            0 => self.out.push_str(&format!(
                "% TODO: move this to Section~\\ref{{{label}}} and cite \\cite{{{key}}} instead\n"
            )),
            1 => self.out.push_str(&format!(
                "To cite, write \\verb|\\cite{{{key}}}|; to refer, \\verb+\\ref{{{label}}}+.\n\n"
            )),
            2 => self.out.push_str(&format!(
                "The call \\lstinline|\\ref{{{label}}}| differs from \\lstinline!\\cite{{{key}}}!.\n\n"
            )),
            3 => {
                self.out.push_str("\\begin{verbatim}\n");
                self.out.push_str(&format!(
                    "\\section{{Old}}\\label{{{}}}\nSee \\ref{{{label}}} and \\cite{{{key}}}; 50% done {{\n\\end{{lstlisting}}\n",
                    real.as_deref().unwrap_or("sec:old")
                ));
                self.out.push_str("\\end{verbatim}\n\n");
            }
            4 => self.out.push_str(&format!(
                "\\iffalse\n  An older paragraph, see \\ref{{{label}}}.\n  \\ifnum\\value{{page}}>1 \\cite{{{key}}}\\fi\n\\fi\n"
            )),
            5 => self.out.push_str(&format!(
                "\\begin{{comment}}\nDropped: \\citep{{{key}}} and Figure~\\ref{{{label}}}.\n\\end{{comment}}\n\n"
            )),
            6 => {
                let lang = self.rng.pick(&["python", "rust", "c"]);
                self.out.push_str(&format!("\\begin{{minted}}{{{lang}}}\n"));
                self.code_lines();
                self.out.push_str(&format!("// \\ref{{{label}}}\n\\end{{minted}}\n\n"));
            }
            _ => {
                self.out.push_str("\\begin{lstlisting}\n");
                self.code_lines();
                self.out.push_str(&format!(
                    "# \\cite{{{key}}} \\label{{{}}}\n\\end{{lstlisting}}\n\n",
                    real.as_deref().unwrap_or("sec:old")
                ));
            }
        }
    }
}
