"""lookup_tool.py - the `lookup` tool of the agent workload, shared by both framework runners.

The model (versus mock-llm) calls `lookup` with {"key": "item-<i>", "n": <n>}; the agent answers
with the value as a decimal string. The table is built once, at import:

    table[i] = (i * 7919) mod 1000003             for i in 0..63
    lookup("item-<i>", n) = (table[i] * n) mod 1000003

This module knows no framework: langchain_agent.py wraps `lookup` in langchain's `@tool`,
openai_agents_agent.py in the Agents SDK's `@function_tool`; both give it the name `lookup` and
the description below. Any other key, or an `n` that is not an integer from 1 to MAX_N, is a
LookupToolError (a ValueError), which both wrappers let propagate: the run fails, the model
never sees an error text in place of a value.
"""

TOOL_NAME = "lookup"
TOOL_DESCRIPTION = "Look up a value in the table."

TABLE_SIZE = 64
MODULUS = 1_000_003
TABLE_FACTOR = 7919
# The largest n whose product with any table value (< MODULUS) fits a signed 64-bit integer,
# as in the C, Go and Rust runners.
MAX_N = (2**63 - 1) // (MODULUS - 1)

# table[i] by key: {"item-0": 0, "item-1": 7919, ...}. Only these 64 exact keys exist.
TABLE = {f"item-{i}": (i * TABLE_FACTOR) % MODULUS for i in range(TABLE_SIZE)}


class LookupToolError(ValueError):
    """A call of the tool with a key or n outside the table; str() is one line."""


def lookup(key, n):
    """Returns (table[i] * n) mod 1000003 as a decimal string, for key "item-<i>", 0 <= i < 64.

    key: str, exactly "item-0" .. "item-63". n: int, 1 <= n <= MAX_N (a bool is not an int
    here). Raises LookupToolError for any other key or n.
    """
    if not isinstance(key, str) or key not in TABLE:
        raise LookupToolError(
            f"lookup: unknown key {key!r} (expected item-0 .. item-{TABLE_SIZE - 1})")
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_N:
        raise LookupToolError(f"lookup: n must be an integer from 1 to {MAX_N}, not {n!r}")
    return str((TABLE[key] * n) % MODULUS)
