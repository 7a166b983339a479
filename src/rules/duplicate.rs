use super::{noun, Sink};
use crate::graph::{RefGraph, UnitGraph};
use crate::model::RefKind;

rule! {
    /// A label defined more than once in one notes block.
    ///
    /// ## Why
    /// Markers resolve to the first definition; the second is either a
    /// leftover copy or a note that lost its own number. The message says
    /// whether the two bodies are identical, so a copy can simply go.
    ///
    /// ## Example
    /// ```text
    /// Text.[1] More text.[2]
    ///
    /// [1] First source.
    /// [1] Second source.
    /// ```
    ///
    /// ## Fix
    /// Renumber the second note, or delete it when it is a copy:
    /// ```text
    /// Text.[1] More text.[2]
    ///
    /// [1] First source.
    /// [2] Second source.
    /// ```
    ///
    /// ## reStructuredText
    /// In reStructuredText, `.. [1]` twice in a document, or a citation
    /// `.. [CIT2002]` in two documents of a Sphinx project. docutils then
    /// resolves no reference to the label, and says so:
    /// ```text
    /// .. [1] Brook, *Cordgrass*, 2014.
    /// .. [1] Brook, *Cordgrass*, 2014.
    /// ```
    /// Delete the copy, or give the second note its own label.
    ///
    /// ## AsciiDoc
    /// `footnote:x[text]` written twice with different texts: Asciidoctor
    /// keeps the first text and silently drops the second (the same text
    /// again is a reference, and is fine):
    /// ```text
    /// Two seasons.footnote:seasons[Spring 2019 and 2020.]
    /// Later.footnote:seasons[Spring and autumn 2019.]
    /// ```
    /// Give the second footnote its own id, or make it `footnote:seasons[]`.
    ///
    /// ## Wikitext
    /// In wikitext, one name given two different contents in its group
    /// (MediaWiki: "name defined multiple times with different content";
    /// it shows the first). The same content again is legal, and not
    /// reported:
    /// ```text
    /// Accretion keeps pace.<ref name="ames">Ames, ''Salt Marshes'', 2011.</ref>
    /// Creeks migrate.<ref name="ames">Ames, ''Tidal Creeks'', 2013.</ref>
    /// ```
    /// Give the second source its own name, or reuse the first with
    /// `<ref name="ames" />`.
    "duplicate", Error, "defined again here", FileAndUnit
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (i, j) in graph.duplicates(RefKind::Note) {
        let def = &graph.doc.definitions[i];
        let original = &graph.doc.definitions[j];
        let same = normalized(def.body.of(graph.text)).eq(normalized(original.body.of(graph.text)));
        let noun = noun(graph.block_kind(graph.def_scope(i)));
        let label = graph.notation.marker(&def.label);
        let bodies = if same {
            "the bodies are identical"
        } else {
            "the bodies differ"
        };
        sink.report(
            def.label_span,
            Some(&def.label),
            format!("{noun} {label} is defined more than once; {bodies}"),
        )
        .help(if same {
            format!("delete this copy of {label}")
        } else if crate::model::label_number(&def.label).is_some() {
            format!("renumber this {noun} or merge it into the first {label}")
        } else {
            format!("rename this {noun} or merge it into the first {label}")
        })
        .related(original.label_span, format!("{label} is first defined here"));
    }
}

fn normalized(body: &str) -> impl Iterator<Item = &str> {
    body.split_whitespace()
}

/// Notes a unit shares (reST `.. [CIT]` in two documents of a Sphinx
/// project, AsciiDoc `footnote:x[…]` with two texts), at the later one.
fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, def, first) in graph.duplicates() {
        if def.kind != RefKind::UnitNote {
            continue;
        }
        let (file, first_file) = (graph.file(at.0), graph.file(first.0));
        let original = graph.definition_at(first);
        let notation = graph.notation(at.0);
        let noun = notation.shared_note;
        let label = notation.marker(&def.label);
        let d = sink.report_in(
            file,
            def.label_span,
            Some(&def.label),
            format!("{noun} {label} is defined more than once"),
        );
        d.help(format!(
            "delete this copy of {label}, or give it its own label (the first definition is the one used)"
        ));
        let note = format!("{label} is first defined here");
        d.related_from(file, first_file, original.label_span, note);
    }
}
