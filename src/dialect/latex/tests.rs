//! What the LaTeX dialect reads, construct by construct.

use super::settings::{Custom, CustomKind, From};
use super::{declared_encoding, parse, sniff, Commands};
use crate::model::{Document, LinkKind, RefKind, Relative};

fn read(text: &str) -> Document {
    parse(text, &Commands::default())
}

/// `kind label@text-at-span` for each marker, in order.
fn markers(text: &str) -> Vec<String> {
    read(text)
        .markers
        .iter()
        .map(|m| format!("{:?} {}@{}", m.kind, m.label, m.span.of(text)))
        .collect()
}

/// `kind label` for each definition, with its body.
fn definitions(text: &str) -> Vec<String> {
    read(text)
        .definitions
        .iter()
        .map(|d| format!("{:?} {} {:?}", d.kind, d.label, d.body.of(text)))
        .collect()
}

fn links(text: &str) -> Vec<String> {
    read(text)
        .links
        .iter()
        .map(|l| {
            format!(
                "{:?} {} {:?} {}{}{}",
                l.kind,
                l.path,
                l.relative,
                l.suffix,
                l.sets_base
                    .map(|n| format!(" base {n}"))
                    .unwrap_or_default(),
                if l.optional { " optional" } else { "" }
            )
        })
        .collect()
}

#[test]
fn the_ref_family() {
    let text = r"\ref{a} \eqref{ b } \pageref*{c} \autoref{d} \nameref{e} \vref{f}
\cref{g,h, i} \Cref*{j} \crefrange{k}{l} \labelcref{m} \hyperref[n]{text \ref{o}}
\vpageref[here][there]{p} \ref{has#1} \ref{\macro} \ref{}";
    assert_eq!(
        markers(text),
        [
            "CrossRef a@a",
            "CrossRef b@b",
            "CrossRef c@c",
            "CrossRef d@d",
            "CrossRef e@e",
            "CrossRef f@f",
            "CrossRef g@g",
            "CrossRef h@h",
            "CrossRef i@i",
            "CrossRef j@j",
            "CrossRef k@k",
            "CrossRef l@l",
            "CrossRef m@m",
            "CrossRef n@n",
            "CrossRef o@o",
            "CrossRef p@p",
        ]
    );
}

#[test]
fn labels() {
    let text = r"\section{Intro}\label{sec:intro} \label[lemma]{lem:x}
\begin{lstlisting}[caption={A, B}, label={lst:code}]
\label{not:read}
\end{lstlisting}
\lstinputlisting[label=lst:file]{code.py}
\newcommand{\mylabel}[1]{\label{#1}}";
    assert_eq!(
        definitions(text),
        [
            "CrossRef sec:intro \"\"",
            "CrossRef lem:x \"\"",
            "CrossRef lst:code \"\"",
            "CrossRef lst:file \"\"",
        ]
    );
}

#[test]
fn citations_of_every_family() {
    let text = r"\cite{a} \citep[see][p.~3]{b, c} \citet*{d} \Citeauthor{e} \parencite[4]{f}
\textcite{g} \autocite{h} \footcite{i} \cites(all)(none)[p.~1]{j}[2]{k} \textcites{l}{m}
\cite{n,% a comment
  o} \nocite{p} \nocite{*} \citestyle{plainnat} \citetext{free text} \volcite{2}{q}
\citeA{r} \shortciteNP{s}";
    let keys: Vec<String> = markers(text)
        .into_iter()
        .map(|m| m.split('@').next().unwrap_or("").to_owned())
        .collect();
    let expected: Vec<String> = "abcdefghijklmnop*qrs"
        .chars()
        .map(|c| format!("Citation {c}"))
        .collect();
    assert_eq!(keys, expected);
}

#[test]
fn keys_over_lines_are_placed_on_the_key() {
    let text = "\\cite{a,%\n  b}";
    assert_eq!(markers(text), ["Citation a@a", "Citation b@b"]);
}

#[test]
fn footnotes() {
    let text = r"A\footnote{One \cite{x}.} B\footnote{  % only a comment
} C\footnotemark[3] D\footnotetext[3]{Three} E\footnotemark F\footnotetext{Auto}
G\footnotemark[\value{footnote}] H\sidenote{Side}";
    let doc = read(text);
    let notes: Vec<String> = doc
        .definitions
        .iter()
        .map(|d| {
            format!(
                "{:?} {}{} {:?}",
                d.kind,
                d.label,
                d.key
                    .as_deref()
                    .map(|k| format!(" key {k}"))
                    .unwrap_or_default(),
                d.body.of(text)
            )
        })
        .collect();
    assert_eq!(notes[0], "InlineNote footnote key ^1 \"One \\\\cite{x}.\"");
    assert!(notes[1].starts_with("InlineNote footnote key ") && notes[1].ends_with("\"\""));
    assert_eq!(notes[2], "Note 3 \"Three\"");
    assert_eq!(notes[3], "Note  key #1 \"Auto\"");
    assert!(notes[4].starts_with("InlineNote sidenote"));
    let marks: Vec<String> = doc
        .markers
        .iter()
        .map(|m| format!("{:?} {}{}", m.kind, m.label, m.key.as_deref().unwrap_or("")))
        .collect();
    // The citation inside the first note is read.
    assert_eq!(marks, ["Citation x", "Note 3", "Note #1"]);
}

#[test]
fn bibitems() {
    let text = r"\begin{thebibliography}{9}
\bibitem[Knuth 1984]{knuth} D. Knuth. \emph{The \TeX book}.
\bibitem{lamport}
  L. Lamport.
\end{thebibliography}";
    assert_eq!(
        definitions(text),
        [
            "Citation knuth \"D. Knuth. \\\\emph{The \\\\TeX book}.\"",
            "Citation lamport \"L. Lamport.\""
        ]
    );
}

#[test]
fn regions_that_are_not_read() {
    let text = r"% \ref{comment}
\verb|\ref{verb}| \verb*+\ref{verb2}+ \lstinline|\ref{inline}| \lstinline{\ref{b}}
\url{http://x.org/%\ref{url}} \href{http://x.org/#\ref{href}}{\ref{shown}}
\begin{verbatim}
\ref{verbatim}
\end{verbatim}
\begin{minted}[linenos]{python}
\ref{minted}
\end{minted}
\begin{comment}
\ref{comment-env}
\end{comment}
\iffalse \ref{iffalse} \ifx\a\b \ref{nested} \fi \ref{still} \fi
\iffalse \ref{gone} \else \ref{else} \fi
\newcommand{\r}[1]{\ref{#1} \ref{inmacro}}
\def\s#1{\cite{#1}}
100\% \ref{after-percent} \\% \ref{commented}
\begin{document} \ref{body} \end{document}
\ref{after-end}";
    assert_eq!(
        markers(text),
        [
            "CrossRef shown@shown",
            "CrossRef else@else",
            "CrossRef after-percent@after-percent",
            "CrossRef body@body",
        ]
    );
}

#[test]
fn endinput_stops_after_its_line() {
    let text = "\\ref{a} \\endinput \\ref{b}\n\\ref{c}";
    assert_eq!(markers(text), ["CrossRef a@a", "CrossRef b@b"]);
}

#[test]
fn an_unclosed_verbatim_is_reported_and_stops_reading() {
    let text = "\\ref{a}\n\\begin{verbatim}\n\\ref{b}\n";
    let doc = read(text);
    assert_eq!(doc.markers.len(), 1);
    assert_eq!(doc.unread.len(), 1);
    assert!(doc.unread[0].1.contains("never closed"), "{:?}", doc.unread);
    let doc = read("\\iffalse \\ref{x}");
    assert!(doc.markers.is_empty());
    assert!(doc.unread[0].1.contains("\\fi"));
}

#[test]
fn includes_and_bibliographies() {
    let text = r"\documentclass{book}
\newcommand{\dir}{parts}
\input{macros}
\begin{document}
\include{chapters/one}
\input chapters/two
\input{\dir/three}
\input{\unknown/four}
\subfile{sub/five}
\import{imp/}{six}
\subimport{deeper}{seven}
\InputIfFileExists{eight}{}{}
\bibliography{refs, more}
\addbibresource[location=remote]{http://x.org/a.bib}
\addbibresource{local.bib}
\externaldocument[S-]{supplement}
\end{document}";
    assert_eq!(
        links(text),
        [
            "Include macros Search .tex optional",
            "Include chapters/one Search .tex",
            "Include chapters/two Search .tex",
            "Include parts/three Search .tex",
            "Include sub/five File .tex base 4",
            "Include imp/six Root .tex base 4",
            "Include deeper/seven Base .tex base 7",
            "Include eight Search .tex optional",
            "Bibliography refs Search .bib",
            "Bibliography more Search .bib",
            "Bibliography local.bib Search ",
            "Labels supplement Search .tex",
        ]
    );
    assert_eq!(read(text).root, Some(true));
    let external = read(text);
    let labels = external
        .links
        .iter()
        .find(|l| l.kind == LinkKind::Labels)
        .and_then(|l| l.prefix.as_deref());
    assert_eq!(labels, Some("S-"));
}

#[test]
fn roots_and_fragments() {
    assert_eq!(read("\\section{x}").root, Some(false));
    let sub = read("\\documentclass[../main.tex]{subfiles}\n\\begin{document}x\\end{document}");
    assert_eq!(sub.root, Some(false));
    assert_eq!(sub.links[0].kind, LinkKind::Root);
    assert_eq!(&*sub.links[0].path, "../main.tex");
    let magic = read("% !TeX root = ../thesis.tex\n\\chapter{x}");
    assert_eq!(magic.links[0].kind, LinkKind::Root);
    assert_eq!(&*magic.links[0].path, "../thesis.tex");
    assert_eq!(magic.links[0].relative, Relative::File);
    assert_eq!(magic.comments.len(), 1);
}

/// A label in two branches of a conditional is one label.
#[test]
fn labels_in_alternative_branches() {
    let text = r"\ifHTML \label{t} \else \label{t} \fi \label{u} \ifx\a\b \label{u} \fi";
    assert_eq!(definitions(text).len(), 3);
}

/// listings' `escapeinside` lets LaTeX into the code.
#[test]
fn listing_escapes() {
    let text = r"\lstset{% comment
  escapeinside={(*}{*)}}
\begin{lstlisting}
code (* \label{line:x} *) \label{not}
\end{lstlisting}
\begin{lstlisting}[escapeinside={}]
(* \label{cleared} *)
\end{lstlisting}";
    assert_eq!(definitions(text), ["CrossRef line:x \"\""]);
}

#[test]
fn declared_commands() {
    let mut commands = Commands::default();
    commands.declare(
        "olimport*",
        Custom::new(
            Some("o m o"),
            CustomKind::Include,
            "../../content/#1/#2",
            From::Root,
        )
        .unwrap(),
    );
    commands.declare(
        "figref",
        Custom::new(None, CustomKind::Ref, "fig:#1", From::Root).unwrap(),
    );
    let text = r"\olimport*[logic/intro]{syntax} \figref{plot} \olimport{x}";
    let doc = parse(text, &commands);
    assert_eq!(&*doc.links[0].path, "../../content/logic/intro/syntax");
    assert_eq!(doc.links[0].relative, Relative::Root);
    assert_eq!(doc.links.len(), 1);
    assert_eq!(doc.markers[0].label, "fig:plot");
    assert_eq!(doc.markers[0].span.of(text), "plot");
    assert!(Custom::new(Some("o x"), CustomKind::Ref, "#1", From::Root).is_err());
    assert!(Custom::new(Some("m"), CustomKind::Ref, "#2", From::Root).is_err());
    assert!(Custom::new(Some("m"), CustomKind::Ref, "plain", From::Root).is_err());
}

#[test]
fn encodings() {
    assert_eq!(
        declared_encoding(b"\\usepackage[latin1]{inputenc}"),
        Some(encoding_rs::WINDOWS_1252)
    );
    assert_eq!(declared_encoding(b"\\usepackage[utf8]{inputenc}"), None);
    assert_eq!(declared_encoding(b"% \\usepackage[latin1]{inputenc}"), None);
    assert_eq!(
        declared_encoding(b"\\usepackage[T1]{fontenc}\n\\usepackage[ latin2 ]{inputenc}"),
        Some(encoding_rs::ISO_8859_2)
    );
}

#[test]
fn sniffing() {
    assert!(sniff("\\documentclass{article}"));
    assert!(!sniff("# A heading\n\nText."));
}

/// 100,000 nested braces in a footnote: read in a loop.
#[test]
fn deep_braces() {
    let text = format!(
        "\\footnote{{{}x{}}} \\ref{{after}}",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    let doc = read(&text);
    assert_eq!(doc.markers.len(), 1);
    let unclosed = format!("\\footnote{{{} \\ref{{x}}", "{".repeat(100_000));
    let doc = read(&unclosed);
    assert!(doc.definitions.is_empty());
}

#[test]
fn citation_keys_are_citations() {
    let text = r"\cite{knuth84}";
    assert_eq!(read(text).markers[0].kind, RefKind::Citation);
}
