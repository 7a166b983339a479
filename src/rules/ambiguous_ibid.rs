use super::{quoted, Sink};
use crate::graph::RefGraph;
use crate::model::{emphasis_tag_at, BlockKind, NoteRef, NoteRefForm, Span};

rule! {
    /// "Ibid." or "Id." opening the first note of its scope, or a note
    /// that follows one citing more than one source.
    ///
    /// In the first note there is no note before it to repeat; after a
    /// note citing two sources the reader cannot tell which it repeats.
    ///
    /// An "Id." later in a note ("Smith, 4; id. at 5") repeats the
    /// citation before it in the same note and is not checked. A note
    /// cites more than one source when `;` separates citations in it
    /// (outside parentheses, brackets and quotes).
    ///
    /// ## Why
    /// "Ibid." means "the source just cited". In a scope's first note it
    /// repeats nothing (often a note before it was deleted or moved);
    /// after a note that cites two sources it could be either. Both
    /// happen when notes are reordered, which keeps every marker and
    /// every note intact.
    ///
    /// ## Example
    /// ```text
    /// First claim.[1] Second claim.[2]
    ///
    /// Notes
    ///
    /// [1] Smith, The Book (2001), 4; Jones, Another Book (1999), 7.
    /// [2] Ibid., 9.
    /// ```
    ///
    /// ## Fix
    /// Name the source (a short form will do):
    /// ```text
    /// [2] Jones, Another Book, 9.
    /// ```
    "ambiguous-ibid", Warning, "unclear what it repeats"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let text = graph.text;
    for (i, r) in graph.note_refs() {
        if r.form != NoteRefForm::Ibid {
            continue;
        }
        let Some(holder) = graph.note_ref_holder(i) else {
            continue;
        };
        let def = &graph.doc.definitions[holder];
        if graph.block_kind(graph.note_ref_scope(i)) != Some(BlockKind::Notes)
            || !r.opens(text, def.body)
        {
            continue;
        }
        let word = quoted(text, r.span);
        let note = graph.notation.marker(&def.label);
        match graph.previous_note(holder) {
            None => {
                sink.report(
                    r.span,
                    Some(&def.label),
                    format!(
                        "{word} opens note {note}, the first note of its scope: there is no \
                         note before it to repeat"
                    ),
                )
                .help("write the citation it means in full");
            }
            Some(before) => {
                let prev = &graph.doc.definitions[before];
                let sources = sources(text, prev.body, &graph.doc.note_refs);
                if sources < 2 {
                    continue;
                }
                let prev_note = graph.notation.marker(&prev.label);
                sink.report(
                    r.span,
                    Some(&def.label),
                    format!(
                        "{word} opens note {note}, and note {prev_note} before it cites \
                         {sources} sources: which one it repeats is unclear"
                    ),
                )
                .related(prev.body, format!("note {prev_note} cites {sources} sources"))
                .help("name the source it repeats (a short form will do)");
            }
        }
    }
}

/// Words that join citations, or point into one, without naming a
/// source ("see also", "and", "id. at 5", "p. 4").
const CONNECTIVES: [&str; 18] = [
    "and", "or", "also", "see", "cf", "compare", "contra", "but", "accord", "generally", "with",
    "id", "ibid", "at", "p", "pp", "n", "nn",
];

/// Signals that may come before "id." opening a stretch ("See, e.g.,").
const SIGNALS: [&str; 6] = ["see", "also", "cf", "e", "g", "generally"];

/// How many citations a note's body holds: stretches that `;` separates
/// outside parentheses, brackets, braces, quotes and code spans (`&amp;`
/// and other character references are no separator), each with a word
/// that names something. A stretch that only points at other notes
/// ("see also note 2", "id. at 5") names nothing new: `refs` (the
/// document's, in order) are left out, and so are connectives. A
/// stretch that opens with "id." or "ibid" (after a signal, in any
/// markup: `*id.* section 4`) repeats the source before it.
fn sources(text: &str, body: Span, refs: &[NoteRef]) -> usize {
    let first = refs.partition_point(|r| r.span.start < body.start);
    let mut holes = refs[first..]
        .iter()
        .take_while(|r| r.span.end <= body.end)
        .map(|r| r.span)
        .peekable();
    let bytes = text.as_bytes();
    let (mut depth, mut straight, mut code) = (0usize, false, false);
    let (mut count, mut named) = (0, false);
    // Whether the stretch has had only signals so far, and whether it
    // opened with "id."/"ibid".
    let (mut opening, mut repeats) = (true, false);
    let mut i = body.start;
    while let Some(c) = text[i..body.end].chars().next() {
        while holes.peek().is_some_and(|h| h.end <= i) {
            holes.next();
        }
        if let Some(hole) = holes.peek().filter(|h| h.start <= i) {
            i = hole.end;
            continue;
        }
        if c == '<' {
            if let Some(tag) = emphasis_tag_at(&bytes[..body.end], i) {
                i += tag;
                continue;
            }
        }
        if c.is_alphanumeric() {
            let word = text[i..body.end]
                .split(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or_default();
            let signal = opening && SIGNALS.iter().any(|w| word.eq_ignore_ascii_case(w));
            if opening {
                let stop = bytes.get(i + word.len()) == Some(&b'.');
                repeats = word.eq_ignore_ascii_case("ibid") || word.eq_ignore_ascii_case("id") && stop;
                opening = signal;
            }
            named |= !repeats
                && !signal
                && !word.bytes().all(|b| b.is_ascii_digit())
                && !CONNECTIVES.iter().any(|w| word.eq_ignore_ascii_case(w));
            i += word.len();
            continue;
        }
        match c {
            '(' | '[' | '{' | '\u{201c}' => depth += 1,
            ')' | ']' | '}' | '\u{201d}' => depth = depth.saturating_sub(1),
            '"' => straight = !straight,
            '`' => code = !code,
            ';' if depth == 0 && !straight && !code && !is_entity_end(bytes, i) => {
                count += usize::from(named);
                (named, opening, repeats) = (false, true, false);
            }
            _ => {}
        }
        i += c.len_utf8();
    }
    count + usize::from(named)
}

/// Whether the `;` at `at` ends a character reference (`&amp;`, `&#8212;`).
fn is_entity_end(bytes: &[u8], at: usize) -> bool {
    let name = bytes[..at]
        .iter()
        .rev()
        .take(32)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    name > 0 && at > name && bytes[at - name - 1] == b'&'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count(body: &str) -> usize {
        sources(body, Span::new(0, body.len()), &[])
    }

    #[test]
    fn counts_sources() {
        assert_eq!(count("Smith, Book (2001), 4."), 1);
        assert_eq!(count("Smith, Book, 4; Jones, Other, 7."), 2);
        assert_eq!(count("Smith (citing A; B), 4."), 1);
        assert_eq!(count("“A title; with a subtitle,” 4."), 1);
        assert_eq!(count("Smith &amp; Jones, Book, 4."), 1);
        assert_eq!(count("Smith, 4; ; ."), 1);
        assert_eq!(count("Smith, 4; and also ."), 1);
        assert_eq!(count("Smith, Book, 4; id. at 5, n. 3."), 1);
        assert_eq!(count("A; B; C"), 3);
        assert_eq!(count("Code `a; b` here."), 1);
    }

    /// A stretch opening with "id." repeats the source before it, in
    /// any markup and after a signal.
    #[test]
    fn id_opening_a_stretch_repeats() {
        assert_eq!(count("Laws ch. 16, section 104(e); *id.* section 109."), 1);
        assert_eq!(count("Laws ch. 16, section 104(e); _id._ section 109."), 1);
        assert_eq!(count("Laws ch. 16, section 104(e); <i>id.</i> section 109."), 1);
        assert_eq!(count("Laws, 4; ibid section 109."), 1);
        assert_eq!(count("Laws, 4; see, e.g., *id.* section 109."), 1);
        assert_eq!(count("Laws, 4; <i>Smith</i>, Book."), 2);
        // "Id" without its stop is no "id.".
        assert_eq!(count("Laws, 4; Id Software, Doom."), 2);
        // "id." later in a stretch is no repeat of the stretch.
        assert_eq!(count("Laws, 4; Smith, Book, id. at 5."), 2);
    }

    /// "see also note 2" cites no source of its own.
    #[test]
    fn note_refs_are_no_sources() {
        let body = "Smith, Book, 4; see also note 2.";
        let at = body.find("see").unwrap_or_default();
        let refs = [NoteRef {
            span: Span::new(at, body.len() - 1),
            form: NoteRefForm::Note,
            targets: Vec::new(),
        }];
        assert_eq!(sources(body, Span::new(0, body.len()), &refs), 1);
        assert_eq!(count(body), 2);
    }
}
