"""task_pool.py - runs N agent tasks at most C at once and turns any failure into one line.

Both framework runners hand run_all a coroutine function that runs one task to its final
answer; the pool itself (tasks 0..N-1 on asyncio, an asyncio.Semaphore for at most C of them,
each task's latency by time.perf_counter, the others cancelled on the first failure) is
versus_common.run_pool, shared with the python runner. What is the frameworks' own is here:
what goes wrong is described on one line (an HTTP status and the server's error message, a
connection error with its root cause, a framework's own exception), and a final answer must
be one non-empty line. Nothing is retried.
"""

import openai

from versus_common import RunnerError, run_pool

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


async def run_all(run_task, tasks, concurrency):
    """Runs run_task(0) .. run_task(tasks - 1), at most concurrency (int >= 1) at once, with
    versus_common's task pool (runners/python-common, shared with the python runner).

    run_task: a coroutine function taking a task ID (int) and returning its final answer (a
    one-line str, checked by check_answer). Returns a list of (answer, latency_s) indexed by
    task ID. Raises the RunnerError of the first task that failed (the others are cancelled):
    `task <ID>: ` and describe(exception).
    """
    async def checked(task_id):
        return check_answer(await run_task(task_id))

    return await run_pool(checked, tasks, concurrency, describe=describe)
