#!/usr/bin/env node
// versus_lang.mjs - the Node.js runner of versus for workload gc-latency (runners/README.md,
// "Workload gc-latency"), standard library only:
//
//   node versus_lang.mjs gc-latency --entries M --requests R --rate Q --response-bytes B
//
// A service-shaped loop over a live heap of M small records (a Map from the 32-bit key to a
// plain object) serving R requests at Q per second, each reading one record, replacing another
// (the old one is left to V8's collector) and building a B-byte response (Buffer.alloc).
// The loop is synchronous, like every other runner's: it busy-waits until each request is due
// (so no timer's resolution enters the latency), and V8's stop-the-world pauses and incremental
// marking steps land between or inside requests as they would in an event-loop callback. Each request's latency runs from when it
// was due (performance.now), so a stall counts against every request behind it.
//
// stdout: "entries=M requests=R checksum=C state=S". Metrics (VERSUS_METRICS_FD, written once
// with fs.writeSync): build_s, serve_s, p50_s, p90_s, p99_s, p999_s, p9999_s,
// max_s, pause_s, pauses. Exit 0, or 2 with one line on stderr.
import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { performance } from "node:perf_hooks";

const PROG = "versus-runner-node";
const MODULUS = 1000000007;
const PAUSE_THRESHOLD_S = 0.001;

// The key of entry k: k × 2654435761 mod 2^32 (Math.imul multiplies exactly mod 2^32).
function keyOf(k) {
  return Math.imul(k, 2654435761 | 0) >>> 0;
}

// Nearest-rank p50, p90, p99, p99.9, p99.99, the maximum, and pauses (runs of consecutive
// requests above 1 ms, each as long as its largest latency): total and number. lat: seconds,
// request order.
export function latencySummary(lat) {
  let pauses = 0, total = 0, runMax = 0;
  for (const v of lat) {
    if (v > PAUSE_THRESHOLD_S) {
      if (runMax === 0) pauses++;
      runMax = Math.max(runMax, v);
    } else {
      total += runMax;
      runMax = 0;
    }
  }
  total += runMax;
  const sorted = Float64Array.from(lat).sort();
  const rank = (p) => sorted[Math.max(Math.ceil(p * sorted.length), 1) - 1];
  return [["p50_s", rank(0.5)], ["p90_s", rank(0.9)], ["p99_s", rank(0.99)],
    ["p999_s", rank(0.999)], ["p9999_s", rank(0.9999)], ["max_s", sorted[sorted.length - 1]],
    ["pause_s", total], ["pauses", pauses]];
}

// Runs the workload; returns [line, metrics pairs].
function gcLatency(entries, requests, rate, responseBytes) {
  const start = performance.now();
  const heap = new Map();
  for (let k = 0; k < entries; k++) {
    const key = keyOf(k);
    heap.set(key, { key, seq: k, count: 0, name: `user-${key}` });
  }
  const buildS = (performance.now() - start) / 1000;
  const latencies = new Float64Array(requests);
  let acc = 0;
  const t0 = performance.now();
  for (let i = 0; i < requests; i++) {
    const due = t0 + (i * 1000) / rate;
    while (performance.now() < due) {
      // busy-wait: no timer's resolution enters the latency
    }
    const read = heap.get(keyOf((i * 2654435761) % entries));
    acc = (acc + read.seq + read.count) % MODULUS;
    const wkey = keyOf((i * 40503 + 12345) % entries);
    const old = heap.get(wkey);
    const count = old.count + 1;
    const fresh = { key: old.key, seq: (old.seq * 31 + i) % MODULUS, count,
      name: `user-${old.key}-${count}` };
    heap.set(wkey, fresh);
    const response = Buffer.alloc(responseBytes, i % 251);
    acc = (acc + response[i % responseBytes] + fresh.name.length) % MODULUS;
    latencies[i] = (performance.now() - due) / 1000;
  }
  const serveS = (performance.now() - t0) / 1000;
  let state = 0;
  for (const r of heap.values()) {
    state = (state + (r.key % MODULUS) * 31 + r.seq + r.count * 7 + r.name.length) % MODULUS;
  }
  const line = `entries=${entries} requests=${requests} checksum=${acc} state=${state}`;
  return [line, [["build_s", buildS], ["serve_s", serveS], ...latencySummary(latencies)]];
}

// The value of option name as an integer in [min, max], or throws a one-line Error.
function ranged(values, name, min, max) {
  const text = values[name];
  if (text === undefined) throw new Error(`missing option --${name}`);
  const v = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!(v >= min && v <= max)) {
    throw new Error(`--${name} needs an integer from ${min} to ${max}, not "${text}"`);
  }
  return v;
}

// Writes the metrics to VERSUS_METRICS_FD when set; never throws.
function emitMetrics(pairs) {
  const text = process.env.VERSUS_METRICS_FD;
  if (text === undefined || !/^[0-9]+$/.test(text.trim())) return;
  const body = pairs.map(([n, v]) => `${n}=${Number.isInteger(v) ? v : v.toFixed(9)}\n`).join("");
  try {
    writeSync(Number(text.trim()), body);
  } catch {
    // the metrics never change the outcome
  }
}

function main(argv) {
  try {
    if (argv[0] !== "gc-latency") throw new Error(`unknown or missing subcommand; usage: ${PROG} gc-latency --entries M --requests R --rate Q --response-bytes B`);
    const { values, positionals } = parseArgs({
      args: argv.slice(1), strict: true, allowPositionals: true,
      options: { entries: { type: "string" }, requests: { type: "string" },
        rate: { type: "string" }, "response-bytes": { type: "string" } },
    });
    if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
    const [line, pairs] = gcLatency(ranged(values, "entries", 1, 10000000),
      ranged(values, "requests", 1, 3000000), ranged(values, "rate", 1, 10000000),
      ranged(values, "response-bytes", 1, 1 << 24));
    writeSync(1, line + "\n");
    emitMetrics(pairs);
    return 0;
  } catch (err) {
    const message = String(err && err.message ? err.message : err).replace(/\s+/g, " ");
    process.stderr.write(`${PROG}: ${message}\n`);
    return 2;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = main(process.argv.slice(2));
