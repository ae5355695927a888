#!/bin/sh
# check.sh VERSUS SCRATCH - captures every output of VERSUS over the fixtures (capture.sh) into
# SCRATCH and compares it byte for byte with tests/golden/expected.txt, the outputs of the
# build before the readers of the result document became one (issue 10). A difference is a
# change of behaviour: when one is meant, regenerate the expected text with
#   tests/golden/capture.sh "$PWD/build/versus" /tmp/golden && cp /tmp/golden/all.txt tests/golden/expected.txt
# and say why in the commit.
set -u
here=$(cd "$(dirname "$0")" && pwd)
"$here/capture.sh" "$1" "$2" || exit 1
if diff -u "$here/expected.txt" "$2/all.txt" >"$2.diff"; then
    echo "golden outputs: identical"
    exit 0
fi
head -200 "$2.diff"
echo "golden outputs differ: see $2.diff"
exit 1
