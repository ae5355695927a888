#!/usr/bin/env python3
"""Lists the longest C functions below a folder (default: harness/), longest first.

A simple brace-matching scan, not a parser: a function starts at a line that begins with a
lower-case letter and has a '(' (the signature, e.g. "static int parse(...)"), possibly wrapped
over several lines, whose body opens with "{" alone at the start of a line and closes with "}"
alone at the start of a line (the clang-format style of this repository). A function's length
counts its lines from the signature's first line to the closing brace, both included.

Usage: scripts/longest-functions.py [DIR] [--most N]   (default harness, 10)
"""
import os
import re
import sys

SIGNATURE = re.compile(r"^[a-z][^;{}]*\(")
NAME = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)\s*\(")


def functions(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        if SIGNATURE.match(lines[i]):
            start = i
            j = i
            # the signature may wrap: look for "{" alone at the start of a line before any ";"
            while j < len(lines) and lines[j] != "{" and not lines[j].rstrip().endswith(";"):
                j += 1
            if j < len(lines) and lines[j] == "{":
                k = j + 1
                while k < len(lines) and lines[k] != "}":
                    k += 1
                name = NAME.search(lines[start])
                yield (k - start + 1, start + 1, name.group(1) if name else "?")
                i = k + 1
                continue
        i += 1


def main(argv):
    root, most = "harness", 10
    args = list(argv)
    if "--most" in args:
        k = args.index("--most")
        most = int(args[k + 1])
        del args[k : k + 2]
    if args:
        root = args[0]
    found = []
    for d, _, files in os.walk(root):
        for name in files:
            if name.endswith(".c"):
                path = os.path.join(d, name)
                for length, line, fn in functions(path):
                    found.append((length, os.path.relpath(path, root), line, fn))
    found.sort(key=lambda t: (-t[0], t[1], t[2]))
    for length, path, line, fn in found[:most]:
        print(f"{length:5d}  {path}:{line}  {fn}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
