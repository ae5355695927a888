//! The agent's one tool, `lookup` (runners/README.md, "Workload `agent`"): a table built once,
//! `table[i] = (i * 7919) mod 1000003` for keys `item-0` .. `item-63`, and
//! `lookup(key, n) = (table[i] * n) mod 1000003`; and the parsing of a tool call's JSON
//! arguments. Pure code: no I/O. The reference runner calls it from its own loop, the rig
//! runner wraps it in rig's tool trait.

use std::fmt;

use serde::Deserialize;

/// How many entries the table holds: keys `item-0` to `item-63`.
pub const TABLE_SIZE: usize = 64;
/// The modulus of every table value and lookup result.
pub const MODULUS: i64 = 1_000_003;
/// `table[i] = (i * TABLE_FACTOR) mod MODULUS`.
const TABLE_FACTOR: i64 = 7919;
/// The prefix of every valid key.
const KEY_PREFIX: &str = "item-";

/// The arguments of one `lookup` call, as the model sends them in `function.arguments`:
/// `{"key": "item-<i>", "n": <n>}`. Other members are ignored.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct LookupArgs {
    /// The key to look up, `item-<i>` with `0 <= i < 64` when valid.
    pub key: String,
    /// The multiplier (any 64-bit integer).
    pub n: i64,
}

/// The error of a call whose key is not one of `item-0` .. `item-63`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKey(pub String);

impl fmt::Display for UnknownKey {
    /// Writes `unknown key "<key>"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key {:?}", self.0)
    }
}

impl std::error::Error for UnknownKey {}

/// The lookup table: `table[i] = (i * 7919) mod 1000003` for `i` in `0..64`.
#[derive(Debug, Clone)]
pub struct Table {
    values: [i64; TABLE_SIZE],
}

impl Table {
    /// Builds the table (64 multiplications; done once per run).
    pub fn new() -> Self {
        let mut values = [0; TABLE_SIZE];
        for (i, value) in (0_i64..).zip(values.iter_mut()) {
            *value = i * TABLE_FACTOR % MODULUS;
        }
        Self { values }
    }

    /// Returns `(table[i] * n) mod 1000003`, in `0..1000003`, for `key` = `item-<i>` (the
    /// mathematical modulus: a negative `n` still gives a non-negative value). Errors with
    /// [`UnknownKey`] when `key` is not exactly one of `item-0` .. `item-63`.
    pub fn value(&self, key: &str, n: i64) -> Result<i64, UnknownKey> {
        let entry = parse_key(key)
            .and_then(|index| self.values.get(index))
            .ok_or_else(|| UnknownKey(key.to_owned()))?;
        // Both factors are below 2^20 after reduction, so the product fits easily in an i64.
        Ok(entry * n.rem_euclid(MODULUS) % MODULUS)
    }
}

impl Default for Table {
    /// The same as [`Table::new`].
    fn default() -> Self {
        Self::new()
    }
}

/// Parses a tool call's `function.arguments` (a JSON text) into [`LookupArgs`]. Errors (one
/// line) when it is not JSON, not an object, lacks `key` (a string) or `n` (an integer that
/// fits 64 bits).
pub fn parse_arguments(arguments: &str) -> Result<LookupArgs, String> {
    serde_json::from_str(arguments)
        .map_err(|err| format!("lookup: bad arguments {arguments:?}: {err}"))
}

/// Returns `i` for a key spelled exactly `item-<i>` with `i` a decimal in `0..64` without
/// sign or leading zeros, `None` for anything else.
fn parse_key(key: &str) -> Option<usize> {
    let digits = key.strip_prefix(KEY_PREFIX)?;
    let canonical = !digits.is_empty()
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits == "0" || !digits.starts_with('0'));
    if !canonical {
        return None;
    }
    digits.parse::<usize>().ok().filter(|&i| i < TABLE_SIZE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_table() {
        let table = Table::new();
        assert_eq!(table.values[0], 0);
        assert_eq!(table.values[1], 7919);
        assert_eq!(table.values[2], 2 * 7919);
        assert_eq!(table.values[55], 435_545);
        assert_eq!(table.values[63], 498_897);
    }

    #[test]
    fn looks_up_values() {
        let table = Table::new();
        assert_eq!(table.value("item-0", 5), Ok(0));
        assert_eq!(table.value("item-1", 1), Ok(7919));
        // 7919 * 200 = 1_583_800 wraps once.
        assert_eq!(table.value("item-1", 200), Ok(1_583_800 - 1_000_003));
        // The worked examples of runners/README.md.
        assert_eq!(table.value("item-55", 9), Ok(919_896));
        assert_eq!(table.value("item-38", 7), Ok(106_448));
        assert_eq!(table.value("item-51", 8), Ok(230_943));
        // No overflow for extreme n; the result is the mathematical modulus.
        assert_eq!(
            table.value("item-5", i64::MAX),
            Ok((5 * 7919 * (i64::MAX as i128) % 1_000_003) as i64)
        );
        assert_eq!(table.value("item-1", -1), Ok(1_000_003 - 7919));
    }

    #[test]
    fn rejects_unknown_keys() {
        let table = Table::new();
        for key in [
            "item-64",
            "item--1",
            "item-",
            "item-01",
            "item-+1",
            "item- 1",
            "Item-1",
            "item-1x",
            "",
            "item-99999999999999999999999",
        ] {
            assert_eq!(table.value(key, 1), Err(UnknownKey(key.into())), "{key:?}");
        }
    }

    #[test]
    fn parses_arguments() {
        assert_eq!(
            parse_arguments(r#"{"key": "item-7", "n": 3}"#),
            Ok(LookupArgs {
                key: "item-7".into(),
                n: 3
            })
        );
        assert_eq!(
            parse_arguments(r#"{"n":9,"key":"item-63","extra":[1]}"#),
            Ok(LookupArgs {
                key: "item-63".into(),
                n: 9
            })
        );
    }

    #[test]
    fn rejects_bad_arguments() {
        for arguments in [
            "",
            "not json",
            "[]",
            r#"{"key": "item-1"}"#,
            r#"{"n": 1}"#,
            r#"{"key": 1, "n": 1}"#,
            r#"{"key": "item-1", "n": "1"}"#,
            r#"{"key": "item-1", "n": 1.5}"#,
            r#"{"key": "item-1", "n": 99999999999999999999}"#,
            r#"{"key": "item-1", "n": 1"#,
        ] {
            assert!(parse_arguments(arguments).is_err(), "{arguments:?}");
        }
    }
}
