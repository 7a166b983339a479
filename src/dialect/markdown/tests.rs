//! What the Markdown dialect extracts, as inline snapshots.

use std::fmt::Write as _;

use proptest::prelude::*;

use super::{parse, sniff};
use crate::model::{Certainty, Document, RefKind};

/// One line per block, definition, marker and bibliography, in that order.
fn extract(text: &str) -> String {
    let doc = parse(text);
    let mut out = String::new();
    for b in &doc.blocks {
        let _ = writeln!(out, "block {:?} {}", b.kind, b.span);
    }
    for d in &doc.definitions {
        let key = d
            .key
            .as_deref()
            .map(|k| format!(" key {k:?}"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "def {:?} {}{key} {:?}",
            d.kind,
            d.label_span.of(text),
            d.body.of(text)
        );
    }
    for m in &doc.markers {
        let key = m
            .key
            .as_deref()
            .map(|k| format!(" key {k:?}"))
            .unwrap_or_default();
        let doubt = if m.certainty == Certainty::IfDefined {
            " if defined"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "marker {:?} {}{key} at {:?}{doubt}",
            m.kind,
            m.label,
            m.span.of(text)
        );
    }
    for b in doc.bibliographies() {
        let _ = writeln!(out, "bibliography {} at {:?}", b.path, b.span.of(text));
    }
    out
}

#[test]
fn footnotes_resolve_case_insensitively() {
    let text = "Calls[^Note] and [^NOTE], adjacent[^1][^2], numbers.[^3]\n\n[^note]: The note, citing [^3].\n[^1]: One.\n[^2]: Two.\n[^3]: Three.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 58..124
    def Note [^note]: "The note, citing [^3]."
    def Note [^1]: "One."
    def Note [^2]: "Two."
    def Note [^3]: "Three."
    marker Note Note key "note" at "[^Note]"
    marker Note NOTE key "note" at "[^NOTE]"
    marker Note 1 at "[^1]"
    marker Note 2 at "[^2]"
    marker Note 3 at "[^3]"
    marker Note 3 at "[^3]"
    "#);
}

#[test]
fn undefined_footnote_calls_are_reported() {
    // GFM renders `[^nope]` as text; ibid still reports it.
    let text = "Defined[^a], undefined[^nope] and [^Nope], not calls: [^], [^a b], \\[^esc].\n\n[^a]: A.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 77..85
    def Note [^a]: "A."
    marker Note a at "[^a]"
    marker Note nope at "[^nope]"
    marker Note Nope key "nope" at "[^Nope]"
    "#);
}

#[test]
fn footnotes_in_lists_and_block_quotes() {
    let text = "Calls[^q][^l][^after].\n\n> Quoted.\n>\n> [^q]: In a block quote,\n> lazily continued.\n\n- Item\n\n  [^l]: In a list item.\n\n    Second paragraph.\n\n[^after]: After the list.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 38..164
    def Note [^q]: "In a block quote,\n> lazily continued."
    def Note [^l]: "In a list item."
    def Note [^after]: "After the list."
    marker Note q at "[^q]"
    marker Note l at "[^l]"
    marker Note after at "[^after]"
    "#);
}

#[test]
fn footnote_continuation() {
    let text = "Calls[^1][^2][^3][^4].\n\n[^1]: First line\nlazy continuation.\n\n    Indented second paragraph.\n\nNot part of note 1.\n\n[^2]:\n    Blank first line, then indented.\n[^3]: Ends before a heading\n# Heading\n[^4]:\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 24..200
    def Note [^1]: "First line\nlazy continuation.\n\n    Indented second paragraph."
    def Note [^2]: "Blank first line, then indented."
    def Note [^3]: "Ends before a heading"
    def Note [^4]: ""
    marker Note 1 at "[^1]"
    marker Note 2 at "[^2]"
    marker Note 3 at "[^3]"
    marker Note 4 at "[^4]"
    "#);
}

#[test]
fn code_html_and_front_matter_hold_no_markers() {
    let text = "---\ntitle: \"[^front] @front\"\n---\n\nA `[^span]` and `@span` span.\n\n```\n[^fence] [@fence] ^[fence]\n```\n\n    [^indented] @indented\n\n<!-- [^comment] @comment -->\n\n<div>\n[^html] @html\n</div>\n\nInline <span title=\"[^attr]\">html</span>.\n";
    insta::assert_snapshot!(extract(text), @"");
}

#[test]
fn inline_notes() {
    let text = "Plain^[A note.] emphasis^[With *emphasis*, a [link](https://x.org) and [brackets].] nested^[Outer ^[inner] note.] empty^[] blank^[  ] escaped\\^[not a note] code `^[code]`.\n";
    insta::assert_snapshot!(extract(text), @r#"
    def InlineNote ^[ key "^5" "A note."
    def InlineNote ^[ key "^24" "With *emphasis*, a [link](https://x.org) and [brackets]."
    def InlineNote ^[ key "^90" "Outer ^[inner] note."
    def InlineNote ^[ key "^98" "inner"
    def InlineNote ^[ key "^119" ""
    def InlineNote ^[ key "^128" ""
    "#);
}

#[test]
fn citations() {
    let text = "Groups [@doe99] and [see @Doe99, p. 33; also -@smith04, ch. 1] and [@{https://x.org/a?b=c}].\n\nIn text @doe99 says, (@smith04) too; keys end before punctuation: @doe99. and @a:b-c.\n\nNot citations: me@example.com, `@code`, [mail me@example.com], <https://x.org/@user>.\n\nA group with a part lacking a key [@doe; no key] releases its in-text @doe.\n";
    insta::assert_snapshot!(extract(text), @r#"
    marker Citation doe99 at "@doe99"
    marker Citation Doe99 key "doe99" at "@Doe99"
    marker Citation smith04 at "-@smith04"
    marker Citation https://x.org/a?b=c at "@{https://x.org/a?b=c}"
    marker Citation doe99 at "@doe99"
    marker Citation smith04 at "@smith04"
    marker Citation doe99 at "@doe99"
    marker Citation a:b-c at "@a:b-c"
    marker Citation doe at "@doe"
    marker Citation doe at "@doe"
    "#);
}

#[test]
fn citation_group_is_not_a_link() {
    let text = "See [@doe] and [@doe][] and [@doe][ref].\n\n[ref]: /r\n";
    insta::assert_snapshot!(extract(text), @r#"
    def Link [ref] "/r"
    marker Citation doe at "@doe"
    marker Citation doe at "@doe"
    marker Link ref at "[@doe][ref]"
    marker Citation doe at "@doe"
    "#);
}

#[test]
fn reference_links_and_images() {
    let text = "Full [text][Ref], collapsed [Ref][], shortcut [ref], image ![alt][ref], collapsed image ![Ref][], multi-line [text][Ref\n  Two].\n\nUndefined: [text][missing], [missing][], ![alt][missing]; prose: [missing] and [not a link].\n\n[ref]: https://example.org \"Title\"\n[REF   two]: /two\n";
    insta::assert_snapshot!(extract(text), @r#"
    def Link [ref] "https://example.org \"Title\""
    def Link [REF   two] key "ref two" "/two"
    marker Link Ref key "ref" at "[text][Ref]"
    marker Link Ref key "ref" at "[Ref][]"
    marker Link ref at "[ref]" if defined
    marker Link ref at "![alt][ref]"
    marker Link Ref key "ref" at "![Ref][]"
    marker Link Ref
      Two key "ref two" at "[text][Ref\n  Two]"
    marker Link missing at "[text][missing]"
    marker Link missing at "[missing][]"
    marker Link missing at "![alt][missing]"
    "#);
}

#[test]
fn duplicate_link_definitions() {
    let text = "Uses [a][] and [B][].\n\n[a]: /first\n[A]: /second 'title'\n\n> [b]: /quoted\n> \"multi-line\n> title\"\n\n- [b]:\n  /in-list\n\n[a]:\n<third>\n";
    insta::assert_snapshot!(extract(text), @r#"
    def Link [a] "/first"
    def Link [A] key "a" "/second 'title'"
    def Link [b] "/quoted\n> \"multi-line\n> title\""
    def Link [b] "/in-list"
    def Link [a] "<third>"
    marker Link a at "[a][]"
    marker Link B key "b" at "[B][]"
    "#);
}

#[test]
fn alerts_task_boxes_and_wiki_links_are_not_markers() {
    let text = "> [!NOTE]\n> An alert.\n\n- [ ] open task\n- [x] done task\n\nA [[Wiki Link]] and [[target|label]] and [!WARNING] inline.\n";
    insta::assert_snapshot!(extract(text), @"");
}

#[test]
fn yaml_front_matter() {
    let text = "---\ntitle: Études\nbibliography:\n  - refs.bib\n  - \"other refs.bib\"\nreferences:\n- id: Doe99\n  author:\n    - family: Doë\n  title: Über\n- {id: 'smith04', title: x}\n---\n\nCites [@doe99] and @smith04.\n";
    insta::assert_snapshot!(extract(text), @r#"
    def Citation Doe99 key "doe99" "id: Doe99\n  author:\n    - family: Doë\n  title: Über"
    def Citation 'smith04' "{id: 'smith04', title: x}"
    marker Citation doe99 at "@doe99"
    marker Citation smith04 at "@smith04"
    bibliography refs.bib at "refs.bib"
    bibliography other refs.bib at "\"other refs.bib\""
    "#);
}

#[test]
fn yaml_bibliography_string_and_toml() {
    insta::assert_snapshot!(extract("---\nbibliography: refs.bib # comment\n---\nText.\n"), @r#"bibliography refs.bib at "refs.bib""#);
    insta::assert_snapshot!(extract("+++\ntitle = \"x\"\nbibliography = [\"a.bib\", 'b.bib']\n+++\nText.\n"), @r#"
    bibliography a.bib at "\"a.bib\""
    bibliography b.bib at "'b.bib'"
    "#);
}

#[test]
fn metadata_fences_later_in_a_document_are_text() {
    // Only the first line opens front matter; later `---` lines are a
    // thematic break and a setext underline, and what lies between is read.
    let text = "Text[^1].\n\n---\ntitle: [^2] and @doe\n---\n\n+++\nx = \"[^3]\"\n+++\n\n[^1]: a\n[^2]: b\n[^3]: c\n";
    let fast = super::parse_fast(text).expect("the fast parser takes it");
    assert_eq!(fast, super::parse_with_pulldown(text));
    assert!(fast.bibliographies().next().is_none());
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 61..84
    def Note [^1]: "a"
    def Note [^2]: "b"
    def Note [^3]: "c"
    marker Note 1 at "[^1]"
    marker Note 2 at "[^2]"
    marker Citation doe at "@doe"
    marker Note 3 at "[^3]"
    "#);
}

#[test]
fn malformed_front_matter_yields_nothing() {
    let text = "---\nbibliography: [a.bib\nreferences: {id: x\n---\n\nText[^1].\n\n[^1]: Note.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 60..71
    def Note [^1]: "Note."
    marker Note 1 at "[^1]"
    "#);
}

#[test]
fn calls_inside_image_descriptions_render_nowhere() {
    let text = "![image[^1]](#) ![alt [^2]][img] [link[^3]](#)\n\n[^1]: a\n[^2]: b\n[^3]: c\n\n[img]: /i.png\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 48..71
    def Note [^1]: "a"
    def Note [^2]: "b"
    def Note [^3]: "c"
    def Link [img] "/i.png"
    marker Link img at "[img]" if defined
    marker Note 3 at "[^3]"
    "#);
}

#[test]
fn resolution_through_the_graph() {
    // What the rules see: per kind, unresolved markers, unreferenced and
    // duplicated definitions.
    let text = "Note[^1], missing[^2]; link [a][], shortcut [b], prose [c], undefined [d][]; cite [@k].\n\n[^1]: One.\n[^3]: Orphan.\n\n[a]: /a\n[A]: /again\n[b]: /b\n[unused]: /u\n";
    let doc = parse(text);
    let graph = crate::graph::RefGraph::build(text, &doc, super::NOTATION);
    let mut out = String::new();
    for kind in [RefKind::Note, RefKind::Link, RefKind::Citation] {
        let unresolved: Vec<&str> = graph.unresolved(kind).map(|(_, m)| &*m.label).collect();
        let unreferenced: Vec<&str> = graph.unreferenced(kind).map(|(_, d)| &*d.label).collect();
        let duplicates: Vec<&str> = graph
            .duplicates(kind)
            .into_iter()
            .map(|(d, _)| &*doc.definitions[d].label)
            .collect();
        let _ = writeln!(
            out,
            "{kind:?}: unresolved {unresolved:?}, unreferenced {unreferenced:?}, duplicates {duplicates:?}"
        );
    }
    insta::assert_snapshot!(out, @r#"
    Note: unresolved ["2"], unreferenced ["3"], duplicates []
    Link: unresolved ["d"], unreferenced ["unused"], duplicates ["A"]
    Citation: unresolved ["k"], unreferenced [], duplicates []
    "#);
}

#[test]
fn undefined_call_in_alt_text_renders_nowhere() {
    insta::assert_snapshot!(extract("![alt [^x]](i.png) and [^y]\n"), @r#"marker Note y at "[^y]""#);
}

#[test]
fn null_bibliography_is_none() {
    insta::assert_snapshot!(extract("---\nbibliography:\nreferences: ~\n---\nText.\n"), @"");
}

#[test]
fn prose_is_text_outside_code() {
    let text = "# Title\n\nOne (, June 22, 2023) [x]\nline `code` two.\n\n```\ncode\n```\n";
    let doc = parse(text);
    let prose: Vec<&str> = doc.prose.iter().map(|s| s.of(text)).collect();
    insta::assert_debug_snapshot!(prose, @r#"
    [
        "Title",
        "One (, June 22, 2023) [x]\nline ",
        " two.",
    ]
    "#);
}

#[test]
fn crlf_gives_the_same_findings() {
    let text = "---\nbibliography: refs.bib\nreferences:\n- id: doe\n---\n\nText[^1] [^Two] [@doe] ^[inline\nnote] [a][] [x][y].\n\n[^1]: One\ncontinued.\n\n    More.\n[^two]: Two.\n\n> [a]: /a\n> \"t\"\n[a]: /dup\n";
    let crlf = text.replace('\n', "\r\n");
    // Everything but offsets, with line ends removed from the text shown.
    let shape = |t: &str| {
        let doc = parse(t);
        let show = |s: crate::model::Span| s.of(t).replace('\r', "");
        let mut out: Vec<String> = doc
            .definitions
            .iter()
            .map(|d| {
                let key = if d.kind == RefKind::InlineNote {
                    None
                } else {
                    d.key.clone()
                };
                format!(
                    "{:?} {} {key:?} {:?}",
                    d.kind,
                    show(d.label_span),
                    show(d.body)
                )
            })
            .collect();
        out.extend(doc.markers.iter().map(|m| {
            format!(
                "{:?} {} {:?} {:?} {:?}",
                m.kind,
                m.label,
                m.key,
                m.certainty,
                show(m.span)
            )
        }));
        out.extend(
            doc.bibliographies()
                .map(|b| format!("{} {}", b.path, show(b.span))),
        );
        out.push(format!(
            "{} blocks, {} prose",
            doc.blocks.len(),
            doc.prose.len()
        ));
        out
    };
    let lf = shape(text);
    assert_eq!(lf.len(), 13, "{lf:#?}");
    assert_eq!(lf, shape(&crlf));
}

#[test]
fn html_comments_outside_code() {
    let text = "---\ntitle: <!-- front matter -->\n---\n<!-- one -->\nText <!-- two\nlines --> and `<!-- code span -->`.\n\n<div>\n<!-- three --> <b>x</b> <!-- four\n-->\n</div>\n\n> <!-- five\n> quoted -->\n\n- item <!-- six -->\n\n```\n<!-- fenced -->\n```\n\n    <!-- indented -->\n\n<!--> <!---> x <!-- -- seven -- -->\n\n<!-- unclosed\n\nrest -- > <!-- not a comment\n";
    let found = |t: &str| -> Vec<String> {
        parse(t)
            .comments
            .iter()
            .map(|c| c.span.of(t).replace('\r', ""))
            .collect()
    };
    let lf = found(text);
    insta::assert_debug_snapshot!(lf, @r#"
    [
        "<!-- one -->",
        "<!-- two\nlines -->",
        "<!-- three -->",
        "<!-- four\n-->",
        "<!-- five\n> quoted -->",
        "<!-- six -->",
        "<!-->",
        "<!--->",
        "<!-- -- seven -- -->",
    ]
    "#);
    assert_eq!(found(&text.replace('\n', "\r\n")), lf);
}

#[test]
fn sniffing() {
    assert!(sniff("---\ntitle: x\n---\nText\n"));
    assert!(sniff("Text[^1].\n\n[^1]: Note.\n"));
    assert!(sniff("# Title\n\n## Section\n"));
    assert!(sniff("# Title\n\nSee [x](https://x.org).\n"));
    assert!(!sniff("Officials met.[1]\n\n[1] It should be noted.\n"));
    assert!(!sniff(
        "RFC 9999   Example   June 2020\n\n1.  Introduction\n"
    ));
}

#[test]
fn hostile_nesting_is_bounded() {
    for text in [
        "[".repeat(100_000),
        "^[".repeat(50_000),
        "> ".repeat(50_000) + "[^1]",
        "[@a ".repeat(20_000),
        "- ".repeat(20_000) + "x",
        format!("{}x{}", "![".repeat(20_000), "](#)".repeat(20_000)),
    ] {
        let doc = parse(&text);
        assert_spans_ok(&text, &doc);
    }
}

fn assert_spans_ok(text: &str, doc: &Document) {
    let ok = |s: crate::model::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for m in &doc.markers {
        assert!(ok(m.span), "marker {m:?}");
    }
    for d in &doc.definitions {
        assert!(ok(d.label_span) && ok(d.body), "definition {d:?}");
    }
    for b in &doc.blocks {
        assert!(ok(b.span), "block {b:?}");
    }
    for s in &doc.prose {
        assert!(ok(*s), "prose {s:?}");
    }
    for b in doc.bibliographies() {
        assert!(ok(b.span), "bibliography {b:?}");
    }
    for c in &doc.comments {
        assert!(ok(c.span) && ok(c.body), "comment {c:?}");
        assert!(c.span.start <= c.body.start && c.body.end <= c.span.end);
        let s = c.span.of(text);
        // An HTML comment, or the link-definition idiom (`[//]: # (…)`,
        // `[x]: #`, `[x]: <>`).
        let html = s.starts_with("<!--") && s.ends_with("-->") && s.len() >= 5;
        let idiom = s.starts_with('[') && s.contains("]:");
        assert!(html || idiom, "comment {s:?}");
    }
    assert!(
        doc.comments
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start),
        "comments out of order: {:?}",
        doc.comments
    );
}

/// Pieces Markdown documents are made of, to assemble at random.
const PIECES: &[&str] = &[
    "[",
    "]",
    "^",
    "@",
    "[^",
    "]:",
    "^[",
    "[@",
    "-@",
    "@{",
    "}",
    "(",
    ")",
    "!",
    "\\",
    "`",
    "```\n",
    "---\n",
    "+++\n",
    "> ",
    "- ",
    "1. ",
    "    ",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "\t",
    "*",
    "_",
    "<",
    ">",
    "<!--",
    "-->",
    "|",
    "a",
    "Key",
    "1",
    "é",
    "😄",
    "\u{a0}",
    ";",
    ":",
    "\"",
    "'",
    "#",
    "x@y.z",
    "bibliography: ",
    "references:\n- id: ",
    "[^1]: ",
    "[a]: /u \"t\"\n",
    "[[",
    "]]",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_spans_are_sound(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..80)
    ) {
        let text: String = pieces.concat();
        let doc = parse(&text);
        assert_spans_ok(&text, &doc);
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        let doc = parse(&text);
        assert_spans_ok(&text, &doc);
    }
}

#[test]
fn citation_keys_lower_case_as_bibliography_keys_do() {
    // Lowered as a whole word, a final capital sigma is `ς`, as in the
    // bibliography's key; character by character it would be `σ`.
    for key in ["ΟΔΥΣΣΕΥΣ", "Doe2020", "doe2020", "Ǆx"] {
        let ours = super::normalize_citation(key);
        let bib = crate::bib::citation_key(key);
        assert_eq!(ours.as_deref().unwrap_or(key), &*bib, "{key}");
    }
    assert_eq!(
        super::normalize_citation("ΟΔΥΣΣΕΥΣ").as_deref(),
        Some("οδυσσευς")
    );
}

#[test]
fn footnote_syntax_quoted_in_prose_is_no_call() {
    // Between two words and undefined: quoted syntax. Against a word,
    // after a sentence, before punctuation, or defined: calls.
    let text = "Write the [^1] syntax, or\n[^label] form. Here[^2], here. [^3] (see), here [^4].\nDefined [^d] too. Apart\n\n[^5] after a blank line.\n\n[^d]: D.\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 131..139
    def Note [^d]: "D."
    marker Note 2 at "[^2]"
    marker Note 3 at "[^3]"
    marker Note 4 at "[^4]"
    marker Note d at "[^d]"
    marker Note 5 at "[^5]"
    "#);
}

#[test]
fn near_misses_of_link_definitions_are_links() {
    // Brackets that nearly name a definition are undefined links; prose,
    // code, templates, escapes, brackets against a word or alone on their
    // line, and exact labels are not.
    let text = "See [reference-level explanation], [`ptr::write`], *[Ptr::Write()]*, [prose] and `[ptr::write]`.\n{{< x [ptr::write] >}} {% [ptr::write] %} \\[ptr::write] [ptr::write][]\nr[ptr::write] a_[ptr::write] (see [ptr::write()])\n\n  [ptr::write]\n\n[Reference-Level-Explanation]: #r\n[`ptr::write(..)`]: https://x\n";
    insta::assert_snapshot!(extract(text), @r##"
    def Link [Reference-Level-Explanation] key "reference-level-explanation" "#r"
    def Link [`ptr::write(..)`] "https://x"
    marker Link reference-level explanation at "[reference-level explanation]"
    marker Link `ptr::write` at "[`ptr::write`]"
    marker Link Ptr::Write() key "ptr::write()" at "[Ptr::Write()]"
    marker Link ptr::write at "[ptr::write][]"
    marker Link ptr::write() at "[ptr::write()]"
    "##);
}

#[test]
fn link_definitions_that_point_nowhere_are_comments() {
    let text = "[//]: # (a comment)\n[//]: <> \"another\"\n[comment]: #\n[top]: <#> 'x'\n[real]: #real\n[url]: https://x (y)\n\n<!-- html -->\n";
    let doc = parse(text);
    let comments: Vec<(&str, &str)> = doc
        .comments
        .iter()
        .map(|c| (c.span.of(text), c.body.of(text)))
        .collect();
    assert_eq!(
        comments,
        [
            ("[//]: # (a comment)", "a comment"),
            ("[//]: <> \"another\"", "another"),
            ("[comment]: #", ""),
            ("[top]: <#> 'x'", "x"),
            ("<!-- html -->", " html "),
        ]
    );
    // They stay definitions: a link to one resolves, as it renders.
    assert_eq!(doc.definitions.len(), 6);
}
