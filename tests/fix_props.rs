//! Property tests of `ibid::fix_text` (DESIGN.md section 11) on generated
//! documents in every layout it fixes: plain text with a `Notes` block,
//! a plain book whose chapters each have their own `Notes` block (some
//! restarting at 1, some continuing the numbering), and Markdown with GFM
//! footnotes `[^N]` defined at the end.
//!
//! Each document is what an editor leaves behind: passages moved (notes
//! first referenced out of order) and notes deleted (gaps), consistently
//! in markers and definitions; markers single, grouped (`[1, 4]`) and
//! ranged (`[2–4]`, `[2-3]`, `[2]-[4]`); bodies of one or two paragraphs,
//! some saying "see note N" of a note that exists; now and then a note
//! that no marker names. Nothing in it needs a human decision, so after
//! `fix_text`:
//!
//! - no scope is left alone, and `check_text` reports no `out-of-order`,
//!   `numbering-gap` or `bad-note-ref`;
//! - fixing again changes nothing;
//! - the text with every marker and every note removed is the same;
//! - each sentence cites the same note bodies, and each body's "see
//!   note N" names the same body, as before.
//!
//! Every sentence and every note body carries a unique token (`S12`,
//! `B7`); the text is read back with this file's own patterns for the
//! generated shapes, never with ibid's parser.
//!
//! The generator reads its choices from a tape of bytes that proptest
//! shrinks (a tape of zeros is the simplest document: notes in order).

use std::collections::{BTreeMap, BTreeSet};

use ibid::{fix_text, Dialect, FixOptions};
use proptest::prelude::*;

/// Choices for the generator; exhausted, it answers 0 (the simplest
/// choice).
struct Tape<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Tape<'_> {
    fn next(&mut self) -> u8 {
        let b = self.bytes.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        b
    }

    /// In `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        match n {
            0 => 0,
            n => usize::from(self.next()) % n,
        }
    }

    /// True with about `percent` per cent chance (never on a 0).
    fn chance(&mut self, percent: usize) -> bool {
        usize::from(self.next()) * 100 >= (100 - percent.min(100)) * 256
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Layout {
    Plain,
    Book,
    Markdown,
}

impl Layout {
    fn dialect(self) -> &'static Dialect {
        let id = match self {
            Layout::Plain | Layout::Book => "plain",
            Layout::Markdown => "markdown",
        };
        ibid::DIALECTS
            .iter()
            .find(|d| d.id == id)
            .expect("the dialect")
    }
}

/// Words for prose and bodies: nothing that reads as a note reference,
/// a heading or a citation.
const WORDS: &[&str] = &[
    "the", "council", "harbour", "report", "said", "that", "its", "budget", "grew", "over",
    "three", "years", "while", "ferry", "traffic", "fell", "and", "rose", "again", "in", "spring",
    "owners", "of", "boats", "asked", "for", "more", "berths",
];

/// Writes documents, numbering sentence and body tokens across scopes.
struct Writer<'t, 'a> {
    tape: &'t mut Tape<'a>,
    layout: Layout,
    out: String,
    sentences: usize,
    bodies: usize,
}

impl Writer<'_, '_> {
    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for i in 0..n {
            if i > 0 {
                s.push(' ');
            }
            s.push_str(WORDS[self.tape.below(WORDS.len())]);
        }
        s
    }

    /// `[^n]` in Markdown, `[n]` in plain text.
    fn bracket(&self, n: u32) -> String {
        match self.layout {
            Layout::Markdown => format!("[^{n}]"),
            _ => format!("[{n}]"),
        }
    }

    /// One scope: prose citing every note of `labels` but the orphans,
    /// then the notes, in label order.
    fn scope(&mut self, labels: &[u32]) {
        let markdown = self.layout == Layout::Markdown;
        // Notes no marker names (only when there are others).
        let mut orphans: BTreeSet<u32> = BTreeSet::new();
        if labels.len() > 2 && self.tape.chance(15) {
            orphans.insert(labels[self.tape.below(labels.len())]);
        }
        let mut unreferenced: Vec<u32> = labels
            .iter()
            .copied()
            .filter(|l| !orphans.contains(l))
            .collect();
        let mut referenced: Vec<u32> = Vec::new();
        let label_set: BTreeSet<u32> = labels.iter().copied().collect();
        // Markers, each closing a sentence of its own.
        let mut clusters: Vec<String> = Vec::new();
        while !unreferenced.is_empty() {
            let roll = self.tape.below(10);
            let fresh_at = self.tape.below(unreferenced.len());
            let cluster = match roll {
                // A note cited again.
                1 if !referenced.is_empty() => {
                    let l = referenced[self.tape.below(referenced.len())];
                    self.bracket(l)
                }
                // A group of two: a new note and another.
                2 | 3 if !markdown && labels.len() > 1 => {
                    let a = unreferenced.remove(fresh_at);
                    referenced.push(a);
                    let others: Vec<u32> = labels
                        .iter()
                        .copied()
                        .filter(|&l| l != a && !orphans.contains(&l))
                        .collect();
                    match others.get(self.tape.below(others.len().max(1))) {
                        Some(&b) => {
                            if let Some(at) = unreferenced.iter().position(|&u| u == b) {
                                unreferenced.remove(at);
                                referenced.push(b);
                            }
                            let sep = if self.tape.chance(30) { "," } else { ", " };
                            match self.tape.chance(50) {
                                true => format!("[{a}{sep}{b}]"),
                                false => format!("[{b}{sep}{a}]"),
                            }
                        }
                        None => self.bracket(a),
                    }
                }
                // A range over notes that all exist, one of them new.
                4 | 5 if !markdown => {
                    let len = 2 + self.tape.below(3) as u32;
                    let starts: Vec<u32> = unreferenced
                        .iter()
                        .flat_map(|&u| (u.saturating_sub(len - 1)..=u).collect::<Vec<_>>())
                        .filter(|&a| {
                            a >= 1
                                && (a..a + len)
                                    .all(|l| label_set.contains(&l) && !orphans.contains(&l))
                        })
                        .collect();
                    match starts.get(self.tape.below(starts.len().max(1))) {
                        Some(&a) => {
                            let b = a + len - 1;
                            for l in a..=b {
                                if let Some(at) = unreferenced.iter().position(|&u| u == l) {
                                    unreferenced.remove(at);
                                    referenced.push(l);
                                }
                            }
                            match self.tape.below(3) {
                                0 => format!("[{a}–{b}]"),
                                1 if len == 2 => format!("[{a}-{b}]"),
                                _ => format!("[{a}]-[{b}]"),
                            }
                        }
                        None => {
                            let a = unreferenced.remove(fresh_at);
                            referenced.push(a);
                            self.bracket(a)
                        }
                    }
                }
                // The next note cited: any of those not yet cited (a moved
                // passage), the lowest on a tape of zeros.
                _ => {
                    let a = unreferenced.remove(fresh_at);
                    referenced.push(a);
                    self.bracket(a)
                }
            };
            clusters.push(cluster);
        }
        // Prose: paragraphs of sentences, a marker closing some of them.
        let mut clusters = clusters.into_iter().peekable();
        while clusters.peek().is_some() {
            let sentences = 1 + self.tape.below(4);
            let mut paragraph = String::new();
            for i in 0..sentences {
                if i > 0 {
                    paragraph.push(' ');
                }
                self.sentences += 1;
                let n = 3 + self.tape.below(6);
                let words = self.words(n);
                let mut chars = words.chars();
                let first = chars.next().map(|c| c.to_ascii_uppercase());
                paragraph.extend(first);
                paragraph.push_str(chars.as_str());
                paragraph.push_str(&format!(" S{}.", self.sentences));
                if !self.tape.chance(20) {
                    if let Some(c) = clusters.next() {
                        paragraph.push_str(&c);
                    }
                }
            }
            self.out.push_str(&paragraph);
            self.out.push_str("\n\n");
        }
        // The notes, in label order.
        match self.layout {
            Layout::Markdown => {}
            _ => self.out.push_str("\nNotes\n\n"),
        }
        let blank_between = markdown || self.tape.chance(70);
        let mut multi = false;
        let mut notes: Vec<String> = Vec::new();
        for &label in labels {
            self.bodies += 1;
            let b = self.bodies;
            let mut note = match markdown {
                true => format!("[^{label}]: "),
                false => format!("[{label}] "),
            };
            let n = 2 + self.tape.below(5);
            let words = self.words(n);
            note.push_str(&format!("Source B{b}, {words}."));
            if labels.len() > 1 && self.tape.chance(30) {
                let other = labels[self.tape.below(labels.len())];
                if other != label {
                    note.push_str(&format!(" On this, see note {other}."));
                }
            }
            if self.tape.chance(25) {
                let indent = if markdown { "    " } else { "  " };
                let words = self.words(3);
                note.push_str(&format!("\n{indent}More of B{b}, {words}."));
            }
            if blank_between && self.tape.chance(20) {
                multi = true;
                let indent = if markdown { "    " } else { "" };
                let words = self.words(4);
                note.push_str(&format!("\n\n{indent}The B{b} paragraph goes on, {words}."));
            }
            notes.push(note);
        }
        let sep = if blank_between || multi { "\n\n" } else { "\n" };
        self.out.push_str(&notes.join(sep));
        self.out.push('\n');
    }
}

/// `count` labels from `first` on, `gaps` of them deleted (never all).
fn labels(tape: &mut Tape, first: u32, count: usize) -> Vec<u32> {
    let gaps = tape.below(3);
    let mut all: Vec<u32> = (first..first + (count + gaps) as u32).collect();
    for _ in 0..gaps {
        let at = tape.below(all.len());
        all.remove(at);
    }
    all
}

/// A document in `layout`, from the choices on `tape`.
fn document(layout: Layout, tape: &mut Tape) -> String {
    let mut w = Writer {
        tape,
        layout,
        out: String::new(),
        sentences: 0,
        bodies: 0,
    };
    match layout {
        Layout::Plain => {
            w.out.push_str("Harbour News\n\n");
            let count = 2 + w.tape.below(7);
            let labels = labels(w.tape, 1, count);
            w.scope(&labels);
        }
        Layout::Markdown => {
            w.out.push_str("# Harbour News\n\n");
            let count = 2 + w.tape.below(7);
            let labels = labels(w.tape, 1, count);
            w.scope(&labels);
        }
        Layout::Book => {
            w.out.push_str("THE HARBOUR\n\n\n");
            let chapters = 2 + w.tape.below(2);
            let continuing = w.tape.chance(30);
            let mut next = 1;
            for c in 1..=chapters {
                w.out.push_str(&format!("CHAPTER {c}\n\n"));
                let count = 2 + w.tape.below(5);
                let labels = labels(w.tape, if continuing { next } else { 1 }, count);
                next = labels.last().copied().unwrap_or(next) + 1;
                w.scope(&labels);
                w.out.push_str("\n\n");
            }
        }
    }
    w.out
}

/// `prefix` then digits, as a whole word, anywhere in `line`.
fn tokens(line: &str, prefix: char) -> Vec<usize> {
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    for (i, c) in line.char_indices() {
        if c != prefix || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            continue;
        }
        let digits: String = line[i + 1..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        let end = i + 1 + digits.len();
        if !digits.is_empty() && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric) {
            out.push(digits.parse().expect("digits"));
        }
    }
    out
}

/// The length of the marker cluster at the start of `s` (brackets of
/// numbers, joined by `-` or `, `), or 0.
fn cluster_len(s: &str) -> usize {
    let mut at = 0;
    loop {
        let rest = &s[at..];
        let Some(inner) = rest.strip_prefix('[') else {
            break;
        };
        let inner = inner.strip_prefix('^').unwrap_or(inner);
        let Some(close) = inner.find(']') else { break };
        let body = &inner[..close];
        let numeric = !body.is_empty()
            && body.starts_with(|c: char| c.is_ascii_digit())
            && body
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ',' | ' ' | '-' | '–'));
        if !numeric {
            break;
        }
        at += rest.len() - inner.len() + close + 1;
        let after = &s[at..];
        let join = [", [", "-["]
            .iter()
            .find(|j| after.starts_with(**j))
            .map(|j| j.len() - 1);
        match join {
            Some(n) => at += n,
            None => break,
        }
    }
    at
}

/// Every number a marker cluster names, ranges expanded.
fn cluster_numbers(cluster: &str) -> Vec<u32> {
    let mut out: Vec<u32> = Vec::new();
    // `]-[` joins a range across brackets: make it one `a–b`.
    let flat = cluster.replace("]-[", "–");
    for group in flat.split('[').filter(|g| !g.is_empty()) {
        let group = group.trim_start_matches('^');
        let group = &group[..group.find(']').unwrap_or(group.len())];
        for item in group.split(',').map(str::trim).filter(|i| !i.is_empty()) {
            match item.split_once(['–', '-']) {
                Some((a, b)) => {
                    let (a, b): (u32, u32) = (a.parse().expect("a"), b.parse().expect("b"));
                    out.extend(a..=b);
                }
                None => out.push(item.parse().expect("a number")),
            }
        }
    }
    out
}

/// What a document says, read with this file's patterns.
#[derive(Debug, Default, PartialEq, Eq)]
struct Reading {
    /// Sentence token → the body tokens its marker names.
    cites: BTreeMap<usize, BTreeSet<usize>>,
    /// (body token, body token it says "see note N" of).
    see: BTreeSet<(usize, usize)>,
    /// The text with every marker and every note line removed.
    skeleton: String,
}

fn is_note_start(line: &str) -> Option<u32> {
    let rest = line.strip_prefix('[')?;
    let rest = rest.strip_prefix('^').unwrap_or(rest);
    let close = rest.find(']')?;
    let after = &rest[close + 1..];
    if !(after.starts_with(' ') || after.starts_with(": ")) {
        return None;
    }
    rest[..close].parse().ok()
}

fn read(text: &str) -> Reading {
    let mut reading = Reading::default();
    // Scopes: chapters, or the whole text.
    let mut scopes: Vec<Vec<&str>> = vec![Vec::new()];
    for line in text.split_inclusive('\n') {
        if line.starts_with("CHAPTER ") {
            scopes.push(Vec::new());
        }
        scopes.last_mut().expect("a scope").push(line);
    }
    for lines in scopes {
        // Label → body token, and each body's "see note N" labels.
        let mut body_of: BTreeMap<u32, usize> = BTreeMap::new();
        let mut see: Vec<(usize, u32)> = Vec::new();
        for line in &lines {
            // Every line of a body carries its token.
            let Some(&holder) = tokens(line, 'B').first() else {
                continue;
            };
            if let Some(label) = is_note_start(line) {
                body_of.insert(label, holder);
            }
            let mut rest: &str = line;
            while let Some(at) = rest.find("see note ") {
                rest = &rest[at + "see note ".len()..];
                let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
                if let Ok(n) = digits.parse() {
                    see.push((holder, n));
                }
            }
        }
        for (holder, n) in see {
            let target = body_of.get(&n).copied().unwrap_or(usize::MAX);
            reading.see.insert((holder, target));
        }
        for line in &lines {
            if !tokens(line, 'B').is_empty() {
                continue;
            }
            // Prose: each `S12.` and the cluster after it.
            let mut kept = String::new();
            let mut at = 0;
            while at < line.len() {
                let rest = &line[at..];
                let c = rest.chars().next().expect("a char");
                kept.push(c);
                at += c.len_utf8();
                if c != '.' {
                    continue;
                }
                let n = cluster_len(&line[at..]);
                if n == 0 {
                    continue;
                }
                let cluster = &line[at..at + n];
                let before = &line[..at - 1];
                let sentence = tokens(before, 'S').last().copied();
                let bodies: BTreeSet<usize> = cluster_numbers(cluster)
                    .into_iter()
                    .map(|l| body_of.get(&l).copied().unwrap_or(usize::MAX))
                    .collect();
                if let Some(s) = sentence {
                    reading.cites.entry(s).or_default().extend(bodies);
                }
                at += n;
            }
            reading.skeleton.push_str(&kept);
        }
    }
    reading
}

/// Codes that no fixed text may have.
const GONE: &[&str] = &["out-of-order", "numbering-gap", "bad-note-ref"];

fn layouts() -> impl Strategy<Value = Layout> {
    prop_oneof![
        Just(Layout::Plain),
        Just(Layout::Book),
        Just(Layout::Markdown)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fix_puts_notes_in_order_and_keeps_what_they_say(
        layout in layouts(),
        choices in prop::collection::vec(any::<u8>(), 0..1000),
    ) {
        let mut tape = Tape { bytes: &choices, at: 0 };
        let text = document(layout, &mut tape);
        let dialect = layout.dialect();
        // The generator writes what ibid reads: every marker resolves,
        // every label is defined once.
        let before = ibid::check_text(&text, dialect);
        let misread: Vec<String> = before
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, "unresolved" | "duplicate" | "bad-note-ref"))
            .map(|d| format!("{} {:?}", d.code, d.label))
            .collect();
        prop_assert!(misread.is_empty(), "generated text misread: {:?}\n{}", misread, text);

        let fixed = fix_text(&text, dialect, &FixOptions::default());
        prop_assert!(
            fixed.left_alone.is_empty(),
            "left alone: {:?}\n--- text ---\n{}",
            fixed.left_alone,
            text
        );
        let after = ibid::check_text(&fixed.text, dialect);
        let left: Vec<String> = after
            .diagnostics
            .iter()
            .filter(|d| GONE.contains(&d.code))
            .map(|d| format!("{} {:?}: {}", d.code, d.label, d.message))
            .collect();
        prop_assert!(
            left.is_empty(),
            "after fix: {:?}\n--- text ---\n{}\n--- fixed ---\n{}",
            left,
            text,
            fixed.text
        );

        let again = fix_text(&fixed.text, dialect, &FixOptions::default());
        prop_assert!(
            again.text == fixed.text && again.fixes.is_empty(),
            "not idempotent: {:?}\n--- fixed ---\n{}\n--- fixed again ---\n{}",
            again.fixes,
            fixed.text,
            again.text
        );

        let (was, is) = (read(&text), read(&fixed.text));
        prop_assert!(
            was.skeleton == is.skeleton,
            "the text outside markers and notes changed\n--- text ---\n{}\n--- fixed ---\n{}",
            text,
            fixed.text
        );
        prop_assert!(
            was.cites == is.cites,
            "sentences cite other bodies: {:?} → {:?}\n--- text ---\n{}\n--- fixed ---\n{}",
            was.cites,
            is.cites,
            text,
            fixed.text
        );
        prop_assert!(
            was.see == is.see,
            "\"see note N\" names other bodies: {:?} → {:?}\n--- text ---\n{}\n--- fixed ---\n{}",
            was.see,
            is.see,
            text,
            fixed.text
        );
    }
}

/// The reader of this file reads what the generator writes (a check of
/// the test itself, on documents written by hand).
#[test]
fn the_test_reader_reads_the_generated_shapes() {
    let text = "T\n\nA S1.[2, 4] B S2.[1]-[3] C S3.[5–6]\n\n\nNotes\n\n[1] Source B1, x.\n\n\
                [2] Source B2, y. On this, see note 4.\n  More of B2, z.\n\n[3] Source B3.\n\n\
                The B3 paragraph goes on.\n\n[4] Source B4.\n\n[5] Source B5.\n\n[6] Source B6.\n";
    let r = read(text);
    let set = |v: &[usize]| v.iter().copied().collect::<BTreeSet<usize>>();
    assert_eq!(r.cites[&1], set(&[2, 4]));
    assert_eq!(r.cites[&2], set(&[1, 2, 3]));
    assert_eq!(r.cites[&3], set(&[5, 6]));
    assert_eq!(r.see, BTreeSet::from([(2, 4)]));
    assert_eq!(
        r.skeleton,
        "T\n\nA S1. B S2. C S3.\n\n\nNotes\n\n\n\n\n\n\n\n"
    );
    // The same notes renumbered and moved read the same.
    let moved = "T\n\nA S1.[1, 2] B S2.[3], [1], [4] C S3.[5–6]\n\n\nNotes\n\n\
                 [1] Source B2, y. On this, see note 2.\n  More of B2, z.\n\n[2] Source B4.\n\n\
                 [3] Source B1, x.\n\n[4] Source B3.\n\nThe B3 paragraph goes on.\n\n\
                 [5] Source B5.\n\n[6] Source B6.\n";
    let m = read(moved);
    assert_eq!(m.cites, r.cites);
    assert_eq!(m.see, r.see);
    assert_eq!(m.skeleton, r.skeleton);
    // Markdown.
    let md = "# T\n\nA S1.[^2] B S2.[^1]\n\n[^1]: Source B1.\n\n    The B1 paragraph goes on.\n\n\
              [^2]: Source B2, see note 1.\n";
    let r = read(md);
    assert_eq!(r.cites[&1], set(&[2]));
    assert_eq!(r.cites[&2], set(&[1]));
    assert_eq!(r.see, BTreeSet::from([(2, 1)]));
    // Every layout generates, from any tape, without panicking, and a
    // tape of zeros gives notes in order.
    for layout in [Layout::Plain, Layout::Book, Layout::Markdown] {
        let text = document(layout, &mut Tape { bytes: &[], at: 0 });
        let fixed = fix_text(&text, layout.dialect(), &FixOptions::default());
        assert_eq!(fixed.text, text, "{layout:?}: a tape of zeros is in order");
    }
}
