//! MediaWiki wikitext end to end (DESIGN.md section 9): a clean page gives
//! nothing, a broken page gives each Cite error and short-citation
//! finding at the line of its construct, suppressions are wikitext
//! comments, every extension is walked, standard input is sniffed, and
//! hostile pages (deep nesting, unclosed tags, a 10 MB line) are read in
//! linear time, built at test time in scratch folders.

#[path = "support/cli.rs"]
mod cli;

use std::path::Path;

use cli::{assert_findings, failures, finding, ibid, ibid_with, line_of, write};

/// A page with one of each finding, each on a line of its own.
const BROKEN: &str = "\
'''Salt marshes''' drain twice a day.<ref name=\"ames\">Ames, ''Salt Marshes'', 2011.</ref>
The tide returns.<ref name=\"ames\">Ames, ''Salt Marshes'', 2011.</ref> (the same again: legal)
Creeks migrate.<ref name=\"ames\">Ames, ''Tidal Creeks'', 2013.</ref> DUPLICATE
Geese graze the shoots.<ref name=\"carver\" /> UNRESOLVED
Mudflats flood.<ref></ref> EMPTY
Dredging began in 1931.{{efn|The first dredge sank.}} MISSING-LIST
Cordgrass spreads.{{sfn|Brook|2014|p=12}} and the marsh rises.{{sfn|Lee|1990}} UNKNOWN
Reused in a list.<ref name=\"dredge\" />

== References ==
<references>
<ref name=\"dredge\" group=\"survey\">Survey of 1932.</ref> MISMATCH
<ref name=\"unused\">Nobody cites this.</ref> ORPHANED
</references>

== Sources ==
* {{cite book |last=Brook |first=Ann |year=2014 |title=Cordgrass}}
* {{cite journal |last=Brook |first=Ann |year=2014 |title=Rhizomes}} TWICE
* {{cite book |last=Dunn |first=Eli |year=2009 |title=Mudflats |ref={{harvid|Dunn|2009}}}} UNUSED
";

#[test]
fn a_clean_page_gives_nothing() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wikitext");
    let run = ibid(&dir, &["check", "--format", "json", "salt-marsh.wiki"]);
    assert_eq!(run.code, 0, "{}", run.both());
    assert_findings(&run, vec![]);
    let json = run.json();
    assert_eq!(json["files"][0]["dialect"], "wikitext");
    assert_eq!(json["files"][0]["citations_checked"], true);
}

#[test]
fn a_broken_page_gives_each_finding_at_its_line() {
    let dir = cli::scratch("wikitext", "broken");
    write(&dir, "page.wiki", BROKEN);
    let run = ibid(&dir, &["check", "--format", "json", "page.wiki"]);
    assert_eq!(run.code, 1, "{}", run.both());
    let at = |needle: &str| line_of(BROKEN, needle);
    assert_findings(
        &run,
        vec![
            finding("duplicate", "page.wiki", at("DUPLICATE"), "ames"),
            finding("unresolved", "page.wiki", at("UNRESOLVED"), "carver"),
            ("empty-note".into(), "page.wiki".into(), at("EMPTY"), None),
            finding(
                "missing-reference-list",
                "page.wiki",
                at("MISSING-LIST"),
                "lower-alpha",
            ),
            finding(
                "unknown-citation",
                "page.wiki",
                at("UNKNOWN"),
                "CITEREFLee1990",
            ),
            finding("group-mismatch", "page.wiki", at("MISMATCH"), "dredge"),
            finding("orphaned", "page.wiki", at("ORPHANED"), "unused"),
            finding(
                "duplicate-entry",
                "page.wiki",
                at("TWICE"),
                "CITEREFBrook2014",
            ),
            finding("unused-entry", "page.wiki", at("UNUSED"), "CITEREFDunn2009"),
        ],
    );
}

#[test]
fn suppressions_are_wikitext_comments() {
    let dir = cli::scratch("wikitext", "suppress");
    write(
        &dir,
        "a.wiki",
        "<!-- ibid-ignore-next-line unresolved -->\nA.<ref name=\"x\" />\n\
         B.<ref name=\"y\" /><!-- ibid-ignore-line -->\n\
         <!-- ibid-ignore-next-line duplicate -->\nPlain text.\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "a.wiki"]);
    assert_findings(
        &run,
        vec![("unused-suppression".into(), "a.wiki".into(), 4, None)],
    );
}

#[test]
fn every_extension_is_walked_and_standard_input_is_sniffed() {
    let dir = cli::scratch("wikitext", "walk");
    for name in ["a.wiki", "b.wikitext", "c.mediawiki"] {
        write(&dir, name, "Text.<ref name=\"gone\" />\n");
    }
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    let found: Vec<String> = cli::findings(&run.json())
        .into_iter()
        .map(|f| format!("{}:{}", f.1, f.0))
        .collect();
    assert_eq!(
        found,
        [
            "a.wiki:unresolved",
            "b.wikitext:unresolved",
            "c.mediawiki:unresolved"
        ]
    );
    let run = ibid_with(
        &dir,
        &["check", "--format", "json", "-"],
        &cli::Input {
            stdin: Some(b"Text.<ref>Source.</ref> More.<ref name=\"x\" />\n\n{{reflist}}\n"),
            ..cli::Input::default()
        },
    );
    let json = run.json();
    assert_eq!(json["files"][0]["dialect"], "wikitext", "{}", run.stdout);
    assert_eq!(cli::findings(&json).len(), 1, "{}", run.stdout);
}

#[test]
fn hostile_pages_are_read_in_linear_time() {
    let dir = cli::scratch("wikitext", "hostile");
    let n = 100_000;
    let end = "\nEnd.<ref name=\"end\" />\n";
    write(
        &dir,
        "refs.wiki",
        &format!("{}x{}{end}", "<ref>".repeat(n), "</ref>".repeat(n)),
    );
    write(
        &dir,
        "templates.wiki",
        &format!("{}x{}{end}", "{{efn|".repeat(n), "}}".repeat(n)),
    );
    write(
        &dir,
        "unclosed.wiki",
        &format!(
            "{}{}{}{end}",
            "{{cite book|".repeat(n),
            "<ref name=\"a\">".repeat(n),
            "<nowiki>[[".repeat(n)
        ),
    );
    let chunk = format!("{}{{{{sfn|A|1}}}} [[x|y]] ", "word ".repeat(200));
    write(
        &dir,
        "long.wiki",
        &format!(
            "{}{end}* {{{{cite book|last=A|year=1}}}}\n",
            chunk.repeat(10_000_000 / chunk.len())
        ),
    );
    write(
        &dir,
        "comment.wiki",
        "Before.<ref name=\"before\" />\n<!-- never closed\nAfter.<ref name=\"after\" />\n",
    );
    let run = ibid(&dir, &["check", "--format", "json", "."]);
    // The unclosed comment is a failure that names its line.
    assert_eq!(run.code, 2, "{}", run.both());
    let json = run.json();
    let messages: Vec<String> = failures(&json)
        .iter()
        .map(|f| format!("{}: {}", f["path"].as_str().unwrap_or(""), f["message"]))
        .collect();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].starts_with("comment.wiki: ") && messages[0].contains("line 2, column 1"),
        "{messages:?}"
    );
    let found: Vec<(String, String, u64)> = cli::findings(&json)
        .into_iter()
        .map(|f| (f.0, f.1, f.2))
        .collect();
    let at = |code: &str, path: &str, line: u64| (code.to_owned(), path.to_owned(), line);
    let mut expected = vec![
        at("unresolved", "comment.wiki", 1),
        at("unresolved", "long.wiki", 2),
        // 100,000 nested efns with no list to show them: one finding, at
        // the first.
        at("missing-reference-list", "templates.wiki", 1),
        at("unresolved", "refs.wiki", 2),
        at("unresolved", "templates.wiki", 2),
        at("unresolved", "unclosed.wiki", 2),
    ];
    expected.sort();
    assert_eq!(found, expected, "{}", run.stdout);
}
