//! What the wikitext dialect reads from the idioms of real Wikipedia
//! pages that it once misread (the reproducers of a precision read).

use super::*;
use crate::model::{Document, RefKind};

/// The labels of the markers of a kind.
fn labels(doc: &Document, kind: RefKind) -> Vec<&str> {
    let of = doc.markers.iter().filter(|m| m.kind == kind);
    of.map(|m| m.label.as_str()).collect()
}

/// The labels of the definitions of a kind.
fn definitions(doc: &Document, kind: RefKind) -> Vec<&str> {
    let of = doc.definitions.iter().filter(|d| d.kind == kind);
    of.map(|d| d.label.as_str()).collect()
}

#[test]
fn ref_harv_declares_no_target() {
    // CS1 has ignored `ref=harv` since 2020: a full citation with it in a
    // footnote, that nothing links to, is no bibliography entry.
    let doc = parse(
        "Text.<ref>{{cite book |last=Lorch |title=T |year=2008 |ref=harv}}</ref>\n\n\
         {{reflist}}\n",
    );
    assert!(definitions(&doc, RefKind::Citation).is_empty());
    // It is still a target that short citations link to.
    let doc = parse(
        "Text.{{sfn|Lorch|2008}}\n\n{{reflist}}\n\
         * {{cite book |last=Lorch |title=T |year=2008 |ref=harv}}\n",
    );
    assert_eq!(definitions(&doc, RefKind::Citation), ["CITEREFLorch2008"]);
    assert_eq!(labels(&doc, RefKind::Citation), ["CITEREFLorch2008"]);
    // `ref=none` still means no anchor.
    let doc = parse(
        "Text.{{sfn|Lorch|2008}}\n\n{{reflist}}\n\
         * {{cite book |last=Lorch |title=T |year=2008 |ref=none}}\n",
    );
    assert!(definitions(&doc, RefKind::Citation).is_empty());
    assert_eq!(labels(&doc, RefKind::Citation), ["CITEREFLorch2008"]);
}

#[test]
fn links_to_a_citations_own_anchor_link_to_it() {
    let doc = parse(
        "Text.<ref>[[#Reference-idCook1968|Cook 1968]], p. 499.</ref>\n\n{{reflist}}\n\
         * {{cite book |ref=Reference-idCook1968 |last=Cook |title=T |year=1968}}\n",
    );
    assert_eq!(
        definitions(&doc, RefKind::Citation),
        ["Reference-idCook1968"]
    );
    assert_eq!(labels(&doc, RefKind::Citation), ["Reference-idCook1968"]);
    // A link to an anchor no citation has may be to a section's: it is
    // a marker only if defined, and is not one.
    let doc = parse("Text.<ref>[[#refJohnston2008|Johnston]], p. 508.</ref>\n\n{{reflist}}\n");
    assert!(labels(&doc, RefKind::Citation).is_empty());
}

#[test]
fn a_date_range_is_the_years_it_spans() {
    let doc = parse(
        "Text.<ref>{{harvnb|Rosenthal|1960–1961}}</ref>{{sfn|Smith|2002–03}}\
         {{sfn|Jones|2003–2004}}{{sfn|Ray|1990–1991b}}{{sfn|Lee|2004}}\n\n{{reflist}}\n\
         * {{citation |last=Rosenthal |title=T |date=1960–1961}}\n\
         * {{cite book |last=Smith |title=T |date=2002–03}}\n\
         * {{cite book |last=Jones |title=T |date=December 2003 – January 2004}}\n\
         * {{cite book |last=Ray |title=T |date=1990–1991b}}\n\
         * {{cite book |last=Lee |title=T |date=2004-05-12}}\n\
         * {{cite book |last=Orr |title=T |date=May–June 2004}} {{sfn|Orr|2004}}\n\
         * {{cite book |last=Fry |title=T |date=1 – 5 May 2004a}} {{sfn|Fry|2004a}}\n",
    );
    assert_eq!(
        definitions(&doc, RefKind::Citation),
        [
            "CITEREFRosenthal1960–1961",
            "CITEREFSmith2002–03",
            "CITEREFJones2003–2004",
            "CITEREFRay1990–1991b",
            "CITEREFLee2004",
            "CITEREFOrr2004",
            "CITEREFFry2004a"
        ]
    );
}

/// The keys the reference-list markers of a page match by.
fn list_keys(doc: &Document) -> Vec<&str> {
    let of = doc.markers.iter().filter(|m| m.kind == RefKind::RefList);
    of.map(crate::model::Marker::key).collect()
}

#[test]
fn comments_are_no_part_of_a_template_parameter() {
    let doc = parse("Text.{{#tag:ref|A note.|group=note<!-- end -->}}\n\n{{reflist|group=note}}\n");
    assert_eq!(list_keys(&doc), ["note\u{1f}0"]);
    assert_eq!(definitions(&doc, RefKind::RefList), ["note"]);
    let doc = parse("Text.<ref name=\"a\">Body.</ref> Again.{{r|a<!-- c -->}}\n\n{{reflist}}\n");
    assert_eq!(labels(&doc, RefKind::Note), ["a", "a"]);
    let doc = parse("Text.{{efn|name=a<!-- c -->|Body.}} Again.{{efn|name=a}}\n\n{{notelist}}\n");
    assert_eq!(labels(&doc, RefKind::Note), ["a", "a"]);
    assert_eq!(definitions(&doc, RefKind::Note), ["a"]);
    // A name that is only a comment is no name.
    let doc = parse("Text.{{efn|name=<!-- none -->|Body.}}\n\n{{notelist}}\n");
    assert!(labels(&doc, RefKind::Note).is_empty());
}

#[test]
fn tag_strips_quotes_around_template_parameters() {
    let doc = parse("Text.<ref group=note>A note.</ref>\n\n{{reflist|group=\"note\"}}\n");
    assert_eq!(list_keys(&doc), ["note\u{1f}0"]);
    assert_eq!(definitions(&doc, RefKind::RefList), ["note"]);
    let doc = parse("Text.{{#tag:ref|Body.|name=\"x\"}} Again.<ref name=\"x\"/>\n\n{{reflist}}\n");
    assert_eq!(labels(&doc, RefKind::Note), ["x", "x"]);
    let doc = parse("Text.{{refn|group='note'|A note.}} {{r|\"y\"}}\n\n{{reflist|group=note}}\n");
    assert_eq!(list_keys(&doc), ["note\u{1f}0"]);
    assert_eq!(labels(&doc, RefKind::Note), ["y"]);
    // One pair only; `""` is empty; a lone quote stays.
    let doc = parse("{{r|\"\"z\"\"}} {{r|\"\"}} {{r|\"}}\n");
    assert_eq!(labels(&doc, RefKind::Note), ["\"z\"", "\""]);
}

#[test]
fn character_references_in_ref_names_are_decoded() {
    let doc = parse(
        "Text.<ref name=\"Smith &amp; Jones\">Body.</ref> Again.<ref name=\"Smith & Jones\"/> \
         <ref name=\"&#83;mith &#x26; Jones\"/> <ref name=\"a &bogus; &amp b &#0;\"/>\n\n{{reflist}}\n",
    );
    assert_eq!(
        labels(&doc, RefKind::Note),
        [
            "Smith & Jones",
            "Smith & Jones",
            "Smith & Jones",
            "a &bogus; &amp b &#0;"
        ]
    );
}

#[test]
fn efn_and_notelist_take_a_group() {
    let doc = parse("Text.{{efn|group=note|A note.}}\n\n{{reflist|group=note}}\n");
    assert_eq!(list_keys(&doc), ["note\u{1f}0"]);
    let doc = parse("Text.<ref group=note>A note.</ref>\n\n{{notelist|group=note}}\n");
    assert_eq!(list_keys(&doc), ["note\u{1f}0"]);
    assert_eq!(definitions(&doc, RefKind::RefList), ["note"]);
    // Without one, or empty, the group is lower-alpha; `{{efn-ua}}` keeps
    // its own.
    let doc = parse("A.{{efn|B.}} C.{{efn|group=|D.}} E.{{efn-ua|group=note|F.}}\n");
    assert_eq!(
        list_keys(&doc),
        ["lower-alpha\u{1f}0", "upper-alpha\u{1f}0"]
    );
}
