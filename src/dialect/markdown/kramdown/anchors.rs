//! The anchors a draft defines itself, which a `{{…}}` names as a
//! cross-reference: `{#id}`, `{: #id}` and `{: id="id"}` attribute lists
//! (kramdown-rfc makes an element's id its anchor), `anchor="id"` (in attribute lists
//! and raw XML), and the ids kramdown gives headings without one.
//!
//! Read from the raw text after the front matter: more anchors than the
//! draft has only spare a reference from `unknown-citation`, never report
//! one.

use memchr::{memchr, memchr_iter, memmem};
use rustc_hash::FxHashSet;

/// Longest attribute list or attribute value read, in bytes (a bound, so
/// that text full of `{#` or `anchor="` with nothing closing them is read
/// in linear time).
const MAX_ATTRIBUTES: usize = 1024;

/// Every anchor the text from `body` on defines.
pub(super) fn anchors(text: &str, body: usize) -> FxHashSet<String> {
    let mut out = FxHashSet::default();
    let rest = &text[body..];
    attribute_lists(rest, &mut out);
    anchor_attributes(rest, &mut out);
    headings(rest, &mut out);
    out
}

/// `{#id}`, and `#id` and `id="id"` in `{: …}` (`anchor="id"` is read
/// with every other).
fn attribute_lists(text: &str, out: &mut FxHashSet<String>) {
    let bytes = text.as_bytes();
    for open in memchr_iter(b'{', bytes) {
        let inner = match bytes.get(open + 1) {
            Some(b'#') => open + 1,
            Some(b':') if bytes.get(open + 2) != Some(&b':') => open + 2,
            _ => continue,
        };
        let window = &bytes[inner..bytes.len().min(inner + MAX_ATTRIBUTES)];
        let Some(close) = memchr(b'}', window).map(|c| inner + c) else {
            continue;
        };
        for token in text[inner..close].split_whitespace() {
            let id = token.strip_prefix('#').or_else(|| {
                let value = token.strip_prefix("id=")?;
                let quote = value.chars().next().filter(|q| matches!(q, '"' | '\''))?;
                value[1..].strip_suffix(quote)
            });
            if let Some(id) = id.filter(|id| !id.is_empty()) {
                out.insert(id.to_owned());
            }
        }
    }
}

/// `anchor="id"` and `anchor='id'` anywhere.
fn anchor_attributes(text: &str, out: &mut FxHashSet<String>) {
    let bytes = text.as_bytes();
    for at in memmem::find_iter(bytes, b"anchor=") {
        let value = at + b"anchor=".len();
        let Some(&quote) = bytes.get(value).filter(|q| matches!(q, b'"' | b'\'')) else {
            continue;
        };
        let window = &bytes[value + 1..bytes.len().min(value + 1 + MAX_ATTRIBUTES)];
        if let Some(end) = memchr(quote, window) {
            let id = &text[value + 1..value + 1 + end];
            if !id.is_empty() && !id.contains('\n') {
                out.insert(id.to_owned());
            }
        }
    }
}

/// The ids kramdown generates for headings that have none (ATX and
/// setext, outside fenced code), numbered as kramdown numbers repeats.
fn headings(text: &str, out: &mut FxHashSet<String>) {
    let bytes = text.as_bytes();
    let mut used: rustc_hash::FxHashMap<String, usize> = rustc_hash::FxHashMap::default();
    let mut fence: Option<(u8, usize)> = None;
    // The last line, if it held text.
    let mut prev: Option<(usize, usize)> = None;
    let ends = memchr_iter(b'\n', bytes).chain((!bytes.ends_with(b"\n")).then_some(bytes.len()));
    let mut start = 0;
    for end in ends {
        let this = (start, end);
        let line = &bytes[start..end];
        start = end + 1;
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = line[indent..].trim_ascii_end();
        let Some(&first) = rest.first() else {
            prev = None;
            continue;
        };
        if indent > 3 || !matches!(first, b'#' | b'`' | b'~' | b'=' | b'-') {
            prev = Some(this);
            continue;
        }
        let run = rest.iter().take_while(|&&b| b == first).count();
        if matches!(first, b'`' | b'~') && run >= 3 {
            match fence {
                None => fence = Some((first, run)),
                Some((c, n)) if c == first && run >= n && run == rest.len() => fence = None,
                Some(_) => {}
            }
            prev = None;
            continue;
        }
        if fence.is_some() {
            continue;
        }
        let heading = match first {
            b'#' if run <= 6 => Some(&text[this.0 + indent + run..end]),
            b'=' | b'-' if run == rest.len() => prev.map(|(s, e)| &text[s..e]),
            _ => None,
        };
        prev = Some(this);
        let Some(raw) = heading else {
            continue;
        };
        if has_id(raw) {
            continue;
        }
        let id = generate_id(raw.trim().trim_end_matches('#'));
        let n = used.entry(id.clone()).or_insert(0);
        let id = if *n == 0 { id } else { format!("{id}-{n}") };
        *n += 1;
        out.insert(id);
    }
}

/// Whether a heading's text ends in an id of its own (`{#id}`).
fn has_id(raw: &str) -> bool {
    let raw = raw.trim_end();
    raw.ends_with('}') && raw.rfind("{#").is_some()
}

/// kramdown's id for a heading's text, as kramdown-rfc tidies it: leading
/// non-letters dropped, everything but ASCII letters, digits, spaces and
/// `-` dropped, lower case, runs of spaces and `-` one `-`; `section` when
/// nothing is left.
pub(super) fn generate_id(raw: &str) -> String {
    let from = raw
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(raw.len());
    let mut id = String::with_capacity(raw.len() - from);
    for c in raw[from..].chars() {
        if c.is_ascii_alphanumeric() {
            id.push(c.to_ascii_lowercase());
        } else if (c == ' ' || c == '-') && !id.ends_with('-') {
            id.push('-');
        }
    }
    if id.is_empty() {
        id.push_str("section");
    }
    id
}
