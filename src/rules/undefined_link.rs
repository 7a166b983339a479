use super::{bracketed, Sink};
use crate::dialect::markdown::near;
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A Markdown reference link or image, `[text][ref]` or `[ref][]`,
    /// whose label has no `[ref]: url` definition, or bracketed text that
    /// nearly names one.
    ///
    /// ## Why
    /// Renderers print the brackets as literal text: the link silently
    /// disappears from the published page.
    ///
    /// A shortcut `[text]` whose label nothing defines is ordinary prose
    /// in brackets and is not reported, unless a definition's label
    /// differs from it only in case, backticks, a `()` or `(..)` suffix,
    /// or spaces against hyphens and underscores: `` [`ptr::write`] ``
    /// beside `` [`ptr::write(..)`]: … ``, `[reference-level explanation]`
    /// beside `[reference-level-explanation]: …`. Then the writer meant
    /// the link, and the message names the definition. A bracket against
    /// a word (`r[cfg]`, `a[i]`) or alone on its line (a TOML table
    /// header) is syntax, not a near miss, and code, alt text and template
    /// syntax (`{{< x >}}`, `{% x %}`, `{{ x }}`) are never read.
    ///
    /// ## Example
    /// ```text
    /// See the [style guide][guide] and the [reference-level explanation].
    ///
    /// [guide-old]: https://example.com/style
    /// [reference-level-explanation]: #reference-level-explanation
    /// ```
    ///
    /// ## Fix
    /// Define the label, or point the link at an existing definition:
    /// ```text
    /// See the [style guide][guide] and the
    /// [reference-level explanation][reference-level-explanation].
    ///
    /// [guide]: https://example.com/style
    /// [reference-level-explanation]: #reference-level-explanation
    /// ```
    "undefined-link", Error, "no definition has this label"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let unresolved: Vec<_> = graph.unresolved(RefKind::Link).collect();
    if unresolved.is_empty() {
        return;
    }
    let labels = unresolved.iter().map(|(_, m)| m.label.as_str());
    let near = near::nearest(labels, &graph.doc.definitions);
    for ((_, marker), def) in unresolved.into_iter().zip(near) {
        let label = bracketed(&marker.label);
        let Some(def) = def else {
            sink.report(
                marker.span,
                Some(&marker.label),
                format!("link reference {label} has no definition"),
            )
            .help(format!("add `{label}: https://…` to the document, or fix the label"));
            continue;
        };
        let meant = bracketed(&def.label);
        let quoted = code(&meant);
        // A shortcut is all its own label: `[text]`, no second bracket.
        let shortcut = marker.span.len() == label.len();
        let (message, help) = if shortcut {
            (
                format!("{label} is not a link: no definition has this label; did you mean {quoted}?"),
                format!(
                    "write {}, or give the definition this label",
                    code(&format!("{label}{meant}"))
                ),
            )
        } else {
            (
                format!("link reference {label} has no definition; did you mean {quoted}?"),
                format!(
                    "use the label {quoted}, or add {} to the document",
                    code(&format!("{label}: https://…"))
                ),
            )
        };
        sink.report(marker.span, Some(&marker.label), message)
            .help(help)
            .related(def.label_span, format!("{meant} is defined here"));
    }
}

/// Markdown written as code in a message: `` `[a]` ``, or with double
/// backticks when it holds one (`` `` [`a`] `` ``).
fn code(markdown: &str) -> String {
    if markdown.contains('`') {
        format!("`` {markdown} ``")
    } else {
        format!("`{markdown}`")
    }
}
