//! Near misses: bracketed text that is no link but nearly names a link
//! definition.
//!
//! An undefined shortcut `[text]` is prose (renderers print the brackets),
//! so the parsers leave it alone. When a definition's label differs from
//! it only in ways a writer does not see as a difference, the writer meant
//! a link and the page shows brackets instead: `` [`ptr::write`] `` beside
//! `` [`ptr::write(..)`]: … ``, `[reference-level explanation]` beside
//! `[reference-level-explanation]: …`. Such a bracket becomes a certain
//! link marker, which nothing defines (`undefined-link`, whose message
//! names the definition through [`nearest`]).
//!
//! The candidates are the bracket pairs the scanner of `scan.rs` matched
//! in running text and found to be no note, citation or image, in both
//! parsers alike (code, HTML and link syntax are not running text; a code
//! span may lie inside, as in `` [`ptr::write`] ``). The pass runs once
//! per document: the candidates' loose keys go into one hash map, and the
//! definitions are streamed past it once, so the work grows with the
//! candidates plus the definitions, never with their product. Bracketed
//! text that no definition resembles stays prose, and so does everything
//! inside template syntax (`{{< x >}}`, `{% x %}`, `{{ x }}`), a bracket
//! against a word (`r[cfg]`, `a[i]`), a bracket alone on its line (a TOML
//! table header in a shortcode's body) and image alt text.
//!
//! # Grammar
//!
//! ```text
//! near-miss = "[" 1*( char - "[" - "]" / code-span ) "]"   ; running text, no note,
//!             citation or image; not after a word character, not alone on its line
//! loose-key = the label, backticks and backslashes dropped, a trailing
//!             "()" / "(..)" / "(...)" / "(…)" dropped, lower-cased,
//!             runs of space, "-" and "_" one separator, trimmed
//! ```

use memchr::{memmem, memrchr};
use std::hash::BuildHasher;

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use super::normalize_label;
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// Longest bracketed text looked at, in bytes (a link label's limit).
const MAX_LABEL_BYTES: usize = 4 * 999;

/// The form labels nearly match by (see the module docs), into a buffer
/// (cleared first) as UTF-8: `` `Ptr::Write(..)` ``, `ptr::write()` and
/// `ptr::write` are one key, and so are `reference-level explanation` and
/// `Reference_Level_Explanation`.
fn loose_key_into(label: &str, out: &mut Vec<u8>) {
    out.clear();
    let label = without_call(label.trim_matches(|c: char| c.is_whitespace() || c == '`'));
    let mut gap = false;
    if label.is_ascii() {
        for &b in label.as_bytes() {
            match b {
                b'`' | b'\\' => {}
                b' ' | b'\t' | b'\n' | b'\r' | 0x0c | b'-' | b'_' => gap = true,
                b => {
                    if gap && !out.is_empty() {
                        out.push(b' ');
                    }
                    gap = false;
                    out.push(b.to_ascii_lowercase());
                }
            }
        }
    } else {
        let mut utf8 = [0; 4];
        for c in label.chars() {
            match c {
                '`' | '\\' => {}
                ' ' | '\t' | '\n' | '\r' | '\u{c}' | '-' | '_' => gap = true,
                c => {
                    if gap && !out.is_empty() {
                        out.push(b' ');
                    }
                    gap = false;
                    if matches!(c, 'ß' | 'ẞ') {
                        out.extend_from_slice(b"ss");
                    } else {
                        for lower in c.to_lowercase() {
                            out.extend_from_slice(lower.encode_utf8(&mut utf8).as_bytes());
                        }
                    }
                }
            }
        }
    }
    // `ptr::write(..)` once the backticks inside are gone.
    if out.last() == Some(&b')') {
        let stem = ["()", "(..)", "(...)", "(…)"]
            .iter()
            .find_map(|suffix| out.strip_suffix(suffix.as_bytes()))
            .map_or(out.len(), |stem| stem.trim_ascii_end().len());
        out.truncate(stem);
    }
}

/// `text` without a trailing `()`, `(..)`, `(...)` or `(…)`.
fn without_call(text: &str) -> &str {
    if !text.ends_with(')') {
        return text;
    }
    ["()", "(..)", "(...)", "(…)"]
        .iter()
        .find_map(|suffix| text.strip_suffix(suffix))
        .unwrap_or(text)
}

fn hash(key: &[u8]) -> u64 {
    FxBuildHasher.hash_one(key)
}

/// The first byte of a label's loose key, found without building it (the
/// lower-cased first character that is no backtick, backslash, space,
/// hyphen or underscore), for a key that is not empty; `None` when that
/// is not cheap to tell (then the key is built).
fn first_loose_byte(label: &str) -> Option<u8> {
    let c = label
        .trim_start_matches(|c: char| c.is_whitespace() || c == '`')
        .chars()
        .find(|c| {
            !matches!(
                c,
                '`' | '\\' | ' ' | '\t' | '\n' | '\r' | '\u{c}' | '-' | '_'
            )
        })?;
    match c {
        // `()` alone is an empty key.
        '(' => None,
        'ß' | 'ẞ' => Some(b's'),
        c if c.is_ascii() => Some(c.to_ascii_lowercase() as u8),
        c => c
            .to_lowercase()
            .next()
            .map(|l| l.encode_utf8(&mut [0; 4]).as_bytes()[0]),
    }
}

/// For each of `labels`, the first link definition whose label it nearly
/// names (the same loose key, see [`loose_key_into`]). The labels are indexed
/// (a document has a few); the definitions are streamed, and one whose key
/// cannot start as any label's does is passed over without building its
/// key.
pub fn nearest<'d, 'l>(
    labels: impl IntoIterator<Item = &'l str>,
    definitions: &'d [Definition],
) -> Vec<Option<&'d Definition>> {
    // The labels' loose keys, one after another, and where each ends.
    let mut keys: Vec<u8> = Vec::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut key = Vec::new();
    // Loose key hash → the last label with it; `next` chains the others.
    let mut by_key: FxHashMap<u64, usize> = FxHashMap::default();
    let mut next: Vec<Option<usize>> = Vec::new();
    let mut starts = [false; 256];
    for label in labels {
        loose_key_into(label, &mut key);
        let i = ends.len();
        keys.extend_from_slice(&key);
        ends.push(keys.len());
        next.push(None);
        if let Some(&first) = key.first() {
            starts[usize::from(first)] = true;
            next[i] = by_key.insert(hash(&key), i);
        }
    }
    let key_of = |i: usize| &keys[i.checked_sub(1).map_or(0, |p| ends[p])..ends[i]];
    let mut out = vec![None; ends.len()];
    let mut left = (0..ends.len()).filter(|&i| !key_of(i).is_empty()).count();
    if left == 0 {
        return out;
    }
    for def in definitions.iter().filter(|d| d.kind == RefKind::Link) {
        if first_loose_byte(&def.label).is_some_and(|b| !starts[usize::from(b)]) {
            continue;
        }
        loose_key_into(&def.label, &mut key);
        let Some(&last) = by_key.get(&hash(&key)) else {
            continue;
        };
        // A later definition of a key already found changes nothing.
        if out[last].is_some() && key_of(last) == key.as_slice() {
            continue;
        }
        let mut at = Some(last);
        while let Some(i) = at {
            if out[i].is_none() && key_of(i) == key.as_slice() {
                out[i] = Some(def);
                left -= 1;
            }
            at = next[i];
        }
        if left == 0 {
            break;
        }
    }
    out
}

/// Bracketed text in running text that is no note, citation or image,
/// as the bracket scanner of `scan.rs` matched it (so only code spans, or
/// other inline markup, may lie inside).
#[derive(Clone, Copy, Debug)]
pub(super) struct Bracketed {
    /// Where its block's text starts (template syntax is looked for from
    /// there).
    pub block: usize,
    /// The `[` and the `]`.
    pub open: usize,
    pub close: usize,
}

/// Add a link marker to `markers` for every near miss among `bracketed`
/// (see the module docs).
pub(super) fn shortcuts(
    text: &str,
    bracketed: &[Bracketed],
    definitions: &[Definition],
    markers: &mut Vec<Marker>,
) {
    if bracketed.is_empty() {
        return;
    }
    let longest = definitions
        .iter()
        .filter(|d| d.kind == RefKind::Link)
        .map(|d| d.label.len())
        .max();
    let Some(longest) = longest else {
        return;
    };
    // Loose keys can only shrink a label so far: a bracket four times the
    // longest label is prose. A label holds no bare bracket: `[a [b] c]`
    // is prose around one.
    let longest = (longest * 4 + 16).min(MAX_LABEL_BYTES);
    let bytes = text.as_bytes();
    let candidates: Vec<Bracketed> = bracketed
        .iter()
        .filter(|b| {
            let label = &bytes[b.open + 1..b.close];
            label.len() <= longest && !label.iter().any(|&b| b == b'[' || b == b']')
        })
        .copied()
        .collect();
    let labels = candidates.iter().map(|b| &text[b.open + 1..b.close]);
    let near = nearest(labels, definitions);
    // Every label as matched, gathered at the first near miss: a bracket
    // that has one is a link already.
    let mut defined: Option<FxHashSet<&str>> = None;
    for (&Bracketed { block, open, close }, def) in candidates.iter().zip(near) {
        if def.is_none() || not_meant(bytes, open, close) || in_template(text, block, open) {
            continue;
        }
        let label = &text[open + 1..close];
        let exact = normalize_label(label);
        let defined = defined.get_or_insert_with(|| {
            definitions
                .iter()
                .filter(|d| d.kind == RefKind::Link)
                .map(Definition::key)
                .collect()
        });
        if defined.contains(exact.as_deref().unwrap_or(label)) {
            continue;
        }
        markers.push(Marker {
            label: label.into(),
            key: exact,
            span: Span::new(open, close + 1),
            label_span: Span::new(open, close + 1),
            certainty: Certainty::Marker,
            kind: RefKind::Link,
            namespace: None,
        });
    }
}

/// Whether the bracket `start..=end` is written as something other than a
/// link: against a word (`r[cfg]`, `array[index]`: syntax, not prose), or
/// alone on its line (`[params]`: a TOML or INI table header, as in a
/// shortcode's body).
fn not_meant(bytes: &[u8], start: usize, end: usize) -> bool {
    if start > 0 && (bytes[start - 1].is_ascii_alphanumeric() || bytes[start - 1] == b'_') {
        return true;
    }
    let line_start = memrchr(b'\n', &bytes[..start]).map_or(0, |n| n + 1);
    let alone_before = bytes[line_start..start]
        .iter()
        .all(|&b| b == b' ' || b == b'\t');
    alone_before
        && bytes[end + 1..]
            .iter()
            .take_while(|&&b| b != b'\n')
            .all(|&b| matches!(b, b' ' | b'\t' | b'\r'))
}

/// Whether `at` lies inside template syntax opened after `from`: `{{ … }}`,
/// `{{< … >}}`, `{{% … %}}`, `{% … %}`.
fn in_template(text: &str, from: usize, at: usize) -> bool {
    let before = &text.as_bytes()[from..at];
    let opened = [&b"{{"[..], b"{%"]
        .iter()
        .filter_map(|o| memmem::rfind(before, o))
        .max();
    let closed = [&b"}}"[..], b"%}"]
        .iter()
        .filter_map(|c| memmem::rfind(before, c))
        .max();
    opened.is_some_and(|o| closed.is_none_or(|c| c < o))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose_key(label: &str) -> String {
        let mut out = Vec::new();
        loose_key_into(label, &mut out);
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_first_byte_is_the_keys() {
        for label in [
            "`ptr::write(..)`",
            " -_Reference",
            "Straße",
            "ẞig",
            "Élan",
            "()",
            "`()`",
            "--",
            "",
            "\\`x`",
            "İstanbul",
            "(x)",
            "\\\u{85}x",
            "\u{a0}`\u{a0}x",
        ] {
            let key = loose_key(label);
            if let (Some(b), Some(first)) = (first_loose_byte(label), key.as_bytes().first()) {
                assert_eq!(*first, b, "{label:?}");
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_first_byte_is_the_keys_for_any_label(label in "[ `\\\\_()a-zA-Z.ßẞİ\u{85}\u{a0}-]{0,10}") {
            // A key that is not empty starts with it (an empty key matches
            // nothing anyway).
            let key = loose_key(&label);
            if let (Some(b), Some(first)) = (first_loose_byte(&label), key.as_bytes().first()) {
                proptest::prop_assert_eq!(*first, b);
            }
        }
    }

    #[test]
    fn nearest_definitions() {
        let def = |label: &str, at| {
            Definition::new(
                RefKind::Link,
                label,
                Span::new(at, at + 1),
                Span::new(at, at),
            )
        };
        let defs = [
            def("foo-bar", 0),
            def("Foo Bar", 1),
            def("`ptr::write(..)`", 2),
            Definition::new(RefKind::Note, "baz", Span::new(3, 4), Span::new(3, 3)),
        ];
        let found: Vec<Option<usize>> = nearest(
            [
                "foo bar",
                "FOO_BAR",
                "`ptr::write`",
                "baz",
                "",
                "nothing",
                "foo bar",
            ],
            &defs,
        )
        .into_iter()
        .map(|d| d.map(|d| d.label_span.start))
        .collect();
        assert_eq!(
            found,
            [Some(0), Some(0), Some(2), None, None, None, Some(0)]
        );
    }

    #[test]
    fn loose_keys() {
        assert_eq!(loose_key("`ptr::write(..)`"), "ptr::write");
        assert_eq!(loose_key("`ptr::write`"), "ptr::write");
        assert_eq!(loose_key("Ptr::Write()"), "ptr::write");
        assert_eq!(loose_key("`f(...)`"), "f");
        assert_eq!(loose_key("`f`(…)"), "f");
        assert_eq!(
            loose_key("reference-level explanation"),
            "reference level explanation"
        );
        assert_eq!(
            loose_key(" Reference_Level--Explanation "),
            "reference level explanation"
        );
        assert_eq!(loose_key("Straße"), "strasse");
        assert_eq!(loose_key("f(x)"), "f(x)");
        assert_eq!(loose_key("--"), "");
    }

    #[test]
    fn templates() {
        let t = "a {{< ref [x] >}} [y] {% [z] %}";
        assert!(in_template(t, 0, t.find("[x]").unwrap()));
        assert!(!in_template(t, 0, t.find("[y]").unwrap()));
        assert!(in_template(t, 0, t.find("[z]").unwrap()));
        assert!(!in_template("[w]", 0, 0));
    }
}
