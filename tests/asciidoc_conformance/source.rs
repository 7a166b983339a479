//! Where a construct is written, looked up in the sources: references
//! and includes from a line on ([`locate`]), ids' definitions
//! ([`defines`], [`definition_line`]), include targets ([`resolve`]).

use crate::conformance_corpus::{lexical, Lines, Place};

/// How a reference with this code and label is written (the needles
/// [`locate`] looks for).
pub fn needles(code: &str, key: &str) -> Vec<String> {
    match code {
        "undefined-ref" => vec![
            format!("<<{key}>>"),
            format!("<<{key},"),
            format!("xref:{key}["),
        ],
        "unresolved" | "duplicate" => vec![
            format!("footnote:{key}["),
            format!("footnoteref:[{key},"),
            format!("footnoteref:[{key}]"),
        ],
        "missing-file" => vec![format!("include::{key}[")],
        _ => vec![key.to_owned()],
    }
}

/// The line of the `nth` (0-based) occurrence of any of `needles` at or
/// after line `from`, within the block that goes on there (up to the next
/// blank line): Asciidoctor may give a block's first line, and a
/// hand-found location is the line itself.
pub fn locate(lines: &Lines, from: usize, needles: &[String], nth: usize) -> Option<usize> {
    let mut hits: Vec<(usize, usize)> = Vec::new();
    let mut n = from;
    while let Some(line) = lines.line(n) {
        if line.trim().is_empty() && n > from {
            break;
        }
        for needle in needles {
            hits.extend(line.match_indices(needle.as_str()).map(|(at, _)| (n, at)));
        }
        n += 1;
    }
    hits.sort_unstable();
    hits.dedup();
    hits.get(nth).map(|(n, _)| *n)
}

/// Whether `line` defines the id `key`: `[[key]]`, `[[key,text]]`,
/// `[[[key]]]`, `[#key]` (with a role or option after it), `anchor:key[`,
/// `id=key` / `id="key"` in an attribute list.
pub fn defines(line: &str, key: &str) -> bool {
    let forms = [
        format!("[[{key}]]"),
        format!("[[{key},"),
        format!("anchor:{key}["),
        format!("id={key},"),
        format!("id={key}]"),
        format!("id=\"{key}\""),
    ];
    if forms.iter().any(|f| line.contains(f.as_str())) {
        return true;
    }
    let short = format!("[#{key}");
    line.match_indices(short.as_str()).any(|(at, _)| {
        matches!(
            line.as_bytes().get(at + short.len()),
            Some(b']' | b'.' | b'%' | b',')
        )
    })
}

/// The line of the definition of `key` nearest at or before `near`, else
/// the first after: Asciidoctor places a duplicate id at the section
/// title or block that the anchor above it names.
pub fn definition_line(lines: &Lines, near: usize, key: &str) -> Option<usize> {
    let near = near.min(lines.len());
    let at = |n: &usize| lines.line(*n).is_some_and(|l| defines(l, key));
    (1..=near)
        .rev()
        .find(at)
        .or_else(|| (near + 1..=lines.len()).find(at))
}

/// Every definition of `key` in `files`.
pub fn definitions(files: &[(String, Lines)], key: &str) -> Vec<Place> {
    files
        .iter()
        .flat_map(|(path, lines)| {
            (1..=lines.len())
                .filter(|&n| lines.line(n).is_some_and(|l| defines(l, key)))
                .map(|n| Place::new(path, n))
        })
        .collect()
}

/// `target` of an `include::target[…]` written in `path`, as a path
/// relative to `src/` (Asciidoctor resolves it from the including file's
/// folder).
pub fn resolve(path: &str, target: &str) -> String {
    let folder = path.rsplit_once('/').map_or("", |(folder, _)| folder);
    lexical(&format!("{folder}/{target}"))
}

/// The `include::` targets written on a line (also the one-line
/// `ifdef::x[include::y[]]` form), as written.
pub fn include_targets(line: &str) -> Vec<&str> {
    line.match_indices("include::")
        .filter_map(|(at, _)| {
            let rest = &line[at + "include::".len()..];
            let end = rest.find('[')?;
            (end > 0).then(|| &rest[..end])
        })
        .collect()
}
