"""task_pool.py - runs N agent tasks at most C at once and turns any failure into one line.

Both framework runners hand run_all a coroutine function that runs one task to its final
answer; run_all starts tasks 0..N-1 as asyncio tasks, an asyncio.Semaphore lets at most C of
them run at once, and each task's latency is measured around it with time.perf_counter (a
monotonic clock). On the first failure the other tasks are cancelled and a RunnerError names
the task and what went wrong (an HTTP status and the server's error message, a connection
error, a framework's own exception), on one line. Nothing is retried.
"""

import asyncio
import time

import openai

from runner_error import RunnerError

# How much of an error message goes into the error line (characters).
ERROR_CHARS = 300


def one_line(text):
    """Returns text (str) with every run of whitespace made one space, cut to ERROR_CHARS."""
    text = " ".join(str(text).split())
    return text if len(text) <= ERROR_CHARS else text[:ERROR_CHARS - 3] + "..."


def describe(exc):
    """Formats exc (any exception) as one line: a RunnerError as its message, an HTTP error as
    the SDK's "Error code: <status> - <the server's error message>", a connection error with
    its root cause (the socket's error), anything else as its type and message."""
    if isinstance(exc, RunnerError):
        return one_line(exc)
    if isinstance(exc, openai.APIStatusError):
        return one_line(exc.message)
    text = _type_and_message(exc)
    if isinstance(exc, openai.APIConnectionError):
        root = _root_cause(exc)
        if root is not exc:
            text += f" ({_type_and_message(root)})"
    return one_line(text)


def _type_and_message(exc):
    """Returns "<type name>: <message>", or the type name alone when the message is empty."""
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _root_cause(exc):
    """Follows exc's __cause__ (else __context__) chain to its end and returns that
    exception (exc itself when it has none)."""
    seen = {id(exc)}
    while True:
        nxt = exc.__cause__ or exc.__context__
        if nxt is None or id(nxt) in seen:
            return exc
        seen.add(id(nxt))
        exc = nxt


def check_answer(answer):
    """Returns answer when it is a final answer fit for one line of stdout: a non-empty str
    without line breaks. Raises RunnerError otherwise."""
    if not isinstance(answer, str) or not answer:
        raise RunnerError(f"the final answer is not a non-empty string: {answer!r:.80}")
    if "\n" in answer or "\r" in answer:
        raise RunnerError("the final answer spans several lines")
    return answer


async def _timed(semaphore, run_task, task_id):
    """Runs run_task(task_id) while holding one slot of semaphore. Returns (answer, seconds).
    Any exception becomes a RunnerError starting with `task <ID>: `."""
    async with semaphore:
        started = time.perf_counter()
        try:
            answer = check_answer(await run_task(task_id))
        except Exception as exc:  # pylint: disable=broad-except  # reported as one line
            raise RunnerError(f"task {task_id}: {describe(exc)}") from None
        return answer, time.perf_counter() - started


async def run_all(run_task, tasks, concurrency):
    """Runs run_task(0) .. run_task(tasks - 1), at most concurrency (int >= 1) at once.

    run_task: a coroutine function taking a task ID (int) and returning its final answer (a
    one-line str). Returns a list of (answer, latency_s) indexed by task ID. Raises the
    RunnerError of the first task that failed (the others are cancelled).
    """
    semaphore = asyncio.Semaphore(concurrency)
    try:
        async with asyncio.TaskGroup() as group:
            jobs = [group.create_task(_timed(semaphore, run_task, task_id))
                    for task_id in range(tasks)]
    except ExceptionGroup as failures:
        raise _first_failure(failures) from None
    return [job.result() for job in jobs]


def _first_failure(group):
    """Returns the exception to report from an ExceptionGroup: the first RunnerError (in the
    order the tasks failed), else the first exception of any kind."""
    leaves = list(_leaves(group))
    return next((exc for exc in leaves if isinstance(exc, RunnerError)), leaves[0])


def _leaves(group):
    """Yields the exceptions of group (an ExceptionGroup), flattening nested groups."""
    for exc in group.exceptions:
        if isinstance(exc, BaseExceptionGroup):
            yield from _leaves(exc)
        else:
            yield exc
