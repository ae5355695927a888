"""langchain_agent.py - the `langchain` runner: the agent workload with LangChain's ChatOpenAI.

The idiomatic LangChain tool loop: one langchain_openai.ChatOpenAI with the `lookup` tool bound
(`.bind_tools([lookup])`, `lookup` a langchain_core `@tool`), and for each task

    messages = [SystemMessage, HumanMessage]
    reply = await model.ainvoke(messages)        # POST /v1/chat/completions
    while reply.tool_calls:                      # append the AIMessage and one ToolMessage a
        ...                                      # call (tool.ainvoke(call) makes it), again
    answer = reply.content

Concurrency: asyncio, one shared ChatOpenAI for all tasks, an asyncio.Semaphore(C) in
task_pool.py, and the ChatOpenAI's http_async_client an openai.DefaultAsyncHttpxClient with a
pool of at most C keep-alive connections (agent_settings.py). Settings that point it at the
mock server: base_url=URL/v1, api_key="unused", max_retries=0 (an error shows instead of being
retried), timeout=60 s, model="mock-llm".
"""

import asyncio

from langchain_core.messages import HumanMessage, SystemMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI

import agent_settings
import lookup_tool
import task_pool
from versus_common import RunnerError


@tool(lookup_tool.TOOL_NAME, description=lookup_tool.TOOL_DESCRIPTION)
def lookup(key: str, n: int) -> str:
    """Looks up item `key` ("item-<i>") in the table, times n, mod 1000003: a decimal string.
    Raises lookup_tool.LookupToolError (it propagates: langchain passes on any exception that is
    not a ToolException) for a key or n outside the table."""
    return lookup_tool.lookup(key, n)


TOOLS = {lookup.name: lookup}


def make_model(url, http_client):
    """Returns the ChatOpenAI (with `lookup` bound) for the server at url (str), sending over
    http_client (an openai.DefaultAsyncHttpxClient, shared by every task)."""
    model = ChatOpenAI(model=agent_settings.MODEL,
                       base_url=agent_settings.openai_base_url(url),
                       api_key=agent_settings.API_KEY,
                       max_retries=agent_settings.MAX_RETRIES,
                       timeout=agent_settings.TIMEOUT_S,
                       http_async_client=http_client)
    return model.bind_tools(list(TOOLS.values()))


async def run_task(model, task_id, max_calls):
    """Runs task task_id (int) with model (make_model's) to its final answer, calling the model
    at most max_calls (int) times. Returns the final answer (the last reply's content).

    Raises RunnerError for a reply with malformed tool calls, a call of another tool,
    or no final answer within max_calls; the openai SDK's exceptions (an HTTP error status, a
    connection error or timeout) and the tool's LookupToolError pass through.
    """
    messages = [SystemMessage(agent_settings.SYSTEM_PROMPT),
                HumanMessage(agent_settings.user_prompt(task_id))]
    for _ in range(max_calls):
        reply = await model.ainvoke(messages)
        messages.append(reply)
        if reply.invalid_tool_calls:
            bad = reply.invalid_tool_calls[0]
            raise RunnerError(
                f"malformed tool call {bad.get('name')!r}: {bad.get('error')}")
        if not reply.tool_calls:
            return reply.content
        for call in reply.tool_calls:
            tool_fn = TOOLS.get(call["name"])
            if tool_fn is None:
                raise RunnerError(f"the model called an unknown tool {call['name']!r}")
            messages.append(await tool_fn.ainvoke(call))  # a ToolMessage answering call["id"]
    raise RunnerError(f"no final answer after {max_calls} model calls")


async def run_all(url, tasks, concurrency, calls):
    """Runs tasks 0..tasks-1 against the server at url, at most concurrency at once, each
    allowed calls + 1 model calls. Returns [(answer, latency_s)] indexed by task ID; raises
    runner_error.RunnerError for the first task that failed."""
    async with agent_settings.pooled_http_client(concurrency) as http_client:
        model = make_model(url, http_client)
        return await task_pool.run_all(lambda task_id: run_task(model, task_id, calls + 1),
                                       tasks, concurrency)


def run(url, tasks, concurrency, calls):
    """Entry for versus_frameworks.py: runs the workload, returns [(answer, latency_s)]."""
    return asyncio.run(run_all(url, tasks, concurrency, calls))
