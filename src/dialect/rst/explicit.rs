//! The first line of an explicit markup block (after `.. `), read with nom:
//! which item it is and where its parts are.
//!
//! # Grammar
//!
//! ```text
//! item        = footnote / target / substitution / directive / comment
//! footnote    = "[" label "]" ( SP / EOL )            ; label: no space, no "]"
//! target      = "_" ( "_" / "`" quoted "`" / name ) ":" ( SP / EOL )
//!                                                     ; name: up to an unescaped ":"
//! substitution = "|" text "|" SP directive
//! directive   = dname "::" ( SP / EOL )
//! dname       = ALNUM *( ALNUM / "-" / "_" / ":" / "+" / "." )
//! refname     = ALNUM *( [ "-" / "_" / "." / ":" / "+" ] ALNUM )
//! ```

use nom::bytes::complete::{tag, take_till1};
use nom::{IResult, Parser};

type Res<'a, T> = IResult<&'a str, T>;

/// What an explicit markup block is, with offsets into the text after
/// `.. `.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Item<'a> {
    /// `[label]`: the label, and where the body starts.
    Note {
        label: &'a str,
        body: usize,
    },
    /// `_name:` (`name` unquoted and unescaped), and where the link block
    /// starts; `name` is `None` for the anonymous `__:`.
    Target {
        name: Option<String>,
        name_at: usize,
        name_len: usize,
        link: usize,
    },
    /// `|name| directive::`: the name, its offset, the directive's name and
    /// where its arguments start.
    Substitution {
        name: &'a str,
        name_at: usize,
        directive: &'a str,
        args: usize,
    },
    /// `name:: arguments`.
    Directive {
        name: &'a str,
        args: usize,
    },
    Comment,
}

/// Read the item of `rest` (the line after `.. `).
pub(super) fn item(rest: &str) -> Item<'_> {
    let full = rest.len();
    let offset = |r: &str| full - r.len();
    if let Ok((after, label)) = note_label(rest) {
        return Item::Note {
            label,
            body: offset(after.trim_start_matches([' ', '\t'])),
        };
    }
    if let Some(target) = target(rest) {
        return target;
    }
    if let Ok((after, name)) = substitution(rest) {
        if let Ok((args, directive)) = directive(after) {
            return Item::Substitution {
                name,
                name_at: 1,
                directive,
                args: offset(args),
            };
        }
    }
    if let Ok((args, name)) = directive(rest) {
        return Item::Directive {
            name,
            args: offset(args),
        };
    }
    Item::Comment
}

/// # Grammar
/// `footnote = "[" label "]" ( SP / EOL )`
fn note_label(input: &str) -> Res<'_, &str> {
    let (rest, label) = nom::sequence::delimited(
        tag("["),
        take_till1(|c: char| c == ']' || c.is_whitespace()),
        tag("]"),
    )
    .parse(input)?;
    spaced(rest).map(|rest| (rest, label))
}

/// After an item's marker: a space or the end of the line.
fn spaced(rest: &str) -> Result<&str, nom::Err<nom::error::Error<&str>>> {
    if rest.is_empty() || rest.starts_with([' ', '\t']) {
        Ok(rest)
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            rest,
            nom::error::ErrorKind::Space,
        )))
    }
}

/// # Grammar
/// `target = "_" ( "_" / "`" quoted "`" / name ) ":" ( SP / EOL )`
fn target(input: &str) -> Option<Item<'_>> {
    let rest = input.strip_prefix('_')?;
    if let Some(after) = rest.strip_prefix("_:") {
        spaced(after).ok()?;
        return Some(Item::Target {
            name: None,
            name_at: 0,
            name_len: 3,
            link: input.len() - after.len(),
        });
    }
    if let Some(quoted) = rest.strip_prefix('`') {
        let close = quoted.find('`')?;
        let after = quoted[close + 1..].strip_prefix(':')?;
        spaced(after).ok()?;
        return Some(Item::Target {
            name: Some(unescape(&quoted[..close])),
            name_at: 2,
            name_len: close,
            link: input.len() - after.len(),
        });
    }
    // Up to the first colon that is not escaped and ends the name.
    let bytes = rest.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b':' if bytes.get(at + 1).is_none_or(|&b| b == b' ' || b == b'\t') => {
                if at == 0 {
                    return None;
                }
                let name = &rest[..at];
                return Some(Item::Target {
                    name: Some(unescape(name)),
                    name_at: 1,
                    name_len: at,
                    link: 1 + at + 1,
                });
            }
            _ => at += 1,
        }
    }
    None
}

/// A name with its backslash escapes resolved.
pub(super) fn unescape(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// # Grammar
/// `substitution = "|" text "|" SP`
fn substitution(input: &str) -> Res<'_, &str> {
    let (rest, name) = nom::sequence::delimited(tag("|"), take_till1(|c: char| c == '|'), tag("|"))
        .parse(input)?;
    if name.starts_with(char::is_whitespace) || name.ends_with(char::is_whitespace) {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        )));
    }
    let rest = spaced(rest)?;
    Ok((rest.trim_start_matches([' ', '\t']), name))
}

/// # Grammar
/// `directive = dname "::" ( SP / EOL )`
fn directive(input: &str) -> Res<'_, &str> {
    let (rest, name) = nom::bytes::complete::take_until("::").parse(input)?;
    let valid = name.starts_with(char::is_alphanumeric)
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ':' | '+' | '.'));
    if !valid {
        return Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Alpha,
        )));
    }
    let rest = spaced(&rest[2..])?;
    Ok((rest.trim_start_matches([' ', '\t']), name))
}

/// The directive a line after `.. ` starts, if it is one.
pub(super) fn directive_name(rest: &str) -> Option<&str> {
    directive(rest).ok().map(|(_, name)| name)
}

/// Whether `name` is a simple reference name: alphanumerics joined by
/// single `-`, `_`, `.`, `:` or `+`.
pub(super) fn is_refname(name: &str) -> bool {
    let mut last_alnum = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            last_alnum = true;
        } else if matches!(c, '-' | '_' | '.' | ':' | '+') && last_alnum {
            last_alnum = false;
        } else {
            return false;
        }
    }
    last_alnum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items() {
        assert_eq!(
            item("[1] A note."),
            Item::Note {
                label: "1",
                body: 4
            }
        );
        assert_eq!(
            item("[#]"),
            Item::Note {
                label: "#",
                body: 3
            }
        );
        assert_eq!(item("[1]x"), Item::Comment);
        assert_eq!(
            item("_my target: https://x.org"),
            Item::Target {
                name: Some("my target".into()),
                name_at: 1,
                name_len: 9,
                link: 11
            }
        );
        assert_eq!(
            item("_`a: b`:"),
            Item::Target {
                name: Some("a: b".into()),
                name_at: 2,
                name_len: 4,
                link: 8
            }
        );
        assert_eq!(
            item("__: https://x.org"),
            Item::Target {
                name: None,
                name_at: 0,
                name_len: 3,
                link: 3
            }
        );
        assert_eq!(
            item("|name| replace:: text"),
            Item::Substitution {
                name: "name",
                name_at: 1,
                directive: "replace",
                args: 17
            }
        );
        assert_eq!(
            item("code-block:: python"),
            Item::Directive {
                name: "code-block",
                args: 13
            }
        );
        assert_eq!(
            item("py:function:: f(x)"),
            Item::Directive {
                name: "py:function",
                args: 14
            }
        );
        assert_eq!(
            item("note::"),
            Item::Directive {
                name: "note",
                args: 6
            }
        );
        assert_eq!(item("just a comment: here"), Item::Comment);
        assert_eq!(item("ibid-ignore-next-line"), Item::Comment);
        assert!(
            is_refname("CIT2002")
                && is_refname("a-b.c")
                && !is_refname("a--b")
                && !is_refname("a b")
        );
    }
}
