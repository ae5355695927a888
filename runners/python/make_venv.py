#!/usr/bin/env python3
"""make_venv.py - build step of the `python-orjson` runner: a venv with the pinned requirements.

    python3 make_venv.py VENV_DIR REQUIREMENTS

Creates VENV_DIR with `python -m venv` run by this very interpreter (sys.executable, the real
binary even when `python3` on PATH is a pyenv shim) and pip-installs REQUIREMENTS (pinned
`name==version` lines, wheels only: nothing is compiled) into it. Idempotent: a stamp file in
the venv records the interpreter and the requirements it was built from; when both are
unchanged the script does nothing and exits 0 at once. When either changed the venv is
recreated from scratch (`venv --clear`), so no package from an old requirements file lingers.

Exit codes: 0 done (or nothing to do); 2 on any failure, with one line on stderr (for a
failed pip, pip's own last error line). The stamp is written last, so a failed build is
retried next time. Concurrent builds (two harness runs at once) are serialised with an
exclusive flock on the requirements file: the second waits, then finds the venv up to date.
"""

import fcntl
import hashlib
import os
import subprocess
import sys

PROG = "make_venv.py"
STAMP_NAME = "versus-requirements.stamp"


class BuildError(Exception):
    """A failed step; the message is the one line to print."""


def stamp_text(requirements_bytes):
    """Returns what the stamp file holds for a build from requirements_bytes (the file's
    bytes) by this interpreter: its path, version and the SHA-256 of the requirements."""
    digest = hashlib.sha256(requirements_bytes).hexdigest()
    return f"interpreter={sys.executable}\nversion={sys.version.split()[0]}\nsha256={digest}\n"


def venv_python(venv_dir):
    """Path of the venv's interpreter, VENV_DIR/bin/python3."""
    return os.path.join(venv_dir, "bin", "python3")


def is_up_to_date(venv_dir, expected_stamp):
    """True when venv_dir has an interpreter and a stamp equal to expected_stamp (str)."""
    try:
        with open(os.path.join(venv_dir, STAMP_NAME), encoding="utf-8") as f:
            current = f.read()
    except OSError:
        return False
    return current == expected_stamp and os.path.exists(venv_python(venv_dir))


def _run(argv, what):
    """Runs argv (a list of str) quietly; raises BuildError naming `what` and quoting the last
    meaningful line of the command's output when it fails."""
    try:
        done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              check=False)
    except OSError as exc:
        raise BuildError(f"{what}: cannot run {argv[0]}: {exc.strerror or exc}") from None
    if done.returncode != 0:
        lines = [ln.strip() for ln in done.stdout.decode("utf-8", "replace").splitlines()]
        errors = [ln for ln in lines if ln.startswith("ERROR:")]
        last = (errors or [ln for ln in lines if ln] or ["(no output)"])[-1]
        raise BuildError(f"{what} failed (exit {done.returncode}): {last}")


def build(venv_dir, requirements_path):
    """Makes venv_dir hold a venv with requirements_path installed, unless it already does.

    Returns True when something was built, False when it was up to date. Raises BuildError.
    """
    try:
        f = open(requirements_path, "rb")  # pylint: disable=consider-using-with
    except OSError as exc:
        raise BuildError(f"{requirements_path}: {exc.strerror or exc}") from None
    with f:
        try:
            # Held until f closes: one build at a time (`venv --clear` under another
            # build's pip would leave a broken venv).
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            requirements = f.read()
        except OSError as exc:
            raise BuildError(f"{requirements_path}: {exc.strerror or exc}") from None
        return _build_locked(venv_dir, requirements_path, requirements)


def _build_locked(venv_dir, requirements_path, requirements):
    """The body of build, run while holding the lock: requirements is the file's bytes.
    Returns True when something was built, False when it was up to date. Raises BuildError."""
    expected = stamp_text(requirements)
    if is_up_to_date(venv_dir, expected):
        return False

    stamp_path = os.path.join(venv_dir, STAMP_NAME)
    if os.path.exists(stamp_path):
        os.remove(stamp_path)
    _run([sys.executable, "-m", "venv", "--clear", venv_dir], "python -m venv")
    _run([venv_python(venv_dir), "-m", "pip", "install", "--quiet", "--no-input",
          "--disable-pip-version-check", "--only-binary=:all:", "--require-virtualenv",
          "-r", requirements_path], "pip install")

    tmp_path = stamp_path + ".tmp"
    with open(tmp_path, "w", encoding="utf-8") as f:
        f.write(expected)
    os.replace(tmp_path, stamp_path)
    return True


def main(argv):
    """Command-line entry: argv is sys.argv[1:], [VENV_DIR, REQUIREMENTS]. Returns 0 or 2."""
    if len(argv) != 2:
        sys.stderr.write(f"{PROG}: usage: python3 make_venv.py VENV_DIR REQUIREMENTS\n")
        return 2
    venv_dir, requirements_path = (os.path.abspath(a) for a in argv)
    try:
        build(venv_dir, requirements_path)
    except BuildError as exc:
        sys.stderr.write(f"{PROG}: {exc}\n")
        return 2
    except Exception as exc:  # pylint: disable=broad-except  # one line, never a traceback
        sys.stderr.write(f"{PROG}: {type(exc).__name__}: {' '.join(str(exc).split())}\n")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
