//! Project configuration: what kind of project a folder is, the
//! bibliographies its configuration declares for every member, and its
//! members when the configuration lists them (DESIGN.md section 4).
//!
//! Files are read through a closure; nothing here touches the file system.
//! Every path comes with the byte span where it is written, so a finding
//! about it (a missing bibliography, say) can point at it.
//!
//! ```text
//! kind          marker (first found)          bibliographies                      members
//! Quarto        _quarto.yml, _quarto.yaml     bibliography: at the top level,     every document
//!                                             then format: <fmt>: bibliography:
//! bookdown      _bookdown.yml, or index.Rmd   bibliography: in index.Rmd's        _bookdown.yml rmd_files:
//!               whose front matter has        front matter                        (+ rmd_subdir:), else the
//!               site: bookdown::bookdown_site                                     .Rmd files beside index.Rmd
//! Jupyter Book  _config.yml with _toc.yml     bibtex_bibfiles: at the top level   every document
//! MyST          myst.yml                      project: bibliography:              every document
//! Sphinx        conf.py                       bibtex_bibfiles = [...] (a literal) every document Sphinx
//!                                                                                 builds (see [`Sphinx`])
//! ```
//!
//! When a folder holds several markers, the first row wins. An R Markdown
//! website (`site: rmarkdown::render_site`) is not a project.
//!
//! # YAML
//!
//! A bibliography value is a string or a list of strings, quoted or not:
//!
//! ```text
//! bibliography: refs.bib
//! bibliography: [a.bib, "b.bib"]
//! bibliography:
//!   - a.bib
//!   - 'b.bib'
//! ```
//!
//! Only the keys above count; the same key nested anywhere else does not
//! (Quarto wants `bibliography:` at the top level, not under `book:`).
//! `rmd_files:` is a list, or a map from output format to list (`html`
//! first, then the others as written, each file once); as bookdown does,
//! a leading `./` is dropped, files whose name starts with `_` are left
//! out, and `index.Rmd` comes first. Malformed YAML yields nothing (and
//! bibliographies it should have held are [`ProjectConfig::incomplete`]).
//!
//! # conf.py
//!
//! Read, never executed ([`sphinx`] lists the settings read, `python` the
//! statements): top-level statements `bibtex_bibfiles = [...]` (or a
//! tuple, or with an annotation) and `bibtex_bibfiles += [...]` whose
//! value is a literal list of string literals, in any quoting, over any
//! number of lines, with comments and a trailing comma. Any other mention
//! of the name, or a value that is not such a literal, makes the list
//! [`ProjectConfig::incomplete`]. The same pass reads what
//! [`ProjectConfig::sphinx`] holds.
//!
//! # Spans
//!
//! A span covers a value as written, inside its quotes. Its text equals
//! [`Named::path`] unless the value is written with escapes (`\"`, `''`),
//! folded over several lines, or as a YAML block scalar (`|`, `>`); then
//! `path` is the decoded value and the span covers what is written (for a
//! folded or block scalar, its first line).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

pub use self::sphinx::{AutoSectionLabel, SourceParser, Sphinx};
use self::yaml::{parse_yaml, Node, Scalar};
use crate::model::Span;

/// What kind of project a folder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Quarto,
    Bookdown,
    JupyterBook,
    Myst,
    Sphinx,
}

impl Kind {
    /// The kind as a user names it, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Quarto => "Quarto project",
            Kind::Bookdown => "bookdown book",
            Kind::JupyterBook => "Jupyter Book",
            Kind::Myst => "MyST project",
            Kind::Sphinx => "Sphinx project",
        }
    }
}

/// A path written in a configuration file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    /// The configuration file it is written in (the folder joined with the
    /// file name, e.g. `dir.join("_quarto.yml")`).
    pub file: PathBuf,
    /// The path as written (unquoted, escapes decoded).
    pub path: String,
    /// Where it is written in that file's text (the value only, inside any
    /// quotes; see the module doc for when its text differs from `path`).
    pub span: Span,
}

impl Named {
    /// Whether the path is a URL rather than a file: MyST reads remote
    /// bibliographies (`https://…/refs.bib`).
    pub fn is_url(&self) -> bool {
        let path = self.path.as_bytes();
        ["http://", "https://"].iter().any(|scheme| {
            path.get(..scheme.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(scheme.as_bytes()))
        })
    }
}

/// Folders whose documents are members too (bookdown `rmd_subdir:`), in
/// addition to [`ProjectConfig::members`] or, when that is `None`, to the
/// documents beside the marker.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Subdirs {
    /// No folder: not set, or `false`.
    #[default]
    Off,
    /// Every folder under the project, searched recursively (`true`).
    All,
    /// These folders, relative to the project folder, searched recursively.
    Listed(Vec<Named>),
}

/// What a project's configuration says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectConfig {
    pub kind: Kind,
    /// The file that marks the project (e.g. `dir/_quarto.yml`).
    pub marker: PathBuf,
    /// Bibliographies declared for every member, in the order written.
    pub bibliographies: Vec<Named>,
    /// Members listed explicitly (bookdown `rmd_files`), relative to the
    /// folder; None = every document under the folder (or, for bookdown,
    /// the .Rmd files beside index.Rmd).
    pub members: Option<Vec<Named>>,
    /// More member folders (bookdown `rmd_subdir`); [`Subdirs::Off`] for
    /// every other kind.
    pub subdirs: Subdirs,
    /// The configuration declares bibliographies in a way not read here,
    /// so `bibliographies` may lack some: conf.py computes
    /// `bibtex_bibfiles` or star-imports another module, a YAML value is
    /// an alias, a tag (`!expr`) or a map, or the file holding them is
    /// malformed. A citation found in none of them is then not certainly
    /// unknown.
    pub incomplete: bool,
    /// What a Sphinx project's `conf.py` says about its documents (which
    /// files are documents, their parsers, the extensions on); None for
    /// every other kind.
    pub sphinx: Option<Sphinx>,
}

impl ProjectConfig {
    fn new(kind: Kind, marker: PathBuf) -> Self {
        Self {
            kind,
            marker,
            bibliographies: Vec::new(),
            members: None,
            subdirs: Subdirs::Off,
            incomplete: false,
            sphinx: None,
        }
    }
}

/// What kind of project `dir` is, reading its files through `read` (which
/// gets a full path `dir.join(name)` and returns the decoded text of that
/// file when it exists and is a regular readable UTF-8 file, else None).
/// None when `dir` is not a project root. When `dir` holds several
/// markers, the first kind in the order Quarto, bookdown, Jupyter Book,
/// MyST, Sphinx wins.
pub fn detect(dir: &Path, read: &mut dyn FnMut(&Path) -> Option<String>) -> Option<ProjectConfig> {
    let detectors: [Detector; 5] = [quarto, bookdown, jupyter_book, myst, sphinx];
    detectors.iter().find_map(|detect| detect(dir, &mut *read))
}

/// How files are read: see [`detect`].
type Read<'r> = dyn FnMut(&Path) -> Option<String> + 'r;

/// Detects one kind of project.
type Detector = fn(&Path, &mut Read<'_>) -> Option<ProjectConfig>;

/// The first of `names` in `dir` that can be read, with its text.
/// Every file name [`detect`] reads: a folder holding none of them is no
/// project, which one listing of the folder tells.
pub const MARKERS: &[&str] = &[
    "_quarto.yml",
    "_quarto.yaml",
    "_bookdown.yml",
    "index.Rmd",
    "index.rmd",
    "_config.yml",
    "_toc.yml",
    "myst.yml",
    "conf.py",
];

fn first(dir: &Path, names: &[&str], read: &mut Read<'_>) -> Option<(PathBuf, String)> {
    debug_assert!(names.iter().all(|n| MARKERS.contains(n)));
    names.iter().find_map(|name| {
        let path = dir.join(name);
        read(&path).map(|text| (path, text))
    })
}

fn quarto(dir: &Path, read: &mut Read<'_>) -> Option<ProjectConfig> {
    let (marker, text) = first(dir, &["_quarto.yml", "_quarto.yaml"], read)?;
    let mut config = ProjectConfig::new(Kind::Quarto, marker);
    let Some(root) = parse_yaml(&text) else {
        config.incomplete = true;
        return Some(config);
    };
    let mut found = Paths::new(&config.marker, &text, 0);
    found.add(root.get("bibliography"));
    // Format-level metadata applies to every member rendered to that
    // format; a checker takes the union.
    if let Some(Node::Map(formats)) = root.get("format") {
        let mut seen = found.out.iter().map(|n| n.path.clone()).collect();
        for (_, format) in formats {
            found.add_new(format.get("bibliography"), &mut seen);
        }
    }
    config.incomplete = found.incomplete;
    config.bibliographies = found.out;
    Some(config)
}

fn bookdown(dir: &Path, read: &mut Read<'_>) -> Option<ProjectConfig> {
    let book = first(dir, &["_bookdown.yml"], read);
    let index = first(dir, &["index.Rmd", "index.rmd"], read);
    let front = index.as_ref().and_then(|(path, text)| {
        let (yaml, offset) = front_matter(text)?;
        Some((path, text, parse_yaml(yaml), offset))
    });
    let site = front
        .as_ref()
        .and_then(|(_, _, root, _)| root.as_ref()?.get("site"));
    let marker = match (book.as_ref(), index.as_ref()) {
        (Some((path, _)), _) => path.clone(),
        (None, Some((path, _))) if site.is_some_and(|s| s.str() == Some(BOOKDOWN_SITE)) => {
            path.clone()
        }
        _ => return None,
    };
    let mut config = ProjectConfig::new(Kind::Bookdown, marker);
    match &front {
        Some((path, text, Some(root), offset)) => {
            let mut found = Paths::new(path, text, *offset);
            found.add(root.get("bibliography"));
            config.incomplete = found.incomplete;
            config.bibliographies = found.out;
        }
        Some((_, _, None, _)) => config.incomplete = true,
        None => {}
    }
    if let Some((path, text)) = &book {
        if let Some(root) = parse_yaml(text) {
            config.members = root.get("rmd_files").and_then(|n| rmd_files(n, path, text));
            config.subdirs = root
                .get("rmd_subdir")
                .map_or(Subdirs::Off, |n| rmd_subdir(n, path, text));
        }
    }
    Some(config)
}

/// The `site:` value that makes an R Markdown `index.Rmd` a bookdown book.
const BOOKDOWN_SITE: &str = "bookdown::bookdown_site";

fn jupyter_book(dir: &Path, read: &mut Read<'_>) -> Option<ProjectConfig> {
    let (marker, text) = first(dir, &["_config.yml"], read)?;
    first(dir, &["_toc.yml"], read)?;
    Some(yaml_config(
        Kind::JupyterBook,
        marker,
        &text,
        &["bibtex_bibfiles"],
    ))
}

fn myst(dir: &Path, read: &mut Read<'_>) -> Option<ProjectConfig> {
    let (marker, text) = first(dir, &["myst.yml"], read)?;
    Some(yaml_config(
        Kind::Myst,
        marker,
        &text,
        &["project", "bibliography"],
    ))
}

/// A project whose bibliographies are at `keys` in its YAML marker.
fn yaml_config(kind: Kind, marker: PathBuf, text: &str, keys: &[&str]) -> ProjectConfig {
    let mut config = ProjectConfig::new(kind, marker);
    let Some(root) = parse_yaml(text) else {
        config.incomplete = true;
        return config;
    };
    let value = keys.iter().try_fold(&root, |node, key| node.get(key));
    let mut found = Paths::new(&config.marker, text, 0);
    found.add(value);
    config.incomplete = found.incomplete;
    config.bibliographies = found.out;
    config
}

fn sphinx(dir: &Path, read: &mut Read<'_>) -> Option<ProjectConfig> {
    let (marker, text) = first(dir, &["conf.py"], read)?;
    let mut config = ProjectConfig::new(Kind::Sphinx, marker);
    let conf = sphinx::read(&text);
    config.bibliographies = conf
        .bibfiles
        .into_iter()
        .map(|(path, span)| Named {
            file: config.marker.clone(),
            path,
            span,
        })
        .collect();
    config.incomplete = conf.bibfiles_incomplete;
    config.sphinx = Some(conf.sphinx);
    Some(config)
}

/// The YAML of a front matter block and where it starts: the lines between
/// a first line `---` (after any blank lines) and the next line that is
/// `---` or `...` (trailing blanks allowed, as R Markdown allows them).
fn front_matter(text: &str) -> Option<(&str, usize)> {
    let mut at = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut lines = text[at..].split_inclusive('\n');
    let start = loop {
        let line = lines.next()?;
        at += line.len();
        match line.trim_end() {
            "" => continue,
            "---" => break at,
            _ => return None,
        }
    };
    for line in lines {
        if matches!(line.trim_end(), "---" | "...") {
            return Some((&text[start..at], start));
        }
        at += line.len();
    }
    None
}

/// bookdown's `rmd_files`: a list, or a map from output format to list.
fn rmd_files(node: &Node, file: &Path, text: &str) -> Option<Vec<Named>> {
    let lists: Vec<&Node> = match node {
        Node::Map(formats) => {
            let html = formats.iter().filter(|(k, _)| k.as_deref() == Some("html"));
            let others = formats.iter().filter(|(k, _)| k.as_deref() != Some("html"));
            html.chain(others).map(|(_, list)| list).collect()
        }
        other => vec![other],
    };
    let mut found = Paths::new(file, text, 0);
    for list in lists {
        found.add(Some(list));
    }
    if found.out.is_empty() {
        return None; // bookdown falls back to the files beside index.Rmd
    }
    let mut seen = HashSet::new();
    let mut members: Vec<Named> = Vec::new();
    for mut named in found.out {
        if named.path.starts_with("./") {
            named.path.drain(..2);
            if text.get(named.span.start..named.span.start + 2) == Some("./") {
                named.span.start += 2;
            }
        }
        let base = named.path.rsplit(['/', '\\']).next().unwrap_or_default();
        if !base.starts_with('_') && seen.insert(named.path.clone()) {
            members.push(named);
        }
    }
    // A stable sort: index.Rmd first, the rest as written.
    members.sort_by_key(|named| !is_index(&named.path));
    Some(members)
}

/// Whether `path` is `index` with any extension, as bookdown tests it.
fn is_index(path: &str) -> bool {
    let stem = match path.rsplit_once('.') {
        Some((stem, ext)) if !ext.is_empty() && ext.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            stem
        }
        _ => path,
    };
    stem == "index"
}

/// bookdown's `rmd_subdir`: a YAML 1.1 boolean, a folder or a list of them.
fn rmd_subdir(node: &Node, file: &Path, text: &str) -> Subdirs {
    if let Node::Str(s) = node {
        if s.plain {
            match s.value.as_str() {
                "true" | "True" | "TRUE" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => {
                    return Subdirs::All
                }
                "false" | "False" | "FALSE" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => {
                    return Subdirs::Off
                }
                _ => {}
            }
        }
    }
    let mut found = Paths::new(file, text, 0);
    found.add(Some(node));
    if found.out.is_empty() {
        Subdirs::Off
    } else {
        Subdirs::Listed(found.out)
    }
}

/// Collects the strings of YAML values into [`Named`]s.
struct Paths<'a> {
    file: &'a Path,
    text: &'a str,
    /// Where the YAML starts in `text`.
    offset: usize,
    out: Vec<Named>,
    /// A value held something other than strings.
    incomplete: bool,
}

impl<'a> Paths<'a> {
    fn new(file: &'a Path, text: &'a str, offset: usize) -> Self {
        Self {
            file,
            text,
            offset,
            out: Vec::new(),
            incomplete: false,
        }
    }

    /// Add a value that is a string or a list of strings.
    fn add(&mut self, node: Option<&Node>) {
        match node {
            None | Some(Node::Null) => {}
            Some(Node::Str(s)) => self.push(s),
            Some(Node::Seq(items)) => {
                for item in items {
                    match item {
                        Node::Str(s) => self.push(s),
                        Node::Null => {}
                        _ => self.incomplete = true,
                    }
                }
            }
            Some(Node::Map(_) | Node::Other) => self.incomplete = true,
        }
    }

    /// Add like [`Paths::add`], leaving out the paths in `seen` (which
    /// gets those added).
    fn add_new(&mut self, node: Option<&Node>, seen: &mut HashSet<String>) {
        let added = {
            let before = self.out.len();
            self.add(node);
            self.out.split_off(before)
        };
        self.out
            .extend(added.into_iter().filter(|n| seen.insert(n.path.clone())));
    }

    fn push(&mut self, s: &Scalar) {
        let span = Span::new(self.offset + s.span.start, self.offset + s.span.end);
        // Spans are computed on the YAML slice; shifted, they stay inside
        // the file and on its char boundaries.
        debug_assert!(self.text.get(span.start..span.end).is_some());
        self.out.push(Named {
            file: self.file.to_path_buf(),
            path: s.value.clone(),
            span,
        });
    }
}

mod python;
pub mod sphinx;
mod yaml;

#[cfg(test)]
mod tests;
