//! Sphinx's glob patterns (`sphinx.util.matching`), for `exclude_patterns`
//! and `include_patterns`.
//!
//! Sphinx turns a pattern into a Python regular expression and matches it
//! against a whole `/`-separated path (`re.match` and a final `$`):
//!
//! ```text
//! pattern  := piece*
//! piece    := "**"                ; any run of chars, `/` included (not a newline)
//!           | "*"                 ; any run of chars but `/`
//!           | "?"                 ; one char but `/`
//!           | "[" ["!"] ["]"] set "]"   ; a class; `!` negates it, and then never takes `/`
//!           | "[" with no "]" after it  ; a literal `[`
//!           | char                ; itself (backslashes too)
//! ```
//!
//! So `*.rst` does not match `a/b.rst`, `**.rst` does, `**/b.rst` does but
//! not `b.rst`, and `_build` matches the folder `_build` only (a walk does
//! not enter an excluded folder, which is how it excludes `_build/x.rst`).
//! A class's body goes to Python's `re` as written, backslashes doubled,
//! `!` made `^/` and a leading `^` escaped; it is read here as `re` reads
//! it: `a-z` is a range, `-` first or last is itself, `]` first is
//! itself, and a class `[!]…]` closes at that `]` (what follows is matched
//! as literal text). A pattern `re` would refuse (a reversed range) or read
//! as a regular expression beyond that (`[!]*]`) matches nothing.
//!
//! `globset` is not used: its `**` is special only as a whole path
//! component (`**/b.rst` matches `b.rst` there), its `[^…]` negates, and
//! `\` escapes; Sphinx differs on all three.

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Pattern(Vec<Piece>);

#[derive(Clone, Debug, PartialEq, Eq)]
enum Piece {
    Char(char),
    /// `*`: `[^/]*`
    Star,
    /// `**`: `.*`
    Stars,
    /// `?`: `[^/]`
    One,
    /// `[…]`: inclusive ranges, maybe negated.
    Class {
        negate: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Piece {
    /// Whether this piece (or, for a star, one step of it) takes `c`.
    fn takes(&self, c: char) -> bool {
        match self {
            Piece::Char(want) => c == *want,
            Piece::Star | Piece::One => c != '/',
            // Python's `.` takes anything but a newline.
            Piece::Stars => c != '\n',
            Piece::Class { negate, ranges } => {
                ranges.iter().any(|&(lo, hi)| (lo..=hi).contains(&c)) != *negate
            }
        }
    }
}

impl Pattern {
    /// # Grammar: pattern (see the module doc). None when Sphinx's regular
    /// expression would be refused or read beyond this grammar.
    pub(super) fn new(pat: &str) -> Option<Self> {
        let chars: Vec<char> = pat.chars().collect();
        let n = chars.len();
        let mut out = Vec::new();
        let mut i = 0;
        while i < n {
            let c = chars[i];
            i += 1;
            match c {
                '*' if chars.get(i) == Some(&'*') => {
                    i += 1;
                    out.push(Piece::Stars);
                }
                '*' => out.push(Piece::Star),
                '?' => out.push(Piece::One),
                '[' => {
                    let mut j = i;
                    if chars.get(j) == Some(&'!') {
                        j += 1;
                    }
                    if chars.get(j) == Some(&']') {
                        j += 1;
                    }
                    while j < n && chars[j] != ']' {
                        j += 1;
                    }
                    if j >= n {
                        out.push(Piece::Char('['));
                        continue;
                    }
                    // The class body as Sphinx writes it into the regex,
                    // with the `]` that closes it.
                    let mut body: Vec<char> = Vec::new();
                    for &ch in &chars[i..j] {
                        body.push(ch);
                        if ch == '\\' {
                            body.push('\\');
                        }
                    }
                    match body.first() {
                        Some('!') => {
                            body.splice(0..1, ['^', '/']);
                        }
                        Some('^') => body.insert(0, '\\'),
                        _ => {}
                    }
                    body.push(']');
                    i = j + 1;
                    python_class(&body, &mut out)?;
                }
                c => out.push(Piece::Char(c)),
            }
        }
        Some(Self(out))
    }

    /// Whether the pattern matches the whole of `path` (Python's `$` also
    /// matches before a final newline).
    pub(super) fn matches(&self, path: &str) -> bool {
        let chars: Vec<char> = path.chars().collect();
        self.matches_chars(&chars)
            || chars
                .split_last()
                .is_some_and(|(&last, rest)| last == '\n' && self.matches_chars(rest))
    }

    /// Whole-string match, piece by piece over the set of positions
    /// reached (no backtracking: time is pieces × chars).
    fn matches_chars(&self, s: &[char]) -> bool {
        let n = s.len();
        let mut reach = vec![false; n + 1];
        reach[0] = true;
        for piece in &self.0 {
            let mut next = vec![false; n + 1];
            if matches!(piece, Piece::Star | Piece::Stars) {
                for j in 0..=n {
                    next[j] = reach[j] || (j > 0 && next[j - 1] && piece.takes(s[j - 1]));
                }
            } else {
                for j in 0..n {
                    next[j + 1] = reach[j] && piece.takes(s[j]);
                }
            }
            reach = next;
            if !reach.contains(&true) {
                return false;
            }
        }
        reach[n]
    }
}

/// Read `[` + `body` as Python's `re` reads a class (`sre_parse`), pushing
/// the class and, when it closes before the end of `body`, the literal
/// text after it. None when `re` refuses it or reads more than literals
/// after it.
fn python_class(body: &[char], out: &mut Vec<Piece>) -> Option<()> {
    let mut at = 0;
    let negate = body.first() == Some(&'^');
    if negate {
        at = 1;
    }
    let mut ranges: Vec<(char, char)> = Vec::new();
    loop {
        let (this, escaped) = class_char(body, &mut at)?;
        if this == ']' && !escaped && !ranges.is_empty() {
            break;
        }
        if body.get(at) != Some(&'-') {
            ranges.push((this, this));
            continue;
        }
        at += 1;
        let (that, escaped) = class_char(body, &mut at)?;
        if that == ']' && !escaped {
            ranges.extend([(this, this), ('-', '-')]);
            break;
        }
        if that < this {
            return None; // "bad character range"
        }
        ranges.push((this, that));
    }
    out.push(Piece::Class { negate, ranges });
    // What follows a class that closed early is regex text again.
    let mut rest = body[at..].iter();
    while let Some(&c) = rest.next() {
        match c {
            '\\' => {
                if rest.next() != Some(&'\\') {
                    return None;
                }
                out.push(Piece::Char('\\'));
            }
            '.' | '^' | '$' | '*' | '+' | '?' | '{' | '}' | '[' | '|' | '(' | ')' => return None,
            c => out.push(Piece::Char(c)),
        }
    }
    Some(())
}

/// The next char of a class body and whether it was escaped; Sphinx only
/// writes `\\` and `\^`. None at the end (an unterminated class).
fn class_char(body: &[char], at: &mut usize) -> Option<(char, bool)> {
    let c = *body.get(*at)?;
    *at += 1;
    if c != '\\' {
        return Some((c, false));
    }
    let e = *body.get(*at)?;
    *at += 1;
    matches!(e, '\\' | '^').then_some((e, true))
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    fn matches(pat: &str, path: &str) -> bool {
        Pattern::new(pat).is_some_and(|p| p.matches(path))
    }

    /// Sphinx's own cases (tests/test_util/test_util_matching.py,
    /// `test_compile_matchers`), restated.
    #[test]
    fn sphinx_compile_matchers() {
        let yes = |pat: &str, path: &str| assert!(matches(pat, path), "{pat} ~ {path}");
        let no = |pat: &str, path: &str| assert!(!matches(pat, path), "{pat} !~ {path}");
        // exact
        yes("hello.py", "hello.py");
        no("hello.py", "hello-py");
        no("hello.py", "subdir/hello.py");
        // *
        yes("hello.*", "hello.py");
        yes("hello.*", "hello.rst");
        yes("*.py", "hello.py");
        no("*.py", "subdir/hello.py");
        // **
        yes("hello.**", "hello.py");
        yes("hello.**", "hello.py/world.py");
        yes("**.py", "subdir/hello.py");
        no("**/hello.py", "hello.py");
        yes("**/hello.py", "subdir/hello.py");
        yes("**/hello.py", "subdir/subdir/hello.py");
        // ?
        yes("hello.?", "hello.c");
        no("hello.?", "hello.py");
        // [...]
        yes("hello[12\\].py", "hello1.py");
        yes("hello[12\\].py", "hello\\.py");
        no("hello[12\\].py", "hello3.py");
        // `^` does not negate
        yes("hello[^12].py", "hello1.py");
        yes("hello[^12].py", "hello^.py");
        no("hello[^12].py", "hello3.py");
        // `!` does, and never takes `/`
        no("hello[!12].py", "hello1.py");
        no("hello[!12].py", "hello/.py");
        yes("hello[!12].py", "hello3.py");
        // not classes
        yes("hello[.py", "hello[.py");
        no("hello[.py", "hello.py");
        yes("hello[].py", "hello[].py");
        no("hello[].py", "hello.py");
        yes("hello[!].py", "hello[!].py");
        no("hello[!].py", "hello.py");
    }

    #[test]
    fn classes_as_python_reads_them() {
        assert!(matches("[a-c]x", "bx"));
        assert!(!matches("[a-c]x", "dx"));
        assert!(matches("[-a]", "-") && matches("[a-]", "-"));
        assert!(matches("[]a]", "]") && matches("[]a]", "a"));
        // `[!-a]` is `[^/-a]`: no char from `/` to `a`.
        assert!(!matches("[!-a]", "5") && matches("[!-a]", "b"));
        // `[!]x]` is `[^/]x]`.
        assert!(matches("[!]x]", "qx]") && !matches("[!]x]", "/x]"));
        assert_eq!(Pattern::new("[!]*]"), None);
        assert_eq!(Pattern::new("[z-a]"), None);
        assert!(matches("a\\b", "a\\b"));
        assert!(matches("[\\]", "\\"));
        assert!(matches("é[à-ü]*", "éèx"));
    }

    #[test]
    fn stars_and_newlines() {
        assert!(matches("**", "a/b/c"));
        assert!(matches("*", "abc") && !matches("*", "a/b"));
        assert!(matches("a*b*c", "aXbYc") && !matches("a*b*c", "aXc"));
        assert!(matches("*", "") && matches("**", ""));
        assert!(!matches("**", "a\nb") && matches("*", "a\nb"));
        assert!(matches("a", "a\n"));
        // Many stars stay linear.
        let pat = "*a".repeat(50);
        assert!(!matches(&pat, &"a".repeat(49)));
    }
}
