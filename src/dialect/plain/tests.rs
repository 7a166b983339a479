//! What the plain dialect extracts, as inline snapshots.

use std::fmt::Write as _;

use super::parse;
use crate::model::Certainty;

/// One line per block, definition and marker, in that order.
fn extract(text: &str) -> String {
    let doc = parse(text);
    let mut out = String::new();
    for b in &doc.blocks {
        let heading = b.heading.map(|h| h.of(text));
        let _ = writeln!(out, "block {:?} {heading:?}", b.kind);
    }
    for d in &doc.definitions {
        let _ = writeln!(out, "def {} {:?}", d.label_span.of(text), d.body.of(text));
    }
    for m in &doc.markers {
        let doubt = if m.certainty == Certainty::IfDefined {
            " if defined"
        } else {
            ""
        };
        let _ = writeln!(out, "marker {} at {:?}{doubt}", m.label, m.span.of(text));
    }
    out
}

#[test]
fn seed_shape_headless_notes_at_the_end() {
    let text = "Title\n\nOfficials met (IRGC).[1] More text.[2]\n\nAn [editorial] insertion, [i.e., Israel] and the [1979] revolution.[3]\n\n\n[1] \u{a0}It should be noted (, June 22, 2023).\u{a0}\n\n[2], June 14, 2023.\n\n[3] On the call, see Clip No. 4366,\n\nSecond paragraph of note three.\n\nShare this Report:\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "It should be noted (, June 22, 2023)."
    def [2] ", June 14, 2023."
    def [3] "On the call, see Clip No. 4366,\n\nSecond paragraph of note three."
    marker 1 at "[1]"
    marker 2 at "[2]"
    marker editorial at "[editorial]" if defined
    marker 1979 at "[1979]" if defined
    marker 3 at "[3]"
    "#);
}

#[test]
fn lists_and_ranges_expand() {
    let text = "Lists [1, 4] and [2,3] and ranges [5–7], [8]-[10] and [11-12].\n\n[1] a\n[2] b\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "a"
    def [2] "b"
    marker 1 at "[1, 4]"
    marker 4 at "[1, 4]"
    marker 2 at "[2,3]"
    marker 3 at "[2,3]"
    marker 5 at "[5–7]"
    marker 6 at "[5–7]"
    marker 7 at "[5–7]"
    marker 8 at "[8]-[10]"
    marker 9 at "[8]-[10]"
    marker 10 at "[8]-[10]"
    marker 11 at "[11-12]"
    marker 12 at "[11-12]"
    "#);
}

#[test]
fn rfc_references_with_page_breaks() {
    let text = "\
RFC 9999                    Example                      June 2020


1.  Introduction

   The key words are in [RFC2119].  See [I-D.ietf-quic-transport] and
   [KEYWORDS].  Arrays such as byte[0] and x[30] and [CRLF] are not
   markers, nor is [TBD].

2.  References

2.1.  Normative References

   [RFC2119]  Bradner, S., \"Key words for use in RFCs to Indicate
              Requirement Levels\", BCP 14, RFC 2119, March 1997.

   [KEYWORDS]
              Somebody, \"Keywords\", 1999.



Doe                      Standards Track                    [Page 2]
\u{c}
RFC 9999                    Example                      June 2020


2.2.  Informative References

   [I-D.ietf-quic-transport]
              Iyengar, J., \"QUIC\", Work in Progress.

Author's Address

   Jane Doe
";
    insta::assert_snapshot!(extract(text), @r#"
    block References Some("2.  References")
    def [RFC2119] "Bradner, S., \"Key words for use in RFCs to Indicate\n              Requirement Levels\", BCP 14, RFC 2119, March 1997."
    def [KEYWORDS] "Somebody, \"Keywords\", 1999."
    def [I-D.ietf-quic-transport] "Iyengar, J., \"QUIC\", Work in Progress."
    marker RFC2119 at "[RFC2119]"
    marker I-D.ietf-quic-transport at "[I-D.ietf-quic-transport]"
    marker KEYWORDS at "[KEYWORDS]" if defined
    marker 0 at "[0]" if defined
    marker 30 at "[30]" if defined
    marker CRLF at "[CRLF]" if defined
    marker TBD at "[TBD]" if defined
    "#);
}

#[test]
fn numbered_notes_under_a_heading() {
    let text = "One.[1] Two.[2]\n\nNotes\n\n1. First note,\ncontinued here.\n\n2. Second note.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes Some("Notes")
    def 1. "First note,\ncontinued here."
    def 2. "Second note."
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}

#[test]
fn chapters_restart_numbering_in_their_own_scope() {
    let text = "Chapter 1\n\nText.[1]\n\nNotes\n\n[1] Chapter one's note.\n\nChapter 2\n\nText.[1]\n\nNotes\n\n[1] Chapter two's note.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes Some("Notes")
    block Notes Some("Notes")
    def [1] "Chapter one's note."
    def [1] "Chapter two's note."
    marker 1 at "[1]"
    marker 1 at "[1]"
    "#);
}

#[test]
fn own_rfc_number_is_doubtful() {
    let text = "Request for Comments: 3261\n\n   This is [RFC3261] itself, citing [RFC3263].\n";
    insta::assert_snapshot!(extract(text), @r#"
    marker RFC3261 at "[RFC3261]" if defined
    marker RFC3263 at "[RFC3263]"
    "#);
}

#[test]
fn crlf_tabs_and_nbsp() {
    let text = "Text.[1]\r\n\r\n[1]\tA note\u{a0}with NBSP,\r\n\tcontinued.\r\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "A note\u{a0}with NBSP,\r\n\tcontinued."
    marker 1 at "[1]"
    "#);
}

#[test]
fn a_lone_bracket_paragraph_in_prose_is_not_a_block() {
    // Not a note, and in a text that defines no note a number is not a
    // marker either.
    let text = "[1] starts this paragraph in prose.\n\nAnd prose follows.\n";
    insta::assert_snapshot!(extract(text), @r#"marker 1 at "[1]" if defined"#);
}

#[test]
fn empty_and_degenerate_inputs() {
    assert_eq!(extract(""), "");
    assert_eq!(extract("\n\n\r\n"), "");
    insta::assert_snapshot!(extract("[1]"), @r#"
    block Notes None
    def [1] ""
    "#);
    insta::assert_snapshot!(extract("[[[1]]] []] [1-] [-1] [1,] [,1]"), @r#"
    marker 1 at "[1]" if defined
    marker 1- at "[1-]" if defined
    "#);
}

#[test]
fn conventions_that_are_not_citations() {
    // From RFC 3261, 4122, 2616 and 2631: section cross-references, array
    // indices in code, editorial tags inside reference entries, and ASN.1
    // tags in a document whose references are all keys.
    let text = "\
   [HX.Y] refers to Section X.Y of RFC 2616: see [H14.1].

      typedef struct {
          byte        node[6];
      } uuid_t;

      suppPubInfo [2] OCTET STRING

   As in [X942] and [3DES].

2.  References

   [X942]     Rescorla, E., \"X9.42\", 1999. [jg639]

   [3DES]     NIST, \"Triple DES\", SP 800-67, 2004.
";
    insta::assert_snapshot!(extract(text), @r#"
    block References Some("2.  References")
    def [X942] "Rescorla, E., \"X9.42\", 1999. [jg639]"
    def [3DES] "NIST, \"Triple DES\", SP 800-67, 2004."
    marker HX.Y at "[HX.Y]" if defined
    marker H14.1 at "[H14.1]" if defined
    marker 2 at "[2]" if defined
    marker X942 at "[X942]"
    marker 3DES at "[3DES]" if defined
    marker jg639 at "[jg639]" if defined
    "#);
}

#[test]
fn indented_notes_lists_are_not_notes_blocks() {
    let text = "\
   Messages follow RFC 822 [1].

2.  References

   [1]  Crocker, D., \"Standard for ARPA Internet Text Messages\".

   [2]  Freed, N., \"MIME Part Two\", RFC 2046.

Appendix A.  Media Types

   Although RFC 2046 [2] permits quoting the boundary string:

      Notes:

      1) Additional CRLFs may precede the first boundary string.

NOTES:

1) A remark nobody refers to.

2) Another remark.
";
    insta::assert_snapshot!(extract(text), @r#"
    block References Some("2.  References")
    def [1] "Crocker, D., \"Standard for ARPA Internet Text Messages\"."
    def [2] "Freed, N., \"MIME Part Two\", RFC 2046."
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}

#[test]
fn headless_first_note_with_a_second_paragraph() {
    let text = "A claim.[1] Another.[2]\n\n\n[1] First source.\n\nIts second paragraph.\n\n[2] Second source.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "First source.\n\nIts second paragraph."
    def [2] "Second source."
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}

#[test]
fn notes_placed_after_their_paragraph() {
    // The note follows the paragraph that cites it; prose indented less
    // than the notes, or citing a new label, ends the block.
    let text = "\
He went to sea in 1723,[1] and wrote home.

    [1] Harbour register, 1723.

He came back and set up a shop,[2] which grew.

    [2] Ledger of the shop, 1724; see the
    catalogue of 1901.

        An indented quotation inside note two.

He married in 1730.
";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    block Notes None
    def [1] "Harbour register, 1723."
    def [2] "Ledger of the shop, 1724; see the\n    catalogue of 1901.\n\n        An indented quotation inside note two."
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}

#[test]
fn a_headless_block_ends_at_prose_citing_a_new_label() {
    let text = "A claim.[1]\n\n[1] Smith, 1901.\n\nAnother claim.[2]\n\n[2] Jones, 1910.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    block Notes None
    def [1] "Smith, 1901."
    def [2] "Jones, 1910."
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}

#[test]
fn a_paragraph_citing_in_its_first_words_is_not_a_note() {
    // RFC prose: `[11] defines …` after a paragraph citing [11].
    let text = "See the rules [11].\n\n   [11] defines equality rules.\n\nReferences\n\n   [11]  Rosenberg, J., 2004.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block References Some("References")
    def [11] "Rosenberg, J., 2004."
    marker 11 at "[11]"
    marker 11 at "[11]"
    "#);
}

#[test]
fn gutenberg_inline_notes() {
    let text = "\
The ship sailed.[1] The pilot[A] stayed.

[Footnote 1: Then Port Royal; see [the log]
for the date.]

[Footnote A: Two guineas.]
[1: A second form.]

[Footnote 2: never closed
";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [Footnote 1: "Then Port Royal; see [the log]\nfor the date."
    def [Footnote A: "Two guineas."
    def [1: "A second form."
    def [Footnote 2: "never closed"
    marker 1 at "[1]"
    marker A at "[A]" if defined
    "#);
}

#[test]
fn chapter_headings_end_the_notes_of_their_chapter() {
    let text = "\
CHAPTER I.

The voyage began in fog,[1] and the captain kept a
log of it.[2]

 [1] Harbour records, 1851.

 [2] The log survives.

CHAPTER II.

THE LANDING.

The fog lifted at noon[1] and land was sighted by
the mate.[2]

 [1] Log, 12 May.

 [2] Log, 13 May.
";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    block Notes None
    def [1] "Harbour records, 1851."
    def [2] "The log survives."
    def [1] "Log, 12 May."
    def [2] "Log, 13 May."
    marker 1 at "[1]"
    marker 2 at "[2]"
    marker 1 at "[1]" if defined
    marker 2 at "[2]"
    "#);
}

#[test]
fn numbered_titles_and_empty_numbered_notes() {
    let text = "\
1. The Beginning

Text.[1] More.[2] And more.[3]

Notes

1. Smith.

2.

3. Jones.

2. The Middle

Text.[1]

Notes

1. Brown.
";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes Some("Notes")
    block Notes Some("Notes")
    def 1. "Smith."
    def 2. ""
    def 3. "Jones."
    def 1. "Brown."
    marker 1 at "[1]"
    marker 2 at "[2]"
    marker 3 at "[3]"
    marker 1 at "[1]"
    "#);
}

#[test]
fn a_glued_label_is_a_note() {
    let text = "A ras.[1]\n\nNotes\n\n[1]_Ras_: a vessel.\n\n[2] Lloyd's List.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes Some("Notes")
    def [1] "_Ras_: a vessel."
    def [2] "Lloyd's List."
    marker 1 at "[1]"
    "#);
}

#[test]
fn legends_indexes_and_code_are_not_markers() {
    let text = "\
[2]  = Half-note
[4]  = Quarter-note

A [2] and a [4] value.[1] Then x = [3] and Ok([5]) and f(x)[6].

Notes

[1] Collected in 1890.

INDEX

Anchor, 12, [24], 31
";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes Some("Notes")
    def [1] "Collected in 1890."
    marker 2 at "[2]" if defined
    marker 4 at "[4]" if defined
    marker 1 at "[1]"
    marker 6 at "[6]" if defined
    "#);
}

#[test]
fn restructuredtext_footnotes_in_a_txt_file() {
    let text = "Harbour masters [1]_ and clerks [#]_.\n\n.. [1] The Harbour Act, 1801.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "The Harbour Act, 1801."
    marker 1 at "[1]"
    "#);
}

#[test]
fn restructuredtext_layout_in_a_txt_file() {
    // A PEP: titles underlined, consecutive `.. [n]` notes, a target
    // between them, literal and doctest blocks and ``inline literals``
    // holding brackets, and `[2_]` naming note 2.
    let text = "\
Rationale
=========

See the patch [1]_ and the thread [2_].  Lists such as ``a[0]``
are code, and so is this::

    xs = [1, 2, 3]
    [4, 5]

>>> sys.exc_info()[3]
[6]

References
==========

.. [1] http://bugs.python.org/issue1
.. _target: http://example.org/
.. [2] The python-dev thread.
";
    insta::assert_snapshot!(extract(text), @r#"
    block References Some("References")
    def [1] "http://bugs.python.org/issue1"
    def [2] "The python-dev thread."
    marker 1 at "[1]"
    marker 2 at "[2_]"
    "#);
}

#[test]
fn a_text_without_notes_has_markers_only_after_punctuation() {
    let text = "Output: [1, 2, 3]\n  [4]  [5]\nShe said so.[6]\n";
    insta::assert_snapshot!(extract(text), @r#"
    marker 1 at "[1, 2, 3]" if defined
    marker 2 at "[1, 2, 3]" if defined
    marker 3 at "[1, 2, 3]" if defined
    marker 4 at "[4]" if defined
    marker 5 at "[5]" if defined
    marker 6 at "[6]"
    "#);
}

#[test]
fn a_semicolon_after_a_marker_is_prose() {
    let text = "The harbour silted up[1]; the town declined.\n\n   byte node[6];\n\n[1] Survey, 1801.\n[6] Unused.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [1] "Survey, 1801."
    def [6] "Unused."
    marker 1 at "[1]" if defined
    "#);
}

#[test]
fn unclosed_inline_notes_end_with_their_paragraph() {
    // The second is not searched for its bracket again (the first search
    // went past it): both run to the end of their paragraph.
    let text = "Text.[1] More.[2]\n\n[Footnote 1: no bracket\nhere\n\n[Footnote 2: none] either\n\nProse.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes None
    def [Footnote 1: "no bracket\nhere"
    def [Footnote 2: "none] either"
    marker 1 at "[1]"
    marker 2 at "[2]"
    "#);
}
