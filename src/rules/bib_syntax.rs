use super::Sink;
use crate::graph::CitationGraph;

rule! {
    /// A bibliography file that cannot be parsed, reported where it
    /// breaks. ibid recovers at the next `@` entry, so one bad entry does
    /// not hide the rest.
    ///
    /// ## Why
    /// BibTeX and citeproc skip or misread the broken entry and everything
    /// its unbalanced brace swallows; the citations to it come out empty.
    ///
    /// ## Example
    /// ```text
    /// @article{smith2020,
    ///   title = {An {unbalanced title},
    /// }
    /// ```
    ///
    /// ## Fix
    /// Balance the braces or quotes:
    /// ```text
    /// @article{smith2020,
    ///   title = {An {unbalanced} title},
    /// }
    /// ```
    "bib-syntax", Error, "parsing stops here", Project
}

fn check(graph: &CitationGraph, sink: &mut Sink<'_>) {
    for source in &graph.bibs {
        for error in &source.bib.errors {
            sink.report_in(source.file, error.span, None, error.message.clone())
                .help("fix the entry; the rest of the file was still read");
        }
    }
}
