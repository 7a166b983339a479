//! The reference graph of a unit, for what resolves unit-wide (DESIGN.md
//! section 4): cross-references to labels, across every member of a LaTeX
//! document, an AsciiDoc book or a Sphinx project. Nodes are keyed by file
//! (a member and an index into its document), so a finding and its
//! related places may lie in different files.
//!
//! Like the file graph, a reference has one "resolves" edge, to the first
//! definition of its label in the unit; later definitions hang off the
//! first by "again" edges: edges grow with the items, not their product.

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use rustc_hash::FxHashMap;

use crate::model::{Certainty, Definition, Document, FileId, Marker, Origin, Within};

/// A member of the unit and its document.
#[derive(Clone, Copy, Debug)]
pub struct Member<'a> {
    pub file: FileId,
    pub doc: &'a Document,
    /// Labels of another document that references may use
    /// (`\externaldocument`): they resolve, and are never reported.
    pub imported: bool,
    /// How the member's dialect writes notes, for its findings' words.
    pub notation: crate::model::Notation,
}

impl<'a> Member<'a> {
    /// A member written in the dialect whose notation is `notation`.
    pub fn new(file: FileId, doc: &'a Document, notation: crate::model::Notation) -> Self {
        Self {
            file,
            doc,
            imported: false,
            notation,
        }
    }
}

/// A node: an item of a member's document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    /// `(member, marker index)`.
    Marker(usize, usize),
    /// `(member, definition index)`.
    Definition(usize, usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Reference → the first definition of its label in the unit.
    Resolves,
    /// Definition → the next definition of the same label (reading order).
    Again,
}

/// Where an item is: its member and its index in that member's document.
pub type At = (usize, usize);

/// One unit's unit-wide references and definitions, resolved.
#[derive(Debug)]
pub struct UnitGraph<'a> {
    pub members: Vec<Member<'a>>,
    pub graph: DiGraph<Node, Edge>,
    /// Each unit-wide definition, with its node and its label's first.
    definitions: Vec<(At, NodeIndex, At)>,
    /// Each reference that counts, with its node.
    markers: Vec<(At, NodeIndex)>,
    /// References that come before the definition they name and may not
    /// (see [`Certainty::Ordered`]), with that definition.
    early: FxHashMap<At, At>,
}

/// Where an item comes in reading order: imported members last, then the
/// stretch of the unit's text, then the offset.
type Place = (bool, usize, usize);

impl<'a> UnitGraph<'a> {
    /// The graph of `members` (in reading order) over the kinds that
    /// resolve unit-wide; definitions are taken in member order.
    pub fn build(members: Vec<Member<'a>>) -> Self {
        Self::build_in_order(members, None)
    }

    /// The graph, with definitions taken in the order `rank` gives a
    /// member's offset (a unit whose members include each other
    /// part-way: a label before an `\include` comes before the included
    /// file's). Imported members come last.
    pub fn build_in_order(
        members: Vec<Member<'a>>,
        rank: Option<&dyn Fn(usize, usize) -> usize>,
    ) -> Self {
        let unit_wide = |kind: crate::model::RefKind| kind.within() == Within::Unit;
        let mut graph = DiGraph::new();
        // Each label's first definition: where it is, its node, and its
        // place in reading order.
        type Head = (At, NodeIndex, Place);
        let mut first: FxHashMap<(crate::model::RefKind, Option<&str>, &str), Head> =
            FxHashMap::default();
        let mut last: FxHashMap<NodeIndex, NodeIndex> = FxHashMap::default();
        let mut definitions = Vec::new();
        let place = |m: usize, at: usize| -> Place {
            let member = &members[m];
            let ranked = match rank {
                Some(rank) if !member.imported => rank(m, at),
                _ => m,
            };
            (member.imported, ranked, at)
        };
        let mut order: Vec<(Place, usize, usize)> = Vec::new();
        for (m, member) in members.iter().enumerate() {
            for (i, d) in member.doc.definitions.iter().enumerate() {
                if unit_wide(d.kind) {
                    order.push((place(m, d.label_span.start), m, i));
                }
            }
        }
        // Aliases come last: they name what no definition names.
        order.sort_unstable_by_key(|&(place, m, i)| {
            (
                members[m].doc.definitions[i].origin == Origin::Alias,
                place,
                m,
                i,
            )
        });
        for (at_place, m, i) in order {
            let d = &members[m].doc.definitions[i];
            let key = (d.kind, d.namespace.as_deref(), d.key());
            // A made-up id that is taken already is made anew by the
            // processor: it is neither a duplicate nor a target.
            if d.origin != Origin::Written && first.contains_key(&key) {
                continue;
            }
            let node = graph.add_node(Node::Definition(m, i));
            let (head, head_node, _) = *first.entry(key).or_insert(((m, i), node, at_place));
            if head_node != node {
                let tail = last.get(&head_node).copied().unwrap_or(head_node);
                graph.add_edge(tail, node, Edge::Again);
                last.insert(head_node, node);
            }
            definitions.push(((m, i), node, head));
        }
        let mut markers = Vec::new();
        let mut early = FxHashMap::default();
        for (m, member) in members.iter().enumerate() {
            for (i, r) in member.doc.markers.iter().enumerate() {
                if !unit_wide(r.kind) {
                    continue;
                }
                let mut target = first.get(&(r.kind, r.namespace.as_deref(), r.key()));
                if target.is_none() && r.certainty == Certainty::IfDefined {
                    continue;
                }
                if let Some(&(head, _, head_place)) = target {
                    if r.certainty == Certainty::Ordered
                        && head_place > place(m, r.label_span.start)
                    {
                        early.insert((m, i), head);
                        target = None;
                    }
                }
                let node = graph.add_node(Node::Marker(m, i));
                if let Some(&(_, def, _)) = target {
                    graph.add_edge(node, def, Edge::Resolves);
                }
                markers.push(((m, i), node));
            }
        }
        Self {
            members,
            graph,
            definitions,
            markers,
            early,
        }
    }

    fn marker(&self, (m, i): At) -> &'a Marker {
        &self.members[m].doc.markers[i]
    }

    /// The definition at a place.
    pub fn definition_at(&self, at: At) -> &'a Definition {
        self.definition(at)
    }

    fn definition(&self, (m, i): At) -> &'a Definition {
        &self.members[m].doc.definitions[i]
    }

    /// How a member's dialect writes notes.
    pub fn notation(&self, member: usize) -> &crate::model::Notation {
        &self.members[member].notation
    }

    /// The file of a member.
    pub fn file(&self, member: usize) -> FileId {
        self.members[member].file
    }

    /// References that resolve to nothing in the unit.
    pub fn unresolved(&self) -> impl Iterator<Item = (At, &'a Marker)> + '_ {
        self.markers
            .iter()
            .filter(|(_, n)| {
                self.graph
                    .edges_directed(*n, Direction::Outgoing)
                    .next()
                    .is_none()
            })
            .map(|&(at, _)| (at, self.marker(at)))
    }

    /// Each later definition of a label, with the first one (never an
    /// imported one).
    pub fn duplicates(&self) -> impl Iterator<Item = (At, &'a Definition, At)> + '_ {
        self.definitions
            .iter()
            .filter(|(at, _, head)| at != head && !self.members[at.0].imported)
            .map(|&(at, _, head)| (at, self.definition(at), head))
    }

    /// Definitions that no reference in the unit resolves to.
    pub fn unreferenced(&self) -> impl Iterator<Item = (At, &'a Definition)> + '_ {
        let heads: FxHashMap<At, NodeIndex> = self
            .definitions
            .iter()
            .filter(|(at, _, head)| at == head)
            .map(|&(at, node, _)| (at, node))
            .collect();
        self.definitions
            .iter()
            .filter(move |(_, _, head)| {
                heads.get(head).is_none_or(|&n| {
                    self.graph
                        .edges_directed(n, Direction::Incoming)
                        .all(|e| *e.weight() != Edge::Resolves)
                })
            })
            .filter(|(at, _, _)| !self.members[at.0].imported)
            .map(|&(at, _, _)| (at, self.definition(at)))
    }

    /// The definition a reference comes before, when it is unresolved
    /// because of that (see [`Certainty::Ordered`]).
    pub fn defined_later(&self, at: At) -> Option<At> {
        self.early.get(&at).copied()
    }

    /// The definition of a marker's label (the first, in reading order).
    pub fn target(&self, at: At) -> Option<At> {
        let (_, node) = self.markers.iter().find(|(a, _)| *a == at)?;
        let edge = self
            .graph
            .edges_directed(*node, Direction::Outgoing)
            .next()?;
        match self.graph[petgraph::visit::EdgeRef::target(&edge)] {
            Node::Definition(m, i) => Some((m, i)),
            Node::Marker(..) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{DocumentBuilder, RefKind, Span};

    fn doc(text: &str, refs: &[&str], labels: &[&str]) -> Document {
        let mut b = DocumentBuilder::new();
        for (n, r) in refs.iter().enumerate() {
            b.marker(Marker::new(RefKind::CrossRef, *r, Span::new(n, n + 1)));
        }
        for (n, l) in labels.iter().enumerate() {
            b.definition(Definition::new(
                RefKind::CrossRef,
                *l,
                Span::new(n, n + 1),
                Span::new(n + 1, n + 1),
            ));
        }
        // A footnote marker stays with its file's graph.
        b.marker(Marker::note("1", Span::new(0, 1)));
        b.build(text)
    }

    #[test]
    fn labels_resolve_across_files_and_duplicates_name_the_first_file() {
        let text = "abcdefgh";
        let one = doc(text, &["sec:b"], &["sec:a", "sec:dup"]);
        let two = doc(text, &["sec:a", "sec:none"], &["sec:b", "sec:dup"]);
        let g = UnitGraph::build(vec![
            Member::new(7, &one, crate::model::BRACKET),
            Member::new(9, &two, crate::model::BRACKET),
        ]);
        let unresolved: Vec<_> = g
            .unresolved()
            .map(|(at, m)| (g.file(at.0), m.label.as_str()))
            .collect();
        assert_eq!(unresolved, [(9, "sec:none")]);
        let dups: Vec<_> = g
            .duplicates()
            .map(|(at, d, first)| (g.file(at.0), d.label.as_str(), g.file(first.0)))
            .collect();
        assert_eq!(dups, [(9, "sec:dup", 7)]);
        let unused: Vec<_> = g
            .unreferenced()
            .map(|(at, d)| (g.file(at.0), d.label.as_str()))
            .collect();
        assert_eq!(unused, [(7, "sec:dup"), (9, "sec:dup")]);
        assert_eq!(g.target((1, 0)), Some((0, 0)));
    }

    /// 8,000 references to a label defined 8,000 times: linear edges.
    #[test]
    fn edges_stay_linear() {
        let text = "x".repeat(8_000);
        let refs = vec!["l"; 8_000];
        let one = doc(&text, &refs, &refs);
        let g = UnitGraph::build(vec![Member::new(0, &one, crate::model::BRACKET)]);
        assert!(g.graph.edge_count() < 16_000);
    }
}
