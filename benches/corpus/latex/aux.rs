//! What a compile would leave beside the sources, for checkcites: the
//! `.aux` files LaTeX writes (BibTeX) and the `.bcf` biblatex writes for
//! Biber. Only what checkcites 2.6 reads has to be exact; the rest is
//! there so that the files look like the real thing.
//!
//! - LaTeX writes `\citation{<the argument as written>}` for every
//!   citation command (natbib's too) and `\nocite`, into the `.aux` of the
//!   file being read: an `\include`d file has its own `chapters/ch01.aux`,
//!   which the main `.aux` names with `\@input{chapters/ch01.aux}` where
//!   the `\include` is; an `\input` file writes into the main one.
//!   `\bibliographystyle` writes `\bibstyle{…}`, `\bibliography{a,b}`
//!   `\bibdata{a,b}`. checkcites (`backends.bibtex`) matches whole lines
//!   `\citation{…}`, `\bibdata{…}` and `\@input{…}` (following the last,
//!   one level deep, relative to the directory it runs in).
//! - biblatex (Biber backend) writes `\abx@aux@cite{0}{key}` into the
//!   `.aux` files and every cited key into one `<job>.bcf`:
//!   `<bcf:citekey order="N" intorder="M">key</bcf:citekey>` per key, the
//!   bibliographies as `<bcf:datasource type="file" datatype="bibtex"
//!   glob="false">refs.bib</bcf:datasource>` (the form of biblatex 3.16
//!   and later, which checkcites 2.6 matches). checkcites `--backend
//!   biber` reads only the `.bcf`. The option blocks of a real `.bcf` are
//!   left out.

/// One file of a document, in reading order.
#[derive(Clone)]
pub struct Part {
    /// Path relative to the project, without `.tex`.
    pub stem: String,
    /// `\include`d (its own `.aux`), or read into the main one.
    pub include: bool,
    pub cites: Vec<Vec<String>>,
    pub labels: Vec<String>,
}

/// The `.aux` a part writes into: the main one, or for an `\include`d
/// part its own, which the main one names where the `\include` is.
fn aux_of<'a>(
    part: &Part,
    main: &'a mut String,
    files: &'a mut Vec<(String, String)>,
) -> &'a mut String {
    if !part.include {
        return main;
    }
    main.push_str(&format!("\\@input{{{}.aux}}\n", part.stem));
    files.push((format!("{}.aux", part.stem), String::from("\\relax \n")));
    &mut files.last_mut().expect("just pushed").1
}

/// The `.aux` files of a document compiled with BibTeX (`job.aux` first).
pub fn bibtex(job: &str, parts: &[Part], style: &str, bibdata: &[&str]) -> Vec<(String, String)> {
    let mut main = String::from("\\relax \n");
    let mut files = Vec::new();
    let mut page = 1;
    for part in parts {
        let out = aux_of(part, &mut main, &mut files);
        for keys in &part.cites {
            out.push_str(&format!("\\citation{{{}}}\n", keys.join(",")));
        }
        for (i, label) in part.labels.iter().enumerate() {
            page += i % 2;
            out.push_str(&format!(
                "\\newlabel{{{label}}}{{{{{}}}{{{page}}}}}\n",
                i + 1
            ));
        }
        if part.include {
            out.push_str(&format!(
                "\\@setckpt{{{}}}{{\n\\setcounter{{page}}{{{}}}\n}}\n",
                part.stem,
                page + 1
            ));
        }
    }
    main.push_str(&format!("\\bibstyle{{{style}}}\n"));
    main.push_str(&format!("\\bibdata{{{}}}\n", bibdata.join(",")));
    main.push_str(&format!("\\gdef \\@abspage@last{{{page}}}\n"));
    files.insert(0, (format!("{job}.aux"), main));
    files
}

/// The `.aux` files and the `.bcf` of a document compiled with biblatex
/// and Biber.
pub fn biber(job: &str, parts: &[Part], resources: &[&str]) -> Vec<(String, String)> {
    let mut main = String::from("\\relax \n\\abx@aux@refcontext{nyt/global//global/global}\n");
    let mut files = Vec::new();
    let mut bcf = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <bcf:controlfile version=\"3.10\" bltxversion=\"3.19\" \
         xmlns:bcf=\"https://sourceforge.net/projects/biblatex\">\n  \
         <!-- BIBERCONTROLFILE (option blocks left out) -->\n  <bcf:bibdata section=\"0\">\n",
    );
    for r in resources {
        bcf.push_str(&format!(
            "    <bcf:datasource type=\"file\" datatype=\"bibtex\" glob=\"false\">{r}</bcf:datasource>\n"
        ));
    }
    bcf.push_str("  </bcf:bibdata>\n  <bcf:section number=\"0\">\n");
    let mut order = 0;
    for part in parts {
        let out = aux_of(part, &mut main, &mut files);
        for keys in &part.cites {
            order += 1;
            for (i, key) in keys.iter().enumerate() {
                out.push_str(&format!(
                    "\\abx@aux@cite{{0}}{{{key}}}\n\\abx@aux@segm{{0}}{{0}}{{{key}}}\n"
                ));
                bcf.push_str(&format!(
                    "    <bcf:citekey order=\"{order}\" intorder=\"{}\">{key}</bcf:citekey>\n",
                    i + 1
                ));
            }
        }
        for (i, label) in part.labels.iter().enumerate() {
            out.push_str(&format!(
                "\\newlabel{{{label}}}{{{{{}}}{{{}}}}}\n",
                i + 1,
                i / 2 + 1
            ));
        }
    }
    bcf.push_str("  </bcf:section>\n</bcf:controlfile>\n");
    main.push_str("\\gdef \\@abspage@last{1}\n");
    files.insert(0, (format!("{job}.aux"), main));
    files.push((format!("{job}.bcf"), bcf));
    files
}
