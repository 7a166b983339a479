//! Project detection as a user meets it: each kind, each way of writing a
//! bibliography, and the things that must not count.

use std::collections::HashMap;

use proptest::prelude::*;

use super::*;

const DIR: &str = "/book";

/// Detect the project in a folder holding `files` (name, text).
fn detect_in(files: &[(&str, &str)]) -> Option<ProjectConfig> {
    let files: HashMap<PathBuf, String> = files
        .iter()
        .map(|(name, text)| (Path::new(DIR).join(name), (*text).to_owned()))
        .collect();
    let config = detect(Path::new(DIR), &mut |path| {
        assert!(path.starts_with(DIR), "read outside the folder: {path:?}");
        files.get(path).cloned()
    });
    if let Some(config) = &config {
        for named in config
            .bibliographies
            .iter()
            .chain(config.members.iter().flatten())
        {
            assert_sound(&files, named);
        }
    }
    config
}

/// The span is inside its file, on char boundaries, and covers the path as
/// written (or, for a value written with escapes or over several lines,
/// what is written of it).
fn assert_sound(files: &HashMap<PathBuf, String>, named: &Named) {
    let text = files
        .get(&named.file)
        .unwrap_or_else(|| panic!("{:?} is not a file read", named.file));
    let written = text
        .get(named.span.start..named.span.end)
        .unwrap_or_else(|| panic!("span {:?} out of {:?}", named.span, named.file));
    let transformed = written.contains(['\\', '\n', '\r'])
        || written.contains("''")
        || named.path.contains(['\n', '\r'])
        || (named.path.starts_with(written) && named.path.len() > written.len());
    assert!(
        written == named.path || transformed,
        "span text {written:?} for path {:?}",
        named.path
    );
}

/// The paths, as written.
fn paths(named: &[Named]) -> Vec<&str> {
    named.iter().map(|n| n.path.as_str()).collect()
}

fn bibs(config: &ProjectConfig) -> Vec<&str> {
    paths(&config.bibliographies)
}

fn at(file: &str) -> PathBuf {
    Path::new(DIR).join(file)
}

// Quarto ---------------------------------------------------------------

#[test]
fn quarto_top_level_string() {
    let c = detect_in(&[(
        "_quarto.yml",
        "project:\n  type: book\nbibliography: references.bib\n",
    )])
    .unwrap();
    assert_eq!(c.kind, Kind::Quarto);
    assert_eq!(c.kind.name(), "Quarto project");
    assert_eq!(c.marker, at("_quarto.yml"));
    assert_eq!(bibs(&c), ["references.bib"]);
    assert_eq!(c.bibliographies[0].file, at("_quarto.yml"));
    assert_eq!(c.bibliographies[0].span, Span::new(36, 50));
    assert_eq!(c.members, None);
    assert_eq!(c.subdirs, Subdirs::Off);
    assert!(!c.incomplete);
}

#[test]
fn quarto_lists_block_and_flow_with_quotes() {
    let text = "bibliography:\n  - a.bib\n  - 'b c.bib'   # a comment\n  - \"d.bib\"\n";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert_eq!(bibs(&c), ["a.bib", "b c.bib", "d.bib"]);
    let spans: Vec<&str> = c.bibliographies.iter().map(|n| n.span.of(text)).collect();
    assert_eq!(spans, ["a.bib", "b c.bib", "d.bib"]);

    let text = "bibliography: [a.bib, 'b.bib', \"c.bib\",]\n";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert_eq!(bibs(&c), ["a.bib", "b.bib", "c.bib"]);
}

#[test]
fn quarto_yaml_extension_and_yml_first() {
    let c = detect_in(&[("_quarto.yaml", "bibliography: a.bib\n")]).unwrap();
    assert_eq!(c.marker, at("_quarto.yaml"));
    assert_eq!(c.bibliographies[0].file, at("_quarto.yaml"));
    let c = detect_in(&[
        ("_quarto.yaml", "bibliography: a.bib\n"),
        ("_quarto.yml", "bibliography: b.bib\n"),
    ])
    .unwrap();
    assert_eq!(c.marker, at("_quarto.yml"));
    assert_eq!(bibs(&c), ["b.bib"]);
}

#[test]
fn non_ascii_before_the_value_keeps_byte_spans() {
    let text = "title: «Ça déménage» 😄 — 日本語\nauthor: Zoë\nbibliography: [ünïcode.bib, 'ß/日本.bib']\n";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert_eq!(bibs(&c), ["ünïcode.bib", "ß/日本.bib"]);
    for n in &c.bibliographies {
        assert_eq!(&text[n.span.start..n.span.end], n.path);
    }
    // And in an index.Rmd front matter, after a BOM and before a body.
    let index = "\u{feff}---\ntitle: \"Ünïcode\"\nsite: bookdown::bookdown_site\nbibliography: \"é.bib\"\n---\n\n# Préface\n";
    let c = detect_in(&[("index.Rmd", index)]).unwrap();
    assert_eq!(bibs(&c), ["é.bib"]);
    assert_eq!(c.bibliographies[0].span.of(index), "é.bib");
}

#[test]
fn nested_bibliography_keys_do_not_count() {
    let text = "\
book:
  title: A book
  bibliography: book.bib
website:
  sidebar:
    bibliography: side.bib
metadata:
  - bibliography: list.bib
project:
  bibliography: project.bib
";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert!(bibs(&c).is_empty());
    assert!(!c.incomplete);

    let c = detect_in(&[(
        "myst.yml",
        "version: 1\nbibliography: top.bib\nsite:\n  bibliography: s.bib\n",
    )])
    .unwrap();
    assert_eq!(c.kind, Kind::Myst);
    assert!(bibs(&c).is_empty());
}

#[test]
fn quarto_format_bibliographies_follow_the_top_level_ones() {
    let text = "\
bibliography: main.bib
format:
  html:
    bibliography: [main.bib, web.bib]
  pdf:
    bibliography: print.bib
  docx: default
";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert_eq!(bibs(&c), ["main.bib", "web.bib", "print.bib"]);
}

#[test]
fn malformed_yaml_yields_no_bibliographies() {
    for text in [
        "bibliography: [a.bib\n",
        "bibliography: 'a.bib\n",
        "a: b: c\nbibliography: a.bib\n",
        "bibliography: \"a.bib\n",
        "- a\nbibliography: a.bib\n",
        "bibliography: a.bib\n bad: indent\n",
    ] {
        let c = detect_in(&[("_quarto.yml", text)]).unwrap();
        assert_eq!(c.kind, Kind::Quarto, "{text:?}");
        assert!(bibs(&c).is_empty(), "{text:?}");
        assert!(c.incomplete, "{text:?}");
    }
}

#[test]
fn values_that_are_not_strings() {
    for (text, want, incomplete) in [
        ("bibliography:\n", vec![], false),
        ("bibliography: ~\n", vec![], false),
        ("bibliography: null\n", vec![], false),
        ("bibliography: ''\n", vec![], false),
        ("bibliography: []\n", vec![], false),
        ("bibliography: 'null'\n", vec!["null"], false),
        ("bibliography: !!str a.bib\n", vec!["a.bib"], false),
        ("bibliography: !expr paste0('a', '.bib')\n", vec![], true),
        ("x: &r a.bib\nbibliography: *r\n", vec![], true),
        ("bibliography: [a.bib, [b.bib]]\n", vec!["a.bib"], true),
        ("bibliography: {file: a.bib}\n", vec![], true),
        (
            "bibliography: a.bib\nbibliography: b.bib\n",
            vec!["b.bib"],
            false,
        ),
    ] {
        let c = detect_in(&[("_quarto.yml", text)]).unwrap();
        assert_eq!(bibs(&c), want, "{text:?}");
        assert_eq!(c.incomplete, incomplete, "{text:?}");
    }
}

#[test]
fn escaped_and_folded_values_are_decoded() {
    let text =
        "bibliography:\n  - \"say \\\"hi\\\".bib\"\n  - 'it''s.bib'\n  - >-\n    folded.bib\n";
    let c = detect_in(&[("_quarto.yml", text)]).unwrap();
    assert_eq!(bibs(&c), ["say \"hi\".bib", "it's.bib", "folded.bib"]);
    let written: Vec<&str> = c.bibliographies.iter().map(|n| n.span.of(text)).collect();
    assert_eq!(written, ["say \\\"hi\\\".bib", "it''s.bib", "folded.bib"]);
}

#[test]
fn empty_and_comment_only_configurations() {
    let c = detect_in(&[("_quarto.yml", "")]).unwrap();
    assert_eq!(c.kind, Kind::Quarto);
    assert!(bibs(&c).is_empty() && !c.incomplete);
    let c = detect_in(&[("_quarto.yml", "# nothing yet\n")]).unwrap();
    assert!(bibs(&c).is_empty() && !c.incomplete);
    // A YAML scalar or list at the top: nothing to read, nothing hidden.
    let c = detect_in(&[("_quarto.yml", "- bibliography: a.bib\n")]).unwrap();
    assert!(bibs(&c).is_empty());
}

#[test]
fn deep_nesting_neither_overflows_nor_counts() {
    let deep = format!(
        "bibliography: {}a.bib{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let c = detect_in(&[("_quarto.yml", &deep)]).unwrap();
    assert!(bibs(&c).is_empty());
    let mut blocks = String::new();
    for level in 0..2_000 {
        blocks.push_str(&" ".repeat(level));
        blocks.push_str("k:\n");
    }
    let mut deeper = blocks.clone();
    deeper.push_str(&" ".repeat(2_000));
    deeper.push_str("bibliography: deep.bib\n");
    let c = detect_in(&[("_quarto.yml", &deeper)]).unwrap();
    assert!(bibs(&c).is_empty());
    // Back at the top level after all that: it counts.
    blocks.push_str("bibliography: a.bib\n");
    let c = detect_in(&[("_quarto.yml", &blocks)]).unwrap();
    assert_eq!(bibs(&c), ["a.bib"]);
}

// bookdown -------------------------------------------------------------

const INDEX: &str = "---
title: \"A Minimal Book Example\"
site: bookdown::bookdown_site
documentclass: book
bibliography: [book.bib, packages.bib]
---

# Preface {-}
";

#[test]
fn bookdown_by_site_in_index_front_matter() {
    let c = detect_in(&[("index.Rmd", INDEX), ("01-intro.Rmd", "# Intro\n")]).unwrap();
    assert_eq!(c.kind, Kind::Bookdown);
    assert_eq!(c.kind.name(), "bookdown book");
    assert_eq!(c.marker, at("index.Rmd"));
    assert_eq!(bibs(&c), ["book.bib", "packages.bib"]);
    assert_eq!(c.bibliographies[0].file, at("index.Rmd"));
    assert_eq!(c.bibliographies[0].span.of(INDEX), "book.bib");
    assert_eq!(c.members, None);

    let quoted = INDEX.replace(
        "site: bookdown::bookdown_site",
        "site: \"bookdown::bookdown_site\"",
    );
    let c = detect_in(&[("index.Rmd", &quoted)]).unwrap();
    assert_eq!(c.kind, Kind::Bookdown);
    let crlf = INDEX.replace('\n', "\r\n");
    let c = detect_in(&[("index.Rmd", &crlf)]).unwrap();
    assert_eq!(bibs(&c), ["book.bib", "packages.bib"]);
}

#[test]
fn front_matter_ends_at_dots_and_needs_a_close() {
    let dots =
        "---\nsite: bookdown::bookdown_site\nbibliography: a.bib\n...\nbibliography: b.bib\n";
    let c = detect_in(&[("index.Rmd", dots)]).unwrap();
    assert_eq!(bibs(&c), ["a.bib"]);
    let open = "---\nsite: bookdown::bookdown_site\nbibliography: a.bib\n";
    assert_eq!(detect_in(&[("index.Rmd", open)]), None);
    let late = "# Title\n---\nsite: bookdown::bookdown_site\n---\n";
    assert_eq!(detect_in(&[("index.Rmd", late)]), None);
    let nested = "---\noutput:\n  site: bookdown::bookdown_site\n---\n";
    assert_eq!(detect_in(&[("index.Rmd", nested)]), None);
}

#[test]
fn an_r_markdown_website_is_not_a_project() {
    let site = INDEX.replace("bookdown::bookdown_site", "rmarkdown::render_site");
    assert_eq!(
        detect_in(&[("index.Rmd", &site), ("about.Rmd", "# About\n")]),
        None
    );
    let plain = "---\ntitle: Notes\nbibliography: a.bib\n---\n";
    assert_eq!(detect_in(&[("index.Rmd", plain)]), None);
}

#[test]
fn bookdown_by_bookdown_yml_alone() {
    let c = detect_in(&[("_bookdown.yml", "book_filename: mybook\n")]).unwrap();
    assert_eq!(c.kind, Kind::Bookdown);
    assert_eq!(c.marker, at("_bookdown.yml"));
    assert!(bibs(&c).is_empty());
    assert_eq!(c.members, None);

    // With an index.Rmd that does not name the site generator.
    let index = "---\ntitle: T\nbibliography: refs.bib\n---\n";
    let c = detect_in(&[("_bookdown.yml", ""), ("index.Rmd", index)]).unwrap();
    assert_eq!(c.marker, at("_bookdown.yml"));
    assert_eq!(bibs(&c), ["refs.bib"]);
    assert_eq!(c.bibliographies[0].file, at("index.Rmd"));

    // A malformed front matter: still a book, its bibliographies unknown.
    let broken = "---\nbibliography: [a.bib\n---\n";
    let c = detect_in(&[("_bookdown.yml", ""), ("index.Rmd", broken)]).unwrap();
    assert!(bibs(&c).is_empty() && c.incomplete);
}

#[test]
fn rmd_files_as_a_list() {
    let yml = "rmd_files: [\"01-intro.Rmd\", ./02-method.Rmd, index.Rmd, _draft.Rmd, 01-intro.Rmd, parts/_skip.Rmd, parts/03.Rmd]\n";
    let c = detect_in(&[("_bookdown.yml", yml)]).unwrap();
    let members = c.members.as_deref().unwrap();
    assert_eq!(
        paths(members),
        ["index.Rmd", "01-intro.Rmd", "02-method.Rmd", "parts/03.Rmd"]
    );
    assert!(members.iter().all(|m| m.file == at("_bookdown.yml")));
    assert_eq!(members[2].span.of(yml), "02-method.Rmd");

    let block = "rmd_files:\n  - a.Rmd\n  - b.Rmd\n";
    let c = detect_in(&[("_bookdown.yml", block)]).unwrap();
    assert_eq!(paths(c.members.as_deref().unwrap()), ["a.Rmd", "b.Rmd"]);

    let single = "rmd_files: only.Rmd\n";
    let c = detect_in(&[("_bookdown.yml", single)]).unwrap();
    assert_eq!(paths(c.members.as_deref().unwrap()), ["only.Rmd"]);

    // An empty list is as good as none: bookdown takes the default.
    let c = detect_in(&[("_bookdown.yml", "rmd_files: []\n")]).unwrap();
    assert_eq!(c.members, None);
}

#[test]
fn rmd_files_as_a_map_of_formats() {
    let yml = "\
rmd_files:
  latex: [\"index.Rmd\", \"abstract.Rmd\", \"intro.Rmd\"]
  html:
    - index.Rmd
    - intro.Rmd
    - web-only.Rmd
  epub: epub.Rmd
";
    let c = detect_in(&[("_bookdown.yml", yml)]).unwrap();
    assert_eq!(
        paths(c.members.as_deref().unwrap()),
        [
            "index.Rmd",
            "intro.Rmd",
            "web-only.Rmd",
            "abstract.Rmd",
            "epub.Rmd"
        ]
    );
}

#[test]
fn rmd_subdir() {
    for (yml, want) in [
        ("rmd_subdir: true\n", Subdirs::All),
        ("rmd_subdir: yes\n", Subdirs::All),
        ("rmd_subdir: false\n", Subdirs::Off),
        ("book_filename: b\n", Subdirs::Off),
    ] {
        let c = detect_in(&[("_bookdown.yml", yml)]).unwrap();
        assert_eq!(c.subdirs, want, "{yml:?}");
    }
    let yml = "rmd_subdir: [\"chapters\", appendix]\nrmd_files: [index.Rmd]\n";
    let c = detect_in(&[("_bookdown.yml", yml)]).unwrap();
    let Subdirs::Listed(dirs) = &c.subdirs else {
        panic!("{:?}", c.subdirs)
    };
    assert_eq!(paths(dirs), ["chapters", "appendix"]);
    assert_eq!(paths(c.members.as_deref().unwrap()), ["index.Rmd"]);
}

// Jupyter Book and MyST ------------------------------------------------

#[test]
fn jupyter_book_needs_config_and_toc() {
    let config = "title: My book\n# Add a bibtex file\nbibtex_bibfiles:\n  - references.bib\n  - more.bib\nsphinx:\n  config:\n    bibtex_bibfiles: [nested.bib]\n";
    let c = detect_in(&[
        ("_config.yml", config),
        ("_toc.yml", "format: jb-book\nroot: intro\n"),
    ])
    .unwrap();
    assert_eq!(c.kind, Kind::JupyterBook);
    assert_eq!(c.kind.name(), "Jupyter Book");
    assert_eq!(c.marker, at("_config.yml"));
    assert_eq!(bibs(&c), ["references.bib", "more.bib"]);

    let single = "bibtex_bibfiles: \"references.bib\"\n";
    let c = detect_in(&[("_config.yml", single), ("_toc.yml", "")]).unwrap();
    assert_eq!(bibs(&c), ["references.bib"]);

    // A Jekyll site's _config.yml is no Jupyter Book.
    assert_eq!(detect_in(&[("_config.yml", config)]), None);
    assert_eq!(detect_in(&[("_toc.yml", "root: intro\n")]), None);
}

#[test]
fn myst_project_bibliography() {
    let text = "version: 1\nproject:\n  title: T\n  bibliography:\n    - refs.bib\n    - https://example.com/remote.bib\nsite:\n  template: book-theme\n";
    let c = detect_in(&[("myst.yml", text)]).unwrap();
    assert_eq!(c.kind, Kind::Myst);
    assert_eq!(c.kind.name(), "MyST project");
    assert_eq!(bibs(&c), ["refs.bib", "https://example.com/remote.bib"]);
    assert!(!c.bibliographies[0].is_url());
    assert!(c.bibliographies[1].is_url());

    let c = detect_in(&[("myst.yml", "project:\n  bibliography: refs.bib\n")]).unwrap();
    assert_eq!(bibs(&c), ["refs.bib"]);
}

// Sphinx ---------------------------------------------------------------

fn sphinx(conf: &str) -> ProjectConfig {
    let c = detect_in(&[("conf.py", conf)]).unwrap();
    assert_eq!(c.kind, Kind::Sphinx);
    c
}

#[test]
fn sphinx_literal_list() {
    let conf =
        "extensions = ['sphinxcontrib.bibtex']\nbibtex_bibfiles = ['refs.bib', \"more.bib\"]\n";
    let c = sphinx(conf);
    assert_eq!(c.kind.name(), "Sphinx project");
    assert_eq!(c.marker, at("conf.py"));
    assert_eq!(bibs(&c), ["refs.bib", "more.bib"]);
    assert_eq!(c.bibliographies[1].span.of(conf), "more.bib");
    assert!(!c.incomplete);
    let s = c.sphinx.expect("what conf.py says");
    assert_eq!(s.extensions, ["sphinxcontrib.bibtex"]);
}

// Priority and absence -------------------------------------------------

#[test]
fn markers_take_priority_in_order() {
    let quarto = ("_quarto.yml", "bibliography: q.bib\n");
    let bookdown = ("_bookdown.yml", "");
    let config = ("_config.yml", "bibtex_bibfiles: [j.bib]\n");
    let toc = ("_toc.yml", "root: intro\n");
    let myst = ("myst.yml", "project:\n  bibliography: m.bib\n");
    let conf = ("conf.py", "bibtex_bibfiles = ['s.bib']\n");
    let all = [quarto, bookdown, config, toc, myst, conf];
    let kinds = [
        Kind::Quarto,
        Kind::Bookdown,
        Kind::JupyterBook,
        Kind::Myst,
        Kind::Sphinx,
    ];
    // Drop the markers one by one from the front.
    let rests: [&[(&str, &str)]; 5] = [&all, &all[1..], &all[2..], &all[4..], &all[5..]];
    for (files, kind) in rests.iter().zip(kinds) {
        let c = detect_in(files).unwrap();
        assert_eq!(c.kind, kind);
        assert_eq!(c.sphinx.is_some(), kind == Kind::Sphinx);
    }
    // An index.Rmd naming the bookdown site outranks a Jupyter Book.
    let index = ("index.Rmd", INDEX);
    assert_eq!(
        detect_in(&[config, toc, index]).unwrap().kind,
        Kind::Bookdown
    );
}

#[test]
fn a_plain_folder_is_no_project() {
    assert_eq!(detect_in(&[]), None);
    assert_eq!(
        detect_in(&[("README.md", "# Hi\n"), ("refs.bib", "")]),
        None
    );
}

#[test]
fn is_url() {
    let named = |path: &str| Named {
        file: PathBuf::new(),
        path: path.to_owned(),
        span: Span::default(),
    };
    assert!(named("HTTPS://x/y.bib").is_url());
    assert!(named("http://x").is_url());
    assert!(!named("https.bib").is_url());
    assert!(!named("é").is_url());
}

// Properties -----------------------------------------------------------

const PIECES: &[&str] = &[
    "bibliography: ",
    "bibtex_bibfiles",
    "bibtex_bibfiles: ",
    "project:\n  ",
    "format:\n  html:\n    ",
    "rmd_files: ",
    "rmd_subdir: ",
    "site: bookdown::bookdown_site\n",
    "html: ",
    "---\n",
    "...\n",
    "\n",
    "\r\n",
    "  ",
    "\t",
    "- ",
    "a.bib",
    "./x.Rmd",
    "_y.Rmd",
    "index.Rmd",
    "é",
    "😄",
    "日本",
    "[",
    "]",
    "{",
    "}",
    "(",
    ")",
    ",",
    ":",
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "''",
    "\\",
    "\\\"",
    "\\x",
    "\\N{",
    "#",
    "&a ",
    "*a",
    "!expr ",
    "!!str ",
    "? ",
    "|",
    ">-",
    " = ",
    "+=",
    ";",
    "r",
    "b",
    "f",
    "import *",
    "if x:",
    "~",
    "\u{feff}",
];

/// Every configuration file, each holding `text`.
fn every_file(text: &str) -> Vec<Vec<(&'static str, String)>> {
    let with = |name: &'static str| vec![(name, text.to_owned())];
    vec![
        with("_quarto.yml"),
        with("_bookdown.yml"),
        with("index.Rmd"),
        vec![
            ("_bookdown.yml", String::new()),
            ("index.Rmd", text.to_owned()),
        ],
        vec![
            ("_config.yml", text.to_owned()),
            ("_toc.yml", String::new()),
        ],
        with("myst.yml"),
        with("conf.py"),
    ]
}

fn check_everywhere(text: &str) {
    for files in every_file(text) {
        let files: Vec<(&str, &str)> = files.iter().map(|(n, t)| (*n, t.as_str())).collect();
        // detect_in checks every span against its file.
        if let Some(c) = detect_in(&files) {
            if let Subdirs::Listed(dirs) = &c.subdirs {
                let map = files
                    .iter()
                    .map(|(n, t)| (at(n), (*t).to_owned()))
                    .collect();
                for d in dirs {
                    assert_sound(&map, d);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn never_panics_and_spans_are_sound(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
    ) {
        check_everywhere(&pieces.concat());
    }

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,200}") {
        check_everywhere(&text);
    }
}
