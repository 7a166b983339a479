//! Line-level recognisers of the block pass: what a line (after its
//! container prefixes) starts, each a small function of bytes.

use memchr::memchr;

use super::{inline, Bail, Res};

/// One line of the document.
#[derive(Clone, Copy, Debug)]
pub(super) struct Line {
    pub start: usize,
    /// End of content, before the line ending (`\n` or `\r\n`).
    pub end: usize,
    /// Start of the next line (the end of the text on the last line).
    pub next: usize,
}

/// The line starting at `at`.
pub(super) fn line_at(bytes: &[u8], at: usize) -> Line {
    match memchr(b'\n', &bytes[at..]) {
        Some(i) => {
            let nl = at + i;
            let end = if nl > at && bytes[nl - 1] == b'\r' {
                nl - 1
            } else {
                nl
            };
            Line {
                start: at,
                end,
                next: nl + 1,
            }
        }
        None => Line {
            start: at,
            end: bytes.len(),
            next: bytes.len(),
        },
    }
}

/// Spaces at `pos` (a tab there leaves the document to pulldown-cmark).
pub(super) fn count_spaces(bytes: &[u8], pos: usize, end: usize) -> Res<usize> {
    let mut n = 0;
    while pos + n < end {
        match bytes[pos + n] {
            b' ' => n += 1,
            b'\t' => return Err(Bail("a tab in indentation")),
            _ => break,
        }
    }
    Ok(n)
}

pub(super) fn is_blank_line(line: &[u8]) -> bool {
    line.iter()
        .all(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// `start..end` less trailing spaces and tabs: its new end.
pub(super) fn trim_end(bytes: &[u8], start: usize, end: usize) -> usize {
    let mut e = end;
    while e > start && matches!(bytes[e - 1], b' ' | b'\t' | b'\r' | b'\n') {
        e -= 1;
    }
    e
}

/// `---` or `+++` alone (trailing whitespace allowed).
pub(super) fn is_metadata_fence(line: &[u8], c: u8) -> bool {
    let n = line.iter().take_while(|&&b| b == c).count();
    n == 3 && line[n..].iter().all(|b| b.is_ascii_whitespace())
}

/// The line closing a metadata block: `---` or `...` (YAML), `+++`.
pub(super) fn is_metadata_close(line: &[u8], c: u8) -> bool {
    is_metadata_fence(line, c) || c == b'-' && is_metadata_fence(line, b'.')
}

/// A thematic break: three or more `*`, `-` or `_`, spaces between.
pub(super) fn is_hrule(rest: &[u8]) -> bool {
    let Some(&c) = rest.first() else {
        return false;
    };
    if !matches!(c, b'*' | b'-' | b'_') {
        return false;
    }
    let mut n = 0;
    for &b in rest {
        if b == c {
            n += 1;
        } else if b != b' ' && b != b'\t' {
            return false;
        }
    }
    n >= 3
}

/// Where, on one line, a thematic break of each character could start: the
/// first offset from which the line holds only that character, spaces and
/// tabs. Worked out once a line (from its end, which stops at once on most
/// lines), so that asking at every nesting level of `- - - … x` costs
/// nothing per level instead of the rest of the line.
pub(super) struct RuleTails {
    /// For `*`, `-`, `_`.
    from: [usize; 3],
}

impl RuleTails {
    pub(super) fn new(bytes: &[u8], start: usize, end: usize) -> Self {
        let from = [b'*', b'-', b'_'].map(|c| {
            let mut i = end;
            while i > start && (matches!(bytes[i - 1], b' ' | b'\t') || bytes[i - 1] == c) {
                i -= 1;
            }
            i
        });
        Self { from }
    }

    /// [`is_hrule`] of `bytes[at..end]`, `end` being the line's end.
    pub(super) fn is_hrule(&self, bytes: &[u8], at: usize, end: usize) -> bool {
        let from = match bytes.get(at) {
            Some(b'*') => self.from[0],
            Some(b'-') => self.from[1],
            Some(b'_') => self.from[2],
            _ => return false,
        };
        if at < from {
            return false;
        }
        // Only the character and blanks follow: three of it make a rule.
        let c = bytes[at];
        bytes[at..end].iter().filter(|&&b| b == c).take(3).count() >= 3
    }
}

/// A setext heading's underline: `=`s or `-`s, trailing spaces.
pub(super) fn is_setext_underline(rest: &[u8]) -> bool {
    let Some(&c) = rest.first() else {
        return false;
    };
    if c != b'=' && c != b'-' {
        return false;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    rest[n..].iter().all(|&b| b == b' ' || b == b'\t')
}

/// An ATX heading at `at`: the extent of its content.
pub(super) fn atx_heading(bytes: &[u8], at: usize, end: usize) -> Option<(usize, usize)> {
    let rest = &bytes[at..end];
    let hashes = rest.iter().take_while(|&&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    if hashes < rest.len() && !matches!(rest[hashes], b' ' | b'\t') {
        return None;
    }
    let mut start = at + hashes;
    while start < end && matches!(bytes[start], b' ' | b'\t') {
        start += 1;
    }
    let mut e = trim_end(bytes, start, end);
    // A closing sequence of `#`s after a space.
    let mut h = e;
    while h > start && bytes[h - 1] == b'#' {
        h -= 1;
    }
    if h == start {
        e = start;
    } else if h < e && matches!(bytes[h - 1], b' ' | b'\t') {
        e = trim_end(bytes, start, h);
    }
    Some((start, e))
}

/// A code fence opening: its character and length.
pub(super) fn fence_open(rest: &[u8]) -> Option<(u8, usize)> {
    let &c = rest.first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.iter().take_while(|&&b| b == c).count();
    if n < 3 {
        return None;
    }
    if c == b'`' && memchr(b'`', &rest[n..]).is_some() {
        return None;
    }
    Some((c, n))
}

pub(super) fn closes_fence(rest: &[u8], c: u8, len: usize) -> bool {
    let n = rest.iter().take_while(|&&b| b == c).count();
    n >= len && rest[n..].iter().all(|&b| b == b' ' || b == b'\t')
}

/// A list marker at `at` (after `indent` spaces): the content column of
/// the item (from the container's start) and where its content starts.
pub(super) fn list_marker(
    bytes: &[u8],
    at: usize,
    end: usize,
    indent: usize,
    rules: &RuleTails,
) -> Res<Option<(usize, usize)>> {
    let rest = &bytes[at..end];
    if rules.is_hrule(bytes, at, end) {
        return Ok(None);
    }
    let Some((marker, _, empty)) = list_start(rest) else {
        return Ok(None);
    };
    if empty {
        return Err(Bail("an empty list item"));
    }
    let after = at + marker;
    let spaces = count_spaces(bytes, after, end)?;
    if spaces > 4 {
        // The content is indented code.
        return Err(Bail("a list item starting with indented code"));
    }
    Ok(Some((indent + marker + spaces, after + spaces)))
}

/// A list item start: the marker's length, whether it is an ordered
/// marker numbered 1 or a bullet (those interrupt paragraphs), and
/// whether the item is empty.
pub(super) fn list_start(rest: &[u8]) -> Option<(usize, bool, bool)> {
    let &c = rest.first()?;
    let (len, interrupts) = match c {
        b'-' | b'+' | b'*' => (1, true),
        b'0'..=b'9' => {
            let digits = rest
                .iter()
                .take(10)
                .take_while(|b| b.is_ascii_digit())
                .count();
            if digits > 9 || !matches!(rest.get(digits), Some(b'.' | b')')) {
                return None;
            }
            // Numbered 1 (`1`, `01`, …): only such a list interrupts a
            // paragraph.
            let one = rest[digits - 1] == b'1' && rest[..digits - 1].iter().all(|&b| b == b'0');
            (digits + 1, one)
        }
        _ => return None,
    };
    match rest.get(len) {
        None => Some((len, interrupts, true)),
        Some(b' ' | b'\t') => {
            let empty = rest[len..].iter().all(|&b| b == b' ' || b == b'\t');
            Some((len, interrupts, empty))
        }
        _ => None,
    }
}

/// The HTML block a line starts, if any, and the string that ends it
/// (`None`: a blank line ends it). Type 7 cannot interrupt a paragraph.
pub(super) fn html_block_start(rest: &[u8], type_7: bool) -> Option<Option<&'static [u8]>> {
    const RAW: [(&[u8], &[u8]); 4] = [
        (b"pre", b"</pre>"),
        (b"script", b"</script>"),
        (b"style", b"</style>"),
        (b"textarea", b"</textarea>"),
    ];
    let after = &rest[1..];
    for (tag, end) in RAW {
        if after.len() >= tag.len()
            && after[..tag.len()].eq_ignore_ascii_case(tag)
            && matches!(after.get(tag.len()), None | Some(b' ' | b'\t' | b'>'))
        {
            return Some(Some(end));
        }
    }
    if after.starts_with(b"!--") {
        return Some(Some(b"-->"));
    }
    if after.starts_with(b"?") {
        return Some(Some(b"?>"));
    }
    if after.starts_with(b"![CDATA[") {
        return Some(Some(b"]]>"));
    }
    if after.len() >= 2 && after[0] == b'!' && after[1].is_ascii_alphabetic() {
        return Some(Some(b">"));
    }
    let name = after.strip_prefix(b"/").unwrap_or(after);
    let len = name
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
        .count();
    if len > 0 && name[0].is_ascii_alphabetic() {
        let tail = &name[len..];
        let ends =
            tail.is_empty() || matches!(tail[0], b' ' | b'\t' | b'>') || tail.starts_with(b"/>");
        if ends && is_block_tag(&name[..len]) {
            return Some(None);
        }
    }
    if type_7 {
        let len = inline::html_tag(rest)?;
        let tail = &rest[len..];
        // Not the raw tags of type 1.
        if tail.iter().all(|&b| b == b' ' || b == b'\t') {
            return Some(None);
        }
    }
    None
}

pub(super) fn is_block_tag(name: &[u8]) -> bool {
    const TAGS: &[&str] = &[
        "address",
        "article",
        "aside",
        "base",
        "basefont",
        "blockquote",
        "body",
        "caption",
        "center",
        "col",
        "colgroup",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "frame",
        "frameset",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "head",
        "header",
        "hr",
        "html",
        "iframe",
        "legend",
        "li",
        "link",
        "main",
        "menu",
        "menuitem",
        "nav",
        "noframes",
        "ol",
        "optgroup",
        "option",
        "p",
        "param",
        "search",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "title",
        "tr",
        "track",
        "ul",
    ];
    name.len() <= 10
        && TAGS
            .iter()
            .any(|t| t.len() == name.len() && t.as_bytes().eq_ignore_ascii_case(name))
}

/// A table's delimiter row: its number of columns.
pub(super) fn delimiter_row(row: &[u8]) -> Option<usize> {
    if memchr(b'|', row).is_none() || memchr(b'-', row).is_none() {
        return None;
    }
    let row = row.trim_ascii();
    let row = row.strip_prefix(b"|").unwrap_or(row);
    let row = row.strip_suffix(b"|").unwrap_or(row);
    let mut cols = 0;
    for cell in row.split(|&b| b == b'|') {
        let cell = cell.trim_ascii();
        let cell = cell.strip_prefix(b":").unwrap_or(cell);
        let cell = cell.strip_suffix(b":").unwrap_or(cell);
        if cell.is_empty() || !cell.iter().all(|&b| b == b'-') {
            return None;
        }
        cols += 1;
    }
    Some(cols)
}

/// The cells of a table row: the extent of each, trimmed, split at `|`
/// not escaped.
pub(super) fn cells(bytes: &[u8], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    if at < end && bytes[at] == b'|' {
        at += 1;
    }
    let mut cell = at;
    let mut i = at;
    while i < end {
        match bytes[i] {
            b'\\' => i += 2,
            b'|' => {
                out.push(trim_span(bytes, cell, i));
                i += 1;
                cell = i;
            }
            _ => i += 1,
        }
    }
    let last = trim_span(bytes, cell, end);
    if last.0 < last.1 {
        out.push(last);
    }
    out
}

fn trim_span(bytes: &[u8], mut s: usize, mut e: usize) -> (usize, usize) {
    while s < e && matches!(bytes[s], b' ' | b'\t') {
        s += 1;
    }
    while e > s && matches!(bytes[e - 1], b' ' | b'\t') {
        e -= 1;
    }
    (s, e)
}

/// `> [!NOTE]` and the other GitHub alert tags, alone on the line.
pub(super) fn is_alert(rest: &[u8]) -> bool {
    let Some(tail) = rest.strip_prefix(b"[!") else {
        return false;
    };
    ["note", "tip", "important", "warning", "caution"]
        .iter()
        .any(|kind| {
            tail.len() > kind.len()
                && tail[..kind.len()].eq_ignore_ascii_case(kind.as_bytes())
                && tail[kind.len()] == b']'
                && is_blank_line(&tail[kind.len() + 1..])
        })
}

/// The metadata block whose content starts at `content` (after its `---`
/// or `+++` line): the start of its closing line. The first line may be
/// neither blank nor the closing one.
pub(super) fn metadata_block(bytes: &[u8], content: usize, c: u8) -> Option<usize> {
    let mut at = content;
    let mut first = true;
    while at < bytes.len() {
        let Line { end, next, .. } = line_at(bytes, at);
        let line = &bytes[at..end];
        let closed = is_metadata_close(line, c);
        if first && (closed || is_blank_line(line)) {
            return None;
        }
        first = false;
        if closed {
            return Some(at);
        }
        at = next;
    }
    None
}

/// A task box `[ ]`, `[x]` after a list marker: where the item's text
/// starts.
pub(super) fn task_box(bytes: &[u8], at: usize, end: usize) -> Res<Option<usize>> {
    let rest = &bytes[at..end];
    let ok = rest.len() >= 3
        && rest[0] == b'['
        && matches!(rest[1], b' ' | b'x' | b'X')
        && rest[2] == b']'
        && matches!(rest.get(3), None | Some(b' ' | b'\t'));
    if !ok {
        return Ok(None);
    }
    let text = at + 3 + count_spaces(bytes, at + 3, end)?;
    if text == end || memchr(b'|', &bytes[text..end]).is_some() {
        return Err(Bail("an unusual task item"));
    }
    Ok(Some(text))
}
