use super::{number, Sink};
use crate::graph::RefGraph;
use crate::model::{BlockKind, RefKind, Span};

rule! {
    /// Numeric notes first referenced out of sequence (`[3]` before `[2]`).
    ///
    /// ## Why
    /// Notes are numbered in the order readers meet them. A marker that
    /// jumps ahead usually means a paragraph was moved or a note inserted
    /// without renumbering. Reference lists (References, Bibliography)
    /// may be ordered otherwise and are not checked.
    ///
    /// ## Example
    /// ```text
    /// First claim.[1] Second claim.[3] Third claim.[2]
    /// ```
    ///
    /// ## Fix
    /// Renumber the notes in order of first reference (`ibid fix` does it,
    /// moving the notes and rewriting "see note N" with them):
    /// ```text
    /// First claim.[1] Second claim.[2] Third claim.[3]
    /// ```
    "out-of-order", Warning, "out of sequence"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    if !graph.notation.sequential {
        return;
    }
    for scope in 0..graph.scopes.len() {
        if graph.block_kind(scope) != Some(BlockKind::Notes) {
            continue;
        }
        // First reference of each number, in reading order.
        let mut seen = rustc_hash::FxHashSet::default();
        let firsts: Vec<(u32, Span)> = graph
            .markers_in(scope)
            .filter(|(_, m)| m.kind == RefKind::Note)
            .filter_map(|(_, m)| number(&m.label).map(|n| (n, m.span)))
            .filter(|&(n, _)| seen.insert(n))
            .collect();
        let keep = longest_increasing(&firsts);
        for (k, &(n, span)) in firsts.iter().enumerate() {
            if keep[k] {
                continue;
            }
            let notation = graph.notation;
            let mark = |n: u32| notation.marker(&n.to_string());
            // A number that comes late is placed after the kept note
            // before it; one that comes early, before the kept note after.
            let prev_kept = (0..k).rev().find(|&j| keep[j]).map(|j| firsts[j].0);
            let next_kept = (k + 1..firsts.len()).find(|&j| keep[j]).map(|j| firsts[j].0);
            let (way, other) = match (prev_kept, next_kept) {
                (Some(p), _) if n < p => ("after", p),
                (_, Some(j)) => ("before", j),
                (p, None) => ("after", p.unwrap_or(0)),
            };
            let message = format!(
                "note {} is first referenced {way} note {}",
                mark(n),
                mark(other)
            );
            sink.report(span, Some(&n.to_string()), message)
                .help("number notes in the order they are first referenced (`ibid fix` does it)");
        }
    }
}

/// Mark the members of one longest strictly increasing subsequence, so that
/// only the fewest markers are reported as out of place.
fn longest_increasing(items: &[(u32, Span)]) -> Vec<bool> {
    let mut tails: Vec<usize> = Vec::new();
    let mut parent = vec![usize::MAX; items.len()];
    for (i, &(n, _)) in items.iter().enumerate() {
        let pos = tails.partition_point(|&t| items[t].0 < n);
        if pos > 0 {
            parent[i] = tails[pos - 1];
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; items.len()];
    let mut at = tails.last().copied().unwrap_or(usize::MAX);
    while at != usize::MAX {
        keep[at] = true;
        at = parent[at];
    }
    keep
}
