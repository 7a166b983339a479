use super::Sink;
use crate::graph::RefGraph;
use crate::model::RefKind;

rule! {
    /// Wikitext notes of a named group that no reference list of their
    /// group shows.
    ///
    /// ## Why
    /// MediaWiki adds a list of the default group's notes at the end of a
    /// page that has none, but not of a named group's: notes written with
    /// `group="n"` (and `{{efn}}` notes, group `lower-alpha`) are shown
    /// only by a list of their group after them, `<references group="n" />`,
    /// `{{reflist|group=n}}` or `{{notelist}}`. Without one, readers find
    /// no note, and the page shows "Cite error: `<ref>` tags exist for a
    /// group named "n", but no corresponding `<references group="n"/>` tag
    /// was found". A list shows the notes written before it: notes after
    /// the group's last list are missing too.
    ///
    /// ## Example
    /// ```text
    /// Dredging began in 1931.{{efn|The first dredge sank in a week.}}
    /// The marsh silted up.<ref group="survey">Survey of 1932.</ref>
    ///
    /// == References ==
    /// {{reflist}}
    /// ```
    ///
    /// ## Fix
    /// Add each group's list after its notes:
    /// ```text
    /// == Notes ==
    /// {{notelist}}
    ///
    /// == Survey ==
    /// <references group="survey" />
    ///
    /// == References ==
    /// {{reflist}}
    /// ```
    "missing-reference-list", Error, "no list of this group follows"
}

fn check(graph: &RefGraph<'_>, sink: &mut Sink<'_>) {
    for (_, marker) in graph.unresolved(RefKind::RefList) {
        // A marker in a namespace is a group mismatch, not a missing list.
        if marker.namespace.is_some() {
            continue;
        }
        let group = marker.label.as_str();
        sink.report(
            marker.span,
            Some(group),
            format!(
                "notes of group \"{group}\" from here on are in no reference list, so \
                 MediaWiki does not show them"
            ),
        )
        .help(format!("add {} after them", list_of(group)));
    }
}

/// How a page writes the list of a group (Help:Footnotes' predefined
/// groups have a template of their own).
fn list_of(group: &str) -> String {
    let template = match group {
        "lower-alpha" => "{{notelist}}",
        "upper-alpha" => "{{notelist-ua}}",
        "lower-roman" => "{{notelist-lr}}",
        "upper-roman" => "{{notelist-ur}}",
        "lower-greek" => "{{notelist-lg}}",
        _ => return format!("`<references group=\"{group}\" />` or `{{{{reflist|group={group}}}}}`"),
    };
    format!("`{template}`")
}
