//! versus-runner-rig: the `agent` workload of versus (runners/README.md, "Workload `agent`")
//! written with the rig agent framework.
//!
//! ```text
//! versus-runner-rig agent --url URL --tasks N --concurrency C --calls K
//! ```
//!
//! Runs N tool-using conversations with the mock LLM server at URL, C at once, each one rig
//! agent prompt (src/agent.rs) with the `lookup` tool (src/lookup.rs), and prints their final
//! answers in task order. When `VERSUS_METRICS_FD` is set, one `task_latency_s` per task goes
//! to that descriptor (src/metrics.rs).
//!
//! Exit codes: 0 success; 2 on bad arguments or any other error, with exactly one line on
//! stderr (panics included: they are caught). This file only parses the arguments and maps
//! results to exit codes.

mod agent;
mod lookup;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use versus_runner_common::args::parse_agent;
use versus_runner_common::cli::run_main;
use versus_runner_common::metrics::Metrics;

/// Program name used as the prefix of error messages.
const PROGRAM: &str = "versus-runner-rig";
/// The usage summary, printed (on one line) for bad arguments.
const USAGE: &str = "usage: versus-runner-rig agent --url URL --tasks N --concurrency C --calls K";

/// Parses the arguments after the program name: the subcommand `agent`, then its options
/// (versus-runner-common's `parse_agent`). Returns a one-line message for another subcommand
/// or bad options.
fn parse_args(args: &[OsString]) -> Result<agent::Options, String> {
    let (subcommand, rest) = args.split_first().ok_or("missing subcommand")?;
    if subcommand.to_str() != Some("agent") {
        return Err(format!("unknown subcommand {subcommand:?}"));
    }
    parse_agent(rest)
}

/// Runs the workload, writing the answers to stdout and the metrics (if asked for) to the
/// metrics channel. Returns a one-line message on any error.
fn run(options: &agent::Options) -> Result<(), String> {
    let mut metrics = Metrics::new();
    let answers = agent::run(options, &mut metrics)?;
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    answers
        .iter()
        .try_for_each(|answer| writeln!(stdout, "{answer}"))
        .and_then(|()| stdout.flush())
        .map_err(|err| format!("cannot write stdout: {err}"))?;
    metrics.emit();
    Ok(())
}

/// Entry point: parses the arguments, runs the workload and maps the outcome to an exit code
/// (0 success, 2 error with one line on stderr, panics included).
fn main() -> ExitCode {
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    run_main(PROGRAM, || {
        let options = parse_args(&args).map_err(|err| format!("{err}; {USAGE}"))?;
        run(&options).map(|()| 0)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses a whitespace-separated command line.
    fn parse_line(line: &str) -> Result<agent::Options, String> {
        let args: Vec<OsString> = line.split_whitespace().map(OsString::from).collect();
        parse_args(&args)
    }

    #[test]
    fn parses_agent_options_in_any_order() {
        let expected = Ok(agent::Options {
            url: "http://127.0.0.1:9/".into(),
            tasks: 20,
            concurrency: 5,
            calls: 3,
        });
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
        for line in ["", "grep p f", "agent", "agent --url http://x --tasks 1"] {
            assert!(parse_line(line).is_err(), "{line:?}");
        }
    }
}
