use super::{bracketed, Sink};
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A Markdown link reference definition, `[ref]: url`, that no link or
    /// image uses.
    ///
    /// ## Why
    /// It is usually left over from a deleted link, or the link that
    /// should use it has a misspelt label and points nowhere.
    ///
    /// ## Example
    /// ```text
    /// Read the [manual][man].
    ///
    /// [man]: https://example.com/manual
    /// [faq]: https://example.com/faq
    /// ```
    ///
    /// ## Fix
    /// Use the definition, or delete it:
    /// ```text
    /// Read the [manual][man] and the [FAQ][faq].
    ///
    /// [man]: https://example.com/manual
    /// [faq]: https://example.com/faq
    /// ```
    "unused-link-definition", Warning, "nothing links here"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (_, def) in graph.unreferenced(RefKind::Link) {
        let label = bracketed(&def.label);
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("link definition {label} is never used"),
        )
        .help(format!("link to it with `[text]{label}`, or delete the definition"));
    }
}
