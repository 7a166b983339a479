//! Markdown flavours (DESIGN.md section 5.1): which extensions of
//! CommonMark a file is written in, decided per file.

use std::path::Path;

/// A Markdown flavour.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Flavor {
    /// GitHub Flavored Markdown, plus pandoc citations and inline notes.
    #[default]
    Gfm,
    /// Pandoc's Markdown (R Markdown, bookdown): implicit header
    /// references, definition lists, attributes `{#id .class key=value}`.
    Pandoc,
    /// Quarto: pandoc's Markdown plus cross-references `@fig-x` to
    /// `{#fig-x}` ids and labelled code chunks.
    Quarto,
    /// MyST (Jupyter Book, mystmd, Sphinx's myst-parser): directives,
    /// roles, targets `(label)=`.
    Myst,
}

/// Every flavour, in the order `--flavor` lists them.
pub const FLAVORS: [Flavor; 4] = [Flavor::Gfm, Flavor::Pandoc, Flavor::Quarto, Flavor::Myst];

impl Flavor {
    /// The name `--flavor`, `ibid.toml` and the JSON report use.
    pub const fn id(self) -> &'static str {
        match self {
            Self::Gfm => "gfm",
            Self::Pandoc => "pandoc",
            Self::Quarto => "quarto",
            Self::Myst => "myst",
        }
    }

    /// The flavour a name stands for.
    pub fn from_id(id: &str) -> Option<Self> {
        FLAVORS.into_iter().find(|f| f.id() == id)
    }

    /// The flavour a file's extension claims: `.qmd` is Quarto, `.Rmd`
    /// pandoc, the Markdown extensions GFM; `None` for another (a `.txt`
    /// found to be Markdown).
    pub fn of_path(path: &Path) -> Option<Self> {
        let ext = path.extension().and_then(|e| e.to_str())?;
        let is = |x: &str| ext.eq_ignore_ascii_case(x);
        if is("qmd") {
            Some(Self::Quarto)
        } else if is("rmd") {
            Some(Self::Pandoc)
        } else if ["md", "markdown", "mdown", "mkd"].into_iter().any(is) {
            Some(Self::Gfm)
        } else {
            None
        }
    }

    /// The flavour of Markdown no extension or project names (pandoc's
    /// `MANUAL.txt`): pandoc when a line opens a definition
    /// (`:   body` under a term) or a heading ends in an id `{#id}`, else
    /// GFM.
    pub fn sniff(text: &str) -> Self {
        let mut previous_blank = true;
        for line in text.lines() {
            let blank = line.trim().is_empty();
            let definition = !previous_blank
                && (line.starts_with(":   ")
                    || line.starts_with(":\t")
                    || line.starts_with("~   "));
            let heading_id = line.starts_with('#')
                && line
                    .trim_end()
                    .strip_suffix('}')
                    .and_then(|l| l.rfind("{#"))
                    .is_some();
            if definition || heading_id {
                return Self::Pandoc;
            }
            previous_blank = blank;
        }
        Self::Gfm
    }

    /// Whether pandoc's extensions apply: implicit header references,
    /// definition lists, attributes.
    pub const fn pandoc(self) -> bool {
        matches!(self, Self::Pandoc | Self::Quarto)
    }
}

impl std::fmt::Display for Flavor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_extension() {
        assert_eq!(Flavor::of_path(Path::new("a/b.qmd")), Some(Flavor::Quarto));
        assert_eq!(Flavor::of_path(Path::new("b.Rmd")), Some(Flavor::Pandoc));
        assert_eq!(Flavor::of_path(Path::new("b.MD")), Some(Flavor::Gfm));
        assert_eq!(Flavor::of_path(Path::new("MANUAL.txt")), None);
        assert_eq!(Flavor::of_path(Path::new("-")), None);
    }

    #[test]
    fn sniffed_from_pandoc_syntax() {
        assert_eq!(Flavor::sniff("Term\n:   Its definition.\n"), Flavor::Pandoc);
        assert_eq!(Flavor::sniff("# Intro {#sec-intro}\n"), Flavor::Pandoc);
        // A colon line after a blank line is no definition.
        assert_eq!(Flavor::sniff("Text\n\n:   not a term\n"), Flavor::Gfm);
        assert_eq!(Flavor::sniff("# Title\n\nText.\n"), Flavor::Gfm);
        for f in FLAVORS {
            assert_eq!(Flavor::from_id(f.id()), Some(f));
        }
        assert_eq!(Flavor::from_id("kramdown"), None);
    }
}
