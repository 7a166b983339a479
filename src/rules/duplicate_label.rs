use super::Sink;
use crate::graph::{RefGraph, UnitGraph};
use crate::model::RefKind;

rule! {
    /// A label defined twice in one document (a LaTeX root and the files
    /// it includes), reported at the later one in reading order, with the
    /// first as a related place, in whichever file it is.
    ///
    /// ## Why
    /// References resolve to one of the two, and LaTeX says only
    /// `There were multiply-defined labels`, with no file or line. A
    /// chapter copied as a template, or a label pasted with a figure, is
    /// the usual cause.
    ///
    /// ## Example
    /// ```text
    /// % chapters/one.tex
    /// \section{Results}\label{sec:results}
    /// % chapters/two.tex
    /// \section{More results}\label{sec:results}
    /// ```
    ///
    /// ## Fix
    /// Give the second its own label, and update the references meant for
    /// it:
    /// ```text
    /// \section{More results}\label{sec:more-results}
    /// ```
    ///
    /// ## reStructuredText
    /// In reStructuredText, a target `.. _name:` or substitution
    /// `.. |name| replace::` defined twice in one document (two targets with
    /// the same URI are one), or a label `.. _name:` (or `:name:`) defined in
    /// two documents of a Sphinx project:
    /// ```text
    /// .. _datum:
    ///
    /// The datum_ is fixed.
    ///
    /// .. _datum: https://example.org/datum
    /// ```
    ///
    /// ## AsciiDoc
    /// An id written twice (`[[x]]`, `[#x]`, `anchor:x[]`) in a document
    /// and its include files, or an explicit id equal to one Asciidoctor
    /// generated for an earlier section (two sections with one title are
    /// fine: the second becomes `_title_2`):
    /// ```text
    /// == Methods
    ///
    /// [#_methods]
    /// .A table
    /// ```
    /// Give the table an id of its own.
    "duplicate-label", Error, "defined again here", FileAndUnit
}

/// reST targets of a document's own: `.. _name:` twice, or
/// `.. |name| replace:: …` twice.
fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (i, j) in graph.duplicates(RefKind::Target) {
        let def = &graph.doc.definitions[i];
        let original = &graph.doc.definitions[j];
        let what = if def.namespace.as_deref() == Some(crate::model::SUBSTITUTION) {
            "substitution"
        } else {
            "target"
        };
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("{what} `{}` is defined more than once in this document", def.label),
        )
        .help(format!("give this {what} its own name, or delete one of the two"))
        .related(original.label_span, format!("`{}` is first defined here", original.label));
    }
}

fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, def, first) in graph.duplicates() {
        if def.kind != RefKind::CrossRef {
            continue;
        }
        let (file, first_file) = (graph.file(at.0), graph.file(first.0));
        let original = graph.definition_at(first);
        let d = sink.report_in(
            file,
            def.label_span,
            Some(&def.label),
            format!("label `{}` is defined more than once in this document", def.label),
        );
        d.help("give this one its own label, and update the references meant for it");
        let note = if original.origin == crate::model::Origin::Generated {
            format!("the id `{}` is made from this section title", original.key())
        } else {
            format!("`{}` is first defined here", original.label)
        };
        d.related_from(file, first_file, original.label_span, note);
    }
}
