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
//! names the definition through [`loose_key`]).
//!
//! The pass runs once per document, over both parsers' prose spans (code,
//! HTML and link syntax are not prose), against an index of the loose keys
//! of the link definitions: a hash lookup per bracket, never a scan of the
//! definitions. Bracketed text that no definition resembles stays prose,
//! and so does everything inside template syntax (`{{< x >}}`, `{% x %}`,
//! `{{ x }}`), a bracket against a word (`r[cfg]`, `a[i]`) and a bracket
//! alone on its line (a TOML table header in a shortcode's body).
//!
//! # Grammar
//!
//! ```text
//! near-miss = "[" 1*( char - "[" - "]" / code-span ) "]"   ; in prose, not `[^…`,
//!             not after a word character, not alone on its line
//! loose-key = the label, backticks and backslashes dropped, a trailing
//!             "()" / "(..)" / "(...)" / "(…)" dropped, lower-cased,
//!             runs of space, "-" and "_" one separator, trimmed
//! ```

use memchr::{memchr2_iter, memmem, memrchr};
use rustc_hash::{FxHashMap, FxHashSet};

use super::{escaped, normalize_label};
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// Longest bracketed text looked at, in bytes (a link label's limit).
const MAX_LABEL_BYTES: usize = 4 * 999;

/// The form labels nearly match by (see the module docs): `` `Ptr::Write(..)` ``,
/// `ptr::write()` and `ptr::write` are one key, and so are
/// `reference-level explanation` and `Reference_Level_Explanation`.
pub fn loose_key(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    loose_key_into(label, &mut out);
    out
}

/// [`loose_key`] into a buffer (cleared first).
fn loose_key_into(label: &str, out: &mut String) {
    out.clear();
    let label = label.trim_matches(|c: char| c.is_whitespace() || c == '`');
    let label = ["()", "(..)", "(...)", "(…)"]
        .iter()
        .find_map(|suffix| label.strip_suffix(suffix))
        .unwrap_or(label);
    let mut gap = false;
    for c in label.chars() {
        match c {
            '`' | '\\' => {}
            ' ' | '\t' | '\n' | '\r' | '\u{c}' | '-' | '_' => gap = true,
            c => {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                match c {
                    'ß' | 'ẞ' => out.push_str("ss"),
                    c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                    c => out.extend(c.to_lowercase()),
                }
            }
        }
    }
    // `ptr::write(..)` once the backticks inside are gone.
    for suffix in ["()", "(..)", "(...)", "(…)"] {
        if let Some(stem) = out.strip_suffix(suffix) {
            out.truncate(stem.trim_end().len());
            break;
        }
    }
}

/// The link definitions by loose key: the first of each key.
pub struct Index<'d> {
    by_key: FxHashMap<String, &'d Definition>,
    /// Every label as matched: a bracket that has one is a link already.
    exact: FxHashSet<&'d str>,
    /// The longest label, to skip brackets too long to match any.
    longest: usize,
}

impl<'d> Index<'d> {
    /// The index of `definitions`' links; `None` when there are none.
    pub fn new(definitions: &'d [Definition]) -> Option<Self> {
        let mut by_key = FxHashMap::default();
        let mut exact = FxHashSet::default();
        let mut longest = 0;
        for def in definitions.iter().filter(|d| d.kind == RefKind::Link) {
            longest = longest.max(def.label.len());
            exact.insert(def.key());
            let key = loose_key(&def.label);
            if !key.is_empty() {
                by_key.entry(key).or_insert(def);
            }
        }
        (!by_key.is_empty()).then_some(Self {
            by_key,
            exact,
            longest,
        })
    }

    /// The definition whose label `label` nearly matches.
    pub fn get(&self, label: &str) -> Option<&'d Definition> {
        self.by_key.get(&loose_key(label)).copied()
    }
}

/// Add a link marker for every near miss in `prose` (see the module docs).
/// `markers` are in source order, and stay so.
pub(super) fn shortcuts(
    text: &str,
    prose: &[Span],
    definitions: &[Definition],
    markers: &mut Vec<Marker>,
) {
    let Some(index) = Index::new(definitions) else {
        return;
    };
    let bytes = text.as_bytes();
    // Loose keys can only shrink a label so far: a bracket four times the
    // longest label is prose.
    let longest = (index.longest * 4 + 16).min(MAX_LABEL_BYTES);
    let mut key = String::new();
    let mut found = Vec::new();
    // The open `[`, and the prose span it is in.
    let mut open: Option<(usize, usize)> = None;
    for (i, span) in prose.iter().enumerate() {
        if open.is_some() && !code_between(text, prose[i - 1].end, span.start) {
            open = None;
        }
        for at in memchr2_iter(b'[', b']', &bytes[span.start..span.end]) {
            let at = span.start + at;
            if escaped(bytes, at) {
                continue;
            }
            if bytes[at] == b'[' {
                open = Some((at, i));
                continue;
            }
            let Some((start, in_span)) = open.take() else {
                continue;
            };
            let label = &text[start + 1..at];
            if label.len() > longest || label.starts_with('^') || label.trim().is_empty() {
                continue;
            }
            loose_key_into(label, &mut key);
            if !index.by_key.contains_key(&key) {
                continue;
            }
            let exact = normalize_label(label);
            if index.exact.contains(exact.as_deref().unwrap_or(label))
                || not_meant(bytes, start, at)
                || in_template(text, prose[in_span].start, start)
            {
                continue;
            }
            found.push(Marker {
                label: label.into(),
                key: exact,
                span: Span::new(start, at + 1),
                label_span: Span::new(start, at + 1),
                certainty: Certainty::Marker,
                kind: RefKind::Link,
                namespace: None,
            });
        }
    }
    // What a marker already stands on (a citation group) is not a near miss.
    found.retain(|m| {
        let i = markers.partition_point(|o| o.span.start < m.span.start);
        markers.get(i).is_none_or(|o| o.span.start != m.span.start)
    });
    if !found.is_empty() {
        markers.append(&mut found);
        markers.sort_by_key(|m| m.span.start);
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

/// Whether only an inline code span (and emphasis delimiters) lies
/// between two prose spans: `` [`ptr::write`] `` is one bracket.
fn code_between(text: &str, start: usize, end: usize) -> bool {
    let gap = text[start..end].trim_matches(['*', '_', '~']);
    gap.len() >= 2 && gap.starts_with('`') && gap.ends_with('`')
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
