#!/usr/bin/env bash
# scripts/calibrate-contamination.sh - how many runs does the contamination flag mark, on this
# machine as it is and beside a load? The measurements behind the thresholds in
# harness/measure/contention.h (README, "Counters and contaminated runs"; BIAS.md).
#
# Runs seven commands (CPU-bound work_units 40 and 200, sleep_ms 30, touch_mib 64,
# python3 -c pass, grep -c and gzip -1 on a 40 MB text made here) with
# `versus cmd --runs 15 --warmup 1`, TRIALS times in two conditions: the machine as it is, and
# beside validate-gate.sh's load (two CPU burners and a 64 MiB memory streamer, bounded by
# `timeout`). For each document scripts/rejudge-contamination.py prints how many measured runs
# versus flagged, the former fixed rule (more than 2 + 10/s involuntary switches, or steal
# above 5 %), and today's rule by its parts (steal, CPU pressure, switches).
#
# usage: scripts/calibrate-contamination.sh [--trials N] [--keep DIR]    (build/ must be built)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
trials=2
keep=
while [ $# -gt 0 ]; do
  case $1 in
    --trials) trials=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--trials N] [--keep DIR]" >&2; exit 2 ;;
  esac
done
versus=$root/build/versus
helpers=$root/build/tests/helpers
tmp=${keep:-$(mktemp -d)}
mkdir -p "$tmp"
load_pids=()
stop_load() {
  for p in "${load_pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${load_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  load_pids=()
}
cleanup() { stop_load; [ -n "$keep" ] || rm -rf "$tmp"; }
trap cleanup EXIT
head -c 30000000 /dev/urandom | base64 >"$tmp/text.txt"
cmds=("$helpers/work_units 40" "$helpers/work_units 200" "$helpers/sleep_ms 30"
  "$helpers/touch_mib 64" "$(command -v python3) -c pass" "$(command -v grep) -c abc $tmp/text.txt"
  "$(command -v gzip) -1 -c $tmp/text.txt")
docs=()
for trial in $(seq 1 "$trials"); do
  for cond in idle load; do
    if [ "$cond" = load ]; then
      for i in 1 2; do timeout 900 bash -c 'while :; do :; done' & load_pids+=($!); done
      timeout 900 python3 -c '
b = bytearray(64 << 20)
while True:
    c = bytes(b)
' & load_pids+=($!)
      sleep 1
    fi
    echo "trial $trial $cond: load average $(cut -d' ' -f1 /proc/loadavg)" >&2
    "$versus" cmd --runs 15 --warmup 1 --color never --json "$tmp/$cond$trial.json" "${cmds[@]}" \
      >"$tmp/$cond$trial.out" 2>&1
    stop_load
    docs+=("$tmp/$cond$trial.json")
  done
done
"$root/scripts/rejudge-contamination.py" "${docs[@]}"
