//! Include documents: from each root, what it includes is read, once,
//! with the dialect's path rules (LaTeX's `\input` from the root's folder,
//! `\subfile` from the including file's, `\import` setting a folder); the
//! include graph makes the units, in reading order; cycles are reported
//! once. A file checked alone that no root reaches is resolved in its
//! document: its `% !TEX root`, or a root in its folder or one above.

use std::path::{Path, PathBuf};

use rustc_hash::{FxHashMap, FxHashSet};

use super::*;
use crate::model::{Link, Relative};

/// Where a member's links start from, as the unit that reached it sets.
#[derive(Clone, Debug)]
pub(super) struct Ctx {
    /// The root's folder (TeX runs there).
    pub root_dir: PathBuf,
    /// The folder an `\import` or `\subfile` set, else the root's.
    pub base: PathBuf,
}

/// What the search of the include graph knows so far.
#[derive(Default)]
pub(super) struct Reach {
    graph: IncludeGraph,
    /// By real path, for what a path reaches through a symbolic link;
    /// filled on the first such miss (`canonicalize` costs system calls).
    by_real: FxHashMap<PathBuf, FileId>,
    /// Entries whose real path is in `by_real`.
    real_known: usize,
    /// Files whose includes are still to follow.
    queue: Vec<FileId>,
    /// Entries registered so far.
    known: usize,
}

/// The search for the roots of files no root reaches.
#[derive(Default)]
struct Search {
    /// Folders listed already.
    folders: FxHashSet<PathBuf>,
    /// Files to read, by real path.
    named: FxHashSet<PathBuf>,
    reads: Vec<More>,
}

/// Where a link leads.
pub(super) enum Located {
    /// The path it is shown by, its real path, and the folder it was found
    /// from.
    Found(PathBuf, PathBuf, PathBuf),
    Missing,
    Refused(PathBuf, Refusal),
    /// A path ibid cannot know (it holds a macro).
    Unknown,
}

impl Stage<'_> {
    /// Complete include documents: read what they include, form the units,
    /// resolve their labels, report cycles.
    pub(super) fn includes(&mut self) {
        let including = |e: &Entry| {
            e.later
                .as_ref()
                .is_some_and(|l| l.dialect.units == Units::IncludeDocument)
        };
        let undecoded = self.undecoded();
        if !self.entries.iter().any(including) && undecoded.is_empty() {
            return;
        }
        let mut reach = Reach::default();
        self.manifests();
        self.register(&mut reach);
        // Roots (and files that may be) start the search.
        self.start(&mut reach, 0, |root| root != Some(false));
        self.find_roots(&mut reach, undecoded);
        self.externals(&mut reach);
        let found = reach.graph.units();
        for cycle in found.cycles {
            self.report_cycle(&cycle);
        }
        for unit in found.units {
            self.doc_units.push(unit);
        }
        self.labels_of_units(&mut reach);
    }

    /// A circle of includes, once, as a failure naming its files.
    pub(super) fn report_cycle(&mut self, cycle: &[FileId]) {
        let names: Vec<&str> = cycle
            .iter()
            .map(|&f| self.entries[f].report.path.as_str())
            .collect();
        let message = match names.as_slice() {
            [one] => format!("{one} includes itself; it is read once"),
            _ => format!(
                "files include each other in a circle ({}); each is read once",
                names.join(" → ")
            ),
        };
        self.failures
            .push(Failure::new(names[0], FailureKind::IncludeCycle, message));
    }

    /// The document of an include-document entry.
    fn including(&self, id: FileId) -> Option<&Later> {
        self.entries[id]
            .later
            .as_deref()
            .filter(|l| l.dialect.units == Units::IncludeDocument)
    }

    /// Enter the entries added since the last call in the graph.
    fn register(&mut self, reach: &mut Reach) {
        for id in reach.known..self.entries.len() {
            let Some(root) = self.including(id).map(|l| l.doc.root) else {
                continue;
            };
            reach.graph.file(id, root);
            if let Some(disk) = self.entries[id].disk.as_deref() {
                let abs = contain::lexical(&self.run.cwd.join(disk));
                self.walked.entry(abs).or_insert(id);
            }
        }
        reach.known = self.entries.len();
    }

    /// The entry of a file found at `shown` (as reached from the current
    /// directory), whose real path is `real`.
    pub(super) fn lookup(&self, reach: &mut Reach, shown: &Path, real: &Path) -> Option<FileId> {
        let abs = contain::lexical(&self.run.cwd.join(shown));
        if let Some(&id) = self.walked.get(&abs) {
            return Some(id);
        }
        if reach.real_known < reach.known {
            let cwd = &self.run.cwd;
            let disks: Vec<(FileId, PathBuf)> = (reach.real_known..reach.known)
                .filter_map(|id| {
                    self.including(id)?;
                    Some((id, cwd.join(self.entries[id].disk.as_deref()?)))
                })
                .collect();
            let reals: Vec<(FileId, PathBuf)> = disks
                .into_par_iter()
                .filter_map(|(id, disk)| Some((id, std::fs::canonicalize(disk).ok()?)))
                .collect();
            for (id, real) in reals {
                reach.by_real.entry(real).or_insert(id);
            }
            reach.real_known = reach.known;
        }
        reach.by_real.get(real).copied()
    }

    /// A file reached in a unit: its links start from `ctx` (the first
    /// unit to reach it decides); its includes are to follow.
    fn reached(&mut self, reach: &mut Reach, id: FileId, ctx: Ctx) {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.ctx.entry(id) {
            slot.insert(ctx);
            reach.queue.push(id);
        }
    }

    /// Where a link of file `id` leads, by its dialect's path rules.
    pub(super) fn locate(&mut self, id: FileId, link: &Link) -> Located {
        self.locate_in(id, link, None)
    }

    /// Where a link of file `id` leads when read in the unit whose root
    /// is `root` (`None`: the unit that reached the file first).
    pub(super) fn locate_in(
        &mut self,
        id: FileId,
        link: &Link,
        unit_root: Option<FileId>,
    ) -> Located {
        if link.path.is_empty() || link.path.contains('\\') {
            return Located::Unknown;
        }
        let Some(later) = self.entries[id].later.as_deref() else {
            return Located::Unknown;
        };
        let own = later.base.clone();
        let root = later.root.clone();
        let (mut root_dir, base) = match self.ctx.get(&id) {
            Some(ctx) => (ctx.root_dir.clone(), ctx.base.clone()),
            None => (own.clone(), own.clone()),
        };
        if let Some(dir) = unit_root.and_then(|r| self.entries[r].later.as_deref()) {
            root_dir = dir.base.clone();
        }
        let dirs: Vec<PathBuf> = match link.relative {
            Relative::File => vec![own],
            Relative::Root => vec![root_dir],
            Relative::Base => vec![base],
            Relative::Search if base == root_dir => vec![root_dir],
            Relative::Search => vec![root_dir, base],
        };
        let mut refused = None;
        for dir in &dirs {
            for candidate in link.candidates() {
                // A file this run has read already (found by a walk, which
                // follows no link to a folder and checks links to files,
                // or read for a unit, after the same checks) is a regular
                // file: no system call is needed to know it is there.
                let shown = dir.join(&*candidate);
                let abs = contain::lexical(&self.run.cwd.join(&shown));
                let known = self.walked.contains_key(&abs) || self.prefetched.contains_key(&abs);
                if known && root.holds(&abs) {
                    return Located::Found(shown, abs, dir.clone());
                }
                match self.resolve(&root, dir, &candidate) {
                    Ok(real) => return Located::Found(dir.join(&*candidate), real, dir.clone()),
                    Err(Refusal::Missing) => {}
                    // `\input{authors}` beside a folder `authors/`: TeX
                    // reads no folder.
                    Err(Refusal::NotRegular)
                        if self.run.cwd.join(dir).join(&*candidate).is_dir() => {}
                    Err(refusal) => {
                        refused.get_or_insert((dir.join(&*candidate), refusal));
                    }
                }
            }
        }
        match refused {
            Some((shown, refusal)) => Located::Refused(shown, refusal),
            None => Located::Missing,
        }
    }

    /// Follow the includes of every file in the queue, reading the files
    /// they reach, until nothing new is reached.
    fn follow(&mut self, reach: &mut Reach) {
        while !reach.queue.is_empty() {
            let batch = std::mem::take(&mut reach.queue);
            // (includer, offset, shown, real, the included file's context).
            let mut wanted: Vec<(FileId, usize, PathBuf, PathBuf, Ctx)> = Vec::new();
            for id in batch {
                let links: Vec<Link> = self
                    .including(id)
                    .map(|l| l.doc.includes().cloned().collect())
                    .unwrap_or_default();
                let Some(ctx) = self.ctx.get(&id).cloned() else {
                    continue;
                };
                for link in links {
                    match self.locate(id, &link) {
                        // A code sample in a listing: it is there, and is
                        // not a document.
                        Located::Found(..) if link.verbatim => {}
                        Located::Found(shown, real, dir) => {
                            let base = match link.sets_base {
                                Some(n) => dir.join(link.path.get(..n).unwrap_or("")),
                                None => ctx.base.clone(),
                            };
                            let child = Ctx {
                                root_dir: ctx.root_dir.clone(),
                                base,
                            };
                            match self.lookup(reach, &shown, &real) {
                                Some(to) => {
                                    reach.graph.include(id, to, link.span.start);
                                    self.reached(reach, to, child);
                                }
                                None => wanted.push((id, link.span.start, shown, real, child)),
                            }
                        }
                        Located::Missing if !link.optional => {
                            self.missing(id, link.span, &link.path, "included file");
                        }
                        Located::Refused(shown, refusal) => {
                            let by = self.entries[id].report.path.clone();
                            self.refused(&shown, &refusal, &by);
                        }
                        Located::Missing | Located::Unknown => {}
                    }
                }
            }
            if wanted.is_empty() {
                continue;
            }
            // Each file once, however many include it.
            let mut seen = FxHashSet::default();
            let reads: Vec<More> = wanted
                .iter()
                .filter(|w| seen.insert(w.3.clone()))
                .filter_map(|(from, _, shown, _, _)| {
                    let later = self.entries[*from].later.as_deref()?;
                    Some(More {
                        path: shown.clone(),
                        dialect: later.dialect,
                        root: later.root.clone(),
                        encoding: later.encoding,
                    })
                })
                .collect();
            self.read_more(reads);
            self.register(reach);
            for (from, at, shown, real, ctx) in wanted {
                let Some(to) = self.lookup(reach, &shown, &real) else {
                    continue;
                };
                // What a checked file includes is read as context: its
                // findings are reported only when it is checked itself
                // (named, or found by the walk; DESIGN.md section 1).
                reach.graph.include(from, to, at);
                self.reached(reach, to, ctx);
            }
        }
    }

    /// Files checked (named, or found by the walk) that no root reaches:
    /// their roots are read, by `% !TEX root` (or a subfile's class
    /// option), else among the files in their folder and those above it
    /// inside the project root. What is still not reached is a fragment:
    /// it gets no reference findings.
    /// Checked files that could not be decoded (`undecoded`) are looked
    /// for in the same way.
    fn find_roots(
        &mut self,
        reach: &mut Reach,
        undecoded: Vec<(PathBuf, &'static crate::dialect::Dialect)>,
    ) {
        // And those that may be roots (an AsciiDoc chapter) but that
        // nothing read so far includes: their book may be above them.
        let unreached: Vec<FileId> = (0..self.entries.len())
            .filter(|&id| {
                let Some(later) = self.including(id) else {
                    return false;
                };
                let alone = !self.ctx.contains_key(&id)
                    || later.doc.root.is_none() && !reach.graph.included(id);
                self.entries[id].reported && alone
            })
            .collect();
        // A checked file that could not be decoded may be in an encoding
        // its root declares (`\usepackage[latin1]{inputenc}`): its root is
        // looked for too, and reads it as declared.
        if unreached.is_empty() && undecoded.is_empty() {
            return;
        }
        let mut search = Search::default();
        for (path, dialect) in undecoded {
            let root = self.run.root(&path);
            let base = path.parent().map(Path::to_path_buf).unwrap_or_default();
            self.roots_above(&base, dialect, &root, reach, &mut search);
        }
        for id in unreached {
            let Some(later) = self.including(id) else {
                continue;
            };
            let (dialect, root, base) = (later.dialect, later.root.clone(), later.base.clone());
            let hints: Vec<Link> = later
                .doc
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::Root)
                .cloned()
                .collect();
            let mut hinted = false;
            for hint in hints {
                if let Located::Found(shown, real, _) = self.locate(id, &hint) {
                    hinted = true;
                    if self.lookup(reach, &shown, &real).is_none() && search.named.insert(real) {
                        search.reads.push(More::new(shown, dialect, root.clone()));
                    }
                }
            }
            if hinted {
                continue;
            }
            self.roots_above(&base, dialect, &root, reach, &mut search);
        }
        if search.reads.is_empty() {
            return;
        }
        self.read_more(search.reads);
        let first = reach.known;
        self.register(reach);
        // Files that may be roots start too (an AsciiDoc document is one
        // when nothing includes it): the include graph decides.
        self.start(reach, first, |root| root != Some(false));
    }

    /// Files checked that could not be decoded, of a dialect of include
    /// documents (whose root may declare their encoding).
    fn undecoded(&self) -> Vec<(PathBuf, &'static crate::dialect::Dialect)> {
        self.failures
            .iter()
            .filter(|f| f.kind == FailureKind::Decode)
            .filter_map(|f| {
                let path = PathBuf::from(&f.path);
                let dialect = self
                    .run
                    .options
                    .dialect
                    .or_else(|| crate::dialect::by_path(&path))?;
                (dialect.units == Units::IncludeDocument).then_some((path, dialect))
            })
            .collect()
    }

    /// The files of a dialect in folder `base` and those above it, inside
    /// the root, not read yet (nor already in `named`), to read as
    /// possible roots; each folder once (`folders`).
    fn roots_above(
        &self,
        base: &Path,
        dialect: &'static crate::dialect::Dialect,
        root: &Arc<Root>,
        reach: &mut Reach,
        search: &mut Search,
    ) {
        let mut dir = contain::lexical(&self.run.cwd.join(base));
        loop {
            if !root.holds(&dir) || !search.folders.insert(dir.clone()) {
                break;
            }
            for path in tex_files(&dir, dialect) {
                let Ok(real) = std::fs::canonicalize(&path) else {
                    continue;
                };
                let shown = contain::relative(&path, &self.run.cwd);
                if self.lookup(reach, &shown, &real).is_none() && search.named.insert(real) {
                    search.reads.push(More::new(shown, dialect, root.clone()));
                }
            }
            if !dir.pop() {
                break;
            }
        }
    }

    /// Start units from the include-document files from id `first` on
    /// that `roots` picks (by their [`Document::root`]), each resolving
    /// from its own folder, and follow what they include.
    ///
    /// [`Document::root`]: crate::model::Document::root
    fn start(&mut self, reach: &mut Reach, first: FileId, roots: fn(Option<bool>) -> bool) {
        for id in first..self.entries.len() {
            let Some(later) = self.including(id) else {
                continue;
            };
            if roots(later.doc.root) {
                let dir = later.base.clone();
                let ctx = Ctx {
                    root_dir: dir.clone(),
                    base: dir,
                };
                self.reached(reach, id, ctx);
            }
        }
        self.follow(reach);
    }
}

impl Stage<'_> {
    /// Book manifests (an AsciiDoc book's `atlas.json`) in the folders of
    /// the include documents read and the folders above them, inside
    /// their root: each is read as a root that includes the files it
    /// lists, so that a book with no master file is one document.
    fn manifests(&mut self) {
        let mut folders: FxHashSet<PathBuf> = FxHashSet::default();
        let mut reads = Vec::new();
        for id in 0..self.entries.len() {
            let Some(later) = self.including(id) else {
                continue;
            };
            let (dialect, root) = (later.dialect, later.root.clone());
            if dialect.manifests.is_empty() {
                continue;
            }
            let mut dir = contain::lexical(&self.run.cwd.join(&later.base));
            loop {
                if !root.holds(&dir) || !folders.insert(dir.clone()) {
                    break;
                }
                for name in dialect.manifests {
                    let path = dir.join(name);
                    if path.is_file() && !self.walked.contains_key(&path) {
                        let shown = contain::relative(&path, &self.run.cwd);
                        reads.push(More::new(shown, dialect, root.clone()));
                    }
                }
                if !dir.pop() {
                    break;
                }
            }
        }
        if !reads.is_empty() {
            reads.sort_by(|a, b| a.path.cmp(&b.path));
            self.read_more(reads);
        }
    }

    /// Documents whose labels a reached file references under a prefix
    /// (`\externaldocument`): read, as roots of their own.
    fn externals(&mut self, reach: &mut Reach) {
        let mut reads = Vec::new();
        let mut seen = FxHashSet::default();
        let reached: Vec<FileId> = self.ctx.keys().copied().collect();
        for id in reached {
            let Some(later) = self.including(id) else {
                continue;
            };
            let (dialect, root) = (later.dialect, later.root.clone());
            let links: Vec<Link> = later
                .doc
                .links
                .iter()
                .filter(|l| l.kind == LinkKind::Labels)
                .cloned()
                .collect();
            for link in links {
                if let Located::Found(shown, real, _) = self.locate(id, &link) {
                    if self.lookup(reach, &shown, &real).is_none() && seen.insert(real) {
                        reads.push(More::new(shown, dialect, root.clone()));
                    }
                }
            }
        }
        if reads.is_empty() {
            return;
        }
        reads.sort_by(|a, b| a.path.cmp(&b.path));
        self.read_more(reads);
        let first = reach.known;
        self.register(reach);
        self.start(reach, first, |_| true);
    }
}

/// The files of a folder that a dialect reads (not its subfolders), in
/// name order; a folder that cannot be listed has none.
fn tex_files(dir: &Path, dialect: &crate::dialect::Dialect) -> Vec<PathBuf> {
    let Ok(listing) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = listing
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .map(|e| e.path())
        .filter(|p| crate::dialect::by_path(p).is_some_and(|d| std::ptr::eq(d, dialect)))
        .collect();
    files.sort();
    files
}
