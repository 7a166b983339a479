//! The wikitext dialect, end to end: parse, check, every reporter,
//! baselines; every span in bounds, whatever the page nests or leaves
//! unclosed.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check_document("page.wiki", bytes);
});
