//! The reStructuredText dialect, end to end: parse, check, every reporter,
//! baselines; and read as a page of a Sphinx project (every role read,
//! with autosectionlabel on), every span in bounds.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check_document("doc.rst", bytes);
    common::check_rst_in_sphinx(bytes);
});
