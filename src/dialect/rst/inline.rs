//! Inline markup of a paragraph (docutils' "Inline Markup Recognition
//! Rules"): footnote and citation references, hyperlink references,
//! substitution references, interpreted text with a role, and inline
//! literals, which hide what they hold.
//!
//! # Grammar
//!
//! ```text
//! inline      = *( escaped / literal / interpreted / footnote-ref / substitution
//!                / phrase-ref / simple-ref / other )
//! escaped     = "\" any-char                      ; never markup
//! literal     = "``" 1*any "``"                   ; hides its text
//! interpreted = [ ":" role ":" ] "`" 1*any "`" [ ":" role ":" ]
//! phrase-ref  = "`" text [ "<" ( uri / name "_" ) ">" ] "`" ( "_" / "__" )
//! footnote-ref = "[" ( 1*DIGIT / "#" / "#" name / "*" / name ) "]_"
//! substitution = "|" text "|" [ "_" / "__" ]
//! simple-ref  = name ( "_" / "__" )              ; name: ALNUM *( [ "-" / "_" / "." / ":" / "+" ] ALNUM )
//! role        = 1*( ALNUM / "-" / "_" / "." / ":" / "+" )
//! ```
//!
//! Every start-string must begin the text or follow whitespace or one of
//! `- : / ' " < ( [ {` (or other opening, dash or other punctuation), and be
//! followed by a non-space; every end-string must follow a non-space and be
//! followed by the end, whitespace or one of `- . , : ; ! ? \ / ' " ) ] } >`
//! (or closing punctuation): `word[1]_` and `x|y|z` are text. Markup
//! inside a URL (`https://…/a_b_`) is text.

use super::{normalize, Found, Project};
use crate::model::{Certainty, Marker, RefKind, Span, SUBSTITUTION};

/// Bytes where markup may start.
static SPECIAL: [bool; 256] = crate::dialect::byte_set(b"\\`[|_");

/// Read the inline markup of `span` of `text` into `found`.
pub(super) fn scan(text: &str, span: Span, found: &mut Found, project: Option<&Project<'_>>) {
    let bytes = text.as_bytes();
    let (start, end) = (span.start, span.end.min(bytes.len()));
    let mut closers = Closers::default();
    let mut i = start;
    while i < end {
        if !SPECIAL[bytes[i] as usize] {
            i += 1;
            continue;
        }
        let next = match bytes[i] {
            b'\\' => Some(next_char(text, i + 1, end)),
            b'`' => backtick(text, i, (start, end), &mut closers, found, project),
            b'[' => bracket(text, i, start, end, found),
            b'|' => bar(text, i, (start, end), &mut closers, found),
            _ => underscore(text, i, start, end, found),
        };
        i = next.unwrap_or(i + 1).max(i + 1);
    }
}

/// The offset after the char at `at` (or `end`).
fn next_char(text: &str, at: usize, end: usize) -> usize {
    if at >= end {
        return end;
    }
    text[at..end]
        .chars()
        .next()
        .map_or(end, |c| at + c.len_utf8())
}

/// The char before `at`, unless `at` is the start of the paragraph.
fn before(text: &str, at: usize, start: usize) -> Option<char> {
    (at > start)
        .then(|| text[start..at].chars().next_back())
        .flatten()
}

/// The char at `at`, unless it is the end.
fn after(text: &str, at: usize, end: usize) -> Option<char> {
    (at < end).then(|| text[at..end].chars().next()).flatten()
}

/// Whether markup may start after `c` (None: the start of the text).
fn start_ok(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) if c.is_ascii() => {
            matches!(c, '-' | ':' | '/' | '\'' | '"' | '<' | '(' | '[' | '{')
        }
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Whether markup may end before `c` (None: the end of the text).
fn end_ok(c: Option<char>) -> bool {
    match c {
        None => true,
        Some(c) if c.is_whitespace() => true,
        Some(c) if c.is_ascii() => matches!(
            c,
            '-' | '.'
                | ','
                | ':'
                | ';'
                | '!'
                | '?'
                | '\\'
                | '/'
                | '\''
                | '"'
                | ')'
                | ']'
                | '}'
                | '>'
        ),
        Some(c) => !c.is_alphanumeric(),
    }
}

/// Whether the char at `at` is escaped by an odd run of backslashes.
fn escaped(bytes: &[u8], at: usize, start: usize) -> bool {
    let mut n = 0;
    while at > start + n && bytes[at - n - 1] == b'\\' {
        n += 1;
    }
    n % 2 == 1
}

/// Whether a start-string at `at` may open: after a start char, not
/// escaped, and not followed by a space (or by the closing char of the
/// quote before it: `"*"` is text).
fn opens(text: &str, at: usize, len: usize, start: usize, end: usize) -> bool {
    let prev = before(text, at, start);
    if !start_ok(prev) || escaped(text.as_bytes(), at, start) {
        return false;
    }
    match after(text, at + len, end) {
        None => false,
        Some(c) if c.is_whitespace() => false,
        Some(c) => !matches!(
            (prev, c),
            (Some('\''), '\'')
                | (Some('"'), '"')
                | (Some('<'), '>')
                | (Some('('), ')')
                | (Some('['), ']')
                | (Some('{'), '}')
        ),
    }
}

/// Whether the token around `at` is a URL or an e-mail address
/// (`https://x.org/a_`), whose punctuation is not markup.
fn in_url(text: &str, at: usize, start: usize) -> bool {
    // A URL is not longer than this: the look back stays bounded.
    let mut from = at.saturating_sub(2048).max(start);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let head = &text[from..at];
    let word = head
        .rfind(|c: char| c.is_whitespace() || c == '<' || c == '(')
        .map_or(head, |n| &head[n + 1..]);
    word.contains("://") || word.starts_with("www.") || word.contains('@')
}

/// The first valid end-string at or after a place, for each kind of
/// inline markup, remembered: whether a closing backtick or bar is valid
/// depends on what surrounds it, not on the start-string, so the answer
/// holds for every start-string before it. Each text is searched once,
/// however many start-strings find no end.
#[derive(Default)]
struct Closers {
    backtick: Cache,
    literal: Cache,
    bar: Cache,
    newline: Cache,
}

/// `(from, found)`: the first valid end-string at or after `from`.
#[derive(Default)]
struct Cache(Option<(usize, Option<usize>)>);

impl Cache {
    fn find(&mut self, from: usize, search: impl FnOnce(usize) -> Option<usize>) -> Option<usize> {
        if let Some((known, found)) = self.0 {
            if known <= from && found.is_none_or(|f| from <= f) {
                return found;
            }
        }
        let found = search(from);
        self.0 = Some((from, found));
        found
    }
}

/// What follows an end-string at `at`: `_` (a reference), `__` (an
/// anonymous one) or neither; and where that ends.
fn link_suffix(bytes: &[u8], at: usize, end: usize) -> (usize, Tail) {
    if at < end && bytes[at] == b'_' {
        if at + 1 < end && bytes[at + 1] == b'_' {
            (at + 2, Tail::Anonymous)
        } else {
            (at + 1, Tail::Named)
        }
    } else {
        (at, Tail::Plain)
    }
}

/// The next `mark` at or after `from` that may end markup: after a
/// non-space, not escaped, and followed (after `_`, `__`, or when `roles`
/// a role such as `:sub:`) by an end char. For `` ` `` and `|`.
fn end_string(
    text: &str,
    from: usize,
    (start, end): (usize, usize),
    mark: u8,
    roles: bool,
) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = from;
    while j < end {
        let close = j + memchr::memchr(mark, &bytes[j..end])?;
        j = close + 1;
        // After a non-space: an escaped space (`\ `) counts as one.
        let after_space = before(text, close, start).is_none_or(char::is_whitespace)
            && !escaped(bytes, close - 1, start);
        if escaped(bytes, close, start) || after_space {
            continue;
        }
        let (tail, kind) = link_suffix(bytes, close + 1, end);
        if roles && kind == Tail::Plain {
            if let Some((_, after_role)) = role_after(text, tail, end) {
                if end_ok(after(text, after_role, end)) {
                    return Some(close);
                }
            }
        }
        if end_ok(after(text, tail, end)) {
            return Some(close);
        }
    }
    None
}

/// The next `` `` `` at or after `from` that may end an inline literal
/// (its last two backticks, for a run of three or more).
fn literal_end(text: &str, from: usize, (start, end): (usize, usize)) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut j = from;
    while j < end {
        let at = j + memchr::memmem::find(&bytes[j..end], b"``")?;
        let mut close = at;
        while close + 2 < end && bytes[close + 2] == b'`' {
            close += 1;
        }
        let inside = before(text, close, start).is_some_and(|c| !c.is_whitespace());
        if inside && end_ok(after(text, close + 2, end)) {
            return Some(close);
        }
        j = close + 1;
    }
    None
}

/// `` `…` `` and `` ``…`` ``: a literal, interpreted text, or a phrase
/// reference. Returns where reading goes on.
fn backtick(
    text: &str,
    i: usize,
    (start, end): (usize, usize),
    closers: &mut Closers,
    found: &mut Found,
    project: Option<&Project<'_>>,
) -> Option<usize> {
    let bytes = text.as_bytes();
    if bytes.get(i + 1) == Some(&b'`') {
        // An inline literal: nothing inside counts.
        if !opens(text, i, 2, start, end) {
            return Some(i + 2);
        }
        let close = closers
            .literal
            .find(i + 3, |from| literal_end(text, from, (start, end)));
        if let Some(c) = close {
            found.quiet.push(Span::new(i, c + 2));
        }
        return Some(close.map_or(i + 2, |c| c + 2));
    }
    // A role before the backtick (`:name:`), or an inline target's `_`.
    let inline_target = i > start && bytes[i - 1] == b'_' && role_before(text, i, start).is_none();
    let (role, open_at) = match role_before(text, i, start) {
        Some((role, at)) => (Some(role), at),
        None if inline_target => (None, i - 1),
        None => (None, i),
    };
    if !start_ok(before(text, open_at, start)) || escaped(bytes, open_at, start) {
        return None;
    }
    if after(text, i + 1, end).is_none_or(char::is_whitespace) {
        return None;
    }
    let close = closers.backtick.find(i + 2, |from| {
        end_string(text, from, (start, end), b'`', true)
    })?;
    let (mut tail, kind) = link_suffix(bytes, close + 1, end);
    let mut suffix = None;
    if kind == Tail::Plain && role.is_none() {
        if let Some((name, after_role)) = role_after(text, tail, end) {
            suffix = Some(name);
            tail = after_role;
        }
    }
    let whole = Span::new(open_at, tail);
    let content = Span::new(i + 1, close);
    if inline_target {
        if kind == Tail::Plain {
            found.inline_target(content.of(text), content, project.is_some());
        }
        return Some(tail);
    }
    match kind {
        Tail::Named | Tail::Anonymous if role.is_none() => {
            phrase(text, whole, content, kind == Tail::Anonymous, found);
        }
        Tail::Plain => {
            // Interpreted text is code, math or a name: not prose.
            found.quiet.push(whole);
            if let (Some(role), Some(project)) = (role.or(suffix), project) {
                interpreted(text, role, whole, content, found, project);
            }
        }
        _ => {}
    }
    Some(tail)
}

/// What follows a closing backtick.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tail {
    Plain,
    Named,
    Anonymous,
}

/// Whether `c` may be part of a role name.
fn role_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.' | b':' | b'+')
}

/// The role written right before a backtick at `i` (`:ref:`), with where
/// it starts.
fn role_before(text: &str, i: usize, start: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if i < start + 3 || bytes[i - 1] != b':' {
        return None;
    }
    let mut k = i - 1;
    while k > start && role_char(bytes[k - 1]) {
        k -= 1;
    }
    // The token is `:name:`; a name of its own may hold colons
    // (`:cite:p:`), so the first colon of the token opens it.
    let token = &text[k..i];
    let name = token.strip_prefix(':')?.strip_suffix(':')?;
    if name.is_empty() || !name.as_bytes()[0].is_ascii_alphanumeric() {
        return None;
    }
    Some((name, k))
}

/// A role written right after a closing backtick (`` `x`:sub: ``).
fn role_after(text: &str, at: usize, end: usize) -> Option<(&str, usize)> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b':') || at >= end {
        return None;
    }
    let mut k = at + 1;
    while k < end && bytes[k] != b':' && role_char(bytes[k]) {
        k += 1;
    }
    (k > at + 1 && k < end && bytes[k] == b':').then(|| (&text[at + 1..k], k + 1))
}

/// `` `text`_ ``, `` `text <name_>`_ ``, `` `text <uri>`_ ``, and their
/// anonymous forms.
fn phrase(text: &str, whole: Span, content: Span, anonymous: bool, found: &mut Found) {
    let inner = content.of(text);
    if let Some((title, target, at)) = embedded(inner) {
        let at = content.start + at;
        match target.strip_suffix('_') {
            Some(alias) if !alias.ends_with('\\') && !alias.is_empty() => {
                let label_span = Span::new(at, at + alias.len());
                found.target_ref(normalize_label(alias), whole, label_span, Certainty::Marker);
            }
            // An embedded URI: a target of its own, named by its text.
            _ if !anonymous && !title.trim().is_empty() => found.implicit(title),
            _ => {}
        }
        return;
    }
    if anonymous {
        found.anonymous_ref(inner, whole, content);
    } else {
        found.target_ref(normalize_label(inner), whole, content, Certainty::Marker);
    }
}

/// The embedded target of a phrase, `text <target>`: the text, the target
/// and the target's offset in the phrase.
fn embedded(inner: &str) -> Option<(&str, &str, usize)> {
    let body = inner.strip_suffix('>')?;
    let open = body.rfind('<')?;
    if open > 0 && !body[..open].ends_with(char::is_whitespace) {
        return None;
    }
    let target = &body[open + 1..];
    let lead = target.len() - target.trim_start().len();
    let target = target.trim();
    (!target.is_empty()).then_some((&body[..open], target, open + 1 + lead))
}

/// A label as written, its whitespace (line ends, indentation) made one
/// space.
fn normalize_label(s: &str) -> String {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.contains('\\') {
        // `\<search\>` names the target `<search>`.
        super::explicit::unescape(&joined)
    } else {
        joined
    }
}

/// Interpreted text with a role of Sphinx's that refers: `:ref:`,
/// `:numref:`, `:doc:`, `:eq:`, sphinxcontrib-bibtex's `:cite:` family.
fn interpreted(
    text: &str,
    role: &str,
    whole: Span,
    content: Span,
    found: &mut Found,
    project: &Project<'_>,
) {
    let role = role.strip_prefix("std:").unwrap_or(role);
    let inner = content.of(text);
    match role {
        "ref" | "numref" | "doc" | "eq" | "math:numref" => {
            let (target, at) = match embedded(inner) {
                Some((_, target, at)) => (target, content.start + at),
                None => {
                    let lead = inner.len() - inner.trim_start().len();
                    (inner.trim(), content.start + lead)
                }
            };
            // `!` asks for no link; `~` shortens the title.
            if target.starts_with('!') || target.is_empty() {
                return;
            }
            let (target, at) = match target.strip_prefix('~') {
                Some(rest) => (rest, at + 1),
                None => (target, at),
            };
            let label_span = Span::new(at, at + target.len());
            let label = normalize_label(target);
            // A `prefix:` may name another project's inventory
            // (intersphinx): only a local label with that name is certain.
            let certainty = if project.intersphinx
                && (target.contains(':') || project.intersphinx_unprefixed)
            {
                Certainty::IfDefined
            } else {
                Certainty::Marker
            };
            let (namespace, key) = match role {
                "doc" => (Some("doc"), super::docname(project.docname, &label)),
                "eq" | "math:numref" => (Some("eq"), label.clone()),
                _ => (None, normalize(&label)),
            };
            let mut marker = Marker::new(RefKind::CrossRef, label.as_str(), whole);
            marker.key = Some(key.into());
            marker.label_span = label_span;
            marker.certainty = certainty;
            marker.namespace = namespace.map(Into::into);
            found.markers.push(marker);
        }
        _ if role == "cite"
            || role.starts_with("cite:")
            || role == "footcite"
            || role.starts_with("footcite:") =>
        {
            cite_keys(text, whole, content, found);
        }
        _ => {}
    }
}

/// The keys of a `:cite:` role, split at commas, with sphinxcontrib-bibtex
/// 2.5's `{pre}key{post}` notes left out.
fn cite_keys(text: &str, whole: Span, content: Span, found: &mut Found) {
    let inner = content.of(text);
    let mut depth = 0usize;
    let mut piece = 0;
    let ends = inner
        .char_indices()
        .chain(std::iter::once((inner.len(), ',')));
    for (at, c) in ends {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                let key = cite_key(text, Span::new(content.start + piece, content.start + at));
                if !key.is_empty() {
                    let mut marker = Marker::new(RefKind::Citation, key.of(text), whole);
                    marker.label_span = key;
                    found.markers.push(marker);
                }
                piece = at + 1;
            }
            _ => {}
        }
    }
}

/// A key without its `{pre}` and `{post}` notes and spaces.
fn cite_key(text: &str, piece: Span) -> Span {
    let mut span = trim(text, piece);
    let s = span.of(text);
    if s.starts_with('{') {
        if let Some(n) = s.find('}') {
            span.start += n + 1;
        }
    }
    let s = span.of(text);
    if s.ends_with('}') {
        if let Some(n) = s.rfind('{') {
            span.end = span.start + n;
        }
    }
    trim(text, span)
}

/// A span without the whitespace at its ends.
fn trim(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let lead = s.len() - s.trim_start().len();
    Span::new(span.start + lead, span.start + lead + s.trim().len())
}

/// `[label]_`: a footnote or citation reference.
fn bracket(text: &str, i: usize, start: usize, end: usize, found: &mut Found) -> Option<usize> {
    let bytes = text.as_bytes();
    if !opens(text, i, 1, start, end) || in_url(text, i, start) {
        return None;
    }
    // Labels are short and hold no space.
    let limit = end.min(i + 1 + 256);
    let close = i
        + 1
        + bytes[i + 1..limit]
            .iter()
            .position(|&b| b == b']' || b.is_ascii_whitespace())?;
    if bytes[close] != b']' || bytes.get(close + 1) != Some(&b'_') || close + 1 >= end {
        return None;
    }
    if bytes.get(close + 2) == Some(&b'_') && close + 2 < end {
        return None;
    }
    if !end_ok(after(text, close + 2, end)) {
        return None;
    }
    let label = &text[i + 1..close];
    let whole = Span::new(i, close + 2);
    found.note_ref(label, whole)?;
    Some(close + 2)
}

/// `|name|`, `|name|_`, `|name|__`: a substitution reference (and a
/// hyperlink reference to the same name).
fn bar(
    text: &str,
    i: usize,
    (start, end): (usize, usize),
    closers: &mut Closers,
    found: &mut Found,
) -> Option<usize> {
    let bytes = text.as_bytes();
    if !opens(text, i, 1, start, end) {
        return None;
    }
    let close = closers.bar.find(i + 2, |from| {
        end_string(text, from, (start, end), b'|', false)
    })?;
    // A substitution reference stays on its line.
    let line_end = closers.newline.find(i, |from| {
        memchr::memchr(b'\n', &bytes[from..end]).map(|n| from + n)
    });
    if line_end.is_some_and(|nl| nl < close) {
        return None;
    }
    let (tail, kind) = link_suffix(bytes, close + 1, end);
    let name = &text[i + 1..close];
    let label = normalize_label(name);
    let whole = Span::new(i, tail);
    let label_span = Span::new(i + 1, close);
    let mut marker = Marker::new(RefKind::Target, label.as_str(), whole);
    marker.key = Some(normalize(&label).into());
    marker.label_span = label_span;
    marker.namespace = Some(SUBSTITUTION.into());
    found.markers.push(marker);
    if kind == Tail::Named {
        found.target_ref(label, whole, label_span, Certainty::Marker);
    }
    Some(tail)
}

/// `name_` and `name__`: a simple hyperlink reference.
fn underscore(text: &str, i: usize, start: usize, end: usize, found: &mut Found) -> Option<usize> {
    let bytes = text.as_bytes();
    let anonymous = bytes.get(i + 1) == Some(&b'_') && i + 1 < end;
    let tail = if anonymous { i + 2 } else { i + 1 };
    if !end_ok(after(text, tail, end)) {
        return anonymous.then_some(i + 1);
    }
    // The name before: alphanumerics joined by single `-_.:+`.
    let head = &text[start..i];
    let mut word_start = i;
    let mut last_alnum = false;
    for (at, c) in head.char_indices().rev() {
        if c.is_alphanumeric() {
            word_start = start + at;
            last_alnum = true;
        } else if matches!(c, '-' | '_' | '.' | ':' | '+') && last_alnum {
            last_alnum = false;
        } else {
            break;
        }
    }
    if word_start == i || !start_ok(before(text, word_start, start)) {
        return None;
    }
    if escaped(bytes, word_start, start) || in_url(text, word_start, start) {
        return None;
    }
    let name = &text[word_start..i];
    let whole = Span::new(word_start, tail);
    let label_span = Span::new(word_start, i);
    if anonymous {
        found.anonymous_ref(name, whole, label_span);
    } else {
        found.target_ref(name.to_owned(), whole, label_span, Certainty::Marker);
    }
    Some(tail)
}
