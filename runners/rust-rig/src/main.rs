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
mod metrics;

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;

use metrics::Metrics;

/// Program name used as the prefix of error messages.
const PROGRAM: &str = "versus-runner-rig";
/// The usage summary, printed (on one line) for bad arguments.
const USAGE: &str = "usage: versus-runner-rig agent --url URL --tasks N --concurrency C --calls K";

/// Exit code for any error.
const EXIT_ERROR: u8 = 2;

/// Parses the arguments after the program name: the subcommand `agent`, then its options
/// (`--url URL --tasks N --concurrency C --calls K`, in any order, each also as
/// `--name=value`; all four required, the last of a repeated one wins). Returns a one-line
/// message for another subcommand, an unknown option, a missing value or option, or a count
/// that is not an integer >= 1.
fn parse_args(args: &[OsString]) -> Result<agent::Options, String> {
    let (subcommand, rest) = args.split_first().ok_or("missing subcommand")?;
    if subcommand.to_str() != Some("agent") {
        return Err(format!("unknown subcommand {subcommand:?}"));
    }
    let (mut url, mut tasks, mut concurrency, mut calls) = (None, None, None, None);
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
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
            None => rest
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

/// Prints `message` to stderr as exactly one line, prefixed with the program name (newlines
/// inside the message, as in multi-line error chains, are folded into spaces).
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
/// (0 success, 2 error with one line on stderr).
fn main() -> ExitCode {
    install_panic_hook();
    let args: Vec<OsString> = std::env::args_os().skip(1).collect();
    let outcome = std::panic::catch_unwind(|| {
        let options = parse_args(&args).map_err(|err| format!("{err}; {USAGE}"))?;
        run(&options)
    });
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
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
        for line in [
            "",
            "grep p f",
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
}
