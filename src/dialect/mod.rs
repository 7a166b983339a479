//! Input formats. A dialect turns source text into a [`Document`] (markers,
//! definitions, notes blocks, prose spans, links to other files, comments)
//! and knows nothing about rules or output. Adding one is a module here
//! plus a row in [`DIALECTS`]: everything else (walking, units, graphs,
//! rules, reports) reads the row.

pub mod asciidoc;
pub mod latex;
pub mod markdown;
pub mod note_refs;
pub mod plain;
pub mod rst;
pub mod wikitext;

use crate::model::{Document, Notation};

/// What reading depends on beyond the text: the run's configuration
/// (`ibid.toml`), the same for every file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// Commands a LaTeX project defines and declares (`[latex.commands]`).
    pub latex: latex::Commands,
    /// The Markdown flavour of every Markdown file (`--flavor`, else
    /// `[markdown] flavor`); `None`: decided per file.
    pub flavor: Option<markdown::Flavor>,
    /// Attributes every AsciiDoc document starts with (`[asciidoc]
    /// attributes`, as `asciidoctor -a` or an Antora playbook sets them:
    /// `idprefix`, `idseparator`, a folder an include path names).
    pub asciidoc_attributes: Vec<(String, String)>,
}

/// What reading one file depends on beyond its text and the run's
/// settings: where it is and what project it belongs to.
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct FileHints<'a> {
    /// The file's path, when it has one (not standard input unnamed).
    pub path: Option<&'a std::path::Path>,
    /// The Markdown flavour its project implies (a Quarto project is
    /// `quarto`, a bookdown book `pandoc`, a Jupyter Book, MyST or Sphinx
    /// project `myst`).
    pub project_flavor: Option<markdown::Flavor>,
    /// Where the file sits in a Sphinx project, for a reStructuredText
    /// document of one.
    pub sphinx: Option<rst::Project<'a>>,
}

impl<'a> FileHints<'a> {
    /// Hints for a file at `path` in a project implying `project_flavor`.
    pub fn new(
        path: Option<&'a std::path::Path>,
        project_flavor: Option<markdown::Flavor>,
    ) -> Self {
        Self {
            path,
            project_flavor,
            sphinx: None,
        }
    }
}

/// How a dialect's files join into resolution units (DESIGN.md section 4).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    /// Every file is a unit of its own.
    File,
    /// A root and every file it reaches through its includes.
    IncludeDocument,
    /// A file of its own, unless it lies in a project (Quarto, bookdown,
    /// Jupyter Book, MyST, Sphinx): then the project.
    Project,
}

/// One row of the dialect table.
#[derive(Debug)]
pub struct Dialect {
    /// The name used by `--dialect` and in reports.
    pub id: &'static str,
    /// File extensions (lower case, without the dot) picked when walking.
    pub extensions: &'static [&'static str],
    /// Whether text of unknown type looks like this dialect (`auto`).
    pub sniff: fn(&str) -> bool,
    pub parse: fn(&str, &Settings, &FileHints<'_>) -> Document,
    /// How its notes are written, in messages and help.
    pub notation: Notation,
    pub units: Units,
    /// The encoding a file declares in its bytes (LaTeX's inputenc, a
    /// Project Gutenberg header), when it is not UTF-8.
    pub declared_encoding: fn(&[u8]) -> Option<&'static encoding_rs::Encoding>,
    /// File names of book manifests, read as roots when found beside or
    /// above a document (an O'Reilly Atlas `atlas.json`); `parse` reads
    /// them by name.
    pub manifests: &'static [&'static str],
}

/// A table of the bytes in `set`, for scanners that stop only at a few
/// kinds of byte.
pub(crate) const fn byte_set(set: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < set.len() {
        table[set[i] as usize] = true;
        i += 1;
    }
    table
}

/// No declared encodings: UTF-8 only.
fn utf8_only(_: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    None
}

/// Every dialect ibid knows, in sniffing order.
pub static DIALECTS: &[Dialect] = &[
    Dialect {
        id: "markdown",
        extensions: &["md", "markdown", "mdown", "mkd", "qmd", "rmd"],
        sniff: markdown::sniff,
        parse: |text, settings, file| {
            markdown::parse_as(text, markdown::flavor_of(settings, file, text))
        },
        notation: markdown::NOTATION,
        units: Units::Project,
        declared_encoding: utf8_only,
        manifests: &[],
    },
    Dialect {
        id: "latex",
        extensions: &["tex", "ltx", "latex"],
        sniff: latex::sniff,
        parse: |text, settings, _| latex::parse(text, &settings.latex),
        notation: latex::NOTATION,
        units: Units::IncludeDocument,
        declared_encoding: latex::declared_encoding,
        manifests: &[],
    },
    Dialect {
        id: "rst",
        extensions: &["rst", "rest"],
        sniff: rst::sniff,
        parse: |text, _, file| rst::parse(text, file.sphinx.as_ref()),
        notation: rst::NOTATION,
        units: Units::Project,
        declared_encoding: utf8_only,
        manifests: &[],
    },
    Dialect {
        id: "asciidoc",
        extensions: &["adoc", "asciidoc", "asc", "ad"],
        sniff: asciidoc::sniff,
        parse: |text, settings, file| {
            asciidoc::parse_with(text, file.path, &settings.asciidoc_attributes)
        },
        notation: asciidoc::NOTATION,
        units: Units::IncludeDocument,
        declared_encoding: utf8_only,
        manifests: asciidoc::MANIFESTS,
    },
    Dialect {
        id: "wikitext",
        extensions: &["wiki", "wikitext", "mediawiki"],
        sniff: wikitext::sniff,
        parse: |text, _, _| wikitext::parse(text),
        notation: wikitext::NOTATION,
        units: Units::File,
        declared_encoding: utf8_only,
        manifests: &[],
    },
    Dialect {
        id: "plain",
        extensions: &["txt", "text"],
        sniff: |_| true,
        parse: |text, _, _| plain::parse(text),
        notation: crate::model::BRACKET,
        units: Units::File,
        declared_encoding: plain::declared_encoding,
        manifests: &[],
    },
];

/// Look a dialect up by its id.
pub fn by_id(id: &str) -> Option<&'static Dialect> {
    DIALECTS.iter().find(|d| d.id == id)
}

/// The dialect for a file name, by extension; `None` when no dialect claims it.
pub fn by_path(path: &std::path::Path) -> Option<&'static Dialect> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    DIALECTS
        .iter()
        .find(|d| d.extensions.contains(&ext.as_str()))
}

/// The dialect for text of unknown type (standard input, unknown extension).
pub fn sniff(text: &str) -> &'static Dialect {
    DIALECTS
        .iter()
        .find(|d| (d.sniff)(text))
        .unwrap_or(&DIALECTS[0])
}
