//! What miette sees of a file: only the lines a diagnostic shows, each one
//! cut down to a window around its labels, with `…` where text was left out.
//!
//! Documents that keep a paragraph on one line would otherwise print the
//! whole paragraph with the underline hundreds of columns to the right.
//! [`Excerpt`] is a small [`SourceCode`] holding the clipped lines; label
//! spans are moved into its coordinates, and every [`SpanContents`] it hands
//! back carries the true line and column (columns count chars), so gutters
//! and the `╭─[path:line:col]` header still name the original position.
//!
//! Lines are split on `\n` only, as [`crate::source::LineIndex`] does; a
//! `\r` before it is not shown, and other control characters show as spaces
//! so they cannot move the cursor or start an escape sequence.

use std::fmt;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use crate::model::Span;

/// Marks text left out of a line.
const ELLIPSIS: char = '…';
/// Columns a tab may take (miette's default tab stop).
const TAB_WIDTH: usize = 4;
/// Text columns kept even when the configured width is tiny.
const MIN_TEXT_WIDTH: usize = 24;

/// Where each line of one text starts; built once per file.
#[derive(Clone, Debug)]
pub struct LineStarts {
    starts: Vec<usize>,
    len: usize,
}

impl LineStarts {
    pub fn new(text: &str) -> Self {
        let mut starts = Vec::with_capacity(text.len() / 64 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        Self {
            starts,
            len: text.len(),
        }
    }

    /// The 0-based line holding a byte offset (clamped to the text).
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|&s| s <= offset.min(self.len))
            .saturating_sub(1)
    }

    fn last(&self) -> usize {
        self.starts.len() - 1
    }

    /// The empty line after a final `\n` (or of an empty text): shown only
    /// when a label is on it, never as context.
    fn is_phantom(&self, line: usize) -> bool {
        line == self.last() && self.starts[line] == self.len
    }

    /// Start and end of a line's text, without its `\n` or `\r\n`.
    fn bounds(&self, text: &str, line: usize) -> (usize, usize) {
        let start = self.starts[line];
        let end = self.starts.get(line + 1).map_or(self.len, |&next| next - 1);
        let end = if end > start && text.as_bytes().get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        (start, end)
    }
}

/// How much to show.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Total columns, gutter included.
    pub width: usize,
    /// Lines shown before and after each label (the handler's setting).
    pub context: usize,
}

/// A kept run of one line's text.
#[derive(Clone, Debug)]
struct Piece {
    /// Byte offset in the original text.
    orig: usize,
    /// Byte offset in the excerpt.
    ex: usize,
    /// Length in bytes (the same in both).
    len: usize,
    /// 0-based char column in the original line.
    col: usize,
    /// Length in chars.
    chars: usize,
}

/// One shown line.
#[derive(Clone, Debug)]
struct ExLine {
    /// 0-based line number in the original text.
    number: usize,
    /// Excerpt offsets of the line's start and of its `\n`.
    start: usize,
    end: usize,
    /// Where the line's text ends in the original (before `\r\n`).
    orig_end: usize,
    /// Kept runs in order; `…` stands between them and at cut ends.
    pieces: Vec<Piece>,
}

/// A clipped copy of the lines a diagnostic shows; see the module docs.
pub struct Excerpt {
    name: String,
    text: String,
    lines: Vec<ExLine>,
}

impl fmt::Debug for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Excerpt")
            .field("name", &self.name)
            .field("lines", &self.lines.len())
            .finish_non_exhaustive()
    }
}

impl Excerpt {
    /// The excerpt of `text` showing `spans`, and those spans moved into
    /// its coordinates (in the same order).
    pub fn new(
        name: &str,
        text: &str,
        index: &LineStarts,
        spans: &[Span],
        layout: Layout,
    ) -> (Self, Vec<SourceSpan>) {
        let spans: Vec<Span> = spans.iter().map(|&s| clamp(text, s)).collect();
        // First and last line of each span's text.
        let extents: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| {
                let first = index.line_of(s.start);
                (first, index.line_of(s.end.saturating_sub(1)).max(first))
            })
            .collect();
        // Like miette, a span ending just after a `\n` counts the next line
        // as its own when choosing context lines.
        let reach: Vec<(usize, usize)> = spans
            .iter()
            .map(|s| (index.line_of(s.start), index.line_of(s.end)))
            .collect();
        let shown = shown_lines(index, &reach, layout.context);

        let digits = shown.last().map_or(1, |&l| (l + 1).to_string().len());
        let multi = extents.iter().filter(|(a, b)| a != b).count();
        let gutter = digits + 4 + if multi > 0 { multi + 3 } else { 0 };
        let budget = layout.width.saturating_sub(gutter).max(MIN_TEXT_WIDTH);

        let mut excerpt = Self {
            name: name.to_owned(),
            text: String::new(),
            lines: Vec::with_capacity(shown.len()),
        };
        for &number in &shown {
            let (start, end) = index.bounds(text, number);
            let anchors = spans
                .iter()
                .zip(&extents)
                .filter(|(_, &(first, last))| first <= number && number <= last)
                .map(|(&span, &(first, last))| (span, first == number, last == number));
            excerpt.push_line(text, number, start, end, anchors, budget);
        }
        let mapped = spans
            .iter()
            .map(|s| {
                let start = excerpt.map(index, s.start, false);
                let end = if s.is_empty() {
                    start
                } else {
                    excerpt.map(index, s.end, true).max(start)
                };
                SourceSpan::new(start.into(), end - start)
            })
            .collect();
        (excerpt, mapped)
    }

    /// Clip line `number` (original text `start..end`) and append it.
    fn push_line(
        &mut self,
        text: &str,
        number: usize,
        start: usize,
        end: usize,
        anchors: impl Iterator<Item = (Span, bool, bool)>,
        budget: usize,
    ) {
        let line = text.get(start..end).unwrap_or("");
        let offsets: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
        let widths: Vec<usize> = line.chars().map(char_width).collect();
        let n = offsets.len();
        let col = |offset: usize| offsets.partition_point(|&o| start + o < offset);
        let byte = |col: usize| offsets.get(col).copied().unwrap_or(line.len());

        // The columns each label needs on this line: all of a one-line
        // label, the first char of a label that goes on, the last char of
        // one that started above (nothing for lines it passes through).
        let mut needed = Vec::new();
        for (span, starts_here, ends_here) in anchors {
            let from = col(span.start);
            let to = col(span.end.min(end));
            let range = match (starts_here, ends_here) {
                (true, true) => (from, to.max(from + 1)),
                (true, false) => (from, from + 1),
                (false, true) => (to.saturating_sub(1), to),
                (false, false) => continue,
            };
            needed.push((range.0.min(n), range.1.min(n)));
        }

        let line_start = self.text.len();
        let mut pieces = Vec::new();
        for (s, e) in windows(&widths, needed, budget) {
            if s > 0 {
                self.text.push(ELLIPSIS);
            }
            let (from, to) = (byte(s), byte(e));
            pieces.push(Piece {
                orig: start + from,
                ex: self.text.len(),
                len: to - from,
                col: s,
                chars: e - s,
            });
            self.text.extend(line[from..to].chars().map(shown_char));
        }
        if pieces.last().is_some_and(|p| p.col + p.chars < n) {
            self.text.push(ELLIPSIS);
        }
        let line_end = self.text.len();
        self.text.push('\n');
        self.lines.push(ExLine {
            number,
            start: line_start,
            end: line_end,
            orig_end: end,
            pieces,
        });
    }

    /// Excerpt offset of an original byte offset. An offset in cut text goes
    /// to the near side of its `…` for a start and the far side for an end,
    /// so an underline always covers the ellipsis of text it lost.
    fn map(&self, index: &LineStarts, offset: usize, is_end: bool) -> usize {
        // An end belongs to the line of the byte before it.
        let number = index.line_of(if is_end {
            offset.saturating_sub(1)
        } else {
            offset
        });
        let line = match self.lines.binary_search_by_key(&number, |l| l.number) {
            Ok(i) => &self.lines[i],
            // A span's own lines are always shown; stay in bounds anyway.
            Err(i) => return self.lines.get(i).map_or(self.text.len(), |l| l.start),
        };
        if offset >= line.orig_end {
            let past_newline = is_end
                && index
                    .starts
                    .get(number + 1)
                    .is_some_and(|&next| offset >= next);
            return if past_newline {
                (line.end + 1).min(self.text.len())
            } else {
                line.end
            };
        }
        let mut cut_start = line.start;
        for p in &line.pieces {
            let inside = if is_end {
                p.orig < offset && offset <= p.orig + p.len
            } else {
                p.orig <= offset && offset < p.orig + p.len
            };
            if inside {
                return p.ex + (offset - p.orig);
            }
            if offset <= p.orig {
                return if is_end { p.ex } else { cut_start };
            }
            cut_start = p.ex + p.len;
        }
        if is_end {
            line.end
        } else {
            cut_start
        }
    }

    /// Index of the shown line holding an excerpt offset.
    fn line_at(&self, offset: usize) -> usize {
        self.lines
            .partition_point(|l| l.start <= offset)
            .saturating_sub(1)
    }

    /// True 0-based char column of an excerpt offset on line `i`; a cut
    /// position counts as where the cut text began.
    fn column(&self, i: usize, offset: usize) -> usize {
        let mut col = 0;
        for p in &self.lines[i].pieces {
            if offset < p.ex {
                break;
            }
            if offset < p.ex + p.len {
                let within = self.text.get(p.ex..offset).map_or(0, |s| s.chars().count());
                return p.col + within;
            }
            col = p.col + p.chars;
        }
        col
    }
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (start, len) = (span.offset(), span.len());
        let end = start.checked_add(len).ok_or(MietteError::OutOfBounds)?;
        if end > self.text.len() || self.lines.is_empty() {
            return Err(MietteError::OutOfBounds);
        }
        let mut first = self.line_at(start);
        // The line of the end, as miette counts it (see `Excerpt::new`),
        // unless that line is not the one after the span's last byte.
        let mut last = self.line_at(end.saturating_sub(1).max(start));
        let at_end = self.line_at(end);
        if at_end == last + 1 && self.lines[at_end].number == self.lines[last].number + 1 {
            last = at_end;
        }
        // Context stops at a gap: lines that were not kept are not shown.
        for _ in 0..context_lines_before {
            match first.checked_sub(1) {
                Some(prev) if self.lines[prev].number + 1 == self.lines[first].number => {
                    first = prev;
                }
                _ => break,
            }
        }
        for _ in 0..context_lines_after {
            match self.lines.get(last + 1) {
                Some(next) if self.lines[last].number + 1 == next.number => last += 1,
                _ => break,
            }
        }
        let (from, line, column) = if context_lines_before == 0 {
            let i = self.line_at(start);
            (start, self.lines[i].number, self.column(i, start))
        } else {
            (self.lines[first].start, self.lines[first].number, 0)
        };
        let to = if context_lines_after == 0 {
            end
        } else {
            (self.lines[last].end + 1).min(self.text.len())
        }
        .max(from);
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            &self.text.as_bytes()[from..to],
            SourceSpan::new(from.into(), to - from),
            line,
            column,
            // The true count: miette merges two snippets only when this
            // says they touch.
            last - first + 1,
        )))
    }
}

/// A span moved inside the text and onto char boundaries.
fn clamp(text: &str, span: Span) -> Span {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(span.start);
    Span::new(start, floor(span.end).max(start))
}

/// The lines to show, ascending: every line a span touches plus `context`
/// lines around it.
fn shown_lines(index: &LineStarts, extents: &[(usize, usize)], context: usize) -> Vec<usize> {
    let limit = if index.is_phantom(index.last()) {
        index.last().saturating_sub(1)
    } else {
        index.last()
    };
    let mut ranges: Vec<(usize, usize)> = extents
        .iter()
        .map(|&(first, last)| {
            (
                first.saturating_sub(context),
                last.saturating_add(context).min(limit).max(first),
            )
        })
        .collect();
    ranges.sort_unstable();
    let mut lines: Vec<usize> = Vec::new();
    for (from, to) in ranges {
        let from = lines.last().map_or(from, |&l| from.max(l + 1));
        lines.extend(from..=to);
    }
    lines
}

/// How a char is shown: control characters other than tab become spaces
/// (the same length in bytes, so offsets inside a piece still line up).
fn shown_char(c: char) -> char {
    if c != '\t' && c.is_ascii_control() {
        ' '
    } else {
        c
    }
}

/// Columns a char takes, near enough to budget with: wide East Asian
/// characters and emoji take two, combining marks none, tabs at most
/// [`TAB_WIDTH`].
fn char_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        '\u{300}'..='\u{36f}' | '\u{200b}'..='\u{200f}' | '\u{fe00}'..='\u{fe0f}' => 0,
        '\u{1100}'..='\u{115f}'
        | '\u{2e80}'..='\u{a4cf}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ff60}'
        | '\u{ffe0}'..='\u{ffe6}'
        | '\u{1f300}'..='\u{1f64f}'
        | '\u{1f900}'..='\u{1f9ff}'
        | '\u{20000}'..='\u{3fffd}' => 2,
        _ => 1,
    }
}

/// The char ranges of one line to keep, ascending and apart, so that the
/// kept text plus one `…` per cut fits `budget` columns and every `needed`
/// range is kept. A whole line that fits is kept as it is. A needed range
/// too long to fit keeps its two ends. Remaining room goes to context,
/// spread evenly on both sides of each range.
fn windows(widths: &[usize], needed: Vec<(usize, usize)>, budget: usize) -> Vec<(usize, usize)> {
    let n = widths.len();
    let width = |(s, e): (usize, usize)| widths[s..e].iter().sum::<usize>();
    if width((0, n)) <= budget {
        return vec![(0, n)];
    }
    let mut ranges = Vec::with_capacity(needed.len() + 1);
    let half = budget.saturating_sub(3) / 2;
    for (s, e) in needed {
        if width((s, e)) + 2 <= budget {
            ranges.push((s, e));
            continue;
        }
        let mut head = s + 1;
        while head < e && width((s, head + 1)) <= half {
            head += 1;
        }
        let mut tail = e - 1;
        while tail > head && width((tail - 1, e)) <= half {
            tail -= 1;
        }
        ranges.push((s, head));
        ranges.push((tail, e));
    }
    if ranges.is_empty() {
        ranges.push((0, 0));
    }
    ranges.sort_unstable();
    let mut wins: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match wins.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => wins.push((s, e)),
        }
    }
    let cuts = |wins: &[(usize, usize)]| {
        wins.len() - 1 + usize::from(wins[0].0 > 0) + usize::from(wins[wins.len() - 1].1 < n)
    };
    let mut cost = wins.iter().map(|&w| width(w)).sum::<usize>() + cuts(&wins);

    // Grow every window one char to the left, then one to the right, in
    // turn, for as long as something still fits.
    loop {
        let mut grew = false;
        let mut k = 0;
        while k < wins.len() {
            let (s, e) = wins[k];
            if s > 0 {
                let joins = k > 0 && wins[k - 1].1 == s - 1;
                let saved = usize::from(joins || s == 1);
                if cost + widths[s - 1] <= budget + saved {
                    cost = cost + widths[s - 1] - saved;
                    grew = true;
                    if joins {
                        wins[k - 1].1 = e;
                        wins.remove(k);
                        k -= 1;
                    } else {
                        wins[k].0 = s - 1;
                    }
                }
            }
            let e = wins[k].1;
            if e < n {
                let joins = wins.get(k + 1).is_some_and(|next| next.0 == e + 1);
                let saved = usize::from(joins || e + 1 == n);
                if cost + widths[e] <= budget + saved {
                    cost = cost + widths[e] - saved;
                    grew = true;
                    if joins {
                        wins[k].1 = wins[k + 1].1;
                        wins.remove(k + 1);
                    } else {
                        wins[k].1 = e + 1;
                    }
                }
            }
            k += 1;
        }
        if !grew {
            return wins;
        }
    }
}
