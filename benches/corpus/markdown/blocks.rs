//! The shapes of a documentation repository: READMEs (badges, install and
//! usage code, feature lists, option tables, numbered links), guides
//! (front matter, nested headings, lists, tables, alerts, code) and blog
//! posts (YAML front matter naming a bibliography, citations, inline notes,
//! block quotes), all built from the same blocks. Code blocks, code spans
//! and HTML comments hold what would be markers outside them.

use super::super::push_capitalized;
use super::super::words::SURNAMES;
use super::page::{Last, Page};
use super::words::{DOCS, GIVEN, HEADINGS, TOPICS};

/// A post's front matter: what it says about citations.
#[derive(Clone, Copy)]
pub(super) enum Front<'a> {
    /// `bibliography: refs.bib`.
    Bibliography,
    /// `references:` with these CSL items (cited in the first paragraph).
    References(&'a [String]),
    None,
}

/// `# name`, badges, a description, then the usual sections, filled with
/// more sections up to `target` bytes; links at the bottom.
pub(super) fn readme(page: &mut Page, target: usize, name: &str) {
    page.out.push_str(&format!("# {name}\n\n"));
    for label in ["badge-ci", "ci-runs", "badge-docs", "docs-home"] {
        page.register_link(label);
    }
    page.out.push_str(
        "[![CI][badge-ci]][ci-runs] [![Documentation][badge-docs]][docs-home] \
         ![License: MIT](https://img.shields.io/badge/license-MIT-blue.svg)\n\n",
    );
    page.paragraph("", "", 3);
    page.out.push_str("## Installation\n\n");
    page.paragraph("", "", 2);
    page.out.push_str(&format!(
        "```sh\ncargo install {name}\n# or, from a checkout:\ncargo install --path .\n```\n\n"
    ));
    page.out.push_str("## Usage\n\n");
    page.paragraph("", "", 2);
    fenced(page);
    page.out.push_str("## Features\n\n");
    list(page, "", false);
    page.out.push_str("## Options\n\n");
    table(page);
    sections(page, target.saturating_sub(600), 2);
    page.out.push_str("## Contributing\n\n");
    let (a, b) = (page.rng.pick(GIVEN), page.rng.pick(GIVEN));
    // GitHub mentions: in-text citations to pandoc, unchecked without a
    // bibliography.
    page.out.push_str(&format!(
        "Thanks to @{} and @{} for their reviews. Report security issues to \
         security@example.org, not in [the issue tracker][issues-home].\n\n",
        a.to_lowercase(),
        b.to_lowercase()
    ));
    page.register_link("issues-home");
    page.out
        .push_str("## License\n\nMIT; see [LICENSE](LICENSE).\n\n");
    page.finish();
}

/// Front matter (sometimes), a title, and sections with sub-sections.
pub(super) fn guide(page: &mut Page, target: usize, section: &str) {
    let mut title = String::new();
    push_capitalized(&mut title, page.rng.pick(TOPICS));
    title.push_str(&format!(" {}", page.rng.pick(HEADINGS).to_lowercase()));
    match page.rng.below(10) {
        0 => page.out.push_str(&format!(
            "+++\ntitle = \"{title}\"\nweight = {}\n[extra]\nsection = \"{section}\"\n+++\n\n",
            page.rng.range(1, 90)
        )),
        1..=3 => page.out.push_str(&format!(
            "---\ntitle: {title}\nsidebar_position: {}\ndescription: \"How [^x] and [@y] look in {section}\"\n---\n\n",
            page.rng.range(1, 30)
        )),
        _ => {}
    }
    if page.rng.percent(10) {
        page.out
            .push_str(&format!("{title}\n{}\n\n", "=".repeat(title.len())));
    } else {
        page.out.push_str(&format!("# {title}\n\n"));
    }
    page.paragraph("", "", 3);
    sections(page, target, 2);
    page.finish();
}

/// YAML front matter, an introduction, sections, the notes and a
/// `## References` heading for pandoc's bibliography.
pub(super) fn post(page: &mut Page, target: usize, date: &str, front: Front<'_>) {
    let mut title = String::new();
    push_capitalized(&mut title, page.rng.pick(TOPICS));
    title.push_str(&format!(
        " and {}: {} notes",
        page.rng.pick(TOPICS),
        page.rng.pick(DOCS)
    ));
    let author = format!("{} {}", page.rng.pick(GIVEN), page.rng.pick(SURNAMES));
    page.out.push_str(&format!(
        "---\ntitle: \"{title}\"\ndate: {date}\nauthor: {author}\ntags: [{}, {}]\n",
        page.rng.pick(TOPICS),
        page.rng.pick(TOPICS)
    ));
    match front {
        Front::Bibliography if page.rng.percent(20) => {
            page.out
                .push_str("bibliography:\n  - refs.bib\nlink-citations: true\n");
        }
        Front::Bibliography => page.out.push_str("bibliography: refs.bib\n"),
        Front::References(ids) => {
            page.out.push_str("references:\n");
            for id in ids {
                page.out.push_str(&format!(
                    "- id: {id}\n  type: article-journal\n  title: \"On {}\"\n  \
                     author:\n  - family: {}\n    given: {}\n  issued:\n    date-parts:\n    - [{}]\n",
                    page.rng.pick(TOPICS),
                    page.rng.pick(SURNAMES),
                    page.rng.pick(GIVEN),
                    page.rng.range(1990, 2024)
                ));
            }
        }
        Front::None => {}
    }
    page.out.push_str("---\n\n");
    if let Front::References(ids) = front {
        let cites: Vec<String> = ids.iter().map(|id| format!("@{id}")).collect();
        page.out.push_str(&format!(
            "This post builds on earlier work [{}].\n\n",
            cites.join("; ")
        ));
    }
    page.paragraph("", "", 4);
    sections(page, target, 2);
    page.finish();
    page.out.push_str("## References\n\n::: {#refs}\n:::\n");
}

/// Sections of `level` (and sub-sections) until the page is full.
fn sections(page: &mut Page, target: usize, level: usize) {
    while !page.full(target) {
        heading(page, level);
        for _ in 0..page.rng.range(3, 12) {
            if page.full(target) {
                break;
            }
            block(page, level);
        }
        match page.rng.below(10) {
            0..=3 => page.flush_notes(""),
            4 => page.flush_links(),
            _ => {}
        }
    }
}

fn heading(page: &mut Page, level: usize) {
    let mut title = String::new();
    push_capitalized(&mut title, page.rng.pick(HEADINGS));
    if page.rng.percent(30) {
        title.push(' ');
        title.push_str(page.rng.pick(TOPICS));
    }
    if page.rng.percent(3) {
        let call = page.call();
        title.push_str(&call);
    }
    page.out.push_str(&"#".repeat(level));
    page.out.push(' ');
    page.out.push_str(&title);
    page.out.push_str("\n\n");
    page.last = Last::Text;
}

fn block(page: &mut Page, level: usize) {
    match page.rng.below(100) {
        0..=44 => {
            let n = page.rng.range(2, 7);
            page.paragraph("", "", n);
        }
        45..=51 => list(page, "", false),
        52..=56 => list(page, "", true),
        57..=61 => table(page),
        62..=67 => quote(page),
        68..=77 => fenced(page),
        78..=80 if page.last == Last::Text => indented(page),
        81..=83 => html_comment(page),
        84..=85 => details(page),
        86..=89 if level < 4 => heading(page, level + 1),
        90..=91 => {
            let rule = page.rng.pick(&["---", "***", "___", "* * *"]);
            page.out.push_str(rule);
            page.out.push_str("\n\n");
            page.last = Last::Other;
        }
        _ => {
            let n = page.rng.range(1, 4);
            page.paragraph("", "", n);
        }
    }
}

/// A bullet, task or ordered list; nested sometimes; in an ordered list an
/// item may carry the definitions of the notes it calls.
fn list(page: &mut Page, indent: &str, ordered: bool) {
    let bullet = page.rng.pick(&["-", "*", "+"]);
    let tasks = !ordered && page.rng.percent(15);
    let loose = page.rng.percent(25);
    let items = page.rng.range(2, 8);
    for i in 1..=items {
        let marker = if ordered {
            format!("{i}. ")
        } else if tasks {
            format!(
                "{bullet} [{}] ",
                if page.rng.percent(50) { "x" } else { " " }
            )
        } else {
            format!("{bullet} ")
        };
        let first = format!("{indent}{marker}");
        let rest = format!(
            "{indent}{}",
            " ".repeat(if tasks { 2 } else { marker.len() })
        );
        let sentences = page.rng.range(1, 3);
        let text = page.prose(sentences);
        page.emit(&text, &first, &rest);
        if ordered && page.has_pending() && page.rng.percent(15) {
            page.blank(&rest);
            page.flush_notes(&rest);
        } else if indent.is_empty() && page.rng.percent(12) {
            if loose {
                page.blank(&rest);
            }
            list(page, &rest, false);
        }
        if loose && i < items {
            page.blank(&rest);
        }
    }
    if indent.is_empty() {
        page.out.push('\n');
    }
    page.last = Last::Other;
}

/// An options table: code, defaults and prose with links and notes.
fn table(page: &mut Page) {
    let align = page.rng.pick(&[
        "| --- | --- | --- |",
        "|:----|:---:|----:|",
        "|-----------|---------|-------------|",
    ]);
    page.out.push_str("| Option | Default | Description |\n");
    page.out.push_str(align);
    page.out.push('\n');
    for _ in 0..page.rng.range(2, 10) {
        let option = page.rng.pick(DOCS).to_lowercase().replace(['.', ' '], "-");
        let default = match page.rng.below(4) {
            0 => "`true`".to_owned(),
            1 => "`[^none]`".to_owned(),
            2 => format!("`{}`", page.rng.range(1, 1000)),
            _ => "—".to_owned(),
        };
        let mut description = String::new();
        page.sentence(&mut description);
        page.out
            .push_str(&format!("| `--{option}` | {default} | {description} |\n"));
    }
    page.out.push('\n');
    page.last = Last::Other;
}

/// A block quote: prose, an alert, a nested quote or an attribution; notes
/// defined inside it sometimes.
fn quote(page: &mut Page) {
    match page.rng.below(10) {
        0..=2 => {
            let kind = page
                .rng
                .pick(&["NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"]);
            page.out.push_str(&format!("> [!{kind}]\n"));
            let n = page.rng.range(1, 3);
            let text = page.prose(n);
            page.emit(&text, "> ", "> ");
        }
        3 => {
            let text = page.prose(2);
            page.emit(&text, "> ", "> ");
            page.out.push_str(">\n");
            let text = page.prose(1);
            page.emit(&text, "> > ", "> > ");
        }
        _ => {
            for p in 0..page.rng.range(1, 3) {
                if p > 0 {
                    page.out.push_str(">\n");
                }
                let n = page.rng.range(1, 4);
                let text = page.prose(n);
                page.emit(&text, "> ", "> ");
            }
            if page.rng.percent(30) {
                let who = page.rng.pick(GIVEN);
                page.out.push_str(&format!(">\n> — {who}\n"));
            }
        }
    }
    if page.has_pending() && page.rng.percent(20) {
        page.out.push_str(">\n");
        page.flush_notes("> ");
    }
    page.out.push('\n');
    page.last = Last::Other;
}

/// A fenced code block whose lines look like markers, citations and
/// links (none of them count).
fn fenced(page: &mut Page) {
    let lang = page.rng.pick(&[
        "rust", "python", "sh", "console", "markdown", "yaml", "toml", "json", "bibtex", "",
    ]);
    let fence = if lang == "markdown" && page.rng.percent(30) {
        "````"
    } else if page.rng.percent(10) {
        "~~~"
    } else {
        "```"
    };
    page.out.push_str(&format!("{fence}{lang}\n"));
    for _ in 0..page.rng.range(2, 24) {
        let line = code_line(page, lang);
        page.out.push_str(&line);
        page.out.push('\n');
    }
    if fence == "````" {
        page.out.push_str("```\nnested fence: [^nested]\n```\n");
    }
    page.out.push_str(fence);
    page.out.push_str("\n\n");
    page.last = Last::Other;
}

/// Four spaces of indentation, after a paragraph or heading only.
fn indented(page: &mut Page) {
    for _ in 0..page.rng.range(2, 10) {
        let line = code_line(page, "sh");
        page.out.push_str("    ");
        page.out.push_str(&line);
        page.out.push('\n');
    }
    page.out.push('\n');
    page.last = Last::Other;
}

fn code_line(page: &mut Page, lang: &str) -> String {
    let r = &mut page.rng;
    let word = r.pick(DOCS);
    let n = r.range(1, 99);
    let lines: &[&str] = match lang {
        "rust" => &[
            "let cell = table.rows[i][j];",
            "#[derive(Debug, Clone, PartialEq)]",
            "println!(\"[^{}]: {}\", label, body);",
            "// See [@knuth1984] and the note [^1].",
            "fn parse(input: &str) -> Result<Vec<Note>, Error> {",
            "    let re = Regex::new(r\"\\[\\^([^\\]]+)\\]\")?;",
            "}",
        ],
        "python" => &[
            "@dataclass",
            "def cite(key): return f\"[@{key}]\"",
            "notes = {\"[^1]\": \"first\", \"[^2]\": \"second\"}",
            "grid[row][col] = None  # [a][b]",
            "    return [ref for ref in refs if ref.startswith(\"[^\")]",
        ],
        "sh" | "console" | "" => &[
            "$ ibid check docs/ --format json",
            "grep -rn '\\[\\^' docs/ | sort",
            "git commit -m \"Fix [^3] and cite [@doe2020]\"",
            "curl -s https://example.com/api/v1/notes | jq '.[0]'",
            "echo \"[text][ref]\" >> README.md",
            "ssh deploy@example.com 'systemctl restart app'",
        ],
        "markdown" => &[
            "A claim that needs a source.[^1]",
            "[^1]: The source, in a note that does not count.",
            "See [the docs][docs] and [@smith2020, p. 4].",
            "[docs]: https://example.com/docs",
            "An inline note.^[Like this one.]",
            "@jones1999 argues the opposite [-@jones2001].",
        ],
        "yaml" => &[
            "bibliography: refs.bib",
            "references:",
            "  - id: doe2020",
            "link: \"[text][ref]\"",
            "note: \"[^x]\"",
        ],
        "toml" => &[
            "[package]",
            "name = \"example\"",
            "[dependencies]",
            "notes = [\"[^a]\", \"[^b]\"]",
            "[[bench]]",
        ],
        "json" => &[
            "{\"marker\": \"[^1]\", \"cite\": \"[@key]\"}",
            "[{\"label\": \"[ref]\"}, {\"href\": \"[a][b]\"}]",
            "\"email\": \"someone@example.com\"",
        ],
        _ => &[
            "@article{fake2020, title = {Not a [@cite] here}}",
            "@book{alsofake, author = {Doe, Jane}, note = {[^1]}}",
            "% a comment with [@y]",
        ],
    };
    let line = r.pick(lines);
    if r.percent(20) {
        format!("{line} // {word} {n}")
    } else {
        line.to_owned()
    }
}

/// An HTML comment block with a stale note, citation and link definition.
fn html_comment(page: &mut Page) {
    let who = page.rng.pick(GIVEN);
    page.out.push_str(&format!(
        "<!--\nTODO({who}): restore the note [^old-{}] and cite [@draft{}].\n\
         [stale]: https://example.com/not-a-definition\n-->\n\n",
        page.rng.range(1, 40),
        page.rng.range(1990, 2024)
    ));
    page.last = Last::Other;
}

/// `<details>` with a summary in HTML and Markdown inside.
fn details(page: &mut Page) {
    page.out
        .push_str("<details>\n<summary>Why is [^raw] shown as text here?</summary>\n\n");
    let n = page.rng.range(1, 4);
    page.paragraph("", "", n);
    page.out.push_str("</details>\n\n");
    page.last = Last::Other;
}
