#!/usr/bin/env bash
# scripts/validate-gate.sh - how often does the regression gate cry wolf, and how often does it
# catch a real 10 % slowdown? Measured, on this machine, for several run counts.
#
# The gate is the verdict rule of harness/compare/compare_stats.h at --threshold 5 %: a cell "regressed"
# when after is slower (Mann-Whitney p < 0.05) and the 95 % bootstrap CI of the ratio of medians
# after/before lies entirely above 1.05. The workload is tests/helpers/work_units: N x 300 000
# xorshift steps, `work_units 100` about 50 ms, `work_units 110` exactly 10 % more work.
#
# Each trial, for each run count R (trials interleaved across R, so every R sees the same
# machine load over time):
#   (a) A/A: `versus ab --runs R 'work_units 100' 'work_units 100'`: a "regressed" verdict is a
#       false alarm;
#   (b) A/B: `versus ab --runs R 'work_units 100' 'work_units 110'`: a "regressed" verdict is a
#       detection.
# Both with --check-output none: work_units prints its final state, so 100 and 110 print
# different lines by design. The verdicts on wall time and on CPU time are counted apart.
# Every other setting is versus's default (ab: 2 warmup runs each; cmd: 1 warmup run; compare:
# --threshold 5 %), so the figures are those of the gate as a user gets it.
# `versus ab` is what is validated by default: it runs A and B interleaved (A B B A ...), like a
# CI job that builds both versions and measures them side by side; `versus compare` applies the
# same statistics to two result files. With --mode compare, each trial instead writes two
# separate `versus cmd --runs R` documents one after the other (before, then after, the after
# one with WORK_UNITS=110 so that the command line, hence the cell, is the same) and gates them
# with `versus compare`: drift of the machine between the two then counts too.
#
# Usage: scripts/validate-gate.sh [--build DIR] [--trials N] [--runs "10 20 30 default"]
#                                 [--mode ab|compare] [--keep DIR]
# (run counts in increasing order; "default" passes no --runs: for `versus cmd`, at least 10
# runs and at least 3 s of them, as hyperfine does; default list: ab "10 20 30", compare
# "10 30 default"). Prints, per metric and run count, the false alarms and
# detections with their counts and the time taken, then the smallest qualifying run count
# (false alarms <= 5 %, detection >= 90 %). Exit 0 when one qualifies for some metric, 1 when
# none does, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
trials=30
runs_list=""
mode=ab
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --runs) runs_list=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-gate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in ab|compare) ;; *) echo "validate-gate.sh: --mode must be ab or compare" >&2; exit 2 ;; esac
# ab: 10 is its default run count; compare: "default" is `versus cmd` without --runs (at least
# 10 runs and at least 3 s of them, hyperfine's rule).
[ -n "$runs_list" ] || { [ "$mode" = ab ] && runs_list="10 20 30" || runs_list="10 30 default"; }
case "$trials" in ''|*[!0-9]*) echo "validate-gate.sh: --trials needs a number" >&2; exit 2 ;; esac

versus=$build/versus
work=$build/tests/helpers/work_units
for f in "$versus" "$work"; do
  if [ ! -x "$f" ]; then
    echo "validate-gate.sh: $f is missing: build first (cmake -B $build && cmake --build $build)" >&2
    exit 2
  fi
done
work=$(cd "$(dirname "$work")" && pwd)/work_units

if [ -n "$keep" ]; then
  tmp=$keep
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
fi

# Prints "WALL CPU", each 1 when that metric's verdict is "regressed", else 0: from a `versus ab`
# document FILE.json, or from the versus-compare/1 reports FILE.wall.json and FILE.cpu.json.
verdicts() {
  python3 - "$1" <<'PY'
import json, os, sys
def regressed(cells, metric):
    return int(next(c["verdict"] for c in cells if c.get("metric", metric) == metric) == "regressed")
path = sys.argv[1]
if os.path.exists(path + ".json"):
    cells = json.load(open(path + ".json"))["comparison"]["cells"]
    print(regressed(cells, "wall"), regressed(cells, "cpu"))
else:
    print(*(regressed(json.load(open(f"{path}.{m}.json"))["cells"], m) for m in ("wall", "cpu")))
PY
}

# One trial of one kind (aa or ab) at R runs; prints "WALL CPU" (1: regressed).
trial() {
  local kind=$1 r=$2 t=$3 units=100
  [ "$kind" = ab ] && units=110
  local out=$tmp/$kind-r$r-t$t
  local runs_args=(--runs "$r")
  [ "$r" = default ] && runs_args=()
  if [ "$mode" = ab ]; then
    "$versus" ab --quiet "${runs_args[@]}" --check-output none --json "$out.json" \
      "$work 100" "$work $units" >/dev/null 2>"$out.err" || true
  else
    WORK_UNITS=100 "$versus" cmd --quiet "${runs_args[@]}" --json "$out.before.json" \
      "$work" >/dev/null 2>"$out.err"
    WORK_UNITS=$units "$versus" cmd --quiet "${runs_args[@]}" --json "$out.after.json" \
      "$work" >/dev/null 2>>"$out.err"
    for m in wall cpu; do
      "$versus" compare --threshold 5% --metric $m --json "$out.$m.json" "$out.before.json" \
        "$out.after.json" >/dev/null 2>>"$out.err" || true
    done
  fi
  verdicts "$out"
}

declare -A count seconds
for r in $runs_list; do
  seconds[$r]=0
  for k in aa-wall aa-cpu ab-wall ab-cpu; do count[$r-$k]=0; done
done
echo "validate-gate: mode $mode, $trials trials per run count, run counts: $runs_list" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_all=$(date +%s)
for t in $(seq 1 "$trials"); do
  for r in $runs_list; do
    s=$(date +%s.%N)
    for kind in aa ab; do
      read -r wall cpu <<<"$(trial "$kind" "$r" "$t")"
      count[$r-$kind-wall]=$((count[$r-$kind-wall] + wall))
      count[$r-$kind-cpu]=$((count[$r-$kind-cpu] + cpu))
    done
    e=$(date +%s.%N)
    seconds[$r]=$(python3 -c "print(${seconds[$r]} + $e - $s)")
  done
  line="trial $t/$trials (load $(cut -d' ' -f1 /proc/loadavg)):"
  for r in $runs_list; do
    line="$line R=$r alarms ${count[$r-aa-wall]}/${count[$r-aa-cpu]}"
    line="$line detected ${count[$r-ab-wall]}/${count[$r-ab-cpu]};"
  done
  echo "$line (wall/cpu)" >&2
done

echo "mode $mode, $trials trials; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg);" \
  "total $(($(date +%s) - start_all)) s"
pct() { python3 -c "print(f'{100 * $1 / $2:5.1f}')"; }
status=1
for metric in wall cpu; do
  best=""
  for r in $runs_list; do
    a=${count[$r-aa-$metric]} d=${count[$r-ab-$metric]}
    ok=no
    if [ $((a * 100)) -le $((5 * trials)) ] && [ $((d * 100)) -ge $((90 * trials)) ]; then
      ok=yes
      [ -z "$best" ] && best=$r
    fi
    printf '%-4s --runs %3s: false alarms %2d/%d (%s%%), detected %2d/%d (%s%%), %4.0f s, qualifies: %s\n' \
      "$metric" "$r" "$a" "$trials" "$(pct "$a" "$trials")" "$d" "$trials" \
      "$(pct "$d" "$trials")" "${seconds[$r]}" "$ok"
  done
  if [ -n "$best" ]; then
    echo "$metric: smallest qualifying run count: $best"
    status=0
  else
    echo "$metric: no run count qualifies"
  fi
done
exit $status
