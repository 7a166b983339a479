//! What each command that matters for references does: the table the
//! scanner dispatches on. Every other command is read past (its arguments
//! are ordinary text, where references may be).

/// What a command does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// A cross-reference: one label (`\ref`), a comma list (cleveref's
    /// `\cref`), or two labels (`\crefrange`).
    Ref(Refs),
    /// `\hyperref[label]{text}`: the label is the optional argument.
    Hyperref,
    /// `\label{x}`, `\label[type]{x}`.
    Label,
    /// A citation: optional notes, then a key list. `multi` for the
    /// multicite commands (`\cites(pre)(post)[pre][post]{a}[p]{b}`);
    /// `skip` mandatory arguments before the keys (`\volcite{2}{key}`).
    Cite { multi: bool, skip: u8 },
    /// `\nocite{key}`, `\nocite{*}`.
    Nocite,
    /// `\footnote[n]{…}`, `\sidenote{…}`, `\endnote{…}`: a note written
    /// in place.
    Footnote,
    /// `\footnotemark[n]`.
    FootnoteMark,
    /// `\footnotetext[n]{…}`.
    FootnoteText,
    /// `\bibitem[label]{key}`.
    Bibitem,
    /// `\input{file}`, `\input file`, `\include{file}`,
    /// `\InputIfFileExists{file}`.
    Input(Input),
    /// `\subfile{file}`, `\subfileinclude{file}`.
    Subfile,
    /// `\import{dir}{file}` and the import package's other forms.
    Import { sub: bool },
    /// `\bibliography{a,b}`, `\nobibliography{a}`.
    Bibliography,
    /// `\addbibresource[opts]{file.bib}` and biblatex's other forms.
    BibResource,
    /// `\externaldocument[prefix]{file}` (xr, xr-hyper).
    External,
    /// `\begin{env}`.
    Begin,
    /// `\end{env}`.
    End,
    /// `\verb|…|`, `\Verb|…|`.
    Verb,
    /// `\lstinline[opts]|…|` or `{…}`.
    LstInline,
    /// `\mintinline[opts]{lang}|…|` or `{…}`.
    MintInline,
    /// `\url{…}`, `\path{…}`: a verbatim group.
    Url,
    /// `\href{url}{text}`: the first group is verbatim.
    Href,
    /// `\lstinputlisting[label=x]{file}`: a label in the options.
    LstInput,
    /// `\iffalse`: skipped to its `\else` or `\fi`.
    IfFalse,
    /// `\else`, `\or`: the next branch of a conditional.
    Else,
    /// `\fi`: a conditional ends.
    Fi,
    /// `\lstset{…}`: listings' settings (`escapeinside`).
    LstSet,
    /// `\newif\ifx`: the conditional it names is not a conditional here.
    NewIf,
    /// `\endinput`: the rest of the file is not read (after this line).
    EndInput,
    /// `\documentclass[opts]{class}`, `\documentstyle`.
    DocumentClass,
    /// `\newcommand{\x}[n][default]{body}` and kin: the body is not read.
    NewCommand,
    /// `\def\x#1{body}` and kin.
    Def,
    /// `\NewDocumentCommand{\x}{spec}{body}` and kin.
    DocumentCommand,
    /// `\newenvironment{x}[n][default]{begin}{end}`.
    NewEnvironment,
    /// `\NewDocumentEnvironment{x}{spec}{begin}{end}`.
    DocumentEnvironment,
    /// `\lstnewenvironment{x}`, `\DefineVerbatimEnvironment{x}…`,
    /// `\newminted{lang}`: a new verbatim environment.
    NewVerbatim { minted: bool },
}

/// How many labels a reference command takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refs {
    One,
    List,
    Range,
}

/// How an input command resolves its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// `\input`, `\include`: `file.tex`, then `file`; braces optional
    /// for `\input`.
    Plain { braces: bool },
    /// `\InputIfFileExists`: a missing file is no error.
    IfExists,
}

/// The action of a command, by name (without the backslash).
pub fn action(name: &str) -> Option<Action> {
    use Action::*;
    Some(match name {
        "ref" | "eqref" | "pageref" | "autoref" | "Autoref" | "nameref" | "Nameref" | "vref"
        | "Vref" | "vpageref" | "fullref" | "subref" | "fref" | "Fref" | "thref" | "zref"
        | "titleref" | "prettyref" => Ref(Refs::One),
        "cref" | "Cref" | "cpageref" | "Cpageref" | "labelcref" | "labelcpageref" | "namecref"
        | "nameCref" | "lcnamecref" | "namecrefs" | "nameCrefs" | "lcnamecrefs" | "crefs"
        | "Crefs" | "zcref" => Ref(Refs::List),
        "crefrange" | "Crefrange" | "cpagerefrange" | "Cpagerefrange" | "vrefrange"
        | "vpagerefrange" => Ref(Refs::Range),
        "hyperref" => Hyperref,
        "label" | "zlabel" => Label,
        "nocite" => Nocite,
        "cites" | "Cites" | "parencites" | "Parencites" | "footcites" | "footcitetexts"
        | "smartcites" | "Smartcites" | "textcites" | "Textcites" | "supercites" | "autocites"
        | "Autocites" => Cite {
            multi: true,
            skip: 0,
        },
        "volcite" | "Volcite" | "pvolcite" | "Pvolcite" | "fvolcite" | "ftvolcite" | "svolcite"
        | "Svolcite" | "tvolcite" | "Tvolcite" | "avolcite" | "Avolcite" => Cite {
            multi: false,
            skip: 1,
        },
        "footnote" | "sidenote" | "endnote" | "tablefootnote" => Footnote,
        "footnotemark" => FootnoteMark,
        "footnotetext" => FootnoteText,
        "bibitem" => Bibitem,
        "input" => Input(self::Input::Plain { braces: false }),
        "include" => Input(self::Input::Plain { braces: true }),
        "InputIfFileExists" => Input(self::Input::IfExists),
        "subfile" | "subfileinclude" => Subfile,
        "import" | "inputfrom" | "includefrom" => Import { sub: false },
        "subimport" | "subinputfrom" | "subincludefrom" => Import { sub: true },
        "bibliography" | "nobibliography" => Bibliography,
        "addbibresource" | "addglobalbib" | "addsectionbib" | "bibliographyfile" => BibResource,
        "externaldocument" | "externalcitedocument" => External,
        "begin" => Begin,
        "end" => End,
        "verb" | "Verb" => Verb,
        "lstinline" => LstInline,
        "mintinline" => MintInline,
        "url" | "path" | "nolinkurl" => Url,
        "href" => Href,
        "lstinputlisting" => LstInput,
        "iffalse" => IfFalse,
        "else" | "or" => Else,
        "fi" => Fi,
        "lstset" => LstSet,
        "newif" => NewIf,
        "endinput" => EndInput,
        "documentclass" | "documentstyle" => DocumentClass,
        "newcommand"
        | "renewcommand"
        | "providecommand"
        | "DeclareRobustCommand"
        | "newrobustcmd"
        | "renewrobustcmd"
        | "providerobustcmd"
        | "newcommandx"
        | "renewcommandx"
        | "providecommandx"
        | "DeclareMathOperator" => NewCommand,
        "def" | "gdef" | "edef" | "xdef" | "long" | "protected" => Def,
        "NewDocumentCommand"
        | "RenewDocumentCommand"
        | "ProvideDocumentCommand"
        | "DeclareDocumentCommand"
        | "NewExpandableDocumentCommand"
        | "RenewExpandableDocumentCommand"
        | "ProvideExpandableDocumentCommand"
        | "DeclareExpandableDocumentCommand" => DocumentCommand,
        "newenvironment" | "renewenvironment" | "provideenvironment" => NewEnvironment,
        "NewDocumentEnvironment"
        | "RenewDocumentEnvironment"
        | "ProvideDocumentEnvironment"
        | "DeclareDocumentEnvironment" => DocumentEnvironment,
        "lstnewenvironment" | "DefineVerbatimEnvironment" => NewVerbatim { minted: false },
        "newminted" => NewVerbatim { minted: true },
        _ => return citation(name),
    })
}

/// The citation commands of LaTeX, natbib, biblatex, apacite, harvard,
/// chicago and others: every command named `cite…`/`Cite…`, or ending in
/// `cite` (`\parencite`, `\footcite`, `\textcite`), but for the few of
/// those that take no key.
fn citation(name: &str) -> Option<Action> {
    const NOT_KEYS: &[&str] = &[
        "citestyle",
        "citetext",
        "citeindextrue",
        "citeindexfalse",
        "citeindextype",
        "citeform",
        "citesetup",
        "citereset",
        "citetrackerfalse",
        "citetrackertrue",
        "citelinkfalse",
        "citebrackets",
        "citepunct",
        "citeleft",
        "citeright",
        "citemid",
        "citedash",
        "citeauthorstyle",
    ];
    let cite = name.starts_with("cite")
        || name.starts_with("Cite")
        || name.ends_with("cite")
        || name.ends_with("citetext")
        || name.ends_with("citeNP")
        || name.ends_with("citeA");
    (cite && !NOT_KEYS.contains(&name) && name != "defcitealias").then_some(Action::Cite {
        multi: false,
        skip: 0,
    })
}

/// Environments whose body is not read: verbatim text and code, and
/// `comment`. `None` for the rest.
pub fn verbatim(env: &str) -> Option<Verbatim> {
    Some(match env {
        "verbatim" | "verbatim*" | "Verbatim" | "Verbatim*" | "BVerbatim" | "BVerbatim*"
        | "LVerbatim" | "LVerbatim*" | "SaveVerbatim" | "VerbatimOut" | "spverbatim"
        | "boxedverbatim" | "verbatimtab" | "listingcont" | "filecontents" | "filecontents*"
        | "luacode" | "luacode*" | "pycode" | "pyblock" | "pyverbatim" | "sageblock"
        | "sagesilent" | "sageverbatim" | "tcblisting" | "comment" | "lstlisting" | "asy"
        | "asydef" | "dot2tex" | "gnuplot" | "Rcode" | "Scode" | "Sinput" | "Soutput"
        | "Schunk" | "knitrout" => Verbatim::Plain,
        "minted" => Verbatim::Minted,
        _ => return None,
    })
}

/// How a verbatim environment's opening reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verbatim {
    /// `\begin{env}[options]`: listings' options may hold `label=`.
    Plain,
    /// `\begin{minted}[options]{language}`.
    Minted,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citation_commands_by_name() {
        for name in [
            "cite",
            "citep",
            "citet",
            "Citep",
            "citeauthor",
            "citeyear",
            "parencite",
            "Parencite",
            "footcite",
            "textcite",
            "autocite",
            "fullcite",
            "citeA",
            "shortciteNP",
            "citeasnoun",
            "supercite",
            "citenum",
            "citeurl",
        ] {
            assert!(
                matches!(action(name), Some(Action::Cite { multi: false, .. })),
                "{name}"
            );
        }
        for name in ["citestyle", "citetext", "excite", "recite"] {
            assert!(
                !matches!(action(name), Some(Action::Cite { .. })) || name.ends_with("cite"),
                "{name}"
            );
        }
        assert_eq!(action("citestyle"), None);
        assert_eq!(action("citetext"), None);
        assert_eq!(
            action("textcites"),
            Some(Action::Cite {
                multi: true,
                skip: 0
            })
        );
        assert_eq!(action("section"), None);
        assert_eq!(action("cref"), Some(Action::Ref(Refs::List)));
    }
}
