"""versus_common.py - what the Python runners of versus share: the error type, the metrics
channel and the agent task pool.

Used by runners/python (the reference runner, versus_runner.py) and runners/python-frameworks
(langchain and openai-agents, versus_frameworks.py); each entry script puts this folder on
sys.path. Runners of other languages stay independent on purpose. The protocol is
runners/README.md.

- RunnerError: a clean, expected failure whose message is the one line printed on stderr
  before exit code 2 ("Exit codes").
- emit_metrics(values): the optional metrics channel (VERSUS_METRICS_FD, "Metrics channel").
- run_pool(run_task, tasks, concurrency, describe): runs agent tasks 0..N-1 at most C at once
  on asyncio, times each one, and turns the first failure into one RunnerError line.

Only `os` is imported at start-up: grep and json-stats import this module too, and must not
pay for asyncio; run_pool imports it when called.
"""

import os

METRICS_ENV_VAR = "VERSUS_METRICS_FD"


class RunnerError(Exception):
    """A clean, expected failure: bad arguments, bad pattern, unreadable file, bad JSON, a
    failed request. str(error) is the one-line message (without the program name prefix)."""


def emit_metrics(values):
    """Writes each (name, value) pair of values as one `name=value` line to the metrics fd.

    values: an iterable of (str, number) pairs; a name ends with its unit (`_s` for seconds,
    `_bytes` for bytes); an int prints as it is, a float with 9 decimals. Without
    VERSUS_METRICS_FD nothing is opened or written. Returns True when the lines were written,
    False when the channel is absent or broken. Never raises: the metrics must not change the
    runner's exit code.
    """
    fd_text = os.environ.get(METRICS_ENV_VAR)
    if not fd_text:
        return False
    try:
        fd = int(fd_text)
        text = "".join(f"{name}={_format(value)}\n" for name, value in values)
        data = text.encode("ascii")
        while data:
            written = os.write(fd, data)
            data = data[written:]
        return True
    except (ValueError, OSError):
        return False


def _format(value):
    """Formats a metric value as a decimal number: ints as they are, floats with 9 decimals."""
    if isinstance(value, int):
        return str(value)
    return f"{value:.9f}"


async def run_pool(run_task, tasks, concurrency, describe=None):
    """Runs run_task(0) .. run_task(tasks - 1), at most concurrency (int >= 1) at once.

    run_task: a coroutine function taking a task ID (int) and returning its result (for the
    agent, the final answer). Each task waits for one slot of an asyncio.Semaphore, then is
    timed with time.perf_counter (a monotonic clock) from its start to its result. Returns a
    list of (result, latency_s) indexed by task ID. On the first failure the other tasks are
    cancelled (asyncio.TaskGroup) and one RunnerError is raised, `task <ID>: ` and the
    message: a RunnerError's own, or describe(exc) for any other exception (describe: a
    function of the exception returning one line; None lets other exceptions through as they
    are). When several tasks failed, the first RunnerError in the order they failed wins.
    """
    import asyncio  # pylint: disable=import-outside-toplevel
    import time  # pylint: disable=import-outside-toplevel

    semaphore = asyncio.Semaphore(concurrency)

    async def timed(task_id):
        async with semaphore:
            started = time.perf_counter()
            try:
                result = await run_task(task_id)
            except RunnerError as exc:
                raise RunnerError(f"task {task_id}: {exc}") from None
            except Exception as exc:  # pylint: disable=broad-except  # one line, or re-raised
                if describe is None:
                    raise
                raise RunnerError(f"task {task_id}: {describe(exc)}") from None
            return result, time.perf_counter() - started

    try:
        async with asyncio.TaskGroup() as group:
            jobs = [group.create_task(timed(task_id)) for task_id in range(tasks)]
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
