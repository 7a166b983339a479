//! The harness's own checks (trials that run without ibid's LaTeX
//! support): the corpus has the shape the harness reads, paths normalise,
//! oracles become the right expectations, and every patch applies to a
//! scratch copy. The comparisons are checked in `machinery_compare.rs`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use serde_json::{json, Value};

use super::compare::{check_base, check_mutation};
use super::corpus::{bib_files, bib_keys, locate, oracle_path, project_ids, Mutation, Project};
use super::expect::{self, Expectation, Rule};
use super::machinery_compare::perfect;
use super::run;
use crate::conformance_corpus::{assert_projects_listed, lexical, Lines, Place};
use crate::conformance_run::{patch_p1, Finding, Scratch};

fn place(path: &str, line: usize) -> Place {
    Place::new(path, line)
}

fn places(items: &[(&str, usize)]) -> BTreeSet<Place> {
    items.iter().map(|(p, l)| place(p, *l)).collect()
}

/// The harness's list of projects is the index's; each mutation has its
/// three files.
pub fn corpus_shape() {
    let ids = project_ids();
    assert_projects_listed(&ids, super::PROJECTS);
    let mut total = 0;
    for id in &ids {
        let p = Project::load(id);
        assert!(p.src().join(&p.main).is_file(), "{id}: main {}", p.main);
        assert!(!p.mutations.is_empty(), "{id}: no mutations");
        assert_eq!(
            !bib_files(&p.src()).is_empty(),
            matches!(p.bibliography.as_str(), "bibtex" | "biber"),
            "{id}: a .bib in src/ exactly when the bibliography is bibtex or biber ({})",
            p.bibliography
        );
        let mut listed: BTreeSet<String> = BTreeSet::new();
        for m in &p.mutations {
            assert!(m.patch.is_file(), "{}", m.patch.display());
            assert_eq!(m.spec["id"], m.id.as_str(), "{id}/{}", m.id);
            assert!(!m.key().is_empty(), "{id}/{}: no key", m.id);
            assert!(
                m.oracle["delta_vs_base"]["added"].is_array(),
                "{id}/{}",
                m.id
            );
            listed.insert(m.id.clone());
        }
        let on_disk: BTreeSet<String> = std::fs::read_dir(p.dir.join("mutations"))
            .expect("mutations/")
            .filter_map(|e| {
                let name = e.ok()?.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".patch").map(str::to_owned)
            })
            .collect();
        assert_eq!(
            listed, on_disk,
            "{id}: index.json's mutations vs mutations/*.patch"
        );
        total += p.mutations.len();
    }
    println!("latex corpus: {} projects, {total} mutations", ids.len());
}

pub fn paths() {
    assert_eq!(lexical("a//b/./c/../d.tex"), "a/b/d.tex");
    assert_eq!(lexical("./text/abstract.tex"), "text/abstract.tex");
    assert_eq!(lexical("../..//bib/x.bib"), "../../bib/x.bib");
    assert_eq!(lexical("courses/sample/../..//bib/x.bib"), "bib/x.bib");
    assert_eq!(lexical("a/../../b"), "../b");
    assert_eq!(lexical("a\\b.tex"), "a/b.tex");
    // ibid's JSON paths are relative to `src/`, perhaps written `./x`.
    assert_eq!(lexical("./text//abstract.tex"), "text/abstract.tex");
    assert_eq!(lexical("text/abstract.tex"), "text/abstract.tex");

    let ol = Project::load("open-logic-sample");
    assert_eq!(ol.path("../..//bib/open-logic.bib"), "bib/open-logic.bib");
    assert_eq!(
        ol.path("content/history/biographies/julia-robinson.tex"),
        "content/history/biographies/julia-robinson.tex"
    );
    assert_eq!(
        oracle_path(&ol.src(), "courses/sample/main.tex", "./sample-local.tex"),
        "courses/sample/sample-local.tex",
        "a path not found under src/ is the main folder's"
    );

    // Every `file` of every oracle and mutation json names a file of src/.
    fn files<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    match (k.as_str(), v) {
                        ("file", Value::String(s)) => out.push(s),
                        _ => files(v, out),
                    }
                }
            }
            Value::Array(a) => a.iter().for_each(|v| files(v, out)),
            _ => {}
        }
    }
    let mut bad = Vec::new();
    for id in project_ids() {
        let p = Project::load(&id);
        let mut all = Vec::new();
        files(&p.oracle, &mut all);
        for m in &p.mutations {
            files(&m.spec, &mut all);
            files(&m.oracle, &mut all);
        }
        for f in all {
            if !p.src().join(p.path(f)).is_file() {
                bad.push(format!("{id}: {f} -> {}", p.path(f)));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "oracle paths that name no file:\n{}",
        bad.join("\n")
    );
}

/// A project in a scratch folder, with the given files in `src/`.
fn sample_project(root: &Path, files: &[(&str, &str)], oracle: Value) -> Project {
    for (path, text) in files {
        let path = root.join("src").join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }
    Project {
        id: "sample".to_owned(),
        dir: root.to_owned(),
        main: "main.tex".to_owned(),
        bibliography: "bibtex".to_owned(),
        oracle,
        mutations: Vec::new(),
    }
}

fn sample_mutation(id: &str, spec: Value, delta: Value, full: Value) -> Mutation {
    let mut oracle = full;
    oracle["delta_vs_base"] = delta;
    Mutation {
        id: id.to_owned(),
        spec,
        oracle,
        patch: "unused.patch".into(),
    }
}

pub fn expectations() {
    // Lines, keys and where a key is written.
    let lines = Lines::of("one\r\n\\caption{See \\cref{fig:x}\r\n  for more.}\r\nfig:x here\n");
    assert_eq!(lines.line(2), Some("\\caption{See \\cref{fig:x}"));
    assert_eq!(lines.len(), 5, "a final newline ends an empty last line");
    assert_eq!(
        locate(&lines, 3, "fig:x"),
        Some(2),
        "the key is above LaTeX's line"
    );
    assert_eq!(locate(&lines, 4, "fig:x"), Some(4));
    assert_eq!(locate(&lines, 1, "fig:x"), None);
    assert_eq!(locate(&lines, 99, "fig:x"), None);
    let bib = "@string{acm = \"ACM\"}\n@Article{Key1,\n mail = {a@b.org},\n}\n\
               @misc( k2 ,\n title={x})\n@comment{c, d}\n@preamble{\"p\"}\n@book{nokey}\n@ INBOOK {K:3-x,";
    assert_eq!(bib_keys(bib), ["Key1", "k2", "K:3-x"]);

    // A sample delta through the whole mapping.
    let scratch = Scratch::new("machinery-expectations");
    let root = scratch.dir("sample");
    let ch = "\\section{A}\\label{sec:a}\n\\cite{knuth}\n\n\\cref{fig:x} and\n\\cref{fig:x}\n\n\\label{sec:a}\n\\footnote{see \\ref{fig:x}\n and more}\n";
    let bibtext =
        "@book{knuth,\r\n title={T}}\r\n@book{dup,\r\n title={D}}\r\n@book{dup,\r\n title={D}}\r\n";
    let project = sample_project(
        &root,
        &[
            ("main.tex", ""),
            ("chapters/ch.tex", ch),
            ("refs.bib", bibtext),
            ("v.tex", "\\Verb|\\cite{knuth}|\n"),
        ],
        json!({}),
    );
    let full = json!({
        "undefined_references": [
            {"key": "fig:x", "file": "chapters/ch.tex", "line": 4, "verified": true},
            {"key": "fig:x", "file": "chapters/ch.tex", "line": 9, "verified": false},
            {"key": "fig:x", "file": "chapters/ch.tex", "line": 5, "verified": false},
        ],
        "undefined_citations": [],
    });
    let delta = json!({"added": [
        {"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 4},
        {"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 4},
        {"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 5},
        {"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 9},
        {"kind": "undefined_citation", "key": "", "file": "chapters/ch.tex", "line": 2},
        {"kind": "undefined_citation", "key": "knuth", "file": "./chapters//ch.tex", "line": 2},
        {"kind": "bib_missing_entry", "key": "knuth", "log": "main.blg"},
        {"kind": "checkcites_undefined", "key": "knuth"},
        {"kind": "multiply_defined_label", "key": "sec:a", "definitions": [
            {"command": "label", "file": "chapters/ch.tex", "line": 7},
            {"command": "label", "file": "chapters/ch.tex", "line": 1}]},
        {"kind": "multiply_defined_label", "key": "sec:a@cref", "definitions": []},
        {"kind": "bibtex_repeated_entry", "key": "dup", "file": "refs.bib", "line": 9},
    ], "removed": []});
    let spec = json!({
        "id": "sample", "kind": "duplicate bib key", "key": "dup",
        "original": {"file": "refs.bib", "line": 3}, "added": {"file": "refs.bib", "line": 5},
        "expect": {"undefined_references": [{"key": "fig:x", "file": "chapters/ch.tex", "line": 4},
                                            {"key": "fig:x", "file": "chapters/ch.tex", "line": 5},
                                            {"key": "fig:x", "file": "chapters/ch.tex", "line": 8}],
                   "undefined_citations": [{"key": "knuth", "file": "chapters/ch.tex", "line": 2},
                                           {"key": "knuth", "file": "v.tex", "line": 1}],
                   "bibtex_repeated_entry": ["dup", "other"]}
    });
    let m = sample_mutation("sample", spec, delta, full);
    let tree = project.src();
    let got = expect::for_mutation(&project, &m, &tree, false);
    assert_eq!(got.problems, Vec::<String>::new());
    let want = vec![
        Expectation {
            code: "duplicate-label",
            label: "sec:a".into(),
            rule: Rule::Duplicate {
                copies: places(&[("chapters/ch.tex", 1), ("chapters/ch.tex", 7)]),
                at: Some(place("chapters/ch.tex", 7)),
            },
            because: "LaTeX: label multiply defined".into(),
        },
        Expectation {
            code: "duplicate-entry",
            label: "dup".into(),
            rule: Rule::One {
                path: "refs.bib".into(),
                line: Some(5),
                related: Some(place("refs.bib", 3)),
            },
            because: "bibtex_repeated_entry: the key twice".into(),
        },
        Expectation {
            code: "undefined-ref",
            label: "fig:x".into(),
            rule: Rule::Places(places(&[
                ("chapters/ch.tex", 4),
                ("chapters/ch.tex", 5),
                ("chapters/ch.tex", 8),
            ])),
            because: "LaTeX: reference undefined".into(),
        },
        Expectation {
            code: "unknown-citation",
            label: "knuth".into(),
            rule: Rule::Places(places(&[("chapters/ch.tex", 2)])),
            because: "LaTeX: citation undefined".into(),
        },
    ];
    assert_eq!(got.checks, want);
    let notes = got.notes.join("\n");
    for needle in [
        "LaTeX says chapters/ch.tex:9 for `fig:x`, where the key is not written",
        "verified=false for `fig:x` at chapters/ch.tex:5, but the key is on that line",
        "the oracle says refs.bib:9 for `dup`, which does not hold the key",
        "expect.bibtex_repeated_entry = [dup, other] but delta_vs_base has bibtex_repeated_entry [dup]",
        "expect lists v.tex:1 `knuth` that the tools did not report; the tools reported (none)",
        "(v.tex:1 has the key inside \\Verb or \\verb: verbatim text, not a citation)",
        "a warning with an empty key at chapters/ch.tex:2",
    ] {
        assert!(notes.contains(needle), "no note {needle:?} in:\n{notes}");
    }
    assert!(
        !notes.contains("expect.undefined_references"),
        "agrees once lines are resolved:\n{notes}"
    );

    // An unused entry (checkcites) and a blind project's empty delta.
    let spec = json!({"id": "u", "kind": "unused bib entry", "key": "dup", "added": {"file": "refs.bib", "line": 5}});
    let seen = sample_mutation(
        "u",
        spec.clone(),
        json!({"added": [{"kind": "checkcites_unused", "key": "dup"}], "removed": []}),
        json!({}),
    );
    let blind = sample_mutation(
        "unused-bib-entry",
        spec,
        json!({"added": [], "removed": []}),
        json!({}),
    );
    let one = Rule::One {
        path: "refs.bib".into(),
        line: Some(5),
        related: None,
    };
    for (m, is_blind) in [(&seen, false), (&blind, true)] {
        let got = expect::for_mutation(&project, m, &tree, is_blind);
        assert_eq!(got.checks.len(), 1, "{got:?}");
        assert_eq!(
            (got.checks[0].code, &got.checks[0].rule),
            ("unused-entry", &one)
        );
    }
    let got = expect::for_mutation(&project, &blind, &tree, false);
    assert!(
        got.problems[0].contains("expects no finding"),
        "{:?}",
        got.problems
    );
    // Unknown kinds and disappearing findings are problems; moved ones are not.
    let odd = sample_mutation(
        "odd",
        json!({"key": "x"}),
        json!({
        "added": [{"kind": "new_kind", "key": "x"}, {"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 5}],
        "removed": [{"kind": "undefined_reference", "key": "fig:x", "file": "chapters/ch.tex", "line": 4},
                    {"kind": "undefined_citation", "key": "gone", "file": "chapters/ch.tex", "line": 2}]}),
        json!({}),
    );
    let got = expect::for_mutation(&project, &odd, &tree, false);
    assert_eq!(got.problems.len(), 2, "{:?}", got.problems);
    assert!(got.problems[0].contains("`new_kind`") && got.problems[1].contains("`gone`"));
    assert!(
        got.checks.is_empty() && got.notes.iter().any(|n| n.contains("moved")),
        "{got:?}"
    );

    // The real base oracles.
    let thoma = expect::for_base(&Project::load("thoma-activation-functions"), false);
    assert_eq!(
        thoma.checks,
        vec![Expectation {
            code: "duplicate-label",
            label: "table:activation-functions-overview".into(),
            rule: Rule::Duplicate {
                copies: places(&[("appendix.tex", 37), ("appendix.tex", 152)]),
                at: Some(place("appendix.tex", 152)),
            },
            because: "LaTeX: label multiply defined".into(),
        }]
    );
    let mut sizes = BTreeMap::new();
    for id in project_ids() {
        let p = Project::load(&id);
        let blind = super::CHECKCITES_BLIND.contains(&id.as_str());
        let base = expect::for_base(&p, blind);
        assert_eq!(base.problems, Vec::<String>::new(), "{id}");
        if id != "thoma-activation-functions" {
            assert!(base.checks.is_empty(), "{id}: {:?}", base.checks);
        }
        let bibs = bib_files(&p.src());
        assert_eq!(base.unused.is_some(), !bibs.is_empty(), "{id}");
        let Some(unused) = base.unused else { continue };
        // The .bib scan agrees with checkcites wherever checkcites sees.
        let cited = p.cited_folded();
        let scanned: BTreeSet<String> = bibs
            .iter()
            .flat_map(|b| {
                bib_keys(&String::from_utf8_lossy(
                    &std::fs::read(p.src().join(b)).unwrap_or_default(),
                ))
            })
            .map(|k| k.to_lowercase())
            .filter(|k| !cited.contains(k))
            .collect();
        let expected: BTreeSet<String> = unused.keys().cloned().collect();
        assert_eq!(
            expected, scanned,
            "{id}: expected unused set vs .bib keys less cited keys"
        );
        sizes.insert(id, unused.len());
    }
    let stt = &sizes["scientific-thesis-template"];
    assert_eq!(*stt, 2, "Winery and Binz2009");
    let hott = expect::for_base(&Project::load("hott-book"), false);
    assert!(!hott
        .unused
        .as_ref()
        .expect("hott unused")
        .contains_key("scott70"));
    assert_eq!(sizes["hott-book"], 11, "checkcites' 12 less Scott70");
    let sympy = expect::for_base(&Project::load("sympy-paper"), false);
    assert_eq!(
        sizes["sympy-paper"], 226,
        "checkcites' 239 less 4 case mismatches and 9 keys supplement.tex cites"
    );
    let notes = sympy.notes.join("\n");
    for needle in [
        "unused 4 entries that the sources cite with another case",
        "gmpy (cited as GMPY)",
        "unused 9 entries that aux_inventory.cited_keys has",
        "Wolfram2003book",
    ] {
        assert!(notes.contains(needle), "no note {needle:?} in:\n{notes}");
    }

    let config: toml::Table = super::OLIMPORT_CONFIG
        .parse()
        .expect("OLIMPORT_CONFIG is TOML");
    assert_eq!(
        config["latex"]["commands"]["olimport*"]["from"].as_str(),
        Some("root")
    );
    assert_eq!(
        config["latex"]["commands"]["olimport"]["include"].as_str(),
        Some("#1/#2")
    );
}

/// Every patch applies to a scratch copy (git apply; `patch` as the
/// fallback is proved on one project), the mutation json's places hold the
/// key, every mutation's expectations build without a problem, and a
/// perfect ibid (its report made from the expectations) passes every case.
pub fn patches() {
    let mut problems = Vec::new();
    for id in project_ids() {
        let p = Project::load(&id);
        let blind = super::CHECKCITES_BLIND.contains(&id.as_str());
        let scratch = Scratch::new(&format!("machinery-patches-{id}"));
        let pristine = p.src();
        // A perfect ibid passes: the base (with the EXPLAINED rows) ...
        let mut base = perfect(&expect::for_base(&p, blind), &p.main);
        for (_, code, path, label, _) in super::EXPLAINED.iter().filter(|e| e.0 == id) {
            base.findings.push(Finding {
                code: (*code).to_owned(),
                place: Place::new(path, 1),
                column: 1,
                label: Some((*label).to_owned()),
                message: String::new(),
                related: Vec::new(),
            });
        }
        let (base_problems, _) = check_base(
            &id,
            &p.main,
            &expect::for_base(&p, blind),
            &base,
            super::EXPLAINED,
            super::EXPLAINED_FAILURES,
        );
        problems.extend(
            base_problems
                .iter()
                .map(|b| format!("{id}: perfect base: {b}")),
        );
        for m in &p.mutations {
            let tree = scratch.copy(&m.id, &pristine);
            match run::git_apply(&tree, &m.patch) {
                Ok(()) => {}
                Err(e) => {
                    problems.push(format!("{id}/{}: git apply: {e}", m.id));
                    continue;
                }
            }
            let holds = |root: &Path, place: &Place| {
                Lines::read(&root.join(&place.path))
                    .and_then(|l| l.line(place.line).map(|l| l.contains(m.key())))
                    .unwrap_or(false)
            };
            for (field, root) in [
                ("added", &tree),
                ("original", &pristine),
                ("removed_from", &pristine),
            ] {
                if let Some(place) = m.place(&p, field) {
                    if !holds(root, &place) {
                        problems.push(format!(
                            "{id}/{}: {field} {place} does not hold `{}`",
                            m.id,
                            m.key()
                        ));
                    }
                }
            }
            if let Some(place) = m.place(&p, "removed_from") {
                if holds(&tree, &place) {
                    problems.push(format!(
                        "{id}/{}: the patch left `{}` at {place}",
                        m.id,
                        m.key()
                    ));
                }
            }
            let expected = expect::for_mutation(&p, m, &tree, blind);
            for problem in &expected.problems {
                problems.push(format!("{id}/{}: {problem}", m.id));
            }
            // ... and so does each mutation, and one finding less fails.
            let mut mutated = perfect(&expected, &p.main);
            mutated.findings.extend(base.findings.iter().cloned());
            for problem in check_mutation(&expected, &base, &mutated) {
                problems.push(format!("{id}/{}: perfect ibid: {problem}", m.id));
            }
            mutated.findings.remove(0);
            if check_mutation(&expected, &base, &mutated).is_empty() {
                problems.push(format!("{id}/{}: a finding less went unnoticed", m.id));
            }
        }
    }

    // The fallback, and a patch that applies nowhere.
    let p = Project::load("tufte-latex");
    let scratch = Scratch::new("machinery-patch-fallback");
    let m = p
        .mutations
        .iter()
        .find(|m| m.id == "missing-label")
        .expect("tufte-latex missing-label");
    let (by_git, by_patch) = (
        scratch.copy("git", &p.src()),
        scratch.copy("patch", &p.src()),
    );
    assert_eq!(run::apply_patch(&by_git, &m.patch), Ok("git apply"));
    patch_p1(&by_patch, &m.patch).expect("patch -p1 applies the mutation");
    let read = |dir: &Path| std::fs::read(dir.join("sample-handout.tex")).expect("patched file");
    assert_eq!(read(&by_git), read(&by_patch));
    assert_ne!(
        read(&by_git),
        std::fs::read(p.src().join("sample-handout.tex")).expect("original")
    );
    let bogus = by_git.parent().expect("case folder").join("bogus.patch");
    std::fs::write(
        &bogus,
        "--- a/sample-handout.tex\n+++ b/sample-handout.tex\n@@ -1,1 +1,1 @@\n-no such line\n+x\n",
    )
    .expect("bogus patch");
    let e = run::apply_patch(&by_git, &bogus).expect_err("a patch whose context is absent");
    assert!(
        e.contains("git apply -p1:") && e.contains("patch -p1:"),
        "{e}"
    );

    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
