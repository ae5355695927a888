"""json_stats.py - the `json-stats` workload: parse a JSON file into a DOM and count what is in it.

Semantics (runners/README.md, "Workload json-stats"): read the whole file, parse it K times
(--repeat), walk the last DOM and print one line of counters plus number_sum, the sum of every
number as an IEEE double, added left to right in a depth-first walk that visits array elements in
order and object members sorted by the UTF-8 bytes of their keys, printed with %.17g.

Two parsers: the standard library's `json` (the `python` runner) and `orjson`, a Rust parser
behind PyO3 (the `python-orjson` runner). Both build the same Python DOM (dict, list, str, int,
float, bool, None), so one walk serves both.
"""

import json
import math
import sys
import time

from versus_common import RunnerError

PARSERS = ("json", "orjson")

FIELDS = ("objects", "arrays", "numbers", "strings", "true", "false", "null",
          "members", "elements", "string_bytes", "number_sum")


def _reject_constant(name):
    """parse_constant hook for json.loads: NaN, Infinity and -Infinity are not RFC 8259 JSON.

    name: the literal the parser met. Never returns; raises ValueError.
    """
    raise ValueError(f"{name} is not valid JSON (RFC 8259)")


def _parse_stdlib(data):
    """Parses data (bytes) with the standard library. Returns the DOM.

    The bytes are decoded as strict UTF-8 first (RFC 8259 section 8.1): json.loads on bytes
    would also accept UTF-16/32, a byte-order mark, and UTF-8-encoded surrogates. Raises
    UnicodeDecodeError, json.JSONDecodeError / ValueError (bad JSON, a bare NaN or Infinity,
    an integer over Python's 4300-digit limit) or RecursionError (nesting too deep).
    """
    return json.loads(data.decode("utf-8"), parse_constant=_reject_constant)


def load_parser(name):
    """Returns the parse function for parser name ("json" or "orjson").

    The function takes the file's bytes and returns the DOM. Raises RunnerError when name is
    unknown or orjson is not importable by this interpreter.
    """
    if name == "json":
        return _parse_stdlib
    if name == "orjson":
        try:
            import orjson  # pylint: disable=import-outside-toplevel
        except ImportError:
            raise RunnerError(
                f"orjson is not installed for {sys.executable} "
                "(build the python-orjson runner: make_venv.py)") from None
        return orjson.loads
    raise RunnerError(f"unknown parser {name!r} (expected one of: {', '.join(PARSERS)})")


def parse(parse_fn, data, path):
    """Parses data (bytes) with parse_fn and returns the DOM.

    path only names the file in error messages. Every way the parser can reject the input
    (bad JSON, bad UTF-8, too deep, a number out of range) becomes a RunnerError.
    """
    try:
        return parse_fn(data)
    except UnicodeDecodeError as exc:
        raise RunnerError(f"{path}: invalid UTF-8 at byte {exc.start}") from None
    except RecursionError:
        raise RunnerError(f"{path}: nesting too deep for the parser (RecursionError)") from None
    except ValueError as exc:  # json.JSONDecodeError and orjson.JSONDecodeError included
        raise RunnerError(f"{path}: invalid JSON: {exc}") from None


class Stats:
    """The counters of one walk (FIELDS), all starting at zero; number_sum is a float."""

    def __init__(self):
        self.objects = self.arrays = self.numbers = self.strings = 0
        self.true = self.false = self.null = 0
        self.members = self.elements = self.string_bytes = 0
        self.number_sum = 0.0


def walk(root):
    """Walks a DOM and returns its statistics as a dict keyed by FIELDS.

    root: the parsed value (dict, list, str, int, float, bool or None, nested). Counters are
    ints; number_sum is a float, the numbers added left to right in walk order. The walk is
    the plain recursive one the language's documentation would suggest (visit); object members
    are visited in the order of their keys' UTF-8 bytes: Python compares str by code point, and
    UTF-8 (surrogates included) preserves code point order, so sorted(keys) is that order
    without encoding anything. Raises RunnerError when a number does not fit in a double
    (1e400, a 400-digit integer), which the C, Go and Rust parsers reject too, and
    RecursionError when the DOM is nested deeper than the interpreter's recursion limit
    allows (the same limit json.loads stops at; run() reports it as one line).
    """
    stats = Stats()
    visit(root, stats)
    if not math.isfinite(stats.number_sum) and _has_infinite_float(root):
        raise RunnerError("number out of range for a double (overflows to infinity)")
    return {name: getattr(stats, name) for name in FIELDS}


def visit(value, stats):
    """Adds value (a DOM node) and everything below it to stats (a Stats)."""
    if isinstance(value, dict):
        stats.objects += 1
        stats.members += len(value)
        for key in sorted(value):
            stats.strings += 1
            stats.string_bytes += len(key.encode("utf-8", "surrogatepass"))
            visit(value[key], stats)
    elif isinstance(value, list):
        stats.arrays += 1
        stats.elements += len(value)
        for item in value:
            visit(item, stats)
    elif isinstance(value, str):
        stats.strings += 1
        stats.string_bytes += len(value.encode("utf-8", "surrogatepass"))
    elif value is True:
        stats.true += 1
    elif value is False:
        stats.false += 1
    elif value is None:
        stats.null += 1
    elif isinstance(value, (int, float)):
        stats.numbers += 1
        try:
            stats.number_sum += float(value)
        except OverflowError:
            raise RunnerError(f"number out of range for a double: {len(str(value))}"
                              "-digit integer") from None
    else:
        raise RunnerError(f"unexpected value of type {type(value).__name__} in the DOM")


def _has_infinite_float(root):
    """True when the DOM holds a float that is infinite or NaN (a literal like 1e400 that the
    parser rounded to infinity). Only called when the sum is not finite, so it costs nothing
    on ordinary input."""
    if isinstance(root, list):
        return any(_has_infinite_float(item) for item in root)
    if isinstance(root, dict):
        return any(_has_infinite_float(item) for item in root.values())
    return isinstance(root, float) and not math.isfinite(root)


def format_line(stats):
    """Formats statistics from walk() as the workload's one output line (without newline).

    Counters print as decimal integers, number_sum with 17 significant digits (%.17g).
    """
    parts = [f"{name}={stats[name]}" for name in FIELDS[:-1]]
    parts.append("number_sum=%.17g" % stats["number_sum"])
    return " ".join(parts)


def run(path, parser="json", repeat=1):
    """Runs the json-stats workload on the file at path and prints the line on stdout.

    parser: "json" or "orjson". repeat: how many times to parse the same bytes (>= 1); the
    last DOM is walked. Returns (exit_code, metrics), exit_code 0 and metrics a list of
    (name, seconds) pairs: read_s, parse_s (all parses), walk_s. Raises RunnerError on an
    unreadable file, bad JSON or a bad argument.
    """
    if repeat < 1:
        raise RunnerError(f"--repeat must be at least 1, not {repeat}")
    parse_fn = load_parser(parser)

    started = time.perf_counter()
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise RunnerError(f"{path}: {exc.strerror or exc}") from None
    read_done = time.perf_counter()

    root = None
    for _ in range(repeat):
        root = None  # free the previous DOM before building the next one
        root = parse(parse_fn, data, path)
    parse_done = time.perf_counter()

    try:
        stats = walk(root)
    except RunnerError as exc:
        raise RunnerError(f"{path}: {exc}") from None
    except RecursionError:
        raise RunnerError(f"{path}: nesting too deep for the walk (RecursionError)") from None
    walk_done = time.perf_counter()

    if sys.stdout is None:
        raise RunnerError("stdout is closed")
    sys.stdout.write(format_line(stats) + "\n")
    sys.stdout.flush()
    return 0, [("read_s", read_done - started), ("parse_s", parse_done - read_done),
               ("walk_s", walk_done - parse_done)]
