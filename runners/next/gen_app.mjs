// Generates the hmr workload's input: a Next.js app (app router) with N React components in
// a binary tree, seeded, the same bytes for the same N and seed everywhere.
//
// Takes: --components N (>= 1), --seed S (an unsigned 32-bit integer), --out DIR (removed and
// made anew: a fresh app, no .next cache), --node-modules DIR (the pinned install, linked as
// DIR/node_modules so that Next and React resolve from the app), optional --sha256 HEX (the
// digest the generated sources must have: the pin, as inputs.json pins a generated input).
// Gives: the app under DIR; prints nothing on success. Exit 2 with one line on stderr on bad
// arguments, a failed write or a digest that differs from --sha256.
//
// The tree, in the spirit of Vercel's Turbopack benchmark (1k-10k components): component i
// (components/c<i>.jsx) renders a <section> with a few seeded words and components 2i+1 and
// 2i+2 when they exist. app/page.jsx (a server component) renders c0, which is a client
// component ('use client'), so every component is a client component that Fast Refresh
// updates in the browser. The leaf edited by the workload is components/leaf.jsx, imported
// by the last component (the deepest one): it renders <span id="versus-leaf">versus-edit-0</span>.
// The digest is SHA-256 over, for every file in sorted path order, its path, a NUL, its bytes
// and a NUL (node_modules left out).
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india',
  'juliet', 'kilo', 'lima', 'mike', 'november', 'oscar', 'papa', 'quebec', 'romeo', 'sierra',
  'tango', 'uniform', 'victor', 'whiskey', 'xray', 'yankee', 'zulu'];

// mulberry32: a small seeded 32-bit generator (Tommy Ettinger's), enough for word choice.
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The leaf's source, showing text (versus-edit-0 as generated).
export function leafSource(text) {
  return `export default function Leaf() {\n  return <span id="versus-leaf">${text}</span>;\n}\n`;
}

export function appFiles(n, seed) {
  const rand = mulberry32(seed);
  const files = new Map();
  // Turbopack reads no file outside its root, and node_modules is a link to the pinned install
  // elsewhere: the root is the deepest directory holding both (Next's own config options).
  files.set('next.config.mjs',
    "import { realpathSync } from 'node:fs';\n" +
    "import { dirname, sep } from 'node:path';\n" +
    "import { fileURLToPath } from 'node:url';\n\n" +
    'const app = realpathSync(dirname(fileURLToPath(import.meta.url))).split(sep);\n' +
    "const modules = realpathSync(`${app.join(sep)}${sep}node_modules`).split(sep);\n" +
    'let k = 0;\n' +
    'while (k < app.length && k < modules.length && app[k] === modules[k]) k++;\n' +
    'const root = app.slice(0, k).join(sep) || sep;\n\n' +
    'export default { outputFileTracingRoot: root, turbopack: { root } };\n');
  files.set('jsconfig.json', '{}\n');
  files.set('app/layout.jsx',
    "export const metadata = { title: 'versus hmr' };\n\n" +
    'export default function RootLayout({ children }) {\n' +
    '  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n');
  files.set('app/page.jsx',
    "import C0 from '../components/c0';\n\n" +
    'export default function Page() {\n  return <main><C0 /></main>;\n}\n');
  for (let i = 0; i < n; i++) {
    const words = [];
    for (let k = 0; k < 4; k++) words.push(WORDS[Math.floor(rand() * WORDS.length)]);
    const kids = [2 * i + 1, 2 * i + 2].filter((c) => c < n);
    const leaf = i === n - 1;
    let src = i === 0 ? "'use client';\n\n" : '';
    for (const c of kids) src += `import C${c} from './c${c}';\n`;
    if (leaf) src += "import Leaf from './leaf';\n";
    if (kids.length > 0 || leaf) src += '\n';
    src += `export default function C${i}() {\n  return (\n    <section data-c="${i}">\n`;
    src += `      <p>${i} ${words.join(' ')}</p>\n`;
    for (const c of kids) src += `      <C${c} />\n`;
    if (leaf) src += '      <Leaf />\n';
    src += '    </section>\n  );\n}\n';
    files.set(`components/c${i}.jsx`, src);
  }
  files.set('components/leaf.jsx', leafSource('versus-edit-0'));
  return files;
}

export function digest(files) {
  const h = createHash('sha256');
  for (const path of [...files.keys()].sort()) {
    h.update(path);
    h.update('\0');
    h.update(files.get(path));
    h.update('\0');
  }
  return h.digest('hex');
}

function fail(msg) {
  process.stderr.write(`gen_app: ${msg}\n`);
  process.exit(2);
}

function main() {
  let v;
  try {
    ({ values: v } = parseArgs({
      options: {
        components: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' },
        'node-modules': { type: 'string' }, sha256: { type: 'string' },
      },
    }));
  } catch (e) {
    fail(e.message);
  }
  const n = Number(v.components);
  const seed = Number(v.seed);
  if (!Number.isInteger(n) || n < 1 || n > 100000) fail(`--components must be 1..100000, not "${v.components}"`);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) fail(`--seed must be an unsigned 32-bit integer, not "${v.seed}"`);
  if (!v.out) fail('--out DIR is required');
  if (!v['node-modules']) fail('--node-modules DIR is required');
  const files = appFiles(n, seed);
  const got = digest(files);
  if (v.sha256 && v.sha256 !== got) fail(`sha256 mismatch: generated ${got}, the workload pins ${v.sha256} (the generator changed)`);
  try {
    rmSync(v.out, { recursive: true, force: true });
    for (const [path, text] of files) {
      mkdirSync(join(v.out, path, '..'), { recursive: true });
      writeFileSync(join(v.out, path), text);
    }
    symlinkSync(v['node-modules'], join(v.out, 'node_modules'), 'dir');
  } catch (e) {
    fail(`${v.out}: ${e.message}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) main();
