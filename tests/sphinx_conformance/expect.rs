//! What ibid must report, read from the oracles: which warnings ibid
//! answers for and with which code ([`classify`]), and where: the line the
//! reference (or definition) is written on, found in the sources from the
//! line docutils gives ([`locate`], [`definition_line`]).

use std::collections::HashMap;
use std::path::Path;

use super::compare::{label_matches, normalize, Silent};
use super::corpus::{places, Mutation, Project};
use crate::conformance_corpus::{lexical, list, Lines, Place};
use crate::conformance_oracle::{json_places, unknown_kind, Expectation, Sources, Warning};
use crate::conformance_run::paired_difference;

/// What the harness makes of one oracle warning.
#[derive(Debug, PartialEq)]
pub enum Class {
    /// ibid must report `code` with this label (the warning's key).
    Mapped { code: &'static str, label: String },
    /// Outside ibid's contract as a class, for the reason given.
    Skipped(&'static str),
    /// A kind the harness does not know: the corpus changed.
    Unknown,
}

/// docutils' message for `|name|` without a definition (oracle kind
/// `other`, no key): ibid's `undefined-ref`.
pub const SUBSTITUTION: &str = "Undefined substitution referenced: ";

/// A docutils footnote label (`5`, `#`, `#name`, `*`), as opposed to a
/// hyperlink name: an unknown target with such a name is an `unresolved`
/// footnote reference.
pub fn is_note_label(label: &str) -> bool {
    !label.is_empty()
        && (label.bytes().all(|b| b.is_ascii_digit())
            || label.starts_with('#')
            || label.bytes().all(|b| b == b'*'))
}

/// The oracle kind's ibid code (the table in the test's module docs).
pub fn classify(w: &Warning) -> Class {
    let key = w.key.clone().unwrap_or_default();
    let mapped = |code: &'static str, label: String| Class::Mapped { code, label };
    match w.kind.as_str() {
        "undefined_label" | "unknown_document" => mapped("undefined-ref", key),
        "citation_not_found"
        | "citation_not_found_or_unknown_target"
        | "unknown_target_or_too_many_refs"
        | "too_many_footnote_refs" => mapped("unresolved", key),
        "unknown_target" if is_note_label(&key) => mapped("unresolved", key),
        "unknown_target" => mapped("undefined-ref", key),
        "duplicate_label" | "duplicate_explicit_target" => mapped("duplicate-label", key),
        "duplicate_citation" => mapped("duplicate", key),
        "footnote_not_referenced" | "citation_not_referenced" => mapped("orphaned", key),
        "other" => match w.message.strip_prefix(SUBSTITUTION) {
            Some(rest) => mapped(
                "undefined-ref",
                rest.trim()
                    .trim_end_matches('.')
                    .trim_matches('"')
                    .to_owned(),
            ),
            None => Class::Skipped("configuration, markup and directive messages"),
        },
        "py_ref_not_found" | "ref_not_found" => {
            Class::Skipped("domain objects (py:, cpp:, js:, rst:) ibid does not model")
        }
        "autodoc_import" => Class::Skipped("autodoc imports the project's Python code"),
        "intersphinx" => Class::Skipped("intersphinx inventories unreachable offline"),
        "toc_not_included" => Class::Skipped("documents outside every toctree"),
        _ => Class::Unknown,
    }
}

/// How the reference to `label` is written (lowercase), for warnings
/// placed at their paragraph: `[5]_`, `[Citation]_`, `|name|`, a name;
/// for `orphaned`, how the definition opens (`[4]`, `[#`).
pub fn needle(kind: &str, code: &str, label: &str) -> String {
    let label = normalize(label);
    let auto = label.is_empty() || label == "#";
    match (kind, code) {
        (_, "orphaned") if auto => "[#".to_owned(),
        (_, "orphaned") => format!("[{label}]"),
        ("other", _) => format!("|{label}|"),
        (_, "unresolved") if auto => "[#".to_owned(),
        (_, "unresolved") => format!("[{label}]_"),
        _ => label,
    }
}

/// Lowercase, with runs of whitespace as one space.
fn squeeze(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The line of the `nth` (0-based) occurrence of `needle` at or after
/// line `from`, within the paragraph that goes on there (up to the next
/// blank line). Line breaks count as spaces, so a name may wrap.
pub fn locate(lines: &Lines, from: usize, needle: &str, nth: usize) -> Option<usize> {
    let needle = squeeze(needle);
    if needle.is_empty() {
        return None;
    }
    let (mut text, mut line_of) = (String::new(), Vec::new());
    let mut n = from;
    while let Some(line) = lines.line(n) {
        if line.trim().is_empty() && n > from {
            break;
        }
        let part = squeeze(line);
        if !text.is_empty() {
            text.push(' ');
            line_of.push(n);
        }
        line_of.extend(std::iter::repeat_n(n, part.len()));
        text.push_str(&part);
        n += 1;
    }
    text.match_indices(&needle)
        .nth(nth)
        .and_then(|(at, _)| line_of.get(at).copied())
}

/// The line of the definition of `label` (`.. _label:` or, for a
/// citation, `.. [label]`) nearest at or before `near`, else the first
/// after: Sphinx places a duplicate label at the title it labels.
pub fn definition_line(lines: &Lines, near: usize, kind: &str, label: &str) -> Option<usize> {
    let label = normalize(label);
    let heads = if kind == "duplicate_citation" {
        vec![format!(".. [{label}]")]
    } else {
        vec![format!(".. _{label}:"), format!(".. _`{label}`:")]
    };
    let defines = |n: &usize| {
        lines.line(*n).is_some_and(|l| {
            let l = squeeze(l);
            heads.iter().any(|h| l.starts_with(h.as_str()))
        })
    };
    let near = near.min(lines.len());
    (1..=near)
        .rev()
        .find(defines)
        .or_else(|| (near + 1..=lines.len()).find(defines))
}

/// The other copy's file of a Sphinx duplicate: "…, other instance in X".
pub fn other_instance(message: &str) -> Option<String> {
    let rest = message.split("other instance in ").nth(1)?;
    let file = rest.split_whitespace().next()?.trim_end_matches([',', '.']);
    (!file.is_empty()).then(|| lexical(file))
}

/// The expectations of one case.
#[derive(Debug, Default)]
pub struct Expected {
    pub checks: Vec<Expectation>,
    /// Rows of the SILENT table that matched an oracle warning.
    pub silenced: Vec<usize>,
    /// How the harness read the oracle (printed with the results).
    pub notes: Vec<String>,
    /// What the harness could not read: the case fails with these.
    pub problems: Vec<String>,
}

/// Expectations from `warnings`, placed in the sources under `src`.
fn build(project: &str, src: &Path, warnings: &[&Warning], silent: &[Silent], out: &mut Expected) {
    let mut sources = Sources::new(src);
    let mut seen: HashMap<(String, usize, String), usize> = HashMap::new();
    for w in warnings {
        let (code, label) = match classify(w) {
            Class::Mapped { code, label } => (code, label),
            Class::Skipped(_) => continue,
            Class::Unknown => {
                out.problems.push(unknown_kind(&w.kind, w));
                continue;
            }
        };
        let (Some(file), Some(line)) = (w.file.as_deref(), w.line) else {
            out.problems
                .push(format!("a `{}` warning without file or line: {w}", w.kind));
            continue;
        };
        let row = silent.iter().position(|(p, c, f, l, _)| {
            *p == project && *c == code && *f == file && label_matches(&label, l)
        });
        if let Some(i) = row {
            out.silenced.push(i);
            continue;
        }
        let because = format!("sphinx-build: {w}");
        if matches!(code, "duplicate-label" | "duplicate") {
            let defined = definition_line(sources.lines(file), line, &w.kind, &label);
            let at = defined.unwrap_or_else(|| {
                out.notes.push(format!(
                    "{code} `{label}`: no definition found in {file}; expected at the oracle's \
                     line {line}"
                ));
                line
            });
            let related = other_instance(&w.message).map(|other| {
                let n = definition_line(sources.lines(&other), 1, &w.kind, &label).unwrap_or(0);
                Place::new(&other, n)
            });
            if related.is_none() {
                out.notes.push(format!(
                    "{code} `{label}`: the oracle names no other instance ({w})"
                ));
            }
            out.checks.push(Expectation {
                code,
                label,
                at: Place::new(file, at),
                related,
                because,
            });
            continue;
        }
        let needle = needle(&w.kind, code, &label);
        let nth = seen
            .entry((file.to_owned(), line, needle.clone()))
            .or_default();
        let at = locate(sources.lines(file), line, &needle, *nth).unwrap_or_else(|| {
            out.notes.push(format!(
                "{code} `{label}`: `{needle}` (occurrence {}) not found in the paragraph at \
                 {file}:{line}; expected at that line",
                *nth + 1
            ));
            line
        });
        *nth += 1;
        out.checks.push(Expectation {
            code,
            label,
            at: Place::new(file, at),
            related: None,
            because,
        });
    }
}

/// The expectations for a project's unmodified sources.
pub fn for_base(project: &Project, silent: &[Silent]) -> Expected {
    let mut out = Expected::default();
    let warnings: Vec<&Warning> = project.warnings.iter().collect();
    build(&project.id, &project.src(), &warnings, silent, &mut out);
    out
}

/// The oracle's line-insensitive delta: a multiset difference of
/// (kind, file, key), where warnings at the same line pair up first (the
/// oracle's own `delta_vs_base` is line-sensitive, README).
pub fn delta<'a>(
    base: &'a [Warning],
    mutated: &'a [Warning],
) -> (Vec<&'a Warning>, Vec<&'a Warning>) {
    paired_difference(base, mutated, identity, |m, b| m.line == b.line)
}

/// What identifies a warning apart from its line: kind, file, and the key
/// (or the message, for warnings without one).
fn identity(w: &Warning) -> (&str, &str, &str) {
    (&w.kind, w.file.as_deref().unwrap_or(""), w.key_or_message())
}

/// The expectations for a mutation, placed in its patched copy `dir`.
pub fn for_mutation(project: &Project, m: &Mutation, dir: &Path, silent: &[Silent]) -> Expected {
    let mut out = Expected::default();
    let (added, removed) = delta(&project.warnings, &m.oracle);
    for w in removed {
        if matches!(classify(w), Class::Mapped { .. }) {
            out.problems.push(format!(
                "the oracle no longer reports {w} (line-insensitive): a mutation only adds a \
                 defect, and the harness has no rule for this"
            ));
        }
    }
    build(&project.id, dir, &added, silent, &mut out);
    if out.checks.is_empty() {
        out.problems.push(format!(
            "the oracle's delta has no warning ibid answers for (added: {})",
            list(added.iter().map(|w| w.to_string()))
        ));
    }
    out.notes.extend(expect_vs_delta(m, &out.checks));
    out
}

/// Notes where the mutation json's `expect` and injected places differ
/// from what the harness expects (its lines count the unpatched file, or
/// give docutils' paragraph line).
fn expect_vs_delta(m: &Mutation, checks: &[Expectation]) -> Vec<String> {
    let mut notes = Vec::new();
    let codes = |code: &str| checks.iter().filter(|c| c.code == code).count();
    for (kind, entries) in m.spec["expect"].as_object().into_iter().flatten() {
        let probe = Warning {
            file: None,
            line: None,
            kind: kind.clone(),
            key: Some(m.key().to_owned()),
            message: String::new(),
        };
        let Class::Mapped { code, .. } = classify(&probe) else {
            notes.push(format!(
                "mutation json expects `{kind}`, which ibid does not answer for"
            ));
            continue;
        };
        let entries = entries.as_array().map_or(0, Vec::len);
        if entries != codes(code) {
            notes.push(format!(
                "mutation json expects {entries} `{kind}`; the oracle's delta has {} {code}",
                codes(code)
            ));
        }
        let elsewhere: Vec<String> = json_places(&m.spec["expect"][kind])
            .into_iter()
            .filter(|p| !checks.iter().any(|c| c.at == *p))
            .map(|p| p.to_string())
            .collect();
        if !elsewhere.is_empty() {
            notes.push(format!(
                "mutation json places `{kind}` at {} (unpatched numbering or docutils' \
                 paragraph line); expected at {}",
                elsewhere.join(", "),
                places(checks.iter().filter(|c| c.code == code).map(|c| &c.at))
            ));
        }
    }
    let injected = m.places("added");
    for c in checks {
        let copies: Vec<&Place> = std::iter::once(&c.at).chain(&c.related).collect();
        if c.related.is_some()
            && !injected
                .iter()
                .any(|i| copies.iter().any(|p| p.path == i.path))
        {
            notes.push(format!(
                "{} `{}`: neither copy ({}) is in a file the patch adds to ({})",
                c.code,
                c.label,
                list(copies),
                list(&injected)
            ));
        }
        if c.code == "orphaned" && !injected.is_empty() && !injected.contains(&c.at) {
            notes.push(format!(
                "orphaned `{}` expected at {}, not where the patch appends it ({})",
                c.label,
                c.at,
                list(&injected)
            ));
        }
    }
    notes
}
