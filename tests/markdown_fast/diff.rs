//! Running both Markdown parsers on one text and explaining how their
//! `Document`s differ: one line per item (with the source text of its
//! spans), items only in one side listed under their field.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::panic::UnwindSafe;
use std::sync::Once;

use ibid::internals::dialect::markdown;
use ibid::internals::model::{Document, Span};

/// Inputs up to this size are printed whole in a failure message; longer
/// ones as the lines around the first difference.
const WHOLE_INPUT: usize = 3000;
/// Items listed per side and field.
const SHOWN: usize = 12;

/// How many documents, and bytes, the fast parser took, and why it left
/// the others to pulldown-cmark.
#[derive(Clone, Debug, Default)]
pub struct Coverage {
    pub docs: usize,
    pub taken: usize,
    pub bytes: usize,
    pub taken_bytes: usize,
    pub declined: BTreeMap<&'static str, usize>,
}

impl fmt::Display for Coverage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "fast path took {}/{} documents ({} bytes of {})",
            self.taken, self.docs, self.taken_bytes, self.bytes
        )?;
        let mut declined: Vec<_> = self.declined.iter().collect();
        declined.sort_by_key(|&(why, n)| (std::cmp::Reverse(*n), *why));
        for (why, n) in declined {
            write!(f, "; declined {n} for {why}")?;
        }
        Ok(())
    }
}

/// Run `parse_fast` on `text` and, when it takes it, compare with
/// `parse_with_pulldown`: `Ok(taken)`, or a message naming the input,
/// showing it and the difference (a panic of the fast parser too).
pub fn check(name: &str, text: &str) -> Result<bool, String> {
    let fast = match quietly(|| markdown::parse_fast(text)) {
        Ok(None) => return Ok(false),
        Ok(Some(doc)) => doc,
        Err(panic) => {
            let input = input(text, None);
            return Err(format!("parse_fast on {name} {panic}\n{input}"));
        }
    };
    let slow = markdown::parse_with_pulldown(text);
    if fast == slow {
        return Ok(true);
    }
    Err(report(name, text, &fast, &slow))
}

/// The failure message for two different documents of `text`.
pub fn report(name: &str, text: &str, fast: &Document, slow: &Document) -> String {
    let d = Diff::new(text, fast, slow);
    format!(
        "parse_fast disagrees with parse_with_pulldown on {name}\n{}\n{}",
        input(text, d.at),
        d.out
    )
}

thread_local! {
    /// Whether a panic on this thread is being caught by [`quietly`].
    static QUIET: Cell<bool> = const { Cell::new(false) };
    /// What the last such panic said, and where.
    static PANIC: Cell<Option<String>> = const { Cell::new(None) };
}

/// Run `f`, turning a panic into its message and location, without the
/// default hook's report (and backtrace) for every document that panics;
/// panics elsewhere, on other test threads too, are reported as usual.
fn quietly<T>(f: impl FnOnce() -> T + UnwindSafe) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if QUIET.get() {
                PANIC.set(Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
    QUIET.set(true);
    let result = std::panic::catch_unwind(f);
    QUIET.set(false);
    result.map_err(|_| PANIC.take().unwrap_or_else(|| "panicked".into()))
}

/// Check every named text; the coverage, and one message per failure.
pub fn check_all<'a>(
    texts: impl IntoIterator<Item = (String, &'a str)>,
) -> (Coverage, Vec<String>) {
    let mut coverage = Coverage::default();
    let mut failures = Vec::new();
    for (name, text) in texts {
        coverage.docs += 1;
        coverage.bytes += text.len();
        match check(&name, text) {
            Ok(true) => {
                coverage.taken += 1;
                coverage.taken_bytes += text.len();
            }
            Ok(false) => {
                let why = markdown::fast_bail_reason(text).unwrap_or("no reason given");
                *coverage.declined.entry(why).or_default() += 1;
            }
            Err(message) => failures.push(message),
        }
    }
    (coverage, failures)
}

/// Panic with the first few failures in full and a count of the rest.
pub fn assert_none(failures: &[String]) {
    if failures.is_empty() {
        return;
    }
    let shown = failures.len().min(3);
    panic!(
        "{} of the documents disagree; the first {shown}:\n\n{}",
        failures.len(),
        failures[..shown].join("\n\n")
    );
}

/// What differs between the fast parser's document and pulldown's, one
/// line per differing item; empty when they are equal.
pub fn diff(text: &str, fast: &Document, slow: &Document) -> String {
    Diff::new(text, fast, slow).out
}

struct Diff {
    out: String,
    /// The first byte where the two sides disagree, when known.
    at: Option<usize>,
}

/// One item of a document: where it starts, and a line describing it.
type Item = (usize, String);

/// A document's fields, one line per item.
fn fields(text: &str, doc: &Document) -> [(&'static str, Vec<Item>); 6] {
    let src = |s: Span| source(text, s);
    let key = |k: Option<&str>| k.map_or(String::new(), |k| format!(" key {k:?}"));
    let spans = |spans: &[Span]| -> Vec<Item> {
        let line = |s: Span| format!("@{s} {}", src(s));
        spans.iter().map(|&s| (s.start, line(s))).collect()
    };
    let markers = doc.markers.iter().map(|m| {
        let (kind, certainty, label, key) = (m.kind, m.certainty, &m.label, key(m.key.as_deref()));
        let line = format!(
            "{kind:?} {certainty:?} {label:?}{key} @{} {}",
            m.span,
            src(m.span)
        );
        (m.span.start, line)
    });
    let definitions = doc.definitions.iter().map(|d| {
        let (kind, label, key, at, body) = (
            d.kind,
            &d.label,
            key(d.key.as_deref()),
            d.label_span,
            d.body,
        );
        let line = format!(
            "{kind:?} {label:?}{key} @{at} {} body @{body} {}",
            src(at),
            src(body)
        );
        (at.start, line)
    });
    let blocks = doc.blocks.iter().map(|b| {
        let heading = b
            .heading
            .map_or("none".into(), |h| format!("@{h} {}", src(h)));
        let line = format!("{:?} @{} {} heading {heading}", b.kind, b.span, src(b.span));
        (b.span.start, line)
    });
    let bibliographies = doc.bibliographies().map(|b| {
        let line = format!("{:?} @{} {}", b.path, b.span, src(b.span));
        (b.span.start, line)
    });
    [
        ("markers", markers.collect()),
        ("definitions", definitions.collect()),
        ("blocks", blocks.collect()),
        ("prose", spans(&doc.prose)),
        (
            "comments",
            spans(&doc.comments.iter().map(|c| c.span).collect::<Vec<_>>()),
        ),
        ("bibliographies", bibliographies.collect()),
    ]
}

impl Diff {
    fn new(text: &str, fast: &Document, slow: &Document) -> Diff {
        let mut d = Diff {
            out: String::new(),
            at: None,
        };
        for ((name, f), (_, s)) in fields(text, fast).into_iter().zip(fields(text, slow)) {
            d.field(name, &f, &s);
        }
        // Prefer the first span boundary only one side has.
        let (f, s) = (boundaries(fast), boundaries(slow));
        let first = (0..f.len().max(s.len())).find(|&i| f.get(i) != s.get(i));
        d.at = first
            .and_then(|i| f.get(i).into_iter().chain(s.get(i)).min().copied())
            .or(d.at);
        if d.out.is_empty() && fast != slow {
            // A field this diff does not know yet.
            let _ = writeln!(d.out, "fast:     {fast:?}\npulldown: {slow:?}");
        }
        d
    }

    /// List the items of one field that only one side has (or say that
    /// the order differs), after their common prefix and suffix.
    fn field(&mut self, name: &str, fast: &[Item], slow: &[Item]) {
        let same = |a: &Item, b: &Item| a.1 == b.1;
        let pre = fast
            .iter()
            .zip(slow)
            .take_while(|(a, b)| same(a, b))
            .count();
        let (f, s) = (&fast[pre..], &slow[pre..]);
        let post = f
            .iter()
            .rev()
            .zip(s.iter().rev())
            .take_while(|(a, b)| same(a, b))
            .count();
        let (f, s) = (&f[..f.len() - post], &s[..s.len() - post]);
        if f.is_empty() && s.is_empty() {
            return;
        }
        // Items in both middles (as many times) moved; the rest are one-sided.
        let mut unmatched: Vec<Option<&Item>> = f.iter().map(Some).collect();
        let mut only_slow = Vec::new();
        for item in s {
            match unmatched
                .iter_mut()
                .find(|u| u.is_some_and(|u| same(u, item)))
            {
                Some(u) => *u = None,
                None => only_slow.push(item),
            }
        }
        let only_fast: Vec<&Item> = unmatched.into_iter().flatten().collect();
        let first = f.iter().chain(s).map(|i| i.0).min();
        self.at = self.at.into_iter().chain(first).min();
        if only_fast.is_empty() && only_slow.is_empty() {
            let _ = writeln!(
                self.out,
                "{name}: the same items, in another order from #{pre}"
            );
            return;
        }
        let _ = writeln!(
            self.out,
            "{name}: {} only in pulldown, {} only in fast (the first {pre} agree)",
            only_slow.len(),
            only_fast.len()
        );
        for (side, items) in [("- pulldown", &only_slow), ("+ fast    ", &only_fast)] {
            for item in items.iter().take(SHOWN) {
                let _ = writeln!(self.out, "  {side} {}", item.1);
            }
            if items.len() > SHOWN {
                let _ = writeln!(self.out, "  {side} … and {} more", items.len() - SHOWN);
            }
        }
    }
}

/// Every span's start and end, sorted.
fn boundaries(doc: &Document) -> Vec<usize> {
    let spans = doc.markers.iter().map(|m| m.span);
    let spans = spans.chain(doc.definitions.iter().flat_map(|d| [d.label_span, d.body]));
    let spans = spans.chain(
        doc.blocks
            .iter()
            .flat_map(|b| [Some(b.span), b.heading])
            .flatten(),
    );
    let spans = spans.chain(doc.prose.iter().copied());
    let spans = spans.chain(doc.comments.iter().map(|c| c.span));
    let spans = spans.chain(doc.bibliographies().map(|b| b.span));
    let mut v: Vec<usize> = spans.flat_map(|s| [s.start, s.end]).collect();
    v.sort_unstable();
    v
}

/// The text of a span, escaped, its middle elided when long; spans out of
/// bounds or off char boundaries are named as such instead of panicking.
fn source(text: &str, span: Span) -> String {
    let Some(s) = text.get(span.start..span.end) else {
        return "<not a span of the text>".into();
    };
    let chars = s.chars().count();
    if chars <= 70 {
        return format!("{s:?}");
    }
    let head: String = s.chars().take(32).collect();
    let tail: String = s.chars().skip(chars - 32).collect();
    format!("{head:?}…{tail:?}")
}

/// The input, escaped: whole when short, else the lines around byte `at`.
fn input(text: &str, at: Option<usize>) -> String {
    if text.len() <= WHOLE_INPUT {
        return format!("input ({} bytes): {text:?}", text.len());
    }
    let at = at.unwrap_or(0).min(text.len());
    let mut start = text[..at]
        .rmatch_indices('\n')
        .nth(3)
        .map_or(0, |(i, _)| i + 1);
    let mut end = text[at..]
        .match_indices('\n')
        .nth(3)
        .map_or(text.len(), |(i, _)| at + i + 1);
    // Long lines: keep the excerpt short (and on char boundaries).
    start = start.max(at.saturating_sub(600));
    end = end.min(at + 600);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    format!(
        "input ({} bytes), bytes {start}..{end} around byte {at}: {:?}",
        text.len(),
        &text[start..end]
    )
}
