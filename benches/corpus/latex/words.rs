//! Word lists for the LaTeX corpus: the prose of papers, theses, textbooks
//! and lecture notes. As in `../words.rs`, nothing is copied from a real
//! document.

/// Running academic prose.
#[rustfmt::skip]
pub const PROSE: &[&str] = &[
    "the", "the", "the", "the", "a", "a", "an", "of", "of", "of", "to", "to", "and", "and", "in",
    "in", "is", "is", "for", "with", "that", "this", "we", "we", "our", "it", "its", "on", "by",
    "as", "are", "be", "can", "which", "where", "when", "while", "since", "thus", "hence",
    "however", "moreover", "therefore", "in particular", "for instance", "in contrast",
    "model", "models", "method", "methods", "estimator", "estimate", "sample", "samples",
    "distribution", "variance", "bias", "error", "bound", "bounds", "theorem", "lemma", "proof",
    "proposition", "corollary", "assumption", "condition", "constraint", "parameter",
    "parameters", "function", "functions", "operator", "space", "subspace", "matrix", "vector",
    "graph", "vertex", "edge", "tree", "network", "algorithm", "procedure", "iteration",
    "convergence", "rate", "complexity", "approximation", "solution", "problem", "instance",
    "dataset", "experiment", "experiments", "baseline", "benchmark", "measurement", "signal",
    "noise", "spectrum", "frequency", "energy", "temperature", "pressure", "field", "particle",
    "population", "survey", "respondents", "cohort", "treatment", "effect", "outcome",
    "archive", "manuscript", "edition", "corpus", "reader", "narrative", "period", "century",
    "analysis", "framework", "approach", "result", "results", "evidence", "observation",
    "literature", "study", "studies", "work", "section", "chapter", "appendix", "discussion",
    "show", "shows", "prove", "proves", "derive", "derives", "obtain", "obtains", "assume",
    "consider", "define", "denote", "compute", "evaluate", "compare", "improve", "extend",
    "generalize", "follow", "follows", "hold", "holds", "satisfy", "satisfies", "yield",
    "yields", "suggest", "suggests", "report", "reports", "observe", "propose", "proposes",
    "linear", "nonlinear", "convex", "smooth", "finite", "infinite", "discrete", "continuous",
    "stochastic", "deterministic", "robust", "sparse", "dense", "optimal", "approximate",
    "empirical", "theoretical", "asymptotic", "uniform", "local", "global", "standard",
    "classical", "recent", "previous", "following", "main", "key", "simple", "general",
    "significant", "consistent", "comparable", "substantial", "marginal", "early", "late",
    "first", "second", "third", "two", "three", "several", "many", "each", "every", "all",
    "only", "also", "still", "already", "often", "rarely", "always", "never", "roughly",
    "closely", "directly", "strictly", "essentially", "approximately", "respectively",
    "well-posed", "closed-form", "state-of-the-art", "data-driven", "so-called", "i.e.,",
    "e.g.,", "cf.", "naïve", "Poincaré", "Gödel", "Erdős", "Schrödinger", "Fréchet",
];

/// Section titles.
#[rustfmt::skip]
pub const TITLES: &[&str] = &[
    "Introduction", "Related Work", "Background", "Preliminaries", "Problem Statement",
    "Method", "Methods", "Model", "Main Results", "Analysis", "Experiments", "Evaluation",
    "Results", "Discussion", "Limitations", "Conclusion", "Future Work", "Proofs",
    "Implementation", "Data", "Case Study", "Simulation Study", "Historical Context",
    "Theoretical Framework", "Sources and Methods", "Estimation", "Identification",
    "Robustness Checks", "Extensions", "Notation", "Setup", "Lower Bounds", "Upper Bounds",
];

/// Topic words that go into label names: `sec:sampling3`.
#[rustfmt::skip]
pub const TOPICS: &[&str] = &[
    "intro", "setup", "model", "method", "sampling", "bounds", "proof", "results", "data",
    "design", "ablation", "stability", "spectrum", "kernel", "graph", "survey", "archive",
    "estimator", "variance", "lowerbound", "upperbound", "experiments", "baseline", "runtime",
    "memory", "accuracy", "history", "sources", "robustness", "notation", "appendix",
];

/// Course names for lecture notes.
#[rustfmt::skip]
pub const COURSES: &[&str] = &[
    "algorithms", "compilers", "databases", "numerics", "statistics", "topology", "optics",
    "econometrics", "operating-systems", "cryptography", "logic", "signal-processing",
];

/// Names in titles and author lists.
#[rustfmt::skip]
pub const AUTHORS: &[&str] = &[
    "A.~Okafor", "B.~Lindqvist", "C.~Haddad", "D.~Tanaka", "E.~Moreau", "F.~Đorđević",
    "G.~Nakamura", "H.~Whitfield", "I.~Brennan", "J.~Søndergaard", "K.~Novák", "L.~Ortiz",
];

/// Lines of code inside listings: braces left open, `%` as an operator,
/// and LaTeX-looking text that must stay text.
#[rustfmt::skip]
pub const CODE: &[&str] = &[
    "def partition(xs, lo, hi):",
    "    pivot = xs[(lo + hi) // 2]",
    "    while lo <= hi:",
    "        if xs[lo] % 2 == 0: lo += 1  # even first",
    "    return {\"lo\": lo, \"hi\": hi",
    "for (int i = 0; i < n; i++) {",
    "    sum += a[i] * b[i]; // dot product",
    "    if (i % 8 == 0) { flush(buf);",
    "}",
    "fn main() { println!(\"{}%\", 100 * hits / total); }",
    "let re = Regex::new(r\"\\\\cite\\{([^}]*)\\}\").unwrap();",
    "printf(\"%d%%\\n\", percent);",
    "SELECT key, title FROM refs WHERE cited = 0; -- unused",
    "x = re.sub(r'\\\\ref\\{(.*?)\\}', repl, text)  # \\ref{...} in code",
    "echo '\\label{sec:intro}' >> draft.tex",
    "    % not a LaTeX comment here",
    "    return memo[n] if n in memo else {",
];
