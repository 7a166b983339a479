//! A generated corpus on disk, written once and reused: its folder is
//! named by a hash of what it holds, filled under a temporary name and
//! renamed when complete, and (for the LaTeX corpus and the repository) a
//! manifest in it lists what it holds, so that a later run can use it
//! without generating it again.

use std::io;
use std::path::{Path, PathBuf};

use super::{fingerprint, Doc};

/// `hash` with the fingerprint of one more document mixed in.
pub fn mix(hash: u64, doc: &Doc) -> u64 {
    let one = fingerprint(std::slice::from_ref(doc));
    (hash ^ one)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(23)
}

/// `hash` with a folder mixed in: its name, then its documents.
pub fn mix_folder<'a>(hash: u64, name: &str, docs: impl IntoIterator<Item = &'a Doc>) -> u64 {
    let name = Doc {
        path: name.to_owned(),
        text: String::new(),
    };
    docs.into_iter().fold(mix(hash, &name), mix)
}

/// `root/<hash>` and what `load` finds in it; or, when it finds nothing,
/// what `write` writes into a temporary folder, then renamed to that.
pub fn cached<T>(
    root: &Path,
    hash: u64,
    load: impl FnOnce(&Path) -> Option<T>,
    write: impl FnOnce(&Path) -> io::Result<T>,
) -> io::Result<(PathBuf, T)> {
    let dir = root.join(format!("{hash:016x}"));
    if let Some(found) = load(&dir) {
        return Ok((dir, found));
    }
    let tmp = root.join(format!("{hash:016x}.tmp{}", std::process::id()));
    if tmp.exists() {
        std::fs::remove_dir_all(&tmp)?;
    }
    let written = write(&tmp)?;
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::rename(&tmp, &dir)?;
    Ok((dir, written))
}

/// Write `bytes` to `dir/path`, making its folders; return their number.
pub fn put(dir: &Path, path: &str, bytes: &[u8]) -> io::Result<u64> {
    let path = dir.join(path);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, bytes)?;
    Ok(bytes.len() as u64)
}

/// Write each of `docs` to `dir/at(path)`, and list that path with its
/// size in `list`.
pub fn put_docs(
    dir: &Path,
    docs: &[Doc],
    at: impl Fn(&str) -> String,
    list: &mut Vec<(String, u64)>,
) -> io::Result<()> {
    for d in docs {
        let path = at(&d.path);
        list.push((path.clone(), put(dir, &path, d.text.as_bytes())?));
    }
    Ok(())
}

/// A manifest line (or a file it names) that is not as it was written.
pub fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// The lines of the manifest at `path` after its first, which must be
/// `header` (the format and its version).
pub fn read_manifest(path: &Path, header: &str) -> io::Result<Vec<String>> {
    let text = std::fs::read_to_string(path)?;
    let mut lines = text.lines();
    if lines.next() != Some(header) {
        return Err(invalid("manifest version"));
    }
    Ok(lines.map(str::to_owned).collect())
}

/// A manifest line `KIND SIZE PATH` for each file.
pub fn list_files(out: &mut String, kind: &str, files: &[(String, u64)]) {
    for (path, size) in files {
        out.push_str(&format!("{kind} {size} {path}\n"));
    }
}

/// The file `dir/path` that a manifest lists is there, with its size.
pub fn check_size(dir: &Path, path: &str, size: u64) -> io::Result<()> {
    if std::fs::metadata(dir.join(path))?.len() != size {
        return Err(invalid(path));
    }
    Ok(())
}
