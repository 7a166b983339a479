//! The tokens and simple statements of Python source: enough of Python's
//! lexical grammar to find top-level statements and literals in a
//! `conf.py` (comments, strings in every quoting, brackets, `\`
//! continuations, `;`).

use crate::model::Span;

/// A token of Python source; names and operators borrow the text.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Tok<'a> {
    /// An identifier, keyword or number.
    Name(&'a str),
    /// Punctuation: one char, or two when the second is `=` (`+=`, `==`).
    Op(&'a str),
    /// A string literal: its value (None for bytes, f-strings, bad escapes
    /// or no closing quote) and the span inside its quotes.
    Str(Option<String>, Span),
}

/// One simple statement.
#[derive(Debug)]
pub(super) struct Stmt<'a> {
    /// At the top level of the module: on an unindented line that does not
    /// open a compound statement (`if x: a = 1` runs `a = 1` conditionally).
    pub top: bool,
    pub toks: Vec<Tok<'a>>,
}

/// Keywords that open a compound statement (or continue one).
const COMPOUND: &[&str] = &[
    "if", "elif", "else", "for", "while", "with", "def", "class", "try", "except", "finally",
    "async", "match", "case",
];

/// Split `text` into simple statements.
pub(super) fn statements(text: &str) -> Vec<Stmt<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut toks: Vec<Tok> = Vec::new();
    // Whether the current logical line is at the top level, once its first
    // token is known.
    let mut line_top: Option<bool> = None;
    let mut indent = 0;
    let mut at_line_start = true;
    let mut depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if at_line_start {
            let blanks = bytes[i..]
                .iter()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'\x0c'))
                .count();
            indent = blanks;
            i += blanks;
            at_line_start = false;
            continue;
        }
        let c = bytes[i];
        let start = i;
        let tok = match c {
            b'\n' => {
                i += 1;
                if depth == 0 {
                    end_stmt(&mut toks, &mut out, line_top);
                    line_top = None;
                    at_line_start = true;
                }
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0c' => {
                i += 1;
                continue;
            }
            b'#' => {
                i += bytes[i..].iter().take_while(|&&b| b != b'\n').count();
                continue;
            }
            b'\\' => {
                // A line continuation (or a stray backslash).
                i += 1;
                if bytes.get(i) == Some(&b'\r') {
                    i += 1;
                }
                if bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                continue;
            }
            b';' if depth == 0 => {
                i += 1;
                end_stmt(&mut toks, &mut out, line_top);
                continue;
            }
            b'\'' | b'"' => {
                let (tok, next) = string(text, i, "");
                i = next;
                tok
            }
            b'(' | b'[' | b'{' | b')' | b']' | b'}' => {
                if matches!(c, b'(' | b'[' | b'{') {
                    depth += 1;
                } else {
                    depth = depth.saturating_sub(1);
                }
                i += 1;
                Tok::Op(&text[start..i])
            }
            c if c == b'_' || c.is_ascii_alphanumeric() || c >= 0x80 => {
                i += bytes[i..]
                    .iter()
                    .take_while(|&&b| b == b'_' || b.is_ascii_alphanumeric() || b >= 0x80)
                    .count();
                let word = &text[start..i];
                if matches!(bytes.get(i), Some(b'\'' | b'"')) && is_prefix(word) {
                    let (tok, next) = string(text, i, word);
                    i = next;
                    tok
                } else {
                    Tok::Name(word)
                }
            }
            _ => {
                let two = bytes.get(i + 1) == Some(&b'=') && b"+-*/%&|^<>!:=@".contains(&c);
                i += if two { 2 } else { 1 };
                // Only ASCII reaches here: non-ASCII bytes are name bytes.
                Tok::Op(&text[start..i])
            }
        };
        if line_top.is_none() {
            let compound = matches!(tok, Tok::Name(word) if COMPOUND.contains(&word));
            line_top = Some(indent == 0 && !compound);
        }
        toks.push(tok);
    }
    end_stmt(&mut toks, &mut out, line_top);
    out
}

/// Close the statement being read, if it has any token.
fn end_stmt<'a>(toks: &mut Vec<Tok<'a>>, out: &mut Vec<Stmt<'a>>, top: Option<bool>) {
    if !toks.is_empty() {
        out.push(Stmt {
            top: top.unwrap_or(false),
            toks: std::mem::take(toks),
        });
    }
}

/// Whether `word` is a string prefix: `r`, `u`, `b`, `f` and the pairs
/// Python allows, in any case.
fn is_prefix(word: &str) -> bool {
    if word.len() > 2 {
        return false;
    }
    let lower = word.to_ascii_lowercase();
    matches!(
        lower.as_str(),
        "r" | "u" | "b" | "f" | "br" | "rb" | "fr" | "rf" | "t" | "tr" | "rt"
    )
}

/// The string literal whose opening quote is at `at`, and where it ends.
fn string<'a>(text: &'a str, at: usize, prefix: &str) -> (Tok<'a>, usize) {
    let bytes = text.as_bytes();
    let quote = bytes[at];
    let triple = bytes.get(at + 1) == Some(&quote) && bytes.get(at + 2) == Some(&quote);
    let open = if triple { 3 } else { 1 };
    let start = at + open;
    let mut i = start;
    let (end, next) = loop {
        match bytes.get(i) {
            None => break (bytes.len(), bytes.len()),
            // In raw strings too, a backslash keeps the next char.
            Some(b'\\') => i += 2,
            Some(b'\n') if !triple => break (i, i),
            Some(&b) if b == quote => {
                if !triple {
                    break (i, i + 1);
                }
                if bytes.get(i + 1) == Some(&quote) && bytes.get(i + 2) == Some(&quote) {
                    break (i, i + 3);
                }
                i += 1;
            }
            Some(_) => i += 1,
        }
    };
    // `i += 2` may step past the end, or into a multi-byte char; `end` is
    // then the text's end or a quote or newline, all char boundaries.
    let end = end.min(bytes.len());
    let closed = next > end;
    let prefix = prefix.to_ascii_lowercase();
    let content = &text[start..end];
    let value = if !closed || prefix.contains(['b', 'f', 't']) {
        None
    } else if prefix.contains('r') {
        Some(content.to_owned())
    } else {
        unescape(content)
    };
    (Tok::Str(value, Span::new(start, end)), next)
}

/// The value of a non-raw string literal's body; None for `\N{…}` and
/// malformed `\x`, `\u`, `\U` escapes.
fn unescape(s: &str) -> Option<String> {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        match e {
            '\n' => {}
            '\r' => {
                chars.next_if_eq(&'\n');
            }
            '\\' | '\'' | '"' => out.push(e),
            'a' => out.push('\x07'),
            'b' => out.push('\x08'),
            'f' => out.push('\x0c'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\x0b'),
            'N' => return None,
            '0'..='7' => {
                let mut code = e.to_digit(8)?;
                for _ in 0..2 {
                    match chars.peek().and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            code = code * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(code)?);
            }
            'x' | 'u' | 'U' => {
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut code = 0u32;
                for _ in 0..digits {
                    code = code.checked_mul(16)? + chars.next()?.to_digit(16)?;
                }
                out.push(char::from_u32(code)?);
            }
            other => {
                out.push('\\');
                out.push(other);
            }
        }
    }
    Some(out)
}
