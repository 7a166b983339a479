use super::*;
use crate::model::{Block, Definition};

/// Each reference as `Form «phrase» numbers`, numbers as written
/// (`3–5` for a range).
fn show(text: &str, refs: &[NoteRef]) -> Vec<String> {
    refs.iter()
        .map(|r| {
            let numbers: Vec<String> = r
                .targets
                .iter()
                .map(|t| match t.last {
                    Some((n, s)) => format!("{}–{n}:{}", t.first.0, s.of(text)),
                    None => format!("{}:{}", t.first.0, t.first.1.of(text)),
                })
                .collect();
            format!("{:?} «{}» {}", r.form, r.span.of(text), numbers.join(" "))
                .trim_end()
                .to_owned()
        })
        .collect()
}

/// A document of `text` (all of it prose) whose notes block holds one
/// note, `[1] {body}`, from `at` to the end.
fn one_note(text: &str, at: usize) -> Document {
    let mut doc = Document::default();
    doc.definitions.push(Definition::note(
        "1",
        Span::new(at, at + 3),
        Span::new(at + 4, text.len()),
    ));
    doc.blocks.push(Block {
        span: Span::new(at, text.len()),
        heading: None,
        kind: BlockKind::Notes,
    });
    doc.prose.push(Span::new(0, text.len()));
    doc
}

/// What is read in the body of note [1], the whole text.
fn in_note(body: &str) -> Vec<String> {
    let text = format!("[1] {body}");
    show(&text, &read(&text, &one_note(&text, 0)))
}

/// What is read in prose before a notes block whose one note, [1],
/// refers to another ("See note 2.", which is left out).
fn in_prose(prose: &str) -> Vec<String> {
    let text = format!("{prose}\n\n[1] See note 2.");
    let doc = one_note(&text, prose.len() + 2);
    let refs: Vec<NoteRef> = read(&text, &doc)
        .into_iter()
        .filter(|r| r.span.end <= prose.len())
        .collect();
    show(&text, &refs)
}

#[test]
fn note_forms_in_a_note() {
    assert_eq!(in_note("See note 4."), ["Note «See note 4» 4:4"]);
    assert_eq!(in_note("Cf. note 12, at 3."), ["Note «Cf. note 12» 12:12"]);
    assert_eq!(in_note("See also note 7."), ["Note «See also note 7» 7:7"]);
    assert_eq!(in_note("As in note 4."), ["Note «note 4» 4:4"]);
    assert_eq!(in_note("Smith, n. 7."), ["Note «n. 7» 7:7"]);
    assert_eq!(in_note("Smith, n.7."), ["Note «n.7» 7:7"]);
    assert_eq!(in_note("Compare nn. 3–5."), ["Note «nn. 3–5» 3–5:5"]);
    assert_eq!(in_note("Compare nn. 3-5."), ["Note «nn. 3-5» 3–5:5"]);
    assert_eq!(in_note("Compare notes 3–5."), ["Note «notes 3–5» 3–5:5"]);
    assert_eq!(
        in_note("Compare notes 3 and 7."),
        ["Note «notes 3 and 7» 3:3 7:7"]
    );
    assert_eq!(
        in_note("Compare notes 3, 5 and 7."),
        ["Note «notes 3, 5 and 7» 3:3 5:5 7:7"]
    );
    assert_eq!(
        in_note("Compare notes 3, 5, and 7–9."),
        ["Note «notes 3, 5, and 7–9» 3:3 5:5 7–9:9"]
    );
    assert_eq!(in_note("See footnote 2."), ["Note «See footnote 2» 2:2"]);
}

#[test]
fn directions() {
    assert_eq!(
        in_note("Smith, supra note 4, at 5."),
        ["Back «supra note 4» 4:4"]
    );
    assert_eq!(in_note("Smith, supra n. 4."), ["Back «supra n. 4» 4:4"]);
    assert_eq!(in_note("As note 4 above says."), ["Back «note 4» 4:4"]);
    assert_eq!(
        in_note("As said above, note 4."),
        ["Back «above, note 4» 4:4"]
    );
    assert_eq!(
        in_note("See above note 4."),
        ["Back «See above note 4» 4:4"]
    );
    assert_eq!(
        in_note("Jones, infra note 30."),
        ["Forward «infra note 30» 30:30"]
    );
    assert_eq!(
        in_note("Jones, infra n. 30."),
        ["Forward «infra n. 30» 30:30"]
    );
    assert_eq!(
        in_note("See note 30 below."),
        ["Forward «See note 30» 30:30"]
    );
    assert_eq!(
        in_note("And below, note 30."),
        ["Forward «below, note 30» 30:30"]
    );
    assert_eq!(
        in_note("See supra notes 3–5."),
        ["Back «See supra notes 3–5» 3–5:5"]
    );
}

#[test]
fn markup_and_case() {
    assert_eq!(
        in_note("Smith, *supra* note 4."),
        ["Back «*supra* note 4» 4:4"]
    );
    assert_eq!(
        in_note("Smith, _supra_ note 4."),
        ["Back «_supra_ note 4» 4:4"]
    );
    assert_eq!(
        in_note("Smith, <i>supra</i> note 4."),
        ["Back «<i>supra</i> note 4» 4:4"]
    );
    assert_eq!(
        in_note("Smith, ''supra'' n. 4."),
        ["Back «''supra'' n. 4» 4:4"]
    );
    assert_eq!(in_note("SEE NOTE 4."), ["Note «SEE NOTE 4» 4:4"]);
    assert_eq!(in_note("Smith, SUPRA Note 4."), ["Back «SUPRA Note 4» 4:4"]);
    assert_eq!(in_note("_Id._ at 5."), ["Ibid «_Id._»"]);
    assert_eq!(in_note("*Ibid.*, p. 4."), ["Ibid «*Ibid.*»"]);
    assert_eq!(in_note("''Ibid.''"), ["Ibid «''Ibid.''»"]);
    assert_eq!(in_note("<i>id.</i> at 5."), ["Ibid «<i>id.</i>»"]);
    assert_eq!(in_note("IBID."), ["Ibid «IBID.»"]);
    // "n." as citation styles write it, in lower case.
    assert!(in_note("Smith, N. 4.").is_empty());
}

#[test]
fn ibid_opens_the_note() {
    assert_eq!(in_note("Ibid."), ["Ibid «Ibid.»"]);
    assert_eq!(in_note("Ibid., p. 4."), ["Ibid «Ibid.»"]);
    assert_eq!(in_note("ibid. at 5."), ["Ibid «ibid.»"]);
    assert_eq!(in_note("Id. at 5."), ["Ibid «Id.»"]);
    assert_eq!(in_note("See id. at 5."), ["Ibid «id.»"]);
    assert_eq!(in_note("See also Ibid."), ["Ibid «Ibid.»"]);
    assert_eq!(in_note("*See* *id.* at 5."), ["Ibid «*id.*»"]);
    assert_eq!(in_note("Cf. id., at 9."), ["Ibid «id.»"]);
    // Later in a note, "Id." repeats the citation before it there.
    assert!(in_note("Smith, Book 4 (2001); id. at 5.").is_empty());
    assert!(in_note("Smith, Book 4 (2001). Id. at 5.").is_empty());
    // Not a word of its own.
    assert!(in_note("Idaho, 1990.").is_empty());
    assert!(in_note("An identity.").is_empty());
    assert!(in_note("Ibidem, 4.").is_empty());
    assert!(in_note("Id.x and ibid.com").is_empty());
    assert!(in_note("Ibid.com, 2020.").is_empty());
    assert!(in_note("In Madrid. The squid.").is_empty());
}

#[test]
fn what_is_not_a_reference() {
    assert!(in_note("Smith, 458 U. S. 718, 724, n. 9 (1982).").is_empty());
    assert!(in_note("Smith, supra note 4, at 5 n.3.")
        .iter()
        .all(|r| r.starts_with("Back «supra note 4»")));
    assert!(in_note("Played a note 3 octaves up.").is_empty());
    assert!(in_note("The note 3 is an E.").is_empty());
    assert!(in_note("See the notes.").is_empty());
    assert!(in_note("Notes without a number.").is_empty());
    assert!(in_note("See note 3 of the Regulation.").is_empty());
    assert!(in_note("Note 1 to entry: a note of ISO.").is_empty());
    assert!(in_note("Note 2: a label.").is_empty());
    assert!(in_note("See note 3.2 of the paper.").is_empty());
    assert!(in_note("See note 3a.").is_empty());
    assert!(in_note("See note 12345.").is_empty());
    assert!(in_note("Denote 3 things; a footnote.").is_empty());
    assert!(in_note("See note\n\n4.").is_empty());
    assert!(in_note("see notes [3].").is_empty());
    assert_eq!(in_note("See note\n   4."), ["Note «See note\n   4» 4:4"]);
}

#[test]
fn ranges_that_cannot_be_read_are_skipped() {
    assert!(in_note("Compare nn. 5–3.").is_empty());
    assert!(in_note("Compare nn. 1–9999.").is_empty());
    assert_eq!(in_note("Compare nn. 1–101."), Vec::<String>::new());
    assert_eq!(in_note("Compare nn. 1–101 and n. 4."), ["Note «n. 4» 4:4"]);
    assert_eq!(
        in_note("Compare nn. 1–100."),
        ["Note «nn. 1–100» 1–100:100"]
    );
    assert_eq!(in_note("Compare nn. 3 – 5."), ["Note «nn. 3 – 5» 3–5:5"]);
}

#[test]
fn prose_reads_only_unambiguous_forms() {
    assert_eq!(
        in_prose("As we saw (see note 2)."),
        ["Note «see note 2» 2:2"]
    );
    assert_eq!(in_prose("Compare note 2 above."), ["Back «note 2» 2:2"]);
    assert_eq!(in_prose("Compare note 2 below."), ["Forward «note 2» 2:2"]);
    assert_eq!(
        in_prose("Smith, supra note 1."),
        ["Back «supra note 1» 1:1"]
    );
    assert_eq!(
        in_prose("Smith, infra note 2."),
        ["Forward «infra note 2» 2:2"]
    );
    assert_eq!(
        in_prose("Cf. notes 1 and 2."),
        ["Note «Cf. notes 1 and 2» 1:1 2:2"]
    );
    assert!(in_prose("Play note 3 twice.").is_empty());
    assert!(in_prose("A musical note 3 octaves up.").is_empty());
    assert!(in_prose("The claim (n. 2) holds.").is_empty());
    assert!(in_prose("As said above, note 2 is long.").is_empty());
    assert!(in_prose("Ibid. Id. at 5.").is_empty());
    assert!(in_prose("See note 2 of RFC 2119.").is_empty());
}

/// Nothing is read in a document with no notes block, and prose only
/// where the notes are numbered and refer to one another.
#[test]
fn what_a_document_needs() {
    let text = "See note 2.";
    let mut doc = Document::default();
    doc.prose.push(Span::new(0, text.len()));
    assert!(read(text, &doc).is_empty());
    let text = "As in note 2 above.\n\n[1] Smith, Book.";
    assert!(read(text, &one_note(text, 21)).is_empty());
    let text = "As in note 2 above.\n\n[1] Ibid.";
    assert_eq!(read(text, &one_note(text, 21)).len(), 2);
    let text = "As in note 2 above.\n\n[a] Ibid.";
    let mut doc = one_note(text, 21);
    doc.definitions[0].label = "a".into();
    assert_eq!(read(text, &doc).len(), 1);
}

#[test]
fn plain_documents() {
    let text = "Claim one.[1] Claim two.[2] As note 1 above shows, see note 3.\n\nNotes\n\n[1] Smith, Book (2001).\n[2] Ibid., p. 4. See also supra note 1; id. at 7.\n[3] See nn. 1–2.\n";
    let doc = crate::dialect::plain::parse(text);
    assert_eq!(
        show(text, &doc.note_refs),
        [
            "Back «note 1» 1:1",
            "Note «see note 3» 3:3",
            "Ibid «Ibid.»",
            "Back «See also supra note 1» 1:1",
            "Note «See nn. 1–2» 1–2:2",
        ]
    );
}

/// Inline HTML is no prose in Markdown, but emphasis around "Id." is
/// still read.
#[test]
fn markdown_html_emphasis() {
    let text = "Claim.[^1] More.[^2]\n\n[^1]: Smith, Book.\n[^2]: <i>Id.</i> at 4.\n";
    let doc = crate::dialect::markdown::parse(text);
    assert_eq!(show(text, &doc.note_refs), ["Ibid «<i>Id.</i>»"]);
}

#[test]
fn markdown_skips_code() {
    let text = "Claim.[^1] More.[^2] Code: `see note 1` and\n\n```\nsee note 2\n```\n\nBut see note 2.\n\n[^1]: Smith, Book. Not `n. 2` nor `Ibid.` here.\n[^2]: _Ibid._, at 4; see *supra* note 1.\n";
    let doc = crate::dialect::markdown::parse(text);
    assert_eq!(
        show(text, &doc.note_refs),
        [
            "Note «see note 2» 2:2",
            "Ibid «_Ibid._»",
            "Back «see *supra* note 1» 1:1",
        ]
    );
}

#[test]
fn spans_are_digits_exactly() {
    let text = "[1] Smith, supra notes 3, 12–14.";
    let refs = read(text, &one_note(text, 0));
    assert_eq!(refs.len(), 1);
    let t = &refs[0].targets;
    assert_eq!(t[0].first.1.of(text), "3");
    assert_eq!(t[1].first.1.of(text), "12");
    assert_eq!(t[1].last.map(|(_, s)| s.of(text)), Some("14"));
    assert_eq!(t[1].span().of(text), "12–14");
    assert_eq!(refs[0].span.of(text), "supra notes 3, 12–14");
}

/// Long runs of near misses stay linear: each candidate is looked at a
/// bounded number of times.
#[test]
fn near_misses_are_linear() {
    for unit in [
        "note ",
        "nn. 1–",
        "Id. ",
        "see also supra ",
        "n. 1, ",
        "note 1 ",
    ] {
        let body = unit.repeat(200_000);
        let text = format!("[1] {body}");
        // A quadratic reader would take minutes here.
        let refs = read(&text, &one_note(&text, 0));
        assert!(refs.len() <= 200_000, "{unit:?}");
    }
}

/// A note of another part of the work ("Section IV (Title) note 33",
/// "notes 11-12 from original chapter") is no note of this one.
#[test]
fn notes_of_another_part() {
    assert!(
        in_note("Smith; *see also supra* Section IV (The Input Corpus) note 33 (same).").is_empty()
    );
    assert!(in_note("See Section VIII (From Vault to Website) note 78.").is_empty());
    assert!(in_note("See notes 11-12 from original chapter on studies").is_empty());
    assert!(in_note("See Ch. 3, note 4.").is_empty());
    assert!(in_note("Part II, supra note 5.").is_empty());
    assert!(in_note("§ 12, n. 3.").is_empty());
    assert!(in_note("§12 note 3.").is_empty());
    assert!(in_note("Art. 5 <i>supra</i> note 2.").is_empty());
    assert!(in_note("Appendix A, note 2.").is_empty());
    assert!(in_note("See note 4 in Chapter 2.").is_empty());
    assert!(in_note("See note 4 in section 3.").is_empty());
    assert!(in_prose("Compare Vol. 2, supra note 1.").is_empty());
    // Another sentence, another clause, or another reference joined by
    // "and": the part does not qualify it.
    assert_eq!(
        in_note("See Section 3. See note 4."),
        ["Note «See note 4» 4:4"]
    );
    assert_eq!(
        in_note("As Chapter 3 shows; see note 4."),
        ["Note «see note 4» 4:4"]
    );
    assert_eq!(in_note("See Section 3 and note 4."), ["Note «note 4» 4:4"]);
    assert_eq!(
        in_note("See note 4 in particular."),
        ["Note «See note 4» 4:4"]
    );
    // Only a few words back.
    assert_eq!(
        in_note("Section 3 is long, and its last words are here, see note 4."),
        ["Note «see note 4» 4:4"]
    );
    assert_eq!(
        in_note("In a section, see note 4."),
        ["Note «see note 4» 4:4"]
    );
}

/// "--" is a range's dash (Markdown for "–"), and the list goes on
/// after it.
#[test]
fn double_hyphen_ranges() {
    assert_eq!(
        in_note("*See supra* notes 35--36, 77 and accompanying text."),
        ["Back «*See supra* notes 35--36, 77» 35–36:36 77:77"]
    );
    assert_eq!(in_note("See nn. 3 -- 5."), ["Note «See nn. 3 -- 5» 3–5:5"]);
    assert_eq!(
        in_note("Compare notes 3-5, 7."),
        ["Note «notes 3-5, 7» 3–5:5 7:7"]
    );
}

/// "ibid" without its stop (OSCOLA: "ibid art 52(1)"), and "Id." after
/// "See, e.g.," or "See generally".
#[test]
fn ibid_without_a_stop_and_more_signals() {
    assert_eq!(in_note("ibid art 52(1)."), ["Ibid «ibid»"]);
    assert_eq!(in_note("Ibid, p. 320"), ["Ibid «Ibid»"]);
    assert_eq!(in_note("*Ibid*"), ["Ibid «*Ibid*»"]);
    assert_eq!(in_note("*Ibid* at 1286-87"), ["Ibid «*Ibid*»"]);
    assert_eq!(in_note("IBID"), ["Ibid «IBID»"]);
    assert_eq!(
        in_note("*See, e.g.*, *id.*; Standing Order, No. 23."),
        ["Ibid «*id.*»"]
    );
    assert_eq!(in_note("See, e.g., id. at 4."), ["Ibid «id.»"]);
    assert_eq!(in_note("See generally ibid."), ["Ibid «ibid.»"]);
    assert_eq!(
        in_note("See, e.g., supra note 4."),
        ["Back «See, e.g., supra note 4» 4:4"]
    );
    assert_eq!(
        in_note("See generally note 4."),
        ["Note «See generally note 4» 4:4"]
    );
    // "Id" needs its stop; "ibid" must be a word of its own.
    assert!(in_note("Id Software, Doom (1993).").is_empty());
    assert!(in_note("Ibidem, 4.").is_empty());
    assert!(in_note("ibid2, 4.").is_empty());
    // Later in a note, no reference.
    assert!(in_note("Smith, 4; ibid 5.").is_empty());
}

/// A star note (`[*]`) among numbered notes leaves the prose read.
#[test]
fn star_notes_leave_the_notes_numbered() {
    let text = "As in note 2 above.\n\n[*] Thanks.\n[1] Ibid.";
    let mut doc = one_note(text, 21);
    doc.definitions[0] = Definition::note("*", Span::new(21, 24), Span::new(25, 32));
    doc.definitions.push(Definition::note(
        "1",
        Span::new(33, 36),
        Span::new(37, text.len()),
    ));
    assert_eq!(
        show(text, &read(text, &doc)),
        ["Back «note 2» 2:2", "Ibid «Ibid.»"]
    );
}

#[test]
fn a_wide_character_before_a_note_word() {
    // Found by the fuzzer: the word before "note" was cut inside a
    // two-byte character.
    for text in [
        "\u{5cc}note 3 is here.",
        "x\u{5cc}a note 3",
        "\u{1F600}the note 3",
    ] {
        let _ = in_note(text);
        let _ = in_prose(text);
    }
}

#[test]
fn notes_labelled_with_the_word_are_found_at_line_starts() {
    let text = "[Note 1] An isUTF8 preference.\nNote 2: the header.\n  NOTE 3 - Older files.\n\
                **Note 4.** Bold.\n### Note 5\n> Note #6: quoted.\nNote 7 \u{2014} a dash.\n";
    assert_eq!(word_labels(text), [1, 2, 3, 4, 5, 6, 7]);
    // Prose that starts a line with a note word, footnote labels (the
    // plain dialect's own notes) and words ending in "note" are none.
    let prose = "Note 4 above explains it.\nFootnote 8: x\n[Footnote 9: y]\nDenote 10: z\n\
                 Text, Note 11: w\nnote 12345: too long\n";
    assert_eq!(word_labels(prose), Vec::<u32>::new());
}

#[test]
fn a_reference_to_a_note_labelled_with_the_word_is_not_read() {
    // "[See Note 1]" names the paragraph `[Note 1]`, not note [1].
    let labelled = "Text is stored in Unicode [See Note 1].\n\n[Note 1] A preference.\n";
    assert_eq!(in_prose(labelled), Vec::<String>::new());
    let labelled = "See nn. 1–3.\n\n[Note 2] A preference.\n";
    assert_eq!(in_prose(labelled), Vec::<String>::new(), "a range");
    // Other numbers are still read, and so is a note's "see note 2": in
    // a note, notes name notes.
    assert_eq!(
        in_prose("See note 3 below.\n\n[Note 2] A preference.\n"),
        ["Forward «See note 3» 3:3"]
    );
    assert_eq!(
        in_note("See note 2.\nNote 2: the header is fixed."),
        ["Note «See note 2» 2:2"]
    );
}

/// `complete` gives what `read_all` reads, whether or not the notes
/// refer to one another (and so whether `read` read the prose).
#[test]
fn complete_reads_what_read_all_reads() {
    for note in ["A source.", "See note 2."] {
        let prose = "As shown, see note 1 below.";
        let text = format!("{prose}\n\n[1] {note}");
        let mut doc = one_note(&text, prose.len() + 2);
        add(&text, &mut doc);
        complete(&text, &mut doc);
        let all = read_all(&text, &doc);
        assert_eq!(show(&text, &doc.note_refs), show(&text, &all), "{note}");
        assert!(
            show(&text, &doc.note_refs)[0].contains("see note 1"),
            "{note}: {:?}",
            show(&text, &doc.note_refs)
        );
    }
}
