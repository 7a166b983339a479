//! Reference graphs, one per scope of resolution (DESIGN.md section 4):
//!
//! - [`file::RefGraph`]: one file's notes and reference links, in its notes
//!   blocks' scopes;
//! - [`unit::UnitGraph`]: a unit's cross-references and labels, nodes keyed
//!   by file;
//! - [`citations::CitationGraph`]: every citing document of the run, the
//!   bibliographies in each one's scope and their entries.
//!
//! Each is built after parsing and read by the rules of its
//! [`crate::rules::Scope`].

pub mod citations;
pub mod file;
pub mod unit;

pub use citations::CitationGraph;
pub use file::RefGraph;
pub use unit::UnitGraph;
