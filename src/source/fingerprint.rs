//! Fingerprints: how a finding is recognised when lines move, by
//! baselines (`--baseline`) and by SARIF's `partialFingerprints`. See
//! [`crate::baseline`] for what goes in and why.
//!
//! Every fingerprint is worked out once, while the finding's text is at
//! hand ([`super::place()`]); nothing reads a file again to recognise a
//! finding.

use std::path::Path;

use crate::model::Span;

/// Words of context kept on each side of a finding.
pub const CONTEXT_WORDS: usize = 3;

/// Non-whitespace characters of context kept at most on each side of a
/// finding (what bounds the context in text without spaces).
pub const CONTEXT_CHARS: usize = 32;

/// Bytes of one side of a context looked at, at most, whatever they hold
/// (a run of a million spaces must not cost a million steps per finding).
const MAX_REACH: usize = 4096;

/// The fingerprint of a finding (16 lowercase hex digits); see the module
/// docs. `path` goes through [`normalise_path`]; `context` should come from
/// [`context`], or be empty when the text is not available.
pub fn fingerprint(code: &str, path: &str, label: Option<&str>, context: &str) -> String {
    format!("{:016x}", hash(code, &normalise_path(path), label, context))
}

/// FNV-1a 64 of a finding's code, path, label and context, the path taken
/// as given; SARIF's fingerprint and [`fingerprint`] are both this hash.
pub(crate) fn hash(code: &str, path: &str, label: Option<&str>, context: &str) -> u64 {
    let label = match label {
        Some(label) => [b"=".as_slice(), label.as_bytes()].concat(),
        None => Vec::new(),
    };
    fnv1a(&[code.as_bytes(), path.as_bytes(), &label, context.as_bytes()])
}

/// FNV-1a, 64 bits: small, stable across builds and platforms (unlike
/// std's randomly seeded hasher).
pub(crate) fn fnv1a(parts: &[&[u8]]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator no UTF-8 text contains, so fields cannot run
            // into each other.
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &b in *part {
            hash ^= u64::from(b);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// The context a fingerprint recognises a finding by: the part of `span`
/// on its first line, with up to [`CONTEXT_WORDS`] words (and at most
/// [`CONTEXT_CHARS`] non-whitespace characters) of that line either side,
/// trimmed, each run of whitespace one space. Offsets out of bounds or
/// inside a character are moved back to the nearest character boundary.
pub fn context(text: &str, span: Span) -> String {
    let bytes = text.as_bytes();
    let start = floor_boundary(text, span.start);
    let end = floor_boundary(text, span.end).max(start);
    // The span's part on its first line. Nothing here looks further along
    // the line than the context reaches, so a finding on a long line costs
    // what its context costs, not what the line does.
    let end = memchr::memchr(b'\n', &bytes[start..end]).map_or(end, |i| start + i);
    let from = start - reach(text[..start].chars().rev().take_while(|&c| c != '\n'));
    let to = end + reach(text[end..].chars().take_while(|&c| c != '\n'));
    let mut out = String::with_capacity(to - from);
    for word in text[from..to].split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// How many bytes of `side` the context takes, walking away from the
/// finding through `chars`: up to [`CONTEXT_WORDS`] words, at most
/// [`CONTEXT_CHARS`] non-whitespace characters.
fn reach(chars: impl Iterator<Item = char>) -> usize {
    let (mut bytes, mut words, mut solid, mut in_word) = (0, 0, 0, false);
    for c in chars {
        if bytes >= MAX_REACH {
            break;
        }
        if c.is_whitespace() {
            if in_word {
                words += 1;
                if words == CONTEXT_WORDS {
                    break;
                }
            }
            in_word = false;
        } else {
            solid += 1;
            if solid > CONTEXT_CHARS {
                break;
            }
            in_word = true;
        }
        bytes += c.len_utf8();
    }
    bytes
}

/// A path as baselines key it: `\` as `/` on Windows, `.` and empty
/// components dropped (a leading `/`, or `//` on Windows, kept), `.` for
/// nothing left. `..` is kept: no file system is consulted.
pub fn normalise_path(path: &str) -> String {
    let path = if cfg!(windows) {
        path.replace('\\', "/")
    } else {
        path.to_owned()
    };
    let root = if cfg!(windows) && path.starts_with("//") {
        "//"
    } else if path.starts_with('/') {
        "/"
    } else {
        ""
    };
    let rest: Vec<&str> = path
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    let out = format!("{root}{}", rest.join("/"));
    if out.is_empty() {
        ".".to_owned()
    } else {
        out
    }
}

/// A reported path as baselines key it: relative to `cwd` when it is an
/// absolute path under it, then [`normalise_path`].
pub fn baseline_path(path: &str, cwd: Option<&Path>) -> String {
    let relative = cwd
        .filter(|_| Path::new(path).is_absolute())
        .and_then(|cwd| Path::new(path).strip_prefix(cwd).ok());
    match relative {
        Some(relative) => normalise_path(&relative.to_string_lossy()),
        None => normalise_path(path),
    }
}
