//! One scratch copy per book, reused by every case: a mutation's patch is
//! applied to it, the case runs, and the files the patch touched are put
//! back byte for byte (the rest of a run is `support/conformance_run.rs`).

use std::path::Path;

use super::shift::Shift;
use crate::conformance_run::patch_p1;

/// Runs `case` on `dir` patched with `patch` (`patch -p1`, as the corpus
/// README says), then restores the files `shift` says the patch touches.
/// A patch that does not apply is an error (and `dir` is restored); a
/// copy that cannot be restored panics, since every later case would
/// read it.
pub fn patched<T>(
    dir: &Path,
    patch: &Path,
    shift: &Shift,
    case: impl FnOnce(&Path) -> T,
) -> Result<T, String> {
    let saved: Vec<(String, Option<Vec<u8>>)> = shift
        .files()
        .map(|f| (f.to_owned(), std::fs::read(dir.join(f)).ok()))
        .collect();
    let outcome = patch_p1(dir, patch)
        .map_err(|e| {
            format!(
                "{} does not apply in {} (patch -p1): {e}",
                patch.display(),
                dir.display()
            )
        })
        .map(|()| case(dir));
    for (file, bytes) in saved {
        let path = dir.join(&file);
        let restored = match bytes {
            Some(bytes) => std::fs::write(&path, bytes),
            None => std::fs::remove_file(&path).or_else(|e| {
                if e.kind() == std::io::ErrorKind::NotFound {
                    Ok(())
                } else {
                    Err(e)
                }
            }),
        };
        restored.unwrap_or_else(|e| panic!("restoring {}: {e}", path.display()));
        for leftover in ["rej", "orig"] {
            let _ = std::fs::remove_file(dir.join(format!("{file}.{leftover}")));
        }
    }
    outcome
}
