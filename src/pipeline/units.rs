//! The serial multi-file stage: after every file is parsed, the files that
//! resolve together are joined. Include documents are completed (files
//! they include are read, cycles reported once), projects are completed
//! (members not named on the command line are read, so that `unused-entry`
//! is judged over the whole project), unit-wide labels are resolved in a
//! [`UnitGraph`] per unit, and citations in one [`CitationGraph`] against
//! the bibliographies in each document's scope. Then every finding found
//! here takes the finishing path, and the report is put together.
//!
//! Everything here is deterministic: files come in walk order, and files
//! this stage adds (context members, bibliographies, project
//! configurations) come after, in the order they were reached.

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use super::parse::{self, Later, Parsed, Source};
use super::walk::{display, Order};
use super::{finish, Run};
use crate::bib::{self, Bibliography, Entry as BibEntry};
use crate::diagnostic::Diagnostic;
use crate::dialect::Units;
use crate::graph::citations::{BibSource, CitingDoc};
use crate::graph::unit::Member;
use crate::graph::{CitationGraph, UnitGraph};
use crate::model::{FileId, LinkKind, RefKind, Span};
use crate::outcome::{Failure, FailureKind, FileReport, Report};
use crate::project::{contain, IncludeGraph, Project, Refusal, Root};
use crate::source::decode;

/// A file of the run.
struct Entry {
    report: FileReport,
    /// Whether its findings are reported (a file named, found by the walk,
    /// or a bibliography or configuration one of those uses).
    reported: bool,
    later: Option<Box<Later>>,
    /// Where to read it again, when a later finding needs its text.
    disk: Option<PathBuf>,
    /// Its text, for bibliographies and configurations (small, and needed
    /// to place their findings).
    text: Option<Arc<str>>,
}

/// A bibliography file, reached once however many documents name it.
struct BibFile {
    shown: String,
    /// Its entry in the file table, once loaded.
    id: Option<FileId>,
}

/// A project of the run and what it declares.
struct ProjectState {
    project: Arc<Project>,
    members: Vec<FileId>,
    /// Indices into the bibliography table.
    bibs: Vec<usize>,
    /// A declared bibliography is missing (`missing-file`).
    silenced: bool,
}

pub(super) struct Stage<'a> {
    run: &'a Run<'a>,
    entries: Vec<Entry>,
    failures: Vec<Failure>,
    /// Findings of this stage, by file.
    late: Vec<(FileId, Diagnostic)>,
    /// Files by absolute, lexically normal path.
    by_abs: FxHashMap<PathBuf, FileId>,
    bib_files: Vec<BibFile>,
    /// The bibliography table's index of each canonical path.
    bib_index: FxHashMap<PathBuf, usize>,
    projects: Vec<ProjectState>,
    /// Places already reported as missing files (a bookdown `index.Rmd`
    /// declares for its book and for itself in one line).
    missing_at: FxHashSet<(FileId, Span)>,
    /// What each named file resolved to, by its absolute path, whether it
    /// was written as absolute (refused whatever it names) and the root it
    /// was resolved under.
    resolved: FxHashMap<(PathBuf, bool, usize), Result<PathBuf, Refusal>>,
}

impl<'a> Stage<'a> {
    /// The stage over the parsed files, in walk order.
    pub fn new(
        run: &'a Run<'a>,
        parsed: Vec<(Order, Option<PathBuf>, Parsed)>,
        failures: Vec<Failure>,
    ) -> Self {
        let mut stage = Self {
            run,
            // Room for the bibliographies and configurations added later.
            entries: Vec::with_capacity(parsed.len() + parsed.len() / 8 + 16),
            failures,
            late: Vec::new(),
            by_abs: FxHashMap::default(),
            bib_files: Vec::new(),
            bib_index: FxHashMap::default(),
            projects: Vec::new(),
            missing_at: FxHashSet::default(),
            resolved: FxHashMap::default(),
        };
        for (_, disk, parsed) in parsed {
            stage.push(parsed, disk, true);
        }
        stage
    }

    fn push(&mut self, parsed: Parsed, disk: Option<PathBuf>, reported: bool) -> FileId {
        let id = self.entries.len();
        // Documents that resolve nothing beyond themselves are indexed only
        // if a project needs to know them (see `index_all`).
        if let Some(later) = &parsed.later {
            self.by_abs.insert(later.abs.clone(), id);
        }
        self.entries.push(Entry {
            report: parsed.report,
            reported,
            later: parsed.later,
            disk,
            text: None,
        });
        id
    }

    /// A file this stage adds that is not a document (a configuration).
    fn push_file(
        &mut self,
        shown: String,
        kind: &'static str,
        abs: PathBuf,
        text: Option<Arc<str>>,
    ) -> FileId {
        if let Some(&id) = self.by_abs.get(&abs) {
            return id;
        }
        let id = self.entries.len();
        self.by_abs.insert(abs, id);
        self.entries.push(Entry {
            report: FileReport::new(shown, kind),
            reported: false,
            later: None,
            disk: None,
            text,
        });
        id
    }

    /// Run the stage and put the report together.
    pub fn run(mut self) -> Report {
        self.includes();
        self.projects();
        self.citations();
        self.finish()
    }

    /// Parse files this stage reaches, in parallel, as context (their
    /// findings are not reported); returns their ids.
    fn read_more(
        &mut self,
        files: Vec<(PathBuf, &'static crate::dialect::Dialect, Arc<Root>)>,
    ) -> Vec<FileId> {
        let run = self.run;
        let parsed: Vec<Result<Parsed, Failure>> = files
            .par_iter()
            .map(|(path, dialect, root)| {
                parse::parse(run, 0, path, Source::File(path), Some(dialect), root)
            })
            .collect();
        let mut ids = Vec::new();
        for ((path, _, _), result) in files.into_iter().zip(parsed) {
            match result {
                Ok(parsed) => ids.push(self.push(parsed, Some(path), false)),
                Err(failure) => self.failures.push(failure),
            }
        }
        ids
    }

    /// [`Root::resolve`], once per file however many documents name it
    /// (every chapter of a book names its bibliography; resolving costs
    /// system calls).
    fn resolve(&mut self, root: &Root, base: &Path, written: &str) -> Result<PathBuf, Refusal> {
        let key = (
            contain::lexical(&self.run.cwd.join(base).join(written)),
            written.starts_with('/') || Path::new(written).has_root(),
            std::ptr::from_ref(root) as usize,
        );
        if let Some(known) = self.resolved.get(&key) {
            return known.clone();
        }
        let result = root.resolve(&self.run.cwd, base, written);
        self.resolved.insert(key, result.clone());
        result
    }

    /// A `missing-file` finding at the place that names `path`.
    fn missing(&mut self, file: FileId, span: Span, path: &str, what: &str) {
        if !self.missing_at.insert((file, span)) {
            return;
        }
        let rule = crate::rules::by_code("missing-file").unwrap_or(&crate::rules::RULES[0]);
        let mut d = rule.diagnostic(
            span,
            Some(path),
            format!(
                "{what} `{path}` does not exist; unknown citations are not reported \
                 while it is missing"
            ),
        );
        d.help = Some(format!(
            "create `{path}` (generate it before checking), or correct the path"
        ));
        if what == "included file" {
            d.message = format!("{what} `{path}` does not exist");
            d.help = Some("correct the path, or remove the include".to_owned());
        }
        self.late.push((file, d));
    }

    /// A refusal to read a named file, as a failure naming it.
    fn refused(&mut self, shown: &Path, refusal: &Refusal, named_in: &str) {
        let kind = match refusal {
            Refusal::Outside => FailureKind::Outside,
            Refusal::NotRegular => FailureKind::NotRegular,
            Refusal::Missing | Refusal::Io(_) => FailureKind::Io,
        };
        self.failures.push(Failure::new(
            display(shown),
            kind,
            format!("{} (named in {named_in})", refusal.message()),
        ));
    }

    /// Complete include documents: read what they include, form the units,
    /// report cycles.
    fn includes(&mut self) {
        let including = |e: &Entry| {
            e.later
                .as_ref()
                .is_some_and(|l| l.dialect.units == Units::IncludeDocument)
        };
        if !self.entries.iter().any(including) {
            return;
        }
        let mut graph = IncludeGraph::new();
        let mut by_real: FxHashMap<PathBuf, FileId> = FxHashMap::default();
        let mut next = 0;
        loop {
            let mut wanted = Vec::new();
            let mut edges = Vec::new();
            for id in next..self.entries.len() {
                let Some(later) = self.entries[id].later.as_ref() else {
                    continue;
                };
                if later.dialect.units != Units::IncludeDocument {
                    continue;
                }
                graph.file(id);
                if let Ok(real) = std::fs::canonicalize(&later.abs) {
                    by_real.entry(real).or_insert(id);
                }
                for link in later.doc.includes() {
                    edges.push((
                        id,
                        link.path.clone(),
                        link.span,
                        later.base.clone(),
                        later.root.clone(),
                        later.dialect,
                    ));
                }
            }
            next = self.entries.len();
            let mut missing = Vec::new();
            let mut refused = Vec::new();
            for (id, written, span, base, root, dialect) in edges {
                match self.resolve(&root, &base, &written) {
                    Ok(real) => match by_real.get(&real) {
                        Some(&to) => graph.include(id, to),
                        None => wanted.push((id, base.join(&*written), real, dialect, root)),
                    },
                    Err(Refusal::Missing) => missing.push((id, span, written)),
                    Err(refusal) => refused.push((base.join(&*written), refusal, id)),
                }
            }
            for (id, span, written) in missing {
                self.missing(id, span, &written, "included file");
            }
            for (shown, refusal, id) in refused {
                let by = self.entries[id].report.path.clone();
                self.refused(&shown, &refusal, &by);
            }
            if wanted.is_empty() {
                break;
            }
            // Each file once, however many include it.
            let mut seen = FxHashSet::default();
            wanted.retain(|w| seen.insert(w.2.clone()));
            let reads: Vec<_> = wanted
                .iter()
                .map(|(_, shown, _, dialect, root)| (shown.clone(), *dialect, root.clone()))
                .collect();
            let ids = self.read_more(reads);
            for ((_, _, real, _, _), &id) in wanted.iter().zip(&ids) {
                by_real.insert(real.clone(), id);
            }
            // A file a reported document includes is checked as part of it
            // (its findings are reported, in the included file).
            for (from, _, real, _, _) in &wanted {
                if let Some(&to) = by_real.get(real) {
                    if self.entries[*from].reported {
                        self.entries[to].reported = true;
                    }
                }
            }
            // The edges to them are added on the next round, from their
            // includers (already read) once the new files are known.
            for (from, _, real, _, _) in &wanted {
                if let Some(&to) = by_real.get(real) {
                    graph.include(*from, to);
                }
            }
        }
        let found = graph.units();
        for cycle in found.cycles {
            let names: Vec<&str> = cycle
                .iter()
                .map(|&f| self.entries[f].report.path.as_str())
                .collect();
            self.failures.push(Failure::new(
                names[0],
                FailureKind::IncludeCycle,
                format!(
                    "files include each other in a circle ({}); each is read once",
                    names.join(" → ")
                ),
            ));
        }
        for unit in found.units.into_iter().filter(|u| u.members.len() > 1) {
            self.unit_graph(&unit.members);
        }
    }

    /// Resolve a unit's labels across its members.
    fn unit_graph(&mut self, members: &[FileId]) {
        let unit_wide = |k: RefKind| k.within() == crate::model::Within::Unit;
        let members: Vec<Member<'_>> = members
            .iter()
            .filter_map(|&file| {
                let doc = &self.entries[file].later.as_ref()?.doc;
                let labelled = doc.markers.iter().any(|m| unit_wide(m.kind))
                    || doc.definitions.iter().any(|d| unit_wide(d.kind));
                labelled.then_some(Member { file, doc })
            })
            .collect();
        if members.is_empty() {
            return;
        }
        let graph = UnitGraph::build(members);
        crate::rules::run_unit(&graph, &mut self.late);
    }

    /// Complete projects: their configurations, their members, their
    /// bibliographies.
    fn projects(&mut self) {
        let mut index: FxHashMap<PathBuf, usize> = FxHashMap::default();
        for id in 0..self.entries.len() {
            let Some(project) = self.entries[id]
                .later
                .as_ref()
                .and_then(|l| l.project.clone())
            else {
                continue;
            };
            let p = *index.entry(project.abs.clone()).or_insert_with(|| {
                self.projects.push(ProjectState {
                    project,
                    members: Vec::new(),
                    bibs: Vec::new(),
                    silenced: false,
                });
                self.projects.len() - 1
            });
            self.projects[p].members.push(id);
        }
        if !self.projects.is_empty() {
            self.index_all();
        }
        for p in 0..self.projects.len() {
            let project = self.projects[p].project.clone();
            let reported = self.projects[p]
                .members
                .iter()
                .any(|&m| self.entries[m].reported);
            let labelled = self.projects[p].members.iter().any(|&m| {
                self.entries[m].later.as_ref().is_some_and(|l| {
                    l.doc
                        .markers
                        .iter()
                        .chain(std::iter::empty())
                        .any(|m| m.kind == RefKind::CrossRef)
                        || l.doc
                            .definitions
                            .iter()
                            .any(|d| d.kind == RefKind::CrossRef)
                })
            });
            if !self.declared(&project).is_empty() || labelled {
                let more = self.members_not_read(&project);
                let ids = self.read_more(more);
                let citing: Vec<FileId> = ids
                    .into_iter()
                    .filter(|&id| self.entries[id].later.is_some())
                    .collect();
                self.projects[p].members.extend(citing);
            }
            // The configuration, and the bibliographies it declares.
            let marker = project.config.marker.clone();
            let config_id = self.config_file(&project, &marker);
            if reported {
                self.entries[config_id].reported = true;
            }
            // A configuration read only in part (a computed `conf.py`
            // list, a YAML alias) may declare bibliographies not seen here.
            if project.config.incomplete {
                self.projects[p].silenced = true;
            }
            for named in self.declared(&project) {
                if named.is_url() {
                    // A remote bibliography (MyST): never fetched, so
                    // citations cannot be judged unknown.
                    self.projects[p].silenced = true;
                    continue;
                }
                let naming = if named.file == marker {
                    config_id
                } else {
                    self.config_file(&project, &named.file)
                };
                if reported {
                    self.entries[naming].reported = true;
                }
                let dir = named
                    .file
                    .parent()
                    .map_or_else(|| project.abs.clone(), Path::to_path_buf);
                let shown_dir = project.shown(&dir);
                let shown = shown_dir.join(&named.path);
                match self.resolve(&project.root, &shown_dir, &named.path) {
                    Ok(real) => {
                        let b = self.bib_file(&shown, real);
                        self.projects[p].bibs.push(b);
                    }
                    Err(Refusal::Missing) => {
                        self.projects[p].silenced = true;
                        self.missing(naming, named.span, &named.path, "bibliography");
                    }
                    Err(refusal) => {
                        let by = self.entries[naming].report.path.clone();
                        self.refused(&shown, &refusal, &by);
                    }
                }
            }
            let members = self.projects[p].members.clone();
            if labelled {
                self.unit_graph(&members);
            }
        }
    }

    /// The bibliographies a project declares; a MyST project that declares
    /// none takes every `.bib` file in its folder, as mystmd does.
    fn declared(&self, project: &Project) -> Vec<crate::project::Named> {
        let config = &project.config;
        if !config.bibliographies.is_empty()
            || config.kind != crate::project::Kind::Myst
            || config.incomplete
        {
            return config.bibliographies.clone();
        }
        let mut found: Vec<crate::project::Named> = std::fs::read_dir(&project.abs)
            .into_iter()
            .flatten()
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let bib = Path::new(&name)
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("bib"));
                bib.then(|| crate::project::Named {
                    file: config.marker.clone(),
                    path: name,
                    span: Span::new(0, 0),
                })
            })
            .collect();
        found.sort_by(|a, b| a.path.cmp(&b.path));
        found
    }

    /// Index every document read so far by its absolute path, so that a
    /// project's members are not read twice.
    fn index_all(&mut self) {
        for (id, entry) in self.entries.iter().enumerate() {
            if let (None, Some(disk)) = (&entry.later, &entry.disk) {
                self.by_abs
                    .entry(contain::lexical(&self.run.cwd.join(disk)))
                    .or_insert(id);
            }
        }
    }

    /// The file table's entry for a project's configuration file (or a
    /// document that declares for the project, such as bookdown's
    /// `index.Rmd`), its text kept to place findings in it.
    fn config_file(&mut self, project: &Project, file: &Path) -> FileId {
        if let Some(&id) = self.by_abs.get(file) {
            return id;
        }
        let text = project.root.check(file).ok().and_then(|real| {
            let mut bytes = Vec::new();
            contain::read_regular(&real, &mut bytes).ok()?;
            decode(&bytes).ok().map(Arc::from)
        });
        let shown = display(&project.shown(file));
        self.push_file(shown, "config", file.to_path_buf(), text)
    }

    /// A project's documents not read yet (a file named alone: its
    /// project is read whole, to judge its bibliographies).
    fn members_not_read(
        &self,
        project: &Project,
    ) -> Vec<(PathBuf, &'static crate::dialect::Dialect, Arc<Root>)> {
        let options = self.run.options;
        let mut walk = ignore::WalkBuilder::new(&project.abs);
        walk.follow_links(false)
            .standard_filters(!options.no_ignore)
            .hidden(!options.hidden);
        let mut out = Vec::new();
        for entry in walk.build().flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let Some(dialect) = crate::dialect::by_path(entry.path()) else {
                continue;
            };
            if dialect.units != Units::Project {
                continue;
            }
            let abs = contain::lexical(entry.path());
            if self.by_abs.contains_key(&abs) || !project.holds(&abs) {
                continue;
            }
            // Not a member of a nearer project below this one.
            let shown = project.shown(&abs);
            match self.run.projects.of(&shown, &project.root) {
                Some(p) if p.abs == project.abs => out.push((shown, dialect, project.root.clone())),
                _ => {}
            }
        }
        out
    }

    /// The bibliography table's index for a file (one entry however many
    /// documents name it).
    fn bib_file(&mut self, shown: &Path, real: PathBuf) -> usize {
        let next = self.bib_files.len();
        let b = *self.bib_index.entry(real).or_insert(next);
        if b == next {
            self.bib_files.push(BibFile {
                shown: display(shown),
                id: None,
            });
        }
        b
    }

    /// Join citing documents with the bibliographies in their scope, and
    /// run the project rules.
    fn citations(&mut self) {
        let run = self.run;
        // Global bibliographies: `--bibliography` (the user's own choice,
        // read as given) and the config's (contained in its folder).
        let mut global = Vec::new();
        let mut global_failed = Vec::new();
        for path in &run.options.bibliographies {
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            global.push(self.bib_file(path, real));
        }
        if let Some(config) = run.options.config.as_deref() {
            let root = Root::at(&contain::lexical(&run.cwd.join(config.root())));
            for path in config.bibliographies() {
                match root.check(&contain::lexical(&run.cwd.join(&path))) {
                    Ok(real) => global.push(self.bib_file(&path, real)),
                    Err(refusal) => global_failed.push((path, refusal)),
                }
            }
        }
        for (path, refusal) in global_failed {
            self.refused(&path, &refusal, "the config file");
        }
        // Each citing document's own bibliographies.
        let mut own: Vec<(FileId, Vec<usize>, bool)> = Vec::new();
        for id in 0..self.entries.len() {
            let Some(later) = self.entries[id].later.as_ref() else {
                continue;
            };
            let named: Vec<(Box<str>, Span)> = later
                .doc
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::Bibliography)
                .map(|l| (l.path.clone(), l.span))
                .collect();
            let (base, root) = (later.base.clone(), later.root.clone());
            let mut bibs = Vec::new();
            let mut silenced = false;
            for (written, span) in named {
                let shown = base.join(&*written);
                match self.resolve(&root, &base, &written) {
                    Ok(real) => bibs.push(self.bib_file(&shown, real)),
                    Err(Refusal::Missing) => {
                        silenced = true;
                        self.missing(id, span, &written, "bibliography");
                    }
                    Err(refusal) => {
                        let by = self.entries[id].report.path.clone();
                        self.refused(&shown, &refusal, &by);
                    }
                }
            }
            own.push((id, bibs, silenced));
        }
        if own.is_empty() && global.is_empty() {
            return;
        }
        // Every bibliography once, in parallel.
        let loaded: Vec<Result<Loaded, Failure>> = self
            .bib_index
            .iter()
            .map(|(real, &b)| (b, real.clone()))
            .collect::<std::collections::BTreeMap<usize, PathBuf>>()
            .into_par_iter()
            .map(|(b, real)| load_bibliography(&real, &self.bib_files[b].shown))
            .collect();
        let mut sources = Vec::new();
        let mut source_of = vec![None; self.bib_files.len()];
        for (b, result) in loaded.into_iter().enumerate() {
            match result {
                Ok((format, bib, text)) => {
                    let shown = self.bib_files[b].shown.clone();
                    let mut report = FileReport::new(shown.clone(), bib_dialect(format));
                    report.definitions = bib.entries.len();
                    let id = self.entries.len();
                    self.entries.push(Entry {
                        report,
                        reported: false,
                        later: None,
                        disk: None,
                        text: Some(text),
                    });
                    self.bib_files[b].id = Some(id);
                    source_of[b] = Some(sources.len());
                    sources.push(BibSource {
                        notation: crate::model::BRACKET,
                        file: id,
                        name: shown,
                        bib,
                    });
                }
                Err(failure) => self.failures.push(failure),
            }
        }
        for &b in &global {
            if let Some(id) = self.bib_files[b].id {
                self.entries[id].reported = true;
            }
        }
        let project_of: FxHashMap<FileId, usize> = self
            .projects
            .iter()
            .enumerate()
            .flat_map(|(p, s)| s.members.iter().map(move |&m| (m, p)))
            .collect();
        let mut docs = Vec::with_capacity(own.len());
        // Which sources have the notation of the first document using them.
        let mut noted = vec![false; sources.len() + own.len()];
        for (id, named, mut silenced) in own {
            let Some(later) = self.entries[id].later.as_mut() else {
                continue;
            };
            let notation = later.dialect.notation;
            let citations = std::mem::take(&mut later.citations);
            let inline: Vec<BibEntry> = later
                .doc
                .definitions
                .iter()
                .filter(|d| d.kind == RefKind::Citation)
                .map(|d| BibEntry {
                    key: d.label.as_str().into(),
                    key_span: d.label_span,
                    span: d.body,
                    kind: "".into(),
                })
                .collect();
            let mut bibs = Vec::new();
            if !inline.is_empty() {
                bibs.push(sources.len());
                sources.push(BibSource {
                    notation,
                    file: id,
                    name: format!("the front matter of {}", self.entries[id].report.path),
                    bib: Bibliography {
                        format: bib::Format::CslYaml,
                        entries: inline,
                        errors: Vec::new(),
                    },
                });
            }
            let mut files = named;
            if let Some(&p) = project_of.get(&id) {
                files.extend(&self.projects[p].bibs);
                silenced |= self.projects[p].silenced;
            }
            files.extend(&global);
            bibs.extend(files.iter().filter_map(|&b| source_of[b]));
            bibs.sort_unstable();
            bibs.dedup();
            for &b in &bibs {
                if !noted[b] {
                    noted[b] = true;
                    sources[b].notation = notation;
                }
            }
            let reported = self.entries[id].reported;
            for &b in &files {
                if let (true, Some(bib)) = (reported, self.bib_files[b].id) {
                    self.entries[bib].reported = true;
                }
            }
            let report = &mut self.entries[id].report;
            report.citations = citations.len();
            report.citations_checked = !bibs.is_empty();
            docs.push(CitingDoc {
                file: id,
                citations,
                bibs,
                silenced,
            });
        }
        let graph = CitationGraph::build(docs, sources);
        self.late.extend(crate::rules::run_project(&graph));
    }

    /// Finish every file this stage touched, place related spans in other
    /// files, and assemble the report.
    fn finish(mut self) -> Report {
        let run = self.run;
        let mut late: Vec<Vec<Diagnostic>> = vec![Vec::new(); self.entries.len()];
        for (file, d) in std::mem::take(&mut self.late) {
            if let Some(slot) = late.get_mut(file) {
                slot.push(d);
            }
        }
        let config = run.options.config.as_deref();
        let excerpts = run.options.excerpts;
        let failures: Vec<Failure> = self
            .entries
            .par_iter_mut()
            .zip(late)
            .filter_map(|(entry, late)| {
                let deferred = entry.later.as_ref().is_some_and(|l| l.deferred);
                if late.is_empty() && !deferred {
                    return None;
                }
                let mut found = std::mem::take(&mut entry.report.diagnostics);
                let needs_text = !late.is_empty();
                found.extend(late);
                let kept = entry.later.as_mut().and_then(|l| l.kept.take());
                let mut failure = None;
                let text: Option<Arc<str>> = match (&kept, &entry.text) {
                    (Some((text, _)), _) => Some(text.clone()),
                    (None, Some(text)) => Some(text.clone()),
                    (None, None) if needs_text => match read_again(entry) {
                        Ok(text) => Some(text),
                        Err(f) => {
                            failure = Some(f);
                            None
                        }
                    },
                    (None, None) => None,
                };
                if let Some((text, comments)) = &kept {
                    found = finish::suppress(text, comments, found);
                }
                finish::configure(config, &mut found);
                match &text {
                    Some(text) => finish::place(&entry.report.path, text, &mut found, excerpts),
                    // The file changed or went: what cannot be placed goes.
                    None => found.retain(|d| d.place.is_some()),
                }
                finish::sort(&mut found);
                entry.report.diagnostics = found;
                failure
            })
            .collect();
        self.failures.extend(failures);
        self.place_related();
        let mut report = Report::default();
        for entry in self.entries {
            if entry.reported {
                report.files.push(entry.report);
            }
        }
        self.failures.sort_by(|a, b| a.path.cmp(&b.path));
        self.failures.dedup();
        report.failures = self.failures;
        report
    }

    /// Related places in other files: each such file's text is read once
    /// (bibliographies are at hand) and every span in it placed.
    fn place_related(&mut self) {
        let mut wanted: FxHashMap<FileId, Vec<(FileId, usize, usize)>> = FxHashMap::default();
        for (e, entry) in self.entries.iter().enumerate() {
            if !entry.reported {
                continue;
            }
            for (d, diagnostic) in entry.report.diagnostics.iter().enumerate() {
                for (r, related) in diagnostic.related.iter().enumerate() {
                    if let Some(other) = related.file {
                        wanted.entry(other).or_default().push((e, d, r));
                    }
                }
            }
        }
        let excerpts = self.run.options.excerpts;
        let mut wanted: Vec<_> = wanted.into_iter().collect();
        wanted.sort_unstable_by_key(|(f, _)| *f);
        for (other, places) in wanted {
            let text = match &self.entries[other].text {
                Some(text) => Ok(text.clone()),
                None => read_again(&self.entries[other]),
            };
            let Ok(text) = text else { continue };
            let path = self.entries[other].report.path.clone();
            let spans: Vec<(Span, String)> = places
                .iter()
                .map(|&(e, d, r)| {
                    let related = &self.entries[e].report.diagnostics[d].related[r];
                    (related.span, related.message.clone())
                })
                .collect();
            let marks: Vec<(Span, &str)> = spans.iter().map(|(s, m)| (*s, m.as_str())).collect();
            let placed = crate::source::place_related(&path, &text, &marks, excerpts);
            for ((e, d, r), place) in places.into_iter().zip(placed) {
                if let Some(p) = self.entries[e].report.diagnostics[d].place.as_deref_mut() {
                    if let Some(slot) = p.related.get_mut(r) {
                        *slot = Some(place);
                    }
                }
            }
        }
    }
}

/// A document's text read again for findings found after its text was
/// dropped; a file that changed meanwhile is a failure, not misplaced
/// findings.
fn read_again(entry: &Entry) -> Result<Arc<str>, Failure> {
    let path = entry.report.path.clone();
    let Some(disk) = &entry.disk else {
        return Err(Failure::new(
            path,
            FailureKind::Changed,
            "its text is gone; later findings not reported",
        ));
    };
    let mut bytes = Vec::new();
    contain::read_regular(disk, &mut bytes)
        .map_err(|e| Failure::new(path.clone(), FailureKind::Io, crate::source::io_message(&e)))?;
    let text = decode(&bytes)
        .map_err(|e| Failure::new(path.clone(), FailureKind::Decode, e.to_string()))?;
    let len = entry.later.as_ref().map_or(text.len(), |l| l.len);
    if text.len() != len {
        return Err(Failure::new(
            path,
            FailureKind::Changed,
            "changed while it was being checked; check it again",
        ));
    }
    Ok(Arc::from(text))
}

/// The `dialect` a bibliography's report gets.
fn bib_dialect(format: bib::Format) -> &'static str {
    match format {
        bib::Format::Bibtex => "bibtex",
        bib::Format::CslJson => "csl-json",
        bib::Format::CslYaml => "csl-yaml",
    }
}

/// A bibliography read and parsed, with its text (to place findings in).
type Loaded = (bib::Format, Bibliography, Arc<str>);

/// Read and parse a bibliography (already checked to be a regular file
/// inside its root, or named on the command line).
fn load_bibliography(real: &Path, shown: &str) -> Result<Loaded, Failure> {
    let fail = |kind: FailureKind, message: String| Failure::new(shown, kind, message);
    let format = bib::format_for(Path::new(shown))
        .or_else(|| bib::format_for(real))
        .ok_or_else(|| {
            fail(
                FailureKind::Format,
                "not a bibliography format ibid reads (.bib, .json, .yaml)".to_owned(),
            )
        })?;
    let mut bytes = Vec::new();
    contain::read_regular(real, &mut bytes)
        .map_err(|e| fail(FailureKind::Io, crate::source::io_message(&e)))?;
    let text = decode(&bytes).map_err(|e| fail(FailureKind::Decode, e.to_string()))?;
    Ok((format, bib::parse(format, text), Arc::from(text)))
}
