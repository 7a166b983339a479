//! The include graph: which file reads which (`\input`, `include::`), as a
//! petgraph, and the units it makes (DESIGN.md section 4, "include
//! document"): each root with every file it reaches, in reading order. A
//! file two roots include belongs to both units.
//!
//! A root is a file its dialect calls one (a LaTeX file with
//! `\documentclass`), or, where the dialect does not say, a file that
//! nothing includes. Cycles are found once (strongly connected
//! components), reported once, and never followed twice: every walk keeps
//! a visited set.

use petgraph::algo::kosaraju_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;

use super::Unit;
use crate::model::FileId;

/// Files and the includes between them; an edge holds the offset of the
/// include in the including file.
#[derive(Debug, Default)]
pub struct IncludeGraph {
    graph: DiGraph<(FileId, Option<bool>), usize>,
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
            .or_insert_with(|| self.graph.add_node((file, None)))
    }

    /// A file that takes part, and whether it is a root (`None`: when
    /// nothing includes it).
    pub fn file(&mut self, file: FileId, root: Option<bool>) {
        let node = self.node(file);
        self.graph[node].1 = root;
    }

    /// `from` includes `to` at offset `at`.
    pub fn include(&mut self, from: FileId, to: FileId, at: usize) {
        let (a, b) = (self.node(from), self.node(to));
        let known = self.graph.edges_connecting(a, b).any(|e| *e.weight() == at);
        if !known {
            self.graph.add_edge(a, b, at);
        }
    }

    /// Whether another file includes `file`.
    pub fn included(&self, file: FileId) -> bool {
        self.nodes.get(&file).is_some_and(|&n| {
            self.graph
                .neighbors_directed(n, Direction::Incoming)
                .any(|m| m != n)
        })
    }

    /// Whether a file takes part.
    pub fn contains(&self, file: FileId) -> bool {
        self.nodes.contains_key(&file)
    }

    /// The units and cycles.
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
                let mut files: Vec<FileId> = nodes.iter().map(|&n| self.graph[n].0).collect();
                files.sort_unstable();
                out.cycles.push(files);
            }
            roots.extend(nodes.iter().filter(|&&n| self.graph[n].1 == Some(true)));
            // Where the dialect does not say: a file nothing outside its
            // cycle includes (the cycle's first file).
            let undecided: Vec<NodeIndex> = nodes
                .iter()
                .copied()
                .filter(|&n| self.graph[n].1.is_none())
                .collect();
            let included_from_outside = nodes.iter().any(|&n| {
                self.graph
                    .neighbors_directed(n, Direction::Incoming)
                    .any(|m| component_of[m.index()] != c)
            });
            if !included_from_outside {
                roots.extend(undecided.into_iter().min_by_key(|&n| self.graph[n].0));
            }
        }
        roots.sort_unstable_by_key(|&n| self.graph[n].0);
        roots.dedup();
        for root in roots {
            out.units.push(self.read_from(root));
        }
        out.cycles.sort();
        out
    }

    /// A root's unit: depth first, each file where it is first included,
    /// the includes of a file in the order they are written; a member's
    /// text is cut into stretches where it includes another file.
    fn read_from(&self, root: NodeIndex) -> Unit {
        /// A member being read: its index, its includes still to read
        /// (last first), and where its includer reads on after it.
        struct Frame {
            member: usize,
            includes: Vec<(usize, NodeIndex)>,
            resume: Option<(usize, usize)>,
        }
        let mut seen = vec![false; self.graph.node_count()];
        let mut members = Vec::new();
        let mut reading = Vec::new();
        let mut stack: Vec<Frame> = Vec::new();
        seen[root.index()] = true;
        members.push(self.graph[root].0);
        reading.push((0, 0));
        stack.push(Frame {
            member: 0,
            includes: self.includes_of(root),
            resume: None,
        });
        while let Some(frame) = stack.last_mut() {
            let Some((at, target)) = frame.includes.pop() else {
                if let Some(resume) = frame.resume {
                    reading.push(resume);
                }
                stack.pop();
                continue;
            };
            if std::mem::replace(&mut seen[target.index()], true) {
                continue;
            }
            let resume = Some((frame.member, at));
            let member = members.len();
            members.push(self.graph[target].0);
            reading.push((member, 0));
            stack.push(Frame {
                member,
                includes: self.includes_of(target),
                resume,
            });
        }
        Unit {
            root: self.graph[root].0,
            members,
            reading,
        }
    }

    /// A file's includes as `(offset, file)`, last first.
    fn includes_of(&self, node: NodeIndex) -> Vec<(usize, NodeIndex)> {
        let mut includes: Vec<(usize, NodeIndex)> = self
            .graph
            .edges_directed(node, Direction::Outgoing)
            .map(|e| (*e.weight(), e.target()))
            .collect();
        includes.sort_unstable_by(|a, b| b.cmp(a));
        includes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn members(unit: &Unit) -> (FileId, Vec<FileId>) {
        (unit.root, unit.members.clone())
    }

    #[test]
    fn roots_reach_their_files_and_share_what_both_include() {
        let mut g = IncludeGraph::new();
        g.include(0, 2, 10);
        g.include(2, 3, 5);
        g.include(1, 2, 7);
        g.file(4, None);
        let got = g.units();
        let units: Vec<_> = got.units.iter().map(members).collect();
        assert_eq!(
            units,
            [(0, vec![0, 2, 3]), (1, vec![1, 2, 3]), (4, vec![4])]
        );
        assert!(got.cycles.is_empty());
        // 0 is read to its include of 2, then 2 to its include of 3, 3,
        // the rest of 2, the rest of 0.
        assert_eq!(
            got.units[0].reading,
            [(0, 0), (1, 0), (2, 0), (1, 5), (0, 10)]
        );
    }

    /// Members come in reading order: the include written first is read
    /// first, and its own includes before the next one.
    #[test]
    fn reading_order() {
        let mut g = IncludeGraph::new();
        g.file(0, Some(true));
        g.include(0, 3, 90);
        g.include(0, 1, 10);
        g.include(1, 2, 4);
        g.include(3, 1, 1);
        let unit = &g.units().units[0];
        assert_eq!(unit.members, [0, 1, 2, 3]);
        let stretches = unit.stretches();
        // Offset 50 of the root comes after all of 1 and 2, before 3.
        let rank = |m, at| unit.rank(&stretches, m, at);
        assert!(rank(1, 400) < rank(0, 50) && rank(0, 50) < rank(3, 0));
        assert!(rank(0, 5) < rank(1, 0) && rank(0, 95) > rank(3, 1000));
    }

    /// A file its dialect calls a fragment is never a root; one it calls a
    /// root is, even when included.
    #[test]
    fn roots_by_dialect() {
        let mut g = IncludeGraph::new();
        g.file(0, Some(false));
        g.file(1, Some(true));
        g.file(2, Some(false));
        g.include(1, 2, 0);
        g.include(2, 3, 0);
        g.file(3, Some(true));
        let units: Vec<_> = g.units().units.iter().map(members).collect();
        assert_eq!(units, [(1, vec![1, 2, 3]), (3, vec![3])]);
    }

    #[test]
    fn a_cycle_is_read_once_and_reported_once() {
        let mut g = IncludeGraph::new();
        g.include(0, 1, 0);
        g.include(1, 2, 0);
        g.include(2, 1, 0);
        g.include(3, 3, 0);
        let got = g.units();
        assert_eq!(got.cycles, [vec![1, 2], vec![3]]);
        let units: Vec<_> = got.units.iter().map(members).collect();
        assert_eq!(units, [(0, vec![0, 1, 2]), (3, vec![3])]);
        // A cycle nothing else includes is a unit rooted at its first file.
        let mut g = IncludeGraph::new();
        g.include(5, 6, 0);
        g.include(6, 5, 0);
        assert_eq!(members(&g.units().units[0]), (5, vec![5, 6]));
    }

    /// A long chain and a wide fan stay linear (no walk per pair).
    #[test]
    fn large_graphs() {
        let mut g = IncludeGraph::new();
        for i in 0..20_000 {
            g.include(i, i + 1, 0);
        }
        g.include(20_000, 0, 0);
        let got = g.units();
        assert_eq!(got.cycles.len(), 1);
        assert_eq!(got.units.len(), 1);
        assert_eq!(got.units[0].members.len(), 20_001);
    }
}
