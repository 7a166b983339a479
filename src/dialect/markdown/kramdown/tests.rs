//! kramdown-rfc: the `{{…}}` grammar, the front matter of a draft, its
//! anchors, and what a draft's document holds.

use std::fmt::Write as _;

use proptest::prelude::*;

use super::anchors::{anchors, generate_id};
use super::grammar::{reference, Mark};
use super::{boilerplate_refs, fetched, front_matter_end};
use crate::dialect::markdown::{front_matter, parse, parse_fast, parse_with_pulldown};
use crate::model::RefKind;

/// A reference as `name@at+len`, with its mark, `-` and `=`.
fn show(content: &str) -> String {
    let Some(t) = reference(content) else {
        return "none".to_owned();
    };
    let mark = match t.mark {
        Some(Mark::Normative) => "!",
        Some(Mark::Informative) => "?",
        None => "",
    };
    let written = &content[t.at..t.at + t.len];
    format!(
        "{mark}{}{} `{written}`{}",
        if t.alias { "-" } else { "" },
        t.name,
        if t.fetch { " fetch" } else { "" }
    )
}

#[test]
fn plain_and_marked_references() {
    let cases = [
        "RFC2119",
        "I-D.ietf-quic-transport",
        "!RFC2119",
        "?RFC8174",
        "-coap",
        "?-coap",
        "!-coap",
        "!UDP=RFC0768",
        "?Err6543=8610",
        "?RFC9110=RFC9110/x",
        "RFC9114@HTTP3",
        "RFC9114@?HTTP3",
        "QUIC (the transport)",
        "sec:intro",
    ];
    let out: Vec<String> = cases.iter().map(|c| format!("{c} → {}", show(c))).collect();
    insta::assert_snapshot!(out.join("\n"), @r"
    RFC2119 → RFC2119 `RFC2119`
    I-D.ietf-quic-transport → I-D.ietf-quic-transport `I-D.ietf-quic-transport`
    !RFC2119 → !RFC2119 `RFC2119`
    ?RFC8174 → ?RFC8174 `RFC8174`
    -coap → -coap `-coap`
    ?-coap → ?-coap `-coap`
    !-coap → !-coap `-coap`
    !UDP=RFC0768 → !UDP `UDP` fetch
    ?Err6543=8610 → ?Err6543 `Err6543` fetch
    ?RFC9110=RFC9110/x → ?RFC9110 `RFC9110` fetch
    RFC9114@HTTP3 → HTTP3 `HTTP3`
    RFC9114@?HTTP3 → ?HTTP3 `HTTP3`
    QUIC (the transport) → QUIC `QUIC`
    sec:intro → sec:intro `sec:intro`
    ");
}

#[test]
fn section_references() {
    let cases = [
        "Section 3 of RFC9000",
        "Section 3.2.1 of !RFC9000",
        "Appendix A of RFC9000",
        "Section 3 (Streams) of RFC9000",
        "Sections 4.9 and 4.10 of RFC8126",
        "Sections 6.1, 6.2, and 6.3 of DIGEST-FIELDS",
        "Sections 6.1, 6.2 and 6.3 of DIGEST-FIELDS",
        "Appendices A and B of RFC9000",
        "Section 3 and Section 5 of RFC9000",
        "RFC9000, Section 3",
        "?RFC9110, Section 9.3.6",
        "RFC4648, Sections 3.1 and 3.3",
        "RFC9000 (Section 3)",
        "!RFC9000 (Appendix B)",
        "Section 3\nof\u{a0}RFC9000",
        "3.2<RFC9000",
        "<sec-streams",
        "<<sec-streams",
    ];
    let out: Vec<String> = cases
        .iter()
        .map(|c| format!("{c:?} → {}", show(c)))
        .collect();
    insta::assert_snapshot!(out.join("\n"), @r#"
    "Section 3 of RFC9000" → RFC9000 `RFC9000`
    "Section 3.2.1 of !RFC9000" → !RFC9000 `RFC9000`
    "Appendix A of RFC9000" → RFC9000 `RFC9000`
    "Section 3 (Streams) of RFC9000" → RFC9000 `RFC9000`
    "Sections 4.9 and 4.10 of RFC8126" → RFC8126 `RFC8126`
    "Sections 6.1, 6.2, and 6.3 of DIGEST-FIELDS" → DIGEST-FIELDS `DIGEST-FIELDS`
    "Sections 6.1, 6.2 and 6.3 of DIGEST-FIELDS" → DIGEST-FIELDS `DIGEST-FIELDS`
    "Appendices A and B of RFC9000" → RFC9000 `RFC9000`
    "Section 3 and Section 5 of RFC9000" → RFC9000 `RFC9000`
    "RFC9000, Section 3" → RFC9000 `RFC9000`
    "?RFC9110, Section 9.3.6" → ?RFC9110 `RFC9110`
    "RFC4648, Sections 3.1 and 3.3" → RFC4648 `RFC4648`
    "RFC9000 (Section 3)" → RFC9000 `RFC9000`
    "!RFC9000 (Appendix B)" → !RFC9000 `RFC9000`
    "Section 3\nof\u{a0}RFC9000" → RFC9000 `RFC9000`
    "3.2<RFC9000" → RFC9000 `RFC9000`
    "<sec-streams" → sec-streams `sec-streams`
    "<<sec-streams" → sec-streams `sec-streams`
    "#);
}

#[test]
fn what_is_no_reference() {
    for content in [
        "{Jane Doe}",
        "{Jürgen Müller}{Juergen Mueller}",
        "&SELF",
        "https://example.com/x",
        "mailto:someone@example.com",
        " RFC2119",
        "RFC2119 ",
        "two words",
        "",
        "Section of RFC9000",
        "Sections 3 of RFC9000",
        "Section 3 or RFC9000",
        "RFC9000,Section 3",
        "<!RFC2119",
        "UDP=RFC0768",
        "RFC9000 (unclosed",
        "x}",
    ] {
        assert_eq!(show(content), "none", "{content:?}");
    }
}

#[test]
fn fetched_names() {
    for name in [
        "RFC2119",
        "rfc2119",
        "BCP14",
        "std98",
        "I-D.ietf-quic-http",
        "W3C.REC-xml",
    ] {
        assert!(fetched(name), "{name}");
    }
    for name in ["RFC", "HTTP", "QUIC-TLS", "i-d.foo", "Err6543", "RFCx"] {
        assert!(!fetched(name), "{name}");
    }
}

#[test]
fn boilerplate_keys() {
    let show = |key: &str| {
        boilerplate_refs(key)
            .iter()
            .map(|(n, m)| format!("{}{n}", if m.is_some() { "!" } else { "" }))
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(show("bcp14"), "!RFC2119 !RFC8174");
    assert_eq!(show("BCP14-tagged"), "!RFC2119 !RFC8174");
    assert_eq!(show("bcp14info+-tagged"), "!RFC2119 !RFC8174");
    assert_eq!(show("bcp14-bcp14"), "!BCP14 RFC2119 RFC8174");
    assert_eq!(show("bcp14-tagged-bcp"), "!BCP14");
    assert_eq!(show("rfc7942"), "!RFC7942");
    assert_eq!(show("RFC 7942info"), "!RFC7942");
    assert_eq!(show("bcp14 "), "");
    assert_eq!(show("rfc8174"), "");
}

#[test]
fn front_matter_ends_at_the_first_section_line_of_a_draft() {
    let end = |text: &str| front_matter_end(text.as_bytes(), 4, b'-');
    assert_eq!(
        end("---\nipr: trust200902\n\n--- abstract\n\nText\n"),
        Some(22)
    );
    assert_eq!(end("---\nnormative:\n  RFC2119:\n--- middle\n"), Some(26));
    assert_eq!(end("---\ndocName: x\n--- note_Note_to_Readers\n"), Some(15));
    // Not a draft: Markdown's front matter rules.
    assert_eq!(end("---\ntitle: x\n--- abstract\n"), None);
    // A `---` or `...` line first.
    assert_eq!(end("---\nipr: x\n---\n--- abstract\n"), None);
    assert_eq!(end("---\nipr: x\n...\n"), None);
    // A blank first line, a section line with more than a name.
    assert_eq!(end("---\n\nipr: x\n--- abstract\n"), None);
    assert_eq!(end("---\nipr: x\n--- two words\n"), None);
    assert_eq!(end("---\nipr: x\n---abstract\n"), None);
    assert_eq!(
        front_matter_end(b"+++\nipr = 1\n--- abstract\n", 4, b'+'),
        None
    );
}

/// Everything a document yields that this module concerns: citation
/// definitions and markers, and link markers.
fn extract(text: &str) -> String {
    let doc = parse(text);
    let mut out = String::new();
    for d in doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::Citation)
    {
        let _ = writeln!(out, "def {} at {:?}", d.label, d.label_span.of(text));
    }
    for m in &doc.markers {
        let _ = writeln!(
            out,
            "marker {:?} {} at {:?}",
            m.kind,
            m.label,
            m.span.of(text)
        );
    }
    out
}

const DRAFT: &str = "---
title: A draft
ipr: trust200902
normative:
  RFC2119:
  HTTP: RFC9110
  H2:
    =: RFC9113
    -: h2
informative:
  RFC9000:
  UNUSED:
    title: Nothing
    target: https://example.com/
ref:
  COAP: I-D.ietf-core-coap
  OPEN:
    title: Open
    -: open

--- abstract

Cites {{RFC2119}}, {{-RFC9110}}, {{-h2}}, {{Section 3 of RFC9000}} and {{nope}}.

--- middle

# Introduction {#intro}

See {{intro}}, {{security-considerations}}, {{!RFC8174}}, {{?-COAP}} (not
declared), {{?-open}}, {{?Nothing}} and {{!UDP=RFC0768}} and again {{UDP}}.
Not in code: `{{RFC1}}`, nor escaped \\{{RFC2}}, nor @pandoc, nor a contact
{{{Jane Doe}}}. Brackets: [RFC9000], [text][HTTP], [not-an-entry],
[link](#UNUSED), [internal](#intro), <xref target=\"RFC2119\"/>.

~~~
{{RFC3}}
~~~

# Security Considerations

--- fluff

{{RFC4}}

--- back
";

#[test]
fn a_draft() {
    insta::assert_snapshot!(extract(DRAFT), @r#"
    def RFC2119 at "RFC2119"
    def HTTP at "HTTP"
    def H2 at "H2"
    def RFC9000 at "RFC9000"
    def UNUSED at "UNUSED"
    def RFC8174 at "RFC8174"
    def OPEN at "-open"
    def UDP at "UDP"
    marker Citation RFC2119 at "RFC2119"
    marker Citation HTTP at "-RFC9110"
    marker Citation H2 at "-h2"
    marker Citation RFC9000 at "RFC9000"
    marker Citation nope at "nope"
    marker Citation RFC8174 at "RFC8174"
    marker Citation -COAP at "-COAP"
    marker Citation OPEN at "-open"
    marker Citation Nothing at "Nothing"
    marker Citation UDP at "UDP"
    marker Citation UDP at "UDP"
    marker Citation RFC9000 at "RFC9000"
    marker Citation HTTP at "[text][HTTP]"
    marker Citation UNUSED at "UNUSED"
    marker Citation RFC2119 at "RFC2119"
    "#);
}

#[test]
fn both_parsers_agree_on_a_draft() {
    let fast = parse_fast(DRAFT).expect("the fast parser takes the draft");
    assert_eq!(fast, parse_with_pulldown(DRAFT));
}

#[test]
fn braces_outside_a_draft_are_text() {
    for text in [
        "---\ntitle: A page\n---\n\nHello {{ page.title }} and {{RFC2119}}.\n",
        "Hello {{ page.title }} and {{RFC2119}}.\n",
        "---\ntitle: A page\n--- abstract\n\n{{RFC2119}}\n",
    ] {
        assert_eq!(extract(text), "", "{text:?}");
    }
}

#[test]
fn a_draft_with_a_markdown_front_matter_fence() {
    let text = "---\nipr: trust200902\nnormative:\n  RFC2119:\n---\n\n{{RFC2119}} {{RFC2}}\n";
    insta::assert_snapshot!(extract(text), @r#"
    def RFC2119 at "RFC2119"
    marker Citation RFC2119 at "RFC2119"
    marker Citation RFC2 at "RFC2"
    "#);
}

#[test]
fn boilerplate_cites_at_a_line_start() {
    let text = "---\nipr: x\nnormative:\n  RFC2119:\n\n--- middle\n\n{::boilerplate bcp14-tagged}\n\nAnd {::boilerplate rfc7942}.\n";
    insta::assert_snapshot!(extract(text), @r#"
    def RFC2119 at "RFC2119"
    def RFC8174 at "bcp14-tagged"
    marker Citation RFC2119 at "bcp14-tagged"
    marker Citation RFC8174 at "bcp14-tagged"
    "#);
}

#[test]
fn yaml_anchors_aliases_and_flow_maps() {
    let text = "---
docname: draft-x-00
common: &common
  RFC2119:
  QUIC:
    -: q
normative:
  <<: *common
  RFC9000:
informative: *common
ref: {A: b, C: }
--- abstract

{{-q}} {{RFC9000}} {{-b}}
";
    let yaml_end = text.find("--- abstract").unwrap();
    let front = front_matter::yaml(&text[4..yaml_end], 4);
    let mut out = String::new();
    for d in &front.references {
        let _ = writeln!(
            out,
            "entry {} at {:?} body {:?}",
            d.label,
            d.label_span.of(text),
            d.body.of(text)
        );
    }
    let draft = front.draft.expect("a draft");
    let _ = writeln!(out, "aliases {:?}", draft.aliases);
    let _ = writeln!(out, "open {:?}", draft.open);
    insta::assert_snapshot!(out, @r#"
    entry RFC2119 at "*common" body "*common"
    entry QUIC at "*common" body "*common"
    entry RFC9000 at "RFC9000" body "RFC9000:"
    entry RFC2119 at "*common" body "*common"
    entry QUIC at "*common" body "*common"
    aliases [("q", "QUIC"), ("q", "QUIC"), ("b", "A")]
    open ["A", "C"]
    "#);
    insta::assert_snapshot!(extract(text), @r#"
    def RFC2119 at "*common"
    def QUIC at "*common"
    def RFC9000 at "RFC9000"
    def RFC2119 at "*common"
    def QUIC at "*common"
    marker Citation QUIC at "-q"
    marker Citation RFC9000 at "RFC9000"
    marker Citation A at "-b"
    "#);
}

#[test]
fn other_front_matter_is_no_draft() {
    let front = front_matter::yaml("title: x\nbibliography: refs.bib\n", 4);
    assert!(front.draft.is_none());
    let front = front_matter::yaml("ipr: trust200902\n", 4);
    assert!(front.draft.is_some());
}

#[test]
fn heading_ids() {
    assert_eq!(generate_id("Introduction"), "introduction");
    assert_eq!(
        generate_id("Security Considerations"),
        "security-considerations"
    );
    assert_eq!(
        generate_id("1. The `FOO` Frame -- & More"),
        "the-foo-frame-more"
    );
    assert_eq!(generate_id("Über"), "ber");
    assert_eq!(generate_id("42"), "section");
    let text = "# Overview\n\n## Overview\n\n# Named {#named}\n\n```\n# not a heading\n```\n\nSetext\n======\n\nText {: #para}\n\n{:id=\"tab\" title=\"T\"}\n\n<section anchor='xml'/>\n";
    let mut found: Vec<String> = anchors(text, 0).into_iter().collect();
    found.sort();
    assert_eq!(
        found,
        [
            "named",
            "overview",
            "overview-1",
            "para",
            "setext",
            "tab",
            "xml"
        ]
    );
}

/// Pieces of draft text, joined at random after a draft's front matter.
const PIECES: &[&str] = &[
    "{{",
    "}}",
    "{",
    "}",
    "{{{",
    "}}}",
    "\\{{",
    "{{RFC2119}}",
    "{{!RFC8174}}",
    "{{?-a}}",
    "{{-a}}",
    "{{Section 3 of ",
    "RFC9000}}",
    ", Section 2}}",
    " (Section 1)}}",
    "{{<",
    "{{<<",
    "{{x@",
    "=RFC1}}",
    "`",
    "```\n",
    "~~~\n",
    "\n",
    "\n\n",
    "# H",
    " {#h}",
    "{: #f}",
    "anchor=\"a\"",
    "[",
    "]",
    "[RFC2119]",
    "[t][RFC2119]",
    "[t][A]",
    "{::boilerplate bcp14}",
    "\n--- fluff\n",
    "\n--- back\n",
    "\n---\n",
    "@doe",
    "é",
    "\u{a0}",
    " ",
    "> ",
    "- ",
];

fn draft_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..60).prop_map(|pieces| {
        format!(
            "---\nipr: x\nnormative:\n  RFC2119:\n  A: a\n\n--- abstract\n{}",
            pieces.concat()
        )
    })
}

/// Spans in bounds and on character boundaries.
fn sound(text: &str, doc: &crate::model::Document) -> bool {
    let ok = |s: crate::model::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    doc.markers.iter().all(|m| ok(m.span) && ok(m.label_span))
        && doc
            .definitions
            .iter()
            .all(|d| ok(d.label_span) && ok(d.body))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn drafts_never_panic_and_both_parsers_agree(text in draft_text()) {
        let slow = parse_with_pulldown(&text);
        prop_assert!(sound(&text, &slow));
        // Markers and definitions: the parsers' prose differs after an
        // undefined reference link followed by spaces and a line break
        // (`[t][x] \nb`), which is none of this module's doing.
        if let Some(fast) = parse_fast(&text) {
            prop_assert_eq!(fast.markers, slow.markers);
            prop_assert_eq!(fast.definitions, slow.definitions);
        }
    }

    #[test]
    fn references_never_panic(content in "\\PC{0,60}") {
        if let Some(t) = reference(&content) {
            prop_assert!(content.get(t.at..t.at + t.len).is_some());
        }
    }
}

#[test]
fn merged_maps_stop_growing() {
    // Each level merges the last one twice: 2^20 entries unbounded.
    let mut yaml = String::from("ipr: x\nl0: &l0\n  A:\n  B:\n");
    for level in 1..=20 {
        let prev = level - 1;
        let _ = write!(
            yaml,
            "l{level}: &l{level}\n  <<: *l{prev}\n  <<: *l{prev}\n"
        );
    }
    yaml.push_str("normative: *l20\n");
    let front = front_matter::yaml(&yaml, 4);
    assert!(
        front.references.len() <= 10_000,
        "{}",
        front.references.len()
    );
}
