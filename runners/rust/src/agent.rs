//! The `agent` workload (runners/README.md, "Workload `agent`"): run tasks 0..N-1, each a
//! tool-using conversation with a (mock) LLM over HTTP, at most C at once, and return their
//! final answers in task order.
//!
//! Idiomatic async Rust: a multi-threaded tokio runtime (what `#[tokio::main]` gives, one
//! worker thread per core), one shared reqwest `Client` (HTTP/1.1, keep-alive pool of up to C
//! idle connections), and a tokio `Semaphore` with C permits: a task is spawned only once it
//! holds a permit, so at most C conversations (hence at most C requests) are in flight.
//! The conversation itself is in src/agent/task.rs, the API types in src/agent/chat.rs, the
//! tool in src/agent/lookup.rs.

mod chat;
mod task;

use std::sync::Arc;

use reqwest::{Client, Url};
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinSet};

pub use versus_runner_common::args::AgentOptions as Options;
use versus_runner_common::lookup::Table;
use versus_runner_common::metrics::Metrics;
use task::{Context, Outcome};

/// The path of the Chat Completions endpoint, appended to `--url`.
const COMPLETIONS_PATH: &str = "/v1/chat/completions";


/// Runs every task and returns their final answers ordered by task ID. Records one
/// `task_latency_s` metric per task (seconds, in task order) into `metrics`. Errors (one
/// line) for a URL that is not `http://`, when the runtime or client cannot be built, and on
/// the first task that fails (the others are then abandoned).
pub fn run(options: &Options, metrics: &mut Metrics) -> Result<Vec<String>, String> {
    let endpoint = endpoint(&options.url)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the tokio runtime: {err}"))?;
    let mut outcomes = runtime.block_on(async {
        let context = Arc::new(Context {
            client: client(options.concurrency)?,
            endpoint,
            tools: chat::tools(),
            table: Table::new(),
        });
        run_all(context, options.tasks, options.concurrency).await
    })?;
    outcomes.sort_unstable_by_key(|&(id, _)| id);
    Ok(outcomes
        .into_iter()
        .map(|(_, outcome)| {
            metrics.record("task_latency_s", outcome.latency.as_secs_f64());
            outcome.answer
        })
        .collect())
}

/// Returns the one HTTP client of the run: HTTP/1.1 with keep-alive, at most `concurrency`
/// idle connections kept. The benchmark talks to loopback: no proxy from the environment, no
/// redirects (a 3xx is an error like any other non-200), no retries of any kind. Errors (one
/// line) when reqwest cannot build it.
fn client(concurrency: usize) -> Result<Client, String> {
    Client::builder()
        .pool_max_idle_per_host(concurrency)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))
}

/// Runs tasks 0..`tasks` with at most `concurrency` in flight and returns `(id, outcome)`
/// pairs in completion order. Returns the first task error as soon as it is seen; dropping
/// the `JoinSet` then aborts the tasks still running.
async fn run_all(
    context: Arc<Context>,
    tasks: u64,
    concurrency: usize,
) -> Result<Vec<(u64, Outcome)>, String> {
    let semaphore = Arc::new(Semaphore::new(concurrency));
    let mut running = JoinSet::new();
    let mut done = Vec::new();
    for id in 0..tasks {
        let permit = Arc::clone(&semaphore)
            .acquire_owned()
            .await
            .map_err(|err| format!("semaphore closed: {err}"))?;
        // Collect the tasks that finished meanwhile, so a failure stops the run early.
        while let Some(joined) = running.try_join_next() {
            done.push(finished(joined)?);
        }
        let context = Arc::clone(&context);
        running.spawn(async move {
            let _permit = permit; // released when the task ends, successful or not
            task::run(&context, id).await.map(|outcome| (id, outcome))
        });
    }
    while let Some(joined) = running.join_next().await {
        done.push(finished(joined)?);
    }
    Ok(done)
}

/// Unwraps the result of a spawned task. A panic inside the task is resumed here, so that
/// `main` catches it (its hook has already printed the one line); a cancellation, which this
/// program never asks for, is an error.
fn finished(
    joined: Result<Result<(u64, Outcome), String>, JoinError>,
) -> Result<(u64, Outcome), String> {
    match joined {
        Ok(result) => result,
        Err(err) if err.is_panic() => std::panic::resume_unwind(err.into_panic()),
        Err(err) => Err(format!("task cancelled: {err}")),
    }
}

/// Returns `url` + `/v1/chat/completions` (without doubling a trailing `/`) as a parsed URL.
/// Errors (one line) for an unparsable URL or a scheme other than `http` (this build has no
/// TLS: the benchmark talks plain HTTP on loopback).
fn endpoint(url: &str) -> Result<Url, String> {
    let text = format!("{}{COMPLETIONS_PATH}", url.trim_end_matches('/'));
    let endpoint = Url::parse(&text).map_err(|err| format!("bad --url {url:?}: {err}"))?;
    if endpoint.scheme() != "http" {
        return Err(format!("bad --url {url:?}: only http:// is supported"));
    }
    Ok(endpoint)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_endpoint() {
        assert_eq!(
            endpoint("http://127.0.0.1:8080").unwrap().as_str(),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
        assert_eq!(
            endpoint("http://127.0.0.1:8080/").unwrap().as_str(),
            "http://127.0.0.1:8080/v1/chat/completions"
        );
        assert!(endpoint("https://127.0.0.1:8080").is_err());
        assert!(endpoint("127.0.0.1:8080").is_err());
        assert!(endpoint("").is_err());
    }
}
