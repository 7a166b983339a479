//! Bibliography files: BibTeX/BibLaTeX, CSL-JSON and CSL-YAML, parsed into
//! located entries for the citation rules (`unknown-citation`,
//! `unused-entry`, `duplicate-entry`, `bib-syntax`).
//!
//! Only what those rules need is kept: each entry's key, its kind and where
//! both are. Fields are read (so that their syntax is checked) but not
//! stored. Parsing never fails: what cannot be read becomes a [`BibError`]
//! at the place it breaks, and parsing carries on after it, so one bad entry
//! does not hide the rest.
//!
//! ```
//! use ibid::internals::bib::{parse, Format};
//! let text = "@article{Smith2020, title = {A {Title}}}\n@book{jones, title = {x}\n";
//! let bib = parse(Format::Bibtex, text);
//! assert_eq!(bib.entries[0].key.as_ref(), "Smith2020");
//! assert_eq!(bib.entries[0].normalized_key(), "smith2020");
//! assert_eq!(bib.entries[1].key_span.of(text), "jones");
//! assert_eq!(
//!     bib.errors[0].message,
//!     "entry `@book{jones` is never closed before the end of the file"
//! );
//! ```

use std::path::Path;

use crate::model::Span;

mod bibtex;
mod csl;

pub use csl::csl_yaml_items;

/// One bibliography entry: a citable key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key as written (`Smith2020`); for CSL, the `id` value.
    pub key: Box<str>,
    /// Where the key is written (inside the quotes of a quoted CSL `id`).
    pub key_span: Span,
    /// The whole entry, from `@` to its closing delimiter, or the CSL item.
    /// An entry that breaks after its key is kept, and ends where it breaks.
    pub span: Span,
    /// The entry type in lower case (`article`, `book`); for CSL the `type`
    /// value, empty when the item has none.
    pub kind: Box<str>,
    /// Keys of the entries this one draws on (`crossref`, `xref`,
    /// `xdata`, `related`, `entryset`), lower-cased: citing this entry
    /// uses them.
    pub parents: Vec<Box<str>>,
}

impl Entry {
    /// The key that citations match by (see [`citation_key`]).
    pub fn normalized_key(&self) -> String {
        citation_key(&self.key).into_owned()
    }
}

/// A citation key as keys match, case-insensitively: lower-cased as a
/// whole string (a final `Σ` becomes `ς`), copied only when lowering may
/// change it.
pub fn citation_key(key: &str) -> std::borrow::Cow<'_, str> {
    if key.bytes().all(|b| b.is_ascii() && !b.is_ascii_uppercase()) {
        key.into()
    } else {
        key.to_lowercase().into()
    }
}

/// A place where a bibliography file cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BibError {
    /// Where parsing breaks (may be empty, at the end of the file).
    pub span: Span,
    /// What was expected there, e.g. "expected `=` after field name `title`".
    pub message: String,
}

impl BibError {
    pub(crate) fn new(span: Span, message: impl Into<String>) -> Self {
        Self {
            span,
            message: message.into(),
        }
    }
}

/// Everything read from one bibliography file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bibliography {
    pub format: Format,
    /// Entries in source order; duplicate keys are all kept.
    pub entries: Vec<Entry>,
    /// Syntax errors in source order.
    pub errors: Vec<BibError>,
}

/// A bibliography file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// BibTeX or BibLaTeX (`.bib`).
    Bibtex,
    /// An array of CSL items in JSON (`.json`).
    CslJson,
    /// CSL items in YAML (`.yaml`), a list or a `references:` mapping.
    CslYaml,
}

impl Format {
    /// A short name for messages: `BibTeX`, `CSL-JSON`, `CSL-YAML`.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Bibtex => "BibTeX",
            Format::CslJson => "CSL-JSON",
            Format::CslYaml => "CSL-YAML",
        }
    }
}

/// Read a bibliography in a known format.
pub fn parse(format: Format, text: &str) -> Bibliography {
    let (entries, errors) = match format {
        Format::Bibtex => bibtex::parse(text),
        Format::CslJson => csl::json(text),
        Format::CslYaml => csl::yaml(text),
    };
    Bibliography {
        format,
        entries,
        errors,
    }
}

/// The format of a bibliography file, from its extension (any case):
/// `.bib`/`.bibtex`, `.json`, `.yaml`/`.yml`.
pub fn format_for(path: &Path) -> Option<Format> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "bib" | "bibtex" => Some(Format::Bibtex),
        "json" => Some(Format::CslJson),
        "yaml" | "yml" => Some(Format::CslYaml),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
