//! Renumbering a scope's numeric notes in order of first reference.

use super::{FixOptions, Plan};
use crate::graph::RefGraph;

/// The fixes for every scope of one file.
pub fn plan(graph: &RefGraph<'_>, options: &FixOptions) -> Plan {
    let _ = (graph, options);
    Plan::default()
}
