//! The parallel part: each file read, decoded, parsed by its dialect, its
//! own graph built and its file rules run, its findings finished while the
//! text is at hand. What later stages need (citations, links to other
//! files, unit-wide labels) is kept; the text is dropped unless a later
//! finding will need it and it cannot be read again.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::finish;
use super::Run;
use crate::dialect::{self, Dialect, Units};
use crate::graph::citations::Cited;
use crate::graph::{unit::Member, RefGraph, UnitGraph};
use crate::model::{Comment, Document, FileId, RefKind, Within};
use crate::outcome::{Failure, FailureKind, FileReport};
use crate::project::{Project, Root};
use crate::source::io_message;

/// What to parse.
pub(super) enum Source<'a> {
    /// A file on disk (read here).
    File(&'a Path),
    /// A file on disk read as part of a document that declares its
    /// encoding (LaTeX's inputenc): decoded so unless it declares its own.
    Declared(&'a Path, &'static encoding_rs::Encoding),
    /// Standard input, already read.
    Bytes(&'a [u8]),
}

/// One parsed file.
pub(super) struct Parsed {
    pub report: FileReport,
    /// Present when a later stage needs the document.
    /// Boxed: most files have none, and the results of a run are held
    /// together until the multi-file stage.
    pub later: Option<Box<Later>>,
    /// Parts of the file that could not be read (as failures naming the
    /// place; the rest of the file was checked).
    pub unread: Vec<Failure>,
}

/// What the later stages need of a document.
pub(super) struct Later {
    /// The parts of the document that resolve beyond the file: citation
    /// definitions (front-matter references), unit-wide labels and
    /// references, links to other files.
    pub doc: Document,
    /// Its citations, kept small.
    pub citations: Vec<Cited>,
    pub dialect: &'static Dialect,
    /// The folder its relative links start from, as reached from the
    /// current directory.
    pub base: PathBuf,
    pub root: Arc<Root>,
    pub project: Option<Arc<Project>>,
    /// The text and comments, when the text cannot be read again
    /// (standard input) or suppressions must see later findings.
    pub kept: Option<(Arc<str>, Vec<Comment>)>,
    /// The text's length, to notice a file changed before it is read again.
    pub len: usize,
    /// The encoding it was decoded from, when not UTF-8 (declared, or
    /// inherited from the document that includes it).
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// Parse one file. `shown` is how reports name it; `given` whether it was
/// named or found by the walk (else it is read only for its unit).
pub(super) fn parse(
    run: &Run<'_>,
    id: FileId,
    shown: &Path,
    source: Source<'_>,
    dialect: Option<&'static Dialect>,
    root: &Arc<Root>,
) -> Result<Parsed, Failure> {
    let name = super::walk::display(shown);
    match source {
        Source::File(path) => with_file(path, |read| match read {
            Ok(bytes) => check(run, id, shown, name, bytes, (dialect, None), root, false),
            Err(e) => Err(Failure::new(name, FailureKind::Io, io_message(&e))),
        }),
        Source::Declared(path, encoding) => with_file(path, |read| match read {
            Ok(bytes) => check(
                run,
                id,
                shown,
                name,
                bytes,
                (dialect, Some(encoding)),
                root,
                false,
            ),
            Err(e) => Err(Failure::new(name, FailureKind::Io, io_message(&e))),
        }),
        Source::Bytes(bytes) => check(run, id, shown, name, bytes, (dialect, None), root, true),
    }
}

#[allow(clippy::too_many_arguments)]
fn check(
    run: &Run<'_>,
    id: FileId,
    shown: &Path,
    name: String,
    bytes: &[u8],
    (dialect, inherited): (
        Option<&'static Dialect>,
        Option<&'static encoding_rs::Encoding>,
    ),
    root: &Arc<Root>,
    unreadable: bool,
) -> Result<Parsed, Failure> {
    let config = run.options.config.as_deref();
    let Decoded {
        text,
        encoding,
        dialect,
    } = decoded(run, shown, &name, bytes, (dialect, inherited), root)?;
    let text: &str = &text;
    // A project's dialect reads per file what its project implies (the
    // Markdown flavour, a Sphinx document's name), unless the run sets
    // the flavour for every file.
    let project_first = reads_project_first(run, dialect);
    let early = project_first
        .then(|| run.projects.of(shown, root))
        .flatten();
    let mut hints = dialect::FileHints::new(
        Some(shown),
        early.as_deref().map(|p| project_flavor(p.config.kind)),
    );
    let sphinx = early
        .as_deref()
        .filter(|_| dialect.id == "rst")
        .and_then(|p| sphinx_document(run, p, shown));
    hints.sphinx = sphinx
        .as_ref()
        .map(|(docname, project)| dialect::rst::Project {
            docname,
            ..*project
        });
    let mut doc = (dialect.parse)(text, &run.settings, &hints);
    if dialect.id == "rst" && doc.includes().next().is_some() {
        // docutils reads an included file in place: its targets and
        // substitutions are the document's too.
        if let Some(defined) = included_targets(run, shown, root, &doc) {
            dialect::rst::with_included(&mut doc, &defined);
        }
    }
    let unread: Vec<Failure> = doc
        .unread
        .iter()
        .map(|(span, why)| {
            let at = crate::source::LineIndex::new(text).line_col(text, span.start);
            Failure::new(
                name.clone(),
                FailureKind::Unread,
                format!("line {}, column {}: {why}", at.line, at.column),
            )
        })
        .collect();
    let graph = RefGraph::build(text, &doc, dialect.notation);
    let markers = graph.marker_count();
    let definitions = graph.definition_count();
    let mut found = crate::rules::run_file(id, &graph, run.options.config.as_deref());
    drop(graph);
    let unit_wide = |k: RefKind| k.within() == Within::Unit;
    let has_labels = doc.markers.iter().any(|m| unit_wide(m.kind))
        || doc.definitions.iter().any(|d| unit_wide(d.kind));
    let cites = !doc.links.is_empty()
        || doc.markers.iter().any(|m| m.kind == RefKind::Citation)
        || doc.definitions.iter().any(|d| d.kind == RefKind::Citation);
    // Only what resolves beyond the file needs the project: a document
    // that neither cites nor labels is the same in any project.
    let project = match dialect.units {
        Units::Project if cites || has_labels => {
            if project_first {
                early
            } else {
                run.projects.of(shown, root)
            }
        }
        _ => None,
    };
    let alone =
        dialect.units == Units::File || dialect.units == Units::Project && project.is_none();
    if alone && has_labels {
        // A unit of one file: its labels resolve here and now.
        let mut late = Vec::new();
        crate::rules::run_unit(
            &UnitGraph::build(vec![Member::new(id, &doc, dialect.notation)]),
            &mut late,
            run.options.config.as_deref(),
        );
        found.extend(late.into_iter().map(|(_, d)| d));
    }
    let later = cites || !alone && (has_labels || dialect.units == Units::IncludeDocument);
    let mut report = FileReport::new(name, dialect.id);
    report.flavor = doc.flavor;
    report.markers = markers;
    report.definitions = definitions;
    if !later {
        report.diagnostics = finish::finish(
            &report.path,
            text,
            &doc.comments,
            found,
            config,
            run.options.excerpts,
        );
        return Ok(Parsed {
            report,
            later: None,
            unread,
        });
    }
    // Later findings wait for suppressions and the config; this file's own
    // are placed now, while the text is here.
    finish::sort(&mut found);
    finish::place(&report.path, text, &mut found, run.options.excerpts);
    report.diagnostics = found;
    let directives = crate::suppress::has_directives(text, &doc.comments);
    let kept = (unreadable || directives).then(|| (Arc::from(text), doc.comments.clone()));
    let (doc, citations) = beyond_the_file(doc);
    Ok(Parsed {
        report,
        unread,
        later: Some(Box::new(Later {
            citations,
            doc,
            dialect,
            base: shown.parent().map(Path::to_path_buf).unwrap_or_default(),
            root: root.clone(),
            project,
            kept,
            len: text.len(),
            encoding,
        })),
    })
}

/// A file's text, decoded, and the dialect it is read in.
pub(super) struct Decoded<'b> {
    pub text: std::borrow::Cow<'b, str>,
    /// The encoding it was decoded from, when not UTF-8.
    pub encoding: Option<&'static encoding_rs::Encoding>,
    pub dialect: &'static Dialect,
}

/// Decode a file's bytes (in the encoding the config gives its path, or
/// that it declares, or that the document including it declares, else
/// UTF-8) and pick its dialect (given, or sniffed).
pub(super) fn decoded<'b>(
    run: &Run<'_>,
    shown: &Path,
    name: &str,
    bytes: &'b [u8],
    (dialect, inherited): (
        Option<&'static Dialect>,
        Option<&'static encoding_rs::Encoding>,
    ),
    root: &Arc<Root>,
) -> Result<Decoded<'b>, Failure> {
    let config = run.options.config.as_deref();
    // Only a config's globs need the file's absolute path.
    let absolute = config.map(|_| run.cwd.join(shown)).unwrap_or_default();
    // An `[[encoding]]` entry of the config, else what the file declares
    // (a Gutenberg header, LaTeX's inputenc), else what the document that
    // includes it declares, else UTF-8.
    let encoding = match config.and_then(|c| c.encoding_for(&absolute)) {
        Some(configured) if configured == encoding_rs::UTF_8 => None,
        Some(configured) => Some(configured),
        None => dialect
            .and_then(|d| (d.declared_encoding)(bytes))
            .or(inherited),
    };
    let text = crate::source::decode_in(bytes, encoding)
        .map_err(|e| Failure::new(name, FailureKind::Decode, e.to_string()))?;
    let forced =
        run.options.dialect.is_some() || config.is_some_and(|c| c.dialect_for(&absolute).is_some());
    let dialect = match dialect {
        // A `.txt` that is really Markdown (pandoc's MANUAL.txt), when
        // neither `--dialect` nor a `[[dialect]]` entry chose plain text.
        Some(d) if !forced && d.id == "plain" && dialect::plain::is_markdown(&text) => {
            dialect::by_id("markdown").unwrap_or(d)
        }
        Some(d) => d,
        None => dialect::sniff(&text),
    };
    // A `.txt` page of a Sphinx project whose `source_suffix` has `.txt`
    // is reStructuredText.
    let dialect = match dialect.id {
        "plain" if !forced => sphinx_source(run, shown, root).unwrap_or(dialect),
        _ => dialect,
    };
    Ok(Decoded {
        text,
        encoding,
        dialect,
    })
}

/// Whether a file of this dialect reads what its project implies before
/// it is parsed (the Markdown flavour, a Sphinx document's name).
pub(super) fn reads_project_first(run: &Run<'_>, dialect: &Dialect) -> bool {
    dialect.units == Units::Project
        && (dialect.id == "markdown" && run.settings.flavor.is_none() || dialect.id == "rst")
}

/// How deep reStructuredText includes are followed for their targets.
const INCLUDE_DEPTH: usize = 32;

/// The targets and substitutions the files a reStructuredText document
/// includes define, followed through their own includes (each file once,
/// so a circle ends); None when one of them cannot be read or includes
/// one of docutils' own files (its names are not known here): the
/// document's references are then left unjudged. Missing files and
/// circles are reported by the multi-file stage.
fn included_targets(
    run: &Run<'_>,
    shown: &Path,
    root: &Arc<Root>,
    doc: &Document,
) -> Option<rustc_hash::FxHashSet<(crate::model::Label, crate::model::Label)>> {
    let dir = shown.parent().unwrap_or(Path::new("")).to_path_buf();
    let mut todo: Vec<(PathBuf, Box<str>, usize)> = doc
        .includes()
        .map(|l| (dir.clone(), l.path.clone(), 0))
        .collect();
    let mut seen = rustc_hash::FxHashSet::default();
    let mut defined = rustc_hash::FxHashSet::default();
    while let Some((base, written, depth)) = todo.pop() {
        if depth > INCLUDE_DEPTH {
            return None;
        }
        let real = root.resolve(&run.cwd, &base, &written).ok()?;
        if !seen.insert(real.clone()) {
            continue;
        }
        let mut bytes = Vec::new();
        crate::project::contain::read_regular(&real, &mut bytes).ok()?;
        let text = crate::source::decode(&bytes).ok()?;
        if memchr::memmem::find(text.as_bytes(), b"include:: <").is_some() {
            return None;
        }
        let included = dialect::rst::parse(text, None);
        defined.extend(dialect::rst::defined_targets(&included));
        let next = base
            .join(&*written)
            .parent()
            .map_or_else(|| base.clone(), Path::to_path_buf);
        todo.extend(
            included
                .includes()
                .map(|l| (next.clone(), l.path.clone(), depth + 1)),
        );
    }
    Some(defined)
}

/// The reStructuredText dialect, for a file that a Sphinx project reads as
/// reStructuredText although its name says otherwise (`.txt`).
fn sphinx_source(run: &Run<'_>, shown: &Path, root: &Arc<Root>) -> Option<&'static Dialect> {
    let project = run.projects.of(shown, root)?;
    let sphinx = project.config.sphinx.as_ref()?;
    let abs = crate::project::contain::lexical(&run.cwd.join(shown));
    let parser = sphinx.parser(abs.strip_prefix(&project.abs).ok()?)?;
    (parser == crate::project::config::SourceParser::Rst
        && sphinx
            .docname(abs.strip_prefix(&project.abs).ok()?)
            .is_some())
    .then(|| dialect::by_id("rst"))
    .flatten()
}

/// A reStructuredText file's place in its Sphinx project: its document
/// name and what the project's `conf.py` turns on; `None` when the project
/// is no Sphinx project or Sphinx does not build the file.
fn sphinx_document(
    run: &Run<'_>,
    project: &crate::project::Project,
    shown: &Path,
) -> Option<(String, dialect::rst::Project<'static>)> {
    let sphinx = project.config.sphinx.as_ref()?;
    let abs = crate::project::contain::lexical(&run.cwd.join(shown));
    let docname = sphinx.docname(abs.strip_prefix(&project.abs).ok()?)?;
    let on = |name: &str| sphinx.extensions.iter().any(|e| e == name);
    let settings = dialect::rst::Project {
        docname: "",
        // An extension list not read whole may turn intersphinx on.
        intersphinx: on("sphinx.ext.intersphinx") || sphinx.extensions_incomplete,
        // Sphinx's default leaves `std:doc` out, not `std:ref`; a project
        // that lists none (or neither) relies on unprefixed targets.
        intersphinx_unprefixed: sphinx.intersphinx_disabled_reftypes.as_ref().is_some_and(
            |types| {
                !types
                    .iter()
                    .any(|t| matches!(t.as_str(), "*" | "std:*" | "std:ref"))
            },
        ),
        autosectionlabel: sphinx
            .autosectionlabel
            .map(|a| dialect::rst::AutoSectionLabel {
                prefix_document: a.prefix_document,
                maxdepth: a.maxdepth,
            }),
    };
    Some((docname, settings))
}

/// The Markdown flavour a project implies (DESIGN.md section 5.1).
pub(super) fn project_flavor(kind: crate::project::Kind) -> dialect::markdown::Flavor {
    use crate::project::Kind;
    use dialect::markdown::Flavor;
    match kind {
        Kind::Quarto => Flavor::Quarto,
        Kind::Bookdown => Flavor::Pandoc,
        Kind::JupyterBook | Kind::Myst | Kind::Sphinx => Flavor::Myst,
    }
}

/// What of a document resolves beyond its file, and its citations; the rest
/// is dropped (every document that cites is held until the end of the run).
fn beyond_the_file(doc: Document) -> (Document, Vec<Cited>) {
    let cited = doc
        .markers
        .iter()
        .filter(|m| m.kind == RefKind::Citation)
        .count();
    let mut citations: Vec<Cited> = Vec::with_capacity(cited);
    let unit_wide = doc
        .markers
        .iter()
        .filter(|m| m.kind.within() == Within::Unit)
        .count();
    let mut markers = Vec::with_capacity(unit_wide);
    for m in doc.markers {
        match m.kind.within() {
            Within::Bibliographies => citations.push(Cited::from(m)),
            Within::Unit => markers.push(m),
            Within::File => {}
        }
    }
    let mut definitions: Vec<_> = doc
        .definitions
        .into_iter()
        .filter(|d| d.kind.within() != Within::File)
        .collect();
    definitions.shrink_to_fit();
    // Reference blocks holding unit-wide definitions: an AsciiDoc
    // bibliography entry is judged as one (`unused-entry`).
    let blocks = if definitions.is_empty() {
        Vec::new()
    } else {
        doc.blocks
            .into_iter()
            .filter(|b| b.kind == crate::model::BlockKind::References)
            .collect()
    };
    let doc = Document {
        markers,
        definitions,
        blocks,
        attributes: doc.attributes,
        links: doc.links,
        root: doc.root,
        own_entries: doc.own_entries,
        ..Document::default()
    };
    (doc, citations)
}

/// Run `f` on a file's bytes, read into a buffer that the thread keeps
/// from file to file: no allocation and no size query (`stat`) per file.
/// A buffer grown past 1 MiB by a large file is freed after it.
pub(super) fn with_file<R>(path: &Path, f: impl FnOnce(std::io::Result<&[u8]>) -> R) -> R {
    use std::cell::RefCell;
    use std::io::Read;
    const KEEP_BUFFER: usize = 1 << 20;
    thread_local! {
        static BUFFER: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
    }
    BUFFER.with(|cell| {
        let mut buffer = cell.take();
        buffer.clear();
        // Through `Take`: `File::read_to_end` would ask the file's size
        // (fstat, lseek), which the kept buffer makes pointless.
        let read =
            std::fs::File::open(path).and_then(|file| file.take(u64::MAX).read_to_end(&mut buffer));
        let out = f(read.map(|_| buffer.as_slice()));
        if buffer.capacity() <= KEEP_BUFFER {
            cell.replace(buffer);
        }
        out
    })
}
