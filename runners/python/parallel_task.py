"""parallel_task.py - workload `parallel` for the Python runners (runners/README.md, "Workload
parallel"): N independent CPU-bound tasks run by W workers.

Task t hashes the ASCII bytes b"versus-parallel-<t>" with SHA-256 (hashlib), then the 32-byte
digest again, `rounds` times in all. hashlib holds the GIL while it hashes fewer than 2048
bytes, so a thread running a task holds the GIL for the whole loop except where the interpreter
switches threads (every 5 ms, sys.getswitchinterval()).

pool "threads": concurrent.futures.ThreadPoolExecutor(W), the `python` runner (ordinary
threaded code; on a free-threaded build the same code runs without the GIL). pool "processes":
concurrent.futures.ProcessPoolExecutor(W) with the platform's default start method, the
`python-processes` runner. W = 0 means os.cpu_count() workers.

Returns the lines to print ("task <t> <hex digest>") and the metrics: compute_s (pool created
to every result back: thread or process start-up included, as users pay it) and workers.
"""

import concurrent.futures
import hashlib
import os
import time

POOLS = ("threads", "processes")


def run_task(task, rounds):
    """The digest of task `task` after `rounds` rounds of SHA-256, as 64 hex digits."""
    sha256 = hashlib.sha256
    digest = sha256(b"versus-parallel-%d" % task).digest()
    for _ in range(rounds - 1):
        digest = sha256(digest).digest()
    return digest.hex()


def run(tasks, workers, rounds, pool):
    """Runs tasks 0..tasks-1 with `workers` workers of kind `pool` (POOLS). Returns (lines,
    metrics pairs). Raises ValueError for an unknown pool."""
    if pool not in POOLS:
        raise ValueError(f"unknown pool {pool!r} (known: {', '.join(POOLS)})")
    if workers == 0:
        workers = os.cpu_count() or 1
    executor_type = (concurrent.futures.ThreadPoolExecutor if pool == "threads"
                     else concurrent.futures.ProcessPoolExecutor)
    start = time.monotonic()
    with executor_type(max_workers=workers) as executor:
        digests = list(executor.map(run_task, range(tasks), [rounds] * tasks))
    compute_s = time.monotonic() - start
    lines = [f"task {t} {digest}" for t, digest in enumerate(digests)]
    return lines, [("compute_s", compute_s), ("workers", workers)]
