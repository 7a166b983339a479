//! The citation graph: documents, the citation keys they use, the
//! bibliographies in their scope and the entries in those, as one petgraph
//! joined across files. Documents are parsed first (in parallel); this
//! stage runs after, deterministically, and the citation rules read it.

use rustc_hash::FxHashMap as HashMap;

use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::Direction;
use rayon::prelude::*;

use crate::bib::{Bibliography, Entry};
use crate::model::{FileId, Label, Marker, Span};

/// A citation as the citation graph keeps it: the key as written, as
/// matched, and where (a document's citations are held until every file is
/// parsed, so they are kept small).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cited {
    pub label: Label,
    /// The key as matched, when the dialect normalises it.
    pub key: Option<Label>,
    pub span: Span,
}

impl Cited {
    /// What the citation matches entries by.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.label)
    }
}

impl From<Marker> for Cited {
    fn from(m: Marker) -> Self {
        Self {
            label: m.label,
            key: m.key,
            span: m.span,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Node {
    Document(usize),
    /// A key a document cites: one node however often it is cited (which
    /// citations cite it, the graph keeps beside).
    Key {
        doc: usize,
        key: usize,
    },
    Bibliography(usize),
    Entry {
        bib: usize,
        entry: usize,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edge {
    /// Document → bibliography in its scope.
    Uses,
    /// Document → key, bibliography → entry.
    Contains,
    /// Key → entry with that key.
    Resolves,
}

/// A document that cites keys or names bibliographies.
#[derive(Debug)]
pub struct CitingDoc {
    pub file: FileId,
    /// Its citation markers (`[@key]`), file by file: one part for most
    /// documents, one per file of a LaTeX document.
    pub parts: Vec<(FileId, Vec<Cited>)>,
    /// Bibliographies in its scope, as indices into [`CitationGraph::bibs`].
    pub bibs: Vec<usize>,
    /// A bibliography in its scope does not exist (`missing-file`): its
    /// unknown citations are not reported, since the missing file may
    /// well hold them.
    pub silenced: bool,
    /// Its bibliographies are all there is: a citation none of them
    /// holds is unknown even when there are none (LaTeX); otherwise a
    /// document with no bibliography in scope is not checked (pandoc).
    pub closed: bool,
    /// How the document writes citations (for messages).
    pub notation: crate::model::Notation,
    /// Where a document of its own (not an include document) writes
    /// entries; a wiki page's citations are short citations (for
    /// messages).
    pub own: Option<crate::model::OwnEntries>,
}

impl CitingDoc {
    /// Its citations, each with its file.
    pub fn citations(&self) -> impl Iterator<Item = (FileId, &Cited)> + '_ {
        self.parts
            .iter()
            .flat_map(|(file, cited)| cited.iter().map(move |c| (*file, c)))
    }

    /// How many citations it has.
    pub fn citation_count(&self) -> usize {
        self.parts.iter().map(|(_, c)| c.len()).sum()
    }
}

/// A bibliography file, or the `references:` of a document's front matter.
#[derive(Debug)]
pub struct BibSource {
    /// How the first document that uses it writes a citation (for help
    /// texts: `[@key]`, `\cite{key}`).
    pub notation: crate::model::Notation,
    /// Where its diagnostics go (the document, for front matter).
    pub file: FileId,
    /// How messages name it: its path, or "the front matter of PATH".
    pub name: String,
    pub bib: Bibliography,
    /// Where a document wrote it, when it is entries a document writes
    /// itself (front matter, a wiki page's citations) and not a file or a
    /// list of `\bibitem`s.
    pub own: Option<crate::model::OwnEntries>,
}

#[derive(Debug)]
pub struct CitationGraph {
    pub graph: DiGraph<Node, Edge>,
    pub docs: Vec<CitingDoc>,
    pub bibs: Vec<BibSource>,
    /// Each document's citations: the index of its key (the document's
    /// keys in order of first citation, each a node of the graph).
    citation_keys: Vec<Vec<u32>>,
    entry_nodes: Vec<Vec<NodeIndex>>,
    /// Each document's keys: whether an entry has it.
    key_found: Vec<Vec<bool>>,
    /// Each entry: cited, reached from a cited entry (`crossref` …), or
    /// in the scope of a `\nocite{*}`.
    used: Vec<Vec<bool>>,
}

/// The key that cites every entry in scope (`\nocite{*}`, `nocite: @*`).
pub const EVERY_KEY: &str = "*";

/// One document's keys, worked out before the graph is built.
struct Keyed {
    /// The key of each citation (index into the document's keys).
    citation_keys: Vec<u32>,
    /// How many distinct keys.
    keys: usize,
    /// (key, entry) for each entry a key resolves to, by key.
    resolves: Vec<(u32, NodeIndex)>,
}

impl CitationGraph {
    pub fn build(docs: Vec<CitingDoc>, bibs: Vec<BibSource>) -> Self {
        let entries: usize = bibs.iter().map(|b| b.bib.entries.len()).sum();
        let uses: usize = docs.iter().map(|d| d.bibs.len()).sum();
        // Key nodes are counted once the keys are known; reserved then.
        let mut graph = DiGraph::with_capacity(bibs.len() + entries + docs.len(), entries + uses);
        let mut entry_nodes = Vec::with_capacity(bibs.len());
        let mut bib_nodes = Vec::with_capacity(bibs.len());
        // Each bibliography's node comes first, then its entries': their
        // indices are known before they are added, so each bibliography's
        // entries by normalised key are worked out in parallel, once.
        let mut first = Vec::with_capacity(bibs.len());
        let mut next = 0;
        for source in &bibs {
            first.push(next);
            next += 1 + source.bib.entries.len();
        }
        let by_key: Vec<HashMap<String, Vec<NodeIndex>>> = bibs
            .par_iter()
            .zip(&first)
            .map(|(source, &at)| {
                let mut keys: HashMap<String, Vec<NodeIndex>> = HashMap::default();
                keys.reserve(source.bib.entries.len());
                for (e, entry) in source.bib.entries.iter().enumerate() {
                    keys.entry(entry.normalized_key())
                        .or_default()
                        .push(NodeIndex::new(at + 1 + e));
                }
                keys
            })
            .collect();
        for (b, source) in bibs.iter().enumerate() {
            let node = graph.add_node(Node::Bibliography(b));
            debug_assert_eq!(node.index(), first[b]);
            let entries: Vec<NodeIndex> = (0..source.bib.entries.len())
                .map(|e| {
                    let entry_node = graph.add_node(Node::Entry { bib: b, entry: e });
                    graph.add_edge(node, entry_node, Edge::Contains);
                    entry_node
                })
                .collect();
            bib_nodes.push(node);
            entry_nodes.push(entries);
        }
        // Each document's distinct keys and the entries they resolve to,
        // worked out for every document in parallel; the graph is then
        // built in order.
        let keyed: Vec<Keyed> = docs
            .par_iter()
            .map(|doc| {
                let mut index: HashMap<std::borrow::Cow<'_, str>, u32> = HashMap::default();
                let mut keyed = Keyed {
                    citation_keys: Vec::with_capacity(doc.citation_count()),
                    keys: 0,
                    resolves: Vec::new(),
                };
                for (_, marker) in doc.citations() {
                    let key = crate::bib::citation_key(marker.key());
                    let k = match index.get(&key) {
                        Some(&k) => k,
                        None => {
                            let k = u32::try_from(keyed.keys).unwrap_or(u32::MAX);
                            keyed.keys += 1;
                            for &b in &doc.bibs {
                                if key == EVERY_KEY {
                                    let every = by_key[b].values().flatten();
                                    keyed.resolves.extend(every.map(|&entry| (k, entry)));
                                    continue;
                                }
                                let entries = by_key[b].get(&*key).into_iter().flatten();
                                keyed.resolves.extend(entries.map(|&entry| (k, entry)));
                            }
                            index.insert(key, k);
                            k
                        }
                    };
                    keyed.citation_keys.push(k);
                }
                keyed
            })
            .collect();
        let keys: usize = keyed.iter().map(|k| k.keys).sum();
        let resolves: usize = keyed.iter().map(|k| k.resolves.len()).sum();
        graph.reserve_nodes(docs.len() + keys);
        graph.reserve_edges(keys + resolves);
        let mut citation_keys = Vec::with_capacity(docs.len());
        let mut key_found = Vec::with_capacity(docs.len());
        for (d, (doc, keyed)) in docs.iter().zip(keyed).enumerate() {
            let node = graph.add_node(Node::Document(d));
            for &b in &doc.bibs {
                graph.add_edge(node, bib_nodes[b], Edge::Uses);
            }
            let mut found = vec![false; keyed.keys];
            for &(k, _) in &keyed.resolves {
                found[k as usize] = true;
            }
            key_found.push(found);
            let mut resolves = keyed.resolves.into_iter().peekable();
            for k in 0..keyed.keys {
                let key = graph.add_node(Node::Key { doc: d, key: k });
                graph.add_edge(node, key, Edge::Contains);
                while let Some((_, entry)) = resolves.next_if(|&(of, _)| of as usize == k) {
                    graph.add_edge(key, entry, Edge::Resolves);
                }
            }
            citation_keys.push(keyed.citation_keys);
        }
        let mut graph = Self {
            graph,
            docs,
            bibs,
            citation_keys,
            entry_nodes,
            key_found,
            used: Vec::new(),
        };
        graph.used = graph.mark_used(&by_key);
        graph
    }

    /// Which entries are used: cited, or reached from a used entry through
    /// its `crossref`, `xref`, `xdata`, `related` or `entryset` (in any
    /// bibliography of the run).
    fn mark_used(&self, by_key: &[HashMap<String, Vec<NodeIndex>>]) -> Vec<Vec<bool>> {
        let mut used: Vec<Vec<bool>> = self
            .entry_nodes
            .iter()
            .map(|nodes| {
                nodes
                    .iter()
                    .map(|&n| self.resolves(n, Direction::Incoming))
                    .collect()
            })
            .collect();
        let mut work: Vec<(usize, usize)> = used
            .iter()
            .enumerate()
            .flat_map(|(b, u)| {
                u.iter()
                    .enumerate()
                    .filter(|(_, &x)| x)
                    .map(move |(e, _)| (b, e))
            })
            .collect();
        while let Some((b, e)) = work.pop() {
            for parent in &self.bibs[b].bib.entries[e].parents {
                for keys in by_key {
                    for &node in keys.get(&**parent).into_iter().flatten() {
                        if let Node::Entry { bib, entry } = self.graph[node] {
                            if !std::mem::replace(&mut used[bib][entry], true) {
                                work.push((bib, entry));
                            }
                        }
                    }
                }
            }
        }
        used
    }

    /// Whether a "resolves" edge leaves (or reaches) a node.
    fn resolves(&self, node: NodeIndex, direction: Direction) -> bool {
        self.graph
            .edges_directed(node, direction)
            .any(|e| *e.weight() == Edge::Resolves)
    }

    /// Citations that no bibliography in their document's scope defines,
    /// with their file; a document with no bibliography in scope is not
    /// checked (unless it is closed).
    pub fn unknown(&self) -> impl Iterator<Item = (&CitingDoc, FileId, &Cited)> + '_ {
        self.docs.iter().enumerate().flat_map(move |(d, doc)| {
            let checked = (doc.closed || !doc.bibs.is_empty()) && !doc.silenced;
            doc.citations()
                .zip(&self.citation_keys[d])
                .filter(move |&((_, marker), &k)| {
                    checked && !self.key_found[d][k as usize] && marker.key() != EVERY_KEY
                })
                .map(move |((file, marker), _)| (doc, file, marker))
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
                .filter(move |&(e, _)| !self.used[b][e])
                .map(move |(_, entry)| (source, entry))
        })
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
}
