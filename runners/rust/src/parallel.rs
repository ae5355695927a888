//! Workload `parallel` (runners/README.md, "Workload parallel"): N independent CPU-bound
//! tasks, W std threads taking them in turn from one atomic counter.
//!
//! ```text
//! versus-runner-rust parallel --tasks N --workers W --rounds R
//! ```
//!
//! Task t hashes the ASCII bytes `versus-parallel-<t>` with SHA-256 (the `sha2` crate, the
//! usual one), then the 32-byte digest again, R times in all. W = 0 means
//! `std::thread::available_parallelism()` workers. stdout: `task <t> <hex digest>` per task,
//! in task order. Metrics: `compute_s` (threads started to all joined), `workers`.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use sha2::{Digest, Sha256};

use versus_runner_common::metrics::Metrics;

/// The options of `parallel`.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub tasks: usize,
    /// 0: one per available core.
    pub workers: usize,
    pub rounds: u64,
}

/// Parses `--tasks N --workers W --rounds R` (any order, also `--name=value`).
pub fn parse(args: &[std::ffi::OsString]) -> Result<Options, String> {
    let values = crate::lang_args::named_values(args, &["--tasks", "--workers", "--rounds"])?;
    Ok(Options {
        tasks: crate::lang_args::ranged(&values, "--tasks", 1, 1_000_000)? as usize,
        workers: crate::lang_args::ranged(&values, "--workers", 0, 4096)? as usize,
        rounds: crate::lang_args::ranged(&values, "--rounds", 1, 1_000_000_000)?,
    })
}

/// Task `t`: `rounds` applications of SHA-256 from `versus-parallel-<t>`.
fn task(t: usize, rounds: u64) -> [u8; 32] {
    let mut h: [u8; 32] = Sha256::digest(format!("versus-parallel-{t}").as_bytes()).into();
    for _ in 1..rounds {
        h = Sha256::digest(h).into();
    }
    h
}

/// Runs the workload and prints its lines; records its metrics.
pub fn run(options: &Options, metrics: &mut Metrics) -> Result<(), String> {
    let workers = match options.workers {
        0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
        w => w,
    };
    let start = Instant::now();
    let next = AtomicUsize::new(0);
    let digests = Mutex::new(vec![[0u8; 32]; options.tasks]);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| loop {
                let t = next.fetch_add(1, Ordering::Relaxed);
                if t >= options.tasks {
                    break;
                }
                let h = task(t, options.rounds);
                digests.lock().expect("no worker panics")[t] = h;
            });
        }
    });
    metrics.record_since("compute_s", start);
    metrics.record("workers", workers as f64);
    let digests = digests.into_inner().map_err(|_| "a worker panicked")?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    for (t, h) in digests.iter().enumerate() {
        let hex: String = h.iter().map(|b| format!("{b:02x}")).collect();
        writeln!(out, "task {t} {hex}").map_err(|e| format!("cannot write stdout: {e}"))?;
    }
    out.flush().map_err(|e| format!("cannot write stdout: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_round_is_sha256_of_the_seed() {
        // sha256("versus-parallel-0"), as `printf versus-parallel-0 | sha256sum` prints it.
        let h = task(0, 1);
        let expected: [u8; 32] = Sha256::digest(b"versus-parallel-0").into();
        assert_eq!(h, expected);
        assert_ne!(task(0, 2), h);
    }

    #[test]
    fn parses_options() {
        let args: Vec<_> = ["--rounds=5", "--tasks", "3", "--workers", "0"]
            .iter()
            .map(std::ffi::OsString::from)
            .collect();
        assert_eq!(
            parse(&args),
            Ok(Options {
                tasks: 3,
                workers: 0,
                rounds: 5
            })
        );
        let bad: Vec<_> = ["--tasks", "0", "--workers", "1", "--rounds", "1"]
            .iter()
            .map(std::ffi::OsString::from)
            .collect();
        assert!(parse(&bad).is_err());
    }
}
