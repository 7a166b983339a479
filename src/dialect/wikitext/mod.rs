//! The MediaWiki wikitext dialect (DESIGN.md section 9): notes as
//! MediaWiki's Cite extension reads them, and short citations with the
//! CITEREF anchors Wikipedia's citation templates make.
//!
//! Reading is in three steps. [`scan`] walks the page once as MediaWiki's
//! preprocessor does: comments, elements (`<ref>`, `<references>`, and
//! the ones whose content is hidden), templates with their parameters,
//! and links, matched with an explicit stack (no recursion; unclosed
//! things are text, as on a wiki). [`notes`] turns the notes and lists
//! into markers and definitions with the meaning Cite gives them, and
//! [`anchors`] does the same for short citations and their targets.
//!
//! # Grammar
//!
//! ```text
//! page      = *( comment / element / template / link / text )
//! comment   = "<!--" *any ( "-->" / END )          ; unclosed: to the end
//! element   = open content close / open-empty       ; see `tags`
//! template  = 2*"{" part *( "|" part ) 2*"}"        ; three braces: a parameter
//! part      = [ name "=" ] value                    ; first "=" at its own level
//! link      = "[[" part *( "|" part ) "]]"
//! ```
//!
//! Hidden (never notes, never citations): comments, `<nowiki>`, `<pre>`,
//! `<syntaxhighlight>`, `<source>`, `<math>`, `<chem>`, `<score>`,
//! `<timeline>`, `<graph>`, `<templatedata>`, `<hiero>`, `<mapframe>`,
//! `<inputbox>`, `<categorytree>`, `<imagemap>` and `<includeonly>`: their
//! content is not wikitext, or not part of the page. `<code>`, `<poem>`,
//! `<gallery>`, `<blockquote>` and other HTML are parsed by MediaWiki, so
//! notes inside them count; so do notes in template parameters
//! (`{{efn|…<ref>…</ref>}}`).
//!
//! # What becomes what
//!
//! | written | model |
//! |---|---|
//! | `<ref name="x">…</ref>`, `{{efn\|name=x\|…}}`, `{{refn}}`, `{{#tag:ref}}`, `{{r\|x\|r=…}}` | [`RefKind::Note`] definition and marker `x` (the same content again: a marker only) |
//! | `<ref name="x"/>`, `<ref name="x"></ref>`, `{{r\|x\|y}}`, `{{efn\|name=x}}` | [`RefKind::Note`] marker |
//! | `<ref>…</ref>`, `{{efn\|…}}` without a name | [`RefKind::InlineNote`] definition (empty: an empty note) |
//! | `<ref name="x">…</ref>` inside `<references>…</references>`, `{{reflist\|refs=…}}` | [`RefKind::Note`] definition only, in the list's group |
//! | `group="g"`, `{{efn}}` (`lower-alpha`, or its `group=`), `{{efn-ua}}` … | the notes' namespace (see [`notes`]) |
//! | `<references/>`, `{{reflist}}`, `{{notelist}}` (`lower-alpha`, or its `group=`) … | [`RefKind::RefList`] definition, label = the group |
//! | the first note of a named group's stretch before a list | [`RefKind::RefList`] marker, label = the group |
//! | a list-defined note whose `group=` is not its list's | [`RefKind::RefList`] marker in the list's group's namespace |
//! | `{{sfn}}`, `{{harv}}` …, `[[#CITEREF…]]`, `[[#x]]` where a citation has `ref=x` | [`RefKind::Citation`] marker, label = the id |
//! | `[[#x]]` where no citation has the id `x` (a section, perhaps) | nothing (a marker only if defined, and it is not) |
//! | `{{cite …}}`, `{{citation}}` that is a target | [`RefKind::Citation`] definition, label = its id |
//! | `<!-- … -->` | comment (suppressions) |
//!
//! Not read: `follow=` and `details=` (a `follow=` note is read as a note
//! without a name), numeric names (Cite refuses them; ibid reads them as
//! names), `{{harvs}}`, `{{sfnm}}` sets beyond nine, `{{NoteTag}}`, and
//! the order in which Cite reads a note nested in another's content
//! (each note is where it is written).

mod anchors;
mod notes;
#[cfg(test)]
mod precision_tests;
mod scan;
mod tags;
mod templates;
#[cfg(test)]
mod tests;

use crate::model::{Document, DocumentBuilder, Notation, OwnEntries};

/// How wikitext writes notes and citations, for messages and help.
pub const NOTATION: Notation = Notation {
    marker: |label| format!("<ref name=\"{label}\" />"),
    definition: |label| format!("<ref name=\"{label}\">…</ref>"),
    citation: |key| format!("a short citation ({{{{sfn|…}}}}) linking to {key}"),
    inline_note: "<ref>…</ref>",
    key: |key| format!("`{key}`"),
    // Cite numbers notes itself; names are labels.
    sequential: false,
    // Cite shows the first content of a name.
    duplicates_resolve: true,
    shared_note: "note",
};

/// How much of a text sniffing looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Whether text of unknown type looks like wikitext: a note, a reference
/// list or a citation template as only wikitext writes them, or two
/// `== headings ==` and a `[[link]]` in running text.
pub fn sniff(text: &str) -> bool {
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    // Tags as wikitext writes them (not `Collection<Ref>`, not AsciiDoc's
    // `<<references>>`).
    let tags = ["<ref>", "<ref name", "<ref group", "</ref>", "<references"];
    let tagged = tags.iter().any(|tag| {
        memchr::memmem::find_iter(head.as_bytes(), tag.as_bytes()).any(|at| {
            let after = head.as_bytes().get(at + tag.len());
            (at == 0 || head.as_bytes()[at - 1] != b'<')
                && (!tag.ends_with("references") || matches!(after, Some(b' ' | b'/' | b'>')))
        })
    });
    let lower = head.to_ascii_lowercase();
    let templates = ["{{reflist", "{{cite ", "{{sfn", "{{efn", "{{notelist"];
    if tagged || templates.iter().any(|t| lower.contains(t)) {
        return true;
    }
    let headings = head.lines().filter(|l| heading(l.trim_end())).count();
    let linked = head.lines().any(|l| {
        l.find("[[")
            .is_some_and(|at| at > 0 && l[at..].contains("]]"))
    });
    headings >= 2 && linked
}

/// `== Title ==`: two to six `=` on each side, the same number, around
/// text.
fn heading(line: &str) -> bool {
    let open = line.bytes().take_while(|&b| b == b'=').count();
    let close = line.bytes().rev().take_while(|&b| b == b'=').count();
    (2..=6).contains(&open)
        && open == close
        && line.len() > open + close
        && !line[open..line.len() - close].trim().is_empty()
}

/// Read a wikitext page.
pub fn parse(text: &str) -> Document {
    let scanned = scan::scan(text);
    let mut markers = Vec::new();
    let mut definitions = Vec::new();
    notes::read(text, &scanned, &mut markers, &mut definitions);
    anchors::read(text, &scanned, &mut markers, &mut definitions);
    let mut b = DocumentBuilder::new();
    b.markers(markers)
        .definitions(definitions)
        .comments(scanned.comments)
        .own_entries(OwnEntries::Page);
    for (span, why) in scanned.unread {
        b.unread(span, why);
    }
    b.build(text)
}
