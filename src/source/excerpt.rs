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
//! Lines are split on `\n` only, as [`crate::source::LineIndex`] does, and
//! keep their `\n` or `\r\n` (miette shows neither). Other control
//! characters show as spaces so they cannot move the cursor or start an
//! escape sequence.

use std::fmt;

use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};

use super::escape::shown_char;
use crate::model::Span;
use crate::source::LineIndex;

/// Marks text left out of a line.
const ELLIPSIS: char = '…';
/// Columns a tab may take (miette's default tab stop).
const TAB_WIDTH: usize = 4;
/// Text columns kept even when the configured width is tiny.
const MIN_TEXT_WIDTH: usize = 24;

/// How much to show.
#[derive(Clone, Copy, Debug)]
pub struct Layout {
    /// Total columns, gutter included.
    pub width: usize,
    /// Lines shown before and after each label (the handler's setting).
    pub context: usize,
}

/// A kept run of one line's text.
#[derive(Clone, Debug, PartialEq, Eq)]
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
#[derive(Clone, Debug, PartialEq, Eq)]
struct ExLine {
    /// 0-based line number in the original text.
    number: usize,
    /// Excerpt offsets of the line's start and of the end of its text.
    start: usize,
    end: usize,
    /// Length of the line break after it: `\n` or `\r\n`.
    brk: usize,
    /// Where the line's text ends in the original (before `\r\n`).
    orig_end: usize,
    /// Kept runs in order; `…` stands between them and at cut ends.
    pieces: Vec<Piece>,
}

/// A clipped copy of the lines a diagnostic shows; see the module docs.
#[derive(Clone, PartialEq, Eq)]
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
    /// The excerpt of `text` showing each labelled span, and the spans
    /// moved into its coordinates (in the same order). `columns` holds the
    /// 0-based char columns of each span's start and end, as placing found
    /// them: a long line is looked at only near its labels, so a finding
    /// costs what it shows, not what its line holds.
    pub fn new(
        name: &str,
        text: &str,
        index: &LineIndex,
        labels: &[(Span, &str)],
        columns: &[(usize, usize)],
        layout: Layout,
    ) -> (Self, Vec<SourceSpan>) {
        let spans: Vec<Span> = labels.iter().map(|&(s, _)| clamp(text, s)).collect();
        // Columns miette writes right of an underline's middle: `╰── ` and
        // the label's longest line.
        let reserves: Vec<usize> = labels
            .iter()
            .map(|(_, label)| 4 + label.lines().map(|l| l.chars().count()).max().unwrap_or(0))
            .collect();
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
                .zip(&reserves)
                .zip(&extents)
                .zip(columns.iter().chain(std::iter::repeat(&(0, 0))))
                .filter(|((_, &(first, last)), _)| first <= number && number <= last)
                .map(|(((&span, &reserve), &(first, last)), &cols)| Anchor {
                    span,
                    reserve,
                    starts_here: first == number,
                    ends_here: last == number,
                    columns: cols,
                });
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
        anchors: impl Iterator<Item = Anchor>,
        budget: usize,
    ) {
        let anchors: Vec<Anchor> = anchors.collect();
        // Only a window of the line around its labels is looked at: the
        // kept text fits `budget` columns, and no character takes fewer
        // than one byte or (but for zero-width ones) one column.
        let reach = 4 * (budget + 8);
        let mut known: Vec<(usize, usize)> = Vec::with_capacity(2 * anchors.len());
        // A label that ends here but started above, past a line break that
        // ends it (its end's column is on the next line): the line is taken
        // whole.
        let mut clip = true;
        for a in &anchors {
            if a.starts_here {
                known.push((a.span.start, a.columns.0));
            }
            if a.ends_here && a.span.end <= end {
                known.push((a.span.end, a.columns.1));
            } else if a.ends_here && !a.starts_here {
                clip = false;
            }
        }
        let lo = known.iter().map(|k| k.0).min().unwrap_or(start);
        let hi = known.iter().map(|k| k.0).max().unwrap_or(start);
        let (ws, we) = if clip {
            (
                floor_boundary(text, lo.saturating_sub(reach).max(start)),
                ceil_boundary(text, hi.saturating_add(reach).min(end)),
            )
        } else {
            (start, end)
        };
        // The true column of the window's first character.
        let base = match known.iter().min_by_key(|k| k.0) {
            Some(&(at, column)) if ws > start => {
                column.saturating_sub(text.get(ws..at).map_or(0, |s| s.chars().count()))
            }
            _ => 0,
        };
        let line = text.get(ws..we).unwrap_or("");
        let offsets: Vec<usize> = line.char_indices().map(|(i, _)| i).collect();
        let widths: Vec<usize> = line.chars().map(char_width).collect();
        let n = offsets.len();
        let col = |offset: usize| offsets.partition_point(|&o| ws + o < offset);
        let byte = |col: usize| offsets.get(col).copied().unwrap_or(line.len());

        // What each label needs of this line: all of a one-line label, the
        // first char of one that goes on, the last char of one that started
        // above (nothing of a line it passes through).
        let mut needs = Vec::new();
        for Anchor {
            span,
            reserve,
            starts_here,
            ends_here,
            ..
        } in anchors
        {
            let from = col(span.start);
            let to = col(span.end.min(we));
            let (lo, hi, reserve) = match (starts_here, ends_here) {
                (true, true) => (from, to.max(from + 1), reserve),
                (true, false) => (from, from + 1, 0),
                (false, true) => (to.saturating_sub(1), to, 0),
                (false, false) => continue,
            };
            needs.push(Need {
                start: lo.min(n),
                end: hi.min(n),
                reserve,
            });
        }

        let line_start = self.text.len();
        let mut pieces = Vec::new();
        let mut last = 0;
        for (s, e) in windows(&widths, &needs, budget) {
            if s > 0 || ws > start {
                self.text.push(ELLIPSIS);
            }
            let (from, to) = (byte(s), byte(e));
            pieces.push(Piece {
                orig: ws + from,
                ex: self.text.len(),
                len: to - from,
                col: base + s,
                chars: e - s,
            });
            self.text.extend(line[from..to].chars().map(shown_char));
            last = e;
        }
        if !pieces.is_empty() && (last < n || we < end) {
            self.text.push(ELLIPSIS);
        }
        let line_end = self.text.len();
        let brk = if text.as_bytes().get(end) == Some(&b'\r') {
            "\r\n"
        } else {
            "\n"
        };
        self.text.push_str(brk);
        self.lines.push(ExLine {
            number,
            start: line_start,
            end: line_end,
            brk: brk.len(),
            orig_end: end,
            pieces,
        });
    }

    /// Excerpt offset of an original byte offset. An offset in cut text goes
    /// to the near side of its `…` for a start and the far side for an end,
    /// so an underline always covers the ellipsis of text it lost.
    fn map(&self, index: &LineIndex, offset: usize, is_end: bool) -> usize {
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
            return line.end + (offset - line.orig_end).min(line.brk);
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
        let line = &self.lines[i];
        if offset >= line.end {
            let chars = line.pieces.last().map_or(0, |p| p.col + p.chars);
            return chars + (offset - line.end);
        }
        let mut col = 0;
        for p in &line.pieces {
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
            self.lines[last].end + self.lines[last].brk
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

/// A label on one shown line.
struct Anchor {
    span: Span,
    /// Columns its label text takes right of the underline's middle.
    reserve: usize,
    starts_here: bool,
    ends_here: bool,
    /// The true 0-based char columns of the span's start and end.
    columns: (usize, usize),
}

/// `offset` moved back onto a char boundary.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// `offset` moved forward onto a char boundary.
fn ceil_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
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
fn shown_lines(index: &LineIndex, extents: &[(usize, usize)], context: usize) -> Vec<usize> {
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

/// What one label needs of one line: the chars `start..end` kept, and, for
/// a label on this line only, `reserve` columns right of its underline's
/// middle for the label text miette writes there.
#[derive(Clone, Copy, Debug)]
struct Need {
    start: usize,
    end: usize,
    reserve: usize,
}

/// The char ranges of one line to keep, ascending and apart, so that the
/// kept text plus one `…` per cut fits `budget` columns and every needed
/// range is kept. A whole line that fits is kept as it is. A needed range
/// too long to fit keeps its two ends. Remaining room goes to context,
/// spread evenly on both sides of each range, except that text left of a
/// label does not push its label text past the budget.
fn windows(widths: &[usize], needs: &[Need], budget: usize) -> Vec<(usize, usize)> {
    let n = widths.len();
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0);
    for &w in widths {
        prefix.push(prefix[prefix.len() - 1] + w);
    }
    let width = |s: usize, e: usize| prefix[e] - prefix[s];
    if width(0, n) <= budget {
        return vec![(0, n)];
    }

    let half = budget.saturating_sub(3) / 2;
    let mut ranges = Vec::with_capacity(needs.len() + 1);
    for &Need {
        start: s, end: e, ..
    } in needs
    {
        if width(s, e) + 2 <= budget {
            ranges.push((s, e));
            continue;
        }
        let head = (s + prefix[s + 1..e].partition_point(|&p| p - prefix[s] <= half)).max(s + 1);
        let tail = (e - 1).min(prefix[head..e].partition_point(|&p| prefix[e] - p > half) + head);
        ranges.push((s, head.min(tail)));
        ranges.push((tail, e));
    }
    if ranges.is_empty() {
        ranges.push((0, 0));
    }
    let mut wins = normalize(ranges);

    // Column where a kept char is shown, counting `…` marks.
    let column = |wins: &[(usize, usize)], c: usize| {
        let mut col = 0;
        for &(s, e) in wins {
            col += usize::from(s > 0);
            if c <= e {
                return col + width(s.min(c), c);
            }
            col += width(s, e);
        }
        col
    };
    // Column of a label's vbar, as miette places it.
    let middle = |wins: &[(usize, usize)], need: &Need| {
        let from = column(wins, need.start);
        let to = column(wins, need.end).max(from + 1);
        (from + to) / 2
    };
    let cost = |wins: &[(usize, usize)]| {
        let cuts =
            wins.len() - 1 + usize::from(wins[0].0 > 0) + usize::from(wins[wins.len() - 1].1 < n);
        wins.iter().map(|&(s, e)| width(s, e)).sum::<usize>() + cuts
    };
    // How far right each label's vbar may go: never less than where it
    // starts, nor less than half way, so that a long label text does not
    // leave almost no source to see.
    let limits: Vec<usize> = needs
        .iter()
        .map(|need| {
            let room = budget.saturating_sub(need.reserve).max(budget / 2);
            room.max(middle(&wins, need))
        })
        .collect();
    let fits = |wins: &[(usize, usize)]| {
        cost(wins) <= budget
            && needs
                .iter()
                .zip(&limits)
                .all(|(need, &limit)| middle(wins, need) <= limit)
    };
    if !fits(&wins) {
        return wins;
    }

    // Grow every window one char to the left, then one to the right, in
    // turn, for as long as something still fits.
    loop {
        let mut grew = false;
        let mut k = 0;
        while k < wins.len() {
            for left in [true, false] {
                let Some(&(s, e)) = wins.get(k) else { break };
                let grown = if left && s > 0 {
                    (s - 1, e)
                } else if !left && e < n {
                    (s, e + 1)
                } else {
                    continue;
                };
                let mut candidate = wins.clone();
                candidate[k] = grown;
                let candidate = normalize(candidate);
                if fits(&candidate) {
                    if left && candidate.len() < wins.len() {
                        k -= 1;
                    }
                    wins = candidate;
                    grew = true;
                }
            }
            k += 1;
        }
        if !grew {
            return wins;
        }
    }
}

/// Ranges sorted, with overlapping or touching ones joined.
fn normalize(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (s, e) in ranges {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need(start: usize, end: usize, reserve: usize) -> Need {
        Need {
            start,
            end,
            reserve,
        }
    }

    #[test]
    fn a_line_that_fits_is_kept_whole() {
        assert_eq!(windows(&[1; 30], &[need(5, 8, 40)], 30), vec![(0, 30)]);
    }

    #[test]
    fn a_label_gets_context_on_both_sides() {
        let wins = windows(&[1; 1000], &[need(500, 503, 0)], 40);
        assert_eq!(wins.len(), 1);
        let (s, e) = wins[0];
        assert!(s < 500 && e > 503, "{wins:?}");
        // One `…` on each side.
        assert_eq!(e - s + 2, 40);
        assert!((500 - s).abs_diff(e - 503) <= 1, "{wins:?}");
    }

    #[test]
    fn label_text_keeps_its_label_left_of_the_budget() {
        let wins = windows(&[1; 1000], &[need(500, 503, 30)], 80);
        let (s, _) = wins[0];
        // `…`, then the text before the label, then half the underline.
        assert!(1 + (500 - s) + 1 + 30 <= 80, "{wins:?}");
        // A very long label text still leaves half the line for source.
        let wins = windows(&[1; 1000], &[need(500, 503, 70)], 80);
        assert!(1 + (500 - wins[0].0) + 1 >= 40, "{wins:?}");
    }

    #[test]
    fn far_apart_labels_on_one_line_keep_both() {
        let wins = windows(&[1; 1000], &[need(100, 101, 0), need(900, 901, 0)], 40);
        assert_eq!(wins.len(), 2);
        assert!(wins[0].0 <= 100 && wins[0].1 >= 101);
        assert!(wins[1].0 <= 900 && wins[1].1 >= 901);
    }

    #[test]
    fn a_label_too_long_to_fit_keeps_both_ends() {
        let wins = windows(&[1; 1000], &[need(100, 600, 0)], 40);
        assert!(wins.iter().any(|&(s, e)| s <= 100 && e > 100), "{wins:?}");
        assert!(wins.iter().any(|&(s, e)| s < 600 && e >= 600), "{wins:?}");
        let shown: usize = wins.iter().map(|(s, e)| e - s + 1).sum();
        assert!(shown <= 41, "{wins:?}");
    }

    #[test]
    fn wide_chars_and_tabs_count_more() {
        let widths: Vec<usize> = "\t日本語abc".chars().map(char_width).collect();
        assert_eq!(widths, [4, 2, 2, 2, 1, 1, 1]);
    }
}
