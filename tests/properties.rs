//! Property tests: no input makes ibid panic, every span is in bounds and
//! on char boundaries, and LF and CRLF line ends give the same findings.

use ibid::internals::check_bytes;
use ibid::internals::dialect::plain;
use ibid::internals::model::Span;
use ibid::internals::source::LineIndex;
use ibid::report::{human, json};
use ibid::Report;
use proptest::prelude::*;

/// Pieces that exercise the grammar far more often than random bytes.
const PIECES: &[&str] = &[
    "[",
    "]",
    "[1]",
    "[2]",
    "[3]",
    "[12]",
    "[1, 4]",
    "[3]-[5]",
    "[6–8]",
    "[1979]",
    "[0]",
    "[RFC2119]",
    "[I-D.x-y]",
    "[sic]",
    "[i.e., x]",
    "byte",
    "1",
    "9",
    ",",
    ";",
    ".",
    "-",
    "–",
    " ",
    "  ",
    "\t",
    "\n",
    "\n\n",
    "\u{a0}",
    "\u{c}",
    "é",
    "日本",
    "(",
    ")",
    "(, ",
    "(Image:, ",
    "References",
    "Notes",
    "1. ",
    "2) ",
    "Word",
    "text",
    "[Page 3]",
    "RFC 1 Title June 2020",
    "Request for Comments: 2119\n",
    "see note ",
    "supra ",
    "n. ",
    "nn. ",
    "notes ",
    " above",
    "below, ",
    "Ibid.",
    "_Id._ ",
    "*",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..120).prop_map(|p| p.concat())
}

fn in_bounds(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// A finding by code, label, start and end line/column, and message.
type Finding = (String, Option<String>, usize, usize, usize, usize, String);

/// Findings with positions, independent of byte offsets.
fn findings(text: &str) -> Vec<Finding> {
    let plain = ibid::internals::dialect::by_id("plain").expect("plain dialect");
    let index = LineIndex::new(text);
    ibid::check_text(text, plain)
        .diagnostics
        .into_iter()
        .map(|d| {
            let (start, end) = index.span(text, d.span);
            let label = d.label.map(String::from);
            (
                d.code.to_owned(),
                label,
                start.line,
                start.column,
                end.line,
                end.column,
                d.message,
            )
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn spans_are_in_bounds_and_on_char_boundaries(text in document()) {
        let doc = plain::parse(&text);
        for m in &doc.markers {
            prop_assert!(in_bounds(&text, m.span), "marker {:?}", m);
        }
        for d in &doc.definitions {
            prop_assert!(in_bounds(&text, d.label_span) && in_bounds(&text, d.body), "def {:?}", d);
            prop_assert!(d.label_span.end <= d.body.start || d.body.is_empty());
        }
        for b in &doc.blocks {
            prop_assert!(in_bounds(&text, b.span));
        }
        // The reader's own spans, before the builder holds them to the
        // model's invariants.
        for r in ibid::internals::dialect::note_refs::read(&text, &doc) {
            prop_assert!(in_bounds(&text, r.span), "{:?}", r);
            for t in &r.targets {
                let digits = t.span();
                prop_assert!(in_bounds(&text, t.first.1) && in_bounds(&text, digits), "{:?}", r);
                prop_assert!(r.span.start <= digits.start && digits.end <= r.span.end, "{:?}", r);
                prop_assert!(t.last.is_none_or(|(n, _)| n >= t.first.0), "{:?}", r);
            }
        }
        let plain = ibid::internals::dialect::by_id("plain").expect("plain dialect");
        for d in ibid::check_text(&text, plain).diagnostics {
            prop_assert!(in_bounds(&text, d.span), "{:?}", d);
            for r in &d.related {
                prop_assert!(in_bounds(&text, r.span), "{:?}", d);
            }
        }
    }

    #[test]
    fn reporters_never_panic(text in document()) {
        let file = check_bytes("doc.txt".into(), text.as_bytes(), None);
        let mut report = Report::default();
        report.files.extend(file);
        let out = human::render(&report, human::HumanOptions::default());
        prop_assert!(out.ends_with('\n'));
        let value: serde_json::Value = serde_json::from_str(&json::render(&report)).expect("valid JSON");
        prop_assert_eq!(&value["version"], 1);
    }

    #[test]
    fn crlf_gives_the_same_findings_as_lf(text in document()) {
        let crlf = text.replace('\n', "\r\n");
        prop_assert_eq!(findings(&text), findings(&crlf));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(file) = check_bytes("any.txt".into(), &bytes, None) {
            let mut report = Report::default();
            report.files.push(file);
            let _ = human::render(&report, human::HumanOptions::default());
        }
    }
}

/// Found by `crlf_gives_the_same_findings_as_lf`: a note whose body starts
/// on the line after its label had a span capped from the label, one
/// character shorter with CRLF.
#[test]
fn crlf_note_on_the_next_line() {
    let text = "[1]\n,RFC 1 Title June 2020[(Image:, [[1][[[日本[[[RFC 1 Title June 2020(Image:, ";
    assert_eq!(findings(text), findings(&text.replace('\n', "\r\n")));
}
