//! What the wikitext dialect reads from small pages.

use super::*;
use crate::model::{Definition, Marker, RefKind};

/// `(label, namespace)` of the items of a kind, in order.
fn of_kind<'a>(
    items: impl Iterator<Item = (RefKind, &'a str, Option<&'a str>)>,
    kind: RefKind,
) -> Vec<(String, Option<String>)> {
    items
        .filter(|(k, _, _)| *k == kind)
        .map(|(_, label, ns)| (label.to_owned(), ns.map(str::to_owned)))
        .collect()
}

/// `(label, namespace)` of the markers of a kind, in order.
fn markers(doc: &Document, kind: RefKind) -> Vec<(String, Option<String>)> {
    let items = doc.markers.iter();
    of_kind(
        items.map(|m| (m.kind, m.label.as_str(), m.namespace.as_deref())),
        kind,
    )
}

/// `(label, namespace)` of the definitions of a kind, in order.
fn defined(doc: &Document, kind: RefKind) -> Vec<(String, Option<String>)> {
    let items = doc.definitions.iter();
    of_kind(
        items.map(|d| (d.kind, d.label.as_str(), d.namespace.as_deref())),
        kind,
    )
}

/// What the reference lists a page's groups need match by.
fn marker_keys(doc: &Document) -> Vec<&str> {
    doc.markers
        .iter()
        .filter(|m| m.kind == RefKind::RefList)
        .map(Marker::key)
        .collect()
}

/// The labels of the markers of a kind.
fn labels(doc: &Document, kind: RefKind) -> Vec<String> {
    markers(doc, kind).into_iter().map(|(l, _)| l).collect()
}

/// The labels of the definitions of a kind.
fn definitions(doc: &Document, kind: RefKind) -> Vec<String> {
    defined(doc, kind).into_iter().map(|(l, _)| l).collect()
}

fn n(label: &str, ns: Option<&str>) -> (String, Option<String>) {
    (label.to_owned(), ns.map(str::to_owned))
}

#[test]
fn named_notes_define_and_cite_at_once() {
    let text = "A.<ref name=\"ames\">Ames 2011.</ref> B.<ref name=ames/> \
                C.<ref name='ames'>Ames 2011. </ref> D.<ref name = \"brook\"></ref> \
                E.<ref name=\"ames\">Ames 2012.</ref>\n";
    let doc = parse(text);
    assert_eq!(
        labels(&doc, RefKind::Note),
        ["ames", "ames", "ames", "brook", "ames"]
    );
    // The same content again is legal; other content is a second
    // definition.
    assert_eq!(definitions(&doc, RefKind::Note), ["ames", "ames"]);
    let bodies: Vec<&str> = doc.definitions.iter().map(|d| d.body.of(text)).collect();
    assert_eq!(bodies, ["Ames 2011.", "Ames 2012."]);
    // A marker is its open tag, its label the name as written.
    let m = &doc.markers[1];
    assert_eq!(m.span.of(text), "<ref name=ames/>");
    assert_eq!(m.label_span.of(text), "ames");
    assert_eq!(doc.markers[0].span.of(text), "<ref name=\"ames\">");
}

#[test]
fn names_are_read_as_the_sanitizer_reads_attributes() {
    let doc = parse(
        "<ref name=\"x y\" /> <ref name='q'/> <ref NAME=up/> <ref name=\"\">Unnamed.</ref> \
         <ref name=\"  spaced   out \"/>\n",
    );
    assert_eq!(
        labels(&doc, RefKind::Note),
        ["x y", "q", "up", "spaced out"]
    );
    assert_eq!(defined(&doc, RefKind::InlineNote).len(), 1);
    // `>` ends the tag even inside quotes: `name="a`, with content up to
    // the next `</ref>`.
    let text = "<ref name=\"a>b\"/> text</ref>\n";
    let doc = parse(text);
    assert_eq!(labels(&doc, RefKind::Note), ["a"]);
    assert_eq!(doc.definitions[0].body.of(text), "b\"/> text");
}

#[test]
fn unnamed_notes_are_written_in_place() {
    let text = "A.<ref>One.</ref> B.<ref> </ref> C.<ref/> D.<ref group=g></ref>\n";
    let doc = parse(text);
    let bodies: Vec<&str> = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::InlineNote)
        .map(|d| d.body.of(text))
        .collect();
    assert_eq!(bodies, ["One.", "", "", ""]);
    assert!(labels(&doc, RefKind::Note).is_empty());
}

#[test]
fn groups_are_namespaces() {
    let doc = parse(
        "A.<ref name=a group=n>x</ref> B.<ref name=a/> C.{{r|a|b|group=n}}{{rp|12}} \
         D.{{r|name=c|r=Text.}} E.{{efn|name=e|A note.}} F.{{efn|name=e}} G.{{efn-ua|Upper.}}\n\
         <references group=n/>\n{{notelist}}\n",
    );
    assert_eq!(
        markers(&doc, RefKind::Note),
        [
            n("a", Some("n")),
            n("a", None),
            n("a", Some("n")),
            n("b", Some("n")),
            n("c", None),
            n("e", Some("lower-alpha")),
            n("e", Some("lower-alpha")),
        ]
    );
    assert_eq!(
        defined(&doc, RefKind::Note),
        [n("a", Some("n")), n("c", None), n("e", Some("lower-alpha"))]
    );
    assert_eq!(
        defined(&doc, RefKind::InlineNote),
        [n("", Some("upper-alpha"))]
    );
}

#[test]
fn lists_and_list_defined_notes() {
    let text = "A.<ref name=a/> B.<ref name=b group=g/> C.{{efn|name=c}}\n\
                <references>\n<ref name=a>Listed a.</ref>\n<ref name=x>Unused.</ref>\n</references>\n\
                {{reflist|group=g|refs=\n<ref name=b>Listed b.</ref>\n<ref name=e></ref>\n}}\n\
                {{notelist|refs={{efn|name=c|Listed c.}}}}\n";
    let doc = parse(text);
    // List-defined notes define in their list's group and cite nothing.
    assert_eq!(
        markers(&doc, RefKind::Note),
        [n("a", None), n("b", Some("g")), n("c", Some("lower-alpha"))]
    );
    assert_eq!(
        defined(&doc, RefKind::Note),
        [
            n("a", None),
            n("x", None),
            n("b", Some("g")),
            n("e", Some("g")),
            n("c", Some("lower-alpha")),
        ]
    );
    let empty = doc
        .definitions
        .iter()
        .find(|d| d.label == "e")
        .map(|d| d.body);
    assert_eq!(empty.map(|b| b.is_empty()), Some(true));
    // Each list is a definition of its group.
    assert_eq!(
        definitions(&doc, RefKind::RefList),
        ["", "g", "lower-alpha"]
    );
    // Every named group's notes have a list after them: their markers
    // resolve.
    assert_eq!(marker_keys(&doc), ["g\u{1f}0", "lower-alpha\u{1f}0"]);
    assert!(markers(&doc, RefKind::RefList)
        .iter()
        .all(|(_, ns)| ns.is_none()));
    let lists: Vec<&str> = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::RefList)
        .map(Definition::key)
        .collect();
    assert_eq!(lists, ["\u{1f}0", "g\u{1f}0", "lower-alpha\u{1f}0"]);
}

#[test]
fn a_list_shows_the_notes_before_it_and_forgets_them() {
    let doc = parse(
        "A.<ref name=a>One.</ref><ref group=n>x</ref>\n<references/>\n\
         B.<ref name=a/><ref group=n>y</ref>\n<references group=n/>\nC.<ref group=n>z</ref>\n",
    );
    // After the default group's list, `a` is a new name (unresolved).
    assert_eq!(
        markers(&doc, RefKind::Note),
        [n("a", None), n("a", Some("\u{1f}1"))]
    );
    // Group `n`: its first stretch ends at its only list; the note after
    // it starts a stretch that no list shows.
    assert_eq!(marker_keys(&doc), ["n\u{1f}0", "n\u{1f}1"]);
}

#[test]
fn a_list_defined_note_of_another_group_is_a_mismatch() {
    let doc = parse(
        "A.<ref name=m/>\n<references>\n<ref name=m group=other>Text.</ref>\n</references>\n\
         {{reflist|group=g|refs=<ref name=k group=g>Same group.</ref>}}\n",
    );
    assert_eq!(markers(&doc, RefKind::RefList), [n("m", Some(""))]);
    // Read in its list's group, so its uses resolve.
    assert_eq!(
        defined(&doc, RefKind::Note),
        [n("m", None), n("k", Some("g"))]
    );
}

#[test]
fn hidden_content_holds_no_notes() {
    let text = "<!-- <ref name=a/> --><nowiki><ref name=b/></nowiki><pre><ref name=c/></pre>\
                <syntaxhighlight lang=html><ref name=d/></syntaxhighlight><source><ref name=e/></source>\
                <math>{{sfn|X|1}}<ref name=f/></math><includeonly><ref name=g/></includeonly>\
                <code><ref name=h/></code><poem><ref name=i/></poem>{{quote|<ref name=j/>}}\n\
                <NOWIKI><ref name=k/></nowiki ><nowiki/><ref name=l/>\n";
    let doc = parse(text);
    assert_eq!(labels(&doc, RefKind::Note), ["h", "i", "j", "l"]);
    assert!(labels(&doc, RefKind::Citation).is_empty());
    let comments: Vec<&str> = doc.comments.iter().map(|c| c.body.of(text)).collect();
    assert_eq!(comments, [" <ref name=a/> "]);
}

#[test]
fn an_unclosed_element_is_text() {
    // No `</nowiki>`: the tag is text, and what follows is read.
    let doc = parse("<nowiki><ref name=a/> <pre>x <ref>never closed <ref name=b/>\n");
    assert_eq!(labels(&doc, RefKind::Note), ["a", "b"]);
    // An unclosed `<includeonly>` hides the rest of the page.
    let doc = parse("<ref name=a/><includeonly><ref name=b/>\n");
    assert_eq!(labels(&doc, RefKind::Note), ["a"]);
}

#[test]
fn an_unclosed_comment_hides_the_rest_and_says_so() {
    let text = "A.<ref name=a/>\n<!-- forgot to close\nB.<ref name=b/>\n";
    let doc = parse(text);
    assert_eq!(labels(&doc, RefKind::Note), ["a"]);
    assert_eq!(doc.unread.len(), 1);
    assert_eq!(doc.unread[0].0.start, text.find("<!--").unwrap_or(0));
    assert!(
        doc.unread[0].1.contains("never closed"),
        "{}",
        doc.unread[0].1
    );
}

#[test]
fn a_ref_inside_a_ref_is_text_and_braces_do_not_cross_it() {
    // `<ref>` ends at the first `</ref>`; the inner open tag is text.
    let doc = parse("A.<ref>x <ref name=in/> y</ref> B.{{efn|a<ref>b}}</ref>c}}\n");
    assert!(labels(&doc, RefKind::Note).is_empty());
    let inline: Vec<_> = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::InlineNote)
        .map(|d| d.namespace.clone())
        .collect();
    // The `<ref>`, the efn (its first `}}` is inside a ref), and the ref
    // in the efn.
    assert_eq!(inline, [None, Some("lower-alpha".into()), None]);
}

#[test]
fn template_parameters_split_where_mediawiki_splits_them() {
    let text =
        "{{efn|name=a|See [[Page|the page]] and {{lang|fr|x=y}}.}}{{efn|1=Has = sign|name=b}}\
                {{efn|<span style=\"x\">styled</span>}}\n{{notelist}}\n";
    let doc = parse(text);
    let bodies: Vec<&str> = doc
        .definitions
        .iter()
        .filter(|d| d.kind != RefKind::RefList)
        .map(|d| d.body.of(text))
        .collect();
    // The `=` in an HTML attribute names the parameter, as on a wiki.
    assert_eq!(
        bodies,
        [
            "See [[Page|the page]] and {{lang|fr|x=y}}.",
            "Has = sign",
            ""
        ]
    );
    // `}}` inside an open `[[` is text: the template never closes.
    let doc = parse("{{efn|name=z|[[broken}} <ref name=after/>\n");
    assert_eq!(labels(&doc, RefKind::Note), ["after"]);
}

#[test]
fn tag_ref_and_refn_are_notes() {
    let doc = parse(
        "{{#tag:ref|Nested.<ref name=inner>Inner.</ref>|name=outer|group=note}}{{refn|name=r|Refn.}}\n\
         {{#tag:references|<ref name=l>Listed.</ref>|group=note}}\n",
    );
    assert_eq!(
        defined(&doc, RefKind::Note),
        [
            n("outer", Some("note")),
            n("inner", None),
            n("r", None),
            n("l", Some("note"))
        ]
    );
}

#[test]
fn short_citations_link_to_citeref_anchors() {
    let doc = parse(
        "{{sfn|Smith|Jones|2004|p=5}} {{harvnb|Van  Dyke|2004a}} {{sfnp|Brown|n.d.}} \
         {{harv|smith|jones|2004}} {{sfn|ref=Custom id}} [[#CITEREFSmithJones2004|link]] \
         {{sfnm|1a1=Lee|1y=1990|2a1=Orr|2y=1991}}\n\
         * {{cite book|last1=Smith|first1=A.|last2=Jones|date=5 May 2004|title=T}}\n\
         * {{Cite journal|last=Van Dyke<!-- sic -->|date=2004a|title=U}}\n\
         * {{citation|author=[[Ann Brown|Brown]]|date=n.d.|title=V}}\n\
         * {{cite web|title=W|ref=Custom id}}\n\
         * {{cite book|editor-last=Lee|year=1990|title=X}}\n\
         * {{cite journal|vauthors=Orr AB, Pike C|year=1991|title=Y}}\n",
    );
    assert_eq!(
        labels(&doc, RefKind::Citation),
        [
            "CITEREFSmithJones2004",
            "CITEREFVan_Dyke2004a",
            "CITEREFBrownn.d.",
            "CITEREFsmithjones2004",
            "Custom_id",
            "CITEREFSmithJones2004",
            "CITEREFLee1990",
            "CITEREFOrr1991",
        ]
    );
    assert_eq!(
        definitions(&doc, RefKind::Citation),
        [
            "CITEREFSmithJones2004",
            "CITEREFVan_Dyke2004a",
            "CITEREFBrownn.d.",
            "Custom_id",
            "CITEREFLee1990",
        ]
    );
    // The lower-case one matches no id (ids are case-sensitive), nor does
    // the sfnm set whose anchor has one name less than the citation's.
    let unmatched: Vec<&str> = doc
        .markers
        .iter()
        .filter(|m| m.key.is_some())
        .map(|m| m.label.as_str())
        .collect();
    assert_eq!(unmatched, ["CITEREFsmithjones2004", "CITEREFOrr1991"]);
}

#[test]
fn surnames_come_from_every_form_of_their_parameter() {
    let doc = parse(
        "{{sfn|Orr|Pike|Ray|Sims|1999}} {{sfn|Lee|2000}}\n\
         * {{cite book|author1-last=Orr|author-last2=Pike|surname3=Ray|last4=Sims|last5=Tell|year=1999}}\n\
         * {{cite book|editor-surname=Lee|editor2-last=|author-link=X|date=2000|title=Z}}\n",
    );
    // Four surnames at most; an empty parameter is none.
    assert_eq!(
        definitions(&doc, RefKind::Citation),
        ["CITEREFOrrPikeRaySims1999", "CITEREFLee2000"]
    );
}

#[test]
fn only_targets_are_entries() {
    let doc = parse(
        "<ref>{{cite web|last=Nobody|year=2001|title=Cited in place}}</ref>\n\
         * {{cite book|last=Lee|year=1990|ref=harv}}\n\
         * {{cite book|last=Orr|year=1991|ref={{harvid|Orr|1991b}}}}\n\
         * {{cite book|last=Ray|year=1992|ref=none}} {{sfn|Ray|1992}}\n\
         * {{wikicite|ref={{sfnref|Old|1800}}|reference=Old, ''Tales''.}}\n\
         * {{anchor|CITEREFHand1700}} {{harv|Hand|1700}}\n",
    );
    // Declared targets, and the anchor something links to; `ref=harv`
    // declares nothing (CS1 ignores it since 2020).
    assert_eq!(
        definitions(&doc, RefKind::Citation),
        ["CITEREFOrr1991b", "CITEREFOld1800", "CITEREFHand1700"]
    );
    assert_eq!(
        labels(&doc, RefKind::Citation),
        ["CITEREFRay1992", "CITEREFHand1700"]
    );
}

#[test]
fn an_unknowable_anchor_silences_links_to_nowhere() {
    let text = "{{sfn|Known|2000}} {{sfn|Missing|2001}}\n\
                * {{cite book|last=Known|year=2000}}\n";
    assert_eq!(labels(&parse(text), RefKind::Citation).len(), 2);
    let text = format!("{text}* {{{{cite book|last={{{{lang|fr|Dupont}}}}|year=1999}}}}\n");
    // Dupont's id is unknown: the link to nowhere may be to it.
    assert_eq!(
        labels(&parse(&text), RefKind::Citation),
        ["CITEREFKnown2000"]
    );
}

#[test]
fn comments_are_suppression_comments() {
    let text = "<!-- ibid-ignore-next-line unresolved -->\nA.<ref name=a/>\n";
    let doc = parse(text);
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(
        doc.comments[0].body.of(text),
        " ibid-ignore-next-line unresolved "
    );
    assert_eq!(doc.own_entries, OwnEntries::Page);
}

#[test]
fn sniffing() {
    assert!(sniff(
        "Text.<ref>Source.</ref>\n\n== Notes ==\n{{reflist}}\n"
    ));
    assert!(sniff("== One ==\nSee [[Page]].\n== Two ==\nMore.\n"));
    assert!(sniff("* {{Cite book|last=X}}\n"));
    // Other dialects' texts, and plain text, are not wikitext.
    assert!(!sniff("Officials met.[1]\n\n[1] It should be noted.\n"));
    assert!(!sniff("# Title\n\nText[^1].\n\n[^1]: Note.\n"));
    assert!(!sniff("Title\n=====\n\nText [1]_.\n\n.. [1] Note.\n"));
    assert!(!sniff("\\section{Intro}\nText\\footnote{Note.}\n"));
    assert!(!sniff("== Not a heading\nJust == signs [[1]].\n"));
    // AsciiDoc: delimiter lines, anchors and cross-references.
    assert!(!sniff(
        "[[intro]]\n== Intro\n\n====\nA note.\n====\n\nSee <<references>>.\n\
         ======= Faucet.sol:Faucet =======\n[[x]]\n"
    ));
    assert!(!sniff("Collection<Ref> refs = git.lsRemote();\n"));
}

/// Hostile input: linear, no panic, no deep recursion.
mod hostile {
    use super::*;

    const N: usize = 100_000;

    #[test]
    fn nested_refs() {
        let text = format!("{}x{}", "<ref>".repeat(N), "</ref>".repeat(N));
        let doc = parse(&text);
        // The first `<ref>` runs to the first `</ref>`; the rest is text.
        assert_eq!(doc.definitions.len(), 1);
        let text = "<ref name=a>".repeat(N);
        assert!(parse(&text).markers.is_empty());
        let text = format!(
            "{}<references>{}",
            "<references>".repeat(N),
            "</references>".repeat(2)
        );
        assert_eq!(parse(&text).definitions.len(), 1);
    }

    #[test]
    fn nested_templates() {
        let text = format!("{}x{}", "{{efn|".repeat(N), "}}".repeat(N));
        let doc = parse(&text);
        assert_eq!(doc.definitions.len(), N);
        // Unclosed: text, and nothing breaks.
        let text = "{{efn|".repeat(N);
        assert!(parse(&text).definitions.is_empty());
        let text = format!("{}{}", "{".repeat(2 * N + 1), "}".repeat(2 * N + 1));
        assert!(parse(&text).definitions.is_empty());
        let text = format!("{}{}", "[[".repeat(N), "{{efn|x}}".repeat(3));
        assert_eq!(parse(&text).definitions.len(), 3);
    }

    #[test]
    fn unclosed_tags_and_open_tags_without_an_end() {
        for text in [
            "<ref ".repeat(N),
            "<nowiki>".repeat(N),
            "<ref name=\"".repeat(N),
            "<!--".repeat(N),
            "<references>".repeat(N),
            "<pre><ref name=a>".repeat(N),
        ] {
            let doc = parse(&text);
            assert!(doc.markers.len() <= 1, "{}", &text[..20]);
        }
    }

    #[test]
    fn a_ten_megabyte_line() {
        // Prose with a note, a template and a link every kilobyte.
        let chunk = format!(
            "{}<ref name=a/> {{{{sfn|A|1}}}} [[x|y]] ",
            "word ".repeat(200)
        );
        let mut text = chunk.repeat(10_000_000 / chunk.len());
        text.push_str("<ref name=a>Text.</ref>\n");
        let doc = parse(&text);
        assert_eq!(doc.definitions.len(), 1);
        assert_eq!(doc.markers.len(), 2 * (10_000_000 / chunk.len()) + 1);
    }
}

/// Any page: no panic, and every span the dialect makes is in bounds, on
/// character boundaries and (a label in its marker) nested, so the
/// document builder drops nothing.
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::model::Span;

    const PIECES: &[&str] = &[
        "<ref>",
        "</ref>",
        "<ref name=\"a\">",
        "<ref name=b/>",
        "<ref group=g>",
        "<ref name='é'",
        "<references>",
        "</references>",
        "<references group=g/>",
        "<!--",
        "-->",
        "<nowiki>",
        "</nowiki>",
        "<pre>",
        "{{",
        "}}",
        "{",
        "}",
        "[[",
        "]]",
        "|",
        "=",
        "efn",
        "r|a",
        "sfn|A|1",
        "cite book|last=A|year=1",
        "reflist|refs=",
        "notelist",
        "#tag:ref|",
        "harvid|A|1",
        "ref=",
        "#CITEREFA1",
        "name=x",
        "group=g",
        "Text",
        " ",
        "\n",
        "é",
        "日本",
        ">",
        "/",
        "<",
    ];

    fn ok(text: &str, span: Span) -> bool {
        span.start <= span.end
            && span.end <= text.len()
            && text.is_char_boundary(span.start)
            && text.is_char_boundary(span.end)
    }

    fn check(text: &str) {
        let scanned = scan::scan(text);
        let (mut markers, mut defs) = (Vec::new(), Vec::new());
        notes::read(text, &scanned, &mut markers, &mut defs);
        anchors::read(text, &scanned, &mut markers, &mut defs);
        for m in &markers {
            assert!(ok(text, m.span) && ok(text, m.label_span), "{m:?}");
            assert!(
                m.label_span.start >= m.span.start && m.label_span.end <= m.span.end,
                "{m:?}"
            );
        }
        for d in &defs {
            assert!(ok(text, d.label_span) && ok(text, d.body), "{d:?}");
        }
        for c in &scanned.comments {
            assert!(ok(text, c.span) && ok(text, c.body), "{c:?}");
        }
        let doc = parse(text);
        assert_eq!(
            (doc.markers.len(), doc.definitions.len()),
            (markers.len(), defs.len())
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn pieces_of_wikitext(pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..80)) {
            check(&pieces.concat());
        }

        #[test]
        fn arbitrary_text(text in "\\PC{0,200}") {
            check(&text);
        }
    }
}
