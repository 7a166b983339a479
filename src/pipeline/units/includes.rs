//! Include documents: what their roots include is read, once, and the
//! include graph makes their units; cycles are reported once.

use std::path::PathBuf;

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;

impl Stage<'_> {
    /// Complete include documents: read what they include, form the units,
    /// report cycles.
    pub(super) fn includes(&mut self) {
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
                let disk = self.entries[id].disk.as_deref();
                if let Some(Ok(real)) = disk.map(std::fs::canonicalize) {
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
}
