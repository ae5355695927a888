//! Workload `gc-latency` (runners/README.md, "Workload gc-latency"): a service-shaped loop
//! that keeps a live heap of M small records in a `HashMap<u32, Record>` and serves R requests
//! at a fixed rate Q, each reading one record, replacing another (the old one is dropped at
//! once: Rust has no collector) and building a response buffer of B bytes. Latency is measured
//! from when each request was due, so a stall counts against every request behind it.
//!
//! ```text
//! versus-runner-rust gc-latency --entries M --requests R --rate Q --response-bytes B
//! ```

use std::collections::HashMap;
use std::io::Write;
use std::time::{Duration, Instant};

use versus_runner_common::metrics::Metrics;

/// The prime every checksum is reduced by.
const MODULUS: u64 = 1_000_000_007;
/// Latency above which a request counts as stalled, in seconds.
const PAUSE_THRESHOLD_S: f64 = 0.001;

/// The options of `gc-latency`.
#[derive(Debug, PartialEq)]
pub struct Options {
    pub entries: u64,
    pub requests: u64,
    pub rate: u64,
    pub response_bytes: usize,
}

/// Parses `--entries M --requests R --rate Q --response-bytes B` (any order).
pub fn parse(args: &[std::ffi::OsString]) -> Result<Options, String> {
    use crate::lang_args::{named_values, ranged};
    let v = named_values(
        args,
        &["--entries", "--requests", "--rate", "--response-bytes"],
    )?;
    Ok(Options {
        entries: ranged(&v, "--entries", 1, 10_000_000)?,
        requests: ranged(&v, "--requests", 1, 3_000_000)?,
        rate: ranged(&v, "--rate", 1, 10_000_000)?,
        response_bytes: ranged(&v, "--response-bytes", 1, 1 << 24)? as usize,
    })
}

/// One entry of the live heap.
struct Record {
    key: u64,
    seq: u64,
    count: u64,
    name: String,
}

/// The key of entry k: k × 2654435761 mod 2^32.
fn key_of(k: u64) -> u32 {
    (k as u32).wrapping_mul(2_654_435_761)
}

/// The latency metrics from per-request latencies in seconds (request order): nearest-rank
/// p50, p90, p99, p99.9, p99.99, the maximum, and pauses (runs of consecutive requests above
/// 1 ms, each as long as its largest latency): their total and their number.
pub fn latency_summary(latencies: &[f64]) -> Vec<(&'static str, f64)> {
    let (mut pauses, mut total, mut run_max) = (0u64, 0.0f64, 0.0f64);
    for &v in latencies {
        if v > PAUSE_THRESHOLD_S {
            if run_max == 0.0 {
                pauses += 1;
            }
            run_max = run_max.max(v);
        } else {
            total += run_max;
            run_max = 0.0;
        }
    }
    total += run_max;
    let mut sorted = latencies.to_vec();
    sorted.sort_by(f64::total_cmp);
    let rank = |p: f64| sorted[((p * sorted.len() as f64).ceil() as usize).max(1) - 1];
    vec![
        ("p50_s", rank(0.50)),
        ("p90_s", rank(0.90)),
        ("p99_s", rank(0.99)),
        ("p999_s", rank(0.999)),
        ("p9999_s", rank(0.9999)),
        ("max_s", sorted[sorted.len() - 1]),
        ("pause_s", total),
        ("pauses", pauses as f64),
    ]
}

/// Runs the workload, prints its line and records its metrics.
pub fn run(o: &Options, metrics: &mut Metrics) -> Result<(), String> {
    let m = o.entries;
    let start = Instant::now();
    let mut heap: HashMap<u32, Record> = HashMap::with_capacity(m as usize);
    for k in 0..m {
        let key = key_of(k);
        heap.insert(
            key,
            Record {
                key: u64::from(key),
                seq: k,
                count: 0,
                name: format!("user-{key}"),
            },
        );
    }
    metrics.record_since("build_s", start);
    let mut latencies = Vec::with_capacity(o.requests as usize);
    let interval = 1.0 / o.rate as f64;
    let mut acc = 0u64;
    let t0 = Instant::now();
    for i in 0..o.requests {
        let due = t0 + Duration::from_secs_f64(i as f64 * interval);
        while Instant::now() < due {
            std::hint::spin_loop(); // busy-wait: no timer's resolution enters the latency
        }
        let read = &heap[&key_of(i.wrapping_mul(2_654_435_761) % m)];
        acc = (acc + read.seq + read.count) % MODULUS;
        let wkey = key_of((i * 40503 + 12345) % m);
        let old = &heap[&wkey];
        let count = old.count + 1;
        let record = Record {
            key: old.key,
            seq: (old.seq * 31 + i) % MODULUS,
            count,
            name: format!("user-{}-{count}", old.key),
        };
        let name_len = record.name.len() as u64;
        heap.insert(wkey, record);
        let response = std::hint::black_box(vec![(i % 251) as u8; o.response_bytes]);
        acc = (acc + u64::from(response[(i as usize) % response.len()]) + name_len) % MODULUS;
        latencies.push(due.elapsed().as_secs_f64());
    }
    metrics.record_since("serve_s", t0);
    let state = heap.values().fold(0u64, |sum, r| {
        (sum + (r.key % MODULUS) * 31 + r.seq + r.count * 7 + r.name.len() as u64) % MODULUS
    });
    for (name, value) in latency_summary(&latencies) {
        metrics.record(name, value);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "entries={m} requests={} checksum={acc} state={state}",
        o.requests
    )
    .and_then(|()| out.flush())
    .map_err(|e| format!("cannot write stdout: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_are_runs_above_one_millisecond() {
        let s = latency_summary(&[0.0001, 0.002, 0.005, 0.0001, 0.003, 0.0002]);
        let get = |n: &str| s.iter().find(|(k, _)| *k == n).unwrap().1;
        assert_eq!(get("pauses"), 2.0);
        assert!((get("pause_s") - 0.008).abs() < 1e-12);
        assert_eq!(get("max_s"), 0.005);
        assert_eq!(get("p50_s"), 0.0002);
        assert_eq!(get("p90_s"), 0.005); // rank ceil(0.9 * 6) = 6
        assert_eq!(get("p9999_s"), 0.005);
    }

    #[test]
    fn percentiles_are_nearest_rank() {
        let lat: Vec<f64> = (0..10_000).map(|i| f64::from(10_000 - i) / 1e6).collect();
        let s = latency_summary(&lat);
        let get = |n: &str| s.iter().find(|(k, _)| *k == n).unwrap().1;
        for (name, rank) in [
            ("p50_s", 5000.0),
            ("p90_s", 9000.0),
            ("p99_s", 9900.0),
            ("p999_s", 9990.0),
            ("p9999_s", 9999.0),
            ("max_s", 10000.0),
        ] {
            assert!((get(name) - rank / 1e6).abs() < 1e-12, "{name}");
        }
    }

    #[test]
    fn keys_are_a_bijection_sample() {
        let keys: std::collections::HashSet<u32> = (0..10_000).map(key_of).collect();
        assert_eq!(keys.len(), 10_000);
    }
}
