"""agent_task.py - the `agent` workload: N tool-using agent tasks against an LLM server, C at once.

Semantics (runners/README.md, "Workload agent"): tasks 0..N-1 run as asyncio tasks; an
asyncio.Semaphore lets at most C of them talk to the server at once, over one shared
httpx.AsyncClient whose pool holds at most C keep-alive HTTP/1.1 connections. Each task loops
POST URL/v1/chat/completions -> run the `lookup` tool calls -> POST again with the grown
conversation, until the model stops (agent_chat.py has the conversation, agent_tools.py the
tool). Then every final answer is printed on its own line, in task ID order.

Metrics: one `task_latency_s` per task (first request sent to final answer received,
time.perf_counter, a monotonic clock), in task ID order.

Errors: a non-200 status, a connection error or timeout, or a malformed reply ends the run:
the other tasks are cancelled and one RunnerError names the first task that failed. Nothing
is retried. This module imports httpx; versus_runner.py imports it only for `agent`.
"""


import httpx

import agent_chat
import agent_loop
from versus_common import RunnerError

# Seconds allowed for connecting, each read and each write of one request (httpx.Timeout).
TIMEOUT_S = 60.0


async def _complete(client, endpoint, messages):
    """Sends one chat completion request carrying messages and returns the decoded reply.

    client: the shared httpx.AsyncClient. endpoint: the absolute URL (str). Returns the JSON
    value of the 200 response. Raises RunnerError for a transport error or timeout, any other
    status (quoting the start of the body) or a body that is not JSON.
    """
    try:
        response = await client.post(endpoint, json=agent_chat.request_body(messages))
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise RunnerError(f"POST {endpoint}: {agent_loop.describe(exc)}") from None
    if response.status_code != 200:
        body = " ".join(response.text[:agent_loop.ERROR_BODY_CHARS].split())
        raise RunnerError(f"POST {endpoint}: HTTP {response.status_code}: {body}")
    try:
        return response.json()
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise RunnerError(f"POST {endpoint}: the response is not JSON: {exc}") from None


async def run_all(url, tasks, concurrency):
    """Runs tasks 0..tasks-1 against the server at url, at most concurrency at once, over one
    httpx.AsyncClient whose pool holds at most concurrency connections (agent_loop.run_tasks
    has the rest). Returns a list of (answer, latency_s), indexed by task ID."""
    endpoint = url.rstrip("/") + agent_loop.CHAT_PATH
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    # trust_env=False: no proxy or .netrc from the environment; loopback traffic goes direct.
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT_S, trust_env=False) as client:
        return await agent_loop.run_tasks(
            lambda messages: _complete(client, endpoint, messages), tasks, concurrency)


def run(url, tasks, concurrency, calls):
    """The agent workload over httpx: see agent_loop.run (same arguments and result)."""
    return agent_loop.run(run_all, url, tasks, concurrency, calls)
