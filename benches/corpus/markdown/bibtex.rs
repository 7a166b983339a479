//! `refs.bib`, the BibTeX bibliography of a blog folder: `@string`
//! abbreviations, a `@comment`, `%` comments and entries of the usual types
//! with braced, quoted, numeric and macro values, nested braces in titles
//! and `--` page ranges. The keys are made first (the posts cite them), the
//! file after.

use super::super::words::SURNAMES;
use super::super::{push_capitalized, Rng};
use super::words::{GIVEN, TOPICS, VENUES};

/// `n` distinct citation keys (distinct in lower case too): `bradner1997`,
/// `Rescorla2018`, `fielding:2014`, `postel_parsing_1981`, `hoffman2003b`.
pub(crate) fn keys(rng: &mut Rng, n: usize) -> Vec<String> {
    let mut keys: Vec<String> = Vec::with_capacity(n);
    let mut seen = std::collections::HashSet::new();
    while keys.len() < n {
        let surname = surname(rng);
        let year = rng.range(1965, 2024);
        let key = match rng.below(8) {
            0..=2 => format!("{surname}{year}"),
            3 => {
                let mut k = String::new();
                push_capitalized(&mut k, &surname);
                format!("{k}{year}")
            }
            4 => format!("{surname}:{year}"),
            5 => format!("{surname}_{}_{year}", rng.pick(TOPICS)),
            _ => format!("{surname}{year}{}", char::from(b'a' + rng.below(3) as u8)),
        };
        if seen.insert(key.to_lowercase()) {
            keys.push(key);
        }
    }
    keys
}

/// `Eastlake 3rd` → `eastlake`, `Saint-Andre` → `saint-andre`.
fn surname(rng: &mut Rng) -> String {
    let name = rng.pick(SURNAMES);
    name.split(' ').next().unwrap_or(name).to_lowercase()
}

/// The file: every key once, in a shuffled order.
pub(super) fn write(rng: &mut Rng, keys: &[String]) -> String {
    let mut out = String::with_capacity(keys.len() * 420);
    out.push_str("% Bibliography for the posts in this folder.\n");
    out.push_str(
        "% Keys are cited as [@key] from the posts' front matter `bibliography: refs.bib`.\n\n",
    );
    out.push_str("@string{jdoc = \"Journal of Documentation\"}\n");
    out.push_str("@string{cacm = {Communications of the {ACM}}}\n\n");
    out.push_str("@comment{Entries below are generated; edit them with care.}\n\n");
    shuffled(rng, &mut out, keys);
    out
}

/// An entry for each key, in a shuffled order.
pub(crate) fn shuffled(rng: &mut Rng, out: &mut String, keys: &[String]) {
    let mut order: Vec<&String> = keys.iter().collect();
    rng.shuffle(&mut order);
    for key in order {
        entry(rng, out, key);
    }
}

pub(crate) fn entry(rng: &mut Rng, out: &mut String, key: &str) {
    let kind = match rng.below(10) {
        0..=3 => "article",
        4..=5 => "inproceedings",
        6 => "book",
        7 => "techreport",
        8 => "misc",
        _ => "online",
    };
    // Entry types are case-insensitive.
    let head = if kind == "article" && rng.percent(10) {
        "Article"
    } else {
        kind
    };
    out.push_str(&format!("@{head}{{{key},\n"));
    let authors: Vec<String> = (0..rng.range(1, 4))
        .map(|_| {
            let mut family = String::new();
            push_capitalized(&mut family, &surname(rng));
            format!("{family}, {}", rng.pick(GIVEN))
        })
        .collect();
    field(out, "author", &format!("{{{}}}", authors.join(" and ")));
    let mut title = String::new();
    for i in 0..rng.range(3, 10) {
        if i > 0 {
            title.push(' ');
        }
        let word = rng.pick(TOPICS);
        if rng.percent(15) {
            // Protected capitals: `{Markdown}`.
            title.push('{');
            push_capitalized(&mut title, word);
            title.push('}');
        } else if i == 0 {
            push_capitalized(&mut title, word);
        } else {
            title.push_str(word);
        }
    }
    if rng.percent(50) {
        field(out, "title", &format!("{{{title}}}"));
    } else {
        field(out, "title", &format!("\"{title}\""));
    }
    let year = rng.range(1965, 2024);
    field(out, "year", &year.to_string());
    match kind {
        "article" => {
            let venue = match rng.below(6) {
                0 => "jdoc".to_owned(),
                1 => "cacm".to_owned(),
                _ => format!("{{{}}}", rng.pick(VENUES)),
            };
            field(out, "journal", &venue);
            field(out, "volume", &rng.range(1, 80).to_string());
            field(out, "number", &format!("{{{}}}", rng.range(1, 12)));
            let first = rng.range(1, 900);
            field(
                out,
                "pages",
                &format!("{{{first}--{}}}", first + rng.range(4, 40)),
            );
        }
        "inproceedings" => {
            field(out, "booktitle", &format!("{{{}}}", rng.pick(VENUES)));
            field(out, "publisher", "{ACM}");
        }
        "book" => {
            field(out, "publisher", "{Example Press}");
            field(out, "address", "{Zürich}");
            field(out, "edition", "{2nd}");
        }
        "techreport" => {
            field(out, "institution", "{Example University}");
            field(
                out,
                "number",
                &format!("{{TR-{year}-{:02}}}", rng.range(1, 40)),
            );
        }
        _ => {
            let topic = rng.pick(TOPICS);
            field(
                out,
                "url",
                &format!("{{https://example.org/{topic}/{year}}}"),
            );
            field(
                out,
                "urldate",
                &format!("{{{year}-0{}-15}}", rng.range(1, 9)),
            );
        }
    }
    if rng.percent(30) {
        let month = ["jan", "mar", "jun", "sep", "nov"][rng.below(5)];
        field(out, "month", month);
    }
    if rng.percent(40) {
        field(
            out,
            "doi",
            &format!(
                "{{10.{}/{}.{year}.{}}}",
                rng.range(1000, 9999),
                key.len(),
                rng.range(1, 999)
            ),
        );
    }
    if rng.percent(15) {
        field(out, "note", "{See also the errata, p.~4}");
    }
    out.push_str("}\n\n");
}

fn field(out: &mut String, name: &str, value: &str) {
    out.push_str(&format!("  {name:<9} = {value},\n"));
}
