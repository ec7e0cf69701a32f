// SHA-256 of a normalized email in Chromium: tracksafe's public `hashEmail(raw, "meta")` (from
// the ES-module build) against js-sha256 and awaited WebCrypto. Every method's digest is checked
// against node:crypto first; a wrong digest is reported, never timed.
//
// Each method first runs for WARM_MS (so the JS JIT and V8's wasm tier-up have finished: on a
// busy machine the optimizing compiles lag), then the samples (SAMPLE_MS each) are interleaved
// across the methods in a rotating order, so a burst of load from elsewhere lands on every method
// alike; cells and budgets use the medians.
import { createHash } from 'node:crypto';
import { median } from './chromium.mjs';

const SAMPLE = '  John.Doe+shop7@Example.COM ';
const WARM_MS = 1000;
const SAMPLE_MS = 25;

/** @returns {{ nsPerOp: Record<string, number[]>, wrong: string[], missing: string|null }} */
export async function measureSha({ context, srv, reps, log }) {
  const page = await context.newPage();
  try {
    await page.goto(`${srv.pageOrigin}/page/sha`, { waitUntil: 'load' });
    const names = await page.evaluate(async () => Object.keys(await window.__sha));
    const { importError, exports } = await page.evaluate(() => ({ importError: window.__shaError ?? null, exports: window.__shaExports ?? null }));
    const expected = createHash('sha256').update(SAMPLE.trim().toLowerCase()).digest('hex');
    const wrong = [];
    for (const name of names) {
      const got = await page.evaluate(async ([name, s]) => (await window.__sha)[name].one(s), [name, SAMPLE]);
      if (got !== expected) wrong.push(`${name} gave ${String(got).slice(0, 16)}…`);
    }
    const timed = names.filter((n) => !wrong.some((w) => w.startsWith(`${n} `)));
    const run = (name, n) => page.evaluate(async ([name, n]) => (await window.__sha)[name].run(n), [name, n]);
    // Warm up for WARM_MS per method, then pick a call count that takes ~SAMPLE_MS per sample.
    const calls = {};
    for (const name of timed) {
      let n = 1000;
      let ms = 0;
      for (let spent = 0; spent < WARM_MS; spent += ms) {
        ms = await run(name, n);
        if (ms < SAMPLE_MS && n < 1_000_000) n *= 2;
      }
      calls[name] = Math.max(1000, Math.round((n * SAMPLE_MS) / ms / 100) * 100);
    }
    const nsPerOp = Object.fromEntries(timed.map((n) => [n, []]));
    for (let rep = 0; rep < reps; rep++) {
      for (let i = 0; i < timed.length; i++) {
        const name = timed[(i + rep) % timed.length];
        nsPerOp[name].push(((await run(name, calls[name])) * 1e6) / calls[name]);
      }
    }
    log(`  sha-256: ${timed.map((n) => `${n} ${median(nsPerOp[n]).toFixed(0)} ns`).join(', ')}`);
    let missing = null;
    if (!names.includes('tracksafe')) {
      missing = importError ? `import failed: ${importError}` : `export missing; the module exports ${exports?.join(', ') || 'nothing'}`;
    }
    return { nsPerOp, wrong, missing };
  } finally {
    await page.close().catch(() => {});
  }
}
