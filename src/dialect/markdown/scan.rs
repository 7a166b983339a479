//! The second pass: note and citation syntax in running text.
//!
//! pulldown-cmark has already decided what is text; this pass walks the
//! text runs of each block once, finds `[`, `]` and `@` with memchr, and
//! matches brackets with a bounded stack (brackets that are link syntax are
//! not text, so they never take part). A closed bracket is then handed to
//! the grammar: `^[…]` is an inline note, `[^label]` a footnote call that
//! nothing defines (GFM leaves those as text), `[… @key …]` a citation
//! group; an `@key` outside a group is an in-text citation.

use memchr::{memchr, memchr3_iter};

use super::grammar::{citation_group, cite, cite_boundary, is_footnote_label};
use super::{escaped, near, normalize_citation, normalize_label, trimmed};
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// A stretch of text in one block (brackets match only within a block).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Run {
    pub start: usize,
    pub end: usize,
    /// Image alt text: a footnote call there renders nowhere, so GitHub
    /// (and ibid) do not count it.
    pub alt: bool,
}

/// Deepest bracket nesting followed; deeper brackets are counted, not kept.
const MAX_DEPTH: usize = 32;

/// An open `[`.
#[derive(Debug)]
struct Frame {
    open: usize,
    /// Written `^[`: a pandoc inline note.
    note: bool,
    alt: bool,
    /// In-text citations found before this bracket opened.
    pending: usize,
    /// Markers found before this bracket opened.
    found: usize,
}

/// The scanner's state, kept across blocks.
#[derive(Debug, Default)]
pub(super) struct Scanner {
    frames: Vec<Frame>,
    /// Brackets opened beyond [`MAX_DEPTH`] and not yet closed.
    overflow: usize,
    /// In-text citations of the current block; a citation group that
    /// closes around them takes them back.
    pending: Vec<Marker>,
    /// What this pass finds.
    found: Vec<Marker>,
    /// Markers from pulldown-cmark's events that turned out to render
    /// nowhere (indices into them).
    dropped: Vec<usize>,
    /// Bracketed text that is no note, citation or image: `[` and `]`,
    /// with the start of the block (near misses of link labels).
    bracketed: Vec<near::Bracketed>,
}

/// What a block is scanned against.
struct Ctx<'a, 'o> {
    text: &'a str,
    /// Where the block's text starts.
    block: usize,
    /// The markers pulldown-cmark's events gave so far, in source order
    /// (the order of its events).
    events: &'o [Marker],
    definitions: &'o mut Vec<Definition>,
}

impl Scanner {
    /// Scan the runs of one block (all of them, in order): one memchr pass
    /// over the block, hits outside its runs (link syntax, code spans)
    /// skipped.
    pub(super) fn block(
        &mut self,
        text: &str,
        runs: &[Run],
        events: &[Marker],
        definitions: &mut Vec<Definition>,
    ) {
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            return;
        };
        let hits = memchr3_iter(b'[', b']', b'@', &text.as_bytes()[first.start..last.end])
            .map(|i| first.start + i);
        self.block_hits(text, runs, hits, events, definitions);
    }

    /// [`Self::block`] given the block's `[`, `]` and `@` in order, as a
    /// parser that has already found them passes them: every one in the
    /// runs that is not escaped must be among `hits`; others are skipped.
    pub(super) fn block_hits(
        &mut self,
        text: &str,
        runs: &[Run],
        hits: impl Iterator<Item = usize>,
        events: &[Marker],
        definitions: &mut Vec<Definition>,
    ) {
        let mut cx = Ctx {
            text,
            block: runs.first().map_or(0, |r| r.start),
            events,
            definitions,
        };
        let bytes = text.as_bytes();
        let mut pos = 0;
        let mut runs = runs.iter().peekable();
        for at in hits {
            if at < pos {
                continue;
            }
            pos = at + 1;
            while runs.next_if(|r| r.end <= at).is_some() {}
            let Some(run) = runs.peek().filter(|r| r.start <= at) else {
                continue;
            };
            if escaped(bytes, at) {
                continue;
            }
            match bytes[at] {
                b'[' => self.open(&cx, at, run.alt),
                b']' => self.close(&mut cx, at),
                _ => pos += self.in_text_cite(&cx, at, run.end),
            }
        }
        self.end_block();
    }

    /// Add what the scan found to the event markers, less those it
    /// dropped, and the near misses of the document's link `definitions`.
    pub(super) fn finish(
        mut self,
        text: &str,
        markers: &mut Vec<Marker>,
        definitions: &[Definition],
    ) {
        near::shortcuts(text, &self.bracketed, definitions, &mut self.found);
        if !self.dropped.is_empty() {
            self.dropped.sort_unstable();
            let mut i = 0;
            markers.retain(|_| {
                i += 1;
                self.dropped.binary_search(&(i - 1)).is_err()
            });
        }
        markers.append(&mut self.found);
    }

    fn end_block(&mut self) {
        self.frames.clear();
        self.overflow = 0;
        self.found.append(&mut self.pending);
    }

    fn open(&mut self, cx: &Ctx<'_, '_>, at: usize, alt: bool) {
        if self.frames.len() >= MAX_DEPTH {
            self.overflow += 1;
            return;
        }
        let bytes = cx.text.as_bytes();
        let note = at > 0 && bytes[at - 1] == b'^' && !escaped(bytes, at - 1);
        self.frames.push(Frame {
            open: at,
            note,
            alt,
            pending: self.pending.len(),
            found: self.found.len(),
        });
    }

    fn close(&mut self, cx: &mut Ctx<'_, '_>, at: usize) {
        if self.overflow > 0 {
            self.overflow -= 1;
            return;
        }
        let Some(frame) = self.frames.pop() else {
            return;
        };
        let content = &cx.text[frame.open + 1..at];
        if frame.note {
            let start = frame.open - 1;
            cx.definitions.push(Definition {
                label: "^".into(),
                key: Some(format!("^{start}").into()),
                label_span: Span::new(start, frame.open + 1),
                body: trimmed(cx.text, frame.open + 1, at),
                kind: RefKind::InlineNote,
                namespace: None,
                origin: crate::model::Origin::Written,
            });
            return;
        }
        if let Some(label) = content.strip_prefix('^') {
            if is_footnote_label(label) {
                self.pending.truncate(frame.pending);
                if !frame.alt {
                    self.found.push(Marker {
                        label: label.into(),
                        key: normalize_label(label),
                        span: Span::new(frame.open, at + 1),
                        label_span: Span::new(frame.open, at + 1),
                        certainty: Certainty::Marker,
                        kind: RefKind::Note,
                        namespace: None,
                    });
                }
                return;
            }
        }
        let bytes = cx.text.as_bytes();
        if frame.open > 0
            && bytes[frame.open - 1] == b'!'
            && !escaped(bytes, frame.open - 1)
            && matches!(bytes.get(at + 1), Some(b'(' | b'['))
        {
            self.unrender_notes(cx.events, frame.open, at, frame.found);
            return;
        }
        let bracketed = near::Bracketed {
            block: cx.block,
            open: frame.open,
            close: at,
        };
        if memchr(b'@', content.as_bytes()).is_none() {
            self.bracket(bracketed, frame.alt);
            return;
        }
        let Some(group) = citation_group(content) else {
            self.bracket(bracketed, frame.alt);
            return;
        };
        self.pending.truncate(frame.pending);
        let base = frame.open + 1;
        self.found.extend(
            group.into_iter().map(|(offset, c)| {
                citation(c.key, Span::new(base + offset, base + offset + c.len))
            }),
        );
    }

    /// Keep bracketed text for the near-miss pass, unless it is alt text
    /// (which renders nowhere) or empty.
    fn bracket(&mut self, bracketed: near::Bracketed, alt: bool) {
        if !alt && bracketed.close > bracketed.open + 1 {
            self.bracketed.push(bracketed);
        }
    }

    /// `![alt [^1]](src)`, `![alt [^1]][ref]`: GitHub reads an image whose
    /// alt text holds the call, which renders nowhere; pulldown-cmark broke
    /// the image at the call, so drop the calls between `open` and `close`.
    fn unrender_notes(&mut self, events: &[Marker], open: usize, close: usize, found: usize) {
        let lo = events.partition_point(|m| m.span.start <= open);
        let hi = events.partition_point(|m| m.span.start < close);
        self.dropped
            .extend((lo..hi.max(lo)).filter(|&i| events[i].kind == RefKind::Note));
        let inside = self.found.split_off(found.min(self.found.len()));
        self.found
            .extend(inside.into_iter().filter(|m| m.kind != RefKind::Note));
    }

    /// An in-text citation `@key` at `at`; returns the bytes it takes
    /// after the `@` (0 when it is none).
    fn in_text_cite(&mut self, cx: &Ctx<'_, '_>, at: usize, end: usize) -> usize {
        if !cite_boundary(cx.text[..at].chars().next_back()) {
            return 0;
        }
        let Some(c) = cite(&cx.text[at..end]) else {
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
        label_span: span,
        certainty: Certainty::Marker,
        kind: RefKind::Citation,
        namespace: None,
    }
}

/// Footnote syntax quoted in prose, `the [^1] syntax`, is no call: a call
/// that nothing defines and that stands between two words, apart from
/// both (whitespace before, a space after), is dropped. A call is written
/// against its word, `word[^1]`, or after its sentence or clause,
/// `claim. [^1]`, `claim [^1] (…)`: those stay calls, defined or not.
pub(super) fn drop_quoted_calls(text: &str, markers: &mut Vec<Marker>, definitions: &[Definition]) {
    let bytes = text.as_bytes();
    let apart = |m: &Marker| {
        let (start, end) = (m.span.start, m.span.end);
        // Bytes first: most calls stand against their word.
        m.kind == RefKind::Note
            && start > 0
            && matches!(bytes[start - 1], b' ' | b'\t' | b'\n' | b'\r')
            && matches!(bytes.get(end), Some(b' ' | b'\t'))
            && bytes.get(start + 1) == Some(&b'^')
            && m.certainty == Certainty::Marker
            && between_words(text, start, end)
    };
    if !markers.iter().any(apart) {
        return;
    }
    let defined: rustc_hash::FxHashSet<&str> = definitions
        .iter()
        .filter(|d| d.kind == RefKind::Note)
        .map(Definition::key)
        .collect();
    markers.retain(|m| !apart(m) || defined.contains(m.key()));
}

/// Whether `start..end` has whitespace (one line break at most) and then
/// a word before it, and a space and then a word after it.
fn between_words(text: &str, start: usize, end: usize) -> bool {
    let before = &text[..start];
    let word_before = before.trim_end_matches([' ', '\t', '\r', '\n']);
    let after = &text[end..];
    let word_after = after.trim_start_matches([' ', '\t']);
    let gap = &before[word_before.len()..];
    !gap.is_empty()
        && memchr::memchr_iter(b'\n', gap.as_bytes()).count() <= 1
        && word_after.len() < after.len()
        && word_before
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        && word_after.chars().next().is_some_and(char::is_alphanumeric)
}
