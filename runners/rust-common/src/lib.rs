//! versus-runner-common: the code the Rust runners of versus share (runners/rust and
//! runners/rust-rig), so that it is written once:
//!
//! - [`args`]: the `agent` workload's options (`--url URL --tasks N --concurrency C --calls K`);
//! - [`cli`]: the one-line error report on stderr, panics caught as one line, exit codes;
//! - [`metrics`]: the optional metrics channel (`VERSUS_METRICS_FD`);
//! - [`lookup`]: the agent's `lookup` table and the parsing of a tool call's arguments.
//!
//! The protocol is runners/README.md. Nothing here does I/O but [`cli`] (stderr) and
//! [`metrics`] (the descriptor the harness opened).

pub mod args;
pub mod cli;
pub mod lookup;
pub mod metrics;
