//! What a dialect extracts from a document: markers, definitions and notes
//! blocks, all positioned by byte spans into the decoded source text.
//!
//! Nothing here knows about lines and columns; those are worked out for
//! each finding once it is known (see [`crate::source::place`]).
//!
//! Dialects build a [`Document`] through [`DocumentBuilder`], which sorts
//! what they found and drops (with a debug assertion) anything whose span
//! does not fit the text.

mod builder;

pub use builder::DocumentBuilder;

use std::fmt;

/// A file of a run: an index into the run's table of files (documents,
/// bibliographies, project configurations), in the order they were found.
pub type FileId = usize;

/// A label or key as written. Most are a few bytes, kept inline without
/// an allocation (documents hold a marker every few hundred bytes).
pub type Label = compact_str::CompactString;

/// The namespace of reST substitutions (`|name|`, `.. |name| replace::`)
/// among a document's [`RefKind::Target`]s.
pub const SUBSTITUTION: &str = "sub";

/// A half-open byte range into a file's decoded text (BOM removed).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Self { start, end }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    /// The text this span covers.
    ///
    /// # Panics
    /// When the span is out of bounds or not on char boundaries; spans made
    /// by a dialect for the same text never are (a property test holds
    /// every dialect to this).
    pub fn of(self, text: &str) -> &str {
        &text[self.start..self.end]
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// How sure a dialect is that a bracketed expression is a note marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Certainty {
    /// Certainly a marker: reported as `unresolved` when nothing defines it.
    Marker,
    /// A marker only if its label is defined in scope (`byte[0]`, `[1979]`,
    /// `[CRLF]`); otherwise it is prose and silently dropped.
    IfDefined,
    /// Certainly a marker, which resolves only to a definition that comes
    /// before it in reading order (Asciidoctor's `footnote:x[]` names a
    /// footnote already defined).
    Ordered,
}

/// What a marker refers to; markers resolve only to definitions of their
/// own kind, and each kind has its own rules.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RefKind {
    /// A note or reference-list entry: `[4]`, `[RFC2119]`, `[^note]`.
    #[default]
    Note,
    /// A Markdown reference link or image: `[text][ref]` → `[ref]: url`.
    Link,
    /// A citation key resolved against bibliographies: `[@key]`.
    Citation,
    /// A note written in place, `^[text]`: a definition with no marker.
    InlineNote,
    /// A cross-reference to a label: `\ref{x}`, `:ref:`x``, `<<x>>`.
    CrossRef,
    /// A reference to a target of its own document: a reST hyperlink
    /// reference `` `name`_ `` to `.. _name:` (or a section title), a
    /// substitution `|name|` to `.. |name| replace:: …` (namespace
    /// `sub`). Unlike [`RefKind::CrossRef`] it never reaches another file.
    Target,
    /// A note that the whole unit shares: a reST citation `[CIT2002]_` →
    /// `.. [CIT2002] …`, which a Sphinx project resolves across its
    /// documents (a lone document is a unit of one file).
    UnitNote,
    /// A reference list that shows a group's notes (wikitext
    /// `<references group="g"/>`, `{{reflist|group=g}}`, `{{notelist}}`).
    /// A definition is a list, labelled with its group and keyed by the
    /// group and the list's place among that group's lists; a marker
    /// stands for the notes of a named group that a list must show, at the
    /// first note of each stretch that ends at a list of the group (a note
    /// shows in the next list of its group). A marker with a namespace is
    /// a note written inside the list of the namespace's group that names
    /// another group (its label).
    RefList,
}

/// Where references of a kind look for their definitions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Within {
    /// The file's own notes blocks (footnotes, reference links): a scope
    /// of one file, even in a multi-file unit.
    File,
    /// Every file of the unit (labels of a LaTeX document, Sphinx targets).
    Unit,
    /// The bibliographies in the unit's scope (see the citation graph).
    Bibliographies,
}

impl RefKind {
    /// What a reference of this kind resolves within (DESIGN.md section 4).
    pub const fn within(self) -> Within {
        match self {
            Self::Note | Self::Link | Self::InlineNote | Self::Target | Self::RefList => {
                Within::File
            }
            Self::CrossRef | Self::UnitNote => Within::Unit,
            Self::Citation => Within::Bibliographies,
        }
    }
}

/// A reference to a note or bibliography entry, e.g. `[4]` or `[RFC2119]`.
///
/// A bracket group such as `[1, 4]` or `[3]-[5]` yields one marker per label,
/// all sharing the group's span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    /// The label as written, without brackets.
    pub label: Label,
    /// The label as matched, when the dialect normalises it (GFM labels
    /// are case-insensitive); `None` when it is the label itself.
    pub key: Option<Label>,
    /// The bracket expression in the source (the whole group).
    pub span: Span,
    /// This label inside the group: `4` in `[1, 4]`; for a number a range
    /// implies (`4` in `[3–5]`), the range. Equal to `span` for a marker
    /// alone.
    pub label_span: Span,
    pub certainty: Certainty,
    pub kind: RefKind,
    /// The namespace of grouped notes (a wikitext `group=`); markers
    /// resolve only to definitions of the same namespace.
    pub namespace: Option<Label>,
}

impl Marker {
    /// A certain note marker with the label as its key.
    pub fn note(label: impl Into<Label>, span: Span) -> Self {
        Self::new(RefKind::Note, label, span)
    }

    /// A certain marker of a kind, alone in its group.
    pub fn new(kind: RefKind, label: impl Into<Label>, span: Span) -> Self {
        Self {
            label: label.into(),
            key: None,
            span,
            label_span: span,
            certainty: Certainty::Marker,
            kind,
            namespace: None,
        }
    }

    /// What the marker matches definitions by.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.label)
    }
}

/// A note or reference-list entry: `[4] It should be noted …`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Definition {
    /// The label as written, without brackets.
    pub label: Label,
    /// The label as matched (see [`Marker::key`]).
    pub key: Option<Label>,
    /// The label with its punctuation (`[4]`, `4.`).
    pub label_span: Span,
    /// The note's text, trimmed of surrounding whitespace (may be empty).
    pub body: Span,
    pub kind: RefKind,
    /// See [`Marker::namespace`].
    pub namespace: Option<Label>,
    /// Whether the author wrote it, or the format made it.
    pub origin: Origin,
}

/// Where a definition comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Origin {
    /// Written by the author: `[[intro]]`, `.. _intro:`.
    #[default]
    Written,
    /// Made by the processor (an AsciiDoc section's generated id
    /// `_intro`): when its key is taken already, the processor makes
    /// another (`_intro_2`), so it is never a duplicate and gives way; an
    /// id written later with its key is a duplicate.
    Generated,
    /// Another name for something that has an id (an AsciiDoc title that
    /// `<<Title>>` may name): it resolves only where no other definition
    /// has its key, and is never a duplicate.
    Alias,
}

impl Definition {
    /// A note definition with the label as its key.
    pub fn note(label: impl Into<Label>, label_span: Span, body: Span) -> Self {
        Self::new(RefKind::Note, label, label_span, body)
    }

    /// A definition of a kind.
    pub fn new(kind: RefKind, label: impl Into<Label>, label_span: Span, body: Span) -> Self {
        Self {
            label: label.into(),
            key: None,
            label_span,
            body,
            kind,
            namespace: None,
            origin: Origin::Written,
        }
    }

    /// What markers match this definition by.
    pub fn key(&self) -> &str {
        self.key.as_deref().unwrap_or(&self.label)
    }
}

/// What a notes block holds; some rules only apply to one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum BlockKind {
    /// Footnotes or endnotes, numbered in order of first reference.
    Notes,
    /// A reference list or bibliography, in any order.
    References,
}

/// A notes section: the definitions in it resolve the markers written since
/// the previous notes block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// From the heading (or first definition) to the end of the last body.
    pub span: Span,
    /// The heading line, when the block has one.
    pub heading: Option<Span>,
    pub kind: BlockKind,
}

/// Everything a dialect extracted from one document, in source order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    pub markers: Vec<Marker>,
    pub definitions: Vec<Definition>,
    /// Notes blocks, in order and not overlapping. With none, the whole
    /// document is one scope.
    pub blocks: Vec<Block>,
    /// Spans of running text where prose rules (such as `link-residue`) may
    /// look; code, markup and page furniture are left out.
    pub prose: Vec<Span>,
    /// Other files the document names: files it includes and
    /// bibliographies (front matter `bibliography:`), as written, relative
    /// to the document's folder.
    pub links: Vec<Link>,
    /// Comments (where `ibid-ignore…` suppressions are written), with the
    /// delimiters stripped by the dialect.
    pub comments: Vec<Comment>,
    /// For a dialect of include documents: whether this file is a root
    /// (`Some(true)`: a LaTeX file with `\documentclass`), can never be
    /// one (`Some(false)`: a fragment, or a subfile), or is one when no
    /// other file includes it (`None`).
    pub root: Option<bool>,
    /// Parts of the file that could not be read, with why (an unclosed
    /// `\begin{verbatim}` swallows the rest of the file): each is a
    /// failure naming the place, and the rest of the file is checked.
    pub unread: Vec<(Span, String)>,
    /// The Markdown flavour it was read in (`gfm`, `pandoc`, `quarto`,
    /// `myst`); `None` for other dialects.
    pub flavor: Option<&'static str>,
    /// Attribute entries that shape what the files a document includes
    /// make (AsciiDoc's `idprefix`, `idseparator`, `sectids`), in order;
    /// `None` unsets one.
    pub attributes: Vec<(Box<str>, Option<Box<str>>)>,
    /// Where the bibliography entries it writes itself (its
    /// [`RefKind::Citation`] definitions) are, and so how its citations
    /// are judged.
    pub own_entries: OwnEntries,
    /// References from one note to another by number ("see note 4",
    /// "supra note 12", "Ibid."), in note bodies and in prose, in source
    /// order (DESIGN.md section 11).
    pub note_refs: Vec<NoteRef>,
}

/// A reference from a note (or from prose) to other notes of its scope:
/// "see note 4", "nn. 3–5", "supra note 12", "infra note 30", "above,
/// note 3", "Ibid.", "Id. at 5".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteRef {
    /// The whole phrase, from its first word to its last number (or the
    /// end of "Ibid."/"Id."), markup included.
    pub span: Span,
    pub form: NoteRefForm,
    /// The notes it names, in written order; empty for "Ibid."/"Id.".
    pub targets: Vec<NoteTarget>,
}

/// What kind of note-to-note reference a phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoteRefForm {
    /// "see note 4", "n. 7", "nn. 3–5", "notes 3 and 7": no direction.
    Note,
    /// "supra note 4", "note 4 above", "above, note 4": an earlier note.
    Back,
    /// "infra note 30", "note 30 below", "below, note 30": a later note.
    Forward,
    /// "Ibid.", "Id.", "Ibid., p. 4", "Id. at 5": the note before.
    Ibid,
}

/// One number (or range of numbers) a [`NoteRef`] names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NoteTarget {
    /// The first number, and the span of its digits.
    pub first: (u32, Span),
    /// For a range ("3–5", "3-5"), the last number and its digits.
    pub last: Option<(u32, Span)>,
}

impl NoteRef {
    /// Whether the reference is the first thing in the note whose body is
    /// `body`: only blanks, emphasis markup and a citation signal ("See",
    /// "See also", "See generally", "See, e.g.,", "Cf.") before it. "Ibid." there names the note before;
    /// later in a note it names the citation before it in the same note.
    pub fn opens(&self, text: &str, body: Span) -> bool {
        body.start <= self.span.start
            && self.span.start <= body.end
            && lead_start(text, body.start, self.span.start) == body.start
    }
}

/// The most bytes [`lead_start`] looks back over.
const MAX_LEAD: usize = 64;

/// Where the blanks, emphasis markup (`*`, `_`, `''`, `<i>`, `<em>` and
/// their closing tags) and citation signal ("See", "See also", "See
/// generally", "See, e.g.,", "Cf.", in any case) that end `text[from..at]` start: `at` when there are none,
/// `from` when that is all there is. Looks back at most 64 bytes; the
/// result is a character boundary.
pub fn lead_start(text: &str, from: usize, at: usize) -> usize {
    let mut floor = from.max(at.saturating_sub(MAX_LEAD));
    while !text.is_char_boundary(floor) {
        floor += 1;
    }
    let bytes = text.as_bytes();
    let mut i = skip_back_blank_markup(bytes, floor, at);
    // "e.g." after "See,": "See, e.g., id.".
    let unqualified = i;
    let mut example = false;
    let mut j = i;
    if j > floor && bytes[j - 1] == b',' {
        j = skip_back_blank_markup(bytes, floor, j - 1);
    }
    if j - floor >= 4 && bytes[j - 4..j].eq_ignore_ascii_case(b"e.g.") {
        let k = skip_back_blank_markup(bytes, floor, j - 4);
        if k < j - 4 && k > floor && bytes[k - 1] == b',' {
            i = skip_back_blank_markup(bytes, floor, k - 1);
            example = true;
        }
    }
    // A signal: "see", "see also", "see generally", "cf.".
    let word_before = |end: usize| -> Option<(usize, &[u8])> {
        let letters = bytes[floor..end]
            .iter()
            .rev()
            .take_while(|b| b.is_ascii_alphabetic())
            .count();
        let start = end - letters;
        let bounded = start == floor && floor == from
            || start > floor && !bytes[start - 1].is_ascii_alphanumeric();
        (letters > 0 && bounded).then(|| (start, &bytes[start..end]))
    };
    let signal = if i > floor && bytes[i - 1] == b'.' {
        word_before(i - 1).filter(|(_, w)| !example && w.eq_ignore_ascii_case(b"cf"))
    } else {
        match word_before(i) {
            Some((start, w))
                if w.eq_ignore_ascii_case(b"also") || w.eq_ignore_ascii_case(b"generally") =>
            {
                let before = skip_back_blank_markup(bytes, floor, start);
                word_before(before)
                    .filter(|(_, w)| before < start && w.eq_ignore_ascii_case(b"see"))
            }
            found => found.filter(|(_, w)| w.eq_ignore_ascii_case(b"see")),
        }
    };
    match signal {
        Some((start, _)) => skip_back_blank_markup(bytes, floor, start),
        None if example => unqualified,
        None => i,
    }
}

/// The HTML emphasis tags a note's words may wear (`<i>id.</i>`),
/// matched in any case.
pub const EMPHASIS_TAGS: [&str; 4] = ["<i>", "</i>", "<em>", "</em>"];

/// The length of the emphasis tag that `bytes[at..]` starts with, in any
/// case.
pub fn emphasis_tag_at(bytes: &[u8], at: usize) -> Option<usize> {
    EMPHASIS_TAGS
        .iter()
        .find(|t| {
            bytes
                .get(at..at + t.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(t.as_bytes()))
        })
        .map(|t| t.len())
}

/// The length of the piece of emphasis markup (`*`, `_`, `'` or an
/// emphasis tag) that ends at `at`, not below `floor`; 0 when none does.
pub fn markup_before(bytes: &[u8], floor: usize, at: usize) -> usize {
    if at > floor && matches!(bytes[at - 1], b'*' | b'_' | b'\'') {
        return 1;
    }
    EMPHASIS_TAGS
        .iter()
        .find(|t| {
            at - floor >= t.len() && bytes[at - t.len()..at].eq_ignore_ascii_case(t.as_bytes())
        })
        .map_or(0, |t| t.len())
}

/// Step back from `at` over blanks (ASCII, and no-break spaces) and
/// emphasis markup, not below `floor`.
fn skip_back_blank_markup(bytes: &[u8], floor: usize, at: usize) -> usize {
    let mut i = at;
    while i > floor {
        let b = bytes[i - 1];
        if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
            i -= 1;
        } else if b == 0xa0 && i - 1 > floor && bytes[i - 2] == 0xc2 {
            i -= 2;
        } else {
            match markup_before(bytes, floor, i) {
                0 => break,
                n => i -= n,
            }
        }
    }
    i
}

impl NoteTarget {
    /// Every number it names.
    pub fn numbers(&self) -> std::ops::RangeInclusive<u32> {
        let first = self.first.0;
        first..=self.last.map_or(first, |(n, _)| n)
    }

    /// Where `n` is written: its digits, or for a number the range
    /// implies, the whole range.
    pub fn digits_of(&self, n: u32) -> Span {
        match self.last {
            _ if n == self.first.0 => self.first.1,
            Some((last, digits)) if n == last => digits,
            _ => self.span(),
        }
    }

    /// From the first digit to the last.
    pub fn span(&self) -> Span {
        Span::new(
            self.first.1.start,
            self.last.map_or(self.first.1, |(_, s)| s).end,
        )
    }
}

/// Where a document writes bibliography entries of its own.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OwnEntries {
    /// In its front matter (`references:`). Its citations are judged
    /// only when some bibliography is in scope: pandoc may be given one on
    /// its command line.
    #[default]
    FrontMatter,
    /// Anywhere in the page, as full citations that its short citations
    /// link to (a wikitext page's CS1 templates and `{{sfn}}`s): every
    /// citation is judged, even on a page with no full citation.
    Page,
}

impl OwnEntries {
    /// How messages name the entries a document at `path` writes.
    pub fn name(self, path: &str) -> String {
        match self {
            Self::FrontMatter => format!("the front matter of {path}"),
            Self::Page => format!("the citations of {path}"),
        }
    }

    /// Whether every citation is judged, even with no bibliography in
    /// scope.
    pub fn closed(self) -> bool {
        self == Self::Page
    }
}

impl Document {
    /// The bibliographies the document names.
    pub fn bibliographies(&self) -> impl Iterator<Item = &Link> {
        self.links
            .iter()
            .filter(|l| l.kind == LinkKind::Bibliography)
    }

    /// The files the document includes.
    pub fn includes(&self) -> impl Iterator<Item = &Link> {
        self.links.iter().filter(|l| l.kind == LinkKind::Include)
    }
}

/// A comment: where it is, and its text without the delimiters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, delimiters included (`<!-- … -->`, `% …`).
    pub span: Span,
    /// What is written inside the delimiters.
    pub body: Span,
}

/// How a dialect writes a note marker and a note, so that messages and
/// help show the user's own syntax; each dialect row has one.
#[derive(Clone, Copy, Debug)]
pub struct Notation {
    /// A marker: `[4]`, `[^4]`.
    pub marker: fn(&str) -> String,
    /// The start of a note, for help texts: `[4] …`, `[^4]: …`.
    pub definition: fn(&str) -> String,
    /// A citation of a bibliography key: `[@key]` (`\cite{key}` in LaTeX).
    pub citation: fn(&str) -> String,
    /// A note written in place: `^[…]`, `\footnote{…}`.
    pub inline_note: &'static str,
    /// A citation key in messages: `@key`, `` `key` ``.
    pub key: fn(&str) -> String,
    /// Whether note numbers are the author's to keep in sequence
    /// (`numbering-gap`, `out-of-order`); LaTeX numbers its own.
    pub sequential: bool,
    /// Whether a reference to a label defined twice resolves to the first
    /// definition (Markdown renderers, LaTeX); docutils resolves it to
    /// neither, and says so.
    pub duplicates_resolve: bool,
    /// What a note that a whole unit shares ([`RefKind::UnitNote`]) is
    /// called: a reST citation, an AsciiDoc named footnote.
    pub shared_note: &'static str,
}

impl Notation {
    /// A marker: `[4]`, `[^4]`.
    pub fn marker(&self, label: &str) -> String {
        (self.marker)(label)
    }

    /// The start of a note, for help texts.
    pub fn definition(&self, label: &str) -> String {
        (self.definition)(label)
    }

    /// A citation of a key, for help texts.
    pub fn citation(&self, key: &str) -> String {
        (self.citation)(key)
    }
}

/// Bracketed notes: `[4]` and `[4] text` (the plain-text notation, and
/// the one used where no dialect is known).
pub const BRACKET: Notation = Notation {
    marker: |label| format!("[{label}]"),
    definition: |label| format!("[{label}] …"),
    citation: |key| format!("[{key}]"),
    inline_note: "[…]",
    key: |key| format!("`{key}`"),
    sequential: true,
    duplicates_resolve: true,
    shared_note: "note",
};

/// What another file named by a document is to it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LinkKind {
    /// Read as part of the document (`\input`, `include::`).
    Include,
    /// A bibliography in the document's scope.
    Bibliography,
    /// The root of the document this file belongs to (`% !TEX root = …`,
    /// `\documentclass[../main.tex]{subfiles}`): read to resolve the file
    /// in its document when it is checked alone.
    Root,
    /// Another document whose labels this one may reference, under a
    /// prefix (`\externaldocument[S-]{supplement}`, package xr).
    Labels,
}

/// Where a link's path starts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Relative {
    /// The folder of the file that names it (Markdown, AsciiDoc,
    /// `\subfile`).
    #[default]
    File,
    /// The folder of the unit's root (`\import{dir}{file}`: TeX runs
    /// there).
    Root,
    /// The root's folder, then the folder an import set for the naming
    /// file (TeX's `\input` and `\input@path`).
    Search,
    /// The folder an import set for the naming file, else the root's
    /// (`\subimport`).
    Base,
}

/// Another file a document names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub kind: LinkKind,
    /// The path as written.
    pub path: Box<str>,
    /// Where the document names it.
    pub span: Span,
    pub relative: Relative,
    /// Tried first when the path does not already end with it (`.tex`
    /// for `\input{chapter}`, `.bib` for `\bibliography{refs}`); then
    /// the path as written. Empty: only the path as written.
    pub suffix: &'static str,
    /// For an include: how much of `path` is the folder that the included
    /// file's own `Search` and `Base` links start from (`dir/` of
    /// `\import{dir/}{file}`); `None` keeps the naming file's.
    pub sets_base: Option<usize>,
    /// A name the link's labels are referenced under (`S-` of
    /// `\externaldocument[S-]{supplement}`).
    pub prefix: Option<Box<str>>,
    /// A missing target is not a finding (`\InputIfFileExists`, a file
    /// that TeX may find in its distribution).
    pub optional: bool,
    /// For an include: the file comes in as verbatim text (a code sample
    /// in an AsciiDoc listing block). It must exist, and is never read as
    /// a document.
    pub verbatim: bool,
}

impl Link {
    /// A link of a kind, with the path relative to the naming file.
    pub fn new(kind: LinkKind, path: impl Into<Box<str>>, span: Span) -> Self {
        Self {
            kind,
            path: path.into(),
            span,
            relative: Relative::File,
            suffix: "",
            sets_base: None,
            prefix: None,
            optional: false,
            verbatim: false,
        }
    }

    pub fn bibliography(path: impl Into<Box<str>>, span: Span) -> Self {
        Self::new(LinkKind::Bibliography, path, span)
    }

    /// The paths to try, in order (see [`Link::suffix`]).
    pub fn candidates(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        let suffixed = (!self.suffix.is_empty() && !self.path.ends_with(self.suffix))
            .then(|| std::borrow::Cow::Owned(format!("{}{}", self.path, self.suffix)));
        suffixed
            .into_iter()
            .chain(std::iter::once(std::borrow::Cow::Borrowed(&*self.path)))
    }
}

/// Whether a label is a plain note number (1–4 digits), and which.
pub fn label_number(label: &str) -> Option<u32> {
    if label.is_empty() || label.len() > 4 || !label.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    label.parse().ok()
}

/// The scopes of a document with these blocks: each block resolves the
/// text from the end of the previous block to its own end; the last scope
/// runs to the end of the text. Without blocks, the whole text is one scope.
pub fn scope_spans(len: usize, blocks: &[Block]) -> Vec<Span> {
    let mut spans = Vec::with_capacity(blocks.len().max(1));
    let mut start = 0;
    for (i, block) in blocks.iter().enumerate() {
        let end = if i + 1 == blocks.len() {
            len
        } else {
            block.span.end
        };
        spans.push(Span::new(start, end));
        start = end;
    }
    if spans.is_empty() {
        spans.push(Span::new(0, len));
    }
    spans
}

/// Which of `scope_spans`' scopes holds a byte offset.
pub fn scope_at(scopes: &[Span], pos: usize) -> usize {
    scopes
        .partition_point(|s| s.end <= pos)
        .min(scopes.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::lead_start;

    /// Where "id." at the end of `text` stands after its lead.
    fn lead(text: &str) -> usize {
        lead_start(text, 0, text.len())
    }

    #[test]
    fn signals_lead() {
        assert_eq!(lead("See "), 0);
        assert_eq!(lead("*See also* "), 0);
        assert_eq!(lead("See generally "), 0);
        assert_eq!(lead("*See, e.g.*, "), 0);
        assert_eq!(lead("See, e.g., "), 0);
        assert_eq!(lead("Cf. "), 0);
        assert_eq!(lead("Smith, e.g., "), 12);
        assert_eq!(lead("Cf., e.g., "), 10);
        assert_eq!(lead("Smith; see "), 6);
    }
}
