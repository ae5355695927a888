#!/usr/bin/env python3
"""scripts/check-test-names.py - check that the Check tests are named as behaviour sentences.

Usage: scripts/check-test-names.py [-v]     (exit 0 clean, 1 on a finding)

A test's name should say what it checks (`test_the_median_of_an_even_count_is_the_mean_of_the_
middle_two`), not what it is about (`test_median`): a failure then reads as the broken promise.
Heuristic: a name of fewer than MIN_WORDS words (split on `_`, after a leading `test_`) is a
noun, not a sentence. Scans START_TEST(...) in tests/unit/*.c and tests/integration/*.c and
prints each short name as file:line: name. ALLOWED lists short names that really are sentences,
each with its reason. -v also prints the counts.
"""
import glob
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MIN_WORDS = 4
START = re.compile(r"^\s*START_TEST\s*\(\s*(\w+)\s*\)")
# name -> why a name this short is still a sentence.
ALLOWED = {
}


def words(name):
    if name.startswith("test_"):
        name = name[len("test_"):]
    return [w for w in name.split("_") if w]


def main(argv):
    verbose = "-v" in argv[1:]
    files = sorted(glob.glob(os.path.join(ROOT, "tests", "unit", "*.c")) +
                   glob.glob(os.path.join(ROOT, "tests", "integration", "*.c")))
    total = 0
    short = []
    for path in files:
        with open(path, encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                m = START.match(line)
                if not m:
                    continue
                total += 1
                name = m.group(1)
                if len(words(name)) < MIN_WORDS and name not in ALLOWED:
                    short.append((os.path.relpath(path, ROOT), lineno, name))
    for rel, lineno, name in short:
        print(f"{rel}:{lineno}: {name}")
    if verbose or short:
        print(f"{len(short)} of {total} tests have a name of fewer than {MIN_WORDS} words",
              file=sys.stderr)
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
