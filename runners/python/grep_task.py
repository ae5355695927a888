"""grep_task.py - the `grep` workload: print the lines of a file that match a regular expression.

Semantics (runners/README.md, "Workload grep"): exactly what `LC_ALL=C grep -a -E PATTERN FILE`
prints. The engine is Python's `re` on bytes, which gives the pinned ASCII semantics by
itself: `\\w` is [0-9A-Za-z_], `\\b` is an ASCII word boundary, `\\s` is [ \\t\\n\\r\\f\\v], `.` is
any byte but `\\n`, and re.IGNORECASE folds ASCII letters only. A line is matched without its
trailing `\\n` (so `\\s` never sees it); a `\\r` before it is an ordinary byte. Every byte passes
through unchanged, and a last line lacking `\\n` is printed with one added.
"""

import os
import re
import sys
import time

from versus_common import RunnerError

# Read buffer (bytes): big reads, few system calls; the protocol asks for buffered reads, no mmap.
READ_BUFFER_BYTES = 1 << 20
# Write buffer (bytes): the default pipe capacity on Linux, so each flush fills the pipe once.
WRITE_BUFFER_BYTES = 1 << 16


def compile_pattern(pattern, ignore_case=False):
    """Compiles pattern (str from argv, or bytes) into a bytes regular expression.

    A str is turned back into the exact bytes it came from with os.fsencode (argv is decoded
    with surrogateescape, so any byte survives). ignore_case adds re.IGNORECASE, which on a
    bytes pattern folds ASCII letters only. Returns a compiled re.Pattern[bytes]; raises
    RunnerError when the pattern is not valid for `re`.
    """
    raw = os.fsencode(pattern) if isinstance(pattern, str) else bytes(pattern)
    try:
        return re.compile(raw, re.IGNORECASE if ignore_case else 0)
    except (re.error, OverflowError, RecursionError) as exc:
        raise RunnerError(f"bad pattern {raw!r}: {exc}") from None


def grep_stream(regex, lines, write):
    """Writes every line of lines that contains a match of regex, in order.

    regex: a compiled bytes pattern. lines: an iterable of bytes lines, each ending in b'\\n'
    except possibly the last (a binary file object iterates that way). write: a callable that
    takes bytes. A matching line is written with its b'\\n' (one is added to a last line that
    lacked it). Returns the number of matching lines.
    """
    search = regex.search
    matched = 0
    for line in lines:
        if line.endswith(b"\n"):
            # endpos hides the newline from the engine without copying the line.
            if search(line, 0, len(line) - 1):
                write(line)
                matched += 1
        elif search(line):
            write(line + b"\n")
            matched += 1
    return matched


def run(pattern, path, ignore_case=False):
    """Runs the grep workload on the file at path, printing matching lines on stdout.

    pattern: the regular expression (str from argv). path: the input file. ignore_case: fold
    ASCII letters. Returns (exit_code, scan_s): exit_code 0 when at least one line matched,
    1 when none did; scan_s the seconds spent opening, reading, matching and writing (for the
    metrics channel).
    Raises RunnerError for a bad pattern or an unreadable file; BrokenPipeError when stdout
    is closed early.
    """
    regex = compile_pattern(pattern, ignore_case)
    if sys.stdout is None:
        raise RunnerError("stdout is closed")
    started = time.perf_counter()
    # closefd=False: fd 1 stays open for the interpreter; close() flushes (and closes the
    # writer even when that flush fails, so nothing is retried at exit).
    with open(sys.stdout.fileno(), "wb", buffering=WRITE_BUFFER_BYTES, closefd=False) as out:
        try:
            with open(path, "rb", buffering=READ_BUFFER_BYTES) as f:
                matched = grep_stream(regex, f, out.write)
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise RunnerError(f"{path}: {exc.strerror or exc}") from None
    return (0 if matched else 1), time.perf_counter() - started
