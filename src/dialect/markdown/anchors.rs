//! Heading anchors: the link definition a section gives itself.
//!
//! Templates such as the Rust RFC template put a definition under each
//! heading that points at that heading, so that `[summary]` anywhere in
//! the document links to the section:
//!
//! ```text
//! # Summary
//! [summary]: #summary
//! ```
//!
//! Most documents written from the template never use most of them.
//! [`heading_anchor`] tells such a definition from others, for
//! `unused-link-definition`.
//!
//! # Grammar
//!
//! ```text
//! anchor-def = heading-line *blank-line "[" link-label "]:" WSP* "#" fragment [ title ]
//! heading    = atx-heading / setext-heading     ; the line(s) right above
//! fragment   = slug [ "-" 1*DIGIT ]              ; GitHub numbers repeated slugs
//!            / id                                ; `# Summary {#id}`
//!            / label-slug                        ; the slug of the definition's label
//! slug       = the heading text, lower-cased, every character but letters,
//!              digits, "-", "_" and space dropped, each space a "-"
//! ```

use memchr::memrchr;

use crate::model::Definition;

/// Blank lines looked past between a heading and its definition.
const MAX_BLANK_LINES: usize = 4;

/// Whether a link definition right under a heading (blank lines between
/// allowed) points at that section: at the heading's anchor
/// (`[summary]: #summary` under `# Summary`, `[design]: #detailed-design`
/// under `Detailed design` and `===`), or at its own label's, as templates
/// keep writing it after the heading was renamed
/// (`[alternatives]: #alternatives` under `## Rationale and alternatives`).
pub fn heading_anchor(text: &str, def: &Definition) -> bool {
    let body = def.body.of(text);
    if !(body.starts_with('#') || body.starts_with("<#")) {
        return false;
    }
    let destination = body.split_ascii_whitespace().next().unwrap_or_default();
    let destination = destination
        .strip_prefix('<')
        .and_then(|d| d.strip_suffix('>'))
        .unwrap_or(destination);
    let Some(fragment) = destination.strip_prefix('#').filter(|f| !f.is_empty()) else {
        return false;
    };
    heading_above(text, def.label_span.start)
        .is_some_and(|h| names(h, fragment) || fragment == slug(&def.label, true))
}

/// The text of the heading right above the line `at` is on.
fn heading_above(text: &str, at: usize) -> Option<&str> {
    let bytes = text.as_bytes();
    let mut end = memrchr(b'\n', &bytes[..at])?;
    let mut blank = 0;
    loop {
        let start = memrchr(b'\n', &bytes[..end]).map_or(0, |n| n + 1);
        let line = content(&text[start..end]);
        if line.is_empty() {
            blank += 1;
            if blank > MAX_BLANK_LINES || start == 0 {
                return None;
            }
            end = start - 1;
            continue;
        }
        if let Some(heading) = atx(line) {
            return Some(heading);
        }
        if !line.bytes().all(|b| b == b'=' || b == b'-') || start == 0 {
            return None;
        }
        // A setext underline: the heading is the line above it.
        let above_end = start - 1;
        let above = memrchr(b'\n', &bytes[..above_end]).map_or(0, |n| n + 1);
        let heading = content(&text[above..above_end]);
        return (!heading.is_empty()).then_some(heading);
    }
}

/// A line without its container markers (block quotes, indentation) and
/// surrounding whitespace.
fn content(line: &str) -> &str {
    line.trim_start_matches([' ', '\t', '>']).trim()
}

/// The text of an ATX heading line.
fn atx(line: &str) -> Option<&str> {
    let hashes = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&hashes) {
        return None;
    }
    let rest = &line[hashes..];
    if !(rest.is_empty() || rest.starts_with([' ', '\t'])) {
        return None;
    }
    let rest = rest.trim();
    // A closing sequence of `#`s, after a space.
    let closed = rest.trim_end_matches('#');
    Some(if closed.is_empty() || closed.ends_with([' ', '\t']) {
        closed.trim_end()
    } else {
        rest
    })
}

/// Whether `fragment` is the anchor of a heading with this text.
fn names(heading: &str, fragment: &str) -> bool {
    // `# Summary {#summary}`: an explicit id.
    if let Some(open) = heading.rfind("{#").filter(|_| heading.ends_with('}')) {
        let id = heading[open + 2..heading.len() - 1]
            .split_ascii_whitespace()
            .next();
        if id == Some(fragment) {
            return true;
        }
    }
    let numbered = |slug: &str| {
        fragment == slug
            || fragment.strip_prefix(slug).is_some_and(|rest| {
                rest.strip_prefix('-')
                    .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
            })
    };
    let slug = slug(heading, true);
    // `_emphasis_` renders without its underscores.
    numbered(&slug) || heading.contains('_') && numbered(&self::slug(heading, false))
}

/// GitHub's anchor for a heading (github-slugger): lower case, every
/// character but letters, digits, `-`, `_` and spaces dropped, each space
/// a `-`.
pub fn slug(heading: &str, underscores: bool) -> String {
    let mut out = String::with_capacity(heading.len());
    for c in heading.chars() {
        match c {
            ' ' => out.push('-'),
            '-' => out.push('-'),
            '_' if underscores => out.push('_'),
            c if c.is_alphanumeric() => out.extend(c.to_lowercase()),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Definition, Span};

    fn anchored(text: &str) -> bool {
        let at = text.rfind('[').unwrap();
        let colon = at + text[at..].find("]:").unwrap();
        let def = Definition::new(
            crate::model::RefKind::Link,
            &text[at + 1..colon],
            Span::new(at, colon + 2),
            Span::new(colon + 3, text.trim_end().len()),
        );
        heading_anchor(text, &def)
    }

    #[test]
    fn anchors_of_the_heading_above() {
        assert!(anchored("# Summary\n[summary]: #summary\n"));
        assert!(anchored(
            "## Guide-level explanation\n\n[guide]: #guide-level-explanation\n"
        ));
        assert!(anchored(
            "# Detailed design #\n[design]: #detailed-design\n"
        ));
        assert!(anchored(
            "Detailed design\n===\n[design]: #detailed-design\n"
        ));
        assert!(anchored("> # Quoted\n> [q]: #quoted\n"));
        assert!(anchored(
            "# `ptr::write` and *you*\n[w]: #ptrwrite-and-you\n"
        ));
        assert!(anchored("# Example\n[example]: #example-1\n"));
        assert!(anchored("# Summary {#sum}\n[s]: #sum\n"));
        assert!(anchored("# _Why_ not\n[why]: #why-not\n"));
        assert!(anchored("# Résumé\n[r]: <#résumé> \"title\"\n"));
        assert!(anchored(
            "## Rationale and alternatives\n[alternatives]: #alternatives\n"
        ));
        // Not the heading above, or not right above.
        assert!(!anchored("# Summary\n[motivation]: #drawbacks\n"));
        assert!(!anchored("Text.\n[motivation]: #motivation\n"));
        assert!(!anchored("# Summary\n\nText.\n\n[summary]: #summary\n"));
        assert!(!anchored("[summary]: #summary\n"));
        assert!(!anchored(
            "# Summary\n[summary]: https://example.com/#summary\n"
        ));
        assert!(!anchored("# Summary\n[summary]: #\n"));
        assert!(!anchored("#Summary\n[summary]: #summary\n"));
        assert!(!anchored("# Example\n[example]: #example-x\n"));
    }

    #[test]
    fn slugs() {
        assert_eq!(
            slug("Reference-level explanation", true),
            "reference-level-explanation"
        );
        assert_eq!(slug("What's new?  Ünïcode", true), "whats-new--ünïcode");
        assert_eq!(slug("snake_case", true), "snake_case");
    }
}
