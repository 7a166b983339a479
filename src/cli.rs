//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::builder::PossibleValuesParser;
use clap::{Parser, Subcommand, ValueEnum};

use ibid::DIALECTS;

/// Check citations and footnote cross-references in documents.
#[derive(Debug, Parser)]
#[command(name = "ibid", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check files and directories (recursively); `-` reads standard input.
    Check(Box<CheckArgs>),
    /// Renumber notes in order of first reference, with every marker and
    /// "see note N" rewritten; remove identical duplicate notes.
    Fix(Box<FixArgs>),
    /// Explain a diagnostic code, with a bad and a fixed example.
    Explain {
        /// The code, such as `unresolved`; without it, list every code.
        code: Option<String>,
    },
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check; `-` for standard input.
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Write the report to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// A bibliography (.bib, CSL .json or .yaml) in the scope of every
    /// document, besides those named in front matter; repeatable.
    #[arg(long, value_name = "FILE")]
    pub bibliography: Vec<PathBuf>,

    /// Record today's findings in FILE, so that later runs with
    /// `--baseline FILE` fail only on new ones.
    #[arg(long, value_name = "FILE", conflicts_with = "baseline")]
    pub write_baseline: Option<PathBuf>,

    /// Report only findings not recorded in FILE (see --write-baseline).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Treat warnings as failures (exit status 1).
    #[arg(long, value_enum)]
    pub deny: Vec<Deny>,
}

/// How files are found and read: shared by `check` and `fix`.
#[derive(Debug, clap::Args)]
pub struct ReadArgs {
    /// Parse every file with this dialect instead of choosing by extension.
    #[arg(long, default_value = "auto", value_parser = dialect_names())]
    pub dialect: String,

    /// Read Markdown files in this flavour instead of choosing per file
    /// (by project and extension).
    #[arg(long, value_parser = flavor_names())]
    pub flavor: Option<String>,

    /// Read this config file instead of looking for ibid.toml / .ibid.toml.
    #[arg(long, value_name = "FILE", conflicts_with = "no_config")]
    pub config: Option<PathBuf>,

    /// Ignore any ibid.toml / .ibid.toml.
    #[arg(long)]
    pub no_config: bool,

    /// Also walk hidden files and folders.
    #[arg(long)]
    pub hidden: bool,

    /// Do not honour .gitignore, .ignore and git's exclude files.
    #[arg(long)]
    pub no_ignore: bool,

    /// The path standard input stands for (`-`): its name in reports, its
    /// dialect by extension, its folder for relative bibliographies and
    /// its project.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<PathBuf>,

    /// How many files to read at once (default: one per core).
    #[arg(short = 'j', long, value_name = "N")]
    pub threads: Option<std::num::NonZeroUsize>,
}

#[derive(Debug, clap::Args)]
pub struct FixArgs {
    /// Files or directories to fix; `-` for standard input, whose fixed
    /// text goes to standard output (the report to standard error).
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,

    #[command(flatten)]
    pub read: ReadArgs,

    /// Change nothing; print a unified diff (applies with `patch -p0`).
    #[arg(long, conflicts_with = "check")]
    pub diff: bool,

    /// Change nothing; exit with 1 when a fix would apply.
    #[arg(long)]
    pub check: bool,

    /// Also apply fixes that delete content: unused link definitions and
    /// orphaned notes.
    #[arg(long = "unsafe")]
    pub unsafe_fixes: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// miette reports with source snippets.
    Human,
    /// One JSON object (schema version 1).
    Json,
    /// One line per finding: `path:line:col: severity[code] message`.
    Concise,
    /// One JSON object per line per finding or failure.
    JsonLines,
    /// SARIF 2.1.0, for code scanning.
    Sarif,
    /// GitHub Actions workflow commands (annotations).
    Github,
    /// JUnit XML, one test case per file.
    Junit,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Deny {
    /// Any warning fails the run.
    Warnings,
}

fn flavor_names() -> PossibleValuesParser {
    PossibleValuesParser::new(ibid::FLAVORS.map(|f| f.id()))
}

fn dialect_names() -> PossibleValuesParser {
    let names = std::iter::once("auto").chain(DIALECTS.iter().map(|d| d.id));
    PossibleValuesParser::new(names)
}
