//! Options of the language workloads (`parallel`, `gc-latency`): `--name value` or
//! `--name=value`, in any order, each required, the last of a repeated one winning.

use std::collections::HashMap;
use std::ffi::OsString;

/// Collects the values of the options `names` from `args`. Returns a one-line message for an
/// unknown option, a missing value or a missing option.
pub fn named_values(
    args: &[OsString],
    names: &[&'static str],
) -> Result<HashMap<&'static str, String>, String> {
    let mut values = HashMap::new();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let text = arg
            .to_str()
            .ok_or_else(|| format!("unknown option {arg:?}"))?;
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) => (name, Some(value.to_owned())),
            None => (text, None),
        };
        let known = names
            .iter()
            .find(|n| **n == name)
            .ok_or_else(|| format!("unknown option {arg:?}"))?;
        let value = match inline {
            Some(value) => value,
            None => args
                .next()
                .and_then(|v| v.to_str())
                .ok_or_else(|| format!("{name} needs a value"))?
                .to_owned(),
        };
        values.insert(*known, value);
    }
    if let Some(missing) = names.iter().find(|n| !values.contains_key(*n)) {
        return Err(format!("missing option {missing}"));
    }
    Ok(values)
}

/// The value of option `name` as an integer in `[min, max]`, or a one-line message.
pub fn ranged(
    values: &HashMap<&'static str, String>,
    name: &str,
    min: u64,
    max: u64,
) -> Result<u64, String> {
    let text = values.get(name).map(String::as_str).unwrap_or("");
    text.parse::<u64>()
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| format!("{name} needs an integer from {min} to {max}, not {text:?}"))
}
