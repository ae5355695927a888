#!/usr/bin/env bash
# scripts/validate-gate.sh - how often does the regression gate cry wolf, and how often does it
# catch a real slowdown? Measured, on this machine, for several run counts, metrics and loads.
#
# The gate is the verdict rule of harness/compare/compare_stats.h at each metric's default
# threshold (util/metric.h): for wall and CPU time (5 %) a cell "regressed" when after is slower
# (Mann-Whitney p < 0.05) and the 95 % bootstrap CI of the ratio of medians after/before lies
# entirely above 1.05; for simulated instructions (0.5 %) by the separation rule (the ranges of
# the two sides apart, and the ratio beyond 0.5 % and 3 times the larger relative spread).
# The workload is tests/helpers/work_units: N x 300 000 xorshift steps (`work_units 100` about
# 50 ms; N may have 2 decimals, so `work_units 20.2` is exactly 1 % more work than 20).
#
# Each trial, for each run count R and each load condition (trials interleaved across both, so
# every one sees the same machine over time):
#   (a) A/A: `versus ab --runs R 'work_units BASE' 'work_units BASE'`: a "regressed" verdict is
#       a false alarm;
#   (b) A/B, for each change C in --changes: `versus ab --runs R 'work_units BASE'
#       'work_units BASE*(1+C/100)'`: a "regressed" verdict is a detection.
# Both with --check-output none: work_units prints its final state, so different amounts of
# work print different lines by design. The verdicts on each metric of --metric are counted
# apart; `instructions` among them adds --counters simulate (each measured run is followed by
# one under Cachegrind), `task-clock` adds --counters task-clock (perf), and every metric is
# then read from the same trials. Every other
# setting is versus's default (ab: 2 warmup runs each; cmd: 1 warmup run; the metric's
# threshold). With --mode compare, each trial instead writes two separate `versus cmd --runs R`
# documents one after the other (before, then after, with WORK_UNITS set so that the command
# line, hence the cell, is the same) and gates them with `versus compare --metric M`: drift of
# the machine between the two then counts too.
#
# --load makes every trial twice: idle, then under a bounded background load made by this
# script for the length of that trial: two CPU burners (busy shell loops) and a memory streamer
# (python3 copying a 64 MiB buffer over and over), each under `timeout` as a backstop, all
# killed when the trial ends and when the script exits or is interrupted. Other users of the
# machine are a noisy neighbour too, in both conditions: the load average is printed per trial.
#
# Usage: scripts/validate-gate.sh [--build DIR] [--trials N] [--runs "10 20 30 default"]
#                                 [--mode ab|compare] [--metric "wall cpu instructions"]
#                                 [--base N] [--changes "1 2 5"] [--load] [--keep DIR]
# (run counts in increasing order; "default" passes no --runs: for `versus cmd`, at least 10
# runs and at least 3 s of them, as hyperfine does; default list: ab "10 20 30", compare
# "10 30 default"; --metric default "wall cpu"; --base 100; --changes 10). Prints, per
# condition, metric and run count, the false alarms and detections per change with their
# counts, then the smallest qualifying run count (false alarms <= 5 %, detection of the
# smallest change >= 90 %). Exit 0 when one qualifies for some metric, 1 when none does, 2 on
# bad usage.
set -euo pipefail
cd "$(dirname "$0")/.."

build=build
trials=30
runs_list=""
mode=ab
keep=""
metrics="wall cpu"
base=100
changes=10
load=no
while [ $# -gt 0 ]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --trials) trials=$2; shift 2 ;;
    --runs) runs_list=$2; shift 2 ;;
    --mode) mode=$2; shift 2 ;;
    --metric) metrics=$2; shift 2 ;;
    --base) base=$2; shift 2 ;;
    --changes) changes=$2; shift 2 ;;
    --load) load=yes; shift ;;
    --keep) keep=$2; shift 2 ;;
    -h|--help) sed -n '2,45p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "validate-gate.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$mode" in ab|compare) ;; *) echo "validate-gate.sh: --mode must be ab or compare" >&2; exit 2 ;; esac
# ab: 10 is its default run count; compare: "default" is `versus cmd` without --runs (at least
# 10 runs and at least 3 s of them, hyperfine's rule).
[ -n "$runs_list" ] || { [ "$mode" = ab ] && runs_list="10 20 30" || runs_list="10 30 default"; }
case "$trials" in ''|*[!0-9]*) echo "validate-gate.sh: --trials needs a number" >&2; exit 2 ;; esac
for m in $metrics; do
  case "$m" in wall|cpu|rss|instructions|task-clock) ;;
    *) echo "validate-gate.sh: --metric: '$m' is not wall, cpu, rss, instructions or task-clock" >&2; exit 2 ;;
  esac
done
# The counters the metrics need: instructions are counted under simulation, task-clock by perf.
wanted=()
case " $metrics " in *" instructions "*) wanted+=(simulate) ;; esac
case " $metrics " in *" task-clock "*) wanted+=(task-clock) ;; esac
counters=()
if [ ${#wanted[@]} -gt 0 ]; then
  counters=(--counters "$(IFS=,; echo "${wanted[*]}")")
fi
conditions=idle
[ "$load" = yes ] && conditions="idle load"

versus=$build/versus
work=$build/tests/helpers/work_units
for f in "$versus" "$work"; do
  if [ ! -x "$f" ]; then
    echo "validate-gate.sh: $f is missing: build first (cmake -B $build && cmake --build $build)" >&2
    exit 2
  fi
done
work=$(cd "$(dirname "$work")" && pwd)/work_units
# The amount of work of each A/B side: BASE * (1 + C/100), with 2 decimals.
declare -A units_of
for c in $changes; do
  units_of[$c]=$(python3 -c "print(f'{$base * (1 + $c / 100):.2f}'.rstrip('0').rstrip('.'))")
done

load_pids=()
stop_load() {
  local p
  for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${load_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  load_pids=()
}
# Two CPU burners and a memory streamer, each bounded by `timeout` in case this script is
# killed with SIGKILL (nothing can then stop them but that).
start_load() {
  local i
  for i in 1 2; do
    timeout 900 bash -c 'while :; do :; done' &
    load_pids+=($!)
  done
  timeout 900 python3 -c '
b = bytearray(64 << 20)
while True:
    c = bytes(b)
' &
  load_pids+=($!)
}

if [ -n "$keep" ]; then
  tmp=$keep
  mkdir -p "$tmp"
else
  tmp=$(mktemp -d)
fi
cleanup() { stop_load; [ -n "$keep" ] || rm -rf "$tmp"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# Prints one 0/1 per metric of $metrics (1: that metric's verdict is "regressed"): from a
# `versus ab` document FILE.json, or from the versus-compare/1 reports FILE.METRIC.json.
verdicts() {
  python3 - "$1" $metrics <<'PY'
import json, os, sys
path, names = sys.argv[1], sys.argv[2:]
def regressed(cells, metric):
    return int(next((c["verdict"] for c in cells if c.get("metric", metric) == metric), "n/a") == "regressed")
if os.path.exists(path + ".json"):
    cells = json.load(open(path + ".json"))["comparison"]["cells"]
    print(*(regressed(cells, m) for m in names))
else:
    out = []
    for m in names:
        try:
            out.append(regressed(json.load(open(f"{path}.{m}.json"))["cells"], m))
        except (OSError, ValueError, KeyError):
            out.append(0)
    print(*out)
PY
}

# One trial of one kind (aa, or a change C) at R runs; prints one 0/1 per metric.
trial() {
  local kind=$1 r=$2 t=$3 cond=$4 units=$base
  [ "$kind" = aa ] || units=${units_of[$kind]}
  local out=$tmp/$cond-$kind-r$r-t$t
  local runs_args=(--runs "$r")
  [ "$r" = default ] && runs_args=()
  # ab shows wall, CPU, peak RSS and (simulating) instructions; task-clock as its gated metric.
  local metric_args=()
  case " $metrics " in *" task-clock "*) metric_args=(--metric task-clock) ;; esac
  if [ "$mode" = ab ]; then
    "$versus" ab --quiet "${runs_args[@]}" "${counters[@]}" "${metric_args[@]}" --check-output none \
      --json "$out.json" "$work $base" "$work $units" >/dev/null 2>"$out.err" || true
  else
    WORK_UNITS=$base "$versus" cmd --quiet "${runs_args[@]}" "${counters[@]}" \
      --json "$out.before.json" "$work" >/dev/null 2>"$out.err" || true
    WORK_UNITS=$units "$versus" cmd --quiet "${runs_args[@]}" "${counters[@]}" \
      --json "$out.after.json" "$work" >/dev/null 2>>"$out.err" || true
    for m in $metrics; do
      "$versus" compare --metric "$m" --json "$out.$m.json" "$out.before.json" \
        "$out.after.json" >/dev/null 2>>"$out.err" || true
    done
  fi
  verdicts "$out"
}

kinds="aa $changes"
declare -A count seconds
for cond in $conditions; do
  for r in $runs_list; do
    seconds[$cond-$r]=0
    for k in $kinds; do for m in $metrics; do count[$cond-$r-$k-$m]=0; done; done
  done
done
echo "validate-gate: mode $mode, $trials trials, run counts: $runs_list; metrics: $metrics;" \
  "work_units $base against +$changes %; conditions: $conditions" >&2
echo "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
start_all=$(date +%s)
for t in $(seq 1 "$trials"); do
  line="trial $t/$trials:"
  for cond in $conditions; do
    [ "$cond" = load ] && start_load
    for r in $runs_list; do
      s=$(date +%s.%N)
      for kind in $kinds; do
        read -r -a got <<<"$(trial "$kind" "$r" "$t" "$cond")"
        i=0
        for m in $metrics; do
          count[$cond-$r-$kind-$m]=$((count[$cond-$r-$kind-$m] + got[i]))
          i=$((i + 1))
        done
      done
      e=$(date +%s.%N)
      seconds[$cond-$r]=$(python3 -c "print(${seconds[$cond-$r]} + $e - $s)")
      line="$line $cond R=$r (load $(cut -d' ' -f1 /proc/loadavg))"
      for m in $metrics; do
        line="$line $m:"
        for kind in $kinds; do line="$line ${count[$cond-$r-$kind-$m]}"; done
      done
      line="$line;"
    done
    [ "$cond" = load ] && stop_load
  done
  echo "$line (A/A alarms, then detections per change)" >&2
done

echo "mode $mode, $trials trials, work_units $base; load average at the end:" \
  "$(cut -d' ' -f1-3 /proc/loadavg); total $(($(date +%s) - start_all)) s"
pct() { python3 -c "print(f'{100 * $1 / $2:.0f}')"; }
status=1
smallest=${changes%% *}
for m in $metrics; do
  for cond in $conditions; do
    best=""
    for r in $runs_list; do
      a=${count[$cond-$r-aa-$m]}
      text="false alarms $a/$trials"
      for c in $changes; do
        d=${count[$cond-$r-$c-$m]}
        text="$text, +$c %: $d/$trials ($(pct "$d" "$trials") %)"
      done
      d=${count[$cond-$r-$smallest-$m]}
      ok=no
      if [ $((a * 100)) -le $((5 * trials)) ] && [ $((d * 100)) -ge $((90 * trials)) ]; then
        ok=yes
        [ -z "$best" ] && best=$r
      fi
      printf '%-12s %-4s --runs %3s: %s; %4.0f s; qualifies: %s\n' "$m" "$cond" "$r" "$text" \
        "${seconds[$cond-$r]}" "$ok"
    done
    if [ -n "$best" ]; then
      echo "$m $cond: smallest qualifying run count: $best"
      status=0
    else
      echo "$m $cond: no run count qualifies"
    fi
  done
done
exit $status
