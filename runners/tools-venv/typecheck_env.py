"""typecheck_env.py - the unmeasured steps around the typecheck workload's runs.

    python3 typecheck_env.py prepare --scratch DIR --source DIR [--cold]
    python3 typecheck_env.py files --tool mypy|ty|pyrefly --scratch DIR --source DIR

prepare (the workload's "prepare", before every run): makes DIR (the cell's scratch directory)
hold pyrefly.toml, pyrefly's configuration for the run, which names the source directory as
its only project include and ignores no files (pyrefly given a path on the command line with
-c skips files below a folder a .gitignore names, such as versus's data/, whatever
use-ignore-files says; a config's project-includes is not filtered), and, with --cold, removes
DIR/cache, mypy's incremental cache (ty and pyrefly keep none on disk).

files (the workload's "output", after every run): runs the tool again over the same source
directory, with the same options as the measured run and its own file listing turned on, and
prints "N files checked": mypy's summary line ("... (checked N source files)"), ty's debug log
(one "Checking file" line per file, -vv) and pyrefly's ("Checking N files", -v). The measured
run's diagnostics are not compared (each checker reports its own by design); this is how
versus checks that each ran over the same files. mypy runs here with its own cache directory
(DIR/files-cache), so that the measured runs' cache is neither filled nor changed by it.

Exit codes: 0 done; 2 on failure (the tool did not run or said nothing about its files), with
one line on stderr.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys

BIN = os.path.dirname(os.path.abspath(sys.executable))


def tool_argv(tool, scratch, source, cache):
    """The measured run's argv of tool (as runners/runners.json has it), with cache as mypy's
    cache directory."""
    python = os.path.join(BIN, "python3")
    if tool == "mypy":
        return [os.path.join(BIN, "mypy"), "--config-file=", "--cache-dir", cache,
                "--python-executable", python, source]
    if tool == "ty":
        return [os.path.join(BIN, "ty"), "check", "--python", python, "--output-format",
                "concise", "--no-progress", source]
    if tool == "pyrefly":
        return [os.path.join(BIN, "pyrefly"), "check", "-c", os.path.join(scratch, "pyrefly.toml"),
                "--python-interpreter-path", python, "--output-format", "min-text"]
    raise ValueError(f"unknown tool {tool!r}")


def count_files(tool, scratch, source):
    """How many files tool says it checked, or raises RuntimeError."""
    argv = tool_argv(tool, scratch, source, os.path.join(scratch, "files-cache"))
    if tool == "ty":
        argv.insert(2, "-vv")
    elif tool == "pyrefly":
        argv.insert(2, "-v")
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, check=False)
    out = done.stdout.decode("utf-8", "replace")
    err = done.stderr.decode("utf-8", "replace")
    if done.returncode not in (0, 1):
        last = (err.strip().splitlines() or ["(no output)"])[-1]
        raise RuntimeError(f"{tool} exited {done.returncode}: {last}")
    if tool == "mypy":
        m = re.search(r"\(checked (\d+) source files?\)|no issues found in (\d+) source files?",
                      out)
        n = m and int(m.group(1) or m.group(2))
    elif tool == "ty":
        n = len(set(re.findall(r"DEBUG Checking file '([^']*)'", err))) or None
    else:
        m = re.search(r"Checking (\d+) files", err)
        n = m and int(m.group(1))
    if not n:
        raise RuntimeError(f"{tool} did not say how many files it checked")
    return n


def prepare(scratch, source, cold):
    os.makedirs(scratch, exist_ok=True)
    quoted = source.replace("\\", "\\\\").replace('"', '\\"')
    with open(os.path.join(scratch, "pyrefly.toml"), "w", encoding="utf-8") as f:
        f.write(f'project-includes = ["{quoted}"]\nuse-ignore-files = false\n')
    cache = os.path.join(scratch, "cache")
    if cold and os.path.lexists(cache):
        shutil.rmtree(cache)
    return f"{scratch}: pyrefly.toml written, cache {'emptied' if cold else 'kept'}"


def main():
    ap = argparse.ArgumentParser(prog="typecheck_env.py")
    ap.add_argument("step", choices=["prepare", "files"])
    ap.add_argument("--scratch", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--tool", choices=["mypy", "ty", "pyrefly"])
    ap.add_argument("--cold", action="store_true")
    a = ap.parse_args()
    try:
        if a.step == "prepare":
            print(prepare(a.scratch, a.source, a.cold))
        else:
            if a.tool is None:
                raise RuntimeError("files needs --tool")
            print(f"{count_files(a.tool, a.scratch, a.source)} files checked")
    except (OSError, RuntimeError) as exc:
        print(f"typecheck_env.py: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
