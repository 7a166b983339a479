//! The harness of the tests that read `../shared/corpus` (real documents
//! and the verdicts of the real tools, never copied into the repository).
//!
//! - With the corpus: every test runs.
//! - Without it: every test is reported as **ignored**, with the reason,
//!   never as passed (a count of passed tests must mean they checked).
//! - Without it and with `IBID_REQUIRE_CORPUS=1` (CI sets it): every test
//!   fails, saying the corpus is missing.

use std::path::PathBuf;
use std::process::ExitCode;

use libtest_mimic::{Arguments, Failed, Trial};

/// The shared corpus folder.
pub fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Run `tests` (name and body) under the rules in the module docs.
pub fn run(tests: Vec<(&'static str, fn())>) -> ExitCode {
    let args = Arguments::from_args();
    let dir = dir();
    let present = dir.is_dir();
    let required = std::env::var_os("IBID_REQUIRE_CORPUS").is_some_and(|v| v == "1");
    if !present && !required {
        println!(
            "corpus tests ignored: {} not found (they compare ibid with the real tools' \
             verdicts; IBID_REQUIRE_CORPUS=1 makes its absence a failure)",
            dir.display()
        );
    }
    let trials = tests
        .into_iter()
        .map(|(name, body)| {
            let trial = Trial::test(name, move || {
                if !present {
                    return Err(Failed::from(format!(
                        "{} not found, and IBID_REQUIRE_CORPUS=1",
                        dir_display()
                    )));
                }
                std::panic::catch_unwind(body).map_err(|panic| {
                    let message = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                        .unwrap_or_else(|| "the test panicked".to_owned());
                    Failed::from(message)
                })
            });
            trial.with_ignored_flag(!present && !required)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit_code()
}

fn dir_display() -> String {
    dir().display().to_string()
}
