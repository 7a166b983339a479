//! The inline layer: one paragraph (or title) at a time, left to right,
//! the way Asciidoctor's substitutions see it. Passthroughs come out first
//! (`+++…+++`, `++…++`, `+…+`, `$$…$$`, `pass:[…]`, and `stem:[…]` and its
//! kin, whose content is math): nothing inside them is markup. Then
//! anchors (`[[id]]`, `[[[id]]]`, `anchor:id[]`), cross-references
//! (`<<id>>`, `<<id,text>>`, `xref:id[]`, `xref:file.adoc#id[]`) and
//! footnotes (`footnote:[…]`, `footnote:id[…]`, `footnoteref:[id,…]`). A
//! backslash before any of them makes it text.
//!
//! Every construct ends at the first closer after it; the next closer of
//! each kind is looked up at most once per place in the paragraph
//! ([`Closers`]), so a line of ten million openers that never close is
//! still read in linear time.

use memchr::memmem;

use super::{is_id, Found};
use crate::model::Span;

/// The next place of a closing string at or after a position, cached:
/// positions only grow, so each closer is searched for once per place.
struct Closer {
    finder: memmem::Finder<'static>,
    /// The last answer: the place found (or `None`: none from `from` on).
    cached: Option<(usize, Option<usize>)>,
}

impl Closer {
    fn new(needle: &'static str) -> Self {
        Self {
            finder: memmem::Finder::new(needle.as_bytes()),
            cached: None,
        }
    }

    /// The first place of the closer at or after `from` in `text`.
    fn next(&mut self, text: &[u8], from: usize) -> Option<usize> {
        if let Some((searched, found)) = self.cached {
            match found {
                Some(at) if at >= from && searched <= from => return Some(at),
                None if searched <= from => return None,
                _ => {}
            }
        }
        let found = text
            .get(from..)
            .and_then(|rest| self.finder.find(rest))
            .map(|at| from + at);
        self.cached = Some((from, found));
        found
    }
}

/// The closers a paragraph's constructs end at.
struct Closers {
    /// `>>` (a cross-reference).
    angle: Closer,
    /// `]]` (an anchor).
    anchor: Closer,
    /// `+++`, `++`, `$$` (passthroughs).
    plus3: Closer,
    plus2: Closer,
    dollar: Closer,
    /// A `+` that closes `+text+`.
    plus1: Next,
}

impl Closers {
    fn new() -> Self {
        Self {
            angle: Closer::new(">>"),
            anchor: Closer::new("]]"),
            plus3: Closer::new("+++"),
            plus2: Closer::new("++"),
            dollar: Closer::new("$$"),
            plus1: Next::default(),
        }
    }
}

/// The `]` that ends a macro's brackets opened just before `from`: the
/// first one not escaped with a backslash (Asciidoctor's `*?[^\\]\]`).
/// `unescaped` caches the last answer, as [`Closer`] does.
fn bracket_end(
    text: &[u8],
    from: usize,
    cache: &mut Option<(usize, Option<usize>)>,
) -> Option<usize> {
    if let Some((searched, found)) = *cache {
        match found {
            Some(at) if at >= from && searched <= from => return Some(at),
            None if searched <= from => return None,
            _ => {}
        }
    }
    let mut at = from;
    let found = loop {
        match memchr::memchr(b']', text.get(at..).unwrap_or_default()) {
            Some(i) => {
                let end = at + i;
                if end > from && text[end - 1] == b'\\' {
                    at = end + 1;
                    continue;
                }
                break Some(end);
            }
            None => break None,
        }
    };
    *cache = Some((from, found));
    found
}

/// What a paragraph is, for what its anchors mean.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Context {
    /// A list item of a bibliography: a leading `[[[id]]]` is an entry.
    pub bibliography: bool,
}

/// The next place at or after a position where something of one class
/// starts, cached as [`Closer`] caches.
#[derive(Default)]
struct Next {
    cached: Option<(usize, Option<usize>)>,
}

impl Next {
    fn at(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        if let Some((searched, found)) = self.cached {
            match found {
                Some(at) if at >= from && searched <= from => return Some(at),
                None if searched <= from => return None,
                _ => {}
            }
        }
        let found = search(from);
        self.cached = Some((from, found));
        found
    }
}

/// Read the inline markup of `span` (a paragraph, a title, a cell).
pub(super) fn read(text: &str, span: Span, found: &mut Found, cx: Context) {
    let bytes = &text.as_bytes()[..span.end.min(text.len())];
    let end = bytes.len();
    let mut closers = Closers::new();
    let mut bracket: Option<(usize, Option<usize>)> = None;
    let (mut symbol, mut dollar, mut named) = (Next::default(), Next::default(), Next::default());
    let mut i = span.start;
    if cx.bibliography {
        i = bibliography_entry(text, span, found).unwrap_or(i);
    }
    while i < end {
        let candidates = [
            symbol.at(i, |from| {
                memchr::memchr3(b'[', b'<', b'+', &bytes[from..]).map(|n| from + n)
            }),
            dollar.at(i, |from| {
                memchr::memchr(b'$', &bytes[from..]).map(|n| from + n)
            }),
            named.at(i, |from| next_macro(bytes, from)),
        ];
        let Some(step) = candidates.into_iter().flatten().min() else {
            break;
        };
        i = step;
        let escaped = i > span.start && bytes[i - 1] == b'\\';
        let next = match bytes[i] {
            b'+' => passthrough(bytes, i, &mut closers),
            b'$' if bytes.get(i + 1) == Some(&b'$') => {
                closers.dollar.next(bytes, i + 2).map(|close| close + 2)
            }
            b'[' if bytes.get(i + 1) == Some(&b'[') => {
                anchor(text, i, end, &mut closers, found, escaped)
            }
            b'<' if bytes.get(i + 1) == Some(&b'<') => {
                xref(text, i, end, &mut closers, found, escaped)
            }
            b'a'..=b'z' => named_macro(text, i, end, &mut bracket, found, escaped),
            _ => None,
        };
        i = next.unwrap_or(i + 1).max(i + 1);
    }
}

/// The next place at or after `from` where a named macro may start
/// (`footnote:`, `xref:`, `anchor:`, `pass:`, `stem:`, `latexmath:`,
/// `asciimath:`): the next `:` preceded by one of their names.
fn next_macro(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(n) = memchr::memchr(b':', &bytes[at..]) {
        let colon = at + n;
        for name in MACROS {
            if let Some(start) = colon.checked_sub(name.len()) {
                if start >= from && &bytes[start..colon] == name.as_bytes() {
                    return Some(start);
                }
            }
        }
        at = colon + 1;
    }
    None
}

/// The inline macros read here, by name.
const MACROS: &[&str] = &[
    "footnote",
    "footnoteref",
    "xref",
    "anchor",
    "pass",
    "stem",
    "latexmath",
    "asciimath",
];

/// A passthrough starting with `+` at `i`: where reading goes on.
fn passthrough(bytes: &[u8], i: usize, closers: &mut Closers) -> Option<usize> {
    if bytes[i..].starts_with(b"+++") {
        return closers.plus3.next(bytes, i + 3).map(|c| c + 3);
    }
    if bytes[i..].starts_with(b"++") {
        return closers.plus2.next(bytes, i + 2).map(|c| c + 2);
    }
    // `+text+`, constrained: not after a word character, not around
    // space, and not followed by one.
    let before = i.checked_sub(1).map(|p| bytes[p]);
    if before.is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b';' | b':' | b'+')) {
        return None;
    }
    let first = *bytes.get(i + 1)?;
    if first.is_ascii_whitespace() || first == b'+' {
        return None;
    }
    // The first `+` after the text that can close it (Asciidoctor's
    // non-greedy `\S.*?\S\+(?!\w)`).
    closers
        .plus1
        .at(i + 2, |from| constrained_close(bytes, from))
        .map(|close| close + 1)
}

/// The first `+` at or after `from` that can close a constrained
/// passthrough: after a character that is not a space, before one that is
/// not a word character.
fn constrained_close(bytes: &[u8], from: usize) -> Option<usize> {
    let mut at = from;
    while let Some(n) = memchr::memchr(b'+', bytes.get(at..)?) {
        let close = at + n;
        let inner_ok = close > 0 && !bytes[close - 1].is_ascii_whitespace();
        let after_ok = bytes
            .get(close + 1)
            .is_none_or(|&b| !(b.is_ascii_alphanumeric() || b == b'_'));
        if inner_ok && after_ok {
            return Some(close);
        }
        at = close + 1;
    }
    None
}

/// `[[id]]`, `[[id, reftext]]` or `[[[id]]]` at `i`.
fn anchor(
    text: &str,
    i: usize,
    end: usize,
    closers: &mut Closers,
    found: &mut Found,
    escaped: bool,
) -> Option<usize> {
    let bytes = &text.as_bytes()[..end];
    let triple = bytes.get(i + 2) == Some(&b'[');
    let open = if triple { i + 3 } else { i + 2 };
    let close = closers.anchor.next(bytes, open)?;
    let inner = &text[open..close];
    let (id, reftext) = match inner.split_once(',') {
        Some((id, rest)) => (id, Some(rest.trim())),
        None => (inner, None),
    };
    if !is_id(id) {
        return None;
    }
    let after = if triple && bytes.get(close + 2) == Some(&b']') {
        close + 3
    } else {
        close + 2
    };
    if !escaped {
        found.anchor(id, Span::new(open, open + id.len()), reftext);
    }
    Some(after)
}

/// A leading `[[[id]]]` or `[[[id, reftext]]]` of a bibliography list
/// item: an entry. Returns where reading goes on.
fn bibliography_entry(text: &str, span: Span, found: &mut Found) -> Option<usize> {
    let line = &text[span.start..span.end];
    let indent = line.len() - line.trim_start().len();
    let item = line.trim_start();
    let marker = item.find(|c: char| c != '*' && c != '-' && c != '.')?;
    let rest = item[marker..].strip_prefix(' ')?.trim_start();
    let open = span.start + indent + (item.len() - rest.len());
    let inner = rest.strip_prefix("[[[")?;
    let close = inner.find("]]]")?;
    let (id, _) = inner[..close]
        .split_once(',')
        .unwrap_or((&inner[..close], ""));
    if !is_id(id) {
        return None;
    }
    found.bibliography_entry(id, Span::new(open + 3, open + 3 + id.len()));
    Some(open + 3 + close + 3)
}

/// `<<id>>`, `<<id,text>>`, `<<file.adoc#id>>` at `i`.
fn xref(
    text: &str,
    i: usize,
    end: usize,
    closers: &mut Closers,
    found: &mut Found,
    escaped: bool,
) -> Option<usize> {
    let bytes = &text.as_bytes()[..end];
    let open = i + 2;
    let first = *bytes.get(open)?;
    if !(first.is_ascii_alphanumeric()
        || matches!(first, b'_' | b'#' | b'/' | b'.' | b':' | b'{')
        || first >= 0x80)
    {
        return None;
    }
    let close = closers.angle.next(bytes, open)?;
    let inner = &text[open..close];
    let target = inner.split_once(',').map_or(inner, |(t, _)| t);
    if !escaped {
        found.xref(
            target,
            Span::new(open, open + target.len()),
            Span::new(i, close + 2),
        );
    }
    Some(close + 2)
}

/// A named inline macro at `i` (`footnote:`, `xref:`, `anchor:`, `pass:`,
/// `stem:`, …): where reading goes on.
fn named_macro(
    text: &str,
    i: usize,
    end: usize,
    bracket: &mut Option<(usize, Option<usize>)>,
    found: &mut Found,
    escaped: bool,
) -> Option<usize> {
    let bytes = &text.as_bytes()[..end];
    let colon = i + memchr::memchr(b':', &bytes[i..])?;
    let name = &text[i..colon];
    if !MACROS.contains(&name) {
        return None;
    }
    // Not the tail of a longer word (`myfootnote:`), except for
    // footnotes, which follow punctuation or a word directly.
    let word_before = i > 0 && {
        let b = bytes[i - 1];
        b.is_ascii_alphanumeric() || b == b'_'
    };
    if word_before && !name.starts_with("footnote") {
        return None;
    }
    let rest = &bytes[colon + 1..];
    // The target: up to `[`, no space.
    let target_len = rest
        .iter()
        .position(|&b| b == b'[' || b.is_ascii_whitespace())?;
    if rest.get(target_len) != Some(&b'[') {
        return None;
    }
    let target = &text[colon + 1..colon + 1 + target_len];
    let open = colon + 1 + target_len + 1;
    let close = if bytes.get(open) == Some(&b']') {
        open
    } else {
        bracket_end(bytes, open, bracket)?
    };
    let after = close + 1;
    if escaped {
        return Some(after);
    }
    let whole = Span::new(i, after);
    let content = Span::new(open, close);
    match name {
        "footnote" => {
            if !target.is_empty() && !is_footnote_id(target) {
                return None;
            }
            found.footnote(
                target,
                Span::new(colon + 1, colon + 1 + target.len()),
                content,
                whole,
                text,
            );
        }
        "footnoteref" => {
            if !target.is_empty() {
                return None;
            }
            let inner = &text[open..close];
            let (id, rest) = inner.split_once(',').unwrap_or((inner, ""));
            let id_span = Span::new(open, open + id.len());
            let body = if rest.is_empty() {
                Span::new(close, close)
            } else {
                Span::new(open + id.len() + 1, close)
            };
            found.footnote(id.trim(), id_span, body, whole, text);
        }
        "xref" => {
            if target.is_empty() {
                return None;
            }
            found.xref(target, Span::new(colon + 1, colon + 1 + target_len), whole);
        }
        "anchor" => {
            if !is_id(target) {
                return None;
            }
            let reftext = (close > open).then(|| text[open..close].trim());
            found.anchor(
                target,
                Span::new(colon + 1, colon + 1 + target_len),
                reftext,
            );
        }
        // `pass:`, `stem:` and the math macros: nothing inside is markup.
        _ => {}
    }
    Some(after)
}

/// A footnote id: word characters and `-`.
fn is_footnote_id(id: &str) -> bool {
    id.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-' || b >= 0x80)
}
