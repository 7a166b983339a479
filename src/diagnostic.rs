//! ibid's own diagnostic record: plain data, rendered by the reporters.

use crate::model::{FileId, Span};
pub use crate::source::Place;

/// How serious a finding is; the order is most serious first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Note => "note",
        }
    }
}

/// A secondary place a diagnostic points at: in the same file, or in
/// another file of the run (the first definition of a label defined
/// again in another chapter).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Related {
    /// The other file; `None` for the diagnostic's own.
    pub file: Option<FileId>,
    pub span: Span,
    pub message: String,
}

/// One finding in one file.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// The rule's stable id, such as `unresolved`.
    pub code: &'static str,
    pub severity: Severity,
    pub span: Span,
    /// The note's label as written, without brackets.
    pub label: Option<Box<str>>,
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
    pub related: Vec<Related>,
    /// Where the spans are in lines and columns, worked out while the
    /// file's text is at hand, so that reporters need not read it again.
    /// `None` until then (and for findings made without the text).
    pub place: Option<Box<Place>>,
}

impl Diagnostic {
    /// Order within one file: by position, then code, then label.
    pub fn source_order(a: &Self, b: &Self) -> std::cmp::Ordering {
        (a.span.start, a.code, &a.label).cmp(&(b.span.start, b.code, &b.label))
    }

    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    /// A related place in the same file.
    pub fn related(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.related.push(Related {
            file: None,
            span,
            message: message.into(),
        });
        self
    }

    /// A related place in another file of the run.
    pub fn related_in(
        &mut self,
        file: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            file: Some(file),
            span,
            message: message.into(),
        });
        self
    }

    /// A related place in file `there`, for a finding reported in file
    /// `here`: plain when they are one file.
    pub fn related_from(
        &mut self,
        here: FileId,
        there: FileId,
        span: Span,
        message: impl Into<String>,
    ) -> &mut Self {
        if here == there {
            self.related(span, message)
        } else {
            self.related_in(there, span, message)
        }
    }

    /// A finding of a rule with its default severity (for rules and
    /// suppressions; see [`crate::rules::RuleMeta::diagnostic`]).
    pub(crate) fn new(
        code: &'static str,
        severity: Severity,
        span: Span,
        label: Option<&str>,
        message: String,
    ) -> Self {
        Self {
            code,
            severity,
            span,
            label: label.map(Into::into),
            message,
            help: None,
            related: Vec::new(),
            place: None,
        }
    }
}
