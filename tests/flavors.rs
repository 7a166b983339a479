//! Markdown flavours end to end (DESIGN.md section 5.1): how each file's
//! flavour is chosen (`--flavor`, `[markdown] flavor`, the project, the
//! extension), Quarto cross-references across a book, MyST roles and
//! targets across a project, and hostile flavoured input.
//!
//! The single-file patterns (pandoc definition lists and implicit header
//! references, Quarto ids and chunk labels) are rule fixtures under
//! tests/fixtures (`markdown/*.Rmd`, `markdown/*.qmd`, `undefined-ref/`,
//! `undefined-link/`); the projects are under tests/fixtures/projects.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use serde_json::Value;

use cli::{assert_findings, diagnostics, finding, ibid, write};

fn fixture(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path)
}

fn scratch(name: &str) -> PathBuf {
    cli::scratch("flavors", name)
}

/// The flavour `files[]` gives `path`.
fn flavor<'a>(json: &'a Value, path: &str) -> Option<&'a str> {
    json["files"]
        .as_array()
        .expect("files[]")
        .iter()
        .find(|f| f["path"] == path)
        .and_then(|f| f["flavor"].as_str())
}

#[test]
fn myst_roles_targets_and_directives_resolve_across_the_project() {
    let dir = fixture("projects/myst-roles");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.both());
    // Every key cited only through a role counts as cited (none of
    // ames2011, brook2014, dunn2009, erwin2016 is unused); `{ref}` and
    // `{numref}` find targets and figure names in other files; a role
    // written in a code block is code. Equation labels (`{math}`), proof
    // labels (`{prf:…}`) and targets are three namespaces: one name in
    // each is no duplicate, and `{eq}` does not find a section.
    assert_findings(
        &run,
        vec![
            finding("undefined-ref", "chapters/methods.md", 29, "intro"),
            finding("undefined-ref", "chapters/methods.md", 31, "results"),
            finding("unknown-citation", "chapters/methods.md", 32, "gone2020"),
            finding("unused-entry", "refs.bib", 17, "fisk2001"),
        ],
    );
    let json = run.json();
    assert_eq!(flavor(&json, "index.md"), Some("myst"));
    assert_eq!(flavor(&json, "chapters/methods.md"), Some("myst"));
}

#[test]
fn a_myst_chapter_named_alone_resolves_against_the_whole_project() {
    let dir = fixture("projects/myst-roles");
    let run = ibid(&dir, &["check", "--format", "json", "index.md"]);
    // Its references to labels in methods.md resolve and its citations
    // are checked; of the project's other findings only those of the
    // bibliography it uses are reported (DESIGN.md section 4).
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(
        &run,
        vec![finding("unused-entry", "refs.bib", 17, "fisk2001")],
    );
}

#[test]
fn quarto_cross_references_resolve_across_a_book_and_are_never_citations() {
    let dir = fixture("projects/quarto-crossrefs");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.both());
    // `@sec-results`, `@fig-map`, `@tbl-counts` (a labelled chunk) resolve
    // in another chapter; `@hale2019` is a citation and is found; the `@`
    // in `fig-alt` is no citation; the second `{#fig-map}` is the later
    // one in the book's reading order (index first).
    assert_findings(
        &run,
        vec![
            finding("duplicate-label", "chapters/results.qmd", 12, "fig-map"),
            finding("undefined-ref", "chapters/results.qmd", 9, "fig-trend"),
        ],
    );
    let json = run.json();
    let dup = diagnostics(&json)
        .iter()
        .find(|d| d["code"] == "duplicate-label")
        .expect("duplicate-label");
    assert_eq!(dup["related"][0]["path"], "index.qmd", "{dup:#}");
    assert_eq!(dup["related"][0]["line"], 6, "{dup:#}");
    assert_eq!(flavor(&json, "index.qmd"), Some("quarto"));
}

#[test]
fn the_flavor_follows_project_then_extension_and_flag_and_config_override_it() {
    let dir = scratch("choice");
    let page = "---\nreferences:\n  - id: doe2020\n    title: X\n---\n\n# Setup {#sec-setup}\n\nSee @sec-setup and [@doe2020].\n";
    write(&dir, "page.md", page);
    write(&dir, "page.qmd", page);
    write(&dir, "page.Rmd", page);
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    let json = run.json();
    assert_eq!(flavor(&json, "page.md"), Some("gfm"));
    assert_eq!(flavor(&json, "page.qmd"), Some("quarto"));
    assert_eq!(flavor(&json, "page.Rmd"), Some("pandoc"));
    // Read as GFM or pandoc, `@sec-setup` is a citation nothing holds; as
    // Quarto it is a cross-reference that resolves.
    let unknown: Vec<&str> = diagnostics(&json)
        .iter()
        .filter(|d| d["code"] == "unknown-citation")
        .map(|d| d["path"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(unknown, ["page.Rmd", "page.md"], "{}", run.stdout);

    // `--flavor` reads every Markdown file so.
    let run = ibid(
        &dir,
        &["check", "--format", "json", "--flavor", "quarto", "."],
    );
    assert_eq!(run.code, 0, "{}", run.both());
    let json = run.json();
    for path in ["page.md", "page.qmd", "page.Rmd"] {
        assert_eq!(flavor(&json, path), Some("quarto"), "{path}");
    }

    // So does `[markdown] flavor`, and `--flavor` wins over it.
    write(&dir, "ibid.toml", "[markdown]\nflavor = \"quarto\"\n");
    let run = ibid(&dir, &["check", "--format", "json", "page.md"]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_eq!(flavor(&run.json(), "page.md"), Some("quarto"));
    let run = ibid(
        &dir,
        &["check", "--format", "json", "--flavor", "gfm", "page.md"],
    );
    assert_eq!(run.code, 1, "{}", run.both());
    assert_eq!(flavor(&run.json(), "page.md"), Some("gfm"));
}

#[test]
fn an_unknown_flavor_is_a_located_usage_error() {
    let dir = scratch("unknown");
    write(&dir, "page.md", "# A page\n");
    write(&dir, "ibid.toml", "[markdown]\nflavor = \"kramdown\"\n");
    let run = ibid(&dir, &["check", "page.md"]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert!(
        run.stderr.contains("ibid.toml:2:") && run.stderr.contains("kramdown"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("`myst`"), "{}", run.stderr);
    std::fs::remove_file(dir.join("ibid.toml")).expect("remove");
    let run = ibid(&dir, &["check", "--flavor", "kramdown", "page.md"]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert!(run.stderr.contains("kramdown"), "{}", run.stderr);
}

#[test]
fn the_flavor_is_chosen_for_standard_input_by_its_name() {
    let dir = scratch("stdin");
    let input = cli::Input {
        stdin: Some(b"# Setup {#sec-setup}\n\nSee @sec-setup and @sec-gone.\n"),
        ..Default::default()
    };
    let run = cli::ibid_with(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "notes.qmd",
            "-",
        ],
        &input,
    );
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![finding("undefined-ref", "notes.qmd", 3, "sec-gone")],
    );
}

#[test]
fn hostile_flavoured_input_is_read_in_linear_time_without_a_panic() {
    let dir = scratch("hostile");
    // 100,000 directive fences opened and never closed, each one deeper.
    let mut opened = String::new();
    for i in 0..100_000 {
        opened.push_str(&"`".repeat(3 + i % 7));
        opened.push_str("{note}\n:name: n\n");
    }
    write(&dir, "open.md", &opened);
    // A 4 MB line of attribute-like braces and `@`.
    write(
        &dir,
        "braces.qmd",
        &"{#fig-a .c k=\"@x\"} @fig-a {".repeat(150_000),
    );
    // A role whose code span never closes, and a target with no label.
    write(
        &dir,
        "roles.md",
        &"{cite}`a, {ref}`b <c ()= (x)=\n".repeat(20_000),
    );
    let run = ibid(
        &dir,
        &[
            "check", "--format", "json", "--flavor", "myst", "open.md", "roles.md",
        ],
    );
    assert!(run.code <= 1, "{}", run.both());
    let run = ibid(&dir, &["check", "--format", "json", "braces.qmd"]);
    assert!(run.code <= 1, "{}", run.both());
    assert!(run.json()["failures"].as_array().is_some_and(Vec::is_empty));
}

#[test]
fn markdown_in_a_txt_is_read_in_the_flavour_it_is_written_in() {
    let dir = scratch("txt");
    // pandoc's MANUAL.txt: Markdown in a `.txt`, with definition lists
    // and references to headings by their text.
    let manual = "---\ntitle: A manual\n---\n\n# Options\n\n`--toc`\n:   Include a table of contents; see [Templates].\n\n    A second paragraph, with [a link][toc-doc].\n\n# Templates\n\nSee [the options][Options].\n\n[toc-doc]: https://example.org/toc\n";
    write(&dir, "MANUAL.txt", manual);
    let notes =
        "---\ntitle: Notes\n---\n\n# Notes\n\nA claim.[^1] See [Notes].\n\n[^1]: A source.\n";
    write(&dir, "NOTES.txt", notes);
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 0, "{}", run.both());
    let json = run.json();
    assert_eq!(flavor(&json, "MANUAL.txt"), Some("pandoc"), "{json:#}");
    assert_eq!(flavor(&json, "NOTES.txt"), Some("gfm"), "{json:#}");
    assert!(diagnostics(&json).is_empty(), "{}", run.stdout);
}
