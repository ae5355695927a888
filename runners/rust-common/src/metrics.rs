//! The optional metrics channel of the runner protocol: when the environment has
//! `VERSUS_METRICS_FD=N`, file descriptor N is open for writing and the runner writes
//! `name=value` lines to it once, at the end. Without the variable nothing is opened or
//! written, and a failure to write never changes the exit code.

use std::fs::File;
use std::io::Write;
use std::mem::ManuallyDrop;
use std::os::fd::{FromRawFd, RawFd};
use std::time::Instant;

/// Name of the environment variable that carries the metrics file descriptor.
const METRICS_FD_VAR: &str = "VERSUS_METRICS_FD";

/// Metrics collected during one run, written at the end by [`Metrics::emit`].
#[derive(Debug, Default)]
pub struct Metrics {
    /// `(name, value)` pairs in the order they were recorded.
    entries: Vec<(&'static str, f64)>,
}

impl Metrics {
    /// Returns an empty set of metrics.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records one metric. `name` must end with its unit (`_s` for seconds, `_bytes` for
    /// bytes); `value` is in that unit.
    pub fn record(&mut self, name: &'static str, value: f64) {
        self.entries.push((name, value));
    }

    /// Records the time elapsed since `start` (a monotonic clock reading), in seconds,
    /// under `name` (which should end with `_s`).
    pub fn record_since(&mut self, name: &'static str, start: Instant) {
        self.record(name, start.elapsed().as_secs_f64());
    }

    /// Writes every recorded metric as one `name=value` line to the descriptor named by
    /// `VERSUS_METRICS_FD`, in one write. Does nothing when the variable is absent or is not
    /// a non-negative integer; write errors are ignored. The descriptor is not closed (the
    /// process exit closes it).
    pub fn emit(&self) {
        let Some(fd) = metrics_fd() else { return };
        let mut text = String::new();
        for (name, value) in &self.entries {
            text.push_str(&format!("{name}={value:.9}\n"));
        }
        // SAFETY: the harness promises that the descriptor is open for writing. We never
        // close it (ManuallyDrop), so a wrong number can only make the write fail.
        let mut file = ManuallyDrop::new(unsafe { File::from_raw_fd(fd) });
        let _ = file.write_all(text.as_bytes());
    }
}

/// Returns the descriptor named by `VERSUS_METRICS_FD`, or `None` when the variable is
/// unset, empty or not a non-negative integer.
fn metrics_fd() -> Option<RawFd> {
    let value = std::env::var(METRICS_FD_VAR).ok()?;
    let fd: RawFd = value.trim().parse().ok()?;
    (fd >= 0).then_some(fd)
}
