//! Running the `ibid` binary from a bench (`benches/repo.rs`,
//! `benches/latex.rs`): finding it, running `ibid check --format json` for
//! its report, and measuring it in a small process of its own, for its peak RSS and CPU time from `wait4`. A child inherits
//! the high-water mark of the process it was spawned from (`vfork` shares
//! the address space until `exec`, and the kernel keeps the larger of the
//! two marks), so the bench, which holds the generated corpus, starts
//! itself again as a probe (`IBID_BENCH_PROBE=<dir>`), a few MB in size,
//! that runs the command and prints its figures. A bench calls [`serve`]
//! first thing in `main`.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The `ibid` binary: `IBID_BIN`, `target/release/ibid`, or the one cargo
/// built for this bench.
pub fn binary() -> Option<&'static Path> {
    static BIN: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
    BIN.get_or_init(|| {
        let target = std::env::var_os("CARGO_TARGET_DIR")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
        [
            std::env::var_os("IBID_BIN").map(PathBuf::from),
            Some(target.join("release/ibid")),
            option_env!("CARGO_BIN_EXE_ibid").map(PathBuf::from),
        ]
        .into_iter()
        .flatten()
        .find(|p| p.is_file())
    })
    .as_deref()
}

/// What a bench says when it finds no binary.
pub const NO_BINARY: &str =
    "ibid: skipped, no binary (build it with `cargo build --release`, or set IBID_BIN)";

/// `check --format json -j THREADS [extra …] .`: the arguments of every
/// run, in the folder checked (so that no `ibid.toml` outside it is found).
pub fn check_args(threads: usize, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["check", "--format", "json", "-j", &threads.to_string()]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args.push(".".into());
    args
}

/// Run `bin args` in `dir`, its stderr dropped: its exit code and the JSON
/// it prints.
pub fn check_json(dir: &Path, bin: &Path, args: &[String]) -> (Option<i32>, serde_json::Value) {
    let output = Command::new(bin)
        .args(args)
        .current_dir(dir)
        .stderr(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("{}: {e}", bin.display()));
    let json: serde_json::Value =
        serde_json::from_slice(&output.stdout).unwrap_or_else(|e| panic!("ibid's JSON: {e}"));
    (output.status.code(), json)
}

/// `/dev/null` for writing (a null `Stdio` when it cannot be opened).
pub fn dev_null() -> Stdio {
    File::create("/dev/null").map_or_else(|_| Stdio::null(), Stdio::from)
}

const VAR: &str = "IBID_BENCH_PROBE";

pub struct Usage {
    /// Exit code, or minus the signal.
    pub status: i32,
    pub wall: f64,
    /// User and system seconds.
    pub cpu: f64,
    pub max_rss_kib: Option<u64>,
    /// CPU seconds the whole machine spent meanwhile, this run included.
    pub machine: Option<f64>,
}

/// Run `program args` in `dir` from a probe, output to `/dev/null`.
pub fn measure(dir: &Path, program: &Path, args: &[String]) -> io::Result<Usage> {
    let output = Command::new(std::env::current_exe()?)
        .env(VAR, dir)
        .arg(program)
        .args(args)
        .output()?;
    let text = String::from_utf8_lossy(&output.stdout);
    let f: Vec<&str> = text.split_whitespace().collect();
    let bad = || {
        io::Error::other(format!(
            "probe: {text:?} {}",
            String::from_utf8_lossy(&output.stderr)
        ))
    };
    let num = |i: usize| f.get(i).and_then(|w| w.parse::<f64>().ok()).ok_or_else(bad);
    Ok(Usage {
        status: num(0)? as i32,
        wall: num(1)?,
        cpu: num(2)?,
        max_rss_kib: num(3).ok().filter(|k| *k >= 0.0).map(|k| k as u64),
        machine: num(4).ok().filter(|m| *m >= 0.0),
    })
}

/// In the probe: run the command, print `status wall cpu max_rss_kib
/// machine` (-1 when unknown), and exit.
pub fn serve() {
    let Some(dir) = std::env::var_os(VAR) else {
        return;
    };
    let mut args = std::env::args_os().skip(1);
    let Some(program) = args.next() else {
        std::process::exit(2)
    };
    let busy = machine_busy();
    let started = Instant::now();
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdin(std::process::Stdio::null())
        .stdout(dev_null())
        .spawn();
    let Ok(child) = child else {
        std::process::exit(2)
    };
    match wait(child) {
        Ok((status, cpu, rss)) => {
            let wall = started.elapsed().as_secs_f64();
            let machine = match (busy, machine_busy()) {
                (Some(a), Some(b)) => b - a,
                _ => -1.0,
            };
            let rss = rss.map_or(-1, |k| k as i64);
            println!("{status} {wall:.6} {cpu:.6} {rss} {machine:.2}");
            std::process::exit(0)
        }
        Err(_) => std::process::exit(2),
    }
}

/// CPU seconds all cores have spent busy since boot: the first line of
/// `/proc/stat` (user, nice, system, irq, softirq and steal, in ticks
/// of 1/100 s).
fn machine_busy() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let ticks: Vec<u64> = stat
        .lines()
        .next()?
        .split_whitespace()
        .skip(1)
        .filter_map(|t| t.parse().ok())
        .collect();
    let busy = [0, 1, 2, 5, 6, 7]
        .iter()
        .filter_map(|&i| ticks.get(i))
        .sum::<u64>();
    Some(busy as f64 / 100.0)
}

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn wait(child: std::process::Child) -> io::Result<(i32, f64, Option<u64>)> {
    use crate::rusage::Rusage;
    extern "C" {
        fn wait4(pid: i32, status: *mut i32, options: i32, usage: *mut Rusage) -> i32;
    }
    let pid = child.id() as i32;
    let mut status = 0;
    let mut usage = std::mem::MaybeUninit::<Rusage>::zeroed();
    loop {
        // SAFETY: `Rusage` has the layout of `struct rusage` here, and
        // wait4 writes only within it and `status`. `child` is never
        // waited for by std, so the pid is ours to reap.
        if unsafe { wait4(pid, &mut status, 0, usage.as_mut_ptr()) } == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    // SAFETY: zeroed, then filled by a successful wait4.
    let usage = unsafe { usage.assume_init() };
    let code = match status & 0x7f {
        0 => (status >> 8) & 0xff,
        signal => -signal,
    };
    Ok((code, usage.cpu_secs(), Some(usage.max_rss_kib())))
}

#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn wait(mut child: std::process::Child) -> io::Result<(i32, f64, Option<u64>)> {
    let status = child.wait()?;
    Ok((status.code().unwrap_or(-1), 0.0, None))
}
