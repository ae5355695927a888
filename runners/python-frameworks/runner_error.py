"""runner_error.py - the one exception type the framework runners raise on purpose.

Kept apart from every framework and from the openai SDK, so that versus_frameworks.py can report
a missing framework with it on an interpreter that has none of them (the system python3).
"""


class RunnerError(Exception):
    """A clean, expected failure; str() is the one line to print on stderr (without the
    program name)."""
