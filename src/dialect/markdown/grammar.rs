//! nom productions of the Markdown dialect: footnote labels, pandoc
//! citation keys and bracketed citation groups, link reference definitions
//! and the TOML `bibliography` key. Everything here works on one `&str` and
//! returns offsets into it; spans are made by the caller.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1, take_while_m_n};
use nom::character::complete::{anychar, char, satisfy};
use nom::combinator::{all_consuming, opt, recognize};
use nom::multi::{fold_many_m_n, many0_count};
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

type Res<'a, O> = IResult<&'a str, O>;

/// Longest footnote or link label, in characters (CommonMark's limit).
const MAX_LABEL: usize = 999;
/// Longest braced citation key, in characters.
const MAX_BRACED_KEY: usize = 256;
/// Deepest bracket or parenthesis nesting followed inside one construct.
const MAX_NESTING: usize = 32;

/// Space, tab or line ending: what CommonMark collapses in labels.
pub(crate) fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}')
}

/// # Grammar
/// `escaped = "\" char`
fn escaped(input: &str) -> Res<'_, &str> {
    recognize(preceded(char('\\'), anychar)).parse(input)
}

/// # Grammar
/// `footnote-label = 1*999( escaped / ( char - WSP - EOL - "[" - "]" - "\" ) )`
fn footnote_label(input: &str) -> Res<'_, &str> {
    let plain = satisfy(|c| !is_blank(c) && !matches!(c, '[' | ']' | '\\'));
    recognize(fold_many_m_n(
        1,
        MAX_LABEL,
        alt((escaped, recognize(plain))),
        || (),
        |(), _| (),
    ))
    .parse(input)
}

/// Whether the text between `[^` and `]` is a GFM footnote label.
pub(crate) fn is_footnote_label(s: &str) -> bool {
    all_consuming(footnote_label).parse(s).is_ok()
}

/// A letter, digit or `_`: what a citation key starts with.
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Punctuation a citation key may hold between word characters.
fn is_key_punct(c: char) -> bool {
    matches!(
        c,
        ':' | '.' | '#' | '$' | '%' | '&' | '-' | '+' | '?' | '<' | '>' | '~' | '/'
    )
}

/// # Grammar
/// `plain-key = word *( word / key-punct &word )`, `word = ALNUM / "_"`
fn plain_key(input: &str) -> Res<'_, &str> {
    // By characters: this runs on every `@` in running text.
    let mut chars = input.char_indices().peekable();
    if !chars.next().is_some_and(|(_, c)| is_word(c)) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Satisfy,
        )));
    }
    let mut end = input.len();
    while let Some((at, c)) = chars.next() {
        let joins =
            is_word(c) || (is_key_punct(c) && chars.peek().is_some_and(|&(_, next)| is_word(next)));
        if !joins {
            end = at;
            break;
        }
    }
    Ok((&input[end..], &input[..end]))
}

/// # Grammar
/// `braced-key = "{" 1*256( char - "}" - EOL ) "}"`
fn braced_key(input: &str) -> Res<'_, &str> {
    delimited(
        char('{'),
        take_while_m_n(1, MAX_BRACED_KEY, |c| !matches!(c, '}' | '\n' | '\r')),
        char('}'),
    )
    .parse(input)
}

/// A pandoc citation: `@key`, `-@key` or `@{key}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cite<'a> {
    /// The key as written, without `@` or braces.
    pub key: &'a str,
    /// Bytes taken, from the `-` or `@` to the end of the key.
    pub len: usize,
}

/// # Grammar
/// `cite = [ "-" ] "@" ( braced-key / plain-key )`
pub(crate) fn cite(input: &str) -> Option<Cite<'_>> {
    let (rest, key) = preceded((opt(char('-')), char('@')), alt((braced_key, plain_key)))
        .parse(input)
        .ok()?;
    Some(Cite {
        key,
        len: input.len() - rest.len(),
    })
}

/// What may come right before a citation's `@` (or its `-`): pandoc takes
/// `me@example.com` as an address, not a citation of `example.com`.
pub(crate) fn cite_boundary(prev: Option<char>) -> bool {
    prev.is_none_or(|c| {
        c.is_whitespace()
            || matches!(
                c,
                '(' | '[' | '{' | ';' | '"' | '\'' | '*' | '_' | '“' | '‘' | '«' | '—' | '–'
            )
    })
}

/// The citations of a bracketed group, given what lies between its `[`
/// and `]`; `None` when it is not a citation group. Offsets are into
/// `content`.
///
/// # Grammar
/// `group = item *( ";" item )`,
/// `item = *( "[" nested "]" / char - ";" )` holding at least one `cite`
/// at a boundary (`[see @doe99, p. 33; -@smith04]`)
pub(crate) fn citation_group(content: &str) -> Option<Vec<(usize, Cite<'_>)>> {
    let mut out = Vec::new();
    let mut item_has_key = false;
    let mut depth = 0usize;
    let mut prev: Option<char> = None;
    let mut chars = content.char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                prev = Some('\\');
                continue;
            }
            '[' => depth += 1,
            ']' => depth = depth.saturating_sub(1),
            ';' if depth == 0 => {
                if !item_has_key {
                    return None;
                }
                item_has_key = false;
            }
            '-' | '@' if depth == 0 && cite_boundary(prev) => {
                if let Some(found) = cite(&content[at..]) {
                    out.push((at, found));
                    item_has_key = true;
                    // Skip the key; it holds no `;` or brackets.
                    let end = at + found.len;
                    while chars.offset() < end {
                        chars.next();
                    }
                    prev = content[..end].chars().next_back();
                    continue;
                }
            }
            _ => {}
        }
        prev = Some(c);
    }
    (item_has_key && !out.is_empty()).then_some(out)
}

/// # Grammar
/// `link-label = "[" 1*999( escaped / char - "[" - "]" - "\" ) "]"`, not blank
fn link_label(input: &str) -> Res<'_, &str> {
    // By bytes: this runs on every line that opens with `[`.
    let fail = || {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )))
    };
    let Some(body) = input.strip_prefix('[') else {
        return fail();
    };
    let bytes = body.as_bytes();
    let (mut i, mut chars) = (0, 0);
    while i < bytes.len() && chars <= MAX_LABEL {
        match bytes[i] {
            b']' => {
                let label = &body[..i];
                if label.chars().all(is_blank) {
                    return fail();
                }
                return Ok((&body[i + 1..], label));
            }
            b'[' => return fail(),
            // `escaped`: the backslash and the whole character after it.
            b'\\' => match bytes.get(i + 1) {
                Some(&b) => {
                    i += 1 + utf8_width(b);
                    chars += 1;
                }
                None => return fail(),
            },
            b => {
                chars += usize::from(b & 0xC0 != 0x80);
                i += 1;
            }
        }
    }
    fail()
}

/// The length of a UTF-8 character from its first byte.
fn utf8_width(first: u8) -> usize {
    match first {
        0..0x80 => 1,
        0xC0..0xE0 => 2,
        0xE0..0xF0 => 3,
        _ => 4,
    }
}

/// # Grammar
/// `WSP* = *( " " / "\t" )`
fn spaces(input: &str) -> Res<'_, &str> {
    take_while(|c| c == ' ' || c == '\t').parse(input)
}

/// # Grammar
/// `EOL = [ CR ] LF / CR`
fn eol(input: &str) -> Res<'_, &str> {
    alt((tag("\r\n"), tag("\n"), tag("\r"))).parse(input)
}

/// A line break inside a definition, with the container markers (`>` and
/// indentation) that begin the next line.
///
/// # Grammar
/// `line-break = WSP* EOL *( WSP / ">" )`
fn line_break(input: &str) -> Res<'_, &str> {
    recognize((spaces, eol, take_while(|c| matches!(c, ' ' | '\t' | '>')))).parse(input)
}

/// # Grammar
/// `separator = WSP* [ line-break ] WSP*`
fn separator(input: &str) -> Res<'_, &str> {
    recognize((spaces, opt(line_break), spaces)).parse(input)
}

/// # Grammar
/// `destination = "<" *( escaped / char - "<" - ">" - EOL ) ">"
///             / 1*( escaped / "(" … ")" / char - WSP - EOL - ctrl )`
fn destination(input: &str) -> Res<'_, &str> {
    if input.starts_with('<') {
        let bytes = input.as_bytes();
        let mut i = 1;
        while i < bytes.len() {
            match bytes[i] {
                b'>' => return Ok((&input[i + 1..], &input[..i + 1])),
                b'<' | b'\n' | b'\r' => break,
                // `escaped`: the backslash and the whole character after it.
                b'\\' => match bytes.get(i + 1) {
                    Some(&b) => i += 1 + utf8_width(b),
                    None => break,
                },
                _ => i += 1,
            }
        }
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Char,
        )));
    }
    // By bytes: everything that ends or nests a destination is ASCII.
    let bytes = input.as_bytes();
    let mut depth = 0usize;
    let mut end = 0;
    while end < bytes.len() {
        match bytes[end] {
            b'\\' => {
                // The backslash and the whole character after it.
                end += 1 + bytes.get(end + 1).map_or(0, |&b| utf8_width(b));
                continue;
            }
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    break;
                }
            }
            b')' if depth == 0 => break,
            b')' => depth -= 1,
            b if b.is_ascii_control() || b == b' ' => break,
            _ => {}
        }
        end += 1;
    }
    if end == 0 || depth != 0 {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    Ok((&input[end..], &input[..end]))
}

/// # Grammar
/// `title = DQUOTE *( escaped / char - DQUOTE ) DQUOTE / "'" … "'" / "(" … ")"`,
/// with no blank line inside
fn title(input: &str) -> Res<'_, &str> {
    let fail = || {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )))
    };
    let close = match input.chars().next() {
        Some('"') => '"',
        Some('\'') => '\'',
        Some('(') => ')',
        _ => return fail(),
    };
    let mut blank_line = false;
    let mut chars = input.char_indices().skip(1);
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                chars.next();
                blank_line = false;
            }
            '\n' if blank_line => return fail(),
            '\n' => blank_line = true,
            '(' if close == ')' => return fail(),
            c if c == close => return Ok((&input[at + 1..], &input[..at + 1])),
            c if c.is_whitespace() || c == '>' => {}
            _ => blank_line = false,
        }
    }
    fail()
}

/// A link reference definition, with offsets into the parsed input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct LinkDef<'a> {
    /// The label as written, without brackets.
    pub label: &'a str,
    /// Bytes taken by `[label]`.
    pub label_len: usize,
    /// The destination and title.
    pub body: (usize, usize),
}

/// # Grammar
/// `link-def = link-label ":" separator destination
///             [ ( 1*WSP / line-break ) WSP* title ] WSP* ( EOL / EOF )`
pub(crate) fn link_definition(input: &str) -> Option<LinkDef<'_>> {
    let offset = |rest: &str| input.len() - rest.len();
    let (rest, label) = link_label(input).ok()?;
    let label_len = offset(rest);
    let (rest, _) = (char(':'), separator).parse(rest).ok()?;
    let start = offset(rest);
    let (rest, _) = destination(rest).ok()?;
    let dest_end = offset(rest);
    let line_end = |r: &str| (spaces, alt((eol, nom::combinator::eof))).parse(r).is_ok();
    let titled = (
        alt((line_break, take_while1(|c| c == ' ' || c == '\t'))),
        spaces,
    )
        .parse(rest)
        .ok()
        .and_then(|(r, _)| title(r).ok())
        .filter(|(r, _)| line_end(r));
    let end = match titled {
        Some((r, _)) => offset(r),
        None if line_end(rest) => dest_end,
        None => return None,
    };
    Some(LinkDef {
        label,
        label_len,
        body: (start, end),
    })
}

/// A TOML string value: its offsets (quotes included) and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct TomlString<'a> {
    pub span: (usize, usize),
    pub value: &'a str,
}

/// # Grammar
/// `toml-string = DQUOTE *( escaped / char - DQUOTE - "\" - EOL ) DQUOTE
///              / "'" *( char - "'" - EOL ) "'"`
fn toml_string(input: &str) -> Res<'_, &str> {
    let basic = satisfy(|c| !matches!(c, '"' | '\\' | '\n' | '\r'));
    alt((
        delimited(
            char('"'),
            recognize(many0_count(alt((escaped, recognize(basic))))),
            char('"'),
        ),
        delimited(
            char('\''),
            take_while(|c| !matches!(c, '\'' | '\n' | '\r')),
            char('\''),
        ),
    ))
    .parse(input)
}

/// # Grammar
/// `toml-ws = *( WSP / EOL / "#" *( char - EOL ) )`
fn toml_ws(input: &str) -> Res<'_, ()> {
    let comment = recognize((char('#'), take_while(|c| c != '\n' && c != '\r')));
    let (rest, _) = many0_count(alt((take_while1(char::is_whitespace), comment))).parse(input)?;
    Ok((rest, ()))
}

/// The values of a top-level TOML `bibliography` key: a string or an
/// array of strings. Offsets are into `input`, which starts at the key.
///
/// # Grammar
/// `toml-bib = "bibliography" WSP* "=" WSP* ( toml-string / "[" toml-ws
///             *( toml-string toml-ws "," toml-ws ) [ toml-string toml-ws ] "]" )`
pub(crate) fn toml_bibliography(input: &str) -> Option<Vec<TomlString<'_>>> {
    let offset = |rest: &str| input.len() - rest.len();
    let (mut rest, _) = (tag("bibliography"), spaces, char('='), spaces)
        .parse(input)
        .ok()?;
    let mut out = Vec::new();
    if let Ok((after, _)) = char::<_, nom::error::Error<&str>>('[').parse(rest) {
        rest = toml_ws(after).ok()?.0;
        while !rest.starts_with(']') {
            let (after, value) = toml_string(rest).ok()?;
            out.push(TomlString {
                span: (offset(rest), offset(after)),
                value,
            });
            rest = toml_ws(after).ok()?.0;
            match rest.strip_prefix(',') {
                Some(after) => rest = toml_ws(after).ok()?.0,
                None if rest.starts_with(']') => {}
                None => return None,
            }
        }
    } else {
        let (after, value) = toml_string(rest).ok()?;
        out.push(TomlString {
            span: (offset(rest), offset(after)),
            value,
        });
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn footnote_labels() {
        assert!(is_footnote_label("1"));
        assert!(is_footnote_label("note-2"));
        assert!(is_footnote_label("😄ref"));
        assert!(is_footnote_label("a\\]b"));
        assert!(!is_footnote_label(""));
        assert!(!is_footnote_label("a b"));
        assert!(!is_footnote_label("a\tb"));
        assert!(!is_footnote_label("[x"));
        assert!(!is_footnote_label(&"x".repeat(1000)));
    }

    #[test]
    fn cites() {
        let key = |s| cite(s).map(|c| (c.key, c.len));
        assert_eq!(key("@doe99, p. 3"), Some(("doe99", 6)));
        assert_eq!(key("-@doe99]"), Some(("doe99", 7)));
        assert_eq!(key("@Doe:2020.x."), Some(("Doe:2020.x", 11)));
        assert_eq!(key("@a--b"), Some(("a", 2)));
        assert_eq!(key("@{https://x.org/a?b}"), Some(("https://x.org/a?b", 20)));
        assert_eq!(key("@_x"), Some(("_x", 3)));
        assert_eq!(key("@ x"), None);
        assert_eq!(key("@.x"), None);
        assert_eq!(key("@{}"), None);
    }

    #[test]
    fn groups() {
        let keys =
            |s| citation_group(s).map(|g| g.into_iter().map(|(_, c)| c.key).collect::<Vec<_>>());
        assert_eq!(keys("@doe"), Some(vec!["doe"]));
        assert_eq!(keys("see @doe, p. 3; -@smith"), Some(vec!["doe", "smith"]));
        assert_eq!(keys("@a; @b [p. 3]; also @c"), Some(vec!["a", "b", "c"]));
        assert_eq!(keys("@a; no key"), None);
        assert_eq!(keys("mail me@example.com"), None);
        assert_eq!(keys("just text"), None);
    }

    #[test]
    fn link_definitions() {
        let def = |s| link_definition(s).map(|d| (d.label, &s[d.body.0..d.body.1]));
        assert_eq!(def("[ref]: /u \"t\"\nnext"), Some(("ref", "/u \"t\"")));
        assert_eq!(
            def("[ref]:\n  /u\n  'title'\n"),
            Some(("ref", "/u\n  'title'"))
        );
        assert_eq!(def("[a]: <my url> (t)"), Some(("a", "<my url> (t)")));
        assert_eq!(
            def("[q]: /q\n> \"title\n> more\""),
            Some(("q", "/q\n> \"title\n> more\""))
        );
        assert_eq!(def("[a]: /u \"t\" junk"), None);
        assert_eq!(def("[a]: /u\n\"t\" junk"), Some(("a", "/u")));
        assert_eq!(def("[a]:"), None);
        assert_eq!(def("[ ]: /u"), None);
        assert_eq!(def("[a]: /u(x"), None);
        assert_eq!(def("[a]: /u\r\n"), Some(("a", "/u")));
    }

    #[test]
    fn link_labels() {
        fn label(s: &str) -> Option<(&str, &str)> {
            link_label(s).ok().map(|(rest, l)| (l, rest))
        }
        assert_eq!(label("[a\\]b]: x"), Some(("a\\]b", ": x")));
        assert_eq!(label("[\\é]"), Some(("\\é", "")));
        assert_eq!(label("[a[b]"), None);
        assert_eq!(label("[ \t]"), None);
        assert_eq!(label("[]"), None);
        assert_eq!(label("[a\\"), None);
        assert_eq!(label("[a"), None);
        // At most 999 characters, escapes counting once.
        let longest = format!("[{}]", "é".repeat(998) + "\\]");
        assert!(label(&longest).is_some());
        assert_eq!(label(&format!("[{}]", "é".repeat(1000))), None);
        assert!(label(&format!("[{}]", "é".repeat(999))).is_some());
    }

    #[test]
    fn toml_bibliographies() {
        let values =
            |s| toml_bibliography(s).map(|v| v.into_iter().map(|t| t.value).collect::<Vec<_>>());
        assert_eq!(values("bibliography = \"a.bib\"\n"), Some(vec!["a.bib"]));
        assert_eq!(
            values("bibliography = [\n  'a.bib', # one\n  \"b.bib\",\n]"),
            Some(vec!["a.bib", "b.bib"])
        );
        assert_eq!(values("bibliography = 3"), None);
        assert_eq!(values("bibliography = [\"a\" \"b\"]"), None);
    }
}
