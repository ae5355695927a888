#!/usr/bin/env python3
"""validate-changepoint.py - how often `versus history check` finds a change, and how often it
invents one, on synthetic histories whose truth is known.

A seeded generator (Python's random.Random, Mersenne Twister: the same numbers for a seed on
every machine and Python 3 version) writes, per scenario, one history file (history.h's JSON
Lines) of COMMITS commits whose every line holds SERIES cells, one per synthetic series: a level
of 1.0 s with Gaussian relative noise of 1, 3 or 5 % (the spread of our measured A/A medians),
and then
  - null:     nothing else;
  - step X %: the level times 1 + X from commit STEP_AT on (X = 2, 5, 10);
  - outlier:  one commit, at a random position from 10 on, 20 % high (a noisy run);
  - drift:    a slow slowdown from commit DRIFT_FROM on, 10 % in all by the last commit.
It runs `versus history check --json` on each file and prints one Markdown row per scenario:
  - detected: series with a change point within +-TOLERANCE commits of the step (steps), or
    at or after DRIFT_FROM (drift);
  - distance: median and largest |found - true| in commits, over the detected steps;
  - false CPs / 100 commits: change points that are not a detection (for step series, any
    other than the one nearest the step), per 100 commits analysed;
  - flagged: series with a change point that `check` calls a regression (ratio above
    1 + threshold, 5 %), or whose cumulative comparison is one (a staircase of small slower
    steps ending at the last change point that adds up to more than the threshold), whatever
    the --recent window; in brackets, how many only the cumulative rule flagged;
  - gate: series the gate itself fails on (in the check's "regressions": a regression of
    either kind in the last --recent commits, 10), for the scenarios whose change, if any,
    reaches the last commits (no change, outlier, drift; the steps at commit 40 lie outside
    the last 10 of 60 commits): on the whole history, and on some night of a nightly job that
    checks the history every NIGHTLY commits (its first NIGHTLY_FROM, +NIGHTLY, ... commits).
Usage: scripts/validate-changepoint.py [--build build] [--series 200] [--commits 60]
       [--seed 1] [--keep DIR] [-- extra options for versus history check]
"""
import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile

STEP_AT = 40
DRIFT_FROM = 20
TOLERANCE = 3
OUTLIER = 0.20
DRIFT = 0.10
NIGHTLY = 5
NIGHTLY_FROM = 30


def series_values(kind, size, noise, commits, rng):
    """One synthetic series and the index of its true change (None when it has none)."""
    values = [1.0 * (1 + noise * rng.gauss(0, 1)) for _ in range(commits)]
    truth = None
    if kind == "step":
        truth = STEP_AT
        for i in range(STEP_AT, commits):
            values[i] *= 1 + size
    elif kind == "outlier":
        at = rng.randrange(10, commits)
        values[at] *= 1 + OUTLIER
    elif kind == "drift":
        truth = DRIFT_FROM
        span = commits - 1 - DRIFT_FROM
        for i in range(DRIFT_FROM, commits):
            values[i] *= 1 + DRIFT * (i - DRIFT_FROM) / span
    return values, truth


def write_history(path, name, all_values, commits):
    with open(path, "w") as f:
        for c in range(commits):
            cells = [{"workload": "synthetic", "input": name,
                      "parameters": {"name": "s%03d" % s}, "runner": "gen",
                      "verdict": "ok", "median_wall_s": vals[c]}
                     for s, vals in enumerate(all_values)]
            line = {"commit": "%040x" % (c + 1), "date": "2026-01-01T00:00:%02dZ" % (c % 60),
                    "cells": cells}
            f.write(json.dumps(line, separators=(",", ":")) + "\n")


def check(versus, history, out_json, extra):
    cmd = [versus, "history", "check", "--file", history, "--json", out_json] + extra
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if r.returncode not in (0, 1):
        sys.exit("versus history check failed (%d): %s" % (r.returncode, r.stderr.strip()))
    with open(out_json) as f:
        return json.load(f)


def score(doc, truths, kind, commits):
    detected, distances, false_cps, flagged, by_cumulative = 0, [], 0, 0, 0
    by_name = {s["parameters"]["name"]: s for s in doc["series"]}
    gated = {r["parameters"]["name"] for r in doc["regressions"]}
    for s, truth in enumerate(truths):
        series = by_name["s%03d" % s]
        cps = series["change_points"]
        positions = [cp["position"] for cp in cps]
        step = any(cp["regression"] for cp in cps)
        cumulative = bool(series.get("cumulative") and series["cumulative"]["regression"])
        if step or cumulative:
            flagged += 1
        if cumulative and not step:
            by_cumulative += 1
        hit = None
        if kind == "step" and positions:
            nearest = min(positions, key=lambda p: abs(p - truth))
            if abs(nearest - truth) <= TOLERANCE:
                hit = nearest
        elif kind == "drift":
            late = [p for p in positions if p >= truth]
            hit = late[0] if late else None
        if hit is not None:
            detected += 1
            if kind == "step":
                distances.append(abs(hit - truth))
        false_cps += len(positions) - (1 if hit is not None else 0)
    n = len(truths)
    return {"detected": detected, "n": n, "distances": distances,
            "false_per_100": 100.0 * false_cps / (n * commits), "flagged": flagged,
            "by_cumulative": by_cumulative, "gated": len(gated)}


def nights(versus, work, name, all_values, commits, extra):
    """How many series a nightly check of the growing history fails on, on some night."""
    failed = set()
    for last in range(NIGHTLY_FROM, commits + 1, NIGHTLY):
        history = os.path.join(work, "%s.night%d.jsonl" % (name, last))
        write_history(history, name, all_values, last)
        doc = check(versus, history, os.path.join(work, "%s.night%d.json" % (name, last)), extra)
        failed |= {r["parameters"]["name"] for r in doc["regressions"]}
    return len(failed)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--series", type=int, default=200)
    ap.add_argument("--commits", type=int, default=60)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", help="keep the histories and check documents in this directory")
    ap.add_argument("extra", nargs="*", help="options for versus history check (after --)")
    a = ap.parse_args()
    if a.commits < STEP_AT + 10:
        sys.exit("--commits must be at least %d (the steps come at commit %d)" % (STEP_AT + 10, STEP_AT))
    versus = os.path.join(a.build, "versus")
    if a.keep:
        os.makedirs(a.keep, exist_ok=True)
        run(a, versus, a.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="versus-cp.") as work:
            run(a, versus, work)


def run(a, versus, work):
    scenarios = [("null", None)] + [("step", s) for s in (0.02, 0.05, 0.10)] + \
        [("outlier", None), ("drift", None)]
    print("| scenario | noise | series | detected | distance (median / max) "
          "| false CPs / 100 commits | flagged as regression (cumulative only) "
          "| gate fails (last 10) | gate fails on some night |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for kind, size in scenarios:
        for noise in (0.01, 0.03, 0.05):
            name = "%s%s-noise%d" % (kind, "" if size is None else "%d" % round(size * 100),
                                     round(noise * 100))
            rng = random.Random("%d/%s" % (a.seed, name))
            made = [series_values(kind, size, noise, a.commits, rng) for _ in range(a.series)]
            history = os.path.join(work, name + ".jsonl")
            write_history(history, name, [v for v, _ in made], a.commits)
            doc = check(versus, history, os.path.join(work, name + ".check.json"), a.extra)
            r = score(doc, [t for _, t in made], kind, a.commits)
            label = {"null": "no change", "outlier": "one outlier (+20 %)",
                     "drift": "drift +10 % over 40 commits"}.get(
                         kind, "step +%d %%" % round((size or 0) * 100))
            det = "-" if kind in ("null", "outlier") else \
                "%d/%d (%.0f %%)" % (r["detected"], r["n"], 100.0 * r["detected"] / r["n"])
            dist = "%g / %d" % (statistics.median(r["distances"]), max(r["distances"])) \
                if r["distances"] else "-"
            gate = nightly = "-"
            if kind != "step":
                gate = "%d/%d" % (r["gated"], r["n"])
                nightly = "%d/%d" % (nights(versus, work, name, [v for v, _ in made],
                                            a.commits, a.extra), r["n"])
            print("| %s | %d %% | %d | %s | %s | %.2f | %d/%d (%d) | %s | %s |" % (
                label, round(noise * 100), r["n"], det, dist, r["false_per_100"],
                r["flagged"], r["n"], r["by_cumulative"], gate, nightly))
            sys.stdout.flush()


if __name__ == "__main__":
    main()
