//! Includes of documents that are not include documents: reStructuredText's
//! `.. include::`. docutils reads the included text in place, so what it
//! defines belongs to the including document: the parse stage reads the
//! names included files define for the document that includes them (see
//! `parse::included_targets`). Here every include is followed: a missing
//! file is `missing-file` at the directive, a file outside the project
//! root is a failure naming it, a circle of includes is reported once,
//! naming its files, and read once; and an included file, a fragment of
//! the documents that include it, gets no resolution findings of its own
//! (`unresolved`, `orphaned`, `undefined-ref`).

use super::includes::Located;
use super::*;
use crate::project::IncludeGraph;

impl Stage<'_> {
    /// Follow the includes of every project-dialect document.
    pub(super) fn loose_includes(&mut self) {
        let including = |e: &Entry| {
            e.later.as_ref().is_some_and(|l| {
                l.dialect.units == Units::Project && l.doc.includes().next().is_some()
            })
        };
        if !self.entries.iter().any(including) {
            return;
        }
        self.index_all();
        let mut graph = IncludeGraph::new();
        let mut queue: Vec<FileId> = (0..self.entries.len())
            .filter(|&id| including(&self.entries[id]))
            .collect();
        let mut seen: FxHashSet<FileId> = queue.iter().copied().collect();
        let mut included: std::collections::BTreeSet<FileId> = std::collections::BTreeSet::new();
        while let Some(id) = queue.pop() {
            graph.file(id, None);
            let links: Vec<crate::model::Link> = match self.entries[id].later.as_deref() {
                Some(later) => later.doc.includes().cloned().collect(),
                None => continue,
            };
            let dialect = self.entries[id].later.as_deref().map(|l| l.dialect);
            for link in links {
                match self.locate(id, &link) {
                    Located::Found(shown, _, _) => {
                        let abs = contain::lexical(&self.run.cwd.join(&shown));
                        let target = match self.by_abs.get(&abs) {
                            Some(&known) => Some(known),
                            None => self.read_included(shown, abs, id, dialect),
                        };
                        if let Some(target) = target {
                            included.insert(target);
                            graph.file(target, None);
                            graph.include(id, target, link.span.start);
                            let follows = self.entries[target]
                                .later
                                .as_ref()
                                .is_some_and(|l| l.doc.includes().next().is_some());
                            if follows && seen.insert(target) {
                                queue.push(target);
                            }
                        }
                    }
                    Located::Missing => {
                        self.missing(id, link.span, &link.path, "included file");
                    }
                    Located::Refused(shown, refusal) => {
                        let by = self.entries[id].report.path.clone();
                        self.refused(&shown, &refusal, &by);
                    }
                    Located::Unknown => {}
                }
            }
        }
        for cycle in graph.units().cycles {
            self.report_cycle(&cycle);
        }
        // An included file is read as part of the documents that include
        // it: what resolves its references, or references its notes and
        // targets, may be there. Its own resolution findings are not.
        for id in included {
            let report = &mut self.entries[id].report;
            if report.dialect == "rst" {
                report
                    .diagnostics
                    .retain(|d| !matches!(d.code, "orphaned" | "unresolved" | "undefined-ref"));
            }
        }
    }

    /// Read an included file that the run has not read, as context, in
    /// its including document's dialect when its name says nothing (a
    /// `.txt` fragment is reStructuredText there).
    fn read_included(
        &mut self,
        shown: PathBuf,
        abs: PathBuf,
        by: FileId,
        dialect: Option<&'static crate::dialect::Dialect>,
    ) -> Option<FileId> {
        let dialect = dialect?;
        let root = self.entries[by].later.as_deref()?.root.clone();
        let id = self
            .read_more(vec![More::new(shown, dialect, root)])
            .into_iter()
            .next()?;
        self.by_abs.insert(abs, id);
        Some(id)
    }
}
