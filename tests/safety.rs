//! Running on untrusted input and in pipelines: the report never replaces
//! a document, files are replaced whole or not at all, and a reader that
//! stops early ends the run quietly. Each test builds its own scratch
//! folder.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("safety")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join(".git")).expect("scratch folder");
    dir
}

fn ibid(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ibid"))
        .args(args)
        .envs(env.iter().copied())
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("ibid runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

const DOC: &str = "A claim.[1] Another.[2]\n\n[1] A source.\n";

#[test]
fn the_report_never_replaces_an_input() {
    let dir = scratch("output-onto-input");
    std::fs::create_dir_all(dir.join("docs")).expect("folder");
    std::fs::write(dir.join("docs/a.md"), DOC).expect("doc");
    std::fs::write(dir.join("notes.txt"), DOC).expect("doc");
    for (args, named) in [
        (&["check", "notes.txt", "-o", "notes.txt"][..], "notes.txt"),
        (
            &["check", "notes.txt", "-o", "./notes.txt"][..],
            "notes.txt",
        ),
        (&["check", "docs", "-o", "docs/a.md"][..], "docs/a.md"),
        (&["check", ".", "-o", "docs/new.md"][..], "docs/new.md"),
    ] {
        let (code, stdout, stderr) = ibid(&dir, args, &[]);
        assert_eq!(code, 2, "{args:?}: {stdout}{stderr}");
        assert!(
            stderr.contains(named) && stderr.contains("would check"),
            "{stderr}"
        );
    }
    assert_eq!(std::fs::read_to_string(dir.join("notes.txt")).unwrap(), DOC);
    assert_eq!(std::fs::read_to_string(dir.join("docs/a.md")).unwrap(), DOC);
    assert!(!dir.join("docs/new.md").exists());
    // A report file no walk reads is fine, beside the documents or not.
    let (code, _, stderr) = ibid(&dir, &["check", ".", "-o", "docs/report.json"], &[]);
    assert_eq!(code, 1, "{stderr}");
    assert!(std::fs::read_to_string(dir.join("docs/report.json"))
        .unwrap()
        .contains("has no matching note"));
}

#[test]
fn a_baseline_write_stopped_half_way_keeps_the_old_baseline() {
    let dir = scratch("baseline-stopped");
    std::fs::write(dir.join("a.txt"), DOC).expect("doc");
    std::fs::write(dir.join("bad.txt"), b"not \xff\xfd text").expect("doc");
    let (code, _, stderr) = ibid(
        &dir,
        &["check", "a.txt", "--write-baseline", "base.json"],
        &[],
    );
    assert_eq!(code, 0, "{stderr}");
    let old = std::fs::read_to_string(dir.join("base.json")).unwrap();
    assert!(old.contains("unresolved"));
    // The run dies between writing the new baseline and putting it in
    // place (a hook stands for the kill): the old one is whole, no
    // temporary file is left, and the other messages are still printed.
    std::fs::write(dir.join("a.txt"), "Clean now.\n").expect("doc");
    let (code, _, stderr) = ibid(
        &dir,
        &["check", "a.txt", "bad.txt", "--write-baseline", "base.json"],
        &[("IBID_TEST_FAIL_BEFORE_RENAME", "1")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("cannot write base.json"), "{stderr}");
    assert!(stderr.contains("bad.txt: not valid UTF-8"), "{stderr}");
    assert_eq!(std::fs::read_to_string(dir.join("base.json")).unwrap(), old);
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    // The same for `-o`.
    std::fs::write(dir.join("report.json"), "old report").expect("file");
    let (code, _, stderr) = ibid(
        &dir,
        &["check", "a.txt", "--format", "json", "-o", "report.json"],
        &[("IBID_TEST_FAIL_BEFORE_RENAME", "1")],
    );
    assert_eq!(code, 2, "{stderr}");
    assert_eq!(
        std::fs::read_to_string(dir.join("report.json")).unwrap(),
        "old report"
    );
}

/// `ibid check BIG | head -1`: the reader goes away after one line; ibid
/// ends quietly, with status 0, as ripgrep does.
#[test]
fn a_reader_that_stops_early_ends_the_run_quietly() {
    let dir = scratch("broken-pipe");
    let markers: String = (0..20_000)
        .map(|n| format!("Claim {n}.[{}]\n", n % 9000 + 1))
        .collect();
    std::fs::write(dir.join("big.txt"), markers).expect("doc");
    let mut child = Command::new(env!("CARGO_BIN_EXE_ibid"))
        .args(["check", "--format", "concise", "big.txt"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ibid runs");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 64];
    let n = stdout.read(&mut first).expect("a first line");
    assert!(n > 0);
    drop(stdout);
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("stderr");
    let status = child.wait().expect("ibid ends");
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}
