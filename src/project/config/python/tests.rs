//! Reading `conf.py` settings: strings in every quoting, literals, and the
//! statements that leave a setting unread.

use super::{bindings, literal, Binding, Name, Value};
use crate::model::Span;

/// `bibtex_bibfiles` as the Sphinx reader gives it (the tests below
/// predate the other settings and hold it to what it always did).
fn bibtex_bibfiles(text: &str) -> (Vec<(String, Span)>, bool) {
    let conf = super::super::sphinx::read(text);
    (conf.bibfiles, conf.bibfiles_incomplete)
}

/// The paths `conf` sets and whether they may be incomplete; every span
/// is inside the quotes and covers the path (escapes aside).
fn read(conf: &str) -> (Vec<String>, bool) {
    let (found, incomplete) = bibtex_bibfiles(conf);
    for (path, span) in &found {
        let written = conf.get(span.start..span.end).expect("a sound span");
        assert!(
            written == path || written.contains('\\'),
            "{written:?} for {path:?}"
        );
    }
    (
        found.into_iter().map(|(path, _)| path).collect(),
        incomplete,
    )
}

fn check(conf: &str, want: &[&str], incomplete: bool) {
    let (found, was) = read(conf);
    assert_eq!(found, want, "{conf:?}");
    assert_eq!(was, incomplete, "{conf:?}");
}

#[test]
fn list_over_several_lines_with_comments() {
    let conf = "\
# -- bibliography ---------------------------------------------
# bibtex_bibfiles = ['commented.bib']
bibtex_bibfiles = [
'refs.bib',  # the main one, with a ] and a ' in the comment
r'raw\\dir.bib',
\"\"\"triple.bib\"\"\",
'ünï.bib',
]
bibtex_default_style = 'unsrt'
";
    let (found, incomplete) = bibtex_bibfiles(conf);
    let paths: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(paths, ["refs.bib", "raw\\dir.bib", "triple.bib", "ünï.bib"]);
    assert!(!incomplete);
    for (path, span) in &found {
        assert_eq!(span.of(conf), path);
    }
}

#[test]
fn computed_values_give_no_bibliographies() {
    for conf in [
        "import glob\nbibtex_bibfiles = glob.glob('*.bib')\n",
        "bibtex_bibfiles = [os.path.join('refs', 'a.bib')]\n",
        "bibtex_bibfiles = ['a.bib'] + extra\n",
        "bibtex_bibfiles = [f'{name}.bib']\n",
        "bibtex_bibfiles = ['a' 'b.bib']\n",
        "bibtex_bibfiles = ('a.bib')\n",
        "bibtex_bibfiles = x = ['a.bib']\n",
        "bibtex_bibfiles = [b'a.bib']\n",
        "bibtex_bibfiles = ['\\N{BULLET}.bib']\n",
        "bibtex_bibfiles = ['a.bib'\n",
        "bibtex_bibfiles: list[str]\n",
        "if True:\n    bibtex_bibfiles = ['a.bib']\n",
        "if True: bibtex_bibfiles = ['a.bib']\n",
        "def f(): x = 1; bibtex_bibfiles = ['a.bib']\n",
    ] {
        check(conf, &[], true);
    }
}

#[test]
fn later_statements() {
    let extend = "bibtex_bibfiles = ['a.bib']\nbibtex_bibfiles += [\"b.bib\"]\n";
    check(extend, &["a.bib", "b.bib"], false);
    let append = "bibtex_bibfiles = ['a.bib']\nbibtex_bibfiles.append('b.bib')\n";
    check(append, &["a.bib"], true);
    let reset = "bibtex_bibfiles = compute()\nbibtex_bibfiles = ['last.bib']\n";
    check(reset, &["last.bib"], false);
    check("from shared_conf import *\n", &[], true);
    let star_first = "from shared_conf import *\nbibtex_bibfiles = ['a.bib']\n";
    check(star_first, &["a.bib"], false);
}

#[test]
fn other_literal_forms() {
    for (conf, want) in [
        ("bibtex_bibfiles = []\n", &[][..]),
        ("bibtex_bibfiles = ('a.bib',)\n", &["a.bib"]),
        (
            "bibtex_bibfiles = ('a.bib', 'b.bib')\n",
            &["a.bib", "b.bib"],
        ),
        ("bibtex_bibfiles: list[str] = ['a.bib']\n", &["a.bib"]),
        ("bibtex_bibfiles = \\\n    ['a.bib']\n", &["a.bib"]),
        ("bibtex_bibfiles = \\\r\n    ['a.bib']\r\n", &["a.bib"]),
        ("x = 1; bibtex_bibfiles = ['a.bib']\n", &["a.bib"]),
        ("bibtex_bibfiles=[u'a.bib',R\"b.bib\"]", &["a.bib", "b.bib"]),
        (
            "bibtex_bibfiles = ['caf\\u00e9.bib', 'tab\\\\x.bib']\r\n",
            &["café.bib", "tab\\x.bib"],
        ),
        (
            "bibtex_bibfiles = ['''a.bib''', \"\"\"b\"c.bib\"\"\"]\n",
            &["a.bib", "b\"c.bib"],
        ),
        (
            "s = 'bibtex_bibfiles = [\"no.bib\"]'\nbibtex_bibfiles = ['a.bib']\n",
            &["a.bib"],
        ),
        ("doc = \"\"\"\nbibtex_bibfiles = ['no.bib']\n\"\"\"\n", &[]),
    ] {
        check(conf, want, false);
    }
}

#[test]
fn strings_never_crash() {
    for conf in [
        "bibtex_bibfiles = ['",
        "bibtex_bibfiles = [\"\"\"",
        "bibtex_bibfiles = ['''a.bib''",
        "bibtex_bibfiles = ['a\\",
        "bibtex_bibfiles = ['\\x4']",
        "bibtex_bibfiles = ['\\U0011ffff']",
        "bibtex_bibfiles = [r'\\']",
        "bibtex_bibfiles = [é'a']",
        "]]]]]] bibtex_bibfiles ((((",
        "\\",
        "'''",
    ] {
        assert!(read(conf).0.is_empty(), "{conf:?}");
    }
    for (conf, want) in [
        ("bibtex_bibfiles = ['\\101.bib']", "A.bib"),
        ("bibtex_bibfiles = ['\\777']", "\u{1ff}"),
        ("bibtex_bibfiles = ['\\d.bib']", "\\d.bib"),
        ("bibtex_bibfiles = ['a\\\n.bib']", "a.bib"),
    ] {
        check(conf, &[want], false);
    }
}

// Literals -------------------------------------------------------------

/// The literal that is the whole of the first statement of `src`.
fn lit(src: &str) -> Option<Value> {
    let stmts = super::lex::statements(src);
    literal(&stmts.first()?.toks)
}

fn s(text: &str) -> Value {
    Value::Str(text.to_owned(), Span::default())
}

/// `value` with every span zeroed, to compare with [`s`].
fn plain(value: Value) -> Value {
    match value {
        Value::Str(text, _) => s(&text),
        Value::List(items) => Value::List(items.into_iter().map(plain).collect()),
        Value::Dict(pairs) => Value::Dict(
            pairs
                .into_iter()
                .map(|(k, v)| (plain(k), plain(v)))
                .collect(),
        ),
        other => other,
    }
}

#[test]
fn literals() {
    let list = |items: Vec<Value>| Some(Value::List(items));
    for (src, want) in [
        ("'a'", Some(s("a"))),
        ("u'a'", Some(s("a"))),
        ("('a')", Some(s("a"))),
        ("(('a'))", Some(s("a"))),
        ("()", list(vec![])),
        ("('a',)", list(vec![s("a")])),
        (
            "['a', ('b', 'c'),]",
            list(vec![s("a"), Value::List(vec![s("b"), s("c")])]),
        ),
        (
            "{'.rst': 'restructuredtext', '.txt': None,}",
            Some(Value::Dict(vec![
                (s(".rst"), s("restructuredtext")),
                (s(".txt"), Value::None),
            ])),
        ),
        ("{}", Some(Value::Dict(vec![]))),
        ("True", Some(Value::Bool(true))),
        ("False", Some(Value::Bool(false))),
        ("None", Some(Value::None)),
        ("3", Some(Value::Int(3))),
        ("-2", Some(Value::Int(-2))),
        ("1_000", Some(Value::Int(1000))),
        ("0", Some(Value::Int(0))),
        (
            "[\n  'a',  # comment ]\n  'b'\n]",
            list(vec![s("a"), s("b")]),
        ),
    ] {
        assert_eq!(lit(src).map(plain), want, "{src:?}");
    }
    for src in [
        "{'a'}",
        "{'a': }",
        "['a' 'b']",
        "'a' 'b'",
        "f'a'",
        "b'a'",
        "[1 2]",
        "[,]",
        "(,)",
        "1.5",
        "0x10",
        "007",
        "1_",
        "-",
        "- 'a'",
        "-True",
        "x",
        "[x]",
        "['a'] + ['b']",
        "sorted(['a'])",
        "99999999999999999999",
        "[",
        "'a'[0]",
    ] {
        assert_eq!(lit(src), None, "{src:?}");
    }
    // Deep nesting is refused, not followed.
    let deep = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert_eq!(lit(&deep), None);
    let shallow = format!("{}{}", "[".repeat(10), "]".repeat(10));
    assert!(lit(&shallow).is_some());
}

// Bindings -------------------------------------------------------------

const NAMES: [Name; 3] = [
    Name {
        name: "doc",
        accepts: |v| v.str().is_some(),
        mutable: false,
        methods: false,
    },
    Name {
        name: "exts",
        accepts: Value::is_strs,
        mutable: true,
        methods: true,
    },
    Name {
        name: "depth",
        accepts: |v| matches!(v, Value::Int(_) | Value::None),
        mutable: false,
        methods: false,
    },
];

/// What `text` binds `doc`, `exts` and `depth` to, spans zeroed.
fn bound(text: &str) -> Vec<(Option<Value>, bool)> {
    bindings(text, &NAMES)
        .into_iter()
        .map(|Binding { value, unread }| (value.map(plain), unread))
        .collect()
}

fn exts(names: &[&str]) -> Option<Value> {
    Some(Value::List(names.iter().map(|n| s(n)).collect()))
}

#[test]
fn reading_an_immutable_changes_nothing() {
    let text = "doc = 'index'\n\
                latex_documents = [(doc, 'a.tex', project, 'manual')]\n\
                man_pages = [(doc, slug, project, [author], 1)]\n\
                title = doc + ' (draft)'\n\
                depth = 2\n";
    let got = bound(text);
    assert_eq!(got[0], (Some(s("index")), false));
    assert_eq!(got[2], (Some(Value::Int(2)), false));
    assert_eq!(got[1], (None, false));
}

#[test]
fn writing_anywhere_else_leaves_unread() {
    for text in [
        "doc = 'a'\nif x:\n    doc = 'b'\n",
        "doc = 'a'\nif x: doc = 'b'\n",
        "doc = 'a'\ndef setup(app):\n    app.config.doc = 'b'\n",
        "doc = 'a'\nclass C: doc = 'b'\n",
        "doc = 'a'\nx = doc = 'b'\n",
        "doc = 'a'\nx = dict(doc='b')\n",
        "doc = 'a'\nfrom shared import doc\n",
        "doc = 'a'\nfrom shared import *\n",
        "doc = 'a'\ndel doc\n",
        "doc = 'a'\nglobals()['x'] = 1; print(doc)\n",
    ] {
        let got = bound(text);
        assert_eq!(got[0], (Some(s("a")), true), "{text:?}");
    }
    // A binding to what is not a literal forgets the value.
    for text in [
        "doc = 'a'\ndoc = pick()\n",
        "doc = 'a'\ndoc = 'b' 'c'\n",
        "doc = 'a'\ndoc = 3\n",
    ] {
        assert_eq!(bound(text)[0], (None, true), "{text:?}");
    }
    // A later literal reads it afresh.
    let text = "from shared import *\ndoc = pick()\ndoc = 'c'\n";
    assert_eq!(bound(text)[0], (Some(s("c")), false));
    assert_eq!(bound(text)[1], (None, true));
}

#[test]
fn lists_grow_by_plus_append_and_extend() {
    let text = "exts = ['a']\nexts += ('b',)\nexts.append('c')\nexts.extend(['d', 'e'],)\n";
    assert_eq!(bound(text)[1], (exts(&["a", "b", "c", "d", "e"]), false));
    let text = "exts = [\n    'a',\n]\nexts.append(\n    'b',\n)\n";
    assert_eq!(bound(text)[1], (exts(&["a", "b"]), false));
    // Changes not read keep what was read and leave the list unread.
    for text in [
        "exts = ['a']\nexts.insert(0, 'z')\n",
        "exts = ['a']\nexts.append(name)\n",
        "exts = ['a']\nexts.append('z', 'y')\n",
        "exts = ['a']\nexts.extend('zy')\n",
        "exts = ['a']\nexts += more\n",
        "exts = ['a']\nexts += [1]\n",
        "exts = ['a']\nif x:\n    exts.append('z')\n",
        "exts = ['a']\nother = exts\n",
        "exts = ['a']\nexts[0] = 'z'\n",
        "exts = ['a']\nexts.remove('a')\n",
    ] {
        assert_eq!(bound(text)[1], (exts(&["a"]), true), "{text:?}");
    }
    // Only a list grows.
    for text in ["doc = 'a'\ndoc += ['b']\n", "doc = 'a'\ndoc += 'b'\n"] {
        assert_eq!(bound(text)[0], (Some(s("a")), true), "{text:?}");
    }
}
