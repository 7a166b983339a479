//! `ibid fix` on one text: never panics, and a second fix of what it
//! gives changes nothing (the first byte picks plain text or Markdown and
//! whether unsafe fixes apply).
#![no_main]

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Some((&first, rest)) = bytes.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let id = if first & 1 == 0 { "plain" } else { "markdown" };
    let dialect = ibid::DIALECTS.iter().find(|d| d.id == id).unwrap();
    let options = ibid::FixOptions::default().unsafe_fixes(first & 2 != 0);
    let once = ibid::fix_text(text, dialect, &options);
    if once.changed() {
        let twice = ibid::fix_text(&once.text, dialect, &options);
        assert_eq!(twice.text, once.text, "a second fix changed the text");
    }
});
