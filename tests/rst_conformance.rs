//! Conformance of the reStructuredText dialect with docutils:
//! `../shared/corpus/rst/docutils_footnote_cases.jsonl`, docutils' own
//! footnote and citation test cases (parser: footnotes 11, citations 9;
//! the Footnotes transform: 11) with what docutils 0.19 made of each
//! (see the corpus README). Read in place, never copied here.
//!
//! For every case, ibid (`check_text` with the `rst` dialect) must agree
//! with docutils on:
//!
//! - the notes: footnotes and citations defined (ibid's definitions of
//!   notes against docutils' `footnotes` and `citations`);
//! - the references resolved: every `[label]_` written, less ibid's
//!   `unresolved`, against docutils' `footnote_refs` and `citation_refs`
//!   (a reference docutils cannot resolve, such as the fourth `[#]_` for
//!   three `.. [#]`, is a `problematic` node, in neither list);
//! - the notes nobody references: ibid's `orphaned` against docutils'
//!   `orphaned_footnotes` and `orphaned_citations`;
//! - duplicates: ibid's `duplicate` against docutils' "Duplicate explicit
//!   target name" messages.
//!
//! `empty-note` is ibid's own (docutils renders an empty footnote without
//! a word) and is not compared. The test prints `docutils footnote cases:
//! N/31 agree`, and each disagreement.

#[path = "support/corpus_gate.rs"]
mod corpus_gate;

use std::path::Path;
use std::process::ExitCode;

use serde_json::Value;

fn main() -> ExitCode {
    corpus_gate::run(vec![
        ("docutils_footnote_cases", docutils_footnote_cases),
        (
            "machinery_detects_a_disagreement",
            machinery_detects_a_disagreement,
        ),
        ("sphinx_conf_py_files", sphinx_conf_py_files),
    ])
}

/// What one side says of a case.
#[derive(Debug, PartialEq, Eq)]
struct Verdict {
    defined: usize,
    resolved: usize,
    orphaned: usize,
    duplicates: usize,
}

fn rst() -> &'static ibid::Dialect {
    ibid::DIALECTS
        .iter()
        .find(|d| d.id == "rst")
        .expect("an rst dialect")
}

/// How many `[label]_` references a case writes (the cases write them
/// only in plain paragraphs).
fn written_references(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut at = 0;
    while let Some(open) = text[at..].find('[').map(|o| at + o) {
        let close = text[open..]
            .find(|c: char| c == ']' || c.is_whitespace())
            .map(|c| open + c);
        match close {
            Some(close)
                if bytes[close] == b']'
                    && bytes.get(close + 1) == Some(&b'_')
                    && close > open + 1
                    && !text[..open].ends_with("..") =>
            {
                // `.. [x]` starts a note; only `[x]_` is a reference.
                let line_start = text[..open].rfind('\n').map_or(0, |n| n + 1);
                if !text[line_start..open].trim_start().starts_with("..") {
                    n += 1;
                }
                at = close + 1;
            }
            _ => at = open + 1,
        }
    }
    n
}

/// ibid's verdict on a text.
fn ibid_verdict(text: &str) -> Verdict {
    use ibid::internals::{dialect, model::RefKind};
    let checked = ibid::check_text(text, rst());
    let count = |code: &str| {
        checked
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .count()
    };
    let doc = (rst().parse)(
        text,
        &dialect::Settings::default(),
        &dialect::FileHints::default(),
    );
    let notes = doc
        .definitions
        .iter()
        .filter(|d| matches!(d.kind, RefKind::Note | RefKind::UnitNote))
        .count();
    Verdict {
        defined: notes,
        resolved: written_references(text) - count("unresolved"),
        orphaned: count("orphaned"),
        duplicates: count("duplicate"),
    }
}

/// docutils' verdict, from the case's oracle.
fn docutils_verdict(oracle: &Value) -> Verdict {
    let len = |key: &str| oracle[key].as_array().map_or(0, Vec::len);
    let duplicates = oracle["system_messages"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|m| m.to_string().contains("Duplicate explicit target name"))
        .count();
    Verdict {
        defined: len("footnotes") + len("citations"),
        resolved: len("footnote_refs") + len("citation_refs"),
        orphaned: len("orphaned_footnotes") + len("orphaned_citations"),
        duplicates,
    }
}

fn docutils_footnote_cases() {
    let path = corpus_gate::dir().join("rst/docutils_footnote_cases.jsonl");
    let text = std::fs::read_to_string(&path).expect("the docutils cases");
    let mut agree = 0;
    let mut problems = Vec::new();
    let mut total = 0;
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        total += 1;
        let case: Value = serde_json::from_str(line).expect("a JSON case");
        let rst = case["rst"].as_str().expect("its rst");
        let theirs = docutils_verdict(&case["oracle_docutils_0.19"]);
        let ours = ibid_verdict(rst);
        if ours == theirs {
            agree += 1;
        } else {
            problems.push(format!(
                "{}: docutils {theirs:?}, ibid {ours:?}\n{rst}",
                case["id"]
            ));
        }
    }
    println!("docutils footnote cases: {agree}/{total} agree");
    assert_eq!(total, 31, "the corpus holds 31 cases");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The comparison fails when ibid and docutils differ.
fn machinery_detects_a_disagreement() {
    let oracle: Value = serde_json::json!({
        "footnotes": [{"names": ["1"]}],
        "citations": [],
        "footnote_refs": [{"refid": "footnote-1"}],
        "citation_refs": [],
        "orphaned_footnotes": [],
        "orphaned_citations": [],
        "system_messages": [],
    });
    // The note is referenced for docutils, not in this text.
    assert_ne!(ibid_verdict(".. [1] A note.\n"), docutils_verdict(&oracle));
    assert_eq!(
        ibid_verdict("See [1]_.\n\n.. [1] A note.\n"),
        docutils_verdict(&oracle)
    );
}

/// The `conf.py` of the five real Sphinx projects under
/// `../shared/corpus/sphinx`, read as text: their settings, and which of
/// their files are documents.
fn sphinx_conf_py_files() {
    use ibid::internals::project::config::{detect, SourceParser::Rst};
    let dir = corpus_gate::dir().join("sphinx");
    let lean_exclude = &["_build", "Thumbs.db", ".DS_Store", ".venv", "exclude"][..];
    // Each project: its source suffixes, exclude patterns, templates.
    let cases: [Case; 5] = [
        ("logic-and-proof", &[".rst"], lean_exclude, &["_templates"]),
        (
            "theorem-proving-in-lean",
            &[".rst"],
            lean_exclude,
            &["_templates"],
        ),
        (
            "sklearn-enhancement-proposals",
            &[".rst"],
            &[],
            &["_templates"],
        ),
        ("sphinx-rtd-theme-docs", &[".rst"], &[], &["_templates"]),
        (
            "spinningup-docs",
            &[".rst", ".md"],
            &["_build", "Thumbs.db", ".DS_Store"],
            &["_templates"],
        ),
    ];
    for (id, suffix, exclude, templates) in cases {
        let path = dir.join(id).join("src/conf.py");
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut read = |p: &Path| p.ends_with("conf.py").then(|| text.clone());
        let config = detect(&dir.join(id).join("src"), &mut read).expect("a project");
        let s = config.sphinx.expect("a Sphinx project");
        assert_eq!(s.root_doc, "index", "{id}");
        let got: Vec<&str> = s.source_suffix.iter().map(|(x, _)| x.as_str()).collect();
        assert_eq!(got, suffix, "{id}");
        assert!(s.source_suffix.iter().all(|(_, p)| *p == Rst), "{id}");
        assert_eq!(s.exclude_patterns, exclude, "{id}");
        assert_eq!(s.templates_path, templates, "{id}");
        assert!(!s.extensions.is_empty() && !s.extensions_incomplete, "{id}");
        assert!(s.unread.is_empty(), "{id}: {:?}", s.unread);
        // Every file Sphinx builds is a document, and the excluded folder
        // of the Lean books is not.
        let src = dir.join(id).join("src");
        for rel in walk(&src) {
            let name = rel.to_string_lossy();
            let want = rel.extension().is_some_and(|e| e == "rst" || e == "md")
                && !name.starts_with("exclude/");
            assert_eq!(s.docname(&rel).is_some(), want, "{id}: {name}");
        }
    }
}

type Case<'a> = (&'a str, &'a [&'a str], &'a [&'a str], &'a [&'a str]);

/// Every file under `dir`, relative to it.
fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(at) = todo.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                out.push(rel.to_path_buf());
            }
        }
    }
    out
}
