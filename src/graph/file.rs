//! The reference graph of one file: scopes, markers and definitions as
//! nodes; "contains" edges from a scope to what lies in it, a "resolves
//! to" edge from a marker to the first definition of its label in its
//! scope, and an "again" edge from each definition of a label to the next
//! one. Notes and reference links resolve here (DESIGN.md section 4: they
//! stay per file even in a multi-file unit); the rules of
//! [`crate::rules::Scope::File`] read this graph and nothing else.
//!
//! Edges grow with the markers and definitions, never with their product:
//! 8,000 markers of a label defined 8,000 times make 16,000 edges, not
//! 64 million.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::model::{
    scope_at, scope_spans, Block, BlockKind, Certainty, Definition, Document, Marker, Notation,
    RefKind, Span,
};

/// What a definition is found by: its scope, kind, namespace and key.
type LabelKey<'a> = (usize, RefKind, Option<&'a str>, &'a str);

/// A node of the reference graph; the index points into the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Scope(usize),
    Marker(usize),
    Definition(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Scope → marker or definition.
    Contains,
    /// Marker → the first definition of its label in its scope.
    Resolves,
    /// Definition → the next definition of the same label in its scope.
    Again,
}

/// A stretch of the document whose markers are resolved by one notes block:
/// from the end of the previous block to the end of its own (the last scope
/// runs to the end of the document).
#[derive(Clone, Debug)]
pub struct Scope {
    pub span: Span,
    /// Index into [`Document::blocks`]; `None` for a document without blocks.
    pub block: Option<usize>,
    pub node: NodeIndex,
}

/// One document's markers and definitions, resolved.
#[derive(Debug)]
pub struct RefGraph<'a> {
    pub text: &'a str,
    pub doc: &'a Document,
    /// How the file's dialect writes notes, for messages.
    pub notation: Notation,
    pub graph: DiGraph<Node, Edge>,
    pub scopes: Vec<Scope>,
    /// Graph node of each marker; `None` for a doubtful marker that nothing
    /// defines (prose such as `[1979]`).
    marker_nodes: Vec<Option<NodeIndex>>,
    def_nodes: Vec<NodeIndex>,
    marker_scope: Vec<usize>,
    def_scope: Vec<usize>,
    /// The first definition of each definition's label in its scope.
    first_def: Vec<usize>,
    /// Markers (that count) and definitions of each scope, in order.
    scope_markers: Vec<Vec<usize>>,
    scope_defs: Vec<Vec<usize>>,
    /// Markers whose label has several definitions in a notation where
    /// that resolves nothing, in order.
    ambiguous_markers: Vec<usize>,
}

impl<'a> RefGraph<'a> {
    pub fn build(text: &'a str, doc: &'a Document, notation: Notation) -> Self {
        let mut graph = DiGraph::with_capacity(
            1 + doc.blocks.len() + doc.markers.len() + doc.definitions.len(),
            doc.markers.len() * 2 + doc.definitions.len(),
        );
        let spans = scope_spans(text.len(), &doc.blocks);
        let scopes: Vec<Scope> = spans
            .iter()
            .enumerate()
            .map(|(i, &span)| Scope {
                span,
                block: (i < doc.blocks.len()).then_some(i),
                node: graph.add_node(Node::Scope(i)),
            })
            .collect();
        let scope_of = |pos: usize| scope_at(&spans, pos);

        // Each label's definitions as a chain through `next_def` (most
        // labels have one: no list per label). Entries are (first, last).
        const NONE: usize = usize::MAX;
        // Definitions get their nodes in order, so a definition's node is
        // known from its index before `def_nodes` is complete.
        let base = graph.node_count();
        let def_nodes_at = |i: usize| NodeIndex::new(base + i);
        let mut by_label: HashMap<LabelKey<'_>, (usize, usize)> =
            HashMap::with_capacity_and_hasher(doc.definitions.len(), Default::default());
        let mut next_def = vec![NONE; doc.definitions.len()];
        let mut first_def = Vec::with_capacity(doc.definitions.len());
        let mut scope_defs = vec![Vec::new(); scopes.len()];
        let mut scope_markers = vec![Vec::new(); scopes.len()];
        let mut def_nodes = Vec::with_capacity(doc.definitions.len());
        let mut def_scope = Vec::with_capacity(doc.definitions.len());
        for (i, def) in doc.definitions.iter().enumerate() {
            let scope = scope_of(def.label_span.start);
            let node = graph.add_node(Node::Definition(i));
            graph.add_edge(scopes[scope].node, node, Edge::Contains);
            let (first, _) = *by_label
                .entry((scope, def.kind, def.namespace.as_deref(), def.key()))
                .and_modify(|(_, last)| {
                    next_def[*last] = i;
                    graph.add_edge(def_nodes_at(*last), node, Edge::Again);
                    *last = i;
                })
                .or_insert((i, i));
            first_def.push(first);
            scope_defs[scope].push(i);
            def_nodes.push(node);
            def_scope.push(scope);
        }

        let mut marker_nodes = Vec::with_capacity(doc.markers.len());
        let mut marker_scope = Vec::with_capacity(doc.markers.len());
        let mut ambiguous_markers = Vec::new();
        for (i, marker) in doc.markers.iter().enumerate() {
            let scope = scope_of(marker.span.start);
            let first = by_label
                .get(&(
                    scope,
                    marker.kind,
                    marker.namespace.as_deref(),
                    marker.key(),
                ))
                .map_or((NONE, NONE), |&(first, last)| (first, last));
            let (first, last) = first;
            // docutils resolves no reference to a label defined twice.
            let ambiguous = first != last && !notation.duplicates_resolve;
            if ambiguous {
                ambiguous_markers.push(i);
            }
            marker_scope.push(scope);
            if first == NONE && marker.certainty == Certainty::IfDefined {
                marker_nodes.push(None);
                continue;
            }
            let node = graph.add_node(Node::Marker(i));
            graph.add_edge(scopes[scope].node, node, Edge::Contains);
            if first != NONE && !ambiguous {
                graph.add_edge(node, def_nodes[first], Edge::Resolves);
            }
            marker_nodes.push(Some(node));
            scope_markers[scope].push(i);
        }

        Self {
            text,
            doc,
            notation,
            graph,
            scopes,
            marker_nodes,
            def_nodes,
            marker_scope,
            def_scope,
            first_def,
            scope_markers,
            scope_defs,
            ambiguous_markers,
        }
    }

    /// Whether a marker is left unresolved because its label is defined
    /// more than once in its scope (see [`Notation::duplicates_resolve`]).
    pub fn is_ambiguous(&self, marker: usize) -> bool {
        self.ambiguous_markers.binary_search(&marker).is_ok()
    }

    /// Markers that count (certain ones, and doubtful ones that resolve),
    /// in source order, with their index.
    pub fn markers(&self) -> impl Iterator<Item = (usize, &'a Marker)> + '_ {
        let doc = self.doc;
        self.marker_nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| n.is_some())
            .map(move |(i, _)| (i, &doc.markers[i]))
    }

    pub fn definitions(&self) -> impl Iterator<Item = (usize, &'a Definition)> + 'a {
        self.doc.definitions.iter().enumerate()
    }

    /// The markers that count in one scope, in source order.
    pub fn markers_in(&self, scope: usize) -> impl Iterator<Item = (usize, &'a Marker)> + '_ {
        let doc = self.doc;
        self.scope_markers[scope]
            .iter()
            .map(move |&i| (i, &doc.markers[i]))
    }

    /// The definitions in one scope, in source order.
    pub fn definitions_in(
        &self,
        scope: usize,
    ) -> impl Iterator<Item = (usize, &'a Definition)> + '_ {
        let doc = self.doc;
        self.scope_defs[scope]
            .iter()
            .map(move |&i| (i, &doc.definitions[i]))
    }

    /// The definitions a marker resolves to: each definition of its label
    /// in its scope (more than one when the label is defined again),
    /// following the "again" chain from the first.
    pub fn targets(&self, marker: usize) -> impl Iterator<Item = usize> + '_ {
        let first = self.marker_nodes[marker]
            .into_iter()
            .flat_map(|n| self.graph.edges_directed(n, Direction::Outgoing))
            .find(|e| *e.weight() == Edge::Resolves)
            .map(|e| e.target());
        std::iter::successors(first, |&n| {
            self.graph
                .edges_directed(n, Direction::Outgoing)
                .find(|e| *e.weight() == Edge::Again)
                .map(|e| e.target())
        })
        .filter_map(|n| match self.graph[n] {
            Node::Definition(d) => Some(d),
            _ => None,
        })
    }

    /// Whether any marker resolves to a definition (to its label's first
    /// definition, which stands for every copy).
    pub fn is_referenced(&self, def: usize) -> bool {
        self.graph
            .edges_directed(self.def_nodes[self.first_def[def]], Direction::Incoming)
            .any(|e| *e.weight() == Edge::Resolves)
    }

    pub fn marker_scope(&self, marker: usize) -> usize {
        self.marker_scope[marker]
    }

    pub fn def_scope(&self, def: usize) -> usize {
        self.def_scope[def]
    }

    /// The notes block that resolves a scope's markers.
    pub fn block(&self, scope: usize) -> Option<&'a Block> {
        let doc = self.doc;
        self.scopes[scope].block.map(|b| &doc.blocks[b])
    }

    pub fn block_kind(&self, scope: usize) -> Option<BlockKind> {
        self.block(scope).map(|b| b.kind)
    }

    /// Markers of one kind that resolve to nothing.
    pub fn unresolved(&self, kind: RefKind) -> impl Iterator<Item = (usize, &'a Marker)> + '_ {
        self.markers()
            .filter(move |(i, m)| m.kind == kind && self.targets(*i).next().is_none())
    }

    /// Definitions of one kind that no marker resolves to.
    pub fn unreferenced(
        &self,
        kind: RefKind,
    ) -> impl Iterator<Item = (usize, &'a Definition)> + '_ {
        self.definitions()
            .filter(move |(i, d)| d.kind == kind && !self.is_referenced(*i))
    }

    /// Definitions of one kind whose key an earlier definition in the same
    /// scope already has, with the index of that first definition.
    pub fn duplicates(&self, kind: RefKind) -> Vec<(usize, usize)> {
        self.definitions()
            .filter(|&(i, d)| d.kind == kind && self.first_def[i] != i)
            .map(|(i, _)| (i, self.first_def[i]))
            .collect()
    }

    /// Number of markers that count (see [`Self::markers`]), the
    /// reference lists a wikitext group needs left out (the author wrote
    /// no such marker).
    pub fn marker_count(&self) -> usize {
        self.markers()
            .filter(|(_, m)| m.kind != RefKind::RefList)
            .count()
    }

    /// Number of definitions, reference lists left out (a list is no
    /// note).
    pub fn definition_count(&self) -> usize {
        self.doc
            .definitions
            .iter()
            .filter(|d| d.kind != RefKind::RefList)
            .count()
    }
}
