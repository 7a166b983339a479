//! `bibtex_bibfiles` in a Sphinx `conf.py`, read without running it.
//!
//! A small tokenizer splits the file into statements (comments, strings,
//! brackets, `\` continuations and `;` understood); then only these
//! top-level statements count, in order:
//!
//! ```text
//! statement := NAME [":" annotation] "=" literal     ; sets the list
//!            | NAME "+=" literal                     ; extends it
//! literal   := "[" [string ("," string)* [","]] "]"
//!            | "(" [string "," [string ("," string)* [","]]] ")"
//! string    := [prefix] (' | " | ''' | """) … ; prefix r, u (not b, f)
//! ```
//!
//! Any other mention of the name, a value that is not such a literal
//! (adjacent strings, an f-string, a call), or a star import leaves the
//! list incomplete.

use crate::model::Span;

/// The variable sphinxcontrib-bibtex reads.
const NAME: &str = "bibtex_bibfiles";

/// String values with the spans inside their quotes.
type Strings = Vec<(String, Span)>;

/// The bibliographies `conf.py` sets (decoded, with the span inside the
/// quotes), and whether they may be incomplete.
pub(super) fn bibtex_bibfiles(text: &str) -> (Strings, bool) {
    let mut list = Vec::new();
    let mut incomplete = false;
    for stmt in statements(text) {
        let mentions = stmt.toks.iter().any(|t| matches!(t, Tok::Name(NAME)));
        if !mentions {
            let star_import = stmt
                .toks
                .windows(2)
                .any(|w| matches!(w, [Tok::Name("import"), Tok::Op("*")]));
            incomplete |= star_import;
            continue;
        }
        match assignment(&stmt) {
            Some((Assign::Set, Some(items))) => {
                list = items;
                incomplete = false;
            }
            Some((Assign::Set, None)) => {
                list.clear();
                incomplete = true;
            }
            Some((Assign::Extend, Some(items))) => list.extend(items),
            Some((Assign::Extend, None)) | None => incomplete = true,
        }
    }
    (list, incomplete)
}

/// What a statement does to the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Assign {
    Set,
    Extend,
}

/// A top-level `NAME = …` or `NAME += …`, with its value when that is a
/// literal list of strings.
fn assignment(stmt: &Stmt) -> Option<(Assign, Option<Strings>)> {
    if !stmt.top {
        return None;
    }
    let (how, value) = match stmt.toks.as_slice() {
        [Tok::Name(NAME), Tok::Op("="), value @ ..] => (Assign::Set, value),
        [Tok::Name(NAME), Tok::Op("+="), value @ ..] => (Assign::Extend, value),
        [Tok::Name(NAME), Tok::Op(":"), rest @ ..] => {
            let eq = rest.iter().position(|t| matches!(t, Tok::Op("=")))?;
            (Assign::Set, &rest[eq + 1..])
        }
        _ => return None,
    };
    Some((how, literal(value)))
}

/// The strings of a list or tuple literal that is the whole of `toks`.
fn literal(toks: &[Tok]) -> Option<Strings> {
    let (close, items) = match toks {
        [Tok::Op("["), items @ .., Tok::Op("]")] => ("]", items),
        [Tok::Op("("), items @ .., Tok::Op(")")] => (")", items),
        _ => return None,
    };
    let mut out = Vec::new();
    let mut commas = 0;
    for (i, tok) in items.iter().enumerate() {
        match tok {
            Tok::Str(Some(value), span) if i % 2 == 0 => out.push((value.clone(), *span)),
            Tok::Op(",") if i % 2 == 1 => commas += 1,
            _ => return None,
        }
    }
    // `("a.bib")` is a string, not a tuple.
    if close == ")" && !out.is_empty() && commas == 0 {
        return None;
    }
    Some(out)
}

/// A token of Python source; names and operators borrow the text.
#[derive(Debug, PartialEq, Eq)]
enum Tok<'a> {
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
struct Stmt<'a> {
    /// At the top level of the module: on an unindented line that does not
    /// open a compound statement (`if x: a = 1` runs `a = 1` conditionally).
    top: bool,
    toks: Vec<Tok<'a>>,
}

/// Keywords that open a compound statement (or continue one).
const COMPOUND: &[&str] = &[
    "if", "elif", "else", "for", "while", "with", "def", "class", "try", "except", "finally",
    "async", "match", "case",
];

/// Split `text` into simple statements.
fn statements(text: &str) -> Vec<Stmt<'_>> {
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

#[cfg(test)]
mod tests {
    use super::bibtex_bibfiles;

    /// The paths `conf` sets and whether they may be incomplete; every span
    /// is inside the quotes and covers the path (escapes aside).
    fn read(conf: &str) -> (Vec<String>, bool) {
        let (found, incomplete) = bibtex_bibfiles(conf);
        for (path, span) in &found {
            let written = conf.get(span.start..span.end).expect("a sound span");
            assert!(
                written == path || written.contains('\\'),
                "{written:?} for {path:?}"
            );
        }
        (
            found.into_iter().map(|(path, _)| path).collect(),
            incomplete,
        )
    }

    fn check(conf: &str, want: &[&str], incomplete: bool) {
        let (found, was) = read(conf);
        assert_eq!(found, want, "{conf:?}");
        assert_eq!(was, incomplete, "{conf:?}");
    }

    #[test]
    fn list_over_several_lines_with_comments() {
        let conf = "\
# -- bibliography ---------------------------------------------
# bibtex_bibfiles = ['commented.bib']
bibtex_bibfiles = [
    'refs.bib',  # the main one, with a ] and a ' in the comment
    r'raw\\dir.bib',
    \"\"\"triple.bib\"\"\",
    'ünï.bib',
]
bibtex_default_style = 'unsrt'
";
        let (found, incomplete) = bibtex_bibfiles(conf);
        let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["refs.bib", "raw\\dir.bib", "triple.bib", "ünï.bib"]);
        assert!(!incomplete);
        for (path, span) in &found {
            assert_eq!(span.of(conf), path);
        }
    }

    #[test]
    fn computed_values_give_no_bibliographies() {
        for conf in [
            "import glob\nbibtex_bibfiles = glob.glob('*.bib')\n",
            "bibtex_bibfiles = [os.path.join('refs', 'a.bib')]\n",
            "bibtex_bibfiles = ['a.bib'] + extra\n",
            "bibtex_bibfiles = [f'{name}.bib']\n",
            "bibtex_bibfiles = ['a' 'b.bib']\n",
            "bibtex_bibfiles = ('a.bib')\n",
            "bibtex_bibfiles = x = ['a.bib']\n",
            "bibtex_bibfiles = [b'a.bib']\n",
            "bibtex_bibfiles = ['\\N{BULLET}.bib']\n",
            "bibtex_bibfiles = ['a.bib'\n",
            "bibtex_bibfiles: list[str]\n",
            "if True:\n    bibtex_bibfiles = ['a.bib']\n",
            "if True: bibtex_bibfiles = ['a.bib']\n",
            "def f(): x = 1; bibtex_bibfiles = ['a.bib']\n",
        ] {
            check(conf, &[], true);
        }
    }

    #[test]
    fn later_statements() {
        let extend = "bibtex_bibfiles = ['a.bib']\nbibtex_bibfiles += [\"b.bib\"]\n";
        check(extend, &["a.bib", "b.bib"], false);
        let append = "bibtex_bibfiles = ['a.bib']\nbibtex_bibfiles.append('b.bib')\n";
        check(append, &["a.bib"], true);
        let reset = "bibtex_bibfiles = compute()\nbibtex_bibfiles = ['last.bib']\n";
        check(reset, &["last.bib"], false);
        check("from shared_conf import *\n", &[], true);
        let star_first = "from shared_conf import *\nbibtex_bibfiles = ['a.bib']\n";
        check(star_first, &["a.bib"], false);
    }

    #[test]
    fn other_literal_forms() {
        for (conf, want) in [
            ("bibtex_bibfiles = []\n", &[][..]),
            ("bibtex_bibfiles = ('a.bib',)\n", &["a.bib"]),
            (
                "bibtex_bibfiles = ('a.bib', 'b.bib')\n",
                &["a.bib", "b.bib"],
            ),
            ("bibtex_bibfiles: list[str] = ['a.bib']\n", &["a.bib"]),
            ("bibtex_bibfiles = \\\n    ['a.bib']\n", &["a.bib"]),
            ("bibtex_bibfiles = \\\r\n    ['a.bib']\r\n", &["a.bib"]),
            ("x = 1; bibtex_bibfiles = ['a.bib']\n", &["a.bib"]),
            ("bibtex_bibfiles=[u'a.bib',R\"b.bib\"]", &["a.bib", "b.bib"]),
            (
                "bibtex_bibfiles = ['caf\\u00e9.bib', 'tab\\\\x.bib']\r\n",
                &["café.bib", "tab\\x.bib"],
            ),
            (
                "bibtex_bibfiles = ['''a.bib''', \"\"\"b\"c.bib\"\"\"]\n",
                &["a.bib", "b\"c.bib"],
            ),
            (
                "s = 'bibtex_bibfiles = [\"no.bib\"]'\nbibtex_bibfiles = ['a.bib']\n",
                &["a.bib"],
            ),
            ("doc = \"\"\"\nbibtex_bibfiles = ['no.bib']\n\"\"\"\n", &[]),
        ] {
            check(conf, want, false);
        }
    }

    #[test]
    fn strings_never_crash() {
        for conf in [
            "bibtex_bibfiles = ['",
            "bibtex_bibfiles = [\"\"\"",
            "bibtex_bibfiles = ['''a.bib''",
            "bibtex_bibfiles = ['a\\",
            "bibtex_bibfiles = ['\\x4']",
            "bibtex_bibfiles = ['\\U0011ffff']",
            "bibtex_bibfiles = [r'\\']",
            "bibtex_bibfiles = [é'a']",
            "]]]]]] bibtex_bibfiles ((((",
            "\\",
            "'''",
        ] {
            assert!(read(conf).0.is_empty(), "{conf:?}");
        }
        for (conf, want) in [
            ("bibtex_bibfiles = ['\\101.bib']", "A.bib"),
            ("bibtex_bibfiles = ['\\777']", "\u{1ff}"),
            ("bibtex_bibfiles = ['\\d.bib']", "\\d.bib"),
            ("bibtex_bibfiles = ['a\\\n.bib']", "a.bib"),
        ] {
            check(conf, &[want], false);
        }
    }
}
