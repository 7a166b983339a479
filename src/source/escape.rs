//! Text from documents, labels, configs and file names, made safe for where
//! it is written: a terminal or a CI log must not receive a control
//! character (a line break, an ANSI or OSC sequence, a C1 control), and no
//! line ibid writes may begin a CI workflow command (`::error::…`) unless
//! `--format github` writes one on purpose. JSON, SARIF and JUnit escape by
//! their own rules.

use std::borrow::Cow;
use std::fmt::Write as _;
use std::path::Path;

/// Whether a character may drive a terminal or break a line: every C0 and
/// C1 control and DEL, but tab.
pub fn is_unsafe(c: char) -> bool {
    c.is_control() && c != '\t'
}

/// `text` with every unsafe character written as a Rust escape (`\n`,
/// `\u{1b}`, `\u{9b}`), so that it stays on one line and cannot drive a
/// terminal.
pub fn one_line(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`one_line`], but CR and LF kept (for writers that escape line breaks
/// by their own rules, such as GitHub's workflow commands).
pub fn one_line_keeping_breaks(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && c != '\r' && c != '\n') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) && c != '\r' && c != '\n' {
            let _ = write!(out, "{}", c.escape_default());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`one_line`] for text that begins a line of output: a leading `::`
/// (a workflow command to GitHub Actions and others) is written `\u{3a}:`.
pub fn line_start(text: &str) -> Cow<'_, str> {
    let text = one_line(text);
    if text.starts_with("::") {
        Cow::Owned(format!("\\u{{3a}}{}", &text[1..]))
    } else {
        text
    }
}

/// A path as reports name it. Every file keeps a name of its own: bytes
/// that are not UTF-8 are written `\xNN` (never replaced by one shared
/// character, which would merge two names), unsafe characters as Rust
/// escapes, and a backslash (outside Windows, where it separates folders)
/// as `\\`, so that an escape can only come from ibid.
pub fn path_text(path: &Path) -> String {
    let bytes = path.as_os_str().as_encoded_bytes();
    let mut out = String::with_capacity(bytes.len());
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if is_unsafe(c) {
                let _ = write!(out, "{}", c.escape_default());
            } else if c == '\\' && !cfg!(windows) {
                out.push_str("\\\\");
            } else {
                out.push(c);
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02x}");
        }
    }
    out
}

/// Serialized JSON with DEL and the C1 controls (which JSON allows raw
/// inside strings, and some terminals obey) written as `\u00XX` escapes.
/// Every other control is already escaped by the serializer, and these
/// can only stand inside strings, so the JSON means the same.
pub fn json_controls(json: String) -> String {
    // DEL is byte 0x7F; a C1 control is 0xC2 then 0x80..=0x9F.
    let bytes = json.as_bytes();
    let c1 = memchr::memchr_iter(0xC2, bytes)
        .any(|i| bytes.get(i + 1).is_some_and(|b| (0x80..=0x9F).contains(b)));
    if !c1 && memchr::memchr(0x7F, bytes).is_none() {
        return json;
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if c.is_control() && !matches!(c, '\n' | '\t' | '\r') {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A character of document text shown in an excerpt: never a control, and
/// as many bytes as the character it stands for (the excerpt maps offsets
/// byte for byte): a space for C0 controls and DEL, `·` for C1 controls.
pub fn shown_char(c: char) -> char {
    match c {
        '\t' => c,
        c if c.is_ascii_control() => ' ',
        c if c.is_control() => '\u{b7}',
        c => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_sequences_are_shown() {
        assert_eq!(one_line("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            one_line("x\u{9b}31m\u{9d}0;t\u{7}"),
            "x\\u{9b}31m\\u{9d}0;t\\u{7}"
        );
        assert_eq!(one_line("l1\r\nl2\tok"), "l1\\r\\nl2\tok");
        assert_eq!(line_start("::error::x"), "\\u{3a}:error::x");
        assert_eq!(line_start("a::b"), "a::b");
        assert_eq!(line_start("\n::error::x"), "\\n::error::x");
        for c in ['\u{1b}', '\r', '\u{7f}', '\u{9b}', '\u{9d}', '\u{85}'] {
            let shown = shown_char(c);
            assert!(
                !shown.is_control() && shown.len_utf8() == c.len_utf8(),
                "{c:?}"
            );
        }
        assert_eq!(shown_char('é'), 'é');
    }

    #[cfg(unix)]
    #[test]
    fn file_names_stay_distinct() {
        use std::os::unix::ffi::OsStrExt;
        let name = |b: &[u8]| path_text(Path::new(std::ffi::OsStr::from_bytes(b)));
        assert_eq!(name(b"a\xffb.md"), "a\\xffb.md");
        assert_ne!(name(b"a\xffb.md"), name(b"a\xfeb.md"));
        assert_eq!(name(b"c\n::add-mask::x.md"), "c\\n::add-mask::x.md");
        assert_eq!(name(b"a\\xffb.md"), "a\\\\xffb.md");
        assert_ne!(name(b"a\\xffb.md"), name(b"a\xffb.md"));
        assert_eq!(name("docs/ré.md".as_bytes()), "docs/ré.md");
    }
}
