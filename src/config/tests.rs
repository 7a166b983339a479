use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::*;

/// A fresh directory under the system's temporary directory, removed when
/// dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let dir =
            std::env::temp_dir().join(format!("ibid-config-{}-{n}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create temp dir");
        TempDir(dir)
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.0.join(rel)
    }

    fn dir(&self, rel: &str) -> PathBuf {
        let dir = self.path(rel);
        std::fs::create_dir_all(&dir).expect("create dir");
        dir
    }

    fn file(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, text).expect("write file");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A root that is absolute on every platform.
fn root() -> PathBuf {
    std::env::temp_dir().join("ibid-config-root")
}

fn config(text: &str) -> Config {
    match parse(text, &root().join("ibid.toml")) {
        Ok(config) => config,
        Err(e) => panic!("{e}"),
    }
}

/// The error for `text`, read as `ibid.toml`, as the CLI shows it.
fn error(text: &str) -> String {
    match parse(text, Path::new("ibid.toml")) {
        Ok(_) => panic!("no error for:\n{text}"),
        Err(e) => e.to_string(),
    }
}

// --- discovery --------------------------------------------------------------

#[test]
fn discovers_in_the_start_directory() {
    let tmp = TempDir::new("start");
    tmp.dir(".git");
    let file = tmp.file("ibid.toml", "exclude = [\"old\"]\n");
    let (path, config) = discover(&tmp.0).unwrap().expect("found");
    assert_eq!(path, file);
    assert_eq!(config.root(), tmp.0);
}

#[test]
fn discovers_in_a_parent_up_to_the_repository_root() {
    let tmp = TempDir::new("parent");
    tmp.dir(".git");
    let file = tmp.file("ibid.toml", "");
    let start = tmp.dir("docs/guide");
    let (path, config) = discover(&start).unwrap().expect("found");
    assert_eq!(path, file);
    assert_eq!(config.root(), tmp.0);
}

#[test]
fn nearest_file_wins() {
    let tmp = TempDir::new("nearest");
    tmp.dir(".git");
    tmp.file("ibid.toml", "");
    let inner = tmp.file("docs/ibid.toml", "");
    let (path, config) = discover(&tmp.dir("docs/guide")).unwrap().expect("found");
    assert_eq!(path, inner);
    assert_eq!(config.root(), tmp.path("docs"));
}

#[test]
fn hidden_name_is_found_and_the_plain_name_preferred() {
    let tmp = TempDir::new("hidden");
    tmp.dir(".git");
    let hidden = tmp.file(".ibid.toml", "");
    assert_eq!(discover(&tmp.0).unwrap().expect("found").0, hidden);
    let plain = tmp.file("ibid.toml", "");
    assert_eq!(discover(&tmp.0).unwrap().expect("found").0, plain);
}

#[test]
fn discovery_stops_at_the_repository_root() {
    let tmp = TempDir::new("stop");
    tmp.file("ibid.toml", "");
    tmp.dir("repo/.git");
    let start = tmp.dir("repo/docs");
    assert!(discover(&start).unwrap().is_none());
    // A `.git` file (worktree, submodule) marks a root too.
    tmp.file("work/.git", "gitdir: elsewhere\n");
    assert!(discover(&tmp.dir("work/docs")).unwrap().is_none());
}

#[test]
fn the_repository_root_itself_is_searched() {
    let tmp = TempDir::new("root");
    tmp.dir("repo/.git");
    let file = tmp.file("repo/.ibid.toml", "");
    let (path, _) = discover(&tmp.dir("repo/a/b")).unwrap().expect("found");
    assert_eq!(path, file);
}

#[test]
fn a_directory_named_like_the_file_is_skipped() {
    let tmp = TempDir::new("dir");
    tmp.dir(".git");
    tmp.dir("docs/ibid.toml");
    let file = tmp.file("ibid.toml", "");
    assert_eq!(discover(&tmp.path("docs")).unwrap().expect("found").0, file);
}

#[test]
fn relative_start_gives_a_relative_path() {
    let tmp = TempDir::new("relative");
    tmp.dir(".git");
    tmp.file("ibid.toml", "");
    tmp.dir("docs/guide");
    // The temp dir as seen from the working directory: `../../tmp/…`.
    let cwd = std::env::current_dir().unwrap();
    let mut rel = PathBuf::new();
    for _ in cwd.components().skip(1) {
        rel.push("..");
    }
    for part in tmp.0.components().skip(1) {
        rel.push(part);
    }
    let (path, config) = discover(&rel.join("docs/guide")).unwrap().expect("found");
    assert!(path.is_relative(), "{}", path.display());
    assert_eq!(path, rel.join("ibid.toml"));
    assert_eq!(config.root(), tmp.0);
}

#[test]
fn discovery_reports_a_broken_file() {
    let tmp = TempDir::new("broken");
    tmp.dir(".git");
    let file = tmp.file("ibid.toml", "\nserverity = 1\n");
    let e = discover(&tmp.dir("docs")).unwrap_err();
    assert_eq!(e.path, file);
    assert_eq!((e.line, e.column), (Some(2), Some(1)));
}

#[test]
fn clean_keeps_relative_paths_relative() {
    assert_eq!(clean(Path::new("./ibid.toml")), Path::new("ibid.toml"));
    assert_eq!(
        clean(Path::new("./../ibid.toml")),
        Path::new("../ibid.toml")
    );
    assert_eq!(
        clean(Path::new("docs/../ibid.toml")),
        Path::new("ibid.toml")
    );
    assert_eq!(clean(Path::new("docs/../../x")), Path::new("../x"));
    assert_eq!(normalize(Path::new("docs/../../x")), None);
}

// --- loading ----------------------------------------------------------------

#[test]
fn load_reads_a_named_file() {
    let tmp = TempDir::new("load");
    let file = tmp.file("conf/ci.toml", "bibliography = [\"refs.bib\"]\n");
    let config = load(&file).unwrap();
    assert_eq!(config.root(), tmp.path("conf"));
    assert_eq!(config.bibliographies(), vec![tmp.path("conf/refs.bib")]);
}

#[test]
fn load_reports_a_missing_file() {
    let e = load(Path::new("no/such/ibid.toml")).unwrap_err();
    assert_eq!(
        e.to_string(),
        "no/such/ibid.toml: cannot read the config file: no such file or directory"
    );
    assert_eq!(e.line, None);
}

#[test]
fn load_reports_invalid_utf8_with_its_place() {
    let tmp = TempDir::new("utf8");
    let file = tmp.path("ibid.toml");
    std::fs::write(&file, b"include = [\"a\"]\nexclude = [\"\xff\"]\n").unwrap();
    let e = load(&file).unwrap_err();
    assert_eq!((e.line, e.column), (Some(2), Some(13)));
    assert!(e.message.starts_with("not valid UTF-8"), "{}", e.message);
}

#[test]
fn a_byte_order_mark_is_not_counted() {
    let tmp = TempDir::new("bom");
    let file = tmp.file("ibid.toml", "\u{feff}bogus = 1\n");
    let e = load(&file).unwrap_err();
    assert_eq!((e.line, e.column), (Some(1), Some(1)));
}

#[test]
fn the_documented_example_is_valid() {
    let config = config(include_str!("example.toml"));
    assert_eq!(config.severity("out-of-order"), Some(Level::Off));
    assert_eq!(config.severity("unresolved"), Some(Level::Warning));
    assert!(config.allowed("unresolved", "XXX-later"));
    assert!(config.reports_heading_anchors());
    assert!(config.is_included(Path::new("docs/guide/intro.md")));
    assert!(!config.is_included(Path::new("docs/archive/2019.md")));
    assert!(!config.is_included(Path::new("docs/CHANGELOG.md")));
    assert_eq!(
        config.dialect_for(Path::new("notes/a/b.txt")).map(|d| d.id),
        Some("markdown")
    );
    assert_eq!(
        config.encoding_for(Path::new("books/a.txt")),
        Some(encoding_rs::WINDOWS_1252)
    );
}

#[test]
fn an_empty_file_is_all_defaults() {
    let config = config("");
    assert!(config.is_included(Path::new("anything/at/all.txt")));
    assert!(config.dialect_for(Path::new("a.md")).is_none());
    assert_eq!(config.severity("unresolved"), None);
    assert!(!config.allowed("unresolved", "TBD"));
    assert!(config.bibliographies().is_empty());
}

// --- errors -----------------------------------------------------------------

#[test]
fn unknown_key_in_a_rule_table() {
    let text = format!(
        "{}[rules.unresolved]\nserverity = \"warning\"\n",
        "# comment\n".repeat(10)
    );
    assert_eq!(
        error(&text),
        "ibid.toml:12:1: unknown key `serverity` in [rules.unresolved]; expected one of: severity, allow"
    );
}

#[test]
fn unknown_key_at_the_top_level() {
    assert_eq!(
        error("include = []\nexlude = [\"a\"]\n"),
        "ibid.toml:2:1: unknown key `exlude` at the top level; expected one of: include, exclude, bibliography, dialect, encoding, rules, latex, markdown, asciidoc, fix"
    );
}

#[test]
fn unknown_key_in_a_dialect_entry() {
    let text = "[[dialect]]\nglob = \"a\"\ndialect = \"plain\"\n\n[[dialect]]\nglob = \"b\"\ndialekt = \"plain\"\n";
    assert_eq!(
        error(text),
        "ibid.toml:7:1: unknown key `dialekt` in [[dialect]] #2; expected one of: glob, dialect"
    );
}

#[test]
fn unknown_key_in_an_inline_table() {
    assert_eq!(
        error("rules = { unresolved = { level = \"off\" } }\n"),
        "ibid.toml:1:26: unknown key `level` in [rules.unresolved]; expected one of: severity, allow"
    );
}

#[test]
fn unknown_rule_with_a_suggestion() {
    assert_eq!(
        error("[rules.unresolve]\nseverity = \"off\"\n"),
        "ibid.toml:1:8: unknown rule `unresolve` in [rules]; did you mean `unresolved`?"
    );
    assert_eq!(
        error("[rules.out_of_order]\nseverity = \"off\"\n"),
        "ibid.toml:1:8: unknown rule `out_of_order` in [rules]; did you mean `out-of-order`?"
    );
}

#[test]
fn unknown_rule_without_a_suggestion() {
    assert_eq!(
        error("\n[rules.spelling]\n"),
        "ibid.toml:2:8: unknown rule `spelling` in [rules]; `ibid explain` lists the rules"
    );
}

#[test]
fn unknown_severity() {
    assert_eq!(
        error("[rules.orphaned]\nseverity = \"warn\"\n"),
        "ibid.toml:2:12: unknown severity `warn` in [rules.orphaned]; expected one of: error, warning, off"
    );
}

#[test]
fn unknown_dialect() {
    assert_eq!(
        error("[[dialect]]\nglob = \"*.ms\"\ndialect = \"troff\"\n"),
        "ibid.toml:3:11: unknown dialect `troff` in [[dialect]] #1; expected one of: markdown, latex, rst, asciidoc, wikitext, plain"
    );
}

#[test]
fn invalid_globs() {
    assert_eq!(
        error("exclude = [\"ok/**\", \"docs/[a\"]\n"),
        "ibid.toml:1:21: invalid glob `docs/[a` in `exclude`: unclosed character class; missing ']'"
    );
    assert_eq!(
        error("include = [\"/docs/**\"]\n"),
        "ibid.toml:1:12: invalid glob `/docs/**` in `include`: starts with `/`; globs are relative to the directory of the config file: write `docs/**`"
    );
    assert_eq!(
        error("include = [\"../shared/**\"]\n"),
        "ibid.toml:1:12: invalid glob `../shared/**` in `include`: uses `..`; globs only match paths below the directory of the config file"
    );
    assert_eq!(
        error("exclude = [\"\"]\n"),
        "ibid.toml:1:12: invalid glob `` in `exclude`: an empty glob matches nothing"
    );
    assert_eq!(
        error("[[dialect]]\nglob = \"{a,b\"\ndialect = \"plain\"\n"),
        "ibid.toml:2:8: invalid glob `{a,b` in [[dialect]] #1: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
    );
}

#[test]
fn invalid_label_pattern() {
    assert_eq!(
        error("[rules.unresolved]\nallow = [\"TBD\", \"[x\"]\n"),
        "ibid.toml:2:17: invalid label pattern `[x` in `allow` of [rules.unresolved]: unclosed character class; missing ']'"
    );
}

#[test]
fn empty_include() {
    assert_eq!(
        error("include = []\n"),
        "ibid.toml:1:11: `include` is empty, so no file would be checked; remove it to check every file"
    );
}

#[test]
fn bibliography_of_an_unknown_format() {
    assert_eq!(
        error("bibliography = [\"refs.bib\", \"refs.txt\"]\n"),
        "ibid.toml:1:29: `refs.txt` in `bibliography` is not a bibliography format ibid reads (.bib, .json, .yaml)"
    );
}

#[test]
fn wrong_types() {
    assert_eq!(
        error("include = \"docs\"\n"),
        "ibid.toml:1:11: wrong type for `include`: expected an array, found string \"docs\"; write `include = [\"docs\"]`"
    );
    assert_eq!(
        error("exclude = [\"a\", 3]\n"),
        "ibid.toml:1:17: wrong type for an entry of `exclude`: expected a string, found integer `3`"
    );
    assert_eq!(
        error("[rules.unresolved]\nseverity = 2\n"),
        "ibid.toml:2:12: wrong type for `severity` in [rules.unresolved]: expected a string, found integer `2`"
    );
    assert_eq!(
        error("[rules.unresolved]\nallow = \"TBD\"\n"),
        "ibid.toml:2:9: wrong type for `allow` in [rules.unresolved]: expected an array, found string \"TBD\""
    );
    assert_eq!(
        error("rules = true\n"),
        "ibid.toml:1:9: wrong type for `rules`: expected a table, found boolean `true`"
    );
}

#[test]
fn wrong_type_hints_for_common_slips() {
    assert_eq!(
        error("[rules]\nout-of-order = \"off\"\n"),
        "ibid.toml:2:16: wrong type for `out-of-order` in [rules]: expected a table, found string \"off\"; write [rules.out-of-order] with `severity = \"off\"`"
    );
    assert_eq!(
        error("[[rules]]\nseverity = \"off\"\n"),
        "ibid.toml:1:1: wrong type for `rules`: expected a table, found an array; write one [rules.CODE] table per rule, not [[rules]]"
    );
    assert_eq!(
        error("dialect = [1]\n"),
        "ibid.toml:1:12: wrong type for an entry of `dialect`: expected a table, found integer `1`"
    );
    assert_eq!(
        error("[dialect]\nglob = \"a\"\ndialect = \"plain\"\n"),
        "ibid.toml:1:1: wrong type for `dialect`: expected an array, found a table; write [[dialect]] (an array of tables), not [dialect]"
    );
}

#[test]
fn the_first_encoding_override_wins() {
    let config = config(
        "[[encoding]]\nglob = \"books/modern\"\nencoding = \"UTF-8\"\n\n\
         [[encoding]]\nglob = \"books/**/*.txt\"\nencoding = \" latin1 \"\n\n\
         [[encoding]]\nglob = \"legacy/*.txt\"\nencoding = \"shift_jis\"\n",
    );
    let name = |p: &str| config.encoding_for(Path::new(p)).map(|e| e.name());
    assert_eq!(name("books/modern/a.txt"), Some("UTF-8"));
    assert_eq!(name("books/old/a.txt"), Some("windows-1252"));
    assert_eq!(name("legacy/a.txt"), Some("Shift_JIS"));
    assert_eq!(name("a.txt"), None);
    assert_eq!(name("../books/old/a.txt"), None);
}

#[test]
fn encoding_entries_are_checked() {
    assert_eq!(
        error("[[encoding]]\nglob = \"*.txt\"\nencoding = \"latin-42\"\n"),
        "ibid.toml:3:12: unknown encoding `latin-42` in [[encoding]] #1; use a label of the WHATWG Encoding Standard, such as \"utf-8\", \"latin1\", \"windows-1252\", \"iso-8859-15\" or \"shift_jis\""
    );
    assert!(
        error("[[encoding]]\nglob = \"*.txt\"\nencoding = \"UTF-16\"\n")
            .starts_with("ibid.toml:3:12: unsupported encoding `UTF-16` in [[encoding]] #1;")
    );
    assert_eq!(
        error("[[encoding]]\nglob = \"{a\"\nencoding = \"latin1\"\n"),
        "ibid.toml:2:8: invalid glob `{a` in [[encoding]] #1: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"
    );
    assert_eq!(
        error("[[encoding]]\nglob = \"*.txt\"\n"),
        "ibid.toml:1:1: missing key `encoding` in [[encoding]] #1"
    );
    assert_eq!(
        error("[[encoding]]\nglob = \"*.txt\"\ncharset = \"latin1\"\n"),
        "ibid.toml:3:1: unknown key `charset` in [[encoding]] #1; expected one of: glob, encoding"
    );
    assert_eq!(
        error("[encoding]\nglob = \"a\"\nencoding = \"latin1\"\n"),
        "ibid.toml:1:1: wrong type for `encoding`: expected an array, found a table; write [[encoding]] (an array of tables), not [encoding]"
    );
}

#[test]
fn missing_key_in_a_dialect_entry() {
    assert_eq!(
        error("[[dialect]]\nglob = \"a\"\n"),
        "ibid.toml:1:1: missing key `dialect` in [[dialect]] #1"
    );
}

#[test]
fn invalid_toml() {
    let e = error("include = [\n");
    assert!(
        e.starts_with("ibid.toml:1:12: invalid TOML: unclosed array"),
        "{e}"
    );
    assert_eq!(
        error("a = 1\na = 2\n"),
        "ibid.toml:2:1: invalid TOML: duplicate key"
    );
}

#[test]
fn the_earliest_problem_is_reported() {
    let text = "include = [\"/x\"]\n[rules.nope]\n[rules.orphaned]\nseverity = \"loud\"\n";
    assert!(
        error(text).starts_with("ibid.toml:1:12: "),
        "{}",
        error(text)
    );
}

#[test]
fn columns_count_characters() {
    assert_eq!(
        error("exclude = [\"é\", \"[\"]\n"),
        "ibid.toml:1:17: invalid glob `[` in `exclude`: unclosed character class; missing ']'"
    );
}

#[test]
fn display_without_a_line() {
    let e = ConfigError {
        path: PathBuf::from("ibid.toml"),
        line: None,
        column: None,
        message: "cannot read".to_owned(),
    };
    assert_eq!(e.to_string(), "ibid.toml: cannot read");
}

// --- globs ------------------------------------------------------------------

#[test]
fn globs_are_anchored_at_the_root() {
    let config = config("include = [\"*.md\"]\n");
    assert!(config.is_included(Path::new("README.md")));
    assert!(!config.is_included(Path::new("docs/guide.md")));
    let config = self::config("include = [\"**/*.md\"]\n");
    assert!(config.is_included(Path::new("README.md")));
    assert!(config.is_included(Path::new("docs/a/b/guide.md")));
    assert!(!config.is_included(Path::new("docs/a/b/guide.txt")));
}

#[test]
fn double_star_crosses_directories() {
    let config = config("include = [\"docs/**/notes.txt\"]\nexclude = [\"docs/**\"]\n");
    assert!(!config.is_included(Path::new("docs/notes.txt")));
    let config = self::config("include = [\"docs/**/notes.txt\"]\n");
    assert!(config.is_included(Path::new("docs/notes.txt")));
    assert!(config.is_included(Path::new("docs/a/b/notes.txt")));
    assert!(!config.is_included(Path::new("other/notes.txt")));
}

#[test]
fn a_glob_matching_a_directory_matches_its_contents() {
    let config = config("include = [\"docs\", \"book/*\"]\nexclude = [\"docs/archive\"]\n");
    assert!(config.is_included(Path::new("docs/a/b.md")));
    assert!(config.is_included(Path::new("book/ch1/intro.md")));
    assert!(!config.is_included(Path::new("docs/archive/old.md")));
    assert!(!config.is_included(Path::new("documents/a.md")));
    assert!(config.is_excluded(Path::new("docs/archive")));
    assert!(!config.is_excluded(Path::new("docs")));
}

#[test]
fn glob_syntax() {
    let config = config("include = [\"ch?.md\", \"{a,b}/*.txt\", \"v[0-9].md\", \"\\\\*.md\"]\n");
    assert!(config.is_included(Path::new("ch1.md")));
    assert!(!config.is_included(Path::new("ch10.md")));
    assert!(config.is_included(Path::new("b/x.txt")));
    assert!(!config.is_included(Path::new("c/x.txt")));
    assert!(config.is_included(Path::new("v7.md")));
    assert!(config.is_included(Path::new("*.md")));
    assert!(!config.is_included(Path::new("x.md")));
    // A leading `./` is allowed.
    let config = self::config("include = [\"./docs/*.md\"]\n");
    assert!(config.is_included(Path::new("docs/a.md")));
}

#[test]
fn exclude_wins_and_include_defaults_to_everything() {
    let config = config("exclude = [\"**/CHANGELOG.md\"]\n");
    assert!(config.is_included(Path::new("docs/a.md")));
    assert!(!config.is_included(Path::new("CHANGELOG.md")));
    assert!(!config.is_included(Path::new("docs/x/CHANGELOG.md")));
}

#[test]
fn paths_relative_to_the_root_or_absolute() {
    let config = config("include = [\"docs\"]\n");
    let root = config.root().to_owned();
    assert!(config.is_included(&root.join("docs/a.md")));
    assert!(config.is_included(&root.join("other/../docs/./a.md")));
    assert!(config.is_included(Path::new("./docs/a.md")));
    assert!(config.is_included(Path::new("other/../docs/a.md")));
    assert!(!config.is_included(&root.join("other/a.md")));
    // Outside the root no glob matches.
    assert!(!config.is_included(Path::new("../docs/a.md")));
    assert!(!config.is_included(&root.join("../elsewhere/docs/a.md")));
    let everything = self::config("exclude = [\"docs\"]\n");
    assert!(everything.is_included(Path::new("../docs/a.md")));
    assert!(everything.dialect_for(Path::new("../docs/a.md")).is_none());
}

#[test]
fn the_first_dialect_override_wins() {
    let config = config(
        "[[dialect]]\nglob = \"notes/special.txt\"\ndialect = \"plain\"\n\n\
         [[dialect]]\nglob = \"notes\"\ndialect = \"markdown\"\n\n\
         [[dialect]]\nglob = \"**/*.txt\"\ndialect = \"plain\"\n",
    );
    let id = |p: &str| config.dialect_for(Path::new(p)).map(|d| d.id);
    assert_eq!(id("notes/special.txt"), Some("plain"));
    assert_eq!(id("notes/other.txt"), Some("markdown"));
    assert_eq!(id("notes/deep/er.txt"), Some("markdown"));
    assert_eq!(id("docs/a.txt"), Some("plain"));
    assert_eq!(id("docs/a.md"), None);
}

// --- rules ------------------------------------------------------------------

#[test]
fn severity_lookups() {
    let config = config(
        "[rules.out-of-order]\nseverity = \"off\"\n\
         [rules.numbering-gap]\nseverity = \"error\"\n\
         [rules.unresolved]\nseverity = \"warning\"\n\
         [rules.orphaned]\nallow = [\"x\"]\n",
    );
    assert_eq!(config.severity("out-of-order"), Some(Level::Off));
    assert_eq!(config.severity("numbering-gap"), Some(Level::Error));
    assert_eq!(config.severity("unresolved"), Some(Level::Warning));
    assert_eq!(config.severity("orphaned"), None);
    assert_eq!(config.severity("duplicate"), None);
    assert_eq!(config.severity("no-such-rule"), None);
}

#[test]
fn allow_lookups() {
    let config = config(
        "[rules.unresolved]\nallow = [\"TBD\", \"XXX*\", \"[0-9][0-9][0-9][0-9]\"]\n\
         [rules.unknown-citation]\nallow = [\"*\"]\n",
    );
    assert!(config.allowed("unresolved", "TBD"));
    assert!(!config.allowed("unresolved", "TBD2"));
    assert!(!config.allowed("unresolved", "tbd"));
    assert!(config.allowed("unresolved", "XXX"));
    assert!(config.allowed("unresolved", "XXX-later"));
    assert!(config.allowed("unresolved", "1979"));
    assert!(!config.allowed("unresolved", "197"));
    assert!(!config.allowed("orphaned", "TBD"));
    assert!(config.allowed("unknown-citation", "10.1000/xyz"));
    assert!(!config.allowed("no-such-rule", "TBD"));
}

#[test]
fn levels() {
    assert_eq!("warning".parse::<Level>(), Ok(Level::Warning));
    assert!("warn".parse::<Level>().is_err());
    assert_eq!(Level::Off.severity(), None);
    assert_eq!(Level::Error.severity(), Some(Severity::Error));
    for name in Level::NAMES {
        assert_eq!(name.parse::<Level>().map(Level::as_str), Ok(name));
    }
}

// --- [latex.commands] ---------------------------------------------------------

#[test]
fn latex_commands_are_declared() {
    let config = config(
        "[latex.commands.\"olimport*\"]\nargs = \"o m o\"\ninclude = \"content/#1/#2\"\n\
         [latex.commands.olimport]\nargs = \"o m o\"\ninclude = \"#1/#2\"\nfrom = \"file\"\n\
         [latex.commands.figref]\nref = \"fig:#1\"\n",
    );
    let doc = crate::dialect::latex::parse(
        "\\olimport*[a]{b} \\olimport{c} \\figref{x}",
        &config.settings().latex,
    );
    let paths: Vec<&str> = doc.links.iter().map(|l| &*l.path).collect();
    assert_eq!(paths, ["content/a/b", "c"]);
    assert_eq!(doc.markers[0].label, "fig:x");
}

#[test]
fn latex_command_errors_name_the_key() {
    assert_eq!(
        error("[latex.commands.figref]\nargs = \"m\"\n"),
        "ibid.toml:1:17: [latex.commands.figref] needs one of `include`, `ref`, `cite`, `label` or `prefix`"
    );
    assert_eq!(
        error("[latex.commands.figref]\nref = \"fig:#2\"\n"),
        "ibid.toml:2:7: [latex.commands.figref]: `fig:#2` uses `#` without an argument number from 1 to 1"
    );
    assert_eq!(
        error("[latex.commands.x]\nref = \"#1\"\ncite = \"#1\"\n"),
        "ibid.toml:3:8: [latex.commands.x] takes only one of `include`, `ref`, `cite`, `label` and `prefix`"
    );
    assert_eq!(
        error("[latex.commands.x]\ninclude = \"#1\"\nfrom = \"here\"\n"),
        "ibid.toml:3:8: unknown `from = \"here\"` in [latex.commands.x]; expected \"root\" or \"file\""
    );
    assert_eq!(
        error("[latex.commands.\"x-y\"]\nref = \"#1\"\n"),
        "ibid.toml:1:17: [latex.commands.x-y]: a command name is letters, with `*` for its starred form only"
    );
    assert!(
        error("[latex.commands.x]\nref = \"#1\"\ncolour = 1\n").contains("unknown key `colour`")
    );
}

// --- rule settings ------------------------------------------------------------

#[test]
fn heading_anchors_is_off_unless_set() {
    assert!(!config("").reports_heading_anchors());
    assert!(
        !config("[rules.unused-link-definition]\nseverity = \"error\"\n").reports_heading_anchors()
    );
    let on = config("[rules.unused-link-definition]\nheading-anchors = true\n");
    assert!(on.reports_heading_anchors());
    let off = config("[rules.unused-link-definition]\nheading-anchors = false\n");
    assert!(!off.reports_heading_anchors());
}

#[test]
fn heading_anchors_belongs_to_its_rule() {
    assert_eq!(
        error("[rules.undefined-link]\nheading-anchors = true\n"),
        "ibid.toml:2:19: `heading-anchors` in [rules.undefined-link] is a setting of [rules.unused-link-definition] only"
    );
    assert_eq!(
        error("[rules.unused-link-definition]\nheading-anchors = \"yes\"\n"),
        "ibid.toml:2:19: wrong type for `heading-anchors` in [rules.unused-link-definition]: expected a boolean, found string \"yes\""
    );
    assert_eq!(
        error("[rules.unused-link-definition]\nheading-anchor = true\n"),
        "ibid.toml:2:1: unknown key `heading-anchor` in [rules.unused-link-definition]; expected one of: severity, allow, heading-anchors"
    );
}

#[test]
fn asciidoc_attributes() {
    let c = config("[asciidoc]\nattributes = { idprefix = \"\", idseparator = \"-\" }\n");
    assert_eq!(
        c.settings().asciidoc_attributes,
        [
            ("idprefix".to_owned(), String::new()),
            ("idseparator".to_owned(), "-".to_owned())
        ]
    );
}

#[test]
fn fix_reference_lists() {
    let config = super::schema::parse(
        "[fix]\nreference-lists = true\n",
        std::path::PathBuf::from("/p"),
    )
    .unwrap();
    assert!(config.fix_reference_lists());
    let config = super::schema::parse("", std::path::PathBuf::from("/p")).unwrap();
    assert!(!config.fix_reference_lists());
    let err = super::schema::parse(
        "[fix]\nreference_lists = true\n",
        std::path::PathBuf::from("/p"),
    );
    assert!(err.is_err());
}
