#!/usr/bin/env python3
"""scripts/rejudge-contamination.py - how many runs of result documents the contamination rule
flags, judged again from the samples' own fields exactly as harness/measure/contention.c does
today, beside what versus flagged when it ran them and the former fixed rule.

Takes: versus/1 result documents (paths). Prints one line per document: its measured runs; how
many versus flagged (the rule of its day, `contaminated`); the former fixed rule (steal above
5 % or more than 2 + 10/s involuntary switches); and today's rule by its parts: steal, CPU
pressure (only over runs of at least psi_min_window_s) and switches against the cell's earlier
runs (median, MAD floor, slice cost and the Poisson 99.9 % quantile; no baseline, no judgement).
The thresholds are contention.h's (README, "Counters and contaminated runs"); the slice is the
document's own settings.contaminated_when.slice_s when it has one, else 1.5 ms (2 CPUs).
Exits 2 on a file that is not a versus/1 document.
"""
import json
import math
import statistics as st
import sys

STEAL, PSI, PSI_WINDOW_S = 0.05, 0.20, 0.5
MIN_RUNS, K, FLOOR, SHARE, QUANTILE = 3, 3.0, 0.5, 0.05, 0.999


def poisson_quantile(lam, p=QUANTILE):
    """contention_poisson_quantile: the smallest k with P(X <= k) >= p, X ~ Poisson(lam)."""
    if not lam > 0:
        return 0
    if lam > 1000:
        return math.ceil(lam + 3.090 * math.sqrt(lam))
    k, log_pmf = 0, -lam
    cdf = math.exp(log_pmf)
    while cdf < p and k < 10 * lam + 100:
        k += 1
        log_pmf += math.log(lam) - math.log(k)
        cdf += math.exp(log_pmf)
    return k


def preempted(n, w, rates, slice_s):
    if len(rates) < MIN_RUNS or not w > 0:
        return False
    m = st.median(rates)
    spread = max(st.median([abs(x - m) for x in rates]), FLOOR * m)
    rate = max(m, st.mean(rates))
    return (n / w > m + K * spread and (n - m * w) * slice_s / w > SHARE
            and n > poisson_quantile(rate * w))


def main(paths):
    for path in paths:
        try:
            doc = json.load(open(path))
        except (OSError, ValueError) as e:
            print(f"{path}: {e}", file=sys.stderr)
            return 2
        if not isinstance(doc, dict) or doc.get("schema") != "versus/1":
            print(f"{path}: not a versus/1 result document", file=sys.stderr)
            return 2
        rule = (doc.get("settings") or {}).get("contaminated_when") or {}
        slice_s = rule.get("slice_s", 0.0015)
        runs = flagged = former = steal = psi = switches = now = 0
        for cell in doc.get("cells", []):
            rates = []  # the cell's earlier runs, warmups too
            for s in cell.get("samples", []):
                w, n = s.get("wall_s"), s.get("nivcsw")
                if not isinstance(w, (int, float)) or not isinstance(n, int) or w <= 0:
                    continue
                if not s.get("warmup") and not s.get("replaced"):
                    runs += 1
                    flagged += bool(s.get("contaminated"))
                    st_share = s.get("steal_share") or 0
                    ps_share = s.get("psi_cpu_share") or 0
                    former += st_share > STEAL or n > 2 + 10 * w
                    a = st_share > STEAL
                    b = w >= PSI_WINDOW_S and ps_share > PSI
                    c = preempted(n, w, rates, slice_s)
                    steal, psi, switches, now = steal + a, psi + b, switches + c, now + (a or b or c)
                rates.append(n / w)
        print(f"{path}: {runs} measured runs; flagged when run {flagged}; former fixed rule "
              f"{former}; today's rule {now} (steal {steal}, CPU pressure {psi}, switches "
              f"{switches})")
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        print("usage: scripts/rejudge-contamination.py RESULT.json...", file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))
