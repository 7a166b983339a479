//! The one path every finding takes before it is reported: suppress →
//! configure → place → sort (fingerprint contexts and excerpts are worked
//! out with the place). Findings of a file's own graph take it in the
//! worker, while the text is at hand; findings of the later stages (units,
//! citations) take it at the end of the run, with the text kept or read
//! again once.

use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::model::Comment;
use crate::source::Layout;

/// Suppressions (from the file's comments) first: they see every finding
/// of the file, before the config drops any.
pub(super) fn suppress(
    text: &str,
    comments: &[Comment],
    found: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    crate::suppress::apply(text, comments, found)
}

/// Apply the config's rule settings: `off` drops a rule's findings,
/// `error`/`warning` replace its severity, `allow` drops listed labels.
pub(super) fn configure(config: Option<&Config>, diagnostics: &mut Vec<Diagnostic>) {
    if let Some(config) = config {
        diagnostics.retain_mut(|d| configured(config, d));
    }
}

/// Whether a diagnostic survives the config, with its severity set.
fn configured(config: &Config, d: &mut Diagnostic) -> bool {
    if d.label
        .as_deref()
        .is_some_and(|l| config.allowed(d.code, l))
    {
        return false;
    }
    match config.severity(d.code) {
        None => true,
        Some(level) => match level.severity() {
            Some(severity) => {
                d.severity = severity;
                true
            }
            None => false,
        },
    }
}

/// Place the findings that have no place yet (positions, fingerprint
/// contexts, excerpts), in `text`, the file reported as `path`.
pub(super) fn place(
    path: &str,
    text: &str,
    diagnostics: &mut [Diagnostic],
    excerpts: Option<Layout>,
) {
    // Placed findings keep their place; the rest are placed in one pass.
    let first_unplaced = diagnostics.iter().position(|d| d.place.is_none());
    if let Some(from) = first_unplaced {
        let (placed, rest) = diagnostics.split_at_mut(from);
        debug_assert!(placed.iter().all(|d| d.place.is_some()));
        if rest.iter().all(|d| d.place.is_none()) {
            crate::source::place(path, text, rest, excerpts);
        } else {
            let mut unplaced: Vec<Diagnostic> = Vec::new();
            let mut slots = Vec::new();
            for (i, d) in rest.iter_mut().enumerate() {
                if d.place.is_none() {
                    slots.push(i);
                    unplaced.push(d.clone());
                }
            }
            crate::source::place(path, text, &mut unplaced, excerpts);
            for (i, d) in slots.into_iter().zip(unplaced) {
                rest[i].place = d.place;
            }
        }
    }
}

/// A file's findings in report order.
pub(super) fn sort(diagnostics: &mut [Diagnostic]) {
    if !diagnostics.is_sorted_by(|a, b| Diagnostic::source_order(a, b).is_le()) {
        diagnostics.sort_by(Diagnostic::source_order);
    }
}

/// The whole path for findings whose text is at hand.
pub(super) fn finish(
    path: &str,
    text: &str,
    comments: &[Comment],
    found: Vec<Diagnostic>,
    config: Option<&Config>,
    excerpts: Option<Layout>,
) -> Vec<Diagnostic> {
    let mut out = suppress(text, comments, found);
    configure(config, &mut out);
    sort(&mut out);
    place(path, text, &mut out, excerpts);
    out
}
