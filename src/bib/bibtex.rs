//! BibTeX and BibLaTeX `.bib` files.
//!
//! A driver scans for `@` (and `%`) with memchr; nom productions then read
//! one command at a time. Text outside commands is a comment, as in BibTeX.
//! `%` starts a comment to the end of the line outside values, as in Biber
//! and pandoc (BibTeX itself has no comment character).
//!
//! # Grammar
//!
//! ```text
//! file          = *( junk / comment / command )
//! junk          = any text but "@" and "%"    ; also an "@" in mid-line that
//!                                             ; does not open a command
//! comment       = "%" *( not LF )
//! command       = head ( "{" body "}" / "(" body ")" )
//!               / "@" ws "comment" *( not LF )  ; `@comment` without a delimiter
//! head          = "@" ws type ws
//! type          = ident                       ; case-insensitive
//! body          = balanced                    ; @comment, @preamble
//!               / ws field ws [ "," ws ]       ; @string
//!               / ws key ws *( "," ws field ws ) [ "," ws ]   ; an entry
//! field         = ident ws "=" ws value       ; names are case-insensitive
//! value         = piece *( ws "#" ws piece )
//! piece         = "{" balanced "}" / DQUOTE quoted DQUOTE / 1*DIGIT / ident
//! balanced      = *( not-brace / "{" balanced "}" )          ; ≤ 256 deep
//! quoted        = *( not-brace-or-dquote / "{" balanced "}" )
//! ident         = ( identchar - DIGIT ) *identchar
//! identchar     = letter / DIGIT / one of !$&*+-./:;<>?[]^_`|~
//! key           = 1*( any char but whitespace and , { } ( ) " = # % @ )
//! ws            = *( SP / HTAB / CR / LF / comment )
//! ```
//!
//! A body closes with the delimiter that opened it. Braces in a value
//! balance whether or not a backslash precedes them, as in BibTeX.
//!
//! # Errors and recovery
//!
//! Where a command breaks, a [`BibError`] names what was expected there, and
//! parsing resumes at the next line that starts with `@` (after blanks). A
//! value never runs past such a line when it would also open a command
//! (`@book{`): a missing `}` or `"` is reported where the value opens, not
//! at the end of the file, and the next entry is still read. An entry whose
//! key was read is kept even when its body breaks, so that one typo does not
//! make every citation of it unknown.

use std::fmt;

use memchr::{memchr, memchr2};
use nom::branch::alt;
use nom::bytes::complete::{take_till, take_while, take_while1};
use nom::character::complete::{char, digit1, multispace1, satisfy};
use nom::combinator::{recognize, value};
use nom::error::{ErrorKind, ParseError};
use nom::multi::many0_count;
use nom::{IResult, Parser};

use super::{BibError, Entry};
use crate::model::Span;

/// How deeply braces may nest inside one value.
const MAX_DEPTH: usize = 256;
/// The longest offending text quoted in a message.
const MAX_FOUND: usize = 24;

type Res<'a, O> = IResult<&'a str, O, Fail<'a>>;

/// Where and why a production failed: crate-private, turned into a
/// [`BibError`] by the driver.
#[derive(Clone, Copy, Debug)]
struct Fail<'a> {
    /// The input where parsing stopped (a suffix of the text).
    at: &'a str,
    why: Why<'a>,
}

/// What a production expected; the `&str`s name fields and keys for the
/// message.
#[derive(Clone, Copy, Debug)]
enum Why<'a> {
    /// A nom combinator failed without a message of ours.
    Syntax,
    NoType,
    /// The type, and the input at it.
    NoDelimiter(&'a str, &'a str),
    NoKey,
    /// `@article{title = …`: a field where the key should be.
    FieldForKey(&'a str),
    AfterKey(&'a str),
    FieldName,
    Equals(&'a str),
    Value(&'a str),
    AfterHash(&'a str),
    AfterValue(&'a str),
    /// A delimiter (`{`, `"`, `(`; the suffix starting at it) that is never
    /// closed before `at`.
    Unclosed(&'a str, Stop),
    /// A `}` with no `{` in a quoted string or a `(…)` command.
    StrayClose,
    TooDeep,
}

/// What an unclosed delimiter runs into.
#[derive(Clone, Copy, Debug)]
enum Stop {
    EndOfFile,
    /// A line that opens a command.
    NextEntry,
    /// A `}` that closes no `{` in a quoted string with no `"` after it on
    /// its line: the string is more likely unterminated than the brace
    /// stray.
    Brace,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stop::EndOfFile => "the end of the file",
            Stop::NextEntry => "the next entry",
            Stop::Brace => "an unmatched `}`",
        })
    }
}

impl<'a> ParseError<&'a str> for Fail<'a> {
    fn from_error_kind(at: &'a str, _: ErrorKind) -> Self {
        Fail {
            at,
            why: Why::Syntax,
        }
    }

    fn append(_: &'a str, _: ErrorKind, other: Self) -> Self {
        other
    }
}

fn fail<'a, O>(at: &'a str, why: Why<'a>) -> Res<'a, O> {
    Err(nom::Err::Error(Fail { at, why }))
}

/// Replace any error of `result` with `why` at `at`.
fn expect<'a, O>(result: Res<'a, O>, at: &'a str, why: Why<'a>) -> Res<'a, O> {
    result.or_else(|_| fail(at, why))
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || "!$&*+-./:;<>?[]^_`|~".contains(c)
}

fn is_key_char(c: char) -> bool {
    !c.is_whitespace() && !c.is_control() && !",{}()\"=#%@".contains(c)
}

/// # Grammar
/// `ws = *( SP / HTAB / CR / LF / "%" *( not LF ) )`
fn ws(input: &str) -> Res<'_, ()> {
    value(
        (),
        many0_count(alt((
            multispace1,
            recognize((char('%'), take_till(|c| c == '\n'))),
        ))),
    )
    .parse(input)
}

/// # Grammar
/// `ident = ( identchar - DIGIT ) *identchar`
fn ident(input: &str) -> Res<'_, &str> {
    recognize((
        satisfy(|c| is_ident_char(c) && !c.is_ascii_digit()),
        take_while(is_ident_char),
    ))
    .parse(input)
}

/// The command's type and opening delimiter, which is not consumed.
///
/// # Grammar
/// `head = "@" ws type ws ( "{" / "(" )`
fn head(input: &str) -> Res<'_, (&str, u8)> {
    let (rest, _) = (char('@'), ws).parse(input)?;
    let (after, ty) = expect(ident(rest), rest, Why::NoType)?;
    let (after, _) = ws(after)?;
    match after.as_bytes().first() {
        Some(&open @ (b'{' | b'(')) => Ok((after, (ty, open))),
        _ => fail(after, Why::NoDelimiter(ty, rest)),
    }
}

/// Whether a line (the text after its `\n`) opens a command: `@book{`.
fn opens_command(line: &str) -> bool {
    let line = line.trim_start_matches([' ', '\t']);
    line.starts_with('@') && head(line).is_ok()
}

/// Text between a delimiter (`{`, `"` or `(`, where `input` starts) and
/// the `close` that ends it at brace depth 0; returns the text inside.
///
/// # Grammar
/// `balanced = *( not-brace / "{" balanced "}" )` up to `close`
fn delimited(input: &str, close: u8) -> Res<'_, &str> {
    let bytes = input.as_bytes();
    // Offsets of the braces still open; the innermost is the likely culprit
    // when the text never closes.
    let mut open: Vec<usize> = Vec::new();
    let mut i = 1;
    while i < bytes.len() {
        match bytes[i] {
            b'{' if open.len() >= MAX_DEPTH => return fail(&input[i..], Why::TooDeep),
            b'{' => open.push(i),
            b'}' if open.pop().is_some() => {}
            b'}' if close == b'}' => return Ok((&input[i + 1..], &input[1..i])),
            b'}' if close == b'"' && !line_has_quote(&bytes[i..]) => {
                return fail(&input[i..], Why::Unclosed(input, Stop::Brace));
            }
            b'}' => return fail(&input[i..], Why::StrayClose),
            b'\n' if opens_command(&input[i + 1..]) => {
                let opener = open.last().copied().unwrap_or(0);
                let why = Why::Unclosed(&input[opener..], Stop::NextEntry);
                return fail(&input[i + 1..], why);
            }
            b if b == close && open.is_empty() => return Ok((&input[i + 1..], &input[1..i])),
            _ => {}
        }
        i += 1;
    }
    let opener = open.last().copied().unwrap_or(0);
    let why = Why::Unclosed(&input[opener..], Stop::EndOfFile);
    fail(&input[input.len()..], why)
}

/// Whether a `"` follows on the same line.
fn line_has_quote(rest: &[u8]) -> bool {
    let line = memchr(b'\n', rest).map_or(rest, |i| &rest[..i]);
    memchr(b'"', line).is_some()
}

/// # Grammar
/// `piece = "{" balanced "}" / DQUOTE quoted DQUOTE / 1*DIGIT / ident`
fn piece(input: &str) -> Res<'_, ()> {
    match input.as_bytes().first() {
        Some(b'{') => value((), |i| delimited(i, b'}')).parse(input),
        Some(b'"') => value((), |i| delimited(i, b'"')).parse(input),
        _ => value((), alt((digit1, ident))).parse(input),
    }
}

/// Only the failure to start a piece takes `why`: a piece that starts and
/// breaks (an unterminated string) says so itself.
fn piece_or<'a>(input: &'a str, why: Why<'a>) -> Res<'a, ()> {
    piece(input).or_else(|e| match e {
        nom::Err::Error(Fail {
            why: Why::Syntax, ..
        }) => fail(input, why),
        e => Err(e),
    })
}

/// # Grammar
/// `value = piece *( ws "#" ws piece )`
fn field_value<'a>(input: &'a str, field: &'a str) -> Res<'a, ()> {
    let (mut rest, ()) = piece_or(input, Why::Value(field))?;
    loop {
        let (after, _) = ws(rest)?;
        let Some(after) = after.strip_prefix('#') else {
            return Ok((rest, ()));
        };
        let (after, _) = ws(after)?;
        (rest, ()) = piece_or(after, Why::AfterHash(field))?;
    }
}

/// The field's name.
///
/// # Grammar
/// `field = ident ws "=" ws value`
fn field(input: &str) -> Res<'_, &str> {
    field_and_value(input).map(|(rest, (name, _))| (rest, name))
}

/// Keys cited inside a field (`note = {Translated in \cite{other}}`):
/// printing the entry cites them.
fn cited_in(value: &str, into: &mut Vec<Box<str>>) {
    if memchr::memmem::find(value.as_bytes(), b"cite").is_none() {
        return;
    }
    let mut rest = value;
    while let Some(at) = rest.find('\\') {
        rest = &rest[at + 1..];
        let name_len = rest.bytes().take_while(u8::is_ascii_alphabetic).count();
        let name = &rest[..name_len];
        rest = &rest[name_len..];
        if !name.contains("cite") || name == "citestyle" || name == "citetext" {
            continue;
        }
        rest = rest.strip_prefix('*').unwrap_or(rest);
        // Pre- and postnotes.
        while let Some(after) = rest.trim_start().strip_prefix('[') {
            rest = after.split_once(']').map_or("", |(_, r)| r);
        }
        let Some(after) = rest.trim_start().strip_prefix('{') else {
            continue;
        };
        let Some((keys, tail)) = after.split_once('}') else {
            break;
        };
        for key in keys.split(',').map(str::trim).filter(|k| !k.is_empty()) {
            into.push(crate::bib::citation_key(key).into());
        }
        rest = tail;
    }
}

/// A field: its name and its value as written.
fn field_and_value(input: &str) -> Res<'_, (&str, &str)> {
    let (rest, name) = expect(ident(input), input, Why::FieldName)?;
    let (rest, _) = ws(rest)?;
    let (rest, _) = expect(char('=').parse(rest), rest, Why::Equals(name))?;
    let (value, _) = ws(rest)?;
    let (rest, ()) = field_value(value, name)?;
    Ok((rest, (name, &value[..value.len() - rest.len()])))
}

/// The fields that name other entries an entry draws on (BibTeX's
/// `crossref`, biblatex's `xref`, `xdata`, `related`, `entryset`): their
/// keys, lower-cased as keys match.
fn parents(name: &str, value: &str, into: &mut Vec<Box<str>>) {
    const PARENTS: [&str; 5] = ["crossref", "xref", "xdata", "related", "entryset"];
    if !PARENTS.iter().any(|p| name.eq_ignore_ascii_case(p)) {
        cited_in(value, into);
        return;
    }
    let value = value.trim();
    let inner = value
        .strip_prefix('{')
        .and_then(|v| v.strip_suffix('}'))
        .or_else(|| value.strip_prefix('"').and_then(|v| v.strip_suffix('"')))
        .unwrap_or(value);
    for key in inner.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        into.push(crate::bib::citation_key(key).into());
    }
}

/// The entry's key.
///
/// # Grammar
/// `ws key` — not followed by `ws "="`
fn key(input: &str) -> Res<'_, &str> {
    let (rest, _) = ws(input)?;
    let (after, key) = expect(take_while1(is_key_char).parse(rest), rest, Why::NoKey)?;
    let (next, _) = ws(after)?;
    if next.starts_with('=') {
        return fail(rest, Why::FieldForKey(key));
    }
    Ok((after, key))
}

/// The fields after an entry's key, through the closing delimiter. `last`
/// is left after the last token read, where a broken entry ends.
///
/// # Grammar
/// `*( ws "," ws field ) ws [ "," ws ] close`
fn fields<'a>(
    input: &'a str,
    key: &'a str,
    close: u8,
    last: &mut &'a str,
    found: &mut Vec<Box<str>>,
) -> Res<'a, ()> {
    let close = char::from(close);
    let mut before = Why::AfterKey(key);
    *last = input;
    loop {
        let (rest, _) = ws(last)?;
        if let Some(rest) = rest.strip_prefix(close) {
            return Ok((rest, ()));
        }
        let Some(rest) = rest.strip_prefix(',') else {
            return fail(rest, before);
        };
        *last = rest;
        let (rest, _) = ws(rest)?;
        if let Some(rest) = rest.strip_prefix(close) {
            return Ok((rest, ()));
        }
        let (rest, (name, value)) = field_and_value(rest)?;
        parents(name, value, found);
        *last = rest;
        before = Why::AfterValue(name);
    }
}

/// # Grammar
/// `ws field ws [ "," ws ] close`
fn string_body(input: &str, close: u8) -> Res<'_, ()> {
    let (rest, _) = ws(input)?;
    let (rest, name) = field(rest)?;
    let (rest, _) = ws(rest)?;
    let rest = rest.strip_prefix(',').unwrap_or(rest);
    let (rest, _) = ws(rest)?;
    match rest.strip_prefix(char::from(close)) {
        Some(rest) => Ok((rest, ())),
        None => fail(rest, Why::AfterValue(name)),
    }
}

/// Read a `.bib` text: entries and errors, each in source order.
pub(crate) fn parse(text: &str) -> (Vec<Entry>, Vec<BibError>) {
    let mut bib = Driver {
        text,
        entries: Vec::new(),
        errors: Vec::new(),
    };
    let bytes = text.as_bytes();
    let mut pos = 0;
    while let Some(i) = memchr2(b'@', b'%', &bytes[pos..]) {
        let at = pos + i;
        // Every branch moves past `at`.
        pos = if bytes[at] == b'%' {
            bib.line_after(at)
        } else {
            bib.command(at)
        };
    }
    (bib.entries, bib.errors)
}

/// What a message needs to know about the command that broke.
struct Context {
    /// `@article{` or `@article{smith`: the command as far as its key,
    /// without the blanks and comments it may be written with.
    head: String,
    /// Where the command, as far as its key, ends in the text.
    head_end: usize,
    close: u8,
    /// Where the command's own delimiter is.
    delimiter: usize,
    string: bool,
}

struct Driver<'a> {
    text: &'a str,
    entries: Vec<Entry>,
    errors: Vec<BibError>,
}

impl<'a> Driver<'a> {
    fn offset(&self, rest: &str) -> usize {
        self.text.len() - rest.len()
    }

    /// Read the command whose `@` is at `at`; returns where to go on.
    fn command(&mut self, at: usize) -> usize {
        let input = &self.text[at..];
        let (rest, (ty, open)) = match head(input) {
            Ok(ok) => ok,
            Err(e) => {
                let why = match e {
                    nom::Err::Error(ref f) | nom::Err::Failure(ref f) => f.why,
                    nom::Err::Incomplete(_) => Why::Syntax,
                };
                return match why {
                    Why::NoDelimiter(ty, _) if ty.eq_ignore_ascii_case("comment") => {
                        self.line_after(at)
                    }
                    // `user@example.org` in a comment.
                    _ if !self.at_line_start(at) => at + 1,
                    _ => {
                        let ctx = Context {
                            head: String::new(),
                            head_end: at,
                            close: b'}',
                            delimiter: at,
                            string: false,
                        };
                        self.broken(e, &ctx, at)
                    }
                };
            }
        };
        let delimiter = self.offset(rest);
        let close = if open == b'{' { b'}' } else { b')' };
        let kind = ty.to_lowercase();
        let mut ctx = Context {
            head: format!("@{ty}{}", char::from(open)),
            head_end: delimiter + 1,
            close,
            delimiter,
            string: false,
        };
        let body = &rest[1..];
        let parsed = match kind.as_str() {
            "comment" | "preamble" => value((), |i| delimited(i, close)).parse(rest),
            "string" => {
                ctx.string = true;
                string_body(body, close)
            }
            _ => return self.entry(at, kind, body, ctx),
        };
        match parsed {
            Ok((rest, ())) => self.offset(rest),
            Err(e) => self.broken(e, &ctx, at),
        }
    }

    /// An entry's body after its opening delimiter; `ctx.head` ends there.
    fn entry(&mut self, at: usize, kind: String, body: &'a str, mut ctx: Context) -> usize {
        let (after, key) = match key(body) {
            Ok(ok) => ok,
            Err(e) => return self.broken(e, &ctx, at),
        };
        let key_end = self.offset(after);
        ctx.head.push_str(key);
        ctx.head_end = key_end;
        let mut last = after;
        let mut found = Vec::new();
        let (end, next) = match fields(after, key, ctx.close, &mut last, &mut found) {
            Ok((rest, ())) => (self.offset(rest), self.offset(rest)),
            Err(e) => (self.offset(last), self.broken(e, &ctx, at)),
        };
        self.entries.push(Entry {
            key: key.into(),
            key_span: Span::new(key_end - key.len(), key_end),
            span: Span::new(at, end),
            kind: kind.into(),
            parents: found,
        });
        next
    }

    /// Record the error `e` in the command at `at`; returns where to resume.
    fn broken(&mut self, e: nom::Err<Fail<'a>>, ctx: &Context, at: usize) -> usize {
        let fail = match e {
            nom::Err::Error(f) | nom::Err::Failure(f) => f,
            // Complete parsers never ask for more input.
            nom::Err::Incomplete(_) => return at + 1,
        };
        let pos = self.offset(fail.at);
        let found = found(fail.at);
        let (span, message) = match fail.why {
            // Where a field or a `,` should be, the next entry (or the end
            // of the file) begins: this entry was never closed.
            Why::AfterKey(_)
            | Why::AfterValue(_)
            | Why::FieldName
            | Why::Value(_)
            | Why::AfterHash(_)
            | Why::Equals(_)
                if found.is_empty() || found.starts_with('@') =>
            {
                let stop = if found.is_empty() {
                    Stop::EndOfFile
                } else {
                    Stop::NextEntry
                };
                let what = if ctx.string { "" } else { "entry " };
                let message = format!("{what}`{}` is never closed before {stop}", ctx.head);
                self.errors
                    .push(BibError::new(Span::new(at, ctx.head_end), message));
                // Read the next entry, even in mid-line.
                return pos.max(at + 1);
            }
            Why::Unclosed(opener, stop) => {
                let start = self.offset(opener);
                let message = match opener.as_bytes().first() {
                    _ if start == ctx.delimiter => {
                        format!("`{}` is never closed before {stop}", ctx.head)
                    }
                    Some(b'"') => {
                        format!("unterminated string started here: no closing `\"` before {stop}")
                    }
                    _ => format!("unbalanced braces: this `{{` is never closed before {stop}"),
                };
                (Span::new(start, start + 1), message)
            }
            Why::StrayClose => (
                Span::new(pos, pos + 1),
                "unbalanced braces: this `}` closes no `{`".to_owned(),
            ),
            Why::TooDeep => (
                Span::new(pos, pos + 1),
                format!("braces nested more than {MAX_DEPTH} deep"),
            ),
            Why::FieldForKey(name) => (
                Span::new(pos, pos + name.len()),
                format!(
                    "expected a citation key after `{}`, found the field `{name} =`",
                    ctx.head
                ),
            ),
            // At the type: what was found may be lines further on.
            Why::NoDelimiter(ty, rest) => (
                Span::new(at, self.offset(rest) + ty.len()),
                format!(
                    "expected `{{` or `(` after `@{ty}`, found {}",
                    describe(found)
                ),
            ),
            why => (
                Span::new(pos, pos + found.len()),
                format!("{}, found {}", expected(why, ctx), describe(found)),
            ),
        };
        self.errors.push(BibError::new(span, message));
        self.resync(pos.max(at + 1))
    }

    /// The first `@` at or after `from` that starts a line (after blanks).
    fn resync(&self, from: usize) -> usize {
        let bytes = self.text.as_bytes();
        let mut start = from;
        let mut first = true;
        loop {
            let blanks = bytes[start..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t'))
                .count();
            let p = start + blanks;
            if bytes.get(p) == Some(&b'@') && (!first || self.at_line_start(start)) {
                return p;
            }
            match memchr(b'\n', &bytes[p..]) {
                Some(i) => start = p + i + 1,
                None => return bytes.len(),
            }
            first = false;
        }
    }

    /// Whether only blanks precede `pos` on its line.
    fn at_line_start(&self, pos: usize) -> bool {
        let before = &self.text.as_bytes()[..pos];
        let blanks = before
            .iter()
            .rev()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        blanks == pos || before[pos - blanks - 1] == b'\n'
    }

    /// Just past the end of the line holding `pos`.
    fn line_after(&self, pos: usize) -> usize {
        memchr(b'\n', &self.text.as_bytes()[pos..]).map_or(self.text.len(), |i| pos + i + 1)
    }
}

/// What a production expected, for the simple cases of [`Driver::broken`].
fn expected(why: Why<'_>, ctx: &Context) -> String {
    let close = char::from(ctx.close);
    let head = &ctx.head;
    let noun = if ctx.string { "string" } else { "field" };
    match why {
        Why::NoType => "expected an entry type after `@`".to_owned(),
        Why::NoKey => format!("expected a citation key after `{head}`"),
        Why::AfterKey(key) => format!("expected `,` or `{close}` after the key `{key}`"),
        Why::FieldName if ctx.string => format!("expected a string name after `{head}`"),
        Why::FieldName => format!("expected a field name or `{close}`"),
        Why::Equals(name) => format!("expected `=` after {noun} name `{name}`"),
        Why::Value(name) => {
            format!("expected a value for `{name}` (`{{…}}`, `\"…\"`, a number or a @string name)")
        }
        Why::AfterHash(name) => format!("expected a value after `#` in `{name}`"),
        Why::AfterValue(name) if ctx.string => {
            format!("expected `{close}` after the value of `{name}`")
        }
        Why::AfterValue(name) => format!("expected `,` or `{close}` after the value of `{name}`"),
        _ => "unexpected text".to_owned(),
    }
}

/// The text where parsing broke: a word of key characters (at most
/// [`MAX_FOUND`] chars) or one character; empty at the end of the file.
fn found(at: &str) -> &str {
    let word = at
        .char_indices()
        .take_while(|&(i, c)| is_key_char(c) && i < MAX_FOUND)
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let len = if word > 0 {
        word
    } else {
        at.chars().next().map_or(0, char::len_utf8)
    };
    &at[..len]
}

fn describe(found: &str) -> String {
    match found.chars().next() {
        None => "the end of the file".to_owned(),
        Some(c) if c.is_whitespace() || c.is_control() => format!("{:?}", c),
        Some(_) => format!("`{found}`"),
    }
}
