//! What a Sphinx `conf.py` tells the checker, read in one pass by
//! `python::bindings` (never executed; the statements and literals read
//! are in that module's doc).
//!
//! ```text
//! setting                           takes                                 default
//! root_doc, master_doc              a string (root_doc wins)              "index"
//! source_suffix                     a string, a list or tuple of          {".rst": "restructuredtext"}
//!                                   strings, or a dict of strings to a
//!                                   file type (a string, or None)
//! exclude_patterns                  a list or tuple of strings            []
//! include_patterns                  a list or tuple of strings            ["**"]
//! templates_path                    a list or tuple of strings            []
//! extensions                        a list or tuple of strings            []
//! autosectionlabel_prefix_document  any literal (Python's truth of it)    False
//! autosectionlabel_maxdepth         an int, a bool or None                None
//! bibtex_bibfiles                   a list or tuple of strings            []
//! intersphinx_disabled_reftypes     a list or tuple of strings            (unset)
//! ```
//!
//! Lists also take `+=`, `.append(…)` and `.extend(…)`, except
//! `bibtex_bibfiles`, which takes `+=` only (as it always has here: a
//! conf.py that appends to it leaves the bibliographies incomplete).
//!
//! # Incomplete values
//!
//! A setting written in a way not read (see `python`: a computed value,
//! a change under `if`, a star import …) is named in [`Sphinx::unread`]
//! and holds what was read of it: its default when its last binding was
//! not a literal, else the literal with the changes read after it. So
//! `exclude_patterns = get()` gives no patterns (every file is then a
//! document), and `extensions += more` keeps the extensions listed
//! before.
//!
//! # Source suffixes
//!
//! As Sphinx converts them: a string or a list gives each suffix the file
//! type `restructuredtext`. Then the extensions listed add the suffixes
//! they register, as Sphinx merges them: a suffix not given is added, and
//! one given as `restructuredtext` (or None) takes the extension's type.
//!
//! ```text
//! extension      registers
//! myst_parser    .md    markdown
//! myst_nb        .md    myst-nb (over any other extension), .ipynb myst-nb
//! recommonmark   .md    markdown
//! m2r, m2r2      .md    markdown
//! nbsphinx       .ipynb jupyter_notebook
//! ```
//!
//! A file type names the parser: `restructuredtext` (and its aliases
//! `rst`, `rest`, `restx`, `rtxt`, `rstx`) or None is
//! [`SourceParser::Rst`]; `markdown`, `md`, `myst`, and `myst-nb` for
//! `.md` are [`SourceParser::Markdown`]; anything else (notebooks, custom
//! parsers) is [`SourceParser::Other`].
//!
//! # Documents
//!
//! As Sphinx finds them (`Project.discover`): a file under the project
//! folder is a document when its name ends with a source suffix (the
//! first that matches is cut off to give the document name), it matches
//! an include pattern, and neither it nor a folder above it matches an
//! exclude pattern. Exclude patterns are `exclude_patterns`, then
//! `templates_path` (Sphinx excludes its templates too), then Sphinx's own
//! `**/_sources`, `.#*`, `**/.#*`, `*.lproj/**`. Patterns are matched with
//! Sphinx's glob semantics (`matching`) against the path relative to the
//! project folder, `/`-separated. Not followed: the builder's asset paths
//! (`html_static_path`, `html_extra_path` for HTML builds), Unicode
//! normalisation of file names (Sphinx compares their NFC form), and the
//! `contents` fallback when there is no `index` document.

use std::path::{Component, Path};

use self::matching::Pattern;
use super::python::{self, Binding, Name, Value};
use crate::model::Span;

/// The parser Sphinx reads a source file with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SourceParser {
    Rst,
    Markdown,
    /// A notebook or a custom parser: not a text ibid reads as Sphinx does.
    Other,
}

/// `sphinx.ext.autosectionlabel`'s settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AutoSectionLabel {
    /// Labels are `document:Section title` (`autosectionlabel_prefix_document`).
    pub prefix_document: bool,
    /// Only sections at a depth below this get a label (a document's title
    /// is at depth 0, so 1 labels titles only); None for every depth.
    /// Sphinx reads 0 as no limit (None here) and a negative depth as
    /// none labelled (`Some(0)`).
    pub maxdepth: Option<u32>,
}

/// What a Sphinx project's `conf.py` says about its documents.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sphinx {
    /// The root document's name (`root_doc`, else `master_doc`, else
    /// `index`).
    pub root_doc: String,
    /// `exclude_patterns`, as written.
    pub exclude_patterns: Vec<String>,
    /// `include_patterns`, as written (`["**"]` unless set).
    pub include_patterns: Vec<String>,
    /// `templates_path`, as written: Sphinx excludes these folders too.
    pub templates_path: Vec<String>,
    /// Each source suffix and its parser, in Sphinx's order: as written,
    /// then those the extensions add (see the module doc).
    pub source_suffix: Vec<(String, SourceParser)>,
    /// `extensions`, as written.
    pub extensions: Vec<String>,
    /// `extensions` is set in a way not read (it may hold more, or fewer):
    /// that an extension is missing from [`Sphinx::extensions`] is then
    /// not certain, nor are the suffixes it would register.
    pub extensions_incomplete: bool,
    /// Some when `sphinx.ext.autosectionlabel` is among the extensions.
    pub autosectionlabel: Option<AutoSectionLabel>,
    /// `intersphinx_disabled_reftypes`, when conf.py sets it: which
    /// references without a prefix intersphinx leaves alone (Sphinx's
    /// default, unset here, is `["std:doc"]`; `[]` sends every one to the
    /// other projects' inventories, `["*"]` none).
    pub intersphinx_disabled_reftypes: Option<Vec<String>>,
    /// The settings above (by their conf.py name) that conf.py sets in a
    /// way not read here, in the order of the module doc's table; their
    /// fields hold what was read (see the module doc).
    pub unread: Vec<&'static str>,
}

impl Default for Sphinx {
    /// What an empty `conf.py` gives.
    fn default() -> Self {
        read("").sphinx
    }
}

impl Sphinx {
    /// The document name of a file (its path relative to the project
    /// folder, `/`-separated, suffix removed) when Sphinx builds it as a
    /// document: its name ends with one of [`Sphinx::source_suffix`], it
    /// matches an include pattern, and no exclude pattern matches it or a
    /// folder above it (see the module doc); None otherwise, and for a
    /// path that leaves the folder or is not UTF-8.
    pub fn docname(&self, rel: &Path) -> Option<String> {
        let path = posix(rel)?;
        let name = path.rsplit('/').next()?;
        let (suffix, _) = self
            .source_suffix
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix.as_str()))?;
        let doc = &path[..path.len() - suffix.len()];
        // An empty name is no document (a file named `.rst`).
        (!doc.is_empty() && self.found(&path)).then(|| doc.to_owned())
    }

    /// Which parser Sphinx reads a file with, by its suffix alone (an
    /// excluded file gets one too, for it may be included); None when its
    /// name ends with no source suffix.
    pub fn parser(&self, rel: &Path) -> Option<SourceParser> {
        let name = rel.file_name()?.to_str()?;
        self.source_suffix
            .iter()
            .find(|(suffix, _)| name.ends_with(suffix.as_str()))
            .map(|&(_, parser)| parser)
    }

    /// Whether conf.py sets `setting` in a way not read here.
    pub fn is_unread(&self, setting: &str) -> bool {
        self.unread.contains(&setting)
    }

    /// Whether Sphinx's walk finds `path`: included, and neither it nor a
    /// folder above it excluded.
    fn found(&self, path: &str) -> bool {
        let compile = |patterns: &[String]| -> Vec<Pattern> {
            patterns.iter().filter_map(|p| Pattern::new(p)).collect()
        };
        let included = compile(&self.include_patterns)
            .iter()
            .any(|p| p.matches(path));
        if !included {
            return false;
        }
        let mut excludes = compile(&self.exclude_patterns);
        excludes.extend(compile(&self.templates_path));
        excludes.extend(EXCLUDE_PATHS.iter().filter_map(|p| Pattern::new(p)));
        let folders = path.match_indices('/').map(|(at, _)| &path[..at]);
        !folders
            .chain([path])
            .any(|p| excludes.iter().any(|e| e.matches(p)))
    }
}

/// Sphinx's own exclude patterns (`sphinx.project.EXCLUDE_PATHS`).
const EXCLUDE_PATHS: &[&str] = &["**/_sources", ".#*", "**/.#*", "*.lproj/**"];

/// A relative path as Sphinx writes it: `/`-separated, no `.`; None when
/// it is empty, leaves the folder or is not UTF-8.
fn posix(rel: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for part in rel.components() {
        match part {
            Component::Normal(name) => parts.push(name.to_str()?),
            Component::CurDir => {}
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    (!parts.is_empty()).then(|| parts.join("/"))
}

/// What [`read`] finds in a conf.py.
pub(super) struct Conf {
    pub sphinx: Sphinx,
    /// `bibtex_bibfiles`: each path and the span inside its quotes.
    pub bibfiles: Vec<(String, Span)>,
    /// `bibtex_bibfiles` is set in a way not read.
    pub bibfiles_incomplete: bool,
}

/// The settings read, in the order of [`NAMES`] (and of the module doc's
/// table, which [`Sphinx::unread`] follows).
#[derive(Clone, Copy)]
enum Setting {
    RootDoc,
    MasterDoc,
    SourceSuffix,
    ExcludePatterns,
    IncludePatterns,
    TemplatesPath,
    Extensions,
    PrefixDocument,
    MaxDepth,
    BibtexBibfiles,
    DisabledReftypes,
}

const NAMES: [Name; 11] = [
    scalar("root_doc", |v| v.str().is_some()),
    scalar("master_doc", |v| v.str().is_some()),
    Name {
        name: "source_suffix",
        accepts: is_suffixes,
        mutable: true,
        methods: true,
    },
    list("exclude_patterns", true),
    list("include_patterns", true),
    list("templates_path", true),
    list("extensions", true),
    scalar("autosectionlabel_prefix_document", |_| true),
    scalar("autosectionlabel_maxdepth", |v| {
        matches!(v, Value::Int(_) | Value::Bool(_) | Value::None)
    }),
    list("bibtex_bibfiles", false),
    list("intersphinx_disabled_reftypes", true),
];

const fn scalar(name: &'static str, accepts: fn(&Value) -> bool) -> Name {
    Name {
        name,
        accepts,
        mutable: false,
        methods: false,
    }
}

const fn list(name: &'static str, methods: bool) -> Name {
    Name {
        name,
        accepts: Value::is_strs,
        mutable: true,
        methods,
    }
}

/// A string, a list or tuple of strings, or a dict of strings to a
/// string or None.
fn is_suffixes(value: &Value) -> bool {
    match value {
        Value::Str(..) => true,
        Value::Dict(pairs) => pairs
            .iter()
            .all(|(k, v)| k.str().is_some() && matches!(v, Value::Str(..) | Value::None)),
        other => other.is_strs(),
    }
}

/// Read a conf.py (see the module doc).
pub(super) fn read(text: &str) -> Conf {
    let found = python::bindings(text, &NAMES);
    let get = |setting: Setting| -> &Binding { &found[setting as usize] };
    let strs = |setting: Setting| -> Option<Vec<String>> {
        match &get(setting).value {
            Some(Value::List(items)) => Some(
                items
                    .iter()
                    .filter_map(|v| v.str().map(str::to_owned))
                    .collect(),
            ),
            _ => None,
        }
    };
    let root_doc = [Setting::RootDoc, Setting::MasterDoc]
        .iter()
        .find_map(|&s| get(s).value.as_ref()?.str())
        .unwrap_or("index")
        .to_owned();
    let extensions = strs(Setting::Extensions).unwrap_or_default();
    let autosectionlabel = extensions
        .iter()
        .any(|e| e == "sphinx.ext.autosectionlabel")
        .then(|| AutoSectionLabel {
            prefix_document: get(Setting::PrefixDocument)
                .value
                .as_ref()
                .is_some_and(Value::truth),
            maxdepth: get(Setting::MaxDepth).value.as_ref().and_then(maxdepth),
        });
    let source_suffix = source_suffix(get(Setting::SourceSuffix).value.as_ref(), &extensions);
    let bib = get(Setting::BibtexBibfiles);
    let bibfiles = match &bib.value {
        Some(Value::List(items)) => items
            .iter()
            .filter_map(|v| match v {
                Value::Str(s, span) => Some((s.clone(), *span)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let sphinx = Sphinx {
        root_doc,
        exclude_patterns: strs(Setting::ExcludePatterns).unwrap_or_default(),
        include_patterns: strs(Setting::IncludePatterns).unwrap_or_else(|| vec!["**".to_owned()]),
        templates_path: strs(Setting::TemplatesPath).unwrap_or_default(),
        source_suffix,
        extensions_incomplete: get(Setting::Extensions).unread,
        extensions,
        autosectionlabel,
        intersphinx_disabled_reftypes: strs(Setting::DisabledReftypes),
        unread: NAMES
            .iter()
            .zip(&found)
            .filter(|(_, b)| b.unread)
            .map(|(n, _)| n.name)
            .collect(),
    };
    Conf {
        sphinx,
        bibfiles,
        bibfiles_incomplete: bib.unread,
    }
}

/// `autosectionlabel_maxdepth` as [`AutoSectionLabel::maxdepth`] reads it.
fn maxdepth(value: &Value) -> Option<u32> {
    match value {
        Value::Int(n) if *n < 0 => Some(0),
        Value::Int(0) | Value::Bool(false) | Value::None => None,
        Value::Int(n) => Some(u32::try_from(*n).unwrap_or(u32::MAX)),
        Value::Bool(true) => Some(1),
        _ => None,
    }
}

/// Suffixes that extensions register, in the order each registers them:
/// the extension, the suffix, its file type, and whether it overrides
/// another extension's registration of the suffix.
const REGISTERED: &[(&str, &str, &str, bool)] = &[
    ("myst_parser", ".md", "markdown", false),
    ("myst_nb", ".md", "myst-nb", true),
    ("myst_nb", ".ipynb", "myst-nb", false),
    ("recommonmark", ".md", "markdown", false),
    ("m2r", ".md", "markdown", false),
    ("m2r2", ".md", "markdown", false),
    ("nbsphinx", ".ipynb", "jupyter_notebook", false),
];

/// The source suffixes and their parsers (see the module doc).
fn source_suffix(value: Option<&Value>, extensions: &[String]) -> Vec<(String, SourceParser)> {
    // Each suffix once, where first written, with its last file type.
    let mut given: Vec<(String, Option<String>)> = Vec::new();
    let mut put = |suffix: &str, filetype: Option<&str>| {
        let filetype = filetype.map(str::to_owned);
        match given.iter_mut().find(|(s, _)| s == suffix) {
            Some(entry) => entry.1 = filetype,
            None => given.push((suffix.to_owned(), filetype)),
        }
    };
    match value {
        None => put(".rst", Some(RST)),
        Some(Value::Str(suffix, _)) => put(suffix, Some(RST)),
        Some(Value::List(items)) => {
            for suffix in items.iter().filter_map(Value::str) {
                put(suffix, Some(RST));
            }
        }
        Some(Value::Dict(pairs)) => {
            for (suffix, filetype) in pairs {
                if let Some(suffix) = suffix.str() {
                    put(suffix, filetype.str());
                }
            }
        }
        Some(_) => {}
    }
    // The extensions' registry, in the order they are listed.
    let mut registry: Vec<(&str, &str)> = Vec::new();
    let added = extensions
        .iter()
        .flat_map(|e| REGISTERED.iter().filter(move |row| row.0 == e));
    for &(_, suffix, filetype, overrides) in added {
        match registry.iter_mut().find(|(s, _)| *s == suffix) {
            // Sphinx refuses a second registration without override.
            Some(entry) if overrides => entry.1 = filetype,
            Some(_) => {}
            None => registry.push((suffix, filetype)),
        }
    }
    for (suffix, filetype) in registry {
        match given.iter_mut().find(|(s, _)| s == suffix) {
            Some(entry) if entry.1.as_deref().is_none_or(|t| t == RST) => {
                entry.1 = Some(filetype.to_owned());
            }
            Some(_) => {}
            None => given.push((suffix.to_owned(), Some(filetype.to_owned()))),
        }
    }
    given
        .into_iter()
        .map(|(suffix, filetype)| {
            let parser = parser_of(&suffix, filetype.as_deref());
            (suffix, parser)
        })
        .collect()
}

/// Sphinx's default file type.
const RST: &str = "restructuredtext";

/// The parser a file type names (see the module doc).
fn parser_of(suffix: &str, filetype: Option<&str>) -> SourceParser {
    match filetype {
        None | Some(RST | "rst" | "rest" | "restx" | "rtxt" | "rstx") => SourceParser::Rst,
        Some("markdown" | "md" | "myst") => SourceParser::Markdown,
        Some("myst-nb") if suffix == ".md" => SourceParser::Markdown,
        Some(_) => SourceParser::Other,
    }
}

mod matching;

#[cfg(test)]
mod tests;
