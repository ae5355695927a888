"""metrics.py - the optional metrics channel of the runner protocol (VERSUS_METRICS_FD).

When the environment has VERSUS_METRICS_FD=N, file descriptor N is open for writing and the
runner may write `name=value` lines to it, once, at the end (runners/README.md, "Metrics
channel"). Without the variable nothing is opened or written. A failure to write never changes
the runner's exit code, so every error here is swallowed.
"""

import os

ENV_VAR = "VERSUS_METRICS_FD"


def emit(values):
    """Writes each (name, value) pair of values as one `name=value` line to the metrics fd.

    values: an iterable of (str, float) pairs; a name ends with its unit (`_s`: seconds), a
    value is printed with 9 decimals. Returns True when the lines were written, False when the
    channel is absent or broken. Never raises.
    """
    fd_text = os.environ.get(ENV_VAR)
    if not fd_text:
        return False
    try:
        fd = int(fd_text)
        data = "".join(f"{name}={value:.9f}\n" for name, value in values).encode("ascii")
        while data:
            written = os.write(fd, data)
            data = data[written:]
        return True
    except (ValueError, OSError):
        return False
