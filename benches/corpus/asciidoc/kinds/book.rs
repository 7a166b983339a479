//! Books (a master that includes its chapters) and single articles.

use super::super::super::words::LISTING_LINES;
use super::super::super::{push_capitalized, Rng};
use super::super::text::{Ids, Scope, Section, Shared, Writer};
use super::super::{Build, Code};
use super::{
    bibliography, cite_rest, keys, plant_middle, targets, Later, Names, Plants, ATTRIBUTES, NOUNS,
    PEOPLE, PRODUCTS,
};

/// A chapter of a book.
struct Chapter {
    /// In the unit: `chapters/ch03-model.adoc`.
    file: String,
    /// Included with `leveloffset=+1`: its title at level 0.
    offset: bool,
    /// Named through `{chapdir}` in the master.
    attribute: bool,
    appendix: bool,
    plan: Vec<Section>,
}

/// Where in a book each planted defect goes (a chapter index).
struct Places {
    middle: usize,
    duplicate_label: usize,
    duplicate_generated: usize,
    missing: usize,
}

/// `book.adoc`, its chapters (with sidebars and code samples) and
/// `references.adoc`, to about `size` bytes of `.adoc`.
pub fn book(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let ids = match rng.percent(25) {
        true => Ids::DASHED,
        false => Ids::DEFAULT,
    };
    let mut names = Names::new();
    let preface = names.reserve("Preface", ids);
    names.reserve("References", ids);
    names.reserve("Index", ids);
    let n = (size / 140_000).clamp(3, 16);
    let mut chapters = Vec::new();
    for i in 0..n {
        let appendix = i == n - 1 && n > 3;
        let sections = rng.range(4, 12);
        let plan = names.plan(&mut rng, ids, "sec", sections, (1, 2));
        let slug = plan[0]
            .title
            .split_whitespace()
            .next()
            .unwrap_or("part")
            .to_lowercase();
        let file = match appendix {
            true => format!("chapters/appendix-{slug}.adoc"),
            false => format!("chapters/ch{:02}-{slug}.adoc", i + 1),
        };
        chapters.push(Chapter {
            file,
            offset: rng.percent(50),
            attribute: rng.percent(70),
            appendix,
            plan,
        });
    }
    let count = rng.range(6, 24);
    let keys = keys(&mut rng, count);
    let unused = super::keys(&mut rng, keys.len() + 1)
        .into_iter()
        .find(|k| !keys.contains(k))
        .unwrap_or_else(|| "unused00".into());
    let mut scope = Scope {
        attributes: ATTRIBUTES.to_vec(),
        ..Scope::default()
    };
    scope.ids.extend(preface.clone());
    for c in &chapters {
        targets(&c.plan, &mut scope.ids);
    }
    let p = Plants::pick(&mut rng, every, 35);
    let at = Places {
        middle: rng.below(n),
        duplicate_label: rng.range(1, n - 1),
        duplicate_generated: rng.range(1, n - 1),
        missing: rng.below(n),
    };
    // Every plant of `every` books, with the missing include in both
    // places; else in the master or in a chapter.
    let missing_in_master = p.missing_file && (every || rng.percent(50));
    let missing_in_chapter = p.missing_file && (every || !missing_in_master);
    let mut shared = Shared::new(keys.clone());
    let share = size / (n + 1);

    let seed = rng.next_u64();
    let mut w = Writer::new(Rng::new(seed), &scope, &mut shared, "book.adoc");
    master(&mut w, &chapters, ids, preface.is_none(), share / 3);
    if p.undefined_file {
        let c = &chapters[w.rng.below(n)];
        let id = format!("{}-old", c.plan[0].target().unwrap_or("intro"));
        let label = format!("{}#{id}", c.file);
        w.plant(Code::UndefinedRef, &label, &format!("xref:{label}[]"));
        let label = format!("chapters/ch{:02}-retired.adoc#overview", n + 2);
        w.plant(
            Code::UndefinedRef,
            &label,
            &format!("xref:{label}[the old chapter]"),
        );
    }
    for (k, c) in chapters.iter().enumerate() {
        if c.appendix {
            w.line("[appendix]");
        }
        let dir = if c.attribute { "{chapdir}" } else { "chapters" };
        let file = c.file.trim_start_matches("chapters/");
        let offset = if c.offset { "leveloffset=+1" } else { "" };
        w.line(&format!("include::{dir}/{file}[{offset}]"));
        w.line("");
        if w.rng.percent(20) && k + 1 < n {
            w.line("ifdef::backend-pdf[]\n<<<\nendif::[]\n");
        }
    }
    if missing_in_master {
        // Labelled by the path it names, the attribute replaced.
        let file = format!("ch{:02}-draft.adoc", n + 1);
        w.record(Code::MissingFile, &format!("chapters/{file}"));
        w.line(&format!("include::{{chapdir}}/{file}[]"));
        w.line("");
    }
    w.line("include::references.adoc[]\n");
    w.line("[index]\n== Index");
    let (text, defects) = w.finish();
    b.put("book.adoc", text);
    b.defects.extend(defects);
    b.more.roots.push("book.adoc".into());

    let mut later = Later::default();
    for (k, c) in chapters.iter().enumerate() {
        let seed = rng.next_u64();
        let mut w = Writer::new(Rng::new(seed), &scope, &mut shared, &c.file);
        if c.offset {
            w = w.offset();
        }
        let bytes = share / c.plan.len();
        let middle = c.plan.len() / 2;
        for (i, s) in c.plan.iter().enumerate() {
            w.section(s, bytes);
            if i != middle {
                continue;
            }
            if k == at.middle {
                later = plant_middle(&mut w, &p, &names, &scope, &keys);
            }
            if p.duplicate_label && k == at.duplicate_label {
                let earlier = chapters[..k].iter().flat_map(|c| &c.plan);
                let explicit: Vec<&str> = earlier
                    .filter_map(|s| s.id.as_ref().map(|i| i.0.as_str()))
                    .collect();
                if !explicit.is_empty() {
                    let id = w.rng.pick(&explicit);
                    w.plant_anchor(Code::DuplicateLabel, id);
                }
            }
            if p.duplicate_generated && k == at.duplicate_generated {
                let earlier = chapters[..k].iter().flat_map(|c| &c.plan);
                let generated: Vec<&str> = earlier.filter_map(|s| s.generated.as_deref()).collect();
                if !generated.is_empty() {
                    let id = w.rng.pick(&generated);
                    w.plant_anchor(Code::DuplicateLabel, id);
                }
            }
            if missing_in_chapter && k == at.missing {
                w.record(Code::MissingFile, "sidebars/sb-retired.adoc");
                w.line("include::sidebars/sb-retired.adoc[]\n");
            }
            if w.rng.percent(30) {
                sidebar(&mut w, &mut b, k);
            }
            if w.rng.percent(30) {
                code_sample(&mut w, &mut b, k);
            }
        }
        if k > at.middle || k + 1 == n {
            std::mem::take(&mut later).write(&mut w);
        }
        if k + 1 == n {
            cite_rest(&mut w);
        }
        let (text, defects) = w.finish();
        b.put(&c.file, text);
        b.defects.extend(defects);
    }

    let seed = rng.next_u64();
    let mut w = Writer::new(Rng::new(seed), &scope, &mut shared, "references.adoc");
    let unused = p.unused_entry.then_some(unused.as_str());
    bibliography(&mut w, "==", &keys, unused);
    let (text, defects) = w.finish();
    b.put("references.adoc", text);
    b.defects.extend(defects);
    b
}

/// The master's header (with attribute entries no checker may read as
/// markup), its preface and the links from it to the chapters.
fn master(w: &mut Writer, chapters: &[Chapter], ids: Ids, explicit_preface: bool, bytes: usize) {
    let product = w.rng.pick(PRODUCTS);
    let mut title = String::new();
    push_capitalized(&mut title, product);
    w.line(&format!("= {title} in Practice"));
    let r = &mut w.rng;
    let authors = format!("{}; {}", r.pick(PEOPLE), r.pick(PEOPLE));
    let (major, minor) = (r.range(1, 4), r.below(10));
    let (year, month, day) = (r.range(2012, 2024), r.range(1, 12), r.range(1, 28));
    let version = format!("{}.{}", r.range(1, 9), r.below(20));
    w.line(&authors);
    w.line(&format!("v{major}.{minor}, {year}-{month:02}-{day:02}"));
    w.line(":doctype: book\n:toc: left\n:sectnums:\n:chapdir: chapters\n:imagesdir: images");
    w.line(&format!(
        ":product: {title}\n:version: {version}\n:url-repo: https://example.org/{product}"
    ));
    w.push(ids.header());
    if w.rng.percent(60) {
        w.line(":legacy-xref: <<old-intro>> footnote:[retired] [[todo-anchor]]");
    }
    w.line("ifdef::env-github[]\n:tip-caption: :bulb:\nendif::[]");
    w.line("");
    w.line("[preface]");
    if explicit_preface {
        w.line("[[preface]]");
    }
    w.line("== Preface");
    w.line("");
    let end = w.len() + bytes;
    while w.len() < end {
        w.block();
    }
    for _ in 0..2 {
        let c = &chapters[w.rng.below(chapters.len())];
        let s = &c.plan[w.rng.below(c.plan.len())];
        if let Some(id) = s.target() {
            let noun = w.rng.pick(NOUNS).to_lowercase();
            w.aside(&format!("xref:{}#{id}[the {noun} section]", c.file));
        }
    }
}

/// A sidebar file beside the chapter, included here.
fn sidebar(w: &mut Writer, b: &mut Build, k: usize) {
    let file = format!("sidebars/sb-{:02}-{}.adoc", k + 1, w.len());
    w.line(&format!("include::{file}[]\n"));
    let mut s = w.nested(&format!("chapters/{file}"));
    let noun = s.rng.pick(NOUNS).to_lowercase();
    s.line(&format!(".The {noun} at a glance"));
    s.line("****");
    for _ in 0..s.rng.range(1, 3) {
        s.paragraph();
    }
    s.line("****");
    let (text, defects) = s.finish();
    b.put(&format!("chapters/{file}"), text);
    b.defects.extend(defects);
}

/// A code sample under `code/`, included into a listing.
fn code_sample(w: &mut Writer, b: &mut Build, k: usize) {
    let file = format!("code/ch{:02}/example-{}.py", k + 1, w.len());
    w.line(&format!(
        "[source,python]\n----\ninclude::../{file}[]\n----\n"
    ));
    let mut text = String::new();
    for _ in 0..w.rng.range(4, 16) {
        text.push_str(w.rng.pick(LISTING_LINES));
        text.push('\n');
    }
    text.push_str("# not markup here: <<old-intro>> footnote:[] [[todo-anchor]]\n");
    b.support(&file, text);
}

/// One document with its bibliography.
pub fn article(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let ids = match rng.below(10) {
        0..=1 => Ids::NONE,
        2..=4 => Ids::DASHED,
        _ => Ids::DEFAULT,
    };
    let mut names = Names::new();
    names.reserve("References", ids);
    let n = (size / 9_000).clamp(3, 30);
    let plan = names.plan(&mut rng, ids, "sec", n, (1, 1));
    let count = rng.range(3, 14);
    let keys = keys(&mut rng, count);
    let unused = super::keys(&mut rng, keys.len() + 1)
        .into_iter()
        .find(|k| !keys.contains(k))
        .unwrap_or_else(|| "unused00".into());
    let mut scope = Scope::default();
    targets(&plan, &mut scope.ids);
    let p = Plants::pick(&mut rng, every, 30);
    let mut shared = Shared::new(keys.clone());
    let seed = rng.next_u64();
    let mut w = Writer::new(Rng::new(seed), &scope, &mut shared, "article.adoc");

    let mut title = String::new();
    push_capitalized(&mut title, w.rng.pick(NOUNS));
    w.line(&format!("= Notes on the {title}"));
    let who = w.rng.pick(PEOPLE);
    let mail = who.split_whitespace().next().unwrap_or("a").to_lowercase();
    w.line(&format!("{who} <{mail}@example.org>"));
    w.line(":toc:\n:sectanchors:");
    w.push(ids.header());
    if w.rng.percent(50) {
        w.line(":legacy-note: footnote:[old] <<old-intro>>");
    }
    w.line("");
    w.line("[abstract]\n.Abstract");
    w.paragraph();

    let bytes = size / plan.len();
    let middle = plan.len() / 2;
    let mut later = Later::default();
    for (i, s) in plan.iter().enumerate() {
        w.section(s, bytes);
        if i != middle {
            continue;
        }
        later = plant_middle(&mut w, &p, &names, &scope, &keys);
        if p.undefined_file {
            let label = "companion-notes.adoc#setup";
            w.plant(
                Code::UndefinedRef,
                label,
                &format!("xref:{label}[the notes]"),
            );
        }
        if p.missing_file {
            w.record(Code::MissingFile, "partials/disclaimer.adoc");
            w.line("include::partials/disclaimer.adoc[]\n");
        }
    }
    later.write(&mut w);
    let before = &plan[..plan.len() - 1];
    if p.duplicate_label {
        let explicit: Vec<&str> = before
            .iter()
            .filter_map(|s| s.id.as_ref().map(|i| i.0.as_str()))
            .collect();
        if !explicit.is_empty() {
            let id = w.rng.pick(&explicit);
            w.plant_anchor(Code::DuplicateLabel, id);
        }
    }
    let generated: Vec<&str> = before
        .iter()
        .filter_map(|s| s.generated.as_deref())
        .collect();
    if p.duplicate_generated && !generated.is_empty() {
        let id = w.rng.pick(&generated);
        w.plant_anchor(Code::DuplicateLabel, id);
    }
    if ids == Ids::NONE {
        // What Asciidoctor would generate, were `sectids` on: no
        // duplicate under `:sectids!:`.
        let s = &plan[w.rng.below(plan.len())];
        if let Some(id) = Ids::DEFAULT.generate(&s.title) {
            w.line(&format!("[[{id}]]"));
            w.paragraph();
        }
    }
    cite_rest(&mut w);
    bibliography(
        &mut w,
        "==",
        &keys,
        p.unused_entry.then_some(unused.as_str()),
    );
    let (text, defects) = w.finish();
    b.put("article.adoc", text);
    b.defects.extend(defects);
    b.more.roots.push("article.adoc".into());
    b
}
