use super::*;

fn dialect(id: &str) -> &'static Dialect {
    crate::dialect::by_id(id).unwrap()
}

fn fixed(text: &str, id: &str) -> Fixed {
    fix_text(text, dialect(id), &FixOptions::default())
}

#[test]
fn renumbers_plain_notes_by_first_reference() {
    let text =
        "First.[1] Second.[3] Third.[2]\n\nNotes\n\n[1] One.\n\n[2] Two,\n  two.\n\n[3] Three.\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "First.[1] Second.[2] Third.[3]\n\nNotes\n\n[1] One.\n\n[2] Three.\n\n[3] Two,\n  two.\n"
    );
    assert_eq!(out.fixes.len(), 1, "{:?}", out.fixes);
    assert_eq!(fixed(&out.text, "plain").fixes, []);
}

#[test]
fn closes_a_gap() {
    let text = "A.[1] B.[2] C.[4]\n\nNotes\n\n[1] One.\n[2] Two.\n[4] Four.\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "A.[1] B.[2] C.[3]\n\nNotes\n\n[1] One.\n[2] Two.\n[3] Four.\n"
    );
}

#[test]
fn groups_and_ranges() {
    let text = "A.[1] B.[5] C.[2–4] D.[3]-[5]\n\nNotes\n\n[1] a\n[2] b\n[3] c\n[4] d\n[5] e\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "A.[1] B.[2] C.[3–5] D.[4], [5], [2]\n\nNotes\n\n[1] a\n[2] e\n[3] b\n[4] c\n[5] d\n"
    );
}

#[test]
fn markdown_footnotes_move_with_their_paragraphs() {
    let text = "A.[^2] B.[^1]\n\n[^1]: One.\n\n    More of one.\n\n[^2]: Two.\n";
    let out = fixed(text, "markdown");
    assert_eq!(
        out.text,
        "A.[^1] B.[^2]\n\n[^1]: Two.\n\n[^2]: One.\n\n    More of one.\n"
    );
}

#[test]
fn leaves_a_scope_with_an_unresolved_marker() {
    let text = "A.[2] B.[1] C.[7]\n\nNotes\n\n[1] One.\n[2] Two.\n";
    let out = fixed(text, "plain");
    assert_eq!(out.text, text);
    assert_eq!(out.left_alone.len(), 1);
    assert!(
        out.left_alone[0].reason.contains("[7]"),
        "{:?}",
        out.left_alone
    );
}

#[test]
fn drops_an_identical_copy_and_keeps_different_ones() {
    let text = "A.[1] B.[2]\n\nNotes\n\n[1] One.\n\n[2] Two.\n\n[2] Two.\n";
    let out = fixed(text, "plain");
    assert_eq!(out.text, "A.[1] B.[2]\n\nNotes\n\n[1] One.\n\n[2] Two.\n");
    // Different copies: a decision, when the scope needs fixing.
    let text = "A.[2] B.[1]\n\nNotes\n\n[1] One.\n\n[2] Two.\n\n[2] Deux.\n";
    let out = fixed(text, "plain");
    assert_eq!(out.text, text);
    assert_eq!(out.left_alone.len(), 1);
    assert!(
        out.left_alone[0].reason.contains("different text"),
        "{:?}",
        out.left_alone
    );
}

#[test]
fn a_scope_in_order_is_not_left_alone_for_what_check_reports() {
    for text in [
        "A.[1] B.[2] C.[7]\n\nNotes\n\n[1] One.\n[2] Two.\n",
        "A.[1] B.[2]\n\nNotes\n\n[1] One.\n\n[2] Two.\n\n[2] Deux.\n",
    ] {
        let out = fixed(text, "plain");
        assert_eq!(out.text, text);
        assert!(out.fixes.is_empty() && out.left_alone.is_empty(), "{out:?}");
    }
}

#[test]
fn a_numbering_that_continues_another_text_keeps_its_start() {
    // Notes 96–98 of a chapter printed alone: not renumbered from 1.
    let text = "A.[97] B.[96] C.[98]\n\nNotes\n\n[96] a\n[97] b\n[98] c\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "A.[96] B.[97] C.[98]\n\nNotes\n\n[96] b\n[97] a\n[98] c\n"
    );
    // A deleted first note is a gap: renumbered from 1.
    let text = "A.[2] B.[3]\n\nNotes\n\n[2] a\n[3] b\n";
    assert_eq!(
        fixed(text, "plain").text,
        "A.[1] B.[2]\n\nNotes\n\n[1] a\n[2] b\n"
    );
}

#[test]
fn crlf_is_kept() {
    let text = "A.[2] B.[1]\r\n\r\nNotes\r\n\r\n[1] One.\r\n[2] Two.\r\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "A.[1] B.[2]\r\n\r\nNotes\r\n\r\n[1] Two.\r\n[2] One.\r\n"
    );
}

#[test]
fn a_last_note_without_a_line_end() {
    let text = "A.[2] B.[1]\n\nNotes\n\n[1] One.\n[2] Two.";
    let out = fixed(text, "plain");
    assert_eq!(out.text, "A.[1] B.[2]\n\nNotes\n\n[1] Two.\n[2] One.");
}

#[test]
fn apply_skips_overlapping_fixes() {
    let fix = |start, end, r: &str| Fix {
        message: String::new(),
        span: Span::new(start, end),
        edits: vec![Edit {
            span: Span::new(start, end),
            replacement: r.to_owned(),
        }],
        applicability: Applicability::Safe,
    };
    let (out, applied) = apply(
        "abcdef",
        vec![fix(0, 2, "X"), fix(1, 3, "Y"), fix(4, 4, "Z")],
    );
    assert_eq!(out, "Xcd".to_owned() + "Zef");
    assert_eq!(applied.len(), 2);
}

#[test]
fn two_orphans_side_by_side_are_deleted_together() {
    // Found by the fuzzer: the two deletions shared a blank line.
    let text = "A claim, July 2, 2024.\n\n[2] .\n\n[3]\n";
    let out = fix_text(
        text,
        dialect("plain"),
        &FixOptions::default().unsafe_fixes(true),
    );
    assert_eq!(out.text, "A claim, July 2, 2024.\n");
    assert_eq!(
        fix_text(
            &out.text,
            dialect("plain"),
            &FixOptions::default().unsafe_fixes(true)
        )
        .text,
        out.text
    );
}

#[test]
fn markers_in_notes_count_in_the_order_the_notes_will_have() {
    // Notes 1 and 2 swap; the markers in their bodies are read in the new
    // order of the notes, so a second fix finds nothing to do.
    let text = "A.[2] B.[1]\n\nNotes\n\n[1] x, see [3].\n[2] y, see [4].\n[3] three.\n[4] four.\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "A.[1] B.[2]\n\nNotes\n\n[1] y, see [3].\n[2] x, see [4].\n[3] four.\n[4] three.\n"
    );
    assert_eq!(fixed(&out.text, "plain").text, out.text);
}

#[test]
fn unsafe_deletes_what_only_a_deleted_note_referred_to() {
    // Found by the fuzzer: note 1 is orphaned, and note 2 is referred to
    // only from note 1; deleting 1 orphans 2, so both go at once.
    let text = "A.[3]\n\nNotes\n\n[1] One, as [2] says.\n[2] Two.\n[3] Three.\n";
    let options = FixOptions::default().unsafe_fixes(true);
    let out = fix_text(text, dialect("plain"), &options);
    assert_eq!(out.text, "A.[1]\n\nNotes\n\n[1] Three.\n");
    assert_eq!(
        fix_text(&out.text, dialect("plain"), &options).text,
        out.text
    );
    // A "see note 2" in the text keeps note 2.
    let text = "A.[3] (see note 2)\n\nNotes\n\n[1] One.\n[2] Two.\n[3] Three, as [1] says.\n";
    let out = fix_text(text, dialect("plain"), &options);
    assert_eq!(
        out.text,
        "A.[1] (see note 3)\n\nNotes\n\n[1] Three, as [2] says.\n[2] One.\n[3] Two.\n"
    );
}

#[test]
fn a_text_that_would_not_settle_is_left_as_it_was() {
    // Found by the fuzzer: a fix that moves the plain dialect's notes
    // blocks; a second pass would change it again, so none is made.
    let text = include_str!("tests/unsettled.txt");
    let options = FixOptions::default().unsafe_fixes(true);
    let once = fix_text(text, dialect("plain"), &options);
    assert_eq!(once.text, text);
    assert!(
        once.left_alone.iter().any(|l| l.scope == "the whole file"),
        "{:?}",
        once.left_alone
    );
    let twice = fix_text(&once.text, dialect("plain"), &options);
    assert_eq!(twice.text, once.text);
}

#[test]
fn keeps_a_reference_to_a_paragraph_labelled_with_the_word() {
    // "[See Note 2]" names the `[Note 2]` paragraph: renumbering notes
    // [2] and [3] must not rewrite it; "see note 2" in note [3] names
    // note [2], and is rewritten.
    let text = "Stored in Unicode [See Note 2]. A.[1] B.[3] C.[2]\n\n\
                [Note 2] A preference.\n\nNotes\n\n[1] One.\n[2] Two.\n[3] Three, see note 2.\n";
    let out = fixed(text, "plain");
    assert_eq!(
        out.text,
        "Stored in Unicode [See Note 2]. A.[1] B.[2] C.[3]\n\n\
         [Note 2] A preference.\n\nNotes\n\n[1] One.\n[2] Three, see note 3.\n[3] Two.\n"
    );
}
