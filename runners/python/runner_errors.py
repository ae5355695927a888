"""runner_errors.py - the one exception type the Python runner's tasks raise on purpose.

A RunnerError carries a message that is already fit for the single line the runner prints on
stderr before exiting with code 2 (see runners/README.md, "Exit codes").
"""


class RunnerError(Exception):
    """A clean, expected failure: bad arguments, bad pattern, unreadable file, bad JSON.

    str(error) is the one-line message (without the program name prefix).
    """
