//! Command-line behaviour (exit codes, stdout, stderr) from the case files
//! in tests/cmd; `TRYCMD=overwrite cargo test --test cli` rewrites them.

#[test]
fn cli() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
