use super::Sink;
use crate::graph::{RefGraph, UnitGraph};
use crate::model::RefKind;

rule! {
    /// A cross-reference to a label that no file of its document defines:
    /// `\ref{sec:intro}` with no `\label{sec:intro}` in the root or any file
    /// it includes.
    ///
    /// In a Quarto project: `@fig-x` with no `{#fig-x}` or chunk labelled
    /// `fig-x` in any file of the project. In a MyST project: `{ref}`x``
    /// with no target `(x)=` or directive named `x`.
    ///
    /// ## Why
    /// LaTeX prints `??` where the number should be and warns only in its
    /// log, without the file when the reference is in an included chapter;
    /// the warning is easy to miss among a build's hundreds of lines. A
    /// label renamed in one chapter breaks references in every other.
    /// Quarto prints `?@fig-x` and, read as a citation, the reference was
    /// once reported as an unknown citation; it is a cross-reference.
    ///
    /// ## Example
    /// ```text
    /// \section{Method}\label{sec:method}
    /// As shown in Section~\ref{sec:methods}, …
    /// ```
    ///
    /// ## Fix
    /// Correct the reference, or define the label it names:
    /// ```text
    /// \section{Method}\label{sec:method}
    /// As shown in Section~\ref{sec:method}, …
    /// ```
    ///
    /// ## reStructuredText
    /// In reStructuredText: a hyperlink reference `` `name`_ `` with no
    /// `.. _name:` target (or section title) in its document, a substitution
    /// `|name|` with no `.. |name| replace:: …`, and in a Sphinx project a
    /// `:ref:` or `:numref:` to a label no document defines, a `:doc:` or
    /// toctree entry naming a document that does not exist, or an `:eq:` to a
    /// `math` `:label:` that is not there:
    /// ```text
    /// See :ref:`calibrate` and the `harbor board`_.
    ///
    /// .. _harbour board: https://example.org/board
    /// ```
    ///
    /// ## AsciiDoc
    /// `<<x>>` or `xref:x[]` with no `[[x]]`, `[#x]`, `anchor:x[]` or
    /// section whose generated id (`_section_title`, after `idprefix` and
    /// `idseparator`) is `x` in the document and its include files;
    /// `<<Section Title>>` with no such title; `xref:other.adoc#x[]` when
    /// `other.adoc` or its `x` does not exist:
    /// ```text
    /// See <<sampling_plan>>.
    ///
    /// == Sampling Plan
    /// ```
    /// Refer to `<<_sampling_plan>>` (the id Asciidoctor makes), or give the
    /// section the id `[[sampling_plan]]`.
    "undefined-ref", Error, "no label has this name", FileAndUnit
}

/// reST targets of a document's own: `` `name`_ `` and `|name|`.
fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (i, marker) in graph.unresolved(RefKind::Target) {
        if graph.is_ambiguous(i) {
            sink.report(
                marker.label_span,
                Some(&marker.label),
                format!("`{}` is defined more than once in this document, so the reference resolves to neither", marker.label),
            )
            .help("keep one definition of the name, or give the other its own name");
            continue;
        }
        if marker.namespace.as_deref() == Some(crate::model::SUBSTITUTION) {
            sink.report(
                marker.label_span,
                Some(&marker.label),
                format!("substitution |{}| is not defined in this document", marker.label),
            )
            .help(format!(
                "define it with `.. |{}| replace:: …`, or correct the name",
                marker.label
            ));
        } else {
            sink.report(
                marker.label_span,
                Some(&marker.label),
                format!("hyperlink reference `{}`_ has no target in this document", marker.label),
            )
            .help(format!(
                "define the target with `.. _{}:`, or correct the reference",
                marker.label
            ));
        }
    }
}

fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, marker) in graph.unresolved() {
        if marker.kind != RefKind::CrossRef {
            continue;
        }
        let (message, help) = match marker.namespace.as_deref() {
            Some("doc") if marker.key() != marker.label => (
                format!(
                    "reference to document `{}`, which is not in this project (looked for `{}`)",
                    marker.label,
                    marker.key()
                ),
                "correct the path (relative to this document, or `/` for the project's folder)",
            ),
            Some("doc") => (
                format!(
                    "reference to document `{}`, which is not in this project",
                    marker.label
                ),
                "correct the path (relative to this document, or `/` for the project's folder)",
            ),
            Some("eq") => (
                format!("reference to equation `{}`, which no equation label defines", marker.label),
                "correct the reference, or give the equation this `:label:`",
            ),
            Some(crate::dialect::asciidoc::TITLE) => (
                format!(
                    "reference to `{}`, which no section title or reference text in this document matches",
                    marker.label
                ),
                "write the title exactly as it is written, or refer to the section's id",
            ),
            None if marker.kind == RefKind::CrossRef && marker.key().contains('#') => {
                let (path, id) = marker.key().split_once('#').unwrap_or_default();
                if id.is_empty() {
                    (
                        format!("reference to document `{path}`, which does not exist"),
                        "correct the path (from the folder of the document's root file)",
                    )
                } else {
                    (
                        format!(
                            "reference to `{id}` in `{path}`: no such document, or no such id in it"
                        ),
                        "correct the path (from the folder of the document's root file) or the id",
                    )
                }
            }
            _ => (
                format!("reference to `{}`, which no label in this document defines", marker.label),
                "correct the reference, or define the label it names",
            ),
        };
        sink.report_in(graph.file(at.0), marker.label_span, Some(&marker.label), message)
            .help(help);
    }
}
