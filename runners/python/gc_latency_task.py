"""gc_latency_task.py - workload `gc-latency` for the Python runner (runners/README.md,
"Workload gc-latency"): a service-shaped loop over a live heap of M small records (a dict from
the int key to a record object with __slots__) serving R requests at Q per second, each
reading one record, replacing another and building a B-byte response.

CPython frees the replaced record at once by reference counting; its cyclic collector runs
when tracked allocations outnumber deallocations by the generation-0 threshold (gc.get_threshold),
which a replace-one-with-one loop hardly triggers, so the collector is left at its defaults.
Each request's latency runs from when it was due (t0 + i / Q on time.monotonic; the loop
busy-waits until then, so that no timer's resolution enters the latency), so a stall counts against every request behind it.

Returns the output line and the metrics: build_s, serve_s, p50_s, p90_s, p99_s,
p999_s, p9999_s, max_s, pause_s, pauses (latency_summary).
"""

import math
import time

MODULUS = 1_000_000_007
PAUSE_THRESHOLD_S = 0.001
MASK32 = 0xFFFFFFFF


class Record:  # pylint: disable=too-few-public-methods
    """One entry of the live heap."""
    __slots__ = ("key", "seq", "count", "name")

    def __init__(self, key, seq, count, name):
        self.key = key
        self.seq = seq
        self.count = count
        self.name = name


def key_of(k):
    """The key of entry k: k × 2654435761 mod 2^32."""
    return (k * 2654435761) & MASK32


def latency_summary(latencies):
    """Nearest-rank p50, p90, p99, p99.9, p99.99, the maximum, and the pauses (runs of
    consecutive requests above 1 ms, each as long as its largest latency): their total and their
    number, as metric pairs. latencies: seconds, in request order, at least one."""
    pauses, total, run_max = 0, 0.0, 0.0
    for value in latencies:
        if value > PAUSE_THRESHOLD_S:
            if run_max == 0.0:
                pauses += 1
            run_max = max(run_max, value)
        else:
            total += run_max
            run_max = 0.0
    total += run_max
    ordered = sorted(latencies)

    def rank(p):
        return ordered[max(math.ceil(p * len(ordered)), 1) - 1]

    return [("p50_s", rank(0.50)), ("p90_s", rank(0.90)), ("p99_s", rank(0.99)),
            ("p999_s", rank(0.999)), ("p9999_s", rank(0.9999)), ("max_s", ordered[-1]),
            ("pause_s", total), ("pauses", pauses)]


def run(entries, requests, rate, response_bytes):
    """Runs the workload. Returns ([line], metrics pairs)."""
    # pylint: disable=too-many-locals
    start = time.monotonic()
    heap = {}
    for k in range(entries):
        key = key_of(k)
        heap[key] = Record(key, k, 0, f"user-{key}")
    build_s = time.monotonic() - start
    latencies = [0.0] * requests
    monotonic = time.monotonic
    acc = 0
    t0 = monotonic()
    for i in range(requests):
        due = t0 + i / rate
        while monotonic() < due:
            pass  # busy-wait: no timer's resolution enters the latency
        read = heap[key_of(i * 2654435761 % entries)]
        acc = (acc + read.seq + read.count) % MODULUS
        wkey = key_of((i * 40503 + 12345) % entries)
        old = heap[wkey]
        count = old.count + 1
        fresh = Record(old.key, (old.seq * 31 + i) % MODULUS, count, f"user-{old.key}-{count}")
        heap[wkey] = fresh
        response = bytes((i % 251,)) * response_bytes
        acc = (acc + response[i % response_bytes] + len(fresh.name)) % MODULUS
        latencies[i] = monotonic() - due
    serve_s = monotonic() - t0
    state = 0
    for r in heap.values():
        state = (state + (r.key % MODULUS) * 31 + r.seq + r.count * 7 + len(r.name)) % MODULUS
    line = f"entries={entries} requests={requests} checksum={acc} state={state}"
    return [line], [("build_s", build_s), ("serve_s", serve_s)] + latency_summary(latencies)
