use rustc_hash::FxHashSet;

use super::{bracketed, in_comment, Sink};
use crate::dialect::markdown::{anchors, near};
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
    /// Three kinds of unused definition are not reported:
    ///
    /// - Markdown's comment idiom, a definition that points nowhere:
    ///   `[//]: # (a note to editors)`, `[//]: <> (…)`, `[comment]: # "…"`.
    ///   It is a comment (an `ibid-ignore…` directive may be written in
    ///   it), never shown by renderers.
    /// - A section's link to its own heading, as templates write them:
    ///   a definition right under a heading whose destination is that
    ///   heading's anchor (or its own label's). The Rust RFC template
    ///   puts `[summary]: #summary` under `# Summary`, so that `[summary]`
    ///   links to the section; most documents made from the template use
    ///   few of them, and an unused one does no harm.
    ///   `heading-anchors = true` in `[rules.unused-link-definition]`
    ///   reports them too.
    /// - A definition that bracketed text nearly names (`[foo bar]` beside
    ///   `[foo-bar]: …`): `undefined-link` reports the bracket, with the
    ///   definition, and fixing it uses the definition.
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
    let heading_anchors = sink
        .config()
        .is_some_and(crate::config::Config::reports_heading_anchors);
    for def in reported(graph, heading_anchors) {
        let label = bracketed(&def.label);
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("link definition {label} is never used"),
        )
        .help(format!("link to it with `[text]{label}`, or delete the definition"));
    }
}

/// The link definitions this rule reports (and `ibid fix --unsafe`
/// deletes): unused, not a comment, not a heading anchor of a template
/// (unless `heading_anchors`), not what a broken link nearly names.
pub(crate) fn reported<'a>(
    graph: &RefGraph<'a>,
    heading_anchors: bool,
) -> Vec<&'a crate::model::Definition> {
    let mut unused = graph.unreferenced(RefKind::Link).peekable();
    if unused.peek().is_none() {
        return Vec::new();
    }
    let text = graph.text;
    // The definitions that links nothing defines nearly name: fixing the
    // link uses the definition, and the link's finding says so.
    let labels = graph.unresolved(RefKind::Link).map(|(_, m)| m.label.as_str());
    let meant: FxHashSet<usize> = near::nearest(labels, &graph.doc.definitions)
        .into_iter()
        .flatten()
        .map(|d| d.label_span.start)
        .collect();
    unused
        .map(|(_, def)| def)
        .filter(|def| {
            !(in_comment(&graph.doc.comments, def.label_span)
                || (!heading_anchors && anchors::heading_anchor(text, def))
                || meant.contains(&def.label_span.start))
        })
        .collect()
}
