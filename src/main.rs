//! The `ibid` binary: parse arguments, run the library, print, exit.

mod cli;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{CheckArgs, Cli, Command, Deny, Format};
use ibid::report::{concise, github, human, json, json_lines, junit, sarif};
use ibid::{check_inputs, dialect, rules, CheckOptions, Failure, Input, Report, Severity};

/// No error-severity finding.
const OK: u8 = 0;
/// At least one error (or a warning under `--deny warnings`).
const FINDINGS: u8 = 1;
/// Usage error, or an input could not be read or decoded.
const TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(args),
        Command::Explain { code } => explain(code.as_deref()),
    };
    ExitCode::from(code)
}

fn check(args: CheckArgs) -> u8 {
    let options = CheckOptions {
        dialect: dialect::by_id(&args.dialect),
        bibliographies: args.bibliography.clone(),
    };
    let mut stdin_failure = None;
    let inputs = args
        .paths
        .iter()
        .filter_map(|p| {
            if p.as_os_str() != "-" {
                return Some(Input::Path(p.clone()));
            }
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => Some(Input::Stdin(bytes)),
                Err(e) => {
                    stdin_failure = Some(Failure {
                        path: ibid::check::STDIN_NAME.to_owned(),
                        message: e.to_string(),
                    });
                    None
                }
            }
        })
        .collect();
    let mut report = check_inputs(inputs, &options);
    report.failures.extend(stdin_failure);

    let deny_warnings = args.deny.contains(&Deny::Warnings);
    let text = match args.format {
        Format::Human => human::render(&report, human_options(args.output.is_some())),
        Format::Json => json::render(&report),
        Format::Concise => concise::render(&report),
        Format::JsonLines => json_lines::render(&report),
        Format::Sarif => sarif::render(&report),
        Format::Github => github::render(&report),
        Format::Junit => junit::render_with(&report, deny_warnings),
    };
    let written = match &args.output {
        Some(path) => std::fs::write(path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", path.display())),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| format!("cannot write the report: {e}"))
        }
    };
    let mut stderr = std::io::stderr().lock();
    if let Err(message) = written {
        let _ = writeln!(stderr, "ibid: {message}");
        return TROUBLE;
    }
    for failure in &report.failures {
        let _ = writeln!(stderr, "ibid: {}: {}", failure.path, failure.message);
    }
    exit_code(&report, deny_warnings)
}

fn exit_code(report: &Report, deny_warnings: bool) -> u8 {
    if !report.failures.is_empty() {
        TROUBLE
    } else if report.count(Severity::Error) > 0
        || deny_warnings && report.count(Severity::Warning) > 0
    {
        FINDINGS
    } else {
        OK
    }
}

fn human_options(to_file: bool) -> human::HumanOptions {
    let tty = !to_file && std::io::stdout().is_terminal();
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let width = if tty {
        std::env::var("COLUMNS")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(100)
    } else {
        80
    };
    human::HumanOptions {
        color: tty && !no_color,
        width,
    }
}

fn explain(code: Option<&str>) -> u8 {
    let mut out = std::io::stdout().lock();
    let Some(code) = code else {
        for rule in rules::RULES {
            let _ = writeln!(
                out,
                "{:<14} {:<8} {}",
                rule.code,
                rule.severity.as_str(),
                rule.summary()
            );
        }
        return OK;
    };
    match rules::by_code(code) {
        Some(rule) => {
            let _ = write!(
                out,
                "# {} ({} by default)\n\n{}",
                rule.code,
                rule.severity.as_str(),
                rule.explanation()
            );
            OK
        }
        None => {
            let known: Vec<&str> = rules::RULES.iter().map(|r| r.code).collect();
            eprintln!(
                "ibid: unknown code `{code}`; known codes: {}",
                known.join(", ")
            );
            TROUBLE
        }
    }
}
