//! Suppressions applied to made-up findings, as inline snapshots: each
//! `{code}` in a text is a finding of that rule where the braces are.

use std::fmt::Write as _;

use memchr::memmem;
use proptest::prelude::*;

use super::{apply, CODE};
use crate::diagnostic::{Diagnostic, Severity};
use crate::model::{Comment, Span};
use crate::source::LineIndex;

/// Every `<!-- … -->` in the text, as the Markdown dialect finds them
/// outside code.
fn comments(text: &str) -> Vec<Comment> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = memmem::find(&bytes[at..], b"<!--") {
        let start = at + i;
        let Some(j) = memmem::find(&bytes[start + 2..], b"-->") else {
            break;
        };
        at = start + 2 + j + 3;
        out.push(comment(start, at));
    }
    out
}

/// The comment from `start` to `end`, its body inside `<!--` and `-->`.
fn comment(start: usize, end: usize) -> Comment {
    Comment {
        span: Span::new(start, end),
        body: Span::new(
            (start + 4).min(end),
            end.saturating_sub(3).max(start + 4).min(end),
        ),
    }
}

/// A finding for each `{code}` in the text.
fn findings(text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('{') {
        let start = at + i;
        let Some(len) = text[start..].find('}') else {
            break;
        };
        at = start + len + 1;
        let name = &text[start + 1..at - 1];
        let Some(rule) = crate::rules::by_code(name) else {
            continue;
        };
        out.push(Diagnostic::new(
            rule.code,
            Severity::Error,
            Span::new(start, at),
            None,
            String::new(),
        ));
    }
    out
}

/// What is left: `line:column code`, and for `unused-suppression` the
/// text it points at, its message, help and related spans.
fn check(text: &str) -> String {
    let index = LineIndex::new(text);
    let at = |offset| {
        let at = index.line_col(text, offset);
        format!("{}:{}", at.line, at.column)
    };
    let mut out = String::new();
    for d in apply(text, &comments(text), findings(text)) {
        let _ = write!(out, "{} {}", at(d.span.start), d.code);
        if d.code == CODE {
            let _ = write!(out, " `{}`: {}", d.span.of(text), d.message);
            if let Some(help) = &d.help {
                let _ = write!(out, "\n    help: {help}");
            }
            for r in &d.related {
                let _ = write!(out, "\n    {} at {}", r.message, at(r.span.start));
            }
        }
        out.push('\n');
    }
    out
}

#[test]
fn nothing_to_do_without_directives() {
    let text = "One {unresolved}. <!-- a note --> <!-- ibid: not a directive -->\n";
    let before = findings(text);
    assert_eq!(apply(text, &comments(text), before.clone()), before);
    assert_eq!(apply(text, &[], before.clone()), before);
}

#[test]
fn next_line() {
    let text = "<!-- ibid-ignore-next-line -->\nOne {unresolved} and {duplicate}\nstill the paragraph {unresolved}.\n";
    insta::assert_snapshot!(check(text), @"3:21 unresolved");
}

#[test]
fn next_line_skips_blank_lines_and_stacks() {
    let text = "<!-- ibid-ignore-next-line unresolved -->\n\n<!-- ibid-ignore-next-line duplicate -->  <!-- a note -->\n<!-- ibid-ignore-next-line empty-note --\n  a reason on two lines -->\nOne {unresolved} {duplicate} {orphaned}.\n";
    insta::assert_snapshot!(check(text), @"
    4:28 unused-suppression `empty-note`: `ibid-ignore-next-line empty-note` suppresses nothing: no `empty-note` finding starts on line 6
        help: remove the comment
    6:30 orphaned
    ");
}

#[test]
fn next_line_at_the_end() {
    let text = "One {unresolved}.\n<!-- ibid-ignore-next-line -->\n\n";
    insta::assert_snapshot!(check(text), @r"
    1:5 unresolved
    2:1 unused-suppression `<!-- ibid-ignore-next-line -->`: `ibid-ignore-next-line` suppresses nothing: no line follows the comment
        help: remove the comment
    ");
}

#[test]
fn this_line() {
    let text = "One {unresolved} {duplicate} <!-- ibid-ignore-line unresolved -->\nTwo {unresolved} <!-- ibid-ignore-line\n-->{unresolved}\nThree {unresolved}\n";
    insta::assert_snapshot!(check(text), @"
    1:18 duplicate
    4:7 unresolved
    ");
    // Not the line before, nor the next.
    let text = "{unresolved}\n<!-- ibid-ignore-line -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @r"
    1:1 unresolved
    2:1 unused-suppression `<!-- ibid-ignore-line -->`: `ibid-ignore-line` suppresses nothing: no finding starts on line 2
        help: remove the comment
    3:1 unresolved
    ");
}

#[test]
fn whole_file() {
    let text = "One {duplicate} {unresolved}.\n\nTwo {duplicate}.\n\n<!-- ibid-ignore-file duplicate, orphaned -->\n";
    insta::assert_snapshot!(check(text), @"
    1:17 unresolved
    5:34 unused-suppression `orphaned`: `ibid-ignore-file orphaned` suppresses nothing: no `orphaned` finding in this file
        help: remove `orphaned` from the comment
    ");
}

#[test]
fn ranges() {
    let text = "{unresolved}\n<!-- ibid-ignore -->\n{unresolved} {duplicate}\n<!-- ibid-enable -->\n{unresolved}\n<!-- ibid-ignore unresolved -->\n{unresolved} {duplicate}\n";
    insta::assert_snapshot!(check(text), @r"
    1:1 unresolved
    5:1 unresolved
    7:14 duplicate
    ");
}

#[test]
fn ranges_by_position_not_line() {
    let text = "{unresolved} <!-- ibid-ignore --> {unresolved} <!-- ibid-enable --> {unresolved}\n";
    insta::assert_snapshot!(check(text), @"
    1:1 unresolved
    1:69 unresolved
    ");
}

#[test]
fn enabling_one_code_inside_a_range_of_all() {
    let text = "<!-- ibid-ignore -->\n{unresolved} {duplicate}\n<!-- ibid-enable unresolved -->\n{unresolved} {duplicate}\n<!-- ibid-ignore unresolved -->\n{unresolved}\n<!-- ibid-enable -->\n{unresolved} {duplicate}\n";
    insta::assert_snapshot!(check(text), @r"
    4:1 unresolved
    8:1 unresolved
    8:14 duplicate
    ");
}

#[test]
fn nested_and_overlapping_ranges() {
    // The innermost range is credited; the outer one then suppresses
    // nothing and says so.
    let text = "<!-- ibid-ignore unresolved -->\n<!-- ibid-ignore unresolved, duplicate -->\n{unresolved} {duplicate}\n<!-- ibid-enable duplicate -->\n{duplicate}\n<!-- ibid-enable unresolved -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @r"
    1:18 unused-suppression `unresolved`: `ibid-ignore unresolved` suppresses nothing: no `unresolved` finding before its `ibid-enable`
        help: remove the comment, and its `ibid-enable` unless that ends another range
        ended here at 6:1
    5:1 duplicate
    7:1 unresolved
    ");
    // Overlapping: `a` opens, `b` opens, `a` ends, `b` ends.
    let text = "<!-- ibid-ignore unresolved -->\n{unresolved}\n<!-- ibid-ignore duplicate -->\n{unresolved} {duplicate}\n<!-- ibid-enable unresolved -->\n{unresolved} {duplicate}\n<!-- ibid-enable duplicate -->\n{unresolved} {duplicate}\n";
    insta::assert_snapshot!(check(text), @r"
    6:1 unresolved
    8:1 unresolved
    8:14 duplicate
    ");
}

#[test]
fn unclosed_range_runs_to_the_end() {
    let text =
        "{unresolved}\n<!-- ibid-ignore unresolved, duplicate -->\n{unresolved}\n\n\n{unresolved}";
    insta::assert_snapshot!(check(text), @"
    1:1 unresolved
    2:30 unused-suppression `duplicate`: `ibid-ignore duplicate` suppresses nothing: no `duplicate` finding from here to the end of the file
        help: remove `duplicate` from the comment
    ");
}

#[test]
fn enable_that_ends_nothing() {
    let text = "<!-- ibid-enable -->\n<!-- ibid-ignore duplicate -->{duplicate}\n<!-- ibid-enable unresolved, duplicate -->\n";
    insta::assert_snapshot!(check(text), @r"
    1:1 unused-suppression `<!-- ibid-enable -->`: `ibid-enable` ends nothing: no `ibid-ignore` is open here
        help: remove the comment
    3:18 unused-suppression `unresolved`: `ibid-enable unresolved` ends nothing: no `ibid-ignore` of `unresolved` is open here
        help: remove `unresolved` from the comment
    ");
}

#[test]
fn lists_of_codes() {
    for directive in [
        "ibid-ignore-next-line unresolved,duplicate",
        "ibid-ignore-next-line unresolved , duplicate,",
        "ibid-ignore-next-line unresolved duplicate",
        "ibid-ignore-next-line: unresolved, duplicate",
        "ibid-ignore-next-line unresolved,\n  duplicate -- the notes are in the print edition",
        "  ibid-ignore-next-line\tunresolved, duplicate--why",
    ] {
        let text = format!("<!--{directive}-->\n{{unresolved}} {{duplicate}} {{orphaned}}\n");
        let out = check(&text);
        assert!(
            out.lines().count() == 1 && out.ends_with(":26 orphaned\n"),
            "{directive:?}: {out}"
        );
    }
}

#[test]
fn unused_codes_of_a_directive() {
    let text = "<!-- ibid-ignore-next-line unresolved, duplicate, orphaned -->\nOne {duplicate}.\n";
    insta::assert_snapshot!(check(text), @r"
    1:28 unused-suppression `unresolved`: `ibid-ignore-next-line unresolved` suppresses nothing: no `unresolved` finding starts on line 2
        help: remove `unresolved` from the comment
    1:51 unused-suppression `orphaned`: `ibid-ignore-next-line orphaned` suppresses nothing: no `orphaned` finding starts on line 2
        help: remove `orphaned` from the comment
    ");
}

#[test]
fn unknown_and_repeated_codes() {
    let text = "<!-- ibid-ignore-next-line unresolvd, Duplicate, unresolved, bogus, unresolved -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @r"
    1:28 unused-suppression `unresolvd`: `ibid-ignore-next-line` names `unresolvd`, which is not a rule code
        help: did you mean `unresolved`? `ibid explain` lists the rule codes
    1:39 unused-suppression `Duplicate`: `ibid-ignore-next-line` names `Duplicate`, which is not a rule code
        help: did you mean `duplicate`? `ibid explain` lists the rule codes
    1:62 unused-suppression `bogus`: `ibid-ignore-next-line` names `bogus`, which is not a rule code
        help: `ibid explain` lists the rule codes
    1:69 unused-suppression `unresolved`: `unresolved` is named twice in this `ibid-ignore-next-line`
        help: remove the second `unresolved`
    ");
}

#[test]
fn unknown_and_unreadable_directives() {
    let text = "<!-- ibid-disable-next-line -->\n<!-- ibid-ignore-nextline -->\n<!-- ibid-stop -->\n<!-- ibid-ignore-next-line unresolved; duplicate -->\n{unresolved}\n<!-- IBID-IGNORE-FILE: not a directive -->\n";
    insta::assert_snapshot!(check(text), @r"
    1:6 unused-suppression `ibid-disable-next-line`: unknown suppression directive `ibid-disable-next-line`
        help: did you mean `ibid-ignore-next-line`?
    2:6 unused-suppression `ibid-ignore-nextline`: unknown suppression directive `ibid-ignore-nextline`
        help: did you mean `ibid-ignore-next-line`?
    3:6 unused-suppression `ibid-stop`: unknown suppression directive `ibid-stop`
        help: use `ibid-ignore-next-line`, `ibid-ignore-line`, `ibid-ignore-file`, or `ibid-ignore` … `ibid-enable`
    4:38 unused-suppression `; duplicate`: can't read `ibid-ignore-next-line` at `;`, so it is not applied
        help: separate rule codes with commas or spaces and put any reason after `--`, as in `<!-- ibid-ignore-next-line unresolved, duplicate -- why -->`
    5:1 unresolved
    ");
}

#[test]
fn the_most_specific_directive_is_credited() {
    // A line directive before a range before the file; among line
    // directives, the first.
    let text = "<!-- ibid-ignore-file unresolved -->\n<!-- ibid-ignore unresolved -->\n<!-- ibid-ignore-next-line unresolved -->\n{unresolved} <!-- ibid-ignore-line unresolved -->\n{unresolved}\n<!-- ibid-enable -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @"
    4:36 unused-suppression `unresolved`: `ibid-ignore-line unresolved` suppresses nothing: no `unresolved` finding starts on line 4
        help: remove the comment
    ");
}

#[test]
fn blanket_directives_do_not_hide_unused_suppressions() {
    let text = "<!-- ibid-ignore-file -->\n<!-- ibid-ignore-next-line orphaned -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @r"
    2:28 unused-suppression `orphaned`: `ibid-ignore-next-line orphaned` suppresses nothing: no `orphaned` finding starts on line 3
        help: remove the comment
    ");
}

#[test]
fn unused_suppression_is_suppressed_only_by_name() {
    let text = "<!-- ibid-ignore-file unused-suppression -->\n<!-- ibid-ignore-next-line orphaned, bogus -->\n{unresolved}\n";
    insta::assert_snapshot!(check(text), @"3:1 unresolved");
    // One that is not needed is reported, and cannot be suppressed.
    let text = "<!-- ibid-ignore-file unused-suppression -->\n<!-- ibid-ignore-line unused-suppression -->\n";
    insta::assert_snapshot!(check(text), @r"
    1:23 unused-suppression `unused-suppression`: `ibid-ignore-file unused-suppression` suppresses nothing: no `unused-suppression` finding in this file
        help: remove the comment
    2:23 unused-suppression `unused-suppression`: `ibid-ignore-line unused-suppression` suppresses nothing: no `unused-suppression` finding starts on line 2
        help: remove the comment
    ");
}

#[test]
fn crlf_is_one_line_end() {
    let text = "<!-- ibid-ignore-next-line unresolved -->\n\n{unresolved} {duplicate}\n<!-- ibid-ignore-line\n orphaned -->\n{unresolved} <!-- ibid-ignore-line duplicate -->{duplicate}\n<!-- ibid-ignore-next-line -->";
    let lf = check(text);
    insta::assert_snapshot!(lf, @r"
    3:14 duplicate
    5:2 unused-suppression `orphaned`: `ibid-ignore-line orphaned` suppresses nothing: no `orphaned` finding starts on lines 4–5
        help: remove the comment
    6:1 unresolved
    7:1 unused-suppression `<!-- ibid-ignore-next-line -->`: `ibid-ignore-next-line` suppresses nothing: no line follows the comment
        help: remove the comment
    ");
    assert_eq!(check(&text.replace('\n', "\r\n")), lf);
}

#[test]
fn comments_out_of_order_or_bounds_are_harmless() {
    let text =
        "{unresolved}\n<!-- ibid-ignore-line -->\n<!-- ibid-ignore-next-line -->\n{duplicate}\n";
    let mut spans = comments(text);
    spans.reverse();
    spans.push(comment(text.len(), text.len() + 10));
    spans.push(Comment {
        span: Span::new(30, 2),
        body: Span::new(30, 2),
    });
    let left: Vec<&str> = apply(text, &spans, findings(text))
        .iter()
        .map(|d| d.code)
        .collect();
    assert_eq!(left, ["unresolved", CODE]);
}

#[test]
fn through_the_markdown_dialect() {
    let text = "Cited[^x] and[^y].\n<!-- ibid-ignore-next-line unresolved -->\nAgain[^x]\n\n```\n<!-- ibid-ignore-file -->\n```\n\n[^z]: Unused. <!-- ibid-ignore-line orphaned -->\n\n<!-- ibid-ignore-next-line -->\n";
    let doc = crate::dialect::markdown::parse(text);
    let graph = crate::graph::RefGraph::build(text, &doc, crate::dialect::markdown::NOTATION);
    let index = LineIndex::new(text);
    let left: Vec<String> = apply(text, &doc.comments, crate::rules::run_file(0, &graph, None))
        .iter()
        .map(|d| format!("{} {}", index.line_col(text, d.span.start).line, d.code))
        .collect();
    insta::assert_debug_snapshot!(left, @r#"
    [
        "1 unresolved",
        "1 unresolved",
        "11 unused-suppression",
    ]
    "#);
}

/// Pieces of documents with directives, to assemble at random.
const PIECES: &[&str] = &[
    "<!--",
    "-->",
    " ibid-ignore-next-line",
    " ibid-ignore-line",
    " ibid-ignore-file",
    " ibid-ignore",
    " ibid-enable",
    " ibid-",
    " unresolved",
    " duplicate",
    " unused-suppression",
    " bogus",
    ",",
    ":",
    ";",
    " -- ",
    "\n",
    "\r\n",
    "\n\n",
    " ",
    "{unresolved}",
    "{duplicate}",
    "é",
    "😄",
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_spans_are_sound(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
    ) {
        let text: String = pieces.concat();
        let before = findings(&text).len();
        let out = apply(&text, &comments(&text), findings(&text));
        let kept = out.iter().filter(|d| d.code != CODE).count();
        prop_assert!(kept <= before);
        for d in &out {
            let spans = std::iter::once(d.span).chain(d.related.iter().map(|r| r.span));
            for s in spans {
                prop_assert!(s.start <= s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            }
        }
    }
}
