//! Commands a project defines for itself and declares in `ibid.toml`, so
//! that ibid reads them like the built-in ones:
//!
//! ```toml
//! [latex.commands."olimport*"]     # \olimport*[dir]{file}
//! args = "o m o"
//! include = "../../content/#1/#2"  # from the root's folder
//! [latex.commands.figref]          # \figref{x} is \ref{fig:x}
//! ref = "fig:#1"
//! [latex.commands.olfileid]        # sets {prefix} for the rest of the file
//! args = "o m m m"
//! prefix = "#2:#3:#4:"
//! [latex.commands.ollabel]         # \ollabel{x} is \label{<prefix>x}
//! label = "{prefix}#1"
//! ```

use rustc_hash::FxHashMap;

/// The custom commands of a run, by name (`olimport`, `olimport*`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Commands {
    commands: FxHashMap<String, Custom>,
}

/// One argument of a custom command, as xparse writes its spec.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arg {
    /// `s`: an optional `*`.
    Star,
    /// `o`: an optional `[…]`.
    Optional,
    /// `m`: a mandatory `{…}`.
    Mandatory,
}

/// What a custom command does with its filled template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CustomKind {
    Include,
    Ref,
    Cite,
    Label,
    /// Sets the text that `{prefix}` stands for in later templates of the
    /// file.
    Prefix,
}

/// What `{prefix}` in a template stands for.
pub const PREFIX: &str = "{prefix}";

/// Where an included path starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum From {
    /// The root's folder, like `\input` and `\import`.
    Root,
    /// The including file's folder, like `\subfile`.
    File,
}

/// A declared command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Custom {
    pub args: Box<[Arg]>,
    pub kind: CustomKind,
    /// The path, label or key, with `#1`… standing for the arguments.
    pub template: Box<str>,
    pub from: From,
}

impl Custom {
    /// A command from its spec (`"o m o"`, default `"m"`), kind, template
    /// and origin; an error says what is wrong.
    pub fn new(
        spec: Option<&str>,
        kind: CustomKind,
        template: &str,
        from: From,
    ) -> Result<Self, String> {
        let args = spec
            .unwrap_or("m")
            .split_whitespace()
            .map(|a| match a {
                "s" => Ok(Arg::Star),
                "o" => Ok(Arg::Optional),
                "m" => Ok(Arg::Mandatory),
                other => Err(format!(
                    "argument `{other}`: use `s` (a star), `o` (an optional [..]) or `m` (a {{..}})"
                )),
            })
            .collect::<Result<Box<[Arg]>, String>>()?;
        if args.is_empty() || args.len() > 9 {
            return Err("give between one and nine arguments".to_owned());
        }
        let mut cursor = template;
        while let Some(at) = cursor.find('#') {
            let n = cursor[at + 1..].chars().next().and_then(|c| c.to_digit(10));
            match n {
                Some(n) if n >= 1 && (n as usize) <= args.len() => {}
                _ => {
                    return Err(format!(
                        "`{template}` uses `#` without an argument number from 1 to {}",
                        args.len()
                    ))
                }
            }
            cursor = &cursor[at + 2..];
        }
        if !template.contains('#') {
            return Err(format!("`{template}` uses no argument (#1 …)"));
        }
        Ok(Self {
            args,
            kind,
            template: template.into(),
            from,
        })
    }

    /// The template with the arguments read (a missing optional one is
    /// empty), and the first argument it uses as written (where findings
    /// are placed). `None` when it uses none that was given.
    pub fn fill<'t>(&self, args: &[Option<&'t str>]) -> Option<(String, &'t str)> {
        let mut out = String::with_capacity(self.template.len() + 32);
        let mut used = None;
        let mut rest = &*self.template;
        while let Some(at) = rest.find('#') {
            out.push_str(&rest[..at]);
            let n = rest[at + 1..].chars().next()?.to_digit(10)? as usize;
            if let Some(Some(arg)) = args.get(n - 1) {
                out.push_str(arg.trim());
                if used.is_none() && *arg != "*" {
                    used = Some(*arg);
                }
            }
            rest = &rest[at + 2..];
        }
        out.push_str(rest);
        Some((out, used?))
    }
}

impl Commands {
    pub fn is_empty(&self) -> bool {
        self.commands.is_empty()
    }

    /// Declare a command (`name` without the backslash; `name*` for its
    /// starred form only).
    pub fn declare(&mut self, name: &str, custom: Custom) {
        self.commands
            .insert(name.trim_start_matches('\\').to_owned(), custom);
    }

    /// The declared command `\name` (or `\name*` when the text goes on
    /// with a star and that form is declared), and where its arguments
    /// start.
    pub fn command<'t>(&self, name: &str, rest: &'t str) -> Option<(&Custom, &'t str)> {
        if let Some(after) = rest.strip_prefix('*') {
            let mut starred = String::with_capacity(name.len() + 1);
            starred.push_str(name);
            starred.push('*');
            if let Some(custom) = self.commands.get(&starred) {
                return Some((custom, after));
            }
        }
        self.commands.get(name).map(|c| (c, rest))
    }
}
