"""fresh_env.py - the unmeasured `prepare` step of the pip-install and venv-create workloads.

    python3 fresh_env.py --venv DIR [--make-venv] [--cache DIR [--empty-cache]]

Removes DIR (the environment the measured run installs into or creates), and with --make-venv
creates it again as an empty virtual environment without pip (`python -m venv --without-pip`,
by the base interpreter of this one, sys._base_executable: the interpreter both pip and uv are
then pointed at). With --cache, makes sure the cache directory exists; with --empty-cache, it
is removed first (the "cold" case: the tool starts from an empty cache). Prints what it did
on one line. Exit codes: 0 done; 2 on failure, with one line on stderr.
"""

import argparse
import os
import shutil
import subprocess
import sys


def main():
    ap = argparse.ArgumentParser(prog="fresh_env.py")
    ap.add_argument("--venv", required=True)
    ap.add_argument("--make-venv", action="store_true")
    ap.add_argument("--cache")
    ap.add_argument("--empty-cache", action="store_true")
    a = ap.parse_args()
    try:
        shutil.rmtree(a.venv, ignore_errors=False) if os.path.lexists(a.venv) else None
        if a.make_venv:
            base = getattr(sys, "_base_executable", sys.executable)
            subprocess.run([base, "-m", "venv", "--without-pip", a.venv], check=True)
        if a.cache:
            if a.empty_cache and os.path.lexists(a.cache):
                shutil.rmtree(a.cache)
            os.makedirs(a.cache, exist_ok=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"fresh_env.py: {exc}", file=sys.stderr)
        return 2
    cache = f", cache {'emptied' if a.empty_cache else 'kept'}" if a.cache else ""
    print(f"{a.venv}: {'empty venv' if a.make_venv else 'removed'}{cache}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
