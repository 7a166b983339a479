//! Projects: their configurations, their members (read when a member is
//! named alone), the bibliographies they declare.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustc_hash::FxHashMap;

use super::*;
use crate::model::Document;

impl Stage<'_> {
    /// Complete projects: their configurations, their members, their
    /// bibliographies.
    pub(super) fn projects(&mut self) {
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
            let unit_wide = |k: RefKind| k.within() == crate::model::Within::Unit;
            let labelled = self.projects[p].members.iter().any(|&m| {
                self.entries[m].later.as_ref().is_some_and(|l| {
                    l.doc.markers.iter().any(|m| unit_wide(m.kind))
                        || l.doc.definitions.iter().any(|d| unit_wide(d.kind))
                })
            });
            if !self.declared(&project).is_empty() || labelled {
                let more = self.members_not_read(&project);
                let more = more
                    .into_iter()
                    .map(|(path, dialect, root)| More::new(path, dialect, root))
                    .collect();
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
            if labelled {
                let members = self.reading_order(p);
                let documents = self.document_names(&project, &members);
                self.unit_graph(&members, documents);
            }
        }
    }

    /// The documents of a Sphinx project whose members name documents
    /// (`:doc:`, toctree entries): each file Sphinx builds, by document
    /// name, as labels in the namespace `doc`.
    fn document_names(&self, project: &Project, members: &[FileId]) -> Option<Document> {
        if project.config.kind != crate::project::Kind::Sphinx {
            return None;
        }
        let names_documents = members.iter().any(|&m| {
            self.entries[m].later.as_ref().is_some_and(|l| {
                l.doc
                    .markers
                    .iter()
                    .any(|m| m.namespace.as_deref() == Some(DOCUMENTS))
            })
        });
        // Sphinx's own labels and pages, there in every project.
        let mut definitions = Vec::new();
        for (name, namespace) in SPHINX_OWN {
            let mut def = crate::model::Definition::new(
                RefKind::CrossRef,
                *name,
                Span::default(),
                Span::default(),
            );
            def.namespace = namespace.map(Into::into);
            definitions.push(def);
        }
        if !names_documents {
            return Some(Document {
                definitions,
                ..Document::default()
            });
        }
        let options = self.run.options;
        let mut walk = ignore::WalkBuilder::new(&project.abs);
        walk.follow_links(false)
            .standard_filters(!options.no_ignore)
            .hidden(!options.hidden);
        for entry in walk.build().flatten() {
            if !entry.file_type().is_some_and(|t| t.is_file()) {
                continue;
            }
            let abs = contain::lexical(entry.path());
            let Some(name) = sphinx_docname(project, &abs) else {
                continue;
            };
            let mut def = crate::model::Definition::new(
                RefKind::CrossRef,
                name,
                Span::default(),
                Span::default(),
            );
            def.namespace = Some(DOCUMENTS.into());
            definitions.push(def);
        }
        Some(Document {
            definitions,
            ..Document::default()
        })
    }

    /// A project's members in the order its book reads them, which
    /// decides which copy of a label is the later one: as its
    /// configuration lists them, else the folder's `index` first, then by
    /// path. Sphinx reads its documents in the order of their names
    /// (`sorted(docnames)`: `a-b` before `a/x`, `about` before `index`).
    fn reading_order(&self, p: usize) -> Vec<FileId> {
        let project = &self.projects[p].project;
        let listed: Vec<PathBuf> = project
            .config
            .members
            .iter()
            .flatten()
            .map(|m| contain::lexical(&project.abs.join(&m.path)))
            .collect();
        let mut members = self.projects[p].members.clone();
        let abs_of = |id: FileId| {
            self.entries[id]
                .disk
                .as_ref()
                .map(|d| contain::lexical(&self.run.cwd.join(d)))
                .unwrap_or_default()
        };
        if project.config.kind == crate::project::Kind::Sphinx {
            members.sort_by_cached_key(|&id| {
                let abs = abs_of(id);
                (sphinx_docname(project, &abs).unwrap_or_default(), abs)
            });
            return members;
        }
        members.sort_by_cached_key(|&id| {
            let abs = abs_of(id);
            let place = listed.iter().position(|l| *l == abs).unwrap_or(usize::MAX);
            let index = abs.parent() == Some(project.abs.as_path())
                && abs.file_stem().is_some_and(|s| s == "index");
            (place, !index, abs)
        });
        members
    }

    /// The bibliographies a project declares; a MyST project that declares
    /// none takes every `.bib` file in its folder, as mystmd does.
    pub(super) fn declared(&self, project: &Project) -> Vec<crate::project::Named> {
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
    pub(super) fn index_all(&mut self) {
        if self.indexed {
            return;
        }
        self.indexed = true;
        for (id, entry) in self.entries.iter().enumerate() {
            if let Some(disk) = &entry.disk {
                self.by_abs
                    .entry(contain::lexical(&self.run.cwd.join(disk)))
                    .or_insert(id);
            }
        }
    }

    /// The file table's entry for a project's configuration file (or a
    /// document that declares for the project, such as bookdown's
    /// `index.Rmd`), its text kept to place findings in it.
    pub(super) fn config_file(&mut self, project: &Project, file: &Path) -> FileId {
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
    pub(super) fn members_not_read(
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
}

/// The namespace of Sphinx document names among cross-reference labels.
const DOCUMENTS: &str = "doc";

/// What every Sphinx project defines: the labels of its index, module
/// index and search pages (`:ref:`genindex``), and those pages as
/// documents (a toctree may list `genindex`).
const SPHINX_OWN: &[(&str, Option<&str>)] = &[
    ("genindex", None),
    ("modindex", None),
    ("py-modindex", None),
    ("search", None),
    ("genindex", Some(DOCUMENTS)),
    ("py-modindex", Some(DOCUMENTS)),
    ("search", Some(DOCUMENTS)),
];

/// The name Sphinx gives a file of its project (its path from the
/// project folder, `/`-separated, without its suffix), when Sphinx builds
/// it.
fn sphinx_docname(project: &Project, abs: &Path) -> Option<String> {
    let rel = abs.strip_prefix(&project.abs).ok()?;
    project.config.sphinx.as_ref()?.docname(rel)
}
