//! The reStructuredText dialect (DESIGN.md section 7): docutils'
//! footnotes, citations, hyperlink targets and substitutions, and, in a
//! Sphinx project, `:ref:`, `:numref:`, `:doc:`, `:eq:`, toctree entries,
//! labels and sphinxcontrib-bibtex's `:cite:` family.
//!
//! Reading is in two layers. [`blocks`] walks the lines once and decides
//! what each is by its indentation and its first characters: section
//! titles, explicit markup (footnotes, citations, targets, substitution
//! definitions, directives with their options and content, comments),
//! literal blocks after `::`, doctest blocks, and paragraphs (tables, lists
//! and quotes are paragraphs here: their text is read the same way). Text
//! that is never markup is skipped whole: literal blocks, the content of
//! `code-block`, `raw`, `math` and their kin, comments, doctest blocks.
//! [`inline`] then reads each paragraph's inline markup with docutils'
//! start- and end-string rules.
//!
//! # Grammar (blocks)
//!
//! ```text
//! document   = *( blank / title / explicit / anonymous / doctest / literal / paragraph )
//! title      = [ adornment LF ] text LF adornment  ; adornment: one punctuation char repeated
//! explicit   = ".." ( SP item / EOL ) body         ; body: the lines indented more than ".."
//! item       = "[" label "]" [ SP text ]           ; footnote or citation
//!            / "_" ( name / "`" text "`" / "_" ) ":" [ SP link ]   ; target ("__": anonymous)
//!            / "|" text "|" SP directive           ; substitution definition
//!            / directive
//!            / text                                ; a comment
//! directive  = name "::" [ SP arguments ] LF *( option LF ) [ LF content ]
//! option     = ":" name ":" [ SP text ]
//! anonymous  = "__" SP link                        ; an anonymous target
//! doctest    = ">>>" *any-line-to-blank
//! literal    = paragraph-ending-in-"::" blank 1*indented-line
//! label      = 1*DIGIT / "#" [ name ] / "*" / name ; a footnote, or a citation
//! ```
//!
//! Directives whose content is not reStructuredText (`code`, `code-block`,
//! `sourcecode`, `raw`, `math`, `literalinclude`, `highlight`, doctest's,
//! `graphviz`, …) are skipped after their options; `parsed-literal` and
//! every other directive (admonitions, `figure`, `only`, domain
//! directives, unknown ones) are read.
//!
//! # What becomes what
//!
//! | written | model |
//! |---|---|
//! | `[1]_`, `[#x]_`, `[#]_`, `[*]_` / `.. [1]` … | [`RefKind::Note`]; `[#]` and `[*]` pair in order (keys `#1`, `#2`, …) |
//! | `[CIT]_` / `.. [CIT]` | [`RefKind::UnitNote`]: a Sphinx project shares them |
//! | `` `name`_ ``, `name_`, `` `t <name_>`_ `` / `.. _name:`, section titles | [`RefKind::Target`] |
//! | `|name|` / `.. |name| replace:: …` | [`RefKind::Target`] in namespace `sub` |
//! | `:ref:`, `:numref:` / `.. _name:`, `:name:` | [`RefKind::CrossRef`] (Sphinx only) |
//! | `:doc:`, toctree entries | [`RefKind::CrossRef`] in namespace `doc`, by document name |
//! | `:eq:` / `.. math::` `:label:` | [`RefKind::CrossRef`] in namespace `eq` |
//! | `:cite:`, `:cite:p:`, `:footcite:` … | [`RefKind::Citation`] (Sphinx only) |
//!
//! Names compare as docutils normalizes them: case and runs of whitespace
//! do not matter.

mod blocks;
mod explicit;
mod inline;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap;

use crate::model::{
    Certainty, Comment, Definition, Document, DocumentBuilder, Label, Link, Marker, Notation,
    RefKind, Span,
};

/// How reStructuredText writes notes and citations, for messages and help.
pub const NOTATION: Notation = Notation {
    marker: |label| format!("[{label}]_"),
    definition: |label| format!(".. [{label}] …"),
    citation: |key| format!(":cite:`{key}`"),
    inline_note: "[#]_",
    key: |key| format!("`{key}`"),
    // docutils numbers `[#]` notes itself; hand numbers are labels.
    sequential: false,
    duplicates_resolve: false,
    shared_note: "citation",
};

/// Where a document sits in a Sphinx project: what Sphinx's roles need.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Project<'a> {
    /// The document's name: its path from the project folder, with `/`
    /// and without its suffix (`guide/install`).
    pub docname: &'a str,
    /// `sphinx.ext.intersphinx` is on: `:ref:`other:label`` may name
    /// another project's label.
    pub intersphinx: bool,
    /// And the project has it resolve `:ref:` and `:doc:` targets
    /// written without a prefix too (`intersphinx_disabled_reftypes = []`):
    /// a label no page defines may be another project's.
    pub intersphinx_unprefixed: bool,
    /// `sphinx.ext.autosectionlabel` is on: section titles are labels.
    pub autosectionlabel: Option<AutoSectionLabel>,
}

/// `sphinx.ext.autosectionlabel`'s settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct AutoSectionLabel {
    /// `autosectionlabel_prefix_document`: labels are `docname:Title`.
    pub prefix_document: bool,
    /// `autosectionlabel_maxdepth`: deeper sections get no label.
    pub maxdepth: Option<u32>,
}

/// Whether text of unknown type looks like reStructuredText: an explicit
/// markup line that only reST has (a footnote, a target, a directive).
pub fn sniff(text: &str) -> bool {
    text.lines().take(2_000).any(|line| {
        line.strip_prefix(".. ").is_some_and(|rest| {
            rest.starts_with('[') && rest.contains("] ")
                || rest.starts_with('_') && rest.contains(':')
                || explicit::directive_name(rest).is_some()
        })
    })
}

/// Read a reStructuredText document; `project` when it is a document of a
/// Sphinx project.
pub fn parse(text: &str, project: Option<&Project<'_>>) -> Document {
    let mut found = Found::default();
    blocks::read(text, &mut found, project);
    found.build(text, project.is_some())
}

/// What a document defines that a document including it can reference:
/// targets, substitutions, and footnotes and citations with a name (not
/// `[#]` and `[*]`, which docutils numbers across the whole document), by
/// [`included_key`].
pub fn defined_targets(doc: &Document) -> impl Iterator<Item = (Label, Label)> + '_ {
    doc.definitions.iter().filter_map(|d| {
        Some((
            included_kind(d.kind, d.namespace.as_deref(), d.key())?,
            Label::from(d.key()),
        ))
    })
}

/// How [`defined_targets`] and [`with_included`] name a kind of name:
/// the namespace of a target (`""`, `sub`), `note` or `citation`.
fn included_kind(kind: RefKind, namespace: Option<&str>, key: &str) -> Option<Label> {
    match kind {
        // Anonymous ones pair in order over the whole text, the included
        // files' included: not judged across an include.
        RefKind::Target if key.starts_with("__") => None,
        RefKind::Target => Some(Label::from(namespace.unwrap_or(""))),
        RefKind::Note => {
            // `*2`, `#3`: the second symbol note, the third `[#]`.
            let anonymous = key.starts_with('*')
                || key
                    .strip_prefix('#')
                    .is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit()));
            (!anonymous).then(|| Label::from("note"))
        }
        RefKind::UnitNote => Some(Label::from("citation")),
        _ => None,
    }
}

/// A document that includes reStructuredText, once the pipeline has read
/// what its includes define (`defined`, from [`defined_targets`] of each
/// included file, followed through theirs): a reference one of them
/// defines is resolved there and dropped; every other reference to a
/// target is judged in the document, as a lone one is.
pub fn with_included(doc: &mut Document, defined: &rustc_hash::FxHashSet<(Label, Label)>) {
    doc.markers.retain_mut(|m| {
        if m.kind == RefKind::Target && m.key().starts_with("__") {
            // Left unjudged (see `included_kind`).
            return false;
        }
        let Some(kind) = included_kind(m.kind, m.namespace.as_deref(), m.key()) else {
            return true;
        };
        if m.kind == RefKind::Target {
            m.certainty = Certainty::Marker;
        }
        !defined.contains(&(kind, Label::from(m.key())))
    });
}

/// A name as docutils compares it: lower case, runs of whitespace one
/// space (`fully_normalize_name`).
pub(crate) fn normalize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The document a `:doc:` target or toctree entry names, from the
/// document `current`: `/x` from the project folder, else from the
/// current document's folder, with `.` and `..` worked out.
pub(crate) fn docname(current: &str, target: &str) -> String {
    let (base, target) = match target.strip_prefix('/') {
        Some(rest) => ("", rest),
        None => (current.rsplit_once('/').map_or("", |(dir, _)| dir), target),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// Whether docutils reads `label` as a footnote's or a citation's (`.. [x y]`
/// and `.. [*x*]` are comments).
fn note_label(label: &str) -> bool {
    matches!(label, "#" | "*")
        || label.bytes().all(|b| b.is_ascii_digit())
        || explicit::is_refname(label.strip_prefix('#').unwrap_or(label))
}

/// What the reader found, with the counters that pair anonymous things in
/// order.
#[derive(Default)]
pub(super) struct Found {
    pub markers: Vec<Marker>,
    pub definitions: Vec<Definition>,
    pub comments: Vec<Comment>,
    pub links: Vec<Link>,
    pub prose: Vec<Span>,
    /// `[#]_` and `.. [#]` so far; `[*]_` and `.. [*]`; `name__` and
    /// `.. __:`.
    auto: [u32; 2],
    symbol: [u32; 2],
    anonymous: [u32; 2],
    /// Implicit targets (section titles, citations, phrases with an
    /// embedded URI): the first place of each name, by normalized name.
    implicit: FxHashMap<String, (Label, Span)>,
    /// Inline literals and interpreted text of the paragraph being read:
    /// not prose.
    pub quiet: Vec<Span>,
    /// The Sphinx labels (outside a namespace) the page defines.
    labels: rustc_hash::FxHashSet<String>,
    /// External targets' URIs by name.
    external: FxHashMap<String, String>,
    /// Includes of reStructuredText (not `:literal:`): targets and
    /// substitutions may come from them.
    pub includes_rst: u32,
    /// `.. include:: <isonum.txt>` and the like: substitutions may come
    /// from docutils' own files, which ibid does not have.
    pub standard_include: bool,
}

impl Found {
    /// A reference `[label]_`, when the label is one docutils reads.
    fn note_ref(&mut self, label: &str, whole: Span) -> Option<()> {
        let (kind, key) = self.note_key(label, 0)?;
        let mut marker = Marker::new(kind, label, whole);
        marker.key = key.map(Into::into);
        marker.label_span = Span::new(whole.start + 1, whole.start + 1 + label.len());
        self.markers.push(marker);
        Some(())
    }

    /// A note or citation `.. [label] body`.
    fn note_def(&mut self, label: &str, label_span: Span, body: Span) -> Option<usize> {
        let (kind, key) = self.note_key(label, 1)?;
        let mut def = Definition::new(kind, label, label_span, body);
        def.key = key.map(Into::into);
        if kind == RefKind::UnitNote {
            // `CIT2002_` names the citation too.
            self.implicit(label);
        } else if let Some(name) = label.strip_prefix('#').filter(|n| !n.is_empty()) {
            self.implicit(name);
        }
        self.definitions.push(def);
        Some(self.definitions.len() - 1)
    }

    /// The kind and key of a bracketed label; `side` 0 for a reference, 1
    /// for a definition (each side counts its anonymous ones).
    fn note_key(&mut self, label: &str, side: usize) -> Option<(RefKind, Option<String>)> {
        Some(match label {
            "#" => {
                self.auto[side] += 1;
                (RefKind::Note, Some(format!("#{}", self.auto[side])))
            }
            "*" => {
                self.symbol[side] += 1;
                (RefKind::Note, Some(format!("*{}", self.symbol[side])))
            }
            _ if label.bytes().all(|b| b.is_ascii_digit()) && !label.is_empty() => {
                // `[01]` and `[1]` are one name to docutils? No: names are
                // compared as written, but a number is its digits.
                (RefKind::Note, None)
            }
            _ => {
                let (name, kind) = match label.strip_prefix('#') {
                    Some(name) => (name, RefKind::Note),
                    None => (label, RefKind::UnitNote),
                };
                if !explicit::is_refname(name) {
                    return None;
                }
                let key = normalize(name);
                let key = if kind == RefKind::Note {
                    format!("#{key}")
                } else {
                    key
                };
                (kind, Some(key))
            }
        })
    }

    /// A hyperlink reference to `label` (as written, whitespace made one).
    fn target_ref(&mut self, label: String, whole: Span, label_span: Span, certainty: Certainty) {
        let mut marker = Marker::new(RefKind::Target, label.as_str(), whole);
        marker.key = Some(normalize(&label).into());
        marker.label_span = label_span;
        marker.certainty = certainty;
        self.markers.push(marker);
    }

    /// `text__`: the next anonymous reference, paired with the next
    /// anonymous target.
    fn anonymous_ref(&mut self, text: &str, whole: Span, label_span: Span) {
        self.anonymous[0] += 1;
        let label = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut marker = Marker::new(RefKind::Target, label.as_str(), whole);
        marker.key = Some(format!("__{}", self.anonymous[0]).into());
        marker.label_span = label_span;
        self.markers.push(marker);
    }

    /// `.. __: uri` or `__ uri`: the next anonymous target.
    fn anonymous_target(&mut self, label_span: Span) {
        self.anonymous[1] += 1;
        let mut def = Definition::new(RefKind::Target, "__", label_span, label_span);
        def.key = Some(format!("__{}", self.anonymous[1]).into());
        self.definitions.push(def);
    }

    /// Whether an external target `name: uri` is not one already defined
    /// with the same URI.
    fn new_external(&mut self, name: &str, uri: &str) -> bool {
        let uri: String = uri.split_whitespace().collect();
        match self.external.entry(normalize(name)) {
            std::collections::hash_map::Entry::Occupied(known) => *known.get() != uri,
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(uri);
                true
            }
        }
    }

    /// A substitution definition `.. |name| directive:: …`.
    fn substitution_def(&mut self, name: &str, label_span: Span) {
        let mut def = Definition::new(RefKind::Target, name, label_span, label_span);
        def.key = Some(normalize(name).into());
        def.namespace = Some(crate::model::SUBSTITUTION.into());
        self.definitions.push(def);
    }

    /// An inline target `` _`name` ``: a target, and in Sphinx a label.
    fn inline_target(&mut self, name: &str, span: Span, sphinx: bool) {
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        self.target_def(&name, span, span);
        if sphinx {
            self.label_def(&name, span, None);
        }
    }

    /// An explicit target `.. _name:` (or a `:name:` option); `body` is
    /// its link (a URI), or its name's span.
    fn target_def(&mut self, name: &str, label_span: Span, body: Span) {
        let mut def = Definition::new(RefKind::Target, name, label_span, body);
        def.key = Some(normalize(name).into());
        self.definitions.push(def);
    }

    /// A Sphinx label (`.. _name:`, `:name:`, an autosectionlabel title) in
    /// a namespace (`eq` for a `math` `:label:`).
    /// A section title's label (`sphinx.ext.autosectionlabel`): no
    /// target of the page has its name, so a title twice is two labels.
    fn section_label(&mut self, name: &str, label_span: Span) {
        let mut def = Definition::new(RefKind::CrossRef, name, label_span, label_span);
        def.key = Some(normalize(name).into());
        self.definitions.push(def);
    }

    fn label_def(&mut self, name: &str, label_span: Span, namespace: Option<&str>) {
        let key = if namespace.is_some() {
            name.to_owned()
        } else {
            normalize(name)
        };
        // A label twice in one page is reported once, as the page's
        // duplicate target; the project sees the first.
        if namespace.is_none() && !self.labels.insert(key.clone()) {
            return;
        }
        let mut def = Definition::new(RefKind::CrossRef, name, label_span, label_span);
        def.key = Some(key.into());
        def.namespace = namespace.map(Into::into);
        self.definitions.push(def);
    }

    /// An implicit target: a section title, a citation's label, a phrase
    /// with an embedded URI. Only its first place counts, and an explicit
    /// target of the same name takes its place (docutils says so at info
    /// level only).
    fn implicit(&mut self, name: &str) {
        self.title(name, Span::default());
    }

    /// A section title at `span`: an implicit target (and no place, since
    /// a title is never reported).
    fn title(&mut self, name: &str, span: Span) {
        let key = normalize(&title_text(name));
        if !key.is_empty() {
            self.implicit
                .entry(key)
                .or_insert_with(|| (Label::from(name.trim()), span));
        }
    }

    /// The document, with implicit targets that no explicit one names.
    fn build(mut self, text: &str, sphinx: bool) -> Document {
        let explicit: rustc_hash::FxHashSet<&str> = self
            .definitions
            .iter()
            .filter(|d| d.kind == RefKind::Target && d.namespace.is_none())
            .map(Definition::key)
            .collect();
        let mut implicit: Vec<Definition> = self
            .implicit
            .drain()
            .filter(|(key, _)| !explicit.contains(key.as_str()))
            .map(|(key, (label, span))| {
                let mut def = Definition::new(RefKind::Target, label, span, span);
                def.key = Some(key.into());
                def
            })
            .collect();
        implicit.sort_by(|a, b| (a.label_span, a.key()).cmp(&(b.label_span, b.key())));
        self.definitions.extend(implicit);
        if sphinx {
            // Sphinx defines these for every document.
            self.markers.retain(|m| {
                m.namespace.as_deref() != Some(crate::model::SUBSTITUTION)
                    || !matches!(
                        m.key(),
                        "version" | "release" | "today" | "translation progress"
                    )
            });
        }
        if self.standard_include {
            self.markers
                .retain(|m| m.namespace.as_deref() != Some(crate::model::SUBSTITUTION));
        }
        if self.includes_rst > 0 {
            // What an included file defines is read by the pipeline (see
            // [`with_included`]); until then a reference only it could
            // resolve is left alone.
            for m in &mut self.markers {
                if m.kind == RefKind::Target {
                    m.certainty = Certainty::IfDefined;
                }
            }
        }
        let mut b = DocumentBuilder::new();
        b.markers(self.markers)
            .definitions(self.definitions)
            .prose(self.prose)
            .comments(self.comments);
        for link in self.links {
            b.link(link);
        }
        b.build(text)
    }
}

/// A title's text as docutils names it: inline markup characters
/// (`` ` ``, `*`) dropped, escapes resolved (`\*` is a star).
fn title_text(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut chars = title.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            '`' | '*' => {}
            _ => out.push(c),
        }
    }
    out
}
