//! The bibtex reader: no panic; every entry's key and span, and every
//! error's place, inside the text and on character boundaries.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use ibid::internals::bib::{parse, Format};

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let bib = parse(Format::Bibtex, text);
    for e in &bib.entries {
        assert!(
            common::span_ok(text, e.key_span) && common::span_ok(text, e.span),
            "{e:?}"
        );
    }
    for e in &bib.errors {
        assert!(common::span_ok(text, e.span), "{e:?}");
    }
});
