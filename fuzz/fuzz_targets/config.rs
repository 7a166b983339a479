//! `ibid.toml`: no panic; an error names a place inside the text.
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let path = std::path::Path::new("ibid.toml");
    if let Err(e) = ibid::config::parse(text, path) {
        // The message is shown to users: it must be one line of text.
        let message = e.to_string();
        assert!(!message.is_empty());
    }
});
