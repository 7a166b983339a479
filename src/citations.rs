//! The citation graph: documents, the citation keys they use, the
//! bibliographies in their scope and the entries in those, as one petgraph
//! joined across files. Documents are parsed first (in parallel); this
//! stage runs after, deterministically, and the citation rules read it.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use rayon::prelude::*;

use crate::bib::{Bibliography, Entry};
use crate::model::Marker;

/// Index of a file in [`crate::Report::files`].
pub type FileId = usize;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Document(usize),
    Citation { doc: usize, marker: usize },
    Bibliography(usize),
    Entry { bib: usize, entry: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Document → bibliography in its scope.
    Uses,
    /// Document → citation, bibliography → entry.
    Contains,
    /// Citation → entry with its key.
    Resolves,
}

/// A document that cites keys or names bibliographies.
#[derive(Debug)]
pub struct CitingDoc {
    pub file: FileId,
    /// Its citation markers (`[@key]`).
    pub citations: Vec<Marker>,
    /// Bibliographies in its scope, as indices into [`CitationGraph::bibs`].
    pub bibs: Vec<usize>,
}

/// A bibliography file, or the `references:` of a document's front matter.
#[derive(Debug)]
pub struct BibSource {
    /// Where its diagnostics go (the document, for front matter).
    pub file: FileId,
    /// How messages name it: its path, or "the front matter of PATH".
    pub name: String,
    pub bib: Bibliography,
}

#[derive(Debug)]
pub struct CitationGraph {
    pub graph: DiGraph<Node, Edge>,
    pub docs: Vec<CitingDoc>,
    pub bibs: Vec<BibSource>,
    citation_nodes: Vec<Vec<NodeIndex>>,
    entry_nodes: Vec<Vec<NodeIndex>>,
}

/// A key in lower case, copied only when lowering may change it.
fn lowercase(key: &str) -> std::borrow::Cow<'_, str> {
    if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        key.into()
    } else {
        key.to_lowercase().into()
    }
}

impl CitationGraph {
    pub fn build(docs: Vec<CitingDoc>, bibs: Vec<BibSource>) -> Self {
        let entries: usize = bibs.iter().map(|b| b.bib.entries.len()).sum();
        let citations: usize = docs.iter().map(|d| d.citations.len()).sum();
        let uses: usize = docs.iter().map(|d| d.bibs.len()).sum();
        let mut graph = DiGraph::with_capacity(
            bibs.len() + entries + docs.len() + citations,
            entries + uses + citations * 2,
        );
        let mut entry_nodes = Vec::with_capacity(bibs.len());
        let mut bib_nodes = Vec::with_capacity(bibs.len());
        // Each bibliography's entries by normalised key, built once.
        let mut by_key: Vec<HashMap<String, Vec<NodeIndex>>> = Vec::with_capacity(bibs.len());
        for (b, source) in bibs.iter().enumerate() {
            let node = graph.add_node(Node::Bibliography(b));
            let mut keys: HashMap<String, Vec<NodeIndex>> = HashMap::default();
            let entries: Vec<NodeIndex> = source
                .bib
                .entries
                .iter()
                .enumerate()
                .map(|(e, entry)| {
                    let entry_node = graph.add_node(Node::Entry { bib: b, entry: e });
                    graph.add_edge(node, entry_node, Edge::Contains);
                    keys.entry(entry.normalized_key())
                        .or_default()
                        .push(entry_node);
                    entry_node
                })
                .collect();
            bib_nodes.push(node);
            entry_nodes.push(entries);
            by_key.push(keys);
        }
        // Which entries each citation resolves to, worked out for every
        // document in parallel; the graph is then built in order.
        // Each document's (citation, entry) pairs, in citation order.
        let resolved: Vec<Vec<(usize, NodeIndex)>> = docs
            .par_iter()
            .map(|doc| {
                let mut pairs = Vec::with_capacity(doc.citations.len());
                for (m, marker) in doc.citations.iter().enumerate() {
                    let key = lowercase(marker.key());
                    for &b in &doc.bibs {
                        let entries = by_key[b].get(&*key).into_iter().flatten();
                        pairs.extend(entries.map(|&entry| (m, entry)));
                    }
                }
                pairs
            })
            .collect();
        let mut citation_nodes = Vec::with_capacity(docs.len());
        for (d, (doc, resolved)) in docs.iter().zip(resolved).enumerate() {
            let node = graph.add_node(Node::Document(d));
            for &b in &doc.bibs {
                graph.add_edge(node, bib_nodes[b], Edge::Uses);
            }
            let mut nodes = Vec::with_capacity(doc.citations.len());
            let mut pairs = resolved.into_iter().peekable();
            for m in 0..doc.citations.len() {
                let citation = graph.add_node(Node::Citation { doc: d, marker: m });
                graph.add_edge(node, citation, Edge::Contains);
                while let Some((_, entry)) = pairs.next_if(|&(of, _)| of == m) {
                    graph.add_edge(citation, entry, Edge::Resolves);
                }
                nodes.push(citation);
            }
            citation_nodes.push(nodes);
        }
        Self {
            graph,
            docs,
            bibs,
            citation_nodes,
            entry_nodes,
        }
    }

    /// Whether a "resolves" edge leaves (or reaches) a node.
    fn resolves(&self, node: NodeIndex, direction: Direction) -> bool {
        self.graph
            .edges_directed(node, direction)
            .any(|e| *e.weight() == Edge::Resolves)
    }

    /// Citations that no bibliography in their document's scope defines;
    /// a document with no bibliography in scope is not checked.
    pub fn unknown(&self) -> impl Iterator<Item = (&CitingDoc, &Marker)> + '_ {
        self.docs.iter().enumerate().flat_map(move |(d, doc)| {
            let checked = !doc.bibs.is_empty();
            doc.citations
                .iter()
                .enumerate()
                .filter(move |&(m, _)| {
                    checked && !self.resolves(self.citation_nodes[d][m], Direction::Outgoing)
                })
                .map(move |(_, marker)| (doc, marker))
        })
    }

    /// Entries that no document in whose scope they are cites.
    pub fn unused(&self) -> impl Iterator<Item = (&BibSource, &Entry)> + '_ {
        self.bibs.iter().enumerate().flat_map(move |(b, source)| {
            source
                .bib
                .entries
                .iter()
                .enumerate()
                .filter(move |&(e, _)| !self.resolves(self.entry_nodes[b][e], Direction::Incoming))
                .map(move |(_, entry)| (source, entry))
        })
    }

    /// Whether any document uses a bibliography.
    pub fn is_used(&self, bib: usize) -> bool {
        self.docs.iter().any(|d| d.bibs.contains(&bib))
    }

    /// The bibliographies used together by some document, each pair once,
    /// in order (first, second).
    pub fn used_together(&self) -> Vec<(usize, usize)> {
        let mut pairs: Vec<(usize, usize)> = self
            .docs
            .iter()
            .flat_map(|d| {
                d.bibs.iter().enumerate().flat_map(move |(i, &a)| {
                    d.bibs[i + 1..].iter().map(move |&b| (a.min(b), a.max(b)))
                })
            })
            .filter(|(a, b)| a != b)
            .collect();
        pairs.sort_unstable();
        pairs.dedup();
        pairs
    }

    /// How many citations a document has, and whether they were checked.
    pub fn citations_of(&self, file: FileId) -> Option<(usize, bool)> {
        self.docs
            .iter()
            .find(|d| d.file == file)
            .map(|d| (d.citations.len(), !d.bibs.is_empty()))
    }
}
