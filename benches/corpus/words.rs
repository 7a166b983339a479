//! Word lists for the generated corpora: the plain-text documents (news
//! and RFC-like), then the LaTeX projects (`latex/`). Nothing here is
//! copied from a real document; the lists only give the prose a realistic
//! mix of word lengths, punctuation and non-ASCII text.

/// Running news prose.
#[rustfmt::skip]
pub const NEWS: &[&str] = &[
    "the", "the", "the", "of", "of", "and", "and", "to", "to", "in", "in", "a", "a", "that", "is",
    "was", "for", "on", "with", "as", "by", "at", "from", "it", "its", "their", "this", "which",
    "said", "would", "has", "have", "had", "been", "were", "not", "but", "also", "more", "than",
    "after", "before", "during", "while", "about", "over", "between", "against", "under",
    "government", "ministry", "council", "officials", "minister", "delegation", "agreement",
    "negotiations", "meeting", "talks", "region", "country", "border", "capital", "province",
    "committee", "parliament", "coalition", "opposition", "election", "campaign", "budget",
    "economy", "inflation", "exports", "imports", "growth", "reform", "policy", "security",
    "forces", "militia", "brigade", "factions", "movement", "leadership", "statement", "interview",
    "newspaper", "agency", "television", "channel", "report", "analysis", "spokesman", "sources",
    "authorities", "residents", "villages", "refugees", "camp", "aid", "assistance", "funding",
    "support", "pressure", "sanctions", "cooperation", "coordination", "framework", "operation",
    "campaign", "offensive", "ceasefire", "negotiator", "mediator", "envoy", "summit",
    "declared", "announced", "stressed", "warned", "claimed", "denied", "admitted", "noted",
    "explained", "estimated", "reported", "accused", "praised", "criticized", "rejected",
    "signed", "ratified", "postponed", "expanded", "reduced", "increased", "confirmed", "added",
    "significant", "ongoing", "recent", "former", "senior", "official", "independent", "regional",
    "international", "domestic", "military", "political", "economic", "humanitarian", "strategic",
    "considerable", "extensive", "modest", "crucial", "unprecedented", "gradual", "direct",
    "indirect", "several", "many", "few", "some", "all", "most", "every", "two", "three", "dozens",
    "hundreds", "thousands", "millions", "percent", "years", "months", "weeks", "days", "decade",
    "people", "workers", "farmers", "students", "journalists", "analysts", "diplomats", "voters",
    "water", "energy", "grain", "oil", "gas", "electricity", "roads", "ports", "hospitals",
    "schools", "markets", "prices", "wages", "taxes", "debt", "loans", "investment", "trade",
    "however", "nevertheless", "furthermore", "meanwhile", "accordingly", "eventually",
    "constantly", "partly", "largely", "essentially", "already", "still", "again", "only",
    "state-owned", "long-term", "so-called", "well-known", "cross-border", "follow-up",
    "naïve", "café", "rôle", "déjà", "coöperation",
];

/// Capitalised names that appear inside news prose.
#[rustfmt::skip]
pub const NAMES: &[&str] = &[
    "Geneva", "Nairobi", "Lisbon", "Jakarta", "Montreal", "Kraków", "Zürich", "São Paulo",
    "Málaga", "Øresund", "Reykjavík", "Thessaloniki", "Bogotá", "Yaoundé", "Ankara", "Tbilisi",
    "Minister Okafor", "Dr. Lindqvist", "Ms. Haddad", "Mr. Tanaka", "President Moreau",
    "General Đorđević", "Ambassador Nakamura", "Senator Whitfield", "Mayor Brennan",
    "the European Commission", "the World Bank", "the United Nations", "the IMF", "NATO",
    "the Supreme Court", "the Central Bank", "the Red Crescent", "Reuters", "AFP",
];

/// Words inside editorial insertions such as `[various]`.
#[rustfmt::skip]
pub const EDITORIAL: &[&str] = &[
    "various", "different", "action", "well", "our", "its", "their", "that", "and", "to",
    "it", "them", "with them", "the government", "the council", "i.e., the ministry",
    "i.e., the opposition", "the military wing,", "to realize", "of the region", "before this",
    "to this issue", "that it is not so", "emphasis added", "laughs", "applause", "inaudible",
    "certainly", "actually", "albeit", "but", "sic", "sic", "...", "…", "the Iranian",
    "Khamenei", "Moreau", "Okafor",
];

/// News outlets cited in notes.
#[rustfmt::skip]
pub const OUTLETS: &[&str] = &[
    "IRNA (Iran)", "Al-Vefagh (Iran)", "Tasnim (Iran)", "Al-Hayat Al-Jadida (PA)",
    "Le Monde (France)", "Der Spiegel (Germany)", "Folha de S.Paulo (Brazil)", "The Hindu (India)",
    "Daily Nation (Kenya)", "Kommersant (Russia)", "Asahi Shimbun (Japan)", "El País (Spain)",
    "Gazeta Wyborcza (Poland)", "Hürriyet (Turkey)", "Dawn (Pakistan)", "Al-Ahram (Egypt)",
];

#[rustfmt::skip]
pub const MONTHS: &[&str] = &[
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
];

/// Technical prose for RFC-like documents.
#[rustfmt::skip]
pub const TECH: &[&str] = &[
    "the", "the", "the", "of", "of", "a", "a", "to", "to", "and", "in", "is", "that", "for",
    "be", "by", "with", "this", "an", "on", "as", "or", "are", "each", "any", "its", "when",
    "if", "not", "which", "such", "other", "than", "only", "all", "MUST", "MUST NOT", "SHOULD",
    "SHOULD NOT", "MAY", "REQUIRED", "RECOMMENDED", "client", "server", "peer", "endpoint",
    "message", "request", "response", "header field", "parameter", "value", "extension",
    "handshake", "connection", "session", "stream", "transaction", "dialog", "proxy", "registrar",
    "user agent", "implementation", "specification", "document", "section", "procedure",
    "mechanism", "algorithm", "cipher suite", "key", "certificate", "signature", "nonce",
    "identifier", "URI", "token", "octet", "octets", "field", "length", "record", "payload",
    "timer", "retransmission", "state", "error", "alert", "failure", "attribute", "option",
    "negotiated", "received", "sent", "processed", "ignored", "rejected", "included", "defined",
    "described", "specified", "generated", "validated", "encoded", "decoded", "authenticated",
    "encrypted", "protected", "forwarded", "discarded", "supported", "configured", "selected",
    "new", "initial", "subsequent", "previous", "valid", "invalid", "unknown", "optional",
    "mandatory", "secure", "opaque", "unique", "empty", "maximum", "minimum", "default",
    "TLS", "DTLS", "HTTP", "SIP", "SDP", "UDP", "TCP", "IPv4", "IPv6", "DNS", "ASN.1", "UTF-8",
    "(see below)", "(e.g., a proxy)", "(if any)", "(Section 4.2)", "(in octets)",
];

#[rustfmt::skip]
pub const TECH_TITLES: &[&str] = &[
    "Protocol Overview", "Message Format", "Header Fields", "Processing Rules", "Key Schedule",
    "Client Behavior", "Server Behavior", "Proxy Behavior", "Error Handling", "State Machine",
    "Timers", "Extensions", "Negotiation", "Registration", "Authentication", "Backwards Compatibility",
    "Transport Considerations", "Operational Considerations", "Examples", "Syntax",
    "Cipher Suites", "Record Layer", "Session Resumption", "Congestion Control", "Framing",
];

#[rustfmt::skip]
pub const SURNAMES: &[&str] = &[
    "Bradner", "Rescorla", "Dierks", "Rosenberg", "Schulzrinne", "Camarillo", "Housley",
    "Eastlake 3rd", "Saint-Andre", "Hoffman", "Fielding", "Postel", "Sparks", "Thomson",
    "Krawczyk", "Langley", "Turner", "Polk", "Salowey", "McGrew", "Moeller", "Bormann",
];

/// Working groups for Internet-Draft keys (`I-D.ietf-tls-…`).
#[rustfmt::skip]
pub const WGS: &[&str] = &[
    "tls", "sip", "sipping", "quic", "httpbis", "oauth", "acme", "lamps", "dnsop", "cfrg", "mls",
];

/// Keys that are not RFC numbers: all-caps project names and NIST-style ids.
#[rustfmt::skip]
pub const OTHER_KEYS: &[&str] = &[
    "BETTERCRYPTO", "CAB-Baseline", "ECRYPT-II", "NIST.SP.800-38D", "NIST.FIPS.186-4", "X690",
    "SEC1", "IEEE.802.11", "Krawczyk2010", "Bhargavan2014", "Smith2020", "DROWN", "POODLE",
    "Logjam", "ANSI.X9-62.2005", "ISO8601", "UNICODE", "W3C.REC-xml-20081126", "SHS", "DSS",
];

// The LaTeX corpus: the prose of papers, theses, textbooks and lecture
// notes.

/// Running academic prose.
#[rustfmt::skip]
pub const ACADEMIC: &[&str] = &[
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
pub const SECTION_TITLES: &[&str] = &[
    "Introduction", "Related Work", "Background", "Preliminaries", "Problem Statement",
    "Method", "Methods", "Model", "Main Results", "Analysis", "Experiments", "Evaluation",
    "Results", "Discussion", "Limitations", "Conclusion", "Future Work", "Proofs",
    "Implementation", "Data", "Case Study", "Simulation Study", "Historical Context",
    "Theoretical Framework", "Sources and Methods", "Estimation", "Identification",
    "Robustness Checks", "Extensions", "Notation", "Setup", "Lower Bounds", "Upper Bounds",
];

/// Topic words that go into label names (`sec:sampling3`) and the
/// folders of articles and paper pairs.
#[rustfmt::skip]
pub const LABEL_TOPICS: &[&str] = &[
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
pub const LISTING_LINES: &[&str] = &[
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
