//! The markdown dialect, end to end: parse, check, every reporter, baselines.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check_document("doc.md", bytes);
});
