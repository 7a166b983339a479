//! `ibid::fix_text` against the hand-written pairs in `tests/fix/`
//! (DESIGN.md section 11): `NAME.EXT` fixed with the dialect of its
//! extension gives exactly `NAME.fixed.EXT`; `NAME.unsafe-fixed.EXT` is the
//! result under `--unsafe` and `NAME.reflists-fixed.EXT` with
//! `[fix] reference-lists = true`, where they differ from `.fixed`. A
//! second fix changes nothing, and the fixed text has no `out-of-order`,
//! `numbering-gap`, `bad-note-ref` or `note-ref-direction`.
//!
//! The byte-order mark of `crlf-bom.txt` is stripped before `fix_text`
//! (which takes decoded text); `tests/fix_cli.rs` checks the bytes the
//! command writes. The seed article is `fix_corpus.rs`'s (gated on the
//! corpus).

#[path = "support/cli.rs"]
mod cli;

use std::path::{Path, PathBuf};

use ibid::{fix_text, Dialect, FixOptions, Fixed};

/// What fixing a fixture must do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// Fixes apply, no scope is left alone, and the result is clean.
    Fixed,
    /// Nothing to fix: the text comes back as it is, and is clean.
    Clean,
    /// A scope needs a human decision: the text comes back as it is, with
    /// at least one scope left alone.
    LeftAlone,
    /// Nothing `fix` touches under these options (a reference list): the
    /// text comes back as it is, nothing left alone, nothing judged.
    Untouched,
}

/// Every input in `tests/fix/`, with what fixing it must do under the
/// default options (the `.unsafe-fixed` and `.reflists-fixed` variants,
/// where present, must be [`Outcome::Fixed`]).
const CASES: &[(&str, Outcome)] = &[
    ("article-deleted-note.txt", Outcome::Fixed),
    ("article-deleted-note.md", Outcome::Fixed),
    ("book-chapters.txt", Outcome::Fixed),
    ("book-continued.txt", Outcome::Fixed),
    ("law-review.md", Outcome::Fixed),
    ("law-review-ambiguous.txt", Outcome::LeftAlone),
    ("crlf-bom.txt", Outcome::Fixed),
    ("groups-ranges.txt", Outcome::Fixed),
    ("duplicate-identical.md", Outcome::Fixed),
    ("duplicate-different.md", Outcome::LeftAlone),
    ("unresolved.txt", Outcome::LeftAlone),
    ("in-order.txt", Outcome::Clean),
    ("unsafe.md", Outcome::Fixed),
    ("reference-list.txt", Outcome::Untouched),
];

/// Codes the fixed text must not have.
const GONE: &[&str] = &[
    "out-of-order",
    "numbering-gap",
    "bad-note-ref",
    "note-ref-direction",
];

fn fix_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fix")
}

/// `name` with `.kind` before its extension: `a.txt` → `a.fixed.txt`.
fn variant(name: &str, kind: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').expect("an extension");
    format!("{stem}.{kind}.{ext}")
}

fn dialect_for(name: &str) -> &'static Dialect {
    let id = match name.rsplit_once('.').map(|(_, e)| e) {
        Some("txt") => "plain",
        Some("md") => "markdown",
        other => panic!("{name}: no dialect for extension {other:?}"),
    };
    ibid::DIALECTS
        .iter()
        .find(|d| d.id == id)
        .expect("the dialect")
}

/// A fixture's text, without its byte-order mark.
fn read(name: &str) -> String {
    let bytes =
        std::fs::read(fix_dir().join(name)).unwrap_or_else(|e| panic!("tests/fix/{name}: {e}"));
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("tests/fix/{name}: {e}"))
}

/// The first line where `got` and `want` differ, for a failure message.
fn first_difference(got: &str, want: &str) -> String {
    let mut got_lines = got.split_inclusive('\n');
    let mut want_lines = want.split_inclusive('\n');
    for line in 1.. {
        match (got_lines.next(), want_lines.next()) {
            (None, None) => return "no line differs".into(),
            (g, w) if g != w => return format!("line {line}:\n  got:  {g:?}\n  want: {w:?}"),
            _ => {}
        }
    }
    unreachable!()
}

fn assert_text(context: &str, got: &str, want: &str) {
    assert!(
        got == want,
        "{context}: first difference at {}\n--- got ---\n{got}\n--- want ---\n{want}",
        first_difference(got, want)
    );
}

/// Codes of [`GONE`] that `check_text` still reports on `text`.
fn still_reported(text: &str, dialect: &Dialect, also: &[&str]) -> Vec<String> {
    ibid::check_text(text, dialect)
        .diagnostics
        .iter()
        .filter(|d| GONE.contains(&d.code) || also.contains(&d.code))
        .map(|d| format!("{} {:?}: {}", d.code, d.label, d.message))
        .collect()
}

/// Fix `name` under `options` and judge the result against `expected`
/// (a file name in `tests/fix/`).
fn judge(name: &str, options: &FixOptions, expected: &str, outcome: Outcome, also_gone: &[&str]) {
    let dialect = dialect_for(name);
    let input = read(name);
    let want = read(expected);
    let out: Fixed = fix_text(&input, dialect, options);
    let context = format!("{name} ({options:?}) against {expected}");
    assert_text(&context, &out.text, &want);
    match outcome {
        Outcome::Fixed => {
            assert!(out.changed(), "{context}: no fix reported");
            assert!(
                out.left_alone.is_empty(),
                "{context}: left alone: {:?}",
                out.left_alone
            );
        }
        Outcome::Clean | Outcome::Untouched => {
            assert_text(&format!("{context} (the input)"), &want, &input);
            assert!(out.fixes.is_empty(), "{context}: fixes: {:?}", out.fixes);
            assert!(
                out.left_alone.is_empty(),
                "{context}: left alone: {:?}",
                out.left_alone
            );
        }
        Outcome::LeftAlone => {
            assert_text(&format!("{context} (the input)"), &want, &input);
            assert!(out.fixes.is_empty(), "{context}: fixes: {:?}", out.fixes);
            assert!(
                !out.left_alone.is_empty(),
                "{context}: nothing reported as left alone"
            );
            for left in &out.left_alone {
                assert!(
                    !left.scope.trim().is_empty() && !left.reason.trim().is_empty(),
                    "{context}: a left-alone scope must say which scope and why: {left:?}"
                );
            }
        }
    }
    // Idempotent: fixing the result again changes nothing.
    let again = fix_text(&out.text, dialect, options);
    assert_text(&format!("{context}, fixed twice"), &again.text, &out.text);
    assert!(
        again.fixes.is_empty(),
        "{context}, fixed twice: fixes {:?}",
        again.fixes
    );
    if matches!(outcome, Outcome::Fixed | Outcome::Clean) {
        let left = still_reported(&out.text, dialect, also_gone);
        assert!(
            left.is_empty(),
            "{context}: the fixed text still has {left:#?}"
        );
    }
}

/// Every variant of one case: default options against `.fixed`,
/// `--unsafe` against `.unsafe-fixed` (else `.fixed`), reference lists on
/// against `.reflists-fixed` (else `.fixed`).
fn case(name: &str) {
    let outcome = CASES
        .iter()
        .find(|c| c.0 == name)
        .unwrap_or_else(|| panic!("{name} is not in CASES"))
        .1;
    judge(
        name,
        &FixOptions::default(),
        &variant(name, "fixed"),
        outcome,
        &[],
    );
    let variants: [(&str, FixOptions, &[&str]); 2] = [
        (
            "unsafe-fixed",
            FixOptions::default().unsafe_fixes(true),
            &["orphaned", "unused-link-definition"],
        ),
        (
            "reflists-fixed",
            FixOptions::default().reference_lists(true),
            &[],
        ),
    ];
    for (kind, options, also_gone) in variants {
        let own = variant(name, kind);
        if fix_dir().join(&own).is_file() {
            judge(name, &options, &own, Outcome::Fixed, also_gone);
        } else {
            judge(name, &options, &variant(name, "fixed"), outcome, &[]);
        }
    }
}

macro_rules! cases {
    ($($test:ident => $name:literal,)*) => {
        $(
            #[test]
            fn $test() {
                case($name);
            }
        )*

        /// Every case has a test of its own.
        const TESTED: &[&str] = &[$($name),*];
    };
}

cases! {
    article_deleted_note_txt => "article-deleted-note.txt",
    article_deleted_note_md => "article-deleted-note.md",
    book_chapters_txt => "book-chapters.txt",
    book_continued_txt => "book-continued.txt",
    law_review_md => "law-review.md",
    law_review_ambiguous_txt => "law-review-ambiguous.txt",
    crlf_bom_txt => "crlf-bom.txt",
    groups_ranges_txt => "groups-ranges.txt",
    duplicate_identical_md => "duplicate-identical.md",
    duplicate_different_md => "duplicate-different.md",
    unresolved_txt => "unresolved.txt",
    in_order_txt => "in-order.txt",
    unsafe_md => "unsafe.md",
    reference_list_txt => "reference-list.txt",
}

/// Every file in `tests/fix/` is an input listed in [`CASES`] (and
/// tested), or a variant of one; every input has its `.fixed` file.
#[test]
fn every_fixture_is_a_case() {
    let mut inputs = Vec::new();
    for entry in std::fs::read_dir(fix_dir()).expect("tests/fix") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.starts_with('.') {
            continue;
        }
        let parts: Vec<&str> = name.split('.').collect();
        match parts[..] {
            [_, _] => inputs.push(name.clone()),
            [stem, "fixed" | "unsafe-fixed" | "reflists-fixed", ext] => {
                let input = format!("{stem}.{ext}");
                assert!(
                    fix_dir().join(&input).is_file(),
                    "tests/fix/{name} has no input {input}"
                );
            }
            _ => panic!(
                "tests/fix/{name}: not NAME.EXT or NAME.(fixed|unsafe-fixed|reflists-fixed).EXT"
            ),
        }
    }
    inputs.sort();
    let mut listed: Vec<String> = CASES.iter().map(|c| c.0.to_owned()).collect();
    listed.sort();
    assert_eq!(inputs, listed, "inputs in tests/fix against CASES");
    let mut tested: Vec<&str> = TESTED.to_vec();
    tested.sort_unstable();
    let listed: Vec<&str> = listed.iter().map(String::as_str).collect();
    assert_eq!(tested, listed, "cases! against CASES");
    for name in &inputs {
        let fixed = variant(name, "fixed");
        assert!(fix_dir().join(&fixed).is_file(), "{name} has no {fixed}");
    }
}

/// The CRLF fixture really has CRLF line ends and a byte-order mark, and
/// so has its expected result (an editor or git must not have changed
/// them).
#[test]
fn the_crlf_fixture_is_crlf_with_a_bom() {
    for name in ["crlf-bom.txt", "crlf-bom.fixed.txt"] {
        let bytes = std::fs::read(fix_dir().join(name)).expect("fixture");
        assert!(bytes.starts_with(b"\xef\xbb\xbf"), "{name}: no BOM");
        let lf = bytes.iter().filter(|&&b| b == b'\n').count();
        let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
        assert!(lf > 10 && lf == crlf, "{name}: {lf} LF, {crlf} CRLF");
    }
}
