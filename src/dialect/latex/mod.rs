//! The LaTeX dialect (DESIGN.md section 6): cross-references and labels,
//! citations of LaTeX, natbib and biblatex, footnotes, the files a
//! document includes and the bibliographies it names, read without a TeX
//! installation.
//!
//! ibid does not expand macros: it reads the commands that matter for
//! references, with their arguments, and jumps over every region TeX would
//! not typeset as text. A project's own commands can be declared in
//! `ibid.toml` (see [`settings`]).
//!
//! # Grammar
//!
//! ```text
//! document    = *( comment / command / text )
//! comment     = "%" *( not LF )                  ; `\%` is text, `\\%` a comment
//! command     = "\" name [ "*" ] *( blank ( optional / mandatory ) )
//! name        = 1*( ALPHA / "@" ) / any-char     ; a control word or symbol
//! optional    = "[" *( group / not "]" ) "]"
//! mandatory   = group                            ; `{` … `}`, nested to any depth
//! group       = "{" *( group / "\" any-char / comment / not "}" ) "}"
//! blank       = *( SP / HTAB / one LF / comment ) ; a blank line ends a command
//!
//! ref         = ( "\ref" / "\eqref" / "\pageref" / "\autoref" / "\nameref" / "\vref" / … )
//!               [ "*" ] mandatory                 ; CrossRef marker
//!             / ( "\cref" / "\Cref" / "\cpageref" / "\labelcref" / … ) key-list
//!             / ( "\crefrange" / "\cpagerefrange" / … ) mandatory mandatory
//!             / "\hyperref" optional              ; the label is the optional argument
//! label       = "\label" [ optional ] mandatory   ; CrossRef definition
//!             / "label=" value                    ; in lstlisting's or \lstinputlisting's options
//! cite        = cite-name [ "*" ] 0*2optional key-list       ; Citation markers
//!             / multicite 0*2( "(" … ")" ) 1*( 0*2optional key-list )
//!             / "\nocite" key-list                ; `*` cites every entry
//! key-list    = "{" key *( "," key ) "}"          ; keys trimmed; `%` comments dropped
//! footnote    = "\footnote" [ optional ] group    ; InlineNote definition; read inside
//!             / "\footnotemark" [ "[" digits "]" ]            ; Note marker
//!             / "\footnotetext" [ "[" digits "]" ] group      ; Note definition
//! bibitem     = "\bibitem" [ optional ] mandatory ; Citation definition (thebibliography)
//! include     = "\input" ( mandatory / bare-path ) / "\include" mandatory
//!             / "\subfile" mandatory / "\import" mandatory mandatory
//!             / "\subimport" mandatory mandatory / "\InputIfFileExists" mandatory
//! bibliography = "\bibliography" key-list / "\addbibresource" [ optional ] mandatory
//! root        = "\documentclass" [ optional ] mandatory  ; a root, but for `subfiles`
//!             / "% !TEX root =" path
//!
//! not read    = "\begin{" verbatim-env "}" … "\end{" verbatim-env "}"
//!                                                 ; verbatim, Verbatim, lstlisting,
//!                                                 ; minted, comment, …
//!             / "\verb" delim … delim / "\lstinline" … / "\url" group / "\href" group
//!             / "\iffalse" … ( "\else" / "\fi" )  ; nested conditionals counted
//!             / macro-definition                  ; \newcommand, \def, \NewDocumentCommand …:
//!                                                 ; the body (with its #1) is not read
//!             / "\end{document}" *any / "\endinput" rest-of-line *any
//! ```
//!
//! Keys are matched as written (trimmed); a key holding a macro parameter
//! (`#1`) or a command is not a key. Citation keys match BibTeX's way,
//! case-insensitively (the citation graph does that for every dialect).

mod commands;
mod grammar;
mod scan;
pub mod settings;
#[cfg(test)]
mod tests;

use memchr::memmem;

use crate::model::{Document, Notation};
pub use settings::Commands;

/// How far a declaration of the input encoding is looked for.
const PREAMBLE_BYTES: usize = 128 * 1024;

/// How LaTeX writes notes and citations, for messages and help.
pub const NOTATION: Notation = Notation {
    marker: |label| {
        if label.is_empty() {
            "\\footnotemark".to_owned()
        } else {
            format!("\\footnotemark[{label}]")
        }
    },
    definition: |label| {
        if label.is_empty() {
            "\\footnotetext{…}".to_owned()
        } else {
            format!("\\footnotetext[{label}]{{…}}")
        }
    },
    citation: |key| format!("\\cite{{{key}}}"),
    inline_note: "\\footnote{…}",
    key: |key| format!("`{key}`"),
    sequential: false,
    duplicates_resolve: true,
    shared_note: "note",
};

/// Read a LaTeX document.
pub fn parse(text: &str, commands: &Commands) -> Document {
    scan::Scanner::new(text, commands).run()
}

/// Whether text of unknown type is LaTeX: a `\documentclass` or
/// `\begin{document}` near the start, or sectioning commands.
pub fn sniff(text: &str) -> bool {
    let head = &text.as_bytes()[..text.len().min(8192)];
    [
        &b"\\documentclass"[..],
        b"\\begin{document}",
        b"\\section{",
        b"\\chapter{",
        b"\\input{",
    ]
    .iter()
    .any(|needle| memmem::find(head, needle).is_some())
}

/// The encoding a document declares with `\usepackage[…]{inputenc}`
/// when it is not UTF-8; `None` for UTF-8 or
/// no declaration. Read from the bytes, before decoding: in the preamble
/// (before `\begin{document}`), within the file's first 128 KiB.
pub fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(PREAMBLE_BYTES)];
    let head = memmem::find(head, b"\\begin{document}").map_or(head, |end| &head[..end]);
    let bytes = head;
    let at = memmem::find(bytes, b"{inputenc}")?;
    // `\usepackage[latin1]{inputenc}`: the options just before.
    let before = &bytes[..at];
    let close = before.iter().rposition(|&b| !b.is_ascii_whitespace())?;
    if before[close] != b']' {
        return None;
    }
    let open = before[..close].iter().rposition(|&b| b == b'[')?;
    // Not in a comment: no `%` between the line's start and the command.
    let line_start = before[..open]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |n| n + 1);
    if before[line_start..open].contains(&b'%') {
        return None;
    }
    let options = std::str::from_utf8(&before[open + 1..close]).ok()?;
    options.split(',').map(str::trim).find_map(encoding)
}

/// An inputenc option's encoding (`None` for UTF-8 and for options that
/// are not encodings).
fn encoding(option: &str) -> Option<&'static encoding_rs::Encoding> {
    use encoding_rs::*;
    Some(match option {
        // encoding_rs decodes ISO 8859-1 as windows-1252, its superset
        // for every printable character, as browsers do.
        "latin1" | "ansinew" | "cp1252" => WINDOWS_1252,
        "latin2" => ISO_8859_2,
        "latin3" => ISO_8859_3,
        "latin4" => ISO_8859_4,
        "latin5" => WINDOWS_1254,
        "latin9" => ISO_8859_15,
        "latin10" => ISO_8859_16,
        "cp1250" => WINDOWS_1250,
        "cp1251" => WINDOWS_1251,
        "cp1257" => WINDOWS_1257,
        "koi8-r" => KOI8_R,
        "koi8-u" => KOI8_U,
        "cp866" | "cp866nav" => IBM866,
        "applemac" | "macce" => MACINTOSH,
        _ => return None,
    })
}
