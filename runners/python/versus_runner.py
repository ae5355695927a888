#!/usr/bin/env python3
"""versus_runner.py - the Python reference runner of versus (entry point).

One script, one subcommand per workload, as runners/README.md ("The protocol") defines:

    versus_runner.py grep PATTERN FILE [--ignore-case]
    versus_runner.py json-stats [--parser=json|orjson] FILE [--repeat K]
    versus_runner.py agent --url URL --tasks N --concurrency C --calls K [--client=httpx|aiohttp]

The `python` runner uses the standard library for grep (`re` on bytes) and json-stats
(`json`), and asyncio with httpx for agent; the `python-orjson` runner is this same script
with `json-stats --parser=orjson`, and `python-aiohttp` this same script with
`agent --client=aiohttp` (agent_task_aiohttp.py). All run on the interpreter of
runners/python/.venv (made by make_venv.py from the pinned requirements.txt).

stdout carries the workload's output only. Exit codes: 0 success; for grep, 1 when no line
matched; 2 for bad arguments, bad input or any other error, with exactly one line on stderr.
No exception escapes: every one is caught and reported on that one line. When the
environment has VERSUS_METRICS_FD, phase timings are written there at the end (versus_common.py, in runners/python-common).

The task modules are imported only by the subcommand that needs them, so `grep` does not
pay for importing `json`, nor `json-stats` for `re`, nor either of them for httpx; `agent`
imports only the HTTP client it was asked for (httpx or aiohttp, never both).
"""

import argparse
import os
import sys

# versus_common (RunnerError, the metrics channel, the task pool) is shared with the other
# Python runners: runners/python-common.
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                "python-common"))

from versus_common import RunnerError, emit_metrics  # noqa: E402  pylint: disable=wrong-import-position

PROG = "versus-runner-python"

EXIT_OK = 0
EXIT_NO_MATCH = 1
EXIT_ERROR = 2


class UsageError(Exception):
    """Bad command-line arguments; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting, so a
    bad command line gives one line on stderr like every other error."""

    def error(self, message):
        """Raises UsageError(message); argparse calls this on any bad argument."""
        raise UsageError(message)


def _positive_int(text):
    """argparse type for --repeat, --tasks, --concurrency and --calls: text as an int >= 1,
    else ArgumentTypeError."""
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


def _run_grep(args):
    """Runs the grep subcommand. Returns (exit_code, metrics pairs)."""
    import grep_task  # pylint: disable=import-outside-toplevel
    code, scan_s = grep_task.run(args.pattern, args.file, args.ignore_case)
    return code, [("scan_s", scan_s)]


def _run_json_stats(args):
    """Runs the json-stats subcommand. Returns (exit_code, metrics pairs)."""
    import json_stats  # pylint: disable=import-outside-toplevel
    return json_stats.run(args.file, args.parser, args.repeat)


def _run_agent(args):
    """Runs the agent subcommand over the HTTP client args.client names ("httpx", the
    default, in agent_task.py; "aiohttp" in agent_task_aiohttp.py). Returns (exit_code,
    metrics pairs). Raises RunnerError when the client library cannot be imported."""
    # pylint: disable=import-outside-toplevel
    try:
        if args.client == "aiohttp":
            import agent_task_aiohttp as task_module
        else:
            import agent_task as task_module
    except ImportError as exc:
        raise RunnerError(
            f"cannot import {exc.name or args.client} with {sys.executable} "
            "(the agent workload needs the venv: make_venv.py)") from None
    return task_module.run(args.url, args.tasks, args.concurrency, args.calls)


def build_parser():
    """Returns the argparse parser for the command line; each subcommand's namespace carries
    its handler in `handler` (a function taking the namespace, returning (exit_code,
    metrics)). Parsing errors raise UsageError."""
    parser = _Parser(prog=PROG, allow_abbrev=False,
                     description="versus reference runner (Python): one subcommand a workload.")
    sub = parser.add_subparsers(dest="workload", metavar="WORKLOAD", parser_class=_Parser)
    sub.required = True

    grep = sub.add_parser("grep", allow_abbrev=False,
                          help="print the lines of FILE matching PATTERN (grep -a -E)")
    grep.add_argument("pattern", metavar="PATTERN", help="regular expression (POSIX ERE subset)")
    grep.add_argument("file", metavar="FILE", help="input file")
    grep.add_argument("--ignore-case", action="store_true", help="fold ASCII letters")
    grep.set_defaults(handler=_run_grep)

    stats = sub.add_parser("json-stats", allow_abbrev=False,
                           help="parse FILE as JSON, walk the DOM, print one line of counts")
    stats.add_argument("file", metavar="FILE", help="input JSON file")
    stats.add_argument("--parser", choices=("json", "orjson"), default="json",
                       help="json (standard library, default) or orjson")
    stats.add_argument("--repeat", type=_positive_int, default=1, metavar="K",
                       help="parse the same bytes K times, walk the last DOM (default 1)")
    stats.set_defaults(handler=_run_json_stats)

    agent = sub.add_parser("agent", allow_abbrev=False,
                           help="run N tool-using agent tasks against an LLM server, C at once")
    agent.add_argument("--url", type=_http_url, required=True, metavar="URL",
                       help="the server's base URL (POSTs go to URL/v1/chat/completions)")
    agent.add_argument("--tasks", type=_positive_int, required=True, metavar="N",
                       help="run task IDs 0..N-1")
    agent.add_argument("--concurrency", type=_positive_int, required=True, metavar="C",
                       help="at most C tasks (and HTTP connections) in flight at once")
    agent.add_argument("--calls", type=_positive_int, required=True, metavar="K",
                       help="LLM calls per task (informational: the server decides)")
    agent.add_argument("--client", choices=("httpx", "aiohttp"), default="httpx",
                       help="the HTTP client: httpx (default) or aiohttp")
    agent.set_defaults(handler=_run_agent)
    return parser


def _one_line(exc):
    """Formats an exception as one line of text (no newlines), for stderr."""
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def _silence_stdout():
    """Points fd 1 at /dev/null after a broken pipe, so no later flush (at interpreter exit)
    raises again or prints a second message."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def main(argv=None):
    """Parses argv (default sys.argv[1:]), runs the workload and returns the exit code.

    Never raises (apart from SystemExit for --help): every error is one line on stderr and
    exit code 2. Metrics go to VERSUS_METRICS_FD after the work, whatever became of it.
    """
    metrics = []
    try:
        args = build_parser().parse_args(argv)
        code, metrics = args.handler(args)
    except UsageError as exc:
        _error(f"usage: {_one_line(exc)} (try --help)")
        code = EXIT_ERROR
    except RunnerError as exc:
        _error(_one_line(exc))
        code = EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        _error("stdout: broken pipe (the reader went away)")
        code = EXIT_ERROR
    except OSError as exc:  # writing stdout: disk full, closed descriptor...
        _error(f"I/O error: {exc.strerror or _one_line(exc)}")
        code = EXIT_ERROR
    except RecursionError:
        _error("recursion limit exceeded")
        code = EXIT_ERROR
    except MemoryError:
        _error("out of memory")
        code = EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        code = EXIT_ERROR
    except Exception as exc:  # pylint: disable=broad-except  # the protocol: never a traceback
        _error(f"{type(exc).__name__}: {_one_line(exc)}")
        code = EXIT_ERROR
    if metrics:
        emit_metrics(metrics)
    return code


def _error(message):
    """Prints `versus-runner-python: message` as one line on stderr (never raises)."""
    try:
        sys.stderr.write(f"{PROG}: {message}\n")
        sys.stderr.flush()
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
