//! The file format: serde structs that declare every key once, and the
//! validation that turns them into a [`Config`] or a located message.
//!
//! Parsing runs in three steps. `toml` parses the text into a spanned
//! table (syntax errors). serde deserialises that table into the raw
//! structs below, which reject unknown keys and wrong types; its error
//! carries a span, which [`locate`] turns back into a key path so the
//! message can name the key and its table. Finally [`validate`] checks
//! values: rule codes, severities, dialect ids, globs.

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use serde::de::{self, Deserializer};
use serde::Deserialize;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

use super::pattern::{self, LabelPatterns, PathGlobs};
use super::{Config, ConfigError, Level, RuleConfig};
use crate::source::LineIndex;

/// The whole file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawConfig {
    include: Option<Spanned<Vec<Spanned<String>>>>,
    exclude: Option<Vec<Spanned<String>>>,
    bibliography: Option<Vec<Spanned<String>>>,
    #[serde(default)]
    dialect: Vec<RawDialect>,
    #[serde(default)]
    encoding: Vec<RawEncoding>,
    #[serde(default)]
    rules: BTreeMap<Spanned<String>, RawRule>,
    latex: Option<RawLatex>,
    markdown: Option<RawMarkdown>,
    asciidoc: Option<RawAsciidoc>,
    fix: Option<RawFix>,
}

/// The `[fix]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case", expecting = "a table")]
struct RawFix {
    /// Renumber numbered reference lists (References, Bibliography) too.
    #[serde(default)]
    reference_lists: bool,
}

/// The `[asciidoc]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawAsciidoc {
    /// Document attributes every AsciiDoc file starts with, as
    /// `asciidoctor -a` or an Antora playbook sets them.
    #[serde(default)]
    attributes: BTreeMap<String, String>,
}

/// The `[markdown]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawMarkdown {
    flavor: Option<Spanned<String>>,
}

/// The `[latex]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawLatex {
    #[serde(default)]
    commands: BTreeMap<Spanned<String>, RawCommand>,
}

/// One `[latex.commands.NAME]` table: a command the project defines, read
/// like a built-in one.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawCommand {
    args: Option<Spanned<String>>,
    include: Option<Spanned<String>>,
    #[serde(rename = "ref")]
    reference: Option<Spanned<String>>,
    cite: Option<Spanned<String>>,
    label: Option<Spanned<String>>,
    prefix: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
}

/// One `[[dialect]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawDialect {
    glob: Spanned<String>,
    dialect: Spanned<String>,
}

/// One `[[encoding]]` entry.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawEncoding {
    glob: Spanned<String>,
    encoding: Spanned<String>,
}

/// One `[rules.CODE]` table.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "a table")]
struct RawRule {
    severity: Option<Spanned<String>>,
    allow: Option<Vec<Spanned<String>>>,
    /// `unused-link-definition` only: report a section's link to its own
    /// heading (`[summary]: #summary` under `# Summary`) too.
    #[serde(rename = "heading-anchors")]
    heading_anchors: Option<Spanned<bool>>,
}

/// The rule that reads `heading-anchors`.
const HEADING_ANCHORS_RULE: &str = "unused-link-definition";

/// A message and where it points, before the file's name is known.
#[derive(Debug)]
pub(super) struct Problem {
    line: Option<usize>,
    column: Option<usize>,
    message: String,
}

impl Problem {
    pub(super) fn at(self, path: &std::path::Path) -> ConfigError {
        ConfigError {
            path: path.to_owned(),
            line: self.line,
            column: self.column,
            message: self.message,
        }
    }
}

/// A message at a byte span of the text; the earliest one is reported.
struct Invalid {
    span: Range<usize>,
    message: String,
}

fn problem(text: &str, span: Option<Range<usize>>, message: String) -> Problem {
    let (line, column) = match span {
        Some(span) => {
            let at = LineIndex::new(text).line_col(text, span.start.min(text.len()));
            (Some(at.line), Some(at.column))
        }
        None => (None, None),
    };
    Problem {
        line,
        column,
        message,
    }
}

/// Parse and validate configuration text; `root` is the absolute directory
/// of the file.
pub(super) fn parse(text: &str, root: PathBuf) -> Result<Config, Problem> {
    let table = DeTable::parse(text).map_err(|e| {
        let message = e.message().trim().replace('\n', "; ");
        problem(text, e.span(), format!("invalid TOML: {message}"))
    })?;
    let raw = RawConfig::deserialize(toml::de::Deserializer::from(table.clone())).map_err(|e| {
        let (span, message) = explain(&e, table.get_ref(), text);
        problem(text, span, message)
    })?;
    validate(raw, root).map_err(|e| problem(text, Some(e.span), e.message))
}

/// Turn the raw structs into a [`Config`], or the earliest problem.
fn validate(raw: RawConfig, root: PathBuf) -> Result<Config, Invalid> {
    let mut errors: Vec<Invalid> = Vec::new();
    let mut error = |span: Range<usize>, message: String| errors.push(Invalid { span, message });

    let include = match raw.include {
        Some(list) if list.get_ref().is_empty() => {
            error(
                list.span(),
                "`include` is empty, so no file would be checked; remove it to check every file"
                    .to_owned(),
            );
            None
        }
        Some(list) => Some(path_globs(list.into_inner(), "`include`", &mut error)),
        None => None,
    };
    let exclude = path_globs(raw.exclude.unwrap_or_default(), "`exclude`", &mut error);

    let mut bibliographies = Vec::new();
    for path in raw.bibliography.unwrap_or_default() {
        let span = path.span();
        let path = PathBuf::from(path.into_inner());
        if path.as_os_str().is_empty() {
            error(span, "empty path in `bibliography`".to_owned());
        } else if crate::bib::format_for(&path).is_none() {
            error(
                span,
                format!(
                    "`{}` in `bibliography` is not a bibliography format ibid reads (.bib, .json, .yaml)",
                    path.display()
                ),
            );
        }
        bibliographies.push(path);
    }

    let mut globs = Vec::new();
    let mut dialects = Vec::new();
    for (index, entry) in raw.dialect.into_iter().enumerate() {
        let context = format!("[[dialect]] #{}", index + 1);
        globs.extend(entry_glob(&entry.glob, &context, &mut error));
        match crate::dialect::by_id(entry.dialect.get_ref()) {
            Some(dialect) => dialects.push(dialect),
            None => error(
                entry.dialect.span(),
                format!(
                    "unknown dialect `{}` in {context}; expected one of: {}",
                    entry.dialect.get_ref(),
                    dialect_ids().join(", ")
                ),
            ),
        }
    }
    let dialect_globs = glob_set(globs, "[[dialect]]", &mut error);

    let mut globs = Vec::new();
    let mut encodings = Vec::new();
    for (index, entry) in raw.encoding.into_iter().enumerate() {
        let context = format!("[[encoding]] #{}", index + 1);
        globs.extend(entry_glob(&entry.glob, &context, &mut error));
        match encoding(entry.encoding.get_ref()) {
            Ok(found) => encodings.push(found),
            Err(why) => error(
                entry.encoding.span(),
                format!(
                    "{why} `{}` in {context}; {ENCODING_HINT}",
                    entry.encoding.get_ref()
                ),
            ),
        }
    }
    let encoding_globs = glob_set(globs, "[[encoding]]", &mut error);

    let mut rules = Vec::new();
    for (code, rule) in raw.rules {
        let Some(meta) = crate::rules::by_code(code.get_ref()) else {
            let codes = crate::rules::RULES.iter().map(|r| r.code);
            let hint = match closest(code.get_ref(), codes) {
                Some(close) => format!("did you mean `{close}`?"),
                None => "`ibid explain` lists the rules".to_owned(),
            };
            error(
                code.span(),
                format!("unknown rule `{}` in [rules]; {hint}", code.get_ref()),
            );
            continue;
        };
        let context = format!("[rules.{}]", meta.code);
        let severity = rule
            .severity
            .and_then(|s| match s.get_ref().parse::<Level>() {
                Ok(level) => Some(level),
                Err(()) => {
                    error(
                        s.span(),
                        format!(
                            "unknown severity `{}` in {context}; expected one of: {}",
                            s.get_ref(),
                            Level::NAMES.join(", ")
                        ),
                    );
                    None
                }
            });
        let mut exact = Vec::new();
        let mut globs = Vec::new();
        for label in rule.allow.unwrap_or_default() {
            if !pattern::has_glob_syntax(label.get_ref()) && !label.get_ref().is_empty() {
                exact.push(label.into_inner());
                continue;
            }
            match pattern::label_glob(label.get_ref()) {
                Ok(glob) => globs.push(glob),
                Err(reason) => error(
                    label.span(),
                    format!(
                        "invalid label pattern `{}` in `allow` of {context}: {reason}",
                        label.get_ref()
                    ),
                ),
            }
        }
        let allow = LabelPatterns::new(exact, globs).unwrap_or_else(|reason| {
            error(
                code.span(),
                format!("invalid `allow` in {context}: {reason}"),
            );
            LabelPatterns::default()
        });
        let heading_anchors = match rule.heading_anchors {
            Some(flag) if meta.code != HEADING_ANCHORS_RULE => {
                error(
                    flag.span(),
                    format!(
                        "`heading-anchors` in {context} is a setting of \
                         [rules.{HEADING_ANCHORS_RULE}] only"
                    ),
                );
                false
            }
            Some(flag) => flag.into_inner(),
            None => false,
        };
        rules.push(RuleConfig {
            code: meta.code,
            severity,
            allow,
            heading_anchors,
        });
    }

    let mut settings = crate::dialect::Settings::default();
    for (name, command) in raw.latex.map(|l| l.commands).unwrap_or_default() {
        latex_command(&name, command, &mut settings.latex, &mut error);
    }
    if let Some(asciidoc) = raw.asciidoc {
        settings.asciidoc_attributes = asciidoc.attributes.into_iter().collect();
    }
    if let Some(flavor) = raw.markdown.and_then(|m| m.flavor) {
        use crate::dialect::markdown::{Flavor, FLAVORS};
        match Flavor::from_id(flavor.get_ref()) {
            Some(f) => settings.flavor = Some(f),
            None => error(
                flavor.span(),
                format!(
                    "`[markdown] flavor`: unknown flavour `{}`; expected one of {}",
                    flavor.get_ref(),
                    FLAVORS.map(|f| format!("`{f}`")).join(", ")
                ),
            ),
        }
    }

    if let Some(first) = errors.into_iter().min_by_key(|e| e.span.start) {
        return Err(first);
    }
    Ok(Config {
        settings,
        fix_reference_lists: raw.fix.is_some_and(|f| f.reference_lists),
        root,
        include,
        exclude,
        dialect_globs,
        dialects,
        encoding_globs,
        encodings,
        rules,
        bibliographies,
    })
}

/// What an `[[encoding]]` entry may name, in its error messages.
const ENCODING_HINT: &str = "use a label of the WHATWG Encoding Standard, such as \
     \"utf-8\", \"latin1\", \"windows-1252\", \"iso-8859-15\" or \"shift_jis\"";

/// The encoding a label names (`latin1`, `windows-1252`, `utf-8`, any
/// WHATWG label, case and surrounding blanks ignored). UTF-16 is refused:
/// ibid reads text whose ASCII is ASCII.
fn encoding(label: &str) -> Result<&'static encoding_rs::Encoding, &'static str> {
    match encoding_rs::Encoding::for_label(label.trim().as_bytes()) {
        None => Err("unknown encoding"),
        // UTF-16 and the "replacement" encoding decode to something else.
        Some(found) if found.output_encoding() != found => Err("unsupported encoding"),
        Some(found) => Ok(found),
    }
}

/// The glob of a `[[dialect]]` or `[[encoding]]` entry; a bad one goes to
/// `error`, naming the entry (`context`).
fn entry_glob(
    glob: &Spanned<String>,
    context: &str,
    error: &mut impl FnMut(Range<usize>, String),
) -> Option<globset::Glob> {
    pattern::path_glob(glob.get_ref())
        .map_err(|reason| {
            error(
                glob.span(),
                format!("invalid glob `{}` in {context}: {reason}", glob.get_ref()),
            );
        })
        .ok()
}

/// The globs of a table's entries as one set, in their order.
fn glob_set(
    globs: Vec<globset::Glob>,
    table: &str,
    error: &mut impl FnMut(Range<usize>, String),
) -> PathGlobs {
    PathGlobs::new(globs).unwrap_or_else(|reason| {
        error(0..0, format!("invalid `{table}` globs: {reason}"));
        PathGlobs::empty()
    })
}

/// Check one `[latex.commands.NAME]` and declare it; problems go to
/// `error`.
fn latex_command(
    name: &Spanned<String>,
    raw: RawCommand,
    commands: &mut crate::dialect::latex::Commands,
    error: &mut impl FnMut(Range<usize>, String),
) {
    use crate::dialect::latex::settings::{Custom, CustomKind, From};
    let context = format!("[latex.commands.{}]", name.get_ref());
    let bare = name.get_ref().trim_start_matches('\\');
    let word = bare.strip_suffix('*').unwrap_or(bare);
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic() || c == '@') {
        error(
            name.span(),
            format!("{context}: a command name is letters, with `*` for its starred form only"),
        );
        return;
    }
    let kinds = [
        (CustomKind::Include, raw.include),
        (CustomKind::Ref, raw.reference),
        (CustomKind::Cite, raw.cite),
        (CustomKind::Label, raw.label),
        (CustomKind::Prefix, raw.prefix),
    ];
    let mut given = kinds.into_iter().filter_map(|(k, t)| t.map(|t| (k, t)));
    let Some((kind, template)) = given.next() else {
        error(
            name.span(),
            format!("{context} needs one of `include`, `ref`, `cite`, `label` or `prefix`"),
        );
        return;
    };
    if let Some((_, other)) = given.next() {
        error(
            other.span(),
            format!("{context} takes only one of `include`, `ref`, `cite`, `label` and `prefix`"),
        );
        return;
    }
    let from = match raw.from.as_ref().map(|f| (f.get_ref().as_str(), f.span())) {
        None | Some(("root", _)) => From::Root,
        Some(("file", _)) if kind == CustomKind::Include => From::File,
        Some((_, span)) if kind != CustomKind::Include => {
            return error(span, format!("`from` in {context} is for `include` only"));
        }
        Some((other, span)) => {
            return error(
                span,
                format!("unknown `from = \"{other}\"` in {context}; expected \"root\" or \"file\""),
            );
        }
    };
    let spec = raw.args.as_ref().map(|a| a.get_ref().as_str());
    match Custom::new(spec, kind, template.get_ref(), from) {
        Ok(custom) => commands.declare(bare, custom),
        Err(reason) => {
            let span = raw.args.as_ref().map_or(template.span(), |a| a.span());
            error(span, format!("{context}: {reason}"));
        }
    }
}

/// Compile a list of path globs; problems go to `error`.
fn path_globs(
    list: Vec<Spanned<String>>,
    key: &str,
    error: &mut impl FnMut(Range<usize>, String),
) -> PathGlobs {
    let mut globs = Vec::new();
    let whole = list.first().map(|g| g.span()).unwrap_or(0..0);
    for glob in list {
        match pattern::path_glob(glob.get_ref()) {
            Ok(compiled) => globs.push(compiled),
            Err(reason) => error(
                glob.span(),
                format!("invalid glob `{}` in {key}: {reason}", glob.get_ref()),
            ),
        }
    }
    PathGlobs::new(globs).unwrap_or_else(|reason| {
        error(whole, format!("invalid globs in {key}: {reason}"));
        PathGlobs::empty()
    })
}

fn dialect_ids() -> Vec<&'static str> {
    crate::dialect::DIALECTS.iter().map(|d| d.id).collect()
}

/// The candidate nearest to `word` by edit distance, when near enough to
/// be a typo (`unresolve`, `out_of_order`).
fn closest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .map(|c| (levenshtein(word, c), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

// ---------------------------------------------------------------------------
// serde errors → messages that name the key and its table

/// One step of a key path: a key, or an index into an array.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    Key(String),
    Index(usize),
}

/// What a serde error's span points at.
struct Location<'a> {
    path: Vec<Step>,
    /// The key itself (unknown keys) rather than its value.
    is_key: bool,
    value: Option<&'a DeValue<'a>>,
}

/// Rewrite a serde error so that it names the key and the table it is in.
fn explain(e: &toml::de::Error, table: &DeTable<'_>, text: &str) -> (Option<Range<usize>>, String) {
    let span = e.span();
    let message = e.message().trim();
    // An array of tables has the span of its first table, so the span
    // alone cannot tell them apart: the message says which was meant.
    let want: fn(&DeValue<'_>) -> bool = if message.starts_with("invalid type: sequence") {
        |v| matches!(v, DeValue::Array(_))
    } else if message.starts_with("invalid type: map") || message.starts_with("missing field") {
        |v| matches!(v, DeValue::Table(_))
    } else {
        |_| true
    };
    let Some(location) = span
        .as_ref()
        .and_then(|span| locate(table, span, want, &mut Vec::new()))
    else {
        return (span, message.to_owned());
    };
    let raw = span
        .as_ref()
        .and_then(|s| text.get(s.clone()))
        .unwrap_or_default();
    let path = &location.path;
    let text = if location.is_key {
        let (table_path, key) = path.split_at(path.len() - 1);
        let key = match &key[0] {
            Step::Key(key) => key.as_str(),
            Step::Index(_) => "",
        };
        match fields_at(table_path) {
            Some(fields) => format!(
                "unknown key `{key}` {}; expected one of: {}",
                in_table(table_path),
                fields.join(", ")
            ),
            None => format!("unknown key `{key}` {}", in_table(table_path)),
        }
    } else if let Some(field) = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.strip_suffix('`'))
    {
        format!("missing key `{field}` {}", in_table(path))
    } else if let Some((found, expected)) = message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.split_once(", expected "))
    {
        let expected = serde_words(expected);
        let found = serde_words(found);
        let hint = type_hint(path, location.value, &expected, raw);
        format!(
            "wrong type for {}: expected {expected}, found {found}{hint}",
            value_name(path)
        )
    } else {
        format!("{}: {message}", value_name(path))
    };
    (span, text)
}

/// serde's words for TOML's.
fn serde_words(text: &str) -> String {
    match text {
        "a sequence" => "an array".to_owned(),
        "a map" => "a table".to_owned(),
        "sequence" => "an array".to_owned(),
        "map" => "a table".to_owned(),
        other => other.to_owned(),
    }
}

/// How to fix the commonest wrong types.
fn type_hint(path: &[Step], value: Option<&DeValue<'_>>, expected: &str, raw: &str) -> String {
    match (path, value) {
        ([Step::Key(key)], Some(DeValue::Table(_))) if key == "dialect" || key == "encoding" => {
            format!("; write [[{key}]] (an array of tables), not [{key}]")
        }
        ([Step::Key(key)], Some(DeValue::Array(_))) if key == "rules" => {
            "; write one [rules.CODE] table per rule, not [[rules]]".to_owned()
        }
        ([Step::Key(key)], Some(DeValue::String(_))) if expected == "an array" => {
            format!("; write `{key} = [{raw}]`")
        }
        ([Step::Key(rules), Step::Key(code)], Some(DeValue::String(_))) if rules == "rules" => {
            format!("; write [rules.{code}] with `severity = {raw}`")
        }
        _ => String::new(),
    }
}

/// Find the key, or the value accepted by `want`, whose span is exactly
/// `span`, innermost first.
fn locate<'a>(
    table: &'a DeTable<'a>,
    span: &Range<usize>,
    want: fn(&DeValue<'_>) -> bool,
    path: &mut Vec<Step>,
) -> Option<Location<'a>> {
    for (key, value) in table {
        path.push(Step::Key(key.get_ref().to_string()));
        if key.span() == *span {
            return Some(Location {
                path: path.clone(),
                is_key: true,
                value: None,
            });
        }
        if let Some(found) = locate_value(value, span, want, path) {
            return Some(found);
        }
        path.pop();
    }
    None
}

fn locate_value<'a>(
    value: &'a Spanned<DeValue<'a>>,
    span: &Range<usize>,
    want: fn(&DeValue<'_>) -> bool,
    path: &mut Vec<Step>,
) -> Option<Location<'a>> {
    match value.get_ref() {
        DeValue::Table(table) => {
            if let Some(found) = locate(table, span, want, path) {
                return Some(found);
            }
        }
        DeValue::Array(array) => {
            for (index, item) in array.iter().enumerate() {
                path.push(Step::Index(index));
                if let Some(found) = locate_value(item, span, want, path) {
                    return Some(found);
                }
                path.pop();
            }
        }
        _ => {}
    }
    (value.span() == *span && want(value.get_ref())).then(|| Location {
        path: path.clone(),
        is_key: false,
        value: Some(value.get_ref()),
    })
}

/// `at the top level`, `in [rules.unresolved]`.
fn in_table(path: &[Step]) -> String {
    if path.is_empty() {
        "at the top level".to_owned()
    } else {
        format!("in {}", table_name(path))
    }
}

/// `[rules.unresolved]`, `[[dialect]] #2`; the top level is `the file`.
fn table_name(path: &[Step]) -> String {
    if path.is_empty() {
        return "the file".to_owned();
    }
    let dotted = |steps: &[Step]| {
        steps
            .iter()
            .map(|s| match s {
                Step::Key(k) => k.clone(),
                Step::Index(i) => format!("#{}", i + 1),
            })
            .collect::<Vec<_>>()
            .join(".")
    };
    match path.split_last() {
        Some((Step::Index(i), parent)) => format!("[[{}]] #{}", dotted(parent), i + 1),
        _ => format!("[{}]", dotted(path)),
    }
}

/// `` `include` ``, `` `severity` in [rules.unresolved] ``, `an entry of
/// `include` `.
fn value_name(path: &[Step]) -> String {
    match path.split_last() {
        Some((Step::Key(key), [])) => format!("`{key}`"),
        Some((Step::Key(key), parent)) => format!("`{key}` {}", in_table(parent)),
        Some((Step::Index(_), parent)) => format!("an entry of {}", value_name(parent)),
        None => "the file".to_owned(),
    }
}

/// The keys a table accepts, asked of the serde struct that reads it (a
/// rule's own settings only in that rule's table).
fn fields_at(path: &[Step]) -> Option<Vec<&'static str>> {
    match path {
        [] => Some(fields_of::<RawConfig>().to_vec()),
        [Step::Key(d), Step::Index(_)] if d == "dialect" => {
            Some(fields_of::<RawDialect>().to_vec())
        }
        [Step::Key(e), Step::Index(_)] if e == "encoding" => {
            Some(fields_of::<RawEncoding>().to_vec())
        }
        [Step::Key(r), Step::Key(code)] if r == "rules" => Some(
            fields_of::<RawRule>()
                .iter()
                .copied()
                .filter(|&f| f != "heading-anchors" || code == HEADING_ANCHORS_RULE)
                .collect(),
        ),
        _ => None,
    }
}

/// The field names a derived `Deserialize` struct accepts, as the derive
/// itself declares them, so that the schema is written only once.
fn fields_of<T: de::DeserializeOwned>() -> &'static [&'static str] {
    match T::deserialize(FieldProbe) {
        Err(Fields(fields)) => fields,
        Ok(_) => &[],
    }
}

/// A deserializer that only asks a struct for its field names.
struct FieldProbe;

#[derive(Debug)]
struct Fields(&'static [&'static str]);

impl std::fmt::Display for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0.join(", "))
    }
}

impl std::error::Error for Fields {}

impl de::Error for Fields {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Fields(&[])
    }
}

impl<'de> Deserializer<'de> for FieldProbe {
    type Error = Fields;

    fn deserialize_any<V: de::Visitor<'de>>(self, _: V) -> Result<V::Value, Fields> {
        Err(Fields(&[]))
    }

    fn deserialize_struct<V: de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Fields> {
        Err(Fields(fields))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map enum identifier ignored_any
    }
}
