// Which of the script tag's wasm functions the bench page actually runs: V8 compiles each wasm
// function lazily on its first call (`wasm.CompileLazy` trace events carry its index), so the
// functions compiled during the bench's phases (load and ready, consent, 20 paced calls, a burst)
// are the ones a page like the bench's needs. Prints their share of the code section raw and
// brotli, and the largest functions of each kind. The never-run share bounds what loading parts
// of the wasm only when a page needs them could save. A development aid beside `make bench`, not
// a measurement of record.
// Usage: make bench-coverage [COVERAGE_ARGS="--top 40"], or
//   node benches/browser/coverage.mjs [--pkg DIR] [--top 25]
//   DIR's `tracksafe_lean_bg.wasm` may keep its names (e.g. built with `wasm-opt -g` and put in a
//   copy of pkg/): the unrun functions are then listed by name.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants } from 'node:zlib';
import { launch } from './chromium.mjs';
import { parseModule } from '../../pkg-template/wasm-module.mjs';
import { startServers } from './server.mjs';
import { serveTarget } from './targets.mjs';

const { values: a } = parseArgs({
  options: {
    pkg: { type: 'string' },
    top: { type: 'string', default: '25' },
  },
});
const root = resolve(new URL('../..', import.meta.url).pathname);
const pkgDir = resolve(a.pkg ?? join(root, 'pkg'));
const RUN = 'r9998'; // the collector counts markers `SKU-r<digits>-…`

const brotli = (buf) =>
  brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length;

/**
 * The module of a v0-mangled tracksafe symbol: as many identifiers after the crate as there are
 * `Nt` (module) prefixes right before its `Cs…` root, at most two (`minimize::redact`). Generic
 * std code instantiated for a tracksafe type counts under that type (`queue::QueuedEvent`).
 */
function moduleOf(name) {
  const at = name.indexOf('_9tracksafe');
  const root = at < 0 ? -1 : name.lastIndexOf('Cs', at);
  if (root < 0) return 'std, core, alloc';
  let levels = 0;
  while (levels < 2 && name.slice(root - 2 * (levels + 1), root - 2 * levels) === 'Nt') levels++;
  const parts = [];
  let rest = name.slice(at + 11);
  for (let m; parts.length < levels && (m = /^(\d+)/.exec(rest)); ) {
    const n = Number(m[1]);
    parts.push(rest.slice(m[1].length, m[1].length + n));
    rest = rest.slice(m[1].length + n);
  }
  return parts.join('::') || 'tracksafe (trait impls, crate root)';
}

const wasm = parseModule(readFileSync(join(pkgDir, 'tracksafe_lean_bg.wasm')));
const named = wasm.names.size ? wasm : null;

const srv = await startServers();
const browser = await launch();
const compiled = new Set();
try {
  const target = await serveTarget(srv, { root, pkgDir, name: 'tracksafe-script', runId: RUN });
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  const traced = [];
  cdp.on('Tracing.dataCollected', (m) => traced.push(...m.value));
  await page.goto('about:blank');
  await cdp.send('Tracing.start', {
    transferMode: 'ReportEvents',
    traceConfig: { includedCategories: ['v8.wasm', 'disabled-by-default-v8.wasm.detailed'] },
  });
  await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
  await page.evaluate(() => window.__bench.settled);
  await page.evaluate(async ({ event, run }) => {
    const api = window.__bench.api;
    for (let i = 0; i < 20; i++) {
      api.track(event, { product_id: `SKU-${run}-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' });
      await new Promise((r) => setTimeout(r, 30));
    }
    for (let i = 0; i < 1000; i++) api.track(event, { product_id: `SKU-${run}-${i}`, price: 19.99, quantity: 1, currency: 'EUR' });
  }, { event: target.event, run: RUN });
  await srv.call('wait', { n: 1020, timeoutMs: 30_000, idleMs: 3_000 });
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;
  for (const e of traced) {
    const index = e.args?.func_index ?? e.args?.data?.func_index;
    if (/CompileLazy/.test(e.name) && index !== undefined) compiled.add(index);
  }
} finally {
  await browser.close();
  srv.stop();
}
if (compiled.size === 0) throw new Error('no wasm.CompileLazy events: is lazy compilation off?');

const ran = [];
const unrun = [];
wasm.bodies.forEach((body, k) => (compiled.has(wasm.importedFunctions + k) ? ran : unrun).push([wasm.importedFunctions + k, body]));
const bytes = (list) => list.reduce((n, [, b]) => n + b.length, 0);
const joined = (list) => Buffer.concat(list.map(([, b]) => b));
const all = bytes(ran) + bytes(unrun);
const pct = (n, d) => `${((100 * n) / d).toFixed(1)} %`;
console.log(`script tag's wasm: ${wasm.bodies.length} functions, code ${all} B raw, ${brotli(joined([...ran, ...unrun].sort((x, y) => x[0] - y[0])))} B brotli`);
console.log(`run by the bench page: ${ran.length} functions, ${bytes(ran)} B raw (${pct(bytes(ran), all)}), ${brotli(joined(ran))} B brotli on their own`);
console.log(`never run: ${unrun.length} functions, ${bytes(unrun)} B raw (${pct(bytes(unrun), all)}), ${brotli(joined(unrun))} B brotli on their own`);
if (named) {
  const groups = new Map();
  for (const [list, k] of [[ran, 0], [unrun, 1]]) {
    for (const [index, body] of list) {
      const g = moduleOf(named.names.get(index) ?? '');
      if (!groups.has(g)) groups.set(g, [0, 0]);
      groups.get(g)[k] += body.length;
    }
  }
  console.log('raw code bytes by module (run / never run):');
  for (const [g, [r, u]] of [...groups].sort((x, y) => y[1][0] + y[1][1] - x[1][0] - x[1][1])) {
    console.log(`  ${String(r).padStart(6)} ${String(u).padStart(6)}  ${g}`);
  }
}
for (const [title, list] of [['never run', unrun], ['run', ran]]) {
  console.log(`largest ${title} (index, raw B${named ? ', name' : ''}):`);
  for (const [index, body] of list.sort((x, y) => y[1].length - x[1].length).slice(0, Number(a.top))) {
    console.log(`  ${index}  ${body.length}${named ? `  ${named.names.get(index) ?? '?'}` : ''}`);
  }
}
