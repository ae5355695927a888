// Preloaded into the Next.js dev server (NODE_OPTIONS=--require) by hmr.mjs.
// Takes nothing; gives a globalThis.fetch that refuses any URL whose host is not loopback
// (127.0.0.0/8, ::1, localhost) with a TypeError, as fetch fails when there is no network.
// Why: Next 15's dev server asks the npm registry for its newest version on every start
// (getVersionInfo in next/dist/server/dev/hot-reloader-webpack.js, unconditionally, and the
// webpack dev server awaits it before it is ready), so a measured run would wait on the
// network and the two bundlers would wait differently. Next treats a failed fetch as
// "staleness unknown" and goes on; nothing else changes.
'use strict';
const real = globalThis.fetch;
if (typeof real === 'function') {
  const loopback = (host) =>
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
  globalThis.fetch = function versusLoopbackFetch(input, init) {
    let url;
    try {
      url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
    } catch {
      return real.call(this, input, init);
    }
    if (!loopback(url.hostname)) {
      return Promise.reject(new TypeError(`fetch failed: versus allows loopback only, not ${url.host}`));
    }
    return real.call(this, input, init);
  };
}
