#!/usr/bin/env bash
# scripts/test.sh - the README's second command: the whole test suite.
#
#  1. set up and build (scripts/setup.sh), then build every runner (versus list --build);
#  2. ctest: Check unit tests of the harness modules and integration tests that launch real
#     processes, the real runners and the real tools;
#  3. each runner's own unit tests (python unittest, go test, cargo test, node --test);
#  4. the harness's unit tests again, built with AddressSanitizer and UBSan (build-asan/);
#  5. clang-tidy (default checks less one, see .clang-tidy), the harness's layering
#     (scripts/check-layers.py), the Check tests' names (scripts/check-test-names.py) and
#     clang-format --dry-run on the C sources.
set -euo pipefail
cd "$(dirname "$0")/.."
# A test the README promises must run here: with this set, a test whose prerequisite is
# missing (hyperfine, a runner not built, a venv without its module) fails instead of
# reporting a skip (tests/support/versus_test.h, runners/python-common/versus_testing.py).
export VERSUS_REQUIRE_ALL_TESTS=1
scripts/setup.sh
build/versus list --build

echo "== ctest" >&2
# Two at a time; the tests that judge timing are RUN_SERIAL (tests/CMakeLists.txt).
ctest --test-dir build --output-on-failure -j 2

echo "== runner unit tests" >&2
# unittest -v: every skip is printed with its reason (the summary alone hides what was skipped);
# on a failure the whole log.
unittest_v() {
  local log rc=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || rc=$?
  grep -E "skipped|^(Ran|OK|FAILED)" "$log" || true
  if [ "$rc" -ne 0 ]; then cat "$log"; fi
  rm -f "$log"
  return "$rc"
}
unittest_v runners/python/.venv/bin/python3 -m unittest discover -v -s runners/python
unittest_v env VERSUS_BIN=build/versus runners/python-frameworks/.venv/bin/python3 -m unittest \
  discover -v -s runners/python-frameworks
unittest_v runners/python-dataframe/.venv/bin/python3 -m unittest discover -v \
  -s runners/python-dataframe
node --test runners/node 2>&1 | tail -8
(cd runners/go && go test ./... 2>&1 | tail -3)
(cd runners/rust && cargo test --release --locked --quiet 2>&1 | tail -3)
# The code the Rust runners share (runners/rust-common), through runners/rust's lock file.
(cd runners/rust && cargo test --release --locked --quiet -p versus-runner-common 2>&1 | tail -3)

echo "== unit tests under ASan and UBSan" >&2
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DVERSUS_SANITIZE=ON >/dev/null
cmake --build build-asan -j "$(nproc)" >/dev/null
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -L unit -j 2

echo "== clang-tidy (default checks, .clang-tidy)" >&2
# One file an invocation (several in one process give false va_list findings), one
# invocation per core; the findings are judged below.
{ printf '%s\n' harness/*/*.c harness/measure/spawner/*.c runners/c/*.c |
  xargs -P "$(nproc)" -n 1 clang-tidy -p build --quiet 2>/dev/null || true; } |
  tee build/clang-tidy.txt
if grep -qE '(warning|error):' build/clang-tidy.txt; then
  echo "clang-tidy found problems (above)" >&2
  exit 1
fi

echo "== layers: no include from a stage above, no cycle (scripts/check-layers.py)" >&2
scripts/check-layers.py build

echo "== test names: behaviour sentences, not nouns (scripts/check-test-names.py)" >&2
scripts/check-test-names.py

echo "== clang-format" >&2
clang-format --dry-run --Werror harness/*/*.c harness/*/*.h harness/measure/spawner/*.c harness/measure/spawner/*.h \
  runners/c/*.c runners/c/*.h \
  tests/unit/*.c tests/integration/*.c tests/helpers/*.c
echo "all tests passed" >&2
