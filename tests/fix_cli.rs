//! `ibid fix` end to end (DESIGN.md section 11) on scratch copies of the
//! pairs in `tests/fix/`: the bytes it writes (CRLF and byte-order mark
//! kept), `--check` and `--diff` (which change nothing; the diff applies
//! with `patch -p0` to give what `fix` writes), scopes left alone, files
//! that cannot be written or read (exit 2, the others still fixed),
//! permissions kept, no temporary file left behind, directories walked,
//! and the options shared with `ibid check`.
//!
//! Assertions are on exit codes, file bytes and a few words of the output
//! (the path, "left"), not on its wording. Each test works in its own
//! folder under the test target's temporary folder; `patch` must be
//! installed (a missing one fails the diff test, it is not skipped).

#![cfg(unix)]

#[path = "support/cli.rs"]
mod cli;

use std::collections::BTreeSet;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::process::Command;

use cli::{ibid, ibid_with, scratch, Run};

/// Inputs that `fix` repairs with no option, and the file with the
/// result (all in `tests/fix/`).
const FIXABLE: &[(&str, &str)] = &[
    ("article-deleted-note.txt", "article-deleted-note.fixed.txt"),
    ("article-deleted-note.md", "article-deleted-note.fixed.md"),
    ("book-chapters.txt", "book-chapters.fixed.txt"),
    ("book-continued.txt", "book-continued.fixed.txt"),
    ("law-review.md", "law-review.fixed.md"),
    ("crlf-bom.txt", "crlf-bom.fixed.txt"),
    ("groups-ranges.txt", "groups-ranges.fixed.txt"),
    ("duplicate-identical.md", "duplicate-identical.fixed.md"),
    ("unsafe.md", "unsafe.fixed.md"),
];

/// Every [`FIXABLE`] pair with no option, and `unsafe.md` again under
/// `--unsafe`: (input, expected result, options).
fn cases() -> Vec<(&'static str, &'static str, Vec<&'static str>)> {
    let mut cases: Vec<_> = FIXABLE.iter().map(|&(i, o)| (i, o, vec![])).collect();
    cases.push(("unsafe.md", "unsafe.unsafe-fixed.md", vec!["--unsafe"]));
    cases
}

/// Inputs with a scope that needs a human decision.
const LEFT_ALONE: &[&str] = &[
    "law-review-ambiguous.txt",
    "duplicate-different.md",
    "unresolved.txt",
];

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fix")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A scratch project `fix_cli/<name>` (it has `.git`, so no `ibid.toml`
/// above it is read).
fn project(name: &str) -> PathBuf {
    scratch("fix_cli", name)
}

/// Copies fixture `name` to `dir/to`.
fn put(dir: &Path, name: &str, to: &str) {
    cli::write_bytes(dir, to, &fixture(name));
}

fn bytes(dir: &Path, name: &str) -> Vec<u8> {
    std::fs::read(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Every file and folder under `dir`, relative to it (`.git` included:
/// nothing may appear or vanish anywhere).
fn listing(dir: &Path) -> BTreeSet<String> {
    fn walk(root: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("read a scratch folder") {
            let path = entry.expect("entry").path();
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .into_owned();
            out.insert(rel);
            if path.is_dir() {
                walk(root, &path, out);
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o7777
}

fn chmod(path: &Path, mode: u32) {
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// What a run said, for failure messages.
fn said(run: &Run) -> String {
    format!(
        "exit {}\nstdout:\n{}\nstderr:\n{}",
        run.code, run.stdout, run.stderr
    )
}

/// Whether some stdout line starts with `path:`.
fn has_line_for(run: &Run, path: &str) -> bool {
    run.stdout
        .lines()
        .any(|l| l.starts_with(&format!("{path}:")))
}

/// Whether some stdout line starts with `path:` and says "left" (left
/// alone, left untouched), in any case.
fn left_line_for(run: &Run, path: &str) -> bool {
    run.stdout
        .lines()
        .any(|l| l.starts_with(&format!("{path}:")) && l.to_lowercase().contains("left"))
}

/// Collects failures so that one test reports every fixture at once.
#[derive(Default)]
struct Failures(Vec<String>);

impl Failures {
    fn check(&mut self, ok: bool, what: impl FnOnce() -> String) {
        if !ok {
            self.0.push(what());
        }
    }

    fn finish(self) {
        assert!(
            self.0.is_empty(),
            "{} failures:\n\n{}",
            self.0.len(),
            self.0.join("\n\n")
        );
    }
}

#[test]
fn fix_writes_the_expected_bytes_and_a_second_run_changes_nothing() {
    let mut failures = Failures::default();
    for (input, expected, options) in cases() {
        let dir = project(&format!("write-{input}{}", options.join("")));
        put(&dir, input, input);
        let before = listing(&dir);
        let inode = std::fs::metadata(dir.join(input)).expect("inode").ino();
        let mut args = vec!["fix"];
        args.extend(&options);
        args.push(input);
        let run = ibid(&dir, &args);
        let what = format!("ibid {args:?}");
        failures.check(run.code == 0, || format!("{what}: {}", said(&run)));
        failures.check(bytes(&dir, input) == fixture(expected), || {
            format!(
                "{what}: the file is not {expected}:\n{}\n{}",
                String::from_utf8_lossy(&bytes(&dir, input)),
                said(&run)
            )
        });
        failures.check(has_line_for(&run, input), || {
            format!(
                "{what}: no stdout line starting with `{input}:`\n{}",
                said(&run)
            )
        });
        failures.check(listing(&dir) == before, || {
            format!(
                "{what}: files left behind or gone: {:?} → {:?}",
                before,
                listing(&dir)
            )
        });
        // Written to a temporary file and renamed over the original.
        let after = std::fs::metadata(dir.join(input)).expect("inode").ino();
        failures.check(after != inode, || {
            format!("{what}: the file was written in place, not renamed over")
        });
        // Idempotent: a second run and a check find nothing to do.
        let again = ibid(&dir, &args);
        failures.check(again.code == 0, || {
            format!("{what}, run again: {}", said(&again))
        });
        failures.check(bytes(&dir, input) == fixture(expected), || {
            format!("{what}, run again: the file is not {expected}")
        });
        let mut check = vec!["fix", "--check"];
        check.extend(&options);
        check.push(input);
        let checked = ibid(&dir, &check);
        failures.check(checked.code == 0, || {
            format!("ibid {check:?} after the fix: {}", said(&checked))
        });
    }
    failures.finish();
}

#[test]
fn check_exits_1_exactly_when_a_fix_would_apply_and_changes_nothing() {
    let mut failures = Failures::default();
    for &(input, expected) in FIXABLE {
        let dir = project(&format!("check-{input}"));
        put(&dir, input, input);
        let before = listing(&dir);
        let run = ibid(&dir, &["fix", "--check", input]);
        failures.check(run.code == 1, || {
            format!("fix --check {input} (fixable): {}", said(&run))
        });
        failures.check(run.both().contains(input), || {
            format!(
                "fix --check {input}: the output does not name it\n{}",
                said(&run)
            )
        });
        failures.check(bytes(&dir, input) == fixture(input), || {
            format!("fix --check {input} changed the file")
        });
        failures.check(listing(&dir) == before, || {
            format!("fix --check {input} left files behind: {:?}", listing(&dir))
        });
        // The expected result needs no fix.
        let dir = project(&format!("check-fixed-{input}"));
        put(&dir, expected, input);
        let run = ibid(&dir, &["fix", "--check", input]);
        failures.check(run.code == 0, || {
            format!("fix --check on {expected} (already fixed): {}", said(&run))
        });
        failures.check(bytes(&dir, input) == fixture(expected), || {
            format!("fix --check on {expected} changed the file")
        });
    }
    // `--unsafe` has something to do where plain `fix` has not.
    let dir = project("check-unsafe");
    put(&dir, "unsafe.fixed.md", "unsafe.md");
    let run = ibid(&dir, &["fix", "--check", "unsafe.md"]);
    failures.check(run.code == 0, || {
        format!("fix --check on unsafe.fixed.md: {}", said(&run))
    });
    let run = ibid(&dir, &["fix", "--check", "--unsafe", "unsafe.md"]);
    failures.check(run.code == 1, || {
        format!("fix --check --unsafe on unsafe.fixed.md: {}", said(&run))
    });
    failures.check(
        bytes(&dir, "unsafe.md") == fixture("unsafe.fixed.md"),
        || "fix --check --unsafe changed the file".into(),
    );
    failures.finish();
}

#[test]
fn a_file_in_order_is_left_as_it_is_with_exit_0() {
    let dir = project("in-order");
    put(&dir, "in-order.txt", "in-order.txt");
    let before = listing(&dir);
    for args in [
        &["fix", "--check", "in-order.txt"][..],
        &["fix", "in-order.txt"],
        &["fix", "--unsafe", "in-order.txt"],
        &["fix", "--diff", "in-order.txt"],
    ] {
        let run = ibid(&dir, args);
        assert_eq!(run.code, 0, "ibid {args:?}: {}", said(&run));
        assert!(
            !run.stdout.contains("@@"),
            "ibid {args:?} printed a diff: {}",
            said(&run)
        );
        assert!(
            bytes(&dir, "in-order.txt") == fixture("in-order.txt"),
            "ibid {args:?} changed the file"
        );
        assert_eq!(listing(&dir), before, "ibid {args:?}");
    }
}

/// `patch` on PATH: CI machines have it; its absence is a failure.
fn patch_program() -> &'static str {
    let found = Command::new("patch")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        found,
        "`patch` is not installed: the --diff test needs it (install GNU patch)"
    );
    "patch"
}

/// Writes `diff` to the file `to` and applies it with `patch -p0` from
/// `dir`.
fn apply(patch: &str, to: &Path, diff: &str, dir: &Path) -> std::process::Output {
    std::fs::write(to, diff.as_bytes()).expect("write the diff");
    Command::new(patch)
        .args(["-p0", "--batch", "--forward", "-i"])
        .arg(to)
        .current_dir(dir)
        .output()
        .expect("run patch")
}

#[test]
fn diff_changes_nothing_and_applies_with_patch_p0() {
    let patch = patch_program();
    let mut failures = Failures::default();
    for (input, expected, options) in cases() {
        let tag = format!("{input}{}", options.join(""));
        let dir = project(&format!("diff-{tag}"));
        put(&dir, input, input);
        let before = listing(&dir);
        let mut args = vec!["fix", "--diff"];
        args.extend(&options);
        args.push(input);
        let run = ibid(&dir, &args);
        let what = format!("ibid {args:?}");
        failures.check(matches!(run.code, 0 | 1), || {
            format!("{what}: {}", said(&run))
        });
        failures.check(bytes(&dir, input) == fixture(input), || {
            format!("{what} changed the file")
        });
        failures.check(listing(&dir) == before, || {
            format!("{what} left files behind: {:?}", listing(&dir))
        });
        failures.check(run.stdout.contains("@@"), || {
            format!("{what}: no unified diff on stdout\n{}", said(&run))
        });
        // The diff, applied from the same folder, gives what `fix` writes.
        let patches = project(&format!("diff-{tag}-patch"));
        let applied = apply(patch, &patches.join("fix.diff"), &run.stdout, &dir);
        failures.check(applied.status.success(), || {
            format!(
                "patch -p0 < ({what}) failed: {}\n{}\n--- the diff ---\n{}",
                String::from_utf8_lossy(&applied.stdout),
                String::from_utf8_lossy(&applied.stderr),
                run.stdout
            )
        });
        failures.check(bytes(&dir, input) == fixture(expected), || {
            format!(
                "patch -p0 < ({what}) did not give {expected}:\n{}\n--- the diff ---\n{}",
                String::from_utf8_lossy(&bytes(&dir, input)),
                run.stdout
            )
        });
        failures.check(listing(&dir) == before, || {
            format!("patch left files behind (rejects?): {:?}", listing(&dir))
        });
        // And `fix` itself writes the same.
        let fixed = project(&format!("diff-{tag}-fix"));
        put(&fixed, input, input);
        let mut args = vec!["fix"];
        args.extend(&options);
        args.push(input);
        let run = ibid(&fixed, &args);
        failures.check(bytes(&fixed, input) == bytes(&dir, input), || {
            format!("ibid {args:?} and the patched file differ\n{}", said(&run))
        });
    }
    failures.finish();
}

#[test]
fn a_scope_left_alone_exits_1_names_the_file_and_keeps_its_bytes() {
    let mut failures = Failures::default();
    for &input in LEFT_ALONE {
        for mode in [&["fix"][..], &["fix", "--unsafe"], &["fix", "--diff"]] {
            let dir = project(&format!("left-{input}-{}", mode.join("")));
            put(&dir, input, input);
            let before = listing(&dir);
            let mut args = mode.to_vec();
            args.push(input);
            let run = ibid(&dir, &args);
            let what = format!("ibid {args:?}");
            // A scope left alone exits 1; what `--diff` exits with then is
            // not said (only that it is no failure to read or write).
            let diff = mode.contains(&"--diff");
            failures.check(run.code == 1 || (diff && run.code == 0), || {
                format!("{what}: {}", said(&run))
            });
            failures.check(bytes(&dir, input) == fixture(input), || {
                format!("{what} changed a file it must leave alone")
            });
            failures.check(listing(&dir) == before, || {
                format!("{what} left files behind: {:?}", listing(&dir))
            });
            if !diff {
                failures.check(left_line_for(&run, input), || {
                    format!(
                        "{what}: no stdout line starting with `{input}:` saying it was left alone\n{}",
                        said(&run)
                    )
                });
            }
        }
    }
    // A file left alone does not stop another from being fixed.
    let dir = project("left-and-fixed");
    put(&dir, "unresolved.txt", "unresolved.txt");
    put(&dir, "crlf-bom.txt", "crlf-bom.txt");
    let run = ibid(&dir, &["fix", "unresolved.txt", "crlf-bom.txt"]);
    failures.check(run.code == 1, || {
        format!("fix unresolved.txt crlf-bom.txt: {}", said(&run))
    });
    failures.check(
        bytes(&dir, "unresolved.txt") == fixture("unresolved.txt"),
        || "unresolved.txt changed".into(),
    );
    failures.check(
        bytes(&dir, "crlf-bom.txt") == fixture("crlf-bom.fixed.txt"),
        || {
            format!(
                "crlf-bom.txt not fixed beside a file left alone\n{}",
                said(&run)
            )
        },
    );
    failures.finish();
}

#[test]
fn a_read_only_file_is_not_written_and_the_others_are_fixed() {
    let dir = project("read-only");
    put(&dir, "groups-ranges.txt", "locked.txt");
    put(&dir, "crlf-bom.txt", "open.txt");
    chmod(&dir.join("locked.txt"), 0o444);
    let before = listing(&dir);
    let run = ibid(&dir, &["fix", "locked.txt", "open.txt"]);
    let locked = bytes(&dir, "locked.txt");
    let locked_mode = mode(&dir.join("locked.txt"));
    // Let the scratch folder be cleaned up whatever happens.
    chmod(&dir.join("locked.txt"), 0o644);
    assert_eq!(
        run.code,
        2,
        "a file whose owner may not write it (even as root): {}",
        said(&run)
    );
    assert!(
        run.both().contains("locked.txt"),
        "no message names locked.txt: {}",
        said(&run)
    );
    assert!(
        locked == fixture("groups-ranges.txt"),
        "the read-only file was changed"
    );
    assert_eq!(locked_mode, 0o444, "the read-only file's mode changed");
    assert!(
        bytes(&dir, "open.txt") == fixture("crlf-bom.fixed.txt"),
        "the writable file was not fixed: {}",
        said(&run)
    );
    assert_eq!(listing(&dir), before, "files left behind");
    // `--check` and `--diff` read it, and do not fail on it.
    chmod(&dir.join("locked.txt"), 0o444);
    let check = ibid(&dir, &["fix", "--check", "locked.txt"]);
    let diff = ibid(&dir, &["fix", "--diff", "locked.txt"]);
    chmod(&dir.join("locked.txt"), 0o644);
    assert_eq!(
        check.code,
        1,
        "fix --check on a read-only file: {}",
        said(&check)
    );
    assert!(
        diff.stdout.contains("@@") && diff.code != 2,
        "fix --diff on a read-only file: {}",
        said(&diff)
    );
}

#[test]
fn a_full_disk_leaves_the_file_whole() {
    let dir = project("disk-full");
    put(&dir, "groups-ranges.txt", "a.txt");
    let before = listing(&dir);
    // The test hook fails the write half-way with ENOSPC.
    let run = ibid_with(
        &dir,
        &["fix", "a.txt"],
        &cli::Input {
            stdin: None,
            env: &[("IBID_TEST_DISK_FULL", "1")],
        },
    );
    assert_eq!(run.code, 2, "{}", said(&run));
    assert!(
        run.stderr.contains("a.txt") && run.stderr.contains("no space left"),
        "the message names neither the file nor the cause: {}",
        said(&run)
    );
    assert!(
        bytes(&dir, "a.txt") == fixture("groups-ranges.txt"),
        "a.txt changed"
    );
    assert_eq!(listing(&dir), before, "a temporary file was left behind");
}

#[test]
fn a_file_changed_between_read_and_write_is_not_written() {
    let dir = project("changed");
    put(&dir, "groups-ranges.txt", "a.txt");
    // The test hook appends these bytes to the file after ibid read it,
    // as an editor saving at that moment would.
    let run = ibid_with(
        &dir,
        &["fix", "a.txt"],
        &cli::Input {
            stdin: None,
            env: &[("IBID_TEST_CHANGE_BEFORE_WRITE", "saved by an editor\n")],
        },
    );
    assert_eq!(run.code, 2, "{}", said(&run));
    assert!(
        run.stderr.contains("a.txt") && run.stderr.contains("changed"),
        "{}",
        said(&run)
    );
    let mut expected = fixture("groups-ranges.txt");
    expected.extend_from_slice(b"saved by an editor\n");
    assert!(
        bytes(&dir, "a.txt") == expected,
        "the editor's bytes were lost"
    );
}

#[test]
fn permissions_are_kept() {
    for wanted in [0o640, 0o750, 0o600] {
        let dir = project(&format!("mode-{wanted:o}"));
        put(&dir, "book-chapters.txt", "book.txt");
        chmod(&dir.join("book.txt"), wanted);
        let run = ibid(&dir, &["fix", "book.txt"]);
        assert_eq!(run.code, 0, "{}", said(&run));
        assert!(
            bytes(&dir, "book.txt") == fixture("book-chapters.fixed.txt"),
            "not fixed: {}",
            said(&run)
        );
        assert_eq!(
            mode(&dir.join("book.txt")),
            wanted,
            "mode {wanted:o} not kept"
        );
        assert_eq!(
            listing(&dir),
            BTreeSet::from([".git".to_owned(), "book.txt".to_owned()]),
            "files left behind"
        );
    }
}

#[test]
fn a_directory_is_walked() {
    let dir = project("walk");
    put(&dir, "book-chapters.txt", "docs/book.txt");
    put(&dir, "duplicate-identical.md", "docs/deep/notes.md");
    put(&dir, "in-order.txt", "docs/deep/clean.txt");
    put(&dir, "groups-ranges.txt", "elsewhere/other.txt");
    let run = ibid(&dir, &["fix", "docs"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "docs/book.txt") == fixture("book-chapters.fixed.txt"),
        "docs/book.txt not fixed: {}",
        said(&run)
    );
    assert!(
        bytes(&dir, "docs/deep/notes.md") == fixture("duplicate-identical.fixed.md"),
        "docs/deep/notes.md not fixed: {}",
        said(&run)
    );
    assert!(bytes(&dir, "docs/deep/clean.txt") == fixture("in-order.txt"));
    assert!(
        bytes(&dir, "elsewhere/other.txt") == fixture("groups-ranges.txt"),
        "a file outside the folder named was changed"
    );
    for path in ["docs/book.txt", "docs/deep/notes.md"] {
        assert!(
            has_line_for(&run, path),
            "no line for {path}: {}",
            said(&run)
        );
    }
}

#[test]
fn a_missing_path_exits_2_and_the_others_are_fixed() {
    let dir = project("missing");
    put(&dir, "book-chapters.txt", "book.txt");
    let run = ibid(&dir, &["fix", "no-such-file.txt", "book.txt"]);
    assert_eq!(run.code, 2, "{}", said(&run));
    assert!(
        run.both().contains("no-such-file.txt"),
        "no message names the missing path: {}",
        said(&run)
    );
    assert!(
        bytes(&dir, "book.txt") == fixture("book-chapters.fixed.txt"),
        "the other file was not fixed: {}",
        said(&run)
    );
    let run = ibid(&dir, &["fix", "--check", "no-such-file.txt"]);
    assert_eq!(run.code, 2, "fix --check on a missing path: {}", said(&run));
}

#[test]
fn an_undecodable_file_exits_2_and_the_others_are_fixed() {
    let dir = project("undecodable");
    let mut broken = fixture("groups-ranges.txt");
    broken.extend_from_slice(b"\n\xff\xfe not UTF-8\n");
    cli::write_bytes(&dir, "broken.txt", &broken);
    put(&dir, "book-chapters.txt", "book.txt");
    let run = ibid(&dir, &["fix", "broken.txt", "book.txt"]);
    assert_eq!(run.code, 2, "{}", said(&run));
    assert!(run.both().contains("broken.txt"), "{}", said(&run));
    assert!(
        bytes(&dir, "broken.txt") == broken,
        "the undecodable file changed"
    );
    assert!(
        bytes(&dir, "book.txt") == fixture("book-chapters.fixed.txt"),
        "{}",
        said(&run)
    );
}

#[test]
fn reference_lists_are_renumbered_only_when_the_config_says_so() {
    let setting = "[fix]\nreference-lists = true\n";
    // No config: a reference list is not touched.
    let dir = project("reflists-none");
    put(&dir, "reference-list.txt", "refs.txt");
    let run = ibid(&dir, &["fix", "refs.txt"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(bytes(&dir, "refs.txt") == fixture("reference-list.txt"));
    // ibid.toml turns it on…
    let dir = project("reflists-toml");
    put(&dir, "reference-list.txt", "refs.txt");
    cli::write(&dir, "ibid.toml", setting);
    let run = ibid(&dir, &["fix", "--check", "refs.txt"]);
    assert_eq!(run.code, 1, "fix --check with the setting: {}", said(&run));
    let run = ibid(&dir, &["fix", "refs.txt"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "refs.txt") == fixture("reference-list.reflists-fixed.txt"),
        "ibid.toml's [fix] reference-lists = true not applied: {}",
        said(&run)
    );
    // …`--no-config` ignores it…
    let dir = project("reflists-no-config");
    put(&dir, "reference-list.txt", "refs.txt");
    cli::write(&dir, "ibid.toml", setting);
    let run = ibid(&dir, &["fix", "--no-config", "refs.txt"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "refs.txt") == fixture("reference-list.txt"),
        "--no-config still read ibid.toml"
    );
    // …and `--config FILE` reads another.
    let dir = project("reflists-config");
    put(&dir, "reference-list.txt", "refs.txt");
    cli::write(&dir, "settings/fix.toml", setting);
    let run = ibid(&dir, &["fix", "--config", "settings/fix.toml", "refs.txt"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "refs.txt") == fixture("reference-list.reflists-fixed.txt"),
        "--config not read: {}",
        said(&run)
    );
}

#[test]
fn options_shared_with_check() {
    // --dialect: Markdown footnotes in a .txt file.
    let dir = project("opt-dialect");
    put(&dir, "duplicate-identical.md", "notes.txt");
    let run = ibid(&dir, &["fix", "--dialect", "markdown", "notes.txt"]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "notes.txt") == fixture("duplicate-identical.fixed.md"),
        "--dialect markdown: {}",
        said(&run)
    );
    // --flavor and -j are accepted.
    let dir = project("opt-flavor-jobs");
    put(&dir, "duplicate-identical.md", "a.md");
    put(&dir, "book-chapters.txt", "b.txt");
    let run = ibid(&dir, &["fix", "--flavor", "gfm", "-j", "2", "."]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(bytes(&dir, "a.md") == fixture("duplicate-identical.fixed.md"));
    assert!(bytes(&dir, "b.txt") == fixture("book-chapters.fixed.txt"));
    // --hidden: hidden folders are walked only when asked.
    let dir = project("opt-hidden");
    put(&dir, "book-chapters.txt", ".drafts/book.txt");
    let run = ibid(&dir, &["fix", "."]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, ".drafts/book.txt") == fixture("book-chapters.txt"),
        "a hidden folder was walked without --hidden"
    );
    let run = ibid(&dir, &["fix", "--hidden", "."]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, ".drafts/book.txt") == fixture("book-chapters.fixed.txt"),
        "--hidden: {}",
        said(&run)
    );
    // --no-ignore: ignored files are fixed only when asked.
    let dir = project("opt-no-ignore");
    put(&dir, "book-chapters.txt", "build/book.txt");
    cli::write(&dir, ".gitignore", "build/\n");
    let run = ibid(&dir, &["fix", "."]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "build/book.txt") == fixture("book-chapters.txt"),
        "an ignored file was fixed without --no-ignore"
    );
    let run = ibid(&dir, &["fix", "--no-ignore", "."]);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        bytes(&dir, "build/book.txt") == fixture("book-chapters.fixed.txt"),
        "--no-ignore: {}",
        said(&run)
    );
}

/// Runs `ibid args` from `dir` with `bytes` on its standard input.
fn piped(dir: &Path, args: &[&str], bytes: &[u8]) -> Run {
    ibid_with(
        dir,
        args,
        &cli::Input {
            stdin: Some(bytes),
            ..cli::Input::default()
        },
    )
}

/// `ibid fix -` with `--stdin-filename NAME` (its dialect by NAME's
/// extension) gives the fixed text on standard output, byte for byte what
/// `fix NAME` writes (CRLF and byte-order mark kept), and the report on
/// standard error; it writes no file.
#[test]
fn standard_input_is_fixed_to_standard_output() {
    let mut failures = Failures::default();
    for (input, expected, options) in cases() {
        let dir = project(&format!("stdin-{input}{}", options.join("")));
        let before = listing(&dir);
        let mut args = vec!["fix", "--stdin-filename", input];
        args.extend(&options);
        args.push("-");
        let source = fixture(input);
        let run = piped(&dir, &args, &source);
        let what = format!("ibid {args:?} < {input}");
        failures.check(run.code == 0, || format!("{what}: {}", said(&run)));
        failures.check(run.stdout.as_bytes() == fixture(expected), || {
            format!("{what}: stdout is not {expected}:\n{}", said(&run))
        });
        failures.check(
            run.stderr
                .lines()
                .any(|l| l.starts_with(&format!("{input}:"))),
            || format!("{what}: no stderr line names {input}:\n{}", said(&run)),
        );
        failures.check(listing(&dir) == before, || {
            format!("{what} wrote files: {:?}", listing(&dir))
        });
        // Idempotent through the pipe too.
        let again = piped(&dir, &args, run.stdout.as_bytes());
        failures.check(again.code == 0 && again.stdout == run.stdout, || {
            format!("{what}, its output fixed again changed: {}", said(&again))
        });
    }
    failures.finish();
}

#[test]
fn standard_input_without_a_name_is_sniffed_and_named_stdin() {
    let dir = project("stdin-unnamed");
    let source = fixture("article-deleted-note.txt");
    let run = piped(&dir, &["fix", "-"], &source);
    assert_eq!(run.code, 0, "{}", said(&run));
    assert!(
        run.stdout.as_bytes() == fixture("article-deleted-note.fixed.txt"),
        "{}",
        said(&run)
    );
    assert!(
        run.stderr.lines().any(|l| l.starts_with("<stdin>:")),
        "{}",
        said(&run)
    );
    // Named twice, standard input is read once and given back once.
    let twice = piped(&dir, &["fix", "-", "-"], &source);
    assert_eq!(twice.stdout, run.stdout, "{}", said(&twice));
}

#[test]
fn standard_input_check_and_diff_print_no_text() {
    let patch = patch_program();
    let dir = project("stdin-check-diff");
    let (input, expected) = ("book-chapters.txt", "book-chapters.fixed.txt");
    let source = fixture(input);
    let checked = piped(
        &dir,
        &["fix", "--check", "--stdin-filename", input, "-"],
        &source,
    );
    assert_eq!(checked.code, 1, "{}", said(&checked));
    assert!(has_line_for(&checked, input), "{}", said(&checked));
    let in_order = fixture(expected);
    let clean = piped(
        &dir,
        &["fix", "--check", "--stdin-filename", input, "-"],
        &in_order,
    );
    assert_eq!(clean.code, 0, "{}", said(&clean));
    // The diff names the file standard input stands for and gives the
    // fixed text when applied to it.
    let diffed = piped(
        &dir,
        &["fix", "--diff", "--stdin-filename", input, "-"],
        &source,
    );
    assert_eq!(diffed.code, 1, "{}", said(&diffed));
    put(&dir, input, input);
    let applied = apply(patch, &dir.join("fix.diff"), &diffed.stdout, &dir);
    assert!(applied.status.success(), "{}", said(&diffed));
    assert!(bytes(&dir, input) == fixture(expected), "{}", said(&diffed));
}

/// What `fix` cannot or must not change comes back as it went in: a
/// dialect without fixes, a scope left alone (exit 1); text that cannot
/// be decoded gives nothing on standard output and exit 2.
#[test]
fn standard_input_that_is_not_fixed_comes_back_unchanged() {
    let dir = project("stdin-unchanged");
    let cases: [(&str, Vec<u8>, i32); 3] = [
        (
            "paper.tex",
            b"\\section{A}\\label{a} See~\\ref{a}.\r\n".to_vec(),
            0,
        ),
        ("ambiguous.txt", fixture("law-review-ambiguous.txt"), 1),
        ("unresolved.txt", fixture("unresolved.txt"), 1),
    ];
    for (name, source, code) in cases {
        let run = piped(&dir, &["fix", "--stdin-filename", name, "-"], &source);
        assert_eq!(run.code, code, "{name}: {}", said(&run));
        assert!(run.stdout.as_bytes() == source, "{name}: {}", said(&run));
    }
    let mut broken = fixture("groups-ranges.txt");
    broken.extend_from_slice(b"\n\xff\xfe not UTF-8\n");
    let run = piped(&dir, &["fix", "-"], &broken);
    assert_eq!(run.code, 2, "{}", said(&run));
    assert!(run.stdout.is_empty(), "{}", said(&run));
    assert!(run.stderr.contains("<stdin>"), "{}", said(&run));
}
