//! Diagnostic rules. Each rule is one module that declares itself once with
//! [`rule!`] (its id, default severity, its documentation, which is what
//! `ibid explain` prints, and the [`Scope`] it reads); [`RULES`] lists them.
//! Every rule writes to one kind of [`Sink`], keyed by file.

use crate::diagnostic::{Diagnostic, Severity};
use crate::graph::{CitationGraph, RefGraph, UnitGraph};
use crate::model::{label_number, BlockKind, Comment, FileId, Span};

/// Everything known about a rule, from its single declaration.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable id: JSON `code`, miette `ibid::<code>`, fixture folder.
    pub code: &'static str,
    pub severity: Severity,
    /// The rule's documentation (What it does / Why / Example / Fix).
    pub doc: &'static str,
    /// Short text for the primary span in human output.
    pub pointer: &'static str,
    pub scope: Scope,
    /// Whether it runs when the config does not mention it (`unused-label`
    /// runs only when enabled).
    pub on_by_default: bool,
}

/// What a rule reads, and so where it runs (DESIGN.md section 4).
#[derive(Clone, Copy, Debug)]
pub enum Scope {
    /// One file's notes and reference links ([`RefGraph`]), which resolve
    /// per file even in a multi-file unit. Runs where the file is parsed.
    File(fn(&RefGraph<'_>, &mut Sink<'_>)),
    /// One unit's cross-references and labels ([`UnitGraph`]), across its
    /// members.
    Unit(fn(&UnitGraph<'_>, &mut Sink<'_>)),
    /// Both: a rule about notes, which resolve per file, and about the
    /// notes a unit shares (reST citations in a Sphinx project). Its
    /// module has `check` and `check_unit`.
    FileAndUnit(
        fn(&RefGraph<'_>, &mut Sink<'_>),
        fn(&UnitGraph<'_>, &mut Sink<'_>),
    ),
    /// The whole run's citations and bibliographies ([`CitationGraph`]):
    /// a bibliography shared by units is judged once, over all of them.
    Project(fn(&CitationGraph, &mut Sink<'_>)),
    /// Both: a rule about bibliographies, and about the entries a unit
    /// writes in its own text (AsciiDoc `[[[x]]]`). Its module has
    /// `check` and `check_unit`.
    ProjectAndUnit(
        fn(&CitationGraph, &mut Sink<'_>),
        fn(&UnitGraph<'_>, &mut Sink<'_>),
    ),
}

impl RuleMeta {
    /// The first paragraph of the documentation, on one line.
    pub fn summary(&self) -> String {
        let mut out = String::new();
        for line in self.doc.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                if out.is_empty() {
                    continue;
                }
                break;
            }
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(line);
        }
        out
    }

    /// A finding of this rule, with its default severity.
    pub fn diagnostic(&self, span: Span, label: Option<&str>, message: String) -> Diagnostic {
        Diagnostic::new(self.code, self.severity, span, label, message)
    }

    /// Whether the rule runs under a config (or none).
    pub fn enabled(&self, config: Option<&crate::config::Config>) -> bool {
        match config.and_then(|c| c.severity(self.code)) {
            Some(level) => level.severity().is_some(),
            None => self.on_by_default,
        }
    }

    /// The documentation with rustdoc's leading space removed.
    pub fn explanation(&self) -> String {
        let mut out = String::with_capacity(self.doc.len());
        for line in self.doc.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }
}

/// Declare a rule: its doc comment, id, default severity, the text under
/// its span in human output, and its [`Scope`] (`File` when not given).
macro_rules! rule {
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal) => {
        rule!($(#[doc = $doc])* $code, $severity, $pointer, File);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, FileAndUnit) => {
        rule!(@meta $(#[doc = $doc])* $code, $severity, $pointer,
            $crate::rules::Scope::FileAndUnit(check, check_unit), true);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, ProjectAndUnit) => {
        rule!(@meta $(#[doc = $doc])* $code, $severity, $pointer,
            $crate::rules::Scope::ProjectAndUnit(check, check_unit), true);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, $reads:ident) => {
        rule!($(#[doc = $doc])* $code, $severity, $pointer, $reads, true);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, $reads:ident, off) => {
        rule!($(#[doc = $doc])* $code, $severity, $pointer, $reads, false);
    };
    ($(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, $reads:ident, $on:literal) => {
        rule!(@meta $(#[doc = $doc])* $code, $severity, $pointer,
            $crate::rules::Scope::$reads(check), $on);
    };
    (@meta $(#[doc = $doc:literal])* $code:literal, $severity:ident, $pointer:literal, $scope:expr, $on:literal) => {
        pub(crate) const RULE: $crate::rules::RuleMeta = $crate::rules::RuleMeta {
            code: $code,
            severity: $crate::diagnostic::Severity::$severity,
            doc: concat!($($doc, "\n"),*),
            pointer: $pointer,
            scope: $scope,
            on_by_default: $on,
        };
    };
}

macro_rules! registry {
    ($($module:ident),* $(,)?) => {
        $(mod $module;)*
        /// Every rule, in the order `ibid explain` lists them.
        pub static RULES: &[RuleMeta] = &[$($module::RULE),*];
    };
}

registry!(
    unresolved,
    duplicate,
    orphaned,
    empty_note,
    link_residue,
    out_of_order,
    numbering_gap,
    undefined_link,
    unused_link_definition,
    duplicate_link_definition,
    unknown_citation,
    unused_entry,
    duplicate_entry,
    bib_syntax,
    undefined_ref,
    duplicate_label,
    unused_label,
    missing_file,
    missing_reference_list,
    group_mismatch,
    bad_note_ref,
    note_ref_direction,
    ambiguous_ibid,
    unused_suppression,
);

/// `missing-file`, which the multi-file stage reports as it resolves what
/// documents name (no graph holds a file that does not exist).
pub(crate) const MISSING_FILE: &RuleMeta = &missing_file::RULE;

/// The link definitions `unused-link-definition` reports (for `ibid fix
/// --unsafe`, which deletes them).
pub(crate) use unused_link_definition::reported as unused_link_definitions;

/// Whether a scope's numbering continues another text's (see
/// `numbering-gap`, which `ibid fix` agrees with).
pub(crate) use numbering_gap::starts_later;

/// Look a rule up by its id.
pub fn by_code(code: &str) -> Option<&'static RuleMeta> {
    RULES.iter().find(|r| r.code == code)
}

/// Where a rule puts its findings: each goes to a file of the run. It
/// stamps the rule's code and severity, and holds the config a rule's own
/// settings come from.
pub struct Sink<'a> {
    rule: &'static RuleMeta,
    /// The file [`Sink::report`] reports in (a file rule's own).
    file: FileId,
    out: &'a mut Vec<(FileId, Diagnostic)>,
    config: Option<&'a crate::config::Config>,
}

impl Sink<'_> {
    /// The config of the run, when there is one (a rule's own settings,
    /// such as `heading-anchors`; severities and `allow` are applied
    /// later, to every rule alike).
    pub fn config(&self) -> Option<&crate::config::Config> {
        self.config
    }

    /// A finding in the file being checked.
    pub fn report(&mut self, span: Span, label: Option<&str>, message: String) -> &mut Diagnostic {
        self.report_in(self.file, span, label, message)
    }

    /// A finding in a given file.
    pub fn report_in(
        &mut self,
        file: FileId,
        span: Span,
        label: Option<&str>,
        message: String,
    ) -> &mut Diagnostic {
        self.out
            .push((file, self.rule.diagnostic(span, label, message)));
        let last = self.out.len() - 1;
        &mut self.out[last].1
    }
}

/// Run every file rule over one file's graph; diagnostics come back in
/// source order.
pub fn run_file(
    file: FileId,
    graph: &RefGraph<'_>,
    config: Option<&crate::config::Config>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Scope::File(check) | Scope::FileAndUnit(check, _) = rule.scope {
            check(
                graph,
                &mut Sink {
                    rule,
                    file,
                    out: &mut out,
                    config,
                },
            );
        }
    }
    let mut out: Vec<Diagnostic> = out.into_iter().map(|(_, d)| d).collect();
    out.sort_by(Diagnostic::source_order);
    out
}

/// Run every unit rule the config enables over one unit's graph.
pub fn run_unit(
    graph: &UnitGraph<'_>,
    out: &mut Vec<(FileId, Diagnostic)>,
    config: Option<&crate::config::Config>,
) {
    for rule in RULES {
        if !rule.enabled(config) {
            continue;
        }
        if let Scope::Unit(check) | Scope::FileAndUnit(_, check) | Scope::ProjectAndUnit(_, check) =
            rule.scope
        {
            let file = graph.members.first().map_or(0, |m| m.file);
            check(
                graph,
                &mut Sink {
                    rule,
                    file,
                    out,
                    config,
                },
            );
        }
    }
}

/// Run every project rule over the citation graph.
pub fn run_project(graph: &CitationGraph) -> Vec<(FileId, Diagnostic)> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Scope::Project(check) | Scope::ProjectAndUnit(check, _) = rule.scope {
            check(
                graph,
                &mut Sink {
                    rule,
                    file: 0,
                    out: &mut out,
                    config: None,
                },
            );
        }
    }
    out
}

/// How a label is written in messages: `[4]`, `[RFC2119]`.
fn bracketed(label: &str) -> String {
    format!("[{label}]")
}

/// Whether `span` lies inside one of `comments` (in source order):
/// Markdown's `[//]: # (…)` is a link definition and a comment.
fn in_comment(comments: &[Comment], span: Span) -> bool {
    let after = comments.partition_point(|c| c.span.start <= span.start);
    after > 0 && comments[after - 1].span.end >= span.end
}

/// Whether a unit-wide definition is a bibliography entry written in the
/// text (an AsciiDoc `[[[x]]]`, which its dialect places in a references
/// block): `unused-entry` judges it, not `unused-label`.
fn is_entry(graph: &UnitGraph<'_>, (m, i): crate::graph::unit::At) -> bool {
    let doc = graph.members[m].doc;
    let span = doc.definitions[i].label_span;
    // Blocks are in order and do not overlap: the one that may hold it is
    // the last that starts at or before it.
    let after = doc.blocks.partition_point(|b| b.span.start <= span.start);
    after > 0 && {
        let b = &doc.blocks[after - 1];
        b.kind == BlockKind::References && span.end <= b.span.end
    }
}

/// "note" in a notes block, "reference" in a reference list.
fn noun(kind: Option<BlockKind>) -> &'static str {
    match kind {
        Some(BlockKind::References) => "reference",
        _ => "note",
    }
}

/// Numeric labels only (for the numbering rules).
fn number(label: &str) -> Option<u32> {
    label_number(label)
}

/// For each scope, whether its note-to-note references are checked: its
/// notes are a notes block's (not a reference list's), and numbered.
/// "See note 3" before a list of `[Smith2020]` entries, or under
/// References, names a note of something else. Notes marked with a
/// symbol (`[^*]`, `[^†]`: an author's unnumbered star notes) leave the
/// rest numbered.
fn checks_note_refs(graph: &RefGraph<'_>) -> Vec<bool> {
    (0..graph.scopes.len())
        .map(|scope| {
            if graph.block_kind(scope) != Some(BlockKind::Notes) {
                return false;
            }
            let mut notes = graph
                .definitions_in(scope)
                .filter(|(_, d)| {
                    d.kind == crate::model::RefKind::Note
                        && d.namespace.is_none()
                        && d.label.chars().any(char::is_alphanumeric)
                })
                .peekable();
            notes.peek().is_some() && notes.all(|(_, d)| number(&d.label).is_some())
        })
        .collect()
}

/// A note-to-note reference as messages quote it: in curly quotes,
/// without its emphasis markup (`*See supra*`, `<i>id.</i>`), its blanks
/// (line breaks and indentation of wrapped text) made one space.
fn quoted(text: &str, span: Span) -> String {
    let words: Vec<&str> = span.of(text).split_whitespace().collect();
    format!("\u{201c}{}\u{201d}", unmarked(&words.join(" ")))
}

/// A phrase without its emphasis markup (`_Id._`, `<i>ibid.</i>`).
fn unmarked(phrase: &str) -> String {
    let phrase = phrase.replace(['*', '_'], "").replace("''", "");
    let bytes = phrase.as_bytes();
    let mut out = String::with_capacity(phrase.len());
    let mut i = 0;
    while let Some(c) = phrase[i..].chars().next() {
        match crate::model::emphasis_tag_at(bytes, i) {
            Some(tag) => i += tag,
            None => {
                out.push(c);
                i += c.len_utf8();
            }
        }
    }
    out
}

/// Who says a note-to-note reference, in messages: `note [7]`, or `the
/// text` for one in prose.
fn sayer(graph: &RefGraph<'_>, holder: Option<usize>) -> String {
    holder.map_or_else(
        || "the text".to_owned(),
        |h| {
            format!(
                "note {}",
                graph.notation.marker(&graph.doc.definitions[h].label)
            )
        },
    )
}
