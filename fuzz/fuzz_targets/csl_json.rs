//! The csl_json reader (see `common::check_bibliography`).
#![no_main]

#[path = "../common/mod.rs"]
mod common;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    common::check_bibliography(ibid::internals::bib::Format::CslJson, bytes);
});
