//! Notes blocks as the line loop finds them: the block and definition
//! being read, and what is decided about blocks once the markers are
//! known (numbered lists that are not notes, markers of another style).

use rustc_hash::FxHashSet;

use crate::model::{
    label_number, scope_at, scope_spans, Block, BlockKind, Certainty, Definition, Label, Marker,
    Span,
};

pub(super) struct OpenDef {
    label: Label,
    label_span: Span,
    body: Option<Span>,
    /// Closed by its own bracket (`[Footnote 1: …]`): nothing extends it.
    sealed: bool,
}

pub(super) struct OpenBlock {
    start: usize,
    pub heading: Option<Span>,
    kind: BlockKind,
    /// Indentation of the first definition; later ones may not be deeper.
    pub def_indent: Option<usize>,
    /// Whether definitions are written `N.` (decided by the first one).
    pub numbered: Option<bool>,
    /// The number of the last definition, when it is a number.
    pub last_number: Option<u32>,
    first_def: usize,
    def: Option<OpenDef>,
}

impl OpenBlock {
    /// Whether the definition being read was closed by its own bracket.
    pub fn sealed(&self) -> bool {
        self.def.as_ref().is_some_and(|d| d.sealed)
    }
}

#[derive(Default)]
pub(super) struct Builder {
    pub blocks: Vec<Block>,
    /// For each block: its definitions and whether they are written `N.`.
    pub extents: Vec<(std::ops::Range<usize>, bool)>,
    pub definitions: Vec<Definition>,
    pub open: Option<OpenBlock>,
    /// The labels defined in the open block, when it has no heading (a
    /// paragraph citing a label it does not define is prose after it).
    pub labels: FxHashSet<Label>,
}

impl Builder {
    pub fn close_def(&mut self) {
        let Some(block) = self.open.as_mut() else {
            return;
        };
        if let Some(def) = block.def.take() {
            let end = def.label_span.end;
            let body = def.body.unwrap_or(Span::new(end, end));
            self.definitions
                .push(Definition::note(def.label, def.label_span, body));
        }
    }

    pub fn close_block(&mut self) {
        self.close_def();
        let Some(block) = self.open.take() else {
            return;
        };
        if !self.labels.is_empty() {
            // A block of thousands of notes leaves a large table: drop it.
            if self.labels.capacity() > 256 {
                self.labels = FxHashSet::default();
            } else {
                self.labels.clear();
            }
        }
        if let Some(last) = self.definitions[block.first_def..].last() {
            self.blocks.push(Block {
                span: Span::new(block.start, last.body.end.max(last.label_span.end)),
                heading: block.heading,
                kind: block.kind,
            });
            let numbered = block.numbered == Some(true);
            self.extents
                .push((block.first_def..self.definitions.len(), numbered));
        }
    }

    pub fn open_block(&mut self, start: usize, heading: Option<Span>, kind: BlockKind) {
        self.close_block();
        self.open = Some(OpenBlock {
            start,
            heading,
            kind,
            def_indent: None,
            numbered: None,
            last_number: None,
            first_def: self.definitions.len(),
            def: None,
        });
    }

    pub fn open_def(&mut self, label: &str, label_span: Span, indent: usize, numbered: bool) {
        self.close_def();
        if let Some(block) = self.open.as_mut() {
            block.def_indent.get_or_insert(indent);
            block.numbered.get_or_insert(numbered);
            block.last_number = label_number(label);
            if block.heading.is_none() {
                self.labels.insert(label.into());
            }
            block.def = Some(OpenDef {
                label: label.into(),
                label_span,
                body: None,
                sealed: false,
            });
        }
    }

    /// Add body text to the open definition, if any.
    pub fn extend(&mut self, span: Span) {
        if let Some(def) = self.open.as_mut().and_then(|b| b.def.as_mut()) {
            match def.body.as_mut() {
                _ if def.sealed => {}
                Some(body) => body.end = span.end,
                None if !span.is_empty() => def.body = Some(span),
                None => {}
            }
        }
    }

    /// The open definition is complete: later lines are not its body.
    pub fn seal(&mut self) {
        if let Some(def) = self.open.as_mut().and_then(|b| b.def.as_mut()) {
            def.sealed = true;
        }
    }

    /// Whether the open block is written `N.`.
    pub fn numbered(&self) -> bool {
        self.open.as_ref().is_some_and(|o| o.numbered == Some(true))
    }
}

/// A `N.` block is a numbered list under a heading such as "Notes:", not
/// endnotes, when no marker in its scope uses its labels, or when the
/// document's other notes are bracketed (`[1]  Crocker, D., …`).
pub(super) fn drop_unreferenced_lists(len: usize, b: &mut Builder, markers: &[Marker]) {
    if !b.extents.iter().any(|(_, numbered)| *numbered) {
        return;
    }
    let bracketed = b.extents.iter().any(|(_, numbered)| !numbered);
    let scopes = scope_spans(len, &b.blocks);
    let mut keep = vec![true; b.blocks.len()];
    for (i, (defs, numbered)) in b.extents.iter().enumerate() {
        let defs = &b.definitions[defs.clone()];
        keep[i] = !numbered
            || !bracketed
                && markers.iter().any(|m| {
                    scope_at(&scopes, m.span.start) == i && defs.iter().any(|d| d.label == m.label)
                });
    }
    if keep.iter().all(|&k| k) {
        return;
    }
    let mut definitions = Vec::with_capacity(b.definitions.len());
    let mut blocks = Vec::with_capacity(b.blocks.len());
    let mut extents = Vec::with_capacity(b.blocks.len());
    for (i, block) in b.blocks.drain(..).enumerate() {
        if keep[i] {
            let (defs, numbered) = b.extents[i].clone();
            let start = definitions.len();
            definitions.extend_from_slice(&b.definitions[defs]);
            extents.push((start..definitions.len(), numbered));
            blocks.push(block);
        }
    }
    b.definitions = definitions;
    b.blocks = blocks;
    b.extents = extents;
}

/// Markers whose style no definition in their scope shares are only
/// markers if defined: `[2]` in an ASN.1 figure of a document citing
/// `[X942]`, `[RFC2976]` in a table of a document citing `[34]`; so is a
/// citation inside a reference-list entry (`RFC 2145, May 1997. [jg639]`).
pub(super) fn doubt_mismatched_markers(
    len: usize,
    blocks: &[Block],
    defs: &[Definition],
    markers: &mut [Marker],
) {
    if blocks.is_empty() {
        return;
    }
    let scopes = scope_spans(len, blocks);
    // (has numeric labels, has key labels) per scope
    let mut styles = vec![(false, false); scopes.len()];
    for d in defs {
        let style = &mut styles[scope_at(&scopes, d.label_span.start)];
        if label_number(&d.label).is_some() {
            style.0 = true;
        } else {
            style.1 = true;
        }
    }
    let mut reference_bodies = defs
        .iter()
        .filter(|d| blocks[scope_at(&scopes, d.label_span.start)].kind == BlockKind::References)
        .map(|d| d.body)
        .peekable();
    for m in markers.iter_mut() {
        let (numeric, keys) = styles[scope_at(&scopes, m.span.start)];
        let is_number = label_number(&m.label).is_some();
        if is_number && keys && !numeric || !is_number && numeric && !keys {
            m.certainty = Certainty::IfDefined;
        }
        while reference_bodies
            .peek()
            .is_some_and(|b| b.end <= m.span.start)
        {
            reference_bodies.next();
        }
        if reference_bodies
            .peek()
            .is_some_and(|b| b.start <= m.span.start)
        {
            m.certainty = Certainty::IfDefined;
        }
    }
}
