//! The scanner: one pass over the text from backslash to backslash (and
//! `%` to `%`), dispatching each command on the table of `commands.rs` and
//! reading its arguments with the productions of `grammar.rs`. Regions
//! that are not read (verbatim, `\iffalse`, macro bodies, after
//! `\end{document}`) are jumped over whole.

use std::borrow::Cow;

use memchr::{memchr, memchr2, memmem};
use rustc_hash::FxHashMap;

use super::commands::{self, Action, Input, Refs, Verbatim};
use super::grammar::{self, Body};
use super::settings::{Arg, Commands, Custom, CustomKind, From};
use crate::model::{
    Comment, Definition, Document, DocumentBuilder, Label, Link, LinkKind, Marker, RefKind,
    Relative, Span,
};

/// Extensions of files TeX finds in its distribution as readily as in the
/// project, and of files a build generates: a missing one is no finding.
const DISTRIBUTION: &[&str] = &[
    "sty", "cls", "def", "cfg", "clo", "fd", "ldf", "bbl", "aux", "toc", "ind", "gls", "nls",
    "pdf_tex", "pdftex_t",
];

pub struct Scanner<'t, 's> {
    text: &'t str,
    settings: &'s Commands,
    markers: Vec<Marker>,
    definitions: Vec<Definition>,
    links: Vec<Link>,
    comments: Vec<Comment>,
    unread: Vec<(Span, String)>,
    root: Option<bool>,
    /// Past `\begin{document}`.
    in_document: bool,
    /// Commands defined in this file without parameters, to a plain text
    /// (`\newcommand{\olpath}{../../}`): expanded in paths.
    macros: FxHashMap<&'t str, &'t str>,
    /// Verbatim environments this file defines (`\lstnewenvironment`).
    verbatim: Vec<String>,
    /// Bare `\footnotemark`s and `\footnotetext`s so far: they pair in order.
    marks: u32,
    texts: u32,
    /// The `\bibitem` whose text runs to the next one.
    bibitem: Option<usize>,
    /// Where reading stops (`\endinput` ends its line).
    limit: usize,
    /// Open conditionals (`\ifx … \else … \fi`): the labels of each
    /// branch read so far. A label defined again in another branch of the
    /// same conditional is an alternative, not a second definition.
    conditionals: Vec<Conditional>,
    /// Conditionals nested deeper than [`MAX_CONDITIONALS`].
    too_deep: usize,
    /// The arguments of conditional commands (`\iftag{x}{…}{…}`,
    /// `\IfFileExists{…}{…}{…}`): what they include may never be read,
    /// and a label in two of them is one label.
    conditional_args: Vec<Branches>,
    /// listings' escape to LaTeX inside code (`escapeinside={(*}{*)}`).
    escape: Option<(String, String)>,
    /// No `\lstset` in this file has said whether there is one.
    escape_unknown: bool,
    /// What `{prefix}` in a declared command's template stands for.
    prefix: String,
}

/// The arguments of a conditional command.
struct Branches {
    /// Where each argument starts.
    starts: Vec<usize>,
    end: usize,
    /// Labels defined so far, with the argument they are in.
    labels: Vec<(usize, Label)>,
}

/// How deep conditionals are tracked.
const MAX_CONDITIONALS: usize = 64;

/// A conditional being read.
#[derive(Default)]
struct Conditional {
    /// Labels of the branches before the current one.
    before: rustc_hash::FxHashSet<Label>,
    /// Labels of the current branch.
    current: Vec<Label>,
}

impl<'t, 's> Scanner<'t, 's> {
    pub fn new(text: &'t str, settings: &'s Commands) -> Self {
        Self {
            text,
            settings,
            // Documents heavy in references hold one every few hundred
            // bytes; the vectors are dropped with the file.
            markers: Vec::with_capacity(text.len() / 512),
            definitions: Vec::with_capacity(text.len() / 2048),
            links: Vec::new(),
            comments: Vec::new(),
            unread: Vec::new(),
            root: None,
            in_document: false,
            macros: FxHashMap::default(),
            verbatim: Vec::new(),
            marks: 0,
            texts: 0,
            bibitem: None,
            limit: text.len(),
            conditionals: Vec::new(),
            too_deep: 0,
            conditional_args: Vec::new(),
            escape: None,
            escape_unknown: true,
            prefix: String::new(),
        }
    }

    /// Read the text; the document.
    pub fn run(mut self) -> Document {
        self.scan(0, self.text.len());
        self.close_bibitem(self.limit.min(self.text.len()));
        let mut b = DocumentBuilder::new();
        b.markers(self.markers)
            .definitions(self.definitions)
            .comments(self.comments)
            // A file without `\documentclass` is never a root.
            .root(Some(self.root.unwrap_or(false)));
        for link in self.links {
            b.link(link);
        }
        for (span, why) in self.unread {
            b.unread(span, why);
        }
        b.build(self.text)
    }

    /// Read `from..to` (or to where reading stops).
    fn scan(&mut self, from: usize, to: usize) {
        let bytes = self.text.as_bytes();
        let mut pos = from;
        loop {
            let end = to.min(self.limit);
            if pos >= end {
                break;
            }
            let Some(n) = memchr2(b'\\', b'%', &bytes[pos..end]) else {
                break;
            };
            let at = pos + n;
            if bytes[at] == b'%' {
                pos = self.comment(at);
                continue;
            }
            let after = &self.text[at + 1..];
            pos = match grammar::word(after) {
                Ok((rest, name)) => match self.command(at, name, rest) {
                    Some(next) => next,
                    None => break,
                },
                // A control symbol (`\%`, `\\`, `\{`): the character is text.
                Err(_) => at + 1 + after.chars().next().map_or(0, char::len_utf8),
            };
        }
    }

    /// Where a slice of the text starts.
    fn at(&self, s: &str) -> usize {
        s.as_ptr() as usize - self.text.as_ptr() as usize
    }

    fn span(&self, s: &str) -> Span {
        let start = self.at(s);
        Span::new(start, start + s.len())
    }

    /// A `%` comment to the end of its line; `% !TEX root = main.tex`
    /// names the file's root. Where reading goes on.
    fn comment(&mut self, at: usize) -> usize {
        let end = memchr(b'\n', &self.text.as_bytes()[at..]).map_or(self.text.len(), |n| at + n);
        let body_end = if self.text.as_bytes()[..end].ends_with(b"\r") {
            end - 1
        } else {
            end
        };
        let body = &self.text[at + 1..body_end.max(at + 1)];
        self.comments.push(Comment {
            span: Span::new(at, body_end.max(at + 1)),
            body: Span::new(at + 1, body_end.max(at + 1)),
        });
        let magic = body.trim_start();
        if magic.len() > 9 && magic.as_bytes()[..9].eq_ignore_ascii_case(b"!tex root") {
            if let Some(path) = magic[9..].trim_start().strip_prefix('=') {
                let path = path.trim();
                if !path.is_empty() {
                    let mut link = Link::new(LinkKind::Root, path, self.span(path));
                    link.suffix = ".tex";
                    self.links.push(link);
                }
            }
        }
        end
    }

    /// Act on `\name` at `at`, whose arguments start `rest`; where reading
    /// goes on, or `None` to stop.
    fn command(&mut self, at: usize, name: &'t str, rest: &'t str) -> Option<usize> {
        let after_name = self.at(rest);
        if !self.settings.is_empty() {
            if let Some((custom, rest)) = self.settings.command(name, rest) {
                return Some(self.custom(custom, rest).unwrap_or(after_name));
            }
        }
        let Some(action) = commands::action(name) else {
            // A conditional (`\ifx`, `\ifdraft`), not a command with
            // arguments that starts with "if" (`\ifthenelse{…}`).
            if (name.starts_with("if") || name.starts_with("If"))
                && grammar::blank(rest).starts_with('{')
            {
                self.conditional_arguments(rest);
            } else if name.starts_with("if") && name != "ifthenelse" {
                // Nesting deeper than any document's is counted, not kept:
                // a label is checked against a bounded stack.
                if self.conditionals.len() < MAX_CONDITIONALS {
                    self.conditionals.push(Conditional::default());
                } else {
                    self.too_deep += 1;
                }
            }
            return Some(after_name);
        };
        let next = match action {
            Action::Ref(refs) => self.reference(refs, rest),
            Action::Hyperref => grammar::optional(rest).ok().map(|(rest, key)| {
                self.keys(key, false, RefKind::CrossRef);
                self.at(rest)
            }),
            Action::Label => {
                let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                grammar::argument(rest).ok().map(|(rest, key)| {
                    self.label(key);
                    self.at(rest)
                })
            }
            Action::Cite { multi, skip } => self.cite(rest, multi, skip),
            Action::Nocite => grammar::argument(rest).ok().map(|(rest, keys)| {
                self.keys(keys, true, RefKind::Citation);
                self.at(rest)
            }),
            Action::Footnote => self.footnote(at, name, rest),
            Action::FootnoteMark => Some(self.footnote_mark(at, name, rest)),
            Action::FootnoteText => self.footnote_text(at, name, rest),
            Action::Bibitem => self.bibitem(at, rest),
            Action::Input(kind) => self.input(kind, rest),
            Action::Subfile => grammar::argument(rest).ok().map(|(rest, path)| {
                self.include(path, Relative::File, Some(true), false);
                self.at(rest)
            }),
            Action::Import { sub } => self.import(rest, sub),
            Action::Bibliography => grammar::argument(rest).ok().map(|(rest, list)| {
                self.bibliographies(list);
                self.at(rest)
            }),
            Action::BibResource => self.bib_resource(rest),
            Action::External => self.external(rest),
            Action::Begin => return self.begin(at, rest),
            Action::End => return self.end(rest),
            Action::Verb => {
                let (rest, _) = grammar::star(rest);
                grammar::delimited(rest).ok().map(|(rest, _)| self.at(rest))
            }
            Action::LstInline => {
                let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                self.inline_code(rest)
            }
            Action::MintInline => {
                let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                grammar::argument(rest)
                    .ok()
                    .and_then(|(rest, _)| self.inline_code(rest))
            }
            Action::Url => grammar::group(Body::Verbatim)(grammar::blank(rest))
                .ok()
                .map(|(rest, _)| self.at(rest)),
            Action::Href => {
                let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                grammar::group(Body::Verbatim)(grammar::blank(rest))
                    .ok()
                    .map(|(rest, _)| self.at(rest))
            }
            Action::LstInput => grammar::optional(rest).ok().map(|(rest, options)| {
                self.listing_label(options);
                self.at(rest)
            }),
            Action::IfFalse => return self.if_false(at, rest),
            Action::Else if self.too_deep > 0 => None,
            Action::Else => {
                if let Some(c) = self.conditionals.last_mut() {
                    let current = std::mem::take(&mut c.current);
                    c.before.extend(current);
                }
                None
            }
            Action::Fi if self.too_deep > 0 => {
                self.too_deep -= 1;
                None
            }
            Action::Fi => {
                if let Some(done) = self.conditionals.pop() {
                    if let Some(outer) = self.conditionals.last_mut() {
                        outer.current.extend(done.before);
                        outer.current.extend(done.current);
                    }
                }
                None
            }
            Action::LstSet => grammar::argument(rest).ok().map(|(rest, options)| {
                if let Some(escape) = escape_of(options) {
                    self.escape = escape;
                    self.escape_unknown = false;
                }
                self.at(rest)
            }),
            Action::NewIf => grammar::control_sequence(grammar::blank(rest))
                .ok()
                .map(|(rest, _)| self.at(rest)),
            Action::EndInput => {
                self.limit =
                    memchr(b'\n', rest.as_bytes()).map_or(self.text.len(), |n| self.at(rest) + n);
                Some(after_name)
            }
            Action::DocumentClass => self.document_class(rest),
            Action::NewCommand => self.new_command(rest),
            Action::Def => self.def(name, rest),
            Action::DocumentCommand => grammar::defined_name(rest)
                .ok()
                .and_then(|(rest, _)| skip_groups(rest, 2))
                .map(|rest| self.at(rest)),
            Action::NewEnvironment => {
                let (rest, _) = grammar::star(rest);
                grammar::argument(rest).ok().and_then(|(rest, _)| {
                    let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                    let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
                    skip_groups(rest, 2).map(|rest| self.at(rest))
                })
            }
            Action::DocumentEnvironment => grammar::argument(rest)
                .ok()
                .and_then(|(rest, _)| skip_groups(rest, 3))
                .map(|rest| self.at(rest)),
            Action::NewVerbatim { minted } => self.new_verbatim(rest, minted),
        };
        Some(next.unwrap_or(after_name))
    }

    /// `\ref{x}`, `\cref{a,b}`, `\crefrange{a}{b}`.
    fn reference(&mut self, refs: Refs, rest: &'t str) -> Option<usize> {
        let (mut rest, _) = grammar::star(rest);
        // `\vpageref[here][there]{x}`.
        for _ in 0..2 {
            match grammar::optional(rest) {
                Ok((r, _)) => rest = r,
                Err(_) => break,
            }
        }
        let args = if refs == Refs::Range { 2 } else { 1 };
        for _ in 0..args {
            let (r, keys) = grammar::argument(rest).ok()?;
            self.keys(keys, refs == Refs::List, RefKind::CrossRef);
            rest = r;
        }
        Some(self.at(rest))
    }

    /// A citation command: optional notes, then keys; a multicite repeats.
    fn cite(&mut self, rest: &'t str, multi: bool, skip: u8) -> Option<usize> {
        let (mut rest, _) = grammar::star(rest);
        if multi {
            for _ in 0..2 {
                match grammar::parens(rest) {
                    Ok((r, _)) => rest = r,
                    Err(_) => break,
                }
            }
        }
        let mut read = 0;
        loop {
            for _ in 0..2 {
                match grammar::optional(rest) {
                    Ok((r, _)) => rest = r,
                    Err(_) => break,
                }
            }
            let Ok((r, keys)) = grammar::argument(rest) else {
                break;
            };
            rest = r;
            if read >= skip {
                self.keys(keys, true, RefKind::Citation);
                if !multi {
                    break;
                }
            }
            read = read.saturating_add(1);
            if !multi && read > skip {
                break;
            }
            if multi && !grammar::blank(rest).starts_with(['[', '{']) {
                break;
            }
        }
        (read > 0).then(|| self.at(rest))
    }

    /// Markers for the keys of an argument: one, or a comma list. Keys
    /// are trimmed and may be written over several lines with `%`
    /// comments; a key that is a macro parameter (`#1`) or holds a command
    /// is not a key.
    fn keys(&mut self, arg: &'t str, list: bool, kind: RefKind) {
        let mut each = |part: &'t str| {
            let Some((label, span)) = self.key(part) else {
                return;
            };
            self.markers.push(Marker::new(kind, label, span));
        };
        if list {
            for part in arg.split(',') {
                each(part);
            }
        } else {
            each(arg);
        }
    }

    /// A key as written: trimmed, comments removed; `None` when empty or
    /// not literal.
    fn key(&self, part: &'t str) -> Option<(Label, Span)> {
        // Nearly every key is plain: one pass over its bytes says so.
        let special = part
            .bytes()
            .any(|b| matches!(b, b'%' | b'#' | b'\\' | b'{' | b'}'));
        if !special {
            let trimmed = part.trim_ascii();
            if trimmed.is_empty() {
                return None;
            }
            let trimmed = trimmed.trim();
            return (!trimmed.is_empty()).then(|| (Label::from(trimmed), self.span(trimmed)));
        }
        let clean = grammar::without_comments(part);
        let trimmed = clean.trim();
        if trimmed.is_empty() || trimmed.contains(['#', '\\', '{', '}']) {
            return None;
        }
        let span = match clean {
            // The key as it stands in the text.
            Cow::Borrowed(_) => self.span(part.trim()),
            // Comments inside: the span from the key's first to its last
            // character.
            Cow::Owned(_) => {
                let first = part.find(|c: char| !c.is_whitespace() && c != '%')?;
                let last = part.trim_end().len();
                self.span(&part[first..last.max(first)])
            }
        };
        Some((Label::from(trimmed), span))
    }

    /// `\label{x}`.
    fn label(&mut self, key: &'t str) {
        let Some((label, span)) = self.key(key) else {
            return;
        };
        if !self.conditional_args.is_empty() && self.alternative(span.start, &label) {
            return;
        }
        if !self.conditionals.is_empty() {
            // Another branch of a conditional that defines it already:
            // only one of them is typeset.
            if self.conditionals.iter().any(|c| c.before.contains(&label)) {
                return;
            }
            if let Some(c) = self.conditionals.last_mut() {
                c.current.push(label.clone());
            }
        }
        self.definitions.push(Definition::new(
            RefKind::CrossRef,
            label,
            span,
            Span::new(span.end, span.end),
        ));
    }

    /// `label=x` or `label={x}` in a listing's options.
    fn listing_label(&mut self, options: &'t str) {
        for option in split_options(options) {
            let Some((key, value)) = option.split_once('=') else {
                continue;
            };
            if key.trim() != "label" {
                continue;
            }
            let value = value.trim();
            let value = value
                .strip_prefix('{')
                .and_then(|v| v.strip_suffix('}'))
                .unwrap_or(value);
            self.label(value);
        }
    }

    /// `\footnote[n]{…}` and other notes written in place; reading goes on
    /// inside the note.
    fn footnote(&mut self, at: usize, name: &str, rest: &'t str) -> Option<usize> {
        let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
        let (open, body) = self.body(rest)?;
        let command = Span::new(at, at + 1 + name.len());
        let mut note = Definition::new(RefKind::InlineNote, name, command, body);
        note.key = Some(format!("^{at}").into());
        self.definitions.push(note);
        Some(open + 1)
    }

    /// A note's `{…}` after blanks: where its `{` is, and its text trimmed
    /// (empty when it holds only blanks and comments).
    fn body(&self, rest: &'t str) -> Option<(usize, Span)> {
        let rest = grammar::blank(rest);
        let inside = rest.strip_prefix('{')?;
        let end = grammar::closing(inside, Body::Text { long: true })?;
        let open = self.at(rest);
        let text = &inside[..end];
        let body = if grammar::is_blank(text) {
            Span::new(open + 1, open + 1)
        } else {
            let start = text.len() - text.trim_start().len();
            let start = open + 1 + start;
            Span::new(start, open + 1 + text.trim_end().len())
        };
        Some((open, body))
    }

    /// `\footnotemark[n]`, or a bare `\footnotemark` (paired in order with
    /// the bare `\footnotetext`s).
    fn footnote_mark(&mut self, at: usize, name: &str, rest: &'t str) -> usize {
        match grammar::optional(rest) {
            Ok((after, n)) => {
                if let Some((label, span)) = self.number(n) {
                    self.markers.push(Marker::note(label, span));
                }
                self.at(after)
            }
            Err(_) => {
                self.marks += 1;
                let span = Span::new(at, at + 1 + name.len());
                let mut marker = Marker::note("", span);
                marker.key = Some(format!("#{}", self.marks).into());
                self.markers.push(marker);
                span.end
            }
        }
    }

    /// `\footnotetext[n]{…}`; reading goes on inside the note.
    fn footnote_text(&mut self, at: usize, name: &str, rest: &'t str) -> Option<usize> {
        let (label, key, label_span, rest) = match grammar::optional(rest) {
            Ok((after, n)) => {
                let (label, span) = self.number(n)?;
                (label, None, span, after)
            }
            Err(_) => {
                self.texts += 1;
                let span = Span::new(at, at + 1 + name.len());
                (
                    Label::default(),
                    Some(format!("#{}", self.texts).into()),
                    span,
                    rest,
                )
            }
        };
        let (open, body) = self.body(rest)?;
        let mut note = Definition::note(label, label_span, body);
        note.key = key;
        self.definitions.push(note);
        Some(open + 1)
    }

    /// A footnote number as written: digits only (`\footnotemark[\value{x}]`
    /// names no note ibid can know).
    fn number(&self, n: &'t str) -> Option<(Label, Span)> {
        let trimmed = n.trim();
        (!trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()))
            .then(|| (Label::from(trimmed), self.span(trimmed)))
    }

    /// `\bibitem[label]{key}`: an entry of the document's own bibliography,
    /// whose text runs to the next `\bibitem` or the end of the list.
    fn bibitem(&mut self, at: usize, rest: &'t str) -> Option<usize> {
        self.close_bibitem(at);
        let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
        let (rest, key) = grammar::argument(rest).ok()?;
        let (label, span) = self.key(key)?;
        let end = self.at(rest);
        self.bibitem = Some(self.definitions.len());
        self.definitions.push(Definition::new(
            RefKind::Citation,
            label,
            span,
            Span::new(end, end),
        ));
        Some(end)
    }

    fn close_bibitem(&mut self, at: usize) {
        if let Some(i) = self.bibitem.take() {
            let start = self.definitions[i].body.start;
            let text = &self.text[start..at.max(start)];
            let lead = text.len() - text.trim_start().len();
            self.definitions[i].body = Span::new(start + lead, start + text.trim_end().len());
        }
    }

    /// `\input{file}`, `\input file`, `\include{file}`.
    fn input(&mut self, kind: Input, rest: &'t str) -> Option<usize> {
        let (rest, path) = match grammar::argument(rest) {
            Ok(found) => found,
            Err(_) if kind == (Input::Plain { braces: false }) => grammar::bare_path(rest).ok()?,
            Err(_) => return None,
        };
        let optional = kind == Input::IfExists;
        self.include(path, Relative::Search, None, optional);
        Some(self.at(rest))
    }

    /// Note where the arguments of a conditional command end.
    fn conditional_arguments(&mut self, mut rest: &'t str) {
        let mut starts = Vec::new();
        for _ in 0..4 {
            let next = grammar::optional(rest)
                .or_else(|_| grammar::group(Body::Text { long: true })(grammar::blank(rest)));
            match next {
                Ok((r, inside)) => {
                    starts.push(self.at(inside));
                    rest = r;
                }
                Err(_) => break,
            }
        }
        let end = self.at(rest);
        let start = starts.first().copied().unwrap_or(end);
        // Those that ended before this one starts are done.
        self.conditional_args.retain(|b| b.end > start);
        if self.conditional_args.len() < MAX_CONDITIONALS {
            self.conditional_args.push(Branches {
                starts,
                end,
                labels: Vec::new(),
            });
        }
    }

    /// Whether a place is inside a conditional (TeX may never read it).
    fn conditional(&self, at: usize) -> bool {
        !self.conditionals.is_empty() || self.conditional_args.iter().any(|b| b.end > at)
    }

    /// Whether a label at `at` repeats one in another argument of a
    /// conditional command around it (only one of them is typeset); the
    /// label is noted in those it is in.
    fn alternative(&mut self, at: usize, label: &Label) -> bool {
        let mut repeated = false;
        for b in self.conditional_args.iter_mut().filter(|b| b.end > at) {
            let branch = b.starts.partition_point(|&s| s <= at);
            repeated |= b.labels.iter().any(|(k, l)| *k != branch && l == label);
            b.labels.push((branch, label.clone()));
        }
        repeated
    }

    /// An include link for a path as written (macros of this file
    /// expanded; one that still holds a command is not followed).
    /// `base`: whether the included file's own inputs start from its
    /// folder.
    fn include(&mut self, path: &'t str, relative: Relative, base: Option<bool>, optional: bool) {
        let written = path.trim();
        let Some(expanded) = self.expand(written) else {
            return;
        };
        if expanded.is_empty() {
            return;
        }
        let ext = std::path::Path::new(&*expanded)
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or("");
        let distribution = DISTRIBUTION.contains(&ext)
            || !self.in_document && !expanded.contains('/') && relative != Relative::File;
        let mut link = Link::new(LinkKind::Include, &*expanded, self.span(written));
        link.relative = relative;
        link.suffix = ".tex";
        link.optional = optional || distribution || self.conditional(link.span.start);
        if base == Some(true) {
            link.sets_base = Some(expanded.rfind('/').map_or(0, |i| i + 1));
        }
        self.links.push(link);
    }

    /// `\import{dir}{file}`, `\subimport{dir}{file}`: the file's own inputs
    /// start from `dir`.
    fn import(&mut self, rest: &'t str, sub: bool) -> Option<usize> {
        let (rest, _) = grammar::star(rest);
        let (rest, dir) = grammar::argument(rest).ok()?;
        let (rest, file) = grammar::argument(rest).ok()?;
        let dir = self.expand(dir.trim())?;
        let file_written = file.trim();
        let file = self.expand(file_written)?;
        let dir = if dir.is_empty() || dir.ends_with('/') {
            dir.into_owned()
        } else {
            format!("{dir}/")
        };
        let mut link = Link::new(
            LinkKind::Include,
            format!("{dir}{file}"),
            self.span(file_written),
        );
        link.relative = if sub { Relative::Base } else { Relative::Root };
        link.suffix = ".tex";
        link.sets_base = Some(dir.len());
        self.links.push(link);
        Some(self.at(rest))
    }

    /// `\bibliography{a,b}`: each `.bib` from the root's folder. One whose
    /// name holds a command stays as written: the unit then cannot know
    /// its entries (see the citation stage).
    fn bibliographies(&mut self, list: &'t str) {
        for part in list.split(',') {
            let written = part.trim();
            if written.is_empty() {
                continue;
            }
            let path = self.expand(written).unwrap_or(Cow::Borrowed(written));
            let mut link = Link::bibliography(&*path, self.span(written));
            link.relative = Relative::Search;
            link.suffix = ".bib";
            self.links.push(link);
        }
    }

    /// `\addbibresource[options]{file.bib}`; a remote resource is not a file.
    fn bib_resource(&mut self, rest: &'t str) -> Option<usize> {
        let (rest, options) = match grammar::optional(rest) {
            Ok((r, o)) => (r, o),
            Err(_) => (rest, ""),
        };
        let (rest, path) = grammar::argument(rest).ok()?;
        let remote = split_options(options).any(|o| {
            o.split_once('=')
                .is_some_and(|(k, v)| k.trim() == "location" && v.trim() == "remote")
        });
        let written = path.trim();
        if !remote && !written.is_empty() && !written.contains('*') {
            let path = self.expand(written).unwrap_or(Cow::Borrowed(written));
            let mut link = Link::bibliography(&*path, self.span(written));
            link.relative = Relative::Search;
            self.links.push(link);
        }
        Some(self.at(rest))
    }

    /// `\externaldocument[prefix]{file}`: that document's labels, under
    /// the prefix.
    fn external(&mut self, rest: &'t str) -> Option<usize> {
        let (rest, prefix) = match grammar::optional(rest) {
            Ok((r, p)) => (r, p.trim()),
            Err(_) => (rest, ""),
        };
        let (rest, path) = grammar::argument(rest).ok()?;
        let written = path.trim();
        let path = self.expand(written)?;
        let mut link = Link::new(LinkKind::Labels, &*path, self.span(written));
        link.relative = Relative::Search;
        link.suffix = ".tex";
        link.prefix = (!prefix.is_empty()).then(|| prefix.into());
        self.links.push(link);
        Some(self.at(rest))
    }

    /// `\begin{env}`: a verbatim environment is jumped over to its end.
    fn begin(&mut self, at: usize, rest: &'t str) -> Option<usize> {
        let Ok((rest, env)) = grammar::argument(rest) else {
            return Some(self.at(rest));
        };
        let env = env.trim();
        if env == "document" {
            self.in_document = true;
        }
        let kind = commands::verbatim(env).or_else(|| {
            self.verbatim
                .iter()
                .any(|v| v == env)
                .then_some(Verbatim::Plain)
        });
        let Some(kind) = kind else {
            return Some(self.at(rest));
        };
        // Options on the same line (listings' `label=`), and minted's
        // language.
        let mut body = rest;
        let mut escape = self.escape.clone();
        let mut guess = self.escape_unknown;
        if body.starts_with('[') {
            if let Ok((r, options)) = grammar::optional(body) {
                self.listing_label(options);
                if let Some(own) = escape_of(options) {
                    escape = own;
                    guess = false;
                }
                body = r;
            }
        }
        if kind == Verbatim::Minted {
            if let Ok((r, _)) = grammar::argument(body) {
                body = r;
            }
        }
        let end = format!("\\end{{{env}}}");
        let from = self.at(body);
        match memmem::find(&self.text.as_bytes()[from..], end.as_bytes()) {
            Some(n) => {
                if env.starts_with("lstlisting") {
                    match escape {
                        Some((open, close)) => {
                            self.escapes(from, from + n, &open, &close);
                        }
                        // Set in another file of the document (its root's
                        // `\lstset`): the usual delimiters are taken.
                        None if guess && !self.escapes(from, from + n, "(*@", "@*)") => {
                            self.escapes(from, from + n, "(*", "*)");
                        }
                        None => {}
                    }
                }
                Some(from + n + end.len())
            }
            None => {
                self.unread.push((
                    Span::new(at, self.at(rest)),
                    format!("`\\begin{{{env}}}` is never closed: the rest of the file is not read"),
                ));
                None
            }
        }
    }

    /// `\end{env}`: `\end{document}` ends the reading.
    fn end(&mut self, rest: &'t str) -> Option<usize> {
        let Ok((after, env)) = grammar::argument(rest) else {
            return Some(self.at(rest));
        };
        match env.trim() {
            "document" => {
                self.limit = self.at(after);
                None
            }
            "thebibliography" => {
                self.close_bibitem(self.at(rest) - "\\end".len());
                Some(self.at(after))
            }
            _ => Some(self.at(after)),
        }
    }

    /// Inline code after its options: `|…|` or `{…}`.
    fn inline_code(&self, rest: &'t str) -> Option<usize> {
        if rest.starts_with('{') {
            grammar::group(Body::Verbatim)(rest)
                .ok()
                .map(|(r, _)| self.at(r))
        } else {
            grammar::delimited(rest).ok().map(|(r, _)| self.at(r))
        }
    }

    /// `\iffalse`: skipped to its `\else` or `\fi`, nested conditionals
    /// counted, comments skipped.
    fn if_false(&mut self, at: usize, rest: &'t str) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let mut pos = self.at(rest);
        let mut depth = 0usize;
        while let Some(n) = memchr2(b'\\', b'%', &bytes[pos..]) {
            let hit = pos + n;
            if bytes[hit] == b'%' {
                pos = memchr(b'\n', &bytes[hit..]).map_or(bytes.len(), |n| hit + n);
                continue;
            }
            let after = &self.text[hit + 1..];
            let Ok((r, name)) = grammar::word(after) else {
                pos = hit + 1 + after.chars().next().map_or(0, char::len_utf8);
                continue;
            };
            pos = self.at(r);
            match name {
                "fi" if depth == 0 => return Some(pos),
                "fi" => depth -= 1,
                "else" if depth == 0 => return Some(pos),
                "newif" => {
                    if let Ok((r, _)) = grammar::control_sequence(grammar::blank(r)) {
                        pos = self.at(r);
                    }
                }
                // A conditional, not a command with arguments that merely
                // starts with "if" (etoolbox's `\ifdefempty{…}`, ifthen's
                // `\ifthenelse{…}`).
                _ if name.starts_with("if")
                    && !grammar::blank(r).starts_with('{')
                    && name != "ifthenelse" =>
                {
                    depth += 1;
                }
                _ => {}
            }
        }
        self.unread.push((
            Span::new(at, at + "\\iffalse".len()),
            "`\\iffalse` has no `\\fi`: the rest of the file is not read".to_owned(),
        ));
        None
    }

    /// `\documentclass[options]{class}`: a root, unless it is a subfile,
    /// whose option names its root.
    fn document_class(&mut self, rest: &'t str) -> Option<usize> {
        let (rest, options) = match grammar::optional(rest) {
            Ok((r, o)) => (r, Some(o)),
            Err(_) => (rest, None),
        };
        let (rest, class) = grammar::argument(rest).ok()?;
        if self.root.is_none() {
            if class.trim() == "subfiles" {
                self.root = Some(false);
                if let Some(main) = options.map(str::trim).filter(|o| !o.is_empty()) {
                    if let Some(path) = self.expand(main) {
                        let mut link = Link::new(LinkKind::Root, &*path, self.span(main));
                        link.suffix = ".tex";
                        self.links.push(link);
                    }
                }
            } else {
                self.root = Some(true);
            }
        }
        Some(self.at(rest))
    }

    /// `\newcommand{\x}[n][default]{body}`: the body is not read; a
    /// command without parameters whose body is plain text is kept for
    /// paths.
    fn new_command(&mut self, rest: &'t str) -> Option<usize> {
        let (rest, _) = grammar::star(rest);
        let (rest, name) = grammar::defined_name(rest).ok()?;
        let (rest, params) = match grammar::optional(rest) {
            Ok((r, p)) => (r, Some(p)),
            Err(_) => (rest, None),
        };
        let rest = grammar::optional(rest).map_or(rest, |(r, _)| r);
        let (rest, body) = grammar::group(Body::Text { long: true })(grammar::blank(rest)).ok()?;
        if params.is_none_or(|p| p.trim() == "0") {
            self.define(name, body);
        }
        Some(self.at(rest))
    }

    /// `\def\x#1#2{body}`: the body is not read.
    fn def(&mut self, kind: &str, rest: &'t str) -> Option<usize> {
        if matches!(kind, "long" | "protected") {
            return None;
        }
        let (rest, name) = grammar::control_sequence(grammar::blank(rest)).ok()?;
        let open = memchr2(b'{', b'}', rest.as_bytes())?;
        let params = &rest[..open];
        if rest.as_bytes()[open] == b'}' || params.contains("\n\n") {
            return None;
        }
        let (after, body) = grammar::group(Body::Text { long: true })(&rest[open..]).ok()?;
        if params.trim().is_empty() {
            self.define(name, body);
        }
        Some(self.at(after))
    }

    fn define(&mut self, name: &'t str, body: &'t str) {
        if !body.contains(['\\', '#', '{', '}', '%']) {
            self.macros.insert(name, body.trim());
        }
    }

    /// `\lstnewenvironment{name}`, `\DefineVerbatimEnvironment{name}…`,
    /// `\newminted[name]{language}{options}`.
    fn new_verbatim(&mut self, rest: &'t str, minted: bool) -> Option<usize> {
        if minted {
            let (rest, env) = match grammar::optional(rest) {
                Ok((r, e)) => (r, Some(e)),
                Err(_) => (rest, None),
            };
            let (rest, language) = grammar::argument(rest).ok()?;
            let env = env.map_or_else(|| format!("{}code", language.trim()), str::to_owned);
            self.verbatim.push(env.trim().to_owned());
            return Some(self.at(rest));
        }
        let (rest, name) = grammar::argument(rest).ok()?;
        self.verbatim.push(name.trim().to_owned());
        Some(self.at(rest))
    }

    /// Expand this file's plain macros in a path; `None` when a command
    /// remains.
    fn expand(&self, path: &'t str) -> Option<Cow<'t, str>> {
        if !path.contains('\\') {
            return Some(Cow::Borrowed(path));
        }
        let mut out = String::with_capacity(path.len() + 16);
        let mut rest = path;
        while let Some(at) = rest.find('\\') {
            out.push_str(&rest[..at]);
            let (after, name) = grammar::control_sequence(&rest[at..]).ok()?;
            out.push_str(self.macros.get(name)?);
            // A space after a control word is eaten; `{}` ends one.
            rest = after.strip_prefix("{}").unwrap_or(after);
        }
        out.push_str(rest);
        // `../..//sty`: a macro ending in `/` before a `/`.
        while out.contains("//") {
            out = out.replace("//", "/");
        }
        Some(Cow::Owned(out))
    }

    /// A command declared in `ibid.toml`: its arguments read by its spec,
    /// its template filled.
    fn custom(&mut self, custom: &Custom, rest: &'t str) -> Option<usize> {
        let mut rest = rest;
        let mut args: Vec<Option<&'t str>> = Vec::with_capacity(custom.args.len());
        for arg in custom.args.iter() {
            match arg {
                Arg::Star => {
                    let (r, starred) = grammar::star(rest);
                    rest = r;
                    args.push(starred.then_some("*"));
                }
                Arg::Optional => match grammar::optional(rest) {
                    Ok((r, a)) => {
                        rest = r;
                        args.push(Some(a));
                    }
                    Err(_) => args.push(None),
                },
                Arg::Mandatory => {
                    let (r, a) = grammar::argument(rest).ok()?;
                    rest = r;
                    args.push(Some(a));
                }
            }
        }
        let (filled, used) = custom.fill(&args)?;
        let filled = match filled.find(super::settings::PREFIX) {
            Some(_) => filled.replace(super::settings::PREFIX, &self.prefix),
            None => filled,
        };
        let span = self.span(used.trim());
        match custom.kind {
            CustomKind::Include => {
                let path = collapse(&filled, custom.template.starts_with('/'));
                if path.is_empty() || path.contains('\\') {
                    return Some(self.at(rest));
                }
                let mut link = Link::new(LinkKind::Include, &*path, span);
                link.relative = match custom.from {
                    From::Root => Relative::Root,
                    From::File => Relative::File,
                };
                link.suffix = ".tex";
                link.sets_base = Some(path.rfind('/').map_or(0, |i| i + 1));
                link.optional = self.conditional(span.start);
                self.links.push(link);
            }
            CustomKind::Ref | CustomKind::Cite => {
                let kind = if custom.kind == CustomKind::Ref {
                    RefKind::CrossRef
                } else {
                    RefKind::Citation
                };
                for key in filled.split(',').map(str::trim).filter(|k| !k.is_empty()) {
                    if !key.contains(['#', '\\']) {
                        self.markers.push(Marker::new(kind, key, span));
                    }
                }
            }
            CustomKind::Prefix => self.prefix = filled,
            CustomKind::Label => {
                let key = filled.trim();
                let label = Label::from(key);
                let alternative =
                    !self.conditional_args.is_empty() && self.alternative(span.start, &label);
                if !alternative && !key.is_empty() && !key.contains(['#', '\\']) {
                    self.definitions.push(Definition::new(
                        RefKind::CrossRef,
                        key,
                        span,
                        Span::new(span.end, span.end),
                    ));
                }
            }
        }
        Some(self.at(rest))
    }
}

impl Scanner<'_, '_> {
    /// The parts of a listing that escape to LaTeX (`(*…*)`), read.
    /// Whether there was any.
    fn escapes(&mut self, from: usize, to: usize, open: &str, close: &str) -> bool {
        if open.is_empty() || close.is_empty() {
            return false;
        }
        let mut found = false;
        let mut pos = from;
        while let Some(n) = memmem::find(&self.text.as_bytes()[pos..to], open.as_bytes()) {
            let start = pos + n + open.len();
            let Some(m) = memmem::find(&self.text.as_bytes()[start..to], close.as_bytes()) else {
                break;
            };
            self.scan(start, start + m);
            found = true;
            pos = start + m + close.len();
        }
        found
    }
}

/// listings' `escapeinside={A}{B}` or `escapechar=X` in options: the
/// delimiters, or `None` inside when they are cleared; `None` when the
/// options do not set them.
fn escape_of(options: &str) -> Option<Option<(String, String)>> {
    let options = grammar::without_comments(options);
    for option in split_options(&options) {
        let Some((key, value)) = option.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            "escapeinside" => {
                let pair = grammar::argument(value).ok().and_then(|(rest, open)| {
                    let (_, close) = grammar::argument(rest).ok()?;
                    Some((open.to_owned(), close.to_owned()))
                });
                return Some(pair.filter(|(o, c)| !o.is_empty() && !c.is_empty()));
            }
            "escapechar" => {
                let c = value.trim_matches(['{', '}']).trim_start_matches('\\');
                return Some((!c.is_empty()).then(|| (c.to_owned(), c.to_owned())));
            }
            _ => {}
        }
    }
    None
}

/// Skip `n` groups (a macro's spec, body, …); the rest.
fn skip_groups(mut rest: &str, n: usize) -> Option<&str> {
    for _ in 0..n {
        rest = grammar::group(Body::Text { long: true })(grammar::blank(rest))
            .ok()?
            .0;
    }
    Some(rest)
}

/// `key=value` options split at top-level commas.
fn split_options(options: &str) -> impl Iterator<Item = &str> {
    let mut depth = 0usize;
    let mut start = 0;
    let mut parts = Vec::new();
    for (i, b) in options.bytes().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth == 0 => {
                parts.push(&options[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&options[start..]);
    parts.into_iter()
}

/// A path with empty segments collapsed: a template's missing optional
/// argument leaves `/x` or `a//b`.
fn collapse(path: &str, absolute: bool) -> String {
    let joined: Vec<&str> = path.split('/').filter(|s| !s.trim().is_empty()).collect();
    let mut out = joined.join("/");
    if absolute {
        out.insert(0, '/');
    }
    out
}
