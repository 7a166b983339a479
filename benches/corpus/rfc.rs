//! RFC-like documents: a two-column front page, 3-space indented text
//! wrapped at 72 columns, citation keys (`[RFC2119]`,
//! `[I-D.ietf-tls-esni]`, `[BETTERCRYPTO]`) or, in older documents,
//! numeric references (`[12]`), figures with brackets that are not citations
//! (`opaque random[32];`, `[ "." 1*DIGIT ]`), a `N.  References` section
//! with `N.1.  Normative References` sub-sections and hanging indentation,
//! and page furniture: `Name   Standards Track   [Page 12]`, a form feed and
//! the next page's header line.

mod references;

use super::words::{SURNAMES, TECH, TECH_TITLES};
use super::{month, push_capitalized, year, Rng};
use references::References;

const WIDTH: usize = 72;
/// Text lines per page, before the footer.
const PAGE_LINES: usize = 50;
/// Column where a reference entry's text starts (`   [RFC2119]  Bradner`).
const HANG: usize = 14;

/// What the front page and the page furniture show.
struct Front {
    draft: bool,
    /// Older RFCs cite by number (`[12]`), defined in one References section.
    numeric: bool,
    number: usize,
    authors: Vec<(char, &'static str)>,
    /// The running title in page headers.
    short: String,
    month: &'static str,
    year: usize,
    /// When a draft expires: `April 19, 2007`.
    expires: String,
}

impl Front {
    fn new(rng: &mut Rng) -> Front {
        let draft = rng.percent(30);
        let year = year(rng);
        Front {
            draft,
            numeric: !draft && rng.percent(30),
            number: rng.range(800, 9000),
            authors: (0..rng.range(1, 4))
                .map(|_| ((b'A' + rng.below(26) as u8) as char, rng.pick(SURNAMES)))
                .collect(),
            short: format!("{} {}", rng.pick(TECH_TITLES), rng.pick(TECH_TITLES)),
            month: month(rng),
            year,
            expires: format!("{} {}, {}", month(rng), rng.range(1, 28), year + 1),
        }
    }

    /// An empty document whose pages carry this document's furniture.
    fn page(&self, capacity: usize) -> Page {
        let lead = self.authors[0].1;
        let footer_left = if self.authors.len() > 1 {
            format!("{lead}, et al.")
        } else {
            lead.to_owned()
        };
        let (footer_mid, header_left) = if self.draft {
            let expires = format!("Expires {}", self.expires);
            (expires, "Internet-Draft".to_owned())
        } else {
            ("Standards Track".to_owned(), format!("RFC {}", self.number))
        };
        let date = format!("{} {}", self.month, self.year);
        Page {
            out: String::with_capacity(capacity),
            lines: 0,
            page: 1,
            footer_left,
            footer_mid,
            header: three(&header_left, &self.short, &date),
        }
    }
}

/// Generate an RFC or an Internet-Draft of about `target` bytes; returns
/// whether it is a draft, and the text.
pub fn generate(rng: &mut Rng, target: usize) -> (bool, String) {
    let front = Front::new(rng);
    let numeric = front.numeric;
    let mut page = front.page(target + 16_384);
    let mut refs = References::new(rng, target, numeric);
    front_page(rng, &mut page, &front);

    // Plan the sections, then fill each with about the same share of text.
    let tech = ((target.saturating_sub(refs.estimate())) / rng.range(5_000, 12_000)).clamp(1, 24);
    let mut titles = vec!["Introduction", "Terminology"];
    for _ in 0..tech {
        titles.push(rng.pick(TECH_TITLES));
    }
    titles.extend(["Security Considerations", "IANA Considerations"]);
    toc(&mut page, &titles, numeric);
    let budget = target.saturating_sub(refs.estimate() + page.out.len()) / titles.len();
    for (i, title) in titles.iter().enumerate() {
        let n = i + 1;
        page.blank();
        page.line(&format!("{n}.  {title}"));
        page.blank();
        if *title == "Terminology" {
            terminology(&mut page, &mut refs, numeric);
            continue;
        }
        if *title == "Security Considerations" {
            refs.cite_leftovers(rng, &mut page);
        }
        let end = page.out.len() + budget;
        let mut sub = 0;
        while page.out.len() < end {
            match rng.below(100) {
                0..=7 => {
                    sub += 1;
                    page.blank();
                    page.line(&format!("{n}.{sub}.  {}", rng.pick(TECH_TITLES)));
                    page.blank();
                }
                8..=15 => figure(rng, &mut page),
                16..=23 => bullets(rng, &mut page, &mut refs),
                _ => {
                    let sentences = rng.range(2, 6);
                    let text = prose(rng, &mut refs, sentences);
                    page.wrap("   ", 3, &text);
                    page.blank();
                }
            }
        }
    }
    refs.write(&mut page, titles.len() + 1);
    addresses(rng, &mut page, &front.authors);
    (front.draft, page.out)
}

/// The text being laid out in pages.
pub(super) struct Page {
    out: String,
    /// Lines on the current page so far.
    lines: usize,
    page: usize,
    footer_left: String,
    footer_mid: String,
    header: String,
}

impl Page {
    pub(super) fn line(&mut self, s: &str) {
        self.out.push_str(s);
        self.out.push('\n');
        self.lines += 1;
        if self.lines >= PAGE_LINES {
            self.out.push_str("\n\n\n");
            let number = format!("[Page {}]", self.page);
            self.out
                .push_str(&three(&self.footer_left, &self.footer_mid, &number));
            self.out.push_str("\n\u{c}\n");
            self.out.push_str(&self.header);
            self.out.push_str("\n\n\n");
            self.page += 1;
            self.lines = 0;
        }
    }

    pub(super) fn blank(&mut self) {
        self.line("");
    }

    /// Fill lines to `WIDTH`: the first starts with `first`, the others
    /// with `indent` spaces. A double space (between sentences) is kept.
    pub(super) fn wrap(&mut self, first: &str, indent: usize, text: &str) {
        let mut line = String::from(first);
        let mut words = 0;
        let mut sep = " ";
        for word in text.split(' ') {
            if word.is_empty() {
                sep = "  ";
                continue;
            }
            if words > 0 && line.len() + sep.len() + word.len() > WIDTH {
                self.line(&line);
                line.clear();
                line.extend(std::iter::repeat_n(' ', indent));
                words = 0;
            }
            if words > 0 {
                line.push_str(sep);
            }
            line.push_str(word);
            words += 1;
            sep = " ";
        }
        if words > 0 {
            self.line(&line);
        }
    }
}

/// `left` at column 0, `mid` centred, `right` flush with column 72.
fn three(left: &str, mid: &str, right: &str) -> String {
    let mut s = String::from(left);
    let mid_at = (WIDTH.saturating_sub(mid.len()) / 2).max(s.len() + 1);
    s.extend(std::iter::repeat_n(' ', mid_at - s.len()));
    s.push_str(mid);
    let right_at = WIDTH.saturating_sub(right.len()).max(s.len() + 1);
    s.extend(std::iter::repeat_n(' ', right_at - s.len()));
    s.push_str(right);
    s.truncate(s.trim_end().len());
    s
}

fn front_page(rng: &mut Rng, page: &mut Page, front: &Front) {
    let number = front.number;
    let left: Vec<String> = if front.draft {
        vec![
            "Network Working Group".into(),
            "Internet-Draft".into(),
            "Intended status: Standards Track".into(),
            format!("Expires: {}", front.expires),
        ]
    } else if front.numeric {
        vec![
            "Network Working Group".into(),
            format!("Request for Comments: {number}"),
            "Category: Standards Track".into(),
        ]
    } else {
        vec![
            "Internet Engineering Task Force (IETF)".into(),
            format!("Request for Comments: {number}"),
            format!("Updates: {}", rng.range(700, number)),
            "Category: Standards Track".into(),
            "ISSN: 2070-1721".into(),
        ]
    };
    let mut right: Vec<String> = Vec::new();
    for (initial, name) in &front.authors {
        right.push(format!("{initial}. {name}"));
        right.push(
            rng.pick(&["Cisco Systems", "Mozilla", "Ericsson", "NICTA", "Intuit"])
                .into(),
        );
    }
    right.push(format!("{} {}", front.month, front.year));
    for _ in 0..rng.range(0, 6) {
        page.blank();
    }
    for i in 0..left.len().max(right.len()) {
        let l = left.get(i).map_or("", String::as_str);
        let r = right.get(i).map_or("", String::as_str);
        page.line(&three(l, "", r));
    }
    page.blank();
    page.blank();
    let title = format!(
        "The {} Mechanism for the {}",
        front.short,
        rng.pick(TECH_TITLES)
    );
    page.line(format!("{title:^WIDTH$}").trim_end());
    page.blank();
    for heading in ["Abstract", "Status of This Memo", "Copyright Notice"] {
        page.line(heading);
        page.blank();
        for _ in 0..rng.range(1, 3) {
            let sentences = rng.range(2, 5);
            let text = plain_prose(rng, sentences);
            page.wrap("   ", 3, &text);
            page.blank();
        }
    }
}

fn toc(page: &mut Page, titles: &[&str], numeric: bool) {
    page.line("Table of Contents");
    page.blank();
    let mut entries: Vec<String> = titles
        .iter()
        .enumerate()
        .map(|(i, t)| format!("   {}.  {t}", i + 1))
        .collect();
    let n = titles.len() + 1;
    entries.push(format!("   {n}.  References"));
    if !numeric {
        entries.push(format!("     {n}.1.  Normative References"));
        entries.push(format!("     {n}.2.  Informative References"));
    }
    entries.push("   Authors' Addresses".into());
    for (i, mut entry) in entries.into_iter().enumerate() {
        entry.push(' ');
        while entry.len() < WIDTH - 6 {
            entry.push_str(" .");
        }
        entry.push_str(&format!("{:>4}", 2 + i / 3));
        page.line(&entry);
    }
}

fn terminology(page: &mut Page, refs: &mut References, numeric: bool) {
    let cite = if numeric {
        "RFC 2119 [1]".to_owned()
    } else {
        refs.mark_cited("RFC2119");
        "BCP 14 [RFC2119]".to_owned()
    };
    let text = format!(
        "The key words \"MUST\", \"MUST NOT\", \"REQUIRED\", \"SHALL\", \"SHALL NOT\", \
         \"SHOULD\", \"SHOULD NOT\", \"RECOMMENDED\", \"NOT RECOMMENDED\", \"MAY\", and \
         \"OPTIONAL\" in this document are to be interpreted as described in {cite} when, \
         and only when, they appear in all capitals, as shown here."
    );
    page.wrap("   ", 3, &text);
    page.blank();
}

/// Sentences of technical prose, without citations.
fn plain_prose(rng: &mut Rng, sentences: usize) -> String {
    let mut out = String::new();
    for s in 0..sentences {
        if s > 0 {
            out.push_str("  ");
        }
        sentence(rng, &mut out);
        out.push('.');
    }
    out
}

/// Sentences of technical prose; some end with a citation.
fn prose(rng: &mut Rng, refs: &mut References, sentences: usize) -> String {
    let mut out = String::new();
    for s in 0..sentences {
        if s > 0 {
            out.push_str("  ");
        }
        sentence(rng, &mut out);
        if rng.percent(30) {
            if let Some(label) = refs.next_citation(rng) {
                let lead = rng.pick(&[" ", " as described in ", " (see ", " in Section 4 of "]);
                out.push_str(lead);
                out.push_str(&format!("[{label}]"));
                if lead == " (see " {
                    out.push(')');
                }
            }
        }
        out.push('.');
    }
    out
}

fn sentence(rng: &mut Rng, out: &mut String) {
    for i in 0..rng.range(8, 25) {
        let word = rng.pick(TECH);
        if i == 0 {
            push_capitalized(out, word);
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
}

fn bullets(rng: &mut Rng, page: &mut Page, refs: &mut References) {
    for _ in 0..rng.range(2, 6) {
        let sentences = rng.range(1, 2);
        let text = prose(rng, refs, sentences);
        page.wrap("   o  ", 6, &text);
        page.blank();
    }
}

/// Figures and ABNF, where brackets are syntax, not citations.
const FIGURES: &[&[&str]] = &[
    &[
        "      struct {",
        "          ProtocolVersion legacy_version = 0x0303;",
        "          Random random;",
        "          opaque legacy_session_id<0..32>;",
        "          CipherSuite cipher_suites<2..2^16-2>;",
        "          uint8 padding[32];",
        "          opaque verify_data[verify_data_length];",
        "      } ClientHello;",
    ],
    &[
        "      via-parm    =  sent-protocol LWS sent-by *( SEMI via-params )",
        "      option-tag  =  token [ \".\" 1*DIGIT ]",
        "      list        =  \"[\" element *( \",\" element ) \"]\"",
        "      IPv6address =  \"[\" hexpart [ \":\" IPv4address ] \"]\"",
    ],
    &[
        "      +--------+                         +--------+",
        "      | Client |------- INVITE -------->| Server |",
        "      |        |<------ 200 OK ----------|        |",
        "      +--------+                         +--------+",
    ],
    &[
        "      Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds",
        "      Contact: <sip:alice@[2001:db8::10]:5060>",
        "      Content-Length: 142",
        "      byte[0] = 0x16; byte[1..2] = version",
    ],
];

fn figure(rng: &mut Rng, page: &mut Page) {
    for line in rng.pick(FIGURES) {
        page.line(line);
    }
    page.blank();
    page.line(&format!(
        "                          Figure {}: Example",
        rng.range(1, 40)
    ));
    page.blank();
}

/// `Authors' Addresses` after the references: a heading that ends the block.
fn addresses(rng: &mut Rng, page: &mut Page, authors: &[(char, &str)]) {
    page.blank();
    page.line(if authors.len() > 1 {
        "Authors' Addresses"
    } else {
        "Author's Address"
    });
    for (initial, name) in authors {
        page.blank();
        page.line(&format!("   {initial}. {name}"));
        page.line(&format!("   {} Example Street", rng.range(1, 999)));
        page.line("   Hod HaSharon  4524075");
        page.blank();
        page.line(&format!(
            "   EMail: {}@example.org",
            name.to_ascii_lowercase().replace(' ', ".")
        ));
    }
}
