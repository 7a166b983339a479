//! `struct rusage` on 64-bit Linux, for the benches' peak-RSS and CPU
//! figures (`getrusage`, `wait4`), laid out once.

/// `struct timeval`.
#[repr(C)]
pub struct Timeval {
    pub sec: i64,
    pub usec: i64,
}

/// `struct rusage`.
#[repr(C)]
pub struct Rusage {
    pub utime: Timeval,
    pub stime: Timeval,
    /// KiB.
    pub maxrss: i64,
    pub rest: [i64; 13],
}

impl Rusage {
    /// User + system CPU seconds.
    pub fn cpu_secs(&self) -> f64 {
        let secs = |t: &Timeval| t.sec as f64 + t.usec as f64 / 1e6;
        secs(&self.utime) + secs(&self.stime)
    }

    /// Peak resident set size, KiB.
    pub fn max_rss_kib(&self) -> u64 {
        self.maxrss as u64
    }
}
