//! The `ibid` binary: parse arguments, run the library, print, exit.

mod cli;

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;

use clap::Parser;
use ibid::report::text::{one_line, shown_path};

use cli::{CheckArgs, Cli, Command, Deny, FixArgs, Format, ReadArgs};
use ibid::report::{concise, github, human, json, json_lines, junit, sarif};
use ibid::{check_inputs, Failure, FailureKind, Input, Options, Report, Severity, DIALECTS, RULES};

/// No error-severity finding.
const OK: u8 = 0;
/// At least one error (or a warning under `--deny warnings`).
const FINDINGS: u8 = 1;
/// Usage error, or an input could not be read or decoded.
const TROUBLE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Check(args) => check(*args),
        Command::Fix(args) => fix(*args),
        Command::Explain { code } => explain(code.as_deref()),
        Command::Completions { shell } => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "ibid", &mut std::io::stdout());
            OK
        }
    };
    ExitCode::from(code)
}

fn check(args: CheckArgs) -> u8 {
    let config = match load_config(&args.read) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("ibid: {}", one_line(&e.to_string()));
            return TROUBLE;
        }
    };
    if let Some(out) = &args.output {
        if let Some(input) = is_input(out, &args.paths) {
            eprintln!(
                "ibid: -o {}: that is {}, which ibid would check; write the report elsewhere",
                shown_path(out),
                input
            );
            return TROUBLE;
        }
    }
    let mut options = read_options(&args.read, config);
    // The config's own bibliographies are read by the run, inside the
    // config's folder (a pull request may edit the config too).
    options.bibliographies = args.bibliography.clone();
    options.progress = progress_bar();
    if args.format == Format::Human {
        options.excerpts = Some(human::layout(human_options(args.output.is_some())));
    }
    let (inputs, stdin_failure) = inputs(&args.paths);
    let mut report = check_inputs(inputs, &options);
    report.failures.extend(stdin_failure);
    if let Some(code) = baselines(&args, &mut report) {
        for failure in &report.failures {
            eprintln!(
                "ibid: {}: {}",
                one_line(&failure.path),
                one_line(&failure.message)
            );
        }
        return code;
    }

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
        Some(path) => ibid::write_atomically(path, text.as_bytes())
            .map_err(|e| Some(format!("cannot write {}: {e}", shown_path(path)))),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
                .map_err(|e| {
                    // A reader that stopped early (`| head`) is no error:
                    // end quietly, as ripgrep does.
                    (e.kind() != std::io::ErrorKind::BrokenPipe)
                        .then(|| format!("cannot write the report: {e}"))
                })
        }
    };
    // Every other message is printed whether or not the report was.
    let mut stderr = std::io::stderr().lock();
    for failure in &report.failures {
        let _ = writeln!(
            stderr,
            "ibid: {}: {}",
            one_line(&failure.path),
            one_line(&failure.message)
        );
    }
    match written {
        Ok(()) => {}
        Err(None) => return OK,
        Err(Some(message)) => {
            let _ = writeln!(stderr, "ibid: {message}");
            return TROUBLE;
        }
    }
    if args.write_baseline.is_some() && report.failures.is_empty() {
        // Recording a baseline accepts today's findings.
        return OK;
    }
    exit_code(&report, deny_warnings)
}

/// The inputs named on the command line, with standard input (`-`) read
/// once however often it is named; a failure when it cannot be read.
fn inputs(paths: &[std::path::PathBuf]) -> (Vec<Input>, Option<Failure>) {
    let mut failure = None;
    let mut read = false;
    let inputs = paths
        .iter()
        .filter_map(|p| {
            if p.as_os_str() != "-" {
                return Some(Input::Path(p.clone()));
            }
            if std::mem::replace(&mut read, true) {
                return None;
            }
            let mut bytes = Vec::new();
            match std::io::stdin().read_to_end(&mut bytes) {
                Ok(_) => Some(Input::Stdin(bytes)),
                Err(e) => {
                    failure = Some(Failure::new(
                        ibid::STDIN_NAME,
                        FailureKind::Io,
                        e.to_string(),
                    ));
                    None
                }
            }
        })
        .collect();
    (inputs, failure)
}

/// The options of how files are found and read, shared by `check` and
/// `fix`; sets the size of the thread pool.
fn read_options(read: &ReadArgs, config: Option<ibid::config::Config>) -> Options {
    let mut options = Options::default();
    options.dialect = DIALECTS.iter().find(|d| d.id == read.dialect);
    options.flavor = read.flavor.as_deref().and_then(ibid::Flavor::from_id);
    options.config = config.map(std::sync::Arc::new);
    options.stdin_name = read.stdin_filename.clone();
    options.hidden = read.hidden;
    options.no_ignore = read.no_ignore;
    if let Some(n) = read.threads {
        // Fails only if a pool exists already, which it cannot here.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n.get())
            .build_global();
    }
    options
}

/// `ibid fix`: exit 0 when everything was fixed (or nothing needed it),
/// 1 when a scope was left alone (under `--check` or `--diff`: when a fix
/// would apply), 2 when a file could not be read or written. Standard
/// input's fixed text goes to standard output, and then the report to
/// standard error.
fn fix(args: FixArgs) -> u8 {
    let config = match load_config(&args.read) {
        Ok(config) => config,
        Err(e) => {
            eprintln!("ibid: {}", one_line(&e.to_string()));
            return TROUBLE;
        }
    };
    let reference_lists = config
        .as_ref()
        .is_some_and(ibid::config::Config::fix_reference_lists);
    let options = read_options(&args.read, config);
    let fix_options = ibid::FixOptions::default()
        .unsafe_fixes(args.unsafe_fixes)
        .reference_lists(reference_lists);
    let mode = if args.diff {
        ibid::fix::FixMode::Diff
    } else if args.check {
        ibid::fix::FixMode::Check
    } else {
        ibid::fix::FixMode::Write
    };
    let (inputs, stdin_failure) = inputs(&args.paths);
    let piped = inputs.iter().any(|i| matches!(i, Input::Stdin(_)));
    let mut report = ibid::fix_inputs(inputs, &options, &fix_options, mode);
    report.failures.extend(stdin_failure);
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    // The diff alone goes to standard output, for `patch`; so does
    // standard input's fixed text.
    let notes: &mut dyn Write =
        if mode == ibid::fix::FixMode::Diff || piped && mode == ibid::fix::FixMode::Write {
            &mut stderr
        } else {
            &mut stdout
        };
    let verb = match mode {
        ibid::fix::FixMode::Write => "fixed",
        _ => "would fix",
    };
    let (mut files, mut fixes, mut left) = (0, 0, 0);
    let mut to_stdout = Vec::new();
    for file in &report.files {
        let path = one_line(&file.path);
        for fix in &file.fixes {
            let _ = writeln!(
                notes,
                "{path}:{}: {verb}: {}",
                fix.line,
                one_line(&fix.message)
            );
        }
        for alone in &file.left_alone {
            let _ = writeln!(notes, "{path}:{}: {}", alone.line, one_line(&alone.message));
        }
        files += usize::from(!file.fixes.is_empty());
        fixes += file.fixes.len();
        left += file.left_alone.len();
        if let Some(diff) = &file.diff {
            to_stdout.extend_from_slice(diff);
        }
        if let Some(output) = &file.output {
            to_stdout.extend_from_slice(output);
        }
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut summary = if fixes == 0 {
        "ibid: nothing to fix".to_owned()
    } else {
        format!(
            "ibid: {} {} ({})",
            verb,
            plural(files, "file", "files"),
            plural(fixes, "fix", "fixes")
        )
    };
    if left > 0 {
        summary.push_str(&format!(
            "; {} left alone for a human decision",
            plural(left, "scope", "scopes")
        ));
    }
    if !report.failures.is_empty() {
        summary.push_str(&format!(
            "; {} could not be read or written",
            plural(report.failures.len(), "file", "files")
        ));
    }
    let _ = writeln!(notes, "{summary}");
    drop(stderr);
    if !to_stdout.is_empty() {
        let _ = stdout.write_all(&to_stdout);
    }
    let _ = stdout.flush();
    drop(stdout);
    for failure in &report.failures {
        eprintln!(
            "ibid: {}: {}",
            one_line(&failure.path),
            one_line(&failure.message)
        );
    }
    if !report.failures.is_empty() {
        TROUBLE
    } else if mode != ibid::fix::FixMode::Write {
        if fixes > 0 {
            FINDINGS
        } else {
            OK
        }
    } else if left > 0 {
        FINDINGS
    } else {
        OK
    }
}

/// Which input `out` is, when ibid would read it: an input path itself, or
/// a file a walk of an input folder would check.
fn is_input(out: &std::path::Path, inputs: &[std::path::PathBuf]) -> Option<String> {
    let real = |p: &std::path::Path| std::fs::canonicalize(p).ok();
    // The report file may not exist yet: then its folder decides.
    let out_real = real(out).or_else(|| {
        let parent = out.parent().filter(|p| !p.as_os_str().is_empty());
        real(parent.unwrap_or(std::path::Path::new(".")))
            .zip(out.file_name())
            .map(|(dir, name)| dir.join(name))
    })?;
    let checked = DIALECTS.iter().any(|d| {
        out.extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| d.extensions.contains(&e.to_ascii_lowercase().as_str()))
    });
    for input in inputs.iter().filter(|p| p.as_os_str() != "-") {
        let Some(input_real) = real(input) else {
            continue;
        };
        if input_real == out_real {
            return Some(format!("the input {}", shown_path(input)));
        }
        if checked && input_real.is_dir() && out_real.starts_with(&input_real) {
            return Some(format!("a document under the input {}", shown_path(input)));
        }
    }
    None
}

/// `--write-baseline` (write, then report as usual) and `--baseline`
/// (hide known findings). Returns an exit code when the run must stop.
fn baselines(args: &CheckArgs, report: &mut Report) -> Option<u8> {
    if let Some(path) = &args.write_baseline {
        let baseline = ibid::baseline::record(report);
        if let Err(e) = ibid::write_atomically(path, baseline.to_json().as_bytes()) {
            eprintln!("ibid: cannot write {}: {e}", shown_path(path));
            return Some(TROUBLE);
        }
        eprintln!(
            "ibid: recorded {} findings in {}",
            baseline.findings(),
            shown_path(path)
        );
    }
    if let Some(path) = &args.baseline {
        let baseline = std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|text| ibid::baseline::Baseline::from_json(&text));
        let baseline = match baseline {
            Ok(baseline) => baseline,
            Err(e) => {
                eprintln!("ibid: {}: {}", shown_path(path), one_line(&e));
                return Some(TROUBLE);
            }
        };
        let applied = baseline.apply(report);
        let mut line = format!(
            "ibid: baseline {}: {} known findings hidden, {} new; {} baseline entries are gone",
            shown_path(path),
            applied.matched,
            applied.new,
            applied.gone
        );
        if applied.gone > 0 {
            line.push_str(" (rewrite it with --write-baseline)");
        }
        if applied.unchecked > 0 {
            line.push_str(&format!("; {} are in files not checked", applied.unchecked));
        }
        eprintln!("{line}");
    }
    None
}

/// The config named by `--config`, or found from the working directory up
/// to the repository root, unless `--no-config`.
fn load_config(args: &ReadArgs) -> Result<Option<ibid::config::Config>, ibid::config::ConfigError> {
    if args.no_config {
        return Ok(None);
    }
    match &args.config {
        Some(path) => ibid::config::load(path).map(Some),
        None => Ok(ibid::config::discover(std::path::Path::new("."))?.map(|(_, config)| config)),
    }
}

/// A progress bar on stderr, for long runs in a terminal only.
fn progress_bar() -> Option<ibid::Progress> {
    /// Below this many files a run is short enough to need none.
    const MIN_FILES: usize = 2_000;
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::hidden();
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{spinner} checked {pos}/{len} files {wide_bar} {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    Some(ibid::Progress(std::sync::Arc::new(move |done, total| {
        if total < MIN_FILES {
            return;
        }
        if bar.is_hidden() && done < total {
            bar.set_draw_target(indicatif::ProgressDrawTarget::stderr());
        }
        // The total grows while the walk goes on.
        bar.set_length(total as u64);
        bar.set_position(done as u64);
        if done == total {
            bar.finish_and_clear();
        }
    })))
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
        let width = RULES.iter().map(|r| r.code.len()).max().unwrap_or(0);
        for rule in RULES {
            let _ = writeln!(
                out,
                "{:<width$}  {:<7}  {}",
                rule.code,
                if rule.on_by_default {
                    rule.severity.as_str()
                } else {
                    "off"
                },
                rule.summary()
            );
        }
        return OK;
    };
    match RULES.iter().find(|r| r.code == code) {
        Some(rule) => {
            let _ = write!(
                out,
                "# {} ({})\n\n{}",
                rule.code,
                if rule.on_by_default {
                    format!("{} by default", rule.severity.as_str())
                } else {
                    format!("off by default; {} when enabled", rule.severity.as_str())
                },
                rule.explanation()
            );
            OK
        }
        None => {
            let known: Vec<&str> = RULES.iter().map(|r| r.code).collect();
            eprintln!(
                "ibid: unknown code `{}`; known codes: {}",
                one_line(code),
                known.join(", ")
            );
            TROUBLE
        }
    }
}
