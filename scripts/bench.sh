#!/usr/bin/env bash
# scripts/bench.sh - the README's first command: set up, fetch and generate the inputs, and run
# the default suite on them, printing the table and writing results/<UTC time>.json and
# results/latest.json. Arguments are passed to `versus run` (e.g. --quick, --workload grep).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build/versus data fetch
build/versus data gen
exec build/versus run "$@"
