//! nom productions of the plain dialect: bracket groups, definition labels
//! and notes headings. Everything here works on one `&str` and returns how
//! many bytes it consumed; spans are made by the caller.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, space0};
use nom::combinator::{map_res, opt, recognize, verify};
use nom::multi::separated_list1;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::model::label_number;

/// The longest key label we accept (`[I-D.ietf-quic-transport]` is 24).
const MAX_KEY: usize = 64;
/// A range such as `[3–5]` expands only when it is at most this long.
const MAX_RANGE: u32 = 50;

/// What a bracket group refers to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Refs<'a> {
    /// One note number, `[4]` (the common case, without allocating).
    One(u32),
    /// Note numbers, lists and ranges expanded, in written order, each
    /// with where it is written in the group (start and end, relative to
    /// the `[`): a number a range implies gets the whole range.
    Numbers(Vec<(u32, usize, usize)>),
    /// One key label such as `RFC2119`.
    Key(&'a str),
}

/// # Grammar
/// `number = 1*4DIGIT`
fn number(input: &str) -> IResult<&str, u32> {
    map_res(
        take_while_m_n(1, 4, |c: char| c.is_ascii_digit()),
        str::parse,
    )
    .parse(input)
}

/// # Grammar
/// `dash = "-" / "–" / "—"`
fn dash(input: &str) -> IResult<&str, char> {
    alt((char('-'), char('\u{2013}'), char('\u{2014}'))).parse(input)
}

/// # Grammar
/// `item = number [ dash number ]`
fn item(input: &str) -> IResult<&str, (u32, Option<u32>)> {
    (number, opt(preceded(dash, number))).parse(input)
}

/// # Grammar
/// `numbers = "[" item *( ( "," / ";" ) *WSP item ) "]"`
fn numbers(input: &str) -> IResult<&str, Vec<(u32, Option<u32>)>> {
    delimited(
        char('['),
        separated_list1((alt((char(','), char(';'))), space0), item),
        char(']'),
    )
    .parse(input)
}

pub(crate) fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '/' | '+' | ':' | '&')
}

/// # Grammar
/// `key = "[" (ALPHA / DIGIT) *63keychar "]"` — not all digits
fn key(input: &str) -> IResult<&str, &str> {
    delimited(
        char('['),
        verify(take_while_m_n(1, MAX_KEY, is_key_char), |k: &str| {
            k.starts_with(|c: char| c.is_ascii_alphanumeric())
                && !k.bytes().all(|b| b.is_ascii_digit())
        }),
        char(']'),
    )
    .parse(input)
}

/// Expand `items` (written in `group`, which holds their digits in order)
/// into numbers with where each is written; `false` for a backward or too
/// long range.
fn expand(group: &str, items: &[(u32, Option<u32>)], out: &mut Vec<(u32, usize, usize)>) -> bool {
    let mut runs = digit_runs(group);
    for &(lo, hi) in items {
        let (a, b) = runs.next().unwrap_or((0, group.len()));
        match hi {
            None => out.push((lo, a, b)),
            Some(hi) if lo < hi && hi - lo <= MAX_RANGE => {
                let (c, d) = runs.next().unwrap_or((a, b));
                out.push((lo, a, b));
                out.extend((lo + 1..hi).map(|n| (n, a, d)));
                out.push((hi, c, d));
            }
            Some(_) => return false,
        }
    }
    true
}

/// Start and end of each run of ASCII digits in `text`.
fn digit_runs(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(u8::is_ascii_digit)?;
        let end = start
            + bytes[start..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(bytes.len() - start);
        at = end;
        Some((start, end))
    })
}

/// Parse a bracket group at the start of `input` (which starts with `[`):
/// `[4]`, `[1, 4]`, `[3–5]`, `[3]-[5]`, `[RFC2119]`.
///
/// # Grammar
/// `group = numbers [ dash "[" number "]" ] / key`
pub(crate) fn group(input: &str) -> Option<(Refs<'_>, usize)> {
    let bytes = input.as_bytes();
    // Fast path for `[4]`, `[12]`; lists, ranges and keys go to nom.
    let digits = bytes[1..]
        .iter()
        .take(5)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if (1..=4).contains(&digits)
        && bytes.get(digits + 1) == Some(&b']')
        && !matches!(bytes.get(digits + 2), Some(b'-' | 0xE2))
    {
        let n = bytes[1..=digits]
            .iter()
            .fold(0, |n, &b| n * 10 + u32::from(b - b'0'));
        return Some((Refs::One(n), digits + 2));
    }
    match bytes.get(1) {
        Some(b) if b.is_ascii_alphanumeric() => {}
        _ => return None,
    }
    if let Ok((rest, items)) = numbers(input) {
        let mut out = Vec::with_capacity(items.len());
        if !expand(&input[..input.len() - rest.len()], &items, &mut out) {
            return None;
        }
        // `[3]-[5]`: a range spelled with two brackets.
        let mut rest = rest;
        if let [(lo, None)] = items[..] {
            if let Ok((after, hi)) =
                preceded(dash, delimited(char('['), number, char(']'))).parse(rest)
            {
                if lo < hi && hi - lo <= MAX_RANGE {
                    let written = &input[..input.len() - after.len()];
                    out.clear();
                    if !expand(written, &[(lo, Some(hi))], &mut out) {
                        return None;
                    }
                    rest = after;
                }
            }
        }
        return Some((Refs::Numbers(out), input.len() - rest.len()));
    }
    let (rest, k) = key(input).ok()?;
    Some((Refs::Key(k), input.len() - rest.len()))
}

/// Whether a key has the shape of a citation key: letters then a number of
/// two or more digits (`RFC2119`, `Smith2020`, `ISO8601`), or an
/// Internet-Draft name (`I-D.ietf-quic-transport`).
pub(crate) fn is_citation_key(key: &str) -> bool {
    if key.starts_with("I-D.") && key.len() > 4 {
        return true;
    }
    let letters = key
        .bytes()
        .take_while(|b| b.is_ascii_alphabetic() || matches!(b, b'-' | b'.' | b'_'))
        .count();
    let digits = key.as_bytes()[letters..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    // `[H14.1]`: one letter and a section number is a cross-reference
    // convention ("[HX.Y] is section X.Y of RFC 2616"), not a key.
    let section = letters == 1 && key.as_bytes().get(letters + digits) == Some(&b'.');
    letters > 0 && digits >= 2 && !section && key.starts_with(|c: char| c.is_ascii_uppercase())
}

/// A definition's label at the start of a line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct DefLabel<'a> {
    pub label: &'a str,
    /// Bytes taken by the label with its punctuation (`[4]`, `4.`).
    pub len: usize,
    /// Whether it was written `N.` rather than bracketed.
    pub numbered: bool,
}

/// What may follow a definition label: whitespace, the end of the line, or
/// punctuation left where a source name was stripped (`[2], June 14`).
fn label_end(rest: &str) -> bool {
    rest.chars()
        .next()
        .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '.' | ':' | ';'))
}

/// # Grammar
/// `def-key = "[" ( number / key ) "]"` — a number has at most 4 digits
fn def_key(input: &str) -> IResult<&str, &str> {
    delimited(
        char('['),
        verify(take_while_m_n(1, MAX_KEY, is_key_char), |k: &str| {
            k.starts_with(|c: char| c.is_ascii_alphanumeric())
                && (!k.bytes().all(|b| b.is_ascii_digit()) || k.len() <= 4)
        }),
        char(']'),
    )
    .parse(input)
}

/// # Grammar
/// `def-label = "[" ( number / key ) "]" / number ( "." / ")" ) ( WSP / end )`
pub(crate) fn def_label(line: &str) -> Option<DefLabel<'_>> {
    match line.as_bytes().first() {
        Some(b'[') => {}
        Some(b) if b.is_ascii_digit() => {}
        _ => return None,
    }
    if line.starts_with('[') {
        // Read the whole key first: `[3DES]` is a key, not the number 3.
        let (rest, label) = def_key(line).ok()?;
        return label_end(rest).then(|| DefLabel {
            label,
            len: line.len() - rest.len(),
            numbered: false,
        });
    }
    let (rest, label) = recognize(number).parse(line).ok()?;
    let (rest, _) = alt((tag::<_, _, nom::error::Error<&str>>("."), tag(")")))
        .parse(rest)
        .ok()?;
    let len = line.len() - rest.len();
    // `18.` alone is a note too: an empty one, or one whose text starts
    // on the next line.
    (rest.is_empty() || rest.starts_with([' ', '\t', '\u{a0}'])).then_some(DefLabel {
        label,
        len,
        numbered: true,
    })
}

/// `[1]_Ras_: a vessel`: a bracketed label with no space before the
/// note's text (a typo, or a space lost in an export).
///
/// # Grammar
/// `glued-label = "[" ( number / key ) "]" ( ALPHA / DIGIT / "_" / "*" / DQUOTE )`
pub(crate) fn glued_label(line: &str) -> Option<DefLabel<'_>> {
    let (rest, label) = def_key(line).ok()?;
    let glued = rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '*' | '"' | '\u{201c}'));
    (glued && (label_number(label).is_some() || is_citation_key(label))).then(|| DefLabel {
        label,
        len: line.len() - rest.len(),
        numbered: false,
    })
}

/// Headings that open a notes block, after any section number.
const NOTES_HEADINGS: &[&str] = &[
    "notes",
    "endnotes",
    "end notes",
    "footnotes",
    "notes and references",
    "notes and sources",
];
/// The last word of every heading in the two lists above and below.
const LAST_WORDS: &[&str] = &[
    "notes",
    "endnotes",
    "footnotes",
    "references",
    "reference",
    "bibliography",
    "sources",
    "cited",
    "citations",
];
/// Last words of headings that open a reference list (`Normative
/// References`, `Works Cited`).
const REFERENCE_WORDS: &[&str] = &[
    "references",
    "reference",
    "bibliography",
    "sources",
    "cited",
    "citations",
];

/// Classify a heading line: `Some(true)` for notes, `Some(false)` for a
/// reference list, `None` for any other heading.
///
/// # Grammar
/// `notes-heading = [ section-number ] title [ ":" ]`, where
/// `section-number = ( 1*DIGIT / ALPHA ) *( "." 1*DIGIT ) [ "." ] *WSP` or
/// `"Appendix" WSP ALPHA ["."]`
pub(crate) fn notes_heading(line: &str) -> Option<bool> {
    let mut title = line.trim();
    if let Some(rest) = title.strip_prefix("Appendix ") {
        title = rest.trim_start_matches(|c: char| c.is_ascii_alphabetic());
    }
    let numbered = title.len()
        - title
            .trim_start_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    if numbered > 0 {
        title = &title[numbered..];
    } else if title.len() > 2 && title.as_bytes()[1] == b'.' {
        // "A.  References"
        title = &title[2..];
    }
    let title = title.trim().trim_end_matches(':').trim_end();
    if title.is_empty() || title.len() > 48 {
        return None;
    }
    // Every heading we take ends in one of these words: a cheap rejection.
    let last = title.rsplit(' ').next().unwrap_or(title);
    if !LAST_WORDS.iter().any(|w| w.eq_ignore_ascii_case(last)) {
        return None;
    }
    let words = || title.split_whitespace();
    let is = |word: &str, list: &[&str]| list.iter().any(|w| w.eq_ignore_ascii_case(word));
    if NOTES_HEADINGS
        .iter()
        .any(|h| h.split(' ').eq_by_words(words()))
    {
        return Some(true);
    }
    let last = words().next_back()?;
    (words().count() <= 3 && is(last, REFERENCE_WORDS)).then_some(false)
}

/// Word-by-word comparison ignoring ASCII case.
trait EqByWords<'a>: Iterator<Item = &'a str> + Sized {
    fn eq_by_words(mut self, mut other: impl Iterator<Item = &'a str>) -> bool {
        loop {
            match (self.next(), other.next()) {
                (None, None) => return true,
                (Some(a), Some(b)) if a.eq_ignore_ascii_case(b) => {}
                _ => return false,
            }
        }
    }
}

impl<'a, I: Iterator<Item = &'a str>> EqByWords<'a> for I {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups() {
        assert_eq!(group("[4] x"), Some((Refs::One(4), 3)));
        assert_eq!(group("[4]"), Some((Refs::One(4), 3)));
        assert_eq!(group("[4]—x"), Some((Refs::Numbers(vec![(4, 1, 2)]), 3)));
        assert_eq!(group("["), None);
        // Each number with where it is written; one a range implies gets
        // the whole range (for `ibid fix`, which rewrites each label).
        assert_eq!(
            group("[1, 14]"),
            Some((Refs::Numbers(vec![(1, 1, 2), (14, 4, 6)]), 7))
        );
        assert_eq!(
            group("[3–5]"),
            Some((Refs::Numbers(vec![(3, 1, 2), (4, 1, 6), (5, 5, 6)]), 7))
        );
        assert_eq!(
            group("[3]-[5]"),
            Some((Refs::Numbers(vec![(3, 1, 2), (4, 1, 6), (5, 5, 6)]), 7))
        );
        assert_eq!(
            group("[2,3-4;9]"),
            Some((
                Refs::Numbers(vec![(2, 1, 2), (3, 3, 4), (4, 5, 6), (9, 7, 8)]),
                9
            ))
        );
        assert_eq!(group("[RFC2119]"), Some((Refs::Key("RFC2119"), 9)));
        assert_eq!(group("[5-1]"), None);
        assert_eq!(group("[1-900]"), None);
        assert_eq!(group("[12345]"), None);
        assert_eq!(group("[sic]"), Some((Refs::Key("sic"), 5)));
        assert_eq!(group("[i.e., Israel]"), None);
        assert_eq!(group("[...]"), None);
        assert_eq!(group("[Page 5]"), None);
        assert_eq!(group("[1*DIGIT]"), None);
    }

    #[test]
    fn citation_keys() {
        for key in [
            "RFC2119",
            "Smith2020",
            "SMITH2020",
            "I-D.ietf-quic-transport",
        ] {
            assert!(is_citation_key(key), "{key}");
        }
        for key in [
            "CRLF", "TBD", "sic", "UTF8", "optional", "I-D.", "H14.1", "jg639",
        ] {
            assert!(!is_citation_key(key), "{key}");
        }
    }

    #[test]
    fn definition_labels() {
        let l = def_label("[2], June 14").map(|d| (d.label, d.len));
        assert_eq!(l, Some(("2", 3)));
        let l = def_label("[RFC2119]  Bradner").map(|d| (d.label, d.len));
        assert_eq!(l, Some(("RFC2119", 9)));
        assert!(def_label("12. Note").is_some_and(|d| d.numbered && d.label == "12"));
        assert_eq!(def_label("13.1.  Normative References"), None);
        assert_eq!(def_label("[1]x"), None);
        assert_eq!(def_label("[The model of] the"), None);
        let l = def_label("[3DES]     NIST").map(|d| (d.label, d.len));
        assert_eq!(l, Some(("3DES", 6)));
        assert_eq!(def_label("[12345] x"), None);
        assert!(def_label("18.").is_some_and(|d| d.numbered && d.len == 3));
        assert_eq!(def_label("18.5 percent"), None);
    }

    #[test]
    fn glued_labels() {
        let l = glued_label("[1]_Ras_: a vessel").map(|d| (d.label, d.len));
        assert_eq!(l, Some(("1", 3)));
        let l = glued_label("[RFC2119]Bradner").map(|d| (d.label, d.len));
        assert_eq!(l, Some(("RFC2119", 9)));
        assert_eq!(glued_label("[1] spaced"), None);
        assert_eq!(glued_label("[sic]ly"), None);
        assert_eq!(glued_label("[1](x)"), None);
    }

    #[test]
    fn headings() {
        assert_eq!(notes_heading("Notes"), Some(true));
        assert_eq!(notes_heading("ENDNOTES:"), Some(true));
        assert_eq!(notes_heading("13.1.  Normative References"), Some(false));
        assert_eq!(notes_heading("15.Normative References"), Some(false));
        assert_eq!(notes_heading("29 Normative References"), Some(false));
        assert_eq!(notes_heading("Appendix B.  References"), Some(false));
        assert_eq!(notes_heading("A.  References"), Some(false));
        assert_eq!(notes_heading("REFERENCES"), Some(false));
        assert_eq!(notes_heading("Implementation Notes"), None);
        assert_eq!(notes_heading("Share this Report:"), None);
        assert_eq!(notes_heading("Security Considerations"), None);
    }
}
