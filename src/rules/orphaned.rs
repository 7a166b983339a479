use super::{noun, Sink};
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A note or reference-list entry that no marker refers to.
    ///
    /// ## Why
    /// Its marker was deleted with the sentence it stood in, or points at
    /// another number by mistake. Readers never reach the note.
    ///
    /// ## Example
    /// ```text
    /// Text.[1]
    ///
    /// [1] First source.
    /// [2] A source nobody cites.
    /// ```
    ///
    /// ## Fix
    /// Put the marker back where the source is used, or delete the note:
    /// ```text
    /// Text.[1] Claim.[2]
    ///
    /// [1] First source.
    /// [2] A source nobody cites.
    /// ```
    "orphaned", Error, "nothing refers to this"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (i, def) in graph.unreferenced(RefKind::Note) {
        let noun = noun(graph.block_kind(graph.def_scope(i)));
        let label = graph.notation.marker(&def.label);
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("{noun} {label} is never referenced"),
        )
        .help(format!(
            "refer to it with {label} in the text, or delete the {noun}"
        ));
    }
}
