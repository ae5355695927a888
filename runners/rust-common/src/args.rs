//! The command line of the `agent` workload (runners/README.md, "Workload `agent`"):
//! `--url URL --tasks N --concurrency C --calls K`, in any order, each also as
//! `--name=value`; all four required, the last of a repeated one wins.

use std::ffi::OsString;

/// What `agent` was asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgentOptions {
    /// The server's base URL, `http://HOST:PORT` (a trailing `/` is allowed).
    pub url: String,
    /// N: how many tasks (IDs 0..N-1), >= 1.
    pub tasks: u64,
    /// C: at most this many tasks in flight, >= 1.
    pub concurrency: usize,
    /// K: LLM calls per task, >= 1. Informational: the server decides when a task ends.
    pub calls: u64,
}

/// Parses the options of `agent` (the arguments after the subcommand). Returns a one-line
/// message for an unknown option, a missing value or option, or a count that is not an
/// integer >= 1.
pub fn parse_agent(args: &[OsString]) -> Result<AgentOptions, String> {
    let (mut url, mut tasks, mut concurrency, mut calls) = (None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let text = arg
            .to_str()
            .ok_or_else(|| format!("unknown agent option {arg:?}"))?;
        let (name, inline) = match text.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value)),
            _ => (text, None),
        };
        let slot = match name {
            "--url" => &mut url,
            "--tasks" => &mut tasks,
            "--concurrency" => &mut concurrency,
            "--calls" => &mut calls,
            _ => return Err(format!("unknown agent option {arg:?}")),
        };
        let value = match inline {
            Some(value) => value,
            None => args
                .next()
                .and_then(|value| value.to_str())
                .ok_or_else(|| format!("{name} needs a value"))?,
        };
        *slot = Some(value.to_owned());
    }
    let url = url.ok_or("agent needs --url URL")?;
    Ok(AgentOptions {
        url,
        tasks: positive("--tasks", tasks)?,
        concurrency: positive("--concurrency", concurrency)?,
        calls: positive("--calls", calls)?,
    })
}

/// Parses the value of the required option `name` as an integer >= 1. Returns a one-line
/// message when it is absent, not an integer, zero, or too large for `T`.
fn positive<T: std::str::FromStr + PartialOrd + From<u8>>(
    name: &str,
    value: Option<String>,
) -> Result<T, String> {
    let value = value.ok_or_else(|| format!("agent needs {name}"))?;
    value
        .parse::<T>()
        .ok()
        .filter(|n| *n >= T::from(1))
        .ok_or_else(|| format!("{name} needs an integer >= 1, not {value:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses a whitespace-separated list of options.
    fn parse_line(line: &str) -> Result<AgentOptions, String> {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        parse_agent(&args)
    }

    #[test]
    fn parses_agent_options_in_any_order() {
        let expected = Ok(AgentOptions {
            url: "http://127.0.0.1:9/".into(),
            tasks: 20,
            concurrency: 5,
            calls: 3,
        });
        assert_eq!(
            parse_line("--url http://127.0.0.1:9/ --tasks 20 --concurrency 5 --calls 3"),
            expected
        );
        assert_eq!(
            parse_line("--calls=3 --concurrency 5 --tasks=20 --url http://127.0.0.1:9/"),
            expected
        );
        assert_eq!(
            parse_line("--url x --tasks 1 --concurrency 1 --calls 1 --tasks 20")
                .map(|o| o.tasks),
            Ok(20)
        );
    }

    #[test]
    fn rejects_bad_agent_options() {
        for line in [
            "",
            "http://x",
            "--url http://x --tasks 1 --concurrency 1",
            "--url http://x --tasks 0 --concurrency 1 --calls 1",
            "--url http://x --tasks 1 --concurrency 0 --calls 1",
            "--url http://x --tasks 1 --concurrency 1 --calls x",
            "--url http://x --tasks 1 --concurrency 1 --calls -1",
            "--url http://x --tasks 1 --concurrency 1 --calls",
            "--url http://x --tasks 1 --concurrency 1 --calls 1 --bogus 1",
            "--url=http://x --tasks=1 --concurrency=1 --calls=",
        ] {
            assert!(parse_line(line).is_err(), "{line:?}");
        }
    }
}
