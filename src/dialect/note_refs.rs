//! Note-to-note references (DESIGN.md section 11): "see note 4", "nn.
//! 3–5", "supra note 12", "note 30 below", "Ibid.", "Id. at 5", read in
//! the note bodies and the prose of a document with a notes block (the
//! plain and Markdown dialects call [`read`] last).
//!
//! # Grammar
//!
//! ```text
//! reference = [ signal ws ] direction ws notes ws numbers       ; "supra note 4", "above, note 3"
//!           / [ signal ws ] notes ws numbers [ [","] ws place ] ; "see note 4", "note 4 above"
//! ibid      = [ signal ws ] ( "ibid" [ "." ] / "id." )          ; opening a note's body
//! signal    = "see" [ ws ( "also" / "generally" ) ] [ "," ws "e.g." [ "," ] ] / "cf."
//! direction = "supra" / "infra" / ( "above" / "below" ) [ "," ]
//! place     = "above" / "below"
//! notes     = "footnotes" / "footnote" / "endnotes" / "endnote" / "notes" / "note"
//!           / "nn." / "n."                                      ; "n." in lower case
//! numbers   = item *31( list-sep item )                         ; after a plural only
//! item      = number [ *1SP dash *1SP number ]                  ; dash: "--", "-" or "–"
//! number    = 1*4DIGIT                                          ; not before a letter, a
//!                                                               ; digit, or "."/":"/"/"/"," DIGIT
//! list-sep  = *1SP "," *1SP [ ( "and" / "or" / "&" ) ws ] / ws ( "and" / "or" / "&" ) ws
//! ws        = 1*16( WSP / EOL / NBSP )                          ; one line break at most;
//!                                                               ; none needed after "n."
//! ```
//!
//! Every word may be wrapped in emphasis markup (`*supra*`, `_Id._`,
//! `''Ibid.''`, `<i>id.</i>`); words match in any case, but for "n." and
//! "nn." (lower case, as citation styles write them) and, in prose
//! outside the notes, "NOTE" in capitals.
//!
//! Where each form is read:
//!
//! - In a note's body, every form. "Ibid."/"Id." only where it opens the
//!   note (after markup and a signal): later in a note
//!   it repeats the citation before it in the same note, which is no
//!   reference to another note. A bare "n. 9" or "note 9" right after a
//!   page number (`724, n. 9`, `at 5 n.3`) is a pinpoint into the work
//!   cited, not a reference to a note of this document, and is not read.
//! - In prose outside note bodies, only what cannot be anything else: a
//!   note word with a signal ("see note 4"), "supra"/"infra" ("supra note
//!   4") or a place ("note 4 above"); never "n."/"nn." nor "Ibid.". Prose
//!   is read in documents whose notes are numbered and refer to one
//!   another (some note holds a reference or an "Ibid."): a pass over the
//!   prose, most of a document, costs about a tenth of parsing plain
//!   text. (A known gap: "see note 4" in the text of a document whose
//!   notes hold no reference goes unread.)
//! - Nowhere: a note word after an article (`a note 3 octaves up`), a
//!   number followed by "of" or "to" (`note 3 of the Regulation`, `Note 1
//!   to entry`: a note of another text), a note of another part of the
//!   work (a part word, "Section", "Ch.", "§"…, and its number at most
//!   five words and 160 bytes back in the same sentence, a title in
//!   parentheses after it: `Section IV (The Input Corpus) note 33`; or
//!   "from" or "in Chapter …" after it), a bare "Id" without its stop (too
//!   ambiguous), a bare `Note 2:` (a label), in prose a number the text
//!   also gives a paragraph labelled with the word (`[Note 1] …`, `Note
//!   2: …` at a line start: "see Note 1" may name it, [`word_labels`]),
//!   and
//!   anything outside the document's prose (Markdown code spans and
//!   blocks, page furniture).
//! - A range whose last number is below its first, or that names more
//!   than [`MAX_RANGE`](crate::graph::file::MAX_RANGE) notes, is no
//!   reading anyone can act on: the whole phrase is skipped (reading just
//!   its first number would let `ibid fix` rewrite half of it).
//!
//! Reading is linear in the text: candidates are found with memmem
//! (`ote`, `OTE` and `n.` in a notes block's run of bodies, `ote` in the
//! rest), each is parsed by nom from a start at most a few words back,
//! and every step is bounded.

use memchr::memmem;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::character::complete::{char, satisfy};
use nom::combinator::{consumed, not, opt, recognize, value, verify};
use nom::multi::many_m_n;
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};

use crate::graph::file::MAX_RANGE;
use crate::model::{
    label_number, markup_before, BlockKind, Document, NoteRef, NoteRefForm, NoteTarget, RefKind,
    Span, EMPHASIS_TAGS,
};

/// The most items a list of notes is read to.
const MAX_ITEMS: usize = 32;
/// The most words a reference's start is looked for before its note
/// word ("see also supra note 4").
const MAX_LEAD_WORDS: usize = 3;
/// The most bytes of blanks between two words.
const MAX_BLANK: usize = 16;

/// The note-to-note references of `doc`, read from `text`, in source
/// order (see the module docs). Nothing is read from a document with no
/// notes block (only reference lists, or no notes at all); prose outside
/// the notes only when some note has a number.
pub fn read(text: &str, doc: &Document) -> Vec<NoteRef> {
    read_as(text, doc, false)
}

/// [`read`], with the prose read in every document with numbered notes,
/// whether or not its notes refer to one another: `ibid fix` must know
/// every "see note N" before it renumbers or deletes a note.
pub fn read_all(text: &str, doc: &Document) -> Vec<NoteRef> {
    read_as(text, doc, true)
}

/// Read `doc`'s note-to-note references ([`read`]) into it: the last
/// step of the dialects that number notes by hand (plain, Markdown).
pub fn add(text: &str, doc: &mut Document) {
    let refs = read(text, doc);
    crate::model::DocumentBuilder::add_note_refs(doc, text, refs);
}

/// Make `doc`'s references, read by its dialect with [`read`], those
/// [`read_all`] would read. [`read`] reads the prose whenever its notes
/// gave a reference, as [`read_all`] does: only a document where none
/// was read is read again.
pub fn complete(text: &str, doc: &mut Document) {
    if doc.note_refs.is_empty() {
        let refs = read_all(text, doc);
        crate::model::DocumentBuilder::add_note_refs(doc, text, refs);
    }
}

fn read_as(text: &str, doc: &Document, all_prose: bool) -> Vec<NoteRef> {
    if !doc.blocks.iter().any(|b| b.kind == BlockKind::Notes) {
        return Vec::new();
    }
    let mut bodies: Vec<Span> = Vec::new();
    let mut numbered = false;
    for d in doc.definitions.iter().filter(|d| d.kind == RefKind::Note) {
        numbered = numbered || d.namespace.is_none() && label_number(&d.label).is_some();
        // Bodies in order and apart (a dialect's always are).
        if !d.body.is_empty() && bodies.last().is_none_or(|b| b.end <= d.body.start) {
            bodies.push(d.body);
        }
    }
    if bodies.is_empty() && !numbered {
        return Vec::new();
    }
    let mut reader = Reader {
        text,
        prose: &doc.prose,
        out: Vec::new(),
        done: 0,
        note: memmem::Finder::new("ote"),
        upper: memmem::Finder::new("OTE"),
        abbreviated: memmem::Finder::new("n."),
        labelled: std::cell::OnceCell::new(),
    };
    // The bodies a run at a time (a notes block's follow each other): one
    // search over each run, not one per body.
    let mut i = 0;
    while i < bodies.len() {
        let mut j = i + 1;
        while j < bodies.len() && bodies[j].start - bodies[j - 1].end <= MAX_GAP {
            j += 1;
        }
        reader.notes(&bodies[i..j]);
        i = j;
    }
    // A pass over the prose costs about a tenth of parsing it (plain
    // text is parsed at about 1 GB/s): it is read in documents whose
    // notes refer to one another, where prose may too.
    if numbered && (all_prose || !reader.out.is_empty()) {
        reader.done = 0;
        reader.prose(&bodies);
    }
    let mut out = reader.out;
    out.sort_by_key(|r| r.span.start);
    out
}

/// Bodies at most this far apart are searched in one run.
const MAX_GAP: usize = 256;

struct Reader<'a> {
    text: &'a str,
    prose: &'a [Span],
    out: Vec<NoteRef>,
    /// The end of the last reference read: nothing before it is read again.
    done: usize,
    note: memmem::Finder<'static>,
    upper: memmem::Finder<'static>,
    abbreviated: memmem::Finder<'static>,
    /// The numbers of the notes the text labels with the word itself
    /// ([`word_labels`]), found at the first reference read.
    labelled: std::cell::OnceCell<Vec<u32>>,
}

impl Reader<'_> {
    /// Read the references in a run of note bodies (in order).
    fn notes(&mut self, bodies: &[Span]) {
        let (Some(first), Some(last)) = (bodies.first(), bodies.last()) else {
            return;
        };
        let run = Span::new(first.start, last.end);
        let hay = &self.text.as_bytes()[run.start..run.end];
        for &body in bodies {
            if let Some(r) = self.opening_ibid(body) {
                self.out.push(r);
            }
        }
        let words = Merge::new(self.note.find_iter(hay), self.upper.find_iter(hay));
        let mut b = 0;
        for at in Merge::new(words, self.abbreviated.find_iter(hay)) {
            let at = run.start + at;
            if at < self.done {
                continue;
            }
            while bodies[b].end <= at {
                b += 1;
            }
            let body = bodies[b];
            if at < body.start {
                continue;
            }
            let found = if self.text.as_bytes()[at] == b'n' {
                self.abbreviation(at, body)
            } else {
                self.note_word(at, body, true)
            };
            if let Some(r) = found {
                self.done = r.span.end;
                self.out.push(r);
            }
        }
    }

    /// Read the references in the text outside note bodies (`bodies`,
    /// in order), where only prose counts. Prose is most of a document,
    /// and a pass over it costs as much as a tenth of parsing it: one
    /// pass, for "note" and "Note" ("NOTE" in capitals is read in notes
    /// only).
    fn prose(&mut self, bodies: &[Span]) {
        let text = self.text;
        let mut b = 0;
        for at in self.note.find_iter(text.as_bytes()) {
            if at < self.done {
                continue;
            }
            while bodies.get(b).is_some_and(|body| body.end <= at) {
                b += 1;
            }
            if bodies.get(b).is_some_and(|body| body.start <= at) {
                continue;
            }
            let start = b.checked_sub(1).map_or(0, |p| bodies[p].end);
            let end = bodies.get(b).map_or(text.len(), |n| n.start);
            if let Some(r) = self.note_word(at, Span::new(start, end), false) {
                self.done = r.span.end;
                self.out.push(r);
            }
        }
    }

    /// A candidate "n." at `at` (in a note's body): "n." or "nn." as a
    /// word of its own.
    fn abbreviation(&self, at: usize, body: Span) -> Option<NoteRef> {
        let bytes = self.text.as_bytes();
        let floor = body.start.max(self.done);
        let start = if at > floor && bytes[at - 1] == b'n' {
            at - 1
        } else {
            at
        };
        if !self.boundary_before(start, floor) {
            return None;
        }
        self.reference(start, body, true)
    }

    /// "Ibid." or "Id." opening the note whose body is `body`, after
    /// markup and a signal ("See", "See also", "Cf.").
    fn opening_ibid(&self, body: Span) -> Option<NoteRef> {
        let input = &self.text[body.start..body.end];
        // Most notes open with a name: two bytes tell.
        let head = input.as_bytes().get(..2)?;
        let maybe = matches!(head[0], b'*' | b'_' | b'\'' | b'<')
            || [b"ib", b"id", b"se", b"cf"]
                .iter()
                .any(|w| head.eq_ignore_ascii_case(*w));
        if !maybe {
            return None;
        }
        let (_, (word, letters)) = opening_ibid(input).ok()?;
        let start = body.start + offset(input, word);
        let end = start + word.len();
        let at = body.start + offset(input, letters);
        self.in_prose(Span::new(at, at + letters.len()))
            .then_some(NoteRef {
                span: Span::new(start, end),
                form: NoteRefForm::Ibid,
                targets: Vec::new(),
            })
    }

    /// A candidate `ote`/`OTE` at `at`: a note word ("note", "notes",
    /// "footnote", "endnote") starting a byte before it.
    fn note_word(&self, at: usize, region: Span, note: bool) -> Option<NoteRef> {
        let bytes = self.text.as_bytes();
        let floor = region.start.max(self.done);
        if at <= floor || !bytes[at - 1].eq_ignore_ascii_case(&b'n') || !number_next(bytes, at + 3)
        {
            return None;
        }
        let mut start = at - 1;
        for prefix in [b"foot" as &[u8], b"end"] {
            if start >= floor + prefix.len()
                && bytes[start - prefix.len()..start].eq_ignore_ascii_case(prefix)
            {
                start -= prefix.len();
                break;
            }
        }
        if !self.boundary_before(start, floor) {
            return None;
        }
        self.reference(start, region, note)
    }

    /// Whether the character before `at` (not below `floor`) is not a
    /// letter or digit.
    fn boundary_before(&self, at: usize, floor: usize) -> bool {
        at == floor
            || !self.text[..at]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
    }

    /// The reference whose note word starts at `word`, read from the
    /// earliest start a few words back that gives one.
    fn reference(&self, word: usize, region: Span, note: bool) -> Option<NoteRef> {
        let bytes = self.text.as_bytes();
        let floor = region.start.max(self.done);
        let mut starts = [0usize; MAX_LEAD_WORDS + 1];
        starts[0] = skip_back_markup(bytes, floor, word);
        let mut n = 1;
        while n < starts.len() {
            match lead_word(bytes, floor, starts[n - 1]) {
                Some(start) if self.boundary_before(start, floor) => {
                    starts[n] = skip_back_markup(bytes, floor, start);
                    n += 1;
                }
                _ => break,
            }
        }
        starts[..n]
            .iter()
            .rev()
            .find_map(|&start| self.try_at(start, word, region, note))
    }

    /// The reference read by the grammar from `start`, if it is one where
    /// it is (see the module docs).
    fn try_at(&self, start: usize, word: usize, region: Span, note: bool) -> Option<NoteRef> {
        let input = &self.text[start..region.end];
        let (_, p) = phrase(input).ok()?;
        let bare = !p.signal && p.direction.is_none();
        let latin = p.direction.is_some_and(|(_, latin)| latin);
        if !note && (p.abbreviated || !p.signal && !latin && p.place.is_none()) {
            return None;
        }
        let at = |part: &str| start + offset(input, part);
        let last = p.items.last()?;
        let end = at(last.1.unwrap_or(last.0)) + last.1.unwrap_or(last.0).len();
        let after = &self.text[end..region.end];
        if names_other_text(after)
            || bare && p.place.is_none() && after.starts_with(':')
            || self.after_part(start, region)
        {
            return None;
        }
        if bare && (self.after_number(start, region) || self.after_article(start, region)) {
            return None;
        }
        let mut targets = Vec::with_capacity(p.items.len());
        for &(first, last) in &p.items {
            let a = (
                label_number(first)?,
                Span::new(at(first), at(first) + first.len()),
            );
            let b = match last {
                Some(last) => {
                    let n = label_number(last)?;
                    if n < a.0 || n - a.0 >= MAX_RANGE {
                        return None;
                    }
                    Some((n, Span::new(at(last), at(last) + last.len())))
                }
                None => None,
            };
            let target = NoteTarget { first: a, last: b };
            if !self.in_prose(target.span()) {
                return None;
            }
            targets.push(target);
        }
        if !self.in_prose(Span::new(word, word + 1)) {
            return None;
        }
        // "See Note 1" in the text, with a `[Note 1]` paragraph, names
        // that paragraph as well as it may name note [1]: no reading. (In
        // a note, notes name notes.)
        if !note {
            let labelled = self.labelled.get_or_init(|| word_labels(self.text));
            if targets
                .iter()
                .any(|t| labelled.iter().any(|n| t.numbers().contains(n)))
            {
                return None;
            }
        }
        let form = p
            .direction
            .map(|(form, _)| form)
            .or(p.place)
            .unwrap_or(NoteRefForm::Note);
        Some(NoteRef {
            span: Span::new(start, end),
            form,
            targets,
        })
    }

    /// Whether a number (a page: `724, n. 9`, `at 5 n.3`) comes just
    /// before `at`, after blanks and a comma.
    fn after_number(&self, at: usize, region: Span) -> bool {
        let before = self.tail(region.start, at, MAX_BLANK + 2);
        let before = before.trim_end_matches(is_blank);
        let before = before.strip_suffix(',').unwrap_or(before);
        before
            .trim_end_matches(is_blank)
            .ends_with(|c: char| c.is_ascii_digit())
    }

    /// Whether a part of a work ("Section IV", "Ch. 3", "§ 12") comes a
    /// few words before `at`, in the same sentence, optionally with a
    /// title in parentheses after it: `Section IV (The Input Corpus) note
    /// 33` names a note of that part. A look at most [`MAX_PART_BACK`]
    /// bytes back.
    fn after_part(&self, at: usize, region: Span) -> bool {
        let mut w = self.tail(region.start.max(self.done), at, MAX_PART_BACK);
        // The words of `w` from its end.
        for _ in 0..MAX_PART_WORDS {
            w = w.trim_end_matches(|c: char| is_blank(c) || matches!(c, ',' | '*' | '_'));
            w = strip_tags(w);
            if w.ends_with(')') {
                // A title: "(The Input Corpus)".
                match w.rfind('(') {
                    Some(open) => w = &w[..open],
                    None => return false,
                }
                continue;
            }
            let from = after_last(w, |c| {
                is_blank(c) || matches!(c, '(' | ')' | ';' | ':' | ',' | '*' | '_')
            });
            let token = &w[from..];
            if token.is_empty() || ends_sentence(token) || is_conjunction(token) {
                return false;
            }
            if let Some(numeral) = token.strip_prefix('\u{a7}') {
                if is_numeral(numeral) {
                    return true;
                }
            }
            w = &w[..from];
            if is_numeral(token) {
                let rest =
                    strip_tags(w.trim_end_matches(|c: char| is_blank(c) || matches!(c, '*' | '_')));
                let word_from = after_last(rest, |c| {
                    !(c.is_alphabetic() || matches!(c, '.' | '\u{a7}'))
                });
                let word = &rest[word_from..];
                if PARTS.iter().any(|p| word.eq_ignore_ascii_case(p)) {
                    return true;
                }
            }
        }
        false
    }

    /// Whether an article or a determiner comes just before `at` (`a
    /// note 3 octaves up`, `the note 3`).
    fn after_article(&self, at: usize, region: Span) -> bool {
        const ARTICLES: [&str; 8] = ["a", "an", "the", "this", "that", "each", "every", "one"];
        let tail = self.tail(region.start, at, MAX_BLANK + 6);
        let before = tail.trim_end_matches(is_blank);
        if before.len() == tail.len() {
            return false;
        }
        // After the last character that is no letter (of any width).
        let word_start = before
            .char_indices()
            .rev()
            .find(|&(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        let word = &before[word_start..];
        let whole = word_start > 0 || offset(self.text, tail) == region.start;
        whole && ARTICLES.iter().any(|a| word.eq_ignore_ascii_case(a))
    }

    /// `text[..at]`'s last `max` bytes or fewer (not before `from`), from
    /// a character boundary.
    fn tail(&self, from: usize, at: usize, max: usize) -> &str {
        let mut start = from.max(at.saturating_sub(max));
        while !self.text.is_char_boundary(start) {
            start += 1;
        }
        &self.text[start..at]
    }

    /// Whether `span` lies inside one prose span (not in code, not in
    /// page furniture).
    fn in_prose(&self, span: Span) -> bool {
        let i = self.prose.partition_point(|s| s.end <= span.start);
        self.prose
            .get(i)
            .is_some_and(|s| s.start <= span.start && span.end <= s.end)
    }
}

/// The most bytes looked at before a reference for a part of a work
/// ("Section VII (Iterative Improvement Under Professorial Control)").
const MAX_PART_BACK: usize = 160;
/// The most words (a title in parentheses counts as one) looked at
/// before a reference for a part of a work.
const MAX_PART_WORDS: usize = 5;

/// The words that name a part of a work before its number (`§` too).
const PARTS: [&str; 11] = [
    "section", "sec.", "chapter", "ch.", "part", "article", "art.", "\u{a7}", "appendix", "vol.",
    "volume",
];

/// The byte offset in `s` after its last character that `pred` holds
/// for, or 0.
fn after_last(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.char_indices()
        .rev()
        .find(|&(_, c)| pred(c))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Whether `token` numbers a part: digits ("4", "4.2", "17-31-104"), a
/// Roman numeral ("IV"), or one capital ("Appendix A").
fn is_numeral(token: &str) -> bool {
    let b = token.as_bytes();
    let roman = |c: u8| b"IVXLCDMivxlcdm".contains(&c);
    !b.is_empty()
        && b.len() <= 16
        && !token.ends_with('.')
        && (b[0].is_ascii_digit()
            && b.iter()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'(' | b')'))
            || b.iter().all(|&c| roman(c))
            || b.len() == 1 && b[0].is_ascii_uppercase())
}

/// Whether `token` (a word and what is stuck to it) ends a sentence: a
/// stop, not of an abbreviation a reference may follow.
fn ends_sentence(token: &str) -> bool {
    const ABBREVIATIONS: [&str; 10] = [
        "sec.", "ch.", "art.", "vol.", "cf.", "e.g.", "i.e.", "no.", "p.", "pp.",
    ];
    token.ends_with(['?', '!'])
        || token.ends_with('.') && !ABBREVIATIONS.iter().any(|a| token.eq_ignore_ascii_case(a))
}

/// "and", "or", "&": what follows them is a reference of its own.
fn is_conjunction(token: &str) -> bool {
    ["and", "or", "&"]
        .iter()
        .any(|c| token.eq_ignore_ascii_case(c))
}

/// `s` without the emphasis tags (`<i>`, `</em>`) at its end.
fn strip_tags(mut s: &str) -> &str {
    while let Some(t) = EMPHASIS_TAGS.iter().find(|t| {
        s.len() >= t.len()
            && s.is_char_boundary(s.len() - t.len())
            && s[s.len() - t.len()..].eq_ignore_ascii_case(t)
    }) {
        s = &s[..s.len() - t.len()];
    }
    s
}

/// The numbers of the notes a text labels with the word itself at the
/// start of a line, after blanks and opening markup (`[`, `(`, `*`, `_`,
/// `#`, `>`): `[Note 1] …`, `Note 2: …`, `NOTE 3 - …`, `Note #4.`,
/// `### Note 5`. Such a note is no numbered note of a notes block, and a
/// "see note N" may name it: sorted, without repeats.
fn word_labels(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let words = memmem::find_iter(bytes, b"ote").chain(memmem::find_iter(bytes, b"OTE"));
    for at in words {
        let Some(word) = at.checked_sub(1) else {
            continue;
        };
        if !bytes[word].eq_ignore_ascii_case(&b'n') {
            continue;
        }
        // A look back of a few bytes only: a line of ten million "note"s
        // stays linear.
        let from = word.saturating_sub(MAX_LABEL_LEAD + 1);
        let line = match memchr::memrchr(b'\n', &bytes[from..word]) {
            Some(n) => from + n + 1,
            None if from == 0 => 0,
            None => continue,
        };
        let lead = &bytes[line..word];
        let opening = |b: &u8| matches!(b, b' ' | b'\t' | b'[' | b'(' | b'*' | b'_' | b'#' | b'>');
        if !lead.iter().all(opening) {
            continue;
        }
        let rest = &bytes[at + 3..bytes.len().min(at + 3 + MAX_LABEL_TAIL)];
        let mut i = rest
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        if rest.get(i) == Some(&b'#') {
            i += 1;
        }
        let digits = rest[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=4).contains(&digits) {
            continue;
        }
        let after = &rest[i + digits..];
        let closed = match after {
            [] | [b']' | b')' | b':' | b'*' | b'_' | b'\r' | b'\n', ..] => true,
            [b'.', next, ..] => matches!(next, b' ' | b'\t' | b'\r' | b'\n' | b'*' | b'_'),
            [b'.'] => true,
            [b' ' | b'\t', ..] => {
                let next = after.iter().position(|b| !matches!(b, b' ' | b'\t'));
                next.is_none_or(|n| {
                    after[n..].starts_with(b"-")
                        || after[n..].starts_with(b":")
                        || after[n..].starts_with("\u{2013}".as_bytes())
                        || after[n..].starts_with("\u{2014}".as_bytes())
                        || matches!(after[n], b'\r' | b'\n')
                })
            }
            _ => false,
        };
        if closed {
            if let Ok(n) = std::str::from_utf8(&rest[i..i + digits])
                .unwrap_or("")
                .parse()
            {
                out.push(n);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The most bytes of blanks and markup before a note word that labels
/// its line.
const MAX_LABEL_LEAD: usize = 8;
/// The most bytes read after a labelling note word.
const MAX_LABEL_TAIL: usize = 32;

/// Whether a number may follow the rest of a note word at `at` ("s",
/// then blanks and markup): a quick look that turns away "note that",
/// "notes on" and "denote" before the grammar is asked.
fn number_next(bytes: &[u8], at: usize) -> bool {
    let mut i = at;
    if bytes.get(i).is_some_and(|b| b.eq_ignore_ascii_case(&b's')) {
        i += 1;
    }
    let rest = &bytes[i.min(bytes.len())..];
    rest.iter()
        .take(MAX_BLANK + 8)
        .find(|b| {
            !matches!(
                b,
                b' ' | b'\t' | b'\n' | b'\r' | b'*' | b'_' | b'\'' | 0xc2 | 0xa0
            )
        })
        .is_some_and(|b| b.is_ascii_digit() || *b == b'<')
}

/// Whether the text after a reference's last number makes it a note of
/// another text: "of", "to" or "from" next (`note 3 of the Regulation`,
/// `Note 1 to entry`, `notes 11-12 from original chapter`), or "in" and
/// a part of a work (`note 4 in Chapter 2`).
fn names_other_text(after: &str) -> bool {
    let rest = after.trim_start_matches(is_blank);
    if rest.len() == after.len() {
        return false;
    }
    let starts_with_word = |s: &str, w: &str| {
        s.get(..w.len()).is_some_and(|s| s.eq_ignore_ascii_case(w))
            && !s[w.len()..].starts_with(|c: char| c.is_alphanumeric())
    };
    if ["of", "to", "from"]
        .iter()
        .any(|w| starts_with_word(rest, w))
    {
        return true;
    }
    if !starts_with_word(rest, "in") {
        return false;
    }
    let part = rest[2..].trim_start_matches(is_blank);
    PARTS.iter().any(|p| {
        part.get(..p.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(p))
            && !part[p.len()..].starts_with(|c: char| c.is_alphabetic())
    })
}

/// The start of a word that may come before a note word or another lead
/// word ("see", "also", "cf.", "supra", "infra", "above", "below"),
/// ending at `at` after blanks (and a comma after "above"/"below").
fn lead_word(bytes: &[u8], floor: usize, at: usize) -> Option<usize> {
    const LEADS: [&[u8]; 8] = [
        b"see",
        b"also",
        b"generally",
        b"cf.",
        b"supra",
        b"infra",
        b"above",
        b"below",
    ];
    let blank_from = at
        - bytes[floor..at]
            .iter()
            .rev()
            .take(MAX_BLANK)
            .take_while(|&&b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
            .count();
    if blank_from == at && !(at > floor && bytes[at - 1] == b',') {
        return None;
    }
    let mut end = skip_back_markup(bytes, floor, blank_from);
    let comma = end > floor && bytes[end - 1] == b',';
    if comma {
        end = skip_back_markup(bytes, floor, end - 1);
    }
    // "e.g." (after "See,"), the one lead word with two dots.
    if end - floor >= 4 && bytes[end - 4..end].eq_ignore_ascii_case(b"e.g.") {
        let start = end - 4;
        let whole = start == floor || !bytes[start - 1].is_ascii_alphanumeric();
        return whole.then_some(start);
    }
    let dot = usize::from(end > floor && bytes[end - 1] == b'.');
    let letters = bytes[floor..end - dot]
        .iter()
        .rev()
        .take(9)
        .take_while(|b| b.is_ascii_alphabetic())
        .count();
    let start = end - dot - letters;
    let word = &bytes[start..end];
    let known = LEADS.iter().any(|w| word.eq_ignore_ascii_case(w));
    // A comma follows "above," or "below," and "See," before "e.g.";
    // the grammar decides what reads.
    let comma_ok = !comma
        || [b"above" as &[u8], b"below", b"see"]
            .iter()
            .any(|w| word.eq_ignore_ascii_case(w));
    (letters > 0 && known && comma_ok).then_some(start)
}

/// Step back over emphasis markup before `at` (eight pieces at most),
/// not below `floor`.
fn skip_back_markup(bytes: &[u8], floor: usize, at: usize) -> usize {
    let mut i = at;
    for _ in 0..8 {
        match markup_before(bytes, floor, i) {
            0 => break,
            n => i -= n,
        }
    }
    i
}

/// The byte offset of `part` in `whole` (a slice of it).
fn offset(whole: &str, part: &str) -> usize {
    part.as_ptr() as usize - whole.as_ptr() as usize
}

fn is_blank(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{a0}')
}

/// What the grammar read: the parts that decide the form and where the
/// reference may stand, and the digits of each item.
#[derive(Debug)]
struct Phrase<'a> {
    signal: bool,
    /// The direction a word before the note word gives, and whether
    /// that word is "supra" or "infra" (not "above" or "below").
    direction: Option<(NoteRefForm, bool)>,
    /// "n." or "nn.": only in note bodies.
    abbreviated: bool,
    items: Vec<(&'a str, Option<&'a str>)>,
    place: Option<NoteRefForm>,
}

type Res<'a, T> = IResult<&'a str, T>;

/// # Grammar
/// `reference = [ signal ws ] ( direction ws notes ws numbers / notes ws numbers [ [","] ws place ] )`
fn phrase(input: &str) -> Res<'_, Phrase<'_>> {
    let (input, signal) = opt(terminated(signal, ws)).parse(input)?;
    let (input, direction) = opt(terminated(direction, ws)).parse(input)?;
    let (input, (plural, abbreviated)) = notes(input)?;
    let (input, _) = if abbreviated {
        blanks(0)(input)?
    } else {
        ws(input)?
    };
    let (input, first) = item(input)?;
    let (input, more) = if plural {
        many_m_n(0, MAX_ITEMS - 1, preceded(list_sep, item)).parse(input)?
    } else {
        (input, Vec::new())
    };
    let mut items = Vec::with_capacity(1 + more.len());
    items.push(first);
    items.extend(more);
    let (input, place) = if direction.is_none() {
        opt(preceded((opt(char(',')), ws), place)).parse(input)?
    } else {
        (input, None)
    };
    Ok((
        input,
        Phrase {
            signal: signal.is_some(),
            direction,
            abbreviated,
            items,
            place,
        },
    ))
}

/// A word in any case, wrapped in markup, not followed by a letter.
fn word<'a>(
    w: &'static str,
) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    recognize((
        markup0,
        ascii_no_case(w),
        not(satisfy(char::is_alphanumeric)),
        markup0,
    ))
}

/// An ASCII tag in any case (nom's `tag_no_case` lower-cases each
/// character of the input; these are ASCII words).
fn ascii_no_case(w: &'static str) -> impl Fn(&str) -> Res<'_, &str> {
    move |input: &str| {
        if input
            .as_bytes()
            .get(..w.len())
            .is_some_and(|b| b.eq_ignore_ascii_case(w.as_bytes()))
        {
            Ok((&input[w.len()..], &input[..w.len()]))
        } else {
            Err(nom::Err::Error(nom::error::Error::new(
                input,
                nom::error::ErrorKind::Tag,
            )))
        }
    }
}

/// "Ibid." or "Id." with its markup, after markup and a signal at the
/// start of `input`, not followed by a letter or digit (`ibid.com`): the
/// whole, and the word with its dot.
///
/// # Grammar
/// `opening-ibid = [ signal ws ] markup ( "ibid" / "id" ) "." markup`
fn opening_ibid(input: &str) -> Res<'_, (&str, &str)> {
    terminated(
        preceded(
            opt((signal, ws)),
            consumed(delimited(
                markup0,
                alt((
                    recognize((ascii_no_case("ibid"), opt(char('.')))),
                    recognize((ascii_no_case("id"), char('.'))),
                )),
                markup0,
            )),
        ),
        not(satisfy(char::is_alphanumeric)),
    )
    .parse(input)
}

/// # Grammar
/// `markup = *8( "*" / "_" / "''" / "<i>" / "</i>" / "<em>" / "</em>" )`
fn markup0(input: &str) -> Res<'_, &str> {
    if !input.starts_with(['*', '_', '\'', '<']) {
        return Ok((input, &input[..0]));
    }
    recognize(many_m_n(
        0,
        8,
        alt((
            tag("*"),
            tag("_"),
            tag("''"),
            ascii_no_case("<i>"),
            ascii_no_case("</i>"),
            ascii_no_case("<em>"),
            ascii_no_case("</em>"),
        )),
    ))
    .parse(input)
}

/// # Grammar
/// `signal = "see" [ ws ( "also" / "generally" ) ] [ "," ws "e.g." [ "," ] ] / "cf."`
fn signal(input: &str) -> Res<'_, &str> {
    alt((
        recognize((
            word("see"),
            opt((ws, alt((word("also"), word("generally"))))),
            opt((
                char(','),
                ws,
                markup0,
                ascii_no_case("e.g."),
                markup0,
                opt(char(',')),
                markup0,
            )),
        )),
        recognize((markup0, ascii_no_case("cf."), markup0)),
    ))
    .parse(input)
}

/// # Grammar
/// `direction = "supra" / "infra" / ( "above" / "below" ) [ "," ]`
fn direction(input: &str) -> Res<'_, (NoteRefForm, bool)> {
    alt((
        value((NoteRefForm::Back, true), word("supra")),
        value((NoteRefForm::Forward, true), word("infra")),
        value(
            (NoteRefForm::Back, false),
            terminated(word("above"), opt(char(','))),
        ),
        value(
            (NoteRefForm::Forward, false),
            terminated(word("below"), opt(char(','))),
        ),
    ))
    .parse(input)
}

/// # Grammar
/// `place = "above" / "below"`
fn place(input: &str) -> Res<'_, NoteRefForm> {
    alt((
        value(NoteRefForm::Back, word("above")),
        value(NoteRefForm::Forward, word("below")),
    ))
    .parse(input)
}

/// The note word: (plural, abbreviated).
///
/// # Grammar
/// `notes = "footnotes" / "footnote" / "endnotes" / "endnote" / "notes" / "note" / "nn." / "n."`
fn notes(input: &str) -> Res<'_, (bool, bool)> {
    alt((
        value((true, false), word("footnotes")),
        value((false, false), word("footnote")),
        value((true, false), word("endnotes")),
        value((false, false), word("endnote")),
        value((true, false), word("notes")),
        value((false, false), word("note")),
        value(
            (true, true),
            recognize((markup0, ascii_no_case("nn."), markup0)),
        ),
        value(
            (false, true),
            recognize((markup0, ascii_no_case("n."), markup0)),
        ),
    ))
    .parse(input)
}

/// Up to 16 blanks (at least `min`), with one line break at most.
fn blanks(min: usize) -> impl Fn(&str) -> Res<'_, &str> {
    move |input| {
        verify(take_while_m_n(min, MAX_BLANK, is_blank), |s: &str| {
            memchr::memchr(b'\n', s.as_bytes()).is_none_or(|i| !s[i + 1..].contains('\n'))
        })
        .parse(input)
    }
}

/// # Grammar
/// `ws = 1*16( WSP / EOL / NBSP )`, one line break at most
fn ws(input: &str) -> Res<'_, &str> {
    blanks(1)(input)
}

/// # Grammar
/// `number = 1*4DIGIT`, not before a letter, a digit, or "." / ":" / "/" DIGIT
fn number(input: &str) -> Res<'_, &str> {
    terminated(
        take_while_m_n(1, 4, |c: char| c.is_ascii_digit()),
        not(alt((
            recognize(satisfy(char::is_alphanumeric)),
            recognize((
                alt((char('.'), char(':'), char('/'), char(','))),
                satisfy(|c| c.is_ascii_digit()),
            )),
        ))),
    )
    .parse(input)
}

/// # Grammar
/// `item = number [ *1SP dash *1SP number ]`, dash: "--", "-" or "–"
fn item(input: &str) -> Res<'_, (&str, Option<&str>)> {
    let space = || take_while_m_n(0, 1, |c| c == ' ');
    (
        number,
        opt(preceded(
            (
                space(),
                alt((tag("--"), tag("-"), tag("\u{2013}"))),
                space(),
            ),
            number,
        )),
    )
        .parse(input)
}

/// # Grammar
/// `list-sep = *1SP "," *1SP [ ( "and" / "or" / "&" ) ws ] / ws ( "and" / "or" / "&" ) ws`
fn list_sep(input: &str) -> Res<'_, &str> {
    let conj = || alt((ascii_no_case("and"), ascii_no_case("or"), tag("&")));
    let space = || take_while_m_n(0, 1, |c| c == ' ');
    alt((
        recognize((space(), char(','), space(), opt((conj(), ws)))),
        recognize((ws, conj(), ws)),
    ))
    .parse(input)
}

/// Two rising runs of positions merged into one.
struct Merge<A: Iterator<Item = usize>, B: Iterator<Item = usize>> {
    a: std::iter::Peekable<A>,
    b: std::iter::Peekable<B>,
}

impl<A: Iterator<Item = usize>, B: Iterator<Item = usize>> Merge<A, B> {
    fn new(a: A, b: B) -> Self {
        Self {
            a: a.peekable(),
            b: b.peekable(),
        }
    }
}

impl<A: Iterator<Item = usize>, B: Iterator<Item = usize>> Iterator for Merge<A, B> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        match (self.a.peek(), self.b.peek()) {
            (Some(&x), Some(&y)) if y < x => self.b.next(),
            (Some(_), _) => self.a.next(),
            (None, _) => self.b.next(),
        }
    }
}

#[cfg(test)]
mod tests;
