//! Reading one comment into a directive: the nom productions of the
//! grammar in the parent module's doc, and the problems a directive can
//! have (unknown keyword or code, repeated code, unreadable text).

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while1};
use nom::character::complete::{char, multispace0, multispace1};
use nom::combinator::{opt, recognize, rest, value};
use nom::multi::{many0_count, many1_count, separated_list1};
use nom::sequence::{preceded, terminated};
use nom::{IResult, Parser};
use rustc_hash::FxHashSet;

use super::CODE;
use crate::model::Span;

/// What a directive does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    NextLine,
    Line,
    File,
    Ignore,
    Enable,
}

/// Every keyword.
const KEYWORDS: [(&str, Kind); 5] = [
    ("ibid-ignore-next-line", Kind::NextLine),
    ("ibid-ignore-line", Kind::Line),
    ("ibid-ignore-file", Kind::File),
    ("ibid-ignore", Kind::Ignore),
    ("ibid-enable", Kind::Enable),
];

impl Kind {
    pub(super) fn keyword(self) -> &'static str {
        KEYWORDS
            .iter()
            .find(|(_, k)| *k == self)
            .map_or("ibid-ignore", |(w, _)| w)
    }
}

/// A directive as written in one comment.
#[derive(Debug)]
pub(super) struct Parsed {
    pub kind: Kind,
    /// Whether it names codes; when it does, `codes` holds the known ones
    /// (possibly none), each once, with where they are written.
    pub named: bool,
    pub codes: Vec<(&'static str, Span)>,
}

/// Something wrong with a directive, reported as `unused-suppression`.
#[derive(Debug)]
pub(super) struct Problem {
    pub span: Span,
    pub message: String,
    pub help: String,
}

type Res<'a, O> = IResult<&'a str, O>;

/// # Grammar
/// `segment = 1*( ALPHA / DIGIT / "_" )`
fn segment(input: &str) -> Res<'_, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || c == '_').parse(input)
}

/// # Grammar
/// `word = "ibid" 1*( "-" segment )` (a keyword, or not)
fn word(input: &str) -> Res<'_, &str> {
    recognize((tag("ibid"), many1_count((char('-'), segment)))).parse(input)
}

/// # Grammar
/// `code = segment *( "-" segment )`
fn code(input: &str) -> Res<'_, &str> {
    recognize((segment, many0_count((char('-'), segment)))).parse(input)
}

/// # Grammar
/// `separator = *WS "," *WS / 1*WS`
fn separator(input: &str) -> Res<'_, ()> {
    alt((
        value((), (multispace0, char(','), multispace0)),
        value((), multispace1),
    ))
    .parse(input)
}

/// # Grammar
/// `codes = code *( separator code ) [ *WS "," ]`
fn codes(input: &str) -> Res<'_, Vec<&str>> {
    terminated(
        separated_list1(separator, code),
        opt((multispace0, char(','))),
    )
    .parse(input)
}

/// # Grammar
/// `directive = word [ ":" ] [ *WS codes ] *WS [ "--" *CHAR ]`; what is
/// left over is text the grammar does not take.
fn directive(input: &str) -> Res<'_, (&str, Vec<&str>)> {
    let (input, (word, _, codes, _, _)) = (
        word,
        opt(char(':')),
        opt(preceded(multispace0, codes)),
        multispace0,
        opt((tag("--"), rest)),
    )
        .parse(input)?;
    Ok((input, (word, codes.unwrap_or_default())))
}

/// A comment's text (the dialect stripped its delimiters), from its first
/// non-blank: suppressions read the body alone, whatever the comment
/// syntax.
fn body(comment: &str) -> &str {
    comment.trim_start()
}

/// Whether a comment's body (a span into `text`) may hold a directive.
pub(super) fn is_candidate(text: &str, body_span: Span) -> bool {
    text.get(body_span.start..body_span.end)
        .is_some_and(|s| body(s).starts_with("ibid-"))
}

/// The span of `part`, a slice of `text`.
fn span_of(text: &str, part: &str) -> Span {
    let start = (part.as_ptr() as usize).saturating_sub(text.as_ptr() as usize);
    Span::new(start, start + part.len())
}

/// Read the directive in a comment: `None` when the comment holds none, or
/// holds one that cannot be applied (the problem is in `problems`).
pub(super) fn read(text: &str, body_span: Span, problems: &mut Vec<Problem>) -> Option<Parsed> {
    let inner = body(text.get(body_span.start..body_span.end)?);
    let (left, (word, written)) = directive(inner).ok()?;
    let Some(kind) = KEYWORDS.iter().find(|(k, _)| *k == word).map(|p| p.1) else {
        let help = suggest(word, KEYWORDS.iter().map(|(k, _)| *k)).map_or_else(
            || {
                "use `ibid-ignore-next-line`, `ibid-ignore-line`, `ibid-ignore-file`, \
                 or `ibid-ignore` … `ibid-enable`"
                    .to_owned()
            },
            |k| format!("did you mean `{k}`?"),
        );
        problems.push(Problem {
            span: span_of(text, word),
            message: format!("unknown suppression directive `{word}`"),
            help,
        });
        return None;
    };
    let keyword = kind.keyword();
    let left = left.trim_end();
    if !left.is_empty() {
        let shown: String = left
            .split_whitespace()
            .next()
            .unwrap_or(left)
            .chars()
            .take(16)
            .collect();
        problems.push(Problem {
            span: span_of(text, left),
            message: format!("can't read `{keyword}` at `{shown}`, so it is not applied"),
            help: format!(
                "separate rule codes with commas or spaces and put any reason after `--`, \
                 as in `<!-- {keyword} unresolved, duplicate -- why -->`"
            ),
        });
        return None;
    }
    let mut codes = Vec::with_capacity(written.len());
    let mut seen = FxHashSet::default();
    for raw in written.iter().copied() {
        let span = span_of(text, raw);
        if !seen.insert(raw) {
            problems.push(Problem {
                span,
                message: format!("`{raw}` is named twice in this `{keyword}`"),
                help: format!("remove the second `{raw}`"),
            });
        } else if let Some(code) = known(raw) {
            codes.push((code, span));
        } else {
            let hint = suggest(raw, known_codes())
                .map(|c| format!("did you mean `{c}`? "))
                .unwrap_or_default();
            problems.push(Problem {
                span,
                message: format!("`{keyword}` names `{raw}`, which is not a rule code"),
                help: format!("{hint}`ibid explain` lists the rule codes"),
            });
        }
    }
    Some(Parsed {
        kind,
        named: !written.is_empty(),
        codes,
    })
}

/// A rule's code as `&'static str`, when `code` names one.
fn known(code: &str) -> Option<&'static str> {
    crate::rules::by_code(code)
        .map(|r| r.code)
        .or((code == CODE).then_some(CODE))
}

/// Every code a directive may name.
fn known_codes() -> impl Iterator<Item = &'static str> + Clone {
    crate::rules::RULES
        .iter()
        .map(|r| r.code)
        .chain(crate::rules::by_code(CODE).is_none().then_some(CODE))
}

/// The candidate meant by `word`: the same but for case (or `disable`
/// written for `ignore`, as markdownlint and ESLint spell it), or else the
/// closest within two edits.
fn suggest(
    word: &str,
    candidates: impl Iterator<Item = &'static str> + Clone,
) -> Option<&'static str> {
    let lower = word.to_ascii_lowercase().replace("disable", "ignore");
    if let Some(c) = candidates.clone().find(|c| *c == lower) {
        return Some(c);
    }
    candidates
        .filter(|c| c.len().abs_diff(lower.len()) <= 2)
        .map(|c| (edits(&lower, c), c))
        .filter(|&(n, _)| n <= 2)
        .min_by_key(|&(n, _)| n)
        .map(|(_, c)| c)
}

/// The Levenshtein distance between two short strings.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}
