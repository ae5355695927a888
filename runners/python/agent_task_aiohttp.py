"""agent_task_aiohttp.py - the `agent` workload over aiohttp instead of httpx (`--client=aiohttp`).

The same workload as agent_task.py, with the HTTP client swapped, so that the cost of the
client library can be told apart from the cost of the language (BIAS.md, "The Python agent
pays for its HTTP client"): tasks 0..N-1 run as asyncio tasks; an asyncio.Semaphore lets at
most C of them talk to the server at once, over one shared aiohttp.ClientSession whose
TCPConnector holds at most C keep-alive HTTP/1.1 connections (in all and to the one host).
The conversation (agent_chat.py), the `lookup` tool (agent_tools.py), stdout, the metrics and
the error lines are those of agent_task.py.

Metrics: one `task_latency_s` per task (first request sent to final answer received,
time.perf_counter, a monotonic clock), in task ID order.

Errors: a non-200 status, a connection error or timeout, or a malformed reply ends the run:
the other tasks are cancelled and one RunnerError names the first task that failed. Nothing
is retried. This module imports aiohttp (and never httpx); versus_runner.py imports it only
for `agent --client=aiohttp`.
"""

import asyncio
import json

import aiohttp

import agent_chat
import agent_loop
from versus_common import RunnerError

# Seconds allowed for connecting and for each read of one request, as agent_task.TIMEOUT_S
# allows httpx (aiohttp.ClientTimeout sock_connect and sock_read; no overall limit).
TIMEOUT_S = 60.0


async def _complete(session, endpoint, messages):
    """Sends one chat completion request carrying messages and returns the decoded reply.

    session: the shared aiohttp.ClientSession. endpoint: the absolute URL (str). Returns the
    JSON value of the 200 response. Raises RunnerError for a transport error or timeout, any
    other status (quoting the start of the body) or a body that is not JSON.
    """
    try:
        async with session.post(endpoint, json=agent_chat.request_body(messages)) as response:
            if response.status != 200:
                text = await response.text(errors="replace")
                body = " ".join(text[:agent_loop.ERROR_BODY_CHARS].split())
                raise RunnerError(f"POST {endpoint}: HTTP {response.status}: {body}")
            content = await response.read()
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise RunnerError(f"POST {endpoint}: {agent_loop.describe(exc)}") from None
    try:
        # json.loads on the bytes, as httpx's Response.json() does: the same bodies are
        # accepted whatever their Content-Type (aiohttp's response.json() checks it).
        return json.loads(content)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise RunnerError(f"POST {endpoint}: the response is not JSON: {exc}") from None


async def run_all(url, tasks, concurrency):
    """Runs tasks 0..tasks-1 against the server at url, at most concurrency at once, over one
    aiohttp.ClientSession whose connector holds at most concurrency connections
    (agent_loop.run_tasks has the rest). Returns a list of (answer, latency_s), indexed by
    task ID."""
    endpoint = url.rstrip("/") + agent_loop.CHAT_PATH
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=TIMEOUT_S, sock_read=TIMEOUT_S)
    # trust_env=False (aiohttp's default, spelled out): no proxy or .netrc from the
    # environment; loopback traffic goes direct.
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     trust_env=False) as session:
        return await agent_loop.run_tasks(
            lambda messages: _complete(session, endpoint, messages), tasks, concurrency)


def run(url, tasks, concurrency, calls):
    """The agent workload over aiohttp: see agent_loop.run (same arguments and result)."""
    return agent_loop.run(run_all, url, tasks, concurrency, calls)
