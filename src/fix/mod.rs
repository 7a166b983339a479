//! `ibid fix` (DESIGN.md section 11): repairs that need no human decision,
//! as edits to the decoded text. A [`Fix`] is a set of [`Edit`]s that
//! stand or fall together (renumbering one scope's notes); [`plan`] finds
//! them from a document and its reference graph, [`apply`] applies them
//! in one pass, and every byte outside an edit is kept.

mod renumber;

use crate::dialect::Dialect;
use crate::model::Span;

/// Replace the text of `span` with `replacement` (an empty span inserts,
/// an empty replacement deletes).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// Whether a fix keeps everything the author wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Renumbers, moves or drops an identical copy: nothing is lost.
    Safe,
    /// Deletes content (an unused link definition, an orphaned note):
    /// applied only under `--unsafe`.
    Unsafe,
}

/// Edits that stand or fall together, with what they do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, for the report: "renumbered notes in Notes
    /// (line 40): [3] → [2], [2] → [3]".
    pub message: String,
    /// Where it applies (a scope's heading, a definition), for the report.
    pub span: Span,
    /// In source order, not overlapping.
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// A scope that needs a human decision, left as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LeftAlone {
    /// The scope's heading, or its first line.
    pub span: Span,
    /// How the scope is named in messages: "Notes (line 40)".
    pub scope: String,
    /// Why it was left alone: "marker [7] on line 12 has no note".
    pub reason: String,
}

/// What `fix` may do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct FixOptions {
    /// Also apply fixes that delete content (`--unsafe`).
    pub unsafe_fixes: bool,
    /// Renumber numbered reference lists (References, Bibliography) too
    /// (`[fix] reference-lists = true`); notes blocks always are.
    pub reference_lists: bool,
}

impl FixOptions {
    /// Options that also apply unsafe fixes.
    pub fn unsafe_fixes(mut self, on: bool) -> Self {
        self.unsafe_fixes = on;
        self
    }

    /// Options that also renumber reference lists.
    pub fn reference_lists(mut self, on: bool) -> Self {
        self.reference_lists = on;
        self
    }
}

/// The fixes for one document, and what was left alone.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub fixes: Vec<Fix>,
    pub left_alone: Vec<LeftAlone>,
}

/// What fixing one text produced.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Fixed {
    /// The text after every fix applied (the same text when none did).
    pub text: String,
    /// The fixes applied, in source order.
    pub fixes: Vec<Fix>,
    /// Scopes left alone, with why.
    pub left_alone: Vec<LeftAlone>,
}

impl Fixed {
    /// Whether any fix changed the text.
    pub fn changed(&self) -> bool {
        !self.fixes.is_empty()
    }
}

/// What `ibid fix` does with what it finds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FixMode {
    /// Write the fixed files.
    Write,
    /// Change nothing; say what would change (`--check`).
    Check,
    /// Change nothing; give a unified diff (`--diff`).
    Diff,
}

/// A line of the report about one file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// What `ibid fix` did (or would do) to one file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FileFixes {
    pub path: String,
    /// The fixes applied (or that would be), in source order.
    pub fixes: Vec<Note>,
    /// Scopes left alone, with why.
    pub left_alone: Vec<Note>,
    /// Under [`FixMode::Diff`], the diff of a file that would change, in
    /// the file's encoding.
    pub diff: Option<Vec<u8>>,
    /// Whether the file was written.
    pub written: bool,
    /// Under [`FixMode::Write`], standard input's text after the fixes
    /// (as it came, when nothing changed or its dialect has no fixes), in
    /// its own bytes: for standard output, since it is written nowhere.
    pub output: Option<Vec<u8>>,
}

/// What `ibid fix` did over a run.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct FixReport {
    /// Every file of a dialect that has fixes (and standard input), in
    /// the order of the inputs.
    pub files: Vec<FileFixes>,
    /// Files that could not be read, decoded or written (each one kept as
    /// it was).
    pub failures: Vec<crate::outcome::Failure>,
}

/// Whether a dialect's notes can be fixed: its notes are numbered by the
/// author (plain text, Markdown).
pub fn supports(dialect: &Dialect) -> bool {
    matches!(dialect.id, "plain" | "markdown")
}

/// Find the fixes for one parsed document (of a dialect that
/// [`supports`] fixes). Its note-to-note references are completed with
/// all of its prose: a check reads the prose only where notes refer to
/// one another, but a fix must know every "see note N" before it
/// renumbers or deletes a note.
pub fn plan(
    text: &str,
    doc: &mut crate::model::Document,
    notation: crate::model::Notation,
    options: &FixOptions,
) -> Plan {
    crate::dialect::note_refs::complete(text, doc);
    let doc = &*doc;
    let graph = crate::graph::RefGraph::build(text, doc, notation);
    renumber::plan(&graph, options)
}

/// Apply fixes to `text` in one pass. Edits must not overlap (a fix whose
/// edits overlap an earlier fix's is skipped, and not returned).
pub fn apply(text: &str, fixes: Vec<Fix>) -> (String, Vec<Fix>) {
    let mut accepted: Vec<Fix> = Vec::with_capacity(fixes.len());
    let mut taken: Vec<Span> = Vec::new();
    for fix in fixes {
        // Edits in order, apart, and on character boundaries, or the fix
        // is not applied (a planner's bug must not become a panic).
        let sound = fix.edits.iter().all(|e| {
            e.span.start <= e.span.end
                && text.is_char_boundary(e.span.start)
                && text.is_char_boundary(e.span.end)
        }) && fix
            .edits
            .windows(2)
            .all(|w| w[0].span.end <= w[1].span.start);
        debug_assert!(sound, "unsound edits: {:?}", fix.edits);
        if !sound {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            let at = taken.partition_point(|t| t.end <= e.span.start);
            taken
                .get(at)
                .is_some_and(|t| t.start < e.span.end || t.start == e.span.start)
        });
        if overlaps {
            continue;
        }
        for e in &fix.edits {
            let at = taken.partition_point(|t| t.start < e.span.start);
            taken.insert(at, e.span);
        }
        accepted.push(fix);
    }
    let mut edits: Vec<&Edit> = accepted.iter().flat_map(|f| &f.edits).collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    accepted.sort_by_key(|f| f.span.start);
    (out, accepted)
}

/// Plan and apply the fixes of one text, parsed by `parse`; then parse
/// the result and plan again. A result that a second pass would change
/// (a plain-text notes block whose extent moves as its notes are fixed)
/// is not given: the text is left as it was, with why, so that a fix is
/// always idempotent.
pub fn fix_with(
    text: &str,
    parse: impl Fn(&str) -> crate::model::Document,
    notation: crate::model::Notation,
    options: &FixOptions,
) -> Fixed {
    let mut doc = parse(text);
    let first = plan(text, &mut doc, notation, options);
    let (fixed, fixes) = apply(text, first.fixes);
    if fixes.is_empty() {
        return Fixed {
            text: fixed,
            fixes,
            left_alone: first.left_alone,
        };
    }
    let mut again = parse(&fixed);
    let second = plan(&fixed, &mut again, notation, options);
    if second.fixes.is_empty() {
        return Fixed {
            text: fixed,
            fixes,
            left_alone: first.left_alone,
        };
    }
    let mut left_alone = first.left_alone;
    left_alone.push(LeftAlone {
        span: fixes.first().map_or(Span::default(), |f| f.span),
        scope: "the whole file".to_owned(),
        reason: "its notes blocks would change as they are fixed, and a second pass would \
                 change it again; renumber it by hand"
            .to_owned(),
    });
    left_alone.sort_by_key(|l| l.span.start);
    Fixed {
        text: text.to_owned(),
        fixes: Vec::new(),
        left_alone,
    }
}

/// Fix one decoded text read in one dialect (for editors and a language
/// server): its notes renumbered in order of first reference, their
/// definitions moved to match, every marker and note-to-note reference
/// rewritten. A dialect that [`supports`] no fix gives the text back.
///
/// ```
/// let text = "First.[2] Then.[1]\n\nNotes\n\n[1] One.\n[2] Two.\n";
/// let plain = ibid::DIALECTS.iter().find(|d| d.id == "plain").unwrap();
/// let fixed = ibid::fix_text(text, plain, &ibid::FixOptions::default());
/// assert_eq!(fixed.text, "First.[1] Then.[2]\n\nNotes\n\n[1] Two.\n[2] One.\n");
/// ```
pub fn fix_text(text: &str, dialect: &Dialect, options: &FixOptions) -> Fixed {
    if !supports(dialect) {
        return Fixed {
            text: text.to_owned(),
            fixes: Vec::new(),
            left_alone: Vec::new(),
        };
    }
    let settings = crate::dialect::Settings::default();
    let hints = crate::dialect::FileHints::default();
    fix_with(
        text,
        |t| (dialect.parse)(t, &settings, &hints),
        dialect.notation,
        options,
    )
}

#[cfg(test)]
mod tests;
