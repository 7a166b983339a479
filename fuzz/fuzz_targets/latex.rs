//! The LaTeX dialect, end to end: parse, check, every reporter, baselines;
//! also with a declared command, so that templates are fuzzed too.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check_document("doc.tex", bytes);
    common::check_latex_commands(bytes);
});
