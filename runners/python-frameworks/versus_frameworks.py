#!/usr/bin/env python3
"""versus_frameworks.py - the Python agent-framework runners of versus (entry point).

    versus_frameworks.py agent --framework langchain|openai-agents --url URL --tasks N
                               --concurrency C --calls K

Runs the `agent` workload (runners/README.md, "Workload `agent`") with a real agent framework
instead of a hand-written loop: `langchain` (langchain_openai.ChatOpenAI with a bound tool,
langchain_agent.py) or `openai-agents` (the OpenAI Agents SDK's Runner, openai_agents_agent.py),
both against versus mock-llm over Chat Completions. The framework is imported only after the
command line was read, and only the one asked for.

stdout: each task's final answer on its own line, in task ID order, after all tasks; nothing
else. Metrics (when VERSUS_METRICS_FD is set): one `task_latency_s` per task, in task ID order.
Exit codes: 0 when every task finished; 2 for bad arguments, a missing framework, an HTTP error
status, a connection error, a malformed reply or any other error, with exactly one line on
stderr. Nothing is retried, and no exception escapes as a traceback.
"""

import argparse
import importlib
import os
import sys
import warnings

# versus_common (RunnerError, the metrics channel, the task pool) is shared with the other
# Python runners: runners/python-common.
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                "python-common"))

from versus_common import RunnerError, emit_metrics  # noqa: E402  pylint: disable=wrong-import-position

PROG = "versus-frameworks"
EXIT_OK = 0
EXIT_ERROR = 2

# --framework value -> (module running it, the distribution to name when it is missing)
FRAMEWORKS = {
    "langchain": ("langchain_agent", "langchain-openai"),
    "openai-agents": ("openai_agents_agent", "openai-agents"),
}


class UsageError(Exception):
    """Bad command-line arguments; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def error(self, message):
        """Raises UsageError(message); argparse calls this on any bad argument."""
        raise UsageError(message)


def _positive_int(text):
    """argparse type for --tasks, --concurrency and --calls: text as an int >= 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _http_url(text):
    """argparse type for --url: text when it is an absolute http:// or https:// URL with a
    host, else ArgumentTypeError."""
    from urllib.parse import urlsplit  # pylint: disable=import-outside-toplevel
    try:
        parts = urlsplit(text)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
        parts.port  # pylint: disable=pointless-statement  # raises ValueError when bad
    except ValueError:
        ok = False
    if not ok:
        raise argparse.ArgumentTypeError(f"not an http:// URL with a host: {text!r}")
    return text


def build_parser():
    """Returns the argparse parser of the command line (parsing errors raise UsageError)."""
    parser = _Parser(prog=PROG, allow_abbrev=False,
                     description="versus agent runners built on Python agent frameworks.")
    sub = parser.add_subparsers(dest="workload", metavar="WORKLOAD", parser_class=_Parser)
    sub.required = True
    agent = sub.add_parser("agent", allow_abbrev=False,
                           help="run N tool-using agent tasks against an LLM server, C at once")
    agent.add_argument("--framework", choices=tuple(FRAMEWORKS), required=True,
                       help="the agent framework: langchain or openai-agents")
    agent.add_argument("--url", type=_http_url, required=True, metavar="URL",
                       help="the server's base URL (POSTs go to URL/v1/chat/completions)")
    agent.add_argument("--tasks", type=_positive_int, required=True, metavar="N",
                       help="run task IDs 0..N-1")
    agent.add_argument("--concurrency", type=_positive_int, required=True, metavar="C",
                       help="at most C tasks (and HTTP connections) in flight at once")
    agent.add_argument("--calls", type=_positive_int, required=True, metavar="K",
                       help="LLM calls per task (the server decides; a task may make up to "
                       "K + 1 model calls)")
    return parser


def load_framework(name):
    """Imports and returns the runner module of framework name (a FRAMEWORKS key). Raises
    RunnerError when the framework (or the openai SDK) cannot be imported."""
    module_name, distribution = FRAMEWORKS[name]
    try:
        return importlib.import_module(module_name)
    except ImportError as exc:
        raise RunnerError(
            f"cannot import {exc.name or distribution} with {sys.executable} (the framework "
            "runners need runners/python-frameworks/.venv: make_venv.py)") from None


def run_agent(args):
    """Runs the agent workload for the parsed args. Returns the list of (answer, latency_s),
    after printing the answers. Raises what the framework module raises."""
    module = load_framework(args.framework)
    results = module.run(args.url, args.tasks, args.concurrency, args.calls)
    sys.stdout.write("".join(f"{answer}\n" for answer, _ in results))
    sys.stdout.flush()
    return results


def _one_line(exc):
    """Formats an exception as one line: its message, or its type when it has none."""
    text = " ".join(str(exc).split())
    return text or type(exc).__name__


def _error(message):
    """Prints `versus-frameworks: message` as one line on stderr (never raises)."""
    try:
        sys.stderr.write(f"{PROG}: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


def _silence_stdout():
    """Points fd 1 at /dev/null after a broken pipe, so no later flush raises again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv=None):
    """Parses argv (default sys.argv[1:]), runs the workload and returns the exit code.

    Never raises (apart from SystemExit for --help): every error is one line on stderr and
    exit code 2. Metrics go to VERSUS_METRICS_FD after a successful run.
    """
    # When a failed task cancels the others, the Agents SDK drops coroutines it made but never
    # awaited, and Python warns about each at exit: noise on the one error line's stderr.
    warnings.filterwarnings("ignore", message="coroutine .* was never awaited",
                            category=RuntimeWarning)
    try:
        args = build_parser().parse_args(argv)
        results = run_agent(args)
    except UsageError as exc:
        _error(f"usage: {_one_line(exc)} (try --help)")
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        _error("stdout: broken pipe (the reader went away)")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_ERROR
    except RunnerError as exc:
        _error(_one_line(exc))
        return EXIT_ERROR
    except Exception as exc:  # pylint: disable=broad-except  # the protocol: never a traceback
        _error(f"{type(exc).__name__}: {_one_line(exc)}")
        return EXIT_ERROR
    emit_metrics(("task_latency_s", latency) for _, latency in results)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
