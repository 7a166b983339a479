//! What the corpus conformance tests (`latex_conformance`,
//! `sphinx_conformance`, `asciidoc_conformance`) share to run ibid on a
//! project: scratch copies of its `src/`, `patch -p1` of a mutation, ibid's
//! JSON report on a copy, and the line-insensitive difference of two
//! reports.
//!
//! Included by each of those test crates with
//! `#[path = "support/conformance_run.rs"] mod conformance_run;`, beside
//! `support/conformance_corpus.rs` (as `conformance_corpus`), whose places
//! and paths it uses. Each crate uses every item here.

use std::collections::BTreeMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::conformance_corpus::{lexical, list, Place};

/// Far longer than one run takes in a debug build; a run still going then
/// is killed and reported (a dialect that loops must not hang the suite).
const DEADLINE: Duration = Duration::from_secs(300);

/// The folder of this process's scratch copies
/// (`ibid-<suite>-conformance-<pid>` under the system's temporary folder).
pub fn process_root() -> PathBuf {
    let suite = env!("CARGO_CRATE_NAME").replace('_', "-");
    std::env::temp_dir().join(format!("ibid-{suite}-{}", std::process::id()))
}

// ---------------------------------------------------------------------------
// Scratch copies and patches

/// A project's scratch folder, removed when dropped (even by a panic).
pub struct Scratch {
    root: PathBuf,
}

impl Scratch {
    pub fn new(project: &str) -> Self {
        let root = process_root().join(project);
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root)
            .unwrap_or_else(|e| panic!("scratch folder {}: {e}", root.display()));
        Self { root }
    }

    /// A fresh, empty `<root>/<case>`.
    pub fn dir(&self, case: &str) -> PathBuf {
        let dir = self.root.join(case);
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)
            .unwrap_or_else(|e| panic!("scratch folder {}: {e}", dir.display()));
        dir
    }

    /// A fresh copy of `src` as `<root>/<case>/src`.
    pub fn copy(&self, case: &str, src: &Path) -> PathBuf {
        let to = self.root.join(case).join("src");
        let _ = std::fs::remove_dir_all(&to);
        copy_tree(src, &to)
            .unwrap_or_else(|e| panic!("copying {} to {}: {e}", src.display(), to.display()));
        to
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

/// Copies folders and regular files (the corpus has no links).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let kind = entry.file_type()?;
        let target = to.join(entry.file_name());
        if kind.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else if kind.is_file() {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

/// `patch -p1` of `patch` inside `dir`; the error says how it ended.
pub fn patch_p1(dir: &Path, patch: &Path) -> Result<(), String> {
    let out = Command::new("patch")
        .args([
            "-p1",
            "--batch",
            "--forward",
            "--no-backup-if-mismatch",
            "-i",
        ])
        .arg(patch)
        .current_dir(dir)
        .stdin(Stdio::null())
        .output();
    tool_outcome(out)
}

/// Success, or the exit status and output of a tool that failed (or the
/// reason it could not run).
pub fn tool_outcome(out: std::io::Result<std::process::Output>) -> Result<(), String> {
    let out = out.map_err(|e| format!("cannot run: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "{}: {}{}",
        out.status,
        String::from_utf8_lossy(&out.stdout).trim(),
        String::from_utf8_lossy(&out.stderr).trim()
    ))
}

// ---------------------------------------------------------------------------
// ibid's report

/// One diagnostic of ibid's JSON (DESIGN.md section 2), paths normalised.
#[derive(Clone, Debug, PartialEq)]
pub struct Finding {
    pub code: String,
    pub place: Place,
    pub column: u64,
    pub label: Option<String>,
    pub message: String,
    pub related: Vec<Place>,
}

impl Finding {
    pub fn read(d: &Value) -> Self {
        let place = |v: &Value| {
            Place::new(
                &lexical(v["path"].as_str().unwrap_or("?")),
                usize::try_from(v["line"].as_u64().unwrap_or(0)).unwrap_or(0),
            )
        };
        Self {
            code: d["code"].as_str().unwrap_or("?").to_owned(),
            place: place(d),
            column: d["column"].as_u64().unwrap_or(0),
            label: d["label"].as_str().map(str::to_owned),
            message: d["message"].as_str().unwrap_or_default().to_owned(),
            related: d["related"]
                .as_array()
                .into_iter()
                .flatten()
                .map(place)
                .collect(),
        }
    }

    pub fn label(&self) -> &str {
        self.label.as_deref().unwrap_or("")
    }
}

impl fmt::Display for Finding {
    /// `code path:line:column label — message (related: …)`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}:{} {} — {}",
            self.code,
            self.place,
            self.column,
            self.label.as_deref().unwrap_or("(no label)"),
            self.message
        )?;
        if !self.related.is_empty() {
            write!(f, " (related: {})", list(&self.related))?;
        }
        Ok(())
    }
}

/// A finding as the machinery trials make one up: column 1, the message
/// `code label`, nothing related.
pub fn finding(code: &str, path: &str, line: usize, label: &str) -> Finding {
    Finding {
        code: code.into(),
        place: Place::new(path, line),
        column: 1,
        label: Some(label.into()),
        message: format!("{code} {label}"),
        related: Vec::new(),
    }
}

/// Indented lines of findings, for problem messages.
pub fn findings<'a>(found: impl IntoIterator<Item = &'a Finding>) -> String {
    found
        .into_iter()
        .map(|f| format!("\n      {f}"))
        .collect::<String>()
}

/// ibid's report on one folder.
#[derive(Debug, Default)]
pub struct Report {
    pub status: i32,
    pub findings: Vec<Finding>,
    /// `failures[]`: (path, message).
    pub failures: Vec<(String, String)>,
    /// `files[]`: (path, dialect).
    pub files: Vec<(String, String)>,
    pub stderr: String,
}

impl Report {
    /// Reads `ibid check --format json .`'s stdout.
    pub fn parse(stdout: &str) -> Result<Self, String> {
        let json: Value = serde_json::from_str(stdout).map_err(|e| format!("not JSON ({e})"))?;
        if json["version"] != 1 {
            return Err(format!("JSON version {} (expected 1)", json["version"]));
        }
        let array = |key: &str| -> Result<&Vec<Value>, String> {
            json[key]
                .as_array()
                .ok_or_else(|| format!("no `{key}` array in the JSON"))
        };
        let pair = |v: &Value, second: &str, missing: &str| {
            (
                lexical(v["path"].as_str().unwrap_or("")),
                v[second].as_str().unwrap_or(missing).to_owned(),
            )
        };
        Ok(Self {
            status: 0,
            findings: array("diagnostics")?.iter().map(Finding::read).collect(),
            failures: array("failures")?
                .iter()
                .map(|f| pair(f, "message", ""))
                .collect(),
            files: array("files")?
                .iter()
                .map(|f| pair(f, "dialect", "?"))
                .collect(),
            stderr: String::new(),
        })
    }

    /// Exit status 2 means `failures[]`; without any, something else
    /// went wrong.
    pub fn status_problem(&self) -> Option<String> {
        (self.status == 2 && self.failures.is_empty()).then(|| {
            format!(
                "ibid exited with status 2 and no failures[]; stderr: {}",
                self.stderr.trim()
            )
        })
    }
}

/// `ibid check --format json .` with `dir` as the current directory. Exit
/// status 0, 1 and 2 are all normal (2: `failures[]`); no JSON on stdout
/// is an error carrying stdout and stderr.
pub fn ibid(dir: &Path) -> Result<Report, String> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ibid"))
        .args(["check", "--format", "json", "."])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", env!("CARGO_BIN_EXE_ibid")))?;
    // Read both pipes while waiting, so a large report cannot block ibid.
    let reader = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = reader(child.stdout.take().map(|p| Box::new(p) as _));
    let stderr = reader(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if start.elapsed() > DEADLINE => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => return Err(format!("waiting for ibid: {e}")),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    let Some(status) = status else {
        return Err(format!(
            "ibid still running after {DEADLINE:?} in {}, killed; stderr: {}",
            dir.display(),
            stderr.trim()
        ));
    };
    let code = status.code().unwrap_or(-1);
    let mut report = Report::parse(&stdout).map_err(|e| {
        format!(
            "ibid exited with status {code} and wrote no usable report: {e}\n      stderr: {}\n      \
             stdout: {}",
            one_line(&stderr),
            one_line(&stdout)
        )
    })?;
    report.status = code;
    report.stderr = stderr;
    Ok(report)
}

fn one_line(text: &str) -> String {
    let text = text.trim();
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let flat = text.lines().collect::<Vec<_>>().join(" | ");
    match flat.char_indices().nth(2000) {
        Some((cut, _)) => format!("{}…", &flat[..cut]),
        None => flat,
    }
}

// ---------------------------------------------------------------------------
// Line-insensitive difference

/// What `mutated` added to `base` and removed from it: a multiset
/// difference by `key`. Within a key, items for which `same` holds pair up
/// first, so the ones returned are those that did not merely move.
pub fn paired_difference<'a, T, K: Ord>(
    base: &'a [T],
    mutated: &'a [T],
    key: impl Fn(&'a T) -> K,
    same: impl Fn(&T, &T) -> bool,
) -> (Vec<&'a T>, Vec<&'a T>) {
    type Group<'a, T> = (Vec<&'a T>, Vec<&'a T>);
    let mut groups: BTreeMap<K, Group<'a, T>> = BTreeMap::new();
    for b in base {
        groups.entry(key(b)).or_default().0.push(b);
    }
    for m in mutated {
        groups.entry(key(m)).or_default().1.push(m);
    }
    let (mut added, mut removed) = (Vec::new(), Vec::new());
    for (_, (mut b, mut m)) in groups {
        b.retain(|bi| match m.iter().position(|mi| same(mi, bi)) {
            Some(i) => {
                m.remove(i);
                false
            }
            None => true,
        });
        let paired = b.len().min(m.len());
        removed.extend(b.into_iter().skip(paired));
        added.extend(m.into_iter().skip(paired));
    }
    (added, removed)
}

/// What a mutation added and removed: a multiset difference of
/// `(code, path, label)`, line-insensitive because patches shift lines.
/// Within a group, findings at the same line, column and message pair up
/// first, so the ones shown as added or removed are the moved-free ones.
pub fn diff<'a>(
    base: &'a [Finding],
    mutated: &'a [Finding],
) -> (Vec<&'a Finding>, Vec<&'a Finding>) {
    paired_difference(
        base,
        mutated,
        |f| (f.code.as_str(), f.place.path.as_str(), f.label()),
        |m, b| (m.place.line, m.column, &m.message) == (b.place.line, b.column, &b.message),
    )
}

/// The problems of a mutated run that no expectation decides: base
/// findings that disappeared (`removed`, from [`diff`]; a mutation only
/// adds a defect) and `failures[]` entries the base run did not have.
pub fn removed_and_new_failures(
    removed: Vec<&Finding>,
    base: &Report,
    mutated: &Report,
) -> Vec<String> {
    let mut problems = Vec::new();
    if !removed.is_empty() {
        problems.push(format!(
            "finding(s) of the base run that disappeared (a mutation only adds a defect):{}",
            findings(removed)
        ));
    }
    for (path, message) in &mutated.failures {
        if !base.failures.contains(&(path.clone(), message.clone())) {
            problems.push(format!("new failures[] entry: {path}: {message}"));
        }
    }
    problems
}
