//! Directory walking against real file-system oddities, built in a scratch
//! folder at test time (a symlink loop cannot live in the repository).

use std::path::{Path, PathBuf};
use std::process::Command;

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn ibid(args: &[&str], cwd: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ibid"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .expect("ibid runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Walks do not follow symbolic links to folders (DESIGN.md section 4), so
/// a loop is never entered: the run ends, checks the real file once and
/// fails nothing. (Walks used to follow links and report the loop.)
#[cfg(unix)]
#[test]
fn symlink_loop_is_not_followed() {
    let dir = scratch("symlink-loop");
    std::fs::create_dir_all(dir.join("docs/sub")).expect("folders");
    std::fs::write(dir.join("docs/sub/a.txt"), "Text.[1]\n\n[1] Note.\n").expect("file");
    std::os::unix::fs::symlink("..", dir.join("docs/sub/up")).expect("symlink");
    let (code, stdout, stderr) = ibid(&["check", "docs"], &dir);
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert!(stdout.contains("1 file checked"), "{stdout}");
}

#[test]
fn gitignored_and_unknown_files_are_skipped_when_walking() {
    let dir = scratch("ignored");
    std::fs::create_dir_all(dir.join("docs/build")).expect("folders");
    // `ignore` honours .gitignore inside a git work tree.
    std::fs::create_dir_all(dir.join(".git")).expect(".git");
    std::fs::write(dir.join(".gitignore"), "build/\n").expect(".gitignore");
    std::fs::write(dir.join("docs/build/broken.txt"), "Text.[9]\n").expect("file");
    std::fs::write(dir.join("docs/image.png"), [0x89, b'P', b'N', b'G', 0]).expect("file");
    std::fs::write(dir.join("docs/ok.txt"), "Text.[1]\n\n[1] Note.\n").expect("file");
    let (code, stdout, stderr) = ibid(&["check", "--format", "json", "docs"], &dir);
    assert_eq!(code, 0, "stdout: {stdout}\nstderr: {stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(json["files"].as_array().map(Vec::len), Some(1));
    assert_eq!(json["files"][0]["path"], "docs/ok.txt");
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_reported_and_the_rest_checked() {
    use std::os::unix::fs::PermissionsExt;
    let dir = scratch("unreadable");
    std::fs::write(dir.join("secret.txt"), "Text.[1]\n").expect("file");
    std::fs::write(dir.join("open.txt"), "Text.[1]\n").expect("file");
    let secret = dir.join("secret.txt");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&secret).is_ok() {
        // Running as root: permissions are not enforced, nothing to test.
        return;
    }
    let (code, stdout, stderr) = ibid(&["check", "secret.txt", "open.txt"], &dir);
    assert_eq!(code, 2);
    assert!(stderr.contains("secret.txt: permission denied"), "{stderr}");
    assert!(
        stdout.contains("note marker [1] has no matching note"),
        "{stdout}"
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlink_is_a_failure_and_the_rest_is_checked() {
    let dir = scratch("dangling");
    std::fs::create_dir_all(dir.join("docs")).expect("folder");
    std::os::unix::fs::symlink("nowhere.txt", dir.join("docs/dangling.txt")).expect("symlink");
    std::fs::write(dir.join("docs/a.txt"), "Text.[2]\n\n[1] Note.\n").expect("file");
    let (code, stdout, stderr) = ibid(&["check", "docs"], &dir);
    assert_eq!(code, 2, "{stdout}{stderr}");
    assert_eq!(
        stderr.trim(),
        "ibid: docs/dangling.txt: no such file or directory"
    );
    assert!(
        stdout.contains("note marker [2] has no matching note"),
        "{stdout}"
    );
    assert!(stdout.contains("1 file checked: 2 errors"), "{stdout}");
}
