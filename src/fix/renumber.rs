//! Renumbering a scope's numeric notes in order of first reference
//! (DESIGN.md section 11): the new numbers, the definitions moved into
//! that order as whole lines, every marker and note-to-note reference
//! rewritten, identical later copies dropped. A scope whose fix needs a
//! human decision is left as it is, with why.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::{Applicability, Edit, Fix, FixOptions, LeftAlone, Plan};
use crate::graph::RefGraph;
use crate::model::{label_number, BlockKind, Certainty, Definition, NoteRefForm, RefKind, Span};
use crate::source::LineIndex;

/// The most renumberings a fix's message lists.
const SHOWN: usize = 8;

/// The fixes for every scope of one file.
pub fn plan(graph: &RefGraph<'_>, options: &FixOptions) -> Plan {
    let mut plan = Plan::default();
    let text = graph.text;
    // Line numbers for messages, worked out only when one is needed.
    let lines = std::cell::OnceCell::new();
    let line_of =
        |at: usize| -> usize { lines.get_or_init(|| LineIndex::new(text)).line_of(at) + 1 };
    // The last numbers of the scope before (as written, and as fixed),
    // for a scope that continues its numbering.
    let mut previous: Option<(u32, u32)> = None;
    let mut refs = vec![Vec::new(); graph.scopes.len()];
    for (r, _) in graph.note_refs() {
        refs[graph.note_ref_scope(r)].push(r);
    }
    for (scope, refs) in refs.into_iter().enumerate() {
        let Some(notes) = Notes::of(graph, scope, refs) else {
            continue;
        };
        let written_max = notes.written_max();
        let renumbers = match graph.block_kind(scope) {
            Some(BlockKind::Notes) => true,
            Some(BlockKind::References) => options.reference_lists,
            None => false,
        };
        let continues = previous.is_some_and(|(max, _)| notes.written_min() == max + 1);
        let start = match previous {
            Some((_, fixed)) if continues => fixed + 1,
            _ if crate::rules::starts_later(notes.written_min(), notes.distinct()) => {
                notes.written_min()
            }
            _ => 1,
        };
        let name = scope_name(graph, scope, &line_of);
        // Where messages about the scope point: its heading, or its block.
        let at = graph
            .block(scope)
            .map_or(graph.scopes[scope].span, |b| b.heading.unwrap_or(b.span));
        let outcome = if renumbers {
            notes.fix(graph, start, options, &line_of)
        } else {
            Ok(None)
        };
        let fixed_max = match outcome {
            Ok(Some(done)) => {
                let max = done.max;
                let noun = match graph.block_kind(scope) {
                    Some(BlockKind::References) => "reference",
                    _ => "note",
                };
                let (message, applicability) = done.describe(&name, noun);
                plan.fixes.push(Fix {
                    message,
                    span: at,
                    edits: done.edits,
                    applicability,
                });
                max
            }
            Ok(None) => written_max,
            Err(reason) => {
                plan.left_alone.push(LeftAlone {
                    span: at,
                    scope: name,
                    reason,
                });
                written_max
            }
        };
        previous = Some((written_max, fixed_max));
    }
    if options.unsafe_fixes {
        unused_links(graph, &mut plan);
    }
    plan
}

/// How messages name a scope: its heading and line, or its first line.
fn scope_name(graph: &RefGraph<'_>, scope: usize, line_of: &impl Fn(usize) -> usize) -> String {
    let text = graph.text;
    match graph.block(scope) {
        Some(block) => match block.heading {
            Some(h) => {
                let heading: String = h
                    .of(text)
                    .trim()
                    .trim_start_matches('#')
                    .trim()
                    .chars()
                    .take(40)
                    .collect();
                format!("“{heading}” (line {})", line_of(h.start))
            }
            None => format!("the notes from line {}", line_of(block.span.start)),
        },
        None => format!(
            "the text from line {}",
            line_of(graph.scopes[scope].span.start)
        ),
    }
}

/// A scope's numeric notes: the first definition of each number, in
/// source order, and later copies.
struct Notes<'g, 'a> {
    graph: &'g RefGraph<'a>,
    scope: usize,
    /// First definitions with their number, in source order.
    firsts: Vec<(usize, u32)>,
    /// Later definitions of a number: (the copy, the first).
    copies: Vec<(usize, usize)>,
    /// The note-to-note references that resolve in the scope.
    refs: Vec<usize>,
    /// The scope's numeric note markers that count, in reading order:
    /// (number, marker).
    markers: Vec<(u32, usize)>,
    /// The lowest and highest number its notes and markers use, and how
    /// many numbers they use.
    written: (u32, u32, usize),
}

/// A scope's fix, before it is described.
struct Done {
    edits: Vec<Edit>,
    /// Old number → new, for each note kept.
    renumbered: Vec<(u32, u32)>,
    /// Identical copies dropped: (label, line).
    dropped: Vec<(u32, usize)>,
    /// Orphaned notes deleted (under `--unsafe`): (label, line).
    deleted: Vec<(u32, usize)>,
    /// Whether definitions moved.
    moved: bool,
    max: u32,
}

impl Done {
    fn describe(&self, scope: &str, noun: &str) -> (String, Applicability) {
        let mut parts = Vec::new();
        let changed: Vec<String> = self
            .renumbered
            .iter()
            .filter(|(old, new)| old != new)
            .map(|(old, new)| format!("{old} → {new}"))
            .collect();
        if !changed.is_empty() {
            let mut list = changed[..changed.len().min(SHOWN)].join(", ");
            if changed.len() > SHOWN {
                list.push_str(&format!(" and {} more", changed.len() - SHOWN));
            }
            parts.push(format!("renumbered {noun}s {list}"));
        }
        if self.moved && changed.is_empty() {
            parts.push(format!("put the {noun}s in order"));
        }
        for (label, line) in &self.dropped {
            parts.push(format!(
                "removed the identical copy of note {label} on line {line}"
            ));
        }
        for (label, line) in &self.deleted {
            parts.push(format!("deleted orphaned note {label} on line {line}"));
        }
        let applicability = if self.deleted.is_empty() {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        };
        (format!("{} in {scope}", parts.join("; ")), applicability)
    }
}

impl<'g, 'a> Notes<'g, 'a> {
    fn of(graph: &'g RefGraph<'a>, scope: usize, refs: Vec<usize>) -> Option<Self> {
        let mut firsts = Vec::new();
        let mut copies = Vec::new();
        let mut seen: HashMap<u32, usize> = HashMap::default();
        for (i, d) in graph.definitions_in(scope) {
            if !is_note(d) {
                continue;
            }
            let Some(n) = label_number(&d.label) else {
                continue;
            };
            match seen.get(&n) {
                Some(&first) => copies.push((i, first)),
                None => {
                    seen.insert(n, i);
                    firsts.push((i, n));
                }
            }
        }
        if firsts.is_empty() {
            return None;
        }
        let markers: Vec<(u32, usize)> = graph
            .markers_in(scope)
            .filter(|(_, m)| m.kind == RefKind::Note && m.namespace.is_none())
            .filter_map(|(i, m)| label_number(&m.label).map(|n| (n, i)))
            .collect();
        let mut numbers: Vec<u32> = firsts.iter().map(|&(_, n)| n).collect();
        numbers.extend(markers.iter().map(|&(n, _)| n));
        numbers.sort_unstable();
        numbers.dedup();
        let written = (numbers[0], numbers[numbers.len() - 1], numbers.len());
        Some(Self {
            graph,
            scope,
            firsts,
            copies,
            refs,
            markers,
            written,
        })
    }

    fn written_max(&self) -> u32 {
        self.written.1
    }

    /// How many numbers the scope's notes and markers use.
    fn distinct(&self) -> usize {
        self.written.2
    }

    fn written_min(&self) -> u32 {
        self.written.0
    }

    /// The scope's numeric note markers that count, in reading order.
    fn numbered_markers(&self) -> impl Iterator<Item = (u32, usize)> + '_ {
        self.markers.iter().copied()
    }

    /// The scope's fix; `Ok(None)` when it needs none, `Err` with why when
    /// it needs a human decision.
    fn fix(
        &self,
        graph: &RefGraph<'_>,
        start: u32,
        options: &FixOptions,
        line_of: &impl Fn(usize) -> usize,
    ) -> Result<Option<Done>, String> {
        let text = graph.text;
        let doc = graph.doc;
        let notation = graph.notation;
        let mark = |n: u32| notation.marker(&n.to_string());
        let by_number: HashMap<u32, usize> = self.firsts.iter().map(|&(i, n)| (n, i)).collect();

        // What needs a human decision, when the scope needs fixing at
        // all: a marker that names no note, copies with different text.
        let mut blocker: Option<String> = None;
        for (n, i) in self.numbered_markers() {
            if !by_number.contains_key(&n) {
                let at = doc.markers[i].span.start;
                blocker = Some(format!(
                    "marker {} on line {} has no note",
                    mark(n),
                    line_of(at)
                ));
                break;
            }
        }
        // Copies: identical ones go, different ones need a decision.
        let mut dropped = Vec::new();
        for &(copy, first) in &self.copies {
            let (c, f) = (&doc.definitions[copy], &doc.definitions[first]);
            if c.body.of(text) != f.body.of(text) {
                blocker.get_or_insert_with(|| {
                    format!(
                        "note {} is written twice with different text (lines {} and {})",
                        mark(label_number(&c.label).unwrap_or(0)),
                        line_of(f.label_span.start),
                        line_of(c.label_span.start)
                    )
                });
            } else {
                dropped.push(copy);
            }
        }

        // The new order: by first reference from a marker in reading
        // order as it will be after the fix: the text first, then the
        // notes' own markers note by note in their new order (so that a
        // second fix finds the same order); then the notes no marker
        // reaches, in their written order.
        let numbered: HashSet<usize> = self.firsts.iter().map(|&(d, _)| d).collect();
        let holder = |span: Span| {
            let after = doc
                .definitions
                .partition_point(|d| d.label_span.start <= span.start);
            let h = after.checked_sub(1)?;
            let body = doc.definitions[h].body;
            (numbered.contains(&h) && body.start <= span.start && span.end <= body.end).then_some(h)
        };
        let mut in_text: Vec<u32> = Vec::new();
        let mut in_note: HashMap<usize, Vec<u32>> = HashMap::default();
        for (n, i) in self.numbered_markers() {
            match holder(doc.markers[i].span) {
                Some(h) => in_note.entry(h).or_default().push(n),
                None => in_text.push(n),
            }
        }
        let mut order: Vec<usize> = Vec::with_capacity(self.firsts.len());
        let mut placed: HashSet<usize> = HashSet::default();
        let reach = |from: &[u32], order: &mut Vec<usize>, placed: &mut HashSet<usize>| {
            for n in from {
                if let Some(&d) = by_number.get(n) {
                    if placed.insert(d) {
                        order.push(d);
                    }
                }
            }
        };
        reach(&in_text, &mut order, &mut placed);
        let mut k = 0;
        while k < order.len() {
            if let Some(from) = in_note.get(&order[k]) {
                reach(from, &mut order, &mut placed);
            }
            k += 1;
        }
        // Under `--unsafe`, the notes no marker reaches are deleted, but
        // for those a "see note N" in the text or in a kept note names
        // (and what their own markers and references reach).
        let mut kept: HashSet<usize> = HashSet::default();
        if options.unsafe_fixes {
            let mut names: HashMap<Option<usize>, Vec<usize>> = HashMap::default();
            for &r in &self.refs {
                let from = graph.note_ref_holder(r).filter(|h| numbered.contains(h));
                names
                    .entry(from)
                    .or_default()
                    .extend(graph.note_ref_targets(r));
            }
            let mut queue: Vec<usize> = names.get(&None).cloned().unwrap_or_default();
            for d in &order {
                queue.extend(names.get(&Some(*d)).into_iter().flatten());
            }
            while let Some(d) = queue.pop() {
                if placed.contains(&d) || !numbered.contains(&d) || !kept.insert(d) {
                    continue;
                }
                queue.extend(names.get(&Some(d)).into_iter().flatten());
                for n in in_note.get(&d).into_iter().flatten() {
                    queue.extend(by_number.get(n));
                }
            }
        }
        let mut deleted = Vec::new();
        for &(d, _) in &self.firsts {
            if placed.contains(&d) {
                continue;
            }
            if options.unsafe_fixes && !kept.contains(&d) {
                deleted.push(d);
            } else {
                order.push(d);
            }
        }
        let new_number: HashMap<usize, u32> = order
            .iter()
            .enumerate()
            .map(|(k, &d)| (d, start + k as u32))
            .collect();
        let number_of = |d: usize| label_number(&doc.definitions[d].label).unwrap_or(0);
        let old_to_new: HashMap<u32, u32> = order
            .iter()
            .map(|&d| (number_of(d), new_number[&d]))
            .collect();
        let max = start + order.len() as u32 - 1;

        // Slots: where the kept notes are, in source order; the k-th slot
        // gets the note numbered k-th.
        let mut slots: Vec<usize> = self
            .firsts
            .iter()
            .map(|&(d, _)| d)
            .filter(|d| new_number.contains_key(d))
            .collect();
        slots.sort_unstable();
        // The order is the new numbering: the k-th slot gets order[k].
        let in_slot_order = &order;
        let moved = slots != *in_slot_order;
        let identity = !moved
            && dropped.is_empty()
            && deleted.is_empty()
            && old_to_new.iter().all(|(old, new)| old == new);
        if identity {
            return Ok(None);
        }
        if let Some(why) = blocker {
            return Err(why);
        }

        // Doubtful brackets (`[4]` that no note defines, read as prose)
        // that the new numbers would turn into markers.
        let scope_span = graph.scopes[self.scope].span;
        let first_marker = doc
            .markers
            .partition_point(|m| m.span.start < scope_span.start);
        for m in doc.markers[first_marker..]
            .iter()
            .take_while(|m| m.span.start < scope_span.end)
        {
            if m.certainty != Certainty::IfDefined || m.kind != RefKind::Note {
                continue;
            }
            let Some(n) = label_number(&m.label) else {
                continue;
            };
            if !by_number.contains_key(&n) && (start..=max).contains(&n) {
                return Err(format!(
                    "{} on line {} is read as text now, and would name note {} once the notes are renumbered",
                    m.span.of(text),
                    line_of(m.span.start),
                    mark(n)
                ));
            }
        }

        // Note-to-note references: every number must name a note, and
        // the new order must keep each "Ibid." after the same note and
        // each supra/infra pointing the right way.
        let mut first_seen: HashMap<u32, usize> = HashMap::default();
        for (n, i) in self.numbered_markers() {
            first_seen.entry(n).or_insert(doc.markers[i].span.start);
        }
        // Where a note is read: its first marker, else its definition.
        let position = |d: usize| -> usize {
            first_seen
                .get(&number_of(d))
                .copied()
                .unwrap_or(doc.definitions[d].label_span.start)
        };
        // The scope's notes in written order, and after the fix.
        let gone: HashSet<usize> = dropped.iter().chain(&deleted).copied().collect();
        let slot_of: HashMap<usize, usize> =
            slots.iter().enumerate().map(|(k, &d)| (d, k)).collect();
        let before_seq: Vec<usize> = graph
            .definitions_in(self.scope)
            .filter(|(_, d)| is_note(d))
            .map(|(i, _)| i)
            .collect();
        let after_seq: Vec<usize> = before_seq
            .iter()
            .filter(|d| !gone.contains(d))
            .map(|d| slot_of.get(d).map_or(*d, |&k| in_slot_order[k]))
            .collect();
        let at_before: HashMap<usize, usize> = before_seq
            .iter()
            .enumerate()
            .map(|(k, &d)| (d, k))
            .collect();
        let at_after: HashMap<usize, usize> =
            after_seq.iter().enumerate().map(|(k, &d)| (d, k)).collect();
        let previous_in = |seq: &[usize], at: &HashMap<usize, usize>, d: usize| {
            let k = *at.get(&d)?;
            k.checked_sub(1).map(|j| seq[j])
        };
        for (r, note_ref) in self.refs.iter().map(|&r| (r, &doc.note_refs[r])) {
            let holder = graph.note_ref_holder(r);
            for target in &note_ref.targets {
                for n in target.numbers() {
                    if !by_number.contains_key(&n) {
                        return Err(format!(
                            "“{}” on line {} names note {}, which does not exist",
                            note_ref.span.of(text),
                            line_of(note_ref.span.start),
                            mark(n)
                        ));
                    }
                }
            }
            match note_ref.form {
                NoteRefForm::Ibid => {
                    let Some(h) = holder.filter(|h| new_number.contains_key(h)) else {
                        continue;
                    };
                    if !note_ref.opens(text, doc.definitions[h].body) {
                        continue;
                    }
                    let before = previous_in(&before_seq, &at_before, h);
                    let after = previous_in(&after_seq, &at_after, h);
                    if before != after {
                        let name = |d: Option<usize>| {
                            d.map_or_else(
                                || "nothing (it would be the first note)".to_owned(),
                                |d| format!("note {}", notation.marker(&doc.definitions[d].label)),
                            )
                        };
                        return Err(format!(
                            "“{}” in note {} (line {}) repeats {}, and once the notes are reordered it would follow {}",
                            note_ref.span.of(text),
                            mark(number_of(h)),
                            line_of(note_ref.span.start),
                            name(before),
                            name(after)
                        ));
                    }
                }
                NoteRefForm::Back | NoteRefForm::Forward => {
                    let back = note_ref.form == NoteRefForm::Back;
                    for target in &note_ref.targets {
                        for n in target.numbers() {
                            let t = by_number[&n];
                            let ok_before = match holder {
                                Some(h) if h == t => continue,
                                Some(h) => (position(t) < position(h)) == back,
                                None => (position(t) < note_ref.span.start) == back,
                            };
                            let ok_after = match holder.and_then(|h| new_number.get(&h)) {
                                Some(&hn) => {
                                    new_number.get(&t).is_some_and(|&tn| (tn < hn) == back)
                                }
                                None => ok_before,
                            };
                            if ok_before && !ok_after {
                                return Err(format!(
                                    "“{}” on line {} would point {} once the notes are reordered",
                                    note_ref.span.of(text),
                                    line_of(note_ref.span.start),
                                    if back { "forward" } else { "back" }
                                ));
                            }
                        }
                    }
                }
                NoteRefForm::Note => {}
            }
        }

        // The edits. Each definition moves as whole lines; edits inside
        // a moved definition are made to its text before it moves.
        let mut small: Vec<Edit> = Vec::new();
        for &(d, _) in &self.firsts {
            if let Some(&n) = new_number.get(&d) {
                relabel(
                    text,
                    doc.definitions[d].label_span,
                    &doc.definitions[d].label,
                    n,
                    &mut small,
                );
            }
        }
        self.rewrite_markers(&old_to_new, &mut small);
        for &r in &self.refs {
            for target in &doc.note_refs[r].targets {
                rewrite_target(target, &old_to_new, &mut small);
            }
        }
        small.retain(|e| e.span.of(text) != e.replacement);
        small.sort_by_key(|e| e.span.start);

        let mut edits: Vec<Edit> = Vec::new();
        let mut removals: Vec<Span> = Vec::new();
        // A note's whole lines, or why it cannot be moved or removed.
        let lines_of = |d: usize| -> Result<Span, String> {
            whole_lines(text, &doc.definitions[d]).ok_or_else(|| {
                format!(
                    "note {} on line {} does not start a line, so it cannot be moved or removed",
                    mark(number_of(d)),
                    line_of(doc.definitions[d].label_span.start)
                )
            })
        };
        let removed_lines = |d: usize| lines_of(d).map(|chunk| with_blank_lines(text, chunk));
        let mut dropped_at = Vec::new();
        for &d in &dropped {
            removals.push(removed_lines(d)?);
            dropped_at.push((number_of(d), line_of(doc.definitions[d].label_span.start)));
        }
        let mut deleted_at = Vec::new();
        for &d in &deleted {
            removals.push(removed_lines(d)?);
            deleted_at.push((number_of(d), line_of(doc.definitions[d].label_span.start)));
        }
        if moved {
            let chunks: Vec<Span> = slots
                .iter()
                .map(|&d| lines_of(d))
                .collect::<Result<_, _>>()?;
            let chunk_of: HashMap<usize, Span> =
                slots.iter().copied().zip(chunks.iter().copied()).collect();
            for (k, &slot) in chunks.iter().enumerate() {
                let from = chunk_of[&in_slot_order[k]];
                edits.push(Edit {
                    span: slot,
                    replacement: with_edits(text, from, &small),
                });
            }
            // Small edits outside the moved definitions stay as they are.
            small.retain(|e| {
                !chunks
                    .iter()
                    .any(|c| c.start <= e.span.start && e.span.end <= c.end)
            });
        }
        // Edits inside a removed copy are dropped with it.
        small.retain(|e| {
            !removals
                .iter()
                .any(|c| c.start <= e.span.start && e.span.end <= c.end)
        });
        edits.extend(small);
        edits.extend(removals.into_iter().map(|span| Edit {
            span,
            replacement: String::new(),
        }));
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        // Two removed notes side by side share the blank lines between
        // them: their deletions merge into one.
        edits.dedup_by(|later, earlier| {
            let merge = later.replacement.is_empty()
                && earlier.replacement.is_empty()
                && later.span.start <= earlier.span.end;
            if merge {
                earlier.span.end = earlier.span.end.max(later.span.end);
            }
            merge
        });
        for e in &mut edits {
            if e.replacement.is_empty() {
                e.span = at_the_end(text, e.span);
            }
        }
        let renumbered = order
            .iter()
            .map(|&d| (number_of(d), new_number[&d]))
            .collect();
        Ok(Some(Done {
            edits,
            renumbered,
            dropped: dropped_at,
            deleted: deleted_at,
            moved,
            max,
        }))
    }

    /// Rewrite the scope's numeric markers: each label of a group, a
    /// range kept when its new numbers follow each other and written out
    /// as a list when they do not.
    fn rewrite_markers(&self, old_to_new: &HashMap<u32, u32>, edits: &mut Vec<Edit>) {
        let graph = self.graph;
        let text = graph.text;
        let markers: Vec<(usize, &crate::model::Marker)> = graph
            .markers_in(self.scope)
            .filter(|(_, m)| m.kind == RefKind::Note && m.namespace.is_none())
            .collect();
        let mut k = 0;
        while k < markers.len() {
            let span = markers[k].1.span;
            let mut end = k + 1;
            while end < markers.len() && markers[end].1.span == span {
                end += 1;
            }
            let group = &markers[k..end];
            k = end;
            if group.len() == 1 && group[0].1.label_span == span {
                let m = group[0].1;
                if let Some(&n) = label_number(&m.label).and_then(|n| old_to_new.get(&n)) {
                    relabel(text, span, &m.label, n, edits);
                }
                continue;
            }
            rewrite_group(text, group, old_to_new, edits);
        }
    }
}

/// Whether a definition is a note (not a link or citation).
fn is_note(d: &Definition) -> bool {
    d.kind == RefKind::Note && d.namespace.is_none()
}

/// Replace the digits of `label` inside `span` with `n`.
fn relabel(text: &str, span: Span, label: &str, n: u32, edits: &mut Vec<Edit>) {
    let Some(at) = span.of(text).find(label) else {
        return;
    };
    let start = span.start + at;
    edits.push(Edit {
        span: Span::new(start, start + label.len()),
        replacement: n.to_string(),
    });
}

/// Rewrite a bracket group of numbers (`[1, 4]`, `[3–5]`, `[3]-[5]`).
fn rewrite_group(
    text: &str,
    group: &[(usize, &crate::model::Marker)],
    old_to_new: &HashMap<u32, u32>,
    edits: &mut Vec<Edit>,
) {
    // The numbers written, each with its digits: the markers whose label
    // span is exactly their number.
    let written: Vec<(u32, Span)> = group
        .iter()
        .filter_map(|(_, m)| {
            let n = label_number(&m.label)?;
            let digits = m.label_span.of(text);
            (label_number(digits) == Some(n)).then_some((n, m.label_span))
        })
        .collect();
    let new = |n: u32| old_to_new.get(&n).copied();
    let mut k = 0;
    while k < written.len() {
        let (lo, lo_span) = written[k];
        let between = written
            .get(k + 1)
            .map(|&(_, next)| &text[lo_span.end..next.start]);
        let dash = between.and_then(range_separator);
        match dash {
            Some(bracketed) if written[k + 1].0 > lo => {
                let (hi, hi_span) = written[k + 1];
                let fresh: Option<Vec<u32>> = (lo..=hi).map(new).collect();
                let Some(fresh) = fresh else {
                    k += 2;
                    continue;
                };
                let joint = if bracketed { "], [" } else { ", " };
                rewrite_range((lo_span, hi_span), &fresh, joint, edits);
                k += 2;
            }
            _ => {
                if let Some(n) = new(lo) {
                    edits.push(Edit {
                        span: lo_span,
                        replacement: n.to_string(),
                    });
                }
                k += 1;
            }
        }
    }
}

/// Whether the text between two numbers of a group makes a range: a dash
/// (`3–5`) gives `Some(false)`, a dash between brackets (`3]-[5`)
/// `Some(true)`.
fn range_separator(between: &str) -> Option<bool> {
    let is_dash = |s: &str| matches!(s, "-" | "\u{2013}" | "\u{2014}");
    if is_dash(between) {
        return Some(false);
    }
    between
        .strip_prefix(']')
        .and_then(|s| s.strip_suffix('['))
        .filter(|s| is_dash(s))
        .map(|_| true)
}

/// Rewrite a range `lo–hi` whose numbers are now `fresh`: still a range
/// when they follow each other, else a list joined by `joint`.
fn rewrite_range((lo, hi): (Span, Span), fresh: &[u32], joint: &str, edits: &mut Vec<Edit>) {
    let (Some(first), Some(last)) = (fresh.first(), fresh.last()) else {
        return;
    };
    if fresh.windows(2).all(|w| w[1] == w[0] + 1) {
        edits.push(Edit {
            span: lo,
            replacement: first.to_string(),
        });
        edits.push(Edit {
            span: hi,
            replacement: last.to_string(),
        });
    } else {
        let list: Vec<String> = fresh.iter().map(u32::to_string).collect();
        edits.push(Edit {
            span: Span::new(lo.start, hi.end),
            replacement: list.join(joint),
        });
    }
}

/// Rewrite the numbers of a note-to-note reference.
fn rewrite_target(
    target: &crate::model::NoteTarget,
    old_to_new: &HashMap<u32, u32>,
    edits: &mut Vec<Edit>,
) {
    let (lo, lo_span) = target.first;
    let Some((hi, hi_span)) = target.last else {
        if let Some(&n) = old_to_new.get(&lo) {
            edits.push(Edit {
                span: lo_span,
                replacement: n.to_string(),
            });
        }
        return;
    };
    let Some(fresh) = (lo..=hi)
        .map(|n| old_to_new.get(&n).copied())
        .collect::<Option<Vec<u32>>>()
    else {
        return;
    };
    rewrite_range((lo_span, hi_span), &fresh, ", ", edits);
}

/// A definition's whole lines: from the start of its label's line (only
/// indentation before it) to the end of its body's last line, line end
/// excluded. `None` when something else starts its first line.
fn whole_lines(text: &str, d: &Definition) -> Option<Span> {
    let start = text[..d.label_span.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[start..d.label_span.start]
        .chars()
        .all(|c| c == ' ' || c == '\t')
    {
        return None;
    }
    // The body's last character (a dialect's body may take in its line end).
    let body_end = d.body.start + d.body.of(text).trim_end().len();
    let last = body_end.max(d.label_span.end);
    let end = text[last..].find('\n').map_or(text.len(), |i| last + i);
    let end = if end > start && text.as_bytes()[end - 1] == b'\r' {
        end - 1
    } else {
        end
    };
    // Something after the body on its last line belongs to it (a closing
    // bracket); trailing text that is another definition cannot happen.
    Some(Span::new(start, end))
}

/// A removed definition's lines with their line end and the blank lines
/// after them (see [`at_the_end`] for the last lines of the text).
fn with_blank_lines(text: &str, chunk: Span) -> Span {
    let bytes = text.as_bytes();
    let mut end = chunk.end;
    // Its own line end.
    if bytes.get(end) == Some(&b'\r') {
        end += 1;
    }
    if bytes.get(end) == Some(&b'\n') {
        end += 1;
    }
    // Blank lines after it.
    let mut at = end;
    while at < text.len() {
        let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
        if !text[at..line_end].trim().is_empty() {
            break;
        }
        at = line_end;
    }
    Span::new(chunk.start, at)
}

/// A deletion that runs to the end of the text takes the blank lines
/// before it and the line end of the line before those instead of the
/// text's last line end, so that no blank line is left at the end.
fn at_the_end(text: &str, span: Span) -> Span {
    if span.end < text.len() {
        return span;
    }
    let bytes = text.as_bytes();
    let mut start = span.start;
    while start > 0 {
        let prev_start = text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        if !text[prev_start..start].trim().is_empty() {
            break;
        }
        start = prev_start;
    }
    if start == 0 {
        return Span::new(0, span.end);
    }
    // The line end of the line before, and the text's own last one kept.
    let mut new_start = start - 1;
    if new_start > 0 && bytes[new_start - 1] == b'\r' {
        new_start -= 1;
    }
    let last_end = if text.ends_with("\r\n") {
        2
    } else {
        usize::from(text.ends_with('\n'))
    };
    Span::new(new_start, (text.len() - last_end).max(new_start))
}

/// The text of `span` with the edits inside it made.
fn with_edits(text: &str, span: Span, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(span.len());
    let mut at = span.start;
    let first = edits.partition_point(|e| e.span.start < span.start);
    for e in edits[first..].iter().take_while(|e| e.span.end <= span.end) {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..span.end]);
    out
}

/// Under `--unsafe`: delete the link definitions `unused-link-definition`
/// reports, each as whole lines.
fn unused_links(graph: &RefGraph<'_>, plan: &mut Plan) {
    let text = graph.text;
    let mut labels = Vec::new();
    let mut spans: Vec<Span> = Vec::new();
    let mut first = None;
    for def in crate::rules::unused_link_definitions(graph, false) {
        let Some(chunk) = whole_lines(text, def) else {
            continue;
        };
        first.get_or_insert(def.label_span);
        labels.push(format!("[{}]", def.label));
        spans.push(with_blank_lines(text, chunk));
    }
    let Some(first) = first else {
        return;
    };
    spans.sort_unstable();
    // Definitions side by side share the blank lines between them.
    spans.dedup_by(|later, earlier| {
        let merge = later.start <= earlier.end;
        if merge {
            earlier.end = earlier.end.max(later.end);
        }
        merge
    });
    plan.fixes.push(Fix {
        message: format!(
            "deleted {} unused link definition{} {}",
            labels.len(),
            if labels.len() == 1 { "" } else { "s" },
            labels.join(", ")
        ),
        span: first,
        edits: spans
            .into_iter()
            .map(|span| Edit {
                span: at_the_end(text, span),
                replacement: String::new(),
            })
            .collect(),
        applicability: Applicability::Unsafe,
    });
}
