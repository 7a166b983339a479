//! The harness's own checks: the corpus has the shape the harness reads,
//! oracle lines and patches become the right places, the comparison finds
//! every kind of problem (a test that cannot fail is not a test), and a
//! perfect ibid passes every case of the corpus.

use std::collections::BTreeSet;

use super::compare::{check_base, check_mutation, Context};
use super::corpus::{asciidoc_files, project_ids, Message, Placeholder, Project};
use super::expect;
use super::oracle::{classify, delta, occurrences, Class, Occurrence};
use super::run;
use super::shift::Shift;
use super::source::{defines, definition_line, include_targets, locate, needles, resolve};
use crate::conformance_corpus::{assert_projects_listed, Lines, Place};
use crate::conformance_oracle::{perfect, placed, want, Warning, BASE};
use crate::conformance_run::{Finding, Report, Scratch};

/// The harness's list of books is the index's; every mutation has its
/// three files; every oracle kind is mapped or skipped; the oracles' real
/// findings are the README's; lnbook is the one book without a master.
pub fn corpus_shape() {
    let ids = project_ids();
    assert_projects_listed(&ids, super::PROJECTS);
    let mut total = 0;
    let mut kinds = BTreeSet::new();
    let mut real = Vec::new();
    for id in &ids {
        let p = Project::load(id);
        match (&p.main, &p.atlas) {
            (Some(main), None) => assert!(p.src().join(main).is_file(), "{id}: no src/{main}"),
            (None, Some(atlas)) => assert!(p.src().join(atlas).is_file(), "{id}: no {atlas}"),
            other => panic!("{id}: main and atlas {other:?}"),
        }
        for m in &p.mutations {
            m.assert_named(id);
            kinds.extend(m.oracle.messages.iter().map(|w| w.warning.kind.clone()));
        }
        kinds.extend(p.messages.iter().map(|w| w.warning.kind.clone()));
        total += p.mutations.len();
        let expected = expect::for_base(&p);
        assert!(
            expected.problems.is_empty(),
            "{id}: {:#?}",
            expected.problems
        );
        real.extend(expected.checks.iter().map(|e| {
            (
                id.clone(),
                e.code,
                e.at.path.clone(),
                e.at.line,
                e.label.clone(),
            )
        }));
    }
    assert_eq!(total, super::MUTATIONS, "mutations in the corpus");
    for kind in kinds {
        assert_ne!(classify(&kind), Class::Unknown, "oracle kind `{kind}`");
    }
    let readme: Vec<_> = super::README_FINDINGS
        .iter()
        .map(|(b, c, p, l, k)| ((*b).to_owned(), *c, (*p).to_owned(), *l, (*k).to_owned()))
        .collect();
    assert_eq!(
        real, readme,
        "the oracles' real findings are README_FINDINGS"
    );
}

/// Patches' renumbering and the line rules, on made-up text.
pub fn line_rule() {
    let patch = "--- a/d/a.adoc\n+++ b/d/a.adoc\n@@ -2,3 +2,4 @@\n ctx\n-gone\n+new\n+more\n \
                 ctx\n@@ -10,0 +12,2 @@\n+x\n+y\n--- a/b.adoc\n+++ b/b.adoc\n@@ -1,2 +1,1 @@\n-[[k]]\n \
                 text\n\\ No newline at end of file\n";
    let shift = Shift::parse(patch).expect("made-up patch");
    let files: Vec<&str> = shift.files().collect();
    assert_eq!(files, ["b.adoc", "d/a.adoc"]);
    let a = |n| shift.line("d/a.adoc", n);
    assert_eq!(
        (1..=12).map(a).collect::<Vec<_>>(),
        [1, 2, 0, 5, 6, 7, 8, 9, 10, 11, 14, 15]
            .map(|n| (n > 0).then_some(n))
            .to_vec()
    );
    assert_eq!(shift.line("b.adoc", 1), None, "deleted");
    assert_eq!(shift.line("b.adoc", 2), Some(1));
    assert_eq!(shift.line("other.adoc", 7), Some(7));
    assert!(Shift::parse("+++ b/x\n@@ -1,2 +1,2 @@\n a\n").is_err());
    assert!(Shift::parse("+++ b/x\n@@ -1 +1 @@\n a\n b\n").is_err());

    let text = Lines::of(
        "[[sec-a]]\n== A\n\nSee <<x>> and\n<<x,the x>> then xref:x[] here.\n\n\
         [#fig.wide]\n.T\nimage::a.png[]\n\ninclude::../c/d.py[]\nfootnote:n[] ifdef::p[include::q.asc[]]\n",
    );
    let x = needles("undefined-ref", "x");
    assert_eq!(locate(&text, 4, &x, 0), Some(4));
    assert_eq!(locate(&text, 4, &x, 1), Some(5));
    assert_eq!(locate(&text, 4, &x, 2), Some(5));
    assert_eq!(locate(&text, 4, &x, 3), None, "the block ends");
    assert_eq!(
        locate(&text, 3, &x, 0),
        Some(4),
        "from a block's first line"
    );
    assert_eq!(locate(&text, 12, &needles("unresolved", "n"), 0), Some(12));
    assert_eq!(
        locate(&text, 11, &needles("missing-file", "../c/d.py"), 0),
        Some(11)
    );
    assert_eq!(definition_line(&text, 2, "sec-a"), Some(1));
    assert_eq!(definition_line(&text, 9, "fig"), Some(7));
    assert_eq!(definition_line(&text, 9, "fi"), None);
    for (line, key) in [
        ("[[k]]", "k"),
        ("[[k,Text]]", "k"),
        ("[[[k]]] A book", "k"),
        ("[#k%collapsible]", "k"),
        ("[source,id=k]", "k"),
        ("[quote,id=\"k\",x]", "k"),
        ("text anchor:k[] text", "k"),
    ] {
        assert!(defines(line, key), "{line}");
    }
    assert!(!defines("[#kk]", "k") && !defines("<<k>>", "k") && !defines("[[kk]]", "k"));
    assert_eq!(include_targets("ifdef::p[include::q.asc[]]"), ["q.asc"]);
    assert_eq!(resolve("book/s/c.asc", "../g"), "book/g");
    assert_eq!(resolve("c.asc", "code/a.py"), "code/a.py");

    assert_eq!(classify("xref_unresolved"), Class::Mapped("undefined-ref"));
    assert_eq!(classify("duplicate_id"), Class::Mapped("duplicate-label"));
    assert_eq!(
        classify("footnote_invalid_ref"),
        Class::Mapped("unresolved")
    );
    assert_eq!(classify("include_missing"), Class::Mapped("missing-file"));
    assert!(matches!(classify("callout"), Class::Skipped(_)));
    assert_eq!(classify("new_kind"), Class::Unknown);
}

pub fn message(kind: &str, at: Option<(&str, usize)>, key: Option<&str>) -> Message {
    Message {
        warning: Warning {
            kind: kind.to_owned(),
            file: at.map(|(f, _)| f.to_owned()),
            line: at.map(|(_, l)| l),
            key: key.map(str::to_owned),
            message: format!("{kind} {}", key.unwrap_or("-")),
        },
        locations: Vec::new(),
        by_hand: false,
    }
}

pub fn by_hand(kind: &str, key: &str, at: &[(&str, usize)]) -> Message {
    Message {
        locations: at.iter().map(|(f, l)| Place::new(f, *l)).collect(),
        by_hand: true,
        ..message(kind, None, Some(key))
    }
}

/// Oracle messages and placeholders become places in a made-up book.
pub fn expectations() {
    let scratch = Scratch::new("machinery-expectations");
    let dir = scratch.dir("p");
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("s")).expect("scratch src");
    let a = "= Book\n\ninclude::s/b.adoc[]\ninclude::code/x.py[]\n\n[[dup]]\n== Title\n\nSee \
             <<gone>>.\n";
    std::fs::write(src.join("a.adoc"), a).expect("a.adoc");
    std::fs::write(
        src.join("s/b.adoc"),
        "[[dup]]\n== B\n\nText <<gone>> and\n<<gone>>.\n",
    )
    .expect("b.adoc");
    let project = Project {
        id: "p".into(),
        dir,
        main: Some("a.adoc".into()),
        atlas: None,
        messages: vec![
            by_hand(
                "xref_unresolved",
                "gone",
                &[("a.adoc", 9), ("s/b.adoc", 4), ("s/b.adoc", 5)],
            ),
            by_hand(
                "xref_unresolved",
                "gone",
                &[("a.adoc", 9), ("s/b.adoc", 4), ("s/b.adoc", 5)],
            ),
            by_hand(
                "xref_unresolved",
                "gone",
                &[("a.adoc", 9), ("s/b.adoc", 4), ("s/b.adoc", 5)],
            ),
            message("duplicate_id", Some(("a.adoc", 7)), Some("dup")),
            message("section_level", Some(("a.adoc", 7)), None),
            message("include_missing", Some(("s/b.adoc", 4)), Some("gone")),
            by_hand("footnote_invalid_ref", "f", &[("a.adoc", 9)]),
            by_hand("footnote_invalid_ref", "f", &[("a.adoc", 9)]),
            message("include_missing", None, Some("z")),
            message("new_kind", Some(("a.adoc", 1)), None),
        ],
        placeholders: vec![
            Placeholder {
                path: "s/code/x.py".into(),
                included_from: None,
            },
            Placeholder {
                path: "code/x.py".into(),
                included_from: Some("a.adoc".into()),
            },
        ],
        mutations: Vec::new(),
    };
    let out = expect::for_base(&project);
    let got: Vec<_> = out.all().map(placed).collect();
    assert_eq!(
        got,
        vec![
            want("duplicate-label", "dup", "a.adoc:6", Some("s/b.adoc:1")),
            want("missing-file", "gone", "s/b.adoc:4", None),
            want("unresolved", "f", "a.adoc:9", None),
            want("undefined-ref", "gone", "a.adoc:9", None),
            want("undefined-ref", "gone", "s/b.adoc:4", None),
            want("undefined-ref", "gone", "s/b.adoc:5", None),
            want("missing-file", "code/x.py", "a.adoc:4", None),
        ]
    );
    let notes = out.notes.join("\n");
    assert!(
        notes.contains("names the block or title at a.adoc:7; its id is written at line 6"),
        "{notes}"
    );
    assert!(
        notes.contains("missing-file `gone`: include::gone[ (occurrence 1) not found"),
        "{notes}"
    );
    let problems = out.problems.join("\n");
    assert_eq!(out.problems.len(), 4, "{problems}");
    assert!(problems.contains("2 `footnote_invalid_ref` message(s) of `f` but 1 hand-found"));
    assert!(problems.contains("a `include_missing` message without a location"));
    assert!(problems.contains("oracle kind `new_kind`"));
    assert!(problems.contains("placeholder `s/code/x.py` (included from an unrecorded file)"));

    // The oracle's delta: a place the patch moves cancels, one on a
    // deleted line is removed, a new one is added.
    let shift = Shift::parse("+++ b/a.adoc\n@@ -1,2 +1,3 @@\n-x\n+y\n+z\n w\n").expect("patch");
    let mut ignored = Vec::new();
    let base = occurrences(
        &[
            message("duplicate_id", Some(("a.adoc", 2)), Some("k")),
            message("duplicate_id", Some(("a.adoc", 1)), Some("gone")),
            by_hand("xref_unresolved", "r", &[("a.adoc", 5)]),
        ],
        &mut ignored,
    );
    let mutated = occurrences(
        &[
            message("duplicate_id", Some(("a.adoc", 3)), Some("k")),
            by_hand("xref_unresolved", "r", &[("a.adoc", 6), ("b.adoc", 1)]),
            by_hand("xref_unresolved", "r", &[("a.adoc", 6), ("b.adoc", 1)]),
        ],
        &mut ignored,
    );
    assert!(ignored.is_empty(), "{ignored:?}");
    let (added, removed) = delta(&base, &mutated, &shift);
    let places = |o: &[Occurrence]| -> Vec<String> {
        o.iter()
            .map(|o| {
                format!(
                    "{} {}",
                    o.key,
                    o.place.as_ref().map(Place::to_string).unwrap_or_default()
                )
            })
            .collect()
    };
    assert_eq!(places(&added), ["r b.adoc:1"]);
    assert_eq!(places(&removed), ["gone a.adoc:1"]);
}

/// Every patch applies to a scratch copy and is undone after; the
/// harness's renumbering of each patch matches the patched files; the
/// expectations of every case are readable; and a perfect ibid passes
/// every case.
pub fn patches() {
    let mut problems = Vec::new();
    for id in project_ids() {
        let project = Project::load(&id);
        let scratch = Scratch::new(&format!("machinery-{id}"));
        let dir = scratch.copy("book", &project.src());
        let files = asciidoc_files(&dir);
        let expected = expect::for_base(&project);
        let base = Report {
            findings: perfect(expected.all()),
            files: files
                .iter()
                .map(|(p, _)| (p.clone(), "asciidoc".to_owned()))
                .collect(),
            ..Report::default()
        };
        let out = check_base(&book(&project, &files, BASE), &expected, &base);
        problems.extend(out.problems.iter().map(|p| format!("{id} base: {p}")));
        for m in &project.mutations {
            let shift = match Shift::read(&m.patch) {
                Ok(s) => s,
                Err(e) => {
                    problems.push(format!("{id}/{}: {e}", m.id));
                    continue;
                }
            };
            let ran = run::patched(&dir, &m.patch, &shift, |patched| {
                let mut p = renumbering(&project, &shift, patched);
                let expected = expect::for_mutation(&project, m, patched, &shift);
                let mut findings: Vec<Finding> = base
                    .findings
                    .iter()
                    .filter_map(|f| {
                        let place = shift.place(&f.place)?;
                        Some(Finding { place, ..f.clone() })
                    })
                    .collect();
                findings.extend(perfect(expected.all()));
                let mutated = Report {
                    findings,
                    ..Report::default()
                };
                p.extend(check_mutation(
                    &book(&project, &files, &m.id),
                    &expected,
                    &base,
                    &mutated,
                    &shift,
                ));
                p
            });
            match ran {
                Ok(p) => problems.extend(p.iter().map(|p| format!("{id}/{}: {p}", m.id))),
                Err(e) => problems.push(format!("{id}/{}: {e}", m.id)),
            }
            for file in shift.files() {
                let restored = std::fs::read(dir.join(file)).ok();
                if restored != std::fs::read(project.src().join(file)).ok() {
                    problems.push(format!("{id}/{}: {file} not restored", m.id));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A book's context with no EXPLAINED rows (a perfect ibid needs none).
fn book<'a>(project: &'a Project, files: &'a [(String, Lines)], case: &'a str) -> Context<'a> {
    Context {
        project: &project.id,
        case,
        files,
        atlas: project.atlas.as_deref(),
        explained: &[],
    }
}

/// Each line the patch keeps is, at its new number in `patched`, the line
/// it was in the book's `src/`.
fn renumbering(project: &Project, shift: &Shift, patched: &std::path::Path) -> Vec<String> {
    let mut problems = Vec::new();
    for file in shift.files() {
        let (Some(old), Some(new)) = (
            Lines::read(&project.src().join(file)),
            Lines::read(&patched.join(file)),
        ) else {
            problems.push(format!("{file}: unreadable"));
            continue;
        };
        for n in 1..=old.len() {
            if let Some(m) = shift.line(file, n) {
                if old.line(n) != new.line(m) {
                    problems.push(format!("{file}: old line {n} is not new line {m}"));
                    break;
                }
            }
        }
    }
    problems
}
