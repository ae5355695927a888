//! One agent task: the conversation loop. Send the whole conversation to the model; while it
//! answers with tool calls, run `lookup` for each, append the results and send again; its
//! first answer without tool calls (finish_reason `stop`) is the task's final answer.

use std::error::Error as _;
use std::time::{Duration, Instant};

use reqwest::{Client, StatusCode, Url};

use super::chat::{
    ChatRequest, ChatResponse, Choice, Message, Tool, ToolCall, FUNCTION_TYPE, LOOKUP_TOOL, MODEL,
};
use versus_runner_common::lookup::{parse_arguments, Table};

/// How many bytes of an error response's body go into the error message.
const ERROR_BODY_PREVIEW: usize = 200;

/// What every task shares: the HTTP client (one connection pool), the endpoint, the tool
/// declarations and the lookup table.
#[derive(Debug)]
pub struct Context {
    /// The one client of the run; its pool keeps connections alive between requests.
    pub client: Client,
    /// `URL/v1/chat/completions`.
    pub endpoint: Url,
    /// The tools sent with every request.
    pub tools: Vec<Tool>,
    /// The table behind `lookup`.
    pub table: Table,
}

/// A finished task.
#[derive(Debug)]
pub struct Outcome {
    /// The content of the model's final message, e.g. `task 17: sum=12345`.
    pub answer: String,
    /// From the first request sent to the final answer received (monotonic clock).
    pub latency: Duration,
}

/// Runs task `id` to its final answer. Errors (one line, prefixed with `task <id>:`) on a
/// connection error, a status other than 200, a response that is not a well-formed Chat
/// Completions response, an unknown tool, or bad tool arguments. Nothing is retried.
pub async fn run(context: &Context, id: u64) -> Result<Outcome, String> {
    let start = Instant::now();
    let mut messages = vec![Message::system(), Message::user_task(id)];
    loop {
        let choice = complete(context, &messages)
            .await
            .map_err(|err| format!("task {id}: {err}"))?;
        let message = choice.message;
        match message.tool_calls.as_deref() {
            Some(calls) if !calls.is_empty() => {
                let results = calls
                    .iter()
                    .map(|call| call_tool(&context.table, call))
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(|err| format!("task {id}: {err}"))?;
                messages.push(message);
                messages.extend(results);
            }
            _ => {
                return match (choice.finish_reason.as_deref(), message.content) {
                    (Some("stop"), Some(answer)) => Ok(Outcome {
                        answer,
                        latency: start.elapsed(),
                    }),
                    (reason, content) => Err(format!(
                        "task {id}: malformed response: no tool calls, finish_reason {} and \
                         content {} (expected \"stop\" and a string)",
                        reason.map_or("null".to_owned(), |r| format!("{r:?}")),
                        content.map_or("null".to_owned(), |c| format!("{c:?}")),
                    )),
                };
            }
        }
    }
}

/// Sends one POST /v1/chat/completions with the conversation `messages` and returns the
/// response's first choice. Errors (one line) on a connection error, a non-200 status (with
/// the start of the body), a body that does not decode, or no choices.
async fn complete(context: &Context, messages: &[Message]) -> Result<Choice, String> {
    let request = ChatRequest {
        model: MODEL,
        messages,
        tools: &context.tools,
    };
    let response = context
        .client
        .post(context.endpoint.clone())
        .json(&request)
        .send()
        .await
        .map_err(describe)?;
    let status = response.status();
    if status != StatusCode::OK {
        let body = response.text().await.unwrap_or_default();
        let preview: String = body.chars().take(ERROR_BODY_PREVIEW).collect();
        return Err(format!(
            "HTTP {status} from {}: {preview}",
            context.endpoint
        ));
    }
    let parsed: ChatResponse = response.json().await.map_err(describe)?;
    parsed
        .choices
        .into_iter()
        .next()
        .ok_or_else(|| "malformed response: no choices".to_owned())
}

/// Runs one tool call against `table` and returns the tool message that answers it. Errors
/// (one line) for a call that is not of function `lookup` or whose arguments are bad.
fn call_tool(table: &Table, call: &ToolCall) -> Result<Message, String> {
    if call.kind != FUNCTION_TYPE || call.function.name != LOOKUP_TOOL {
        return Err(format!(
            "unknown tool call {:?} of type {:?}",
            call.function.name, call.kind
        ));
    }
    let args = parse_arguments(&call.function.arguments)?;
    let value = table
        .value(&args.key, args.n)
        .map_err(|err| format!("lookup: {err}"))?;
    Ok(Message::tool_result(call.id.clone(), value.to_string()))
}

/// Formats a reqwest error with its chain of causes on one line (`error sending request
/// for url (...): client error (Connect): tcp connect error: Connection refused`).
fn describe(err: reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::super::chat::FunctionCall;
    use super::*;

    fn call(kind: &str, name: &str, arguments: &str) -> ToolCall {
        ToolCall {
            id: "call_1_0".into(),
            kind: kind.into(),
            function: FunctionCall {
                name: name.into(),
                arguments: arguments.into(),
            },
        }
    }

    #[test]
    fn answers_a_tool_call() {
        let table = Table::new();
        let message = call_tool(
            &table,
            &call("function", "lookup", r#"{"key":"item-2","n":3}"#),
        )
        .unwrap();
        assert_eq!(
            message,
            Message::tool_result("call_1_0".into(), "47514".into())
        );
    }

    #[test]
    fn rejects_bad_tool_calls() {
        let table = Table::new();
        for bad in [
            call("function", "search", r#"{"key":"item-2","n":3}"#),
            call("code", "lookup", r#"{"key":"item-2","n":3}"#),
            call("function", "lookup", r#"{"key":"item-64","n":3}"#),
            call("function", "lookup", r#"{"key":"item-2"}"#),
        ] {
            assert!(call_tool(&table, &bad).is_err(), "{bad:?}");
        }
    }
}
