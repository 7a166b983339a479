//! The blocks of a document besides paragraphs (lists, admonitions,
//! delimited blocks, tables, figures, listings) and the text no checker
//! may read.

use super::super::super::words::{ACADEMIC, LISTING_LINES};
use super::{Held, Writer, ADMONITIONS, GHOSTS, TERMS};

impl Writer<'_> {
    pub(super) fn list(&mut self, mark: &str, deeper: &str) {
        let n = self.rng.range(2, 6);
        for i in 0..n {
            let mut s = String::new();
            self.item_sentence(&mut s);
            let m = if i > 0 && self.rng.percent(20) {
                deeper
            } else {
                mark
            };
            self.line(&format!("{m} {s}"));
        }
        self.line("");
    }

    pub(super) fn definitions(&mut self) {
        for _ in 0..self.rng.range(2, 5) {
            let term = self.rng.pick(TERMS);
            let mut s = String::new();
            self.item_sentence(&mut s);
            self.line(&format!("{term}:: {s}"));
        }
        self.line("");
    }

    pub(super) fn admonition(&mut self) {
        let kind = self.rng.pick(ADMONITIONS);
        if self.rng.percent(60) {
            let mut s = String::new();
            self.sentence(&mut s);
            self.line(&format!("{kind}: {s}"));
            self.line("");
        } else {
            self.line(&format!("[{kind}]"));
            self.delimited("====", false);
        }
    }

    /// A delimited block whose paragraphs are read, now and then titled.
    pub(super) fn delimited(&mut self, fence: &str, titled: bool) {
        if titled && self.rng.percent(60) {
            let mut t = String::from(".");
            self.words(&mut t, 2, 5);
            self.line(&t);
        }
        self.line(fence);
        for _ in 0..self.rng.range(1, 2) {
            self.paragraph();
        }
        // No blank line before the closing fence.
        self.out.pop();
        self.lines -= 1;
        self.line(fence);
        self.line("");
    }

    pub(super) fn quote(&mut self) {
        let who = self.rng.pick(super::super::kinds::PEOPLE);
        let work = self.rng.pick(TERMS);
        self.line(&format!("[quote,{who},{work}]"));
        self.delimited("____", false);
    }

    /// A titled block with an id: an example, a table, a figure, a
    /// listing.
    pub fn held(&mut self, id: &str, kind: Held) {
        match kind {
            Held::Example => {
                self.line(&format!("[#{id}]"));
                self.delimited("====", true);
            }
            Held::Table => self.table(Some(id)),
            Held::Figure => self.image(Some(id)),
            Held::Listing => self.listing(Some(id)),
        }
    }

    pub(super) fn title(&mut self) {
        let mut t = String::from(".");
        self.words(&mut t, 2, 6);
        self.line(&t);
    }

    pub(super) fn table(&mut self, id: Option<&str>) {
        if let Some(id) = id {
            self.line(&format!("[#{id}]"));
            self.title();
        }
        self.line("[cols=\"1,3\",options=\"header\"]");
        self.line("|===");
        self.line("|Name |Description");
        self.line("");
        for _ in 0..self.rng.range(2, 6) {
            let term = self.rng.pick(TERMS);
            let mut s = String::new();
            self.item_sentence(&mut s);
            self.line(&format!("|{term}"));
            self.line(&format!("|{s}"));
            self.line("");
        }
        self.out.pop();
        self.lines -= 1;
        self.line("|===");
        self.line("");
    }

    pub(super) fn image(&mut self, id: Option<&str>) {
        if let Some(id) = id {
            self.line(&format!("[#{id}]"));
        }
        self.title();
        let name = id.unwrap_or("diagram");
        let alt = self.rng.pick(ACADEMIC);
        let width = self.rng.range(300, 800);
        self.line(&format!("image::{name}.png[{alt},{width}]"));
        self.line("");
    }

    /// A source listing: code, and now and then AsciiDoc that must stay
    /// code.
    pub fn listing(&mut self, id: Option<&str>) {
        if let Some(id) = id {
            self.line(&format!("[#{id}]"));
            self.title();
        }
        let asciidoc = self.rng.percent(25);
        let style = match asciidoc {
            true => "[source,asciidoc]",
            false => self
                .rng
                .pick(&["[source,python]", "[source,rust]", "[source]"]),
        };
        self.line(style);
        self.line("----");
        for _ in 0..self.rng.range(3, 12) {
            let line = match asciidoc || self.rng.percent(10) {
                true => self.poison(),
                false => self.rng.pick(LISTING_LINES).to_owned(),
            };
            self.line(&line);
        }
        self.line("----");
        self.line("");
    }

    /// A literal block, with poison now and then.
    pub(super) fn literal(&mut self) {
        self.line("....");
        for _ in 0..self.rng.range(2, 6) {
            let line = match self.rng.percent(30) {
                true => self.poison(),
                false => self.rng.pick(LISTING_LINES).to_owned(),
            };
            self.line(&line);
        }
        self.line("....");
        self.line("");
    }

    /// A line of markup that must not count where it stands: references
    /// to ids that exist nowhere, ghost and empty footnotes, an id of the
    /// unit defined again, a second bibliography entry, a section title.
    pub(super) fn poison(&mut self) -> String {
        let ghost = self.rng.pick(GHOSTS);
        let again = match self.scope.ids.is_empty() {
            true => "intro".to_owned(),
            false => self.rng.pick_ref(&self.scope.ids).clone(),
        };
        match self.rng.below(9) {
            0 => format!("See <<{ghost}>> and <<{ghost},the old text>>."),
            1 => format!("xref:{ghost}[] and xref:missing.adoc#{ghost}[]"),
            2 => format!("A claim.footnote:{ghost}[] Another.footnote:[]"),
            3 => format!("[[{again}]]"),
            4 => format!("[#{again}]"),
            5 => format!("* [[[{ghost}]]] An entry nobody cites."),
            6 => format!("== {}", self.rng.pick(super::super::kinds::NOUNS)),
            7 => format!("anchor:{again}[] footnote:{ghost}[text] footnote:{ghost}[other]"),
            _ => format!("cat <<EOF > {ghost}.adoc"),
        }
    }

    /// Text no checker may read: a passthrough, a comment block, comment
    /// lines, a literal paragraph, a listing of AsciiDoc.
    pub fn trap(&mut self) {
        match self.rng.below(6) {
            0 => {
                self.line("++++");
                let p = self.poison();
                self.line(&format!("<div class=\"aside\"><p>{p}</p></div>"));
                self.line("++++");
            }
            1 => {
                self.line("////");
                for _ in 0..self.rng.range(1, 4) {
                    let p = self.poison();
                    self.line(&p);
                }
                self.line("////");
            }
            2 => {
                for _ in 0..self.rng.range(1, 3) {
                    let p = self.poison();
                    self.line(&format!("// TODO {p}"));
                }
            }
            3 => {
                let p = self.poison();
                self.line(&format!(" $ grep -n '{p}' *.adoc"));
            }
            _ => {
                self.listing(None);
                return;
            }
        }
        self.line("");
    }

    /// Inline text no checker may read: `pass:[…]`, `+++…+++`, `+…+`.
    pub(super) fn inline_trap(&mut self) -> String {
        let ghost = self.rng.pick(GHOSTS);
        match self.rng.below(3) {
            0 => format!("pass:[<<{ghost}>>]"),
            1 => format!("+++footnote:{ghost}[]+++"),
            _ => format!("+<<{ghost}>>+"),
        }
    }
}
