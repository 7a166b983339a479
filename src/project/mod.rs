//! Which files resolve together (DESIGN.md section 4): units, projects and
//! containment.
//!
//! - A [`Unit`] is a root and its members: one file, an include document
//!   ([`includes`]), or a project.
//! - A [`Project`] is a folder whose configuration ([`config`]) makes its
//!   documents one unit for citations (and cross-references): a Quarto
//!   project, a bookdown book, a Jupyter Book, a MyST or Sphinx project.
//!   [`Projects`] finds the project above a file, each folder looked at
//!   once per run.
//! - [`Root`] keeps every include and bibliography inside the project root
//!   ([`contain`]).

pub mod config;
pub mod contain;
pub mod includes;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use rustc_hash::FxHashMap;

pub use config::{Kind, Named, ProjectConfig, Subdirs};
pub use contain::{Refusal, Root};
pub use includes::IncludeGraph;

use crate::model::FileId;

/// Files that resolve together: a root and every member (the root
/// included), in reading order: the root, then each file where it is first
/// included, depth first.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unit {
    pub root: FileId,
    pub members: Vec<FileId>,
    /// The unit as TeX reads it: stretches of members in reading order,
    /// each `(member index, start offset)`, running to the member's next
    /// stretch (a member's text is cut where it includes another file).
    pub reading: Vec<(usize, usize)>,
}

impl Unit {
    /// Each member's stretches, as indices into [`Unit::reading`], in
    /// order of offset.
    pub fn stretches(&self) -> Vec<Vec<usize>> {
        let mut of = vec![Vec::new(); self.members.len()];
        for (i, &(member, _)) in self.reading.iter().enumerate() {
            of[member].push(i);
        }
        of
    }

    /// Where an offset in a member comes in reading order: the index of
    /// its stretch (compare the offsets within one stretch).
    pub fn rank(&self, stretches: &[Vec<usize>], member: usize, offset: usize) -> usize {
        let mine = &stretches[member];
        let after = mine.partition_point(|&i| self.reading[i].1 <= offset);
        mine[after.saturating_sub(1)]
    }
}

/// A project found above a checked file.
#[derive(Debug)]
pub struct Project {
    /// The project's folder as reached from the current directory, in the
    /// form the checked paths take (`docs`, `.`, `..`).
    pub dir: PathBuf,
    /// The same folder, absolute.
    pub abs: PathBuf,
    pub config: ProjectConfig,
    /// The containment root it was found under.
    pub root: Arc<Root>,
}

impl Project {
    /// How reports name a file of the project (its config, a bibliography
    /// it declares): the project folder joined with its place in it.
    pub fn shown(&self, file: &Path) -> PathBuf {
        match file.strip_prefix(&self.abs) {
            Ok(rest) => join_shown(&self.dir, rest),
            Err(_) => file.to_path_buf(),
        }
    }

    /// Whether a file (absolute, lexically normal) is one of the
    /// project's documents. A Sphinx project holds only the files Sphinx
    /// builds as documents ([`config::Sphinx::docname`]): a file excluded
    /// by `exclude_patterns`, or whose suffix is not a source suffix, is
    /// checked as a document of its own.
    pub fn holds(&self, abs: &Path) -> bool {
        if let Some(sphinx) = &self.config.sphinx {
            return abs
                .strip_prefix(&self.abs)
                .is_ok_and(|rel| sphinx.docname(rel).is_some());
        }
        let in_subdir = match &self.config.subdirs {
            config::Subdirs::Off => false,
            config::Subdirs::All => abs.starts_with(&self.abs),
            config::Subdirs::Listed(dirs) => dirs
                .iter()
                .any(|d| abs.starts_with(contain::lexical(&self.abs.join(&d.path)))),
        };
        in_subdir
            || match &self.config.members {
                Some(listed) => listed
                    .iter()
                    .any(|m| contain::lexical(&self.abs.join(&m.path)) == abs),
                None if self.config.kind == Kind::Bookdown => abs.parent() == Some(&self.abs),
                None => abs.starts_with(&self.abs),
            }
    }
}

/// `dir` joined with `rest`, without a leading `./` for `.` or the empty
/// path.
fn join_shown(dir: &Path, rest: &Path) -> PathBuf {
    if dir.as_os_str().is_empty() || dir == Path::new(".") {
        rest.to_path_buf()
    } else {
        dir.join(rest)
    }
}

/// The projects of a run, found on demand and kept by folder.
#[derive(Debug)]
pub struct Projects {
    cwd: PathBuf,
    found: Mutex<FxHashMap<PathBuf, Option<Arc<Project>>>>,
    /// The answer for each folder of a checked file, as written (most
    /// files share their folder with others: one look-up, no walk up).
    by_folder: Mutex<FxHashMap<std::ffi::OsString, Option<Arc<Project>>>>,
}

impl Projects {
    pub fn new(cwd: PathBuf) -> Self {
        Self {
            cwd,
            found: Mutex::new(FxHashMap::default()),
            by_folder: Mutex::new(FxHashMap::default()),
        }
    }

    /// The project `path` (a file as shown in reports) belongs to: the
    /// nearest project above it, looking no higher than `root`, unless
    /// that is a Sphinx project that does not hold it
    /// ([`Project::holds`]); then None, as for a file in no project.
    pub fn of(&self, path: &Path, root: &Arc<Root>) -> Option<Arc<Project>> {
        let project = self.above(path, root)?;
        if project.config.sphinx.is_some()
            && !project.holds(&contain::lexical(&self.cwd.join(path)))
        {
            return None;
        }
        Some(project)
    }

    /// The nearest project above `path`, looking no higher than `root`.
    fn above(&self, path: &Path, root: &Arc<Root>) -> Option<Arc<Project>> {
        let folder = path.parent().unwrap_or(Path::new("")).as_os_str();
        let known = self
            .by_folder
            .lock()
            .ok()
            .and_then(|m| m.get(folder).cloned());
        if let Some(project) = known {
            return project;
        }
        let project = self.walk_up(path, root);
        if let Ok(mut m) = self.by_folder.lock() {
            m.insert(folder.to_os_string(), project.clone());
        }
        project
    }

    /// [`Self::above`], folder by folder up to the root.
    fn walk_up(&self, path: &Path, root: &Arc<Root>) -> Option<Arc<Project>> {
        let abs = contain::lexical(&self.cwd.join(path));
        let mut shown = path.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut dir = abs.parent()?.to_path_buf();
        loop {
            if !root.holds(&dir) {
                return None;
            }
            if let Some(project) = self.at(&dir, &shown, root) {
                return Some(project);
            }
            shown = up(&shown);
            if !dir.pop() {
                return None;
            }
        }
    }

    /// The project whose folder is `dir` (absolute), if it is one.
    fn at(&self, dir: &Path, shown: &Path, root: &Arc<Root>) -> Option<Arc<Project>> {
        let cached = self
            .found
            .lock()
            .ok()
            .and_then(|found| found.get(dir).cloned());
        if let Some(project) = cached {
            return project;
        }
        // Most folders hold none of the files asked for: one listing says
        // so, instead of a look-up per name.
        let listed = std::fs::read_dir(dir).ok().is_some_and(|entries| {
            entries.flatten().any(|e| {
                e.file_name()
                    .to_str()
                    .is_some_and(|n| config::MARKERS.contains(&n))
            })
        });
        let mut read = |file: &Path| -> Option<String> {
            if !listed {
                return None;
            }
            let real = root.check(file).ok()?;
            let mut bytes = Vec::new();
            contain::read_regular(&real, &mut bytes).ok()?;
            String::from_utf8(bytes).ok()
        };
        let project = config::detect(dir, &mut read).map(|config| {
            Arc::new(Project {
                dir: shown.to_path_buf(),
                abs: dir.to_path_buf(),
                config,
                root: root.clone(),
            })
        });
        // Two workers may have looked at one folder at once: the first
        // answer stands, so that a project is one value for the whole run.
        match self.found.lock() {
            Ok(mut found) => found.entry(dir.to_path_buf()).or_insert(project).clone(),
            Err(_) => project,
        }
    }
}

/// The folder above `shown` in the same form: `docs/ch` → `docs`,
/// `docs` → ``, `` → `..`, `..` → `../..`.
fn up(shown: &Path) -> PathBuf {
    let ends_up = shown.components().next_back().is_none_or(|c| {
        matches!(
            c,
            std::path::Component::ParentDir | std::path::Component::CurDir
        )
    });
    if ends_up {
        let base = if shown == Path::new(".") {
            Path::new("")
        } else {
            shown
        };
        base.join("..")
    } else {
        shown.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folders_above() {
        assert_eq!(up(Path::new("docs/ch")), Path::new("docs"));
        assert_eq!(up(Path::new("docs")), Path::new(""));
        assert_eq!(up(Path::new("")), Path::new(".."));
        assert_eq!(up(Path::new(".")), Path::new(".."));
        assert_eq!(up(Path::new("..")), Path::new("../.."));
    }

    /// A Sphinx project at `/p` whose conf.py is `conf`.
    fn sphinx_project(conf: &str) -> Project {
        let dir = Path::new("/p");
        let config = config::detect(dir, &mut |path| {
            (path == dir.join("conf.py")).then(|| conf.to_owned())
        });
        Project {
            dir: PathBuf::from("p"),
            abs: dir.to_path_buf(),
            config: config.expect("a Sphinx project"),
            root: Arc::new(Root::at(Path::new("/"))),
        }
    }

    #[test]
    fn a_sphinx_project_holds_the_documents_sphinx_builds() {
        let p = sphinx_project(
            "exclude_patterns = ['_build', 'fragments/*.rst']\nsource_suffix = ['.rst', '.md']\n",
        );
        let holds = |rel: &str| p.holds(&Path::new("/p").join(rel));
        assert!(holds("index.rst"));
        assert!(holds("guide/intro.md"));
        assert!(holds("fragments/deep/a.rst"));
        assert!(!holds("_build/html/index.rst"));
        assert!(!holds("fragments/a.rst"));
        assert!(!holds("notes.txt"));
        assert!(!p.holds(Path::new("/elsewhere/index.rst")));
        assert!(!p.holds(Path::new("/p")));
        // Without a conf.py that says otherwise, every .rst file.
        let p = sphinx_project("project = 'x'\n");
        assert!(p.holds(Path::new("/p/_build/x.rst")));
        assert!(!p.holds(Path::new("/p/README.md")));
    }

    #[test]
    fn an_excluded_file_is_in_no_project() {
        let base = std::env::temp_dir().join(format!("ibid-sphinx-of-{}", std::process::id()));
        let docs = base.join("docs");
        std::fs::create_dir_all(docs.join("drafts")).expect("a scratch folder");
        std::fs::write(docs.join("conf.py"), "exclude_patterns = ['drafts']\n").expect("conf.py");
        let projects = Projects::new(base.clone());
        let root = Arc::new(Root::at(&base));
        let found = projects.of(Path::new("docs/index.rst"), &root);
        assert_eq!(found.map(|p| p.dir.clone()), Some(PathBuf::from("docs")));
        assert!(projects.of(Path::new("docs/drafts/a.rst"), &root).is_none());
        assert!(projects.of(Path::new("docs/README.md"), &root).is_none());
        // Asked again (from the cache), the same answers.
        assert!(projects.of(Path::new("docs/index.rst"), &root).is_some());
        assert!(projects.of(Path::new("docs/drafts/b.rst"), &root).is_none());
        let _ = std::fs::remove_dir_all(&base);
    }
}
