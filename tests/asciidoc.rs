//! AsciiDoc end to end (DESIGN.md section 8): the fixture book
//! (tests/fixtures/projects/asciidoc/book: a master file including its
//! chapters through an attribute, with `leveloffset`) checked from its
//! folder and one chapter named alone, an O'Reilly Atlas book with no
//! master file, suppressions written as AsciiDoc comments, an include
//! circle, and hostile input (a 10 MB line, unclosed blocks, deep
//! nesting, CRLF) built at test time in scratch folders.

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use cli::{assert_findings, failures, finding, ibid, write};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/projects/asciidoc")
}

/// What the fixture book plants, each at the line of the construct.
fn planted() -> Vec<cli::Finding> {
    vec![
        finding("missing-file", "book.adoc", 9, "appendix.adoc"),
        finding("unused-entry", "book.adoc", 15, "tufte"),
        finding("unresolved", "chapters/ch01.adoc", 10, "calibration"),
        finding("undefined-ref", "chapters/ch02.adoc", 4, "nowhere"),
        finding("duplicate-label", "chapters/ch02.adoc", 7, "ch01"),
    ]
}

#[test]
fn a_book_resolves_across_its_chapters() {
    let run = ibid(
        &fixtures().join("book"),
        &["check", "--format", "json", "."],
    );
    assert_eq!(run.code, 1, "{}", run.both());
    assert_findings(&run, planted());
    let json = run.json();
    assert!(failures(&json).is_empty(), "{}", run.stdout);
    // The code sample included in a listing is checked to exist, never
    // read: book, two chapters.
    let read = json["files"].as_array().expect("files").len();
    assert_eq!(read, 3, "{}", run.stdout);
}

#[test]
fn a_chapter_named_alone_is_checked_in_its_book() {
    let run = ibid(
        &fixtures().join("book"),
        &["check", "--format", "json", "chapters/ch02.adoc"],
    );
    assert_eq!(run.code, 1, "{}", run.both());
    // `footnote:kit[]` and `<<_first_steps>>` resolve in ch01, read as
    // part of the book.
    let expected: Vec<cli::Finding> = planted()
        .into_iter()
        .filter(|f| f.1 == "chapters/ch02.adoc")
        .collect();
    assert_findings(&run, expected);
}

#[test]
fn an_atlas_book_is_one_document_in_its_manifests_order() {
    let run = ibid(
        &fixtures().join("atlas"),
        &["check", "--format", "json", "."],
    );
    assert_eq!(run.code, 1, "{}", run.both());
    // `<<results>>` resolves in the next chapter; `cover.html` is not
    // AsciiDoc and is not looked for.
    assert_findings(
        &run,
        vec![finding("undefined-ref", "ch01.asciidoc", 4, "conclusion")],
    );
    let alone = ibid(
        &fixtures().join("atlas"),
        &["check", "--format", "json", "ch02.asciidoc"],
    );
    assert_eq!(alone.code, 0, "{}", alone.both());
}

#[test]
fn suppressions_are_asciidoc_comments() {
    let dir = cli::scratch("asciidoc", "suppress");
    write(
        &dir,
        "a.adoc",
        "= Notes\n\n// ibid-ignore-next-line undefined-ref\nSee <<gone>>.\n\n\
         ////\nibid-ignore-next-line\n////\nPlain text.\n\nAnd <<lost>>.\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "a.adoc"]);
    let mut found: Vec<(String, u64)> = cli::findings(&run.json())
        .into_iter()
        .map(|f| (f.0, f.2))
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("undefined-ref".to_owned(), 11),
            ("unused-suppression".to_owned(), 6)
        ],
        "{}",
        run.stdout
    );
}

#[test]
fn an_include_circle_is_one_failure_and_the_run_goes_on() {
    let dir = cli::scratch("asciidoc", "circle");
    write(
        &dir,
        "a.adoc",
        "= A\n\ninclude::b.adoc[]\n\nSee <<in-b>> and <<none>>.\n",
    );
    write(&dir, "b.adoc", "[[in-b]]\n== B\n\ninclude::a.adoc[]\n");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.both());
    let json = run.json();
    let circles: Vec<&str> = failures(&json)
        .iter()
        .filter_map(|f| f["message"].as_str())
        .filter(|m| m.contains("circle"))
        .collect();
    assert_eq!(circles.len(), 1, "{}", run.stdout);
    assert!(circles[0].contains("a.adoc") && circles[0].contains("b.adoc"));
    assert_findings(&run, vec![finding("undefined-ref", "a.adoc", 5, "none")]);
}

#[test]
fn hostile_input_is_read_in_linear_time_and_located() {
    let dir = cli::scratch("asciidoc", "hostile");
    // A 10 MB line of openers that never close, then a real reference.
    let mut long = "<<a [[b footnote:c[ +d pass:[ ".repeat(340_000);
    long.push_str("\n\nEnd <<nine>>.\n");
    write(&dir, "long.adoc", &long);
    // 100,000 nested delimited blocks, and 100,000 footnotes in footnotes.
    let mut deep = "====\n".repeat(50_000);
    deep.push_str(&"****\n".repeat(50_000));
    deep.push_str(&"footnote:[".repeat(100_000));
    deep.push_str("\n\nEnd <<eight>>.\n");
    write(&dir, "deep.adoc", &deep);
    // A listing block that never closes: what follows is its content.
    write(
        &dir,
        "open.adoc",
        "Text <<seven>>.\n\n----\ncode <<not-read>>\n",
    );
    write(
        &dir,
        "crlf.adoc",
        "= T\r\n\r\n[[x]]\r\n== X\r\n\r\nSee <<x>> and <<y>>.\r\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_eq!(run.code, 2, "{}", run.both());
    assert_findings(
        &run,
        vec![
            finding("undefined-ref", "crlf.adoc", 6, "y"),
            finding("undefined-ref", "deep.adoc", 100_003, "eight"),
            finding("undefined-ref", "long.adoc", 3, "nine"),
            finding("undefined-ref", "open.adoc", 1, "seven"),
        ],
    );
    let json = run.json();
    let unread: Vec<&str> = failures(&json)
        .iter()
        .filter_map(|f| f["message"].as_str())
        .collect();
    assert_eq!(unread.len(), 1, "{}", run.stdout);
    assert!(
        unread[0].contains("unterminated listing block") && unread[0].contains("line 3"),
        "{}",
        unread[0]
    );
}

#[test]
fn a_masters_id_attributes_reach_its_chapters() {
    let dir = cli::scratch("asciidoc", "inherit");
    write(
        &dir,
        "book.adoc",
        "= Book\nA. Author\n:idprefix:\n:idseparator: -\n\ninclude::ch1.adoc[]\n\nSee <<first-steps>> and <<_first_steps>>.\n",
    );
    write(&dir, "ch1.adoc", "== First Steps\n\nText.\n");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_findings(
        &run,
        vec![finding("undefined-ref", "book.adoc", 8, "_first_steps")],
    );
}
