//! Productions for the layouts of books and other long texts: chapter
//! headings, index headings, legends, and Project Gutenberg's inline
//! notes. Each works on one line (or, for an inline note, from its `[` to
//! its closing `]`) and returns how many bytes it took; spans are made by
//! the caller.
//!
//! ```text
//! chapter-heading = chapter-word WSP numeral [ ( "." / ":" / dash ) [ title ] ]
//!                 / chapter-word WSP numeral WSP CAPS-TITLE
//! chapter-word    = "Chapter" / "Book" / "Part" / "Volume" / "Canto" / "Letter"
//!                 / "Stave" / "Lecture" / "Section" / "Act"       ; any case
//! numeral         = 1*4DIGIT / roman / number-word ["th" / "st" ...]
//! title-line      = roman ["."]                                   ; "IV."
//!                 / CAPS-TITLE                                     ; "THE CONCLUSION."
//! numbered-title  = 1*3DIGIT "." 1*WSP UPPER *CHAR                 ; "3. The Title"
//! inline-note     = "[" ( "Footnote" / "Note" ) WSP note-key ":" body "]"
//!                 / "[" note-key ":" WSP body "]"                  ; "[1: text]"
//! note-key        = 1*4DIGIT / 1*3ALPHA / 1*3"*"
//! legend          = "[" key "]" *WSP "=" *CHAR                     ; "[1]  = Whole-note"
//! index-heading   = [ "General" / "Analytical" ... ] "Index" [ "of" words ] [ "." ]
//! ```

/// Longest line read as a heading of any kind, in bytes.
const MAX_LINE: usize = 100;
/// How far an inline note's closing bracket is looked for, in bytes.
pub(crate) const MAX_NOTE: usize = 64 * 1024;

/// Words that start a chapter heading, lower case.
const CHAPTER_WORDS: &[&str] = &[
    "chapter", "book", "part", "volume", "canto", "letter", "stave", "lecture", "section", "act",
    "chap.",
];

/// Number words a chapter may be numbered with (`Chapter One`, `PART THE
/// FIRST` reads its last word), lower case.
const NUMBER_WORDS: &[&str] = &[
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "last",
];

fn is_roman(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 8
        && (word.bytes().all(|b| b"IVXLCDM".contains(&b))
            || word.bytes().all(|b| b"ivxlcdm".contains(&b)))
}

fn is_numeral(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ':', ',']);
    (!word.is_empty() && word.len() <= 4 && word.bytes().all(|b| b.is_ascii_digit()))
        || is_roman(word)
        || NUMBER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(word))
}

/// Whether a line (trimmed) has no lower-case letter and at least three
/// letters: `THE CONCLUSION.`, `MR. SHERLOCK HOLMES`.
fn is_caps(text: &str) -> bool {
    let mut letters = 0;
    for c in text.chars() {
        if c.is_lowercase() {
            return false;
        }
        if c.is_alphabetic() {
            letters += 1;
        }
    }
    letters >= 3
}

/// `CHAPTER IV`, `Chapter 3`, `CHAPTER II.`, `Chapter 3: The Storm`,
/// `CHAPTER III. THE LAURISTON GARDEN MYSTERY [6]`, `BOOK THE FIRST`.
/// Not `Chapter IV describes the war.` (a sentence).
///
/// # Grammar
/// `chapter-heading` in the module docs.
pub(crate) fn chapter_heading(line: &str) -> bool {
    let line = line.trim();
    if line.len() > MAX_LINE || !line.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return false;
    }
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    if !CHAPTER_WORDS.iter().any(|w| w.eq_ignore_ascii_case(first)) {
        return false;
    }
    let Some(mut number) = words.next() else {
        return false;
    };
    // `BOOK THE FIRST`, `PART THE SECOND`.
    if number.eq_ignore_ascii_case("the") {
        match words.next() {
            Some(next) => number = next,
            None => return false,
        }
    }
    // `Chapter 12—In Which They Sail`
    if let Some(dash) = number.find(['\u{2013}', '\u{2014}']) {
        number = &number[..dash];
    }
    if !is_numeral(number) {
        return false;
    }
    // `number` is a slice of `line`: where it ends in the line.
    let end = number.as_ptr() as usize - line.as_ptr() as usize + number.len();
    let rest = line[end..].trim();
    // The numeral closes with punctuation, or the line ends, or a title in
    // capitals follows (`CHAPTER IV THE STORM`).
    rest.is_empty()
        || number.ends_with(['.', ':'])
        || rest.starts_with(['.', ':', '-', '\u{2013}', '\u{2014}', '(', '['])
        || is_caps(rest)
}

/// A line that is a chapter's title on its own: a roman numeral (`IV.`)
/// or a short title in capitals (`THE CONCLUSION.`).
pub(crate) fn title_line(line: &str) -> bool {
    let line = line.trim();
    if line.len() > MAX_LINE || line.starts_with('[') {
        return false;
    }
    is_roman(line.strip_suffix('.').unwrap_or(line))
        || is_caps(line) && line.starts_with(|c: char| c.is_alphabetic())
}

/// `3. The Title`: the number of a numbered title line, which is a
/// heading unless a numbered notes list continues with it.
pub(crate) fn numbered_title(line: &str) -> Option<u32> {
    let line = line.trim_end();
    if line.len() > MAX_LINE || line.ends_with(['.', ',', ';', ':']) {
        return None;
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=3).contains(&digits) {
        return None;
    }
    let rest = line[digits..].strip_prefix('.')?;
    let title = rest.trim_start_matches([' ', '\t']);
    (title.len() < rest.len() && title.starts_with(|c: char| c.is_uppercase()))
        .then(|| line[..digits].parse().ok())
        .flatten()
}

/// `Index`, `INDEX.`, `General Index`, `Index of Names`: a heading after
/// which bracketed numbers are page locators.
pub(crate) fn index_heading(line: &str) -> bool {
    let line = line.trim().trim_end_matches(['.', ':']);
    if line.len() > 40 {
        return false;
    }
    let mut words = line.split_whitespace();
    let Some(first) = words.next() else {
        return false;
    };
    let index = |w: &str| w.eq_ignore_ascii_case("index");
    if index(first) {
        return words.next().is_none_or(|w| w.eq_ignore_ascii_case("of"));
    }
    words.next().is_some_and(index) && words.next().is_none()
}

/// `[1]  = Whole-note`, `[A] = alto`: a legend or key entry, not a note.
/// The label as written.
pub(crate) fn legend(line: &str) -> Option<&str> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let label = &inner[..close];
    if label.is_empty() || label.len() > 8 || !label.chars().all(|c| c.is_alphanumeric()) {
        return None;
    }
    let rest = inner[close + 1..].trim_start_matches([' ', '\t', '\u{a0}']);
    (rest.starts_with('=') && !rest.starts_with("==")).then_some(label)
}

/// The opening of an inline note.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct InlineNote<'a> {
    pub label: &'a str,
    /// Bytes from the `[` to the `:` after the label, inclusive.
    pub len: usize,
}

/// `[Footnote 1: …`, `[Footnote A: …`, `[Note 3: …`, `[1: …`.
///
/// # Grammar
/// `inline-note` in the module docs (the opening only).
pub(crate) fn inline_note(line: &str) -> Option<InlineNote<'_>> {
    let inner = line.strip_prefix('[')?;
    let word = inner.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (key_at, named) = match &inner[..word] {
        w if w.eq_ignore_ascii_case("footnote") || w.eq_ignore_ascii_case("note") => {
            let spaces = inner[word..].bytes().take_while(|&b| b == b' ').count();
            if spaces == 0 {
                return None;
            }
            (word + spaces, true)
        }
        _ => (0, false),
    };
    let key = &inner[key_at..];
    let len = key
        .bytes()
        .take_while(|b| b.is_ascii_digit())
        .count()
        .max(key.bytes().take_while(u8::is_ascii_alphabetic).count())
        .max(key.bytes().take_while(|&b| b == b'*').count());
    let label = &key[..len];
    let numeric = label.bytes().all(|b| b.is_ascii_digit());
    if len == 0 || len > 4 || !numeric && len > 3 {
        return None;
    }
    let after = key[len..].strip_prefix(':')?;
    // `[1: text]` needs the space after the colon (`a[1:]` is a slice);
    // a named note may start its text on the next line.
    if !(named || numeric && after.starts_with(' ')) {
        return None;
    }
    Some(InlineNote {
        label,
        len: 1 + key_at + len + 1,
    })
}

/// Where an inline note that starts at `text[0]` (its `[`) ends: the
/// offset just past its closing bracket, counting nested brackets; `None`
/// when it is not closed within [`MAX_NOTE`] bytes.
pub(crate) fn inline_note_end(text: &str) -> Option<usize> {
    let bytes = &text.as_bytes()[..text.len().min(MAX_NOTE)];
    let mut depth = 0usize;
    for at in memchr::memchr2_iter(b'[', b']', bytes) {
        if bytes[at] == b'[' {
            depth += 1;
        } else {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(at + 1);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapter_headings() {
        for line in [
            "CHAPTER IV",
            "CHAPTER IV.",
            "Chapter 3",
            "Chapter 3: The Storm",
            "CHAPTER III. THE LAURISTON GARDEN MYSTERY [6]",
            "CHAPTER IV THE STORM",
            "BOOK THE FIRST",
            "Part Two",
            "STAVE I:  MARLEY'S GHOST",
            "   CHAPTER XII.",
            "Chapter 12—In Which They Sail",
        ] {
            assert!(chapter_heading(line), "{line}");
        }
        for line in [
            "Chapter IV describes the war.",
            "Chapter",
            "Chapters 3 and 4",
            "The chapter",
            "Part of the crew stayed.",
            "Book 2 of the series is better",
        ] {
            assert!(!chapter_heading(line), "{line}");
        }
    }

    #[test]
    fn title_lines() {
        assert!(title_line("IV."));
        assert!(title_line("xii"));
        assert!(title_line("THE CONCLUSION."));
        assert!(!title_line("The conclusion."));
        assert!(!title_line("[1]"));
        assert!(!title_line("1."));
        assert!(!title_line("A B"));
    }

    #[test]
    fn numbered_titles() {
        assert_eq!(numbered_title("3. The Title"), Some(3));
        assert_eq!(numbered_title("12.  Of Harbours"), Some(12));
        assert_eq!(numbered_title("3. Smith, History, 1901."), None);
        assert_eq!(numbered_title("3. ibid"), None);
        assert_eq!(numbered_title("3.The Title"), None);
        assert_eq!(numbered_title("1998. The Year"), None);
    }

    #[test]
    fn index_headings() {
        assert!(index_heading("INDEX"));
        assert!(index_heading("Index."));
        assert!(index_heading("General Index"));
        assert!(index_heading("Index of Names"));
        assert!(!index_heading("Index cards were used."));
        assert!(!index_heading("The index of the book"));
    }

    #[test]
    fn legends() {
        assert_eq!(legend("[1]  = Whole-note"), Some("1"));
        assert_eq!(legend("[A] = alto"), Some("A"));
        assert_eq!(legend("[1] Smith = Jones, 1901."), None);
        assert_eq!(legend("[1] == x"), None);
        assert_eq!(legend("[i.e.] = x"), None);
    }

    #[test]
    fn inline_notes() {
        let open = |s| inline_note(s).map(|n| (n.label, n.len));
        assert_eq!(open("[Footnote 1: The harbour"), Some(("1", 12)));
        assert_eq!(open("[Footnote A: The pilot"), Some(("A", 12)));
        assert_eq!(open("[FOOTNOTE 12:"), Some(("12", 13)));
        assert_eq!(open("[Note 3: x]"), Some(("3", 8)));
        assert_eq!(open("[1: The harbour]"), Some(("1", 3)));
        assert_eq!(open("[Footnote *: x]"), Some(("*", 12)));
        assert_eq!(open("[1:]"), None);
        assert_eq!(open("[Footnote: unkeyed]"), None);
        assert_eq!(open("[Footnote1: x]"), None);
        assert_eq!(open("[Illustration: A ship]"), None);
        assert_eq!(open("[ABCD: x]"), None);
        assert_eq!(inline_note_end("[Footnote 1: a [2] b] c"), Some(21));
        assert_eq!(inline_note_end("[Footnote 1: a\n\nb]"), Some(18));
        assert_eq!(inline_note_end("[Footnote 1: never closed"), None);
    }
}
