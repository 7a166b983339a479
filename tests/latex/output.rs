//! What the configuration changes (rule severities, declared commands),
//! every output format on a finding with a place in another file, and
//! what a walk reads.

use super::*;

// ---------------------------------------------------------------------
// Configuration

#[test]
fn unused_labels_are_reported_only_when_the_config_turns_them_on() {
    let main = "\\documentclass{article}
\\begin{document}
\\section{Used}\\label{sec:used}
\\section{Unused}\\label{sec:unused}
See \\ref{sec:used}.
\\end{document}
";
    let dir = project("unused-label", &[("main.tex", main)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(&run, vec![]);

    write(
        &dir,
        "ibid.toml",
        "[rules.unused-label]\nseverity = \"warning\"\n",
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "a warning alone: {}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "unused-label",
            "main.tex",
            line_of(main, "sec:unused"),
            "sec:unused",
        )],
    );
    assert_eq!(the(&run.json(), "unused-label")["severity"], "warning");
}

const COMMANDS: &str = "[latex.commands.chapterinput]
include = \"chapters/#1\"

[latex.commands.figref]
ref = \"fig:#1\"
";

#[test]
fn commands_declared_in_the_config_are_read_like_built_in_ones() {
    let main = "\\documentclass{book}
\\begin{document}
\\chapterinput{one}
\\end{document}
";
    let one = "\\begin{figure}\\label{fig:x}\\end{figure}
See \\figref{x}.
And \\figref{y}.
";
    let dir = project(
        "declared-commands",
        &[
            ("ibid.toml", COMMANDS),
            ("main.tex", main),
            ("chapters/one.tex", one),
        ],
    );
    // chapters/one.tex is reached through `\chapterinput` (else it would
    // be a fragment, with no reference findings at all).
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "undefined-ref",
            "chapters/one.tex",
            line_of(one, "figref{y}"),
            "fig:y",
        )],
    );
    assert_no_failures(&run);

    // An invalid declaration: a template with no argument.
    let bad = COMMANDS.replace("\"fig:#1\"", "\"fig:\"");
    write(&dir, "ibid.toml", &bad);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let place = format!("ibid.toml:{}:", line_of(&bad, "\"fig:\""));
    assert!(
        run.stderr.contains(&place) && run.stderr.contains("[latex.commands.figref]"),
        "names the key and line ({place}): {}",
        run.stderr
    );
}

// ---------------------------------------------------------------------
// Output formats and the walk

#[test]
fn every_output_format_shows_a_related_place_in_another_file() {
    let dir = thesis("formats");
    let (later, first) = (
        line_of(THESIS_TWO, "sec:method"),
        line_of(THESIS_ONE, "sec:method"),
    );

    let run = ibid(&dir, &["check", "--format", "sarif"]);
    assert_eq!(run.code, 1, "{}", run.both());
    let sarif = run.json();
    let results: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "duplicate-label")
        .collect();
    assert_eq!(results.len(), 1, "{:#}", sarif["runs"][0]["results"]);
    let place = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(place["artifactLocation"]["uri"], "chapters/two.tex");
    assert_eq!(place["region"]["startLine"], later);
    let related = &results[0]["relatedLocations"][0]["physicalLocation"];
    assert_eq!(related["artifactLocation"]["uri"], "chapters/one.tex");
    assert_eq!(related["region"]["startLine"], first);

    let run = ibid(&dir, &["check", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.both());
    let annotation = format!("::error file=chapters/two.tex,line={later},");
    assert!(
        run.stdout
            .lines()
            .any(|l| l.starts_with(&annotation) && l.contains("title=duplicate-label")),
        "no {annotation}…duplicate-label:\n{}",
        run.stdout
    );

    let run = ibid(&dir, &["check", "--format", "human"]);
    assert_eq!(run.code, 1, "{}", run.both());
    // Both places, each with its file, line and source text.
    for needle in [
        format!("chapters/two.tex:{later}:"),
        "\\section{Method again}\\label{sec:method}".to_owned(),
        format!("chapters/one.tex:{first}:"),
        "\\section{Method}\\label{sec:method}".to_owned(),
    ] {
        assert!(run.stdout.contains(&needle), "no {needle}:\n{}", run.stdout);
    }
}

#[test]
fn a_walk_reads_tex_files_and_only_the_bibliographies_documents_name() {
    let main = "\\documentclass{article}
\\usepackage{mystyle}
\\begin{document}
As \\cite{used} shows.
\\bibliography{refs}
\\end{document}
";
    let dir = project(
        "walk",
        &[
            ("main.tex", main),
            ("refs.bib", "@book{used,\n  title = {Used},\n}\n"),
            // Named by nothing: an unused entry, a duplicate and a syntax
            // error that nobody asked about.
            (
                "old.bib",
                "@book{old,\n  title = {Old},\n}\n\n@book{old,\n  title = {Old},\n}\n\n@broken{\n",
            ),
            // A package and a class: TeX code, not documents.
            (
                "mystyle.sty",
                "\\ProvidesPackage{mystyle}\n\\ref{sty-gone}\\label{dup}\\label{dup}\n\\footnote{}\n",
            ),
            (
                "mycls.cls",
                "\\ProvidesClass{mycls}\n\\LoadClass{article}\n\\ref{cls-gone}\\footnote{}\n",
            ),
        ],
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(&run, vec![]);
    assert_no_failures(&run);
    assert_eq!(files(&run.json()), ["main.tex", "refs.bib"]);
}
