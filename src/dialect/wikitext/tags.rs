//! XML-like tags as MediaWiki's preprocessor reads them: the open tag of
//! an element (`<ref name="x" group=g/>`), its attributes, and where it
//! closes. Read with nom, after the scanner has found a `<`.
//!
//! # Grammar
//!
//! ```text
//! open      = "<" name attrs ( "/>" / ">" )   ; name followed by space, "/" or ">";
//!                                             ; attrs run to the first ">", quotes or not
//! name      = 1*( ALPHA / DIGIT / "-" )        ; compared case-insensitively
//! attrs     = *( *WS attr / junk )
//! attr      = aname [ *WS "=" *WS value ]
//! aname     = 1*( ALNUM / ":" / "_" / "-" / "." )   ; lower-cased
//! value     = DQUOTE *( not DQUOTE ) [ DQUOTE ]
//!           / "'" *( not "'" ) [ "'" ]
//!           / 1*( not WS )
//! close     = "</" name *WS ">"               ; the first one after the open tag
//! ```
//!
//! The preprocessor does the same (`Preprocessor_Hash`): an element's
//! attributes end at the first `>`, even inside quotes; a `/` just before
//! it makes the element empty; its content ends at the first close tag of
//! its name, whatever lies between (a comment, `<nowiki>`). Attribute
//! values are read as `Sanitizer::decodeTagAttributes` reads them, with
//! their character references decoded (`name="Smith &amp; Jones"` is
//! `Smith & Jones`; numeric ones and the basic named ones only).

use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_while, take_while1};
use nom::character::complete::char;
use nom::combinator::opt;
use nom::sequence::{delimited, preceded};
use nom::{IResult, Parser};

use crate::model::Span;

type Res<'a, T> = IResult<&'a str, T>;

/// What an element's content is to the scanner.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Element {
    /// `<ref>`: a note; its content is wikitext read on its own.
    Ref,
    /// `<references>`: a reference list; list-defined notes inside.
    References,
    /// Content that is never wikitext (`<nowiki>`, `<pre>`,
    /// `<syntaxhighlight>`, `<math>` …): hidden, notes and all.
    Hidden,
    /// `<includeonly>`: shown only where the page is transcluded, never
    /// on the page itself; unclosed, it hides the rest of the page.
    IncludeOnly,
}

/// The elements whose content is not the page's running wikitext, by
/// lower-case name. Every other tag (`<code>`, `<poem>`, `<gallery>`,
/// `<span>`, `<blockquote>` …) is transparent: MediaWiki parses what is
/// inside as wikitext, so notes there count.
const ELEMENTS: &[(&str, Element)] = &[
    ("ref", Element::Ref),
    ("references", Element::References),
    ("nowiki", Element::Hidden),
    ("pre", Element::Hidden),
    ("syntaxhighlight", Element::Hidden),
    ("source", Element::Hidden),
    ("math", Element::Hidden),
    ("chem", Element::Hidden),
    ("ce", Element::Hidden),
    ("score", Element::Hidden),
    ("timeline", Element::Hidden),
    ("graph", Element::Hidden),
    ("templatedata", Element::Hidden),
    ("templatestyles", Element::Hidden),
    ("hiero", Element::Hidden),
    ("mapframe", Element::Hidden),
    ("maplink", Element::Hidden),
    ("inputbox", Element::Hidden),
    ("categorytree", Element::Hidden),
    ("charinsert", Element::Hidden),
    ("imagemap", Element::Hidden),
    ("includeonly", Element::IncludeOnly),
];

/// The longest element name, to give up early on other tags.
const LONGEST: usize = 15;

/// An element's name at the start of `rest` (just after `<`), when it is
/// one of [`ELEMENTS`] followed by a space, `/` or `>`.
pub(super) fn element(rest: &str) -> Option<(&'static str, Element)> {
    let len = rest
        .bytes()
        .take(LONGEST + 1)
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-')
        .count();
    if len == 0 || len > LONGEST {
        return None;
    }
    let after = rest.as_bytes().get(len).copied();
    if !matches!(
        after,
        None | Some(b'/' | b'>') | Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
    ) {
        return None;
    }
    let name = &rest[..len];
    ELEMENTS
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(name))
        .map(|&(known, element)| (known, element))
}

/// An open tag: where its attributes are, and whether it is empty
/// (`<ref name="x"/>`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Open {
    /// The whole tag, `<` to `>`.
    pub span: Span,
    /// The attribute text, without the name and a final `/`.
    pub attrs: Span,
    pub empty: bool,
}

/// The open tag of `name` at `at` (the `<`), if a `>` before `to` ends
/// it.
pub(super) fn open(text: &str, at: usize, name: &str, to: usize) -> Option<Open> {
    let attrs_at = at + 1 + name.len();
    let gt = attrs_at + memchr::memchr(b'>', &text.as_bytes()[attrs_at..to])?;
    let empty = gt > attrs_at && text.as_bytes()[gt - 1] == b'/';
    Some(Open {
        span: Span::new(at, gt + 1),
        attrs: Span::new(attrs_at, if empty { gt - 1 } else { gt }),
        empty,
    })
}

/// Where the first close tag of `name` at or after `from` and before `to`
/// is: its span (`</ref >`).
pub(super) fn close(text: &str, from: usize, to: usize, name: &str) -> Option<Span> {
    let hay = &text.as_bytes()[from..to];
    let mut at = 0;
    for found in memchr::memmem::find_iter(hay, b"</") {
        if found < at {
            continue;
        }
        let rest = &hay[found + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name.as_bytes()) {
            let after = &rest[name.len()..];
            let ws = after
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c'))
                .count();
            if after.get(ws) == Some(&b'>') {
                let start = from + found;
                return Some(Span::new(start, start + 2 + name.len() + ws + 1));
            }
        }
        at = found + 2;
    }
    None
}

/// An attribute: its lower-case name, and its value (trimmed, runs of
/// whitespace made one space) with where the value is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Attr {
    pub name: String,
    pub value: String,
    pub value_span: Span,
}

/// The attributes of an open tag, in order (a later one of the same name
/// wins, as in MediaWiki).
pub(super) fn attrs(text: &str, span: Span) -> Vec<Attr> {
    // Where a slice of `text` starts in it.
    let at = |s: &str| s.as_ptr() as usize - text.as_ptr() as usize;
    let mut out = Vec::new();
    let mut rest = span.of(text);
    while !rest.is_empty() {
        let before = rest.len();
        match attribute(rest) {
            Ok((after, (name, value))) => {
                let value = value.unwrap_or(&after[..0]);
                let trimmed = value.trim();
                let start = at(value) + (value.len() - value.trim_start().len());
                out.push(Attr {
                    name: name.to_ascii_lowercase(),
                    value: decoded(&trimmed.split_whitespace().collect::<Vec<_>>().join(" ")),
                    value_span: Span::new(start, start + trimmed.len()),
                });
                rest = after;
            }
            // Junk between attributes (a stray quote, `<`): skipped a
            // character at a time, as the sanitizer's pattern does.
            Err(_) => {
                let skip = rest.chars().next().map_or(1, char::len_utf8);
                rest = &rest[skip..];
            }
        }
        debug_assert!(rest.len() < before, "attributes make progress");
    }
    out
}

/// A value with its character references decoded, as
/// `Sanitizer::decodeTagAttributes` decodes them: `&#38;`, `&#x26;` and
/// the basic named ones (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;`,
/// `&nbsp;`). Others, and references to no valid character, stay as
/// written.
fn decoded(value: &str) -> String {
    if !value.contains('&') {
        return value.to_owned();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        // Within a short reach, so that many `&` stay linear.
        let end = rest.bytes().skip(1).take(12).position(|b| b == b';');
        let decoded = end.and_then(|end| {
            let name = &rest[1..=end];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => '\u{a0}',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) if !hex.is_empty() && hex.len() <= 8 => {
                            u32::from_str_radix(hex, 16).ok()?
                        }
                        None if !number.is_empty() && number.len() <= 8 => number.parse().ok()?,
                        _ => return None,
                    };
                    char::from_u32(code).filter(|&c| c != '\0')?
                }
            };
            Some((c, name.len() + 2))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The last attribute of a name.
pub(super) fn attr<'a>(attrs: &'a [Attr], name: &str) -> Option<&'a Attr> {
    attrs.iter().rev().find(|a| a.name == name)
}

/// # Grammar
/// `attr = *WS aname [ *WS "=" *WS value ]`
fn attribute(input: &str) -> Res<'_, (&str, Option<&str>)> {
    let (input, _) = take_while(char::is_whitespace)(input)?;
    let (input, name) =
        take_while1(|c: char| c.is_alphanumeric() || matches!(c, ':' | '_' | '-' | '.'))(input)?;
    let (input, value) = opt(preceded(
        (
            take_while(char::is_whitespace),
            char('='),
            take_while(char::is_whitespace),
        ),
        value,
    ))
    .parse(input)?;
    Ok((input, (name, value)))
}

/// # Grammar
/// `value = DQUOTE *( not DQUOTE ) [ DQUOTE ] / "'" *( not "'" ) [ "'" ] / 1*( not WS )`
fn value(input: &str) -> Res<'_, &str> {
    alt((
        delimited(char('"'), take_till(|c| c == '"'), opt(char('"'))),
        delimited(char('\''), take_till(|c| c == '\''), opt(char('\''))),
        take_while1(|c: char| !c.is_whitespace()),
        tag(""),
    ))
    .parse(input)
}
