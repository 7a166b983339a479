//! What the end-to-end tests share: scratch projects built at test time,
//! one way to run the `ibid` binary (always under a deadline, with
//! optional standard input and environment), and helpers to read and
//! assert its JSON report.
//!
//! Included by each test crate with `#[path = "support/cli.rs"] mod cli;`.

// Each test crate that includes this module uses a different subset of
// it; what one crate leaves unused is not dead code of the suite.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// Far longer than any of these runs takes, even in a debug build.
pub const DEADLINE: Duration = Duration::from_secs(30);

/// Every `--format`.
pub const FORMATS: &[&str] = &[
    "human",
    "json",
    "concise",
    "json-lines",
    "sarif",
    "github",
    "junit",
];

/// An empty scratch folder `<group>/<name>` under the test target's
/// temporary folder (whatever an earlier run left there is removed).
pub fn scratch_dir(group: &str, name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(group)
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

/// A scratch project `<group>/<name>`: it holds `.git`, so it is its own
/// project root.
pub fn scratch(group: &str, name: &str) -> PathBuf {
    let dir = scratch_dir(group, name);
    std::fs::create_dir_all(dir.join(".git")).expect("scratch repository");
    dir
}

/// A scratch folder `<group>/<name>/` holding `repo/` (the project root:
/// it has `.git`) and `outside/` (beside the root, so outside it).
pub fn scratch_with_outside(group: &str, name: &str) -> (PathBuf, PathBuf) {
    let dir = scratch_dir(group, name);
    let repo = dir.join("repo");
    let outside = dir.join("outside");
    std::fs::create_dir_all(repo.join(".git")).expect("scratch repository");
    std::fs::create_dir_all(&outside).expect("outside folder");
    (repo, outside)
}

/// Writes `text` to `dir/path`, creating its folders.
pub fn write(dir: &Path, path: &str, text: &str) {
    write_bytes(dir, path, text.as_bytes());
}

/// Writes `bytes` to `dir/path`, creating its folders.
pub fn write_bytes(dir: &Path, path: &str, bytes: &[u8]) {
    let path = dir.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(path, bytes).expect("write");
}

/// What a run printed and how it ended.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn both(&self) -> String {
        format!("{}{}", self.stdout, self.stderr)
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }
}

/// What a run gets besides its arguments.
#[derive(Default)]
pub struct Input<'a> {
    /// Written to its standard input (else it reads an empty one).
    pub stdin: Option<&'a [u8]>,
    /// Set in its environment (besides `NO_COLOR=1`, always set).
    pub env: &'a [(&'a str, &'a str)],
}

/// Runs `ibid args` from `dir`.
pub fn ibid(dir: &Path, args: &[&str]) -> Run {
    ibid_with(dir, args, &Input::default())
}

/// Runs `ibid args` from `dir` with `input`.
pub fn ibid_with(dir: &Path, args: &[&str], input: &Input) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ibid"));
    command
        .args(args)
        .envs(input.env.iter().copied())
        .current_dir(dir);
    run_with_deadline(
        command,
        input.stdin,
        &format!("ibid {args:?} in {}", dir.display()),
    )
}

/// Runs `command` with `NO_COLOR=1`, `stdin` on its standard input and
/// piped output, killing it and failing the test if it is still running
/// at the [`DEADLINE`].
pub fn run_with_deadline(mut command: Command, stdin: Option<&[u8]>, what: &str) -> Run {
    let mut child = command
        .env("NO_COLOR", "1")
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("ibid runs");
    // Write the input and read both pipes while waiting, so that neither
    // a large input nor a large report can block ibid (or the test).
    let writer = stdin.map(|bytes| {
        let mut pipe = child.stdin.take().expect("stdin");
        let bytes = bytes.to_owned();
        std::thread::spawn(move || {
            // ibid may end without reading all of it.
            let _ = pipe.write_all(&bytes);
        })
    });
    let reader = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = reader(Box::new(child.stdout.take().expect("stdout")));
    let stderr = reader(Box::new(child.stderr.take().expect("stderr")));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for ibid") {
            break Some(status);
        }
        if start.elapsed() > DEADLINE {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    if let Some(writer) = writer {
        writer.join().expect("stdin writer");
    }
    let stdout = stdout.join().expect("stdout reader");
    let stderr = stderr.join().expect("stderr reader");
    let Some(status) = status else {
        panic!("{what}: still running after {DEADLINE:?}, killed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    };
    Run {
        code: status.code().unwrap_or(-1),
        stdout,
        stderr,
    }
}

/// (code, path, line, label) of one diagnostic.
pub type Finding = (String, String, u64, Option<String>);

pub fn finding(code: &str, path: &str, line: u64, label: &str) -> Finding {
    (code.into(), path.into(), line, Some(label.into()))
}

/// Every diagnostic of a JSON report, sorted (duplicates kept).
pub fn findings(json: &Value) -> Vec<Finding> {
    let mut all: Vec<Finding> = diagnostics(json)
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_owned(),
                d["path"].as_str().expect("path").to_owned(),
                d["line"].as_u64().expect("line"),
                d["label"].as_str().map(str::to_owned),
            )
        })
        .collect();
    all.sort();
    all
}

/// Asserts that the run's JSON report has exactly `expected` findings
/// (in any order).
pub fn assert_findings(run: &Run, mut expected: Vec<Finding>) {
    expected.sort();
    assert_eq!(
        findings(&run.json()),
        expected,
        "\nstdout:\n{}\nstderr:\n{}",
        run.stdout,
        run.stderr
    );
}

/// `diagnostics[]` of a JSON report.
pub fn diagnostics(json: &Value) -> &Vec<Value> {
    json["diagnostics"].as_array().expect("diagnostics[]")
}

/// `failures[]` of a JSON report.
pub fn failures(json: &Value) -> &Vec<Value> {
    json["failures"].as_array().expect("failures[]")
}

/// Asserts that some `failures[]` entry names `needle` (in its path or
/// its message).
pub fn assert_failure_names(json: &Value, needle: &str, context: &str) {
    assert!(
        failures(json).iter().any(|f| {
            f["path"].as_str().is_some_and(|p| p.contains(needle))
                || f["message"].as_str().is_some_and(|m| m.contains(needle))
        }),
        "{context}: no failure names {needle}: {:#}",
        json["failures"]
    );
}

/// 1-based number of the first line of `text` containing `needle`.
pub fn line_of(text: &str, needle: &str) -> u64 {
    let index = text
        .lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle} not in {text}"));
    u64::try_from(index).expect("small") + 1
}
