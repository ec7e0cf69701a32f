// One measured page load per target and repetition, in headless Chromium (Debian's, driven by
// playwright-core with the flags of tests/support/browser.mjs): init, 20 paced track() calls,
// a 1,000-call burst, and delivery to the bench collector. CPU is Chrome's main-thread
// TaskDuration in thread time (CDP Performance.getMetrics), so other processes' load on the
// shared cores does not count.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function chromiumVersion() {
  try {
    return execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return 'unknown Chromium';
  }
}

/**
 * A fresh profile; every host but loopback unresolvable. The browser does not announce
 * automation (no navigator.webdriver, no "HeadlessChrome" UA): PostHog drops bot traffic.
 */
export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'tracksafe-bench-'));
  const major = chromiumVersion().match(/(\d+)\./)?.[1] ?? '140';
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost',
      '--disable-blink-features=AutomationControlled',
      ...(process.env.BENCH_JS_FLAGS ? [`--js-flags=${process.env.BENCH_JS_FLAGS}`] : []),
    ],
    ignoreDefaultArgs: ['--enable-automation'],
    userAgent: `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${major}.0.0.0 Safari/537.36`,
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

// In the page: one track() per task, `gap` ms apart, like clicks.
async function pacedInPage({ n, gap, runId, event }) {
  const api = window.__bench.api;
  const nextTask = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = r; c.port2.postMessage(0); });
  const sync = [];
  for (let i = 0; i < n; i++) {
    const props = { product_id: `SKU-${runId}-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' };
    const t0 = performance.now();
    api.track(event, props);
    sync.push(performance.now() - t0);
    await nextTask();
    await new Promise((r) => setTimeout(r, gap));
  }
  return { sync, isolated: self.crossOriginIsolated };
}

// In the page: n track() calls in one synchronous loop, inside a task of the page's own event loop
// (a setTimeout callback, so the Long Tasks API sees it; payloads are built before the clock starts).
function burstInPage({ n, runId, event }) {
  const api = window.__bench.api;
  const props = [];
  for (let i = 0; i < n; i++) props.push({ product_id: `SKU-${runId}-${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' });
  return new Promise((done) =>
    setTimeout(() => {
      const errors = [];
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        try {
          api.track(event, props[i]);
        } catch (e) {
          errors.push(String(e));
        }
      }
      const end = performance.now();
      done({ start, loopMs: end - start, startEpoch: performance.timeOrigin + start, errors: errors.slice(0, 3) });
    }, 0),
  );
}

const cpuSeconds = async (cdp) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;

/** Measures one target once. Returns plain numbers (ms, µs) and what the page fetched. */
export async function measure({ context, srv, target, runId, opts }) {
  await srv.call('begin', { runId });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  for (const origin of [srv.pageOrigin, srv.collectorOrigin]) await cdp.send('Storage.clearDataForOrigin', { origin, storageTypes: 'all' });
  await context.clearCookies();
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const outside = [];
  page.on('request', (r) => {
    if (!/^http:\/\/127\.0\.0\.1[:/]/.test(r.url()) && !r.url().startsWith('data:')) outside.push(r.url());
  });
  const r = { target: target.name, runId };
  try {
    await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
    await Promise.race([page.evaluate(() => window.__bench.settled), sleep(30_000)]);
    await sleep(opts.settle);
    const initCpu = await cpuSeconds(cdp);
    const b = await page.evaluate(() => {
      const B = window.__bench;
      return { t0: B.t0, tLoaded: B.tLoaded, tReady: B.tReady, fail: B.fail, errors: B.errors, longTasks: B.longTasks, ready: !!B.api };
    });
    Object.assign(r, {
      ready: b.ready,
      fail: b.fail,
      pageErrors: b.errors,
      readyMs: b.tReady - b.t0,
      initCpuMs: initCpu * 1000,
      initLongTasks: b.longTasks.length,
      files: (await srv.call('log')).log.filter((e) => e.kind === 'static').map((e) => e.file),
    });
    if (!b.ready) return r;

    const wait = (n) => srv.call('wait', { n, timeoutMs: opts.timeout, idleMs: opts.idle });
    const p0 = await cpuSeconds(cdp);
    const paced = await page.evaluate(pacedInPage, { n: opts.paced, gap: 30, runId, event: target.event });
    const pw = await wait(opts.paced);
    const p1 = await cpuSeconds(cdp);
    Object.assign(r, {
      isolated: paced.isolated,
      pacedSyncUs: median(paced.sync) * 1000,
      pacedCpuUs: ((p1 - p0) * 1e6) / opts.paced,
      pacedDelivered: pw.count,
    });

    const b0 = await cpuSeconds(cdp);
    const burst = await page.evaluate(burstInPage, { n: opts.events, runId, event: target.event });
    const bw = await wait(pw.count + opts.events);
    const b1 = await cpuSeconds(cdp);
    // A long task counts when it overlaps the burst (the loop's own task starts before the loop).
    const lts = await page.evaluate((start) => window.__bench.longTasks.filter(([t, d]) => t + d > start), burst.start);
    const delivered = bw.count - pw.count;
    Object.assign(r, {
      burstSyncUs: (burst.loopMs * 1000) / opts.events,
      burstCpuUs: ((b1 - b0) * 1e6) / opts.events,
      burstDelivered: delivered,
      burstLongTasks: lts.length,
      burstLongestMs: Math.max(0, ...lts.map(([, d]) => d)),
      deliveredMs: delivered > 0 ? bw.last - burst.startEpoch : NaN,
      trackErrors: burst.errors,
    });
  } catch (e) {
    r.fail = String(e.message ?? e).split('\n')[0];
  } finally {
    r.outside = [...new Set(outside)];
    await page.close().catch(() => {});
  }
  return r;
}

/** Loads a tracksafe page once with the WebAssembly APIs wrapped: which one compiled the wasm? */
export async function probeStreaming({ context, srv, target }) {
  await srv.call('begin', { runId: 'probe' });
  const page = await context.newPage();
  try {
    await page.goto(`${srv.pageOrigin}/page/${target.name}.probe`, { waitUntil: 'load' });
    await Promise.race([page.evaluate(() => window.__bench.settled), sleep(30_000)]);
    await sleep(300);
    return await page.evaluate(() => {
      const B = window.__bench;
      return { wasm: B.wasm, scriptAsync: B.scriptAsync ?? null, fail: B.fail ?? null, ready: !!B.api };
    });
  } finally {
    await page.close().catch(() => {});
  }
}

export function median(xs) {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
