use super::Sink;
use crate::graph::RefGraph;

rule! {
    /// A suppression comment that suppresses nothing, or that cannot be
    /// read.
    ///
    /// Suppressions are HTML comments: `<!-- ibid-ignore-next-line CODES -->`
    /// covers the next line that is not blank, `<!-- ibid-ignore-line CODES -->`
    /// its own line, `<!-- ibid-ignore-file CODES -->` the whole file, and
    /// `<!-- ibid-ignore CODES -->` … `<!-- ibid-enable CODES -->` what lies
    /// between. CODES are rule codes separated by commas or spaces (none
    /// means every rule), and a reason may follow `--`. This rule reports
    /// each directive, or code in one, that suppresses nothing, each
    /// `ibid-enable` that ends nothing, unknown directives, unknown or
    /// repeated codes, and text that is not a code or a reason.
    ///
    /// ## Why
    /// A suppression outlives the finding it was written for: once the
    /// note is fixed, the comment waits to hide the next real problem on
    /// that line. A misspelt directive or code never suppressed anything.
    ///
    /// ## Example
    /// ```text
    /// <!-- ibid-ignore-next-line unresolved, duplicate -->
    /// Officials met.[^1]
    ///
    /// [^1]: The note that was missing.
    /// ```
    ///
    /// ## Fix
    /// Remove the comment, or the codes in it that suppress nothing:
    /// ```text
    /// Officials met.[^1]
    ///
    /// [^1]: The note that was missing.
    /// ```
    /// A suppression that is meant to be unused at times can be kept by
    /// naming this rule in another: `<!-- ibid-ignore-file unused-suppression -->`.
    "unused-suppression", Warning, "suppresses nothing"
}

/// Nothing to do here: whether a suppression is used depends on the
/// findings of every other rule, the citation rules included, so
/// [`crate::suppress::apply`] makes this rule's findings once they are all
/// known (with the severity declared above, as configured).
fn check(_: &RefGraph<'_>, _: &mut Sink<'_>) {}
