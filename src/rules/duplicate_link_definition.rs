use super::{bracketed, in_comment, Sink};
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// The same link label defined twice; renderers use the first
    /// definition and ignore the second.
    ///
    /// ## Why
    /// Whoever edited the second definition expects it to take effect; it
    /// never does. Labels match case-insensitively, so `[Docs]` and
    /// `[docs]` collide.
    ///
    /// A definition that points nowhere, `[//]: # (…)`, is Markdown's
    /// comment idiom, written as often as there is something to say: a
    /// repeated one is not reported.
    ///
    /// ## Example
    /// ```text
    /// Read the [docs].
    ///
    /// [docs]: https://example.com/v1
    /// [Docs]: https://example.com/v2
    /// ```
    ///
    /// ## Fix
    /// Keep one definition:
    /// ```text
    /// Read the [docs].
    ///
    /// [docs]: https://example.com/v2
    /// ```
    "duplicate-link-definition", Warning, "defined again here"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (i, j) in graph.duplicates(RefKind::Link) {
        let def = &graph.doc.definitions[i];
        let first = &graph.doc.definitions[j];
        if in_comment(&graph.doc.comments, def.label_span) {
            continue;
        }
        let label = bracketed(&def.label);
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("link label {label} is defined more than once; the first definition wins"),
        )
        .help("delete one of the definitions")
        .related(first.label_span, format!("{} is first defined here", bracketed(&first.label)));
    }
}
