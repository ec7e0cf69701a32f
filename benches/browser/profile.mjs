// Where a target's main-thread time goes: loads one bench page in headless Chromium with the V8
// sampling profiler on, for the init phase (navigation to ready) and the paced phase (20 calls,
// 30 ms apart, until the collector has them), and prints the functions with the most self time.
// A development aid beside `make bench`, not a measurement of record (the profiler slows the page).
// Usage: node benches/browser/profile.mjs [--target tracksafe-script] [--phase paced|init|burst] [--top 30]
//   [--inclusive] (time with callees) [--pkg DIR] (e.g. a pkg whose wasm keeps its names: wasm-opt -g)
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from './chromium.mjs';
import { benchPage } from './page.mjs';
import { startServers } from './server.mjs';
import { loadTargets } from './targets.mjs';

const { values: a } = parseArgs({
  options: {
    target: { type: 'string', default: 'tracksafe-script' },
    phase: { type: 'string', default: 'paced' },
    top: { type: 'string', default: '30' },
    pkg: { type: 'string' },
    interval: { type: 'string', default: '50' },
    inclusive: { type: 'boolean', default: false },
  },
});
const root = resolve(new URL('../..', import.meta.url).pathname);
const pkgDir = resolve(a.pkg ?? join(root, 'pkg'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Self time, or with `inclusive` total time, per function (µs) from a CDP Profiler.Profile. */
function times(profile, inclusive) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (node) => {
    const f = node.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
  };
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    let id = profile.samples[i];
    const seen = new Set();
    do {
      const key = keyOf(byId.get(id));
      if (!seen.has(key)) out.set(key, (out.get(key) ?? 0) + dt);
      seen.add(key);
      id = parent.get(id);
    } while (inclusive && id !== undefined);
  }
  return [...out.entries()].sort((x, y) => y[1] - x[1]);
}

const srv = await startServers();
const browser = await launch();
try {
  const targets = await loadTargets({ root, pkgDir, buildDir: join(root, 'target', 'bench-browser'), collector: srv.collectorOrigin });
  const target = targets.find((t) => t.name === a.target);
  if (!target) throw new Error(`no target ${a.target}; have ${targets.map((t) => t.name).join(', ')}`);
  await srv.call('configure', {
    mounts: { pkg: pkgDir, build: join(root, 'target', 'bench-browser'), nm: join(root, 'node_modules') },
    pages: { [target.name]: benchPage(target, { collector: srv.collectorOrigin }) },
  });
  await srv.call('begin', { runId: 'r9999' });
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: Number(a.interval) });
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const wait = (n) => srv.call('wait', { n, timeoutMs: 30_000, idleMs: 6_000 });

  if (a.phase === 'init') await cdp.send('Profiler.start');
  await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
  await page.evaluate(() => window.__bench.settled);
  await sleep(1000);
  if (process.env.WARM) {
    await page.evaluate(() => {
      const E = window.tracksafe.tracker._engine.constructor;
      const e = new E(JSON.stringify({ endpoint: 'https://c.example/collect', site: 'warm' }));
      e.setSignals(JSON.stringify({ manual: { analytics: true } }), Date.now());
      const ctx = { url: location.href, referrer: document.referrer, title: document.title, userAgent: navigator.userAgent };
      e.track(JSON.stringify({ name: 'product_added_to_cart', properties: { product_id: 'w', price: 1, quantity: 1, currency: 'EUR' }, context: ctx }), Date.now());
      e.persisted();
      const b = e.nextBatch(Date.now());
      e.identity(Date.now());
      e.settle(Number(b.slice(0, b.indexOf(' '))), 200, undefined, 0);
      e.persisted();
      e.free();
    });
    await sleep(500);
  }
  let c0 = await cpu();
  if (a.phase !== 'init') await cdp.send('Profiler.start');
  if (a.phase === 'paced') {
    await page.evaluate(async (event) => {
      const api = window.__bench.api;
      for (let i = 0; i < 20; i++) {
        api.track(event, { product_id: `SKU-r9999-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' });
        await new Promise((r) => setTimeout(r, 30));
      }
    }, target.event);
    console.log("delivered", JSON.stringify(await wait(20)));
  } else if (a.phase === 'burst') {
    await page.evaluate((event) => {
      const api = window.__bench.api;
      for (let i = 0; i < 1000; i++) api.track(event, { product_id: `SKU-r9999-${i}`, price: 19.99, quantity: 1, currency: 'EUR' });
    }, target.event);
    await wait(1000);
  } else {
    c0 = 0;
  }
  const c1 = await cpu();
  const { profile } = await cdp.send('Profiler.stop');
  const self = times(profile, false);
  const total = self.reduce((s, [, v]) => s + v, 0);
  const rows = a.inclusive ? times(profile, true) : self;
  console.log(`${target.name} ${a.phase}: main-thread TaskDuration ${((c1 - c0) * 1000).toFixed(1)} ms; profiled ${(total / 1000).toFixed(1)} ms (idle included)`);
  for (const [key, us] of rows.slice(0, Number(a.top))) console.log(`${(us / 1000).toFixed(2).padStart(8)} ms  ${key}`);
} finally {
  await browser.close();
  srv.stop();
}
