//! How a mutation's patch is applied to a scratch copy (the rest of a run
//! is `support/conformance_run.rs`).

use std::path::Path;

use crate::conformance_run::patch_p1;

/// `patch -p1` of `patch` inside `dir`, as the corpus README says.
pub fn apply_patch(dir: &Path, patch: &Path) -> Result<(), String> {
    patch_p1(dir, patch).map_err(|e| {
        format!(
            "{} does not apply in {} (patch -p1): {e}",
            patch.display(),
            dir.display()
        )
    })
}
