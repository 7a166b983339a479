//! Suppression comments: `<!-- ibid-ignore-next-line unresolved -->`.
//!
//! A dialect collects a document's comments ([`Document::comments`]);
//! [`apply`] reads the directives in them, drops the diagnostics they
//! cover, and reports each directive, or each code in a directive, that
//! covers nothing as `unused-suppression` (ruff's RUF100, ESLint's unused
//! disable directives). The rule's check does nothing; its findings are
//! made here, with the severity the rule is configured with.
//!
//! # Grammar
//!
//! ```text
//! comment   = "<!--" *WS directive *WS "-->"      ; nothing before the directive
//! directive = keyword [ ":" ] [ *WS codes ] *WS [ reason ]
//! keyword   = "ibid-ignore-next-line" / "ibid-ignore-line" / "ibid-ignore-file"
//!           / "ibid-ignore" / "ibid-enable"       ; case-sensitive, a whole `word`
//! word      = "ibid" 1*( "-" segment )
//! codes     = code *( separator code ) [ *WS "," ]
//! separator = *WS "," *WS / 1*WS                  ; commas (ruff) or spaces (markdownlint)
//! code      = segment *( "-" segment )            ; `unresolved--why` is a code and a reason
//! segment   = 1*( ALPHA / DIGIT / "_" )
//! reason    = "--" *CHAR                          ; free text (ESLint's form), ignored
//! WS        = SP / HTAB / CR / LF
//! ```
//!
//! A comment whose text does not begin with `ibid-` is not a directive and
//! is left alone. One that does but names no keyword (`ibid-disable`), a
//! code that names no rule, a code named twice, and text the grammar does
//! not take (`unresolved; duplicate`) are reported; a directive with
//! unreadable text is not applied.
//!
//! # What a directive covers
//!
//! A diagnostic is suppressed when a directive covers the place where its
//! primary span starts and names its code, or names no code (which covers
//! every code but `unused-suppression`).
//!
//! - `ibid-ignore-next-line`: the next line after the comment that is not
//!   blank and does not hold only comments, so directives can be stacked
//!   and a blank line after the comment does not matter. Only that line:
//!   a finding that starts on the paragraph's next line is not covered.
//! - `ibid-ignore-line`: the line the comment is on (every line of a
//!   comment that spans several).
//! - `ibid-ignore-file`: the whole file, wherever the comment is.
//! - `ibid-ignore` … `ibid-enable`: from the start of the `ibid-ignore`
//!   comment to the start of the `ibid-enable` comment that ends it, or to
//!   the end of the file (by position, not by line). `ibid-enable` alone
//!   ends every open range; `ibid-enable CODES` ends the ranges of those
//!   codes and takes them out of the open ranges without codes (ESLint's
//!   `eslint-disable` / `eslint-enable`). Ranges may nest and overlap.
//!
//! Lines end at LF; a CRLF is one line end.
//!
//! When several directives cover a diagnostic, one is credited with it:
//! a line directive (the first in the text) before a range (the innermost,
//! that is the one opened last) before a file directive (the first). The
//! others may then be reported as unused, which is what they are.
//!
//! # What is reported
//!
//! One `unused-suppression` finding for each directive without codes that
//! suppresses nothing, each code that suppresses nothing, each
//! `ibid-enable` (or code in it) that ends no range, and each unreadable
//! directive, unknown code or repeated code. These findings are themselves
//! suppressed only by a directive that names `unused-suppression`;
//! `unused-suppression` codes that suppress nothing are always reported.
//!
//! [`Document::comments`]: crate::model::Document::comments

use rustc_hash::FxHashMap;

use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::model::{Comment, Span};
use crate::source::LineIndex;
use directive::Kind;

mod directive;

/// The code of the findings made here.
pub const CODE: &str = "unused-suppression";

/// A directive read from one comment.
#[derive(Debug)]
struct Directive {
    kind: Kind,
    comment: Span,
    /// Its slots: `slots[slots.0..slots.1]`.
    slots: (usize, usize),
    /// For line directives: the first and last line covered (0-based);
    /// `None` for `ibid-ignore-next-line` with no line after it.
    lines: Option<(usize, usize)>,
}

/// What a directive suppresses: one code it names, or every code.
#[derive(Debug)]
struct Slot {
    directive: usize,
    /// `None`: every code (a directive without codes).
    code: Option<&'static str>,
    /// The code as written, or the whole comment.
    span: Span,
    used: bool,
    /// For `ibid-ignore`: the `ibid-enable` that ends it.
    ended_by: Option<Span>,
}

/// Every directive of a document, and what they cover.
struct Table {
    directives: Vec<Directive>,
    slots: Vec<Slot>,
    /// Present when there are line directives.
    index: Option<LineIndex>,
    /// The first line-directive slot for a line and a code (`None`: every
    /// code), from directives on (or before) one line.
    lines: FxHashMap<(usize, Option<&'static str>), usize>,
    /// `ibid-ignore-line` comments that span lines: first and last line
    /// and directive, in order. Kept apart so that a long comment with
    /// many codes costs no more than it is long.
    spans: Vec<(usize, usize, usize)>,
    /// The slot of a code in a directive of `spans`.
    slot_of: FxHashMap<(usize, Option<&'static str>), usize>,
    /// The first `ibid-ignore-file` slot for a code.
    file: FxHashMap<Option<&'static str>, usize>,
    /// `ibid-ignore` and `ibid-enable` directives, in source order.
    ranges: Vec<usize>,
    severity: Severity,
}

/// Whether any of `comments` may hold a directive (a cheap test: only
/// then does [`apply`] need the text).
pub fn has_directives(text: &str, comments: &[Comment]) -> bool {
    comments
        .iter()
        .any(|c| directive::is_candidate(text, c.body))
}

/// Apply the suppressions in `comments` to `diagnostics` (spans into
/// `text`); return the diagnostics that remain, plus one
/// `unused-suppression` warning per directive (or per code in a directive)
/// that suppressed nothing.
pub fn apply(text: &str, comments: &[Comment], diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if !has_directives(text, comments) {
        return diagnostics;
    }
    let mut comments = comments.to_vec();
    comments.sort_by_key(|c| c.span.start);
    let spans: Vec<Span> = comments.iter().map(|c| c.span).collect();
    let severity = crate::rules::by_code(CODE).map_or(Severity::Warning, |r| r.severity);
    let mut findings = Vec::new();
    let mut table = Table::read(text, &comments, severity, &mut findings);
    table.place(text, &spans);
    let mut out = table.suppress(diagnostics);
    findings.extend(table.unused(|code| code != Some(CODE)));
    let findings = table.suppress(findings);
    out.extend(findings);
    out.extend(table.unused(|code| code == Some(CODE)));
    out.sort_by(Diagnostic::source_order);
    out
}

impl Table {
    /// Read the directives of every comment; problems go to `findings`.
    fn read(
        text: &str,
        comments: &[Comment],
        severity: Severity,
        findings: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut table = Self {
            directives: Vec::new(),
            slots: Vec::new(),
            index: None,
            lines: FxHashMap::default(),
            spans: Vec::new(),
            slot_of: FxHashMap::default(),
            file: FxHashMap::default(),
            ranges: Vec::new(),
            severity,
        };
        let mut problems = Vec::new();
        for c in comments {
            if !directive::is_candidate(text, c.body) {
                continue;
            }
            let Some(parsed) = directive::read(text, c.body, &mut problems) else {
                continue;
            };
            let comment = c.span;
            let index = table.directives.len();
            let first = table.slots.len();
            let blanket = (!parsed.named).then_some((None, comment));
            let named = parsed.codes.into_iter().map(|(c, span)| (Some(c), span));
            table
                .slots
                .extend(blanket.into_iter().chain(named).map(|(code, span)| Slot {
                    directive: index,
                    code,
                    span,
                    used: false,
                    ended_by: None,
                }));
            table.directives.push(Directive {
                kind: parsed.kind,
                comment,
                slots: (first, table.slots.len()),
                lines: None,
            });
        }
        findings.extend(
            problems
                .into_iter()
                .map(|p| table.finding(p.span, p.message, p.help)),
        );
        table
    }

    fn finding(&self, span: Span, message: String, help: String) -> Diagnostic {
        let mut d = Diagnostic::new(CODE, self.severity, span, None, message);
        d.help = Some(help);
        d
    }

    /// Work out what each directive covers.
    fn place(&mut self, text: &str, comments: &[Span]) {
        let needs_lines = self
            .directives
            .iter()
            .any(|d| matches!(d.kind, Kind::NextLine | Kind::Line));
        let index = needs_lines.then(|| LineIndex::new(text));
        let mut next = NextLine::default();
        for (i, d) in self.directives.iter_mut().enumerate() {
            let slots = &self.slots[d.slots.0..d.slots.1];
            match (d.kind, &index) {
                (Kind::NextLine | Kind::Line, Some(index)) => {
                    let first = index.line_of(d.comment.start);
                    let last = index.line_of(d.comment.end.saturating_sub(1).max(d.comment.start));
                    d.lines = if d.kind == Kind::Line {
                        Some((first, last))
                    } else {
                        next.after(text, comments, index, last).map(|l| (l, l))
                    };
                    match d.lines {
                        Some((first, last)) if first < last => {
                            self.spans.push((first, last, i));
                            for (s, slot) in slots.iter().enumerate() {
                                self.slot_of.insert((i, slot.code), d.slots.0 + s);
                            }
                        }
                        Some((line, _)) => {
                            for (s, slot) in slots.iter().enumerate() {
                                self.lines.entry((line, slot.code)).or_insert(d.slots.0 + s);
                            }
                        }
                        None => {}
                    }
                }
                (Kind::File, _) => {
                    for (s, slot) in slots.iter().enumerate() {
                        self.file.entry(slot.code).or_insert(d.slots.0 + s);
                    }
                }
                (Kind::Ignore | Kind::Enable, _) => self.ranges.push(i),
                _ => {}
            }
        }
        self.index = index;
    }

    /// Drop the diagnostics a directive covers, crediting it.
    fn suppress(&mut self, diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
        let mut order: Vec<usize> = (0..diagnostics.len()).collect();
        order.sort_by_key(|&i| diagnostics[i].span.start);
        let mut keep = vec![true; diagnostics.len()];
        let mut open = Open::default();
        let mut ranges = 0;
        for i in order {
            let d = &diagnostics[i];
            while let Some(&r) = self
                .ranges
                .get(ranges)
                .filter(|&&r| self.directives[r].comment.start <= d.span.start)
            {
                open.step(&self.directives[r], &mut self.slots);
                ranges += 1;
            }
            let all = d.code != CODE;
            let slot = self
                .line_slot(d, all)
                .or_else(|| open.slot(d.code, all, &self.slots))
                .or_else(|| first(&self.file, d.code, all));
            if let Some(s) = slot {
                self.slots[s].used = true;
                keep[i] = false;
            }
        }
        for &r in &self.ranges[ranges..] {
            open.step(&self.directives[r], &mut self.slots);
        }
        let mut keep = keep.into_iter();
        diagnostics
            .into_iter()
            .filter(|_| keep.next().unwrap_or(true))
            .collect()
    }

    /// The first line directive that covers a diagnostic.
    fn line_slot(&self, d: &Diagnostic, all: bool) -> Option<usize> {
        let line = self.index.as_ref()?.line_of(d.span.start);
        let codes = [Some(d.code), None];
        let codes = &codes[..1 + usize::from(all)];
        let on_line = codes.iter().filter_map(|&c| self.lines.get(&(line, c)));
        // Comments do not overlap, so at most two that span lines hold a
        // line: one ending on it and one starting on it.
        let below = self.spans.partition_point(|&(first, _, _)| first <= line);
        let spanning = self.spans[below.saturating_sub(2)..below]
            .iter()
            .filter(|&&(_, last, _)| last >= line)
            .flat_map(|&(_, _, i)| codes.iter().filter_map(move |&c| self.slot_of.get(&(i, c))));
        on_line.chain(spanning).copied().min()
    }

    /// Findings for the unused slots whose code `pick` takes.
    fn unused(&self, pick: impl Fn(Option<&str>) -> bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for slot in self.slots.iter().filter(|s| !s.used && pick(s.code)) {
            let d = &self.directives[slot.directive];
            let keyword = d.kind.keyword();
            let named = slot.code.map(|c| format!(" {c}")).unwrap_or_default();
            let what = slot
                .code
                .map_or("no finding".to_owned(), |c| format!("no `{c}` finding"));
            let whole = self.slots[d.slots.0..d.slots.1].iter().all(|s| !s.used);
            let mut help = match slot.code {
                Some(c) if !whole => format!("remove `{c}` from the comment"),
                _ => "remove the comment".to_owned(),
            };
            let mut related = Vec::new();
            let line = |l: usize| l + 1;
            let message = match d.kind {
                Kind::Enable => {
                    let of = slot.code.map(|c| format!(" of `{c}`")).unwrap_or_default();
                    format!("`{keyword}{named}` ends nothing: no `ibid-ignore`{of} is open here")
                }
                Kind::NextLine | Kind::Line => {
                    let place = match d.lines {
                        None => "no line follows the comment".to_owned(),
                        Some((a, b)) if a == b => format!("{what} starts on line {}", line(a)),
                        Some((a, b)) => format!("{what} starts on lines {}–{}", line(a), line(b)),
                    };
                    format!("`{keyword}{named}` suppresses nothing: {place}")
                }
                Kind::File => format!("`{keyword}{named}` suppresses nothing: {what} in this file"),
                Kind::Ignore => {
                    let place = match slot.ended_by {
                        Some(end) => {
                            related.push(Related {
                                file: None,
                                span: end,
                                message: "ended here".to_owned(),
                            });
                            if whole {
                                help.push_str(
                                    ", and its `ibid-enable` unless that ends another range",
                                );
                            }
                            format!("{what} before its `ibid-enable`")
                        }
                        None => format!("{what} from here to the end of the file"),
                    };
                    format!("`{keyword}{named}` suppresses nothing: {place}")
                }
            };
            let mut finding = self.finding(slot.span, message, help);
            finding.related = related;
            out.push(finding);
        }
        out
    }
}

/// The first slot for a code in a map keyed by code (`None`: every code).
fn first(
    map: &FxHashMap<Option<&'static str>, usize>,
    code: &'static str,
    all: bool,
) -> Option<usize> {
    let named = map.get(&Some(code)).copied();
    let any = all.then(|| map.get(&None).copied()).flatten();
    named.into_iter().chain(any).min()
}

/// The ranges open at a point of the sweep.
#[derive(Default)]
struct Open {
    /// Open `ibid-ignore CODES` slots by code, innermost last.
    named: FxHashMap<&'static str, Vec<usize>>,
    /// Open `ibid-ignore` slots without codes, innermost last.
    all: Vec<usize>,
    /// Where `ibid-enable CODE` last took a code out of the ranges without
    /// codes then open.
    taken_out: FxHashMap<&'static str, usize>,
}

impl Open {
    fn step(&mut self, d: &Directive, slots: &mut [Slot]) {
        let (first, end) = d.slots;
        for s in first..end {
            match (d.kind, slots[s].code) {
                (Kind::Ignore, Some(code)) => self.named.entry(code).or_default().push(s),
                (Kind::Ignore, None) => self.all.push(s),
                (Kind::Enable, Some(code)) => {
                    let ended = self.named.remove(code).unwrap_or_default();
                    let covered = self.all_cover(code, slots).is_some();
                    for &e in &ended {
                        slots[e].ended_by = Some(d.comment);
                    }
                    if covered {
                        self.taken_out.insert(code, d.comment.start);
                    }
                    slots[s].used |= covered || !ended.is_empty();
                }
                (Kind::Enable, None) => {
                    let ended: Vec<usize> = self
                        .named
                        .drain()
                        .flat_map(|(_, v)| v)
                        .chain(self.all.drain(..))
                        .collect();
                    for &e in &ended {
                        slots[e].ended_by = Some(d.comment);
                    }
                    self.taken_out.clear();
                    slots[s].used |= !ended.is_empty();
                }
                _ => {}
            }
        }
    }

    /// The innermost open range without codes that covers `code`.
    fn all_cover(&self, code: &str, slots: &[Slot]) -> Option<usize> {
        let &last = self.all.last()?;
        let start = slots[last].span.start;
        self.taken_out
            .get(code)
            .is_none_or(|&out| start > out)
            .then_some(last)
    }

    /// The innermost open range that covers `code` (ranges without codes
    /// only when `all`).
    fn slot(&self, code: &str, all: bool, slots: &[Slot]) -> Option<usize> {
        let named = self.named.get(code).and_then(|v| v.last()).copied();
        let any = all.then(|| self.all_cover(code, slots)).flatten();
        // Later directives have higher slot numbers: the innermost wins.
        named.into_iter().chain(any).max()
    }
}

/// Finds the line an `ibid-ignore-next-line` covers, remembering the last
/// answer so that stacked directives scan each line once.
#[derive(Default)]
struct NextLine {
    last: Option<(usize, Option<usize>)>,
}

impl NextLine {
    /// The first line after `line` that is not blank and does not hold only
    /// comments.
    fn after(
        &mut self,
        text: &str,
        comments: &[Span],
        index: &LineIndex,
        line: usize,
    ) -> Option<usize> {
        // Lines between an earlier start and its answer hold nothing.
        if let Some((from, found)) = self.last {
            if from <= line && found.is_none_or(|f| f > line) {
                return found;
            }
        }
        let found = (line + 1..=index.last()).find(|&l| {
            let (start, end) = index.bounds(text, l);
            !only_comments(text, comments, start, end)
        });
        self.last = Some((line, found));
        found
    }
}

/// Whether `start..end` holds nothing but whitespace and comments.
fn only_comments(text: &str, comments: &[Span], start: usize, end: usize) -> bool {
    let bytes = text.as_bytes();
    let mut at = start;
    while at < end.min(bytes.len()) {
        if bytes[at].is_ascii_whitespace() {
            at += 1;
            continue;
        }
        let i = comments.partition_point(|c| c.start <= at);
        match i.checked_sub(1).map(|i| comments[i]) {
            Some(c) if c.end > at => at = c.end,
            _ => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests;
