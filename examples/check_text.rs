//! Use ibid as a library: check a document and print what it found.
//!
//! ```text
//! cargo run --example check_text -- examples/unresolved.txt
//! ```

use std::process::ExitCode;

use ibid::internals::source::{decode, LineIndex};

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: check_text FILE");
        return ExitCode::from(2);
    };
    let bytes = match std::fs::read(&path) {
        Ok(bytes) => bytes,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let text = match decode(&bytes) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            return ExitCode::from(2);
        }
    };
    let plain = ibid::internals::dialect::by_id("plain").expect("the plain dialect exists");
    let checked = ibid::check_text(text, plain);
    println!(
        "{path}: {} markers, {} definitions",
        checked.markers, checked.definitions
    );
    let index = LineIndex::new(text);
    for d in &checked.diagnostics {
        let at = index.line_col(text, d.span.start);
        println!(
            "{path}:{}:{}: {}[{}] {}",
            at.line,
            at.column,
            d.severity.as_str(),
            d.code,
            d.message
        );
    }
    ExitCode::SUCCESS
}
