// versus_lang.test.mjs - tests of the Node.js runner (node --test runners/node).
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { latencySummary } from "./versus_lang.mjs";

const script = fileURLToPath(new URL("./versus_lang.mjs", import.meta.url));

test("pauses are runs above 1 ms, each as long as its largest latency", () => {
  const s = Object.fromEntries(latencySummary([0.0001, 0.002, 0.005, 0.0001, 0.003, 0.0002]));
  assert.equal(s.pauses, 2);
  assert.ok(Math.abs(s.pause_s - 0.008) < 1e-12);
  assert.equal(s.max_s, 0.005);
  assert.equal(s.p50_s, 0.0002);
});

test("percentiles are nearest rank: the value at rank ceil(p × n)", () => {
  const lat = Array.from({ length: 10000 }, (_, i) => (10000 - i) / 1e6);
  const s = Object.fromEntries(latencySummary(lat));
  const want = { p50_s: 5000, p90_s: 9000, p99_s: 9900, p999_s: 9990, p9999_s: 9999, max_s: 10000 };
  for (const [k, v] of Object.entries(want)) assert.ok(Math.abs(s[k] - v / 1e6) < 1e-12, k);
});

test("the final-state digest is every runner's", () => {
  const r = spawnSync(process.execPath, [script, "gc-latency", "--entries", "100000",
    "--requests", "2000", "--rate", "100000", "--response-bytes", "16384"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "entries=100000 requests=2000 checksum=129129035 state=312678897\n");
});

test("bad arguments: exit 2, one line on stderr, nothing on stdout", () => {
  for (const args of [["gc-latency", "--entries", "0", "--requests", "1", "--rate", "1",
    "--response-bytes", "1"], ["gc-latency", "--entries", "1"], ["frob"],
  ["gc-latency", "--bogus", "1"]]) {
    const r = spawnSync(process.execPath, [script, ...args], { encoding: "utf8" });
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trim().split("\n").length, 1);
  }
});
