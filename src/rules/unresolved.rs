use super::{noun, Sink};
use crate::graph::{RefGraph, UnitGraph};
use crate::model::{Marker, RefKind};
use rustc_hash::FxHashMap;

rule! {
    /// A note marker whose label has no definition in its scope.
    ///
    /// ## Why
    /// The note was deleted, renumbered or never written: readers who follow
    /// the marker find nothing. A notes block resolves the markers written
    /// since the previous notes block, so a marker in chapter 2 is not
    /// resolved by chapter 1's notes.
    ///
    /// ## Example
    /// ```text
    /// Khamenei ordered to arm the fighters.[4]
    ///
    /// [1] IRNA (Iran), July 9, 2023.
    /// ```
    ///
    /// ## Fix
    /// Add the missing note, or correct or remove the marker:
    /// ```text
    /// Khamenei ordered to arm the fighters.[1]
    ///
    /// [1] IRNA (Iran), July 9, 2023.
    /// ```
    ///
    /// ## Markdown
    /// A footnote whose label lost its colon is read as one more marker
    /// with no note. It is reported once, on its own line, with the
    /// markers it would resolve:
    /// ```text
    /// Its crest was raised after the storm.[^2]
    ///
    /// [^2] Survey of the outer wall, 1979.
    /// ```
    /// Write `[^2]: Survey of the outer wall, 1979.`
    ///
    /// ## reStructuredText
    /// In reStructuredText, `[3]_` with no `.. [3]`, or one `[#]_` more than
    /// there are `.. [#]` notes (they pair in order); in a Sphinx project,
    /// a citation `[CIT2002]_` that no document of the project defines:
    /// ```text
    /// Both moves shifted the datum [#]_ and the clock [#]_.
    ///
    /// .. [#] By 4 cm; see the survey.
    /// ```
    /// Add the second `.. [#]` note, or remove the extra marker.
    ///
    /// ## AsciiDoc
    /// `footnote:x[]` names a footnote defined with `footnote:x[text]`;
    /// Asciidoctor resolves it only when the definition comes first in
    /// the document (its include files read in place), and prints the
    /// reference as text otherwise:
    /// ```text
    /// Two seasons.footnote:seasons[] The first report was late.footnote:seasons[Spring 2019.]
    /// ```
    /// Write the text at the first use, and `footnote:seasons[]` after it.
    ///
    /// ## Wikitext
    /// In wikitext, a name reused with `<ref name="x" />` (or `{{r|x}}`,
    /// `{{efn|name=x}}`) that no `<ref name="x">…</ref>` of its group
    /// gives content, in the text or in a list; MediaWiki shows "no text
    /// was provided for refs named x". A reference list forgets the names
    /// before it: a reuse after `{{reflist}}` needs content of its own.
    /// ```text
    /// Cordgrass binds the mud.<ref name="brook">Brook, ''Cordgrass'', 2014.</ref>
    /// Geese graze it.<ref name="carver" />
    /// ```
    /// Give the note its content once, or reuse a name that has some.
    "unresolved", Error, "no definition has this label", FileAndUnit
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let unresolved: Vec<(usize, &Marker)> = graph.unresolved(RefKind::Note).collect();
    // The unresolved markers of each label in each scope, in order.
    let mut named: FxHashMap<(usize, &str), Vec<usize>> = FxHashMap::default();
    for &(i, marker) in &unresolved {
        let key = (graph.marker_scope(i), marker.label.as_str());
        named.entry(key).or_default().push(i);
    }
    // A note whose label lost its separator (`[^5] Text` for `[^5]:
    // Text`) reads as one more marker: it is reported once, there, and
    // the markers that name it are not reported again.
    let mut unseparated: FxHashMap<(usize, &str), (usize, String)> = FxHashMap::default();
    for &(i, marker) in &unresolved {
        if let Some(separator) = missing_separator(graph, marker) {
            let key = (graph.marker_scope(i), marker.label.as_str());
            unseparated.entry(key).or_insert((i, separator));
        }
    }
    for &(i, marker) in &unresolved {
        let scope = graph.marker_scope(i);
        let key = (scope, marker.label.as_str());
        if let Some((at, separator)) = unseparated.get(&key) {
            if *at == i {
                report_unseparated(graph, sink, (i, marker), separator, &named[&key]);
            }
            continue;
        }
        let block = graph.block(scope);
        let noun = noun(block.map(|b| b.kind));
        let label = graph.notation.marker(&marker.label);
        let section = if noun == "note" {
            "notes section"
        } else {
            "references section"
        };
        if graph.is_ambiguous(i) {
            sink.report(
                marker.span,
                Some(&marker.label),
                format!("{noun} marker {label} names a {noun} defined more than once, so it refers to neither"),
            )
            .help(format!("give one of the {noun}s {label} another label"));
            continue;
        }
        let d = sink.report(
            marker.span,
            Some(&marker.label),
            format!("{noun} marker {label} has no matching {noun}"),
        );
        // A notes section is named only where the document has one.
        let add = graph.notation.definition(&marker.label);
        d.help(if block.is_some() {
            format!("add `{add}` to the {section} or remove the marker")
        } else {
            format!("add `{add}` or remove the marker")
        });
        if let Some(block) = block {
            let start = block.heading.unwrap_or(block.span).start;
            let at = crate::model::Span::new(start, start);
            d.related(at, format!("{section} starts here"));
        }
    }
}

/// The separator a note's label lacks, when `marker` starts its line
/// (after at most three spaces), alone, followed by a blank and more
/// text, where the dialect writes a note as its marker, a separator and
/// the text (`[^5]: …`, where `[^5] …` is a marker).
fn missing_separator(graph: &RefGraph<'_>, marker: &Marker) -> Option<String> {
    if marker.span != marker.label_span {
        return None;
    }
    let definition = graph.notation.definition(&marker.label);
    let form = graph.notation.marker(&marker.label);
    let separator = definition.strip_prefix(&form)?.split(' ').next()?;
    // A few bytes either side only: a line of many markers stays linear.
    let bytes = graph.text.as_bytes();
    let start = marker.span.start;
    let indent = bytes[start.saturating_sub(4)..start]
        .iter()
        .rev()
        .take_while(|&&b| b == b' ')
        .count();
    let starts_line = indent <= 3 && (start == indent || bytes[start - indent - 1] == b'\n');
    let after = &bytes[marker.span.end..];
    let blanks = after
        .iter()
        .take_while(|&&b| matches!(b, b' ' | b'\t'))
        .count();
    let text_follows = blanks > 0 && after.get(blanks).is_some_and(|&b| !matches!(b, b'\n' | b'\r'));
    (!separator.is_empty() && starts_line && text_follows).then(|| separator.to_owned())
}

/// One finding for a note written without its separator, naming the
/// markers before it that it would resolve.
fn report_unseparated(
    graph: &RefGraph<'_>,
    sink: &mut Sink<'_>,
    (i, marker): (usize, &Marker),
    separator: &str,
    named: &[usize],
) {
    let label = graph.notation.marker(&marker.label);
    let d = sink.report(
        marker.span,
        Some(&marker.label),
        format!("note {label} lacks the `{separator}` after its label, so it is read as a marker with no note"),
    );
    d.help(format!(
        "write `{}` to make this line the note",
        graph.notation.definition(&marker.label)
    ));
    for &j in named.iter().filter(|&&j| j != i) {
        let other = &graph.doc.markers[j];
        d.related(other.label_span, format!("marker {label} names it"));
    }
}

/// Notes a unit shares (reST `[CIT]_` in a Sphinx project, AsciiDoc
/// `footnote:x[]`, which must follow its definition).
fn check_unit(graph: &UnitGraph<'_>, sink: &mut Sink<'_>) {
    for (at, marker) in graph.unresolved() {
        if marker.kind != RefKind::UnitNote {
            continue;
        }
        let notation = graph.notation(at.0);
        let noun = notation.shared_note;
        let label = notation.marker(&marker.label);
        let add = notation.definition(&marker.label);
        if let Some(later) = graph.defined_later(at) {
            let d = sink.report_in(
                graph.file(at.0),
                marker.span,
                Some(&marker.label),
                format!("{noun} reference {label} comes before the {noun} it names"),
            );
            d.help(format!(
                "move the text `{add}` to the first place the {noun} is used: a reference resolves only to a {noun} defined before it"
            ));
            let first = graph.definition_at(later);
            let note = format!("{noun} `{}` is defined here, later", marker.label);
            d.related_from(graph.file(at.0), graph.file(later.0), first.label_span, note);
            continue;
        }
        sink.report_in(
            graph.file(at.0),
            marker.span,
            Some(&marker.label),
            format!("{noun} {label} has no matching {noun}"),
        )
        .help(format!("add `{add}` or remove the reference"));
    }
}
