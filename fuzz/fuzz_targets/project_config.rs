//! Project configurations (`_quarto.yml`, `index.Rmd`, `_bookdown.yml`,
//! `_config.yml`, `myst.yml`, `conf.py`): the fuzz input stands for every
//! one of them; no panic, and every declared path's span lies inside its
//! file, on character boundaries.
#![no_main]

#[path = "../common/mod.rs"]
mod common;

use std::path::Path;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let mut read = |_: &Path| Some(text.to_owned());
    if let Some(config) = ibid::internals::project::config::detect(Path::new("p"), &mut read) {
        for named in config
            .bibliographies
            .iter()
            .chain(config.members.iter().flatten())
        {
            assert!(common::span_ok(text, named.span), "{named:?}");
        }
    }
});
