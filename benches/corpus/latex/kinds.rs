//! The five kinds of project. Each builder plans its files and labels,
//! picks its planted defects, writes the sources and bibliographies, and
//! the `.aux` (and `.bcf`) a compile would leave.

use super::super::words::AUTHORS;
use super::super::Rng;
use super::aux;
use super::build::{
    bibtex_tail, keys, labels_of, plant_labels, plants, preamble, record_bib, some, title, write,
    Content, Doc, End, Faults, AFTER_END,
};
use super::doc::{self, Bib, Block, Labels};
use super::text::Style;
use super::Build;
/// `main.tex` (natbib) and `refs.bib`.
pub fn article(mut rng: Rng, size: usize) -> Build {
    let mut b = Build::default();
    let nocite = rng.percent(5);
    let f = Faults::pick(&mut rng, false, !nocite);
    let (all, mut taken) = keys(&mut rng, (size / 2500).clamp(8, 80), &f);
    let (cited, unused) = all.split_at(all.len() - f.unused);
    let blocks = Labels::new().plan(&mut rng, "section", (size / 12_000).clamp(3, 14), false);
    let refs = labels_of(&blocks);
    let mut planted = plants(&mut rng, &f, &refs, cited, &mut taken, 1);
    let dups = some(&mut rng, cited, f.dups);
    let natbib = rng.pick(&["numbers", "authoryear", "numbers,sort&compress"]);
    let mut c = Content::new("main.tex", &blocks, size);
    c.preface = preamble(
        &mut rng,
        "article",
        &format!("\\usepackage[{natbib}]{{natbib}}\n"),
    );
    c.preface
        .push_str("\\begin{document}\n\\maketitle\n\n\\begin{abstract}\nWe study the problem.\n\\end{abstract}\n\n");
    c.plants = planted.pop().unwrap_or_default();
    c.end = End::cite_all(nocite);
    c.tail = bibtex_tail("plainnat");
    let mut bib = Bib::new(cited);
    let mut doc = Doc::new(Style::Natbib, &refs, &mut bib);
    let parts = vec![write(&mut b, &mut rng, &mut doc, c)];
    b.put("refs.bib", doc::bib_file(&mut rng, &all, &dups));
    b.aux(aux::bibtex("main", &parts, "plainnat", &["refs"]));
    b.more.nocite = nocite;
    b.more.checkcites = Some("main.aux".into());
    record_bib(&mut b, "refs.bib", unused, &dups);
    b
}

/// `thesis.tex` with `\include`d chapters and `\input` front matter, two
/// `.bib` files; biblatex and Biber in two thirds of them, natbib and
/// BibTeX in the others.
pub fn thesis(mut rng: Rng, size: usize) -> Build {
    let mut b = Build::default();
    let biblatex = rng.percent(67);
    let chapters = rng.range(5, 12);
    let f = Faults::pick(&mut rng, true, true);
    let (all, mut taken) = keys(&mut rng, (size / 3000).clamp(30, 400), &f);
    let (cited, unused) = all.split_at(all.len() - f.unused);
    // refs.bib has about 70% of the cited keys and half of the unused.
    let split = cited.len() * 7 / 10;
    let half = unused.len() / 2;
    let in_refs: Vec<String> = cited[..split]
        .iter()
        .chain(&unused[..half])
        .cloned()
        .collect();
    let in_extra: Vec<String> = cited[split..]
        .iter()
        .chain(&unused[half..])
        .cloned()
        .collect();
    let mut labels = Labels::new();
    let plan = labels.chapters(&mut rng, chapters, size);
    let refs = labels_of(plan.iter().flatten());
    let mut planted = plants(&mut rng, &f, &refs, cited, &mut taken, chapters);
    plant_labels(&mut rng, f.labels, &plan, &mut planted);
    // Copies go into extra.bib: after the first in the order listed.
    let dups = some(&mut rng, cited, f.dups);
    let (packages, bibcmd) = if biblatex {
        (
            "\\usepackage[backend=biber,style=authoryear,natbib=true]{biblatex}\n\\addbibresource{refs.bib}\n\\addbibresource{extra.bib}\n% \\addbibresource{old-refs.bib}\n",
            "\\printbibliography[heading=bibintoc]\n",
        )
    } else {
        (
            "\\usepackage[authoryear,round]{natbib}\n",
            "\\bibliographystyle{plainnat}\n\\bibliography{refs,extra}\n",
        )
    };
    let style = if biblatex {
        Style::Biblatex
    } else {
        Style::Natbib
    };
    let mut bib = Bib::new(cited);
    let mut doc = Doc::new(style, &refs, &mut bib);
    let heading = "\\chapter*{Abstract}\n\\addcontentsline{toc}{chapter}{Abstract}\n\n";
    let c = Content::prose("frontmatter/abstract.tex", heading, 3);
    let mut parts = vec![write(&mut b, &mut rng, &mut doc, c)];
    let mut root = preamble(&mut rng, "report", packages);
    root.push_str("% \\includeonly{chapters/ch02}\n\\begin{document}\n\\input{frontmatter/abstract}\n\\tableofcontents\n\n");
    for (i, blocks) in plan.iter().enumerate() {
        let stem = format!("chapters/ch{:02}", i + 1);
        root.push_str(&format!("\\include{{{stem}}}\n"));
        let mut c = Content::new(format!("{stem}.tex"), blocks, size / chapters);
        c.include = true;
        c.plants = std::mem::take(&mut planted[i]);
        parts.push(write(&mut b, &mut rng, &mut doc, c));
    }
    let mut c = Content::new("thesis.tex", &[], 0);
    c.preface = root;
    c.end = End::CiteRest;
    c.tail = format!("{bibcmd}{AFTER_END}");
    parts.push(write(&mut b, &mut rng, &mut doc, c));
    b.put("refs.bib", doc::bib_file(&mut rng, &in_refs, &[]));
    b.put("extra.bib", doc::bib_file(&mut rng, &in_extra, &dups));
    if biblatex {
        b.aux(aux::biber("thesis", &parts, &["refs.bib", "extra.bib"]));
        b.more.checkcites = Some("--backend biber thesis.bcf".into());
    } else {
        b.aux(aux::bibtex(
            "thesis",
            &parts,
            "plainnat",
            &["refs", "extra"],
        ));
        b.more.checkcites = Some("thesis.aux".into());
    }
    record_bib(&mut b, "refs.bib", &unused[..half], &[]);
    record_bib(&mut b, "extra.bib", &unused[half..], &dups);
    b
}

/// `book.tex`: parts that include chapters (`\input` twice, or `\import`
/// then `\subimport`), a preface, and BibTeX or a `thebibliography`.
pub fn book(mut rng: Rng, size: usize) -> Build {
    let mut b = Build::default();
    let import = rng.percent(35);
    let bibitem = rng.percent(40);
    let shape: Vec<usize> = (0..rng.range(2, 5)).map(|_| rng.range(2, 5)).collect();
    let chapters: usize = shape.iter().sum();
    let f = Faults::pick(&mut rng, true, !bibitem);
    let (all, mut taken) = keys(&mut rng, (size / 3500).clamp(20, 400), &f);
    let (cited, unused) = all.split_at(all.len() - f.unused);
    let mut labels = Labels::new();
    let part_plan: Vec<Vec<Block>> = shape
        .iter()
        .map(|_| vec![Block::Heading("part", labels.make(&mut rng, "part"))])
        .collect();
    let plan = labels.chapters(&mut rng, chapters, size);
    let refs = labels_of(part_plan.iter().chain(&plan).flatten());
    let mut planted = plants(&mut rng, &f, &refs, cited, &mut taken, chapters);
    plant_labels(&mut rng, f.labels, &plan, &mut planted);
    let dups = some(&mut rng, cited, f.dups);
    let style = if bibitem {
        Style::Bibitem
    } else {
        Style::Natbib
    };
    let mut bib = Bib::new(cited);
    let mut doc = Doc::new(style, &refs, &mut bib);
    let c = Content::prose("front/preface.tex", "\\chapter{Preface}\n\n", 4);
    let mut parts = vec![write(&mut b, &mut rng, &mut doc, c)];
    let mut packages = String::new();
    if import {
        packages.push_str("\\usepackage{import}\n");
    }
    if !bibitem {
        packages.push_str("\\usepackage{natbib}\n");
    }
    let mut root = preamble(&mut rng, "book", &packages);
    root.push_str("\\begin{document}\n\\frontmatter\n\\maketitle\n\\input{front/preface}\n\\tableofcontents\n\\mainmatter\n\n");
    let mut next = 0;
    for (p, (n, part_blocks)) in shape.iter().zip(&part_plan).enumerate() {
        let (part_path, include) = match import {
            true => (
                format!("parts/p{}.tex", p + 1),
                format!("\\import{{parts/}}{{p{}}}\n", p + 1),
            ),
            false => (
                format!("parts/part{}.tex", p + 1),
                format!("\\input{{parts/part{}}}\n", p + 1),
            ),
        };
        root.push_str(&include);
        let mut c = Content::new(part_path, part_blocks, 1500);
        for i in next..next + n {
            c.tail.push_str(&match import {
                true => format!("\\subimport{{chapters/}}{{c{:02}}}\n", i + 1),
                false => format!("\\input{{chapters/ch{:02}}}\n", i + 1),
            });
        }
        parts.push(write(&mut b, &mut rng, &mut doc, c));
        for i in next..next + n {
            let path = match import {
                true => format!("parts/chapters/c{:02}.tex", i + 1),
                false => format!("chapters/ch{:02}.tex", i + 1),
            };
            let mut c = Content::new(path, &plan[i], size / chapters);
            c.plants = std::mem::take(&mut planted[i]);
            parts.push(write(&mut b, &mut rng, &mut doc, c));
        }
        next += n;
    }
    let mut c = Content::new("book.tex", &[], 0);
    c.preface = root;
    c.preface.push_str("\\backmatter\n");
    c.end = End::CiteRest;
    c.tail = match bibitem {
        true => format!("\\input{{back/bibliography}}\n{AFTER_END}"),
        false => bibtex_tail("plain"),
    };
    parts.push(write(&mut b, &mut rng, &mut doc, c));
    if bibitem {
        b.put("back/bibliography.tex", thebibliography(&mut rng, cited));
    } else {
        b.put("refs.bib", doc::bib_file(&mut rng, &all, &dups));
        b.aux(aux::bibtex("book", &parts, "plain", &["refs"]));
        b.more.checkcites = Some("book.aux".into());
        record_bib(&mut b, "refs.bib", unused, &dups);
    }
    b
}

/// A `thebibliography` with a `\bibitem` for each key, in order.
fn thebibliography(rng: &mut Rng, keys: &[String]) -> String {
    let mut out = format!("\\begin{{thebibliography}}{{{}}}\n\n", keys.len());
    let mut keys = keys.to_vec();
    keys.sort();
    for key in keys {
        let author = rng.pick(AUTHORS);
        let year = rng.range(1950, 2024);
        if rng.percent(30) {
            out.push_str(&format!(
                "\\bibitem[{}({year})]{{{key}}}\n",
                author
                    .trim_start_matches(|c| c != '~')
                    .trim_start_matches('~')
            ));
        } else {
            out.push_str(&format!("\\bibitem{{{key}}}\n"));
        }
        out.push_str(&format!(
            "{author}.\n\\newblock \\emph{{{}}}.\n\\newblock Example Press, {year}.\n\n",
            title(rng)
        ));
    }
    out.push_str("\\end{thebibliography}\n");
    out
}

/// Lecture notes: `notes.tex` inputs `lectures/lecNN.tex`, heavy with
/// listings, verbatim, `\verb`, comments and `\iffalse`; `\nocite{*}` in
/// a quarter of them.
pub fn lectures(mut rng: Rng, size: usize) -> Build {
    let mut b = Build::default();
    let nocite = rng.percent(25);
    let n = rng.range(4, 12);
    let f = Faults::pick(&mut rng, false, !nocite);
    let (all, mut taken) = keys(&mut rng, (size / 6000).clamp(6, 60), &f);
    let (cited, unused) = all.split_at(all.len() - f.unused);
    let mut labels = Labels::new();
    let plan: Vec<Vec<Block>> = (0..n)
        .map(|_| labels.plan(&mut rng, "section", (size / n / 10_000).clamp(1, 10), true))
        .collect();
    let refs = labels_of(plan.iter().flatten());
    let mut planted = plants(&mut rng, &f, &refs, cited, &mut taken, n);
    let mut bib = Bib::new(cited);
    let mut doc = Doc::new(Style::Natbib, &refs, &mut bib);
    let mut root = preamble(
        &mut rng,
        "article",
        "\\usepackage{natbib}\n\\usepackage{listings}\n\\usepackage{minted}\n\\lstset{basicstyle=\\ttfamily\\small, columns=fullflexible}\n",
    );
    root.push_str("\\begin{document}\n\\maketitle\n\\tableofcontents\n\n");
    let mut parts = Vec::new();
    for (i, blocks) in plan.iter().enumerate() {
        let stem = format!("lectures/lec{:02}", i + 1);
        root.push_str(&format!("\\input{{{stem}}}\n"));
        let mut c = Content::new(format!("{stem}.tex"), blocks, size / n);
        c.preface = format!(
            "% Lecture {}. Comments are not read: see \\ref{{sec:lec{}-old}} and \\cite{{lecture{}-draft}}.\n\n",
            i + 1,
            i + 1,
            i + 1
        );
        c.plants = std::mem::take(&mut planted[i]);
        c.traps = 35;
        parts.push(write(&mut b, &mut rng, &mut doc, c));
    }
    let mut c = Content::new("notes.tex", &[], 0);
    c.preface = root;
    c.end = End::cite_all(nocite);
    c.tail = bibtex_tail("plainnat");
    parts.push(write(&mut b, &mut rng, &mut doc, c));
    b.put("refs.bib", doc::bib_file(&mut rng, &all, &[]));
    b.aux(aux::bibtex("notes", &parts, "plainnat", &["refs"]));
    b.more.nocite = nocite;
    b.more.checkcites = Some("notes.aux".into());
    record_bib(&mut b, "refs.bib", unused, &[]);
    b
}

/// `paper.tex` and `supplement.tex`, two roots in one folder, both
/// `\input{shared}` and cite from one `refs.bib`; both define
/// `sec:intro` (two documents, no duplicate).
pub fn pair(mut rng: Rng, size: usize) -> Build {
    let mut b = Build::default();
    let f = Faults::pick(&mut rng, false, true);
    let (all, mut taken) = keys(&mut rng, (size / 3000).clamp(10, 80), &f);
    let (cited, unused) = all.split_at(all.len() - f.unused);
    let mut shared = vec![Block::Heading("section", "sec:notation".into())];
    shared.extend((1..rng.range(2, 5)).map(|i| Block::Equation(format!("eq:shared{i}"))));
    let mut roots: Vec<Vec<Block>> = Vec::new();
    for _ in 0..2 {
        let mut blocks = vec![Block::Heading("section", "sec:intro".into())];
        blocks.extend(Labels::new().plan(&mut rng, "section", (size / 25_000).clamp(2, 8), false));
        roots.push(blocks);
    }
    let shared_refs = labels_of(&shared);
    let refs: Vec<Vec<String>> = roots
        .iter()
        .map(|r| labels_of(r.iter().chain(&shared)))
        .collect();
    let every: Vec<String> = refs.concat();
    let mut planted = plants(&mut rng, &f, &every, cited, &mut taken, 2);
    let dups = some(&mut rng, cited, f.dups);
    let mut bib = Bib::new(cited);
    let shared_part = {
        let mut doc = Doc::new(Style::Natbib, &shared_refs, &mut bib);
        let c = Content::new("shared.tex", &shared, size / 12);
        write(&mut b, &mut rng, &mut doc, c)
    };
    let mut checkcites = Vec::new();
    for (i, name) in ["paper", "supplement"].into_iter().enumerate() {
        let mut doc = Doc::new(Style::Natbib, &refs[i], &mut bib);
        let mut c = Content::new(format!("{name}.tex"), &roots[i], size * (3 - i) / 5);
        c.preface = preamble(&mut rng, "article", "\\usepackage[numbers]{natbib}\n");
        if name == "supplement" {
            c.preface
                .push_str("\\renewcommand{\\thesection}{S\\arabic{section}}\n");
        }
        c.preface
            .push_str("\\begin{document}\n\\maketitle\n\\input{shared}\n\n");
        c.plants = std::mem::take(&mut planted[i]);
        c.end = if i == 1 { End::CiteRest } else { End::Nothing };
        c.tail = bibtex_tail("plainnat");
        let part = write(&mut b, &mut rng, &mut doc, c);
        b.aux(aux::bibtex(
            name,
            &[shared_part.clone(), part],
            "plainnat",
            &["refs"],
        ));
        checkcites.push(format!("{name}.aux"));
    }
    b.put("refs.bib", doc::bib_file(&mut rng, &all, &dups));
    b.more.checkcites = Some(checkcites.join(" "));
    record_bib(&mut b, "refs.bib", unused, &dups);
    b
}
