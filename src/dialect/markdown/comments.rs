//! Comments, where suppression directives are written: HTML comments,
//! `<!-- … -->`, and link definitions that point nowhere, `[//]: # (…)`.
//!
//! pulldown-cmark gives an inline comment as one `InlineHtml` event, and
//! an HTML block (which may hold several comments among other HTML, and
//! comments over several lines) as one range; code never yields either.
//! As in CommonMark, `<!-->` and `<!--->` are (empty) comments, and a
//! comment not closed within its block is none.

use std::ops::Range;

use memchr::memmem;

use crate::model::{Comment, Definition, RefKind, Span};

/// Every comment in the HTML block at `range`.
pub(super) fn in_block(text: &str, range: &Range<usize>, out: &mut Vec<Comment>) {
    let Some(block) = text.get(range.clone()) else {
        return;
    };
    let bytes = block.as_bytes();
    let mut at = 0;
    while let Some(i) = memmem::find(&bytes[at..], b"<!--") {
        let start = at + i;
        // From `start + 2`, so that `<!-->` and `<!--->` close themselves.
        let Some(j) = memmem::find(&bytes[start + 2..], b"-->") else {
            return;
        };
        at = start + 2 + j + 3;
        out.push(comment(range.start + start, range.start + at));
    }
}

/// The inline HTML at `range`, when it is a comment.
pub(super) fn inline(text: &str, range: &Range<usize>, out: &mut Vec<Comment>) {
    let is_comment = text
        .get(range.clone())
        .is_some_and(|s| s.len() >= 5 && s.starts_with("<!--") && s.ends_with("-->"));
    if is_comment {
        out.push(comment(range.start, range.end));
    }
}

/// The comment `<!-- … -->` from `start` to `end`, its body between the
/// delimiters (empty for `<!-->` and `<!--->`).
fn comment(start: usize, end: usize) -> Comment {
    let body_start = (start + 4).min(end);
    let body_end = end.saturating_sub(3).max(body_start);
    Comment {
        span: Span::new(start, end),
        body: Span::new(body_start, body_end),
    }
}

/// Link reference definitions that point nowhere, `[//]: # (…)`,
/// `[//]: <> (…)`, `[comment]: # "…"`: Markdown's comment idiom, which
/// no renderer shows. Each is also a comment (the whole definition, its
/// body the title), so a directive can be written there and the link
/// rules leave it alone; it stays a definition, as renderers keep it.
///
/// # Grammar
/// `link-comment = "[" link-label "]:" WSP* ( "#" / "<>" / "<#>" ) [ title ]`
pub(super) fn link_definitions(text: &str, definitions: &[Definition], out: &mut Vec<Comment>) {
    for def in definitions.iter().filter(|d| d.kind == RefKind::Link) {
        let body = &text.as_bytes()[def.body.start..def.body.end];
        // Bytes: the destination is one of three, then a space or the end.
        let Some(len) = [&b"#"[..], b"<>", b"<#>"].iter().find_map(|d| {
            body.starts_with(d)
                .then_some(d.len())
                .filter(|&n| body.get(n).is_none_or(u8::is_ascii_whitespace))
        }) else {
            continue;
        };
        let title = &text[def.body.start + len..def.body.end];
        let title = title.trim();
        let inner = title
            .get(1..title.len().saturating_sub(1))
            .filter(|_| title.len() >= 2);
        let body_end = def.body.end;
        let body = match inner {
            Some(inner) => {
                let start = body_end - title.len() + 1;
                Span::new(start, start + inner.len())
            }
            None => Span::new(body_end, body_end),
        };
        out.push(Comment {
            span: Span::new(def.label_span.start, body_end),
            body,
        });
    }
}
