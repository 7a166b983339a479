use std::collections::HashMap;

use super::Sink;
use crate::graph::CitationGraph;
use crate::model::OwnEntries;

rule! {
    /// The same citation key twice in the bibliographies in scope (keys
    /// match case-insensitively).
    ///
    /// ## Why
    /// Which entry a citation gets depends on the tool: BibTeX warns and
    /// keeps the first, others keep the last. The two entries often
    /// differ.
    ///
    /// ## Example
    /// ```text
    /// @article{smith2020, title = {First}}
    /// @article{Smith2020, title = {Second}}
    /// ```
    ///
    /// ## Fix
    /// Merge the entries, or give one a new key:
    /// ```text
    /// @article{smith2020, title = {First}}
    /// @article{smith2020b, title = {Second}}
    /// ```
    ///
    /// ## Wikitext
    /// In wikitext, two full citations with one CITEREF id that a short
    /// citation links to or that declare themselves targets: the link
    /// goes to the first only (Wikipedia: "Harv error: Multiple targets").
    /// ```text
    /// * {{cite book |last=Brook |year=2014 |title=Cordgrass}}
    /// * {{cite journal |last=Brook |year=2014 |title=Rhizomes}}
    /// ```
    /// Tell them apart by year (`|year=2014a`, `|year=2014b`, and
    /// `{{sfn|Brook|2014a}}`), or give one `ref={{sfnref|…}}`.
    "duplicate-entry", Error, "defined again here", Project
}

fn check(graph: &CitationGraph, sink: &mut Sink<'_>) {
    // Within one bibliography.
    for source in &graph.bibs {
        let mut first = HashMap::new();
        for entry in &source.bib.entries {
            let key = entry.normalized_key();
            match first.get(&key) {
                None => {
                    first.insert(key, entry);
                }
                Some(original) if source.own == Some(OwnEntries::Page) => {
                    sink.report_in(
                        source.file,
                        entry.key_span,
                        Some(&entry.key),
                        format!(
                            "another citation already has the id `{}`; short citations link to the \
                             first only",
                            entry.key
                        ),
                    )
                    .help(
                        "tell them apart by year (`|year=2014a`, `|year=2014b`), or give one \
                         `ref={{sfnref|…}}`",
                    )
                    .related(original.key_span, "the first citation with this id".to_owned());
                }
                Some(original) => {
                    sink.report_in(
                        source.file,
                        entry.key_span,
                        Some(&entry.key),
                        format!("bibliography key `{}` is defined more than once", entry.key),
                    )
                    .help("merge the entries, or give this one a new key")
                    .related(original.key_span, format!("`{}` is first defined here", original.key));
                }
            }
        }
    }
    // Across bibliographies that one document uses together.
    for (a, b) in graph.used_together() {
        let first: HashMap<String, usize> = graph.bibs[a]
            .bib
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.normalized_key(), i))
            .collect();
        for entry in &graph.bibs[b].bib.entries {
            if let Some(&i) = first.get(&entry.normalized_key()) {
                let other = &graph.bibs[a];
                let original = &other.bib.entries[i];
                sink.report_in(
                    graph.bibs[b].file,
                    entry.key_span,
                    Some(&entry.key),
                    format!(
                        "bibliography key `{}` is also defined in {}, used by the same document",
                        entry.key, other.name
                    ),
                )
                .help("keep the entry in one bibliography only")
                .related_in(
                    other.file,
                    original.key_span,
                    format!("`{}` is first defined here", original.key),
                );
            }
        }
    }
}
