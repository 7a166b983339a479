use super::{noun, Sink};
use crate::graph::{RefGraph, UnitGraph};
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
    ///
    /// ## reStructuredText
    /// In reStructuredText, a footnote `.. [2]` or `.. [#]` that no `[2]_` or
    /// `[#]_` refers to, or a citation `.. [CIT2002]` that no document of its
    /// Sphinx project cites (Sphinx warns "Citation [CIT2002] is not
    /// referenced"):
    /// ```text
    /// Accretion keeps pace with the tide [AMES2011]_.
    ///
    /// .. [AMES2011] Ames, *Salt Marshes*, 2011.
    /// .. [BROOK2014] Brook, *Cordgrass*, 2014.
    /// ```
    ///
    /// ## Wikitext
    /// In wikitext, a list-defined note (inside `<references>…</references>`
    /// or `{{reflist|refs=…}}`) that no `<ref name="x" />` of its group uses
    /// (MediaWiki: "`<ref>` tag with name x defined in `<references>` is not
    /// used in prior text"):
    /// ```text
    /// {{reflist|refs=
    /// <ref name="ames">Ames, ''Salt Marshes'', 2011.</ref>
    /// <ref name="brook">Brook, ''Cordgrass'', 2014.</ref>
    /// }}
    /// ```
    "orphaned", Error, "nothing refers to this", FileAndUnit
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

/// Notes a unit shares (reST citations): never referenced from any of its documents.
fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, def) in graph.unreferenced() {
        if def.kind != RefKind::UnitNote {
            continue;
        }
        let notation = graph.notation(at.0);
        let label = notation.marker(&def.label);
        sink.report_in(
            graph.file(at.0),
            def.label_span,
            Some(&def.label),
            format!("{} {label} is never referenced", notation.shared_note),
        )
        .help(format!("cite it with {label} in the text, or delete it"));
    }
}
