//! A Sphinx `conf.py` as projects write it: each setting in each form,
//! what leaves it unread, which files are documents, and the corpus.

use std::path::Path;

use proptest::prelude::*;

use super::*;

fn sphinx(text: &str) -> Sphinx {
    read(text).sphinx
}

fn suffixes(s: &Sphinx) -> Vec<(&str, SourceParser)> {
    s.source_suffix
        .iter()
        .map(|(suffix, parser)| (suffix.as_str(), *parser))
        .collect()
}

use SourceParser::{Markdown, Other, Rst};

#[test]
fn an_empty_conf_py_gives_sphinx_defaults() {
    let s = Sphinx::default();
    assert_eq!(s.root_doc, "index");
    assert_eq!(suffixes(&s), [(".rst", Rst)]);
    assert!(s.exclude_patterns.is_empty() && s.templates_path.is_empty());
    assert_eq!(s.include_patterns, ["**"]);
    assert!(s.extensions.is_empty() && !s.extensions_incomplete);
    assert_eq!(s.autosectionlabel, None);
    assert!(s.unread.is_empty());
    assert_eq!(s, sphinx("# nothing set\nproject = 'x'\n"));
}

#[test]
fn root_doc_wins_over_master_doc() {
    assert_eq!(sphinx("master_doc = 'contents'\n").root_doc, "contents");
    assert_eq!(sphinx("root_doc = 'start'\n").root_doc, "start");
    for text in [
        "master_doc = 'contents'\nroot_doc = 'start'\n",
        "root_doc = 'start'\nmaster_doc = 'contents'\n",
    ] {
        assert_eq!(sphinx(text).root_doc, "start");
    }
    // Not a literal: unread, and master_doc (root_doc's default) stands.
    let s = sphinx("master_doc = 'contents'\nroot_doc = master_doc\n");
    assert_eq!(s.root_doc, "contents");
    assert_eq!(s.unread, ["root_doc"]);
    assert!(s.is_unread("root_doc") && !s.is_unread("master_doc"));
    // Read where it is used: still known.
    let s = sphinx(
        "master_doc = 'main'\nlatex_documents = [(master_doc, 'm.tex', 'T', 'A', 'manual')]\n",
    );
    assert_eq!((s.root_doc.as_str(), s.unread.len()), ("main", 0));
}

#[test]
fn exclude_patterns_in_every_form() {
    for (text, want) in [
        (
            "exclude_patterns = ['_build', 'Thumbs.db']\n",
            &["_build", "Thumbs.db"][..],
        ),
        ("exclude_patterns = ('_build',)\n", &["_build"]),
        ("exclude_patterns = []\nexclude_patterns += ['a']\n", &["a"]),
        (
            "exclude_patterns = ['a']\nexclude_patterns.append(u'b')\n",
            &["a", "b"],
        ),
        (
            "exclude_patterns = [\n    '_build',  # output\n    r'drafts/**',\n]\n",
            &["_build", "drafts/**"],
        ),
        ("exclude_patterns = \\\n    ['a']\n", &["a"]),
        ("exclude_patterns = ['''a''', \"\"\"b\"\"\"]\n", &["a", "b"]),
    ] {
        let s = sphinx(text);
        assert_eq!(s.exclude_patterns, want, "{text:?}");
        assert!(s.unread.is_empty(), "{text:?}");
    }
    // Not a literal: no patterns (every file stays a document), unread.
    let s = sphinx("exclude_patterns = get()\n");
    assert!(s.exclude_patterns.is_empty());
    assert_eq!(s.unread, ["exclude_patterns"]);
    // A change not read keeps what was read.
    let s =
        sphinx("exclude_patterns = ['a']\nif tags.has('x'):\n    exclude_patterns.append('b')\n");
    assert_eq!(
        (s.exclude_patterns.as_slice(), s.unread.as_slice()),
        (&["a".to_owned()][..], &["exclude_patterns"][..])
    );
    let s = sphinx("exclude_patterns = ['a']\nexclude_patterns += extra\n");
    assert_eq!(s.exclude_patterns, ["a"]);
    assert!(s.is_unread("exclude_patterns"));
}

#[test]
fn source_suffix_as_string_list_tuple_or_dict() {
    for (text, want) in [
        ("source_suffix = '.rst'\n", vec![(".rst", Rst)]),
        ("source_suffix = u'.txt'\n", vec![(".txt", Rst)]),
        ("source_suffix = ['.rst', '.md']\n", vec![(".rst", Rst), (".md", Rst)]),
        ("source_suffix = ('.rst', '.txt',)\n", vec![(".rst", Rst), (".txt", Rst)]),
        ("source_suffix = ['.rst', '.rst']\n", vec![(".rst", Rst)]),
        (
            "source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown', '.txt': 'restructuredtext'}\n",
            vec![(".rst", Rst), (".md", Markdown), (".txt", Rst)],
        ),
        (
            "source_suffix = {\n    '.rst': None,\n    '.ipynb': 'jupyter_notebook',\n    '.myst': 'myst',\n}\n",
            vec![(".rst", Rst), (".ipynb", Other), (".myst", Markdown)],
        ),
        ("source_suffix = {'.a': 'x', '.b': 'rst', '.a': 'md'}\n", vec![(".a", Markdown), (".b", Rst)]),
        ("source_suffix = ['.rst']\nsource_suffix += ['.txt']\n", vec![(".rst", Rst), (".txt", Rst)]),
        ("source_suffix = ['.rst']\nsource_suffix.append('.txt')\n", vec![(".rst", Rst), (".txt", Rst)]),
    ] {
        let s = sphinx(text);
        assert_eq!(suffixes(&s), want, "{text:?}");
        assert!(s.unread.is_empty(), "{text:?}");
    }
    // Not read: the default, and unread.
    for text in [
        "source_suffix = {'.md': CommonMarkParser}\n",
        "source_suffix = ['.rst'] + more\n",
        "source_suffix = '.rst'\nsource_suffix += ['.md']\n",
        "source_suffix = {'.rst': 'restructuredtext'}\nsource_suffix['.md'] = 'markdown'\n",
    ] {
        let s = sphinx(text);
        assert!(s.is_unread("source_suffix"), "{text:?}");
        assert!(suffixes(&s).contains(&(".rst", Rst)), "{text:?}");
    }
}

#[test]
fn extensions_add_the_suffixes_they_register() {
    // Added, or over the default file type; never over another one.
    for (text, want) in [
        ("extensions = ['myst_parser']\n", vec![(".rst", Rst), (".md", Markdown)]),
        (
            "extensions = ['myst_parser']\nsource_suffix = ['.rst', '.md']\n",
            vec![(".rst", Rst), (".md", Markdown)],
        ),
        (
            "extensions = ['myst_parser']\nsource_suffix = {'.md': 'restructuredtext', '.rst': 'restructuredtext'}\n",
            vec![(".md", Markdown), (".rst", Rst)],
        ),
        // `rst` names the same parser, but Sphinx overrides only the
        // default name.
        ("extensions = ['myst_parser']\nsource_suffix = {'.md': 'rst'}\n", vec![(".md", Rst)]),
        (
            "extensions = ['myst_nb']\n",
            vec![(".rst", Rst), (".md", Markdown), (".ipynb", Other)],
        ),
        (
            "extensions = ['nbsphinx', 'myst_parser']\n",
            vec![(".rst", Rst), (".ipynb", Other), (".md", Markdown)],
        ),
        // Without an extension, Sphinx reads every listed suffix as rst.
        ("source_suffix = ['.rst', '.md']\n", vec![(".rst", Rst), (".md", Rst)]),
    ] {
        assert_eq!(suffixes(&sphinx(text)), want, "{text:?}");
    }
}

#[test]
fn extensions_in_every_form() {
    let text = "extensions = [\n    'sphinx.ext.intersphinx',\n]\n\
                extensions += ['sphinxcontrib.bibtex']\n\
                extensions.append('sphinx.ext.autosectionlabel')\n\
                extensions.extend(('myst_parser',))\n";
    let s = sphinx(text);
    assert_eq!(
        s.extensions,
        [
            "sphinx.ext.intersphinx",
            "sphinxcontrib.bibtex",
            "sphinx.ext.autosectionlabel",
            "myst_parser"
        ]
    );
    assert!(!s.extensions_incomplete);
    assert!(s.autosectionlabel.is_some());
    assert_eq!(suffixes(&s)[1], (".md", Markdown));

    for text in [
        "extensions = base_extensions + ['a']\n",
        "extensions = ['a']\nif on_rtd:\n    extensions.append('b')\n",
        "extensions = ['a']\nextensions.insert(0, 'b')\n",
        "extensions = ['a']\nextensions.append(name)\n",
        "from common_conf import *\nextensions.append('a')\n",
        "extensions = ['a']\ndef setup(app):\n    extensions.append('b')\n",
    ] {
        let s = sphinx(text);
        assert!(s.extensions_incomplete, "{text:?}");
        assert!(s.is_unread("extensions"), "{text:?}");
    }
    // A star import, then a literal: read.
    let s = sphinx("from common_conf import *\nextensions = ['a']\n");
    assert!(!s.extensions_incomplete);
    assert!(s.is_unread("master_doc") && s.is_unread("exclude_patterns"));
}

#[test]
fn autosectionlabel_settings() {
    let on = "extensions = ['sphinx.ext.autosectionlabel']\n";
    let label = |more: &str| sphinx(&format!("{on}{more}")).autosectionlabel;
    let want = |prefix_document, maxdepth| {
        Some(AutoSectionLabel {
            prefix_document,
            maxdepth,
        })
    };
    assert_eq!(label(""), want(false, None));
    assert_eq!(
        label("autosectionlabel_prefix_document = True\n"),
        want(true, None)
    );
    assert_eq!(
        label("autosectionlabel_prefix_document = 0\n"),
        want(false, None)
    );
    assert_eq!(
        label("autosectionlabel_maxdepth = 2\n"),
        want(false, Some(2))
    );
    assert_eq!(
        label("autosectionlabel_maxdepth = None\n"),
        want(false, None)
    );
    assert_eq!(label("autosectionlabel_maxdepth = 0\n"), want(false, None));
    assert_eq!(
        label("autosectionlabel_maxdepth = -1\n"),
        want(false, Some(0))
    );
    assert_eq!(
        label("autosectionlabel_maxdepth = True\n"),
        want(false, Some(1))
    );
    assert_eq!(
        label("autosectionlabel_maxdepth = 99999999999\n"),
        want(false, Some(u32::MAX))
    );
    let s = sphinx(&format!("{on}autosectionlabel_maxdepth = depth()\n"));
    assert_eq!(s.autosectionlabel, want(false, None));
    assert_eq!(s.unread, ["autosectionlabel_maxdepth"]);
    // Settings without the extension: no labels.
    assert_eq!(
        sphinx("autosectionlabel_prefix_document = True\n").autosectionlabel,
        None
    );
}

#[test]
fn intersphinx_disabled_reftypes_when_set() {
    assert_eq!(sphinx("").intersphinx_disabled_reftypes, None);
    assert_eq!(
        sphinx("intersphinx_disabled_reftypes = []\n").intersphinx_disabled_reftypes,
        Some(vec![])
    );
    assert_eq!(
        sphinx("intersphinx_disabled_reftypes = ['std:doc', '*']\n").intersphinx_disabled_reftypes,
        Some(vec!["std:doc".to_owned(), "*".to_owned()])
    );
}

#[test]
fn bibtex_bibfiles_keep_their_spans() {
    let text =
        "extensions = ['sphinxcontrib.bibtex']\nbibtex_bibfiles = ['refs.bib', \"more.bib\"]\n";
    let conf = read(text);
    let paths: Vec<&str> = conf.bibfiles.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["refs.bib", "more.bib"]);
    assert_eq!(conf.bibfiles[1].1.of(text), "more.bib");
    assert!(!conf.bibfiles_incomplete);
    assert!(conf.sphinx.unread.is_empty());
}

// Documents ------------------------------------------------------------

fn doc(s: &Sphinx, rel: &str) -> Option<String> {
    s.docname(Path::new(rel))
}

#[test]
fn documents_by_suffix() {
    let s = sphinx("source_suffix = {'.rst': 'restructuredtext', '.md': 'markdown'}\n");
    assert_eq!(doc(&s, "index.rst").as_deref(), Some("index"));
    assert_eq!(doc(&s, "guide/intro.md").as_deref(), Some("guide/intro"));
    assert_eq!(doc(&s, "./guide/intro.md").as_deref(), Some("guide/intro"));
    assert_eq!(doc(&s, "notes.txt"), None);
    assert_eq!(doc(&s, "README.RST"), None);
    assert_eq!(doc(&s, ".rst"), None);
    assert_eq!(doc(&s, "sub/.rst").as_deref(), Some("sub/"));
    assert_eq!(doc(&s, "../index.rst"), None);
    assert_eq!(doc(&s, "/abs/index.rst"), None);
    assert_eq!(doc(&s, ""), None);
    assert_eq!(s.parser(Path::new("a/b.md")), Some(Markdown));
    assert_eq!(s.parser(Path::new("a/b.rst")), Some(Rst));
    assert_eq!(s.parser(Path::new("a/b.txt")), None);
    // The first suffix that matches is the one cut off.
    let s = sphinx("source_suffix = ['.txt', '.rst.txt']\n");
    assert_eq!(doc(&s, "a.rst.txt").as_deref(), Some("a.rst"));
    let s = sphinx("source_suffix = ['.rst.txt', '.txt']\n");
    assert_eq!(doc(&s, "a.rst.txt").as_deref(), Some("a"));
}

#[cfg(unix)]
#[test]
fn a_path_that_is_not_utf8_is_no_document() {
    use std::os::unix::ffi::OsStrExt;
    let rel = Path::new(std::ffi::OsStr::from_bytes(b"a\xff.rst"));
    assert_eq!(Sphinx::default().docname(rel), None);
}

#[test]
fn exclude_patterns_as_sphinx_matches_them() {
    let s = sphinx(
        "exclude_patterns = ['_build', '*.inc.rst', 'drafts/*', '**/private', 'old/**', 'x?.rst', 'v[12].rst', 'w[!a].rst']\n\
         templates_path = ['_templates']\n",
    );
    for (rel, member) in [
        ("index.rst", true),
        // A folder pattern excludes everything under it.
        ("_build/html/index.rst", false),
        ("_build.rst", true),
        ("docs/_build/x.rst", true),
        // `*` stays in its folder.
        ("a.inc.rst", false),
        ("sub/a.inc.rst", true),
        ("drafts/a.rst", false),
        ("drafts/deep/a.rst", false),
        ("drafts.rst", true),
        // `**/` needs a folder before it.
        ("private/a.rst", true),
        ("a/private/b.rst", false),
        ("a/b/private/c.rst", false),
        ("old/a/b.rst", false),
        ("x1.rst", false),
        ("x12.rst", true),
        ("v1.rst", false),
        ("v3.rst", true),
        ("wa.rst", true),
        ("wb.rst", false),
        // Sphinx's own: templates, `_sources`, editor lock files.
        ("_templates/autosummary/class.rst", false),
        ("a/_sources/b.rst", false),
        (".#index.rst", false),
        ("sub/.#index.rst", false),
        ("x.lproj/a.rst", false),
    ] {
        assert_eq!(doc(&s, rel).is_some(), member, "{rel}");
    }
}

#[test]
fn include_patterns_limit_the_documents() {
    let s =
        sphinx("include_patterns = ['index.rst', 'guide/**']\nexclude_patterns = ['guide/old']\n");
    assert!(doc(&s, "index.rst").is_some());
    assert!(doc(&s, "guide/a/b.rst").is_some());
    assert!(doc(&s, "guide/old/b.rst").is_none());
    assert!(doc(&s, "other.rst").is_none());
    // A malformed pattern matches nothing.
    let s = sphinx("exclude_patterns = ['[z-a]', '[!]*]']\n");
    assert!(doc(&s, "z.rst").is_some());
}

// Properties -----------------------------------------------------------

const PIECES: &[&str] = &[
    "root_doc",
    "master_doc",
    "source_suffix",
    "exclude_patterns",
    "include_patterns",
    "templates_path",
    "extensions",
    "autosectionlabel_prefix_document",
    "autosectionlabel_maxdepth",
    "bibtex_bibfiles",
    " = ",
    " += ",
    ": list = ",
    ".append(",
    ".extend(",
    "'sphinx.ext.autosectionlabel'",
    "'myst_parser'",
    "'myst_nb'",
    "'.md'",
    "'markdown'",
    "'**'",
    "'*'",
    "'[!'",
    "'[]'",
    "'a-'",
    "'/'",
    "'?'",
    "'a.bib'",
    "u'é'",
    "r'\\'",
    "\"\"\"",
    "'''",
    "'",
    "\"",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ",",
    ":",
    "-",
    "1",
    "0",
    "True",
    "None",
    "\n",
    "\r\n",
    "\\\n",
    "    ",
    ";",
    "#",
    "if x:",
    "def f():",
    "from m import *",
    "\\x",
    "😄",
];

const PATHS: &[&str] = &[
    "index.rst",
    "a/b.md",
    "_build/x.rst",
    "a]b/[c.rst",
    "é/ü.rst",
    "x\n",
    "a.ipynb",
    ".#a.rst",
];

fn check(text: &str) {
    let conf = read(text);
    for (path, span) in &conf.bibfiles {
        let written = text.get(span.start..span.end);
        assert!(
            written.is_some(),
            "span {span:?} for {path:?} out of bounds"
        );
    }
    let s = &conf.sphinx;
    assert_eq!(s.extensions_incomplete, s.is_unread("extensions"));
    for rel in PATHS {
        let rel = Path::new(rel);
        if let Some(name) = s.docname(rel) {
            assert!(s.parser(rel).is_some(), "{name}");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn conf_py_never_panics_and_spans_are_sound(
        pieces in proptest::collection::vec(proptest::sample::select(PIECES), 0..60)
    ) {
        check(&pieces.concat());
    }

    #[test]
    fn arbitrary_conf_py_never_panics(text in "\\PC{0,300}") {
        check(&text);
    }

    #[test]
    fn arbitrary_patterns_never_panic(pat in "[\\[\\]!^*?/\\\\a-c-]{0,12}", path in "[a-c/\\[\\]!^-]{0,12}") {
        if let Some(p) = matching::Pattern::new(&pat) {
            p.matches(&path);
        }
    }
}
