use super::Sink;
use crate::graph::{CitationGraph, UnitGraph};
use crate::model::{OwnEntries, RefKind};

rule! {
    /// A bibliography entry that no document in its scope cites.
    ///
    /// ## Why
    /// With a bibliography that lists only cited works (the usual style),
    /// the entry is dropped from the output; a citation meant for it is
    /// probably misspelt, or the entry is left over.
    ///
    /// ## Example
    /// ```text
    /// @book{knuth1984, title = {The TeXbook}}
    /// @book{lamport1994, title = {LaTeX}}
    /// ```
    /// with a document that cites only `[@knuth1984]`.
    ///
    /// ## Fix
    /// Cite the entry where it is used, or delete it:
    /// ```text
    /// @book{knuth1984, title = {The TeXbook}}
    /// ```
    ///
    /// ## reStructuredText
    /// In a Sphinx project, an entry of `bibtex_bibfiles` that no document of
    /// the project cites with `:cite:` or `:footcite:` (`.. bibliography::`
    /// with `:all:` or `:filter:` uses every entry).
    ///
    /// ## AsciiDoc
    /// A bibliography entry `[[[x]]]` in a `[bibliography]` section that no
    /// `<<x>>` of the document cites:
    /// ```text
    /// [bibliography]
    /// == References
    /// * [[[taoup]]] Eric Steven Raymond. The Art of Unix Programming.
    /// ```
    /// Cite it with `<<taoup>>`, or delete the entry.
    ///
    /// ## Wikitext
    /// In wikitext, a full citation that declares itself a short
    /// citation's target (`ref={{sfnref|…}}`, `ref=ID`,
    /// `{{wikicite|ref=…}}`) that no `{{sfn}}`, `{{harv}}`,
    /// `[[#CITEREF…]]` or `[[#ID]]` links to. A citation that declares
    /// nothing (inside a `<ref>`, say, or with only `ref=harv`, which CS1
    /// ignores) is not reported:
    /// ```text
    /// * {{cite book |last=Dunn |year=2009 |title=Mudflats |ref={{sfnref|Dunn|2009}}}}
    /// ```
    /// Cite it with `{{sfn|Dunn|2009}}`, or drop its `ref=`.
    "unused-entry", Warning, "nothing cites this", ProjectAndUnit
}

fn check(graph: &CitationGraph, sink: &mut Sink<'_>) {
    for (source, entry) in graph.unused() {
        if source.own == Some(OwnEntries::Page) {
            sink.report_in(
                source.file,
                entry.key_span,
                Some(&entry.key),
                format!(
                    "citation `{}` declares itself a target of short citations, but none \
                     links to it",
                    entry.key
                ),
            )
            .help("link to it with {{sfn|…}} or {{harvnb|…}}, or drop its `ref=`");
            continue;
        }
        sink.report_in(
            source.file,
            entry.key_span,
            Some(&entry.key),
            format!("bibliography entry `{}` is never cited", entry.key),
        )
        .help(format!(
            "cite it with {}, or delete the entry",
            source.notation.citation(&entry.key)
        ));
    }
}

/// Bibliography entries written in a unit's text (AsciiDoc `[[[x]]]`).
fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, def) in graph.unreferenced() {
        if def.kind != RefKind::CrossRef || !super::is_entry(graph, at) {
            continue;
        }
        sink.report_in(
            graph.file(at.0),
            def.label_span,
            Some(&def.label),
            format!("bibliography entry `{}` is never cited", def.label),
        )
        .help(format!(
            "cite it with {}, or delete the entry",
            graph.notation(at.0).citation(&def.label)
        ));
    }
}
