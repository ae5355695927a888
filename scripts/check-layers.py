#!/usr/bin/env python3
"""scripts/check-layers.py - check that harness/ keeps its data flow.

Usage: scripts/check-layers.py [BUILD_DIR]     (exit 0 clean, 1 on a finding, 2 on bad usage)

Two checks, over the folders of harness/ (README, "Layout"):

1. Layers, from the `#include "stage/module.h"` lines: a file may include from its own stage
   or a stage below it in STAGES, never from a stage above (the measure stage must not know the
   report exists). Side stages (data, conform, mock_llm) sit between measure and result.
2. Cycles between modules, a module being a .c/.h pair: from the include lines, and, when
   BUILD_DIR is given, from the object files themselves (`nm`: module A depends on module B
   when A's object uses a symbol that B's object defines), which also catches a helper declared
   in one header but defined in another module's .c. Any cycle is printed and fails the check.
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
HARNESS = os.path.join(os.path.dirname(HERE), "harness")
# Lowest first. A stage may include its own and any earlier stage.
STAGES = ["util", "define", "measure", "data", "conform", "mock_llm", "result", "compare",
          "output", "cli"]
RANK = {s: i for i, s in enumerate(STAGES)}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def sources():
    for root, _dirs, files in os.walk(HARNESS):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                yield os.path.relpath(os.path.join(root, f), HARNESS)


def stage_of(rel):
    return rel.split(os.sep)[0]


def module_of(rel):
    return os.path.splitext(rel)[0]


def find_cycles(graph):
    """Tarjan's strongly connected components; returns the components of more than one node."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def object_graph(build_dir):
    objs = []
    for root, _dirs, files in os.walk(os.path.join(build_dir, "harness")):
        objs += [os.path.join(root, f) for f in files if f.endswith(".c.o")]
    defined, used = {}, {}
    for o in objs:
        m = re.search(r"versuscore\.dir/(.*)\.c\.o$", o)
        if not m:
            continue
        mod = m.group(1)
        nm = subprocess.run(["nm", "--defined-only", "-g", o], capture_output=True, text=True)
        for line in nm.stdout.splitlines():
            parts = line.split()
            if len(parts) == 3:
                defined[parts[2]] = mod
        nm = subprocess.run(["nm", "-u", o], capture_output=True, text=True)
        used[mod] = {line.split()[-1] for line in nm.stdout.splitlines() if line.strip()}
    graph = {}
    for mod, syms in used.items():
        graph[mod] = {defined[s] for s in syms if s in defined and defined[s] != mod}
    return graph


def main():
    if len(sys.argv) > 2:
        print(__doc__.splitlines()[2], file=sys.stderr)
        return 2
    problems = 0
    graph = {}
    for rel in sources():
        st = stage_of(rel)
        if st not in RANK:
            print(f"harness/{rel}: not in a stage folder ({', '.join(STAGES)})")
            problems += 1
            continue
        mod = module_of(rel)
        graph.setdefault(mod, set())
        with open(os.path.join(HARNESS, rel), encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = m.group(1)
                if "/" not in target:  # a program's own header beside it (measure/spawner)
                    target = os.path.join(os.path.dirname(rel), target)
                tst = stage_of(target)
                if tst not in RANK:
                    print(f"harness/{rel}:{n}: includes \"{m.group(1)}\", outside the stages")
                    problems += 1
                    continue
                if RANK[tst] > RANK[st]:
                    print(f"harness/{rel}:{n}: stage {st} includes {m.group(1)} "
                          f"from stage {tst}, above it")
                    problems += 1
                if module_of(target) != mod:
                    graph[mod].add(module_of(target))
    for comp in find_cycles(graph):
        print("include cycle: " + " <-> ".join(comp))
        problems += 1
    if len(sys.argv) == 2:
        for comp in find_cycles(object_graph(sys.argv[1])):
            print("symbol cycle (objects use each other's functions): " + " <-> ".join(comp))
            problems += 1
    n = sum(1 for _ in sources())
    print(f"check-layers: {n} files in {len(STAGES)} stages, {problems} problem(s)",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
