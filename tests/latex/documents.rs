//! Documents: a root and what it includes, labels and citations resolved
//! per document, files checked alone, fragments, shared files, cycles,
//! missing files, labels and entries reached from elsewhere.

use super::*;

// ---------------------------------------------------------------------
// A thesis: a root, two chapters, a bibliography

#[test]
fn a_thesis_resolves_labels_and_citations_across_its_chapters() {
    let dir = thesis("thesis");
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    // `ch:two` and `ch:one` resolve across chapters; `\cite{Knuth84}`
    // finds `@book{knuth84,` (keys compare case-insensitively).
    assert_findings(
        &run,
        vec![
            planted("undefined-ref"),
            planted("duplicate-label"),
            planted("unknown-citation"),
            planted("unused-entry"),
        ],
    );
    assert_no_failures(&run);
    let json = run.json();
    assert_related(
        the(&json, "duplicate-label"),
        "chapters/one.tex",
        line_of(THESIS_ONE, "sec:method"),
    );
}

#[test]
fn a_duplicate_label_is_reported_at_the_later_one_in_reading_order() {
    // main.tex's label comes after `\include{chapters/one}`: the chapter's
    // copy is read first, although main.tex is the root.
    let main = "\\documentclass{report}
\\begin{document}
\\include{chapters/one}
\\section{Summary}\\label{sec:intro}
\\end{document}
";
    let one = "\\chapter{One}\n\\section{Intro}\\label{sec:intro}\nSee \\ref{sec:intro}.\n";
    let dir = project(
        "reading-order",
        &[("main.tex", main), ("chapters/one.tex", one)],
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "duplicate-label",
            "main.tex",
            line_of(main, "sec:intro"),
            "sec:intro",
        )],
    );
    assert_related(
        the(&run.json(), "duplicate-label"),
        "chapters/one.tex",
        line_of(one, "\\label{sec:intro}"),
    );
}

// ---------------------------------------------------------------------
// Files checked alone

#[test]
fn a_chapter_named_alone_is_resolved_in_its_document() {
    let dir = thesis("chapter-alone");
    // chapters/one.tex's `\ref{ch:two}` resolves in chapters/two.tex;
    // the duplicate label and the unknown citation are chapter two's
    // findings. The bibliography it uses is reported, its unused entry
    // judged over the whole document.
    let run = check(&dir, &["chapters/one.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![planted("undefined-ref"), planted("unused-entry")],
    );
    assert_no_failures(&run);

    let run = check(&dir, &["chapters/two.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![
            planted("duplicate-label"),
            planted("unknown-citation"),
            planted("unused-entry"),
        ],
    );
}

#[test]
fn a_chapter_with_a_tex_root_comment_is_resolved_in_its_root() {
    // The root lives in a folder above the chapter, and a second root
    // beside the chapter does not include it: only the magic comment
    // leads to the document.
    let main = "\\documentclass{book}
\\begin{document}
\\chapter{Start}\\label{ch:start}
\\input{parts/chapter}
\\end{document}
";
    let chapter = "% !TEX root = ../main.tex
\\chapter{Part}\\label{ch:part}
Back to \\ref{ch:start}; on to \\ref{ch:nowhere}.
";
    let other = "\\documentclass{article}\n\\begin{document}\nUnrelated.\n\\end{document}\n";
    let dir = project(
        "tex-root",
        &[
            ("main.tex", main),
            ("parts/chapter.tex", chapter),
            ("parts/other.tex", other),
        ],
    );
    let run = check(&dir, &["parts/chapter.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "undefined-ref",
            "parts/chapter.tex",
            line_of(chapter, "ch:nowhere"),
            "ch:nowhere",
        )],
    );
    assert_no_failures(&run);
}

#[test]
fn a_subfile_named_alone_is_resolved_in_its_main_document() {
    // main.tex includes `\subfile{sub/part}`, and through front/intro.tex
    // `\subfile{sub/appendix}`: a `\subfile` path is relative to the
    // including file, so that one is front/sub/appendix.tex (there is no
    // sub/appendix.tex).
    let main = "\\documentclass{article}
\\usepackage{subfiles}
\\begin{document}
\\section{Main}\\label{sec:main}
\\subfile{sub/part}
\\input{front/intro}
\\end{document}
";
    let part = "\\documentclass[../main.tex]{subfiles}
\\begin{document}
\\section{Part}\\label{sec:part}
See \\ref{sec:main} and \\ref{sec:appendix}.
But not \\ref{sec:missing}.
\\end{document}
";
    let intro = "\\section{Intro}\\label{sec:intro}\n\\subfile{sub/appendix}\n";
    let appendix = "\\documentclass[../../main.tex]{subfiles}
\\begin{document}
\\section{Appendix}\\label{sec:appendix}
Back to \\ref{sec:part}; on to \\ref{sec:later}.
\\end{document}
";
    let dir = project(
        "subfiles",
        &[
            ("main.tex", main),
            ("sub/part.tex", part),
            ("front/intro.tex", intro),
            ("front/sub/appendix.tex", appendix),
        ],
    );
    let in_part = finding(
        "undefined-ref",
        "sub/part.tex",
        line_of(part, "sec:missing"),
        "sec:missing",
    );
    let in_appendix = finding(
        "undefined-ref",
        "front/sub/appendix.tex",
        line_of(appendix, "sec:later"),
        "sec:later",
    );
    // Named alone: its own finding only.
    let run = check(&dir, &["sub/part.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, vec![in_part.clone()]);
    assert_no_failures(&run);
    // The whole project: a subfile is a member of main's document, not a
    // root of its own, and nothing is missing.
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, vec![in_part, in_appendix]);
    assert_no_failures(&run);
}

#[test]
fn a_fragment_no_root_includes_gets_no_reference_findings() {
    let scratch = "Scratch: \\ref{nowhere} and \\cite{nobody}.\nA thought.\\footnote{}\n";
    let dir = project(
        "fragment",
        &[
            (
                "main.tex",
                "\\documentclass{article}\n\\begin{document}\nDone.\n\\end{document}\n",
            ),
            ("notes/scratch.tex", scratch),
        ],
    );
    // No root includes notes/scratch.tex: its reference and citation
    // have no document to resolve in. Its empty footnote is its own.
    let empty = unlabelled(
        "empty-note",
        "notes/scratch.tex",
        line_of(scratch, "\\footnote{}"),
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, vec![empty.clone()]);
    assert_no_failures(&run);
    // Named alone: the same.
    let run = check(&dir, &["notes/scratch.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, vec![empty]);
}

// ---------------------------------------------------------------------
// Shared files, cycles, missing files

#[test]
fn a_file_shared_by_two_roots_is_judged_in_each_and_reported_once() {
    let paper = "\\documentclass{article}
\\begin{document}
\\section{Intro}\\label{sec:only-in-paper}
\\input{shared}
\\end{document}
";
    let supplement =
        "\\documentclass{article}\n\\begin{document}\n\\input{shared}\n\\end{document}\n";
    let shared = "As \\ref{sec:only-in-paper} says.
\\begin{table}\\label{tab:twice}\\end{table}
\\begin{table}\\label{tab:twice}\\end{table} % again
";
    let dir = project(
        "two-roots",
        &[
            ("paper.tex", paper),
            ("supplement.tex", supplement),
            ("shared.tex", shared),
        ],
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    // The reference resolves in paper's document, not in supplement's;
    // the duplicate label is found by both documents, reported once.
    assert_findings(
        &run,
        vec![
            finding(
                "undefined-ref",
                "shared.tex",
                line_of(shared, "sec:only-in-paper"),
                "sec:only-in-paper",
            ),
            finding(
                "duplicate-label",
                "shared.tex",
                line_of(shared, "% again"),
                "tab:twice",
            ),
        ],
    );
    assert_related(
        the(&run.json(), "duplicate-label"),
        "shared.tex",
        line_of(shared, "tab:twice"),
    );
}

#[test]
fn an_include_cycle_ends_with_one_failure_naming_its_files() {
    let main = "\\documentclass{article}
\\begin{document}
\\input{a}
See \\ref{sec:gone}.
\\end{document}
";
    let dir = project(
        "cycle",
        &[
            ("main.tex", main),
            ("a.tex", "\\section{A}\\label{sec:a}\n\\input{b}\n"),
            ("b.tex", "\\section{B}\\label{sec:b}\n\\input{a}\n"),
        ],
    );
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2, "{}", run.both());
    let json = run.json();
    assert_eq!(failures(&json).len(), 1, "{:#}", json["failures"]);
    assert_failure_names(&json, "a.tex", "cycle");
    assert_failure_names(&json, "b.tex", "cycle");
    assert_findings(
        &run,
        vec![finding(
            "undefined-ref",
            "main.tex",
            line_of(main, "sec:gone"),
            "sec:gone",
        )],
    );
}

#[test]
fn a_missing_include_is_a_finding_where_it_is_named() {
    let main = "\\documentclass{report}
\\begin{document}
\\input{chapters/gone}
See \\ref{sec:gone}.
\\end{document}
";
    let dir = project("missing-include", &[("main.tex", main)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![
            finding(
                "missing-file",
                "main.tex",
                line_of(main, "chapters/gone"),
                "chapters/gone",
            ),
            finding(
                "undefined-ref",
                "main.tex",
                line_of(main, "sec:gone"),
                "sec:gone",
            ),
        ],
    );
    // A missing file is a finding, not an input that could not be read.
    assert_no_failures(&run);
}

#[test]
fn a_missing_bibliography_silences_unknown_citations_of_its_document() {
    let main = "\\documentclass{article}
\\begin{document}
As \\cite{knuth84} and \\cite{nobody} show.
\\bibliography{nothere}
\\end{document}
";
    let dir = project("missing-bib", &[("main.tex", main)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "missing-file",
            "main.tex",
            line_of(main, "nothere"),
            "nothere",
        )],
    );
    assert_no_failures(&run);
}

// ---------------------------------------------------------------------
// Labels and entries from elsewhere

#[test]
fn an_external_document_lends_its_labels_under_a_prefix() {
    let paper = "\\documentclass{article}
\\usepackage{xr}
\\externaldocument[S-]{supplement}
\\begin{document}
See \\ref{S-sec:x}.
And \\ref{S-sec:none}.
\\end{document}
";
    let supplement = "\\documentclass{article}\n\\begin{document}\n\\section{X}\\label{sec:x}\n\\end{document}\n";
    let dir = project(
        "externaldocument",
        &[("paper.tex", paper), ("supplement.tex", supplement)],
    );
    let expected = vec![finding(
        "undefined-ref",
        "paper.tex",
        line_of(paper, "S-sec:none"),
        "S-sec:none",
    )];
    let run = check(&dir, &[]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, expected.clone());
    // Named alone, the supplement is still read for its labels.
    let run = check(&dir, &["paper.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, expected);
}

#[test]
fn nocite_star_and_crossref_parents_leave_no_entry_unused() {
    let bib = "@inproceedings{child,
  title = {A paper},
  crossref = {parent},
}

@proceedings{parent,
  title = {The proceedings},
}

@book{lonely,
  title = {Cited by nobody},
}
";
    let main = "\\documentclass{article}
\\begin{document}
As \\cite{child} shows.
\\bibliography{refs}
\\end{document}
";
    // `crossref` makes the parent used; the control entry is unused.
    let dir = project("crossref", &[("main.tex", main), ("refs.bib", bib)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(
        &run,
        vec![finding(
            "unused-entry",
            "refs.bib",
            line_of(bib, "lonely"),
            "lonely",
        )],
    );

    // `\nocite{*}` cites every entry.
    let all = main.replace("As \\cite{child} shows.", "\\nocite{*}");
    let dir = project("nocite-star", &[("main.tex", &all), ("refs.bib", bib)]);
    let run = check(&dir, &[]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(&run, vec![]);
}

// ---------------------------------------------------------------------
// What a checked file reports (DESIGN.md sections 1 and 4)

/// A root named alone reports its own findings: its chapters are read to
/// resolve it, and their findings wait until they are checked themselves.
#[test]
fn a_root_named_alone_reports_only_its_own_findings() {
    let dir = thesis("root-alone");
    let run = check(&dir, &["main.tex"]);
    // A warning only: exit status 0.
    assert_eq!(run.code, 0, "{}", run.both());
    // Only the bibliography it names is reported with it.
    assert_findings(&run, vec![planted("unused-entry")]);
    assert_eq!(files(&run.json()), ["main.tex", "refs.bib"]);
}

/// A bibliography that is missing silences its document's unknown
/// citations; the finding is reported whichever file of the document is
/// checked, alone in the file that names the bibliography.
#[test]
fn a_chapter_named_alone_still_reports_its_documents_missing_bibliography() {
    let main = "\\documentclass{article}\n\\begin{document}\n\\input{chapters/one}\n\
                \\bibliography{nothere}\n\\footnote{}\n\\end{document}\n";
    let dir = project(
        "missing-bib-alone",
        &[
            ("main.tex", main),
            ("chapters/one.tex", "As \\cite{knuth84} shows.\n"),
        ],
    );
    let run = check(&dir, &["chapters/one.tex"]);
    assert_eq!(run.code, 1, "{}", run.both());
    // Not main.tex's empty footnote: main.tex is not checked.
    assert_findings(
        &run,
        vec![finding(
            "missing-file",
            "main.tex",
            line_of(main, "nothere"),
            "nothere",
        )],
    );
}

/// A bibliography that cannot be read (binary here) may hold what the
/// document cites: no `unknown-citation`, one failure naming it.
#[test]
fn an_unreadable_bibliography_silences_unknown_citations_of_its_document() {
    let dir = project(
        "binary-bib-silences",
        &[(
            "main.tex",
            "\\documentclass{article}\n\\begin{document}\nAs \\cite{knuth84} shows.\n\
             \\bibliography{bin}\n\\end{document}\n",
        )],
    );
    write_bytes(&dir, "bin.bib", b"\x00\x01@book{knuth84,\n}\n");
    let run = check(&dir, &[]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert_findings(&run, vec![]);
    assert_failure_names(&run.json(), "bin.bib", "binary bibliography");
}
