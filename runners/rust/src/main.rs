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
//! (default features) and prints one line of counters (src/json_stats.rs). `agent` runs N
//! tool-using conversations with a mock LLM server, C at once, with tokio and reqwest, and
//! prints their final answers in task order (src/agent.rs). When `VERSUS_METRICS_FD` is set,
//! phase timings go to that descriptor (src/metrics.rs).
//!
//! Exit codes: 0 success; 1 when `grep` matched no line; 2 on bad arguments, bad input or any
//! other error, with exactly one line on stderr (panics included: they are caught).
//! This file only parses the arguments and maps results to exit codes.

mod agent;
mod gc_latency;
mod grep;
mod json_stats;
mod lang_args;
mod parallel;

use std::ffi::OsString;
use std::io::Write;
use std::os::unix::ffi::OsStrExt;
use std::path::PathBuf;
use std::process::ExitCode;

use versus_runner_common::args::parse_agent;
use versus_runner_common::cli::run_main;
use versus_runner_common::metrics::Metrics;

/// Program name used as the prefix of error messages.
const PROGRAM: &str = "versus-runner-rust";
/// The usage summary, printed (on one line) for bad arguments.
const USAGE: &str = "usage: versus-runner-rust grep PATTERN FILE [--ignore-case] | \
                     versus-runner-rust json-stats FILE [--repeat K] | \
                     versus-runner-rust agent --url URL --tasks N --concurrency C --calls K | \
                     versus-runner-rust parallel --tasks N --workers W --rounds R | \
                     versus-runner-rust gc-latency --entries M --requests R --rate Q --response-bytes B";

/// Exit code for "grep matched no line".
const EXIT_NO_MATCH: u8 = 1;

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
    /// `parallel --tasks N --workers W --rounds R` (src/parallel.rs).
    Parallel(parallel::Options),
    /// `gc-latency --entries M --requests R --rate Q --response-bytes B` (src/gc_latency.rs).
    GcLatency(gc_latency::Options),
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
        Some("parallel") => parallel::parse(rest).map(Command::Parallel),
        Some("gc-latency") => gc_latency::parse(rest).map(Command::GcLatency),
        _ => Err(format!("unknown subcommand {subcommand:?}")),
    }
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
        Command::Parallel(options) => {
            let mut metrics = Metrics::new();
            parallel::run(&options, &mut metrics)?;
            metrics.emit();
            Ok(0)
        }
        Command::GcLatency(options) => {
            let mut metrics = Metrics::new();
            gc_latency::run(&options, &mut metrics)?;
            metrics.emit();
            Ok(0)
        }
    }
}

/// Entry point: parses the arguments, runs the workload and maps the outcome to an exit code
/// (0 success, 1 no match for `grep`, 2 error with one line on stderr, panics included).
fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    run_main(PROGRAM, || {
        let command = parse_args(&args).map_err(|err| format!("{err}; {USAGE}"))?;
        run(command)
    })
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
