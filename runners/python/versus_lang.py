#!/usr/bin/env python3
"""versus_lang.py - the Python runners' entry point for the language workloads (runners/README.md):

    versus_lang.py parallel --tasks N --workers W --rounds R [--pool threads|processes]
    versus_lang.py gc-latency --entries M --requests R --rate Q --response-bytes B

`parallel` is parallel_task.py, `gc-latency` gc_latency_task.py. stdout carries the workload's output only; exit 0 on success,
2 with exactly one line on stderr for bad arguments or any other error (no exception escapes).
Metrics go to VERSUS_METRICS_FD when it is set (versus_common.py, in runners/python-common). Standard library only, so any
CPython (the venv's, or another build such as a free-threaded one) runs it.
"""

import argparse
import os
import sys

# The metrics channel is shared with the other Python runners: runners/python-common.
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                "python-common"))

from versus_common import emit_metrics  # noqa: E402  pylint: disable=wrong-import-position

PROG = "versus-runner-python"
EXIT_OK = 0
EXIT_ERROR = 2


class UsageError(Exception):
    """Bad command-line arguments; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def error(self, message):
        raise UsageError(message)


def _ranged(low, high):
    """An argparse type: an int in [low, high], else ArgumentTypeError."""
    def parse(text):
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be from {low} to {high}, not {value}")
        return value
    return parse


def _parser():
    """The command line's parser, one subcommand per workload."""
    parser = _Parser(prog=PROG)
    sub = parser.add_subparsers(dest="workload", required=True, parser_class=_Parser)
    par = sub.add_parser("parallel")
    par.add_argument("--tasks", type=_ranged(1, 1_000_000), required=True)
    par.add_argument("--workers", type=_ranged(0, 4096), required=True)
    par.add_argument("--rounds", type=_ranged(1, 1_000_000_000), required=True)
    par.add_argument("--pool", choices=("threads", "processes"), default="threads")
    gcl = sub.add_parser("gc-latency")
    gcl.add_argument("--entries", type=_ranged(1, 10_000_000), required=True)
    gcl.add_argument("--requests", type=_ranged(1, 3_000_000), required=True)
    gcl.add_argument("--rate", type=_ranged(1, 10_000_000), required=True)
    gcl.add_argument("--response-bytes", type=_ranged(1, 1 << 24), required=True)
    return parser


def _run(args):
    """Runs the chosen workload. Returns (lines, metrics pairs)."""
    # pylint: disable=import-outside-toplevel
    if args.workload == "parallel":
        import parallel_task
        return parallel_task.run(args.tasks, args.workers, args.rounds, args.pool)
    if args.workload == "gc-latency":
        import gc_latency_task
        return gc_latency_task.run(args.entries, args.requests, args.rate, args.response_bytes)
    raise UsageError(f"unknown workload {args.workload!r}")


def main(argv):
    """Entry point; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
        lines, values = _run(args)
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()
    except UsageError as err:
        print(f"{PROG}: {err}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as err:  # pylint: disable=broad-except
        message = " ".join(f"{type(err).__name__}: {err}".split())
        print(f"{PROG}: {message}", file=sys.stderr)
        return EXIT_ERROR
    emit_metrics(values)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
