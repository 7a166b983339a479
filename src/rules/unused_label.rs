use super::Sink;
use crate::graph::UnitGraph;
use crate::model::RefKind;

rule! {
    /// A label that no reference in its document uses.
    ///
    /// Off by default: authors label sections, figures and equations by
    /// habit. Enable it in `ibid.toml`:
    ///
    /// ```toml
    /// [rules.unused-label]
    /// severity = "warning"
    /// ```
    ///
    /// ## Why
    /// An unreferenced figure or table is often one the text forgot to
    /// discuss, and journals ask that every figure be referred to.
    ///
    /// ## Example
    /// ```text
    /// \begin{figure}\caption{Results}\label{fig:results}\end{figure}
    /// The results are good.
    /// ```
    ///
    /// ## Fix
    /// Refer to it, or drop the label:
    /// ```text
    /// The results (Figure~\ref{fig:results}) are good.
    /// ```
    "unused-label", Warning, "nothing references this label", Unit, off
}

fn check(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, def) in graph.unreferenced() {
        // Made-up ids and titles are not the author's labels; entries
        // are `unused-entry`'s.
        if def.kind != RefKind::CrossRef || def.origin != crate::model::Origin::Written || super::is_entry(graph, at) {
            continue;
        }
        sink.report_in(
            graph.file(at.0),
            def.label_span,
            Some(&def.label),
            format!("label `{}` is never referenced", def.label),
        )
        .help("refer to it, or remove the label");
    }
}
