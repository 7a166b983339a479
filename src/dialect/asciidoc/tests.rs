//! What the AsciiDoc dialect reads from small documents.

use super::*;

/// `kind key` (and `@namespace`) of each marker, in order.
fn refs(doc: &Document) -> Vec<String> {
    doc.markers
        .iter()
        .map(|m| match &m.namespace {
            Some(ns) => format!("{:?} {}@{ns}", m.kind, m.key()),
            None => format!("{:?} {}", m.kind, m.key()),
        })
        .collect()
}

/// `kind key` of each definition the author wrote (not made-up ids and
/// titles), in order.
fn defs(doc: &Document) -> Vec<String> {
    doc.definitions
        .iter()
        .filter(|d| d.origin == Origin::Written)
        .map(|d| format!("{:?} {}", d.kind, d.key()))
        .collect()
}

/// The generated section ids, in order.
fn generated(doc: &Document) -> Vec<String> {
    doc.definitions
        .iter()
        .filter(|d| d.origin == Origin::Generated)
        .map(|d| d.key().to_owned())
        .collect()
}

fn read(text: &str) -> Document {
    parse(text, None)
}

#[test]
fn anchors_and_references_of_every_form() {
    let text = "[[top]]\n== Start\n\n[#second.role]\n== Next\n\n\
                Go to <<top>>, <<second,the next one>>, xref:third[] and anchor:inline[Here] \
                then <<other.adoc#part>> and xref:guide.adoc[].\n\n\
                [source#listing1,python]\n----\n<<not-read>>\n----\n";
    let doc = read(text);
    assert_eq!(
        refs(&doc),
        [
            "CrossRef top",
            "CrossRef second",
            "CrossRef third",
            "CrossRef other.adoc#part",
            "CrossRef guide.adoc#",
        ]
    );
    assert_eq!(
        defs(&doc),
        [
            "CrossRef top",
            "CrossRef second",
            "CrossRef inline",
            "CrossRef listing1",
        ]
    );
    let labels: Vec<_> = doc
        .links
        .iter()
        .map(|l| {
            (
                l.kind,
                l.path.to_string(),
                l.prefix.as_deref().map(str::to_owned),
            )
        })
        .collect();
    assert_eq!(
        labels,
        [
            (
                LinkKind::Labels,
                "other.adoc".into(),
                Some("other.adoc#".into())
            ),
            (
                LinkKind::Labels,
                "guide.adoc".into(),
                Some("guide.adoc#".into())
            ),
        ]
    );
    // The reference's place is its target, not the brackets.
    let top = &doc.markers[0];
    assert_eq!(top.label_span.of(text), "top");
}

#[test]
fn generated_ids_follow_idprefix_and_idseparator() {
    let doc = read(
        "= Book\n\n== The *Bold* Start\n\n== Don't Panic!\n\n== A - B\n\n== A - B\n\n\
         :idprefix:\n:idseparator: -\n\n== Later Section\n\n:sectids!:\n\n== No Id\n",
    );
    assert_eq!(
        generated(&doc),
        [
            "_book",
            "_the_bold_start",
            "_dont_panic",
            "_a_b",
            "_a_b_2",
            "later-section"
        ]
    );
}

#[test]
fn a_section_with_its_own_id_gets_no_generated_one() {
    let doc = read("[[intro]]\n== Introduction\n\n== Title [[named]]\n\n[#x]\n== Third\n");
    assert!(generated(&doc).is_empty(), "{:?}", generated(&doc));
    assert_eq!(
        defs(&doc),
        ["CrossRef intro", "CrossRef named", "CrossRef x"]
    );
}

#[test]
fn the_header_sets_attributes_under_its_author_line() {
    let doc = read("= The Book\nA. Author <a@b.org>\nv1.0, 2020\n:doctype: book\n:idprefix: id_\n\n= Part One\n\n== Chapter\n");
    // The title's id is made too (the file may be included as a
    // chapter); the header's entries under the author line apply.
    assert_eq!(
        generated(&doc),
        ["id_the_book", "id_part_one", "id_chapter"]
    );
}

#[test]
fn footnotes_named_anonymous_empty_and_legacy() {
    let text = "One.footnote:[Plain.] Two.footnote:disc[Said once.] \
                Three.footnote:disc[] Four.footnote:[] \
                Five.footnoteref:[old,Legacy text.] Six.footnoteref:[old]\n";
    let doc = read(text);
    assert_eq!(
        refs(&doc),
        [
            "UnitNote disc",
            "UnitNote disc",
            "UnitNote old",
            "UnitNote old"
        ]
    );
    assert!(doc
        .markers
        .iter()
        .all(|m| m.certainty == Certainty::Ordered));
    let notes: Vec<_> = doc
        .definitions
        .iter()
        .map(|d| (d.kind, d.label.to_string(), d.body.of(text).to_owned()))
        .collect();
    assert_eq!(
        notes,
        [
            (RefKind::InlineNote, "footnote".into(), "Plain.".into()),
            (RefKind::UnitNote, "disc".into(), "Said once.".into()),
            (RefKind::InlineNote, "footnote".into(), String::new()),
            (RefKind::UnitNote, "old".into(), "Legacy text.".into()),
        ]
    );
}

#[test]
fn a_footnote_id_with_a_second_text_is_defined_twice_and_the_same_text_is_a_reference() {
    let doc = read("A.footnote:n[Text.] B.footnote:n[Text.] C.footnote:n[Other.]\n");
    let bodies: Vec<_> = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::UnitNote)
        .map(|d| d.key().to_owned())
        .collect();
    assert_eq!(bodies, ["n", "n"]);
    assert_eq!(doc.markers.len(), 3);
}

#[test]
fn footnote_text_runs_over_lines_and_stops_at_an_unescaped_bracket() {
    let text = "Here.footnote:long[First line\nsecond line with \\] inside.] After <<x>>.\n";
    let doc = read(text);
    let body = doc.definitions[0].body.of(text);
    assert_eq!(body, "First line\nsecond line with \\] inside.");
    assert_eq!(refs(&doc), ["UnitNote long", "CrossRef x"]);
}

#[test]
fn verbatim_blocks_passthroughs_and_comments_hide_everything() {
    let text = "\
----
<<a>> footnote:[x] [[b]]
----

....
<<c>>
....

++++
<<d>>
++++

////
<<e>> [[f]]
////

// <<g>> footnote:[]

[source,ruby]
<<h>> in a styled paragraph

 <<i>> in a literal paragraph

```ruby
<<j>>
```

[source]
--
<<k>>
--

Text +<<l>>+ and +++<<m>>+++ and pass:[<<n>>] and $$<<o>>$$ and stem:[<<p>>] \\<<q>> \\footnote:[r]
but `<<shown>>` is read.
";
    let doc = read(text);
    assert_eq!(refs(&doc), ["CrossRef shown"]);
    assert!(doc.definitions.is_empty(), "{:?}", doc.definitions);
    let comments: Vec<_> = doc
        .comments
        .iter()
        .map(|c| c.body.of(text).trim())
        .collect();
    assert_eq!(comments, ["<<e>> [[f]]", "<<g>> footnote:[]"]);
}

#[test]
fn example_sidebar_quote_open_and_table_content_is_read() {
    let doc = read(
        "====\n<<a>>\n====\n\n****\n<<b>>\n****\n\n____\n<<c>>\n____\n\n--\n<<d>>\n--\n\n\
         |===\n| <<e>> | footnote:[cell]\n|===\n",
    );
    assert_eq!(
        refs(&doc),
        [
            "CrossRef a",
            "CrossRef b",
            "CrossRef c",
            "CrossRef d",
            "CrossRef e"
        ]
    );
}

#[test]
fn includes_with_attributes_options_and_listing_blocks() {
    let text = "\
:chapdir: chapters
include::{chapdir}/ch01.adoc[leveloffset=+1]
include::{nowhere}/x.adoc[]
include::opt.adoc[opts=optional]
include::part.adoc[tags=intro;body,lines=1..10]
\\include::escaped.adoc[]

[source,python]
----
include::code/sample.py[]
----

////
include::commented.adoc[]
////
";
    let doc = read(text);
    let links: Vec<_> = doc
        .includes()
        .map(|l| (l.path.to_string(), l.optional, l.verbatim))
        .collect();
    assert_eq!(
        links,
        [
            ("chapters/ch01.adoc".into(), false, false),
            ("opt.adoc".into(), true, false),
            ("part.adoc".into(), false, false),
            ("code/sample.py".into(), false, true),
        ]
    );
    // Located at the target as written.
    let first = doc.includes().next().unwrap();
    assert_eq!(first.span.of(text), "{chapdir}/ch01.adoc");
}

#[test]
fn bibliography_entries_are_references_blocks() {
    let text = "[bibliography]\n== References\n\n* [[[taoup]]] E. S. Raymond.\n* [[[gof,GoF]]] Gamma et al.\n\n\
                == After\n\n* [[[not-an-entry]]] text\n";
    let doc = read(text);
    let entries: Vec<_> = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::References)
        .map(|b| b.span.of(text))
        .collect();
    assert_eq!(entries, ["taoup", "gof"]);
    // Outside a bibliography `[[[x]]]` is an anchor in brackets.
    assert!(defs(&doc).contains(&"CrossRef not-an-entry".to_owned()));
}

#[test]
fn a_bibliography_list_without_a_section() {
    let text = "[bibliography]\n- [[[a]]] One.\n- [[[b]]] Two.\n\nText.\n\n- [[[c]]] Not one.\n";
    let doc = read(text);
    let entries: Vec<_> = doc.blocks.iter().map(|b| b.span.of(text)).collect();
    assert_eq!(entries, ["a", "b"]);
}

#[test]
fn references_to_titles_are_their_own_namespace() {
    let doc = read("== Getting Started\n\nSee <<Getting Started>> and <<getting-started>>.\n");
    assert_eq!(
        refs(&doc),
        ["CrossRef Getting Started@title", "CrossRef getting-started"]
    );
    assert!(doc
        .definitions
        .iter()
        .any(|d| d.namespace.as_deref() == Some(TITLE) && d.key() == "Getting Started"));
}

#[test]
fn conditionals_are_read_as_written() {
    let doc = read("ifdef::backend-pdf[]\n<<a>>\nendif::[]\nifndef::x[<<b>>]\n");
    assert_eq!(refs(&doc), ["CrossRef a", "CrossRef b"]);
}

#[test]
fn an_unclosed_block_is_unread_with_its_line() {
    let doc = read("Text.\n\n----\n<<a>>\nmore\n");
    assert_eq!(doc.unread.len(), 1);
    assert!(
        doc.unread[0].1.contains("opened on line 3"),
        "{}",
        doc.unread[0].1
    );
    assert!(doc.markers.is_empty());
}

#[test]
fn a_manifest_includes_its_asciidoc_files_in_order() {
    let text = r#"{"files": ["cover.html", "ch01.asciidoc", "contrib/ch02.adoc"], "title": "X"}"#;
    let doc = parse(text, Some(std::path::Path::new("book/atlas.json")));
    let paths: Vec<_> = doc.includes().map(|l| l.path.to_string()).collect();
    assert_eq!(paths, ["ch01.asciidoc", "contrib/ch02.adoc"]);
    assert_eq!(doc.root, Some(true));
    let bad = parse("{ not json", Some(std::path::Path::new("atlas.json")));
    assert_eq!(bad.unread.len(), 1);
}

#[test]
fn sniffing() {
    assert!(sniff("= Title\n\nText.\n"));
    assert!(sniff("Intro.\n\ninclude::ch01.adoc[]\n"));
    assert!(!sniff("# Markdown\n\nText.[^1]\n\n[^1]: Note.\n"));
    assert!(!sniff("Plain text [1].\n\n[1] A note.\n"));
    assert!(!sniff(
        "Salt marshes.<ref>Ames.</ref>\n\n{{reflist}}\n\n[[Category:Wetlands]]\n"
    ));
}

/// Hostile input: a line of ten million openers, a hundred thousand
/// unclosed blocks, deep nesting: linear, no panic.
#[test]
fn hostile_input_is_linear() {
    let openers = "<<[[footnote:x[+pass:[+a ".repeat(50_000);
    let doc = read(&openers);
    assert!(doc.markers.len() <= 200_000);
    let blocks = "====\n****\n--\n".repeat(30_000);
    let doc = read(&blocks);
    assert!(doc.markers.is_empty());
    let plus = "+".repeat(300_000);
    read(&plus);
    let nested = format!("{}{}", "footnote:[".repeat(100_000), "]".repeat(100_000));
    let doc = read(&nested);
    assert!(doc.definitions.len() <= 100_000);
}

#[test]
fn antora_page_ids_and_resource_ids_resolve_from_the_module() {
    let path = std::path::Path::new("docs/modules/cli/pages/options/index.adoc");
    let text = "See xref:index.adoc[], xref:api:convert.adoc#opts[], xref:other:mod:x.adoc[], \
                xref:./near.adoc[] and xref:v2@page.adoc[].\n\n\
                include::partial$success.adoc[]\ninclude::html:example$doc.adoc[]\n\
                include::comp:mod:partial$x.adoc[]\ninclude::local.adoc[]\n";
    let doc = parse(text, Some(path));
    let links: Vec<_> = doc
        .links
        .iter()
        .map(|l| (l.kind, l.path.to_string()))
        .collect();
    assert_eq!(
        links,
        [
            (LinkKind::Labels, "../../pages/index.adoc".into()),
            (LinkKind::Labels, "../../../api/pages/convert.adoc".into()),
            (LinkKind::Labels, "./near.adoc".into()),
            (LinkKind::Include, "../../partials/success.adoc".into()),
            (LinkKind::Include, "../../../html/examples/doc.adoc".into()),
            (LinkKind::Include, "local.adoc".into()),
        ]
    );
    // Another component's page and a version's are not judged.
    assert_eq!(
        refs(&doc),
        [
            "CrossRef index.adoc#",
            "CrossRef api:convert.adoc#opts",
            "CrossRef ./near.adoc#"
        ]
    );
}

#[test]
fn titled_blocks_with_ids_and_titles_without_spaces_are_named_by_title() {
    let doc = read(
        "[[tbl]]\n.Ethereum Clients\n|===\n| a\n|===\n\n.Untitled Id\n[#x]\n----\ncode\n----\n\n\
         .No Id Here\n----\ncode\n----\n\n== Tests\n\nSee <<Ethereum Clients>>, <<Untitled Id>>, <<Tests>>.\n",
    );
    let titles: Vec<_> = doc
        .definitions
        .iter()
        .filter(|d| d.origin != Origin::Written)
        .map(|d| format!("{}@{}", d.key(), d.namespace.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        titles,
        [
            "Ethereum Clients@title",
            "Untitled Id@title",
            "Tests@",
            "_tests@"
        ]
    );
}

#[test]
fn a_list_continuation_starts_a_block_of_the_item() {
    let doc = read(
        ". Copy <<ex>> into a file.\n+\n.my-document.adoc\n[#ex,asciidoc]\n----\ncode\n----\n",
    );
    assert_eq!(defs(&doc), ["CrossRef ex"]);
    let nav = parse(
        "* xref:index.adoc[]\n",
        Some(std::path::Path::new("docs/modules/cli/nav.adoc")),
    );
    assert_eq!(nav.links[0].path.as_ref(), "pages/index.adoc");
}

#[test]
fn attributes_set_outside_the_document_apply_until_it_sets_its_own() {
    let attributes = [
        ("idprefix".to_owned(), String::new()),
        ("idseparator".to_owned(), "-".to_owned()),
    ];
    let doc = parse_with(
        "== Disable the Web Fonts\n\n:idprefix: id_\n\n== Later\n",
        None,
        &attributes,
    );
    assert_eq!(generated(&doc), ["disable-the-web-fonts", "id_later"]);
}
