// A/B of tracksafe's script tag between builds: the bench page's paced phase (20 calls 30 ms apart
// until the collector has them) and its time to ready, repetitions interleaved across the builds
// so the machine's drift falls on all of them alike; prints each build's medians. A development
// aid beside `make bench` (which compares against the peers), not a measurement of record.
// Usage: node benches/browser/ab.mjs [--reps 10] DIR [DIR ...]
//   DIR is a built package (e.g. a copy of pkg/ with one change); prefix it with `nopreload:` to
//   load that build without the documented snippet's preload link.
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from './chromium.mjs';
import { startServers } from './server.mjs';
import { serveTarget } from './targets.mjs';

const { values: a, positionals } = parseArgs({ options: { reps: { type: 'string', default: '10' } }, allowPositionals: true });
if (positionals.length === 0) throw new Error('usage: node benches/browser/ab.mjs [--reps N] DIR [DIR ...]');
const root = resolve(new URL('../..', import.meta.url).pathname);
const builds = positionals.map((spec) => ({
  spec,
  dir: resolve(spec.replace(/^nopreload:/, '')),
  preload: !spec.startsWith('nopreload:'),
  paced: [],
  ready: [],
}));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** One page load of `build`: ready ms and paced CPU µs per event (or null if not all arrived). */
async function once(srv, browser, build, runId) {
  const target = await serveTarget(srv, { root, pkgDir: build.dir, name: 'tracksafe-script', runId, preload: build.preload });
  const page = await browser.context.newPage();
  try {
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
    await page.evaluate(() => window.__bench.settled);
    const ready = await page.evaluate(() => window.__bench.tReady - window.__bench.t0);
    await sleep(1000);
    const c0 = await cpu();
    await page.evaluate(async ({ event, run }) => {
      const api = window.__bench.api;
      const nextTask = () => new Promise((r) => {
        const c = new MessageChannel();
        c.port1.onmessage = r;
        c.port2.postMessage(0);
      });
      for (let i = 0; i < 20; i++) {
        api.track(event, { product_id: `SKU-${run}-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' });
        await nextTask();
        await new Promise((r) => setTimeout(r, 30));
      }
    }, { event: target.event, run: runId });
    const delivered = (await srv.call('wait', { n: 20, timeoutMs: 30_000, idleMs: 6_000 })).count;
    const c1 = await cpu();
    return { ready, paced: delivered === 20 ? ((c1 - c0) * 1e6) / 20 : null };
  } finally {
    await page.close();
  }
}

const srv = await startServers();
const browser = await launch().catch((e) => {
  srv.stop();
  throw e;
});
try {
  for (let rep = 0; rep < Number(a.reps); rep++) {
    for (const [k, build] of builds.entries()) {
      // The collector counts markers `SKU-r<digits>-…`.
      const r = await once(srv, browser, build, `r${9000 + rep * 10 + k}`);
      build.ready.push(r.ready);
      if (r.paced === null) process.stderr.write(`  ${build.spec}: not all 20 delivered in rep ${rep + 1}\n`);
      else build.paced.push(r.paced);
    }
  }
  for (const b of builds) {
    console.log(`${b.spec}: paced median ${median(b.paced).toFixed(0)} µs/event (${b.paced.map((x) => x.toFixed(0)).join(' ')}), ready median ${median(b.ready).toFixed(1)} ms`);
  }
} finally {
  await browser.close();
  srv.stop();
}
