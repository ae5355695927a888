//! The `agent` workload (runners/README.md, "Workload `agent`") written with rig: one rig
//! agent (rig-agent's `Agent`, the classic agent loop) over rig-core's OpenAI provider on the
//! Chat Completions API, with the preamble the protocol names and the `lookup` tool
//! (src/lookup.rs); each task is one multi-turn `agent.prompt(..)` whose final text is the
//! task's answer.
//!
//! Settings rig needs for this server: the base URL is `--url` + `/v1` (rig appends
//! `/chat/completions`); the model is built with `OpenAI::chat`, the Chat Completions wire
//! (rig's OpenAI client would otherwise use the Responses API, `POST /responses`); the turn
//! budget is set explicitly to K + 1 model calls (rig's default is 1, which cannot complete a
//! tool call); the API key is a dummy (the mock server ignores it).
//!
//! Concurrency: a multi-threaded tokio runtime, a `Semaphore` with C permits (a task is
//! spawned only once it holds one), and one shared reqwest client (HTTP/1.1 keep-alive, at
//! most C idle connections, no proxy, no redirects, no retries) under rig's transport.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rig_agent::{Agent, AgentBuilder};
use rig_core::providers::openai::OpenAIConfig;
use rig_reqwest::{reqwest, ReqwestClient};
use tokio::sync::Semaphore;
use tokio::task::{JoinError, JoinSet};

use crate::lookup::Lookup;
pub use versus_runner_common::args::AgentOptions as Options;
use versus_runner_common::metrics::Metrics;

/// The model name sent in every request (the mock server echoes it).
const MODEL: &str = "mock-llm";
/// The API key sent as `Authorization: Bearer ...`; the mock server ignores it.
const API_KEY: &str = "versus-dummy-key";
/// The agent's system message.
const PREAMBLE: &str = "You are a helpful assistant. Use the lookup tool when asked.";

/// One finished task: its final answer and its latency (first request sent to final answer
/// received, monotonic clock).
struct Outcome {
    answer: String,
    latency: Duration,
}

/// Runs every task and returns their final answers ordered by task ID. Records one
/// `task_latency_s` metric per task (seconds, in task order) into `metrics`. Errors (one
/// line) for a URL that is not `http://`, when the runtime or client cannot be built, and on
/// the first task that fails (HTTP status other than 200, connection error, a reply rig cannot
/// read, the turn budget exhausted); the other tasks are then abandoned.
pub fn run(options: &Options, metrics: &mut Metrics) -> Result<Vec<String>, String> {
    let base_url = base_url(&options.url)?;
    let max_turns = usize::try_from(options.calls.saturating_add(1)).unwrap_or(usize::MAX);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|err| format!("cannot start the tokio runtime: {err}"))?;
    let mut outcomes = runtime.block_on(async {
        let agent = Arc::new(agent(&base_url, options.concurrency, max_turns)?);
        run_all(agent, options.tasks, options.concurrency, max_turns).await
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

/// Builds the one agent of the run: rig's OpenAI provider at `base_url` on the Chat
/// Completions API, over one reqwest client keeping at most `concurrency` idle connections,
/// with the preamble, the `lookup` tool and a default budget of `max_turns` model calls.
/// Must be called inside the tokio runtime (the agent starts its tool server there). Errors
/// (one line) when reqwest cannot build the client.
fn agent(base_url: &str, concurrency: usize, max_turns: usize) -> Result<Agent, String> {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .retry(reqwest::retry::never())
        .build()
        .map_err(|err| format!("cannot build the HTTP client: {err}"))?;
    let model = OpenAIConfig::new(API_KEY)
        .with_base_url(base_url)
        .connect(ReqwestClient::from(http))
        .chat(MODEL);
    Ok(AgentBuilder::new(model)
        .preamble(PREAMBLE)
        .tool(Lookup::new())
        .default_max_turns(max_turns)
        .build())
}

/// Runs tasks 0..`tasks` with at most `concurrency` in flight and returns `(id, outcome)`
/// pairs in completion order. Returns the first task error as soon as it is seen; dropping
/// the `JoinSet` then aborts the tasks still running.
async fn run_all(
    agent: Arc<Agent>,
    tasks: u64,
    concurrency: usize,
    max_turns: usize,
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
        let agent = Arc::clone(&agent);
        running.spawn(async move {
            let _permit = permit; // released when the task ends, successful or not
            run_task(&agent, id, max_turns)
                .await
                .map(|outcome| (id, outcome))
        });
    }
    while let Some(joined) = running.join_next().await {
        done.push(finished(joined)?);
    }
    Ok(done)
}

/// Runs task `id`: one multi-turn prompt of at most `max_turns` model calls. Returns the
/// agent's final text and the task's latency, or a one-line error naming the task.
async fn run_task(agent: &Agent, id: u64, max_turns: usize) -> Result<Outcome, String> {
    let start = Instant::now();
    let response = agent
        .prompt(prompt(id))
        .max_turns(max_turns)
        .await
        .map_err(|err| format!("task {id}: {err}"))?;
    let latency = start.elapsed();
    Ok(Outcome {
        answer: response.output(),
        latency,
    })
}

/// Returns the user message of task `id`: `task <id>: look up the values you need and report
/// their sum.` (the server reads the task ID from it).
fn prompt(id: u64) -> String {
    format!("task {id}: look up the values you need and report their sum.")
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

/// Returns rig's base URL for the server at `url`: `url` + `/v1` (without doubling a trailing
/// `/`). Errors (one line) for an unparsable URL, one without a host, or a scheme other than
/// `http` (this build has no TLS: the benchmark talks plain HTTP on loopback).
fn base_url(url: &str) -> Result<String, String> {
    let parsed = reqwest::Url::parse(url).map_err(|err| format!("bad --url {url:?}: {err}"))?;
    if parsed.scheme() != "http" || parsed.host_str().is_none_or(str::is_empty) {
        return Err(format!("bad --url {url:?}: expected http://HOST:PORT"));
    }
    Ok(format!("{}/v1", url.trim_end_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_the_base_url() {
        assert_eq!(
            base_url("http://127.0.0.1:8080").unwrap(),
            "http://127.0.0.1:8080/v1"
        );
        assert_eq!(
            base_url("http://127.0.0.1:8080/").unwrap(),
            "http://127.0.0.1:8080/v1"
        );
        for bad in [
            "https://127.0.0.1:8080",
            "127.0.0.1:8080",
            "",
            "http://",
            "http:// x",
        ] {
            assert!(base_url(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn spells_the_prompt() {
        assert_eq!(
            prompt(17),
            "task 17: look up the values you need and report their sum."
        );
    }
}
