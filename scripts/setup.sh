#!/usr/bin/env bash
# scripts/setup.sh - install what versus needs on a Debian machine and build it.
#
# Idempotent: installs only the Debian packages that are missing (apt-get, as root or through
# sudo), then configures and builds build/ (the harness, the C runner and the tests). The Go,
# Rust and Python runners are built by versus itself from runners/runners.json when a run
# needs them (cargo fetches the crates pinned in runners/rust/Cargo.lock; pip installs the
# wheels pinned in runners/python/requirements.txt into runners/python/.venv).
#
# Needs: Debian or Ubuntu, network access to the Debian archive, crates.io and PyPI; Go, Rust
# (cargo), Python 3 and Node.js (npm) as this project's machines have them.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config          # the C toolchain
  libjansson-dev libpcre2-dev libxxhash-dev libssl-dev   # harness and C runner libraries
  libyajl-dev                               # versus compare's streaming reader of large documents
  check libsubunit-dev                      # unit tests
  libevent-dev libhttp-parser-dev libcurl4-openssl-dev  # mock LLM server (agent workload) and its tests
  grep ripgrep                              # the real tools measured beside our runners
  findutils fd-find xz-utils                # find -> fd (claims); xz for the kernel tarball
  lsd bat                                   # ls -> lsd, cat -> bat (claims; Debian names bat's binary batcat)
  gnuplot-nox hyperfine                     # plots; cross-checking against hyperfine
  valgrind linux-perf                       # simulated instruction counts (Cachegrind); perf stat cross-checks
  clang-format clang-tidy                   # style checks
  npm                                       # `versus data fetch` uses `npm pack`
  python3-venv
  chromium                                  # the history dashboard's browser test (headless)
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
# npm and python3-venv may come from elsewhere (nodesource, pyenv): accept the commands.
if command -v npm >/dev/null 2>&1; then missing=("${missing[@]/npm}"); fi
if python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then missing=("${missing[@]/python3-venv}"); fi
read -r -a missing <<<"${missing[*]}"
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for tool in go cargo python3 node; do
  command -v "$tool" >/dev/null 2>&1 || echo "setup: warning: '$tool' not found; its runner will be skipped" >&2
done

build_dir=${VERSUS_BUILD_DIR:-build}
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
