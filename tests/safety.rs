//! Running on untrusted input and in pipelines: the report never replaces
//! a document, files are replaced whole or not at all, and a reader that
//! stops early ends the run quietly. Each test builds its own scratch
//! folder.

#[path = "support/cli.rs"]
mod cli;

use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use cli::{ibid, ibid_with, Input, Run, FORMATS};

fn scratch(name: &str) -> PathBuf {
    cli::scratch("safety", name)
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
        let Run {
            code,
            stdout,
            stderr,
        } = ibid(&dir, args);
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
    let Run { code, stderr, .. } = ibid(&dir, &["check", ".", "-o", "docs/report.json"]);
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
    let Run { code, stderr, .. } = ibid(&dir, &["check", "a.txt", "--write-baseline", "base.json"]);
    assert_eq!(code, 0, "{stderr}");
    let old = std::fs::read_to_string(dir.join("base.json")).unwrap();
    assert!(old.contains("unresolved"));
    // The run dies between writing the new baseline and putting it in
    // place (a hook stands for the kill): the old one is whole, no
    // temporary file is left, and the other messages are still printed.
    std::fs::write(dir.join("a.txt"), "Clean now.\n").expect("doc");
    let Run { code, stderr, .. } = ibid_with(
        &dir,
        &["check", "a.txt", "bad.txt", "--write-baseline", "base.json"],
        &Input {
            env: &[("IBID_TEST_FAIL_BEFORE_RENAME", "1")],
            ..Input::default()
        },
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
    let Run { code, stderr, .. } = ibid_with(
        &dir,
        &["check", "a.txt", "--format", "json", "-o", "report.json"],
        &Input {
            env: &[("IBID_TEST_FAIL_BEFORE_RENAME", "1")],
            ..Input::default()
        },
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

/// No raw control character (but tab and line ends) and no C1 control in
/// `out`, and no line that begins a workflow command other than ibid's own
/// annotations in `--format github`.
fn assert_clean(out: &str, format: &str, context: &str) {
    for c in out.chars() {
        assert!(
            !c.is_control() || matches!(c, '\t' | '\n' | '\r'),
            "{context} ({format}): raw {c:?} in:\n{out}"
        );
    }
    for line in out.lines() {
        let own = format == "github"
            && ["::error ", "::warning ", "::notice "]
                .iter()
                .any(|p| line.starts_with(p));
        assert!(
            own || !line.trim_start().starts_with("::"),
            "{context} ({format}): a line begins a workflow command: {line:?}"
        );
    }
}

/// Hostile file names, labels and suppression comments reach no terminal
/// or CI log raw, in any format, on stdout or stderr.
#[cfg(unix)]
#[test]
fn hostile_names_and_text_are_escaped_everywhere() {
    use std::os::unix::ffi::OsStrExt;
    let dir = scratch("hostile");
    let name = |b: &[u8]| dir.join(std::ffi::OsStr::from_bytes(b));
    // Undecodable, so that its name goes to stderr as a failure.
    std::fs::write(
        name(b"c\n::add-mask::x\n::error::INJECTED\n.md"),
        b"bad \xff bytes",
    )
    .expect("file");
    std::fs::write(name(b"esc\x1b[2J\x1b]0;title\x07.md"), "Text[^gone].\n").expect("file");
    std::fs::write(name(b"::error::lead.txt"), "Claim.[9]\n").expect("file");
    // Two names that differ only in bytes that are not UTF-8.
    std::fs::write(name(b"latin\xe9.txt"), "One.[1]\n").expect("file");
    std::fs::write(name(b"latin\xe8.txt"), "Two.[1]\n").expect("file");
    std::fs::write(
        dir.join("labels.md"),
        "A[^a\u{9b}31m] and [x][y\u{1b}]2J] and [z][\n::error::label].\n\
         <!-- ibid-ignore-next-line \u{1b}[2J\u{1b}]0;title\u{7} -->\nMore[^q].\n",
    )
    .expect("file");
    for format in FORMATS {
        let Run {
            code,
            stdout,
            stderr,
        } = ibid(&dir, &["check", "--format", format, "."]);
        assert_eq!(code, 2, "{format}: {stdout}{stderr}");
        assert_clean(&stdout, format, "stdout");
        assert_clean(&stderr, format, "stderr");
        assert!(
            stderr.contains("c\\n::add-mask::x\\n::error::INJECTED\\n.md"),
            "{stderr}"
        );
    }
    let Run { stdout, .. } = ibid(&dir, &["check", "--format", "json", "."]);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    let mut paths: Vec<&str> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter_map(|f| f["path"].as_str())
        .filter(|p| p.starts_with("latin"))
        .collect();
    paths.sort_unstable();
    assert_eq!(paths, ["latin\\xe8.txt", "latin\\xe9.txt"]);
}
