//! One pass over a page, as MediaWiki's preprocessor reads it
//! (`Preprocessor_Hash::preprocessToObj`): comments, elements (`<ref>`,
//! `<references>`, and those whose content is hidden), templates with
//! their parameters, and links (which keep a `|` inside them from
//! splitting a template's parameters).
//!
//! Templates and links are matched with an explicit stack of open
//! pieces, never by recursion: a run of `{` (two or more) or `[[` opens a
//! piece; a run of `}` closes the innermost open brace piece only when
//! that piece is on top (inside an open `[[`, `}}` is text), two braces
//! for a template, three for a parameter `{{{…}}}`; a piece still open
//! where its region ends is text, and what closed inside it stays. A `|`
//! starts a new part of the piece on top; the first `=` of a template's
//! part (not inside anything nested) names it.
//!
//! An element's content ends at the first close tag of its name; the
//! content of `<ref>` and `<references>` is wikitext that MediaWiki's
//! Cite reads on its own, so it is scanned as a region of its own, with a
//! stack of its own (a `}}` inside a `<ref>` never closes a template
//! around it). Regions nest at most twice (a `<ref>` inside
//! `<references>`): a `<ref>` inside a `<ref>` and a `<references>`
//! inside either are text, as Cite leaves them.
//!
//! Every search moves forward: an element whose close tag is missing
//! is text up to the end of its open tag (the preprocessor does the
//! same), and a search that found nothing is remembered, so that 100,000
//! unclosed `<ref>`s cost one search, not 100,000.

use super::tags::{self, Attr, Element};
use super::templates::{self, Param, Template};
use crate::model::{Comment, Span};

/// An element whose content may hold notes: `<ref>` or `<references>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Tagged {
    /// The whole element, open tag to close tag.
    pub span: Span,
    /// The open tag.
    pub open: Span,
    pub attrs: Vec<Attr>,
    /// Between the tags; `None` for an empty element (`<ref name="x"/>`).
    pub content: Option<Span>,
}

/// A link to an anchor of the page: `[[#CITEREFSmith2004|Smith]]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct AnchorLink {
    pub span: Span,
    /// After the `#`, trimmed.
    pub anchor: Span,
}

/// What one pass over a page found, each list in the order its items
/// closed (sort by start for reading order).
#[derive(Debug, Default)]
pub(super) struct Scanned {
    pub refs: Vec<Tagged>,
    pub lists: Vec<Tagged>,
    pub templates: Vec<Template>,
    pub links: Vec<AnchorLink>,
    pub comments: Vec<Comment>,
    /// Parts of the page that are not read, with why.
    pub unread: Vec<(Span, String)>,
}

/// Where a region lies, which decides what its elements may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Region {
    Page,
    /// The content of `<references>`: list-defined `<ref>`s.
    List,
    /// The content of a `<ref>`: no notes inside.
    Note,
}

/// An open `{{`/`[[` run.
#[derive(Clone, Copy, Debug)]
struct Piece {
    brace: bool,
    /// Opening characters not matched yet.
    count: usize,
    /// Where the run starts.
    start: usize,
    /// Index of its first part in the parts stack.
    parts: usize,
}

/// A part of a piece: its start, and its first `=`.
#[derive(Clone, Copy, Debug)]
struct Part {
    start: usize,
    eq: Option<usize>,
}

/// Bytes the scanner stops at.
const SPECIAL: [bool; 256] = crate::dialect::byte_set(b"<{}[]|=");

/// Read a page.
pub(super) fn scan(text: &str) -> Scanned {
    let mut out = Scanned::default();
    Scanner {
        text,
        out: &mut out,
    }
    .region(0, text.len(), Region::Page);
    out
}

struct Scanner<'t, 'o> {
    text: &'t str,
    out: &'o mut Scanned,
}

/// Searches of one region that found nothing, so that later ones from
/// further on fail at once: for each element kind, and for `>`.
struct Misses {
    close: [usize; 4],
    gt: usize,
}

impl Misses {
    fn new() -> Self {
        Self {
            close: [usize::MAX; 4],
            gt: usize::MAX,
        }
    }
}

fn slot(element: Element) -> usize {
    match element {
        Element::Ref => 0,
        Element::References => 1,
        Element::Hidden => 2,
        Element::IncludeOnly => 3,
    }
}

impl Scanner<'_, '_> {
    /// Read `from..to`, a region of its own.
    fn region(&mut self, from: usize, to: usize, region: Region) {
        let bytes = self.text.as_bytes();
        let mut stack: Vec<Piece> = Vec::new();
        let mut parts: Vec<Part> = Vec::new();
        let mut misses = Misses::new();
        // Hidden elements of different names share a slot: a miss is
        // remembered by name.
        let mut hidden_misses: Vec<(&'static str, usize)> = Vec::new();
        let mut pos = from;
        while pos < to {
            let Some(skip) = bytes[pos..to].iter().position(|&b| SPECIAL[b as usize]) else {
                break;
            };
            pos += skip;
            match bytes[pos] {
                b'<' => {
                    pos = self.angle(pos, to, region, &mut misses, &mut hidden_misses);
                }
                c @ (b'{' | b'[') => {
                    let n = run(bytes, pos, to, c);
                    if n >= 2 {
                        stack.push(Piece {
                            brace: c == b'{',
                            count: n,
                            start: pos,
                            parts: parts.len(),
                        });
                        parts.push(Part {
                            start: pos + n,
                            eq: None,
                        });
                    }
                    pos += n;
                }
                c @ (b'}' | b']') => {
                    let m = run(bytes, pos, to, c);
                    self.close(&mut stack, &mut parts, pos, m, c == b'}');
                    pos += m;
                }
                b'|' => {
                    if !stack.is_empty() {
                        parts.push(Part {
                            start: pos + 1,
                            eq: None,
                        });
                    }
                    pos += 1;
                }
                _ => {
                    // `=`: names the part it is in, when that is a
                    // template's parameter.
                    if let Some(top) = stack.last() {
                        if top.brace && parts.len() - top.parts >= 2 {
                            if let Some(part) = parts.last_mut() {
                                part.eq.get_or_insert(pos);
                            }
                        }
                    }
                    pos += 1;
                }
            }
        }
    }

    /// A run of `m` closing characters at `at`: close what it closes.
    fn close(
        &mut self,
        stack: &mut Vec<Piece>,
        parts: &mut Vec<Part>,
        at: usize,
        m: usize,
        brace: bool,
    ) {
        let mut left = m;
        let mut close_at = at;
        while left >= 2 {
            let Some(top) = stack.last_mut() else {
                break;
            };
            if top.brace != brace {
                // `}}` inside an open `[[` (or `]]` inside `{{`) is text.
                break;
            }
            let matched = if brace {
                left.min(top.count).min(3)
            } else {
                2.min(top.count)
            };
            if matched < 2 {
                break;
            }
            let content = top.start + top.count;
            let start = content - matched;
            let end = close_at + matched;
            let own = &parts[top.parts..];
            if brace && matched == 2 {
                self.template(own, Span::new(start, end), close_at);
            } else if !brace {
                self.link(own, Span::new(start, end), close_at);
            }
            top.count -= matched;
            let first = top.parts;
            parts.truncate(first);
            if top.count >= 2 {
                // The opening characters left over open a piece around
                // what just closed.
                parts.push(Part {
                    start: top.start + top.count,
                    eq: None,
                });
            } else {
                stack.pop();
            }
            left -= matched;
            close_at += matched;
        }
    }

    /// A template `{{…}}` at `span` whose parts are `parts`, closing at
    /// `close_at`: kept when its name is one ibid reads.
    fn template(&mut self, parts: &[Part], span: Span, close_at: usize) {
        let text = self.text;
        let end_of = |i: usize| parts.get(i + 1).map_or(close_at, |p| p.start - 1);
        let Some(first) = parts.first() else {
            return;
        };
        let name = &text[first.start..end_of(0)];
        let Some(kind) = templates::kind(name) else {
            return;
        };
        let lead = name.len() - name.trim_start().len();
        let head = Span::new(span.start, first.start + lead + name.trim().len());
        let params = parts[1..]
            .iter()
            .enumerate()
            .map(|(i, part)| {
                let whole = Span::new(part.start, end_of(i + 1));
                match part.eq {
                    Some(eq) if eq < whole.end => Param {
                        name: Some(trimmed(text, Span::new(whole.start, eq))),
                        value: trimmed(text, Span::new(eq + 1, whole.end)),
                    },
                    _ => Param {
                        name: None,
                        value: whole,
                    },
                }
            })
            .collect();
        self.out.templates.push(Template {
            kind,
            span,
            head,
            params,
        });
    }

    /// A link `[[…]]`: kept when it links to an anchor of the page.
    fn link(&mut self, parts: &[Part], span: Span, close_at: usize) {
        let Some(first) = parts.first() else {
            return;
        };
        let end = parts.get(1).map_or(close_at, |p| p.start - 1);
        let target = trimmed(self.text, Span::new(first.start, end));
        if let Some(anchor) = target.of(self.text).strip_prefix('#') {
            let start = target.end - anchor.len();
            self.out.links.push(AnchorLink {
                span,
                anchor: trimmed(self.text, Span::new(start, target.end)),
            });
        }
    }

    /// A `<` at `at`: a comment, an element, or text. Where reading goes
    /// on.
    fn angle(
        &mut self,
        at: usize,
        to: usize,
        region: Region,
        misses: &mut Misses,
        hidden_misses: &mut Vec<(&'static str, usize)>,
    ) -> usize {
        let text = self.text;
        let rest = &text[at..to];
        if rest.starts_with("<!--") {
            let body_at = at + 4;
            return match memchr::memmem::find(&text.as_bytes()[body_at..to], b"-->") {
                Some(n) => {
                    self.out.comments.push(Comment {
                        span: Span::new(at, body_at + n + 3),
                        body: Span::new(body_at, body_at + n),
                    });
                    body_at + n + 3
                }
                None => {
                    self.out.comments.push(Comment {
                        span: Span::new(at, to),
                        body: Span::new(body_at, to),
                    });
                    if region == Region::Page {
                        self.out.unread.push((
                            Span::new(at, to),
                            "`<!--` is never closed: MediaWiki hides the rest of the page as a \
                             comment, and so does ibid"
                                .to_owned(),
                        ));
                    }
                    to
                }
            };
        }
        let Some((name, element)) = tags::element(&rest[1..]) else {
            return at + 1;
        };
        let allowed = match element {
            Element::Ref => region != Region::Note,
            Element::References => region == Region::Page,
            Element::Hidden | Element::IncludeOnly => true,
        };
        if !allowed {
            return at + 1;
        }
        let attrs_at = at + 1 + name.len();
        let open = if attrs_at >= misses.gt {
            None
        } else {
            tags::open(text, at, name, to)
        };
        let Some(open) = open else {
            misses.gt = misses.gt.min(attrs_at);
            return at + 1;
        };
        let close = if open.empty {
            None
        } else {
            let missed = match element {
                Element::Hidden => hidden_misses
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map_or(usize::MAX, |&(_, from)| from),
                _ => misses.close[slot(element)],
            };
            let found = if open.span.end >= missed {
                None
            } else {
                tags::close(text, open.span.end, to, name)
            };
            if found.is_none() {
                match element {
                    Element::Hidden => hidden_misses.push((name, open.span.end)),
                    _ => {
                        let slot = &mut misses.close[slot(element)];
                        *slot = (*slot).min(open.span.end);
                    }
                }
            }
            found
        };
        match element {
            Element::Hidden => close.map_or(open.span.end, |c| c.end),
            // Unclosed, it hides the rest of the page.
            Element::IncludeOnly if !open.empty => close.map_or(to, |c| c.end),
            Element::IncludeOnly => open.span.end,
            Element::Ref | Element::References => {
                if !open.empty && close.is_none() {
                    // No close tag: the open tag is text.
                    return open.span.end;
                }
                let content = close.map(|c| Span::new(open.span.end, c.start));
                let end = close.map_or(open.span.end, |c| c.end);
                let tagged = Tagged {
                    span: Span::new(at, end),
                    open: open.span,
                    attrs: tags::attrs(text, open.attrs),
                    content,
                };
                if element == Element::Ref {
                    self.out.refs.push(tagged);
                    if let Some(content) = content {
                        self.region(content.start, content.end, Region::Note);
                    }
                } else {
                    self.out.lists.push(tagged);
                    if let Some(content) = content {
                        self.region(content.start, content.end, Region::List);
                    }
                }
                end
            }
        }
    }
}

/// How many `c` start at `at` (before `to`).
fn run(bytes: &[u8], at: usize, to: usize, c: u8) -> usize {
    bytes[at..to].iter().take_while(|&&b| b == c).count()
}

/// `span` without the whitespace around it.
pub(super) fn trimmed(text: &str, span: Span) -> Span {
    let s = span.of(text);
    let start = span.start + (s.len() - s.trim_start().len());
    Span::new(start, start + s.trim().len())
}
