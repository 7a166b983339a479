use super::Sink;
use crate::graph::CitationGraph;

rule! {
    /// An include or a bibliography that a document or a project's
    /// configuration names, and that does not exist. Reported at the place
    /// that names it.
    ///
    /// ## Why
    /// The tools stop, or render without it: LaTeX cannot `\input` a
    /// missing chapter, pandoc and citeproc print `???` for every citation
    /// the missing bibliography would hold. A generated bibliography
    /// (knitr's `packages.bib`) is often missing until the book is built:
    /// while it is, the unit's unknown citations are not reported, since
    /// the missing file may well hold them, and this one finding says why.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// bibliography: [book.bib, packages.bib]
    /// ---
    /// Built with R [@R-base].
    /// ```
    /// (no `packages.bib` beside the document)
    ///
    /// ## Fix
    /// Create or generate the file before checking, or correct the path:
    /// ```text
    /// ---
    /// bibliography: [book.bib]
    /// ---
    /// ```
    ///
    /// ## reStructuredText
    /// In reStructuredText, `.. include:: parts/safety.rst` naming a file
    /// that does not exist; in a Sphinx project, `/parts/safety.rst` is read
    /// from the project's folder.
    ///
    /// ## AsciiDoc
    /// `include::file[]` whose file does not exist (attribute references
    /// such as `{chapdir}` are replaced from the document's attribute
    /// entries; `opts=optional` includes are not reported), including a
    /// code sample included in a listing block.
    "missing-file", Error, "no such file", Project
}

/// The multi-file stage finds these as it resolves what documents name;
/// no graph holds a file that does not exist.
fn check(_: &CitationGraph, _: &mut Sink<'_>) {}
