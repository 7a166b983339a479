//! How a mutation's patch is applied to a scratch copy (the rest of a run
//! is `support/conformance_run.rs`): `git apply`, else `patch`.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::conformance_run::{patch_p1, tool_outcome};

/// Applies a `-p1` unified diff inside `dir`: `git apply` (which works
/// outside a repository; `GIT_CEILING_DIRECTORIES` keeps it from finding
/// one above the scratch folder), else `patch`. Returns the tool that did.
pub fn apply_patch(dir: &Path, patch: &Path) -> Result<&'static str, String> {
    let git = git_apply(dir, patch);
    if git.is_ok() {
        return Ok("git apply");
    }
    let fallback = patch_p1(dir, patch);
    match (git, fallback) {
        (_, Ok(())) => Ok("patch"),
        (Err(g), Err(p)) => Err(format!(
            "{} does not apply in {}:\n  git apply -p1: {g}\n  patch -p1: {p}",
            patch.display(),
            dir.display()
        )),
        (Ok(()), _) => unreachable!("handled above"),
    }
}

pub fn git_apply(dir: &Path, patch: &Path) -> Result<(), String> {
    let ceiling = dir.parent().unwrap_or(dir);
    let out = Command::new("git")
        .args(["apply", "-p1", "--whitespace=nowarn"])
        .arg(patch)
        .current_dir(dir)
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .stdin(Stdio::null())
        .output();
    tool_outcome(out)
}
