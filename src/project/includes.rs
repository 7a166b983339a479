//! The include graph: which file reads which (`\input`, `include::`), as a
//! petgraph, and the units it makes (DESIGN.md section 4, "include
//! document"): each root (a file no other file includes) with every file it
//! reaches. A file two roots include belongs to both units.
//!
//! Cycles are found once (strongly connected components), reported once,
//! and never followed twice: every walk keeps a visited set.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::Dfs;
use petgraph::Direction;
use rustc_hash::FxHashMap;

use super::Unit;
use crate::model::FileId;

/// Files and the includes between them.
#[derive(Debug, Default)]
pub struct IncludeGraph {
    graph: DiGraph<FileId, ()>,
    nodes: FxHashMap<FileId, NodeIndex>,
}

/// What the include graph makes of its files.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Includes {
    /// One unit per root, in the order of the roots' ids.
    pub units: Vec<Unit>,
    /// Each cycle once: its files, in id order.
    pub cycles: Vec<Vec<FileId>>,
}

impl IncludeGraph {
    pub fn new() -> Self {
        Self::default()
    }

    fn node(&mut self, file: FileId) -> NodeIndex {
        *self
            .nodes
            .entry(file)
            .or_insert_with(|| self.graph.add_node(file))
    }

    /// A file that takes part (whether or not it includes anything).
    pub fn file(&mut self, file: FileId) {
        self.node(file);
    }

    /// `from` includes `to`.
    pub fn include(&mut self, from: FileId, to: FileId) {
        let (a, b) = (self.node(from), self.node(to));
        if !self.graph.contains_edge(a, b) {
            self.graph.add_edge(a, b, ());
        }
    }

    /// The units and cycles. A root is a file that nothing includes or,
    /// for a cycle that nothing outside it includes, its first file.
    pub fn units(&self) -> Includes {
        let mut out = Includes::default();
        // Kosaraju: iterative, so a long include chain cannot overflow the stack.
        let components = kosaraju_scc(&self.graph);
        let mut component_of = vec![0; self.graph.node_count()];
        for (c, nodes) in components.iter().enumerate() {
            for n in nodes {
                component_of[n.index()] = c;
            }
        }
        let mut roots = Vec::new();
        for (c, nodes) in components.iter().enumerate() {
            let cyclic = nodes.len() > 1
                || nodes
                    .first()
                    .is_some_and(|&n| self.graph.contains_edge(n, n));
            if cyclic {
                let mut files: Vec<FileId> = nodes.iter().map(|&n| self.graph[n]).collect();
                files.sort_unstable();
                out.cycles.push(files);
            }
            let included_from_outside = nodes.iter().any(|&n| {
                self.graph
                    .neighbors_directed(n, Direction::Incoming)
                    .any(|m| component_of[m.index()] != c)
            });
            if !included_from_outside {
                let first = nodes.iter().copied().min_by_key(|&n| self.graph[n]);
                roots.extend(first);
            }
        }
        roots.sort_unstable_by_key(|&n| self.graph[n]);
        for root in roots {
            let mut members = Vec::new();
            let mut dfs = Dfs::new(&self.graph, root);
            while let Some(n) = dfs.next(&self.graph) {
                members.push(self.graph[n]);
            }
            members.sort_unstable();
            out.units.push(Unit {
                root: self.graph[root],
                members,
            });
        }
        out.cycles.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(root: FileId, members: &[FileId]) -> Unit {
        Unit {
            root,
            members: members.to_vec(),
        }
    }

    #[test]
    fn roots_reach_their_files_and_share_what_both_include() {
        let mut g = IncludeGraph::new();
        g.include(0, 2);
        g.include(2, 3);
        g.include(1, 2);
        g.file(4);
        let got = g.units();
        assert_eq!(
            got.units,
            [unit(0, &[0, 2, 3]), unit(1, &[1, 2, 3]), unit(4, &[4])]
        );
        assert!(got.cycles.is_empty());
    }

    #[test]
    fn a_cycle_is_read_once_and_reported_once() {
        let mut g = IncludeGraph::new();
        g.include(0, 1);
        g.include(1, 2);
        g.include(2, 1);
        g.include(3, 3);
        let got = g.units();
        assert_eq!(got.cycles, [vec![1, 2], vec![3]]);
        assert_eq!(got.units, [unit(0, &[0, 1, 2]), unit(3, &[3])]);
        // A cycle nothing else includes is a unit rooted at its first file.
        let mut g = IncludeGraph::new();
        g.include(5, 6);
        g.include(6, 5);
        assert_eq!(g.units().units, [unit(5, &[5, 6])]);
    }

    /// A long chain and a wide fan stay linear (no walk per pair).
    #[test]
    fn large_graphs() {
        let mut g = IncludeGraph::new();
        for i in 0..20_000 {
            g.include(i, i + 1);
        }
        g.include(20_000, 0);
        let got = g.units();
        assert_eq!(got.cycles.len(), 1);
        assert_eq!(got.units.len(), 1);
        assert_eq!(got.units[0].members.len(), 20_001);
    }
}
