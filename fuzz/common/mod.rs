//! Invariants every fuzz target holds a dialect or reader to.

#![allow(dead_code)]

use ibid::internals::model::Span;
use ibid::report::{concise, github, human, json, json_lines, junit, sarif};
use ibid::Report;

/// A span that lies inside `text` and on character boundaries.
pub fn span_ok(text: &str, span: Span) -> bool {
    span.start <= span.end
        && span.end <= text.len()
        && text.is_char_boundary(span.start)
        && text.is_char_boundary(span.end)
}

/// Check one document as a file named `name` (whose extension picks the
/// dialect): every finding's spans in bounds, every reporter's output
/// well-formed and free of raw controls, and a baseline recorded from the
/// report hiding every finding it recorded.
pub fn check_document(name: &str, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for dialect in ibid::DIALECTS {
        for d in ibid::check_text(text, dialect).diagnostics {
            assert!(span_ok(text, d.span), "{d:?}");
            for r in &d.related {
                assert!(span_ok(text, r.span), "{d:?}");
            }
        }
    }
    let Ok(file) = ibid::internals::check_bytes(name.to_owned(), bytes, None) else {
        return;
    };
    let mut report = Report::default();
    report.files.push(file);
    let found: usize = report.files.iter().map(|f| f.diagnostics.len()).sum();
    reporters_round_trip(&report, found);
    let baseline = ibid::baseline::record(&report);
    let reread =
        ibid::baseline::Baseline::from_json(&baseline.to_json()).expect("baseline reads back");
    assert_eq!(reread, baseline);
    let applied = reread.apply(&mut report);
    assert_eq!(applied.matched, found, "a baseline hides what it recorded");
    assert!(report.files.iter().all(|f| f.diagnostics.is_empty()));
}

/// The LaTeX dialect with commands declared as a project would: every
/// span in bounds, whatever the text does to the templates.
pub fn check_latex_commands(bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let config = ibid::config::parse(
        "[latex.commands.\"inc*\"]\nargs = \"s o m\"\ninclude = \"#2/#3\"\nfrom = \"file\"\n\
         [latex.commands.figref]\nargs = \"o m\"\nref = \"{prefix}#1:#2\"\n\
         [latex.commands.pre]\nargs = \"m m\"\nprefix = \"#1:#2:\"\n\
         [latex.commands.lab]\nlabel = \"{prefix}#1\"\n",
        std::path::Path::new("ibid.toml"),
    )
    .expect("the fuzz config parses");
    let doc = ibid::internals::dialect::latex::parse(text, &config.settings().latex);
    assert_doc_spans(text, &doc);
}

/// Every span a dialect made lies inside the text, on char boundaries.
fn assert_doc_spans(text: &str, doc: &ibid::internals::model::Document) {
    for m in &doc.markers {
        assert!(span_ok(text, m.span) && span_ok(text, m.label_span), "{m:?}");
    }
    for d in &doc.definitions {
        assert!(span_ok(text, d.label_span) && span_ok(text, d.body), "{d:?}");
    }
    for l in &doc.links {
        assert!(span_ok(text, l.span), "{l:?}");
    }
    for c in &doc.comments {
        assert!(span_ok(text, c.span) && span_ok(text, c.body), "{c:?}");
    }
}

/// A reStructuredText page of a Sphinx project (intersphinx and
/// autosectionlabel on): every span in bounds, and every graph and rule
/// over it.
pub fn check_rst_in_sphinx(bytes: &[u8]) {
    use ibid::internals::dialect::rst;
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let project = rst::Project {
        docname: "guide/page",
        intersphinx: true,
        intersphinx_unprefixed: false,
        autosectionlabel: Some(rst::AutoSectionLabel {
            prefix_document: true,
            maxdepth: Some(2),
        }),
    };
    let doc = rst::parse(text, Some(&project));
    assert_doc_spans(text, &doc);
    let graph = ibid::internals::graph::RefGraph::build(text, &doc, rst::NOTATION);
    for d in ibid::internals::rules::run_file(0, &graph, None) {
        assert!(span_ok(text, d.span), "{d:?}");
    }
}

/// Every reporter's output parses back (JSON, JSON Lines, SARIF) or is
/// line-shaped (concise, GitHub), and none holds a raw control character.
pub fn reporters_round_trip(report: &Report, found: usize) {
    let json: serde_json::Value = serde_json::from_str(&json::render(report)).expect("JSON");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(found));
    for line in json_lines::render(report).lines() {
        serde_json::from_str::<serde_json::Value>(line).expect("JSON Lines");
    }
    let sarif: serde_json::Value = serde_json::from_str(&sarif::render(report)).expect("SARIF");
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(found)
    );
    let concise = concise::render(report);
    assert_eq!(concise.lines().count(), found + 1 + report.failures.len());
    let github = github::render(report);
    assert_eq!(github.lines().count(), found + report.failures.len());
    let outputs = [
        json::render(report),
        json_lines::render(report),
        sarif::render(report),
        concise,
        github,
        junit::render(report),
        human::render(report, human::HumanOptions::default()),
    ];
    for out in outputs {
        assert!(
            !out.chars()
                .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')),
            "raw control in output"
        );
    }
}

/// A bibliography reader: no panic; every entry's key and span, and every
/// error's place, inside the text and on character boundaries.
pub fn check_bibliography(format: ibid::internals::bib::Format, bytes: &[u8]) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let bib = ibid::internals::bib::parse(format, text);
    for e in &bib.entries {
        assert!(span_ok(text, e.key_span) && span_ok(text, e.span), "{e:?}");
    }
    for e in &bib.errors {
        assert!(span_ok(text, e.span), "{e:?}");
    }
}
