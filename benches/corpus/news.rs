//! News articles and reports: one paragraph per line, bracketed note
//! markers (`[4]`, `[1, 4]`, `[3–5]`, `[3]-[5]`), editorial insertions
//! (`[various]`, `[i.e., the ministry]`, `[sic]`, `[1979]`), and a notes
//! section at the end of each chapter (`[N] body`, some bodies running over
//! two paragraphs, some with their source stripped: `[2], June 14, 2023.`).

use super::words::{EDITORIAL, NAMES, NEWS, OUTLETS};
use super::{month, push_capitalized, year, Rng};

/// Files smaller than this are one article; larger ones are reports whose
/// chapters each have their own notes section and restart at [1].
pub const SINGLE_ARTICLE: usize = 60_000;

/// A defect planted in one chapter's notes section.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// A note is missing: its markers are `unresolved`.
    Lost,
    /// A note is written twice: `duplicate`.
    Twice,
    /// A note nothing refers to: `orphaned`.
    Orphan,
    /// A note with no body: `empty-note`.
    Empty,
}

/// Generate one article or report of about `target` bytes.
pub fn generate(rng: &mut Rng, target: usize) -> String {
    let mut out = String::with_capacity(target + 16_384);
    let chapters = if target < SINGLE_ARTICLE {
        1
    } else {
        (target / rng.range(20_000, 45_000)).max(2)
    };
    let defects: Vec<(usize, Defect)> = (0..rng.range(1, 3))
        .map(|_| {
            let defect = match rng.below(10) {
                0..=2 => Defect::Lost,
                3..=5 => Defect::Twice,
                6..=8 => Defect::Orphan,
                _ => Defect::Empty,
            };
            (rng.below(chapters), defect)
        })
        .collect();
    let heading = rng
        .percent(55)
        .then(|| rng.pick(&["Notes", "Endnotes", "Footnotes", "NOTES", "Notes:"]));
    let style = Style {
        heading,
        numbered: heading.is_some() && rng.percent(15),
    };
    masthead(rng, &mut out);
    let per_chapter = target.saturating_sub(out.len()) / chapters;
    for c in 0..chapters {
        if chapters > 1 {
            // Short: a heading line is at most 100 bytes.
            out.push_str(&format!("Chapter {}: ", c + 1));
            title(rng, &mut out, 7, 90);
            out.push_str("\n\n");
        }
        let end = out.len() + per_chapter;
        let planted: Vec<Defect> = defects.iter().filter(|d| d.0 == c).map(|d| d.1).collect();
        chapter(rng, &mut out, end, style, &planted);
    }
    if rng.percent(50) {
        out.push_str("\nShare this Report:\n");
    }
    out
}

/// `July 24, 2023 Special Dispatch No. 10721`, a title, date and tags.
fn masthead(rng: &mut Rng, out: &mut String) {
    let (m, d, y, no) = (
        month(rng),
        rng.range(1, 28),
        year(rng),
        rng.range(1000, 11_000),
    );
    out.push_str(&format!("{m} {d}, {y} Special Dispatch No. {no}\n\n"));
    title(rng, out, 20, usize::MAX);
    out.push_str(&format!("\n\n{m} {d}, {y}\n"));
    out.push_str(rng.pick(NAMES));
    out.push_str(", ");
    out.push_str(rng.pick(NAMES));
    out.push_str(&format!(" | Special Dispatch No. {no}\n\n"));
}

/// A capitalised headline of 4 to `max` words and at most `max_len` bytes
/// on its line, never ending in punctuation.
fn title(rng: &mut Rng, out: &mut String, max: usize, max_len: usize) {
    let line_start = out.rfind('\n').map_or(0, |n| n + 1);
    for i in 0..rng.range(4, max) {
        let word = if rng.percent(12) {
            rng.pick(NAMES)
        } else {
            rng.pick(NEWS)
        };
        if i > 0 {
            if out.len() - line_start + 1 + word.len() > max_len {
                break;
            }
            out.push(' ');
        }
        push_capitalized(out, word);
    }
}

/// Paragraphs until `end`, then the chapter's notes.
fn chapter(rng: &mut Rng, out: &mut String, end: usize, style: Style, defects: &[Defect]) {
    let mut notes = 0;
    let mut since_heading = 0;
    // Leave room for the notes (about 200 bytes each).
    while out.len() + notes * 200 < end || notes < 2 {
        let roll = rng.below(100);
        if since_heading > 3 && roll < 8 {
            title(rng, out, 16, usize::MAX);
            out.push_str("\n\n");
            since_heading = 0;
            continue;
        }
        since_heading += 1;
        match roll {
            0..=3 => caption(rng, out),
            4..=23 => paragraph(rng, out, &mut notes, "Q: \"", "?\""),
            24..=43 => paragraph(rng, out, &mut notes, "A: \"…", "\""),
            _ => paragraph(rng, out, &mut notes, "", ""),
        }
    }
    notes_section(rng, out, style, notes, defects);
}

/// A photo caption whose source was stripped: `(Image:, June 30, 2023)`.
fn caption(rng: &mut Rng, out: &mut String) {
    out.push_str(rng.pick(NAMES));
    out.push_str(" speaking to ");
    out.push_str(rng.pick(OUTLETS));
    out.push_str(&format!(
        " (Image:, {} {}, {})\n\n",
        month(rng),
        rng.range(1, 28),
        year(rng)
    ));
}

/// One paragraph on one line. Markers follow a sentence's punctuation
/// (`.[4]`), precede it (` [4].`) or follow the closing quote (`"[4]`).
fn paragraph(rng: &mut Rng, out: &mut String, notes: &mut usize, open: &str, close: &str) {
    out.push_str(open);
    let sentences = rng.range(2, 9);
    for s in 0..sentences {
        if s > 0 {
            out.push_str(if rng.percent(4) { "  " } else { " " });
        }
        sentence(rng, out);
        if rng.per_mille(10) {
            out.push_str(&format!(
                " (, {} {}, {})",
                month(rng),
                rng.range(1, 28),
                year(rng)
            ));
        }
        let last = s + 1 == sentences;
        let punct = if last && close.starts_with('?') {
            ""
        } else if rng.percent(5) {
            "…"
        } else {
            "."
        };
        if !rng.per_mille(110) {
            out.push_str(punct);
            if last {
                out.push_str(close);
            }
        } else if rng.percent(15) {
            out.push(' ');
            marker(rng, out, notes);
            out.push_str(punct);
            if last {
                out.push_str(close);
            }
        } else {
            out.push_str(punct);
            if last {
                out.push_str(close);
            }
            marker(rng, out, notes);
        }
    }
    if rng.percent(5) {
        out.push_str("   ");
    }
    out.push_str("\n\n");
}

/// 6–30 words with editorial insertions, without the final punctuation.
fn sentence(rng: &mut Rng, out: &mut String) {
    let words = rng.range(6, 30);
    for i in 0..words {
        if i > 0 {
            out.push_str(if rng.percent(6) { ", " } else { " " });
            if rng.per_mille(25) {
                insertion(rng, out);
                out.push(' ');
            }
        }
        let word = if rng.percent(6) {
            rng.pick(NAMES)
        } else {
            rng.pick(NEWS)
        };
        if i == 0 {
            push_capitalized(out, word);
        } else {
            out.push_str(word);
        }
    }
}

/// `[various]`, `[i.e., the ministry]`, `[sic]`, `[1979]`.
fn insertion(rng: &mut Rng, out: &mut String) {
    out.push('[');
    if rng.percent(12) {
        out.push_str(&year(rng).to_string());
    } else {
        out.push_str(rng.pick(EDITORIAL));
    }
    out.push(']');
}

/// The next note number(s), or a note referred to again.
fn marker(rng: &mut Rng, out: &mut String, notes: &mut usize) {
    let n = *notes;
    let (text, new) = match rng.below(100) {
        0..=9 if n > 0 => (format!("[{}]", rng.range(1, n)), 0),
        10..=15 => (format!("[{}, {}]", n + 1, n + 2), 2),
        16..=18 => (format!("[{}–{}]", n + 1, n + 3), 3),
        19..=20 => (format!("[{}]-[{}]", n + 1, n + 3), 3),
        21..=22 => (format!("[{}-{}]", n + 1, n + 2), 2),
        23 if n > 0 => (format!("[{}, {}]", rng.range(1, n), n + 1), 1),
        _ => (format!("[{}]", n + 1), 1),
    };
    out.push_str(&text);
    *notes += new;
}

/// How a document writes its notes sections (the same in every chapter).
#[derive(Clone, Copy)]
struct Style {
    /// `Notes`, `Endnotes`…; `None` for notes after a blank line only.
    heading: Option<&'static str>,
    /// `1. body` instead of `[1] body` (only under a heading).
    numbered: bool,
}

/// The notes of one chapter, with this chapter's planted defects.
fn notes_section(rng: &mut Rng, out: &mut String, style: Style, count: usize, defects: &[Defect]) {
    out.push('\n');
    if let Some(heading) = style.heading {
        out.push_str(heading);
        out.push_str("\n\n");
    }
    let numbered = style.numbered;
    let lost = defects.contains(&Defect::Lost).then(|| rng.range(1, count));
    let twice = defects
        .contains(&Defect::Twice)
        .then(|| rng.range(1, count));
    let empty = defects
        .contains(&Defect::Empty)
        .then(|| rng.range(1, count));
    for k in 1..=count {
        if lost == Some(k) {
            continue;
        }
        note(rng, out, k, numbered, empty == Some(k));
        if twice == Some(k) {
            note(rng, out, k, numbered, false);
        }
    }
    if defects.contains(&Defect::Orphan) {
        note(rng, out, count + 1, numbered, false);
    }
}

/// `[k]  body`, or `k. body` under a heading.
fn note(rng: &mut Rng, out: &mut String, k: usize, numbered: bool, empty: bool) {
    if numbered {
        out.push_str(&format!("{k}. "));
    } else {
        out.push_str(&format!("[{k}]"));
        out.push_str(if rng.percent(30) { "  " } else { " " });
    }
    if empty {
        out.push_str("\n\n");
        return;
    }
    let (m, d, y) = (month(rng), rng.range(1, 28), year(rng));
    match rng.below(100) {
        // Source stripped: the body starts with a comma.
        0..=5 if !numbered => {
            out.truncate(out.trim_end().len());
            out.push_str(&format!(", {m} {d}, {}, {y}.", d + 1));
        }
        6..=49 => out.push_str(&format!("{}, {m} {d}, {y}.", rng.pick(OUTLETS))),
        roll => {
            for s in 0..rng.range(1, 3) {
                if s > 0 {
                    out.push(' ');
                }
                sentence(rng, out);
                out.push('.');
            }
            if roll < 54 {
                out.push_str(&format!(" (, {m} {d}, {y})."));
            }
            let no = if rng.percent(20) { '\u{a0}' } else { ' ' };
            out.push_str(&format!(
                " See Special Dispatch No.{no}{}, {m} {d}, {y}.",
                rng.range(1000, 11_000)
            ));
            if rng.percent(12) {
                // A second paragraph continues the note.
                out.push_str("         \n\n");
                for _ in 0..rng.range(2, 5) {
                    sentence(rng, out);
                    out.push_str(". ");
                }
                out.pop();
            }
        }
    }
    out.push_str("\n\n");
}
