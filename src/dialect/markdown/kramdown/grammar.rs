//! nom productions of kramdown-rfc references: what lies between `{{`
//! and `}}`. Everything here works on that one `&str` and returns offsets
//! into it; spans are made by the caller.

use nom::branch::alt;
use nom::bytes::complete::{tag, take_while, take_while1};
use nom::character::complete::{char, one_of};
use nom::combinator::{all_consuming, map, not, opt, recognize};
use nom::multi::{many0_count, many1_count};
use nom::sequence::{delimited, preceded, terminated};
use nom::{IResult, Parser};

type Res<'a, O> = IResult<&'a str, O>;

/// How a reference asks kramdown-rfc to list its entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mark {
    /// `{{!RFC2119}}`: among the normative references.
    Normative,
    /// `{{?RFC8174}}`: among the informative references.
    Informative,
}

/// The target of a reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Target<'a> {
    /// The anchor as written, without a leading `-`.
    pub name: &'a str,
    /// Where the target is written (its `-` included), as an offset and a
    /// length into the content.
    pub at: usize,
    pub len: usize,
    pub mark: Option<Mark>,
    /// Written `-name`: an abbreviation the front matter declares.
    pub alias: bool,
    /// Written `name=what`: what kramdown-rfc fetches for the entry.
    pub fetch: bool,
}

/// A character of an XML name, as kramdown-rfc takes an anchor.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':')
}

/// A character of a name kramdown-rfc rewrites (`!`, `?` and `-` forms).
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-' | '_')
}

/// # Grammar
/// `SP = 1*( WSP / EOL / NBSP )`
fn sp(input: &str) -> Res<'_, &str> {
    take_while1(char::is_whitespace).parse(input)
}

/// # Grammar
/// `name = 1*( ALNUM / "." / "-" / "_" / ":" )`
fn name(input: &str) -> Res<'_, &str> {
    take_while1(is_name_char).parse(input)
}

/// # Grammar
/// `text = "(" 1*( "(" *( char - ")" ) ")" / 1*( char - "(" - ")" ) ) ")"`
fn text(input: &str) -> Res<'_, &str> {
    let nested = recognize((char('('), take_while(|c| c != ')'), char(')')));
    let plain = take_while1(|c| c != '(' && c != ')');
    delimited(
        char('('),
        recognize(many1_count(alt((nested, plain)))),
        char(')'),
    )
    .parse(input)
}

/// # Grammar
/// `titled = SP text`: the text a reference shows, or a section's title
fn titled(input: &str) -> Res<'_, &str> {
    preceded(sp, text).parse(input)
}

/// # Grammar
/// `section = name [ titled ]`
fn section(input: &str) -> Res<'_, &str> {
    terminated(name, opt(titled)).parse(input)
}

/// # Grammar
/// `and = SP "and" SP`
fn and(input: &str) -> Res<'_, &str> {
    recognize((sp, tag("and"), sp)).parse(input)
}

/// # Grammar
/// `sections-of-one = ( "Section" / "Appendix" ) SP section`,
/// `sections-of-many = ( "Sections" / "Appendices" ) SP section
///  *( "," SP !( "and" SP ) section ) [ "," ] and section`
fn sections_any(input: &str) -> Res<'_, &str> {
    let later = (char(','), sp, not((tag("and"), sp)), section);
    let many = (
        alt((tag("Sections"), tag("Appendices"))),
        sp,
        section,
        many0_count(later),
        opt(char(',')),
        and,
        section,
    );
    let one = (alt((tag("Section"), tag("Appendix"))), sp, section);
    alt((recognize(many), recognize(one))).parse(input)
}

/// # Grammar
/// `sections = sections-any [ and sections-any ]`
fn sections(input: &str) -> Res<'_, &str> {
    recognize((sections_any, opt((and, sections_any)))).parse(input)
}

/// # Grammar
/// `subref = 1*( word-char / "/" ) "@"`: the document named before the target
fn subref(input: &str) -> Res<'_, &str> {
    terminated(take_while1(|c| is_word_char(c) || c == '/'), char('@')).parse(input)
}

/// # Grammar
/// `marked = ( ( "!" / "?" ) [ "-" ] / "-" ) 1*word-char [ "=" 1*( word-char / "/" ) ]`
fn marked(input: &str) -> Res<'_, (Option<Mark>, bool, &str, bool)> {
    let mark = map(one_of("!?"), |c| {
        if c == '!' {
            Mark::Normative
        } else {
            Mark::Informative
        }
    });
    let prefix = alt((
        map((mark, opt(char('-'))), |(m, dash)| {
            (Some(m), dash.is_some())
        }),
        map(char('-'), |_| (None, true)),
    ));
    let bibref = preceded(char('='), take_while1(|c| is_word_char(c) || c == '/'));
    map(
        (prefix, take_while1(is_word_char), opt(bibref)),
        |((mark, alias), word, fetch)| (mark, alias, word, fetch.is_some()),
    )
    .parse(input)
}

/// What a target may be written with.
#[derive(Clone, Copy)]
enum Form {
    /// A name, with a subref, a mark and a text.
    Full,
    /// A name and a text only (after `<`).
    Bare,
    /// A name, with a subref and a mark but no text (before a
    /// parenthesised section).
    Untitled,
}

/// Where `part`, a slice of `base`, starts in it.
fn offset(base: &str, part: &str) -> usize {
    part.as_ptr() as usize - base.as_ptr() as usize
}

/// # Grammar
/// `target = [ subref ] ( marked / name ) [ titled ]`
fn target<'a>(base: &'a str, form: Form, input: &'a str) -> Res<'a, Target<'a>> {
    let (rest, (mark, alias, name, fetch)) = match form {
        Form::Bare => map(name, |n| (None, false, n, false)).parse(input)?,
        Form::Full | Form::Untitled => preceded(
            opt(subref),
            alt((marked, map(name, |n| (None, false, n, false)))),
        )
        .parse(input)?,
    };
    let rest = match form {
        Form::Full | Form::Bare => opt(titled).parse(rest)?.0,
        Form::Untitled => rest,
    };
    let at = offset(base, name) - usize::from(alias);
    Ok((
        rest,
        Target {
            name,
            at,
            len: name.len() + usize::from(alias),
            mark,
            alias,
            fetch,
        },
    ))
}

/// # Grammar
/// `of-form = sections SP "of" SP target`: `{{Section 3 of RFC9000}}`
fn of_form<'a>(base: &'a str, input: &'a str) -> Res<'a, Target<'a>> {
    let (input, _) = (sections, sp, tag("of"), sp).parse(input)?;
    target(base, Form::Full, input)
}

/// # Grammar
/// `comma-form = target "," SP sections`: `{{RFC9000, Section 3}}`
fn comma_form<'a>(base: &'a str, input: &'a str) -> Res<'a, Target<'a>> {
    let (input, t) = target(base, Form::Full, input)?;
    let (input, _) = (char(','), sp, sections).parse(input)?;
    Ok((input, t))
}

/// # Grammar
/// `paren-form = target SP "(" sections ")"`: `{{RFC9000 (Section 3)}}`
fn paren_form<'a>(base: &'a str, input: &'a str) -> Res<'a, Target<'a>> {
    let (input, t) = target(base, Form::Untitled, input)?;
    let (input, _) = (sp, delimited(char('('), sections, char(')'))).parse(input)?;
    Ok((input, t))
}

/// # Grammar
/// `relative-form = ( section "<" / "<<" / "<" ) name [ titled ]`:
/// `{{3.2<RFC9000}}` (a section, bare), `{{<<sec}}` (its title), `{{<sec}}`
/// (its number)
fn relative_form<'a>(base: &'a str, input: &'a str) -> Res<'a, Target<'a>> {
    let (input, _) = alt((terminated(section, char('<')), tag("<<"), tag("<"))).parse(input)?;
    target(base, Form::Bare, input)
}

/// Whether kramdown-rfc makes the content a link (`<eref>`), not a
/// reference: `scheme://…` or `scheme:…@…`.
fn is_uri(content: &str) -> bool {
    let scheme = content
        .bytes()
        .take_while(|b| b.is_ascii_alphanumeric() || *b == b'_')
        .count();
    scheme > 0
        && content[scheme..]
            .strip_prefix(':')
            .is_some_and(|rest| rest.starts_with("//") || rest.contains('@'))
}

/// The target of a reference, given what lies between its `{{` and `}}`;
/// `None` when it is no reference (a contact `{{{Name}}}`, an entity
/// `{{&SELF}}`, a link `{{https://…}}`) or not one kramdown-rfc reads.
///
/// # Grammar
/// `reference = target / of-form / comma-form / paren-form / relative-form`
pub(crate) fn reference(content: &str) -> Option<Target<'_>> {
    if content.starts_with(['{', '&']) || is_uri(content) {
        return None;
    }
    // The plain target first: most references are one, and where another
    // form reads the same text (`RFC9000 (Section 3)` is a target with a
    // text too) the target is the same.
    alt((
        all_consuming(|i| target(content, Form::Full, i)),
        all_consuming(|i| of_form(content, i)),
        all_consuming(|i| comma_form(content, i)),
        all_consuming(|i| paren_form(content, i)),
        all_consuming(|i| relative_form(content, i)),
    ))
    .parse(content)
    .ok()
    .map(|(_, t)| t)
}
