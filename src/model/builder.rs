//! The one way a dialect hands over a [`Document`]: it adds what it found
//! in any order, and [`DocumentBuilder::build`] sorts each list into source
//! order and holds it to the model's invariants, so that no later stage
//! has to trust a dialect.
//!
//! Invariants of a built document:
//! - every span lies inside the text and starts and ends on character
//!   boundaries (a marker's `label_span` inside its `span`);
//! - markers, definitions, prose, links and comments are in source order
//!   (by start; a stable sort keeps a group's labels in written order);
//! - notes blocks are in order and do not overlap.
//!
//! An item that breaks the first rule is dropped, with the rest of the
//! document kept: a dialect bug must not become a panic in a reporter far
//! away. (The property tests check the dialects' own spans before this.)

use super::{Block, Comment, Definition, Document, Link, Marker, NoteRef, Span};

/// Collects a document's parts; see the module docs.
#[derive(Debug, Default)]
pub struct DocumentBuilder {
    doc: Document,
}

impl DocumentBuilder {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn marker(&mut self, marker: Marker) -> &mut Self {
        self.doc.markers.push(marker);
        self
    }

    /// Many markers at once (a parser that keeps its own list hands it
    /// over whole, without a copy).
    pub fn markers(&mut self, markers: Vec<Marker>) -> &mut Self {
        append(&mut self.doc.markers, markers);
        self
    }

    pub fn definition(&mut self, definition: Definition) -> &mut Self {
        self.doc.definitions.push(definition);
        self
    }

    pub fn definitions(&mut self, definitions: Vec<Definition>) -> &mut Self {
        append(&mut self.doc.definitions, definitions);
        self
    }

    pub fn blocks(&mut self, blocks: Vec<Block>) -> &mut Self {
        append(&mut self.doc.blocks, blocks);
        self
    }

    pub fn prose(&mut self, prose: Vec<Span>) -> &mut Self {
        append(&mut self.doc.prose, prose);
        self
    }

    pub fn link(&mut self, link: Link) -> &mut Self {
        self.doc.links.push(link);
        self
    }

    /// Whether the file is a root of its include document (see
    /// [`Document::root`]).
    pub fn root(&mut self, root: Option<bool>) -> &mut Self {
        self.doc.root = root;
        self
    }

    /// A part of the file that could not be read (see [`Document::unread`]).
    pub fn unread(&mut self, span: Span, why: String) -> &mut Self {
        self.doc.unread.push((span, why));
        self
    }

    /// Where the entries the document writes itself are (see
    /// [`Document::own_entries`]).
    pub fn own_entries(&mut self, own: super::OwnEntries) -> &mut Self {
        self.doc.own_entries = own;
        self
    }

    /// Attribute entries that shape what included files make (see
    /// [`Document::attributes`]).
    pub fn attributes(&mut self, attributes: Vec<(Box<str>, Option<Box<str>>)>) -> &mut Self {
        self.doc.attributes = attributes;
        self
    }

    /// Note-to-note references (see [`Document::note_refs`]).
    pub fn note_refs(&mut self, refs: Vec<NoteRef>) -> &mut Self {
        append(&mut self.doc.note_refs, refs);
        self
    }

    /// Add note-to-note references to a document already built (a
    /// reader finds them in its notes and prose), held to the same
    /// invariants as everything [`DocumentBuilder::build`] settles.
    pub fn add_note_refs(doc: &mut Document, text: &str, refs: Vec<NoteRef>) {
        append(&mut doc.note_refs, refs);
        settle_note_refs(&mut doc.note_refs, text);
    }

    pub fn comments(&mut self, comments: Vec<Comment>) -> &mut Self {
        append(&mut self.doc.comments, comments);
        self
    }

    /// The document of `text`, sorted and checked (see the module docs).
    pub fn build(self, text: &str) -> Document {
        let mut doc = self.doc;
        let fits = |s: Span| fits(text, s);
        let inside =
            |inner: Span, outer: Span| inner.start >= outer.start && inner.end <= outer.end;
        settle(
            &mut doc.markers,
            |m| {
                fits(m.span)
                    && (m.label_span == m.span
                        || fits(m.label_span) && inside(m.label_span, m.span))
            },
            |m| m.span.start,
        );
        settle(
            &mut doc.definitions,
            |d| fits(d.label_span) && fits(d.body),
            |d| d.label_span.start,
        );
        settle(
            &mut doc.blocks,
            |b| fits(b.span) && b.heading.is_none_or(fits),
            |b| b.span.start,
        );
        settle(&mut doc.prose, |&s| fits(s), |s| s.start);
        settle_note_refs(&mut doc.note_refs, text);
        settle(&mut doc.links, |l| fits(l.span), |l| l.span.start);
        settle(&mut doc.unread, |(s, _)| fits(*s), |(s, _)| s.start);
        settle(
            &mut doc.comments,
            |c| fits(c.span) && fits(c.body) && inside(c.body, c.span),
            |c| c.span.start,
        );
        // Overlapping blocks: a later one that starts inside the one
        // before is merged into it.
        doc.blocks.dedup_by(|later, earlier| {
            let overlaps = later.span.start < earlier.span.end;
            if overlaps {
                earlier.span.end = earlier.span.end.max(later.span.end);
            }
            overlaps
        });
        doc
    }
}

/// Whether a span lies inside `text` on character boundaries.
fn fits(text: &str, s: Span) -> bool {
    s.start <= s.end
        && s.end <= text.len()
        && text.is_char_boundary(s.start)
        && text.is_char_boundary(s.end)
}

/// Note-to-note references that fit, with their numbers inside their
/// span and each range rising, in source order.
fn settle_note_refs(refs: &mut Vec<NoteRef>, text: &str) {
    let fits = |s: Span| fits(text, s);
    let inside = |inner: Span, outer: Span| inner.start >= outer.start && inner.end <= outer.end;
    settle(
        refs,
        |r| {
            fits(r.span)
                && r.targets.iter().all(|t| {
                    fits(t.first.1)
                        && inside(t.first.1, r.span)
                        && t.last.is_none_or(|(last, s)| {
                            fits(s) && inside(s, r.span) && last >= t.first.0
                        })
                })
        },
        |r| r.span.start,
    );
}

/// Drop the items that break the invariants and put the rest in order by
/// start (a stable sort, so a group's labels keep their written order):
/// one pass over items that are already fine and in order, as a dialect's
/// nearly always are.
fn settle<T>(items: &mut Vec<T>, ok: impl Fn(&T) -> bool, start: impl Fn(&T) -> usize) {
    let (mut fine, mut sorted, mut last) = (true, true, 0);
    for item in items.iter() {
        fine &= ok(item);
        let at = start(item);
        sorted &= at >= last;
        last = at;
    }
    if !fine {
        items.retain(&ok);
        sorted = items.is_sorted_by_key(&start);
    }
    if !sorted {
        items.sort_by_key(start);
    }
}

fn append<T>(to: &mut Vec<T>, mut more: Vec<T>) {
    if to.is_empty() {
        *to = more;
    } else {
        to.append(&mut more);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RefKind;

    #[test]
    fn sorts_and_keeps_group_order() {
        let text = "a [2, 1] b [3]";
        let mut b = DocumentBuilder::new();
        b.marker(Marker::note("3", Span::new(11, 14)));
        let group = Span::new(2, 8);
        for (label, at) in [("2", 3), ("1", 6)] {
            let mut m = Marker::note(label, group);
            m.label_span = Span::new(at, at + 1);
            b.marker(m);
        }
        let doc = b.build(text);
        let labels: Vec<&str> = doc.markers.iter().map(|m| m.label.as_str()).collect();
        assert_eq!(labels, ["2", "1", "3"]);
        assert_eq!(doc.markers[1].label_span.of(text), "1");
    }

    /// A span past the end or inside a character is dropped.
    #[test]
    fn drops_what_does_not_fit() {
        let text = "é[1]";
        let mut b = DocumentBuilder::new();
        b.marker(Marker::note("1", Span::new(1, 5)));
        b.marker(Marker::note("1", Span::new(2, 5)));
        b.definition(Definition::new(
            RefKind::Note,
            "1",
            Span::new(2, 9),
            Span::new(0, 0),
        ));
        let doc = b.build(text);
        assert_eq!(doc.markers.len(), 1);
        assert!(doc.definitions.is_empty());
    }

    #[test]
    fn kinds_resolve_where_the_design_says() {
        use crate::model::Within;
        assert_eq!(RefKind::Note.within(), Within::File);
        assert_eq!(RefKind::CrossRef.within(), Within::Unit);
        assert_eq!(RefKind::Citation.within(), Within::Bibliographies);
    }
}
