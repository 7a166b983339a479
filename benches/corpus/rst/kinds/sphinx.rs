//! Sphinx projects: a manual (`conf.py` at its root, `chapters/`) and a
//! repository (`README.rst` and `CHANGES.rst` beside `docs/source/` with
//! `guide/` and `api/`). Both get `index.rst` with a toctree,
//! `references.rst` (citations, `.. bibliography::`), a fragment one
//! document includes, and with sphinxcontrib-bibtex one or two `.bib`
//! files.

use super::super::super::markdown::bibtex;
use super::super::super::words::LABEL_TOPICS;
use super::super::super::Rng;
use super::super::text::{Notes, Pool, Scope, Section, Writer};
use super::super::{Build, Code};
use super::{
    citation_defs, citation_labels, cite_rest, date, standalone, write_body, Names, Plants,
};

/// One document of a project: its name (`chapters/ch02-model`) and the
/// prefix of its labels.
struct DocSpec {
    name: String,
    prefix: String,
    /// An API page (`.. automodule::` under its title).
    api: bool,
}

/// `manuals/<name>-NNNN/`: `conf.py` at the root, chapters.
pub fn manual(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let n = (size / 90_000).clamp(2, 14);
    let docs: Vec<DocSpec> = (0..n)
        .map(|i| {
            let topic = rng.pick(LABEL_TOPICS);
            DocSpec {
                name: format!("chapters/ch{:02}-{topic}", i + 1),
                prefix: format!("ch{:02}", i + 1),
                api: false,
            }
        })
        .collect();
    let product = rng.pick(super::PRODUCTS);
    project(&mut rng, size, every, "", product, docs, n, &mut b);
    b
}

/// `repos/<name>-NNNN/`: a repository with its own `.git`, `README.rst`
/// and `CHANGES.rst`, and a Sphinx project in `docs/source/`.
pub fn repo(mut rng: Rng, size: usize, every: bool) -> Build {
    let mut b = Build::default();
    let product = rng.pick(super::PRODUCTS);
    b.support(
        ".gitignore",
        "docs/_build/\n*.egg-info/\n__pycache__/\n".to_owned(),
    );
    let readme_size = (size / 12).max(6_000);
    let p = Plants::pick(&mut rng, false, 10);
    let mut readme = format!(
        ".. image:: https://img.shields.io/pypi/v/{product}.svg\n   :target: https://pypi.org/project/{product}/\n   :alt: PyPI version\n\n\
         .. image:: https://readthedocs.org/projects/{product}/badge/?version=latest\n   :target: https://{product}.readthedocs.io/\n   :alt: Documentation\n\n"
    );
    readme.push_str(&standalone(
        &mut rng,
        readme_size,
        &p,
        "README.rst",
        None,
        &mut b,
    ));
    b.put("README.rst", readme);
    b.put("CHANGES.rst", changes(&mut rng, (size / 15).max(5_000)));
    let guides = (size / 120_000).clamp(2, 8);
    let mut docs: Vec<DocSpec> = (0..guides)
        .map(|i| {
            let topic = rng.pick(LABEL_TOPICS);
            DocSpec {
                name: format!("guide/{:02}-{topic}", i + 1),
                prefix: format!("g{:02}-{topic}", i + 1),
                api: false,
            }
        })
        .collect();
    let mut modules: Vec<&str> = LABEL_TOPICS.to_vec();
    rng.shuffle(&mut modules);
    for module in &modules[..(size / 200_000).clamp(1, 6)] {
        docs.push(DocSpec {
            name: format!("api/{module}"),
            prefix: format!("api-{module}"),
            api: true,
        });
    }
    let rest = size.saturating_sub(readme_size + size / 15);
    project(
        &mut rng,
        rest,
        every,
        "docs/source/",
        product,
        docs,
        guides,
        &mut b,
    );
    b
}

/// `CHANGES.rst`: a section per release, each a list of changes.
fn changes(rng: &mut Rng, size: usize) -> String {
    let scope = Scope::default();
    let mut pool = Pool::default();
    let title = Section::new("Changelog".into(), 0, None);
    let mut w = Writer::new(
        Rng::new(rng.next_u64()),
        &scope,
        &mut pool,
        "CHANGES",
        std::slice::from_ref(&title),
        Notes::Auto,
    );
    w.heading(&title);
    let (mut major, mut minor, mut patch) = (2, 9, 4);
    while w.out.len() < size {
        let release = Section::new(
            format!("{major}.{minor}.{patch} ({})", date(&mut w.rng)),
            1,
            None,
        );
        w.heading(&release);
        w.bullets();
        w.flush_notes();
        match (patch, minor) {
            (0, 0) => major -= 1,
            (0, _) => {
                minor -= 1;
                patch = 3;
            }
            _ => patch -= 1,
        }
        if major == 0 {
            break;
        }
    }
    w.flush_external();
    w.out
}

/// A Sphinx project under `root`: `conf.py`, `index.rst`, the documents,
/// `references.rst`, `_include/links.inc`, and the `.bib` files. Planted
/// duplicate labels go between two of the first `first_group` documents
/// (one folder, numbered: path order and toctree order agree).
#[allow(clippy::too_many_arguments)]
fn project(
    rng: &mut Rng,
    size: usize,
    every: bool,
    root: &str,
    product: &str,
    docs: Vec<DocSpec>,
    first_group: usize,
    b: &mut Build,
) {
    let bibtex = every || rng.percent(70);
    b.more.sphinx = Some(match root.trim_end_matches('/') {
        "" => ".".to_owned(),
        dir => dir.to_owned(),
    });
    b.more.bibtex = bibtex;
    let share = size / (docs.len() + 1);
    let mut names = Names::default();
    let index_plan = names.plan(rng, "index", 1, 0);
    let mut plans: Vec<Vec<Section>> = docs
        .iter()
        .map(|d| names.plan(rng, &d.prefix, (share / 10_000).clamp(2, 20), 80))
        .collect();
    // The pools: citations of references.rst, keys of the .bib files.
    let mut taken = std::collections::HashSet::new();
    let all_keys = bibtex::keys(
        rng,
        if bibtex {
            (size / 6_000).clamp(10, 300)
        } else {
            0
        },
    );
    let unused = match bibtex && (every || rng.percent(60)) {
        true => rng.range(1, 3).min(all_keys.len() / 2),
        false => 0,
    };
    for k in &all_keys {
        taken.insert(k.to_lowercase());
    }
    let cited = all_keys[..all_keys.len() - unused].to_vec();
    // Plants.
    let mut plants: Vec<Plants> = docs.iter().map(|_| Plants::pick(rng, false, 8)).collect();
    if every {
        plants[0].duplicate = true;
    }
    if every || rng.percent(60) {
        let i = rng.below(docs.len());
        let label = rng.pick_ref(&names.all_labels).clone();
        plants[i].bad_ref = Some(format!("{label}-old"));
    }
    if bibtex && (every || rng.percent(60)) {
        let i = rng.below(docs.len());
        let key = rng.pick_ref(&cited).clone();
        plants[i].bad_cite = Some(typo(rng, &key, &mut taken));
    }
    if first_group >= 2 && (every || rng.percent(40)) {
        let i = rng.below(first_group - 1);
        let j = rng.range(i + 1, first_group - 1);
        let labels: Vec<String> = plans[i].iter().filter_map(|s| s.label.clone()).collect();
        if !labels.is_empty() {
            let label = rng.pick_ref(&labels).clone();
            let at = rng.range(1, plans[j].len() - 1);
            plans[j][at].again = Some(label.clone());
            b.defect(
                Code::DuplicateLabel,
                &format!("{root}{}.rst", docs[j].name),
                &label,
            );
        }
    }
    let mut labels = names.all_labels.clone();
    labels.push("references".into());
    let mut doc_names: Vec<String> = vec!["index".into()];
    doc_names.extend(docs.iter().map(|d| d.name.clone()));
    doc_names.push("references".into());
    let scope = Scope {
        sphinx: true,
        bibtex,
        labels,
        figures: names.figures.clone(),
        docs: doc_names,
    };
    let citations = citation_labels(rng, (size / 40_000).clamp(2, 30));
    let mut pool = Pool::new(citations, cited);
    // index.rst
    let text = index(
        rng,
        &scope,
        &mut pool,
        &index_plan,
        &docs,
        product,
        share / 3,
    );
    b.put(&format!("{root}index.rst"), text);
    // The documents; one includes the fragment.
    let includer = rng.below(docs.len());
    for (i, d) in docs.iter().enumerate() {
        let path = format!("{root}{}.rst", d.name);
        let notes = match plants[i].notes() || rng.percent(50) {
            true => Notes::Numbered,
            false => Notes::Auto,
        };
        let seed = rng.next_u64();
        let mut w = Writer::new(Rng::new(seed), &scope, &mut pool, &d.name, &plans[i], notes);
        if i == includer {
            let up = "../".repeat(d.name.matches('/').count());
            w.line(&format!(".. include:: {up}_include/links.inc\n"));
            w.subs.push("product".into());
            w.add_local(&["issue tracker"]);
        }
        w.heading(&plans[i][0]);
        if d.api {
            w.line(&format!(
                ".. automodule:: {product}.{}\n   :members:\n   :undoc-members:\n",
                d.name.rsplit('/').next().unwrap_or(""),
            ));
        }
        if w.rng.percent(40) {
            w.line(".. |tool| replace:: *the sampler*\n");
            w.subs.push("tool".into());
        }
        w.body(share / plans[i].len(), plans[i][0].figure.as_deref());
        write_body(&mut w, &plans[i], share, &plants[i], &path, b);
        if w.footcited {
            w.line(".. footbibliography::\n");
        }
        let text = std::mem::take(&mut w.out);
        b.put(&path, text);
    }
    // references.rst: what nobody cited yet, the bibliography, citations.
    let refs = Section::new("References".into(), 0, Some("references".into()));
    let mut w = Writer::new(
        Rng::new(rng.next_u64()),
        &scope,
        &mut pool,
        "references",
        std::slice::from_ref(&refs),
        Notes::Auto,
    );
    w.heading(&refs);
    let (citations, keys) = w.pool_rest();
    cite_rest(&mut w, citations, keys);
    if bibtex {
        w.line(".. bibliography::\n");
    }
    w.line("Citations\n---------\n");
    let all = w.citations();
    citation_defs(&mut w, &all);
    b.put(&format!("{root}references.rst"), w.out);
    // What they share.
    b.support(
        &format!("{root}_include/links.inc"),
        format!(
            ".. Links shared by the pages that include this file.\n\n\
             .. |product| replace:: *{product}*\n\n\
             .. _issue tracker: https://example.org/{product}/issues\n"
        ),
    );
    let bibs: Vec<&str> = match bibtex && rng.percent(30) {
        true => vec!["refs.bib", "software.bib"],
        false if bibtex => vec!["refs.bib"],
        false => Vec::new(),
    };
    b.support(&format!("{root}conf.py"), conf_py(rng, product, &bibs));
    // Each key in one of the files; the unused ones recorded where they are.
    let mut order: Vec<(String, bool)> = all_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.clone(), i >= all_keys.len() - unused))
        .collect();
    rng.shuffle(&mut order);
    for (f, bib) in bibs.iter().enumerate() {
        let mine: Vec<String> = order
            .iter()
            .enumerate()
            .filter(|(i, _)| i % bibs.len() == f)
            .map(|(_, (k, _))| k.clone())
            .collect();
        let path = format!("{root}{bib}");
        for (i, (k, is_unused)) in order.iter().enumerate() {
            if i % bibs.len() == f && *is_unused {
                b.defect(Code::UnusedEntry, &path, k);
            }
        }
        let mut text = format!(
            "% {bib}: the bibliography of the {product} documentation.\n\n\
             @string{{jdoc = \"Journal of Documentation\"}}\n\
             @string{{cacm = {{Communications of the {{ACM}}}}}}\n\n"
        );
        bibtex::shuffled(rng, &mut text, &mine);
        b.put(&path, text);
    }
}

/// `index.rst`: title, a few paragraphs, the toctree, and in half of the
/// projects sphinx-quickstart's "Indices and tables".
fn index(
    rng: &mut Rng,
    scope: &Scope,
    pool: &mut Pool,
    plan: &[Section],
    docs: &[DocSpec],
    product: &str,
    size: usize,
) -> String {
    let mut w = Writer::new(
        Rng::new(rng.next_u64()),
        scope,
        pool,
        "index",
        plan,
        Notes::Auto,
    );
    let when = date(&mut w.rng);
    w.line(&format!(
        ".. {product} documentation master file, created by\n   sphinx-quickstart on {when}.\n   You can adapt this file completely to your liking.\n"
    ));
    w.heading(&plan[0]);
    w.body(size / 2, None);
    w.line(".. toctree::\n   :maxdepth: 2\n   :caption: Contents:\n");
    for d in docs {
        w.line(&format!("   {}", d.name));
    }
    w.line("   references\n");
    for s in &plan[1..] {
        w.section(s, size / 2);
    }
    if w.rng.percent(50) {
        w.line("Indices and tables\n==================\n");
        w.line("* :ref:`genindex`\n* :ref:`modindex`\n* :ref:`search`\n");
    }
    w.out
}

fn conf_py(rng: &mut Rng, product: &str, bibs: &[&str]) -> String {
    let mut out = String::from(
        "# Configuration file for the Sphinx documentation builder.\n#\n\
         # For the full list of built-in configuration values, see the documentation:\n\
         # https://www.sphinx-doc.org/en/master/usage/configuration.html\n\n\
         # -- Project information -----------------------------------------------------\n\n",
    );
    out.push_str(&format!(
        "project = '{product}'\ncopyright = '{}, Example Lab'\nauthor = 'Example Lab'\nrelease = '{}.{}'\n\n",
        rng.range(2012, 2024),
        rng.range(0, 4),
        rng.range(0, 12)
    ));
    out.push_str(
        "# -- General configuration ---------------------------------------------------\n\n",
    );
    out.push_str("extensions = [\n    'sphinx.ext.autodoc',\n    'sphinx.ext.mathjax',\n");
    if !bibs.is_empty() {
        out.push_str("    'sphinxcontrib.bibtex',\n");
    }
    out.push_str("]\n");
    if !bibs.is_empty() {
        let list: Vec<String> = bibs.iter().map(|b| format!("'{b}'")).collect();
        out.push_str(&format!(
            "bibtex_bibfiles = [{}]\nbibtex_default_style = 'unsrt'\n",
            list.join(", ")
        ));
    }
    out.push_str("\nmaster_doc = 'index'\ntemplates_path = ['_templates']\n");
    match rng.percent(50) {
        true => out.push_str("exclude_patterns = ['_build']\n"),
        false => out.push_str("exclude_patterns = ['_build', 'Thumbs.db', '.DS_Store']\n"),
    }
    out.push_str("numfig = True\n\n");
    out.push_str(
        "# -- Options for HTML output -------------------------------------------------\n\n",
    );
    out.push_str("html_theme = 'alabaster'\nhtml_static_path = ['_static']\n");
    out
}

/// A key like `key` (another year, a letter more) not in `taken` (lower
/// case), which it joins.
fn typo(rng: &mut Rng, key: &str, taken: &mut std::collections::HashSet<String>) -> String {
    for i in 0.. {
        let candidate = match (rng.below(2), i) {
            (_, 8..) => format!("{key}-missing{i}"),
            (0, _) => format!("{key}{}", char::from(b'a' + rng.below(26) as u8)),
            _ => {
                let trimmed = key.trim_end_matches(|c: char| c.is_ascii_digit());
                format!("{trimmed}{}", rng.range(1950, 2024))
            }
        };
        if taken.insert(candidate.to_lowercase()) {
            return candidate;
        }
    }
    unreachable!("an endless loop returns")
}
