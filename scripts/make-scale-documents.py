#!/usr/bin/env python3
"""Writes two versus/1 documents of N cells each (default 60 000) for measuring `versus compare`
at scale (issue 12's target: two 60 000-cell files in <= 2 s and <= 200 MB):

    scripts/make-scale-documents.py /tmp/scale 60000
    /usr/bin/time -v build/versus compare /tmp/scale/before.json /tmp/scale/after.json

Each cell is verified, with 1 warmup and 10 measured samples (as `versus run`'s default) and a
summary of wall, CPU, user, system time and peak RSS (about 6 KB of JSON). Wall times are
log-normal around a per-cell median between 1 ms and 1 s with about 2 % spread, the way short
runs on a quiet machine look; the after document has the cells in reverse order, every tenth
cell 5 % slower and every other cell drawn from the same distribution as before. Seeded: the
same N gives the same files."""
import json
import os
import random
import sys


def stats(xs):
    xs = sorted(xs)
    n = len(xs)
    med = xs[n // 2]
    mean = sum(xs) / n
    return {"n": n, "median": med, "p95": xs[-1], "mean": mean, "stddev": 0.0, "mad": 0.0,
            "min": xs[0], "max": xs[-1], "p5": xs[0], "p25": xs[0], "p75": xs[-1], "p99": xs[-1]}


def cell(i, factor, rnd):
    base = 10 ** (-3 + 3 * ((i * 7919) % 1000) / 1000.0)
    if i % 10 == 0:
        base *= factor
    walls = [base * rnd.lognormvariate(0.0, 0.02) for _ in range(11)]
    samples = [{"warmup": k == 0, "wall_s": w, "user_s": w * 0.8, "sys_s": w * 0.1,
                "cpu_s": w * 0.9, "max_rss_bytes": 2000000 + k, "exit": 0, "signal": 0,
                "timed_out": False, "digest": "e0f4873a8a627659", "stdout_bytes": 100,
                "metrics": None} for k, w in enumerate(walls)]
    measured = [s for s in samples if not s["warmup"]]
    summary = {"n": len(measured)}
    for m in ("wall_s", "cpu_s", "user_s", "sys_s", "max_rss_bytes"):
        summary[m] = stats([s[m] for s in measured])
    summary["metrics"] = {}
    return {"workload": "grep", "input": {"name": "in-%d" % (i % 50), "path": "/data/x",
                                          "bytes": 1000, "sha256": None, "pinned": True},
            "parameters": {"name": "case-%d" % (i // 50)}, "runner": "r%d" % (i % 6),
            "language": "c", "argv": ["/bin/x"], "verdict": "verified", "reason": None,
            "summary": summary, "samples": samples}


def main():
    out = sys.argv[1]
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 60000
    os.makedirs(out, exist_ok=True)
    for name, factor, order in (("before", 1.0, range(n)), ("after", 1.05, reversed(range(n)))):
        rnd = random.Random(12 if name == "before" else 13)
        doc = {"schema": "versus/1", "created_at": "2026-12-04T00:00:00Z", "command_line": [],
               "settings": None, "env": {}, "cells": [cell(i, factor, rnd) for i in order],
               "failed_cells": 0}
        with open(os.path.join(out, name + ".json"), "w") as f:
            json.dump(doc, f)


if __name__ == "__main__":
    main()
