"""dataframe_task.py - workload `dataframe` (runners/README.md, "Workload dataframe"): the H2O.ai
db-benchmark's groupby questions q1-q5 on its G1 table read from CSV, with pandas, Polars or
DuckDB's Python API, as the benchmark's own solutions write them (h2oai/db-benchmark,
pandas/groupby-pandas.py, polars/groupby-polars.py, duckdb/groupby-duckdb.R, continued by
DuckDB Labs):

    q1  sum v1 by id1                 q2  sum v1 by id1, id2
    q3  sum v1, mean v3 by id3        q4  mean v1, v2, v3 by id4
    q5  sum v1, v2, v3 by id6

Loading reads the whole CSV with the column types given (id1-id3 categorical for pandas and
Polars, as the benchmark does; VARCHAR for DuckDB), so no reader guesses types. Each question
runs once and its answer is materialised (a DataFrame; for DuckDB `CREATE TABLE ans_qN AS`),
timed alone on time.perf_counter. Then, untimed, the answers are turned into the lines every
engine must print identically: one line per group, sorted by the group keys, "qN key... value...",
integer sums as integers; a float sum of v3 as the integer number of millionths (v3 has 6
decimals, so the exact sum is a whole number of millionths and every engine's float error is far
below half of one); a mean as mean x count (the group's row count, counted untimed by the same
engine), rounded the same way (millionths for v3, units for v1 and v2). Rounding a mean itself to
a fixed number of decimals would not do: an exact mean can sit on a rounding boundary, and two
correct engines would then print different digits.

Metrics: load_s, q1_s ... q5_s, query_s (q1-q5 summed), threads (the engine's thread count:
1 for pandas, pl.thread_pool_size() for Polars, DuckDB's `threads` setting).
"""

import time

QUESTIONS = ("q1", "q2", "q3", "q4", "q5")
# Per question: group keys and (column, aggregate) pairs, in output order.
SPEC = {
    "q1": (["id1"], [("v1", "sum")]),
    "q2": (["id1", "id2"], [("v1", "sum")]),
    "q3": (["id3"], [("v1", "sum"), ("v3", "mean")]),
    "q4": (["id4"], [("v1", "mean"), ("v2", "mean"), ("v3", "mean")]),
    "q5": (["id6"], [("v1", "sum"), ("v2", "sum"), ("v3", "sum")]),
}
ENGINES = ("pandas", "polars", "duckdb")


def _value(column, agg, value, count):
    """The printed form of one aggregate (module docstring): an exact integer."""
    scale = 1_000_000 if column == "v3" else 1
    total = value * count if agg == "mean" else value
    return round(float(total) * scale) if column == "v3" or agg == "mean" else int(total)


def answer_lines(question, rows, counts):
    """The lines of one answer. rows: (keys tuple, values tuple) pairs from the engine;
    counts: keys tuple -> the group's row count (used for means only)."""
    keys, aggs = SPEC[question]
    del keys
    out = []
    for key, values in sorted(rows):
        count = counts.get(key, 0) if counts is not None else 0
        printed = [_value(c, a, v, count) for (c, a), v in zip(aggs, values)]
        out.append(" ".join([question, *map(str, key), *map(str, printed)]))
    return out


class _Pandas:
    """pandas, as groupby-pandas.py: read_csv with dtypes, groupby(..., sort=False,
    observed=True, dropna=False).agg(...)."""

    def __init__(self):
        import pandas  # pylint: disable=import-outside-toplevel
        self.pd = pandas
        self.x = None

    def threads(self):
        return 1

    def load(self, path):
        dtypes = {"id1": "category", "id2": "category", "id3": "category", "id4": "Int32",
                  "id5": "Int32", "id6": "Int32", "v1": "Int32", "v2": "Int32", "v3": "float64"}
        self.x = self.pd.read_csv(path, dtype=dtypes)
        return len(self.x)

    def query(self, question):
        keys, aggs = SPEC[question]
        return self.x.groupby(keys, as_index=False, sort=False, observed=True,
                              dropna=False).agg({c: a for c, a in aggs})

    def rows(self, question, ans):
        keys, aggs = SPEC[question]
        cols = [ans[k].tolist() for k in keys] + [ans[c].tolist() for c, _ in aggs]
        n = len(keys)
        return [(tuple(r[:n]), tuple(r[n:])) for r in zip(*cols)]

    def counts(self, question):
        keys, _ = SPEC[question]
        sizes = self.x.groupby(keys, sort=False, observed=True, dropna=False).size()
        return {(k if isinstance(k, tuple) else (k,)): int(v) for k, v in sizes.items()}


class _Polars:
    """Polars, as groupby-polars.py: read_csv with schema overrides, id1-id3 cast to
    Categorical, group_by(...).agg(...)."""

    def __init__(self):
        import polars  # pylint: disable=import-outside-toplevel
        self.pl = polars
        self.x = None

    def threads(self):
        return self.pl.thread_pool_size()

    def load(self, path):
        pl = self.pl
        schema = {"id1": pl.String, "id2": pl.String, "id3": pl.String, "id4": pl.Int32,
                  "id5": pl.Int32, "id6": pl.Int32, "v1": pl.Int32, "v2": pl.Int32,
                  "v3": pl.Float64}
        self.x = pl.read_csv(path, schema=schema).with_columns(
            pl.col(["id1", "id2", "id3"]).cast(pl.Categorical))
        return self.x.height

    def query(self, question):
        pl = self.pl
        keys, aggs = SPEC[question]
        exprs = [getattr(pl.col(c), a)().alias(c) for c, a in aggs]
        return self.x.group_by(keys).agg(exprs)

    def rows(self, question, ans):
        keys, aggs = SPEC[question]
        n = len(keys)
        return [(tuple(r[:n]), tuple(r[n:]))
                for r in ans.select(keys + [c for c, _ in aggs]).rows()]

    def counts(self, question):
        keys, _ = SPEC[question]
        return {tuple(r[:-1]): r[-1] for r in self.x.group_by(keys).len().rows()}


class _DuckDB:
    """DuckDB's Python API, as groupby-duckdb: the table in an in-memory database, each
    answer `CREATE TABLE ans AS SELECT ... GROUP BY ...`."""

    def __init__(self):
        import duckdb  # pylint: disable=import-outside-toplevel
        self.con = duckdb.connect(":memory:")

    def threads(self):
        return int(self.con.execute("SELECT current_setting('threads')").fetchone()[0])

    def load(self, path):
        columns = ("{'id1': 'VARCHAR', 'id2': 'VARCHAR', 'id3': 'VARCHAR', 'id4': 'INTEGER', "
                   "'id5': 'INTEGER', 'id6': 'INTEGER', 'v1': 'INTEGER', 'v2': 'INTEGER', "
                   "'v3': 'DOUBLE'}")
        self.con.execute("CREATE TABLE x AS SELECT * FROM read_csv(?, header = true, "
                         f"columns = {columns})", [path])
        return self.con.execute("SELECT count(*) FROM x").fetchone()[0]

    @staticmethod
    def _select(question):
        keys, aggs = SPEC[question]
        items = ", ".join(keys + [f"{a}({c}) AS {c}" for c, a in aggs]).replace("mean(", "avg(")
        return f"SELECT {items} FROM x GROUP BY {', '.join(keys)}"

    def query(self, question):
        table = f"ans_{question}"
        self.con.execute(f"CREATE TABLE {table} AS {self._select(question)}")
        return table

    def rows(self, question, ans):
        keys, _ = SPEC[question]
        n = len(keys)
        return [(tuple(r[:n]), tuple(r[n:]))
                for r in self.con.execute(f"SELECT * FROM {ans}").fetchall()]

    def counts(self, question):
        keys, _ = SPEC[question]
        k = ", ".join(keys)
        rows = self.con.execute(f"SELECT {k}, count(*) FROM x GROUP BY {k}").fetchall()
        return {tuple(r[:-1]): r[-1] for r in rows}


def run(path, engine):
    """Loads path with engine (ENGINES) and answers q1-q5. Returns (lines, metrics pairs).
    Raises ValueError for an unknown engine; the engine's own exceptions otherwise."""
    kinds = {"pandas": _Pandas, "polars": _Polars, "duckdb": _DuckDB}
    if engine not in kinds:
        raise ValueError(f"unknown engine {engine!r} (known: {', '.join(ENGINES)})")
    eng = kinds[engine]()
    start = time.perf_counter()
    eng.load(path)
    metrics = [("load_s", time.perf_counter() - start)]
    answers = {}
    for q in QUESTIONS:
        start = time.perf_counter()
        answers[q] = eng.query(q)
        metrics.append((f"{q}_s", time.perf_counter() - start))
    metrics.append(("query_s", sum(v for _, v in metrics[1:])))
    metrics.append(("threads", eng.threads()))
    lines = []
    for q in QUESTIONS:
        means = any(a == "mean" for _, a in SPEC[q][1])
        lines += answer_lines(q, eng.rows(q, answers[q]), eng.counts(q) if means else None)
    return lines, metrics
