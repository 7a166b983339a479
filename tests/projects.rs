//! Resolution units and projects end to end (DESIGN.md section 4).
//!
//! The fixture projects under tests/fixtures/projects (a Quarto book, a
//! bookdown book whose generated `packages.bib` is absent, a Jupyter Book,
//! a Quarto project with two bibliographies sharing a key) are each checked
//! from their own folder with `ibid check .` and no flags, as a user would.
//! Containment cases (absolute paths, `..`, symbolic links, `/dev/zero`,
//! FIFOs) are built at test time in scratch folders: they cannot live in
//! the repository, and a walk of the repository must never read them.
//!
//! Every run has a deadline: a build that blocks on a FIFO or reads
//! `/dev/zero` forever is killed and the test fails.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use cli::{
    assert_failure_names, assert_findings, failures, finding, findings, ibid, line_of,
    run_with_deadline, write, Run, FORMATS,
};

/// A string that only files outside the project root contain: it must
/// never reach stdout or stderr.
const SECRET: &str = "xyzzy-7731";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

/// A scratch folder `<name>/` holding `repo/` (the project root: it has
/// `.git`) and `outside/` (beside the root, so outside it).
fn scratch(name: &str) -> (PathBuf, PathBuf) {
    cli::scratch_with_outside("projects", name)
}

/// Like [`ibid`], with at most 2 GiB of data memory: a build that reads
/// `/dev/zero` fails fast instead of taking the machine's memory.
#[cfg(unix)]
fn ibid_limited(dir: &Path, args: &[&str]) -> Run {
    let mut command = Command::new("sh");
    command
        .args(["-c", "ulimit -d 2097152 && exec \"$0\" \"$@\""])
        .arg(env!("CARGO_BIN_EXE_ibid"))
        .args(args)
        .current_dir(dir);
    run_with_deadline(
        command,
        None,
        &format!("ibid {args:?} in {}", dir.display()),
    )
}

/// The dialect `files[]` gives `path`, if it lists it.
fn dialect<'a>(json: &'a Value, path: &str) -> Option<&'a str> {
    json["files"]
        .as_array()
        .expect("files[]")
        .iter()
        .find(|f| f["path"] == path)
        .and_then(|f| f["dialect"].as_str())
}

fn assert_markdown(json: &Value, paths: &[&str]) {
    for path in paths {
        assert_eq!(
            dialect(json, path),
            Some("markdown"),
            "{path} should be in files[] as markdown: {:#}",
            json["files"]
        );
    }
}

// ---------------------------------------------------------------------
// The fixture projects

#[test]
fn quarto_book_resolves_citations_across_chapters() {
    // index.qmd and both chapters have no bibliography of their own: every
    // key resolves against `_quarto.yml`'s references.bib, including
    // `@Marsh2018` (keys match case-insensitively) and `@okafor2020`,
    // cited only outside intro.qmd. `@harbourmaster` is inside a code block.
    //
    // Quarto cross-references (`@fig-x` to `{#fig-x}`, never citations)
    // have a fixture of their own: `quarto-crossrefs`, in tests/flavors.rs.
    let run = ibid(&fixture("quarto"), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("unknown-citation", "chapters/methods.qmd", 9, "harlow2022"),
            finding("unused-entry", "references.bib", 33, "brennan2016"),
        ],
    );
    let json = run.json();
    assert!(failures(&json).is_empty(), "{:#}", json["failures"]);
    assert_markdown(
        &json,
        &["index.qmd", "chapters/intro.qmd", "chapters/methods.qmd"],
    );
}

#[test]
fn bookdown_book_with_a_generated_bibliography_not_yet_built() {
    // packages.bib is written by knitr::write_bib when the book is built:
    // one missing-file where index.Rmd names it, and no unknown-citation
    // for `[@R-base]` / `@R-knitr` (nor for anything else in the book).
    let run = ibid(&fixture("bookdown"), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("missing-file", "index.Rmd", 7, "packages.bib"),
            finding("unused-entry", "book.bib", 23, "hollis2012"),
        ],
    );
    let json = run.json();
    // A missing file is a finding, not a failure to read an input.
    assert!(failures(&json).is_empty(), "{:#}", json["failures"]);
    let missing = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "missing-file")
        .expect("missing-file");
    assert_eq!(missing["severity"], "error");
    assert_markdown(&json, &["index.Rmd", "01-sensors.Rmd", "02-analysis.Rmd"]);
}

#[test]
fn jupyter_book_judges_unused_entries_over_the_whole_book() {
    // Each chapter cites part of references.bib; only delaney2021 is cited
    // by none. A warning alone: exit status 0.
    let run = ibid(
        &fixture("jupyter-book"),
        &["check", "--format", "json", "."],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![finding("unused-entry", "references.bib", 23, "delaney2021")],
    );
    assert_markdown(
        &run.json(),
        &["intro.md", "chapters/one.md", "chapters/two.md"],
    );
}

#[test]
fn duplicate_entry_across_bibliographies_points_at_the_other_file() {
    let run = ibid(
        &fixture("duplicate-across"),
        &["check", "--format", "json", "."],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // Reported at the later copy (refs-b.bib is listed second), and both
    // copies count as cited: no unused-entry.
    assert_findings(
        &run,
        vec![finding("duplicate-entry", "refs-b.bib", 10, "hale2017")],
    );
    let json = run.json();
    let related = json["diagnostics"][0]["related"]
        .as_array()
        .expect("related[]");
    assert_eq!(related.len(), 1, "{related:#?}");
    assert_eq!(related[0]["path"], "refs-a.bib");
    assert_eq!(related[0]["line"], 3);
    assert_eq!(related[0]["column"], 7, "at the key of `@book{{hale2017,`");
    assert!(
        related[0]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()),
        "{related:#?}"
    );
}

#[test]
fn duplicate_entry_across_bibliographies_in_sarif() {
    let run = ibid(
        &fixture("duplicate-across"),
        &["check", "--format", "sarif", "."],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let sarif = run.json();
    let results: Vec<&Value> = sarif["runs"][0]["results"]
        .as_array()
        .expect("results")
        .iter()
        .filter(|r| r["ruleId"] == "duplicate-entry")
        .collect();
    assert_eq!(results.len(), 1, "{:#}", sarif["runs"][0]["results"]);
    let location = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "refs-b.bib");
    assert_eq!(location["region"]["startLine"], 10);
    let related = results[0]["relatedLocations"]
        .as_array()
        .expect("relatedLocations");
    assert!(
        related.iter().any(|r| {
            let place = &r["physicalLocation"];
            place["artifactLocation"]["uri"] == "refs-a.bib" && place["region"]["startLine"] == 3
        }),
        "{related:#?}"
    );
}

#[test]
fn duplicate_entry_across_bibliographies_in_human_output() {
    let run = ibid(&fixture("duplicate-across"), &["check", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // Both places, each with its file name, line and source text; the
    // first copy's line (`@book{…`) differs from the later one
    // (`@article{…`), so it can only come from refs-a.bib.
    for needle in [
        "refs-b.bib:10",
        "@article{hale2017,",
        "refs-a.bib:3",
        "@book{hale2017,",
    ] {
        assert!(run.stdout.contains(needle), "no {needle}:\n{}", run.stdout);
    }
}

#[test]
fn duplicate_entry_across_bibliographies_of_one_document() {
    // The same cross-file place without a project: one document's front
    // matter names both bibliographies.
    let (repo, _) = scratch("duplicate-front-matter");
    write(
        &repo,
        "notes.md",
        "---\nbibliography: [a.bib, b.bib]\n---\n\nSilt builds up [@hale2017].\n",
    );
    write(&repo, "a.bib", "@book{hale2017,\n  title = {Silt},\n}\n");
    write(
        &repo,
        "b.bib",
        "@misc{other2000,\n  note = {cited nowhere},\n}\n\n@article{Hale2017,\n  title = {Silt},\n}\n",
    );
    let run = ibid(&repo, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("duplicate-entry", "b.bib", 5, "Hale2017"),
            finding("unused-entry", "b.bib", 1, "other2000"),
        ],
    );
    let json = run.json();
    let duplicate = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .find(|d| d["code"] == "duplicate-entry")
        .expect("duplicate-entry");
    let related = &duplicate["related"];
    assert_eq!(related.as_array().map(Vec::len), Some(1), "{related:#}");
    assert_eq!(related[0]["path"], "a.bib", "{related:#}");
    assert_eq!(related[0]["line"], 1, "{related:#}");
    assert_eq!(related[0]["column"], 7, "{related:#}");
}

#[test]
fn a_chapter_named_alone_is_checked_in_its_project() {
    let dir = fixture("quarto");
    // intro.qmd cites marsh2018 and lindqvist2021 only; okafor2020 and
    // tanaka2019 are cited by other members, so they are not unused.
    // methods.qmd's unknown citation is not this file's finding.
    let run = ibid(&dir, &["check", "--format", "json", "chapters/intro.qmd"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![finding("unused-entry", "references.bib", 33, "brennan2016")],
    );
    assert_markdown(&run.json(), &["chapters/intro.qmd"]);

    let run = ibid(&dir, &["check", "--format", "json", "chapters/methods.qmd"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("unknown-citation", "chapters/methods.qmd", 9, "harlow2022"),
            finding("unused-entry", "references.bib", 33, "brennan2016"),
        ],
    );
}

#[test]
fn a_bookdown_chapter_named_alone_still_reports_the_missing_bibliography() {
    // The missing-file that silences the book's unknown-citation is
    // reported whenever any member is checked (DESIGN.md 4).
    let run = ibid(
        &fixture("bookdown"),
        &["check", "--format", "json", "02-analysis.Rmd"],
    );
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("missing-file", "index.Rmd", 7, "packages.bib"),
            finding("unused-entry", "book.bib", 23, "hollis2012"),
        ],
    );
}

// ---------------------------------------------------------------------
// Projects and Markdown built at test time

#[test]
fn qmd_and_rmd_files_are_walked_as_markdown() {
    let (repo, _) = scratch("walked-extensions");
    write(&repo, "report.qmd", "Tides rise.[^gone]\n");
    write(&repo, "notes.Rmd", "Soil dries.[^x]\n\n[^x]: Slowly.\n");
    let run = ibid(&repo, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_markdown(&run.json(), &["report.qmd", "notes.Rmd"]);
    assert_findings(&run, vec![finding("unresolved", "report.qmd", 1, "gone")]);
}

#[test]
fn myst_project_resolves_against_its_bibliography() {
    let (repo, _) = scratch("myst");
    write(
        &repo,
        "myst.yml",
        "version: 1\nproject:\n  title: Estuary Notes\n  bibliography:\n    - refs.bib\nsite:\n  template: book-theme\n",
    );
    write(
        &repo,
        "intro.md",
        "# Estuary notes\n\nSalt marsh grows upward with the tide [@ames2011].\n",
    );
    write(
        &repo,
        "chapters/plants.md",
        "# Plants\n\nCordgrass spreads by rhizomes [@Brook2014; @ames2011].\nIt was planted in 1920 [@carver1921].\n",
    );
    write(
        &repo,
        "refs.bib",
        "@book{ames2011,\n  title = {Salt Marshes},\n}\n\n@article{brook2014,\n  title = {Cordgrass},\n}\n\n@misc{dunn2009,\n  title = {Mudflats},\n}\n",
    );
    let run = ibid(&repo, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert_findings(
        &run,
        vec![
            finding("unknown-citation", "chapters/plants.md", 4, "carver1921"),
            finding("unused-entry", "refs.bib", 9, "dunn2009"),
        ],
    );
}

/// A place where a project or a document names its bibliographies.
struct Carrier {
    name: &'static str,
    /// (path, text) of the files to write; `{bib}` stands for the
    /// bibliography under test, named after `present.bib`.
    files: &'static [(&'static str, &'static str)],
    /// The file that names the bibliographies.
    names: &'static str,
}

const CARRIERS: &[Carrier] = &[
    Carrier {
        name: "quarto",
        files: &[
            ("_quarto.yml", "project:\n  type: default\n\nbibliography:\n  - present.bib\n  - {bib}\n"),
            ("index.qmd", "# Notes\n\nGauges drift [@known2020; @generated2024].\n"),
        ],
        names: "_quarto.yml",
    },
    Carrier {
        name: "bookdown",
        files: &[
            ("index.Rmd", "---\ntitle: Notes\nsite: bookdown::bookdown_site\nbibliography: [present.bib, {bib}]\n---\n\n# Notes\n\nGauges drift [@known2020; @generated2024].\n"),
            ("02-more.Rmd", "# More\n\nSee @known2020.\n"),
        ],
        names: "index.Rmd",
    },
    Carrier {
        name: "jupyter-book",
        files: &[
            ("_config.yml", "title: Notes\nbibtex_bibfiles:\n  - present.bib\n  - {bib}\n"),
            ("_toc.yml", "format: jb-book\nroot: intro\n"),
            ("intro.md", "# Notes\n\nGauges drift [@known2020; @generated2024].\n"),
        ],
        names: "_config.yml",
    },
    Carrier {
        name: "myst",
        files: &[
            ("myst.yml", "version: 1\nproject:\n  title: Notes\n  bibliography:\n    - present.bib\n    - {bib}\n"),
            ("intro.md", "# Notes\n\nGauges drift [@known2020; @generated2024].\n"),
        ],
        names: "myst.yml",
    },
    Carrier {
        name: "front-matter",
        files: &[(
            "notes.md",
            "---\ntitle: Notes\nbibliography: [present.bib, {bib}]\n---\n\nGauges drift [@known2020; @generated2024].\n",
        )],
        names: "notes.md",
    },
];

const PRESENT: &str = "@article{known2020,\n  title = {Gauge Drift},\n}\n";

/// Writes one carrier into `repo`, naming `present.bib` and `bib`;
/// returns the text of the file that names them.
fn write_carrier(repo: &Path, carrier: &Carrier, bib: &str) -> String {
    write(repo, "present.bib", PRESENT);
    let mut naming = String::new();
    for (path, text) in carrier.files {
        let text = text.replace("{bib}", bib);
        if *path == carrier.names {
            naming.clone_from(&text);
        }
        write(repo, path, &text);
    }
    naming
}

#[test]
fn a_missing_bibliography_is_reported_where_it_is_named() {
    for carrier in CARRIERS {
        let name = carrier.name;
        let (repo, _) = scratch(&format!("missing-{name}"));
        let text = write_carrier(&repo, carrier, "generated.bib");
        let run = ibid(&repo, &["check", "--format", "json", "."]);
        assert_eq!(run.code, 1, "{name}: {}{}", run.stdout, run.stderr);
        // `@generated2024` would be unknown-citation, but the unit has a
        // missing bibliography: the one missing-file says why instead.
        assert_findings(
            &run,
            vec![finding(
                "missing-file",
                carrier.names,
                line_of(&text, "generated.bib"),
                "generated.bib",
            )],
        );
        assert!(failures(&run.json()).is_empty(), "{name}: {}", run.stdout);
    }
}

// ---------------------------------------------------------------------
// Containment

/// A bibliography outside the root, every line of it holding the secret.
fn write_secret(outside: &Path) {
    write(
        outside,
        "secret.bib",
        &format!(
            "@article{{{SECRET}-key,\n  title = {{{SECRET} private notes}},\n  note  = {{{SECRET}}},\n}}\n{SECRET} trailing text\n"
        ),
    );
}

/// A function of the `outside/` folder of a scratch project.
type Outside<'a> = &'a dyn Fn(&Path) -> String;

/// For every carrier and output format: naming `bib` (which resolves
/// outside the root) is a failure naming `needle`, exit status 2, and
/// nothing of the outside file is printed. `setup(repo, outside)` adds to
/// each scratch project (a symbolic link, say).
fn assert_refused(case: &str, bib: Outside, needle: Outside, setup: &dyn Fn(&Path, &Path)) {
    for carrier in CARRIERS {
        let name = carrier.name;
        let (repo, outside) = scratch(&format!("{case}-{name}"));
        write_secret(&outside);
        setup(&repo, &outside);
        write_carrier(&repo, carrier, &bib(&outside));
        let needle = needle(&outside);
        let needle = needle.as_str();
        for format in FORMATS {
            let run = ibid(&repo, &["check", "--format", format, "."]);
            let context = format!("{case}, {name}, {format}");
            assert_eq!(run.code, 2, "{context}: {}{}", run.stdout, run.stderr);
            assert!(
                !run.both().contains(SECRET),
                "{context}: the outside file's contents were printed:\n{}",
                run.both()
            );
            assert!(
                run.both().contains(needle),
                "{context}: the failure does not name {needle}:\n{}",
                run.both()
            );
            if *format == "json" {
                assert_failure_names(&run.json(), needle, &context);
            }
        }
    }
}

#[test]
fn an_absolute_bibliography_path_outside_the_root_is_refused() {
    let absolute = |outside: &Path| outside.join("secret.bib").display().to_string();
    assert_refused("absolute", &absolute, &absolute, &|_, _| {});
    // A system file: refused, and none of it printed.
    #[cfg(unix)]
    if let Ok(passwd) = std::fs::read_to_string("/etc/passwd") {
        let (repo, _) = scratch("absolute-passwd");
        write_carrier(&repo, &CARRIERS[0], "/etc/passwd");
        for format in FORMATS {
            let run = ibid(&repo, &["check", "--format", format, "."]);
            assert_eq!(run.code, 2, "{format}: {}{}", run.stdout, run.stderr);
            assert!(
                run.both().contains("/etc/passwd"),
                "{format}: {}",
                run.both()
            );
            for line in passwd.lines().filter(|l| l.len() > 8) {
                assert!(!run.both().contains(line), "{format}: printed {line}");
            }
        }
    }
}

#[test]
fn a_parent_path_out_of_the_root_is_refused() {
    assert_refused(
        "parent",
        &|_| "../outside/secret.bib".to_owned(),
        &|_| "outside/secret.bib".to_owned(),
        &|_, _| {},
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_out_of_the_root_is_refused() {
    assert_refused(
        "symlink",
        &|_| "linked.bib".to_owned(),
        &|_| "linked.bib".to_owned(),
        &|repo, _| {
            std::os::unix::fs::symlink("../outside/secret.bib", repo.join("linked.bib"))
                .expect("symlink");
        },
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_inside_the_root_is_read() {
    // The control for the test above: a link is refused for where it
    // points, not for being a link.
    let (repo, _) = scratch("symlink-inside");
    write(&repo, "data/real.bib", PRESENT);
    std::os::unix::fs::symlink("data/real.bib", repo.join("refs.bib")).expect("symlink");
    write(
        &repo,
        "notes.md",
        "---\nbibliography: refs.bib\n---\n\nGauges drift [@known2020]; tides turn [@nobody1999].\n",
    );
    let run = ibid(&repo, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(failures(&run.json()).is_empty(), "{}", run.stdout);
    assert_findings(
        &run,
        vec![finding("unknown-citation", "notes.md", 5, "nobody1999")],
    );
}

#[cfg(unix)]
#[test]
fn walks_do_not_follow_symbolic_links_to_folders() {
    let (repo, outside) = scratch("walk-symlink");
    write(&outside, "leak.md", &format!("Leaked {SECRET}.[^x]\n"));
    write(&repo, "docs/ok.md", "Fine.[^a]\n\n[^a]: A note.\n");
    std::os::unix::fs::symlink("../../outside", repo.join("docs/shared")).expect("symlink");
    let run = ibid(&repo, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(!run.both().contains(SECRET), "{}", run.both());
    let json = run.json();
    let paths: Vec<&str> = json["files"]
        .as_array()
        .expect("files[]")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .collect();
    assert_eq!(paths, ["docs/ok.md"]);
}

#[cfg(unix)]
#[test]
fn dev_zero_as_a_bibliography_neither_eats_memory_nor_blocks() {
    // Named directly (absolute, so outside the root), and through a link
    // with a bibliography's name.
    let cases: [(&str, &str, bool); 2] =
        [("direct", "/dev/zero", false), ("linked", "zero.bib", true)];
    for (case, bib, link) in cases {
        for carrier in CARRIERS {
            let name = carrier.name;
            let (repo, _) = scratch(&format!("dev-zero-{case}-{name}"));
            if link {
                std::os::unix::fs::symlink("/dev/zero", repo.join("zero.bib")).expect("symlink");
            }
            write_carrier(&repo, carrier, bib);
            let run = ibid_limited(&repo, &["check", "--format", "json", "."]);
            let context = format!("{case}, {name}");
            assert_eq!(run.code, 2, "{context}: {}{}", run.stdout, run.stderr);
            // Reading it until memory runs out is eating memory, even when
            // the allocation failure is caught.
            assert!(
                !run.both().contains("out of memory"),
                "{context}: {}",
                run.both()
            );
            assert_failure_names(&run.json(), bib, &context);
        }
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_neither_blocks_nor_stops_the_other_inputs() {
    for carrier in CARRIERS {
        let name = carrier.name;
        let (repo, _) = scratch(&format!("fifo-{name}"));
        write_carrier(&repo, carrier, "pipe.bib");
        // A note problem the run must still find, and a FIFO the walk meets.
        write(&repo, "other.md", "A claim.[^gone]\n");
        for fifo in ["pipe.bib", "stuck.md"] {
            let made = Command::new("mkfifo")
                .arg(repo.join(fifo))
                .status()
                .expect("mkfifo runs");
            assert!(made.success(), "mkfifo {fifo}");
        }
        let run = ibid(&repo, &["check", "--format", "json", "."]);
        assert_eq!(run.code, 2, "{name}: {}{}", run.stdout, run.stderr);
        let json = run.json();
        assert_failure_names(&json, "pipe.bib", name);
        assert_failure_names(&json, "stuck.md", name);
        assert!(
            findings(&json).contains(&finding("unresolved", "other.md", 1, "gone")),
            "{name}: {}",
            run.stdout
        );
    }
}
