//! Bracket groups as markers: the scan of the whole text once the notes
//! blocks are known, and the labels recently cited in prose, which tell a
//! note placed after its paragraph from a paragraph that starts with a
//! bracket.

use memchr::memchr_iter;
use rustc_hash::FxHashMap;

use super::grammar::{group, is_citation_key, Refs};
use super::Line;
use crate::model::{Certainty, Definition, Label, Marker, Span};

/// What the line loop learnt about groups that are not markers.
#[derive(Default)]
pub(super) struct Hints {
    /// Where groups are not markers at all: an index's page locators, the
    /// keys of a legend (`[1]  = Whole-note`).
    pub unmarked: Vec<Span>,
    /// Where groups that open a paragraph the way a note does start, when
    /// no notes block took them: markers only if defined.
    pub doubtful: Vec<usize>,
}

/// Find every bracket group outside definition labels and page furniture.
pub(super) fn scan(text: &str, lines: &[Line], defs: &[Definition], hints: &Hints) -> Vec<Marker> {
    let mut skip: Vec<Span> = defs.iter().map(|d| d.label_span).collect();
    skip.extend(
        lines
            .iter()
            .filter(|l| l.furniture)
            .map(|l| Span::new(l.start, l.end)),
    );
    skip.extend_from_slice(&hints.unmarked);
    skip.sort_unstable();
    let own = own_rfc(text);
    let mut skip = skip.into_iter().peekable();
    let mut doubtful = hints.doubtful.iter().copied().peekable();
    let mut markers = Vec::new();
    let mut resume = 0;
    // (end of the previous group, whether it followed a word)
    let mut prev: (usize, bool) = (usize::MAX, false);
    let mut facts = LineFacts::default();
    // reST inline literals (``a[0]``) are looked for only where there are.
    let literals = memchr::memchr(b'`', text.as_bytes()).is_some()
        && memchr::memmem::find(text.as_bytes(), b"``").is_some();
    for at in memchr_iter(b'[', text.as_bytes()) {
        if at < resume {
            continue;
        }
        while skip.peek().is_some_and(|s| s.end <= at) {
            skip.next();
        }
        if let Some(s) = skip.peek() {
            if s.start <= at {
                resume = s.end;
                continue;
            }
        }
        let Some((refs, len)) = group(&text[at..]) else {
            continue;
        };
        let span = Span::new(at, at + len);
        resume = span.end;
        let after_word = if prev.0 == at {
            prev.1
        } else {
            text[..at]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_')
        };
        prev = (span.end, after_word);
        if after_word || literals {
            let line = facts.measure(text, span, literals);
            if line.in_literal(span) || after_word && line.index(text, span) {
                continue;
            }
        }
        // Values in code are numbers (`x = [1]`, `Ok([1, 2])`).
        if !after_word && !matches!(refs, Refs::Key(_)) && is_value(text, at) {
            continue;
        }
        // `sys.exc_info()[1]`: the index of a call's result, most likely.
        let indexed = at > 0 && text.as_bytes()[at - 1] == b')';
        while doubtful.peek().is_some_and(|&d| d < at) {
            doubtful.next();
        }
        let opens_paragraph = doubtful.peek() == Some(&at);
        let certainty = |sure: bool| {
            if sure && !opens_paragraph && !indexed {
                Certainty::Marker
            } else {
                Certainty::IfDefined
            }
        };
        match refs {
            Refs::One(n) => {
                let sure = !after_word && n != 0 && n < 1000;
                markers.push(Marker {
                    certainty: certainty(sure),
                    ..Marker::note(&text[at + 1..span.end - 1], span)
                });
            }
            Refs::Numbers(numbers) => {
                let sure = !after_word && numbers.iter().all(|&(n, _, _)| n != 0 && n < 1000);
                let certainty = certainty(sure);
                markers.extend(numbers.into_iter().map(|(n, start, end)| {
                    let label: Box<str> = if numbers_len_one(span, text) {
                        text[at + 1..span.end - 1].into()
                    } else {
                        n.to_string().into()
                    };
                    Marker {
                        certainty,
                        label_span: Span::new(at + start, at + end),
                        ..Marker::note(label, span)
                    }
                }));
            }
            // `[16_]`: a reST reference to footnote 16 by its name.
            Refs::Key(key)
                if key.len() > 1
                    && key.ends_with('_')
                    && key[..key.len() - 1].bytes().all(|b| b.is_ascii_digit()) =>
            {
                markers.push(Marker {
                    certainty: certainty(!after_word),
                    label_span: Span::new(at + 1, span.end - 2),
                    ..Marker::note(&key[..key.len() - 1], span)
                });
            }
            Refs::Key(key) => {
                let own_number = own.is_some_and(|n| key.strip_prefix("RFC") == Some(n));
                let sure = is_citation_key(key) && !after_word && !own_number;
                markers.push(Marker {
                    certainty: certainty(sure),
                    ..Marker::note(key, span)
                });
            }
        }
    }
    markers
}

/// The RFC number a document gives itself ("Request for Comments: 3261").
fn own_rfc(text: &str) -> Option<&str> {
    let head = &text.as_bytes()[..4096.min(text.len())];
    let at = memchr::memmem::find(head, b"Request for Comments:")? + 21;
    let rest = text[at..].trim_start_matches([' ', '\t']);
    let len = rest.bytes().take_while(u8::is_ascii_digit).count();
    (len > 0).then(|| &rest[..len])
}

/// A value in code or program output, not a citation: `x = [1]`,
/// `Ok([1])`, `print([1, 2])`.
fn is_value(text: &str, at: usize) -> bool {
    let bytes = text.as_bytes();
    if at == 0 || !matches!(bytes[at - 1], b' ' | b'\t' | b'=' | b'(') {
        return false;
    }
    let mut i = at;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    match i.checked_sub(1).map(|i| bytes[i]) {
        Some(b'=') => true,
        Some(b'(') => text[..i - 1]
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_'),
        _ => false,
    }
}

/// What is known of the line that holds the group being read, measured
/// once per line (a long line is not measured again for each group).
#[derive(Default)]
struct LineFacts {
    /// Start and end of the line measured, if any.
    bounds: Option<(usize, usize)>,
    /// Whether it ends the way code does (`{`, `}`, `/*`, or `;` on a
    /// line that reads as code).
    ends_code: bool,
    /// Whether it reads as code (see [`reads_as_code`]), once asked.
    reads_code: Option<bool>,
    /// Its reST inline literals, ``like this``, as byte ranges.
    literals: Vec<(usize, usize)>,
    /// The first of them that does not end before the last group asked
    /// about (groups are asked about in order).
    next_literal: usize,
}

impl LineFacts {
    /// Measure the line that holds `span` (unless it is the one measured
    /// last); `literals`: whether the text has any ``…`` at all.
    fn measure(&mut self, text: &str, span: Span, literals: bool) -> &mut Self {
        if self
            .bounds
            .is_some_and(|(start, end)| start <= span.start && span.end <= end)
        {
            return self;
        }
        let bytes = text.as_bytes();
        let end = memchr::memchr(b'\n', &bytes[span.end..]).map_or(text.len(), |n| span.end + n);
        let start = memchr::memrchr(b'\n', &bytes[..span.start]).map_or(0, |n| n + 1);
        let line = text[start..end].trim_end();
        self.bounds = Some((start, end));
        self.reads_code = None;
        self.ends_code = line.ends_with(['{', '}']) || line.contains("/*");
        if !self.ends_code && line.ends_with(';') {
            self.ends_code = self.reads_code(text);
        }
        self.literals.clear();
        self.next_literal = 0;
        if literals {
            // An opening ``` `` ``` is followed by text, a closing one
            // follows text (reST's rule): a literal closed on this line
            // but opened on the one before does not pair with the next.
            let bytes = line.as_bytes();
            let mut open = None;
            for n in memchr::memmem::find_iter(bytes, b"``") {
                let before = n.checked_sub(1).map(|b| bytes[b]);
                let after = bytes.get(n + 2).copied();
                match open {
                    None if after.is_some_and(|b| !b.is_ascii_whitespace() && b != b'`') => {
                        open = Some(n);
                    }
                    Some(o) if before.is_some_and(|b| !b.is_ascii_whitespace()) && n > o + 2 => {
                        self.literals.push((start + o, start + n));
                        open = None;
                    }
                    _ => {}
                }
            }
        }
        self
    }

    /// Whether a group lies inside an inline literal: ``b = a[0]``.
    fn in_literal(&mut self, span: Span) -> bool {
        while self
            .literals
            .get(self.next_literal)
            .is_some_and(|&(_, close)| close < span.end)
        {
            self.next_literal += 1;
        }
        self.literals
            .get(self.next_literal)
            .is_some_and(|&(open, close)| open < span.start && span.end <= close)
    }

    /// Whether the line measured reads as code (worked out once).
    fn reads_code(&mut self, text: &str) -> bool {
        let (start, end) = self.bounds.unwrap_or_default();
        *self
            .reads_code
            .get_or_insert_with(|| reads_as_code(text[start..end].trim_end()))
    }

    /// `byte node[6];`, `x[2] = 0`, `a[1][2]`: an index (of a group that
    /// follows a word), not a citation. `the harbour[1]; the town` is
    /// prose: a `;` ends code only at the end of a line that reads as
    /// code.
    fn index(&mut self, text: &str, span: Span) -> bool {
        let after = text[span.end..].trim_start_matches([' ', '\t']);
        if after.starts_with(['=', '[']) {
            return true;
        }
        if let Some(rest) = after.strip_prefix(';') {
            let rest = rest.trim_start_matches([' ', '\t', '\r']);
            let line_ends = rest.is_empty() || rest.starts_with('\n') || rest.starts_with("/*");
            return line_ends && self.reads_code(text);
        }
        self.ends_code
    }
}

/// A line of code rather than prose: few words, or the punctuation of
/// code (`uint8 random_bytes[28];`, `char hostname[257];`).
fn reads_as_code(line: &str) -> bool {
    line.split_whitespace().count() <= 5 || line.contains(['_', '=', '(', '{', '*', '&'])
}

/// `[4]` is labelled as written; expanded groups get canonical numbers.
fn numbers_len_one(span: Span, text: &str) -> bool {
    text[span.start + 1..span.end - 1]
        .bytes()
        .all(|b| b.is_ascii_digit())
}

/// Everything but page furniture is prose.
pub(super) fn prose_spans(text: &str, lines: &[Line]) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for l in lines.iter().filter(|l| l.furniture) {
        if l.start > start {
            out.push(Span::new(start, l.start));
        }
        start = l.end;
    }
    if start < text.len() || out.is_empty() {
        out.push(Span::new(start, text.len()));
    }
    out
}

/// Labels cited in prose since the last notes block closed, each with
/// where it was last cited; read lazily, only when a line that may be a
/// note asks (most text never does).
#[derive(Default)]
pub(super) struct Seen {
    labels: FxHashMap<Label, usize>,
    /// The prose before this offset has been read.
    read: usize,
    /// Where a notes block opened: the prose ends there, until a reset.
    end: Option<usize>,
}

impl Seen {
    /// Forget everything before `at` (a block closed, a chapter began).
    pub fn reset(&mut self, at: usize) {
        if self.labels.capacity() > 256 {
            self.labels = FxHashMap::default();
        } else {
            self.labels.clear();
        }
        self.read = at;
        self.end = None;
    }

    /// A notes block opens at `at`: the prose ends there (it is read
    /// only if asked about).
    pub fn freeze(&mut self, at: usize) {
        self.end.get_or_insert(at);
    }

    /// Read the groups of the prose up to `upto` (or the block's start).
    fn catch_up(&mut self, text: &str, upto: usize) {
        let upto = self.end.map_or(upto, |end| end.min(upto));
        if upto <= self.read {
            return;
        }
        let from = self.read;
        self.read = upto;
        for at in memchr_iter(b'[', &text.as_bytes()[from..upto]) {
            let at = from + at;
            let Some((refs, len)) = group(&text[at..upto]) else {
                continue;
            };
            match refs {
                Refs::One(_) => {
                    self.labels
                        .insert(Label::from(&text[at + 1..at + len - 1]), at);
                }
                Refs::Numbers(numbers) => {
                    for (n, _, _) in numbers {
                        self.labels.insert(Label::from(n.to_string()), at);
                    }
                }
                Refs::Key(key) if key.len() == 1 => {
                    self.labels.insert(Label::from(key), at);
                }
                Refs::Key(_) => {}
            }
        }
    }

    /// Whether `label` was cited in the prose between `from` (the start
    /// of the paragraph before a note placed after it) and `at`.
    pub fn cited(&mut self, text: &str, label: &str, from: usize, at: usize) -> bool {
        self.catch_up(text, at);
        self.labels.get(label).is_some_and(|&cited| cited >= from)
    }

    /// Whether `label` was cited since the last block closed.
    pub fn known(&mut self, text: &str, label: &str, at: usize) -> bool {
        self.catch_up(text, at);
        self.labels.contains_key(label)
    }
}
