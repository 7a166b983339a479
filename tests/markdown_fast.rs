//! Differential tests of the scan-first Markdown parser: whenever
//! `parse_fast` takes a document, its `Document` must equal
//! `parse_with_pulldown`'s, field for field and span for span.
//!
//! Inputs: the repository's own Markdown (fixtures, examples, README),
//! the footnote cases of `../shared/corpus/markdown/footnote_cases.jsonl`
//! (skipped when absent), the generated benchmark corpus
//! (`benches/corpus/markdown.rs`, 3 MiB; `IBID_DIFF_MB` and
//! `IBID_DIFF_SEED` change it), a property test joining tricky pieces
//! (`markdown_fast/pieces.rs`) and a table of regressions.
//!
//! A failure shows the input (escaped; for long ones the lines around the
//! first difference) and the items only one parser found, each with its
//! source text. `cargo test --test markdown_fast -- --nocapture` also
//! prints how much of each corpus the fast path took.

#[path = "../benches/corpus/mod.rs"]
#[allow(dead_code)]
mod corpus;
#[path = "markdown_fast/diff.rs"]
mod diff;
#[path = "markdown_fast/pieces.rs"]
mod pieces;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use ibid::internals::dialect::markdown;
use ibid::internals::model::{Document, Span};
use proptest::prelude::*;
use serde_json::Value;

use diff::{assert_none, check, check_all, Coverage};
use pieces::{FRONT_MATTER, PIECES, PREFIXES, REGRESSIONS};

/// Size of the generated corpus, in MiB (small enough for a debug build).
const GENERATED_MB: f64 = 3.0;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.md` and `.markdown` file under `dir`, recursively.
fn markdown_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_files(&path, out);
        } else if path
            .extension()
            .is_some_and(|e| e == "md" || e == "markdown")
        {
            out.push(path);
        }
    }
}

#[test]
fn fixtures_and_examples_agree() {
    let mut paths = vec![root().join("README.md"), root().join("CHANGELOG.md")];
    for dir in ["tests/fixtures", "tests/inputs", "examples"] {
        markdown_files(&root().join(dir), &mut paths);
    }
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let name = p.strip_prefix(root()).unwrap_or(p).display().to_string();
            Some((name, text))
        })
        .collect();
    assert!(
        texts.len() >= 15,
        "only {} Markdown files found",
        texts.len()
    );
    let (coverage, failures) = check_all(
        texts
            .iter()
            .map(|(name, text)| (name.clone(), text.as_str())),
    );
    eprintln!("fixtures and examples: {coverage}");
    assert_none(&failures);
}

#[test]
fn footnote_cases_agree() {
    let path = root().join("../shared/corpus/markdown/footnote_cases.jsonl");
    let Ok(data) = std::fs::read_to_string(&path) else {
        eprintln!("footnote cases: skipped, {} not found", path.display());
        return;
    };
    let cases: Vec<Value> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("a JSON case per line"))
        .collect();
    let (coverage, failures) = check_all(cases.iter().map(|case| {
        let id = case["id"].as_str().unwrap_or_default();
        let text = case["markdown"].as_str().unwrap_or_default();
        (format!("footnote case {id}"), text)
    }));
    assert!(coverage.docs > 100, "only {} footnote cases", coverage.docs);
    eprintln!("footnote cases: {coverage}");
    assert_none(&failures);
}

/// An environment variable's value, when set and well-formed.
fn env<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// The generated corpus, checked once for both tests that need it.
fn generated() -> &'static (Coverage, Vec<String>) {
    static CHECKED: OnceLock<(Coverage, Vec<String>)> = OnceLock::new();
    CHECKED.get_or_init(|| {
        let mb: f64 = env("IBID_DIFF_MB").unwrap_or(GENERATED_MB);
        let seed: u64 = env("IBID_DIFF_SEED").unwrap_or(corpus::DEFAULT_SEED);
        let spec = corpus::Spec {
            bytes: (mb * 1024.0 * 1024.0) as usize,
            seed,
        };
        let generated = corpus::markdown::generate(&spec);
        check_all(generated.markdown().map(|doc| {
            // `gen_markdown --mb {mb} --seed {seed}` writes the same file.
            let name = format!("generated {} (--mb {mb} --seed {seed})", doc.path);
            (name, doc.decoded())
        }))
    })
}

#[test]
fn generated_corpus_agrees() {
    let (coverage, failures) = generated();
    assert!(coverage.docs > 20, "only {} generated files", coverage.docs);
    eprintln!("generated corpus: {coverage}");
    assert_none(failures);
}

#[test]
fn fast_path_takes_the_generated_corpus() {
    let (coverage, _) = generated();
    eprintln!("generated corpus: {coverage}");
    assert!(
        coverage.taken_bytes * 10 >= coverage.bytes * 9,
        "the fast path should take at least 90% of the generated bytes: {coverage}"
    );
}

#[test]
fn regressions_agree() {
    let crlf: Vec<String> = REGRESSIONS
        .iter()
        .map(|t| t.replace('\n', "\r\n"))
        .collect();
    let texts = REGRESSIONS
        .iter()
        .copied()
        .chain(crlf.iter().map(String::as_str));
    let (coverage, failures) = check_all(
        texts
            .enumerate()
            .map(|(i, text)| (format!("regression #{i}"), text)),
    );
    eprintln!("regressions (LF, then CRLF): {coverage}");
    assert_none(&failures);
}

/// A piece, perhaps in a container or indented: the prefix on its first
/// line only (lazy continuation) or on every line.
fn piece() -> impl Strategy<Value = String> {
    let prefix = prop::sample::select(PREFIXES);
    (prefix, any::<bool>(), prop::sample::select(PIECES)).prop_map(|(prefix, every, piece)| {
        if every {
            piece
                .split('\n')
                .map(|line| format!("{prefix}{line}"))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            format!("{prefix}{piece}")
        }
    })
}

/// 1–25 pieces joined by `\n` or `\n\n`, maybe after front matter, maybe
/// with a final newline, maybe with CRLF line ends.
fn document() -> impl Strategy<Value = String> {
    let separator = prop::sample::select(&["\n", "\n\n"][..]);
    (
        prop::option::weighted(0.2, prop::sample::select(FRONT_MATTER)),
        prop::collection::vec((piece(), separator), 1..=25),
        any::<bool>(),
        prop::bool::weighted(0.15),
    )
        .prop_map(|(front, pieces, newline, crlf)| {
            let mut text = front.unwrap_or_default().to_string();
            for (i, (piece, separator)) in pieces.iter().enumerate() {
                if i > 0 {
                    text.push_str(separator);
                }
                text.push_str(piece);
            }
            if newline {
                text.push('\n');
            }
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            text
        })
}

proptest! {
    // Cases: proptest's default (256), or PROPTEST_CASES.
    #[test]
    fn joined_pieces_agree(text in document()) {
        check("a generated document", &text).map_err(TestCaseError::fail)?;
    }
}

#[test]
fn diff_shows_what_differs() {
    let (a, b) = ("Text[^1].\n\n[^1]: Note.\n", "Text[^2].\n\n[^1]: Note.\n");
    let (one, two) = (
        markdown::parse_with_pulldown(a),
        markdown::parse_with_pulldown(b),
    );
    assert_eq!(diff::diff(a, &one, &one), "");
    assert_eq!(diff::diff(b, &two, &two), "");
    assert_ne!(one, two);

    let shown = diff::diff(a, &one, &two);
    assert!(
        shown.contains("markers: 1 only in pulldown, 1 only in fast"),
        "{shown}"
    );
    assert!(
        shown.contains(r#"- pulldown Note Marker "2" @4..8 "[^1]""#),
        "{shown}"
    );
    assert!(
        shown.contains(r#"+ fast     Note Marker "1" @4..8 "[^1]""#),
        "{shown}"
    );

    // Spans from a broken parser are named, not sliced.
    let mut broken: Document = one.clone();
    broken.prose.push(Span::new(3, 400));
    broken.comments.push(ibid::internals::model::Comment {
        span: Span::new(0, 4),
        body: Span::new(0, 4),
    });
    let shown = diff::diff(a, &broken, &one);
    assert!(
        shown.contains("prose: 0 only in pulldown, 1 only in fast"),
        "{shown}"
    );
    assert!(
        shown.contains("@3..400 <not a span of the text>"),
        "{shown}"
    );
    assert!(
        shown.contains(r#"comments: 0 only in pulldown, 1 only in fast"#),
        "{shown}"
    );
    assert!(shown.contains(r#"@0..4 "Text""#), "{shown}");

    let mut reordered = one.clone();
    reordered.prose.reverse();
    if reordered.prose != one.prose {
        let shown = diff::diff(a, &reordered, &one);
        assert!(
            shown.contains("prose: the same items, in another order"),
            "{shown}"
        );
    }

    // A long input is shown around the first difference.
    let long = format!("{}Text[^1].\n", "word ".repeat(1000));
    let doc = markdown::parse_with_pulldown(&long);
    let mut shifted = doc.clone();
    shifted.markers[0].span.start += 1;
    let shown = diff::report("a long document", &long, &shifted, &doc);
    assert!(
        shown.contains("on a long document\ninput (5010 bytes), bytes "),
        "{shown}"
    );
    assert!(
        shown.contains(r#"around byte 5004: " word word"#),
        "{shown}"
    );
    assert!(shown.contains(r#"@5005..5008 "^1]""#), "{shown}");

    // Whatever the fast parser does today, checking agrees with itself.
    assert!(check("a small document", a).is_ok());
}
