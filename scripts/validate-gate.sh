#!/usr/bin/env bash
# scripts/validate-gate.sh - how often does the regression gate cry wolf, and how often does it
# catch a real 10 % slowdown? Measured, on this machine, for several run counts.
#
# The gate is the verdict rule of harness/compare_stats.h at --threshold 5 %: a cell "regressed"
# when after is slower (Mann-Whitney p < 0.05) and the 95 % bootstrap CI of the ratio of medians
# after/before lies entirely above 1.05. The workload is tests/helpers/work_units: N x 300 000
# xorshift steps, `work_units 100` about 50 ms, `work_units 110` exactly 10 % more work.
#
# Each trial, for each run count R (trials interleaved across R, so every R sees the same
# machine load over time):
#   (a) A/A: `versus ab --runs R 'work_units 100' 'work_units 100'`: a "regressed" wall-time
#       verdict is a false alarm;
#   (b) A/B: `versus ab --runs R --check-output none 'work_units 100' 'work_units 110'`: a
#       "regressed" wall-time verdict is a detection (the outputs differ by design: the
#       program prints its final state, so --check-output none).
# `versus ab` is what is validated: it runs A and B interleaved (A B B A ...), like a CI job that
# builds both versions and measures them side by side; `versus compare` applies the same
# statistics to two result files. With --mode compare, each trial instead runs two separate
# `versus cmd --runs R` documents one after the other (before, then after, the after one with
# WORK_UNITS=110 so that the command line, hence the cell, is the same) and gates them with
# `versus compare`: drift between the two runs then counts too.
#
# Usage: scripts/validate-gate.sh [--build DIR] [--trials N] [--runs "10 20 30"]
#                                 [--mode ab|compare] [--keep DIR]
# Prints one line per R: false alarms and detections with their counts, and the time taken;
# then the smallest R with false alarms <= 5 % and detection >= 90 %. Exit 0 when some R
# qualifies, 1 when none does, 2 on bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
trials=30
runs_list="10 20 30"
mode=ab
keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --runs) runs_list=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,32p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-gate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in ab|compare) ;; *) echo "validate-gate.sh: --mode must be ab or compare" >&2; exit 2 ;; esac
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

# The wall-time verdict of a `versus ab` document, or of a versus-compare/1 report.
verdict() {
  python3 - "$1" <<'EOF'
import json, sys
doc = json.load(open(sys.argv[1]))
cells = doc["comparison"]["cells"] if "comparison" in doc else doc["cells"]
print(next(c["verdict"] for c in cells if c.get("metric", "wall") == "wall"))
EOF
}

# One trial of one kind (aa or ab) at R runs; prints the wall-time verdict.
trial() {
  local kind=$1 r=$2 t=$3 units=100
  [ "$kind" = ab ] && units=110
  local out=$tmp/$kind-r$r-t$t
  if [ "$mode" = ab ]; then
    "$versus" ab --quiet --runs "$r" --warmup 2 --check-output none --json "$out.json" \
      "$work 100" "$work $units" >/dev/null 2>"$out.err" || true
    verdict "$out.json"
  else
    WORK_UNITS=100 "$versus" cmd --quiet --runs "$r" --warmup 2 --json "$out.before.json" \
      "$work" >/dev/null 2>"$out.err"
    WORK_UNITS=$units "$versus" cmd --quiet --runs "$r" --warmup 2 --json "$out.after.json" \
      "$work" >/dev/null 2>>"$out.err"
    "$versus" compare --threshold 5% --json "$out.json" "$out.before.json" "$out.after.json" \
      >/dev/null 2>>"$out.err" || true
    verdict "$out.json"
  fi
}

declare -A alarms detected seconds
for r in $runs_list; do alarms[$r]=0; detected[$r]=0; seconds[$r]=0; done
echo "validate-gate: mode $mode, $trials trials per run count, run counts: $runs_list" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_all=$(date +%s)
for t in $(seq 1 "$trials"); do
  for r in $runs_list; do
    s=$(date +%s.%N)
    [ "$(trial aa "$r" "$t")" = regressed ] && alarms[$r]=$((alarms[$r] + 1))
    [ "$(trial ab "$r" "$t")" = regressed ] && detected[$r]=$((detected[$r] + 1))
    e=$(date +%s.%N)
    seconds[$r]=$(python3 -c "print(${seconds[$r]} + $e - $s)")
  done
  line="trial $t/$trials:"
  for r in $runs_list; do line="$line R=$r ${alarms[$r]} alarms ${detected[$r]} detected;"; done
  echo "$line" >&2
done

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); total $(( $(date +%s) - start_all )) s"
best=""
for r in $runs_list; do
  a=${alarms[$r]} d=${detected[$r]}
  ok=no
  if [ $((a * 100)) -le $((5 * trials)) ] && [ $((d * 100)) -ge $((90 * trials)) ]; then
    ok=yes
    [ -z "$best" ] && best=$r
  fi
  printf 'runs %3s: false alarms %2d/%d (%5.1f%%), detected %2d/%d (%5.1f%%), %6.0f s for %d A/A + %d A/B trials, qualifies: %s\n' \
    "$r" "$a" "$trials" "$(python3 -c "print(100*$a/$trials)")" "$d" "$trials" \
    "$(python3 -c "print(100*$d/$trials)")" "${seconds[$r]}" "$trials" "$trials" "$ok"
done
if [ -n "$best" ]; then
  echo "smallest qualifying run count: $best (false alarms <= 5%, detection >= 90%)"
  exit 0
fi
echo "no run count qualifies (false alarms <= 5%, detection >= 90%)"
exit 1
