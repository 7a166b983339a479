//! Unit-wide labels: each unit's cross-references resolved against its
//! labels in a [`UnitGraph`], definitions in reading order, with the
//! labels of the documents it names under a prefix
//! (`\externaldocument[S-]{supplement}`), and the unit rules run.

use super::*;
use crate::model::{Definition, Document, Within};

impl Stage<'_> {
    /// Resolve the labels of every include document.
    pub(super) fn labels_of_units(&mut self, reach: &mut includes::Reach) {
        let units = std::mem::take(&mut self.doc_units);
        self.inherit_attributes(&units);
        // The labels each unit's root offers to others, by root.
        let roots: FxHashMap<FileId, usize> = units
            .iter()
            .enumerate()
            .map(|(u, unit)| (unit.root, u))
            .collect();
        let imported: Vec<Vec<(FileId, Document)>> = units
            .iter()
            .map(|unit| self.imported(unit, &units, &roots, reach))
            .collect();
        // Each unit's graph and rules, in parallel: units are independent.
        let config = self.run.options.config.as_deref();
        let docs: Vec<Option<Vec<Member<'_>>>> = units
            .iter()
            .map(|unit| {
                unit.members
                    .iter()
                    .map(|&file| {
                        let later = self.entries[file].later.as_ref()?;
                        Some(Member::new(file, &later.doc, later.dialect.notation))
                    })
                    .collect()
            })
            .collect();
        let found: Vec<Vec<(FileId, Diagnostic)>> = units
            .par_iter()
            .zip(docs)
            .zip(&imported)
            .map(|((unit, members), imported)| {
                // Every member of an include document has its document.
                let Some(mut members) = members else {
                    return Vec::new();
                };
                members.extend(imported.iter().map(|(file, doc)| Member {
                    imported: true,
                    ..Member::new(*file, doc, crate::model::BRACKET)
                }));
                let stretches = unit.stretches();
                let rank = |m: usize, at: usize| unit.rank(&stretches, m, at);
                let graph = UnitGraph::build_in_order(members, Some(&rank));
                let mut out = Vec::new();
                crate::rules::run_unit(&graph, &mut out, config);
                out
            })
            .collect();
        self.late.extend(found.into_iter().flatten());
        self.doc_units = units;
    }

    /// Each unit's members made as its root's attribute entries make them
    /// (an AsciiDoc master's `idprefix` reaches its chapters). A file two
    /// roots include takes the first's.
    fn inherit_attributes(&mut self, units: &[crate::project::Unit]) {
        let mut done = rustc_hash::FxHashSet::default();
        for unit in units {
            let Some(root) = self.entries[unit.root].later.as_deref() else {
                continue;
            };
            if root.doc.attributes.is_empty() {
                continue;
            }
            let inherited = root.doc.attributes.clone();
            for &member in &unit.members[1..] {
                if !done.insert(member) {
                    continue;
                }
                if let Some(later) = self.entries[member].later.as_deref_mut() {
                    crate::dialect::asciidoc::inherit_id_attributes(&mut later.doc, &inherited);
                }
            }
        }
    }

    /// The labels of the documents a unit's members name with
    /// `\externaldocument`, prefixed: one document of definitions per
    /// external root.
    fn imported(
        &mut self,
        unit: &crate::project::Unit,
        units: &[crate::project::Unit],
        roots: &FxHashMap<FileId, usize>,
        reach: &mut includes::Reach,
    ) -> Vec<(FileId, Document)> {
        let mut links = Vec::new();
        for &member in &unit.members {
            if let Some(later) = self.entries[member].later.as_deref() {
                links.extend(
                    later
                        .doc
                        .links
                        .iter()
                        .filter(|l| l.kind == LinkKind::Labels)
                        .map(|l| (member, l.clone())),
                );
            }
        }
        let mut out = Vec::new();
        for (member, link) in links {
            let found = self.locate_in(member, &link, Some(unit.root));
            let includes::Located::Found(shown, real, _) = found else {
                continue;
            };
            let Some(other) = self.lookup(reach, &shown, &real) else {
                continue;
            };
            // The unit the document is part of: this one (an AsciiDoc
            // `<<chapter.adoc#id>>` to a file of the same book is a
            // reference inside it), the one it is the root of, else the
            // first that holds it.
            let of = if unit.members.contains(&other) {
                unit
            } else if let Some(&u) = roots.get(&other) {
                &units[u]
            } else if let Some(holder) = units.iter().find(|u| u.members.contains(&other)) {
                holder
            } else {
                continue;
            };
            let prefix = link.prefix.as_deref().unwrap_or("");
            let mut definitions = Vec::new();
            // `<<chapter.adoc#>>`: the document itself.
            if prefix.ends_with('#') {
                definitions.push(Definition::new(
                    crate::model::RefKind::CrossRef,
                    prefix,
                    crate::model::Span::default(),
                    crate::model::Span::default(),
                ));
            }
            for &file in &of.members {
                let Some(later) = self.entries[file].later.as_deref() else {
                    continue;
                };
                for d in later.doc.definitions.iter() {
                    if d.kind.within() == Within::Unit {
                        let mut label = crate::model::Label::from(prefix);
                        label.push_str(d.key());
                        definitions.push(Definition {
                            label,
                            key: None,
                            ..d.clone()
                        });
                    }
                }
            }
            out.push((
                other,
                Document {
                    definitions,
                    ..Document::default()
                },
            ));
        }
        out
    }

    /// Resolve a project's labels across its members (Sphinx, Quarto).
    /// `documents`: labels the project itself offers (a Sphinx project's
    /// document names), never reported.
    pub(super) fn unit_graph(&mut self, members: &[FileId], documents: Option<Document>) {
        let unit_wide = |k: RefKind| k.within() == Within::Unit;
        let mut members: Vec<Member<'_>> = members
            .iter()
            .filter_map(|&file| {
                let later = self.entries[file].later.as_ref()?;
                let doc = &later.doc;
                let labelled = doc.markers.iter().any(|m| unit_wide(m.kind))
                    || doc.definitions.iter().any(|d| unit_wide(d.kind));
                labelled.then(|| Member::new(file, doc, later.dialect.notation))
            })
            .collect();
        if members.is_empty() {
            return;
        }
        if let Some(doc) = &documents {
            members.push(Member {
                imported: true,
                ..Member::new(members[0].file, doc, crate::model::BRACKET)
            });
        }
        let graph = UnitGraph::build(members);
        crate::rules::run_unit(&graph, &mut self.late, self.run.options.config.as_deref());
    }
}
