//! reStructuredText end to end (DESIGN.md section 7): the Sphinx fixture
//! project (tests/fixtures/projects/sphinx) checked from its folder as a
//! user would, one page of it named alone, lone documents with no
//! `conf.py`, suppressions written as reST comments, and hostile input
//! (an include circle, a 10 MB line, deep nesting, CRLF) built at test
//! time in scratch folders.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use cli::{assert_findings, failures, finding, ibid, write};

fn sphinx() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/sphinx")
}

/// What the fixture project plants, each at the line of the construct.
fn planted() -> Vec<cli::Finding> {
    vec![
        finding("undefined-ref", "index.rst", 12, "guide/retired"),
        finding("unknown-citation", "guide/measure.rst", 7, "carver1921"),
        finding("undefined-ref", "guide/measure.rst", 23, "instal"),
        finding("unresolved", "guide/measure.rst", 23, "OLD1999"),
        finding("empty-note", "guide/measure.rst", 26, "3"),
        finding("unused-entry", "refs.bib", 9, "dunn2009"),
    ]
}

#[test]
fn sphinx_project_resolves_labels_documents_and_citations_project_wide() {
    let run = ibid(&sphinx(), &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, planted());
    let json = run.json();
    assert!(failures(&json).is_empty(), "{}", run.stdout);
    let rst = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| f["dialect"] == "rst")
        .count();
    // index, install, measure, and the excluded fragment read alone.
    assert_eq!(rst, 4, "{}", run.stdout);
}

#[test]
fn a_page_named_alone_is_checked_in_its_project() {
    let run = ibid(
        &sphinx(),
        &["check", "--format", "json", "guide/measure.rst"],
    );
    assert_eq!(run.code, 1, "{}", run.both());
    let mut expected: Vec<cli::Finding> = planted()
        .into_iter()
        .filter(|f| f.1 == "guide/measure.rst" || f.1 == "refs.bib")
        .collect();
    expected.sort();
    assert_findings(&run, expected);
}

#[test]
fn a_lone_document_is_its_own_docutils_document() {
    let dir = cli::scratch("rst", "lone");
    write(
        &dir,
        "notes.rst",
        "Notes\n=====\n\nSee :ref:`elsewhere` and [CIT]_ and `Notes`_ [1]_.\n\n.. [1] One.\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "notes.rst"]);
    assert_eq!(run.code, 1, "{}", run.both());
    // `:ref:` is Sphinx's, not docutils': not judged without conf.py.
    assert_findings(&run, vec![finding("unresolved", "notes.rst", 4, "CIT")]);
}

#[test]
fn suppressions_are_rst_comments() {
    let dir = cli::scratch("rst", "suppress");
    write(
        &dir,
        "a.rst",
        "Text [1]_.\n\n.. ibid-ignore-next-line unresolved\nMore [2]_.\n\n.. ibid-ignore-next-line\nPlain text.\n\n.. [1] One.\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "a.rst"]);
    let found = cli::findings(&run.json());
    assert_eq!(found.len(), 1, "{}", run.stdout);
    assert_eq!((found[0].0.as_str(), found[0].2), ("unused-suppression", 6));
}

#[test]
fn an_include_circle_is_one_failure_and_the_run_goes_on() {
    let dir = cli::scratch("rst", "circle");
    write(&dir, "a.rst", ".. include:: b.rst\n\nText [1]_.\n");
    write(&dir, "b.rst", ".. include:: a.rst\n");
    write(&dir, "c.rst", ".. include:: gone.rst\n\nText [2]_.\n");
    // A fragment and the page that includes it: the page's references
    // resolve against what the fragment defines, and the fragment's
    // notes are not orphans.
    write(
        &dir,
        "page.rst",
        "See [n]_, `site`_ and |name|; not `lost`_.\n\n.. include:: parts/defs.rst\n",
    );
    write(
        &dir,
        "parts/defs.rst",
        ".. [n] A note.\n.. _site: https://x.org\n.. |name| replace:: N\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.both());
    let json = run.json();
    let circles: Vec<&str> = failures(&json)
        .iter()
        .filter_map(|f| f["message"].as_str())
        .filter(|m| m.contains("circle"))
        .collect();
    assert_eq!(circles.len(), 1, "{}", run.stdout);
    assert!(circles[0].contains("a.rst") && circles[0].contains("b.rst"));
    // a.rst is included (by b.rst): a fragment, its `[1]_` is not judged.
    assert_findings(
        &run,
        vec![
            finding("missing-file", "c.rst", 1, "gone.rst"),
            finding("unresolved", "c.rst", 3, "2"),
            finding("undefined-ref", "page.rst", 1, "lost"),
        ],
    );
}

#[test]
fn hostile_input_is_read_in_linear_time_and_located() {
    let dir = cli::scratch("rst", "hostile");
    // A 10 MB line of start-strings that never end, then a real marker.
    let mut long = "`a |b ``c _d [e ".repeat(650_000);
    long.push_str("\n\nEnd [9]_.\n");
    write(&dir, "long.rst", &long);
    // 100,000 nested quotes and list items.
    let mut deep = String::new();
    for n in 0..100_000 {
        deep.push_str(&" ".repeat(n % 2_000));
        deep.push_str("- item\n");
    }
    deep.push_str("\nEnd [8]_.\n");
    write(&dir, "deep.rst", &deep);
    write(&dir, "crlf.rst", "Text [1]_ [2]_.\r\n\r\n.. [1]\tOne.\r\n");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(
        &run,
        vec![
            finding("unresolved", "crlf.rst", 1, "2"),
            finding("unresolved", "deep.rst", 100_002, "8"),
            finding("unresolved", "long.rst", 3, "9"),
        ],
    );
}
