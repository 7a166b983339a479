use super::{checks_note_refs, quoted, sayer, Sink};
use crate::graph::RefGraph;
use crate::model::{NoteRef, NoteRefForm};

rule! {
    /// A note-to-note reference ("see note 12", "supra note 4", "n. 7")
    /// naming a note that does not exist in its scope.
    ///
    /// Read in note bodies ("see note 12", "n. 7", "nn. 3–5", "notes 3 and
    /// 7", "supra note 4", "note 4 above", "infra n. 30") and in the text
    /// (only "see note 12", "note 12 above/below", "supra/infra note 12"),
    /// in scopes whose notes are numbered notes of a notes block; one
    /// finding per missing number.
    ///
    /// ## Why
    /// Notes that point at each other by number break silently when notes
    /// are added, deleted or renumbered: the reader follows "see note 12"
    /// to a note that is not there, or (worse) to the wrong one. A number
    /// past the last note is the first sign.
    ///
    /// ## Example
    /// ```text
    /// The first claim.[1] The second claim.[2]
    ///
    /// Notes
    ///
    /// [1] Smith, The Book (2001), 4.
    /// [2] See note 3 for the argument.
    /// ```
    ///
    /// ## Fix
    /// Point the reference at the note it means:
    /// ```text
    /// [2] See note 1 for the argument.
    /// ```
    "bad-note-ref", Error, "no such note"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let numbered = |r: &NoteRef| r.form != NoteRefForm::Ibid;
    if !graph.note_refs().any(|(_, r)| numbered(r)) {
        return;
    }
    let checks = checks_note_refs(graph);
    for (i, r) in graph.note_refs().filter(|(_, r)| numbered(r)) {
        let scope = graph.note_ref_scope(i);
        if !checks[scope] {
            continue;
        }
        for target in &r.targets {
            for n in target.numbers() {
                if graph.numbered_note(scope, n).is_some() {
                    continue;
                }
                // The digits of the number, or the range that implies it.
                let span = target.digits_of(n);
                let label = n.to_string();
                let notation = graph.notation;
                let message = format!(
                    "{} says {}, and there is no note {}",
                    sayer(graph, graph.note_ref_holder(i)),
                    quoted(graph.text, r.span),
                    notation.marker(&label)
                );
                sink.report(span, Some(&label), message).help(format!(
                    "correct the number, or add the note it names ({})",
                    notation.definition(&label)
                ));
            }
        }
    }
}
