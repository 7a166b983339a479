//! ibid: a citation and footnote cross-reference checker.
//!
//! The pipeline reads top to bottom: [`source`] decodes bytes, a
//! [`dialect`] extracts markers and definitions into a [`model::Document`],
//! [`graph`] resolves them into a reference graph, [`rules`] read the graph
//! and produce [`Diagnostic`]s, and [`report`] writes them out. [`check`]
//! runs the pipeline over files, in parallel.
//!
//! ```
//! let text = "A claim.[1] Another.[2]\n\n[1] A source.\n";
//! let checked = ibid::check_text(text, ibid::dialect::by_id("plain").unwrap());
//! assert_eq!(checked.diagnostics[0].code, "unresolved");
//! assert_eq!(checked.diagnostics[0].label.as_deref(), Some("2"));
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod baseline;
pub mod bib;
pub mod check;
pub mod citations;
pub mod config;
pub mod diagnostic;
pub mod dialect;
pub mod graph;
pub mod model;
pub mod report;
pub mod rules;
pub mod source;
pub mod suppress;

pub use check::{check_inputs, CheckOptions, Failure, FileReport, Input, Report};
pub use diagnostic::{Diagnostic, Related, Severity};

/// What checking one text produced.
#[derive(Clone, Debug)]
pub struct Checked {
    /// Markers that count (certain ones, and doubtful ones that resolve).
    pub markers: usize,
    pub definitions: usize,
    /// Findings in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Check one decoded text with one dialect.
pub fn check_text(text: &str, dialect: &dialect::Dialect) -> Checked {
    let doc = (dialect.parse)(text);
    let graph = graph::RefGraph::build(text, &doc);
    Checked {
        markers: graph.marker_count(),
        definitions: doc.definitions.len(),
        diagnostics: suppress::apply(text, &doc.comments, rules::run(&graph)),
    }
}
