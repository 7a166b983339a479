use super::{number, Sink};
use crate::graph::RefGraph;
use crate::model::{RefKind, Span};

rule! {
    /// Numeric note labels that skip numbers (1, 2, 4).
    ///
    /// ## Why
    /// A note and its marker were deleted together, or notes were
    /// renumbered by hand. Every marker still resolves, so nothing else
    /// catches it, but readers see a number missing.
    ///
    /// ## Example
    /// ```text
    /// Text.[1] More.[2] Last.[4]
    ///
    /// [1] One.
    /// [2] Two.
    /// [4] Four.
    /// ```
    ///
    /// ## Fix
    /// Renumber the notes after the gap (`ibid fix` does it):
    /// ```text
    /// Text.[1] More.[2] Last.[3]
    ///
    /// [1] One.
    /// [2] Two.
    /// [3] Four.
    /// ```
    "numbering-gap", Warning, "numbers skipped before this"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    if !graph.notation.sequential {
        return;
    }
    let mut previous_max = 0;
    for scope in 0..graph.scopes.len() {
        // Numbers defined or referenced in this scope, with a place for each.
        let mut numbers: Vec<(u32, Span)> = graph
            .definitions_in(scope)
            .filter(|(_, d)| d.kind == RefKind::Note)
            .filter_map(|(_, d)| number(&d.label).map(|n| (n, d.label_span)))
            .collect();
        if numbers.is_empty() {
            continue;
        }
        numbers.extend(
            graph
                .markers_in(scope)
                .filter(|(_, m)| m.kind == RefKind::Note)
                .filter_map(|(_, m)| number(&m.label).map(|n| (n, m.span))),
        );
        // Keep the definition (listed first) as each number's place.
        numbers.sort_by_key(|&(n, _)| n);
        numbers.dedup_by_key(|&mut (n, _)| n);
        let continues = numbers[0].0 == previous_max + 1;
        let mut expected = if continues || starts_later(numbers[0].0, numbers.len()) {
            numbers[0].0
        } else {
            1
        };
        for &(n, span) in &numbers {
            if n > expected {
                let mark = |n: u32| graph.notation.marker(&n.to_string());
                let missing = if n - expected == 1 {
                    mark(expected)
                } else {
                    format!("{}–{}", mark(expected), mark(n - 1))
                };
                sink.report(
                    span,
                    Some(&n.to_string()),
                    format!("note numbering skips {missing} before {}", mark(n)),
                )
                .help("renumber the notes so that no number is missing (`ibid fix` does it)");
            }
            expected = n + 1;
        }
        previous_max = numbers[numbers.len() - 1].0;
    }
}

/// Whether a scope's numbering starts where another text left off (notes
/// 96–108 of a chapter printed alone): its lowest number is above its
/// count of numbers plus one, so that more notes would be missing below
/// it than it has. Not a gap; `ibid fix` keeps such a start.
pub(crate) fn starts_later(lowest: u32, count: usize) -> bool {
    usize::try_from(lowest).is_ok_and(|lowest| lowest > count + 1)
}
