//! Writing one wikitext page: one-line paragraphs of prose with links,
//! templates, refs, short citations and notes; the contents of refs; the
//! CS1 citations that short citations link to; and text no checker may
//! read ([`Page::trap`]). The page counts the lines it writes, so that a
//! planted defect is recorded at the line it lands on.

use std::collections::HashSet;

use super::super::words::{MONTHS, NAMES, NEWS, SURNAMES};
use super::super::{push_capitalized, Rng};
use super::Code;

/// Given names in citations.
const GIVEN: &[&str] = &[
    "John", "Maria", "Kwame", "Ingrid", "Hiroshi", "Amina", "Pavel", "Lucía", "Tomasz", "Chloé",
];

/// Organisations that write as authors (`author=`), with the short form
/// a `{{harvid}}` gives them.
#[rustfmt::skip]
pub const BODIES: &[(&str, &str)] = &[
    ("World Health Organization", "WHO"), ("Royal Society", "RS"),
    ("International Energy Agency", "IEA"), ("Office for National Statistics", "ONS"),
];

/// Works, websites and publishers.
#[rustfmt::skip]
const WORKS: &[&str] = &[
    "The Guardian", "Le Monde", "Der Spiegel", "The Hindu", "Daily Nation", "El País",
];
#[rustfmt::skip]
const PUBLISHERS: &[&str] = &[
    "Oxford University Press", "Cambridge University Press", "Routledge", "Springer", "Penguin",
];
#[rustfmt::skip]
const JOURNALS: &[&str] = &[
    "Nature", "Science", "Journal of Hydrology", "Past & Present",
];

/// Surnames no citation of the corpus uses: the targets of the planted
/// unknown short citations, and of the poison. (`Whitacre` names the
/// planted unused citation, `Jonesworth` the further reading.)
pub const NOBODY: &[&str] = &["Smyth", "Nobody"];

/// How a citation names its authors and year.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `last=` and `first=`.
    Last,
    /// `last1=` … (2 to 5 authors; the anchor takes the first four).
    Numbered,
    /// `author=` an organisation.
    Author,
    /// `author=` an organisation, `ref={{harvid|SHORT|YEAR}}`.
    Harvid,
}

/// A citation short citations may link to.
#[derive(Clone, Debug)]
pub struct Source {
    pub style: Style,
    /// Every author as written.
    pub authors: Vec<String>,
    /// What a short citation names: the first four surnames, the
    /// organisation, or the `harvid` name.
    pub names: Vec<String>,
    /// `2003`, `2003a`.
    pub year: String,
    /// `ref={{sfnref|…}}` or `ref={{harvid|…}}`: it asks to be linked.
    pub declared: bool,
}

impl Source {
    /// `CITEREF` + names + year, spaces made underscores as in the id of
    /// the HTML anchor (`CITEREFRoyal_Society1998`).
    pub fn anchor(&self) -> String {
        format!("CITEREF{}{}", self.names.concat(), self.year).replace(' ', "_")
    }
}

/// One page being written.
pub struct Page {
    pub rng: Rng,
    out: String,
    lines: usize,
    /// Defects planted, as (code, line, label).
    pub defects: Vec<(Code, usize, String)>,
    serial: usize,
    /// Named refs with content written so far, and their content when it
    /// may be written again identically.
    named: Vec<(String, Option<String>)>,
    /// Names reused before their content, to get it later.
    pending: Vec<String>,
    /// Targets of short citations, and whether each is linked.
    pub sources: Vec<Source>,
    linked: Vec<bool>,
    /// List-defined refs (name, content), and whether each is used.
    pub listed: Vec<(String, String)>,
    listed_used: Vec<bool>,
    /// Anchors of the citations written or planned.
    pub anchors: HashSet<String>,
    /// Explanatory notes (`{{efn}}`) allowed, and their names.
    pub efn: bool,
    efn_names: Vec<String>,
    /// Refs of the `note` group allowed.
    pub note: bool,
    /// Percent of paragraphs followed by text the checker must skip.
    pub traps: usize,
}

impl Page {
    pub fn new(rng: Rng) -> Page {
        Page {
            rng,
            out: String::new(),
            lines: 0,
            defects: Vec::new(),
            serial: 0,
            named: Vec::new(),
            pending: Vec::new(),
            sources: Vec::new(),
            linked: Vec::new(),
            listed: Vec::new(),
            listed_used: Vec::new(),
            anchors: HashSet::new(),
            efn: false,
            efn_names: Vec::new(),
            note: false,
            traps: 5,
        }
    }

    pub fn len(&self) -> usize {
        self.out.len()
    }

    pub fn finish(self) -> (String, Vec<(Code, usize, String)>) {
        (self.out, self.defects)
    }

    pub fn push(&mut self, text: &str) {
        self.lines += text.bytes().filter(|&b| b == b'\n').count();
        self.out.push_str(text);
    }

    pub fn line(&mut self, text: &str) {
        self.push(text);
        self.push("\n");
    }

    /// Record `code` with `label` at the next line written.
    pub fn record(&mut self, code: Code, label: &str) {
        self.defects.push((code, self.lines + 1, label.to_owned()));
    }

    /// A name used nowhere else on the page: `prefix-N`.
    pub fn fresh(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}-{}", self.serial)
    }

    /// A one-line paragraph ending in `markup`, recorded as `code` with
    /// `label` at its line.
    pub fn plant(&mut self, code: Code, label: &str, markup: &str) {
        self.record(code, label);
        self.aside(markup);
    }

    /// A one-line paragraph ending in `markup`, planting nothing.
    pub fn aside(&mut self, markup: &str) {
        let mut s = String::new();
        self.words(&mut s, 6, 14);
        s.push('.');
        s.push_str(markup);
        self.line(&s);
        self.line("");
    }

    /// The sources short citations link to; those that declare
    /// themselves targets must be linked.
    pub fn set_sources(&mut self, sources: Vec<Source>) {
        for s in &sources {
            self.anchors.insert(s.anchor());
        }
        self.linked = vec![false; sources.len()];
        self.sources = sources;
    }

    /// The list-defined refs, each of which the text must use.
    pub fn set_listed(&mut self, listed: Vec<(String, String)>) {
        self.listed_used = vec![false; listed.len()];
        self.listed = listed;
    }

    fn words(&mut self, s: &mut String, lo: usize, hi: usize) {
        let n = self.rng.range(lo, hi);
        for i in 0..n {
            let w = self.rng.pick(NEWS);
            if i == 0 {
                push_capitalized(s, w);
            } else {
                s.push(' ');
                s.push_str(w);
            }
        }
    }

    /// A paragraph: one line of sentences with their refs.
    pub fn paragraph(&mut self) {
        let mut s = String::new();
        for i in 0..self.rng.range(2, 7) {
            if i > 0 {
                s.push(' ');
            }
            self.sentence(&mut s);
        }
        self.line(&s);
        self.line("");
        if self.rng.percent(self.traps) {
            self.trap();
        }
    }

    /// A sentence with links and templates, then now and then its refs.
    pub fn sentence(&mut self, s: &mut String) {
        let n = self.rng.range(8, 24);
        for i in 0..n {
            let w = self.rng.pick(NEWS);
            if i == 0 {
                push_capitalized(s, w);
                continue;
            }
            s.push(' ');
            match self.rng.below(1000) {
                0..=39 => s.push_str(&format!("[[{}]]", self.rng.pick(NAMES))),
                40..=59 => s.push_str(&format!("[[{}|{w}]]", self.rng.pick(NAMES))),
                60..=74 => s.push_str(&format!("'''{w}'''")),
                75..=94 => s.push_str(&format!("''{w}''")),
                95..=99 => s.push_str(&format!("{{{{convert|{}|km|mi}}}}", self.rng.range(2, 900))),
                100..=103 => {
                    s.push_str(&format!("{{{{as of|{}}}}} {w}", self.rng.range(1990, 2024)))
                }
                104..=108 if !self.sources.is_empty() => {
                    let cite = self.short("harv", "");
                    s.push_str(&format!("{w} {cite}"));
                }
                109..=111 => s.push_str(&format!("{w} {}", self.inline_trap())),
                _ => s.push_str(w),
            }
        }
        s.push('.');
        match self.rng.below(100) {
            0..=21 => {
                for _ in 0..self.rng.range(1, 3) {
                    let r = self.reference();
                    s.push_str(&r);
                }
            }
            22..=29 if !self.sources.is_empty() => {
                let (t, p) = match self.rng.below(3) {
                    0 => ("sfnp", "p"),
                    _ => ("sfn", "p"),
                };
                let at = format!("|{p}={}", self.rng.range(1, 480));
                let c = self.short(t, &at);
                s.push_str(&c);
            }
            30..=31 if self.efn => {
                let e = self.efn_note();
                s.push_str(&e);
            }
            32 if self.note => {
                let text = self.plain_content();
                s.push_str(&format!("<ref group=\"note\">{text}</ref>"));
            }
            33 => s.push_str("{{citation needed|date=May 2021}}"),
            _ => {}
        }
    }

    /// A short citation `{{TEMPLATE|names…|year|extra}}` of a source, half
    /// the time one not linked yet.
    pub fn short(&mut self, template: &str, extra: &str) -> String {
        let n = self.sources.len();
        let mut i = self.rng.below(n);
        if self.rng.percent(50) {
            if let Some(j) = (0..n).map(|k| (i + k) % n).find(|&j| !self.linked[j]) {
                i = j;
            }
        }
        self.linked[i] = true;
        let s = &self.sources[i];
        format!("{{{{{template}|{}|{}{extra}}}}}", s.names.join("|"), s.year)
    }

    /// Sources not linked yet, linked now (in a closing paragraph).
    pub fn unlinked(&mut self) -> Vec<String> {
        let rest = (0..self.sources.len())
            .filter(|&i| !self.linked[i])
            .map(|i| {
                let s = &self.sources[i];
                format!("{{{{sfn|{}|{}}}}}", s.names.join("|"), s.year)
            })
            .collect();
        self.linked.iter_mut().for_each(|l| *l = true);
        rest
    }

    /// List-defined refs not used yet, used now.
    pub fn unused_listed(&mut self) -> Vec<String> {
        let rest = (0..self.listed.len())
            .filter(|&i| !self.listed_used[i])
            .map(|i| format!("<ref name=\"{}\" />", self.listed[i].0))
            .collect();
        self.listed_used.iter_mut().for_each(|u| *u = true);
        rest
    }

    /// Names reused before their content, given it now.
    pub fn pending_definitions(&mut self) -> Vec<String> {
        let names = std::mem::take(&mut self.pending);
        names
            .into_iter()
            .map(|name| {
                let text = self.content();
                self.named.push((name.clone(), None));
                format!("<ref name=\"{name}\">{text}</ref>")
            })
            .collect()
    }

    /// A ref: anonymous, named, a reuse (also before the content, and
    /// through `{{r}}`), a list-defined ref's use, or a named ref written
    /// again identically.
    pub fn reference(&mut self) -> String {
        let r = self.rng.below(100);
        if (36..=60).contains(&r) && !self.named.is_empty() {
            let (name, _) = self.rng.pick_ref(&self.named).clone();
            return match self.rng.below(6) {
                0 => format!("<ref name=\"{name}\" />"),
                1 => format!("<ref name={name}/>"),
                2 => format!("<ref name='{name}' />"),
                3 => format!("{{{{r|{name}}}}}"),
                4 => format!("{{{{r|{name}|p={}}}}}", self.rng.range(2, 300)),
                _ => {
                    let (other, _) = self.rng.pick_ref(&self.named).clone();
                    format!("{{{{r|{name}|{other}}}}}")
                }
            };
        }
        if (61..=72).contains(&r) && !self.listed.is_empty() {
            let n = self.listed.len();
            let mut i = self.rng.below(n);
            if let Some(j) = (0..n).map(|k| (i + k) % n).find(|&j| !self.listed_used[j]) {
                i = j;
            }
            self.listed_used[i] = true;
            let name = &self.listed[i].0;
            return match self.rng.percent(70) {
                true => format!("<ref name=\"{name}\" />"),
                false => format!("{{{{r|{name}}}}}"),
            };
        }
        if (73..=75).contains(&r) {
            let name = self.fresh("src");
            self.pending.push(name.clone());
            return format!("<ref name=\"{name}\" />");
        }
        if r == 76 {
            let again: Vec<&(String, Option<String>)> =
                self.named.iter().filter(|n| n.1.is_some()).collect();
            if let Some((name, Some(text))) = again.first().map(|n| (*n).clone()) {
                return format!("<ref name=\"{name}\">{text}</ref>");
            }
        }
        if (20..=35).contains(&r) {
            if let Some(name) = self.pending.pop() {
                let text = self.content();
                self.named.push((name.clone(), None));
                return format!("<ref name=\"{name}\">{text}</ref>");
            }
            let prefix = self.rng.pick(&["src", "bbc", "census", "nyt", "ft"]);
            let name = self.fresh(prefix);
            let plain = self.rng.percent(40);
            let text = match plain {
                true => self.plain_content(),
                false => self.content(),
            };
            self.named.push((name.clone(), plain.then(|| text.clone())));
            return match self.rng.below(3) {
                0 => format!("<ref name=\"{name}\">{text}</ref>"),
                1 => format!("<ref name={name}>{text}</ref>"),
                _ => format!("<ref name='{name}'>{text}</ref>"),
            };
        }
        let text = self.content();
        format!("<ref>{text}</ref>")
    }

    /// A ref's content: a CS1 citation (with an anchor, unique on the
    /// page, or none), now and then over several lines; a short citation;
    /// plain text; a bare link.
    pub fn content(&mut self) -> String {
        match self.rng.below(100) {
            0..=29 => {
                let (d, m, y) = self.date();
                let slug = self.rng.pick(NEWS).replace(' ', "-");
                format!(
                    "{{{{cite web |url=https://example.org/{slug} |title={} |website={} |date={d} {m} {y} |access-date=4 May 2021}}}}",
                    self.title(),
                    self.rng.pick(WORKS)
                )
            }
            30..=59 => {
                let (last, year) = self.unique_author();
                let first = self.rng.pick(GIVEN);
                let title = self.title();
                let lines = self.rng.percent(15);
                let sep = if lines { "\n |" } else { " |" };
                match self.rng.percent(50) {
                    true => {
                        let (d, m, _) = self.date();
                        let work = self.rng.pick(WORKS);
                        format!("{{{{cite news{sep}last={last}{sep}first={first}{sep}date={d} {m} {year}{sep}title={title}{sep}work={work}}}}}")
                    }
                    false => {
                        let publisher = self.rng.pick(PUBLISHERS);
                        let page = self.rng.range(1, 500);
                        format!("{{{{cite book{sep}last={last}{sep}first={first}{sep}year={year}{sep}title={title}{sep}publisher={publisher}{sep}page={page}}}}}")
                    }
                }
            }
            60..=69 if !self.sources.is_empty() => {
                let p = format!("|p={}", self.rng.range(1, 480));
                self.short("harvnb", &p)
            }
            70..=89 => self.plain_content(),
            _ => format!(
                "[https://example.org/{} {}] ''{}''. Retrieved 4 May 2021.",
                self.rng.range(100, 99_999),
                self.title(),
                self.rng.pick(WORKS)
            ),
        }
    }

    /// Content with no template and no anchor.
    pub fn plain_content(&mut self) -> String {
        let last = self.rng.pick(SURNAMES);
        let first = self.rng.pick(GIVEN);
        format!(
            "{last}, {first} ({}). ''{}''. {}. p. {}.",
            self.rng.range(1900, 2023),
            self.title(),
            self.rng.pick(PUBLISHERS),
            self.rng.range(1, 500)
        )
    }

    /// A surname and a year whose anchor no citation of the page has.
    fn unique_author(&mut self) -> (String, usize) {
        loop {
            let last = self.rng.pick(SURNAMES).replace(' ', "");
            let year = self.rng.range(1950, 2023);
            if self.anchors.insert(format!("CITEREF{last}{year}")) {
                return (last, year);
            }
        }
    }

    pub fn title(&mut self) -> String {
        let mut s = String::new();
        self.words(&mut s, 3, 8);
        s
    }

    /// Day, month and year.
    pub fn date(&mut self) -> (usize, &'static str, usize) {
        (
            self.rng.range(1, 28),
            self.rng.pick(MONTHS),
            self.rng.range(1950, 2023),
        )
    }

    /// An explanatory note: new (now and then named, or holding a ref or
    /// a short citation), or a named one again.
    fn efn_note(&mut self) -> String {
        if !self.efn_names.is_empty() && self.rng.percent(15) {
            let name = self.rng.pick_ref(&self.efn_names).clone();
            return format!("{{{{efn|name={name}}}}}");
        }
        let mut text = String::new();
        self.words(&mut text, 6, 16);
        text.push('.');
        match self.rng.below(10) {
            0..=1 => text.push_str(&self.reference()),
            2 if !self.sources.is_empty() => {
                let p = format!("|p={}", self.rng.range(1, 480));
                let c = self.short("harvnb", &p);
                text.push_str(&format!(" See {c}."));
            }
            _ => {}
        }
        if self.rng.percent(20) {
            let name = self.fresh("nb");
            self.efn_names.push(name.clone());
            return format!("{{{{efn|name={name}|{text}}}}}");
        }
        format!("{{{{efn|{text}}}}}")
    }

    /// A CS1 citation of a source, on one line (or, now and then, a line
    /// for each parameter).
    pub fn citation(&mut self, s: &Source) -> String {
        let lines = self.rng.percent(10);
        self.cite(s, lines)
    }

    /// A CS1 citation of a source on one line: a planted one, whose
    /// finding has one place.
    pub fn citation_line(&mut self, s: &Source) -> String {
        self.cite(s, false)
    }

    fn cite(&mut self, s: &Source, lines: bool) -> String {
        let kind = self.rng.pick(&["book", "journal", "book", "news"]);
        let mut p: Vec<String> = Vec::new();
        match s.style {
            Style::Last => {
                p.push(format!("last={}", s.authors[0]));
                p.push(format!("first={}", self.rng.pick(GIVEN)));
            }
            Style::Numbered => {
                for (i, a) in s.authors.iter().enumerate() {
                    p.push(format!("last{}={a}", i + 1));
                    p.push(format!("first{}={}", i + 1, self.rng.pick(GIVEN)));
                }
            }
            Style::Author | Style::Harvid => p.push(format!("author={}", s.authors[0])),
        }
        let plain = s.year.chars().all(|c| c.is_ascii_digit());
        match self.rng.below(4) {
            0 if plain => {
                let (d, m, _) = self.date();
                p.push(format!("date={d} {m} {}", s.year));
            }
            1 if plain => {
                let m = self.rng.range(1, 12);
                p.push(format!(
                    "date={}-{m:02}-{:02}",
                    s.year,
                    self.rng.range(1, 28)
                ));
            }
            _ => p.push(format!("year={}", s.year)),
        }
        p.push(format!("title={}", self.title()));
        match kind {
            "journal" => {
                p.push(format!("journal={}", self.rng.pick(JOURNALS)));
                p.push(format!("volume={}", self.rng.range(1, 300)));
                p.push(format!(
                    "pages={}–{}",
                    self.rng.range(1, 200),
                    self.rng.range(201, 400)
                ));
            }
            "news" => p.push(format!("work={}", self.rng.pick(WORKS))),
            _ => p.push(format!("publisher={}", self.rng.pick(PUBLISHERS))),
        }
        match s.style {
            Style::Harvid => p.push(format!("ref={{{{harvid|{}|{}}}}}", s.names[0], s.year)),
            // `ref=harv` has meant nothing since 2020 (every citation has
            // its anchor): a declared target names its id.
            _ if s.declared => p.push(format!(
                "ref={{{{sfnref|{}|{}}}}}",
                s.names.join("|"),
                s.year
            )),
            _ => {}
        }
        let sep = if lines { "\n |" } else { " |" };
        format!("{{{{cite {kind}{sep}{}}}}}", p.join(sep))
    }
}

mod hidden;
