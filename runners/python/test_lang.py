"""test_lang.py - unit tests of the Python runners' language workloads, parallel and gc-latency
(versus_lang.py, parallel_task.py, gc_latency_task.py; standard library unittest).

Run from the project root:  python3 -m unittest discover -s runners/python
The parallel digests are checked against hashlib worked by hand and against the C runner's
pinned first line; the gc-latency digest of a tiny run is the one every runner printed for it
(C, Go, Rust, Node, Python); the command-line cases check exit codes and the one-line-on-stderr
rule by running versus_lang.py as a child process.
"""

import hashlib
import os
import subprocess
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import gc_latency_task  # noqa: E402  pylint: disable=wrong-import-position
import parallel_task  # noqa: E402  pylint: disable=wrong-import-position


def _run(*args):
    """Runs versus_lang.py with args; returns (exit code, stdout, stderr)."""
    proc = subprocess.run([sys.executable, "-B", os.path.join(HERE, "versus_lang.py"), *args],
                          capture_output=True, text=True, check=False, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


class ParallelTest(unittest.TestCase):
    """Workload parallel."""

    def test_task_is_a_sha256_chain(self):
        digest = hashlib.sha256(b"versus-parallel-3").digest()
        self.assertEqual(parallel_task.run_task(3, 1), digest.hex())
        self.assertEqual(parallel_task.run_task(3, 2), hashlib.sha256(digest).hexdigest())

    def test_threads_and_processes_agree(self):
        threads, tm = parallel_task.run(5, 2, 100, "threads")
        processes, pm = parallel_task.run(5, 0, 100, "processes")
        self.assertEqual(threads, processes)
        self.assertEqual([line.split()[1] for line in threads], ["0", "1", "2", "3", "4"])
        self.assertEqual(dict(tm)["workers"], 2)
        self.assertEqual(dict(pm)["workers"], os.cpu_count() or 1)
        with self.assertRaises(ValueError):
            parallel_task.run(1, 1, 1, "fibers")

    def test_command_line(self):
        code, out, err = _run("parallel", "--tasks", "2", "--workers", "1", "--rounds", "1")
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(out.splitlines()[0],
                         "task 0 " + hashlib.sha256(b"versus-parallel-0").hexdigest())
        for bad in (["parallel", "--tasks", "0", "--workers", "1", "--rounds", "1"],
                    ["parallel", "--tasks", "1", "--workers", "1"],
                    ["parallel", "--tasks", "1", "--workers", "1", "--rounds", "1", "--pool", "x"],
                    ["frob"]):
            code, out, err = _run(*bad)
            self.assertEqual(code, 2, bad)
            self.assertEqual(out, "")
            self.assertEqual(len(err.splitlines()), 1, err)


class GcLatencyTest(unittest.TestCase):
    """Workload gc-latency."""

    def test_summary(self):
        pairs = dict(gc_latency_task.latency_summary([0.0001, 0.002, 0.005, 0.0001, 0.003, 0.0002]))
        self.assertEqual(pairs["pauses"], 2)
        self.assertAlmostEqual(pairs["pause_s"], 0.008)
        self.assertEqual(pairs["max_s"], 0.005)
        self.assertEqual(pairs["p50_s"], 0.0002)  # rank ceil(0.5 * 6) = 3 of the sorted values
        self.assertEqual(pairs["p90_s"], 0.005)  # rank ceil(0.9 * 6) = 6
        self.assertEqual(pairs["p999_s"], 0.005)
        self.assertEqual(pairs["p9999_s"], 0.005)

    def test_percentiles_are_nearest_rank(self):
        latencies = [(10000 - i) / 1e6 for i in range(10000)]  # 10 ms down to 1 µs
        pairs = dict(gc_latency_task.latency_summary(latencies))
        want = {"p50_s": 5000, "p90_s": 9000, "p99_s": 9900, "p999_s": 9990, "p9999_s": 9999,
                "max_s": 10000}
        for name, rank in want.items():
            self.assertAlmostEqual(pairs[name], rank / 1e6, places=12, msg=name)

    def test_keys_are_distinct(self):
        self.assertEqual(len({gc_latency_task.key_of(k) for k in range(100000)}), 100000)
        self.assertEqual(gc_latency_task.key_of(1), 2654435761)
        self.assertEqual(gc_latency_task.key_of(2), (2 * 2654435761) % 2**32)

    def test_digest_matches_every_runner(self):
        # versus-runner-{c,go,rust} and node printed this for these arguments.
        lines, values = gc_latency_task.run(100000, 2000, 100000, 16384)
        self.assertEqual(lines, ["entries=100000 requests=2000 checksum=129129035 state=312678897"])
        names = [name for name, _ in values]
        for name in ("build_s", "serve_s", "p50_s", "p90_s", "p99_s", "p999_s", "p9999_s",
                     "max_s", "pause_s", "pauses"):
            self.assertIn(name, names)


if __name__ == "__main__":
    unittest.main()
