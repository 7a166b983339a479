//! The include-document path of the multi-file stage, through a dialect
//! made for the test (no shipped dialect includes files yet): files it
//! names are read once, cycles are reported once and never loop, a
//! missing include is `missing-file` where it is named, and an included
//! file is read as context, reported only when it is checked itself.

use std::path::{Path, PathBuf};

use crate::dialect::{Dialect, Units};
use crate::model::{Document, DocumentBuilder, Link, LinkKind, Span, BRACKET};
use crate::outcome::{FailureKind, Input, Options};

/// `include PATH` lines are includes.
fn parse(text: &str) -> Document {
    let mut b = DocumentBuilder::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(path) = line.trim_end().strip_prefix("include ") {
            let start = at + "include ".len();
            b.link(Link::new(
                LinkKind::Include,
                path,
                Span::new(start, start + path.len()),
            ));
        }
        at += line.len();
    }
    b.build(text)
}

static INCLUDING: Dialect = Dialect {
    id: "including",
    extensions: &["inc"],
    sniff: |_| false,
    parse: |text, _, _| parse(text),
    notation: BRACKET,
    units: Units::IncludeDocument,
    declared_encoding: |_| None,
    manifests: &[],
};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("ibid-units-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::create_dir_all(dir.join("chapters")).unwrap();
    dir
}

#[test]
fn includes_are_read_once_cycles_reported_once_missing_files_found() {
    let dir = scratch("includes");
    let write = |p: &str, t: &str| std::fs::write(dir.join(p), t).unwrap();
    write(
        "main.inc",
        "include chapters/one.inc\ninclude chapters/two.inc\ninclude chapters/gone.inc\n",
    );
    // one and two include each other (paths relative to the including
    // file); two includes one twice.
    write("chapters/one.inc", "include two.inc\n");
    write(
        "chapters/two.inc",
        "include one.inc\ninclude one.inc\ninclude ../../outside.inc\n",
    );
    let options = Options {
        dialect: Some(&INCLUDING),
        ..Options::default()
    };
    let main = dir.join("main.inc");
    let report = super::super::check_inputs(vec![Input::Path(main.clone())], &options);

    let shown = |p: &Path| p.to_string_lossy().into_owned();
    // What the named file includes is read, but reported only when it is
    // named itself (DESIGN.md section 1).
    let paths: Vec<&str> = report.files.iter().map(|f| f.path.as_str()).collect();
    let one = shown(&dir.join("chapters/one.inc"));
    let two = shown(&dir.join("chapters/two.inc"));
    assert_eq!(paths, [shown(&main)]);

    let missing: Vec<_> = report.files[0]
        .diagnostics
        .iter()
        .map(|d| (d.code, d.label.as_deref()))
        .collect();
    assert_eq!(missing, [("missing-file", Some("chapters/gone.inc"))]);

    let cycles: Vec<_> = report
        .failures
        .iter()
        .filter(|f| f.kind == FailureKind::IncludeCycle)
        .collect();
    assert_eq!(cycles.len(), 1, "{:?}", report.failures);
    assert!(cycles[0].message.contains(&one) && cycles[0].message.contains(&two));

    let outside: Vec<_> = report
        .failures
        .iter()
        .filter(|f| f.kind == FailureKind::Outside)
        .collect();
    assert_eq!(outside.len(), 1, "{:?}", report.failures);
    assert!(outside[0].path.ends_with("outside.inc"));
}
