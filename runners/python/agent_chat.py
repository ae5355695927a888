"""agent_chat.py - one agent task's conversation, as OpenAI Chat Completions messages.

No I/O here: agent_task.py sends the requests. A task starts with a system and a user message;
each request body carries the whole conversation and the `lookup` tool; each reply either
calls tools (the assistant message and one tool result per call are appended, and the grown
conversation is sent again) or stops, and then its content is the task's final answer.
A reply that is not of that shape is an error (RunnerError), never silently skipped.
"""

import agent_tools
from versus_common import RunnerError

MODEL = "mock-llm"
SYSTEM_PROMPT = "You are a helpful assistant. Use the lookup tool when asked."


def first_messages(task_id):
    """Returns the opening messages of task task_id (an int): a new list of two dicts."""
    return [
        {"role": "system", "content": SYSTEM_PROMPT},
        {"role": "user",
         "content": f"task {task_id}: look up the values you need and report their sum."},
    ]


def request_body(messages):
    """Returns the JSON body (a dict) of a chat completion request carrying messages.

    The list is referenced, not copied: serialise the body before changing messages.
    """
    return {"model": MODEL, "messages": messages, "tools": agent_tools.TOOLS}


def _field(obj, name, kind, where):
    """Returns obj[name], checked to be an instance of kind (a type or tuple of types).

    obj must be a dict; where names obj in the error. Raises RunnerError otherwise.
    """
    if not isinstance(obj, dict):
        raise RunnerError(f"malformed response: {where} is not an object")
    value = obj.get(name)
    if not isinstance(value, kind):
        raise RunnerError(f"malformed response: {where}.{name} is missing or of the wrong type")
    return value


def _tool_results(tool_calls):
    """Runs every call of a reply's tool_calls (a list) and returns the tool messages
    ({"role": "tool", "tool_call_id": ..., "content": "<value>"}) in the same order.

    Raises RunnerError for a malformed call, an unknown tool or bad lookup arguments.
    """
    results = []
    for index, tool_call in enumerate(tool_calls):
        where = f"tool_calls[{index}]"
        call_id = _field(tool_call, "id", str, where)
        function = _field(tool_call, "function", dict, where)
        name = _field(function, "name", str, f"{where}.function")
        if name != agent_tools.TOOL_NAME:
            raise RunnerError(f"{where}: unknown tool {name!r}")
        content = agent_tools.call(function.get("arguments"))
        results.append({"role": "tool", "tool_call_id": call_id, "content": content})
    return results


def take_reply(messages, reply):
    """Applies one chat completion reply to the conversation.

    messages: the task's list of messages, appended to in place. reply: the decoded JSON
    response (any JSON value). When choices[0].message has tool calls, appends the assistant
    message (role, content, tool_calls as received) and one tool result per call, and returns
    None: send the conversation again. Otherwise finish_reason must be "stop" and the content
    a one-line string, which is returned: the task's final answer.

    Raises RunnerError when the reply is not a chat completion of that shape, or a tool call
    is bad (see agent_tools).
    """
    choices = _field(reply, "choices", list, "response")
    if not choices:
        raise RunnerError("malformed response: choices is empty")
    choice = choices[0]
    message = _field(choice, "message", dict, "choices[0]")
    content = message.get("content")
    if content is not None and not isinstance(content, str):
        raise RunnerError("malformed response: message.content is neither null nor a string")
    tool_calls = message.get("tool_calls")
    if tool_calls:
        if not isinstance(tool_calls, list):
            raise RunnerError("malformed response: message.tool_calls is not an array")
        results = _tool_results(tool_calls)
        messages.append({"role": "assistant", "content": content, "tool_calls": tool_calls})
        messages.extend(results)
        return None
    finish_reason = choice.get("finish_reason")
    if finish_reason != "stop":
        raise RunnerError(f"unexpected finish_reason {finish_reason!r} without tool calls")
    if content is None:
        raise RunnerError("malformed response: the final message has no content")
    if "\n" in content or "\r" in content:
        raise RunnerError("the final answer spans several lines")
    return content
