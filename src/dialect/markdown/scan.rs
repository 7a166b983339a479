//! The second pass: note and citation syntax in running text.
//!
//! pulldown-cmark has already decided what is text; this pass walks the
//! text runs of each block once, finds `[`, `]` and `@` with memchr, and
//! matches brackets with a bounded stack (brackets that are link syntax are
//! not text, so they never take part). A closed bracket is then handed to
//! the grammar: `^[…]` is an inline note, `[^label]` a footnote call that
//! nothing defines (GFM leaves those as text), `[… @key …]` a citation
//! group; an `@key` outside a group is an in-text citation.

use memchr::{memchr, memchr3};

use super::grammar::{cite, cite_boundary, citation_group, is_footnote_label};
use super::{normalize_citation, normalize_label, trimmed};
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// A stretch of text to scan, in source order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    pub start: usize,
    pub end: usize,
    /// Runs of one block share an id; brackets match only within a block.
    pub block: u32,
    /// Image alt text: a footnote call there renders nowhere, so GitHub
    /// (and ibid) do not count it.
    pub alt: bool,
}

/// Deepest bracket nesting followed; deeper brackets are counted, not kept.
const MAX_DEPTH: usize = 32;

/// An open `[`.
struct Frame {
    open: usize,
    /// Written `^[`: a pandoc inline note.
    note: bool,
    alt: bool,
    /// In-text citations found before this bracket opened.
    pending: usize,
}

struct Scanner<'a, 'o> {
    text: &'a str,
    frames: Vec<Frame>,
    /// Brackets opened beyond [`MAX_DEPTH`] and not yet closed.
    overflow: usize,
    /// In-text citations of the current block; a citation group that
    /// closes around them takes them back.
    pending: Vec<Marker>,
    markers: &'o mut Vec<Marker>,
    definitions: &'o mut Vec<Definition>,
}

/// Scan the text runs for inline notes, undefined footnote calls and
/// citations.
pub(super) fn scan(
    text: &str,
    runs: &[Run],
    markers: &mut Vec<Marker>,
    definitions: &mut Vec<Definition>,
) {
    let mut s = Scanner {
        text,
        frames: Vec::new(),
        overflow: 0,
        pending: Vec::new(),
        markers,
        definitions,
    };
    let mut block = None;
    for run in runs {
        if block != Some(run.block) {
            s.end_block();
            block = Some(run.block);
        }
        s.run(run);
    }
    s.end_block();
}

/// Whether the byte at `at` is backslash-escaped.
fn escaped(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

impl Scanner<'_, '_> {
    fn run(&mut self, run: &Run) {
        let bytes = self.text.as_bytes();
        let mut pos = run.start;
        while let Some(i) = memchr3(b'[', b']', b'@', &bytes[pos..run.end]) {
            let at = pos + i;
            pos = at + 1;
            if escaped(bytes, at) {
                continue;
            }
            match bytes[at] {
                b'[' => self.open(at, run.alt),
                b']' => self.close(at),
                _ => pos += self.in_text_cite(at, run.end),
            }
        }
    }

    fn end_block(&mut self) {
        self.frames.clear();
        self.overflow = 0;
        self.markers.append(&mut self.pending);
    }

    fn open(&mut self, at: usize, alt: bool) {
        if self.frames.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        let bytes = self.text.as_bytes();
        let note = at > 0 && bytes[at - 1] == b'^' && !escaped(bytes, at - 1);
        self.frames.push(Frame {
            open: at,
            note,
            alt,
            pending: self.pending.len(),
        });
    }

    fn close(&mut self, at: usize) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let content = &self.text[frame.open + 1..at];
        if frame.note {
            let start = frame.open - 1;
            self.definitions.push(Definition {
                label: "^".into(),
                key: Some(format!("^{start}").into()),
                label_span: Span::new(start, frame.open + 1),
                body: trimmed(self.text, frame.open + 1, at),
                kind: RefKind::InlineNote,
            });
            return;
        }
        if let Some(label) = content.strip_prefix('^') {
            if is_footnote_label(label) {
                self.pending.truncate(frame.pending);
                if !frame.alt {
                    self.markers.push(Marker {
                        label: label.into(),
                        key: normalize_label(label),
                        span: Span::new(frame.open, at + 1),
                        certainty: Certainty::Marker,
                        kind: RefKind::Note,
                    });
                }
                return;
            }
        }
        if memchr(b'@', content.as_bytes()).is_none() {
            return;
        }
        if let Some(group) = citation_group(content) {
            self.pending.truncate(frame.pending);
            let base = frame.open + 1;
            self.markers.extend(group.into_iter().map(|(offset, c)| {
                citation(c.key, Span::new(base + offset, base + offset + c.len))
            }));
        }
    }

    /// An in-text citation `@key` at `at`; returns the bytes it takes
    /// after the `@` (0 when it is none).
    fn in_text_cite(&mut self, at: usize, end: usize) -> usize {
        if !cite_boundary(self.text[..at].chars().next_back()) {
            return 0;
        }
        let Some(c) = cite(&self.text[at..end]) else {
            return 0;
        };
        self.pending
            .push(citation(c.key, Span::new(at, at + c.len)));
        c.len - 1
    }
}

fn citation(key: &str, span: Span) -> Marker {
    Marker {
        label: key.into(),
        key: normalize_citation(key),
        span,
        certainty: Certainty::Marker,
        kind: RefKind::Citation,
    }
}
