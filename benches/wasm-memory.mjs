// Peak wasm memory of a page build's tracker core under event load, build beside build: the
// check behind the page builds' allocator (src/heap.rs), which never returns memory and keeps
// each freed block for its size class. Linear memory only grows, so its size after a run is the
// run's peak. Run in Node; `benches/memory.mjs` (`make bench-memory`) holds the script tag's
// build to its bound with `peakBytes`.
//
// Each run is a fresh instance: `n` events tracked as a page tracks them (a batch delivered every
// 20 events, the persisted queue rebuilt every 10), then `n` more with the upstream down (nothing
// delivered, the queue written every 10 and growing to its cap), then drained; the last column
// runs 500+500 five times over in one instance (a long-lived page).
//
// Usage: node benches/wasm-memory.mjs [DIR:WASM ...]
//   DIR is wasm-bindgen `--target web` output (or a glue .js file) and WASM the module to
//   instantiate (default: the script tag's, pkg-template/src/page-engine.js:target/tracksafe_lean_bg.opt.wasm).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

const root = resolve(new URL('..', import.meta.url).pathname);
/** The script tag's build: its hand-written glue and the optimized wasm it ships. */
export const LEAN = { dir: join(root, 'pkg-template/src/page-engine.js'), wasm: join(root, 'target/tracksafe_lean_bg.opt.wasm') };
const COUNTS = [50, 500, 2000];
let fresh = 0;

/** Wasm memory (bytes) after `cycles` rounds of `n` events delivered and `n` held offline. */
export async function peakBytes(dir, wasmPath, n, cycles = 1) {
  // A query string gives a new glue module record; the lean glue's own import (page-wasm.js)
  // keeps its instance, so `main` runs each measurement in its own worker thread.
  const gluePath = dir.endsWith('.js') ? dir : join(dir, 'tracksafe_core.js');
  const glue = await import(`${pathToFileURL(gluePath)}?run=${fresh++}`);
  const exports = glue.initSync({ module: readFileSync(wasmPath) });
  const engine = new glue.Engine(JSON.stringify({ endpoint: 'https://collect.shop.example/collect', site: 'memory' }));
  let now = Date.now();
  engine.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', now);
  engine.identity(now);
  const event = (i) =>
    JSON.stringify({
      name: 'product_viewed',
      properties: { product_id: `SKU-${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR', name: `Red shoe ${i} for jane${i}@example.com` },
      context: { url: `https://shop.example/p/${i}?utm_source=mail&email=jane%40example.com`, referrer: 'https://www.google.com/', title: `Red shoe ${i}`, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/142.0 Safari/537.36' },
    });
  const drain = (status) => {
    for (let text = engine.nextBatch(now); text !== undefined; text = engine.nextBatch(now)) {
      engine.settle(Number(text.slice(0, text.indexOf(' '))), status, undefined, 0);
      if (status !== 200) break;
    }
  };
  for (let c = 0; c < cycles; c++) {
    for (let i = 0; i < n; i++) {
      now += 50;
      engine.track(event(i), now);
      if (i % 10 === 9) engine.persisted();
      if (i % 20 === 19) drain(200);
    }
    drain(200);
    for (let i = 0; i < n; i++) {
      now += 50;
      engine.track(event(n + i), now);
      if (i % 10 === 9) engine.persisted();
      if (i % 20 === 19) drain(0);
    }
    now += 60_000;
    drain(200);
    engine.persisted();
  }
  engine.free();
  return exports.memory.buffer.byteLength;
}

const mb = (b) => (b / 1048576).toFixed(2);

async function main(specs) {
  if (specs.length === 0) specs.push(`${LEAN.dir}:${LEAN.wasm}`);
  console.log(`| build | ${COUNTS.map((n) => `${n}+${n} events`).join(' | ')} | 500+500 five times over |`);
  console.log(`| --- | ${COUNTS.map(() => '---:').join(' | ')} | ---: |`);
  for (const spec of specs) {
    const [dir, wasm] = spec.split(':');
    const peaks = [];
    for (const n of COUNTS) peaks.push(await peakInWorker(resolve(dir), resolve(wasm), n));
    // A long-lived page: the same load again and again must not take more memory each time.
    peaks.push(await peakInWorker(resolve(dir), resolve(wasm), 500, 5));
    console.log(`| ${spec} | ${peaks.map((p) => `${mb(p)} MB`).join(' | ')} |`);
  }
}

/** `peakBytes` in a worker thread of its own: a new module map, so a new wasm instance. */
function peakInWorker(dir, wasmPath, n, cycles = 1) {
  return new Promise((done, fail) => {
    const w = new Worker(new URL(import.meta.url), { workerData: { dir, wasmPath, n, cycles } });
    w.once('message', done);
    w.once('error', fail);
  });
}

if (!isMainThread) {
  const { dir, wasmPath, n, cycles } = workerData;
  parentPort.postMessage(await peakBytes(dir, wasmPath, n, cycles));
} else if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  await main(process.argv.slice(2));
}
