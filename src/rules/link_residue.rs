use memchr::memchr_iter;

use super::{noun, Sink};
use crate::graph::RefGraph;
use crate::model::{RefKind, Span};

/// The longest source label before the colon in `(Image:, …)`.
const MAX_PREFIX: usize = 32;
/// How far the closing parenthesis is looked for.
const MAX_PAREN: usize = 160;

rule! {
    /// Text where a source name or link was stripped out, typically by an
    /// export that dropped hyperlinks: `(, June 22, 2023)`,
    /// `(Image:, June 30, 2023)`, or a note whose body begins with `,`.
    ///
    /// It also reports a note whose label is glued to its text, `[1]_Ras_:
    /// a vessel`: the note is read as note [1], but the space after its
    /// label was lost (by an export, or a typo), and other tools will not
    /// see a note there.
    ///
    /// ## Why
    /// The credit or citation now names no source. Nothing else looks
    /// wrong, so the loss survives proofreading.
    ///
    /// ## Example
    /// ```text
    /// Haniya met Qaani (, June 22, 2023).[1]
    ///
    /// [1], June 14, 2023.
    /// ```
    ///
    /// ## Fix
    /// Restore the source's name or link from the original:
    /// ```text
    /// Haniya met Qaani (IRNA, June 22, 2023).[1]
    ///
    /// [1] Tasnim (Iran), June 14, 2023.
    /// ```
    "link-residue", Warning, "source stripped out here"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let text = graph.text;
    // One pass over the text for `(`, keeping those inside prose spans
    // (sorted and disjoint, as dialects make them).
    let prose = &graph.doc.prose;
    let sorted;
    let prose = if prose.is_sorted_by_key(|s| s.start) {
        prose.as_slice()
    } else {
        sorted = {
            let mut copy = prose.clone();
            copy.sort_unstable();
            copy
        };
        sorted.as_slice()
    };
    let mut spans = prose.iter().peekable();
    for at in memchr_iter(b'(', text.as_bytes()) {
        while spans.peek().is_some_and(|s| s.end <= at) {
            spans.next();
        }
        let Some(span) = spans.peek() else {
            break;
        };
        if span.start > at {
            continue;
        }
        if let Some(len) = stripped_parenthesis(&text[at..span.end]) {
            let hit = Span::new(at, at + len);
            sink.report(
                hit,
                None,
                format!("a source was stripped out of `{}`", hit.of(text)),
            )
            .help("restore the source's name or link, lost when the text was exported");
        }
    }
    for (i, def) in graph.definitions().filter(|(_, d)| d.kind == RefKind::Note) {
        let body = def.body.of(text);
        if glued(text, def) {
            let noun = noun(graph.block_kind(graph.def_scope(i)));
            let label = graph.notation.marker(&def.label);
            // The label and the body's first word.
            let word = body
                .find(|c: char| c.is_whitespace() || c == ':' || c == ',')
                .unwrap_or(body.len())
                .clamp(1, 40);
            let mut end = def.body.start + word;
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let hit = Span::new(def.label_span.start, end.min(def.body.end));
            sink.report(
                hit,
                Some(&def.label),
                format!(
                    "{noun} {label} has no space after its label (`{}`): read as {noun} {label}, \
                     but a space was lost, perhaps by an export",
                    hit.of(text)
                ),
            )
            .help(format!("put a space after {label}"));
            continue;
        }
        if !body.starts_with(',') {
            continue;
        }
        let noun = noun(graph.block_kind(graph.def_scope(i)));
        let label = graph.notation.marker(&def.label);
        let end = body
            .find(['\n', '\r'])
            .map_or(def.body.end, |n| def.body.start + n);
        // The body's first line, at most 80 bytes of it (the body starts
        // with the ASCII comma, so the end is past it).
        let mut end = end.min(def.body.start + 80).max(def.body.start + 1);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        sink.report(
            Span::new(def.label_span.start, end),
            Some(&def.label),
            format!("{noun} {label} begins with `,`: its source name or link was stripped out"),
        )
        .help(format!(
            "restore the source's name or link at the start of {noun} {label}"
        ));
    }
}

/// A bracketed note label written right against its text, `[1]_Ras_: a
/// vessel` (the plain dialect takes the note; its label is followed by no
/// space).
fn glued(text: &str, def: &crate::model::Definition) -> bool {
    let label = def.label_span.of(text);
    def.body.start == def.label_span.end
        && label.len() == def.label.len() + 2
        && label.starts_with('[')
        && label.ends_with(']')
        && def.body.of(text).chars().next().is_some_and(|c| {
            c.is_alphanumeric() || matches!(c, '_' | '*' | '"' | '\u{201c}')
        })
}

/// Words that label a credit or a source, as in `(Source: )`.
const CREDITS: &[&str] = &[
    "source", "sources", "image", "images", "photo", "photos", "picture", "video", "credit",
    "credits", "courtesy", "via", "from", "graphic", "map", "chart", "link", "url", "see",
];

/// `(, …)`, `( , …)`, `(Image:, …)`, `(Source: )`: the length of the
/// parenthesis (to `)` on the same line, or to the comma).
fn stripped_parenthesis(s: &str) -> Option<usize> {
    let inner = &s[1..];
    let prefix = inner
        .char_indices()
        .take(MAX_PREFIX)
        .find(|&(_, c)| !(c.is_alphabetic() || c == ' ' || c == '\''))
        .map_or(0, |(i, _)| i);
    let mut rest = &inner[prefix..];
    let labelled = prefix > 0 && rest.starts_with(':');
    if labelled {
        rest = &rest[1..];
    } else if !inner[..prefix].trim().is_empty() {
        return None;
    }
    let rest = rest.trim_start_matches([' ', '\u{a0}']);
    // `(Source: )` names what was stripped; `(Or:)` in a translation and
    // `(if they have any:)` in a book are prose.
    let credit = || {
        let label = inner[..prefix].trim();
        CREDITS.iter().any(|w| w.eq_ignore_ascii_case(label))
    };
    if !(rest.starts_with(',') || labelled && rest.starts_with(')') && credit()) {
        return None;
    }
    let comma = s.len() - rest.len();
    let close = s[comma..]
        .char_indices()
        .take(MAX_PAREN)
        .find(|&(_, c)| c == ')' || c == '\n')
        .filter(|&(_, c)| c == ')')
        .map(|(i, _)| i);
    Some(close.map_or(comma + 1, |i| comma + i + 1))
}

#[cfg(test)]
mod tests {
    use super::stripped_parenthesis as p;

    #[test]
    fn stripped_parentheses() {
        assert_eq!(p("(, June 22, 2023)."), Some(17));
        assert_eq!(p("(Image:, June 30, 2023)"), Some(23));
        assert_eq!(p("( , 2023)"), Some(9));
        assert_eq!(p("(Source: )"), Some(10));
        assert_eq!(p("(Or:)"), None);
        assert_eq!(p("(if they have any:)"), None);
        assert_eq!(p("(, no close\nhere)"), Some(2));
        assert_eq!(p("(IRNA, June 22, 2023)"), None);
        assert_eq!(p("(see below)"), None);
        assert_eq!(p("()"), None);
        assert_eq!(p("(a, b)"), None);
    }
}
