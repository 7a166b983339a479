//! ibid: a citation and footnote cross-reference checker.
//!
//! The library is the product: paths (or a text) in, a [`Report`] out; it
//! never prints and never exits. Data flows one way (DESIGN.md section 12):
//! walk → read → dialect (text in, document out) → units (which files
//! resolve together) → reference graphs → rules → finish (suppress,
//! configure, place, fingerprint) → [`report`] emitters.
//!
//! ```
//! let text = "A claim.[1] Another.[2]\n\n[1] A source.\n";
//! let plain = ibid::DIALECTS.iter().find(|d| d.id == "plain").unwrap();
//! let checked = ibid::check_text(text, plain);
//! assert_eq!(checked.diagnostics[0].code, "unresolved");
//! assert_eq!(checked.diagnostics[0].label.as_deref(), Some("2"));
//! ```

#![warn(clippy::print_stdout, clippy::print_stderr)]

mod atomic;
pub mod baseline;
mod bib;
pub mod config;
mod diagnostic;
mod dialect;
pub mod fix;
mod graph;
mod model;
mod outcome;
mod pipeline;
mod project;
pub mod report;
mod rules;
mod source;
mod suppress;

pub use atomic::write_atomically;
pub use diagnostic::{Diagnostic, Related, Severity};
pub use dialect::markdown::{Flavor, FLAVORS};
pub use dialect::{Dialect, DIALECTS};
pub use fix::{fix_text, FixOptions, Fixed};
pub use outcome::{Failure, FailureKind, FileReport, Input, Options, Progress, Report, STDIN_NAME};
pub use pipeline::{check_inputs, fix_inputs};
pub use rules::{RuleMeta, RULES};
pub use source::{Layout, LineCol, Place, RelatedPlace};

/// The pipeline's stages, for the benchmarks and tests that time or probe
/// one of them. Not a stable interface.
#[doc(hidden)]
pub mod internals {
    pub use crate::pipeline::check_bytes;

    pub mod bib {
        pub use crate::bib::*;
    }
    pub mod dialect {
        pub use crate::dialect::*;
    }
    pub mod graph {
        pub use crate::graph::*;
    }
    pub mod model {
        pub use crate::model::*;
    }
    pub mod project {
        pub use crate::project::*;
    }
    pub mod rules {
        pub use crate::rules::*;
    }
    pub mod source {
        pub use crate::source::*;
    }
    pub mod suppress {
        pub use crate::suppress::*;
    }
}

/// What checking one text produced.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Checked {
    /// Markers that count (certain ones, and doubtful ones that resolve).
    pub markers: usize,
    pub definitions: usize,
    /// Findings in source order.
    pub diagnostics: Vec<Diagnostic>,
}

/// Check one decoded text with one dialect, as a unit of its own (its
/// bibliographies are not read: citations are not checked).
pub fn check_text(text: &str, dialect: &Dialect) -> Checked {
    let doc = (dialect.parse)(
        text,
        &dialect::Settings::default(),
        &dialect::FileHints::default(),
    );
    let graph = graph::RefGraph::build(text, &doc, dialect.notation);
    let mut found = rules::run_file(0, &graph, None);
    let markers = graph.marker_count();
    let definitions = graph.definition_count();
    let mut unit = Vec::new();
    rules::run_unit(
        &graph::UnitGraph::build(vec![graph::unit::Member::new(0, &doc, dialect.notation)]),
        &mut unit,
        None,
    );
    found.extend(unit.into_iter().map(|(_, d)| d));
    found.sort_by(Diagnostic::source_order);
    Checked {
        markers,
        definitions,
        diagnostics: suppress::apply(text, &doc.comments, found),
    }
}
