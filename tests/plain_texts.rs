//! Plain-text files as they come (DESIGN.md section 10): a Project
//! Gutenberg header's character set, an `[[encoding]]` of `ibid.toml`,
//! and a `.txt` that is really Markdown, run end to end through the
//! binary; and the book layouts held to "never panics, spans in bounds,
//! linear" by property tests.

#[path = "support/cli.rs"]
mod cli;

use cli::{assert_failure_names, assert_findings, failures, finding, ibid, write, write_bytes};
use ibid::internals::dialect::plain;
use proptest::prelude::*;

fn scratch(name: &str) -> std::path::PathBuf {
    cli::scratch("plain-texts", name)
}

/// A Gutenberg book in Latin-1: `é` is byte 0xE9, `ç` 0xE7.
const LATIN1_BOOK: &[u8] = b"The Project Gutenberg eBook of Caf\xe9 Stories\r\n\r\n\
Character set encoding: ISO-8859-1\r\n\r\n\
CHAPTER I.\r\n\r\n\
Fran\xe7ois opened the caf\xe9 in 1890.[1] The pilots came.[2]\r\n\r\n\
[Footnote 1: Registre du commerce, 1890.]\r\n";

#[test]
fn a_gutenberg_header_declares_the_charset() {
    let dir = scratch("declared");
    write_bytes(&dir, "book.txt", LATIN1_BOOK);
    let run = ibid(&dir, &["check", "--format", "json", "book.txt"]);
    // Decoded: the one finding is the book's own, its column counted in
    // characters of the decoded text (`ç` and `é` are one each).
    assert_findings(&run, vec![finding("unresolved", "book.txt", 7, "2")]);
    let json = run.json();
    assert_eq!(json["diagnostics"][0]["column"], 54, "{json:#}");
    assert_eq!(run.code, 1);
}

#[test]
fn invalid_utf8_without_a_declaration_is_a_failure_with_its_place() {
    let dir = scratch("undeclared");
    write_bytes(&dir, "book.txt", b"Caf\xe9 au lait.[1]\n\n[1] Note.\n");
    let run = ibid(&dir, &["check", "--format", "json", "book.txt"]);
    assert_eq!(run.code, 2);
    let json = run.json();
    assert_eq!(
        failures(&json)[0]["message"],
        "not valid UTF-8 at byte 3 (line 1, column 4)"
    );
}

#[test]
fn an_encoding_glob_decodes_the_files_it_names() {
    let dir = scratch("glob");
    write(
        &dir,
        "ibid.toml",
        "[[encoding]]\nglob = \"books/*.txt\"\nencoding = \"windows-1252\"\n",
    );
    // Windows-1252 curly quotes (0x93, 0x94) and no header at all.
    write_bytes(
        &dir,
        "books/harbour.txt",
        b"\x93The harbour,\x94 he said.[1]\n\n[1] Log, 1851.\n\n[2] Unused.\n",
    );
    write_bytes(&dir, "other/harbour.txt", b"Caf\xe9.[1]\n\n[1] Note.\n");
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    assert_findings(&run, vec![finding("orphaned", "books/harbour.txt", 5, "2")]);
    // The glob names only books/: other/ is still read as UTF-8.
    assert_failure_names(&run.json(), "other/harbour.txt", "outside the glob");
}

#[test]
fn an_encoding_glob_wins_over_the_declaration() {
    let dir = scratch("glob-wins");
    write(
        &dir,
        "ibid.toml",
        "[[encoding]]\nglob = \"*.txt\"\nencoding = \"utf-8\"\n",
    );
    // The header says Latin-1 and so do the bytes, but the repository
    // says its text files are UTF-8: a failure, with its place.
    write_bytes(&dir, "book.txt", LATIN1_BOOK);
    let run = ibid(&dir, &["check", "--format", "json", "book.txt"]);
    assert_eq!(run.code, 2, "{}", run.both());
    let json = run.json();
    let message = failures(&json)[0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("not valid UTF-8 at byte 34 (line 1, column 35)"),
        "{message}"
    );
}

#[test]
fn an_unknown_encoding_label_is_a_located_config_error() {
    let dir = scratch("bad-label");
    write(
        &dir,
        "ibid.toml",
        "[[encoding]]\nglob = \"*.txt\"\nencoding = \"latin-42\"\n",
    );
    write(&dir, "a.txt", "Text.\n");
    let run = ibid(&dir, &["check", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("ibid.toml:3:12: unknown encoding `latin-42` in [[encoding]] #1"),
        "{}",
        run.stderr
    );
    write(
        &dir,
        "ibid.toml",
        "[[encoding]]\nglob = \"*.txt\"\nencoding = \"utf-16le\"\n",
    );
    let run = ibid(&dir, &["check", "a.txt"]);
    assert!(
        run.stderr.contains("unsupported encoding `utf-16le`"),
        "{}",
        run.stderr
    );
}

const MARKDOWN_TXT: &str = "---\ntitle: Harbour Guide\n---\n\n# Synopsis\n\n\
See [the tables](https://example.org/tides).[^gone]\n\n## Berths\n\nText.\n";

#[test]
fn a_txt_that_is_markdown_is_read_as_markdown_unless_told_otherwise() {
    let dir = scratch("markdown");
    write(&dir, "MANUAL.txt", MARKDOWN_TXT);
    let run = ibid(&dir, &["check", "--format", "json", "MANUAL.txt"]);
    let json = run.json();
    assert_eq!(json["files"][0]["dialect"], "markdown", "{json:#}");
    assert_findings(&run, vec![finding("unresolved", "MANUAL.txt", 7, "gone")]);

    // `--dialect plain` and a `[[dialect]]` entry are obeyed.
    let run = ibid(
        &dir,
        &[
            "check",
            "--format",
            "json",
            "--dialect",
            "plain",
            "MANUAL.txt",
        ],
    );
    assert_eq!(run.json()["files"][0]["dialect"], "plain");
    write(
        &dir,
        "ibid.toml",
        "[[dialect]]\nglob = \"*.txt\"\ndialect = \"plain\"\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "MANUAL.txt"]);
    assert_eq!(run.json()["files"][0]["dialect"], "plain");
}

/// Pieces of books, Gutenberg texts, code and legends: the grammar is hit
/// far more often than by random bytes.
const PIECES: &[&str] = &[
    "[",
    "]",
    "[1]",
    "[2]",
    "[A]",
    "[12]",
    "[1, 4]",
    "[Footnote 1: ",
    "[Footnote A:",
    "[1: ",
    "[1]_",
    ".. [1] ",
    "[1]  = ",
    "CHAPTER I.",
    "Chapter 2",
    "IV.",
    "THE END",
    "3. The Title",
    "18.",
    "1. ",
    "INDEX",
    "Notes",
    "x = ",
    "Ok(",
    ")",
    ";",
    ",",
    ".",
    " ",
    "    ",
    "\t",
    "\n",
    "\n\n",
    "\r\n",
    "\u{a0}",
    "é",
    "Word",
    "text",
    "Character set encoding: ISO-8859-1\n",
    "---\ntitle: x\n---\n",
    "# Title\n\n",
    "[x](y)",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..160).prop_map(|p| p.concat())
}

fn in_bounds(text: &str, span: ibid::internals::model::Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn book_layouts_never_panic_and_stay_in_bounds(text in document()) {
        let doc = plain::parse(&text);
        for m in &doc.markers {
            prop_assert!(in_bounds(&text, m.span), "marker {:?}", m);
        }
        for d in &doc.definitions {
            prop_assert!(in_bounds(&text, d.label_span) && in_bounds(&text, d.body), "def {:?}", d);
            prop_assert!(d.label_span.end <= d.body.start || d.body.is_empty(), "def {:?}", d);
        }
        for b in &doc.blocks {
            prop_assert!(in_bounds(&text, b.span));
        }
        let dialect = ibid::internals::dialect::by_id("plain").expect("plain dialect");
        for d in ibid::check_text(&text, dialect).diagnostics {
            prop_assert!(in_bounds(&text, d.span), "{:?}", d);
        }
        // Whatever the text, deciding what it is never panics either.
        let _ = plain::is_markdown(&text);
        let _ = plain::declared_encoding(text.as_bytes());
    }
}
