//! Diagnostic rules. Each rule is one module that declares itself once with
//! [`rule!`] (its id, default severity, and its documentation, which is what
//! `ibid explain` prints) and reads the [`RefGraph`]; [`RULES`] lists them.

use crate::citations::{CitationGraph, FileId};
use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::RefGraph;
use crate::model::{label_number, BlockKind, Span};

/// Everything known about a rule, from its single declaration.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable id: JSON `code`, miette `ibid::<code>`, fixture folder.
    pub code: &'static str,
    pub severity: Severity,
    /// The rule's documentation (What it does / Why / Example / Fix).
    pub doc: &'static str,
    /// Short text for the primary span in human output.
    pub pointer: &'static str,
    pub check: Check,
}

/// What a rule reads: one document's reference graph, or the citation
/// graph that joins documents and their bibliographies.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    Document(fn(&RefGraph<'_>, &mut Sink<'_>)),
    Citations(fn(&CitationGraph, &mut CitationSink<'_>)),
}

impl RuleMeta {
    /// The first paragraph of the documentation, on one line.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                if out.is_empty() {
                    continue;
                }
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(line);
        }
        out
    }

    /// A finding of this rule, with its default severity.
    pub fn diagnostic(&self, span: Span, label: Option<&str>, message: String) -> Diagnostic {
        Diagnostic {
            code: self.code,
            severity: self.severity,
            span,
            label: label.map(Into::into),
            message,
            help: None,
            related: Vec::new(),
            place: None,
        }
    }

    /// The documentation with rustdoc's leading space removed.
    pub fn explanation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// Declare a rule: its doc comment, id and default severity.
macro_rules! rule {
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal) => {
        rule!($(#[doc = $doc])* $code, $severity, $pointer, Document);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, $reads:ident) => {
        pub(crate) const RULE: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            severity: $crate::diagnostic::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
            pointer: $pointer,
            check: $crate::rules::Check::$reads(check),
        };
    };
}

macro_rules! registry {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, in the order `ibid explain` lists them.
        pub static RULES: &[RuleMeta] = &[$($module::RULE),*];
    };
}

registry!(
    unresolved,
    duplicate,
    orphaned,
    empty_note,
    link_residue,
    out_of_order,
    numbering_gap,
    undefined_link,
    unused_link_definition,
    duplicate_link_definition,
    unknown_citation,
    unused_entry,
    duplicate_entry,
    bib_syntax,
    unused_suppression,
);

/// Look a rule up by its id.
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.code == code)
}

/// Where a rule puts its findings; it stamps the rule's code and severity.
pub struct Sink<'a> {
    rule: &'static RuleMeta,
    out: &'a mut Vec<Diagnostic>,
}

impl Sink<'_> {
    pub fn report(&mut self, span: Span, label: Option<&str>, message: String) -> &mut Diagnostic {
        self.out.push(self.rule.diagnostic(span, label, message));
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

/// Run every document rule over one graph; diagnostics come back in
/// source order.
pub fn run(graph: &RefGraph<'_>) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Check::Document(check) = rule.check {
            check(
                graph,
                &mut Sink {
                    rule,
                    out: &mut out,
                },
            );
        }
    }
    out.sort_by(Diagnostic::source_order);
    out
}

/// Where a citation rule puts its findings: each goes to a file of the
/// citation graph (a document or a bibliography).
pub struct CitationSink<'a> {
    rule: &'static RuleMeta,
    out: &'a mut Vec<(FileId, Diagnostic)>,
}

impl CitationSink<'_> {
    pub fn report(
        &mut self,
        file: FileId,
        span: Span,
        label: Option<&str>,
        message: String,
    ) -> &mut Diagnostic {
        self.out
            .push((file, self.rule.diagnostic(span, label, message)));
        let last = self.out.len() - 1;
        &mut self.out[last].1
    }
}

/// Run every citation rule over the citation graph.
pub fn run_citations(graph: &CitationGraph) -> Vec<(FileId, Diagnostic)> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Check::Citations(check) = rule.check {
            check(
                graph,
                &mut CitationSink {
                    rule,
                    out: &mut out,
                },
            );
        }
    }
    out
}

/// How a label is written in messages: `[4]`, `[RFC2119]`.
fn bracketed(label: &str) -> String {
    format!("[{label}]")
}

/// "note" in a notes block, "reference" in a reference list.
fn noun(kind: Option<BlockKind>) -> &'static str {
    match kind {
        Some(BlockKind::References) => "reference",
        _ => "note",
    }
}

/// Numeric labels only (for the numbering rules).
fn number(label: &str) -> Option<u32> {
    label_number(label)
}
