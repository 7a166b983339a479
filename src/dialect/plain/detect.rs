//! What a `.txt` file is before it is read as plain text: the character
//! set a Project Gutenberg header declares, and whether the file is really
//! Markdown (pandoc's `MANUAL.txt`).

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use memchr::memmem;

/// How far into a file its header is looked for: Gutenberg's header
/// declares its charset within the first kilobyte or so.
const HEADER_BYTES: usize = 4 * 1024;

/// The encoding a Project Gutenberg header declares (`Character set
/// encoding: ISO-8859-1`), when it is not UTF-8 and the bytes are not
/// valid UTF-8; `None` otherwise (the file is read as UTF-8, and invalid
/// UTF-8 stays a failure). A file that declares ASCII or Latin-1 but whose
/// bytes are valid UTF-8 is read as UTF-8: for ASCII the text is the same,
/// and Latin-1 text with accented letters is almost never valid UTF-8.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static Encoding> {
    static FINDER: std::sync::LazyLock<memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memmem::Finder::new(b"haracter set encoding:"));
    let head = &bytes[..bytes.len().min(HEADER_BYTES)];
    let at = FINDER.find_iter(head).find(|&at| {
        at > 0 && matches!(head[at - 1], b'C' | b'c') && (at == 1 || head[at - 2] == b'\n')
    })?;
    let rest = &head[at + 22..];
    let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
    let label = std::str::from_utf8(line).ok()?;
    let encoding = charset(label)?;
    if encoding == UTF_8 || simdutf8::basic::from_utf8(bytes).is_ok() {
        return None;
    }
    Some(encoding)
}

/// The encoding a Gutenberg charset label names: `ISO-8859-1`, `ISO
/// Latin-1`, `Windows-1252`, `ASCII`, `ISO-646-US (US-ASCII)`, `UTF-8`,
/// `Unicode UTF-8.`, or any WHATWG label (`ISO-8859-2`, `KOI8-R`). ASCII
/// is read as Windows-1252, its superset for the bytes a mislabelled file
/// holds.
pub fn charset(label: &str) -> Option<&'static Encoding> {
    let label = label.trim().trim_end_matches('.').trim();
    let lower = label.to_ascii_lowercase();
    let squeezed: String = lower
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    if squeezed.contains("utf8") || squeezed.starts_with("unicode") {
        return Some(UTF_8);
    }
    if squeezed.contains("ascii")
        || squeezed.contains("latin1")
        || squeezed.contains("iso88591")
        || squeezed.contains("1252")
    {
        return Some(WINDOWS_1252);
    }
    // A WHATWG label, before any comment in parentheses.
    let first = lower.split(['(', ',']).next().unwrap_or("").trim();
    Encoding::for_label(first.as_bytes())
        .or_else(|| Encoding::for_label(first.replace(' ', "-").as_bytes()))
        .filter(|e| e.output_encoding() == *e)
}

/// How much of a file is read to decide whether it is Markdown (its
/// front matter and first headings are there).
const SNIFF_BYTES: usize = 16 * 1024;

/// Whether a `.txt` file is really Markdown: it opens with YAML front
/// matter or a pandoc title block (`% Title`), or it has Markdown headings
/// (`# Title` between blank lines) together with links (`[text](url)`)
/// or fenced code. Program output and scripts with `#` comments, RFCs and
/// books are not.
pub fn is_markdown(text: &str) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut end = text.len().min(SNIFF_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    if front_matter(head) || head.starts_with("% ") {
        return true;
    }
    // Most text has no line that starts with `#` (most has no `#`).
    if !head.starts_with('#')
        && (memchr::memchr(b'#', head.as_bytes()).is_none()
            || memmem::find(head.as_bytes(), b"\n#").is_none())
    {
        return false;
    }
    let (mut headings, mut fences, mut links) = (0usize, 0usize, 0usize);
    let mut in_fence = false;
    // Whether the line before was blank; a heading is counted only when a
    // blank line follows it too (a `#` comment block is not headings).
    let (mut blank_before, mut candidate) = (true, false);
    for line in head.lines() {
        let line = line.trim_end();
        let blank = line.is_empty();
        if std::mem::take(&mut candidate) && blank {
            headings += 1;
        }
        if line.starts_with("```") || line.starts_with("~~~") {
            fences += 1;
            in_fence = !in_fence;
        } else if !in_fence {
            let hashes = line.bytes().take_while(|&b| b == b'#').count();
            candidate = blank_before
                && (1..=6).contains(&hashes)
                && line[hashes..].starts_with(' ')
                && line[hashes..]
                    .trim()
                    .starts_with(|c: char| c.is_alphabetic());
            links += inline_links(line);
        }
        blank_before = blank;
    }
    headings += usize::from(candidate);
    headings >= 1 && (links >= 1 || fences >= 2) && headings + links + fences / 2 >= 3
}

/// `---` then `key: value` lines then `---` or `...`, within 100 lines.
fn front_matter(head: &str) -> bool {
    let mut lines = head.lines();
    if lines.next().map(str::trim_end) != Some("---") {
        return false;
    }
    let mut keys = 0;
    for line in lines.take(100) {
        let line = line.trim_end();
        if line == "---" || line == "..." {
            return keys > 0;
        }
        let key = line.split(':').next().unwrap_or("");
        if line.contains(':')
            && !key.is_empty()
            && key
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            keys += 1;
        }
    }
    false
}

/// `[text](target)` on a line: a `](` whose target has no space before its
/// `)` (or is a URL).
fn inline_links(line: &str) -> usize {
    let bytes = line.as_bytes();
    memmem::find_iter(bytes, b"](")
        .filter(|&at| {
            let target = &line[at + 2..];
            let close = target.find(')').unwrap_or(target.len());
            close > 0 && !target[..close].contains(' ') && line[..at].contains('[')
        })
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gutenberg_declarations() {
        let latin = b"Title: X\r\n\r\nCharacter set encoding: ISO-8859-1\r\n\r\nCaf\xe9\r\n";
        assert_eq!(declared_encoding(latin), Some(WINDOWS_1252));
        let named = b"Language: French\nCharacter set encoding: ISO Latin-1\n\nCaf\xe9\n";
        assert_eq!(declared_encoding(named), Some(WINDOWS_1252));
        // Valid UTF-8 is read as UTF-8 whatever the header says.
        let ascii = b"Character set encoding: ASCII\n\nPlain text.\n";
        assert_eq!(declared_encoding(ascii), None);
        let utf8 = "Character set encoding: UTF-8\n\nCaf\u{e9}\n";
        assert_eq!(declared_encoding(utf8.as_bytes()), None);
        // Declared UTF-8 with Latin-1 bytes stays invalid UTF-8.
        assert_eq!(
            declared_encoding(b"Character set encoding: UTF-8\n\nCaf\xe9\n"),
            None
        );
        // Only at the start of a line.
        assert_eq!(
            declared_encoding(b"x Character set encoding: ISO-8859-1\nCaf\xe9"),
            None
        );
        assert_eq!(declared_encoding(b"Caf\xe9"), None);
    }

    #[test]
    fn charset_labels() {
        assert_eq!(charset("ISO-8859-1"), Some(WINDOWS_1252));
        assert_eq!(charset("ISO Latin-1"), Some(WINDOWS_1252));
        assert_eq!(charset("Windows-1252"), Some(WINDOWS_1252));
        assert_eq!(charset("ISO-646-US (US-ASCII)"), Some(WINDOWS_1252));
        assert_eq!(charset("ASCII"), Some(WINDOWS_1252));
        assert_eq!(charset("UTF-8."), Some(UTF_8));
        assert_eq!(charset("Unicode UTF-8"), Some(UTF_8));
        assert_eq!(charset("ISO-8859-2"), Some(encoding_rs::ISO_8859_2));
        assert_eq!(charset("KOI8-R"), Some(encoding_rs::KOI8_R));
        assert_eq!(charset("MARC-8"), None);
        assert_eq!(charset("UTF-16"), None);
    }

    #[test]
    fn markdown_in_a_txt_file() {
        assert!(is_markdown(
            "---\ntitle: Pandoc User's Guide\nauthor: John\n...\n\n# Synopsis\n"
        ));
        assert!(is_markdown("% Pandoc User's Guide\n% John\n\n# Synopsis\n"));
        assert!(is_markdown(
            "# Title\n\nSee [the site](https://example.org) and [more](x.html).\n"
        ));
        assert!(is_markdown("# One\n\nSee [x](y).\n\n## Two\n"));
        assert!(is_markdown("# Usage\n\n```\nrun it\n```\n\n## More\n"));
        // Program output, shell comments, books and RFCs.
        assert!(!is_markdown("# ls -l\ntotal 0\n# echo [1]\n[1]\n"));
        assert!(!is_markdown("CHAPTER I\n\nText.[1]\n\n[1] Note.\n"));
        assert!(!is_markdown("---\n\nA rule, then prose.\n---\n"));
        assert!(!is_markdown("# Only one heading\n\nAnd prose (see x).\n"));
        assert!(!is_markdown("# One\n\n## Two\n\n### Three\n"));
        assert!(!is_markdown("# pinned\nfoo==1.0\n# see [x](y)\nbar==2\n"));
    }
}
