//! Inline structure of one paragraph, heading or table cell: code spans,
//! autolinks and raw HTML, which hide what they hold; links and images
//! (inline, full, collapsed and shortcut references) and defined footnote
//! calls, which become markers. What is left is text, scanned for notes
//! and citations by the same scanner as the pulldown-cmark path.
//!
//! Brackets follow CommonMark's "look for link or image" procedure, with
//! pulldown-cmark's order: an inline link is tried first, then a reference;
//! a footnote call closes every open bracket; a link deactivates the
//! brackets before it.

use pulldown_cmark::LinkType;
use rustc_hash::FxHashSet;

use super::super::scan::{Run, Scanner};
use super::super::{comments, escaped, grammar, links, normalize_label, push_prose};
use super::{simple_label, Bail, Leaf, Res};
use crate::model::{Certainty, Definition, Label, Marker, RefKind, Span};

/// Longest link label, in characters (CommonMark's limit).
const MAX_LABEL: usize = 999;

pub(in super::super) struct Cx<'a> {
    pub text: &'a str,
    pub link_keys: &'a FxHashSet<Label>,
    pub note_keys: &'a FxHashSet<Label>,
}

pub(in super::super) struct Out {
    pub markers: Vec<Marker>,
    pub definitions: Vec<Definition>,
    pub comments: Vec<crate::model::Comment>,
    pub prose: Vec<Span>,
    pub scanner: Scanner,
    pub scratch: Scratch,
}

/// Buffers reused from leaf to leaf.
#[derive(Default)]
pub(in super::super) struct Scratch {
    hidden: Vec<(usize, usize)>,
    alts: Vec<(usize, usize)>,
    /// Autolinks: hidden from the scanner, but their text is prose.
    autolinks: Vec<(usize, usize)>,
    openers: Vec<Opener>,
    runs: Vec<Run>,
    /// Every `[`, `]` and `@` passed in text, for the scanner.
    hits: Vec<usize>,
}

#[derive(Clone, Copy, Debug)]
struct Opener {
    /// The `[`.
    pos: usize,
    image: bool,
    active: bool,
}

/// The next byte that may start inline syntax (or an `@`, for the
/// scanner), from two memchr searches whose last answers are kept until
/// passed.
struct Special {
    /// Next `[`, `]` or backtick; next `<`, backslash or `@`
    /// (`usize::MAX`: none).
    brackets: usize,
    others: usize,
}

impl Special {
    fn new(bytes: &[u8], start: usize, end: usize) -> Self {
        let find = |i: Option<usize>| i.map_or(usize::MAX, |i| start + i);
        Self {
            brackets: find(memchr::memchr3(b'[', b']', b'`', &bytes[start..end])),
            others: find(memchr::memchr3(b'<', b'\\', b'@', &bytes[start..end])),
        }
    }

    /// Whether the stretch holds nothing at all to look at.
    fn none(&self) -> bool {
        self.brackets == usize::MAX && self.others == usize::MAX
    }

    fn next(&mut self, bytes: &[u8], at: usize, end: usize) -> Option<usize> {
        if at >= end {
            return None;
        }
        if self.brackets < at {
            self.brackets =
                memchr::memchr3(b'[', b']', b'`', &bytes[at..end]).map_or(usize::MAX, |i| at + i);
        }
        if self.others < at {
            self.others =
                memchr::memchr3(b'<', b'\\', b'@', &bytes[at..end]).map_or(usize::MAX, |i| at + i);
        }
        let next = self.brackets.min(self.others);
        (next != usize::MAX).then_some(next)
    }
}

/// Read one leaf.
pub(in super::super) fn leaf(cx: &Cx<'_>, leaf: &Leaf, out: &mut Out) -> Res<()> {
    let text = cx.text;
    let bytes = text.as_bytes();
    let (start, end) = (leaf.start, leaf.end);
    let mut special = Special::new(bytes, start, end);
    if special.none() {
        // Plain text (many headings and table cells): one run of prose,
        // nothing for the scanner.
        push_prose(text, &mut out.prose, start, end);
        return Ok(());
    }
    let mut scratch = std::mem::take(&mut out.scratch);
    let Scratch {
        hidden,
        alts,
        autolinks,
        openers,
        runs,
        hits,
    } = &mut scratch;
    hits.clear();
    hidden.clear();
    alts.clear();
    autolinks.clear();
    openers.clear();
    let first_marker = out.markers.len();
    let mut i = start;
    while let Some(at) = special.next(bytes, i, end) {
        i = at;
        match bytes[i] {
            b'@' => {
                hits.push(i);
                i += 1;
            }
            b'\\' => {
                i += if i + 1 < end && bytes[i + 1].is_ascii_punctuation() {
                    2
                } else {
                    1
                };
            }
            b'`' => {
                let n = run_len(bytes, i, end, b'`');
                match code_span_end(bytes, i + n, end, n) {
                    Some(close) => {
                        hidden.push((i, close));
                        i = close;
                    }
                    None => i += n,
                }
            }
            b'<' => {
                if let Some(len) = autolink(&bytes[i..end]) {
                    hidden.push((i, i + len));
                    autolinks.push((i + 1, i + len - 1));
                    i += len;
                } else if let Some(len) = html(&bytes[i..end]) {
                    if leaf.quoted && memchr::memchr(b'\n', &bytes[i..i + len]).is_some() {
                        return Err(Bail("inline HTML over quoted lines"));
                    }
                    comments::inline(text, &(i..i + len), &mut out.comments);
                    hidden.push((i, i + len));
                    i += len;
                } else {
                    i += 1;
                }
            }
            b'[' => {
                if bytes.get(i + 1) == Some(&b'[')
                    && memchr::memmem::find(&bytes[i..end], b"]]").is_some()
                {
                    return Err(Bail("a wiki link"));
                }
                hits.push(i);
                let image = i > start && bytes[i - 1] == b'!' && !escaped(bytes, i - 1);
                openers.push(Opener {
                    pos: i,
                    image,
                    active: true,
                });
                i += 1;
            }
            _ => {
                // `]`
                hits.push(i);
                let close = i;
                i += 1;
                let Some(o) = openers.pop() else {
                    continue;
                };
                if !o.active {
                    continue;
                }
                if let Some(next) =
                    close_bracket(cx, &o, close, end, leaf.quoted, hidden, alts, out)?
                {
                    if next.deactivate {
                        for o in openers.iter_mut() {
                            o.active = false;
                        }
                    }
                    if next.clear {
                        openers.clear();
                    }
                    i = next.resume;
                }
            }
        }
    }
    // Markers in source order, as pulldown-cmark's events give them.
    let found = &mut out.markers[first_marker..];
    if !found.is_sorted_by_key(|m| m.span.start) {
        found.sort_by_key(|m| m.span.start);
    }
    hidden.sort_unstable();
    runs.clear();
    text_runs(start, end, hidden, alts, runs);
    let mut links = autolinks.iter().peekable();
    for r in runs.iter() {
        while let Some(&(s, e)) = links.next_if(|l| l.0 < r.start) {
            push_prose(text, &mut out.prose, s, e);
        }
        // pulldown-cmark's text leaves out each line's indentation and
        // quote markers, but prose is joined across them again: a run is
        // one stretch (`finish_document` trims indentation left at its end).
        push_prose(text, &mut out.prose, r.start, r.end);
    }
    for &(s, e) in links {
        push_prose(text, &mut out.prose, s, e);
    }
    out.scanner.block_hits(
        text,
        runs,
        hits.iter().copied(),
        &out.markers,
        &mut out.definitions,
    );
    out.scratch = scratch;
    Ok(())
}

/// What a closing bracket did.
struct Closed {
    /// Where scanning goes on.
    resume: usize,
    /// A link formed: brackets before it open no link.
    deactivate: bool,
    /// A footnote call formed: pulldown-cmark forgets every open bracket.
    clear: bool,
}

#[allow(clippy::too_many_arguments)]
fn close_bracket(
    cx: &Cx<'_>,
    o: &Opener,
    close: usize,
    end: usize,
    quoted: bool,
    hidden: &mut Vec<(usize, usize)>,
    alts: &mut Vec<(usize, usize)>,
    out: &mut Out,
) -> Res<Option<Closed>> {
    let text = cx.text;
    let bytes = text.as_bytes();
    let after = close + 1;
    let start = if o.image { o.pos - 1 } else { o.pos };
    let link = |resume: usize, hidden: &mut Vec<(usize, usize)>, alts: &mut Vec<(usize, usize)>| {
        hidden.push((start, o.pos + 1));
        hidden.push((close, resume));
        if o.image {
            alts.push((o.pos + 1, close));
        }
        Some(Closed {
            resume,
            deactivate: !o.image,
            clear: false,
        })
    };
    // An inline link.
    if bytes.get(after) == Some(&b'(') {
        match inline_link(bytes, after, end) {
            Some(len) => {
                if quoted && memchr::memchr(b'\n', &bytes[after..after + len]).is_some() {
                    return Err(Bail("a link destination over quoted lines"));
                }
                return Ok(link(after + len, hidden, alts));
            }
            None => {
                if memchr::memchr(b'\n', &bytes[after..end.min(after + 4096)]).is_some()
                    && bytes[after..end].contains(&b')')
                {
                    // A destination over lines, perhaps.
                    return Err(Bail("a link destination over lines"));
                }
            }
        }
    }
    let content = &text[o.pos + 1..close];
    // A reference: `[text][label]`, `[label][]`.
    if bytes.get(after) == Some(&b'[') && bytes.get(after + 1) != Some(&b'^') {
        if bytes.get(after + 1) == Some(&b']') {
            // Collapsed.
            if content.starts_with('^') {
                return Err(Bail("a collapsed reference to a footnote label"));
            }
            if !valid_label(content) {
                return Ok(None);
            }
            let Some((marker, defined)) =
                reference(cx, LinkType::Collapsed, start..close + 1, o.image)
            else {
                return Ok(None);
            };
            if !defined && grammar::citation_group(content).is_some() {
                return Err(Bail("an undefined collapsed reference holding a citation"));
            }
            out.markers.push(marker);
            return Ok(link(after + 2, hidden, alts));
        }
        if let Some(len) = label_len(&bytes[after + 1..end]) {
            let label = &text[after + 1..after + 1 + len];
            if !valid_label(label) {
                return Err(Bail("an unusual link label"));
            }
            let resume = after + 1 + len + 1;
            let Some((marker, defined)) =
                reference(cx, LinkType::Reference, start..resume, o.image)
            else {
                return Ok(None);
            };
            if !defined && (content.contains('@') || content.starts_with('^')) {
                return Err(Bail(
                    "an undefined full reference holding a citation or caret",
                ));
            }
            out.markers.push(marker);
            return Ok(link(resume, hidden, alts));
        }
        // Not a label: `[text]` may still be a shortcut.
        if memchr::memchr(b']', &bytes[after..end]).is_some() {
            return Err(Bail("brackets after a link text"));
        }
    }
    // A footnote call.
    if let Some(label) = content.strip_prefix('^') {
        if !simple_label(label.as_bytes()) {
            return Err(Bail("an unusual footnote label"));
        }
        let key = normalize_label(label);
        if cx.note_keys.contains(key.as_deref().unwrap_or(label)) {
            hidden.push((o.pos, after));
            out.markers.push(Marker {
                label: label.into(),
                key,
                span: Span::new(o.pos, after),
                label_span: Span::new(o.pos, after),
                certainty: Certainty::Marker,
                kind: RefKind::Note,
                namespace: None,
            });
            return Ok(Some(Closed {
                resume: after,
                deactivate: false,
                clear: true,
            }));
        }
        return Ok(None);
    }
    // A shortcut reference, if defined.
    // (Looked up before a marker is made: most bracketed text is no link.)
    if valid_label(content) {
        let key = normalize_label(content);
        if cx.link_keys.contains(key.as_deref().unwrap_or(content)) {
            if let Some((marker, _)) = reference(cx, LinkType::Shortcut, start..after, o.image) {
                out.markers.push(marker);
                return Ok(link(after, hidden, alts));
            }
        }
    }
    Ok(None)
}

/// The marker of a reference link or image at `range` (its label read
/// back from the source by the shared `links::marker`), and whether a
/// definition has its label. `Reference` stands for `ReferenceUnknown` too,
/// `Collapsed` for `CollapsedUnknown`: their markers are the same.
fn reference(
    cx: &Cx<'_>,
    ty: LinkType,
    range: std::ops::Range<usize>,
    image: bool,
) -> Option<(Marker, bool)> {
    let marker = links::marker(cx.text, ty, "", range, image)?;
    let defined = cx
        .link_keys
        .contains(marker.key.as_deref().unwrap_or(&marker.label));
    Some((marker, defined))
}

/// A link label: not blank, no bracket that is not escaped, at most 999
/// characters.
fn valid_label(label: &str) -> bool {
    let bytes = label.as_bytes();
    if label.trim().is_empty() || label.chars().count() > MAX_LABEL {
        return false;
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'[' | b']' => return false,
            _ => i += 1,
        }
    }
    true
}

/// The length of a label up to its `]` (not included).
fn label_len(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() && i <= 4 * MAX_LABEL {
        match bytes[i] {
            b'\\' => i += 2,
            b'[' => return None,
            b']' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `(destination "title")` at `at`: its length.
fn inline_link(bytes: &[u8], at: usize, end: usize) -> Option<usize> {
    let mut i = at + 1;
    i = skip_ws(bytes, i, end);
    if i < end && bytes[i] == b'<' {
        i += 1;
        while i < end && bytes[i] != b'>' {
            match bytes[i] {
                b'\\' => i += 2,
                b'\n' | b'<' => return None,
                _ => i += 1,
            }
        }
        if i >= end {
            return None;
        }
        i += 1;
    } else {
        let mut depth = 0usize;
        let dest = i;
        while i < end {
            match bytes[i] {
                b'\\' if i + 1 < end && bytes[i + 1].is_ascii_punctuation() => i += 2,
                b'(' => {
                    depth += 1;
                    if depth > 32 {
                        return None;
                    }
                    i += 1;
                }
                b')' if depth == 0 => break,
                b')' => {
                    depth -= 1;
                    i += 1;
                }
                b if b <= b' ' => break,
                _ => i += 1,
            }
        }
        if depth != 0 || (i == dest && i < end && bytes[i] != b')') {
            return None;
        }
    }
    let before_title = i;
    i = skip_ws(bytes, i, end);
    if i < end && i > before_title && matches!(bytes[i], b'"' | b'\'' | b'(') {
        let close = if bytes[i] == b'(' { b')' } else { bytes[i] };
        let open = bytes[i];
        i += 1;
        while i < end && bytes[i] != close {
            match bytes[i] {
                b'\\' => i += 2,
                b'(' if open == b'(' => return None,
                _ => i += 1,
            }
        }
        if i >= end {
            return None;
        }
        i += 1;
        i = skip_ws(bytes, i, end);
    }
    (i < end && bytes[i] == b')').then(|| i + 1 - at)
}

fn skip_ws(bytes: &[u8], mut i: usize, end: usize) -> usize {
    let mut newlines = 0;
    while i < end && matches!(bytes[i], b' ' | b'\t' | b'\n' | b'\r') {
        if bytes[i] == b'\n' {
            newlines += 1;
            if newlines > 1 {
                break;
            }
        }
        i += 1;
    }
    i
}

fn run_len(bytes: &[u8], at: usize, end: usize, c: u8) -> usize {
    bytes[at..end].iter().take_while(|&&b| b == c).count()
}

/// The end of a code span opened by `n` backticks before `from`.
fn code_span_end(bytes: &[u8], from: usize, end: usize, n: usize) -> Option<usize> {
    let mut at = from;
    while let Some(i) = memchr::memchr(b'`', &bytes[at..end]) {
        let s = at + i;
        let len = run_len(bytes, s, end, b'`');
        if len == n {
            return Some(s + n);
        }
        at = s + len;
    }
    None
}

/// `<scheme:…>` or `<local@domain>`: its length.
fn autolink(s: &[u8]) -> Option<usize> {
    let close = s.iter().take(4096).position(|&b| b == b'>')?;
    let inner = &s[1..close];
    if inner.is_empty() {
        return None;
    }
    if let Some(colon) = inner.iter().position(|&b| b == b':') {
        let scheme = &inner[..colon];
        if (2..=32).contains(&scheme.len())
            && scheme[0].is_ascii_alphabetic()
            && scheme
                .iter()
                .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
            && inner.iter().all(|&b| b > b' ' && b != b'<')
        {
            return Some(close + 1);
        }
    }
    let at = inner.iter().position(|&b| b == b'@')?;
    let (local, domain) = (&inner[..at], &inner[at + 1..]);
    let local_ok = !local.is_empty()
        && local
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    let domain_ok = !domain.is_empty()
        && domain.split(|&b| b == b'.').all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && l.iter().all(|&b| b.is_ascii_alphanumeric() || b == b'-')
                && l[0] != b'-'
                && l[l.len() - 1] != b'-'
        });
    (local_ok && domain_ok).then_some(close + 1)
}

/// Raw inline HTML at `s` (which starts with `<`): its length.
fn html(s: &[u8]) -> Option<usize> {
    if s.starts_with(b"<!--") {
        if s.starts_with(b"<!-->") {
            return Some(5);
        }
        if s.starts_with(b"<!--->") {
            return Some(6);
        }
        let end = memchr::memmem::find(&s[4..], b"-->")?;
        return Some(4 + end + 3);
    }
    if s.starts_with(b"<?") {
        let end = memchr::memmem::find(&s[2..], b"?>")?;
        return Some(2 + end + 2);
    }
    if s.starts_with(b"<![CDATA[") {
        let end = memchr::memmem::find(&s[9..], b"]]>")?;
        // pulldown-cmark matches brackets first: one inside leaves the
        // section text.
        if memchr::memchr2(b'[', b']', &s[9..9 + end]).is_some() {
            return None;
        }
        return Some(9 + end + 3);
    }
    if s.len() > 2 && s[1] == b'!' && s[2].is_ascii_alphabetic() {
        let end = memchr::memchr(b'>', &s[2..])?;
        return Some(2 + end + 1);
    }
    html_tag(s)
}

/// An open or closing tag at `s`: its length.
pub(in super::super) fn html_tag(s: &[u8]) -> Option<usize> {
    let mut i = 1;
    let closing = s.get(1) == Some(&b'/');
    if closing {
        i += 1;
    }
    if !s.get(i)?.is_ascii_alphabetic() {
        return None;
    }
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'-') {
        i += 1;
    }
    if closing {
        i = skip_html_ws(s, i);
        return (s.get(i) == Some(&b'>')).then_some(i + 1);
    }
    loop {
        let ws = skip_html_ws(s, i);
        match s.get(ws)? {
            b'>' => return Some(ws + 1),
            b'/' => return (s.get(ws + 1) == Some(&b'>')).then_some(ws + 2),
            _ => {}
        }
        if ws == i {
            return None;
        }
        i = ws;
        // Attribute name.
        let c = *s.get(i)?;
        if !(c.is_ascii_alphabetic() || c == b'_' || c == b':') {
            return None;
        }
        while i < s.len()
            && (s[i].is_ascii_alphanumeric() || matches!(s[i], b'_' | b'.' | b':' | b'-'))
        {
            i += 1;
        }
        let eq = skip_html_ws(s, i);
        if s.get(eq) == Some(&b'=') {
            i = skip_html_ws(s, eq + 1);
            match *s.get(i)? {
                q @ (b'"' | b'\'') => {
                    let close = memchr::memchr(q, &s[i + 1..])?;
                    i += close + 2;
                }
                _ => {
                    let v = i;
                    while i < s.len()
                        && !matches!(
                            s[i],
                            b' ' | b'\t' | b'\n' | b'\r' | b'"' | b'\'' | b'=' | b'<' | b'>' | b'`'
                        )
                    {
                        i += 1;
                    }
                    if i == v {
                        return None;
                    }
                }
            }
        }
    }
}

fn skip_html_ws(s: &[u8], mut i: usize) -> usize {
    while i < s.len() && matches!(s[i], b' ' | b'\t' | b'\n' | b'\r') {
        i += 1;
    }
    i
}

/// The text runs of a leaf: its extent less what is hidden. Image alt
/// text lies between hidden link syntax, so each run is inside or outside
/// every alt text whole.
fn text_runs(
    start: usize,
    end: usize,
    hidden: &[(usize, usize)],
    alts: &[(usize, usize)],
    out: &mut Vec<Run>,
) {
    let mut push = |s: usize, e: usize| {
        if s < e {
            out.push(Run {
                start: s,
                end: e,
                alt: alts.iter().any(|&(a, b)| a <= s && e <= b),
            });
        }
    };
    let mut at = start;
    for &(s, e) in hidden {
        if s > at {
            push(at, s.min(end));
        }
        at = at.max(e);
    }
    push(at, end);
}
