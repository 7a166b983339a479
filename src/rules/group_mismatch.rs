use super::Sink;
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// A list-defined wikitext note whose `group=` is not its list's group.
    ///
    /// ## Why
    /// A note defined inside a reference list (`<references>…</references>`,
    /// `{{reflist|refs=…}}`) belongs to that list's group. MediaWiki refuses
    /// one that names another group ("`<ref>` tag in `<references>` has
    /// conflicting group attribute"), and the notes that reuse its name
    /// then have no text. ibid reads it in its list's group, so that only
    /// this mistake is reported.
    ///
    /// ## Example
    /// ```text
    /// Dredging began in 1931.<ref name="dredge" />
    ///
    /// == References ==
    /// <references>
    /// <ref name="dredge" group="survey">Survey of 1932.</ref>
    /// </references>
    /// ```
    ///
    /// ## Fix
    /// Drop its `group=`, so that it takes its list's group (or move it,
    /// and the notes that use it, to the list of its group):
    /// ```text
    /// <references>
    /// <ref name="dredge">Survey of 1932.</ref>
    /// </references>
    /// ```
    "group-mismatch", Error, "not the group of its list"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    let mismatched = graph
        .markers()
        .filter(|(_, m)| m.kind == RefKind::RefList && m.namespace.is_some());
    for (_, marker) in mismatched {
        let list = marker.namespace.as_deref().unwrap_or_default();
        let group = marker.key();
        sink.report(
            marker.span,
            Some(&marker.label),
            format!(
                "note names {} but is defined in the reference list of {}; MediaWiki \
                 ignores it",
                named(group),
                named(list)
            ),
        )
        .help(format!(
            "move it to the list of {}, or remove its `group=`",
            named(group)
        ));
    }
}

/// A group as messages name it.
fn named(group: &str) -> String {
    if group.is_empty() {
        "the default group".to_owned()
    } else {
        format!("group \"{group}\"")
    }
}
