//! The runner protocol's error convention (runners/README.md, "The protocol"): exactly one
//! line on stderr, prefixed with the program name, and exit code 2; a panic is caught and
//! reported the same way instead of the default multi-line report.

use std::io::Write;
use std::process::ExitCode;

/// Exit code for any error.
pub const EXIT_ERROR: u8 = 2;

/// Prints `message` to stderr as exactly one line, prefixed with `program` (newlines inside
/// the message, as in multi-line error chains, are folded into spaces).
pub fn report_error(program: &str, message: &str) {
    let folded = message.split_whitespace().collect::<Vec<_>>().join(" ");
    let _ = writeln!(std::io::stderr(), "{program}: {folded}");
}

/// Runs `body` (the whole runner after the panic hook is set): its `Ok(code)` is the exit
/// code, its `Err(message)` one line on stderr and exit code 2, a panic one line (message and
/// location) and exit code 2.
pub fn run_main(program: &'static str, body: impl FnOnce() -> Result<u8, String>) -> ExitCode {
    std::panic::set_hook(Box::new(move |info| {
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
        report_error(program, &format!("internal error: {message}{location}"));
    }));
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(Ok(code)) => ExitCode::from(code),
        Ok(Err(message)) => {
            report_error(program, &message);
            ExitCode::from(EXIT_ERROR)
        }
        Err(_) => ExitCode::from(EXIT_ERROR), // the panic hook already printed the line
    }
}
