//! Containment (DESIGN.md section 4): includes and bibliographies are read
//! only inside the project root, and only when they are regular files.
//!
//! A document in a pull request names the files it wants read; a hostile
//! one names `/home/runner/.config/gh/hosts.yml`, `../../secrets`, a
//! symbolic link out of the tree, `/dev/zero` or a FIFO. Each of those is
//! refused here, before anything is opened, and the refusal names the
//! path as written: the file's contents are never read, so never printed.

use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// The folder nothing is read outside of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Root {
    /// As the file system resolves it (symbolic links followed).
    canonical: PathBuf,
    /// As reached from the current directory, without resolving links.
    lexical: PathBuf,
}

/// Why a named file is not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// It does not exist (inside the root): a `missing-file` finding.
    Missing,
    /// It resolves outside the root: absolute, `..`, or a symbolic link.
    Outside,
    /// It exists but is not a regular file (a folder, FIFO, device).
    NotRegular,
    /// It could not be looked at (permission denied …).
    Io(String),
}

impl Refusal {
    /// Why, as a failure message names it (the path goes before).
    pub fn message(&self) -> String {
        match self {
            Self::Missing => "no such file or directory".to_owned(),
            Self::Outside => "resolves outside the project root; not read".to_owned(),
            Self::NotRegular => "not a regular file; not read".to_owned(),
            Self::Io(message) => message.clone(),
        }
    }
}

impl Root {
    /// The root for a checked path: the nearest ancestor holding `.git`
    /// or `config_dir` (the folder of the `ibid.toml` in use), else the
    /// current directory, or the path's own folder when it lies outside
    /// the current directory.
    pub fn for_path(path: &Path, cwd: &Path, config_dir: Option<&Path>) -> Self {
        let abs = lexical(&cwd.join(path));
        let start = if abs.is_dir() {
            abs.clone()
        } else {
            abs.parent().map_or_else(|| abs.clone(), Path::to_path_buf)
        };
        let config_dir = config_dir.map(|d| lexical(&cwd.join(d)));
        let found = start
            .ancestors()
            .find(|dir| dir.join(".git").exists() || config_dir.as_deref() == Some(*dir));
        let lexical_root = match found {
            Some(dir) => dir.to_path_buf(),
            None if start.starts_with(cwd) => cwd.to_path_buf(),
            None => start,
        };
        Self::at(&lexical_root)
    }

    /// A root at `dir` (absolute).
    pub fn at(dir: &Path) -> Self {
        Self {
            canonical: std::fs::canonicalize(dir).unwrap_or_else(|_| dir.to_path_buf()),
            lexical: dir.to_path_buf(),
        }
    }

    /// Whether an absolute, lexically normal path lies inside the root.
    pub fn holds(&self, abs: &Path) -> bool {
        abs.starts_with(&self.lexical) || abs.starts_with(&self.canonical)
    }

    /// The file `written` names, relative to `base` (a folder, as reached
    /// from `cwd`): its canonical path when it is a regular file inside
    /// the root.
    pub fn resolve(&self, cwd: &Path, base: &Path, written: &str) -> Result<PathBuf, Refusal> {
        let named = Path::new(written);
        if named.is_absolute() || named.has_root() {
            return Err(Refusal::Outside);
        }
        let abs = lexical(&cwd.join(base).join(named));
        if !self.holds(&abs) {
            return Err(Refusal::Outside);
        }
        self.check(&abs)
    }

    /// A path found inside the root (a walked file, a project's config):
    /// its canonical path when it is a regular file that resolves inside.
    pub fn check(&self, abs: &Path) -> Result<PathBuf, Refusal> {
        let real = match std::fs::canonicalize(abs) {
            Ok(real) => real,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(Refusal::Missing),
            Err(e) => return Err(Refusal::Io(crate::source::io_message(&e))),
        };
        if !real.starts_with(&self.canonical) {
            return Err(Refusal::Outside);
        }
        match std::fs::metadata(&real) {
            Ok(meta) if meta.is_file() => Ok(real),
            Ok(_) => Err(Refusal::NotRegular),
            Err(e) => Err(Refusal::Io(crate::source::io_message(&e))),
        }
    }
}

/// How `path` is reached from `from` (both absolute and lexically
/// normal): `chapters/one.tex`, `../main.tex`; `path` itself when they
/// share no ancestor but the file system's root.
pub fn relative(path: &Path, from: &Path) -> PathBuf {
    let common = path
        .components()
        .zip(from.components())
        .take_while(|(a, b)| a == b)
        .count();
    if common <= 1 {
        return path.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in from.components().skip(common) {
        out.push("..");
    }
    out.extend(path.components().skip(common));
    out
}

/// `path` with `.` dropped and `..` taken back, without asking the file
/// system (a `..` above the root stays at the root).
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// Read a file that must be a regular file: opened without blocking (a
/// FIFO put in its place after it was checked does not hang the run) and
/// refused unless the open file is regular.
pub fn read_regular(path: &Path, into: &mut Vec<u8>) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(std::io::Error::other("not a regular file; not read"));
    }
    // Through `Take`: `File::read_to_end` would ask the file's size again.
    file.take(u64::MAX).read_to_end(into).map(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir()
            .join(format!("ibid-contain-{}", std::process::id()))
            .join(name);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("repo/docs")).unwrap();
        std::fs::create_dir_all(dir.join("repo/.git")).unwrap();
        std::fs::write(dir.join("secret.txt"), "token").unwrap();
        std::fs::write(dir.join("repo/docs/refs.bib"), "@book{a,}").unwrap();
        dir
    }

    #[test]
    fn lexical_paths() {
        assert_eq!(lexical(Path::new("/a/./b/../c")), Path::new("/a/c"));
        assert_eq!(lexical(Path::new("a/../../b")), Path::new("../b"));
    }

    #[test]
    fn relative_paths() {
        let from = Path::new("/repo/thesis/chapters");
        assert_eq!(
            relative(Path::new("/repo/thesis/main.tex"), from),
            Path::new("../main.tex")
        );
        assert_eq!(
            relative(Path::new("/repo/thesis/chapters/one.tex"), from),
            Path::new("one.tex")
        );
        assert_eq!(
            relative(Path::new("/other/x.tex"), from),
            Path::new("/other/x.tex")
        );
    }

    #[test]
    fn the_root_is_the_nearest_git_folder() {
        let dir = scratch("root");
        let root = Root::for_path(Path::new("repo/docs/a.md"), &dir, None);
        assert_eq!(root, Root::at(&dir.join("repo")));
        let inner = Root::for_path(
            Path::new("repo/docs/a.md"),
            &dir,
            Some(Path::new("repo/docs")),
        );
        assert_eq!(inner, Root::at(&dir.join("repo/docs")));
    }

    #[test]
    fn refuses_what_lies_outside() {
        let dir = scratch("outside");
        let root = Root::at(&dir.join("repo"));
        let docs = Path::new("repo/docs");
        assert!(root.resolve(&dir, docs, "refs.bib").is_ok());
        assert_eq!(root.resolve(&dir, docs, "nope.bib"), Err(Refusal::Missing));
        assert_eq!(
            root.resolve(&dir, docs, "../../secret.txt"),
            Err(Refusal::Outside)
        );
        let absolute = dir.join("secret.txt");
        assert_eq!(
            root.resolve(&dir, docs, &absolute.to_string_lossy()),
            Err(Refusal::Outside)
        );
        assert_eq!(root.resolve(&dir, docs, "/dev/zero"), Err(Refusal::Outside));
        assert_eq!(root.resolve(&dir, docs, "."), Err(Refusal::NotRegular));
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&absolute, dir.join("repo/docs/link.bib")).unwrap();
            assert_eq!(root.resolve(&dir, docs, "link.bib"), Err(Refusal::Outside));
            std::os::unix::fs::symlink("/dev/zero", dir.join("repo/docs/zero.bib")).unwrap();
            assert_eq!(root.resolve(&dir, docs, "zero.bib"), Err(Refusal::Outside));
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_is_refused_without_blocking() {
        let dir = scratch("fifo");
        let fifo = dir.join("repo/docs/pipe.bib");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if !made.is_ok_and(|s| s.success()) {
            panic!("mkfifo is needed for this test");
        }
        let root = Root::at(&dir.join("repo"));
        assert_eq!(
            root.resolve(&dir, Path::new("repo/docs"), "pipe.bib"),
            Err(Refusal::NotRegular)
        );
        let mut buffer = Vec::new();
        assert!(read_regular(&fifo, &mut buffer).is_err());
    }
}
