//! Writing a file so that it is either all old or all new: the report of
//! `-o FILE` and the baseline of `--write-baseline FILE` are written to a
//! temporary file in the same folder, given the old file's permissions, and
//! renamed over it. A run killed (or failing) half-way leaves the old file
//! as it was, never an empty or truncated one. `ibid fix` writes the files
//! it fixes the same way.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Write `bytes` to `path` atomically (see the module docs).
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("not a file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".ibid-{}.tmp", std::process::id()));
    let temp = dir.join(temp_name);
    let result = write_then_rename(path, &temp, bytes);
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

fn write_then_rename(path: &Path, temp: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(temp)?;
    // For the tests: a disk that fills up half-way through the write.
    if std::env::var_os("IBID_TEST_DISK_FULL").is_some() {
        file.write_all(&bytes[..bytes.len() / 2])?;
        return Err(std::io::Error::from_raw_os_error(28));
    }
    file.write_all(bytes)?;
    file.sync_all()?;
    if let Ok(old) = std::fs::metadata(path) {
        file.set_permissions(old.permissions())?;
    }
    drop(file);
    // For the tests: stop where a kill would hurt most.
    if std::env::var_os("IBID_TEST_FAIL_BEFORE_RENAME").is_some() {
        return Err(std::io::Error::other(
            "stopped before the rename (test hook)",
        ));
    }
    std::fs::rename(temp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_keeps_permissions() {
        let dir = std::env::temp_dir().join(format!("ibid-atomic-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("baseline.json");
        std::fs::write(&path, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        // No temporary file is left behind.
        let names: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name())
            .collect();
        assert_eq!(names, ["baseline.json"]);
    }
}
