//! The productions of the LaTeX grammar (see the module docs), as functions
//! with nom's signature: `&str` in, the rest and what was read out. Groups
//! are matched with a depth counter, never by recursion, so braces nested
//! a hundred thousand deep are one loop.

use memchr::memchr;
use nom::{IResult, Parser};

/// nom's error for these productions: where reading stopped.
type Res<'a, T> = IResult<&'a str, T>;

fn fail(input: &str) -> nom::Err<nom::error::Error<&str>> {
    nom::Err::Error(nom::error::Error::new(input, nom::error::ErrorKind::Verify))
}

/// A control word's name: ASCII letters after the backslash (already
/// consumed). `@` counts as a letter, as it does in packages and after
/// `\makeatletter`.
pub fn word(input: &str) -> Res<'_, &str> {
    nom::bytes::complete::take_while1(|c: char| c.is_ascii_alphabetic() || c == '@').parse(input)
}

/// A `*` right after a command's name.
pub fn star(input: &str) -> (&str, bool) {
    match input.strip_prefix('*') {
        Some(rest) => (rest, true),
        None => (input, false),
    }
}

/// Spaces, tabs, one line end and `%` comments, as TeX skips them between
/// a command and its arguments. A blank line (a paragraph break) stops.
pub fn blank(input: &str) -> &str {
    let bytes = input.as_bytes();
    let (mut at, mut newlines) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b' ' | b'\t' => at += 1,
            b'\r' => at += 1,
            b'\n' => {
                newlines += 1;
                if newlines > 1 {
                    // A blank line: back to the first line end.
                    return &input[input[..at].rfind('\n').unwrap_or(at)..];
                }
                at += 1;
            }
            b'%' => {
                // A comment swallows its line end; the next line's leading
                // spaces are skipped too.
                at = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n + 1);
                while at < bytes.len() && matches!(bytes[at], b' ' | b'\t') {
                    at += 1;
                }
            }
            _ => break,
        }
    }
    &input[at..]
}

/// How a group's end is found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// Ordinary text: `%` starts a comment, whose braces do not count; a
    /// blank line ends the group in error unless `long`.
    Text { long: bool },
    /// A URL or path (`\url`, `\href`'s first argument): `%` and `#` are
    /// characters.
    Verbatim,
}

/// The position of the `}` that closes a group whose `{` was just
/// consumed, counting nested braces; `\{`, `\}` and comments do not count.
/// `None` when the text ends first (or a blank line comes, for a short
/// argument).
pub fn closing(inside: &str, body: Body) -> Option<usize> {
    // One pass over the bytes: arguments are short, and a search for the
    // next `%` or line end from each of them would read far ahead.
    let bytes = inside.as_bytes();
    let comments = body != Body::Verbatim;
    let lines = body == Body::Text { long: false };
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => depth += 1,
            b'}' => {
                if depth == 0 {
                    return Some(at);
                }
                depth -= 1;
            }
            // The next character is escaped (`\{`, `\%`, `\\`).
            b'\\' => at += 1,
            b'%' if comments => {
                at = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
                continue;
            }
            b'\n' if lines => {
                // A blank line (possibly with spaces) is a paragraph
                // break, which ends a short argument in error.
                let rest = &bytes[at + 1..];
                let spaces = rest
                    .iter()
                    .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\r'))
                    .count();
                if rest.get(spaces) == Some(&b'\n') {
                    return None;
                }
            }
            _ => {}
        }
        at += 1;
    }
    None
}

/// A `{…}` group: the text inside.
pub fn group(body: Body) -> impl Fn(&str) -> Res<'_, &str> {
    move |input: &str| {
        let inside = input.strip_prefix('{').ok_or_else(|| fail(input))?;
        let end = closing(inside, body).ok_or_else(|| fail(input))?;
        Ok((&inside[end + 1..], &inside[..end]))
    }
}

/// A mandatory argument: a group, or a single token (`\ref x` is rare but
/// legal; only a group is taken here, the callers skip what is not one).
pub fn argument(input: &str) -> Res<'_, &str> {
    group(Body::Text { long: false })(blank(input))
}

/// An optional argument `[…]`: braces inside nest (a `]` inside braces does
/// not close it); the text inside.
pub fn optional(input: &str) -> Res<'_, &str> {
    let input = blank(input);
    let inside = input.strip_prefix('[').ok_or_else(|| fail(input))?;
    let bytes = inside.as_bytes();
    let mut depth = 0usize;
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b']' if depth == 0 => return Ok((&inside[at + 1..], &inside[..at])),
            b'\\' => at += 1,
            b'%' => {
                at = memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |n| at + n);
            }
            b'\n'
                if bytes[at + 1..]
                    .iter()
                    .find(|b| !matches!(b, b' ' | b'\t' | b'\r'))
                    == Some(&b'\n') =>
            {
                return Err(fail(input));
            }
            _ => {}
        }
        at += 1;
    }
    Err(fail(input))
}

/// A `(…)` group of a multicite command's pre- and postnote.
pub fn parens(input: &str) -> Res<'_, &str> {
    let input = blank(input);
    let inside = input.strip_prefix('(').ok_or_else(|| fail(input))?;
    let bytes = inside.as_bytes();
    let mut depth = 0usize;
    for (at, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b')' if depth == 0 => return Ok((&inside[at + 1..], &inside[..at])),
            b'\n' if bytes.get(at + 1) == Some(&b'\n') => break,
            _ => {}
        }
    }
    Err(fail(input))
}

/// `\verb` and friends: a delimiter character, then text up to the same
/// character on the same line. The text inside.
pub fn delimited(input: &str) -> Res<'_, &str> {
    let mut chars = input.chars();
    let delim = chars
        .next()
        .filter(|c| !c.is_alphabetic() && !c.is_whitespace() && *c != '*')
        .ok_or_else(|| fail(input))?;
    let body = chars.as_str();
    let line = &body[..memchr(b'\n', body.as_bytes()).unwrap_or(body.len())];
    let end = line.find(delim).ok_or_else(|| fail(input))?;
    Ok((&body[end + delim.len_utf8()..], &body[..end]))
}

/// The path of the primitive `\input file` (no braces): up to a space,
/// line end, brace, `%` or backslash.
pub fn bare_path(input: &str) -> Res<'_, &str> {
    let rest = input.trim_start_matches([' ', '\t']);
    let end = rest
        .find(|c: char| c.is_whitespace() || matches!(c, '{' | '}' | '%' | '\\'))
        .unwrap_or(rest.len());
    if end == 0 {
        return Err(fail(input));
    }
    Ok((&rest[end..], &rest[..end]))
}

/// A command name as a macro definition gives it: `\name` or `{\name}`
/// (a control word, or a control symbol such as `\@`).
pub fn defined_name(input: &str) -> Res<'_, &str> {
    let input = blank(input);
    if let Some(inside) = input.strip_prefix('{') {
        let inside = blank(inside);
        let (rest, name) = control_sequence(inside)?;
        let rest = blank(rest);
        let rest = rest.strip_prefix('}').ok_or_else(|| fail(rest))?;
        return Ok((rest, name));
    }
    control_sequence(input)
}

/// `\word` or `\` and one character: the name.
pub fn control_sequence(input: &str) -> Res<'_, &str> {
    let after = input.strip_prefix('\\').ok_or_else(|| fail(input))?;
    if let Ok((rest, name)) = word(after) {
        return Ok((rest, name));
    }
    let c = after.chars().next().ok_or_else(|| fail(input))?;
    Ok((&after[c.len_utf8()..], &after[..c.len_utf8()]))
}

/// Text with its `%` comments removed, and whether it had any: keys
/// written over several lines (`\cite{a,%⏎ b}`).
pub fn without_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if memchr(b'%', text.as_bytes()).is_none() {
        return text.into();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('%') {
        if rest[..at].ends_with('\\') && !rest[..at].ends_with("\\\\") {
            out.push_str(&rest[..=at]);
            rest = &rest[at + 1..];
            continue;
        }
        out.push_str(&rest[..at]);
        rest = match rest[at..].find('\n') {
            Some(n) => &rest[at + n + 1..],
            None => "",
        };
    }
    out.push_str(rest);
    out.into()
}

/// Whether text is blank to TeX: only spaces, line ends and comments.
pub fn is_blank(text: &str) -> bool {
    without_comments(text).trim().is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_nest_and_skip_escapes_and_comments() {
        assert_eq!(
            group(Body::Text { long: true })("{a {b} \\} % }\n c}rest"),
            Ok(("rest", "a {b} \\} % }\n c"))
        );
        assert!(group(Body::Text { long: false })("{a\n\nb}").is_err());
        assert_eq!(
            group(Body::Text { long: true })("{a\n\nb}x"),
            Ok(("x", "a\n\nb"))
        );
        assert_eq!(
            group(Body::Verbatim)("{http://x.org/a%20b#c}"),
            Ok(("", "http://x.org/a%20b#c"))
        );
        assert!(group(Body::Text { long: true })("{never closed").is_err());
    }

    /// 100,000 nested braces: one loop, no recursion.
    #[test]
    fn deep_nesting_is_a_loop() {
        let text = format!("{}x{}", "{".repeat(100_000), "}".repeat(100_000));
        let (rest, inside) = group(Body::Text { long: true })(&text).unwrap();
        assert_eq!((rest, inside.len()), ("", 200_000 - 1));
        let open = "{".repeat(100_000);
        assert!(group(Body::Text { long: true })(&open).is_err());
    }

    #[test]
    fn optional_arguments_nest_braces() {
        assert_eq!(optional(" [a {]} b]{x}"), Ok(("{x}", "a {]} b")));
        assert!(optional("{x}").is_err());
        assert!(optional("[a\n\nb]").is_err());
    }

    #[test]
    fn blanks_stop_at_paragraphs() {
        assert_eq!(blank("  % c\n  {x}"), "{x}");
        assert_eq!(blank(" \n {x}"), "{x}");
        assert_eq!(blank(" \n\n{x}"), "\n\n{x}");
    }

    #[test]
    fn verb_and_paths() {
        assert_eq!(delimited("|a\\b|c"), Ok(("c", "a\\b")));
        assert!(delimited("|never\n|").is_err());
        assert_eq!(bare_path(" chapter1 more"), Ok((" more", "chapter1")));
        assert_eq!(defined_name(" {\\foo}[1]"), Ok(("[1]", "foo")));
        assert_eq!(defined_name("\\@x"), Ok(("", "@x")));
        assert_eq!(parens("(see)(p. 4)"), Ok(("(p. 4)", "see")));
    }

    #[test]
    fn comments_come_out_of_keys() {
        assert_eq!(without_comments("a,% x\n b"), "a, b");
        assert_eq!(without_comments("50\\% off"), "50\\% off");
        assert!(is_blank(" % only a comment\n "));
        assert!(!is_blank(" text % and a comment"));
    }
}
