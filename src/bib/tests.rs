//! What the bibliography parsers extract, as inline snapshots.

use std::fmt::Write as _;
use std::path::Path;

use proptest::prelude::*;

use super::{csl_yaml_items, format_for, parse, Bibliography, Format};
use crate::source::LineIndex;

/// One line per entry (`kind key @ "entry text"`), then one per error
/// (`error @ line:col: message [at "text"]`).
fn render(bib: &Bibliography, text: &str) -> String {
    let lines = LineIndex::new(text);
    let mut out = String::new();
    for e in &bib.entries {
        let _ = write!(out, "{} {} @ {:?}", e.kind, e.key, e.span.of(text));
        if e.key_span.of(text) != &*e.key {
            let _ = write!(out, " (key written {:?})", e.key_span.of(text));
        }
        out.push('\n');
    }
    for e in &bib.errors {
        let at = lines.line_col(text, e.span.start);
        let _ = writeln!(
            out,
            "error @ {}:{}: {} [at {:?}]",
            at.line,
            at.column,
            e.message,
            e.span.of(text)
        );
    }
    out
}

fn bib(text: &str) -> String {
    render(&parse(Format::Bibtex, text), text)
}

fn json(text: &str) -> String {
    render(&parse(Format::CslJson, text), text)
}

fn yaml(text: &str) -> String {
    render(&parse(Format::CslYaml, text), text)
}

// ------------------------------------------------------------ BibTeX

#[test]
fn entries_with_braces_and_parentheses() {
    let text = "\
@article{smith2020,
  title = {A Title},
  year = 2020,
}
@Book(Jones:1999/a.b-c_d+e, title = \"Old\")
@INPROCEEDINGS{Müller2021, author = {Jürgen Müller}}
@misc{bare}
@misc { spaced , note = x }
@misc(paren, title = {a ) inside}, )
@misc{Car%ey
  , note = {Biber reads the key `Car`}}
@misc{trailing,}
";
    insta::assert_snapshot!(bib(text), @r#"
    article smith2020 @ "@article{smith2020,\n  title = {A Title},\n  year = 2020,\n}"
    book Jones:1999/a.b-c_d+e @ "@Book(Jones:1999/a.b-c_d+e, title = \"Old\")"
    inproceedings Müller2021 @ "@INPROCEEDINGS{Müller2021, author = {Jürgen Müller}}"
    misc bare @ "@misc{bare}"
    misc spaced @ "@misc { spaced , note = x }"
    misc paren @ "@misc(paren, title = {a ) inside}, )"
    misc Car @ "@misc{Car%ey\n  , note = {Biber reads the key `Car`}}"
    misc trailing @ "@misc{trailing,}"
    "#);
}

#[test]
fn values_nest_quote_and_concatenate() {
    let text = r#"@string{acm = "ACM"}
@article{a,
  title = {Nested {braces {deep}} and \{escaped\}},
  journal = "Quoted {with "quotes" inside} braces",
  publisher = acm # " Press" # {, NY},
  month = jan,
  pages = 12,
}
"#;
    insta::assert_snapshot!(bib(text), @r#"article a @ "@article{a,\n  title = {Nested {braces {deep}} and \\{escaped\\}},\n  journal = \"Quoted {with \"quotes\" inside} braces\",\n  publisher = acm # \" Press\" # {, NY},\n  month = jan,\n  pages = 12,\n}""#);
}

#[test]
fn commands_and_comments_are_not_entries() {
    let text = "\
This file was written by hand; mail me at me@example.org.
@comment{jabref-meta: databaseType:bibtex;}
@COMMENT(a (paren) comment)
@comment this whole line is a comment
@preamble{ \"\\newcommand{\\noop}[1]{}\" }
@String(ed = {Editor})
% @article{commented, title = {out}}
@article{kept, % a comment inside an entry
  % title = {commented out},
  title = {In}, % trailing
}
Stray text and a stray } brace.
";
    insta::assert_snapshot!(bib(text), @r#"article kept @ "@article{kept, % a comment inside an entry\n  % title = {commented out},\n  title = {In}, % trailing\n}""#);
}

#[test]
fn duplicate_keys_are_kept_in_order() {
    let text = "@book{dup, title={1}}\n@article{other}\n@book{DUP, title={2}}\n";
    insta::assert_snapshot!(bib(text), @r#"
    book dup @ "@book{dup, title={1}}"
    article other @ "@article{other}"
    book DUP @ "@book{DUP, title={2}}"
    "#);
    let keys: Vec<String> = parse(Format::Bibtex, text)
        .entries
        .iter()
        .map(|e| e.normalized_key())
        .collect();
    assert_eq!(keys, ["dup", "other", "dup"]);
}

#[test]
fn unterminated_strings() {
    let text = "\
@article{a,
  title = \"Never closed,
  year = 2020
}

@book{b, title = {Fine}}
@book{c, title = \"open {brace\"}
";
    insta::assert_snapshot!(bib(text), @r#"
    article a @ "@article{a,"
    book b @ "@book{b, title = {Fine}}"
    book c @ "@book{c,"
    error @ 2:11: unterminated string started here: no closing `"` before an unmatched `}` [at "\""]
    error @ 7:18: unterminated string started here: no closing `"` before the end of the file [at "\""]
    "#);
}

#[test]
fn unbalanced_braces_name_the_innermost_open_brace() {
    let text = "\
@article{a,
  title = {Outer {inner} never closed,
  year = 2020,

@book{b, note = {one {two} {three, title = {x}}
@book{c, title = {x}}}
@book{d, note = \"a}b\"}
@book{e, title = {Extra} brace}},
  year = 2020,
}
";
    insta::assert_snapshot!(bib(text), @r#"
    article a @ "@article{a,"
    book b @ "@book{b,"
    book c @ "@book{c, title = {x}}"
    book d @ "@book{d,"
    book e @ "@book{e, title = {Extra}"
    error @ 2:11: unbalanced braces: this `{` is never closed before the next entry [at "{"]
    error @ 5:17: unbalanced braces: this `{` is never closed before the next entry [at "{"]
    error @ 7:19: unbalanced braces: this `}` closes no `{` [at "}"]
    error @ 8:26: expected `,` or `}` after the value of `title`, found `brace` [at "brace"]
    "#);
}

#[test]
fn missing_keys_and_equals() {
    let text = "\
@article{, title = {No key}}
@article{title = {Field instead of key}}
@article{k1, title {No equals}}
@article{k2, title = }
@article{k3, title = {x} # }
@article{k4 k5, title = {x}}
@article{k6, , title = {x}}
";
    insta::assert_snapshot!(bib(text), @r#"
    article k1 @ "@article{k1,"
    article k2 @ "@article{k2,"
    article k3 @ "@article{k3,"
    article k4 @ "@article{k4"
    article k6 @ "@article{k6,"
    error @ 1:10: expected a citation key after `@article{`, found `,` [at ","]
    error @ 2:10: expected a citation key after `@article{`, found the field `title =` [at "title"]
    error @ 3:20: expected `=` after field name `title`, found `{` [at "{"]
    error @ 4:22: expected a value for `title` (`{…}`, `"…"`, a number or a @string name), found `}` [at "}"]
    error @ 5:28: expected a value after `#` in `title`, found `}` [at "}"]
    error @ 6:13: expected `,` or `}` after the key `k4`, found `k5` [at "k5"]
    error @ 7:14: expected a field name or `}`, found `,` [at ","]
    "#);
}

#[test]
fn missing_comma_and_unclosed_entries() {
    let text = "\
@article{a,
  title = {x}
  author = {y}
}
@article{b,
  title = {x},

@book{c, title = {y}}
@article{d, title = {z}
";
    insta::assert_snapshot!(bib(text), @r#"
    article a @ "@article{a,\n  title = {x}"
    article b @ "@article{b,\n  title = {x},"
    book c @ "@book{c, title = {y}}"
    article d @ "@article{d, title = {z}"
    error @ 3:3: expected `,` or `}` after the value of `title`, found `author` [at "author"]
    error @ 5:1: entry `@article{b` is never closed before the next entry [at "@article{b"]
    error @ 9:1: entry `@article{d` is never closed before the end of the file [at "@article{d"]
    "#);
}

#[test]
fn broken_heads() {
    let text = "\
@article
@ {x}
@9lives{k}
An address like a@b.c mid-line is text.
@misc{after}
";
    insta::assert_snapshot!(bib(text), @r#"
    misc after @ "@misc{after}"
    error @ 1:1: expected `{` or `(` after `@article`, found `@` [at "@article"]
    error @ 2:3: expected an entry type after `@`, found `{` [at "{"]
    error @ 3:2: expected an entry type after `@`, found `9lives` [at "9lives"]
    "#);
}

#[test]
fn broken_commands() {
    let text = "\
@comment{never closed
@string{ = {no name}}
@string{name {x}}
@string{name = {x} extra}
@preamble(\"x\"
@misc{fine}
";
    insta::assert_snapshot!(bib(text), @r#"
    misc fine @ "@misc{fine}"
    error @ 1:9: `@comment{` is never closed before the next entry [at "{"]
    error @ 2:10: expected a string name after `@string{`, found `=` [at "="]
    error @ 3:14: expected `=` after string name `name`, found `{` [at "{"]
    error @ 4:20: expected `}` after the value of `name`, found `extra` [at "extra"]
    error @ 5:10: `@preamble(` is never closed before the next entry [at "("]
    "#);
}

#[test]
fn nesting_is_bounded() {
    let deep = format!(
        "@misc{{k, note = {}{}}}\n@misc{{next}}\n",
        "{".repeat(300),
        "}".repeat(300)
    );
    insta::assert_snapshot!(bib(&deep).replace(&"{".repeat(300), "{…"), @r#"
    misc k @ "@misc{k,"
    misc next @ "@misc{next}"
    error @ 1:274: braces nested more than 256 deep [at "{"]
    "#);
}

#[test]
fn one_bad_entry_does_not_hide_the_rest() {
    let text = "\
@article{one, title = \"oops}
@article{two, title = {fine}}
@article{three title = {no comma}}
@article{four, title = {fine}}
@article{five, title = {unbalanced}
@article{six, title = {fine}}
";
    insta::assert_snapshot!(bib(text), @r#"
    article one @ "@article{one,"
    article two @ "@article{two, title = {fine}}"
    article three @ "@article{three"
    article four @ "@article{four, title = {fine}}"
    article five @ "@article{five, title = {unbalanced}"
    article six @ "@article{six, title = {fine}}"
    error @ 1:23: unterminated string started here: no closing `"` before an unmatched `}` [at "\""]
    error @ 3:16: expected `,` or `}` after the key `three`, found `title` [at "title"]
    error @ 5:1: entry `@article{five` is never closed before the next entry [at "@article{five"]
    "#);
}

#[test]
fn crlf_reads_like_lf() {
    let text = "\
% comment
@article{a,
  title = {x},
  author = \"y\" # z,
}
@book{b, title = {never closed}
@comment
@misc{c, title {x}}
@misc(d)
";
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(bib(&crlf).replace("\\r\\n", "\\n"), bib(text));
    // Messages quote the command as `@type{key`, not as written.
    let text = "@article%\n{@";
    let crlf = text.replace('\n', "\r\n");
    assert_eq!(bib(&crlf).replace("\\r\\n", "\\n"), bib(text));
    insta::assert_snapshot!(bib(text), @r#"error @ 2:2: expected a citation key after `@article{`, found `@` [at "@"]"#);
    let yaml_text = "- id: a\n  type: book\n- id: \"b\"\n  title: x\n";
    let crlf = yaml_text.replace('\n', "\r\n");
    assert_eq!(yaml(&crlf).replace("\\r\\n", "\\n"), yaml(yaml_text));
}

// ----------------------------------------------------------- CSL-JSON

#[test]
fn json_items() {
    let text = r#"[
  {"type": "article-journal", "id": "smith2020",
   "author": [{"family": "Smith", "id": "not-this"}],
   "note": "\"id\": \"nor-this\""},
  {"id": 42, "type": "Book"},
  {"id": "esc\u0061ped", "title": "x"},
  {"id": "Müller"}
]"#;
    insta::assert_snapshot!(json(text), @r#"
    article-journal smith2020 @ "{\"type\": \"article-journal\", \"id\": \"smith2020\",\n   \"author\": [{\"family\": \"Smith\", \"id\": \"not-this\"}],\n   \"note\": \"\\\"id\\\": \\\"nor-this\\\"\"}"
    book 42 @ "{\"id\": 42, \"type\": \"Book\"}"
     escaped @ "{\"id\": \"esc\\u0061ped\", \"title\": \"x\"}" (key written "esc\\u0061ped")
     Müller @ "{\"id\": \"Müller\"}"
    "#);
}

#[test]
fn json_item_errors() {
    let text = r#"[
  {"title": "no id", "author": [{"id": "nested"}]},
  {"id": null},
  {"id": ""},
  "not an item",
  {"id": "ok"}
]"#;
    insta::assert_snapshot!(json(text), @r#"
     ok @ "{\"id\": \"ok\"}"
    error @ 2:3: CSL item has no `id`; add one to cite it by [at "{"]
    error @ 3:10: `id` must be a string or a number, found null [at "null"]
    error @ 4:10: `id` is empty; give the item a key to cite it by [at "\"\""]
    error @ 5:3: expected a CSL item (a JSON object), found a string [at "\"not an item\""]
    "#);
    insta::assert_snapshot!(json(r#"{"id": "x"}"#), @r#"error @ 1:1: expected a JSON array of CSL items, found an object [at "{"]"#);
    insta::assert_snapshot!(json(""), @r#"error @ 1:1: invalid JSON: EOF while parsing a value [at ""]"#);
}

#[test]
fn malformed_json_keeps_the_items_before_it() {
    let text = "[\n  {\"id\": \"a\"},\n  {\"id\": \"b\",}\n  {\"id\": \"c\"}\n]";
    insta::assert_snapshot!(json(text), @r#"
     a @ "{\"id\": \"a\"}"
    error @ 3:14: invalid JSON: key must be a string [at "}"]
    "#);
    let text = "[{\"id\": \"é\"}, {\"id\": \"x\" \"y\"}]";
    insta::assert_snapshot!(json(text), @r#"
     é @ "{\"id\": \"é\"}"
    error @ 1:26: invalid JSON: expected `,` or `}` [at "\""]
    "#);
}

// ----------------------------------------------------------- CSL-YAML

#[test]
fn yaml_list_and_references_mapping() {
    let text = "\
- id: smith2020
  type: article-journal
  title: \"Ünïcode\"
  abstract: |
    Ünïcödé text in a block scalar
  author:
    - family: Smith
      id: not-this
- id: \"quoted\\\"id\"
  type: Book
# a comment
- {id: 'flow''s', type: chapter}
- id: 42
";
    insta::assert_snapshot!(yaml(text), @r#"
    article-journal smith2020 @ "id: smith2020\n  type: article-journal\n  title: \"Ünïcode\"\n  abstract: |\n    Ünïcödé text in a block scalar\n  author:\n    - family: Smith\n      id: not-this"
    book quoted"id @ "id: \"quoted\\\"id\"\n  type: Book" (key written "quoted\\\"id")
    chapter flow's @ "{id: 'flow''s', type: chapter}" (key written "flow''s")
     42 @ "id: 42"
    "#);
    let text = "---\ntitle: Front matter\nreferences:\n- id: a\n- id: b\n  type: book\n...\n";
    insta::assert_snapshot!(yaml(text), @r#"
     a @ "id: a"
    book b @ "id: b\n  type: book"
    "#);
}

#[test]
fn yaml_errors() {
    let text = "\
references:
- title: no id
- id: [not, scalar]
- just a string
- id: ok
  title: \"unterminated
- id: lost
";
    insta::assert_snapshot!(yaml(text), @r#"
     ok @ "id: ok\n  title"
    error @ 2:3: CSL item has no `id`; add one to cite it by [at "t"]
    error @ 3:7: `id` must be a string or a number [at "["]
    error @ 4:3: expected a CSL item (a mapping with an `id`) [at "j"]
    error @ 6:10: invalid YAML: invalid indentation in quoted scalar [at "\""]
    "#);
    insta::assert_snapshot!(yaml("title: no references\n"), @r#"error @ 1:1: expected a list of CSL items, or a mapping with a `references:` list [at "t"]"#);
    insta::assert_snapshot!(yaml(""), @"");
}

#[test]
fn yaml_error_spans_cover_whole_characters() {
    insta::assert_snapshot!(yaml("- 日id: \"id\"\n"), @r#"error @ 1:3: CSL item has no `id`; add one to cite it by [at "日"]"#);
}

#[test]
fn yaml_items_embedded_at_an_offset() {
    let doc = "---\nreferences:\n- id: a\n  type: book\n---\nText [@a].\n";
    let yaml_text = &doc[4..doc.len() - "---\nText [@a].\n".len()];
    let bib = csl_yaml_items(yaml_text, 4);
    insta::assert_snapshot!(render(&bib, doc), @r#"book a @ "id: a\n  type: book""#);
    assert!(csl_yaml_items("title: x\n", 0).errors.is_empty());
}

#[test]
fn formats_by_extension() {
    let cases = [
        ("refs.bib", Some(Format::Bibtex)),
        ("refs.BibTeX", Some(Format::Bibtex)),
        ("refs.JSON", Some(Format::CslJson)),
        ("a/b.yml", Some(Format::CslYaml)),
        ("refs.Yaml", Some(Format::CslYaml)),
        ("refs.txt", None),
        ("bib", None),
    ];
    for (path, format) in cases {
        assert_eq!(format_for(Path::new(path)), format, "{path}");
    }
}

// ------------------------------------------------------------ properties

/// Spans are in bounds, on char boundaries, in order, and keys are what
/// their spans say (BibTeX keys are written as is).
fn check_spans(bib: &Bibliography, text: &str) {
    let ok = |s: crate::model::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for e in &bib.entries {
        assert!(ok(e.span) && ok(e.key_span), "{e:?}");
        assert!(
            e.span.start <= e.key_span.start && e.key_span.end <= e.span.end.max(e.key_span.end)
        );
        if bib.format == Format::Bibtex {
            assert_eq!(e.key_span.of(text), &*e.key);
            assert!(e.key_span.end <= e.span.end);
        }
    }
    for e in &bib.errors {
        assert!(ok(e.span), "{e:?}");
    }
    let starts: Vec<usize> = bib.entries.iter().map(|e| e.span.start).collect();
    assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
}

fn bibtex_piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "@",
        "@article",
        "@comment",
        "@string",
        "@preamble",
        "@misc",
        "{",
        "}",
        "(",
        ")",
        "\"",
        "=",
        ",",
        "#",
        "%",
        " ",
        "\n",
        "\r\n",
        "\t",
        "key",
        "title",
        "2020",
        "é",
        "日本",
        "\\",
        "{x}",
        "@book{k,",
        "title = {",
        "a@b",
        "\u{a0}",
    ])
}

proptest! {
    // Failures found here become unit tests above rather than seed files.
    #![proptest_config(ProptestConfig {
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn bibtex_never_panics(pieces in prop::collection::vec(bibtex_piece(), 0..60)) {
        let text = pieces.concat();
        check_spans(&parse(Format::Bibtex, &text), &text);
    }

    #[test]
    fn bibtex_crlf_is_lf(pieces in prop::collection::vec(bibtex_piece(), 0..40)) {
        let text = pieces.concat().replace("\r\n", "\n").replace('\r', "");
        let crlf = text.replace('\n', "\r\n");
        prop_assert_eq!(bib(&crlf).replace("\\r\\n", "\\n"), bib(&text));
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,80}") {
        for format in [Format::Bibtex, Format::CslJson, Format::CslYaml] {
            check_spans(&parse(format, &text), &text);
        }
    }

    #[test]
    fn csl_pieces_never_panic(pieces in prop::collection::vec(prop::sample::select(vec![
        "[", "]", "{", "}", "\"id\"", "\"type\"", ":", ",", "\"é\"", "42", "null", "\n", " ",
        "- ", "id: ", "references:", "'", "\"", "|", "  ", "#", "日", "\\",
    ]), 0..40)) {
        let text = pieces.concat();
        for format in [Format::CslJson, Format::CslYaml] {
            check_spans(&parse(format, &text), &text);
        }
    }
}
