//! Baselines: accept today's findings, fail only on new ones.
//!
//! [`record`] turns a [`Report`] into a [`Baseline`] (`ibid check
//! --write-baseline FILE`); [`Baseline::apply`] removes from a later
//! report every finding the baseline already holds (`--baseline FILE`) and
//! counts what was matched, what is new and which entries are gone.
//!
//! # Fingerprints
//!
//! A finding is recognised by a fingerprint, never by its line number:
//! FNV-1a 64 (as 16 lowercase hex digits) of four fields, separated by a
//! byte no UTF-8 text holds:
//!
//! 1. the rule's code (`unresolved`);
//! 2. the path, normalised by [`normalise_path`];
//! 3. `=` and the label, or nothing when the finding has none;
//! 4. the context ([`context`]): the finding's own text plus up to
//!    [`CONTEXT_WORDS`] words (at most [`CONTEXT_CHARS`] non-blank
//!    characters) either side of it **on its own line**, each run of
//!    whitespace one space.
//!
//! So adding or removing lines anywhere, re-indenting, or editing a long
//! line (a Markdown paragraph is often one) away from the finding keeps
//! the fingerprint; changing the words next to the finding, its label or
//! its file's name makes it a new finding. The window stops at the line
//! ends so that a line inserted right above a finding cannot change it.
//! Text without spaces (Chinese, Japanese) is bounded by the character
//! limit instead of words. SARIF's `ibid/v1` fingerprint is the same hash
//! (this module's `hash`) fed the whole line and the path's URI form, so
//! the two are not interchangeable.
//!
//! The same fingerprint twice in one file (the same marker twice on a
//! line, say) is one entry with a `count`, and an entry matches at most
//! `count` findings: a new copy of an old finding still fails.
//!
//! # Paths
//!
//! Entries are keyed by the path as the run reported it, with `\` turned
//! into `/` on Windows, `.` and empty components dropped (`./docs//a.md` is
//! `docs/a.md`), and absolute paths under the current directory made
//! relative to it. So `ibid check .`, `ibid check ./docs` and `ibid check
//! docs` agree, but `cd docs && ibid check .` does not: write and use a
//! baseline from the same directory with the same kind of path arguments.
//!
//! # Format
//!
//! Versioned, sorted by path, code, label and fingerprint, one entry a
//! line so that diffs and merges stay readable:
//!
//! ```json
//! {
//!   "version": 1,
//!   "entries": [
//!     {"fingerprint": "4f1c0a9e6b3d2871", "code": "unresolved", "path": "docs/a.md", "label": "4", "message": "note marker [4] has no matching note", "count": 1}
//!   ]
//! }
//! ```
//!
//! `label` may be `null` or left out; `message` is for readers and is not
//! matched. A change to the fingerprint's definition bumps `version`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fmt::Write as _;
use std::path::Path;

use serde::de::{self, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

use crate::outcome::{FileReport, Report};
pub use crate::source::fingerprint::{
    baseline_path, context, fingerprint, normalise_path, CONTEXT_CHARS, CONTEXT_WORDS,
};

/// The format version [`Baseline::to_json`] writes and
/// [`Baseline::from_json`] reads.
pub const VERSION: u64 = 1;

/// Findings accepted as they are; see the module docs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Baseline {
    /// Sorted by path, code, label and fingerprint; no two share all four.
    entries: Vec<Entry>,
}

/// One accepted finding, `count` times over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub fingerprint: String,
    pub code: String,
    pub path: String,
    pub label: Option<String>,
    /// The message of the first such finding, for readers; not matched.
    pub message: String,
    pub count: usize,
}

impl Entry {
    fn key(&self) -> (&str, &str, Option<&str>, &str) {
        (
            &self.path,
            &self.code,
            self.label.as_deref(),
            &self.fingerprint,
        )
    }
}

/// What [`Baseline::apply`] did. `matched + gone + unchecked` is the
/// baseline's [`Baseline::findings`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Findings removed from the report because the baseline holds them.
    pub matched: usize,
    /// Baseline findings (counting multiplicity) not seen any more: their
    /// file was checked and no longer has them, or no longer exists.
    pub gone: usize,
    /// Findings left in the report.
    pub new: usize,
    /// Baseline findings in files that exist but were not checked this run
    /// (other path arguments, or the file could not be read); neither
    /// matched nor gone.
    pub unchecked: usize,
}

/// The fingerprints of a file's diagnostics, in order, from the context
/// each one kept while its file was checked (no file is read again: a file
/// changed since cannot change what is recorded or matched).
fn fingerprints(file: &FileReport, path: &str) -> Vec<String> {
    file.diagnostics
        .iter()
        .map(|d| {
            let context = d.place.as_deref().map_or("", |p| p.context.as_str());
            fingerprint(d.code, path, d.label.as_deref(), context)
        })
        .collect()
}

/// A baseline of every finding in `report`. Paths are keyed as the module
/// docs say, using the current directory; contexts are those the findings
/// kept when they were placed.
pub fn record(report: &Report) -> Baseline {
    let cwd = std::env::current_dir().ok();
    type Key = (String, String, Option<String>, String);
    let mut found: BTreeMap<Key, (String, usize)> = BTreeMap::new();
    for file in &report.files {
        let path = baseline_path(&file.path, cwd.as_deref());
        for (d, print) in file.diagnostics.iter().zip(fingerprints(file, &path)) {
            let key = (
                path.clone(),
                d.code.to_owned(),
                d.label.as_deref().map(str::to_owned),
                print,
            );
            found.entry(key).or_insert_with(|| (d.message.clone(), 0)).1 += 1;
        }
    }
    let entries = found
        .into_iter()
        .map(
            |((path, code, label, fingerprint), (message, count))| Entry {
                fingerprint,
                code,
                path,
                label,
                message,
                count,
            },
        )
        .collect();
    Baseline { entries }
}

impl Baseline {
    /// The entries, sorted by path, code, label and fingerprint.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// How many findings it accepts: the sum of the entries' counts.
    pub fn findings(&self) -> usize {
        // Counts come from a file anyone may edit: saturate, never wrap.
        self.entries
            .iter()
            .fold(0usize, |sum, e| sum.saturating_add(e.count))
    }

    /// The baseline as JSON (with a final newline); see the module docs.
    pub fn to_json(&self) -> String {
        let mut out = format!("{{\n  \"version\": {VERSION},\n  \"entries\": [");
        for (i, e) in self.entries.iter().enumerate() {
            out.push_str(if i == 0 { "\n    " } else { ",\n    " });
            let label = e.label.as_deref().map_or(Value::Null, Value::from);
            let _ = write!(
                out,
                "{{\"fingerprint\": {}, \"code\": {}, \"path\": {}, \"label\": {label}, \
                 \"message\": {}, \"count\": {}}}",
                Value::from(e.fingerprint.as_str()),
                Value::from(e.code.as_str()),
                Value::from(e.path.as_str()),
                Value::from(e.message.as_str()),
                e.count,
            );
        }
        out.push_str(if self.entries.is_empty() {
            "]\n}\n"
        } else {
            "\n  ]\n}\n"
        });
        out
    }

    /// Read a baseline written by [`Baseline::to_json`] (or by hand). Errors
    /// start with `line L, column C:`.
    pub fn from_json(text: &str) -> Result<Self, String> {
        if text.trim().is_empty() {
            return Err("the baseline is empty; write one with `--write-baseline`".to_owned());
        }
        match serde_json::from_str::<File>(text) {
            Ok(file) => {
                let mut entries = file.entries.0;
                entries.sort_by(|a, b| a.key().cmp(&b.key()));
                Ok(Self { entries })
            }
            Err(e) => {
                let message = e.to_string();
                let at = format!(" at line {} column {}", e.line(), e.column());
                let message = message.strip_suffix(&at).unwrap_or(&message);
                Err(format!(
                    "line {}, column {}: {message}",
                    e.line(),
                    e.column()
                ))
            }
        }
    }

    /// Remove from `report` every diagnostic an entry matches: the same
    /// code, normalised path, label and fingerprint, at most `count`
    /// diagnostics per entry, the first ones in the file's order. The
    /// rest stay, and are [`Applied::new`].
    pub fn apply(&self, report: &mut Report) -> Applied {
        let cwd = std::env::current_dir().ok();
        let mut by_print: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            by_print.entry(&e.fingerprint).or_default().push(i);
        }
        let mut left: Vec<usize> = self.entries.iter().map(|e| e.count).collect();
        let mut checked = HashSet::new();
        let mut applied = Applied::default();
        for file in &mut report.files {
            let path = baseline_path(&file.path, cwd.as_deref());
            let mut prints = fingerprints(file, &path).into_iter();
            file.diagnostics.retain(|d| {
                let print = prints.next().unwrap_or_default();
                let entry = by_print.get(print.as_str()).and_then(|candidates| {
                    candidates.iter().copied().find(|&i| {
                        let e = &self.entries[i];
                        left[i] > 0
                            && e.code == d.code
                            && e.path == path
                            && e.label.as_deref() == d.label.as_deref()
                    })
                });
                match entry {
                    Some(i) => {
                        left[i] -= 1;
                        applied.matched += 1;
                        false
                    }
                    None => {
                        applied.new += 1;
                        true
                    }
                }
            });
            checked.insert(path);
        }
        for (e, left) in self.entries.iter().zip(left) {
            if checked.contains(&e.path) || !Path::new(&e.path).exists() {
                applied.gone = applied.gone.saturating_add(left);
            } else {
                applied.unchecked = applied.unchecked.saturating_add(left);
            }
        }
        applied
    }
}

/// The file as read; validation errors are raised inside the
/// deserializer so that serde_json gives them a line and column.
#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "an ibid baseline: {\"version\": 1, \"entries\": [...]}"
)]
struct File {
    #[serde(rename = "version", deserialize_with = "version")]
    _version: (),
    entries: Entries,
}

fn version<'de, D: Deserializer<'de>>(d: D) -> Result<(), D::Error> {
    let version = u64::deserialize(d)?;
    if version == VERSION {
        Ok(())
    } else {
        Err(de::Error::custom(format!(
            "baseline version {version} is not one this ibid reads (version {VERSION}); \
             write the baseline again with `--write-baseline`"
        )))
    }
}

#[derive(Deserialize)]
#[serde(
    deny_unknown_fields,
    expecting = "a baseline entry: {\"fingerprint\": ..., \"code\": ..., \"path\": ..., \
                 \"label\": ..., \"message\": ..., \"count\": n}"
)]
struct RawEntry {
    #[serde(deserialize_with = "hex16")]
    fingerprint: String,
    #[serde(deserialize_with = "non_empty")]
    code: String,
    #[serde(deserialize_with = "non_empty")]
    path: String,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    message: String,
    #[serde(deserialize_with = "positive")]
    count: usize,
}

// Field checks run while the field is read, so that the error's line and
// column are those of the field.

fn hex16<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    let hex = s.len() == 16 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
    if hex {
        Ok(s)
    } else {
        Err(de::Error::custom(format!(
            "fingerprint {s:?} is not 16 lowercase hex digits"
        )))
    }
}

fn non_empty<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let s = String::deserialize(d)?;
    if s.is_empty() {
        Err(de::Error::custom("the code and the path must not be empty"))
    } else {
        Ok(s)
    }
}

fn positive<'de, D: Deserializer<'de>>(d: D) -> Result<usize, D::Error> {
    let n = usize::deserialize(d)?;
    if n == 0 {
        Err(de::Error::custom(
            "the count must be at least 1 (remove the entry instead)",
        ))
    } else {
        Ok(n)
    }
}

/// The entries, none repeated.
struct Entries(Vec<Entry>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_seq(EntriesVisitor)
    }
}

struct EntriesVisitor;

impl<'de> Visitor<'de> for EntriesVisitor {
    type Value = Entries;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of baseline entries")
    }

    /// A repeat is found once its entry has been read, so its error is
    /// placed at the token after it (and names the entry).
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Entries, A::Error> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut seen: HashMap<(String, String, Option<String>, String), usize> = HashMap::new();
        while let Some(raw) = seq.next_element::<RawEntry>()? {
            let n = entries.len() + 1;
            let key = (
                raw.path.clone(),
                raw.code.clone(),
                raw.label.clone(),
                raw.fingerprint.clone(),
            );
            if let Some(first) = seen.insert(key, n) {
                return Err(de::Error::custom(format!(
                    "entry {n} ({} in {}, fingerprint {}) repeats entry {first}; \
                     keep one and add up their counts",
                    raw.code, raw.path, raw.fingerprint
                )));
            }
            entries.push(Entry {
                fingerprint: raw.fingerprint,
                code: raw.code,
                path: raw.path,
                label: raw.label,
                message: raw.message,
                count: raw.count,
            });
        }
        Ok(Entries(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Diagnostic, Severity};
    use crate::model::Span;
    use crate::pipeline::check_bytes;
    use crate::source::fingerprint::{fnv1a, hash};

    /// A file checked by the real pipeline.
    fn checked(path: &str, text: &str) -> FileReport {
        let plain = crate::dialect::by_id("plain");
        check_bytes(path.to_owned(), text.as_bytes(), plain).unwrap()
    }

    /// A file whose diagnostics are `unresolved [4]` at each `[4]`, placed
    /// in `text`.
    fn fours(path: &str, text: &str) -> FileReport {
        let mut file = checked(path, text);
        file.diagnostics = text
            .match_indices("[4]")
            .map(|(i, _)| {
                Diagnostic::new(
                    "unresolved",
                    Severity::Error,
                    Span::new(i, i + 3),
                    Some("4"),
                    "note marker [4] has no matching note".to_owned(),
                )
            })
            .collect();
        crate::source::place(path, text, &mut file.diagnostics, None);
        file
    }

    fn report(files: Vec<FileReport>) -> Report {
        Report {
            files,
            ..Report::default()
        }
    }

    fn prints(path: &str, text: &str) -> Vec<String> {
        fingerprints(&fours(path, text), &normalise_path(path))
    }

    #[test]
    fn fingerprints_survive_lines_moving_and_reindenting() {
        let before = prints("a.txt", "A claim.[4]\n");
        assert_eq!(before, prints("a.txt", "New intro.\n\n  A   claim.[4]\r\n"));
        assert_eq!(before, prints("./a.txt", "A claim.[4]\nmore\n"));
        // Pinned: the same on every platform and in every release of v1.
        assert_eq!(before, ["f8917d4dc63976f0"]);
    }

    #[test]
    fn fingerprints_change_with_the_text_around_the_finding() {
        let before = prints("a.txt", "A claim.[4] It holds.\n");
        assert_ne!(before, prints("a.txt", "A new claim.[4] It holds.\n"));
        assert_ne!(before, prints("a.txt", "A claim. [4] It holds.\n"));
        assert_ne!(before, prints("a.txt", "A claim.[4] It fails.\n"));
        assert_ne!(before, prints("b.txt", "A claim.[4] It holds.\n"));
        // Far away on a long line, an edit keeps it.
        let long = "One two three four five six. A claim.[4] It holds, they say, often.\n";
        let edited = "One 2 three four five six. A claim.[4] It holds, they say, rarely.\n";
        assert_eq!(prints("a.txt", long), prints("a.txt", edited));
    }

    #[test]
    fn context_is_a_window_on_the_line() {
        let text = "First line.\nOne two three four five.[4] six seven eight nine\nLast.";
        let at = text.find("[4]").unwrap();
        assert_eq!(
            context(text, Span::new(at, at + 3)),
            "three four five.[4] six seven eight"
        );
        let cjk = "前".repeat(40) + "[4]" + &"後".repeat(40);
        let at = cjk.find("[4]").unwrap();
        let window = context(&cjk, Span::new(at, at + 3));
        assert_eq!(window.chars().count(), 2 * CONTEXT_CHARS + 3);
        // Out of bounds, inside a character, across lines: no panic.
        assert_eq!(context("ab\ncd", Span::new(1, 4)), "ab");
        assert_eq!(context("é", Span::new(1, 9)), "é");
        assert_eq!(context("", Span::new(3, 1)), "");
    }

    #[test]
    fn fnv1a_matches_the_reference_values() {
        assert_eq!(fnv1a(&[b""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(&[b"a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(&[b"foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(hash("a", "b", None, ""), hash("a", "b", Some(""), ""));
        assert_ne!(hash("ab", "", None, ""), hash("a", "b", None, ""));
    }

    #[test]
    fn paths() {
        assert_eq!(normalise_path("./docs//a.md"), "docs/a.md");
        assert_eq!(normalise_path("././docs/./a.md"), "docs/a.md");
        assert_eq!(normalise_path("../a.md"), "../a.md");
        assert_eq!(normalise_path("/srv/./a.md"), "/srv/a.md");
        assert_eq!(normalise_path("./"), ".");
        assert_eq!(normalise_path("<stdin>"), "<stdin>");
        if cfg!(windows) {
            assert_eq!(normalise_path(r".\docs\a.md"), "docs/a.md");
        }
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("docs").join("a.md");
        assert_eq!(
            baseline_path(&inside.to_string_lossy(), Some(&cwd)),
            "docs/a.md"
        );
        assert_eq!(baseline_path("docs/a.md", Some(&cwd)), "docs/a.md");
    }

    #[test]
    fn record_counts_repeats_and_sorts() {
        let base = record(&report(vec![
            fours("b.txt", "A claim.[4]\n"),
            fours("./a.txt", "A claim.[4]\n\nA claim.[4]\nOther.[4]\n"),
        ]));
        let summary: Vec<_> = base
            .entries()
            .iter()
            .map(|e| (e.path.as_str(), e.count))
            .collect();
        assert_eq!(summary.len(), 3);
        assert!(summary.contains(&("a.txt", 2)));
        assert!(summary.contains(&("a.txt", 1)));
        assert_eq!(summary[2], ("b.txt", 1));
        assert_eq!(base.findings(), 4);
        // The same finding in another file is another entry, same context.
        assert_ne!(base.entries()[0].fingerprint, base.entries()[2].fingerprint);
    }

    #[test]
    fn json_round_trip() {
        let mut file = checked("docs/a.txt", "A claim.[1] Another.[2]\n\n[1] A source.\n");
        file.diagnostics.truncate(1);
        file.diagnostics[0].message = "marker [2] has no note".to_owned();
        let mut residue = fours("b \"q\".txt", "Quoted [4] ü\n");
        residue.diagnostics[0].label = None;
        residue.diagnostics[0].message = "tab\there \"quoted\"".to_owned();
        let base = record(&report(vec![file, residue]));
        let json = base.to_json();
        insta::assert_snapshot!(json, @r#"
        {
          "version": 1,
          "entries": [
            {"fingerprint": "2645af96826e45b7", "code": "unresolved", "path": "b \"q\".txt", "label": null, "message": "tab\there \"quoted\"", "count": 1},
            {"fingerprint": "01e130fed3274c0c", "code": "unresolved", "path": "docs/a.txt", "label": "2", "message": "marker [2] has no note", "count": 1}
          ]
        }
        "#);
        assert_eq!(Baseline::from_json(&json), Ok(base));
        let empty = Baseline::default();
        assert_eq!(
            empty.to_json(),
            "{\n  \"version\": 1,\n  \"entries\": []\n}\n"
        );
        assert_eq!(Baseline::from_json(&empty.to_json()), Ok(empty));
        // Hand-written: any order, label left out, fields in any order.
        let hand = r#"{"entries": [{"count": 2, "path": "z", "code": "x",
            "fingerprint": "00000000000000ff"}, {"fingerprint": "0123456789abcdef",
            "code": "x", "path": "a", "label": null, "count": 1}], "version": 1}"#;
        let read = Baseline::from_json(hand).unwrap();
        assert_eq!(read.entries()[0].path, "a");
        assert_eq!(read.entries()[1].label, None);
        assert_eq!(read.findings(), 3);
    }

    #[test]
    fn malformed_json_is_explained_with_a_position() {
        let entry = |fields: &str| {
            format!("{{\"version\": 1, \"entries\": [\n{{\"fingerprint\": \"0123456789abcdef\", \"code\": \"x\", \"path\": \"a\"{fields}}}\n]}}")
        };
        let cases = [
            ("".to_owned(), "the baseline is empty"),
            ("{\"version\": 1,\n \"entries\": [}".to_owned(), "line 2, column 14: expected value"),
            ("[]".to_owned(), "expected an ibid baseline: {\"version\": 1"),
            (
                "\"a\"".to_owned(),
                "line 1, column 3: invalid type: string \"a\", expected an ibid baseline",
            ),
            ("{\"version\": 2, \"entries\": []}".to_owned(), "line 1, column 13: baseline version 2 is not one this ibid reads (version 1)"),
            ("{\"entries\": []}".to_owned(), "line 1, column 15: missing field `version`"),
            (entry(", \"count\": 0"), "line 2, column 73: the count must be at least 1"),
            (entry(", \"count\": -1"), "line 2, column 73: invalid value: integer `-1`, expected usize"),
            (entry(""), "line 2, column 61: missing field `count`"),
            (entry(", \"count\": 1, \"lines\": 3"), "line 2, column 81: unknown field `lines`"),
            (entry(", \"count\": 1}, {\"fingerprint\": \"0123456789abcdef\", \"code\": \"x\", \"path\": \"a\", \"count\": 1"), "entry 2 (x in a, fingerprint 0123456789abcdef) repeats entry 1; keep one"),
            (entry(", \"count\": 1").replace("0123456789abcdef", "0123"), "line 2, column 22: fingerprint \"0123\" is not 16 lowercase hex digits"),
        ];
        for (json, want) in cases {
            let got = Baseline::from_json(&json).unwrap_err();
            assert!(got.contains(want), "{json}\n  gave {got}\n  want {want}");
        }
    }

    /// Counts near the top of `usize` (a hostile or mangled baseline) add
    /// up without wrapping or panicking.
    #[test]
    fn huge_counts_saturate() {
        let max = usize::MAX;
        let text = format!(
            "{{\"version\": 1, \"entries\": [\n\
             {{\"fingerprint\": \"0123456789abcdef\", \"code\": \"unresolved\", \"path\": \"gone-a.txt\", \"label\": null, \"message\": \"m\", \"count\": {max}}},\n\
             {{\"fingerprint\": \"0123456789abcdee\", \"code\": \"unresolved\", \"path\": \"gone-b.txt\", \"label\": null, \"message\": \"m\", \"count\": {max}}}\n]}}"
        );
        let baseline = Baseline::from_json(&text).unwrap();
        assert_eq!(baseline.findings(), max);
        let applied = baseline.apply(&mut Report::default());
        assert_eq!(applied.gone, max);
    }

    #[test]
    fn apply_removes_what_it_knows_and_counts_the_rest() {
        let old = record(&report(vec![
            fours("a.txt", "A claim.[4]\nA claim.[4]\nGone.[4]\n"),
            fours("b.txt", "Kept.[4]\n"),
        ]));
        assert_eq!(old.findings(), 4);
        // Lines moved, one copy fixed, one fixed for good, a new copy and a
        // new finding: the two copies of "A claim." match one entry of 2.
        let mut now = report(vec![
            fours("./a.txt", "Intro.\n\nA claim.[4]\nNew.[4]\n"),
            fours("b.txt", "\nKept.[4]\nKept.[4]\n"),
        ]);
        let applied = old.apply(&mut now);
        assert_eq!(
            applied,
            Applied {
                matched: 2,
                gone: 2,
                new: 2,
                unchecked: 0
            }
        );
        let left: Vec<_> = now.files.iter().map(|f| f.diagnostics.len()).collect();
        assert_eq!(left, [1, 1]);
        let a = &now.files[0];
        let text = "Intro.\n\nA claim.[4]\nNew.[4]\n";
        assert_eq!(a.diagnostics[0].span.of(text), "[4]");
        assert!(text[a.diagnostics[0].span.start - 4..].starts_with("New."));
        // Only some files checked: the others' entries are unchecked when
        // they exist, gone when they do not.
        let existing = record(&report(vec![fours("Cargo.toml", "x[4]\n")]));
        let mut none = Report::default();
        assert_eq!(
            existing.apply(&mut none),
            Applied {
                unchecked: 1,
                ..Applied::default()
            }
        );
        assert_eq!(old.apply(&mut Report::default()).gone, 4);
    }

    proptest::proptest! {
        #[test]
        fn context_never_panics(text in "\\PC{0,40}", a in 0usize..60, b in 0usize..60) {
            let window = context(&text, Span::new(a, b));
            proptest::prop_assert!(!window.contains('\n'));
        }
    }
}
