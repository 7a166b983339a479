//! The plain-text dialect: articles, reports, RFCs and books exported as
//! text, with bracketed note markers in the prose and notes in a notes or
//! references section, after the paragraph that cites them, or written in
//! place the way Project Gutenberg does (`[Footnote 1: …]`).
//!
//! # Grammar
//!
//! ```text
//! document    = *( prose / heading / chapter / index / notes-block )
//! notes-block = [ notes-heading ] 1*definition     ; headless: 2+ definitions, or 1 at
//!                                                  ; the end, or 1 just after its marker
//! definition  = indent def-label body              ; at a paragraph start
//!             / indent inline-note                 ; at a line start, closed by its "]"
//!             / indent ".. " def-label body        ; reStructuredText
//! def-label   = "[" ( number / key ) "]"
//!             / number "." ( WSP / end )           ; "N." only under a heading
//! body        = *( line / paragraph )              ; until the next definition, a
//!                                                  ; heading or the end of the block;
//!                                                  ; with no heading, until a paragraph
//!                                                  ; indented less, or citing a label
//!                                                  ; the prose before did not
//! heading     = line alone in its paragraph, at column 0, at most 160 bytes,
//!               not ending in "." "," or ";"
//! chapter     = chapter-heading / title-line       ; at column 0 or centred (book.rs)
//! index       = index-heading *line                ; until a chapter or notes heading
//! marker      = group                              ; anywhere in prose or bodies
//! group       = "[" item *( ("," / ";") *WSP item ) "]" [ dash "[" number "]" ]
//!             / "[" key "]"
//! item        = number [ dash number ]             ; ranges expand: [3–5] = 3, 4, 5
//! number      = 1*4DIGIT
//! key         = (ALPHA / DIGIT) *63( ALPHA / DIGIT / "." / "-" / "_" / "/" / "+" / ":" / "&" )
//! furniture   = page footer "… [Page N]" and the page header after it
//! ```
//!
//! A group is certainly a marker when it is numeric or has the shape of a
//! citation key (`RFC2119`, `Smith2020`, `I-D.x`). It is a marker only if
//! its label is defined when it follows a letter or digit (`byte[0]`), holds
//! a zero or a year-like number (`[1979]`), is any other single word
//! (`[CRLF]`, `[TBD]`, `[KEYWORDS]`, `[A]`), cites the RFC's own number,
//! opens a paragraph the way a note does without being one, or is a number
//! in a text that defines no note at all (program output, a table). Groups
//! with spaces (`[i.e., Israel]`, `[the PIJ military wing,]`), values in
//! code (`x = [1]`, `Ok([1])`), an index's page locators and a legend's
//! keys (`[1]  = Whole-note`) are not markers.
//!
//! Chapter headings close the notes block being read, so a book whose
//! chapters each restart at [1] has one scope per chapter's notes.

mod blocks;
mod book;
mod detect;
mod grammar;
mod markers;

pub use detect::{declared_encoding, is_markdown};

use memchr::memchr_iter;

use crate::model::{label_number, BlockKind, Certainty, Document, DocumentBuilder, Label, Span};
use blocks::{doubt_mismatched_markers, drop_unreferenced_lists, Builder};
use grammar::{def_label, glued_label, is_citation_key, notes_heading, DefLabel};
use markers::{Hints, Seen};

/// Longest line taken for a heading, in bytes.
const MAX_HEADING: usize = 160;
/// A note placed after its paragraph follows it within this many
/// paragraphs (an inscription or an illustration may come between).
const PLACED_WITHIN: usize = 3;
/// Indentation from which a short line is centred (a chapter heading of a
/// book), not a continuation line.
const CENTRED: usize = 10;

#[derive(Clone, Copy, Debug)]
struct Line {
    /// Start of the line in the text.
    start: usize,
    /// First non-blank byte (== `end` for a blank line).
    text: usize,
    /// End of the content, before any `\r\n`.
    end: usize,
    /// Page footer or header.
    furniture: bool,
}

impl Line {
    fn blank(&self) -> bool {
        self.text == self.end
    }
    fn indent(&self) -> usize {
        self.text - self.start
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

/// Split the text into lines, marking RFC page furniture.
fn lines(text: &str) -> Vec<Line> {
    let bytes = text.as_bytes();
    // RFC lines average ~40 bytes; prose lines are far longer.
    let mut out = Vec::with_capacity(text.len() / 40 + 16);
    let mut start = 0;
    let mut after_footer = false;
    let ends = memchr_iter(b'\n', bytes).chain(std::iter::once(text.len()));
    for nl in ends {
        let end = trim_end(text, start, nl);
        let at = trim_start(text, start, end);
        let mut furniture = false;
        if at < end {
            if is_footer(&text[at..end]) {
                furniture = true;
                after_footer = true;
            } else if after_footer {
                furniture = true;
                after_footer = false;
            }
        }
        out.push(Line {
            start,
            text: at,
            end,
            furniture,
        });
        start = nl + 1;
    }
    out
}

/// ASCII blanks; anything else at or above 0x80 is decoded and checked.
fn ascii_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c')
}

/// The first non-blank byte of `text[start..end]` (or `end`).
#[inline(always)]
fn trim_start(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while i < end && ascii_space(bytes[i]) {
        i += 1;
    }
    if i < end && bytes[i] >= 0x80 {
        let rest = &text[i..end];
        return end - rest.trim_start_matches(is_space).len();
    }
    i
}

/// The end of `text[start..end]` without trailing blanks.
#[inline(always)]
fn trim_end(text: &str, start: usize, end: usize) -> usize {
    let bytes = text.as_bytes();
    let mut i = end;
    while i > start && ascii_space(bytes[i - 1]) {
        i -= 1;
    }
    if i > start && bytes[i - 1] >= 0x80 {
        return start + text[start..i].trim_end_matches(is_space).len();
    }
    i
}

/// `Rosenberg, et. al.     Standards Track     [Page 12]`
fn is_footer(line: &str) -> bool {
    let Some(rest) = line.strip_suffix(']') else {
        return false;
    };
    let Some(at) = memchr::memrchr(b'[', rest.as_bytes()) else {
        return false;
    };
    let Some(digits) = rest[at..].strip_prefix("[Page ") else {
        return false;
    };
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Parse a plain-text document.
pub fn parse(text: &str) -> Document {
    let lines = lines(text);
    let content: Vec<usize> = (0..lines.len())
        .filter(|&i| !lines[i].blank() && !lines[i].furniture)
        .collect();
    // Is content line k the first of its paragraph / alone in it?
    let para_start = |k: usize| k == 0 || gap(&lines, content[k - 1], content[k]);
    let para_end = |k: usize| k + 1 == content.len() || gap(&lines, content[k], content[k + 1]);

    let mut b = Builder::default();
    let mut seen = Seen::default();
    let mut hints = Hints::default();
    let mut legends: Vec<Label> = Vec::new();
    // Where an index section started, while reading one.
    let mut index: Option<usize> = None;
    // In a literal block, the indentation of the paragraph that opened it;
    // in a doctest paragraph; the indentation of this paragraph.
    let (mut literal, mut doctest, mut para_indent): (Option<usize>, bool, usize) =
        (None, false, 0);
    let mut prev_def_line: Option<usize> = None;
    // Lines that start before this offset are inside an inline note.
    let mut skip_to = 0;
    // Inline notes that start before this offset are not searched for
    // their closing bracket (an unclosed one was, to beyond here).
    let mut unclosed = 0;
    // Where the last few paragraphs start, this one last.
    // (a ring: `paras[para % len]` is the oldest once this one is in).
    let mut paras = [0; PLACED_WITHIN + 1];
    let mut para = 0usize;
    for (k, &i) in content.iter().enumerate() {
        let line = lines[i];
        if line.start < skip_to {
            continue;
        }
        let s = &text[line.text..line.end];
        // What the line starts with decides which readings are tried:
        // most lines are prose and are tried for none.
        let first = text.as_bytes()[line.text];
        let notelike = matches!(first, b'[' | b'.' | b'0'..=b'9');
        let starts_para = para_start(k);
        let indent = line.indent();
        if (!starts_para || s.len() > MAX_HEADING)
            && !notelike
            && first != b'>'
            && b.open.is_none()
            && literal.is_none()
            && !doctest
            && index.is_none()
        {
            // Prose outside any notes block (most lines): no heading, no
            // note; only what later lines need to know.
            if starts_para {
                paras[para % paras.len()] = line.start;
                para += 1;
                para_indent = indent;
            }
            if s.ends_with("::") && para_end(k) {
                literal = Some(para_indent);
            }
            continue;
        }
        let wordy = first.is_ascii_alphabetic() || first >= 0x80;
        let mut alone = starts_para && para_end(k);
        if starts_para {
            // A paragraph indented deeper than the one that ended in `::`
            // is a literal block (reST); `>>>` opens a doctest.
            literal = literal.filter(|&base| indent > base);
            doctest = first == b'>' && s.starts_with(">>>");
            para_indent = indent;
        }
        if literal.is_some() || doctest {
            hints.unmarked.push(Span::new(line.start, line.end));
            continue;
        }
        if s.ends_with("::") && para_end(k) {
            literal = Some(para_indent);
        }
        if starts_para && !alone && indent == 0 && s.len() <= MAX_HEADING {
            // `References` over `==========`: a heading alone (reST,
            // setext); its underline is read with it.
            let under = lines[content[k + 1]];
            if under.indent() == 0 && is_underline(&text[under.text..under.end]) && para_end(k + 1)
            {
                alone = true;
                skip_to = under.start + 1;
            }
        }
        if starts_para {
            paras[para % paras.len()] = line.start;
            para += 1;
        }
        if starts_para && s.len() <= MAX_HEADING {
            if let Some(notes) = notes_heading(s).filter(|_| alone && indent == 0) {
                let kind = if notes {
                    BlockKind::Notes
                } else {
                    BlockKind::References
                };
                let heading = Span::new(line.text, line.end);
                end_index(&mut index, &mut hints, line.start);
                // Sub-sections (Normative / Informative) continue one block.
                if b.open.is_some() {
                    b.close_def();
                } else {
                    b.open_block(line.start, Some(heading), kind);
                    seen.freeze(line.start);
                }
                prev_def_line = None;
                continue;
            }
            if alone && indent == 0 && wordy && book::index_heading(s) {
                b.close_block();
                seen.reset(line.start);
                index.get_or_insert(line.start);
                prev_def_line = None;
                continue;
            }
            let placed = indent == 0 || indent >= CENTRED;
            if placed && wordy && (book::chapter_heading(s) || alone && book::title_line(s)) {
                // A new chapter: its markers are not the last chapter's.
                end_index(&mut index, &mut hints, line.start);
                b.close_block();
                seen.reset(line.start);
                prev_def_line = None;
                continue;
            }
            let numbered_list = b.numbered() && def_label(s).is_some();
            let title = alone && indent == 0 && numbered_list && {
                let next = next_para(&content, k, para_start);
                let next = next.map(|j| &text[lines[content[j]].text..lines[content[j]].end]);
                ends_numbered_list(&b, s, next)
            };
            if title || alone && indent == 0 && is_heading(s) && !numbered_list {
                if b.open.is_some() {
                    b.close_block();
                    seen.reset(line.start);
                }
                prev_def_line = None;
                continue;
            }
        }
        if index.is_some() {
            // Page locators and sub-entries: nothing here is a note.
            continue;
        }
        let note = if first == b'[' {
            book::inline_note(s)
        } else {
            None
        };
        if let Some(note) = note {
            // After a note found unclosed, the notes within the stretch
            // searched are not searched again (each search is bounded,
            // and so is their sum): they run to the end of their
            // paragraph too.
            let close = if line.text < unclosed {
                None
            } else {
                let found = book::inline_note_end(&text[line.text..]).map(|n| line.text + n);
                if found.is_none() {
                    unclosed = line.text + book::MAX_NOTE;
                }
                found
            };
            // Unclosed: the note runs to the end of its paragraph.
            let end = close.map_or_else(|| para_last(&lines, &content, k, para_end).end, |c| c - 1);
            if b.open.is_none() {
                b.open_block(line.start, None, BlockKind::Notes);
                seen.freeze(line.start);
            }
            let label_span = Span::new(line.text, line.text + note.len);
            b.open_def(note.label, label_span, indent, false);
            b.extend(trimmed(text, label_span.end, end.max(label_span.end)));
            b.seal();
            skip_to = close.unwrap_or(end);
            prev_def_line = Some(k);
            continue;
        }
        let legend = if first == b'[' { book::legend(s) } else { None };
        if let Some(label) = legend {
            hints
                .unmarked
                .push(Span::new(line.text, line.text + label.len() + 2));
            legends.push(label.into());
            b.extend(Span::new(line.text, line.end));
            continue;
        }
        // `.. [1] text`: a reStructuredText footnote or citation.
        let (lead, rest) = match first {
            b'.' if s.starts_with(".. [") => (3, &s[3..]),
            _ => (0, s),
        };
        let spaced = if notelike { def_label(rest) } else { None };
        let glued = spaced.is_none();
        let label = match spaced {
            None if rest.starts_with('[') => glued_label(rest),
            label => label,
        };
        if let Some(label) = label {
            let at = line.text + lead;
            let is_def = if lead > 0 {
                // Explicit markup: consecutive `.. [n]` lines are notes.
                !glued
            } else {
                match b.open.as_ref() {
                    Some(block) => {
                        let indent_ok = block.def_indent.is_none_or(|d| indent <= d + 2);
                        let style_ok = block.numbered.is_none_or(|n| n == label.numbered);
                        let numbered_ok = !label.numbered || block.heading.is_some();
                        let boundary = starts_para
                            || prev_def_line == Some(k.wrapping_sub(1))
                            || k > 0 && lines[content[k - 1]].indent() > indent;
                        // `18.` alone is an empty note only where the list
                        // expects note 18.
                        let in_sequence = !(label.numbered && label.len == rest.len())
                            || label_number(label.label)
                                == Some(block.last_number.map_or(1, |n| n + 1));
                        indent_ok && style_ok && numbered_ok && boundary && in_sequence
                    }
                    None => {
                        starts_para
                            && !label.numbered
                            && (!glued
                                && headless_label(label.label)
                                && next_para_is_def(text, &lines, &content, k, para_start)
                                || placed_label(label.label)
                                    && note_start(&rest[label.len..])
                                    && seen.cited(
                                        text,
                                        label.label,
                                        paras[para % paras.len()],
                                        line.start,
                                    ))
                    }
                }
            };
            if is_def {
                if b.open.is_none() {
                    b.open_block(line.start, None, BlockKind::Notes);
                    seen.freeze(line.start);
                }
                open_def(&mut b, text, line, at, &label);
                prev_def_line = Some(k);
                continue;
            }
            if starts_para
                && lead == 0
                && !glued
                && !label.numbered
                && placed_label(label.label)
                && note_start(&rest[label.len..])
            {
                // `[1] starts this paragraph`: a note nobody gathered, or
                // a list; never a marker by itself.
                hints.doubtful.push(at);
            }
        }
        if starts_para {
            // With no heading, a block ends where prose starts again.
            let prose = b
                .open
                .as_ref()
                .filter(|o| o.heading.is_none())
                .is_some_and(|o| {
                    o.sealed()
                        || o.def_indent.is_some_and(|d| indent < d)
                        || cites_new(text, &lines, &content, k, para_end, &b, &mut seen)
                });
            if prose {
                b.close_block();
                seen.reset(line.start);
            }
        }
        if first == b'.' && s.starts_with("..") {
            // Other reST explicit markup (`.. _target: url`, a comment)
            // ends the note before it.
            b.close_def();
            continue;
        }
        b.extend(Span::new(line.text, line.end));
    }
    end_index(&mut index, &mut hints, text.len());
    b.close_block();

    let mut markers = markers::scan(text, &lines, &b.definitions, &hints);
    drop_unreferenced_lists(text.len(), &mut b, &markers);
    doubt_mismatched_markers(text.len(), &b.blocks, &b.definitions, &mut markers);
    if !legends.is_empty() {
        // `[1]` in a text whose legend says `[1]  = Whole-note`.
        for m in &mut markers {
            if legends.contains(&m.label) {
                m.certainty = Certainty::IfDefined;
            }
        }
    }
    if b.definitions.is_empty() {
        // No note anywhere: a bracketed number is a marker only where a
        // note's marker goes, right after a sentence's punctuation
        // (`said.[4]`); elsewhere it is program output (`[1, 2, 3]`), a
        // table cell or an index locator. Keys such as `[RFC2119]` still
        // are markers.
        for m in &mut markers {
            let attached = text[..m.span.start]
                .chars()
                .next_back()
                .is_some_and(|c| ".,;:)!?\"'\u{201d}\u{2019}".contains(c));
            if !attached && label_number(&m.label).is_some() {
                m.certainty = Certainty::IfDefined;
            }
        }
    }
    let prose = markers::prose_spans(text, &lines);
    let mut doc = DocumentBuilder::new();
    doc.markers(markers)
        .definitions(b.definitions)
        .blocks(b.blocks)
        .prose(prose);
    let mut doc = doc.build(text);
    super::note_refs::add(text, &mut doc);
    doc
}

/// Start a definition at `at` (its label) on `line`.
fn open_def(b: &mut Builder, text: &str, line: Line, at: usize, label: &DefLabel<'_>) {
    let label_span = Span::new(at, at + label.len);
    b.open_def(label.label, label_span, line.indent(), label.numbered);
    b.extend(trimmed(text, label_span.end, line.end));
}

/// `text[start..end]` without surrounding blanks, as a span.
fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let from = trim_start(text, start, end);
    Span::new(from, trim_end(text, from, end))
}

/// Close an index section at `at`: its groups are page locators.
fn end_index(index: &mut Option<usize>, hints: &mut Hints, at: usize) {
    if let Some(start) = index.take() {
        hints.unmarked.push(Span::new(start, at));
    }
}

/// The content line that starts the paragraph after line `k`'s.
fn next_para(content: &[usize], k: usize, para_start: impl Fn(usize) -> bool) -> Option<usize> {
    (k + 1..content.len()).find(|&j| para_start(j))
}

/// The last line of line `k`'s paragraph.
fn para_last(
    lines: &[Line],
    content: &[usize],
    k: usize,
    para_end: impl Fn(usize) -> bool,
) -> Line {
    let last = (k..content.len()).find(|&j| para_end(j)).unwrap_or(k);
    lines[content[last]]
}

/// `3. The Middle` alone, in a list of notes written `N.`: a numbered
/// chapter title, unless it is the note the list expects next and another
/// note follows it.
fn ends_numbered_list(b: &Builder, s: &str, next: Option<&str>) -> bool {
    let Some(n) = book::numbered_title(s) else {
        return false;
    };
    let expected = b.open.as_ref().and_then(|o| o.last_number).map(|l| l + 1);
    expected != Some(n) || !next.and_then(def_label).is_some_and(|d| d.numbered)
}

/// Whether paragraph `k` cites a label that neither the open block
/// defines nor the prose before the block cited: it is the next stretch of
/// prose, not a note's second paragraph.
fn cites_new(
    text: &str,
    lines: &[Line],
    content: &[usize],
    k: usize,
    para_end: impl Fn(usize) -> bool,
    b: &Builder,
    seen: &mut Seen,
) -> bool {
    let start = lines[content[k]].text;
    let end = para_last(lines, content, k, para_end).end;
    for at in memchr_iter(b'[', &text.as_bytes()[start..end]) {
        let at = start + at;
        let Some((refs, len)) = grammar::group(&text[at..end]) else {
            continue;
        };
        let label = &text[at + 1..at + len - 1];
        // A year (`[1987]`) or a word (`[sic]`) is not a new note's marker.
        let fresh = |label: &str, seen: &mut Seen| {
            placed_label(label) && !b.labels.contains(label) && !seen.known(text, label, start)
        };
        let new = match refs {
            grammar::Refs::One(_) => fresh(label, seen),
            grammar::Refs::Key(key) if key.len() == 1 => fresh(key, seen),
            _ => false,
        };
        if new {
            return true;
        }
    }
    false
}

/// Whether the text after a label starts the way a note does: `Smith,`,
/// `_The Many-Sided Franklin._`, `"In one of…`, `1851.`; not the way a
/// sentence that cites it goes on (`[11] defines equality rules`,
/// `[24].  In a PIDF document`).
fn note_start(rest: &str) -> bool {
    let rest = rest.trim_start_matches(is_space);
    rest.chars().next().is_none_or(|c| {
        c.is_uppercase()
            || c.is_ascii_digit()
            || matches!(
                c,
                '"' | '\u{201c}' | '\'' | '\u{2018}' | '_' | '*' | '(' | '['
            )
    })
}

/// Labels a note placed right after its paragraph may have: a number, or
/// a letter (`[A]` with `[A] text` or `[Footnote A: text]`).
fn placed_label(label: &str) -> bool {
    label_number(label).is_some_and(|n| (1..1000).contains(&n))
        || label.len() == 1 && label.bytes().all(|b| b.is_ascii_alphabetic())
}

/// Whether only blank lines or page furniture separate two content lines
/// (true when at least one blank line does).
fn gap(lines: &[Line], a: usize, b: usize) -> bool {
    lines[a + 1..b].iter().any(Line::blank)
}

/// A line that ends a notes block: short, not a sentence, not a note.
fn is_heading(s: &str) -> bool {
    // `.. [1] text`, `.. _target: url`: reST explicit markup, not titles.
    !s.starts_with('[') && !s.starts_with(".. ") && !s.ends_with(['.', ',', ';'])
}

/// `=====`, `-----`, `~~~~~`: a heading's underline.
fn is_underline(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| "=-~^*#+".contains(c) && s.len() >= 3 && chars.all(|d| d == c))
}

/// Labels that may open a notes block with no heading: numbers and
/// citation keys, never a bracketed word.
fn headless_label(label: &str) -> bool {
    label_number(label).is_some_and(|n| (1..1000).contains(&n)) || is_citation_key(label)
}

/// A headless block needs a second definition within the next few
/// paragraphs (the first note may run on over more than one), before any
/// heading; or nothing at all after it.
fn next_para_is_def(
    text: &str,
    lines: &[Line],
    content: &[usize],
    k: usize,
    para_start: impl Fn(usize) -> bool,
) -> bool {
    const LOOKAHEAD: usize = 8;
    let mut starts = (k + 1..content.len()).filter(|&j| para_start(j)).peekable();
    if starts.peek().is_none() {
        return true;
    }
    for j in starts.take(LOOKAHEAD) {
        let line = lines[content[j]];
        let s = &text[line.text..line.end];
        if def_label(s).is_some_and(|d| !d.numbered && headless_label(d.label)) {
            return true;
        }
        let alone = j + 1 == content.len() || gap(lines, content[j], content[j + 1]);
        if alone && line.indent() == 0 && s.len() <= MAX_HEADING && is_heading(s) {
            return false;
        }
    }
    false
}

#[cfg(test)]
mod tests;
