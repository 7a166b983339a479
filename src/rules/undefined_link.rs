use super::{bracketed, Sink};
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A Markdown reference link or image, `[text][ref]` or `[ref][]`,
    /// whose label has no `[ref]: url` definition.
    ///
    /// ## Why
    /// Renderers print the brackets as literal text: the link silently
    /// disappears from the published page.
    ///
    /// ## Example
    /// ```text
    /// See the [style guide][guide] before writing.
    ///
    /// [guide-old]: https://example.com/style
    /// ```
    ///
    /// ## Fix
    /// Define the label, or point the link at an existing definition:
    /// ```text
    /// See the [style guide][guide] before writing.
    ///
    /// [guide]: https://example.com/style
    /// ```
    "undefined-link", Error, "no definition has this label"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (_, marker) in graph.unresolved(RefKind::Link) {
        let label = bracketed(&marker.label);
        sink.report(
            marker.span,
            Some(&marker.label),
            format!("link reference {label} has no definition"),
        )
        .help(format!("add `{label}: https://…` to the document, or fix the label"));
    }
}
