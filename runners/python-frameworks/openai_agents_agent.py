"""openai_agents_agent.py - the `openai-agents` runner: the agent workload with the OpenAI Agents
SDK (package openai-agents, module `agents`).

One Agent (instructions = the system prompt, tools = [lookup], a `@function_tool`) run once a task
with `await Runner.run(agent, "task <ID>: ...", max_turns=K + 1)`; the SDK's own loop calls the
model, runs the tool calls and calls the model again until it answers; `result.final_output` is
the task's final answer.

Settings that point it at the mock server through Chat Completions (the SDK's default is the
Responses API, which the mock does not serve): the model is
OpenAIChatCompletionsModel(model="mock-llm", openai_client=AsyncOpenAI(base_url=URL/v1,
api_key="unused", max_retries=0, http_client=<pool of C connections>)); tracing is off
(set_tracing_disabled(True): else the SDK exports traces to OpenAI's servers); max_turns >= K + 1
(a turn is one model call; the SDK's default is 10); the tool's failure_error_function=None, so
a failing tool raises instead of sending an error text to the model as its result.

Concurrency: asyncio, one Agent and one AsyncOpenAI (one HTTP pool of at most C keep-alive
connections) shared by all tasks, and an asyncio.Semaphore(C) in task_pool.py.
"""

import asyncio

from agents import (Agent, OpenAIChatCompletionsModel, Runner, function_tool,
                    set_tracing_disabled)
from openai import AsyncOpenAI

import agent_settings
import lookup_tool
import task_pool

AGENT_NAME = "lookup-agent"


@function_tool(name_override=lookup_tool.TOOL_NAME,
               description_override=lookup_tool.TOOL_DESCRIPTION,
               failure_error_function=None)
def lookup(key: str, n: int) -> str:
    """Looks up item `key` ("item-<i>") in the table, times n, mod 1000003: a decimal string.
    Raises lookup_tool.LookupToolError for a key or n outside the table (with
    failure_error_function=None the SDK raises it from Runner.run)."""
    return lookup_tool.lookup(key, n)


def make_agent(url, http_client):
    """Returns the Agent for the server at url (str), its model sending over http_client (an
    openai.DefaultAsyncHttpxClient, shared by every task)."""
    client = AsyncOpenAI(base_url=agent_settings.openai_base_url(url),
                         api_key=agent_settings.API_KEY,
                         max_retries=agent_settings.MAX_RETRIES,
                         timeout=agent_settings.TIMEOUT_S,
                         http_client=http_client)
    model = OpenAIChatCompletionsModel(model=agent_settings.MODEL, openai_client=client)
    return Agent(name=AGENT_NAME, instructions=agent_settings.SYSTEM_PROMPT, tools=[lookup],
                 model=model)


async def run_task(agent, task_id, max_turns):
    """Runs task task_id (int) with agent (make_agent's), at most max_turns (int) model calls.
    Returns result.final_output (the final answer). The SDK's exceptions (MaxTurnsExceeded,
    ModelBehaviorError, the tool's error) and the openai SDK's (HTTP status, connection) pass
    through."""
    result = await Runner.run(agent, agent_settings.user_prompt(task_id), max_turns=max_turns)
    return result.final_output


async def run_all(url, tasks, concurrency, calls):
    """Runs tasks 0..tasks-1 against the server at url, at most concurrency at once, with
    max_turns = calls + 1. Returns [(answer, latency_s)] indexed by task ID; raises
    runner_error.RunnerError for the first task that failed."""
    set_tracing_disabled(True)
    async with agent_settings.pooled_http_client(concurrency) as http_client:
        agent = make_agent(url, http_client)
        return await task_pool.run_all(lambda task_id: run_task(agent, task_id, calls + 1),
                                       tasks, concurrency)


def run(url, tasks, concurrency, calls):
    """Entry for versus_frameworks.py: runs the workload, returns [(answer, latency_s)]."""
    return asyncio.run(run_all(url, tasks, concurrency, calls))
