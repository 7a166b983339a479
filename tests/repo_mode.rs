//! Repository mode end to end: config discovery, baselines, output files
//! and formats, standard input names, walking flags. Each test builds its
//! own scratch repository.

#[path = "support/cli.rs"]
mod cli;

use std::path::PathBuf;

use cli::{ibid, ibid_with, write, Input, FORMATS};

fn scratch(name: &str) -> PathBuf {
    cli::scratch("repo-mode", name)
}

const BROKEN: &str = "A claim.[1] Another.[2] A third.[3]\n\n[1] Source one.\n[2] Source two.\n";

#[test]
fn config_is_discovered_and_applied() {
    let dir = scratch("config");
    write(&dir, "docs/a.txt", BROKEN);
    write(&dir, "docs/archive/old.txt", BROKEN);
    write(&dir, "notes/n.text", "Text.[^a]\n\n[^a]: A note.\n");
    write(
        &dir,
        "ibid.toml",
        "exclude = [\"docs/archive\"]\n\n[[dialect]]\nglob = \"notes/**\"\ndialect = \"markdown\"\n\n[rules.unresolved]\nseverity = \"warning\"\n",
    );
    // Run from a subfolder: the config is found in a parent.
    let run = ibid(&dir.join("docs"), &["check", "--format", "concise", "."]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert_eq!(
        run.stdout,
        "a.txt:1:33: warning[unresolved] note marker [3] has no matching note\nibid: 1 file checked: 0 errors, 1 warning\n"
    );
    let run = ibid(&dir, &["check", "--format", "json", "notes"]);
    assert!(
        run.stdout.contains("\"dialect\": \"markdown\""),
        "{}",
        run.stdout
    );
    // --no-config: the archive is checked and unresolved is an error again.
    let run = ibid(
        &dir,
        &["check", "--no-config", "--format", "concise", "docs"],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.matches("error[unresolved]").count(),
        2,
        "{}",
        run.stdout
    );
}

#[test]
fn config_errors_name_the_key_and_line() {
    let dir = scratch("config-error");
    write(&dir, "a.txt", BROKEN);
    write(
        &dir,
        "ibid.toml",
        "[rules.unresolved]\nserverity = \"off\"\n",
    );
    let run = ibid(&dir, &["check", "a.txt"]);
    assert_eq!(run.code, 2);
    assert_eq!(
        run.stderr.trim(),
        "ibid: ibid.toml:2:1: unknown key `serverity` in [rules.unresolved]; expected one of: severity, allow"
    );
    assert!(run.stdout.is_empty());
    let run = ibid(&dir, &["check", "--config", "missing.toml", "a.txt"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("missing.toml"), "{}", run.stderr);
}

#[test]
fn baseline_round_trip_survives_moved_lines() {
    let dir = scratch("baseline");
    write(&dir, "docs/a.txt", BROKEN);
    write(&dir, "docs/b.md", "Text.[^x]\n");
    let run = ibid(
        &dir,
        &["check", "--write-baseline", "baseline.json", "docs"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("recorded 2 findings"), "{}", run.stderr);

    // Lines move: the old findings stay known.
    write(&dir, "docs/a.txt", &format!("Title\n\nIntro.\n\n{BROKEN}"));
    let run = ibid(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            "docs",
        ],
    );
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr
            .contains("2 known findings hidden, 0 new; 0 baseline entries are gone"),
        "{}",
        run.stderr
    );

    // A new finding fails; a fixed one is gone.
    write(
        &dir,
        "docs/b.md",
        "Text.[^x]\n\n[^x]: Fixed.\n\nMore.[^y]\n",
    );
    let run = ibid(
        &dir,
        &[
            "check",
            "--baseline",
            "baseline.json",
            "--format",
            "concise",
            "docs",
        ],
    );
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.lines().next(),
        Some("docs/b.md:5:6: error[unresolved] note marker [^y] has no matching note")
    );
    assert!(
        run.stderr
            .contains("1 known findings hidden, 1 new; 1 baseline entries are gone"),
        "{}",
        run.stderr
    );

    write(&dir, "broken.json", "{\"version\": 2}");
    let run = ibid(&dir, &["check", "--baseline", "broken.json", "docs"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.starts_with("ibid: broken.json: line 1"),
        "{}",
        run.stderr
    );
}

#[test]
fn every_format_writes_to_a_file() {
    let dir = scratch("formats");
    write(&dir, "a.txt", BROKEN);
    write(&dir, "b.md", "Read [the guide][guide].\n");
    for &format in FORMATS {
        let out = format!("out.{format}");
        let run = ibid(&dir, &["check", "--format", format, "-o", &out, "."]);
        assert_eq!(run.code, 1, "{format}: {}", run.stderr);
        assert!(run.stdout.is_empty(), "{format} wrote to stdout");
        let text = std::fs::read_to_string(dir.join(&out)).expect("output file");
        match format {
            "json" | "sarif" => {
                let value: serde_json::Value = serde_json::from_str(&text).expect("JSON");
                if format == "sarif" {
                    assert_eq!(value["version"], "2.1.0");
                    assert_eq!(
                        value["runs"][0]["results"].as_array().map(Vec::len),
                        Some(2)
                    );
                }
            }
            "json-lines" => {
                for line in text.lines() {
                    let _: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
                }
                assert_eq!(text.lines().count(), 2);
            }
            "github" => assert!(
                text.starts_with("::error file=a.txt,line=1,col=33"),
                "{text}"
            ),
            "junit" => assert!(
                text.contains("<testcase classname=\"ibid\" name=\"b.md\">"),
                "{text}"
            ),
            "concise" => assert!(text.contains("b.md:1:6: error[undefined-link]"), "{text}"),
            _ => assert!(text.contains("ibid::unresolved"), "{text}"),
        }
    }
    let run = ibid(&dir, &["check", "-o", "no/such/dir/out.txt", "."]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot write no/such/dir/out.txt"),
        "{}",
        run.stderr
    );
}

#[test]
fn standard_input_takes_a_name_and_its_dialect() {
    let dir = scratch("stdin");
    let run = ibid_with(
        &dir,
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "docs/page.md",
            "-",
        ],
        &Input {
            stdin: Some(b"Text.[^gone]\n"),
            ..Input::default()
        },
    );
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .starts_with("docs/page.md:1:6: error[unresolved] note marker [^gone]"),
        "{}",
        run.stdout
    );
    let run = ibid_with(
        &dir,
        &["check", "--format", "concise", "-"],
        &Input {
            stdin: Some(b"Text.[9]\n"),
            ..Input::default()
        },
    );
    assert!(
        run.stdout.starts_with("<stdin>:1:6: error[unresolved]"),
        "{}",
        run.stdout
    );
}

#[test]
fn hidden_and_ignored_files_on_request() {
    let dir = scratch("walk-flags");
    write(&dir, ".gitignore", "build/\n");
    write(&dir, "build/out.txt", BROKEN);
    write(&dir, ".drafts/d.txt", BROKEN);
    write(&dir, "a.txt", "Fine.[1]\n\n[1] Source.\n");
    let files = |args: &[&str]| {
        let mut all = vec!["check", "--format", "json"];
        all.extend_from_slice(args);
        all.push(".");
        let run = ibid(&dir, &all);
        let json: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
        let mut paths: Vec<String> = json["files"]
            .as_array()
            .expect("files")
            .iter()
            .map(|f| f["path"].as_str().unwrap_or_default().to_owned())
            .collect();
        paths.sort();
        paths
    };
    assert_eq!(files(&[]), ["a.txt"]);
    assert_eq!(files(&["--hidden"]), [".drafts/d.txt", "a.txt"]);
    assert_eq!(files(&["--no-ignore"]), ["a.txt", "build/out.txt"]);
    assert_eq!(files(&["--hidden", "--no-ignore", "-j", "1"]).len(), 3);
}

#[test]
fn completions_for_a_shell() {
    let dir = scratch("completions");
    let run = ibid(&dir, &["completions", "bash"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout.contains("complete -F _ibid"),
        "{}",
        &run.stdout[..200.min(run.stdout.len())]
    );
    let run = ibid(&dir, &["completions", "tcsh"]);
    assert_eq!(run.code, 2);
}
