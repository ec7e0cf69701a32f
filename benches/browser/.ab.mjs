// temp A/B: paced CPU per event, alternating builds per repetition; prints medians.
import { join, resolve } from 'node:path';
import { launch } from './chromium.mjs';
import { benchPage } from './page.mjs';
import { startServers } from './server.mjs';
import { loadTargets } from './targets.mjs';
const root = resolve(new URL('../..', import.meta.url).pathname);
const specs = process.argv.slice(3); const dirs = specs.map((d) => resolve(d.replace(/^nopreload:/, '')));
const reps = Number(process.argv[2]);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const srv = await startServers();
const browser = await launch();
const out = dirs.map(() => ({ paced: [], ready: [] }));
for (let rep = 0; rep < reps; rep++) {
  for (const [k, pkgDir] of dirs.entries()) {
    const targets = await loadTargets({ root, pkgDir, buildDir: join(root, 'target', 'bench-browser'), collector: srv.collectorOrigin });
    const target = targets.find((t) => t.name === 'tracksafe-script'); if (specs[k].startsWith('nopreload:')) target.preload = [];
    await srv.call('configure', { mounts: { pkg: pkgDir, build: join(root, 'target', 'bench-browser'), nm: join(root, 'node_modules') }, pages: { [target.name]: benchPage(target, { collector: srv.collectorOrigin }) } });
    const RUN = 'r' + (9000 + rep * 10 + k);
    await srv.call('begin', { runId: RUN });
    const page = await browser.context.newPage();
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
    await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
    await page.evaluate(() => window.__bench.settled);
    const ready = await page.evaluate(() => window.__bench.tReady - window.__bench.t0);
    await sleep(1000);
    const c0 = await cpu();
    await page.evaluate(async ({ event, run }) => {
      const api = window.__bench.api; const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
      for (let i = 0; i < 20; i++) { api.track(event, { product_id: `SKU-${run}-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' }); await nextTask(); await new Promise((r) => setTimeout(r, 30)); }
    }, { event: target.event, run: RUN });
    const n = (await srv.call('wait', { n: 20, timeoutMs: 30000, idleMs: 6000 })).count;
    const c1 = await cpu();
    if (n !== 20) console.log('delivered', n);
    out[k].paced.push(((c1 - c0) * 1e6) / 20);
    out[k].ready.push(ready);
    await page.close();
  }
}
const med = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [k, d] of dirs.entries()) console.log(`${specs[k]}: paced median ${med(out[k].paced).toFixed(0)} µs/ev (${out[k].paced.map((x) => x.toFixed(0)).join(' ')}), ready median ${med(out[k].ready).toFixed(1)} ms`);
srv.stop(); process.exit(0);
