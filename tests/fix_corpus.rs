//! `ibid fix` on real documents of the shared corpus (read in place, never
//! copied): every RFC and Internet-Draft with numbered references, fixed
//! with `[fix] reference-lists = true`, and the seed article. What must
//! hold for each: every marker still names the same text after the fix;
//! no number is skipped; nothing new is unresolved, orphaned or
//! duplicated; the prose outside the markers is unchanged; a second fix
//! changes nothing. The seed article is unchanged by `fix_text` and by
//! `ibid fix` (and `--check` exits 0 on it). Gated by `support/corpus_gate.rs`.

#[path = "support/corpus_gate.rs"]
mod corpus_gate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use ibid::internals::graph::RefGraph;
use ibid::internals::model::{Document, RefKind};
use ibid::{check_text, fix_text, Dialect, FixOptions};

fn plain() -> &'static Dialect {
    ibid::DIALECTS.iter().find(|d| d.id == "plain").unwrap()
}

fn parse(text: &str) -> Document {
    (plain().parse)(text, &Default::default(), &Default::default())
}

/// The text each note marker names, in reading order.
fn named_bodies(text: &str) -> Vec<String> {
    let doc = parse(text);
    let graph = RefGraph::build(text, &doc, plain().notation);
    graph
        .markers()
        .filter(|(_, m)| m.kind == RefKind::Note)
        .map(|(i, _)| {
            graph
                .targets(i)
                .next()
                .map_or_else(String::new, |d| doc.definitions[d].body.of(text).to_owned())
        })
        .collect()
}

/// The text with every marker and every definition's label taken out (the
/// numbers that a fix may rewrite) and the notes blocks left out (whose
/// entries a fix may move).
fn prose(text: &str) -> String {
    let doc = parse(text);
    let mut cuts: Vec<(usize, usize)> = doc
        .markers
        .iter()
        .map(|m| (m.span.start, m.span.end))
        .collect();
    cuts.extend(doc.blocks.iter().map(|b| (b.span.start, b.span.end)));
    cuts.sort_unstable();
    let mut out = String::new();
    let mut at = 0;
    for (start, end) in cuts {
        if start >= at {
            out.push_str(&text[at..start]);
        }
        at = at.max(end);
    }
    out.push_str(&text[at..]);
    out
}

fn counts(text: &str) -> [usize; 4] {
    let found = check_text(text, plain()).diagnostics;
    let n = |code: &str| found.iter().filter(|d| d.code == code).count();
    [
        n("unresolved"),
        n("orphaned"),
        n("duplicate"),
        n("numbering-gap"),
    ]
}

fn texts(folder: &str) -> Vec<PathBuf> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(corpus_gate::dir().join(folder))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
}

fn read(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    String::from_utf8(
        bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&bytes)
            .to_vec(),
    )
    .unwrap()
}

fn rfcs_keep_every_marker_on_its_entry() {
    let options = FixOptions::default().reference_lists(true);
    let mut changed = 0;
    let mut markers = 0;
    for path in texts("rfc") {
        let text = read(&path);
        let fixed = fix_text(&text, plain(), &options);
        let name = path.file_name().unwrap().to_string_lossy();
        let before = named_bodies(&text);
        assert_eq!(
            before,
            named_bodies(&fixed.text),
            "{name}: a marker names other text"
        );
        assert_eq!(
            prose(&text),
            prose(&fixed.text),
            "{name}: text outside the notes changed"
        );
        let (old, new) = (counts(&text), counts(&fixed.text));
        assert_eq!(new[3], 0, "{name}: numbers skipped after the fix");
        assert!(new[..3] <= old[..3], "{name}: {old:?} → {new:?}");
        let again = fix_text(&fixed.text, plain(), &options);
        assert_eq!(again.text, fixed.text, "{name}: a second fix changed it");
        assert!(again.fixes.is_empty(), "{name}");
        changed += usize::from(fixed.changed());
        markers += before.len();
    }
    println!("{changed} RFC texts renumbered, {markers} markers kept on their entries");
    assert!(changed >= 30, "only {changed} texts renumbered");
}

fn rfcs_keep_reference_lists_by_default() {
    for path in texts("rfc") {
        let text = read(&path);
        let fixed = fix_text(&text, plain(), &FixOptions::default());
        assert_eq!(fixed.text, text, "{}", path.display());
    }
}

fn seed_article_is_unchanged() {
    let path = corpus_gate::dir().join("plain/000_e58b41eb57d83211.txt");
    let text = read(&path);
    let fixed = fix_text(&text, plain(), &FixOptions::default().unsafe_fixes(true));
    assert_eq!(fixed.text, text);
    assert!(
        fixed.fixes.is_empty() && fixed.left_alone.is_empty(),
        "{fixed:?}"
    );
}

fn main() -> ExitCode {
    corpus_gate::run(vec![
        (
            "rfcs_keep_every_marker_on_its_entry",
            rfcs_keep_every_marker_on_its_entry,
        ),
        (
            "rfcs_keep_reference_lists_by_default",
            rfcs_keep_reference_lists_by_default,
        ),
        ("seed_article_is_unchanged", seed_article_is_unchanged),
    ])
}
