"""agent_loop.py - what the agent runners share, whatever their HTTP client.

The loop of one task, the concurrency bound and the output are the same over httpx
(agent_task.py) and aiohttp (agent_task_aiohttp.py); only the request differs. Each transport
module passes its `complete(messages)` coroutine function (one POST, the decoded reply, a
RunnerError on any failure) and a factory that opens its client. No HTTP library is imported
here.
"""

import asyncio
import sys

import agent_chat
from versus_common import RunnerError, run_pool

CHAT_PATH = "/v1/chat/completions"
# A task still calling tools after this many replies is an error (a server that never stops).
MAX_TURNS = 10_000
# How much of an error response's body goes into the error line (characters).
ERROR_BODY_CHARS = 200


def describe(exc):
    """Formats a client library exception as one line: its type and message (some have none)."""
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


async def run_task(complete, task_id):
    """Runs agent task task_id (int) to its final answer.

    complete: async function(messages) -> decoded reply. Returns the answer (str). Raises
    RunnerError (from complete, agent_chat.take_reply, or when no answer comes within
    MAX_TURNS replies).
    """
    messages = agent_chat.first_messages(task_id)
    for _ in range(MAX_TURNS):
        reply = await complete(messages)
        answer = agent_chat.take_reply(messages, reply)
        if answer is not None:
            return answer
    raise RunnerError(f"no final answer after {MAX_TURNS} model calls")


async def run_tasks(complete, tasks, concurrency):
    """Runs tasks 0..tasks-1, at most concurrency at once (ints >= 1), with versus_common's
    task pool (an asyncio.Semaphore; each task timed from its start to its final answer).

    Returns a list of (answer, latency_s), indexed by task ID. On the first failure the
    remaining tasks are cancelled and that failure is raised (a RunnerError `task <ID>: ...`
    for every expected one; a client library's own exception as it is).
    """
    return await run_pool(lambda task_id: run_task(complete, task_id), tasks, concurrency)


def run(run_all, url, tasks, concurrency, calls):
    """Runs the agent workload and prints the final answers, one a line, in task ID order.

    run_all: async function(url, tasks, concurrency) -> list of (answer, latency_s), the
    transport module's. url: the mock LLM server's base URL. tasks: N >= 1. concurrency: C >= 1.
    calls: K >= 1, informational only (the server decides when a task stops). Returns
    (exit_code, metrics): 0 and one ("task_latency_s", seconds) pair per task, in task ID
    order. Raises RunnerError for any failed task; BrokenPipeError when stdout is closed early.
    """
    del calls  # the server, not the client, decides how many calls a task makes
    if sys.stdout is None:
        raise RunnerError("stdout is closed")
    results = asyncio.run(run_all(url, tasks, concurrency))
    sys.stdout.write("".join(f"{answer}\n" for answer, _ in results))
    sys.stdout.flush()
    return 0, [("task_latency_s", latency) for _, latency in results]
