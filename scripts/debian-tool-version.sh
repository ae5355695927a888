#!/bin/sh
# scripts/debian-tool-version.sh EXE PACKAGE - the version line of a tool versus measures (a
# runner's "version" in runners/runners.json), with the Debian package it came from:
# "lsd 0.23.1 (Debian lsd 0.23.1-3)". The tool's own first line of `EXE --version`; the
# package's version from dpkg-query when PACKAGE is installed (else only the tool's line).
# Exits non-zero when EXE --version fails.
set -eu
line=$("$1" --version | head -n 1)
[ -n "$line" ] || exit 1
deb=$(dpkg-query -W -f='${Version}' "$2" 2>/dev/null || true)
if [ -n "$deb" ]; then
  echo "$line (Debian $2 $deb)"
else
  echo "$line"
fi
