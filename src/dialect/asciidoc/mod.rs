//! The AsciiDoc dialect (DESIGN.md section 8), read as Asciidoctor reads
//! it: footnotes, anchors, cross-references, bibliography entries and
//! includes. A document and the files it includes are one unit; an O'Reilly
//! Atlas book (`atlas.json`) is one document made of the files it lists.
//!
//! Reading is in two layers. [`blocks`] walks the lines once: preprocessor
//! directives (`include::`, and `ifdef::`/`ifndef::`/`ifeval::`/`endif::`,
//! whose lines are dropped and whose content is read as written: ibid does
//! not evaluate conditions), comments (`//` lines, `////` blocks),
//! attribute entries (`:name: value`), block attribute lines (`[source]`,
//! `[#id]`, `[bibliography]`), block anchors (`[[id]]`), block titles,
//! section titles (`==`, `##`, and two-line titles), delimited blocks, and
//! paragraphs. [`inline`] then reads each paragraph, title and cell.
//!
//! # Grammar (blocks)
//!
//! ```text
//! document   = *( blank / comment / directive / attribute / anchor / attrs
//!               / block-title / section / delimited / literal / paragraph )
//! comment    = "//" [ not-"/" *any ] / "////" *line "////"
//! directive  = ( "include" / "ifdef" / "ifndef" / "ifeval" / "endif" ) "::" target "[" attrs "]"
//! attribute  = ":" [ "!" ] name [ "!" ] ":" [ SP value ]
//! anchor     = "[[" id [ "," reftext ] "]]"
//! attrs      = "[" [ style ] [ "#" id ] *( "." role / "%" option ) *( "," attr ) "]"
//! section    = 1*6"=" SP title / 1*6"#" SP title / text LF underline
//! delimited  = delimiter LF *line delimiter    ; the same delimiter closes
//! delimiter  = "----" / "...." / "++++" / "////" / "====" / "****" / "____" / "--"
//!            / "|===" / "```" [ lang ]
//! literal    = indented-line *line             ; to the next blank line
//! ```
//!
//! # Grammar (inline)
//!
//! ```text
//! anchor     = "[[" id [ "," reftext ] "]]" / "anchor:" id "[" [ reftext ] "]"
//! entry      = list-marker SP "[[[" id [ "," reftext ] "]]]"   ; in a bibliography
//! xref       = "<<" target [ "," text ] ">>" / "xref:" target "[" [ text ] "]"
//! target     = id / path "#" [ id ] / path.adoc / title-with-spaces
//! footnote   = "footnote:" [ fid ] "[" [ text ] "]" / "footnoteref:[" fid [ "," text ] "]"
//! pass       = "+++" *any "+++" / "++" *any "++" / "+" text "+" / "$$" *any "$$"
//!            / ( "pass" / "stem" / "latexmath" / "asciimath" ) ":" [ subs ] "[" *any "]"
//! ```
//!
//! A backslash before an anchor, a cross-reference or a macro makes it
//! text. Listing, literal, source and passthrough content, comments and
//! passthroughs are never read; backtick monospace is read (it is not
//! literal in Asciidoctor).
//!
//! # What becomes what
//!
//! | written | model |
//! |---|---|
//! | `footnote:[text]` | [`RefKind::InlineNote`] (empty: `empty-note`) |
//! | `footnote:x[text]`, `footnoteref:[x,text]` | [`RefKind::UnitNote`] definition, and a reference to it |
//! | `footnote:x[]`, `footnoteref:[x]` | [`RefKind::UnitNote`] reference, [`Certainty::Ordered`] |
//! | `[[x]]`, `[#x]`, `[id=x]`, `anchor:x[]`, `[[[x]]]` | [`RefKind::CrossRef`] definition |
//! | a section title | [`RefKind::CrossRef`]: its generated id ([`Origin::Generated`]), and its title ([`Origin::Alias`]; in namespace `title` when it has a space) |
//! | `<<x>>`, `xref:x[]` | [`RefKind::CrossRef`] reference |
//! | `<<Some Title>>` (with a space) | [`RefKind::CrossRef`] reference in namespace `title` |
//! | `<<file.adoc#x>>`, `xref:file.adoc#x[]` | [`RefKind::CrossRef`] reference `file.adoc#x`, and a [`LinkKind::Labels`] link to the file |
//! | `include::file[]` | [`LinkKind::Include`] (in a listing block: `verbatim`) |
//!
//! Bibliography entries are each a [`BlockKind::References`] block, so
//! that an entry nobody cites is `unused-entry`, not `unused-label`.

mod blocks;
mod inline;
#[cfg(test)]
mod tests;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::model::{
    Block, BlockKind, Certainty, Comment, Definition, Document, DocumentBuilder, Link, LinkKind,
    Marker, Notation, Origin, RefKind, Span,
};

/// How AsciiDoc writes notes, for messages and help.
pub const NOTATION: Notation = Notation {
    marker: |label| format!("footnote:{label}[]"),
    definition: |label| format!("footnote:{label}[…]"),
    citation: |key| format!("<<{key}>>"),
    inline_note: "footnote:[…]",
    key: |key| format!("`{key}`"),
    // Asciidoctor numbers footnotes itself.
    sequential: false,
    // The first `footnote:x[…]` is the one a reference gets.
    duplicates_resolve: true,
    shared_note: "footnote",
};

/// The namespace of section titles and reference texts, which `<<Some
/// Title>>` names.
pub const TITLE: &str = "title";

/// The file names of book manifests: an O'Reilly Atlas `atlas.json` lists
/// a book's files in order.
pub const MANIFESTS: &[&str] = &["atlas.json"];

/// Whether text of unknown type looks like AsciiDoc: a document title
/// `= Title` first, or a line only AsciiDoc writes.
pub fn sniff(text: &str) -> bool {
    let mut lines = text.lines().filter(|l| !l.trim().is_empty());
    if lines
        .next()
        .is_some_and(|first| first.starts_with("= ") && !first.ends_with(" ="))
    {
        return true;
    }
    text.lines().take(2_000).any(|line| {
        line.starts_with("include::")
            || line.starts_with("ifdef::")
            || line.starts_with("ifndef::")
            || line.contains("footnote:[")
            // A block anchor; not a wiki link such as `[[Category:Salt]]`.
            || line.starts_with("[[")
                && line.ends_with("]]")
                && is_id(&line[2..line.len() - 2])
                && !line.contains(':')
    })
}

/// Read an AsciiDoc document, or a book manifest (`atlas.json`, by its
/// file name).
pub fn parse(text: &str, path: Option<&std::path::Path>) -> Document {
    parse_with(text, path, &[])
}

/// [`parse`], with the attributes the document starts with (as
/// `asciidoctor -a name=value` sets them; the document's own entries
/// override them).
pub fn parse_with(
    text: &str,
    path: Option<&std::path::Path>,
    attributes: &[(String, String)],
) -> Document {
    let name = path.and_then(|p| p.file_name()).and_then(|n| n.to_str());
    if name.is_some_and(|n| MANIFESTS.contains(&n)) {
        return manifest(text);
    }
    let mut found = Found {
        antora: path.and_then(Antora::of),
        attributes: attributes.iter().cloned().collect(),
        ..Found::default()
    };
    blocks::read(text, &mut found);
    found.build(text)
}

/// Where a file sits in an Antora component (`modules/<module>/<family>/
/// …`), known from its path: Antora resolves page ids and resource ids
/// (`xref:module:page.adoc[]`, `include::partial$name.adoc[]`) from the
/// module's folders, not from the file's.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Antora {
    /// From the file's folder to the module's folder (`../`, `../../` …).
    module_dir: String,
}

impl Antora {
    /// The file's place, when its path has `modules/<module>/<family>/`.
    fn of(path: &std::path::Path) -> Option<Self> {
        let parts: Vec<&str> = path
            .parent()?
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .collect();
        let at = parts.iter().rposition(|p| *p == "modules")?;
        if parts.len() == at + 2 {
            // The module's own folder: its `nav.adoc`.
            return Some(Self {
                module_dir: String::new(),
            });
        }
        let family = parts.get(at + 2)?;
        if !matches!(
            *family,
            "pages" | "partials" | "examples" | "attachments" | "images"
        ) {
            return None;
        }
        // Below the family folder, and the family folder itself.
        let depth = parts.len() - (at + 3) + 1;
        Some(Self {
            module_dir: "../".repeat(depth),
        })
    }

    /// The path, from the file's folder, of a resource id: `[module:]`
    /// then `family$path` or a page path; `None` for another component's
    /// (`component:module:`), or a version's (`v1.2@`), which ibid cannot
    /// see.
    fn resolve(&self, id: &str, default_family: &str) -> Option<String> {
        if id.contains('@') {
            return None;
        }
        let (coordinates, rest) = match id.rsplit_once(':') {
            Some((c, r)) => (Some(c), r),
            None => (None, id),
        };
        let module = match coordinates {
            None => None,
            Some(c) if c.contains(':') => return None,
            Some(m) => Some(if m.is_empty() { "ROOT" } else { m }),
        };
        let (family, path) = match rest.split_once('$') {
            Some((family, path)) => (family, path),
            None => (default_family, rest),
        };
        let family = match family {
            "partial" => "partials",
            "example" => "examples",
            "page" => "pages",
            "attachment" => "attachments",
            "image" => "images",
            _ => return None,
        };
        let module_dir = match module {
            Some(m) => format!("{}../{m}/", self.module_dir),
            None => self.module_dir.clone(),
        };
        Some(format!("{module_dir}{family}/{path}"))
    }
}

/// An Atlas manifest: a root that includes each AsciiDoc file of its
/// `files` list, in order. A manifest that is not JSON, or has no such
/// list, is a root of nothing.
fn manifest(text: &str) -> Document {
    #[derive(serde::Deserialize)]
    struct Atlas {
        #[serde(default)]
        files: Vec<String>,
    }
    let mut b = DocumentBuilder::new();
    b.root(Some(true));
    let atlas: Atlas = match serde_json::from_str(text) {
        Ok(atlas) => atlas,
        Err(e) => {
            let at = line_offset(text, e.line());
            b.unread(
                Span::new(at, text.len()),
                format!("not an Atlas manifest: {e}"),
            );
            return b.build(text);
        }
    };
    for file in atlas.files {
        let ext = file.rsplit_once('.').map_or("", |(_, e)| e);
        if !matches!(ext, "adoc" | "asciidoc" | "asc" | "ad") {
            continue;
        }
        // Where the manifest names it (its first quoted place).
        let quoted = format!("\"{file}\"");
        let span = text
            .find(&quoted)
            .map_or(Span::new(0, 0), |at| Span::new(at + 1, at + 1 + file.len()));
        b.link(Link::new(LinkKind::Include, file.as_str(), span));
    }
    b.build(text)
}

/// The offset of 1-based line `line`.
fn line_offset(text: &str, line: usize) -> usize {
    text.split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum()
}

/// An id as Asciidoctor takes it in an anchor: a letter, `_` or `:`, then
/// word characters, `-`, `:` and `.`.
pub(crate) fn is_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | ':' | '.'))
}

/// The AsciiDoc file extensions Asciidoctor takes a cross-reference path
/// to end with.
const EXTENSIONS: &[&str] = &[".adoc", ".asciidoc", ".asc", ".ad"];

/// What the reader found.
#[derive(Default)]
pub(super) struct Found {
    pub markers: Vec<Marker>,
    pub definitions: Vec<Definition>,
    pub comments: Vec<Comment>,
    pub links: Vec<Link>,
    pub prose: Vec<Span>,
    pub blocks: Vec<Block>,
    pub unread: Vec<(Span, String)>,
    /// Document attributes so far (`:name: value`), for include paths and
    /// generated ids.
    attributes: FxHashMap<String, String>,
    /// Attributes unset (`:sectids!:`).
    unset: FxHashSet<String>,
    /// Ids defined so far: a generated one that is taken gets a number.
    ids: FxHashSet<String>,
    /// Named footnotes' texts so far, by id.
    footnotes: FxHashMap<String, String>,
    /// Files cross-references name (`<<file.adoc#x>>`), once each.
    documents: FxHashSet<String>,
    /// Where the file sits in an Antora component, if it does.
    antora: Option<Antora>,
    /// The entries of [`ID_ATTRIBUTES`], for the files it includes.
    id_attributes: Vec<(Box<str>, Option<Box<str>>)>,
}

/// The attributes that decide generated ids.
const ID_ATTRIBUTES: &[&str] = &["idprefix", "idseparator", "sectids"];

impl Found {
    /// An attribute entry: `value` `None` unsets it.
    fn attribute(&mut self, name: &str, value: Option<&str>) {
        if ID_ATTRIBUTES.contains(&name) {
            self.id_attributes
                .push((name.into(), value.map(Into::into)));
        }
        match value {
            Some(value) => {
                self.unset.remove(name);
                self.attributes.insert(name.to_owned(), value.to_owned());
            }
            None => {
                self.attributes.remove(name);
                self.unset.insert(name.to_owned());
            }
        }
    }

    /// An anchor `id` (at `span`), with its reference text.
    fn anchor(&mut self, id: &str, span: Span, reftext: Option<&str>) {
        self.ids.insert(id.to_owned());
        self.definitions
            .push(Definition::new(RefKind::CrossRef, id, span, span));
        if let Some(text) = reftext.filter(|t| !t.is_empty()) {
            self.title_def(text, span);
        }
    }

    /// A bibliography entry `[[[id]]]`: an anchor that is a reference of
    /// its own.
    fn bibliography_entry(&mut self, id: &str, span: Span) {
        self.anchor(id, span, None);
        self.blocks.push(Block {
            span,
            heading: None,
            kind: BlockKind::References,
        });
    }

    /// A title or reference text that `<<Some Title>>` may name.
    pub(super) fn title_def(&mut self, title: &str, span: Span) {
        let key = title_text(title);
        if key.is_empty() {
            return;
        }
        let mut def = Definition::new(RefKind::CrossRef, title.trim(), span, span);
        // `<<Tests>>` (no space) is looked up as an id too: Asciidoctor
        // tries titles for any reference with a space or a capital, and
        // ids after; a title without a space joins the ids.
        if key.contains(char::is_whitespace) {
            def.namespace = Some(TITLE.into());
        }
        def.key = Some(key.as_str().into());
        def.origin = Origin::Alias;
        self.definitions.push(def);
    }

    /// A section title (`title` at `span`); `explicit`: it has an id of
    /// its own, else it gets one made from its title.
    fn section(&mut self, title: &str, span: Span, explicit: bool) {
        let plain = strip_anchor(title);
        self.title_def(plain, span);
        if explicit || self.unset.contains("sectids") {
            return;
        }
        let id = self.generated_id(plain);
        if id.is_empty() {
            return;
        }
        let mut def = Definition::new(RefKind::CrossRef, plain.trim(), span, span);
        def.key = Some(id.as_str().into());
        def.origin = Origin::Generated;
        self.ids.insert(id);
        self.definitions.push(def);
    }

    /// The id Asciidoctor makes for a section titled `title`: `idprefix`
    /// (default `_`), the title in lower case with what is not a word
    /// character, a space, `-` or `.` removed, and runs of spaces, `-`,
    /// `.` and the separator made one `idseparator` (default `_`); a
    /// number is added when the id is taken.
    fn generated_id(&self, title: &str) -> String {
        let id = generated_id(
            title,
            self.attributes.get("idprefix").map(String::as_str),
            self.attributes.get("idseparator").map(String::as_str),
        );
        if !self.ids.contains(&id) {
            return id;
        }
        let sep = match self.attributes.get("idseparator") {
            Some(sep) => sep.chars().next().map(String::from).unwrap_or_default(),
            None => "_".to_owned(),
        };
        (2..)
            .map(|n| format!("{id}{sep}{n}"))
            .find(|candidate| !self.ids.contains(candidate))
            .unwrap_or(id)
    }

    /// A cross-reference to `target` (at `target_span`; the whole at
    /// `whole`).
    fn xref(&mut self, target: &str, target_span: Span, whole: Span) {
        if target.contains('{') {
            // An attribute reference: not known here.
            return;
        }
        let (path, id) = match target.split_once('#') {
            Some((path, id)) => (path, id),
            None if EXTENSIONS.iter().any(|e| target.ends_with(e)) => (target, ""),
            None => ("", target),
        };
        let mut marker = if path.is_empty() {
            if id.contains(char::is_whitespace) {
                let mut m = Marker::new(RefKind::CrossRef, id.trim(), whole);
                m.key = Some(title_text(id).as_str().into());
                m.namespace = Some(TITLE.into());
                m
            } else {
                Marker::new(RefKind::CrossRef, id, whole)
            }
        } else {
            // An Antora page id resolves from the module's `pages`
            // folder; another component's is not known here.
            let antora = match &self.antora {
                Some(_) if path.starts_with("./") => Some(path.to_owned()),
                Some(a) => match a.resolve(path, "page") {
                    Some(resolved) => Some(resolved),
                    None => return,
                },
                None => None,
            };
            if let Some(resolved) = antora {
                if self.documents.insert(path.to_owned()) {
                    let mut link = Link::new(LinkKind::Labels, resolved, target_span);
                    link.prefix = Some(format!("{path}#").into());
                    self.links.push(link);
                }
            } else if self.documents.insert(path.to_owned()) {
                // `<<chapter#id>>` names `chapter.adoc`, `chapter.asc` …:
                // a link for each, and the one that exists is read.
                let suffixes: &[&'static str] = if EXTENSIONS.iter().any(|e| path.ends_with(e)) {
                    &[""]
                } else {
                    EXTENSIONS
                };
                for &suffix in suffixes {
                    let mut link = Link::new(LinkKind::Labels, path, target_span);
                    link.prefix = Some(format!("{path}#").into());
                    link.suffix = suffix;
                    // Asciidoctor matches the path against the files the
                    // document includes, from its root's folder.
                    link.relative = crate::model::Relative::Root;
                    self.links.push(link);
                }
            }
            let key = if target.contains('#') {
                target.to_owned()
            } else {
                format!("{path}#")
            };
            let mut m = Marker::new(RefKind::CrossRef, target, whole);
            m.key = Some(key.as_str().into());
            m
        };
        marker.label_span = target_span;
        self.markers.push(marker);
    }

    /// A footnote macro: `id` (empty for an anonymous one) at `id_span`,
    /// its text `content`, the whole macro at `whole`.
    fn footnote(&mut self, id: &str, id_span: Span, content: Span, whole: Span, text: &str) {
        let body = trimmed(text, content);
        if id.is_empty() {
            let mut def = Definition::new(RefKind::InlineNote, "footnote", whole, body);
            def.key = Some(format!("footnote@{}", whole.start).into());
            self.definitions.push(def);
            return;
        }
        let mut marker = Marker::new(RefKind::UnitNote, id, whole);
        marker.label_span = id_span;
        marker.certainty = Certainty::Ordered;
        self.markers.push(marker);
        if body.is_empty() {
            return;
        }
        let words = body.of(text);
        if self.footnotes.get(id).is_some_and(|known| known == words) {
            // The same text again: a reference to the first.
            return;
        }
        self.footnotes
            .entry(id.to_owned())
            .or_insert_with(|| words.to_owned());
        self.definitions
            .push(Definition::new(RefKind::UnitNote, id, id_span, body));
    }

    /// `include::target[attrs]`; `verbatim` in a listing block.
    fn include(&mut self, target: &str, span: Span, attrs: &str, verbatim: bool) {
        let Some(mut path) = self.substitute(target) else {
            return;
        };
        if let Some(antora) = self.antora.as_ref().filter(|_| path.contains('$')) {
            // A resource id (`partial$name.adoc`, `module:example$x`).
            match antora.resolve(&path, "") {
                Some(resolved) => path = resolved,
                None => return,
            }
        }
        let mut link = Link::new(LinkKind::Include, path, span);
        link.verbatim = verbatim;
        link.optional = attrs.split(',').any(|a| {
            a.trim()
                .strip_prefix("opts=")
                .or_else(|| a.trim().strip_prefix("options="))
                .is_some_and(|o| o.trim_matches('"').split(',').any(|o| o == "optional"))
                || a.trim() == "%optional"
        });
        self.links.push(link);
    }

    /// `text` with its attribute references (`{name}`) replaced by their
    /// values; `None` when one is not defined in the document.
    fn substitute(&self, text: &str) -> Option<String> {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let close = rest[open..].find('}')? + open;
            let name = &rest[open + 1..close];
            out.push_str(self.attributes.get(name)?);
            rest = &rest[close + 1..];
        }
        out.push_str(rest);
        Some(out)
    }

    /// A part of the file that could not be read, with why.
    fn unread(&mut self, span: Span, why: String) {
        self.unread.push((span, why));
    }

    fn build(self, text: &str) -> Document {
        let mut b = DocumentBuilder::new();
        b.markers(self.markers)
            .definitions(self.definitions)
            .prose(self.prose)
            .blocks(self.blocks)
            .comments(self.comments);
        b.attributes(self.id_attributes);
        for link in self.links {
            b.link(link);
        }
        for (span, why) in self.unread {
            b.unread(span, why);
        }
        b.build(text)
    }
}

/// The id Asciidoctor makes for a section titled `title`: `idprefix`
/// (default `_`), the title in lower case with what is not a word
/// character, a space, `-` or `.` removed, and runs of spaces, `-`, `.`
/// and the separator made one `idseparator` (default `_`; its first
/// character; empty: none).
pub fn generated_id(title: &str, idprefix: Option<&str>, idseparator: Option<&str>) -> String {
    let prefix = idprefix.unwrap_or("_");
    let sep = match idseparator {
        Some(sep) => sep.chars().next(),
        None => Some('_'),
    };
    let text = title_text(title).to_lowercase();
    let mut id = String::with_capacity(prefix.len() + text.len());
    id.push_str(prefix);
    for c in text.chars() {
        if c.is_alphanumeric() || matches!(c, '_' | ' ' | '-' | '.') {
            id.push(c);
        }
    }
    let Some(sep) = sep else {
        return id.replace(' ', "");
    };
    let squeeze: &[char] = if sep == '-' || sep == '.' {
        &[' ', '.', '-']
    } else {
        &[' ', sep, '.', '-']
    };
    let mut out = String::with_capacity(id.len());
    let mut last_sep = false;
    for c in id.chars() {
        if squeeze.contains(&c) {
            if !last_sep {
                out.push(sep);
            }
            last_sep = true;
        } else {
            out.push(c);
            last_sep = false;
        }
    }
    if out.ends_with(sep) {
        out.pop();
    }
    if prefix.is_empty() && out.starts_with(sep) {
        out.remove(0);
    }
    out
}

/// A document included by one that sets `idprefix`, `idseparator` or
/// `sectids` (`inherited`, in order) and that sets none itself: its
/// generated ids made again as the including document's attributes make
/// them (Asciidoctor reads an include in place).
pub fn inherit_id_attributes(doc: &mut Document, inherited: &[(Box<str>, Option<Box<str>>)]) {
    if inherited.is_empty() || !doc.attributes.is_empty() {
        return;
    }
    let mut values: FxHashMap<&str, Option<&str>> = FxHashMap::default();
    for (name, value) in inherited {
        values.insert(name, value.as_deref());
    }
    let off = matches!(values.get("sectids"), Some(None));
    let prefix = values.get("idprefix").copied().flatten();
    let sep = values.get("idseparator").copied().flatten();
    doc.definitions.retain_mut(|d| {
        if d.origin != Origin::Generated {
            return true;
        }
        if off {
            return false;
        }
        d.key = Some(generated_id(&d.label, prefix, sep).as_str().into());
        true
    });
}

/// A title without its trailing anchor (`== Title [[id]]`).
fn strip_anchor(title: &str) -> &str {
    match title.rfind("[[") {
        Some(at) if title.ends_with("]]") => title[..at].trim_end(),
        _ => title,
    }
}

/// A title as its converted text reads: formatting marks (`*`, `` ` ``,
/// `#`, `+`, and `_` around words) dropped.
fn title_text(title: &str) -> String {
    let chars: Vec<char> = title.trim().chars().collect();
    let mut out = String::with_capacity(title.len());
    for (i, &c) in chars.iter().enumerate() {
        let word = |j: Option<usize>| {
            j.and_then(|j| chars.get(j))
                .is_some_and(|c| c.is_alphanumeric())
        };
        match c {
            '*' | '`' | '#' | '+' => {}
            '_' if !word(i.checked_sub(1)) || !word(Some(i + 1)) => {}
            _ => out.push(c),
        }
    }
    out.trim().to_owned()
}

/// `span` without the whitespace around it.
fn trimmed(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}
