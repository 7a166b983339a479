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
    NoteRef, RefKind, Span,
};

/// The note definition whose body holds `span`, if any (definitions are
/// in order and their bodies do not overlap).
fn holding_note(doc: &Document, span: Span) -> Option<usize> {
    let after = doc
        .definitions
        .partition_point(|d| d.label_span.start <= span.start);
    let i = after.checked_sub(1)?;
    let d = &doc.definitions[i];
    (d.kind == RefKind::Note && d.body.start <= span.start && span.end <= d.body.end).then_some(i)
}

/// The note before `def` among a scope's definitions (in source order).
fn previous_note(doc: &Document, scope_defs: &[usize], def: usize) -> Option<usize> {
    let at = scope_defs.partition_point(|&d| d < def);
    scope_defs[..at]
        .iter()
        .rev()
        .copied()
        .find(|&d| doc.definitions[d].kind == RefKind::Note)
}

/// What a definition is found by: its scope, kind, namespace and key.
type LabelKey<'a> = (usize, RefKind, Option<&'a str>, &'a str);

/// A node of the reference graph; the index points into the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Scope(usize),
    Marker(usize),
    Definition(usize),
    /// A note-to-note reference ("see note 4", "Ibid.").
    NoteRef(usize),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Scope → marker or definition.
    Contains,
    /// Marker → the first definition of its label in its scope.
    Resolves,
    /// Definition → the next definition of the same label in its scope.
    Again,
    /// Note-to-note reference → each note it names (the first definition
    /// of each number in its scope; for "Ibid."/"Id.", the note before
    /// the one that holds it).
    Names,
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
    /// The first note definition of each number in each scope.
    numbered: HashMap<(usize, u32), usize>,
    /// Graph node, scope and holding note of each note-to-note reference.
    note_ref_nodes: Vec<NodeIndex>,
    note_ref_scope: Vec<usize>,
    note_ref_holder: Vec<Option<usize>>,
}

/// The most numbers one note-to-note reference is followed to: a range
/// "nn. 1–9999" is no reader's intent, and must not make the graph grow
/// with its width.
pub const MAX_RANGE: u32 = 100;

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

        let mut numbered = HashMap::default();
        for (i, def) in doc.definitions.iter().enumerate() {
            if def.kind == RefKind::Note && def.namespace.is_none() && first_def[i] == i {
                if let Some(n) = crate::model::label_number(&def.label) {
                    numbered.entry((def_scope[i], n)).or_insert(i);
                }
            }
        }
        let mut note_ref_nodes = Vec::with_capacity(doc.note_refs.len());
        let mut note_ref_scope = Vec::with_capacity(doc.note_refs.len());
        let mut note_ref_holder = Vec::with_capacity(doc.note_refs.len());
        for (i, r) in doc.note_refs.iter().enumerate() {
            let scope = scope_of(r.span.start);
            let holder = holding_note(doc, r.span);
            let node = graph.add_node(Node::NoteRef(i));
            let from = holder.map_or(scopes[scope].node, |d| def_nodes[d]);
            graph.add_edge(from, node, Edge::Contains);
            if r.form == crate::model::NoteRefForm::Ibid {
                let before = holder.and_then(|h| previous_note(doc, &scope_defs[def_scope[h]], h));
                if let Some(d) = before {
                    graph.add_edge(node, def_nodes[d], Edge::Names);
                }
            }
            for target in &r.targets {
                for n in target.numbers().take(MAX_RANGE as usize) {
                    if let Some(&d) = numbered.get(&(scope, n)) {
                        graph.add_edge(node, def_nodes[d], Edge::Names);
                    }
                }
            }
            note_ref_nodes.push(node);
            note_ref_scope.push(scope);
            note_ref_holder.push(holder);
        }

        Self {
            text,
            doc,
            notation,
            graph,
            scopes,
            numbered,
            note_ref_nodes,
            note_ref_scope,
            note_ref_holder,
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

    /// Note-to-note references, in source order, with their index.
    pub fn note_refs(&self) -> impl Iterator<Item = (usize, &'a NoteRef)> + 'a {
        self.doc.note_refs.iter().enumerate()
    }

    /// The scope a note-to-note reference resolves in.
    pub fn note_ref_scope(&self, note_ref: usize) -> usize {
        self.note_ref_scope[note_ref]
    }

    /// The note whose body holds a note-to-note reference; `None` for
    /// one in prose.
    pub fn note_ref_holder(&self, note_ref: usize) -> Option<usize> {
        self.note_ref_holder[note_ref]
    }

    /// The notes a note-to-note reference names that exist (for
    /// "Ibid."/"Id.", the note before its own), in no particular order.
    pub fn note_ref_targets(&self, note_ref: usize) -> impl Iterator<Item = usize> + '_ {
        self.graph
            .edges_directed(self.note_ref_nodes[note_ref], Direction::Outgoing)
            .filter(|e| *e.weight() == Edge::Names)
            .filter_map(|e| match self.graph[e.target()] {
                Node::Definition(d) => Some(d),
                _ => None,
            })
    }

    /// The (first) note numbered `n` in a scope.
    pub fn numbered_note(&self, scope: usize, n: u32) -> Option<usize> {
        self.numbered.get(&(scope, n)).copied()
    }

    /// The note defined just before `def` in its scope ("Ibid." names
    /// it); `None` for the scope's first note.
    pub fn previous_note(&self, def: usize) -> Option<usize> {
        previous_note(self.doc, &self.scope_defs[self.def_scope[def]], def)
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
