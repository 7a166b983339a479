//! Word lists for the Markdown corpus: the prose of a software project's
//! documentation. As in `../words.rs`, nothing is copied from a real
//! document.

/// Running documentation prose.
#[rustfmt::skip]
pub const DOCS: &[&str] = &[
    "the", "the", "the", "the", "a", "a", "an", "of", "of", "to", "to", "and", "and", "in", "is",
    "is", "for", "for", "with", "that", "this", "it", "you", "you", "your", "can", "can", "will",
    "when", "if", "on", "by", "or", "be", "are", "as", "not", "each", "every", "any", "all",
    "from", "into", "before", "after", "then", "only", "also", "instead", "once", "again",
    "project", "repository", "package", "crate", "module", "library", "binary", "command",
    "option", "flag", "setting", "configuration", "file", "directory", "path", "folder",
    "build", "release", "version", "changelog", "dependency", "dependencies", "feature",
    "features", "plugin", "extension", "template", "theme", "site", "page", "section",
    "document", "reference", "guide", "tutorial", "example", "snippet", "output", "input",
    "server", "client", "request", "response", "endpoint", "token", "cache", "index", "query",
    "database", "table", "column", "record", "schema", "migration", "backup", "cluster", "node",
    "worker", "queue", "job", "task", "pipeline", "stage", "step", "workflow", "runner",
    "container", "image", "volume", "network", "port", "host", "proxy", "certificate",
    "user", "users", "team", "maintainers", "contributors", "reviewers", "readers", "authors",
    "run", "runs", "install", "installs", "configure", "enable", "disable", "create", "delete",
    "update", "upgrade", "deploy", "publish", "render", "parse", "check", "validate", "test",
    "benchmark", "profile", "measure", "compare", "read", "write", "open", "close", "start",
    "stop", "restart", "retry", "skip", "ignore", "include", "exclude", "generate", "export",
    "import", "convert", "load", "save", "print", "report", "warn", "fail", "pass", "return",
    "default", "optional", "required", "recommended", "deprecated", "experimental", "stable",
    "new", "old", "current", "previous", "next", "first", "last", "local", "remote", "global",
    "simple", "small", "large", "fast", "slow", "safe", "unsafe", "strict", "lenient",
    "usually", "often", "rarely", "always", "never", "quickly", "carefully", "automatically",
    "explicitly", "internally", "roughly", "exactly", "however", "therefore", "meanwhile",
    "incremental", "concurrent", "parallel", "deterministic", "reproducible", "portable",
    "UTF-8", "JSON", "YAML", "TOML", "HTML", "CSS", "CLI", "API", "HTTP", "TLS", "CI", "SQL",
    "Markdown", "GitHub", "Linux", "macOS", "Windows", "Docker", "Kubernetes", "PostgreSQL",
    "e.g.", "i.e.", "etc.", "naïve", "façade", "café", "rôle", "über", "Zürich", "Kraków",
];

/// Names of projects: READMEs live in `projects/<name>-NNNN/`.
#[rustfmt::skip]
pub const PROJECTS: &[&str] = &[
    "lantern", "quill", "heron", "bramble", "cinder", "driftwood", "ember", "fathom", "gossamer",
    "harbor", "inkwell", "juniper", "kestrel", "lattice", "marlin", "nimbus", "orchid", "pebble",
    "quarry", "rivet", "sable", "tinder", "umber", "vesper", "willow", "yarrow", "zephyr",
];

/// Folders of the documentation site: guides live in `docs/<section>/`.
#[rustfmt::skip]
pub const SECTIONS: &[&str] = &[
    "getting-started", "tutorials", "how-to", "reference", "architecture", "operations",
    "contributing", "security", "research", "design-notes",
];

/// Titles of sections in guides and READMEs.
#[rustfmt::skip]
pub const HEADINGS: &[&str] = &[
    "Overview", "Installation", "Quick start", "Usage", "Configuration", "Options",
    "Environment variables", "Examples", "Troubleshooting", "Known issues", "Performance",
    "Security", "Design", "Motivation", "Background", "Alternatives", "Limitations",
    "Migration guide", "Upgrading", "Testing", "Benchmarks", "Deployment", "Monitoring",
    "Logging", "Error handling", "Compatibility", "FAQ", "Further reading", "Acknowledgements",
    "Contributing", "License", "Roadmap", "Glossary", "Architecture", "Data model",
];

/// Labels of named footnotes (`[^caveat]`, `[^perf-2]`).
#[rustfmt::skip]
pub const NOTE_NAMES: &[&str] = &[
    "caveat", "perf", "history", "aside", "source", "why", "edge-case", "windows", "macos",
    "legacy", "naming", "benchmark", "errata", "thanks", "see-also", "todo", "unicode", "ci",
];

/// Labels of reference links (`[text][api docs]`).
#[rustfmt::skip]
pub const LINK_NAMES: &[&str] = &[
    "docs", "api", "API docs", "changelog", "issues", "discussions", "releases", "ci",
    "license", "contributing", "spec", "rfc", "CommonMark", "GFM", "pandoc", "homepage",
    "wiki", "roadmap", "security policy", "code of conduct", "crates.io", "docs.rs", "blog",
];

/// Words of post titles and citation-key stems.
#[rustfmt::skip]
pub const TOPICS: &[&str] = &[
    "footnotes", "citations", "parsing", "rendering", "caching", "latency", "throughput",
    "memory", "allocation", "concurrency", "scheduling", "indexing", "search", "typography",
    "accessibility", "localization", "versioning", "testing", "fuzzing", "profiling",
    "compilers", "editors", "documentation", "bibliographies", "hypertext", "markup",
];

/// Journals and venues in the bibliographies.
#[rustfmt::skip]
pub const VENUES: &[&str] = &[
    "Journal of Documentation", "Software: Practice and Experience", "ACM Computing Surveys",
    "Proceedings of the Conference on Document Engineering", "Communications of the ACM",
    "IEEE Software", "Digital Scholarship in the Humanities", "The Programming Journal",
    "Proceedings of the Symposium on Principles of Programming Languages", "TUGboat",
];

/// Given names of authors and of people mentioned in READMEs.
#[rustfmt::skip]
pub const GIVEN: &[&str] = &[
    "Ada", "Brian", "Chioma", "Dmitri", "Elena", "Farid", "Grace", "Hiroshi", "Ingrid", "Jamal",
    "Kateřina", "Luis", "Mei", "Nils", "Olúwaseun", "Priya", "Quentin", "Rosa", "Søren", "Tomás",
];
