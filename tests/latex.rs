//! The LaTeX dialect end to end (DESIGN.md sections 4 and 6): documents
//! made of a root and the files it includes, labels and citations resolved
//! per document, files checked alone, fragments, shared files, cycles,
//! missing files, hostile inputs, encodings, configuration and output
//! formats.
//!
//! Each test builds a small project at test time (a folder with `.git`,
//! so it is its own project root) and runs `ibid check --format json`
//! from that folder, as a user would. Lines are computed from the text
//! written, never hard-coded.

#[path = "support/cli.rs"]
mod cli;
#[path = "latex/documents.rs"]
mod documents;
#[path = "latex/inputs.rs"]
mod inputs;
#[path = "latex/output.rs"]
mod output;

use std::path::{Path, PathBuf};

use serde_json::Value;

use cli::{
    assert_failure_names, assert_findings, diagnostics, failures, finding, findings, ibid, line_of,
    write, write_bytes, Run,
};

/// A scratch project `name` holding `files` (path, text).
fn project(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let dir = cli::scratch("latex", name);
    for (path, text) in files {
        write(&dir, path, text);
    }
    dir
}

/// `ibid check --format json [paths]` from `dir`.
fn check(dir: &Path, paths: &[&str]) -> Run {
    let mut args = vec!["check", "--format", "json"];
    args.extend_from_slice(paths);
    ibid(dir, &args)
}

/// The one diagnostic of `code` in a JSON report.
fn the<'a>(json: &'a Value, code: &str) -> &'a Value {
    let all: Vec<&Value> = diagnostics(json)
        .iter()
        .filter(|d| d["code"] == code)
        .collect();
    assert_eq!(all.len(), 1, "one {code}: {:#}", json["diagnostics"]);
    all[0]
}

/// Asserts that `related[0]` of `diagnostic` is at `path`, `line`.
fn assert_related(diagnostic: &Value, path: &str, line: u64) {
    let related = &diagnostic["related"];
    assert_eq!(related[0]["path"], path, "{diagnostic:#}");
    assert_eq!(related[0]["line"], line, "{diagnostic:#}");
}

/// The paths `files[]` lists, sorted.
fn files(json: &Value) -> Vec<String> {
    let mut paths: Vec<String> = json["files"]
        .as_array()
        .expect("files[]")
        .iter()
        .filter_map(|f| f["path"].as_str().map(str::to_owned))
        .collect();
    paths.sort();
    paths
}

/// A finding with no label (`"label": null`).
fn unlabelled(code: &str, path: &str, line: u64) -> cli::Finding {
    (code.into(), path.into(), line, None)
}

/// Asserts that the run's JSON report has an empty `failures[]`.
fn assert_no_failures(run: &Run) {
    let json = run.json();
    assert!(failures(&json).is_empty(), "{:#}", json["failures"]);
}

// ---------------------------------------------------------------------
// The thesis most tests start from

const THESIS_MAIN: &str = "\\documentclass{report}
\\begin{document}
\\include{chapters/one}
\\input{chapters/two}
\\bibliography{refs}
\\end{document}
";

const THESIS_ONE: &str = "\\chapter{One}\\label{ch:one}
As chapter~\\ref{ch:two} shows, and \\ref{sec:gone} does not.
\\section{Method}\\label{sec:method}
Typesetting follows \\cite{Knuth84}.
";

const THESIS_TWO: &str = "\\chapter{Two}\\label{ch:two}
Back to chapter~\\ref{ch:one}.
\\section{Method again}\\label{sec:method}
Also \\cite{x}.
";

const THESIS_BIB: &str = "@book{knuth84,
  title = {The TeXbook},
}

@book{lamport94,
  title = {LaTeX: A Document Preparation System},
}
";

/// One of the thesis's own findings (see [`thesis`]), by its code.
fn planted(code: &str) -> cli::Finding {
    match code {
        "undefined-ref" => finding(
            code,
            "chapters/one.tex",
            line_of(THESIS_ONE, "sec:gone"),
            "sec:gone",
        ),
        "duplicate-label" => finding(
            code,
            "chapters/two.tex",
            line_of(THESIS_TWO, "sec:method"),
            "sec:method",
        ),
        "unknown-citation" => finding(
            code,
            "chapters/two.tex",
            line_of(THESIS_TWO, "\\cite{x}"),
            "x",
        ),
        "unused-entry" => finding(
            code,
            "refs.bib",
            line_of(THESIS_BIB, "lamport94"),
            "lamport94",
        ),
        _ => panic!("the thesis plants no {code}"),
    }
}

/// The thesis of [`THESIS_MAIN`] and its chapters, written to a scratch
/// project `name`. Its findings: `sec:gone` in chapter one, `sec:method`
/// defined in both chapters, `\cite{x}` in chapter two, `lamport94`
/// uncited.
fn thesis(name: &str) -> PathBuf {
    project(
        name,
        &[
            ("main.tex", THESIS_MAIN),
            ("chapters/one.tex", THESIS_ONE),
            ("chapters/two.tex", THESIS_TWO),
            ("refs.bib", THESIS_BIB),
        ],
    )
}
