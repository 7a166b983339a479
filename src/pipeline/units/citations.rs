//! Citations: every bibliography once, each citing document joined with
//! those in its scope (its own, its project's, the run's) in the citation
//! graph, and the project rules run over it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::*;

impl Stage<'_> {
    /// The bibliography table's index for a file (one entry however many
    /// documents name it).
    pub(super) fn bib_file(&mut self, shown: &Path, real: PathBuf) -> usize {
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
    pub(super) fn citations(&mut self) {
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
            if later.dialect.units == Units::IncludeDocument {
                // Judged with its document (below), or not at all when no
                // root includes it.
                let cited = later.citations.len();
                self.entries[id].report.citations = cited;
                continue;
            }
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
                // Every chapter names the same file the same way: known
                // bibliographies are found without building a path.
                let known = self
                    .named_bibs
                    .get(base.as_os_str())
                    .and_then(|m| m.get(&*written))
                    .filter(|(r, _)| std::ptr::eq(*r, Arc::as_ptr(&root)));
                if let Some(&(_, b)) = known {
                    bibs.push(b);
                    continue;
                }
                let shown = base.join(&*written);
                match self.resolve(&root, &base, &written) {
                    Ok(real) => {
                        let b = self.bib_file(&shown, real);
                        self.named_bibs
                            .entry(base.as_os_str().to_owned())
                            .or_default()
                            .insert(written.clone(), (Arc::as_ptr(&root), b));
                        bibs.push(b);
                    }
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
        let documents = self.document_bibliographies();
        if own.is_empty() && global.is_empty() && documents.is_empty() {
            return;
        }
        // Every bibliography once, in parallel.
        let loaded: Vec<Result<Loaded, Failure>> = self
            .bib_index
            .iter()
            .map(|(real, &b)| (b, real.clone()))
            .collect::<std::collections::BTreeMap<usize, PathBuf>>()
            .into_iter()
            .map(|(b, real)| {
                // Read while documents were, when a walk met it.
                let abs = contain::lexical(&self.run.cwd.join(&self.bib_files[b].shown));
                (b, real, self.prefetched.remove(&abs))
            })
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|(b, real, early)| match early {
                Some(loaded) => Ok(loaded),
                None => load_bibliography(&real, &self.bib_files[b].shown),
            })
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
                        only: None,
                    });
                    self.bib_files[b].id = Some(id);
                    source_of[b] = Some(sources.len());
                    sources.push(BibSource {
                        notation: crate::model::BRACKET,
                        file: id,
                        name: shown,
                        bib,
                        own: None,
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
            let inline = written_entries(&later.doc);
            let own = later.doc.own_entries;
            let mut bibs = Vec::new();
            if !inline.is_empty() {
                bibs.push(sources.len());
                sources.push(BibSource {
                    notation,
                    file: id,
                    name: own.name(&self.entries[id].report.path),
                    bib: Bibliography {
                        format: bib::Format::CslYaml,
                        entries: inline,
                        errors: Vec::new(),
                    },
                    own: Some(own),
                });
            }
            // A bibliography that could not be read may hold what it cites.
            silenced |= named.iter().any(|&b| source_of[b].is_none());
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
            report.citations_checked = !bibs.is_empty() || own.closed();
            docs.push(CitingDoc {
                file: id,
                parts: vec![(id, citations)],
                bibs,
                silenced,
                closed: own.closed(),
                notation,
                own: Some(own),
            });
        }
        self.document_citations(documents, &source_of, &global, &mut sources, &mut docs);
        let graph = CitationGraph::build(docs, sources);
        self.late.extend(crate::rules::run_project(&graph));
        drop_aside(graph);
    }
}

/// An include document's bibliographies (indices into the table), and
/// whether one it names cannot be read (its unknown citations are then
/// not reported).
type DocumentBibs = Vec<(Vec<usize>, bool)>;

impl Stage<'_> {
    /// The bibliographies each include document names, in any of its
    /// files, resolved by the dialect's path rules (`\bibliography` from
    /// the root's folder).
    fn document_bibliographies(&mut self) -> DocumentBibs {
        let mut out = Vec::with_capacity(self.doc_units.len());
        for u in 0..self.doc_units.len() {
            let mut bibs = Vec::new();
            let mut silenced = false;
            for m in 0..self.doc_units[u].members.len() {
                let member = self.doc_units[u].members[m];
                let links: Vec<crate::model::Link> = self.entries[member]
                    .later
                    .as_deref()
                    .map(|l| l.doc.bibliographies().cloned().collect())
                    .unwrap_or_default();
                for link in links {
                    match self.locate(member, &link) {
                        includes::Located::Found(shown, real, _) => {
                            bibs.push(self.bib_file(&shown, real));
                        }
                        includes::Located::Missing => {
                            silenced = true;
                            self.missing(member, link.span, &link.path, "bibliography");
                            // It silences the whole document: reported
                            // whenever any file of it is checked
                            // (DESIGN.md section 4), alone in its file.
                            let unit = &self.doc_units[u].members;
                            if !self.entries[member].reported
                                && unit.iter().any(|&m| self.entries[m].reported)
                            {
                                self.entries[member].reported = true;
                                self.entries[member].only = Some(crate::rules::MISSING_FILE.code);
                            }
                        }
                        includes::Located::Unknown => silenced = true,
                        includes::Located::Refused(shown, refusal) => {
                            silenced = true;
                            let by = self.entries[member].report.path.clone();
                            self.refused(&shown, &refusal, &by);
                        }
                    }
                }
            }
            out.push((bibs, silenced));
        }
        out
    }

    /// Each member of each include document cites against the document's
    /// bibliographies and its `\bibitem`s; a document's citations are all
    /// checked, even with no bibliography (LaTeX has none to find them in).
    fn document_citations(
        &mut self,
        documents: DocumentBibs,
        source_of: &[Option<usize>],
        global: &[usize],
        sources: &mut Vec<BibSource>,
        docs: &mut Vec<CitingDoc>,
    ) {
        let mut inline_of: FxHashMap<FileId, usize> = FxHashMap::default();
        // How many documents each file is a member of: the last to cite
        // with its citations takes them instead of a copy.
        let mut uses: FxHashMap<FileId, usize> = FxHashMap::default();
        for unit in &self.doc_units {
            for &m in &unit.members {
                *uses.entry(m).or_default() += 1;
            }
        }
        for (u, (named, silenced)) in documents.into_iter().enumerate() {
            // A bibliography that could not be read may hold what it cites.
            let silenced = silenced || named.iter().any(|&b| source_of[b].is_none());
            let members = self.doc_units[u].members.clone();
            let mut bibs: Vec<usize> = named
                .iter()
                .chain(global)
                .filter_map(|&b| source_of[b])
                .collect();
            for &member in &members {
                let Some(later) = self.entries[member].later.as_deref() else {
                    continue;
                };
                let items = written_entries(&later.doc);
                if items.is_empty() {
                    continue;
                }
                let notation = later.dialect.notation;
                let source = *inline_of.entry(member).or_insert_with(|| {
                    sources.push(BibSource {
                        notation,
                        file: member,
                        name: format!(
                            "the list of \\bibitems in {}",
                            self.entries[member].report.path
                        ),
                        bib: Bibliography {
                            format: bib::Format::Bibtex,
                            entries: items,
                            errors: Vec::new(),
                        },
                        own: None,
                    });
                    sources.len() - 1
                });
                bibs.push(source);
            }
            bibs.sort_unstable();
            bibs.dedup();
            let reported = members.iter().any(|&m| self.entries[m].reported);
            for &b in &named {
                if let (true, Some(bib)) = (reported, self.bib_files[b].id) {
                    self.entries[bib].reported = true;
                }
            }
            // Help texts show a citation as the document writes one.
            let notation = members
                .first()
                .and_then(|&m| self.entries[m].later.as_deref())
                .map(|l| l.dialect.notation);
            for &b in &bibs {
                if let Some(notation) = notation {
                    sources[b].notation = notation;
                }
            }
            // One citing document per unit: its members' citations, each
            // part in its own file.
            let mut parts = Vec::with_capacity(members.len());
            for &member in &members {
                let left = uses.get_mut(&member).map_or(0, |n| {
                    *n -= 1;
                    *n
                });
                let Some(later) = self.entries[member].later.as_deref_mut() else {
                    continue;
                };
                let citations = if left == 0 {
                    std::mem::take(&mut later.citations)
                } else {
                    later.citations.clone()
                };
                let report = &mut self.entries[member].report;
                report.citations = citations.len();
                report.citations_checked = true;
                parts.push((member, citations));
            }
            let Some(&(first, _)) = parts.first() else {
                continue;
            };
            docs.push(CitingDoc {
                file: first,
                parts,
                bibs,
                silenced,
                closed: true,
                notation: notation.unwrap_or(crate::model::BRACKET),
                own: None,
            });
        }
    }
}

/// The entries a document writes itself (front-matter `references:`,
/// `\bibitem`s), as a bibliography's.
fn written_entries(doc: &crate::model::Document) -> Vec<BibEntry> {
    doc.definitions
        .iter()
        .filter(|d| d.kind == RefKind::Citation)
        .map(|d| BibEntry {
            key: d.label.as_str().into(),
            key_span: d.label_span,
            span: d.body,
            kind: "".into(),
            parents: Vec::new(),
        })
        .collect()
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
pub(in crate::pipeline) type Loaded = (bib::Format, Bibliography, Arc<str>);

/// Read and parse a bibliography (already checked to be a regular file
/// inside its root, or named on the command line).
pub(in crate::pipeline) fn load_bibliography(real: &Path, shown: &str) -> Result<Loaded, Failure> {
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
