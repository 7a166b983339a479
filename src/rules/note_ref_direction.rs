use rustc_hash::FxHashMap;

use super::{checks_note_refs, quoted, sayer, Sink};
use crate::graph::RefGraph;
use crate::model::{NoteRefForm, RefKind, Span};

rule! {
    /// A note-to-note reference that points the wrong way: "supra" or
    /// "above" naming a later note, "infra" or "below" an earlier one.
    ///
    /// "Supra note 12", "note 12 above" and "above, note 12" point back;
    /// "infra note 3", "note 3 below" and "below, note 3" ahead. A note
    /// comes where its first marker is (where it has none, where it is
    /// written); a reference in a note comes where that note does.
    ///
    /// ## Why
    /// "Supra" and "above" send the reader back, "infra" and "below"
    /// ahead. A reference that points the wrong way names the wrong note
    /// (notes were reordered, or a number mistyped), or its direction
    /// word is wrong; either way the reader looks in the wrong place.
    ///
    /// ## Example
    /// ```text
    /// First.[1] Second.[2] Third.[3]
    ///
    /// Notes
    ///
    /// [1] Smith, The Book (2001), 4.
    /// [2] Smith, supra note 3, at 9.
    /// [3] Jones, Another Book (1999), 12.
    /// ```
    ///
    /// ## Fix
    /// Correct the number, or the direction:
    /// ```text
    /// [2] Smith, supra note 1, at 9.
    /// ```
    "note-ref-direction", Warning, "points the wrong way"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let directed = |form| matches!(form, NoteRefForm::Back | NoteRefForm::Forward);
    if !graph.note_refs().any(|(_, r)| directed(r.form)) {
        return;
    }
    // Where each note is first referenced (the first definition of its
    // label stands for every copy).
    let mut first_marker: FxHashMap<usize, usize> = FxHashMap::default();
    for (i, m) in graph.markers().filter(|(_, m)| m.kind == RefKind::Note) {
        if let Some(d) = graph.targets(i).next() {
            first_marker.entry(d).or_insert(m.label_span.start);
        }
    }
    let position = |d: usize| {
        first_marker
            .get(&d)
            .copied()
            .unwrap_or(graph.doc.definitions[d].label_span.start)
    };
    let checks = checks_note_refs(graph);
    for (i, r) in graph.note_refs().filter(|(_, r)| directed(r.form)) {
        let scope = graph.note_ref_scope(i);
        if !checks[scope] {
            continue;
        }
        let holder = graph.note_ref_holder(i);
        let here = holder.map_or(r.span.start, position);
        for target in &r.targets {
            for n in target.numbers() {
                let Some(d) = graph.numbered_note(scope, n) else {
                    continue;
                };
                if Some(d) == holder {
                    continue;
                }
                let back = r.form == NoteRefForm::Back;
                let there = position(d);
                if there == here || (there < here) == back {
                    continue;
                }
                let span = target.digits_of(n);
                let label = n.to_string();
                let note = graph.notation.marker(&label);
                let (way, other) = if back {
                    ("after", "“infra” or “below”")
                } else {
                    ("before", "“supra” or “above”")
                };
                let place = match holder {
                    Some(_) => sayer(graph, holder),
                    None => "this point".to_owned(),
                };
                let message = format!(
                    "{} says {}, but note {note} comes {way} {place}",
                    sayer(graph, holder),
                    quoted(graph.text, with_place(graph.text, r.span)),
                );
                sink.report(span, Some(&label), message).help(format!(
                    "correct the number, or write {other} if it means note {note}"
                ));
            }
        }
    }
}

/// The reference's span with the "above"/"below" after its last number
/// ("note 12 above"), for quoting: the span itself ends at the number.
fn with_place(text: &str, span: Span) -> Span {
    let after = &text[span.end..];
    let rest = after.strip_prefix(',').unwrap_or(after);
    let word = rest.trim_start();
    if word.len() == rest.len() {
        return span;
    }
    let placed = ["above", "below"].iter().any(|w| {
        word.get(..w.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
            && !word[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    });
    if placed {
        Span::new(span.start, text.len() - word.len() + 5)
    } else {
        span
    }
}
