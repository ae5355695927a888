//! versus-runner-rust: the Rust reference runner of versus (see runners/README.md).
//!
//! ```text
//! versus-runner-rust grep PATTERN FILE [--ignore-case]
//! versus-runner-rust json-stats FILE [--repeat K]
//! versus-runner-rust agent --url URL --tasks N --concurrency C --calls K
//! ```
//!
//! `grep` prints the lines of FILE that match PATTERN, as `LC_ALL=C grep -a -E` does, with
//! `regex::bytes` and Unicode off (src/grep.rs). `json-stats` parses FILE with serde_json
//! (`float_roundtrip`) and prints one line of counters (src/json_stats.rs). `agent` runs N
//! tool-using conversations with a mock LLM server, C at once, with tokio and reqwest, and
//! prints their final answers in task order (src/agent.rs). When `VERSUS_METRICS_FD` is set,
//! phase timings go to that descriptor (src/metrics.rs).
//!
//! Exit codes: 0 success; 1 when `grep` matched no line; 2 on bad arguments, bad input or any
//! other error, with exactly one line on stderr (panics included: they are caught).
//! This file only parses the arguments and maps results to exit codes.

mod agent;
mod grep;
mod json_stats;
mod metrics;

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::ExitCode;

use metrics::Metrics;

/// Program name used as the prefix of error messages.
const PROGRAM: &str = "versus-runner-rust";
/// The usage summary, printed (on one line) for bad arguments.
const USAGE: &str = "usage: versus-runner-rust grep PATTERN FILE [--ignore-case] | \
                     versus-runner-rust json-stats FILE [--repeat K] | \
                     versus-runner-rust agent --url URL --tasks N --concurrency C --calls K";

/// Exit code for "grep matched no line".
const EXIT_NO_MATCH: u8 = 1;
/// Exit code for any error.
const EXIT_ERROR: u8 = 2;

/// One workload invocation, parsed from the command line.
#[derive(Debug, PartialEq)]
enum Command {
    /// `grep PATTERN FILE [--ignore-case]`; the pattern is kept as raw bytes.
    Grep {
        pattern: Vec<u8>,
        file: PathBuf,
        ignore_case: bool,
    },
    /// `json-stats FILE [--repeat K]`, `repeat` >= 1.
    JsonStats { file: PathBuf, repeat: u64 },
    /// `agent --url URL --tasks N --concurrency C --calls K`, options in any order.
    Agent(agent::Options),
}

/// Parses the arguments after the program name into a [`Command`]. Positional arguments come
/// first (so a pattern may start with `-`), options after them. Returns a one-line message
/// for an unknown subcommand or option, a missing or extra argument, or a bad `--repeat`.
fn parse_args(args: &[OsString]) -> Result<Command, String> {
    let (subcommand, rest) = args.split_first().ok_or("missing subcommand")?;
    match subcommand.to_str() {
        Some("grep") => {
            let [pattern, file, options @ ..] = rest else {
                return Err("grep needs PATTERN and FILE".into());
            };
            let mut ignore_case = false;
            for option in options {
                match option.to_str() {
                    Some("--ignore-case" | "-i") => ignore_case = true,
                    _ => return Err(format!("unknown grep option {option:?}")),
                }
            }
            Ok(Command::Grep {
                pattern: pattern.as_bytes().to_vec(),
                file: PathBuf::from(file),
                ignore_case,
            })
        }
        Some("json-stats") => {
            let [file, options @ ..] = rest else {
                return Err("json-stats needs FILE".into());
            };
            let mut repeat = 1;
            let mut options = options.iter();
            while let Some(option) = options.next() {
                let value = match option.to_str() {
                    Some("--repeat") => options.next().ok_or("--repeat needs a value")?,
                    Some(text) if text.starts_with("--repeat=") => {
                        &OsString::from(&text["--repeat=".len()..])
                    }
                    _ => return Err(format!("unknown json-stats option {option:?}")),
                };
                repeat = value
                    .to_str()
                    .and_then(|text| text.parse::<u64>().ok())
                    .filter(|&k| k >= 1)
                    .ok_or_else(|| format!("--repeat needs an integer >= 1, not {value:?}"))?;
            }
            Ok(Command::JsonStats {
                file: PathBuf::from(file),
                repeat,
            })
        }
        Some("agent") => parse_agent(rest).map(Command::Agent),
        _ => Err(format!("unknown subcommand {subcommand:?}")),
    }
}

/// Parses the options of `agent` (`--url URL --tasks N --concurrency C --calls K`, in any
/// order, each also as `--name=value`; all four required, the last of a repeated one wins).
/// Returns a one-line message for an unknown option, a missing value or option, or a count
/// that is not an integer >= 1.
fn parse_agent(args: &[OsString]) -> Result<agent::Options, String> {
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
    Ok(agent::Options {
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

/// Runs `command`, writing its output to stdout and its metrics (if asked for) to the
/// metrics channel. Returns the exit code for success or no match, or a one-line message.
fn run(command: Command) -> Result<u8, String> {
    match command {
        Command::Grep {
            pattern,
            file,
            ignore_case,
        } => {
            let regex = grep::compile(&pattern, ignore_case)?;
            let matched = grep::run(&regex, &file)?;
            Ok(if matched { 0 } else { EXIT_NO_MATCH })
        }
        Command::JsonStats { file, repeat } => {
            let mut metrics = Metrics::new();
            let line = json_stats::run(&file, repeat, &mut metrics)?;
            let mut stdout = std::io::stdout().lock();
            writeln!(stdout, "{line}")
                .and_then(|()| stdout.flush())
                .map_err(|err| format!("cannot write stdout: {err}"))?;
            metrics.emit();
            Ok(0)
        }
        Command::Agent(options) => {
            let mut metrics = Metrics::new();
            let answers = agent::run(&options, &mut metrics)?;
            let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
            answers
                .iter()
                .try_for_each(|answer| writeln!(stdout, "{answer}"))
                .and_then(|()| stdout.flush())
                .map_err(|err| format!("cannot write stdout: {err}"))?;
            metrics.emit();
            Ok(0)
        }
    }
}

/// Prints `message` to stderr as exactly one line, prefixed with the program name (newlines
/// inside the message, as in multi-line regex errors, are folded into spaces).
fn report_error(message: &str) {
    let folded = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "{PROGRAM}: {folded}");
}

/// Makes a panic print one line (its message and location) instead of the default report;
/// [`main`] then turns it into exit code 2.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("unknown panic");
        let location = info
            .location()
            .map(|l| format!(" at {l}"))
            .unwrap_or_default();
        report_error(&format!("internal error: {message}{location}"));
    }));
}

/// Entry point: parses the arguments, runs the workload and maps the outcome to an exit code
/// (0 success, 1 no match for `grep`, 2 error with one line on stderr).
fn main() -> ExitCode {
    install_panic_hook();
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let outcome = std::panic::catch_unwind(|| {
        let command = parse_args(&args).map_err(|err| format!("{err}; {USAGE}"))?;
        run(command)
    });
    match outcome {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(message)) => {
            report_error(&message);
            ExitCode::from(EXIT_ERROR)
        }
        Err(_) => ExitCode::from(EXIT_ERROR), // the panic hook already printed the line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Command, String> {
        parse_args(&args.iter().map(OsString::from).collect::<Vec<_>>())
    }

    #[test]
    fn parses_the_protocol() {
        assert_eq!(
            parse(&["grep", "-x", "f", "--ignore-case"]),
            Ok(Command::Grep {
                pattern: b"-x".to_vec(),
                file: "f".into(),
                ignore_case: true
            })
        );
        assert_eq!(
            parse(&["json-stats", "f", "--repeat", "5"]),
            Ok(Command::JsonStats {
                file: "f".into(),
                repeat: 5
            })
        );
        assert_eq!(
            parse(&["json-stats", "f", "--repeat=3"]),
            Ok(Command::JsonStats {
                file: "f".into(),
                repeat: 3
            })
        );
    }

    /// Parses a whitespace-separated command line.
    fn parse_line(line: &str) -> Result<Command, String> {
        parse(&line.split_whitespace().collect::<Vec<_>>())
    }

    #[test]
    fn parses_agent_options_in_any_order() {
        let expected = Ok(Command::Agent(agent::Options {
            url: "http://127.0.0.1:9/".into(),
            tasks: 20,
            concurrency: 5,
            calls: 3,
        }));
        assert_eq!(
            parse_line("agent --url http://127.0.0.1:9/ --tasks 20 --concurrency 5 --calls 3"),
            expected
        );
        assert_eq!(
            parse_line("agent --calls=3 --concurrency 5 --tasks=20 --url http://127.0.0.1:9/"),
            expected
        );
    }

    #[test]
    fn rejects_bad_agent_options() {
        for line in [
            "agent",
            "agent http://x",
            "agent --url http://x --tasks 1 --concurrency 1",
            "agent --url http://x --tasks 0 --concurrency 1 --calls 1",
            "agent --url http://x --tasks 1 --concurrency 0 --calls 1",
            "agent --url http://x --tasks 1 --concurrency 1 --calls x",
            "agent --url http://x --tasks 1 --concurrency 1 --calls -1",
            "agent --url http://x --tasks 1 --concurrency 1 --calls",
            "agent --url http://x --tasks 1 --concurrency 1 --calls 1 --bogus 1",
            "agent --url=http://x --tasks=1 --concurrency=1 --calls=",
        ] {
            assert!(parse_line(line).is_err(), "{line:?}");
        }
    }

    #[test]
    fn rejects_bad_arguments() {
        for args in [
            &[][..],
            &["grep", "p"],
            &["grep", "p", "f", "--bogus"],
            &["json-stats"],
            &["json-stats", "f", "--repeat"],
            &["json-stats", "f", "--repeat", "0"],
            &["json-stats", "f", "--repeat", "-1"],
            &["frob", "f"],
        ] {
            assert!(parse(args).is_err(), "{args:?}");
        }
    }
}
