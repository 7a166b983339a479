//! Text no checker may read: comments, `<nowiki>`, `<pre>`,
//! `<syntaxhighlight>`, holding refs and citations that would be findings
//! were they read.

use super::super::super::words::NEWS;
use super::{Page, Source, NOBODY};

impl Page {
    /// Text no checker may read, between paragraphs: a comment over
    /// lines, `<pre>`, `<syntaxhighlight>`.
    pub fn trap(&mut self) {
        let poison = self.poison();
        match self.rng.below(3) {
            0 => self.line(&format!("<!--\n{poison}\n-->")),
            1 => self.line(&format!("<pre>\n{poison}\n</pre>")),
            _ => self.line(&format!(
                "<syntaxhighlight lang=\"html\">\n{poison}\n<references />\n</syntaxhighlight>"
            )),
        }
        self.line("");
    }

    /// Inline text no checker may read.
    pub(super) fn inline_trap(&mut self) -> String {
        let poison = self.poison();
        match self.rng.below(3) {
            0 => format!("<!-- {} -->", poison.replace('\n', " ")),
            1 => format!("<nowiki>{}</nowiki>", poison.replace('\n', " ")),
            _ => format!(
                "<code><nowiki>{{{{efn|{}}}}}</nowiki></code>",
                self.rng.pick(NEWS)
            ),
        }
    }

    /// Refs and citations that would be findings were they read: reuses
    /// of names nothing defines, empty refs, short citations of nobody, a
    /// citation repeating a real source's anchor, a group with no list.
    pub(super) fn poison(&mut self) -> String {
        let nobody = self.rng.pick(NOBODY);
        match self.rng.below(5) {
            0 => "<ref name=\"ghost-old\" /> <ref></ref> {{r|removed}}".to_owned(),
            1 => format!("{{{{sfn|{nobody}|1900|p=1}}}} {{{{harvnb|{nobody}|1901}}}}"),
            2 if !self.sources.is_empty() => {
                let s = self.sources[0].clone();
                let c = self.citation(&Source {
                    declared: true,
                    ..s
                });
                c.replace('\n', " ")
            }
            3 => "<ref group=\"hidden\">A note of a group with no list.</ref>".to_owned(),
            _ => "<ref name=\"dup-old\">One text.</ref> <ref name=\"dup-old\">Another text.</ref>"
                .to_owned(),
        }
    }
}
