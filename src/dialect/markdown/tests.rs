//! What the Markdown dialect extracts, as inline snapshots.

use std::fmt::Write as _;

use super::parse;
use crate::model::Certainty;

/// One line per block, definition, marker and bibliography, in that order.
fn extract(text: &str) -> String {
    let doc = parse(text);
    let mut out = String::new();
    for b in &doc.blocks {
        let _ = writeln!(out, "block {:?} {}", b.kind, b.span);
    }
    for d in &doc.definitions {
        let key = d.key.as_deref().map(|k| format!(" key {k:?}")).unwrap_or_default();
        let _ = writeln!(
            out,
            "def {:?} {}{key} {:?}",
            d.kind,
            d.label_span.of(text),
            d.body.of(text)
        );
    }
    for m in &doc.markers {
        let key = m.key.as_deref().map(|k| format!(" key {k:?}")).unwrap_or_default();
        let doubt = if m.certainty == Certainty::IfDefined {
            " if defined"
        } else {
            ""
        };
        let _ = writeln!(
            out,
            "marker {:?} {}{key} at {:?}{doubt}",
            m.kind,
            m.label,
            m.span.of(text)
        );
    }
    for b in &doc.bibliographies {
        let _ = writeln!(out, "bibliography {} at {:?}", b.path, b.span.of(text));
    }
    out
}

#[test]
fn smoke() {
    let text = "Text[^a] and [^A] [^nope] x[^1][^2] \\[^esc] [@doe] [see @doe, p. 3; -@x]\n\n[^a]: Def [^1]\n    continued\n[^1]: one\n[^2]:\n\n[ref]: /u \"t\"\n[ref]: /v\n\nA [t][ref] [ref][] [x][undef] [shortcut] ^[inline *note*] me@example.com\n";
    insta::assert_snapshot!(extract(text), @r#"
    block Notes 74..118
    def Note [^a]: "Def [^1]\n    continued"
    def Note [^1]: "one"
    def Note [^2]: ""
    def Link [ref] "/u \"t\""
    def Link [ref] "/v"
    def InlineNote ^[ key "^186" "inline *note*"
    marker Note a at "[^a]"
    marker Note A key "a" at "[^A]"
    marker Note nope at "[^nope]"
    marker Note 1 at "[^1]"
    marker Note 2 at "[^2]"
    marker Citation doe at "@doe"
    marker Citation doe at "@doe"
    marker Citation x at "-@x"
    marker Note 1 at "[^1]"
    marker Link ref at "[t][ref]"
    marker Link ref at "[ref][]"
    marker Link undef at "[x][undef]"
    "#);
}
