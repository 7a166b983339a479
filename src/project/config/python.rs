//! Top-level settings of a Python file (a Sphinx `conf.py`), read without
//! running it.
//!
//! A small tokenizer splits the file into statements (comments, strings,
//! brackets, `\` continuations and `;` understood); then, for each name
//! asked about ([`Name`]), only these top-level statements change it, in
//! order:
//!
//! ```text
//! statement := NAME [":" annotation] "=" value         ; binds NAME
//!            | NAME "+=" value                          ; extends a list
//!            | NAME "." ("append" | "extend") "(" value [","] ")"
//! value     := string | list | tuple | dict
//!            | "True" | "False" | "None" | ["-"] digits
//! list      := "[" [value ("," value)* [","]] "]"
//! tuple     := "(" [value "," [value ("," value)* [","]]] ")"
//! group     := "(" value ")"                            ; the value itself
//! dict      := "{" [value ":" value ("," value ":" value)* [","]] "}"
//! string    := [prefix] (' | " | ''' | """) … ; prefix r, u (not b, f, t)
//! ```
//!
//! The discipline is "a literal, or else unread": a value that is not such
//! a literal (adjacent strings, an f-string, a call, a name, an
//! arithmetic), a value of a type the name does not take, a change in an
//! `if`/`def`/`class` body (not at the top level), any other statement
//! that names it, and a star import leave the name [`Binding::unread`].
//! What that does to the value:
//!
//! - a top-level `NAME = <not a literal>` forgets it (the binding has no
//!   value: the caller's default stands);
//! - anything else keeps the value read so far (`NAME += compute()`, a
//!   change inside `if`, a star import);
//! - a later `NAME = <literal>` reads it afresh and clears `unread`.
//!
//! Reading a name on the right-hand side of a top-level assignment
//! (`latex_documents = [(master_doc, …)]`) changes nothing for a string,
//! a number or a bool; for a list or dict it may make an alias that is
//! changed later, so it leaves the name unread.

use self::lex::{statements, Stmt, Tok};
use crate::model::Span;

/// A literal value as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Value {
    /// A string: its value (escapes decoded) and the span inside its quotes.
    Str(String, Span),
    /// A list or a tuple.
    List(Vec<Value>),
    /// A dict, its pairs in the order written.
    Dict(Vec<(Value, Value)>),
    Bool(bool),
    Int(i64),
    None,
}

impl Value {
    /// The string, if the value is one.
    pub(super) fn str(&self) -> Option<&str> {
        match self {
            Value::Str(s, _) => Some(s),
            _ => None,
        }
    }

    /// Python's truth of the value.
    pub(super) fn truth(&self) -> bool {
        match self {
            Value::Str(s, _) => !s.is_empty(),
            Value::List(items) => !items.is_empty(),
            Value::Dict(pairs) => !pairs.is_empty(),
            Value::Bool(b) => *b,
            Value::Int(n) => *n != 0,
            Value::None => false,
        }
    }

    /// Whether the value is a list or tuple of strings.
    pub(super) fn is_strs(&self) -> bool {
        matches!(self, Value::List(items) if items.iter().all(|v| v.str().is_some()))
    }
}

/// A name to read, and what it takes.
pub(super) struct Name {
    pub name: &'static str,
    /// The values it takes; any other leaves it unread.
    pub accepts: fn(&Value) -> bool,
    /// A list or dict (a value that can change without a new binding):
    /// read on a right-hand side it may get an alias, so it is unread.
    pub mutable: bool,
    /// Whether `.append(…)` and `.extend(…)` are read (`+=` always is).
    pub methods: bool,
}

/// What the file binds a name to, as far as literals tell.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Binding {
    /// The value; None when the file does not bind the name, or binds it
    /// to something that is not a literal it takes.
    pub value: Option<Value>,
    /// The file binds or changes the name in a way not read here.
    pub unread: bool,
}

/// The bindings of `names` (in the same order) at the end of `text`.
pub(super) fn bindings(text: &str, names: &[Name]) -> Vec<Binding> {
    let mut out = vec![Binding::default(); names.len()];
    for stmt in statements(text) {
        if stmt
            .toks
            .windows(2)
            .any(|w| matches!(w, [Tok::Name("import"), Tok::Op("*")]))
        {
            // Any name may come from the other module.
            for binding in &mut out {
                binding.unread = true;
            }
        }
        let change = change(&stmt);
        let rhs = stmt.top.then(|| rhs_start(&stmt.toks)).flatten();
        for (k, tok) in stmt.toks.iter().enumerate() {
            let Tok::Name(word) = tok else { continue };
            let Some(i) = names.iter().position(|n| n.name == *word) else {
                continue;
            };
            let (name, binding) = (&names[i], &mut out[i]);
            match &change {
                Some((how, value)) if k == 0 => apply(name, binding, *how, value.as_ref()),
                _ => {
                    let assigned = matches!(stmt.toks.get(k + 1), Some(Tok::Op("=")));
                    let read = rhs.is_some_and(|r| k >= r) && !assigned;
                    binding.unread |= !read || name.mutable;
                }
            }
        }
    }
    out
}

/// How a statement changes the name it starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum How {
    /// `NAME = value`
    Set,
    /// `NAME += value`
    Add,
    /// `NAME.append(value)`
    Append,
    /// `NAME.extend(value)`
    Extend,
}

/// Apply one change to a binding.
fn apply(name: &Name, binding: &mut Binding, how: How, value: Option<&Value>) {
    let accepted = value.filter(|v| (name.accepts)(v));
    if how == How::Set {
        binding.unread = accepted.is_none();
        binding.value = accepted.cloned();
        return;
    }
    let more: Option<Vec<Value>> = match (how, value) {
        (How::Add, Some(Value::List(items))) => Some(items.clone()),
        (How::Extend, Some(Value::List(items))) if name.methods => Some(items.clone()),
        (How::Append, Some(item)) if name.methods => Some(vec![item.clone()]),
        _ => None,
    };
    let grown = match (&binding.value, more) {
        (None, Some(more)) => Some(Value::List(more)),
        (Some(Value::List(items)), Some(more)) => {
            Some(Value::List(items.iter().cloned().chain(more).collect()))
        }
        _ => None,
    };
    match grown.filter(|v| (name.accepts)(v)) {
        Some(grown) => binding.value = Some(grown),
        None => binding.unread = true,
    }
}

/// A top-level statement that changes the name it starts with: how, and
/// the value when it is a literal.
fn change(stmt: &Stmt) -> Option<(How, Option<Value>)> {
    if !stmt.top {
        return None;
    }
    let (how, value) = match stmt.toks.as_slice() {
        [Tok::Name(_), Tok::Op("="), value @ ..] => (How::Set, value),
        [Tok::Name(_), Tok::Op("+="), value @ ..] => (How::Add, value),
        [Tok::Name(_), Tok::Op(":"), rest @ ..] => {
            let eq = rest.iter().position(|t| matches!(t, Tok::Op("=")))?;
            (How::Set, &rest[eq + 1..])
        }
        [Tok::Name(_), Tok::Op("."), Tok::Name(method), Tok::Op("("), args @ .., Tok::Op(")")] => {
            let how = match *method {
                "append" => How::Append,
                "extend" => How::Extend,
                _ => return None,
            };
            let args = match args {
                [arg @ .., Tok::Op(",")] => arg,
                _ => args,
            };
            (how, args)
        }
        _ => return None,
    };
    Some((how, literal(value)))
}

/// Where the right-hand side of an assignment starts: after the first `=`
/// or augmented assignment (`+=` …) outside brackets.
fn rhs_start(toks: &[Tok]) -> Option<usize> {
    let mut depth = 0usize;
    for (i, tok) in toks.iter().enumerate() {
        match tok {
            Tok::Op("(" | "[" | "{") => depth += 1,
            Tok::Op(")" | "]" | "}") => depth = depth.saturating_sub(1),
            Tok::Op(op)
                if depth == 0 && op.ends_with('=') && !matches!(*op, "==" | "!=" | "<=" | ">=") =>
            {
                return Some(i + 1);
            }
            _ => {}
        }
    }
    None
}

/// How deep literals may nest (hostile input is normal input).
const MAX_DEPTH: usize = 32;

/// The literal that is the whole of `toks`.
fn literal(toks: &[Tok]) -> Option<Value> {
    let mut at = 0;
    let value = value(toks, &mut at, 0)?;
    (at == toks.len()).then_some(value)
}

/// # Grammar: value (see the module doc), from `toks[*at]` on.
fn value(toks: &[Tok], at: &mut usize, depth: usize) -> Option<Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tok = toks.get(*at)?;
    *at += 1;
    Some(match tok {
        Tok::Str(Some(s), span) => {
            // Adjacent strings concatenate: not read.
            if matches!(toks.get(*at), Some(Tok::Str(..))) {
                return None;
            }
            Value::Str(s.clone(), *span)
        }
        Tok::Op("[") => Value::List(items(toks, at, depth, "]")?.0),
        Tok::Op("(") => {
            let (mut items, commas) = items(toks, at, depth, ")")?;
            if items.len() == 1 && commas == 0 {
                items.pop()?
            } else {
                Value::List(items)
            }
        }
        Tok::Op("{") => Value::Dict(pairs(toks, at, depth)?),
        Tok::Name("True") => Value::Bool(true),
        Tok::Name("False") => Value::Bool(false),
        Tok::Name("None") => Value::None,
        Tok::Name(digits) => Value::Int(int(digits)?),
        Tok::Op("-") => match toks.get(*at) {
            Some(Tok::Name(digits)) => {
                *at += 1;
                Value::Int(int(digits)?.checked_neg()?)
            }
            _ => return None,
        },
        _ => return None,
    })
}

/// # Grammar: [value ("," value)* [","]] close — the items and the commas.
fn items(toks: &[Tok], at: &mut usize, depth: usize, close: &str) -> Option<(Vec<Value>, usize)> {
    let mut out = Vec::new();
    let mut commas = 0;
    loop {
        if matches!(toks.get(*at), Some(Tok::Op(op)) if *op == close) {
            *at += 1;
            return Some((out, commas));
        }
        out.push(value(toks, at, depth + 1)?);
        match toks.get(*at)? {
            Tok::Op(",") => {
                *at += 1;
                commas += 1;
            }
            Tok::Op(op) if *op == close => {}
            _ => return None,
        }
    }
}

/// # Grammar: [value ":" value ("," value ":" value)* [","]] "}"
fn pairs(toks: &[Tok], at: &mut usize, depth: usize) -> Option<Vec<(Value, Value)>> {
    let mut out = Vec::new();
    loop {
        if matches!(toks.get(*at), Some(Tok::Op("}"))) {
            *at += 1;
            return Some(out);
        }
        let key = value(toks, at, depth + 1)?;
        if !matches!(toks.get(*at)?, Tok::Op(":")) {
            return None; // a set, or worse
        }
        *at += 1;
        out.push((key, value(toks, at, depth + 1)?));
        match toks.get(*at)? {
            Tok::Op(",") => *at += 1,
            Tok::Op("}") => {}
            _ => return None,
        }
    }
}

/// A decimal integer literal (`1_000` allowed, `007` not).
fn int(word: &str) -> Option<i64> {
    let bytes = word.as_bytes();
    let ok = bytes.first().is_some_and(u8::is_ascii_digit)
        && bytes.iter().all(|&b| b.is_ascii_digit() || b == b'_')
        && !word.ends_with('_')
        && !word.contains("__")
        && !(bytes[0] == b'0' && bytes.iter().any(|&b| b != b'0' && b != b'_'));
    if !ok {
        return None;
    }
    word.replace('_', "").parse().ok()
}

mod lex;

#[cfg(test)]
mod tests;
