#!/usr/bin/env python3
"""versus_dataframe.py - the dataframe runners of versus (runners/README.md, "Workload
dataframe"): pandas, Polars and DuckDB on the H2O.ai db-benchmark groupby questions.

    versus_dataframe.py dataframe FILE --engine pandas|polars|duckdb

stdout carries the answers only (dataframe_task.py); exit 0 on success, 2 with exactly one line
on stderr for bad arguments or any other error. Metrics go to VERSUS_METRICS_FD when it is set.
Runs on the interpreter of runners/python-dataframe/.venv (pinned requirements.txt).
"""

import argparse
import os
import sys

# The metrics channel is shared with the other Python runners: runners/python-common.
sys.path.insert(1, os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir,
                                "python-common"))

from versus_common import emit_metrics  # noqa: E402  pylint: disable=wrong-import-position

PROG = "versus-runner-dataframe"


class UsageError(Exception):
    """Bad command-line arguments; the message is one line."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises UsageError instead of printing usage and exiting."""

    def error(self, message):
        raise UsageError(message)


def main(argv):
    """Entry point; returns the exit code."""
    parser = _Parser(prog=PROG)
    sub = parser.add_subparsers(dest="workload", required=True, parser_class=_Parser)
    df = sub.add_parser("dataframe")
    df.add_argument("file")
    df.add_argument("--engine", choices=("pandas", "polars", "duckdb"), required=True)
    try:
        args = parser.parse_args(argv)
        import dataframe_task  # pylint: disable=import-outside-toplevel
        lines, values = dataframe_task.run(args.file, args.engine)
        sys.stdout.write("".join(line + "\n" for line in lines))
        sys.stdout.flush()
    except Exception as err:  # pylint: disable=broad-except
        message = " ".join(f"{type(err).__name__}: {err}".split())
        if isinstance(err, UsageError):
            message = str(err)
        print(f"{PROG}: {message}", file=sys.stderr)
        return 2
    emit_metrics(values)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
