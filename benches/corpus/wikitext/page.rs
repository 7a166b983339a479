//! The four kinds of page: what each holds (infobox, sources, notes,
//! tables, list-defined refs), the planted defects, and the order in
//! which a page is written: lead, sections, the refs still owed, notes,
//! references, sources, further reading, links, categories.

use super::super::words::{NAMES, SURNAMES};
use super::super::Rng;
use super::text::{Page, Source, Style, NOBODY};
use super::{Code, Kind};

/// Words of page titles (ASCII, so that file names stay plain).
#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Lake_Nyos", "Krakow_tramway", "Port_Harcourt", "Lisbon_Metro", "Mount_Cameroon",
    "Tbilisi_funicular", "Bogota_TransMilenio", "Oresund_Bridge", "Jakarta_MRT",
];
#[rustfmt::skip]
const TOPICS: &[&str] = &[
    "History_of_the", "Battle_of_the", "Economy_of_the", "Geology_of_the", "Culture_of_the",
];
#[rustfmt::skip]
const PEOPLE: &[&str] = &[
    "Amina_Okafor", "Ingrid_Lindqvist", "Hiroshi_Tanaka", "Elise_Moreau", "Pavel_Novak",
];
#[rustfmt::skip]
const LISTS: &[&str] = &[
    "List_of_bridges_in", "List_of_lakes_of", "List_of_stations_of", "List_of_mayors_of",
];
#[rustfmt::skip]
const SECTIONS: &[&str] = &[
    "History", "Geography", "Early life", "Career", "Construction", "Operations", "Economy",
    "Demographics", "Reception", "Legacy", "Incidents", "Design", "Culture", "Politics",
];

/// The defects a page plants (each with its chance, or all it can).
#[derive(Default)]
struct Plants {
    unresolved: bool,
    duplicate: bool,
    orphaned: bool,
    empty: bool,
    missing_list: bool,
    mismatch: bool,
    unknown: bool,
    duplicate_entry: bool,
    unused_entry: bool,
}

/// A page of `kind` to about `size` bytes: its title, text and planted
/// defects as (code, line, label).
pub fn page(
    mut rng: Rng,
    kind: Kind,
    size: usize,
    every: bool,
) -> (String, String, Vec<(Code, usize, String)>) {
    let title = match kind {
        Kind::Article => match rng.percent(50) {
            true => rng.pick(PLACES).to_owned(),
            false => format!("{}_{}", rng.pick(TOPICS), rng.pick(PLACES)),
        },
        Kind::Biography => rng.pick(PEOPLE).to_owned(),
        Kind::List => format!("{}_{}", rng.pick(LISTS), rng.pick(PLACES)),
        Kind::Stub => rng.pick(PLACES).to_owned(),
    };
    let percent = match kind {
        Kind::Stub => 8,
        _ => 20,
    };
    let mut chance = |p: usize| every || rng.percent(p);
    let mut plants = Plants {
        unresolved: chance(percent),
        duplicate: chance(percent),
        orphaned: chance(percent / 2),
        empty: chance(percent / 2),
        missing_list: chance(percent / 2),
        mismatch: chance(percent / 3),
        unknown: chance(percent),
        duplicate_entry: chance(percent / 2),
        unused_entry: chance(percent / 2),
    };
    let sources = match kind {
        Kind::Article => every || rng.percent(85),
        Kind::Biography => every || rng.percent(40),
        Kind::List => rng.percent(20),
        Kind::Stub => false,
    };
    if !sources {
        plants.unknown = false;
        plants.duplicate_entry = false;
        plants.unused_entry = false;
    }
    let listed = plants.orphaned || plants.mismatch || rng.percent(25);
    let mut p = Page::new(Rng::new(rng.next_u64()));
    p.efn = match kind {
        Kind::Biography => rng.percent(60),
        Kind::Article => rng.percent(30),
        _ => rng.percent(10),
    };
    p.note = plants.mismatch || rng.percent(if kind == Kind::Biography { 35 } else { 15 });
    // The planted missing list is an `{{efn}}` where the page has no
    // notes, else a ref of the `nb` group.
    let missing_efn = plants.missing_list && !p.efn && rng.percent(50);
    if sources {
        let n = rng.range(3, 14);
        let planned = plan_sources(&mut rng, n);
        p.set_sources(planned);
    }
    if listed {
        let mut refs = Vec::new();
        for _ in 0..rng.range(2, 8) {
            let name = p.fresh("ld");
            let text = p.content();
            refs.push((name, text));
        }
        p.set_listed(refs);
    }

    if matches!(kind, Kind::Article | Kind::Biography) && rng.percent(60) {
        infobox(&mut p, kind);
    }
    let shown = title.replace('_', " ");
    let mut sentence = String::new();
    p.sentence(&mut sentence);
    let mut lead = format!("'''{shown}''' is ");
    let mut chars = sentence.chars();
    lead.extend(chars.next().map(|c| c.to_ascii_lowercase()));
    lead.push_str(chars.as_str());
    p.line(&lead);
    p.line("");
    let sections = (size / 6_000).clamp(1, 14);
    let share = size / sections;
    let mut later_duplicate = None;
    for i in 0..sections {
        let heading = SECTIONS[(i * 5 + title.len()) % SECTIONS.len()];
        let eq = if i > 0 && p.rng.percent(25) {
            "==="
        } else {
            "=="
        };
        p.line(&format!("{eq} {heading} {eq}"));
        p.line("");
        let end = p.len() + share;
        while p.len() < end {
            block(&mut p, kind);
        }
        if i == sections / 2 {
            later_duplicate = plant_middle(&mut p, &plants, missing_efn);
        }
    }
    if let Some(name) = later_duplicate {
        let text = p.plain_content();
        p.record(Code::Duplicate, &name);
        p.aside(&format!("<ref name=\"{name}\">Also: {text}</ref>"));
    }
    // The refs still owed: content for early reuses, uses of list-defined
    // refs, links to the sources.
    let mut owed = p.pending_definitions();
    owed.extend(p.unused_listed());
    owed.extend(p.unlinked());
    if !owed.is_empty() {
        p.aside(&owed.concat());
    }
    ending(&mut p, kind, &plants, missing_efn);
    let (text, defects) = p.finish();
    (title, text, defects)
}

/// The sources of a page, with distinct anchors: one to four surnames
/// (now and then five: the anchor takes four), an organisation, a
/// `{{harvid}}`; now and then a pair by one author in one year (`2003a`,
/// `2003b`); now and then declared targets (`ref={{sfnref|…}}`).
fn plan_sources(rng: &mut Rng, n: usize) -> Vec<Source> {
    let mut out: Vec<Source> = Vec::new();
    let mut anchors = std::collections::HashSet::new();
    while out.len() < n {
        let year = rng.range(1890, 2023);
        let source = match rng.below(100) {
            0..=54 => {
                let last = rng.pick(SURNAMES).replace(' ', "");
                Source {
                    style: Style::Last,
                    authors: vec![last.clone()],
                    names: vec![last],
                    year: year.to_string(),
                    declared: rng.percent(15),
                }
            }
            55..=79 => {
                let k = if rng.percent(10) { 5 } else { rng.range(2, 4) };
                let authors: Vec<String> = (0..k)
                    .map(|_| rng.pick(SURNAMES).replace(' ', ""))
                    .collect();
                Source {
                    style: Style::Numbered,
                    names: authors[..k.min(4)].to_vec(),
                    authors,
                    year: year.to_string(),
                    declared: rng.percent(10),
                }
            }
            80..=89 => {
                let (body, _) = rng.pick(super::text::BODIES);
                Source {
                    style: Style::Author,
                    authors: vec![body.to_owned()],
                    names: vec![body.to_owned()],
                    year: year.to_string(),
                    declared: false,
                }
            }
            _ => {
                let (body, short) = rng.pick(super::text::BODIES);
                Source {
                    style: Style::Harvid,
                    authors: vec![body.to_owned()],
                    names: vec![short.to_owned()],
                    year: year.to_string(),
                    declared: true,
                }
            }
        };
        if anchors.contains(&source.anchor()) {
            continue;
        }
        if source.style == Style::Last && rng.percent(10) && out.len() + 2 <= n {
            // Two works of one author in one year.
            let mut b = source.clone();
            let mut a = source;
            a.year.push('a');
            b.year.push('b');
            if anchors.insert(a.anchor()) && anchors.insert(b.anchor()) {
                anchors.insert(format!("CITEREF{}{year}", a.names.concat()));
                out.push(a);
                out.push(b);
            }
            continue;
        }
        anchors.insert(source.anchor());
        out.push(source);
    }
    out
}

/// An infobox, one parameter a line, refs in some values.
fn infobox(p: &mut Page, kind: Kind) {
    let name = match kind {
        Kind::Biography => "person",
        _ => "settlement",
    };
    p.line(&format!("{{{{Infobox {name}"));
    let name = p.rng.pick(NAMES);
    p.line(&format!("| name = {name}"));
    for key in [
        "established",
        "population",
        "area_km2",
        "leader_name",
        "website",
    ] {
        let mut value = match key {
            "established" => format!("{{{{start date|{}}}}}", p.rng.range(1200, 1990)),
            "population" => format!("{},{:03}", p.rng.range(1, 900), p.rng.below(1000)),
            "leader_name" => format!("[[{}]]", p.rng.pick(NAMES)),
            "website" => "{{URL|example.org}}".to_owned(),
            _ => p.rng.range(10, 9000).to_string(),
        };
        if p.rng.percent(40) {
            let r = p.reference();
            value.push_str(&r);
        }
        p.line(&format!("| {key} = {value}"));
    }
    p.line("}}");
}

/// A paragraph, or now and then a list, a table, a quote or an image.
fn block(p: &mut Page, kind: Kind) {
    let tables = if kind == Kind::List { 40 } else { 4 };
    let r = p.rng.below(100);
    if r < tables {
        return table(p);
    }
    match r {
        _ if r < tables + 6 => {
            let mark = p.rng.pick(&["*", "#"]);
            for _ in 0..p.rng.range(2, 6) {
                let mut s = String::new();
                p.sentence(&mut s);
                p.line(&format!("{mark} {s}"));
            }
            p.line("");
        }
        _ if r < tables + 8 => {
            let mut s = String::new();
            p.sentence(&mut s);
            let r = p.reference();
            let who = p.rng.pick(NAMES);
            p.line(&format!("{{{{quote|text={s}{r}|author=[[{who}]]}}}}"));
            p.line("");
        }
        _ if r < tables + 10 => {
            let mut s = String::new();
            p.sentence(&mut s);
            let n = p.rng.range(1, 999);
            p.line(&format!("[[File:Photo {n}.jpg|thumb|upright|{s}]]"));
        }
        _ => p.paragraph(),
    }
}

/// A wikitable, refs in its cells.
fn table(p: &mut Page) {
    p.line("{| class=\"wikitable sortable\"");
    let mut caption = String::from("|+ ");
    caption.push_str(&p.title());
    p.line(&caption);
    p.line("! Year !! Name !! Notes");
    for _ in 0..p.rng.range(3, 12) {
        p.line("|-");
        let year = p.rng.range(1850, 2023);
        let name = p.rng.pick(NAMES);
        let mut note = p.title();
        if p.rng.percent(60) {
            let r = p.reference();
            note.push_str(&r);
        }
        p.line(&format!("| {year} || [[{name}]] || {note}"));
    }
    p.line("|}");
    p.line("");
}

/// The defects planted mid-page; returns the name a later ref gives a
/// second content.
fn plant_middle(p: &mut Page, plants: &Plants, missing_efn: bool) -> Option<String> {
    if plants.unresolved {
        let name = p.fresh("ghost");
        let markup = match p.rng.percent(70) {
            true => format!("<ref name=\"{name}\" />"),
            false => format!("{{{{r|{name}}}}}"),
        };
        p.plant(Code::Unresolved, &name, &markup);
    }
    if plants.empty {
        p.plant(Code::EmptyNote, "", "<ref></ref>");
    }
    if plants.missing_list {
        let text = p.plain_content();
        match missing_efn {
            true => p.plant(
                Code::MissingReferenceList,
                "lower-alpha",
                &format!("{{{{efn|{text}}}}}"),
            ),
            false => p.plant(
                Code::MissingReferenceList,
                "nb",
                &format!("<ref group=\"nb\">{text}</ref>"),
            ),
        }
    }
    if plants.unknown {
        let nobody = p.rng.pick(NOBODY);
        let year = p.rng.range(1900, 2020);
        let label = format!("CITEREF{nobody}{year}");
        p.plant(
            Code::UnknownCitation,
            &label,
            &format!("{{{{sfn|{nobody}|{year}|p=3}}}}"),
        );
    }
    if plants.mismatch {
        p.aside("<ref name=\"gm-1\" />");
    }
    plants.duplicate.then(|| {
        let name = p.fresh("dup");
        let text = p.plain_content();
        p.aside(&format!("<ref name=\"{name}\">{text}</ref>"));
        name
    })
}

/// Notes, references (with the list-defined refs), sources, further
/// reading, links and categories.
fn ending(p: &mut Page, kind: Kind, plants: &Plants, missing_efn: bool) {
    if (p.efn && !missing_efn) || p.note {
        p.line("== Notes ==");
        if p.efn && !missing_efn {
            p.line("{{notelist}}");
        }
        if p.note {
            let list = p
                .rng
                .pick(&["{{reflist|group=note}}", "<references group=\"note\" />"]);
            p.line(list);
        }
        p.line("");
    }
    let list = kind != Kind::Stub || p.rng.percent(60) || !p.listed.is_empty();
    if list {
        p.line("== References ==");
        if p.listed.is_empty() {
            let list = p
                .rng
                .pick(&["{{reflist}}", "{{reflist|30em}}", "<references />"]);
            p.line(list);
        } else {
            let template = p.rng.percent(50);
            p.line(if template {
                "{{reflist|refs="
            } else {
                "<references>"
            });
            for (name, text) in p.listed.clone() {
                p.line(&format!("<ref name=\"{name}\">{text}</ref>"));
            }
            if plants.orphaned {
                let name = p.fresh("unused");
                let text = p.plain_content();
                p.record(Code::Orphaned, &name);
                p.line(&format!("<ref name=\"{name}\">{text}</ref>"));
            }
            if plants.mismatch {
                let text = p.plain_content();
                p.record(Code::GroupMismatch, "gm-1");
                p.line(&format!("<ref name=\"gm-1\" group=\"note\">{text}</ref>"));
            }
            p.line(if template { "}}" } else { "</references>" });
        }
        p.line("");
    }
    if plants.missing_list && p.rng.percent(50) {
        p.line("<!-- {{reflist|group=nb}} {{notelist}} -->");
        p.line("");
    }
    if !p.sources.is_empty() {
        p.line("== Sources ==");
        let refbegin = p.rng.percent(50);
        if refbegin {
            p.line("{{refbegin}}");
        }
        for s in p.sources.clone() {
            let c = p.citation(&s);
            p.line(&format!("* {c}"));
        }
        if plants.duplicate_entry {
            let s = p.sources[0].clone();
            let c = p.citation_line(&Source {
                declared: false,
                ..s.clone()
            });
            p.record(Code::DuplicateEntry, &s.anchor());
            p.line(&format!("* {c}"));
        }
        if plants.unused_entry {
            let year = p.rng.range(1900, 2020);
            let s = Source {
                style: Style::Last,
                authors: vec!["Whitacre".into()],
                names: vec!["Whitacre".into()],
                year: year.to_string(),
                declared: true,
            };
            let c = p.citation_line(&s);
            p.record(Code::UnusedEntry, &s.anchor());
            p.line(&format!("* {c}"));
        }
        if refbegin {
            p.line("{{refend}}");
        }
        p.line("");
    }
    if kind == Kind::Article && p.rng.percent(30) {
        p.line("== Further reading ==");
        for _ in 0..p.rng.range(1, 4) {
            // Named by a surname no source has: no anchor shared.
            let s = Source {
                style: Style::Last,
                authors: vec!["Jonesworth".into()],
                names: vec!["Jonesworth".into()],
                year: (1800 + p.len() % 90).to_string(),
                declared: false,
            };
            if !p.anchors.insert(s.anchor()) {
                continue;
            }
            let c = p.citation(&s);
            p.line(&format!("* {c}"));
        }
        p.line("");
    }
    p.line("== External links ==");
    let n = p.rng.range(100, 9999);
    p.line(&format!("* [https://example.org/{n} Official website]"));
    p.line("");
    let category = p.rng.pick(NAMES);
    p.line(&format!("[[Category:{category}]]"));
}
