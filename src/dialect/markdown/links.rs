//! Reference links and link reference definitions.
//!
//! Links and images come from pulldown-cmark's events; their labels are
//! read back from the source as written. pulldown-cmark keeps only the
//! first definition of each label, so every definition is found in the
//! gaps between its events (where nothing else is): the first of a label
//! takes pulldown-cmark's extent, the duplicates it dropped are parsed with
//! the `link-def` production.

use std::ops::Range;

use memchr::{memchr, memrchr2};
use pulldown_cmark::{LinkType, RefDefs};

use super::grammar::link_definition;
use super::{close_bracket, escaped, normalize_label, trimmed};
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// Bytes a link label may take: 999 characters.
const MAX_LABEL_BYTES: usize = 4 * 999;

/// The marker of a link or image, if it is a reference: `[text][ref]`,
/// `[ref][]` and undefined ones of those are certain; a shortcut `[ref]`
/// counts only if defined.
pub(super) fn marker(
    text: &str,
    link_type: LinkType,
    id: &str,
    range: Range<usize>,
    image: bool,
) -> Option<Marker> {
    use LinkType::*;
    let certainty = match link_type {
        Reference | ReferenceUnknown | Collapsed | CollapsedUnknown => Certainty::Marker,
        Shortcut | ShortcutUnknown => Certainty::IfDefined,
        Inline | Autolink | Email | WikiLink { .. } => return None,
    };
    let s = &text[range.clone()];
    let label = match link_type {
        // `[text][label]`: the last bracket (a label holds no bare `[`).
        Reference | ReferenceUnknown => s.strip_suffix(']').and_then(|r| {
            let open = r.rfind('[')?;
            (!escaped(r.as_bytes(), open)).then(|| &r[open + 1..])
        }),
        _ => s
            .strip_prefix(if image { "![" } else { "[" })
            .and_then(|r| r.strip_suffix(']')),
    };
    let label = label.filter(|l| !l.is_empty()).unwrap_or(id);
    let mut end = range.end;
    // pulldown-cmark's range of `[label][]` stops before the `[]`.
    if matches!(link_type, Collapsed | CollapsedUnknown) && text[end..].starts_with("[]") {
        end += 2;
    }
    Some(Marker {
        label: label.into(),
        key: normalize_label(label),
        span: Span::new(range.start, end),
        label_span: Span::new(range.start, end),
        certainty,
        kind: RefKind::Link,
        namespace: None,
    })
}

/// Every link reference definition in the gaps, duplicates included.
pub(super) fn definitions(
    text: &str,
    gaps: &[Range<usize>],
    refdefs: &RefDefs<'_>,
    out: &mut Vec<Definition>,
) {
    let bytes = text.as_bytes();
    for gap in gaps {
        let mut at = gap.start;
        while let Some(i) = memchr(b'[', &bytes[at..gap.end]) {
            let start = at + i;
            at = start + 1;
            if !at_line_start(bytes, start) {
                continue;
            }
            let rest = &text[start..gap.end];
            let head = &rest.as_bytes()[1..rest.len().min(1 + MAX_LABEL_BYTES)];
            let Some(close) = close_bracket(head) else {
                continue;
            };
            let label = &rest[1..=close];
            let key = normalize_label(label);
            // What pulldown-cmark does not know is no definition.
            let Some(first) = refdefs.get(key.as_deref().unwrap_or(label)) else {
                continue;
            };
            let end = if first.span.start == start {
                first.span.end
            } else if let Some(def) = link_definition(rest).filter(|d| d.label == label) {
                start + def.body.1
            } else {
                continue;
            };
            let label_end = start + close + 2;
            out.push(Definition {
                label: label.into(),
                key,
                label_span: Span::new(start, label_end),
                body: trimmed(text, label_end + 1, end.max(label_end + 1)),
                kind: RefKind::Link,
                namespace: None,
                origin: crate::model::Origin::Written,
            });
            at = end.max(at);
        }
    }
}

/// Whether only container markers (indentation, `>`, list markers) come
/// before `at` on its line.
fn at_line_start(bytes: &[u8], at: usize) -> bool {
    let line = memrchr2(b'\n', b'\r', &bytes[..at]).map_or(0, |n| n + 1);
    bytes[line..at].iter().all(|b| {
        matches!(
            b,
            b' ' | b'\t' | b'>' | b'-' | b'+' | b'*' | b'.' | b')' | b'0'..=b'9'
        )
    })
}
