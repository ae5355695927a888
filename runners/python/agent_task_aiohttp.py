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
import sys
import time

import aiohttp

import agent_chat
from runner_errors import RunnerError

CHAT_PATH = "/v1/chat/completions"
# Seconds allowed for connecting and for each read of one request, as agent_task.TIMEOUT_S
# allows httpx (aiohttp.ClientTimeout sock_connect and sock_read; no overall limit).
TIMEOUT_S = 60.0
# A task still calling tools after this many replies is an error (a server that never stops).
MAX_TURNS = 10_000
# How much of an error response's body goes into the error line (characters).
ERROR_BODY_CHARS = 200


def _describe(exc):
    """Formats an aiohttp (or timeout) exception as one line: its type and message."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


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
                body = " ".join(text[:ERROR_BODY_CHARS].split())
                raise RunnerError(f"POST {endpoint}: HTTP {response.status}: {body}")
            content = await response.read()
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        raise RunnerError(f"POST {endpoint}: {_describe(exc)}") from None
    try:
        # json.loads on the bytes, as httpx's Response.json() does: the same bodies are
        # accepted whatever their Content-Type (aiohttp's response.json() checks it).
        return json.loads(content)
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError
        raise RunnerError(f"POST {endpoint}: the response is not JSON: {exc}") from None


async def run_task(session, endpoint, task_id):
    """Runs agent task task_id (int) to its final answer.

    Returns (answer: str, latency_s: float), the latency from the first request sent to the
    final reply received. Raises RunnerError (see _complete and agent_chat.take_reply, and
    when no answer comes within MAX_TURNS replies).
    """
    messages = agent_chat.first_messages(task_id)
    started = time.perf_counter()
    for _ in range(MAX_TURNS):
        reply = await _complete(session, endpoint, messages)
        answer = agent_chat.take_reply(messages, reply)
        if answer is not None:
            return answer, time.perf_counter() - started
    raise RunnerError(f"no final answer after {MAX_TURNS} model calls")


async def _bounded_task(semaphore, session, endpoint, task_id):
    """Runs task task_id while holding one slot of semaphore (an asyncio.Semaphore).

    Returns what run_task returns; a RunnerError is re-raised with `task <ID>: ` in front.
    """
    async with semaphore:
        try:
            return await run_task(session, endpoint, task_id)
        except RunnerError as exc:
            raise RunnerError(f"task {task_id}: {exc}") from None


async def run_all(url, tasks, concurrency):
    """Runs tasks 0..tasks-1 against the server at url, at most concurrency at once.

    url: the server's base URL (str, e.g. http://127.0.0.1:8080). tasks, concurrency: ints
    >= 1. Returns a list of (answer, latency_s), indexed by task ID. On the first failure the
    remaining tasks are cancelled and that failure is raised (a RunnerError for every
    expected one).
    """
    endpoint = url.rstrip("/") + CHAT_PATH
    semaphore = asyncio.Semaphore(concurrency)
    connector = aiohttp.TCPConnector(limit=concurrency, limit_per_host=concurrency)
    timeout = aiohttp.ClientTimeout(total=None, sock_connect=TIMEOUT_S, sock_read=TIMEOUT_S)
    # trust_env=False (aiohttp's default, spelled out): no proxy or .netrc from the
    # environment; loopback traffic goes direct.
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     trust_env=False) as session:
        try:
            async with asyncio.TaskGroup() as group:
                jobs = [group.create_task(_bounded_task(semaphore, session, endpoint, task_id))
                        for task_id in range(tasks)]
        except ExceptionGroup as failures:
            raise _first_failure(failures) from None
    return [job.result() for job in jobs]


def _first_failure(group):
    """Returns the exception to report from an ExceptionGroup of failed tasks: the first
    RunnerError (in the order the tasks failed), else the first exception of any kind."""
    leaves = list(_leaves(group))
    return next((exc for exc in leaves if isinstance(exc, RunnerError)), leaves[0])


def _leaves(group):
    """Yields the exceptions of group (an ExceptionGroup), flattening nested groups."""
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc)
        else:
            yield exc


def run(url, tasks, concurrency, calls):
    """Runs the agent workload and prints the final answers, one a line, in task ID order.

    url: the mock LLM server's base URL. tasks: N >= 1. concurrency: C >= 1. calls: K >= 1,
    informational only (the server decides when a task stops). Returns (exit_code, metrics):
    0 and one ("task_latency_s", seconds) pair per task, in task ID order.
    Raises RunnerError for any failed task; BrokenPipeError when stdout is closed early.
    """
    del calls  # the server, not the client, decides how many calls a task makes
    if sys.stdout is None:
        raise RunnerError("stdout is closed")
    results = asyncio.run(run_all(url, tasks, concurrency))
    sys.stdout.write("".join(f"{answer}\n" for answer, _ in results))
    sys.stdout.flush()
    return 0, [("task_latency_s", latency) for _, latency in results]
