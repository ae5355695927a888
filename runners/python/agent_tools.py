"""agent_tools.py - the `lookup` tool of the agent workload: its schema, table and arguments.

The model (the mock LLM server) calls `lookup` with JSON arguments {"key": "item-<i>", "n": <n>}
and the agent answers with the value as a decimal string. The table is built once, at import:

    table[i] = (i * 7919) mod 1000003             for i in 0..63
    lookup("item-<i>", n) = (table[i] * n) mod 1000003

Any other key, an `n` that is not a JSON integer >= 1, or arguments that are not such a JSON
object are errors (RunnerError). `n` is capped so that table[i] * n fits a signed 64-bit
integer, as it does in the C, Go and Rust runners.
"""

import json

from versus_common import RunnerError

TABLE_SIZE = 64
MODULUS = 1_000_003
TABLE_FACTOR = 7919
# The largest n whose product with any table value (< MODULUS) fits a signed 64-bit integer.
MAX_N = (2**63 - 1) // (MODULUS - 1)

TOOL_NAME = "lookup"

# The `tools` array of every request (OpenAI Chat Completions function tools).
TOOLS = [{
    "type": "function",
    "function": {
        "name": TOOL_NAME,
        "description": "Look up a value in the table.",
        "parameters": {
            "type": "object",
            "properties": {"key": {"type": "string"}, "n": {"type": "integer"}},
            "required": ["key", "n"],
        },
    },
}]

# table[i] by key: {"item-0": 0, "item-1": 7919, ...}. Only these 64 exact keys exist.
TABLE = {f"item-{i}": (i * TABLE_FACTOR) % MODULUS for i in range(TABLE_SIZE)}


def lookup(key, n):
    """Returns (table[i] * n) mod 1000003 (an int) for key "item-<i>", 0 <= i < 64.

    key: str, exactly "item-0" .. "item-63". n: int, 1 <= n <= MAX_N (a bool is not an int
    here). Raises RunnerError for any other key or n.
    """
    if not isinstance(key, str) or key not in TABLE:
        raise RunnerError(f"lookup: unknown key {key!r} (expected item-0 .. item-{TABLE_SIZE - 1})")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise RunnerError(f"lookup: n must be an integer from 1 to {MAX_N}, not {n!r}")
    return (TABLE[key] * n) % MODULUS


def parse_arguments(text):
    """Parses a tool call's `function.arguments` (a JSON string) into (key, n).

    text: str, a JSON object with a string "key" and an integer "n" (other members are
    ignored). Returns (key: str, n: int) without checking them against the table (lookup
    does). Raises RunnerError when text is not a string, not JSON, not an object, or lacks
    either member with the right type.
    """
    if not isinstance(text, str):
        raise RunnerError(f"tool arguments must be a JSON string, not {type(text).__name__}")
    try:
        args = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise RunnerError(f"tool arguments are not JSON: {exc}") from None
    if not isinstance(args, dict):
        raise RunnerError(f"tool arguments must be a JSON object, not {text[:60]!r}")
    key, n = args.get("key"), args.get("n")
    if not isinstance(key, str):
        raise RunnerError(f"tool arguments lack a string \"key\": {text[:60]!r}")
    if isinstance(n, bool) or not isinstance(n, int):
        raise RunnerError(f"tool arguments lack an integer \"n\": {text[:60]!r}")
    return key, n


def call(arguments):
    """Runs one `lookup` call: parses arguments (the JSON string) and looks the value up.

    Returns the tool result's content, the value as a decimal str. Raises RunnerError (see
    parse_arguments and lookup).
    """
    key, n = parse_arguments(arguments)
    return str(lookup(key, n))
