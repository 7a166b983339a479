//! The Markdown flavours (pandoc, Quarto, MyST): every span of every
//! marker and definition in bounds and on character boundaries, whatever
//! the text does to attributes, directive fences, roles and targets; and
//! a `.qmd` and an `.Rmd` file end to end (every reporter, baselines).
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use ibid::internals::dialect::markdown;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    for flavor in ibid::FLAVORS {
        let doc = markdown::parse_as(text, flavor);
        for m in &doc.markers {
            assert!(
                common::span_ok(text, m.span) && common::span_ok(text, m.label_span),
                "{flavor}: {m:?}"
            );
        }
        for d in &doc.definitions {
            assert!(
                common::span_ok(text, d.label_span) && common::span_ok(text, d.body),
                "{flavor}: {d:?}"
            );
        }
    }
    common::check_document("doc.qmd", bytes);
    common::check_document("doc.Rmd", bytes);
});
