//! What the pandoc, Quarto and MyST flavours add to CommonMark
//! (DESIGN.md section 5.1), read around pulldown-cmark:
//!
//! - a line pass before it ([`prepare`]) finds what CommonMark would
//!   misread and blanks it (offsets unchanged): pandoc attributes
//!   `{#id .class key=value}` (an `@` there is no citation), fenced-div
//!   lines `:::`, MyST directive fences and their options (the body of a
//!   Markdown-bodied directive such as `{note}` is then read as Markdown),
//!   MyST targets `(label)=`. It keeps the labels they define: Quarto ids
//!   `{#fig-x}` and chunk labels (`#| label: fig-x`, `{r fig-x}`), MyST
//!   targets and directive `:name:` / `:label:` options;
//! - during it, MyST roles (`{cite}`key``, `{ref}`label``) are read at
//!   the code spans that hold their content ([`role`]);
//! - after it, Quarto's `@fig-x` are cross-references, not citations
//!   ([`is_crossref`]).
//!
//! # Grammar
//!
//! ```text
//! attributes  = "{" *WSP attr *( 1*WSP attr ) *WSP "}"   ; pandoc, Quarto
//! attr        = "#" id / "." class / key "=" value / "-" / "=" format
//! fence-div   = 3*":" [ *WSP ( "{" … "}" / name ) ]        ; pandoc, Quarto: a line of its own
//! directive   = fence "{" name "}" [ argument ] EOL *option body fence   ; MyST
//! option      = ":" key ":" [ value ] EOL / "---" EOL yaml "---" EOL
//! target      = "(" label ")=" EOL                          ; MyST, a line of its own
//! role        = "{" name "}" code-span                      ; MyST
//! chunk-label = ( "#|" / "//|" / "--|" / "%%|" ) *WSP "label:" *WSP value   ; in a code chunk
//! crossref    = "@" prefix "-" name                          ; Quarto, prefix from QUARTO_PREFIXES
//! ```

use std::borrow::Cow;

use super::flavor::Flavor;
use crate::model::{Certainty, Definition, Marker, RefKind, Span};

/// The prefixes of Quarto's cross-reference kinds: figures, tables,
/// listings, callouts, theorems and their kin, equations, sections.
pub(super) const QUARTO_PREFIXES: &[&str] = &[
    "fig", "tbl", "lst", "tip", "nte", "wrn", "imp", "cau", "thm", "lem", "cor", "prp", "cnj",
    "def", "exm", "exr", "sol", "rem", "alg", "eq", "sec",
];

/// Directives whose body is Markdown (admonitions, figures and their
/// captions, layout containers); every other directive's body is code or
/// another language and is not read.
const MARKDOWN_BODIES: &[&str] = &[
    "admonition",
    "attention",
    "caution",
    "danger",
    "error",
    "hint",
    "important",
    "note",
    "seealso",
    "tip",
    "warning",
    "versionadded",
    "versionchanged",
    "deprecated",
    "topic",
    "sidebar",
    "margin",
    "epigraph",
    "pull-quote",
    "highlights",
    "figure",
    "table",
    "list-table",
    "dropdown",
    "card",
    "grid",
    "grid-item",
    "grid-item-card",
    "tab-set",
    "tab-item",
    "tabbed",
    "div",
    "container",
    "aside",
    "blockquote",
    "exercise",
    "solution",
    "proof",
    "only",
    "glossary",
    "rubric",
    "centered",
];

/// Whether a Quarto `@key` is a cross-reference: its prefix is one of
/// Quarto's kinds and a name follows the hyphen.
pub(super) fn is_crossref(key: &str) -> bool {
    key.split_once('-')
        .is_some_and(|(prefix, rest)| !rest.is_empty() && QUARTO_PREFIXES.contains(&prefix))
}

/// The text pulldown-cmark reads, and the labels the flavour's syntax
/// defines.
pub(super) struct Prepared<'a> {
    pub text: Cow<'a, str>,
    pub labels: Vec<Definition>,
}

/// A fence that is open: its character and length.
#[derive(Clone, Copy, Debug)]
struct Fence {
    ch: u8,
    len: usize,
    /// A code chunk whose `#| label:` lines define labels.
    chunk: bool,
}

/// The line pass (see the module doc).
pub(super) fn prepare(text: &str, flavor: Flavor) -> Prepared<'_> {
    let mut pass = Pass {
        text,
        flavor,
        blank: Vec::new(),
        labels: Vec::new(),
    };
    pass.run();
    let Pass { blank, labels, .. } = pass;
    let text = if blank.is_empty() {
        Cow::Borrowed(text)
    } else {
        let mut bytes = text.as_bytes().to_vec();
        for span in blank {
            // Line breaks stay, so lines stay lines.
            for b in &mut bytes[span.start..span.end] {
                if !matches!(*b, b'\n' | b'\r') {
                    *b = b' ';
                }
            }
        }
        // Only whole characters were blanked, each byte by a space.
        Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_owned()))
    };
    Prepared { text, labels }
}

struct Pass<'a> {
    text: &'a str,
    flavor: Flavor,
    /// Stretches to blank (all but their line breaks), in order.
    blank: Vec<Span>,
    labels: Vec<Definition>,
}

impl Pass<'_> {
    fn run(&mut self) {
        let text = self.text;
        let mut code: Option<Fence> = None;
        // Open Markdown-bodied directives, innermost last.
        let mut directives: Vec<Fence> = Vec::new();
        let mut start = 0;
        while start < text.len() {
            let end = text[start..].find('\n').map_or(text.len(), |i| start + i);
            let line_end = if text.as_bytes()[start..end].ends_with(b"\r") {
                end - 1
            } else {
                end
            };
            let next = (end + 1).min(text.len());
            let line = &text[start..line_end];
            let indent = line.len() - line.trim_start_matches(' ').len();
            let body = &line[indent..];
            if let Some(fence) = code {
                if closes(body, fence) {
                    code = None;
                } else if fence.chunk {
                    self.chunk_label(line, start);
                }
                start = next;
                continue;
            }
            // Fences in list items are indented as deep as the item's
            // text: any indentation is taken (an indented code block that
            // shows a fence is rare; its lines are code either way).
            if let Some(&top) = directives.last() {
                if closes(body, top) {
                    directives.pop();
                    self.blank.push(Span::new(start, line_end));
                    start = next;
                    continue;
                }
            }
            if let Some((fence, info)) = opening(body) {
                let info_at = start + indent + fence.len;
                let directive = match self.flavor {
                    Flavor::Myst => directive_name(info),
                    _ => None,
                };
                if let Some(name) = directive {
                    let after = self.options(next, namespace_of(name));
                    let markdown = MARKDOWN_BODIES.contains(&name)
                        || name.starts_with("prf:")
                        || name.starts_with("admonition");
                    if markdown || fence.ch == b':' {
                        // The fence line is markup; the options stay text
                        // (values such as a card's `:header:` are Markdown).
                        self.blank.push(Span::new(start, line_end));
                        if markdown {
                            directives.push(fence);
                        } else {
                            // A colon fence that is not Markdown: its body
                            // is skipped like code.
                            code = Some(Fence {
                                chunk: false,
                                ..fence
                            });
                        }
                    } else {
                        code = Some(Fence {
                            chunk: name == "code-cell",
                            ..fence
                        });
                    }
                    start = after;
                    continue;
                }
                if fence.ch == b':' {
                    // A pandoc fenced div: its line is markup.
                    if self.flavor.pandoc() {
                        self.attributes(line, start);
                        self.blank.push(Span::new(start, line_end));
                    }
                    start = next;
                    continue;
                }
                if self.flavor.pandoc() {
                    // A listing's attributes: ```` ```{#lst-x .python} ````.
                    self.attributes(line, start);
                }
                // Quarto's executable chunks label with `#|` lines.
                let chunk = self.flavor == Flavor::Quarto && info.trim_start().starts_with('{');
                if chunk {
                    self.chunk_header(info, info_at);
                }
                code = Some(Fence { chunk, ..fence });
                start = next;
                continue;
            }
            match self.flavor {
                Flavor::Myst => self.target(line, start),
                Flavor::Quarto | Flavor::Pandoc => self.attributes(line, start),
                Flavor::Gfm => {}
            }
            start = next;
        }
    }

    /// A directive's options from `from`: `:key: value` lines, or a YAML
    /// block between `---` lines. Returns where the body starts.
    fn options(&mut self, from: usize, namespace: Option<&'static str>) -> usize {
        let text = self.text;
        let mut at = from;
        let mut yaml = false;
        let mut first = true;
        while at < text.len() {
            let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
            let line = text[at..end].trim_end_matches('\r');
            let trimmed = line.trim();
            let next = (end + 1).min(text.len());
            if first && trimmed == "---" {
                yaml = true;
                first = false;
                at = next;
                continue;
            }
            first = false;
            if yaml {
                if trimmed == "---" {
                    return next;
                }
                if let Some((key, value)) = trimmed.split_once(':') {
                    self.option(key.trim(), value, at + line.len() - value.len(), namespace);
                }
                at = next;
                continue;
            }
            let Some(rest) = trimmed.strip_prefix(':') else {
                break;
            };
            let Some((key, value)) = rest.split_once(':') else {
                break;
            };
            if key.is_empty() || key.contains(' ') {
                break;
            }
            let value_at = at + (line.len() - line.trim_start().len()) + 1 + key.len() + 1;
            self.option(key, value, value_at, namespace);
            at = next;
        }
        at
    }

    /// A directive option: `name` defines a label `{ref}` finds, and so
    /// does `label`, in the directive's namespace (a `{math}` label is
    /// an equation's, a `{prf:…}` label a proof's).
    fn option(&mut self, key: &str, value: &str, value_at: usize, namespace: Option<&'static str>) {
        match key {
            "name" => self.label(value, value_at),
            "label" => self.label_in(value, value_at, namespace),
            _ => {}
        }
    }

    /// A label written at `at` (surrounding blanks and quotes trimmed).
    fn label(&mut self, raw: &str, at: usize) {
        self.label_in(raw, at, None);
    }

    /// A label in a namespace: references of another namespace do not
    /// find it, nor does it clash with their labels.
    fn label_in(&mut self, raw: &str, at: usize, namespace: Option<&'static str>) {
        let lead = raw.len() - raw.trim_start().len();
        let value = raw.trim();
        let (value, lead) = match value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        {
            Some(inner) => (inner, lead + 1),
            None => (value, lead),
        };
        if value.is_empty() || value.contains(char::is_whitespace) {
            return;
        }
        let start = at + lead;
        let span = Span::new(start, start + value.len());
        self.labels.push(Definition {
            label: value.into(),
            key: None,
            label_span: span,
            body: span,
            kind: RefKind::CrossRef,
            namespace: namespace.map(Into::into),
            origin: crate::model::Origin::Written,
        });
    }

    /// A MyST target `(label)=` on a line of its own, or an equation's
    /// label after its closing `$$`.
    fn target(&mut self, line: &str, start: usize) {
        let trimmed = line.trim();
        let lead = line.len() - line.trim_start().len();
        if let Some(label) = trimmed.strip_prefix('(').and_then(|r| r.strip_suffix(")=")) {
            if !label.is_empty() && !label.contains(['(', ')']) {
                self.label(label, start + lead + 1);
                self.blank.push(Span::new(start, start + line.len()));
            }
            return;
        }
        if let Some(before) = trimmed.strip_suffix(')') {
            if let Some(open) = before.rfind('(') {
                if before[..open].trim_end().ends_with("$$") {
                    let label = &before[open + 1..];
                    self.label_in(label, start + lead + open + 1, Some(EQUATIONS));
                }
            }
        }
    }

    /// Pandoc attribute blocks on a line: blanked; under Quarto, their
    /// `#id`s with a cross-reference prefix are labels.
    fn attributes(&mut self, line: &str, start: usize) {
        let bytes = line.as_bytes();
        let mut from = 0;
        while let Some(i) = memchr::memchr(b'{', &bytes[from..]) {
            let open = from + i;
            from = open + 1;
            if bytes.get(open + 1) == Some(&b'{') || (open > 0 && bytes[open - 1] == b'{') {
                // A template or shortcode `{{…}}`: not attributes.
                from = open + 2;
                continue;
            }
            let Some(len) = memchr::memchr(b'}', &bytes[open..]) else {
                break;
            };
            let close = open + len;
            let inner = &line[open + 1..close];
            if !is_attributes(inner) {
                continue;
            }
            if self.flavor == Flavor::Quarto {
                let mut at = open + 1;
                for word in inner.split(' ') {
                    if let Some(id) = word.strip_prefix('#') {
                        if is_crossref(id) {
                            self.label(id, start + at + 1);
                        }
                    }
                    at += word.len() + 1;
                }
            }
            self.blank.push(Span::new(start + open, start + close + 1));
            from = close + 1;
        }
    }

    /// A Quarto chunk header `{r fig-x, echo=FALSE}` or `{python}`: the
    /// label it gives (the first bare word after the engine, or
    /// `label=`).
    fn chunk_header(&mut self, info: &str, at: usize) {
        let lead = info.len() - info.trim_start().len();
        let Some(inner) = info.trim_start().strip_prefix('{') else {
            return;
        };
        let inner = inner.split('}').next().unwrap_or("");
        let base = at + lead + 1;
        let mut offset = 0;
        for (i, part) in inner.split([',', ' ']).enumerate() {
            let here = offset;
            offset += part.len() + 1;
            if part.is_empty() {
                continue;
            }
            if let Some(value) = part.strip_prefix("label=") {
                self.label_if_crossref(value, base + here + "label=".len());
            } else if i > 0 && !part.contains('=') {
                self.label_if_crossref(part, base + here);
                return;
            }
        }
    }

    /// A `#| label: x` (or `#| lst-label: x`) line in a code chunk.
    fn chunk_label(&mut self, line: &str, start: usize) {
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        let Some(rest) = ["#|", "//|", "--|", "%%|"]
            .iter()
            .find_map(|c| trimmed.strip_prefix(c))
        else {
            return;
        };
        let after = rest.trim_start();
        // `lst-label:` labels a computation's listing.
        let Some((key, value)) = ["label:", "lst-label:"]
            .iter()
            .find_map(|k| Some((*k, after.strip_prefix(k)?)))
        else {
            return;
        };
        let at = start + lead + (trimmed.len() - after.len()) + key.len();
        if self.flavor == Flavor::Quarto {
            self.label_if_crossref(value, at);
        } else {
            self.label(value, at);
        }
    }

    fn label_if_crossref(&mut self, raw: &str, at: usize) {
        let value = raw.trim().trim_matches(['"', '\'']);
        if is_crossref(value) {
            self.label(raw, at);
        }
    }
}

/// An opening fence: three or more backticks or tildes (or colons, for
/// pandoc divs and MyST directives), and its info string.
fn opening(line: &str) -> Option<(Fence, &str)> {
    let ch = *line.as_bytes().first()?;
    if !matches!(ch, b'`' | b'~' | b':') {
        return None;
    }
    let len = line.bytes().take_while(|&b| b == ch).count();
    if len < 3 {
        return None;
    }
    let info = &line[len..];
    if ch == b'`' && info.contains('`') {
        return None;
    }
    if ch == b':' && info.trim().is_empty() {
        // `:::` alone closes a div; as an opening it is a div too.
        return Some((
            Fence {
                ch,
                len,
                chunk: false,
            },
            info,
        ));
    }
    Some((
        Fence {
            ch,
            len,
            chunk: false,
        },
        info,
    ))
}

/// Whether a line closes a fence: the same character, at least as many,
/// and nothing else.
fn closes(line: &str, fence: Fence) -> bool {
    let n = line.bytes().take_while(|&b| b == fence.ch).count();
    n >= fence.len && line[n..].trim().is_empty()
}

/// The namespace of equation labels (`{math}`, `$$ … $$ (label)`),
/// which `{eq}` refers to.
const EQUATIONS: &str = "eq";
/// The namespace of sphinx-proof labels, which `{prf:ref}` refers to.
const PROOFS: &str = "prf";

/// The namespace a directive's `:label:` defines in.
fn namespace_of(directive: &str) -> Option<&'static str> {
    if directive == "math" {
        Some(EQUATIONS)
    } else if directive
        .get(..4)
        .is_some_and(|p| p.eq_ignore_ascii_case("prf:"))
    {
        Some(PROOFS)
    } else {
        None
    }
}

/// The directive a MyST fence's info string names: `{name}`.
fn directive_name(info: &str) -> Option<&str> {
    let name = info.trim_start().strip_prefix('{')?.split('}').next()?;
    (!name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.')))
    .then_some(name)
}

/// Whether the text between braces is pandoc attributes: words that are
/// each `#id`, `.class`, `key=value` (quoted values may hold spaces), `-`
/// or `=format`.
fn is_attributes(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() {
        return false;
    }
    let mut rest = inner;
    while !rest.is_empty() {
        let word_end = word_end(rest);
        let word = &rest[..word_end];
        let ok = match word.as_bytes()[0] {
            b'#' | b'.' => word.len() > 1,
            b'-' => word == "-",
            b'=' => word.len() > 1,
            _ => word.split_once('=').is_some_and(|(k, _)| {
                !k.is_empty()
                    && k.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':'))
            }),
        };
        if !ok {
            return false;
        }
        rest = rest[word_end..].trim_start();
    }
    true
}

/// Where a word of attributes ends: at a blank outside quotes.
fn word_end(s: &str) -> usize {
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => return i,
            _ => {}
        }
    }
    s.len()
}

/// The markers of a MyST role whose content is the code span at
/// `code` (backticks included): `{cite}`a,b`` cites, `{ref}`x`` and
/// `{numref}`x`` refer to labels. Other roles yield nothing.
pub(super) fn role(text: &str, code: Span, out: &mut Vec<Marker>) {
    let before = &text[..code.start];
    let Some(head) = before.strip_suffix('}') else {
        return;
    };
    let Some(open) = head.rfind('{') else {
        return;
    };
    let name = &head[open + 1..];
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
    {
        return;
    }
    let kind = if name == "cite"
        || name.starts_with("cite:")
        || name == "footcite"
        || name.starts_with("footcite:")
    {
        RefKind::Citation
    } else if matches!(name, "ref" | "numref" | "eq" | "std:ref" | "prf:ref") {
        RefKind::CrossRef
    } else {
        return;
    };
    let namespace = match name {
        "eq" => Some(EQUATIONS),
        "prf:ref" => Some(PROOFS),
        _ => None,
    };
    let span = Span::new(code.start - name.len() - 2, code.end);
    let raw = &text[code.start..code.end];
    let ticks = raw.bytes().take_while(|&b| b == b'`').count();
    if raw.len() < 2 * ticks {
        return;
    }
    let content_at = code.start + ticks;
    let content = &raw[ticks..raw.len() - ticks];
    let push = |out: &mut Vec<Marker>, label: &str, at: usize| {
        let label = label.trim();
        if label.is_empty() {
            return;
        }
        let key = (kind == RefKind::Citation)
            .then(|| super::normalize_citation(label))
            .flatten();
        out.push(Marker {
            label: label.into(),
            key,
            span,
            label_span: Span::new(at, at + label.len()),
            certainty: Certainty::Marker,
            kind,
            namespace: namespace.map(Into::into),
        });
    };
    match kind {
        RefKind::Citation => {
            let mut at = content_at;
            for part in content.split([',', ';']) {
                let lead = part.len() - part.trim_start().len();
                push(out, part, at + lead);
                at += part.len() + 1;
            }
        }
        _ => {
            // `text <label>` names the label in angle brackets.
            let (label, at) = match content.trim_end().strip_suffix('>').and_then(|r| {
                let open = r.rfind('<')?;
                Some((&r[open + 1..], content_at + open + 1))
            }) {
                Some(found) => found,
                None => {
                    let lead = content.len() - content.trim_start().len();
                    (content.trim_start(), content_at + lead)
                }
            };
            // `{ref}` takes a leading `~` or `!` as Sphinx does.
            let (label, at) = match label.strip_prefix(['~', '!']) {
                Some(rest) => (rest, at + 1),
                None => (label, at),
            };
            push(out, label, at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(text: &str, flavor: Flavor) -> Vec<String> {
        let p = prepare(text, flavor);
        p.labels
            .iter()
            .map(|d| {
                assert_eq!(&text[d.label_span.start..d.label_span.end], &*d.label);
                d.label.to_string()
            })
            .collect()
    }

    #[test]
    fn quarto_ids_and_chunk_labels() {
        let text = "# Intro {#sec-intro}\n\n![A cat](cat.png){#fig-cat fig-alt=\"a @cat\"}\n\n```{r}\n#| label: fig-plot\nplot(1)\n```\n\n```{r tbl-cars, echo=FALSE}\nx\n```\n\nText {#plain-id}\n\n```{#lst-loop .python lst-cap=\"A loop\"}\nfor x in y: pass\n```\n\n```{python}\n#| lst-label: lst-run\nrun()\n```\n";
        assert_eq!(
            labels(text, Flavor::Quarto),
            [
                "sec-intro",
                "fig-cat",
                "fig-plot",
                "tbl-cars",
                "lst-loop",
                "lst-run"
            ]
        );
        let p = prepare(text, Flavor::Quarto);
        assert!(!p.text.contains("@cat"), "attributes are blanked");
        assert_eq!(p.text.len(), text.len());
    }

    #[test]
    fn templates_are_not_attributes() {
        let text = "A {{< video x >}} and {{ page.title }} and {% raw %}.\n";
        let p = prepare(text, Flavor::Quarto);
        assert_eq!(p.text, text);
    }

    #[test]
    fn myst_targets_directives_and_options() {
        let text = "(intro)=\n# Intro\n\n```{figure} cat.png\n:name: fig-cat\n:width: 50%\n\nA cat[^1].\n```\n\n```{code-block} python\n:name: code-x\nx = [1]\n```\n\n:::{note}\n:label: note-1\nSee {ref}`intro`.\n:::\n\n$$ e = mc^2 $$ (eq-1)\n";
        assert_eq!(
            labels(text, Flavor::Myst),
            ["intro", "fig-cat", "code-x", "note-1", "eq-1"]
        );
        let p = prepare(text, Flavor::Myst);
        assert!(!p.text.contains("{figure}"));
        assert!(p.text.contains("A cat[^1]."), "a figure's caption is read");
        assert!(p.text.contains("{code-block}"), "code stays code");
    }

    #[test]
    fn labels_have_the_namespace_of_their_directive() {
        let text = "(flux)=\n```{math}\n:label: flux\nF\n```\n\n````{prf:Theorem} T\n:label: flux\n\nBody.\n````\n\n$$ x $$ (eq-2)\n";
        let p = prepare(text, Flavor::Myst);
        let got: Vec<(&str, Option<&str>)> = p
            .labels
            .iter()
            .map(|d| (&*d.label, d.namespace.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("flux", None),
                ("flux", Some(EQUATIONS)),
                ("flux", Some(PROOFS)),
                ("eq-2", Some(EQUATIONS))
            ]
        );
    }

    #[test]
    fn chunks_in_list_items_are_read() {
        let text = "-   See @fig-a.\n\n    ```{r}\n    #| label: fig-a\n    plot(1)\n    ```\n";
        assert_eq!(labels(text, Flavor::Quarto), ["fig-a"]);
    }

    #[test]
    fn roles() {
        let text = "As {cite:p}`knuth84, lamport94` and {ref}`the intro <intro>` and {numref}`fig-x` and {doc}`other`.";
        let mut out = Vec::new();
        for (i, _) in text.match_indices('`').step_by(2) {
            let end = i + 1 + text[i + 1..].find('`').unwrap() + 1;
            role(text, Span::new(i, end), &mut out);
        }
        let got: Vec<(&str, RefKind)> = out.iter().map(|m| (&*m.label, m.kind)).collect();
        assert_eq!(
            got,
            [
                ("knuth84", RefKind::Citation),
                ("lamport94", RefKind::Citation),
                ("intro", RefKind::CrossRef),
                ("fig-x", RefKind::CrossRef),
            ]
        );
        for m in &out {
            assert_eq!(&text[m.label_span.start..m.label_span.end], &*m.label);
        }
    }

    #[test]
    fn crossref_prefixes() {
        assert!(is_crossref("fig-cat"));
        assert!(is_crossref("sec-intro"));
        assert!(!is_crossref("fig-"));
        assert!(!is_crossref("knuth84"));
        assert!(!is_crossref("smith-2020"));
    }
}
