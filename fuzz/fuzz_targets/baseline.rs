//! Baselines: no panic on any file; one that reads writes back to itself.
#![no_main]

use ibid::baseline::Baseline;

libfuzzer_sys::fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    if let Ok(baseline) = Baseline::from_json(text) {
        let again =
            Baseline::from_json(&baseline.to_json()).expect("a baseline written reads back");
        assert_eq!(again, baseline);
        // Counts add up without overflow.
        let _ = baseline.findings();
        let _ = baseline.apply(&mut ibid::Report::default());
    }
});
