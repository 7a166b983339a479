//! Conformance of the Markdown dialect's footnotes against other
//! implementations' test suites: `../shared/corpus/markdown/footnote_cases.jsonl`
//! (pulldown-cmark, comrak, cmark-gfm, micromark with GitHub's rendering,
//! markdown-it-footnote), read in place and skipped when absent.
//!
//! For each compared case, ibid's resolved footnote calls (the label of
//! the definition each resolving call reaches), its definitions, its
//! orphaned definitions and its duplicated labels must equal the oracle's:
//!
//! - calls: the labels derived from the expected HTML (upstream ground
//!   truth); in `index` mode, where the HTML only numbers notes, the
//!   labels markdown-it computes (`xcheck.markdown_it`, validated against
//!   all of markdown-it's own fixtures);
//! - definitions: the rendered ones plus `xcheck.mdast_gfm.orphaned`,
//!   since renderers drop definitions nothing calls;
//! - orphans and duplicates: `xcheck.mdast_gfm`;
//! - inline notes (comrak and markdown-it, which render them): how many
//!   ibid finds with a non-blank body. pandoc parses `^[]` as an empty
//!   note, which ibid reports as `empty-note`; comrak and markdown-it leave
//!   it as text, so blank inline notes are not counted.
//!
//! Calls compare as the oracle writes them: as written in `label` mode,
//! case-folded in `label-normalized` mode (micromark lower-cases ids);
//! definitions, orphans and duplicates compare case-folded (mdast's form).
//!
//! pulldown-cmark's `regression.txt` cases are compared: their expected
//! HTML is its GFM footnote mode (one says "GFM footnotes can interrupt
//! link defs"). Every case left out is listed in [`EXCLUDED`] or
//! [`excluded_source`] with its reason; excluded cases are still run, and
//! the test prints how many of them happen to agree.

#[path = "support/corpus_gate.rs"]
mod corpus_gate;
#[path = "markdown_fast/diff.rs"]
#[allow(dead_code)]
mod diff;

use std::collections::BTreeSet;

use ibid::internals::dialect::markdown;
use ibid::internals::graph::RefGraph;
use ibid::internals::model::RefKind;
use serde_json::Value;

/// Cases left out one by one, with the reason.
const EXCLUDED: &[(&str, &str)] = &[(
    "inline_footnotes.rs#inline_footnote_without_footnotes_enabled",
    "comrak runs with inline_footnotes but without its footnotes extension, where it \
     parses no note at all; ibid always reads pandoc inline notes",
)];

/// Whole sources whose semantics are not GFM's.
fn excluded_source(case: &Value) -> Option<&'static str> {
    let source = case["source"].as_str().unwrap_or_default();
    if source.contains("old_footnotes.txt") {
        return Some(
            "pulldown-cmark's ENABLE_OLD_FOOTNOTES semantics: undefined calls render as \
             calls and definitions continue without indentation",
        );
    }
    None
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn fold(label: &str) -> String {
    label.to_lowercase()
}

/// A sorted list of labels, compared as the oracle writes them.
fn sorted(labels: impl IntoIterator<Item = String>, folded: bool) -> Vec<String> {
    let mut v: Vec<String> = labels
        .into_iter()
        .map(|l| if folded { fold(&l) } else { l })
        .collect();
    v.sort();
    v
}

#[derive(Debug, PartialEq, Eq)]
struct Outcome {
    calls: Vec<String>,
    defined: Vec<String>,
    orphaned: Vec<String>,
    duplicated: Vec<String>,
    inline_notes: Option<usize>,
}

/// What the oracles say about a case.
fn oracle(case: &Value) -> Outcome {
    let derived = &case["derived"];
    let mdast = &case["xcheck"]["mdast_gfm"];
    let mode = derived["label_mode"].as_str().unwrap_or_default();
    let source = case["source"].as_str().unwrap_or_default();
    let folded = mode != "label";
    let is_inline = |l: &String| l.starts_with("__inline_") || l == "<inline>";
    let (calls, rendered, inline) = if mode == "index" {
        let mi = &case["xcheck"]["markdown_it"];
        let calls = strings(&mi["resolved_refs"]);
        let inline = calls.iter().filter(|l| is_inline(l)).count();
        (calls, strings(&mi["defined"]), inline)
    } else {
        let defined = strings(&derived["defined"]);
        let inline = defined.iter().filter(|l| is_inline(l)).count();
        (strings(&derived["resolved_refs"]), defined, inline)
    };
    let renders_inline = source.contains("comrak") || source.contains("markdown-it");
    let mut defined: BTreeSet<String> = rendered
        .iter()
        .filter(|l| !is_inline(l))
        .map(|l| fold(l))
        .collect();
    defined.extend(strings(&mdast["orphaned"]).iter().map(|l| fold(l)));
    Outcome {
        calls: sorted(calls.into_iter().filter(|l| !is_inline(l)), folded),
        defined: defined.into_iter().collect(),
        orphaned: sorted(strings(&mdast["orphaned"]), true),
        duplicated: sorted(strings(&mdast["duplicate_defs"]), true),
        inline_notes: renders_inline.then_some(inline),
    }
}

/// What ibid makes of a case, labelled the way the oracle labels.
fn ibid(case: &Value, oracle: &Outcome) -> Outcome {
    let text = case["markdown"].as_str().unwrap_or_default();
    let mode = case["derived"]["label_mode"].as_str().unwrap_or_default();
    let folded = mode != "label";
    let doc = markdown::parse(text);
    let graph = RefGraph::build(text, &doc, ibid::internals::dialect::markdown::NOTATION);
    let label = |d: usize| doc.definitions[d].label.to_string();
    let calls = graph
        .markers()
        .filter(|(_, m)| m.kind == RefKind::Note)
        .filter_map(|(i, _)| graph.targets(i).next().map(label));
    let defined: BTreeSet<String> = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::Note)
        .map(|d| fold(&d.label))
        .collect();
    let inline_notes = doc
        .definitions
        .iter()
        .filter(|d| d.kind == RefKind::InlineNote && !d.body.is_empty())
        .count();
    Outcome {
        calls: sorted(calls, folded),
        defined: defined.into_iter().collect(),
        orphaned: sorted(
            graph
                .unreferenced(RefKind::Note)
                .map(|(_, d)| d.label.to_string()),
            true,
        ),
        duplicated: sorted(
            graph
                .duplicates(RefKind::Note)
                .into_iter()
                .map(|(d, _)| label(d)),
            true,
        ),
        inline_notes: oracle.inline_notes.map(|_| inline_notes),
    }
}

/// The footnote cases, one JSON object a line.
fn footnote_cases() -> String {
    let path = corpus_gate::dir().join("markdown/footnote_cases.jsonl");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The scan-first parser and pulldown-cmark give the same document for
/// every footnote case the first takes (see tests/markdown_fast.rs).
fn fast_parser_agrees_on_the_footnote_cases() {
    let cases: Vec<Value> = footnote_cases()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON case per line"))
        .collect();
    let (coverage, failures) = diff::check_all(cases.iter().map(|case| {
        let id = case["id"].as_str().unwrap_or_default();
        let text = case["markdown"].as_str().unwrap_or_default();
        (format!("footnote case {id}"), text)
    }));
    assert!(coverage.docs > 100, "only {} footnote cases", coverage.docs);
    eprintln!("footnote cases, fast path: {coverage}");
    diff::assert_none(&failures);
}

fn footnote_cases_agree_with_their_oracles() {
    let data = footnote_cases();
    let (mut compared, mut agreeing, mut agree_anyway) = (0, 0, 0);
    let mut excluded = Vec::new();
    let mut failures = Vec::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let case: Value = serde_json::from_str(line).expect("a JSON case per line");
        let id = case["id"].as_str().unwrap_or_default().to_owned();
        let source = case["source"].as_str().unwrap_or_default();
        let file = source.rsplit('/').next().unwrap_or(source);
        let key = if id.contains('#') {
            id.clone()
        } else {
            format!("{file}#{id}")
        };
        let reason = EXCLUDED
            .iter()
            .find(|(k, _)| *k == key || *k == id)
            .map(|(_, r)| *r)
            .or_else(|| excluded_source(&case));
        if let Some(reason) = reason {
            // Still run them: how far other semantics happen to agree.
            if oracle(&case) == ibid(&case, &oracle(&case)) {
                agree_anyway += 1;
            }
            excluded.push((key, reason));
            continue;
        }
        compared += 1;
        let want = oracle(&case);
        let got = ibid(&case, &want);
        if got == want {
            agreeing += 1;
        } else {
            failures.push(format!(
                "{key}\n  markdown: {:?}\n  oracle: {want:?}\n  ibid:   {got:?}",
                case["markdown"].as_str().unwrap_or_default()
            ));
        }
    }
    assert!(compared > 100, "only {compared} cases compared");
    eprintln!(
        "markdown conformance: {agreeing}/{compared} compared cases agree; {} excluded \
         (of which {agree_anyway} agree anyway)",
        excluded.len()
    );
    for (key, reason) in &excluded {
        eprintln!("  excluded {key}: {reason}");
    }
    assert!(
        failures.is_empty(),
        "disagreements:\n{}",
        failures.join("\n")
    );
}

fn main() -> std::process::ExitCode {
    corpus_gate::run(vec![
        (
            "footnote_cases_agree_with_their_oracles",
            footnote_cases_agree_with_their_oracles,
        ),
        (
            "fast_parser_agrees_on_the_footnote_cases",
            fast_parser_agrees_on_the_footnote_cases,
        ),
    ])
}
