use super::{noun, Sink};
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A definition whose body is empty, or only whitespace and punctuation.
    ///
    /// ## Why
    /// The note's text was lost (often by an export that dropped a link and
    /// its label), leaving a number that promises a source and gives none.
    ///
    /// ## Example
    /// ```text
    /// Text.[1]
    ///
    /// [1] .
    /// ```
    ///
    /// ## Fix
    /// Restore the note's text:
    /// ```text
    /// Text.[1]
    ///
    /// [1] IRNA (Iran), July 9, 2023.
    /// ```
    ///
    /// ## reStructuredText
    /// In reStructuredText, a footnote or citation with no text:
    /// ```text
    /// Mudflats drain twice a day [1]_.
    ///
    /// .. [1]
    /// ```
    ///
    /// ## AsciiDoc
    /// `footnote:[]`, which Asciidoctor prints as text:
    /// ```text
    /// The survey ran for two seasons.footnote:[]
    /// ```
    /// Write the footnote's text inside the brackets, or delete the macro.
    ///
    /// ## Wikitext
    /// In wikitext, `<ref></ref>` or `{{efn}}` with no text and no name
    /// ("refs with no name must have content"), or a list-defined
    /// `<ref name="x"></ref>` ("defined in `<references>` … has no
    /// content"). A named `<ref name="x"></ref>` in the text is a reuse:
    /// ```text
    /// Mudflats drain twice a day.<ref></ref>
    /// ```
    "empty-note", Error, "this note is empty"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let notes = graph
        .definitions()
        .filter(|(_, d)| matches!(d.kind, RefKind::Note | RefKind::InlineNote | RefKind::UnitNote));
    for (i, def) in notes {
        if def.body.of(graph.text).chars().any(char::is_alphanumeric) {
            continue;
        }
        let span = crate::model::Span::new(def.label_span.start, def.body.end.max(def.label_span.end));
        if def.kind == RefKind::InlineNote {
            // `^[` … `]`, `\footnote{` … `}`: include the closing
            // bracket (`<ref></ref>` has none).
            let span = if graph.text[span.end..].starts_with([']', '}']) {
                crate::model::Span::new(span.start, span.end + 1)
            } else {
                span
            };
            sink.report(span, None, "inline note is empty".to_owned())
                .help(format!(
                    "write the note's text inside `{}`, or delete it",
                    graph.notation.inline_note
                ));
            continue;
        }
        let noun = noun(graph.block_kind(graph.def_scope(i)));
        let label = graph.notation.marker(&def.label);
        sink.report(span, Some(&def.label), format!("{noun} {label} is empty"))
            .help(format!("write the {noun}'s text after {label}, or delete it and its markers"));
    }
}
