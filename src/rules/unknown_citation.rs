use super::Sink;
use crate::graph::CitationGraph;
use crate::model::OwnEntries;

rule! {
    /// A citation key (`[@key]`, `@key`) that no bibliography in the
    /// document's scope defines.
    ///
    /// ## Why
    /// pandoc and citeproc print the key itself, or `???`, in place of the
    /// reference; xml2rfc stops at a kramdown-rfc `{{RFC2119}}` whose
    /// anchor is missing. Only documents with a bibliography in scope
    /// (front matter `bibliography:` or `references:`, a draft's
    /// `normative:` and `informative:`, or `--bibliography`) are checked.
    ///
    /// ## Example
    /// ```text
    /// ---
    /// bibliography: refs.bib
    /// ---
    /// As shown by [@smtih2020].
    /// ```
    ///
    /// ## Fix
    /// Correct the key, or add the entry to the bibliography:
    /// ```text
    /// As shown by [@smith2020].
    /// ```
    ///
    /// ## reStructuredText
    /// In a Sphinx project using sphinxcontrib-bibtex, `:cite:`, `:cite:p:`,
    /// `:cite:t:` and `:footcite:` keys are checked against `bibtex_bibfiles`
    /// in `conf.py`:
    /// ```text
    /// Corrections follow :cite:p:`brook2014,carver1921`.
    /// ```
    ///
    /// ## Wikitext
    /// In wikitext, a short citation (`{{sfn}}`, `{{sfnp}}`, `{{harv}}`,
    /// `{{harvnb}}`, `{{harvtxt}}`, `{{sfnm}}`, `[[#CITEREF…]]`) whose
    /// CITEREF id no full citation of the page has (Wikipedia: "Harv
    /// error: link from CITEREFCarver1921 doesn't point to any citation").
    /// A `{{cite …}}` or `{{citation}}` has the id `CITEREF` + its first
    /// four authors' surnames (editors' when it has no author) + its year,
    /// or the id its `ref=` gives; ids are case-sensitive:
    /// ```text
    /// Geese graze the shoots.{{sfn|Carver|1921|p=4}}
    /// * {{cite book |last=Carver |first=Tom |date=1912 |title=Tides}}
    /// ```
    /// Make the surnames and year agree, or give the citation
    /// `ref={{sfnref|Carver|1921}}`.
    "unknown-citation", Error, "no bibliography entry has this key", Project
}

fn check(graph: &CitationGraph, sink: &mut Sink<'_>) {
    for (doc, file, marker) in graph.unknown() {
        if doc.own == Some(OwnEntries::Page) {
            sink.report_in(
                file,
                marker.span,
                Some(&marker.label),
                format!(
                    "short citation links to `{}`, which no citation on the page has",
                    marker.label
                ),
            )
            .help(
                "give it the surnames and year of the full citation (its `|last=` and \
                 `|year=` or `|date=`), or give that citation `ref={{sfnref|…}}`",
            );
            continue;
        }
        sink.report_in(
            file,
            marker.span,
            Some(&marker.label),
            format!(
                "citation {} is in no bibliography in scope",
                (doc.notation.key)(&marker.label)
            ),
        )
        .help("correct the key, or add an entry with this key to the bibliography");
    }
}
