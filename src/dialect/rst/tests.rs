//! What the reStructuredText dialect reads from small documents.

use super::*;

/// `(kind, label, key, namespace)` of each marker, in order.
fn markers(doc: &Document) -> Vec<(RefKind, String, String, Option<String>)> {
    doc.markers
        .iter()
        .map(|m| {
            (
                m.kind,
                m.label.to_string(),
                m.key().to_owned(),
                m.namespace.as_ref().map(ToString::to_string),
            )
        })
        .collect()
}

/// The labels of markers of one kind.
fn labels(doc: &Document, kind: RefKind) -> Vec<String> {
    doc.markers
        .iter()
        .filter(|m| m.kind == kind)
        .map(|m| m.label.to_string())
        .collect()
}

/// The keys of definitions of one kind.
fn defined(doc: &Document, kind: RefKind) -> Vec<String> {
    doc.definitions
        .iter()
        .filter(|d| d.kind == kind)
        .map(|d| d.key().to_owned())
        .collect()
}

const SPHINX: Project<'static> = Project {
    docname: "guide/install",
    intersphinx: true,
    intersphinx_unprefixed: false,
    autosectionlabel: None,
};

#[test]
fn footnotes_citations_and_their_kinds() {
    let doc = parse(
        "See [1]_, [#]_, [#note]_, [*]_ and [CIT2002]_.\n\n\
         .. [1] One.\n.. [#] Auto.\n.. [#note] Named.\n.. [*] Symbol.\n.. [CIT2002] A book.\n",
        None,
    );
    assert_eq!(
        markers(&doc),
        [
            (RefKind::Note, "1".into(), "1".into(), None),
            (RefKind::Note, "#".into(), "#1".into(), None),
            (RefKind::Note, "#note".into(), "#note".into(), None),
            (RefKind::Note, "*".into(), "*1".into(), None),
            (RefKind::UnitNote, "CIT2002".into(), "cit2002".into(), None),
        ]
    );
    assert_eq!(defined(&doc, RefKind::Note), ["1", "#1", "#note", "*1"]);
    assert_eq!(defined(&doc, RefKind::UnitNote), ["cit2002"]);
    // A note's body runs over its indented lines.
    let doc = parse(".. [1] First line\n   second line.\n\nAfter.\n", None);
    let body = doc.definitions[0].body;
    assert_eq!(
        body.of(".. [1] First line\n   second line.\n\nAfter.\n"),
        "First line\n   second line."
    );
}

#[test]
fn inline_markup_needs_its_start_and_end_strings() {
    let doc = parse("word[1]_ x [2]_x (see [3]_) \\[4]_ [5]__\n", None);
    assert_eq!(labels(&doc, RefKind::Note), ["3"]);
    // Inside an inline literal, a role, or a URL: text.
    let doc = parse("``[1]_`` :math:`[2]_` https://x.org/a_[3]_ `[4]_`\n", None);
    assert!(
        labels(&doc, RefKind::Note).is_empty(),
        "{:?}",
        markers(&doc)
    );
}

#[test]
fn what_is_never_read() {
    let text = "Code::\n\n   [1]_ in a literal block\n\n\
                .. code-block:: python\n   :caption: [2]_ in an option\n\n   x = [3]_\n\n\
                >>> [4]_\n... [5]_\n\n\
                .. [6]_ is in a comment\n   and [7]_ too\n\n\
                .. raw:: html\n\n   [8]_\n\n\
                .. parsed-literal::\n\n   [9]_ is read\n";
    let doc = parse(text, None);
    assert_eq!(labels(&doc, RefKind::Note), ["9"]);
    assert_eq!(doc.comments.len(), 1);
    assert_eq!(
        doc.comments[0].body.of(text),
        "[6]_ is in a comment\n   and [7]_ too"
    );
}

#[test]
fn targets_substitutions_and_titles() {
    let text = "Intro Section\n=============\n\n\
                See `Intro Section`_, intro-section_? No: `intro section`_, `ext`_, \
                `Python <https://python.org>`_, `alias <ext_>`_, python_, anon__ and |sub|.\n\n\
                .. _ext: https://example.org\n.. __: https://anon.org\n\
                .. |sub| replace:: text\n";
    let doc = parse(text, None);
    let targets: Vec<(String, Option<String>)> = doc
        .markers
        .iter()
        .map(|m| {
            (
                m.key().to_owned(),
                m.namespace.as_ref().map(ToString::to_string),
            )
        })
        .collect();
    assert_eq!(
        targets,
        [
            ("intro section".into(), None),
            ("intro-section".into(), None),
            ("intro section".into(), None),
            ("ext".into(), None),
            ("ext".into(), None),
            ("python".into(), None),
            ("__1".into(), None),
            ("sub".into(), Some("sub".into())),
        ]
    );
    let mut keys = defined(&doc, RefKind::Target);
    keys.sort();
    assert_eq!(keys, ["__1", "ext", "intro section", "python", "sub"]);
}

#[test]
fn sphinx_roles_and_toctree() {
    let text = "See :ref:`install`, :ref:`Title <Other Label>`, :numref:`fig-1`, \
                :doc:`../index`, :doc:`/api/x`, :eq:`euler`, :ref:`!nolink`, \
                :ref:`py:obj`, :cite:p:`knuth84,lamport94`, :footcite:`{see}x{p. 2}`.\n\n\
                .. toctree::\n   :maxdepth: 2\n\n   intro\n   Setup <setup.rst>\n   self\n   https://x.org\n\n\
                .. _install:\n\n\
                .. math::\n   :label: euler\n\n   e^{i\\pi} = -1\n\n\
                .. figure:: a.png\n   :name: fig-1\n";
    let doc = parse(text, Some(&SPHINX));
    let cross: Vec<(String, Option<String>, bool)> = doc
        .markers
        .iter()
        .filter(|m| m.kind == RefKind::CrossRef)
        .map(|m| {
            (
                m.key().to_owned(),
                m.namespace.as_ref().map(ToString::to_string),
                m.certainty == Certainty::IfDefined,
            )
        })
        .collect();
    assert_eq!(
        cross,
        [
            ("install".into(), None, false),
            ("other label".into(), None, false),
            ("fig-1".into(), None, false),
            ("index".into(), Some("doc".into()), false),
            ("api/x".into(), Some("doc".into()), false),
            ("euler".into(), Some("eq".into()), false),
            ("py:obj".into(), None, true),
            ("guide/intro".into(), Some("doc".into()), false),
            ("guide/setup".into(), Some("doc".into()), false),
        ]
    );
    assert_eq!(
        labels(&doc, RefKind::Citation),
        ["knuth84", "lamport94", "x"]
    );
    let mut labels = defined(&doc, RefKind::CrossRef);
    labels.sort();
    assert_eq!(labels, ["euler", "fig-1", "install"]);
    // Outside a Sphinx project, Sphinx's roles are not read.
    assert!(labels_of(parse(text, None)).is_empty());
}

fn labels_of(doc: Document) -> Vec<String> {
    labels(&doc, RefKind::CrossRef)
}

#[test]
fn autosectionlabel_titles() {
    let project = Project {
        autosectionlabel: Some(AutoSectionLabel {
            prefix_document: true,
            maxdepth: Some(1),
        }),
        ..SPHINX
    };
    let doc = parse("=====\nTop\n=====\n\nSub\n---\n", Some(&project));
    assert_eq!(defined(&doc, RefKind::CrossRef), ["guide/install:top"]);
}

#[test]
fn grid_table_cells_are_read_one_by_one() {
    let text = "+------+------+\n| [1]_ | a|b  |\n+------+------+\n\n.. [1] x\n";
    let doc = parse(text, None);
    assert_eq!(labels(&doc, RefKind::Note), ["1"]);
    assert!(labels(&doc, RefKind::Target).is_empty());
}

#[test]
fn includes_are_links_and_leave_targets_unjudged() {
    let doc = parse(".. include:: parts/links.rst\n\nSee `somewhere`_.\n", None);
    assert_eq!(
        doc.includes().map(|l| &*l.path).collect::<Vec<_>>(),
        ["parts/links.rst"]
    );
    assert_eq!(doc.markers[0].certainty, Certainty::IfDefined);
    let doc = parse(
        ".. include:: code.py\n   :literal:\n\nSee `somewhere`_.\n",
        None,
    );
    assert_eq!(doc.markers[0].certainty, Certainty::Marker);
    // Sphinx reads `/x` from the project folder.
    let doc = parse(".. include:: /common/links.rst\n", Some(&SPHINX));
    assert_eq!(
        doc.includes().map(|l| &*l.path).collect::<Vec<_>>(),
        ["../common/links.rst"]
    );
}

#[test]
fn tabs_crlf_and_unicode() {
    let text = "Text [1]_.\r\n\r\n.. [1]\tNote\r\n\tgoes on.\r\n\r\n\u{e9}t\u{e9} [2]_ \u{2014}[3]_\u{2014}\r\n";
    let doc = parse(text, None);
    assert_eq!(labels(&doc, RefKind::Note), ["1", "2", "3"]);
    assert_eq!(doc.definitions[0].body.of(text), "Note\r\n\tgoes on.");
}

#[test]
fn hostile_inputs_stay_linear_and_in_bounds() {
    // 100,000 nested block quotes: one line each, deeper and deeper.
    let mut deep = String::new();
    for n in 0..100_000 {
        deep.push_str(&" ".repeat(n % 4_000));
        deep.push_str("- [1]_\n");
    }
    let doc = parse(&deep, None);
    assert_eq!(doc.markers.len(), 100_000);
    // A 10 MB line of start-strings that never end.
    let line = "`a |b ``c [d ".repeat(800_000);
    let doc = parse(&line, None);
    assert!(doc.markers.is_empty());
    let line = "([1]_/".repeat(2_000_000);
    let doc = parse(&line, None);
    assert_eq!(doc.markers.len(), 2_000_000);
}

#[test]
fn what_real_documents_write() {
    // Read on peps, the Sphinx and the docutils documentation: `..` and
    // two spaces, `::` alone after a title, a link on the next line,
    // explicit markup in table cells, an escaped title, `contents`.
    let text = "Checker\n-------\n::\n\n    type_ = x\n\n\
                See [#a]_, `Java`_, `except \\*`_, contents_ and |sub|.\n\n\
                ..  [#a] Two spaces.\n..  _Java:\n    https://java.example\n\n\
                ================  =======================\n\
                Target            .. _other: https://x.org\n\
                Substitution      .. |sub| replace:: text\n\
                ================  =======================\n\n\
                except \\*\n=========\n\n.. contents::\n";
    let doc = parse(text, None);
    let graph = crate::graph::RefGraph::build(text, &doc, NOTATION);
    let unresolved: Vec<&str> = graph
        .unresolved(RefKind::Note)
        .chain(graph.unresolved(RefKind::Target))
        .map(|(_, m)| m.label.as_str())
        .collect();
    assert!(unresolved.is_empty(), "{unresolved:?} {:?}", markers(&doc));
    // Nothing in the literal block after `::` is read.
    assert!(!labels(&doc, RefKind::Target).contains(&"type".to_owned()));
    // The Java target's link is on the next line: an external target,
    // so no Sphinx label.
    let doc = parse(text, Some(&SPHINX));
    assert!(!defined(&doc, RefKind::CrossRef).contains(&"java".to_owned()));
}

#[test]
fn prose_leaves_out_code_and_roles() {
    let text = "A call ``f(x:, y:)`` and :code:`(,)` here.\n";
    let doc = parse(text, None);
    let prose: Vec<&str> = doc.prose.iter().map(|s| s.of(text)).collect();
    assert_eq!(prose, ["A call ", " and ", " here."]);
}

#[test]
fn toctree_globs_are_not_documents() {
    let doc = parse(
        ".. toctree::\n   :glob:\n\n   api/*\n   intro\n",
        Some(&SPHINX),
    );
    assert_eq!(labels(&doc, RefKind::CrossRef), ["intro"]);
}

#[test]
fn more_of_what_real_documents_write() {
    // From docutils' own documentation: a literal block under a
    // definition's body ends at that body's indentation; an escaped
    // space ends interpreted text; a simple table's cell may span
    // columns.
    let text = "term\n    Body, for example::\n\n      .. [9] literal\n\n    .. _`name`:\n\n\
                A :literal:`.. \\ ` start and a _`label` here; see name_ and label_.\n\n\
                ====== ====== ======\n..     a      b\n====== ====== ======\n..     spans [1]_\n====== ====== ======\n\n\
                .. [1] One.\n";
    let doc = parse(text, None);
    let graph = crate::graph::RefGraph::build(text, &doc, NOTATION);
    let unresolved: Vec<&str> = graph
        .unresolved(RefKind::Note)
        .chain(graph.unresolved(RefKind::Target))
        .map(|(_, m)| m.label.as_str())
        .collect();
    assert!(unresolved.is_empty(), "{unresolved:?} {:?}", markers(&doc));
    assert_eq!(labels(&doc, RefKind::Note), ["1"]);
}
