// The hmr workload's driver: what versus measures for each run of the webpack and turbopack
// runners. Node.js standard library only (its WebSocket needs --experimental-websocket on
// Node 20); the browser is Debian's chromium, driven over the DevTools protocol.
//
// Takes: --app DIR (a generated app, gen_app.mjs: components/leaf.jsx is edited),
// --bundler webpack|turbopack, --edits K (>= 1), --next DIR (the pinned next package),
// --chromium PATH, --timeout-s T (per step, default 120).
// Gives on stdout one line, the same for both bundlers when both served the same page:
//   components=N leaf=versus-edit-K edits=K main_sha256=HEX
// where N counts the <section data-c> elements and the digest covers the <main> element of the
// HTML the server renders after the last edit (the rendered tree; the <script> tags around it
// name each bundler's own chunks and are left out). Metrics (VERSUS_METRICS_FD): ready_s (spawn
// to Next's "Ready" line), cold_start_s (spawn to the page's first 200, which includes Next's
// lazy first compile of the page), load_s (the browser's navigation to the HMR socket's sync),
// hmr_s once per edit (writing components/leaf.jsx to the browser's DOM showing the new text,
// through Next's own HMR client and React Fast Refresh).
// Exit 0; 2 with one line on stderr for bad arguments, a server or browser that fails, a step
// over its time, or an edit that reloaded the page instead of updating it.
//
// The dev server is started as `node next/dist/bin/next dev [--turbopack] -H 127.0.0.1 -p PORT`
// in this process's group (not detached, so a kill of the group reaches it) with
// NEXT_TELEMETRY_DISABLED=1, NEXT_IGNORE_INCORRECT_LOCKFILE=1 and no_network.cjs preloaded:
// loopback only. Chromium runs headless with a fresh profile in a temporary directory.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { leafSource } from './gen_app.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const children = [];
let tmpProfile = null;
let forwarding = true; // children's output copied to our stderr until the run ends

class DriverError extends Error {}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function withTimeout(promise, seconds, what) {
  let timer;
  const t = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new DriverError(`${what}: no answer in ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, t]).finally(() => clearTimeout(timer));
}

// Starts a child whose stdout and stderr are read line by line and, when forward is set,
// copied to our stderr while the run lasts (our stdout is the workload's output, and our
// error line must be the last on stderr); onLine sees every line.
function start(argv, opts, onLine, forward) {
  const child = spawn(argv[0], argv.slice(1), { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const exited = new Promise((resolve) => child.once('exit', (code, sig) => resolve({ code, sig })));
  child.exited = exited;
  for (const stream of [child.stdout, child.stderr]) {
    let buf = '';
    stream.setEncoding('utf8');
    stream.on('data', (d) => {
      if (forward && forwarding) process.stderr.write(d);
      buf += d;
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        onLine(buf.slice(0, nl));
        buf = buf.slice(nl + 1);
      }
    });
  }
  return child;
}

function waitLine(child, regex, what, seconds) {
  return withTimeout(new Promise((resolve, reject) => {
    child.lineWaiters.push({ regex, resolve });
    child.exited.then(({ code, sig }) => reject(new DriverError(`${what}: the process exited (${sig ?? code})`)));
  }), seconds, what);
}

function startWatched(argv, opts, forward) {
  const waiters = [];
  const child = start(argv, opts, (line) => {
    for (let i = waiters.length - 1; i >= 0; i--) {
      const m = waiters[i].regex.exec(line);
      if (m) {
        waiters[i].resolve(m);
        waiters.splice(i, 1);
      }
    }
  }, forward);
  child.lineWaiters = waiters;
  return child;
}

async function getPage(url) {
  const res = await fetch(url);
  const body = await res.text();
  return { status: res.status, body };
}

// A minimal DevTools-protocol session over one WebSocket: send(method, params) -> result;
// events by name to listeners.
function cdp(wsUrl) {
  const ws = new WebSocket(wsUrl);
  let id = 0;
  const pending = new Map();
  const listeners = new Map();
  ws.addEventListener('message', (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id !== undefined && pending.has(msg.id)) {
      const { resolve, reject } = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) reject(new DriverError(`DevTools: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const f of listeners.get(msg.method) ?? []) f(msg.params);
    }
  });
  const opened = new Promise((resolve, reject) => {
    ws.addEventListener('open', resolve, { once: true });
    ws.addEventListener('error', () => reject(new DriverError(`DevTools: cannot connect to ${wsUrl}`)), { once: true });
  });
  return {
    opened,
    close: () => ws.close(),
    on: (method, f) => listeners.set(method, [...(listeners.get(method) ?? []), f]),
    send: (method, params = {}) => new Promise((resolve, reject) => {
      const n = ++id;
      pending.set(n, { resolve, reject });
      ws.send(JSON.stringify({ id: n, method, params }));
    }),
  };
}

function mainDigest(html) {
  const m = /<main>[\s\S]*<\/main>/.exec(html);
  if (!m) throw new DriverError('the page has no <main> element');
  const sections = (m[0].match(/<section data-c="/g) ?? []).length;
  const leaf = /<span id="versus-leaf">([^<]*)<\/span>/.exec(m[0]);
  return { sections, leaf: leaf ? leaf[1] : '', sha: createHash('sha256').update(m[0]).digest('hex') };
}

async function run(v) {
  const edits = Number(v.edits);
  const timeout = Number(v['timeout-s'] ?? 120);
  if (v.bundler !== 'webpack' && v.bundler !== 'turbopack') throw new DriverError('--bundler must be webpack or turbopack');
  if (!Number.isInteger(edits) || edits < 1) throw new DriverError('--edits must be an integer >= 1');
  if (!(timeout > 0)) throw new DriverError('--timeout-s must be > 0');
  if (!v.app || !v.next || !v.chromium) throw new DriverError('--app, --next and --chromium are required');
  const leafPath = join(v.app, 'components', 'leaf.jsx');
  const port = await freePort();
  const base = `http://127.0.0.1:${port}/`;
  const env = {
    ...process.env,
    NEXT_TELEMETRY_DISABLED: '1',
    NEXT_IGNORE_INCORRECT_LOCKFILE: '1',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --require ${join(HERE, 'no_network.cjs')}`.trim(),
  };
  delete env.VERSUS_METRICS_FD;
  const argv = [process.execPath, join(v.next, 'dist', 'bin', 'next'), 'dev'];
  if (v.bundler === 'turbopack') argv.push('--turbopack');
  argv.push('-H', '127.0.0.1', '-p', String(port));

  const t0 = performance.now();
  const server = startWatched(argv, { cwd: v.app, env }, true);
  await waitLine(server, /Ready in/, 'next dev: waiting for "Ready"', timeout);
  const ready = performance.now() - t0;
  const first = await withTimeout(getPage(base), timeout, 'the first request of the page');
  const cold = performance.now() - t0;
  if (first.status !== 200) throw new DriverError(`the first request of the page answered ${first.status}`);
  if (mainDigest(first.body).leaf !== 'versus-edit-0') throw new DriverError('the first page does not show versus-edit-0');

  tmpProfile = mkdtempSync(join(tmpdir(), 'versus-hmr-chromium-'));
  const browser = startWatched([v.chromium, '--headless', '--no-sandbox', '--disable-gpu',
    '--no-first-run', '--no-default-browser-check', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-extensions',
    '--disable-default-apps', '--metrics-recording-only', '--mute-audio',
    // No name is resolved but 127.0.0.1: Chromium otherwise looks up Google's update,
    // sign-in and optimisation hosts at start, even with the switches above.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    `--user-data-dir=${tmpProfile}`, '--remote-debugging-address=127.0.0.1',
    '--remote-debugging-port=0', 'about:blank'], { env: process.env }, Boolean(process.env.VERSUS_HMR_DEBUG));
  const m = await waitLine(browser, /DevTools listening on (ws:\/\/127\.0\.0\.1:(\d+)\/\S+)/, 'chromium: waiting for DevTools', timeout);
  const list = await withTimeout(fetch(`http://127.0.0.1:${m[2]}/json/list`).then((r) => r.json()), timeout, 'chromium: the target list');
  const target = list.find((t) => t.type === 'page');
  if (!target) throw new DriverError('chromium: no page target');
  const page = cdp(target.webSocketDebuggerUrl);
  await withTimeout(page.opened, timeout, 'chromium: DevTools connection');
  let synced;
  const sync = new Promise((resolve) => { synced = resolve; });
  if (process.env.VERSUS_HMR_DEBUG) {
    page.on('Network.webSocketFrameReceived', (p) => process.stderr.write(`hmr debug: ${(performance.now() / 1000).toFixed(3)} frame ${(p.response?.payloadData ?? '').slice(0, 300)}\n`));
    page.on('Network.webSocketFrameSent', (p) => process.stderr.write(`hmr debug: ${(performance.now() / 1000).toFixed(3)} sent ${(p.response?.payloadData ?? '').slice(0, 300)}\n`));
    page.on('Runtime.consoleAPICalled', (p) => process.stderr.write(`hmr debug: console ${JSON.stringify(p.args.map((a) => a.value ?? a.description)).slice(0, 300)}\n`));
    page.on('Runtime.exceptionThrown', (p) => process.stderr.write(`hmr debug: exception ${JSON.stringify(p.exceptionDetails).slice(0, 500)}\n`));
    await page.send('Runtime.enable');
  }
  let lastFrame = performance.now();
  page.on('Network.webSocketFrameSent', () => { lastFrame = performance.now(); });
  page.on('Network.webSocketFrameReceived', (p) => {
    lastFrame = performance.now();
    if (/"action":"sync"/.test(p.response?.payloadData ?? '')) synced();
  });
  let loaded;
  const loadEvent = new Promise((resolve) => { loaded = resolve; });
  page.on('Page.loadEventFired', () => loaded());
  let navigations = 0;
  page.on('Page.frameNavigated', (p) => { if (!p.frame.parentId) navigations++; });
  await page.send('Network.enable');
  await page.send('Page.enable');
  const tLoad = performance.now();
  await page.send('Page.navigate', { url: base });
  await withTimeout(loadEvent, timeout, 'the browser: waiting for the page\'s load event');
  await withTimeout(sync, timeout, 'the browser: waiting for the HMR socket\'s sync');
  const load = performance.now() - tLoad;
  // The client subscribes to its chunks' updates (Turbopack: turbopack-subscribe) after the
  // sync: an edit before the server has them is not sent to the page. Wait, untimed, until
  // the socket has been quiet for 2 s.
  await withTimeout((async () => {
    while (performance.now() - lastFrame < 2000) await new Promise((r) => setTimeout(r, 100));
  })(), timeout, 'the browser: waiting for the HMR socket to settle');
  const navigationsBefore = navigations;

  // Arms an observer in the page, writes the leaf with text, and resolves with the seconds
  // from the write to the DOM showing it, or null when it does not within seconds.
  const editAndWait = async (text, seconds, what) => {
    await page.send('Runtime.evaluate', {
      expression: `window.__versusWait = new Promise((resolve) => {
        const done = () => { const e = document.getElementById('versus-leaf'); return e && e.textContent === ${JSON.stringify(text)}; };
        if (done()) return resolve(true);
        const obs = new MutationObserver(() => { if (done()) { obs.disconnect(); resolve(true); } });
        obs.observe(document.body, { subtree: true, childList: true, characterData: true });
      }); true`,
    });
    const tw = performance.now();
    writeFileSync(leafPath, leafSource(text));
    let r;
    try {
      r = await withTimeout(page.send('Runtime.evaluate', { expression: 'window.__versusWait', awaitPromise: true }), seconds, what);
    } catch (e) {
      if (e instanceof DriverError && /no answer/.test(e.message)) return null;
      throw e;
    }
    const took = (performance.now() - tw) / 1000;
    if (r.exceptionDetails || r.result?.value !== true) throw new DriverError(`${what}: the page's wait failed (a full reload?)`);
    if (navigations !== navigationsBefore) throw new DriverError(`${what}: the page was reloaded, not hot-updated`);
    await new Promise((resolve) => setTimeout(resolve, 300)); // let the watcher settle, untimed
    return took;
  };
  // One untimed warm-up edit, tried again with a new text until the page shows one: the
  // server pushes updates relative to the state it computed when the client subscribed, and
  // an edit made before that computation ends (it can take seconds on a loaded machine) is in
  // the baseline and never pushed. Once the page shows a warm-up text the pipeline is live.
  let warmed = false;
  for (let a = 1; a <= 4 && !warmed; a++) {
    warmed = (await editAndWait(`versus-warm-${a}`, Math.min(timeout, 30), `warm-up edit ${a}`)) !== null;
  }
  if (!warmed) throw new DriverError('the page showed none of 4 warm-up edits (30 s each): no hot update reaches the browser');
  const hmr = [];
  for (let k = 1; k <= edits; k++) {
    const took = await editAndWait(`versus-edit-${k}`, timeout, `edit ${k}`);
    if (took === null) throw new DriverError(`edit ${k}: the browser did not show versus-edit-${k} in ${timeout} s`);
    hmr.push(took);
  }
  page.close();

  const last = await withTimeout(getPage(base), timeout, 'the page after the last edit');
  if (last.status !== 200) throw new DriverError(`the page after the last edit answered ${last.status}`);
  const d = mainDigest(last.body);
  if (d.leaf !== `versus-edit-${edits}`) throw new DriverError(`the server renders "${d.leaf}" after the last edit, not versus-edit-${edits}`);
  process.stdout.write(`components=${d.sections} leaf=${d.leaf} edits=${hmr.length} main_sha256=${d.sha}\n`);
  return { ready, cold, load, hmr };
}

// Writes the metrics to VERSUS_METRICS_FD when set (runners/README.md); never throws.
function writeMetrics(r) {
  const fd = process.env.VERSUS_METRICS_FD;
  if (fd === undefined || !/^[0-9]+$/.test(fd.trim())) return;
  let text = `ready_s=${(r.ready / 1000).toFixed(6)}\ncold_start_s=${(r.cold / 1000).toFixed(6)}\nload_s=${(r.load / 1000).toFixed(6)}\n`;
  for (const s of r.hmr) text += `hmr_s=${s.toFixed(6)}\n`;
  try {
    writeSync(Number(fd.trim()), text);
  } catch {
    // the metrics channel must not change the exit code
  }
}

async function stopAll() {
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  }
  await Promise.race([Promise.all(children.map((c) => c.exited)), new Promise((r) => setTimeout(r, 5000).unref())]);
  for (const c of children) {
    if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  }
  if (tmpProfile) rmSync(tmpProfile, { recursive: true, force: true });
}

async function main() {
  let code = 0;
  let error = null;
  try {
    const { values } = parseArgs({
      options: {
        app: { type: 'string' }, bundler: { type: 'string' }, edits: { type: 'string' },
        next: { type: 'string' }, chromium: { type: 'string' }, 'timeout-s': { type: 'string' },
      },
    });
    if (typeof WebSocket !== 'function') throw new DriverError('no WebSocket in this Node.js (run it with --experimental-websocket)');
    const r = await run(values);
    writeMetrics(r);
  } catch (e) {
    const known = e instanceof DriverError || e?.code?.startsWith?.('ERR_PARSE_ARGS');
    error = `hmr: ${known ? e.message : e.stack ?? e}\n`;
    code = 2;
  }
  forwarding = false;
  await stopAll();
  if (error) process.stderr.write(error);
  process.exitCode = code;
}

main();
