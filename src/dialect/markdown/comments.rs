//! HTML comments, `<!-- … -->`, where suppression directives are written.
//!
//! pulldown-cmark gives an inline comment as one `InlineHtml` event, and
//! an HTML block (which may hold several comments among other HTML, and
//! comments over several lines) as one range; code never yields either.
//! As in CommonMark, `<!-->` and `<!--->` are (empty) comments, and a
//! comment not closed within its block is none.

use std::ops::Range;

use memchr::memmem;

use crate::model::{Comment, Span};

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
