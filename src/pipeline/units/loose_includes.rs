//! Includes of documents that are not include documents: reStructuredText's
//! `.. include::`. docutils reads the included text in place, so what it
//! defines belongs to the including document; ibid does not merge texts
//! (a reference only an included file could resolve is left alone, see
//! the dialect), but it follows every include: a missing file is
//! `missing-file` at the directive, a file outside the project root is a
//! failure naming it, and a circle of includes is reported once, naming
//! its files, and read once.

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
