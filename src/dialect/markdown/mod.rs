//! The Markdown dialect: CommonMark with GitHub's footnotes, tables, task
//! lists, alerts and front matter, plus pandoc's inline notes and
//! citations.
//!
//! Block and inline structure follow CommonMark and GFM, so code spans,
//! fenced and indented code, HTML and front matter never yield markers.
//! Two parsers find that structure: the scan-first one of `fast.rs` for
//! the shapes documentation takes, and pulldown-cmark (its events and the
//! gaps between its blocks) for every document the first one declines.
//! Both hand running text to the bracket scanner of `scan.rs` and end in
//! `finish_document`; the nom productions of `grammar.rs` read notes,
//! citations and link definitions for both.
//!
//! # Grammar
//!
//! ```text
//! footnote-call  = "[^" footnote-label "]"            ; Note marker; GFM keeps an
//!                                                     ; undefined one as text, ibid
//!                                                     ; still reports it
//! footnote-def   = "[^" footnote-label "]:" body      ; GFM continuation rules,
//!                                                     ; also in lists and block quotes
//! footnote-label = 1*999( escaped / char - WSP - EOL - "[" - "]" )
//! inline-note    = "^[" *( "[" nested "]" / char - "]" ) "]"  ; InlineNote definition
//! citation-group = "[" item *( ";" item ) "]"         ; item: prefix cite suffix
//! cite           = [ "-" ] "@" ( "{" 1*( char - "}" ) "}" / plain-key )
//! plain-key      = word *( word / key-punct &word )   ; word = ALNUM / "_"
//! key-punct      = ":" / "." / "#" / "$" / "%" / "&" / "-" / "+" / "?" / "<" / ">" / "~" / "/"
//! in-text-cite   = cite                               ; after a space or opening
//!                                                     ; punctuation, not `me@example.com`
//! reference-link = "[" text "][" link-label "]" / "[" link-label "][]"
//!                / "[" link-label "]"                 ; shortcut: only if defined, or
//!                                                     ; nearly (near.rs)
//!                / "!" one of those                   ; images
//! link-def       = "[" link-label "]:" destination [ title ]   ; every one, duplicates too
//! front-matter   = "---" yaml "---" / "+++" toml "+++" ; bibliography, references
//! ```
//!
//! Labels match as GFM and CommonMark match them: case-folded, with
//! whitespace collapsed (`key` holds that form when it differs). Citation
//! keys match lower-cased. All footnote definitions form one notes block,
//! so the whole document is one scope.

pub(crate) mod anchors;
mod comments;
mod fast;
mod flavor;
mod flavored;
mod front_matter;
mod grammar;
mod kramdown;
mod links;
pub(crate) mod near;
mod scan;

use std::ops::Range;

use memchr::{memchr, memmem};
use pulldown_cmark::{
    BrokenLink, CowStr, Event, LinkType, MetadataBlockKind, Options, Parser, RefDefs, Tag, TagEnd,
};

use crate::model::{
    Block, BlockKind, Certainty, Comment, Definition, Document, DocumentBuilder, Label, Marker,
    Notation, RefKind, Span,
};
pub use flavor::{Flavor, FLAVORS};
use grammar::{is_blank, is_footnote_label};
use scan::{Run, Scanner};

/// The extensions ibid reads Markdown with (public so that benchmarks
/// time pulldown-cmark exactly as the dialect runs it).
pub const OPTIONS: Options = Options::ENABLE_FOOTNOTES
    .union(Options::ENABLE_TABLES)
    .union(Options::ENABLE_TASKLISTS)
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_GFM)
    .union(Options::ENABLE_WIKILINKS);

/// How much of a document sniffing looks at.
const SNIFF_BYTES: usize = 8192;

/// Parse a Markdown document: with the scan-first parser of `fast.rs`
/// when it takes the document, else with pulldown-cmark.
pub fn parse(text: &str) -> Document {
    parse_fast(text).unwrap_or_else(|| parse_with_pulldown(text))
}

/// The flavour a file is read in (DESIGN.md section 5.1): `--flavor` or
/// the config's, else its project's, else by extension, else (Markdown
/// in a `.txt`, standard input) by what it is written in.
pub fn flavor_of(settings: &super::Settings, file: &super::FileHints<'_>, text: &str) -> Flavor {
    settings
        .flavor
        .or(file.project_flavor)
        .or_else(|| file.path.and_then(Flavor::of_path))
        .unwrap_or_else(|| Flavor::sniff(text))
}

/// Parse a Markdown document in a flavour. GFM takes the parsers of
/// [`parse`]; the others are read by pulldown-cmark with their extensions
/// and the passes of `flavored.rs`.
pub fn parse_as(text: &str, flavor: Flavor) -> Document {
    let mut doc = match flavor {
        Flavor::Gfm => parse(text),
        _ => parse_flavored(text, flavor),
    };
    doc.flavor = Some(flavor.id());
    if flavor == Flavor::Myst {
        // Sphinx (and so MyST) compares labels as docutils normalizes
        // names: `(Install)=` is `{ref}`install``, and an rst page's
        // `:ref:`install`` in the same project.
        for m in doc
            .markers
            .iter_mut()
            .filter(|m| plain_label(m.kind, &m.namespace))
        {
            m.key = Some(crate::dialect::rst::normalize(m.key()).into());
        }
        for d in doc
            .definitions
            .iter_mut()
            .filter(|d| plain_label(d.kind, &d.namespace))
        {
            d.key = Some(crate::dialect::rst::normalize(d.key()).into());
        }
    }
    doc
}

/// A cross-reference label outside any namespace (not an equation's).
fn plain_label(kind: crate::model::RefKind, namespace: &Option<crate::model::Label>) -> bool {
    kind == crate::model::RefKind::CrossRef && namespace.is_none()
}

/// A pandoc, Quarto or MyST document, read by pulldown-cmark with
/// definition lists, heading attributes and math, after the line pass of
/// `flavored.rs`.
fn parse_flavored(text: &str, flavor: Flavor) -> Document {
    let front = fast::front_matter(text.as_bytes());
    let blanked: std::borrow::Cow<'_, str> = match &front {
        Some(f) => blank(text, f.end).into(),
        None => text.into(),
    };
    let prepared = flavored::prepare(&blanked, flavor);
    let options = OPTIONS
        .union(Options::ENABLE_DEFINITION_LIST)
        .union(Options::ENABLE_MATH)
        .union(if flavor.pandoc() {
            Options::ENABLE_HEADING_ATTRIBUTES
        } else {
            Options::empty()
        });
    let reading = Reading {
        options,
        flavor,
        labels: prepared.labels,
    };
    from_events(&prepared.text, text, front.map(|f| f.front), reading)
}

/// How pulldown-cmark reads a document: its extensions, the flavour, the
/// labels the flavour's line pass found.
struct Reading {
    options: Options,
    flavor: Flavor,
    labels: Vec<Definition>,
}

impl Reading {
    /// GFM: no labels outside the text.
    const GFM: Self = Self {
        options: OPTIONS,
        flavor: Flavor::Gfm,
        labels: Vec::new(),
    };
}

/// The scan-first parser alone: `None` for a document it leaves to
/// pulldown-cmark. Public for the differential tests and benchmarks.
#[doc(hidden)]
pub fn parse_fast(text: &str) -> Option<Document> {
    fast::parse(text)
}

/// Why the scan-first parser leaves a document to pulldown-cmark (`None`
/// when it takes it). For the differential tests.
#[doc(hidden)]
pub fn fast_bail_reason(text: &str) -> Option<&'static str> {
    fast::parse_or_bail(text).err().map(|b| b.0)
}

/// The reference parser: pulldown-cmark's offset iterator. Public for the
/// differential tests and benchmarks.
#[doc(hidden)]
pub fn parse_with_pulldown(text: &str) -> Document {
    // Front matter counts only on the first line, found as the fast parser
    // finds it. pulldown-cmark runs without its metadata extension (which
    // takes such blocks anywhere), so the front matter is blanked out for
    // it, offsets unchanged, lest it read it as a thematic break and text.
    let front = fast::front_matter(text.as_bytes());
    let blanked: std::borrow::Cow<'_, str> = match &front {
        Some(f) => blank(text, f.end).into(),
        None => text.into(),
    };
    from_events(&blanked, text, front.map(|f| f.front), Reading::GFM)
}

/// The document from pulldown-cmark's events over `markdown`, front matter
/// read from `original`.
fn from_events<'a>(
    markdown: &'a str,
    original: &str,
    front: Option<Front>,
    reading: Reading,
) -> Document {
    let broken_link = |link: BrokenLink<'a>| broken_link(markdown, link);
    let parser =
        Parser::new_with_broken_link_callback(markdown, reading.options, Some(broken_link));
    let mut events = parser.into_offset_iter();
    let mut c = Collector::new(markdown);
    c.flavor = reading.flavor;
    for (event, range) in events.by_ref() {
        c.event(&event, range);
    }
    c.definitions.extend(reading.labels);
    c.finish(events.reference_definitions(), original, front)
}

/// `text` with everything before `end` but line breaks made spaces (one
/// ASCII character per byte, so offsets stay as they were).
fn blank(text: &str, end: usize) -> String {
    let mut out: String = text.as_bytes()[..end]
        .iter()
        .map(|&b| {
            if matches!(b, b'\n' | b'\r') {
                char::from(b)
            } else {
                ' '
            }
        })
        .collect();
    out.push_str(&text[end..]);
    out
}

/// Full and collapsed references to an undefined label are still links
/// (reported as `undefined-link`); an undefined shortcut `[text]` is prose,
/// and so is a citation group followed by brackets (`[@doe][]`).
fn broken_link<'a>(text: &str, link: BrokenLink<'a>) -> Option<(CowStr<'a>, CowStr<'a>)> {
    if link.link_type == LinkType::Shortcut {
        return None;
    }
    let s = text.get(link.span).unwrap_or_default();
    let s = s.strip_prefix('!').unwrap_or(s);
    let first = s
        .strip_prefix('[')
        .and_then(|r| Some(&r[..close_bracket(r.as_bytes())?]));
    if first.is_some_and(|f| grammar::citation_group(f).is_some()) {
        return None;
    }
    Some((CowStr::Borrowed(""), CowStr::Borrowed("")))
}

/// Whether text of unknown type looks like Markdown: front matter or a
/// footnote definition, or two of ATX headings, code fences and inline
/// links.
pub fn sniff(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(SNIFF_BYTES)];
    if [b"---\n" as &[u8], b"---\r\n", b"+++\n", b"+++\r\n"]
        .iter()
        .any(|fence| head.starts_with(fence))
    {
        return true;
    }
    let (mut headings, mut fence) = (0, false);
    for line in head.split(|&b| b == b'\n') {
        let indent = line.iter().take(4).take_while(|&&b| b == b' ').count();
        let line = &line[indent.min(3)..];
        let hashes = line.iter().take_while(|&&b| b == b'#').count();
        if (1..=6).contains(&hashes) && matches!(line.get(hashes), Some(b' ' | b'\t')) {
            headings += 1;
        } else if line.starts_with(b"```") || line.starts_with(b"~~~") {
            fence = true;
        } else if line.starts_with(b"[^") && memmem::find(line, b"]:").is_some() {
            return true;
        }
    }
    let link = memmem::find(head, b"](").is_some();
    headings >= 2 || usize::from(headings > 0) + usize::from(fence) + usize::from(link) >= 2
}

/// The form a GFM or CommonMark label matches by: case-folded (approximated
/// by lower case, with `ß` as `ss`), whitespace collapsed and trimmed;
/// `None` when that is the label itself.
fn normalize_label(label: &str) -> Option<Label> {
    // One pass: lower-case ASCII with single inner spaces is its own key.
    let bytes = label.as_bytes();
    let mut plain = bytes.first() != Some(&b' ') && bytes.last() != Some(&b' ');
    let mut prev = 0u8;
    for &b in bytes {
        if !b.is_ascii()
            || b.is_ascii_uppercase()
            || matches!(b, b'\t' | b'\n' | b'\r' | 0x0c)
            || (b == b' ' && prev == b' ')
        {
            plain = false;
            break;
        }
        prev = b;
    }
    if plain {
        return None;
    }
    let mut out = Label::with_capacity(label.len());
    for word in label.split(is_blank).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| char::from(b.to_ascii_lowercase())));
            continue;
        }
        for c in word.chars() {
            match c {
                'ß' | 'ẞ' => out.push_str("ss"),
                c => out.extend(c.to_lowercase()),
            }
        }
    }
    (out != label).then_some(out)
}

/// Citation keys match lower-cased.
fn normalize_citation(key: &str) -> Option<Label> {
    let lower = crate::bib::citation_key(key);
    (lower != key).then(|| Label::from(&*lower))
}

/// `start..end` without surrounding whitespace (empty at `end` if blank).
fn trimmed(text: &str, start: usize, end: usize) -> Span {
    let s = &text[start..end];
    let lead = s.len() - s.trim_start().len();
    Span::new(start + lead, start + lead + s.trim().len())
}

/// Tags that do not start a new block of text.
fn inline_tag(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
    )
}

fn inline_tag_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
    )
}

/// A footnote definition whose body is being read.
struct OpenNote {
    /// `None` for a label GFM does not take (`[^one two]`).
    def: Option<usize>,
    end: usize,
}

/// The first pass: everything pulldown-cmark's events tell.
struct Collector<'a> {
    text: &'a str,
    markers: Vec<Marker>,
    definitions: Vec<Definition>,
    prose: Vec<Span>,
    /// The text runs of the current block, scanned when it ends.
    runs: Vec<Run>,
    scanner: Scanner,
    /// Depth of code blocks, of images, and of links whose text is not
    /// scanned (autolinks, wiki links).
    code: u32,
    alt: u32,
    unscanned: u32,
    /// For each open link or image: whether its text is not scanned.
    links: Vec<bool>,
    /// Everything before this is covered by an event's range (the end of
    /// the last covered event).
    covered: usize,
    /// Stretches no event covers that hold a `[`: where link reference
    /// definitions are.
    gaps: Vec<Range<usize>>,
    notes: Vec<OpenNote>,
    /// HTML comments, which may hold suppressions.
    comments: Vec<Comment>,
    flavor: Flavor,
    /// Pandoc flavours: the text of each heading (implicit header
    /// references resolve to them), and of the one being read.
    headings: Vec<Label>,
    heading: Option<String>,
}

impl<'a> Collector<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            markers: Vec::new(),
            definitions: Vec::new(),
            prose: Vec::with_capacity((text.len() / 128).min(1 << 16) + 4),
            runs: Vec::new(),
            scanner: Scanner::default(),
            code: 0,
            alt: 0,
            unscanned: 0,
            links: Vec::new(),
            covered: 0,
            gaps: Vec::new(),
            notes: Vec::new(),
            comments: Vec::new(),
            flavor: Flavor::Gfm,
            headings: Vec::new(),
            heading: None,
        }
    }

    fn event(&mut self, event: &Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag),
            Event::Text(t) => {
                if let Some(heading) = &mut self.heading {
                    heading.push_str(t);
                }
                self.text(range);
            }
            Event::SoftBreak | Event::HardBreak => {
                self.cover(&range);
                if self.code == 0 {
                    self.push_prose(&range);
                }
            }
            Event::FootnoteReference(label) => {
                self.cover(&range);
                if self.alt == 0 {
                    self.footnote_ref(label, range);
                }
            }
            Event::Code(code) => {
                self.cover(&range);
                if let Some(heading) = &mut self.heading {
                    heading.push_str(code);
                }
                if self.flavor == Flavor::Myst && self.code == 0 {
                    flavored::role(
                        self.text,
                        Span::new(range.start, range.end),
                        &mut self.markers,
                    );
                }
            }
            Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::Rule
            | Event::TaskListMarker(_) => self.cover(&range),
            Event::InlineHtml(_) => {
                self.cover(&range);
                comments::inline(self.text, &range, &mut self.comments);
            }
        }
    }

    fn start(&mut self, tag: &Tag<'_>, range: Range<usize>) {
        if !inline_tag(tag) {
            self.next_block();
        }
        match tag {
            Tag::Heading { .. } => {
                self.cover(&range);
                if self.flavor.pandoc() {
                    self.heading = Some(String::new());
                }
            }
            Tag::Paragraph | Tag::Table(_) => self.cover(&range),
            Tag::HtmlBlock => {
                self.cover(&range);
                comments::in_block(self.text, &range, &mut self.comments);
            }
            Tag::CodeBlock(_) => {
                self.cover(&range);
                self.code += 1;
            }
            Tag::FootnoteDefinition(label) => self.footnote_def(label, range),
            Tag::Link { link_type, id, .. } => {
                self.cover(&range);
                self.link(*link_type, id, range, false);
            }
            Tag::Image { link_type, id, .. } => {
                self.cover(&range);
                self.alt += 1;
                self.link(*link_type, id, range, true);
            }
            _ => {}
        }
    }

    fn end(&mut self, tag: &TagEnd) {
        let tag = *tag;
        if !inline_tag_end(tag) {
            self.next_block();
        }
        match tag {
            TagEnd::CodeBlock => self.code = self.code.saturating_sub(1),
            TagEnd::Heading(_) => {
                if let Some(heading) = self.heading.take() {
                    self.headings.push(heading_key(&heading));
                }
            }
            TagEnd::FootnoteDefinition => {
                if let Some(OpenNote {
                    def: Some(def),
                    end,
                }) = self.notes.pop()
                {
                    let def = &mut self.definitions[def];
                    let start = def.label_span.end;
                    let end = self.covered.min(end);
                    if end > start {
                        def.body = trimmed(self.text, start, end);
                    }
                }
            }
            TagEnd::Image | TagEnd::Link => {
                if tag == TagEnd::Image {
                    self.alt = self.alt.saturating_sub(1);
                }
                if self.links.pop() == Some(true) {
                    self.unscanned = self.unscanned.saturating_sub(1);
                }
            }
            _ => {}
        }
    }

    fn text(&mut self, range: Range<usize>) {
        self.cover(&range);
        if self.code > 0 {
            return;
        }
        self.push_prose(&range);
        if self.unscanned > 0 {
            return;
        }
        let alt = self.alt > 0;
        match self.runs.last_mut() {
            Some(run) if run.end == range.start && run.alt == alt => {
                run.end = range.end;
            }
            _ => self.runs.push(Run {
                start: range.start,
                end: range.end,
                alt,
            }),
        }
    }

    /// A block boundary: scan the block that ends.
    fn next_block(&mut self) {
        if !self.runs.is_empty() {
            self.scanner
                .block(self.text, &self.runs, &self.markers, &mut self.definitions);
            self.runs.clear();
        }
    }

    fn push_prose(&mut self, range: &Range<usize>) {
        push_prose(self.text, &mut self.prose, range.start, range.end);
    }

    /// Note what an event covers; what lies between covered ranges is a gap.
    fn cover(&mut self, range: &Range<usize>) {
        if range.end <= self.covered {
            return;
        }
        if range.start > self.covered
            && has_bracket(&self.text.as_bytes()[self.covered..range.start])
        {
            self.gaps.push(self.covered..range.start);
        }
        self.covered = range.end;
    }

    fn footnote_ref(&mut self, label: &str, range: Range<usize>) {
        let s = &self.text[range.clone()];
        let raw = s
            .strip_prefix("[^")
            .and_then(|r| r.strip_suffix(']'))
            .unwrap_or(label);
        // pulldown-cmark takes labels GFM does not, such as `[^one two]`.
        if !is_footnote_label(raw) {
            return;
        }
        self.markers.push(Marker {
            label: raw.into(),
            key: normalize_label(raw),
            span: Span::new(range.start, range.end),
            label_span: Span::new(range.start, range.end),
            certainty: Certainty::Marker,
            kind: RefKind::Note,
            namespace: None,
        });
    }

    fn footnote_def(&mut self, label: &str, range: Range<usize>) {
        let s = &self.text[range.clone()];
        let (raw, label_end) = s
            .strip_prefix("[^")
            .and_then(|rest| {
                let close = close_bracket(rest.as_bytes())?;
                rest[close..]
                    .starts_with("]:")
                    .then(|| (&rest[..close], range.start + 2 + close + 2))
            })
            .unwrap_or((label, range.start));
        let valid = is_footnote_label(raw);
        self.notes.push(OpenNote {
            def: valid.then_some(self.definitions.len()),
            end: range.end,
        });
        if !valid {
            return;
        }
        self.definitions.push(Definition {
            label: raw.into(),
            key: normalize_label(raw),
            label_span: Span::new(range.start, label_end),
            body: Span::new(label_end, label_end),
            kind: RefKind::Note,
            namespace: None,
            origin: crate::model::Origin::Written,
        });
    }

    fn link(&mut self, link_type: LinkType, id: &str, range: Range<usize>, image: bool) {
        let unscanned = matches!(
            link_type,
            LinkType::Autolink | LinkType::Email | LinkType::WikiLink { .. }
        );
        self.links.push(unscanned);
        self.unscanned += u32::from(unscanned);
        self.markers
            .extend(links::marker(self.text, link_type, id, range, image));
    }

    /// The document, with front matter read from the `original` text.
    fn finish(mut self, refdefs: &RefDefs<'_>, original: &str, front: Option<Front>) -> Document {
        if self.covered < self.text.len() {
            let end = self.text.len();
            self.cover(&(end..end));
        }
        links::definitions(self.text, &self.gaps, refdefs, &mut self.definitions);
        self.next_block();
        std::mem::take(&mut self.scanner).finish(self.text, &mut self.markers, &self.definitions);
        self.flavor_markers();
        finish_document(
            original,
            self.markers,
            self.definitions,
            self.prose,
            self.comments,
            front,
        )
    }
}

impl Collector<'_> {
    /// What the flavour makes of the markers found: under pandoc and
    /// Quarto a reference link to an undefined label that is a heading's
    /// text is an implicit header reference; under Quarto `@fig-x` is a
    /// cross-reference.
    fn flavor_markers(&mut self) {
        if self.flavor.pandoc() && !self.headings.is_empty() {
            let headings: rustc_hash::FxHashSet<&str> =
                self.headings.iter().map(|h| h.as_str()).collect();
            let defined: rustc_hash::FxHashSet<&str> = self
                .definitions
                .iter()
                .filter(|d| d.kind == RefKind::Link)
                .map(|d| d.key.as_deref().unwrap_or(&d.label))
                .collect();
            self.markers.retain(|m| {
                let key = m.key.as_deref().unwrap_or(&m.label);
                m.kind != RefKind::Link
                    || defined.contains(key)
                    || !headings.contains(heading_key(&m.label).as_str())
            });
        }
        if self.flavor == Flavor::Quarto {
            for m in &mut self.markers {
                if m.kind == RefKind::Citation && flavored::is_crossref(&m.label) {
                    m.kind = RefKind::CrossRef;
                    m.key = None;
                }
            }
        }
    }
}

/// The form a heading's text and an implicit header reference to it
/// match by: a label's form (case-folded, blanks collapsed) of the text
/// without code and emphasis delimiters, which the heading's text (read
/// from its events) has lost and the reference (read from the source)
/// keeps: `[Extension: `raw_attribute`]` finds `### Extension:
/// `raw_attribute``.
fn heading_key(text: &str) -> Label {
    let bare: String = text.chars().filter(|&c| c != '`' && c != '*').collect();
    normalize_label(&bare).unwrap_or_else(|| bare.as_str().into())
}

/// Front matter: its kind and the extent of its text.
pub(super) type Front = (MetadataBlockKind, Range<usize>);

/// What both parsers end with: bibliographies and references from the
/// front matter, everything in source order, and the one notes block.
fn finish_document(
    text: &str,
    mut markers: Vec<Marker>,
    mut definitions: Vec<Definition>,
    mut prose: Vec<Span>,
    mut comments: Vec<Comment>,
    front: Option<Front>,
) -> Document {
    // Emphasis delimiters at either end of a stretch of prose are markup.
    let bytes = text.as_bytes();
    for span in &mut prose {
        while span.start < span.end {
            match bytes[span.start] {
                b'*' | b'_' | b'~' => span.start += 1,
                b'\\'
                    if bytes
                        .get(span.start + 1)
                        .is_some_and(u8::is_ascii_punctuation) =>
                {
                    span.start += 1;
                }
                _ => break,
            }
        }
        while span.end > span.start && matches!(bytes[span.end - 1], b'*' | b'_' | b'~') {
            span.end -= 1;
        }
        // What those leave of the next line's indentation is not text.
        let kept = bytes[span.start..span.end]
            .iter()
            .rposition(|b| !matches!(b, b' ' | b'\t' | b'>'))
            .map_or(span.start, |i| span.start + i + 1);
        if kept > span.start && bytes[kept - 1] == b'\n' {
            span.end = kept;
        }
    }
    prose.retain(|s| s.start < s.end);
    let mut doc = DocumentBuilder::new();
    if let Some((kind, range)) = front {
        let body = &text[range.clone()];
        let front = match kind {
            MetadataBlockKind::YamlStyle => front_matter::yaml(body, range.start),
            MetadataBlockKind::PlusesStyle => front_matter::toml(body, range.start),
        };
        for link in front.bibliographies {
            doc.link(link);
        }
        definitions.extend(front.references);
        if let Some(draft) = front.draft {
            draft.cite(text, range.end, &prose, &mut markers, &mut definitions);
        }
    }
    // Mostly in order already; a stable sort copies them all.
    if !markers.is_sorted_by_key(|m| m.span.start) {
        markers.sort_by_key(|m| m.span.start);
    }
    if !definitions.is_sorted_by_key(|d| d.label_span.start) {
        // No two start at one place: an unstable sort gives the same order.
        definitions.sort_unstable_by_key(|d| d.label_span.start);
    }
    scan::drop_quoted_calls(text, &mut markers, &definitions);
    comments::link_definitions(text, &definitions, &mut comments);
    let mut notes = definitions.iter().filter(|d| d.kind == RefKind::Note);
    let blocks = notes
        .next()
        .map(|first| {
            let end = notes.fold(first.body.end.max(first.label_span.end), |end, d| {
                end.max(d.body.end.max(d.label_span.end))
            });
            Block {
                span: Span::new(first.label_span.start, end),
                heading: None,
                kind: BlockKind::Notes,
            }
        })
        .into_iter()
        .collect();
    doc.markers(markers)
        .definitions(definitions)
        .blocks(blocks)
        .prose(prose)
        .comments(comments);
    let mut doc = doc.build(text);
    super::note_refs::add(text, &mut doc);
    doc
}

/// How Markdown writes notes: `[^4]` and `[^4]: …`.
pub const NOTATION: Notation = Notation {
    marker: |label| format!("[^{label}]"),
    definition: |label| format!("[^{label}]: …"),
    citation: |key| format!("[@{key}]"),
    inline_note: "^[…]",
    key: |key| format!("@{key}"),
    sequential: true,
    duplicates_resolve: true,
    shared_note: "note",
};

/// Add running text to `prose`, joined to the last span when only
/// indentation, quote markers, emphasis delimiters or backslashes lie
/// between (so that both parsers give the same spans, and a prose rule
/// sees a sentence whole across its line breaks and emphasis).
fn push_prose(text: &str, prose: &mut Vec<Span>, start: usize, end: usize) {
    if start >= end {
        return;
    }
    if let Some(last) = prose.last_mut() {
        if last.end <= start
            && text.as_bytes()[last.end..start]
                .iter()
                .all(|b| matches!(b, b' ' | b'\t' | b'>' | b'*' | b'_' | b'~' | b'\\'))
        {
            last.end = end;
            return;
        }
    }
    prose.push(Span::new(start, end));
}

/// Whether a gap holds a `[` (gaps are mostly a few bytes long).
fn has_bracket(gap: &[u8]) -> bool {
    if gap.len() < 32 {
        gap.contains(&b'[')
    } else {
        memchr(b'[', gap).is_some()
    }
}

/// The offset of the first `]` not escaped by a backslash.
fn close_bracket(bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b']' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Whether the byte at `at` follows an odd number of backslashes.
fn escaped(bytes: &[u8], at: usize) -> bool {
    bytes[..at]
        .iter()
        .rev()
        .take_while(|&&b| b == b'\\')
        .count()
        % 2
        == 1
}

#[cfg(test)]
mod tests;
