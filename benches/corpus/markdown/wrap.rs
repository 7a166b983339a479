//! Where a line of prose may break when a page is wrapped: between words
//! outside brackets, parentheses, code spans and angle brackets (so no
//! link, citation group or inline note spans two lines), and never before
//! what would start a block on the next line.

/// The pieces of `text` between which a line may break: spaces outside
/// brackets, parentheses, code spans and angle brackets.
pub(super) fn atoms(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut depth = 0i32;
    let mut code = false;
    let mut start = 0;
    let mut at = 0;
    std::iter::from_fn(move || {
        while at < bytes.len() {
            let b = bytes[at];
            at += 1;
            match b {
                b'`' => code = !code,
                b'[' | b'(' | b'<' if !code => depth += 1,
                b']' | b')' | b'>' if !code => depth -= 1,
                b' ' if !code && depth <= 0 => {
                    let atom = &text[start..at - 1];
                    start = at;
                    return Some(atom);
                }
                _ => {}
            }
        }
        (start < bytes.len()).then(|| {
            let atom = &text[start..];
            start = bytes.len();
            atom
        })
    })
}

/// Whether a line may start with `atom` without starting a block (a list
/// item, a heading, a quote, a table, a setext underline, a code fence).
pub(super) fn breaks_before(atom: &str) -> bool {
    !matches!(
        atom.as_bytes().first(),
        Some(b'-' | b'+' | b'*' | b'#' | b'>' | b'=' | b'|' | b'`' | b'~' | b'0'..=b'9' | b'<')
    )
}
