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

    /// The flavour of a file with no flavour set by `--flavor` or the
    /// config and none from its project: by extension (`.qmd` is Quarto,
    /// `.Rmd` pandoc), else GFM.
    pub fn of_path(path: &Path) -> Self {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if ext.eq_ignore_ascii_case("qmd") {
            Self::Quarto
        } else if ext.eq_ignore_ascii_case("rmd") {
            Self::Pandoc
        } else {
            Self::Gfm
        }
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
