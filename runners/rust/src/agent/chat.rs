//! The subset of the OpenAI Chat Completions API that the agent speaks, as serde types: the
//! request body (model, messages, tools), the response (choices[0].message and
//! finish_reason), and the fixed prompts and tool definition of the `agent` workload.

use serde::{Deserialize, Serialize};
use serde_json::json;

/// The model name sent with every request.
pub const MODEL: &str = "mock-llm";
/// The system prompt that opens every conversation.
const SYSTEM_PROMPT: &str = "You are a helpful assistant. Use the lookup tool when asked.";
/// The one tool's name.
pub const LOOKUP_TOOL: &str = "lookup";
/// The `type` of a tool and of a tool call.
pub const FUNCTION_TYPE: &str = "function";

/// Who wrote a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
    Tool,
}

/// One message of the conversation, as sent and as received.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Message {
    /// The author.
    pub role: Role,
    /// The text; `null` for an assistant message that only calls tools.
    pub content: Option<String>,
    /// The tool calls of an assistant message (absent or `null` when there are none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_calls: Option<Vec<ToolCall>>,
    /// For a tool message: the id of the call it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tool_call_id: Option<String>,
}

impl Message {
    /// The system message that opens every conversation.
    pub fn system() -> Self {
        Self::text(Role::System, SYSTEM_PROMPT.to_owned())
    }

    /// The user message of task `id`: `task <id>: look up the values you need and report
    /// their sum.`
    pub fn user_task(id: u64) -> Self {
        Self::text(
            Role::User,
            format!("task {id}: look up the values you need and report their sum."),
        )
    }

    /// A tool message carrying `content`, the result of the call whose id is `call_id`.
    pub fn tool_result(call_id: String, content: String) -> Self {
        Self {
            tool_call_id: Some(call_id),
            ..Self::text(Role::Tool, content)
        }
    }

    /// A message of `role` with text `content` and no tool fields.
    fn text(role: Role, content: String) -> Self {
        Self {
            role,
            content: Some(content),
            tool_calls: None,
            tool_call_id: None,
        }
    }
}

/// One tool call of an assistant message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    /// The call's id, echoed in the tool message that answers it.
    pub id: String,
    /// Always `function` in this API.
    #[serde(rename = "type")]
    pub kind: String,
    /// Which function, with which arguments.
    pub function: FunctionCall,
}

/// The function a tool call invokes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionCall {
    /// The tool's name.
    pub name: String,
    /// The arguments, a JSON text inside a JSON string.
    pub arguments: String,
}

/// A tool the model may call, as declared in the request.
#[derive(Debug, Clone, Serialize)]
pub struct Tool {
    /// Always `function`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The function's declaration.
    pub function: FunctionDef,
}

/// A function declaration: name, description, JSON Schema of the arguments.
#[derive(Debug, Clone, Serialize)]
pub struct FunctionDef {
    pub name: &'static str,
    pub description: &'static str,
    /// A JSON Schema object (free-form, hence a `Value`).
    pub parameters: serde_json::Value,
}

/// Returns the tools of every request: the one `lookup` function.
pub fn tools() -> Vec<Tool> {
    vec![Tool {
        kind: FUNCTION_TYPE,
        function: FunctionDef {
            name: LOOKUP_TOOL,
            description: "Look up a value in the table.",
            parameters: json!({
                "type": "object",
                "properties": {
                    "key": {"type": "string"},
                    "n": {"type": "integer"}
                },
                "required": ["key", "n"]
            }),
        },
    }]
}

/// The body of POST /v1/chat/completions: the whole conversation so far and the tools.
#[derive(Debug, Serialize)]
pub struct ChatRequest<'a> {
    pub model: &'a str,
    pub messages: &'a [Message],
    pub tools: &'a [Tool],
}

/// The response body; only the members the agent reads.
#[derive(Debug, Deserialize)]
pub struct ChatResponse {
    pub choices: Vec<Choice>,
}

/// One choice of a response.
#[derive(Debug, Deserialize)]
pub struct Choice {
    /// The assistant's message.
    pub message: Message,
    /// Why generation stopped: `tool_calls`, `stop`, ...
    pub finish_reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serializes_a_request() {
        let messages = [
            Message::system(),
            Message::user_task(3),
            Message::tool_result("call_3_0".into(), "42".into()),
        ];
        let tools = tools();
        let body = serde_json::to_value(ChatRequest {
            model: MODEL,
            messages: &messages,
            tools: &tools,
        })
        .unwrap();
        assert_eq!(body["model"], "mock-llm");
        assert_eq!(body["messages"][0]["role"], "system");
        assert_eq!(
            body["messages"][1]["content"],
            "task 3: look up the values you need and report their sum."
        );
        assert_eq!(
            body["messages"][2],
            json!({"role": "tool", "content": "42", "tool_call_id": "call_3_0"})
        );
        assert_eq!(body["tools"][0]["function"]["name"], "lookup");
        assert_eq!(
            body["tools"][0]["function"]["parameters"]["required"],
            json!(["key", "n"])
        );
    }

    #[test]
    fn echoes_an_assistant_message() {
        let text = r#"{"choices": [{"index": 0, "finish_reason": "tool_calls",
            "message": {"role": "assistant", "content": null, "refusal": null,
            "tool_calls": [{"id": "c1", "type": "function",
            "function": {"name": "lookup", "arguments": "{\"key\": \"item-1\", \"n\": 2}"}}]}}]}"#;
        let response: ChatResponse = serde_json::from_str(text).unwrap();
        let message = &response.choices[0].message;
        assert_eq!(
            serde_json::to_value(message).unwrap(),
            json!({"role": "assistant", "content": null, "tool_calls": [{"id": "c1",
                "type": "function", "function": {"name": "lookup",
                "arguments": "{\"key\": \"item-1\", \"n\": 2}"}}]})
        );
    }
}
