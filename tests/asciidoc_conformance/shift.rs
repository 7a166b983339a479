//! How a mutation's patch renumbers lines, read from the patch itself:
//! the base run's findings (and the base oracle's messages) are moved to
//! the patched numbering before they are compared with the mutated run's,
//! so a finding that merely moved down a file cancels exactly, and one
//! that moved anywhere else does not (the oracle's own `delta_vs_base` is
//! a line-sensitive multiset difference: README's line-shift caveat).

use std::collections::BTreeMap;
use std::path::Path;

use crate::conformance_corpus::{lexical, Place};

/// One `@@ -a,b +c,d @@` hunk: per line of the old file it covers, the
/// new line (`None`: deleted).
#[derive(Debug)]
struct Hunk {
    /// The first old line the hunk covers (for an insertion only hunk,
    /// the line after the one it inserts behind).
    first: usize,
    old: Vec<Option<usize>>,
    /// New lines minus old lines.
    grows: isize,
}

/// The renumbering of the files a `-p1` unified diff changes.
#[derive(Debug, Default)]
pub struct Shift {
    files: BTreeMap<String, Vec<Hunk>>,
}

/// `a,b` of a hunk header (`b` defaults to 1).
fn range(text: &str) -> Option<(usize, usize)> {
    let (start, len) = text.split_once(',').unwrap_or((text, "1"));
    Some((start.parse().ok()?, len.parse().ok()?))
}

impl Shift {
    /// Reads a patch file.
    pub fn read(path: &Path) -> Result<Self, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        Self::parse(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Reads the text of a `-p1` unified diff.
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut shift = Self::default();
        let mut file: Option<String> = None;
        // The hunk being read: (hunk, next old line, next new line, old
        // lines left, new lines left).
        let mut open: Option<(Hunk, usize, usize, usize, usize)> = None;
        for (n, line) in text.lines().enumerate() {
            let at = || format!("patch line {}: {line}", n + 1);
            if let Some((h, o, nw, old_left, new_left)) = &mut open {
                let (is_old, is_new) = match line.as_bytes().first() {
                    Some(b' ') | None => (true, true),
                    Some(b'-') => (true, false),
                    Some(b'+') => (false, true),
                    Some(b'\\') => continue,
                    _ => return Err(format!("unexpected {}", at())),
                };
                if (is_old && *old_left == 0) || (is_new && *new_left == 0) {
                    return Err(format!("hunk longer than its header says at {}", at()));
                }
                if is_old {
                    h.old.push(is_new.then_some(*nw));
                    *o += 1;
                    *old_left -= 1;
                }
                if is_new {
                    *nw += 1;
                    *new_left -= 1;
                }
                if *old_left == 0 && *new_left == 0 {
                    let (h, ..) = open.take().expect("an open hunk");
                    let name = file
                        .clone()
                        .ok_or_else(|| format!("no file before {}", at()))?;
                    shift.files.entry(name).or_default().push(h);
                }
                continue;
            }
            let body = match line.as_bytes() {
                [b' ', ..] => true,
                [b'+', rest @ ..] => !rest.starts_with(b"++ "),
                [b'-', rest @ ..] => !rest.starts_with(b"-- "),
                _ => false,
            };
            if body {
                return Err(format!("a hunk's line outside any hunk at {}", at()));
            }
            if let Some(name) = line.strip_prefix("+++ ") {
                let name = name.split('\t').next().unwrap_or(name).trim();
                let name = name.strip_prefix("b/").unwrap_or(name);
                file = Some(lexical(name));
            } else if let Some(header) = line.strip_prefix("@@ -") {
                let mut parts = header.split_whitespace();
                let old = parts.next().and_then(range);
                let new = parts
                    .next()
                    .and_then(|p| p.strip_prefix('+'))
                    .and_then(range);
                let (Some((old_start, old_len)), Some((new_start, new_len))) = (old, new) else {
                    return Err(format!("bad hunk header at {}", at()));
                };
                let first = if old_len == 0 {
                    old_start + 1
                } else {
                    old_start
                };
                let new_first = if new_len == 0 {
                    new_start + 1
                } else {
                    new_start
                };
                let grows =
                    isize::try_from(new_len).unwrap_or(0) - isize::try_from(old_len).unwrap_or(0);
                let hunk = Hunk {
                    first,
                    old: Vec::new(),
                    grows,
                };
                if old_len == 0 && new_len == 0 {
                    continue;
                }
                open = Some((hunk, first, new_first, old_len, new_len));
            }
        }
        if open.is_some() {
            return Err("the patch ends inside a hunk".to_owned());
        }
        for hunks in shift.files.values_mut() {
            hunks.sort_by_key(|h| h.first);
        }
        Ok(shift)
    }

    /// The files the patch changes (relative to `src/`).
    pub fn files(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Where line `line` of `path` is after the patch; `None`: the patch
    /// deleted it.
    pub fn line(&self, path: &str, line: usize) -> Option<usize> {
        let Some(hunks) = self.files.get(path) else {
            return Some(line);
        };
        let mut grown: isize = 0;
        for h in hunks {
            if line < h.first {
                break;
            }
            if line < h.first + h.old.len() {
                return h.old[line - h.first];
            }
            grown += h.grows;
        }
        line.checked_add_signed(grown)
    }

    /// A place after the patch; `None`: on a deleted line.
    pub fn place(&self, p: &Place) -> Option<Place> {
        Some(Place::new(&p.path, self.line(&p.path, p.line)?))
    }
}
