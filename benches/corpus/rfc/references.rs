//! The reference list of an RFC-like document, the citations still to be
//! placed in its text, and the defects planted in both.

use super::{Page, HANG};
use crate::corpus::words::{OTHER_KEYS, SURNAMES, TECH, WGS};
use crate::corpus::{month, push_capitalized, year, Rng};

/// A defect planted in the reference list.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// A citation of a key that no entry defines: `unresolved`.
    Lost,
    /// An entry listed in both sub-sections: `duplicate`.
    Twice,
    /// An entry no citation uses: `orphaned`.
    Orphan,
}

/// The document's bibliography and the citations still to be placed.
pub(super) struct References {
    numeric: bool,
    normative: Vec<(String, String)>,
    informative: Vec<(String, String)>,
    /// Labels to cite, in the order they will appear.
    queue: Vec<String>,
    cited: Vec<String>,
}

impl References {
    /// About one entry per 5 KB of document, each cited one to three times,
    /// plus one to three planted defects.
    pub(super) fn new(rng: &mut Rng, target: usize, numeric: bool) -> References {
        let count = (target / 5_000).clamp(6, 90);
        let mut keys: Vec<String> = vec!["RFC2119".into()];
        let mut rfc = rng.range(768, 1500);
        let mut others = OTHER_KEYS.to_vec();
        rng.shuffle(&mut others);
        while keys.len() < count {
            match rng.below(100) {
                0..=19 => keys.push(format!(
                    "I-D.ietf-{}-{}",
                    rng.pick(WGS),
                    rng.pick(&["esni", "grease", "subcerts", "hybrid-design", "rfc4474bis"])
                )),
                20..=39 if !others.is_empty() => keys.extend(others.pop().map(String::from)),
                _ => {
                    // RFC numbers stay below the 9800s used for missing ones.
                    rfc += rng.range(1, 90);
                    keys.push(format!("RFC{rfc}"));
                }
            }
        }
        keys.sort();
        keys.dedup();
        let mut entries: Vec<(String, String)> =
            keys.iter().map(|k| (k.clone(), entry(rng, k))).collect();
        let mut queue: Vec<String> = Vec::new();
        for (key, _) in entries.iter().filter(|(k, _)| k != "RFC2119") {
            for _ in 0..rng.range(1, 3) {
                queue.push(key.clone());
            }
        }
        let mut defects = Vec::new();
        for _ in 0..rng.range(1, 3) {
            defects.push(rng.pick(&[Defect::Lost, Defect::Twice, Defect::Orphan]));
        }
        if defects.contains(&Defect::Lost) {
            queue.push(format!("RFC{}", rng.range(9800, 9999)));
        }
        if defects.contains(&Defect::Orphan) {
            entries.push(("I-D.unused-entry".into(), entry(rng, "I-D.unused-entry")));
        }
        rng.shuffle(&mut queue);
        let split = (entries.len() * 2 / 5).max(1);
        let mut informative = entries.split_off(split);
        if defects.contains(&Defect::Twice) {
            let again = entries[rng.below(entries.len())].clone();
            informative.push(again);
        }
        informative.sort();
        let mut refs = References {
            numeric,
            normative: entries,
            informative,
            queue,
            cited: Vec::new(),
        };
        if numeric {
            refs.renumber();
        }
        refs
    }

    /// Older style: one list numbered `[1]`… in key order (`[1]` is RFC
    /// 2119); citations use the numbers.
    fn renumber(&mut self) {
        let mut all = std::mem::take(&mut self.normative);
        all.append(&mut self.informative);
        all.sort();
        if let Some(i) = all.iter().position(|e| e.0 == "RFC2119") {
            let first = all.remove(i);
            all.insert(0, first);
        }
        let number_of = |key: &str| all.iter().position(|e| e.0 == key).map(|i| i + 1);
        let lost = all.len() + 1;
        for label in &mut self.queue {
            *label = number_of(label).unwrap_or(lost).to_string();
        }
        let mut numbered: Vec<(String, String)> = Vec::with_capacity(all.len());
        for (key, body) in &all {
            let n = number_of(key).unwrap_or(lost);
            numbered.push((n.to_string(), body.clone()));
        }
        self.normative = numbered;
    }

    pub(super) fn estimate(&self) -> usize {
        (self.normative.len() + self.informative.len()) * 230 + 1_500
    }

    pub(super) fn mark_cited(&mut self, label: &str) {
        self.cited.push(label.to_owned());
    }

    /// The next label to cite; once all are placed, now and then one
    /// already cited.
    pub(super) fn next_citation(&mut self, rng: &mut Rng) -> Option<String> {
        let label = match self.queue.pop() {
            Some(label) => label,
            None if !self.cited.is_empty() && rng.percent(20) => {
                self.cited[rng.below(self.cited.len())].clone()
            }
            None => return None,
        };
        self.cited.push(label.clone());
        Some(label)
    }

    /// Cite what the sections did not.
    pub(super) fn cite_leftovers(&mut self, rng: &mut Rng, page: &mut Page) {
        while !self.queue.is_empty() {
            let take = self.queue.len().min(rng.range(2, 6));
            let labels: Vec<String> = self
                .queue
                .split_off(self.queue.len() - take)
                .into_iter()
                .map(|l| format!("[{l}]"))
                .collect();
            let text = format!("Related mechanisms are described in {}.", labels.join(", "));
            page.wrap("   ", 3, &text);
            page.blank();
        }
    }

    pub(super) fn write(&self, page: &mut Page, n: usize) {
        page.blank();
        page.line(&format!("{n}.  References"));
        if self.numeric {
            page.blank();
            list(page, &self.normative, true);
            return;
        }
        page.blank();
        page.line(&format!("{n}.1.  Normative References"));
        page.blank();
        list(page, &self.normative, false);
        page.line(&format!("{n}.2.  Informative References"));
        page.blank();
        list(page, &self.informative, false);
    }
}

/// Entries with hanging indentation; a long key stands on its own line.
fn list(page: &mut Page, entries: &[(String, String)], numeric: bool) {
    for (label, body) in entries {
        let first = format!("   [{label}]");
        if numeric {
            let first = format!("{first}  ");
            page.wrap(&first, first.len(), body);
        } else if first.len() + 2 <= HANG {
            page.wrap(&format!("{first:<HANG$}"), HANG, body);
        } else {
            page.line(&first);
            page.wrap(&" ".repeat(HANG), HANG, body);
        }
        page.blank();
    }
}

/// The text of a reference entry.
fn entry(rng: &mut Rng, key: &str) -> String {
    let (initial, name) = ((b'A' + rng.below(26) as u8) as char, rng.pick(SURNAMES));
    let mut title = String::new();
    for i in 0..rng.range(3, 9) {
        if i > 0 {
            title.push(' ');
        }
        push_capitalized(&mut title, rng.pick(TECH));
    }
    let (m, y) = (month(rng), year(rng));
    if let Some(n) = key.strip_prefix("RFC") {
        format!(
            "{name}, {initial}., \"{title}\", RFC {n}, DOI 10.17487/RFC{n}, {m} {y}, \
             <https://www.rfc-editor.org/info/rfc{n}>."
        )
    } else if let Some(draft) = key.strip_prefix("I-D.") {
        format!(
            "{name}, {initial}., \"{title}\", Work in Progress, Internet-Draft, \
             draft-{draft}-{:02}, {m} {y}.",
            rng.range(0, 20)
        )
    } else {
        format!(
            "{name}, {initial}., \"{title}\", {m} {y}, <https://example.org/{}>.",
            key.to_ascii_lowercase()
        )
    }
}
