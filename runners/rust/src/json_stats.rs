//! The `json-stats` workload: read a JSON file into memory, parse it into a
//! `serde_json::Value` DOM (K times with `--repeat K`), walk the last DOM and print one line
//! of counters plus the sum of every number (`number_sum`, as C's `%.17g`).

use std::fmt;
use std::path::Path;
use std::time::Instant;

use serde_json::Value;

use versus_runner_common::metrics::Metrics;

/// What one walk of a DOM counted; see runners/README.md for the exact definitions.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Stats {
    /// Object values.
    pub objects: u64,
    /// Array values.
    pub arrays: u64,
    /// Number values.
    pub numbers: u64,
    /// String values plus object keys.
    pub strings: u64,
    /// `true` values.
    pub trues: u64,
    /// `false` values.
    pub falses: u64,
    /// `null` values.
    pub nulls: u64,
    /// Object members (key/value pairs as the DOM holds them) over all objects.
    pub members: u64,
    /// Array elements over all arrays.
    pub elements: u64,
    /// UTF-8 byte lengths of all strings and keys after unescaping, summed.
    pub string_bytes: u64,
    /// Every number as an IEEE double, added in depth-first order (array elements in
    /// order, object members sorted by key bytes), starting from 0.0.
    pub number_sum: f64,
}

impl fmt::Display for Stats {
    /// Formats the protocol's output line (without the trailing newline).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "objects={} arrays={} numbers={} strings={} true={} false={} null={} members={} \
             elements={} string_bytes={} number_sum={}",
            self.objects,
            self.arrays,
            self.numbers,
            self.strings,
            self.trues,
            self.falses,
            self.nulls,
            self.members,
            self.elements,
            self.string_bytes,
            format_g17(self.number_sum)
        )
    }
}

/// Walks `root` depth-first with an explicit stack (no recursion, so no depth can overflow
/// the call stack) and returns its counters. Array elements are visited in order; object
/// members in the map's order, which for serde_json's default `BTreeMap<String, Value>` is
/// sorted by key bytes (`str`'s `Ord` is bytewise, a prefix before its extensions).
pub fn walk(root: &Value) -> Stats {
    let mut stats = Stats::default();
    let mut stack: Vec<&Value> = vec![root];
    while let Some(value) = stack.pop() {
        match value {
            Value::Null => stats.nulls += 1,
            Value::Bool(true) => stats.trues += 1,
            Value::Bool(false) => stats.falses += 1,
            Value::Number(number) => {
                stats.numbers += 1;
                // Integers that fit i64/u64 are converted with `as` (round to nearest);
                // others were parsed by serde_json's default float parser, whose fast path can
                // be 1 ULP off the correctly rounded double; the harness compares number_sum
                // within a relative 1e-12, far above what a 1-ULP difference per number moves
                // it (runners/README.md, "What each runner uses").
                stats.number_sum += number.as_f64().unwrap_or(f64::NAN);
            }
            Value::String(text) => {
                stats.strings += 1;
                stats.string_bytes += text.len() as u64;
            }
            Value::Array(items) => {
                stats.arrays += 1;
                stats.elements += items.len() as u64;
                stack.extend(items.iter().rev()); // popped back in order
            }
            Value::Object(map) => {
                stats.objects += 1;
                stats.members += map.len() as u64;
                for key in map.keys() {
                    stats.strings += 1;
                    stats.string_bytes += key.len() as u64;
                }
                stack.extend(map.values().rev()); // popped back in key order
            }
        }
    }
    stats
}

/// Formats `x` as C's `printf("%.17g", x)` does: 17 significant digits, fixed notation when
/// the decimal exponent X satisfies -4 <= X < 17 and `d.ddde±XX` otherwise (at least two
/// exponent digits), trailing zeros and a trailing point removed; `inf`, `-inf`, `nan` and
/// `-nan` (sign bit set) as glibc prints them. Returns the formatted text.
pub fn format_g17(x: f64) -> String {
    const PRECISION: i32 = 17;
    if x.is_nan() {
        return if x.is_sign_negative() { "-nan" } else { "nan" }.to_string();
    }
    if x.is_infinite() {
        return if x < 0.0 { "-inf" } else { "inf" }.to_string();
    }
    // Rust's `{:.16e}` is correctly rounded, like glibc: its exponent is C's X.
    let sci = format!("{:.*e}", (PRECISION - 1) as usize, x);
    let (mantissa, exponent) = sci.split_once('e').expect("LowerExp always has an 'e'");
    let exponent: i32 = exponent.parse().expect("LowerExp exponent is an integer");
    if (-4..PRECISION).contains(&exponent) {
        let fixed = format!("{:.*}", (PRECISION - 1 - exponent) as usize, x);
        strip_fraction_zeros(&fixed).to_string()
    } else {
        let sign = if exponent < 0 { '-' } else { '+' };
        format!(
            "{}e{sign}{:02}",
            strip_fraction_zeros(mantissa),
            exponent.abs()
        )
    }
}

/// Removes trailing zeros after a decimal point, and the point itself when nothing follows
/// it. Text without a point is returned unchanged.
fn strip_fraction_zeros(text: &str) -> &str {
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text
    }
}

/// Runs the workload on the file at `path`: reads it whole, parses it `repeat` times
/// (`repeat` >= 1; each earlier DOM is freed inside the parse timing), walks the last DOM and
/// returns the output line (without newline). Records `read_s`, `parse_s` and `walk_s`
/// (seconds) in `metrics`. Errors (one-line messages): unreadable file, empty file, invalid
/// JSON or UTF-8, nesting deeper than serde_json's limit of 128.
pub fn run(path: &Path, repeat: u64, metrics: &mut Metrics) -> Result<String, String> {
    let start = Instant::now();
    let bytes =
        std::fs::read(path).map_err(|err| format!("cannot read {}: {err}", path.display()))?;
    metrics.record_since("read_s", start);

    let start = Instant::now();
    let mut dom: Option<Value> = None;
    for _ in 0..repeat {
        drop(dom.take()); // free the previous DOM before the next parse
        let parsed = serde_json::from_slice::<Value>(&bytes)
            .map_err(|err| format!("invalid JSON in {}: {err}", path.display()))?;
        dom = Some(parsed);
    }
    metrics.record_since("parse_s", start);
    let dom = dom.ok_or_else(|| "--repeat must be at least 1".to_string())?;

    let start = Instant::now();
    let stats = walk(&dom);
    metrics.record_since("walk_s", start);
    Ok(stats.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats_of(text: &str) -> Stats {
        walk(&serde_json::from_str::<Value>(text).unwrap())
    }

    #[test]
    fn g17_matches_printf() {
        let cases: &[(f64, &str)] = &[
            (0.0, "0"),
            (-0.0, "-0"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (6.5, "6.5"),
            (0.1, "0.10000000000000001"),
            (123.456, "123.456"),
            (-123.456, "-123.456"),
            (1e-7, "9.9999999999999995e-08"),
            (1e-4, "0.0001"),
            (1.5e-5, "1.5e-05"),
            (1e16, "10000000000000000"),
            (1e17, "1e+17"),
            (1e21, "1e+21"),
            (123456789012345678.0, "1.2345678901234568e+17"),
            (-1.7976931348623157e308, "-1.7976931348623157e+308"),
            (5e-324, "4.9406564584124654e-324"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::from_bits(0xfff8_0000_0000_0000), "-nan"), // x86-64 default NaN (inf - inf)
            (f64::from_bits(0x7ff8_0000_0000_0000), "nan"),
            (0.3333333333333333, "0.33333333333333331"),
            (99999999999999999.0, "1e+17"),
        ];
        for &(x, want) in cases {
            assert_eq!(format_g17(x), want, "format_g17({x:e})");
        }
    }

    #[test]
    fn protocol_example() {
        // The example line of runners/README.md.
        let s = stats_of(r#"{"a": [1, 2.5, 3], "bb": "xyz", "c": true, "d": null}"#);
        assert_eq!(
            s.to_string(),
            "objects=1 arrays=1 numbers=3 strings=5 true=1 false=0 null=1 members=4 \
             elements=3 string_bytes=8 number_sum=6.5"
        );
    }

    #[test]
    fn counts_unescaped_utf8_bytes() {
        let s = stats_of(r#"{"\u00e9": ["caf\u00e9", "\ud83d\ude00", "a\tb"]}"#);
        assert_eq!((s.strings, s.string_bytes), (4, 2 + 5 + 4 + 3));
    }

    #[test]
    fn counts_keys_and_duplicates_once() {
        let s = stats_of(r#"{"k": "\u00e9\n", "k": {"": []}, "z": [false, {}]}"#);
        assert_eq!(
            (
                s.objects,
                s.arrays,
                s.strings,
                s.members,
                s.elements,
                s.string_bytes
            ),
            (3, 2, 3, 3, 2, 2)
        );
        assert_eq!((s.falses, s.numbers, s.number_sum), (1, 0, 0.0));
    }

    #[test]
    fn sums_in_sorted_key_order() {
        // Keys sorted by bytes: B, a, ab, b, é (0x42 < 0x61 < 0xc3). In that order
        // 1 + 1 + 0.1 + 0.2 = 2.3000000000000003, + 1e16 rounds to 1e16 + 2, - 1e16 leaves 2.
        // In document order the first 1 is absorbed by 1e16 and the sum is different, so a
        // walk that does not sort fails here.
        let doc = r#"{"b": 1e16, "a": 1, "\u00e9": -1e16, "B": 1, "ab": [0.1, 0.2]}"#;
        let document_order = [1e16, 1.0, -1e16, 1.0, 0.1, 0.2]
            .iter()
            .fold(0.0, |sum, x| sum + x);
        assert_ne!(document_order, 2.0);
        assert_eq!(stats_of(doc).number_sum, 2.0);
        // a, z, then é (bytes 0xc3...): 1 + 1 + 1e16; in document order 1e16 + 1 + 1 = 1e16.
        let s = stats_of(r#"{"é": 1e16, "z": 1, "a": 1}"#);
        assert_eq!(s.number_sum, 1e16 + 2.0);
        assert_ne!(1e16 + 1.0 + 1.0, 1e16 + 2.0);
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        assert!(serde_json::from_str::<Value>(&deep).is_err());
        let ok = "[".repeat(127) + &"]".repeat(127);
        assert_eq!(stats_of(&ok).arrays, 127);
    }
}
