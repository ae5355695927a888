//! The agent's one tool, `lookup`, as a rig tool (runners/README.md, "Workload `agent`"): a
//! table built once, `table[i] = (i * 7919) mod 1000003` for keys `item-0` .. `item-63`, and
//! `lookup(key, n) = (table[i] * n) mod 1000003`, returned as a decimal string. rig parses the
//! model's JSON arguments into [`LookupArgs`] and sends the returned string back as the tool
//! message; an unknown key is a tool error (rig sends its text to the model instead).

use std::fmt;

use rig_core::tool::PortableTool;
use serde::Deserialize;

/// How many entries the table holds: keys `item-0` to `item-63`.
const TABLE_SIZE: usize = 64;
/// The modulus of every table value and lookup result.
const MODULUS: i64 = 1_000_003;
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

/// The `lookup` tool: the table, built once by [`Lookup::new`] and shared by every agent run.
#[derive(Debug, Clone)]
pub struct Lookup {
    values: [i64; TABLE_SIZE],
}

impl Lookup {
    /// Builds the table (64 multiplications; done once per process).
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
        let index = parse_key(key).ok_or_else(|| UnknownKey(key.to_owned()))?;
        let entry = self
            .values
            .get(index)
            .ok_or_else(|| UnknownKey(key.to_owned()))?;
        // Both factors are below 2^20 after reduction, so the product fits easily in an i64.
        Ok(entry * n.rem_euclid(MODULUS) % MODULUS)
    }
}

impl Default for Lookup {
    /// The same as [`Lookup::new`].
    fn default() -> Self {
        Self::new()
    }
}

impl PortableTool for Lookup {
    const NAME: &'static str = "lookup";
    type Args = LookupArgs;
    /// A plain string: rig sends it as the tool message's text content, unquoted.
    type Output = String;
    type Error = UnknownKey;

    /// The description the model sees: "Look up a value in the table.".
    fn description(&self) -> String {
        "Look up a value in the table.".to_owned()
    }

    /// The JSON Schema of [`LookupArgs`], as the protocol spells it.
    fn parameters(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "object",
            "properties": {"key": {"type": "string"}, "n": {"type": "integer"}},
            "required": ["key", "n"]
        })
    }

    /// Returns the looked-up value in decimal (no sign, spaces or leading zeros), or
    /// [`UnknownKey`].
    async fn call(&self, arguments: LookupArgs) -> Result<String, UnknownKey> {
        self.value(&arguments.key, arguments.n)
            .map(|value| value.to_string())
    }
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
    use rig_core::tool::{IntoToolOutput, ToolOutput};

    /// Runs a future to completion on a current-thread runtime.
    fn block_on<F: std::future::Future>(future: F) -> F::Output {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap()
            .block_on(future)
    }

    #[test]
    fn builds_the_table() {
        let table = Lookup::new();
        assert_eq!(table.values[0], 0);
        assert_eq!(table.values[1], 7919);
        assert_eq!(table.values[55], 435_545);
        assert_eq!(table.values[63], 498_897);
    }

    #[test]
    fn looks_up_values() {
        let table = Lookup::new();
        assert_eq!(table.value("item-0", 5), Ok(0));
        assert_eq!(table.value("item-1", 1), Ok(7919));
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
        let table = Lookup::new();
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
    fn parses_arguments_as_rig_does() {
        // rig deserializes the model's `function.arguments` text into `Args` with serde_json.
        let parse = |text: &str| serde_json::from_str::<LookupArgs>(text);
        assert_eq!(
            parse(r#"{"key": "item-7", "n": 3}"#).unwrap(),
            LookupArgs {
                key: "item-7".into(),
                n: 3
            }
        );
        assert_eq!(
            parse(r#"{"n":9,"key":"item-63","extra":[1]}"#).unwrap(),
            LookupArgs {
                key: "item-63".into(),
                n: 9
            }
        );
        for text in [
            "",
            "not json",
            "[]",
            r#"{"key": "item-1"}"#,
            r#"{"n": 1}"#,
            r#"{"key": 1, "n": 1}"#,
            r#"{"key": "item-1", "n": "1"}"#,
            r#"{"key": "item-1", "n": 1.5}"#,
            r#"{"key": "item-1", "n": 99999999999999999999}"#,
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn answers_as_a_tool() {
        let table = Lookup::new();
        let args = LookupArgs {
            key: "item-55".into(),
            n: 9,
        };
        assert_eq!(
            block_on(PortableTool::call(&table, args)),
            Ok("919896".to_owned())
        );
        let args = LookupArgs {
            key: "item-64".into(),
            n: 1,
        };
        assert!(block_on(PortableTool::call(&table, args)).is_err());
    }

    #[test]
    fn defines_the_tool_as_the_protocol_does() {
        let definition = rig_core::tool::tool_definition(&Lookup::new());
        assert_eq!(definition.name.to_string(), "lookup");
        assert_eq!(definition.description, "Look up a value in the table.");
        assert_eq!(
            definition.parameters,
            serde_json::json!({"type": "object",
                "properties": {"key": {"type": "string"}, "n": {"type": "integer"}},
                "required": ["key", "n"]})
        );
    }

    #[test]
    fn returns_plain_text_to_the_model() {
        // A String output becomes a text block (the tool message's content), not a JSON
        // string with quotes.
        let output = IntoToolOutput::into_tool_output("919896".to_owned()).unwrap();
        assert_eq!(output, ToolOutput::text("919896"));
    }
}
