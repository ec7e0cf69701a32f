// The storefront runtime in Chromium: the persisted queue across reloads, delivery when leaving
// and when back online, retries against a failing upstream, two tabs, storage that throws, SPA
// route changes, a strict CSP and SRI. Asserts on real network traffic, what the upstream sink
// received, and real cookies and storage. Own ports (22080/22081/22787/22789).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import { startStatic } from '../../examples/demo-shop/static.mjs';
import { launchBrowser, recordRequests, requestedFiles, storedState, waitFor, wasmFiles } from '../support/browser.mjs';
import { startStack } from '../support/stack.mjs';

const CSP_ORIGIN = 'http://localhost:22081';
/** Bare pages with the script tag only (no banner): the test drives consent itself. Served by
 * the real static servers (the demo collector URL in them is rewritten to the test's). */
const CUSTOM_EVENTS = { wishlist_added: { purposes: ['analytics'], properties: { count: { type: 'integer', min: 0, max: 100 } } } };
const ONETRUST_GROUPS = { analytics: 'C0009' };
const integrity = JSON.parse(readFileSync(new URL('../../pkg/integrity.json', import.meta.url), 'utf8'));
const fixture = (attrs = '', flush = 'data-flush-interval-ms="100"') => `<!doctype html><html><head><meta charset="utf-8"><title>fixture</title>
<script src="/tracksafe/tracksafe.js" data-endpoint="http://localhost:8787/collect" data-site="runtime-test" ${flush} ${attrs} async></script>
</head><body><h1>fixture</h1></body></html>`;
const PAGES = {
  '/fixture.html': fixture(),
  '/fixture-default-flush.html': fixture('', ''),
  '/fixture-sri.html': fixture(`integrity="${integrity['tracksafe.js']}" crossorigin="anonymous"`),
  // A shop that declares a custom event and maps analytics to its own OneTrust group (the
  // collector too: it drops undeclared events and reads the consent cookies again): the script tag loads the extended wasm for it (the snippet preloads that one).
  '/fixture-custom.html': fixture(`data-custom-events='${JSON.stringify(CUSTOM_EVENTS)}' data-consent='${JSON.stringify({ oneTrustGroups: ONETRUST_GROUPS })}'`)
    .replace('<script ', '<link rel="preload" href="/tracksafe/tracksafe_extended_bg.wasm" as="fetch" crossorigin>\n<script '),
};

let stack;
let browser;
let cspShop;

before(async () => {
  stack = await startStack({ shopPort: 22080, collectorPort: 22787, sinkPort: 22789, extraOrigins: [CSP_ORIGIN], pages: PAGES, customEvents: CUSTOM_EVENTS, consent: { oneTrustGroups: ONETRUST_GROUPS } });
  browser = await launchBrowser();
  const csp = `script-src 'self' 'wasm-unsafe-eval'; connect-src 'self' ${new URL(stack.collector.url).origin}`;
  cspShop = await startStatic({ port: 22081, collectorUrl: stack.collector.url, headers: { 'content-security-policy': csp }, pages: PAGES });
  cspShop.csp = csp;
});
after(async () => {
  await browser?.close();
  await cspShop?.close();
  await stack?.close();
});

async function openFixture(page, path = '/fixture.html') {
  await page.goto(`${stack.shop.url}${path}`);
  await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
  assert.equal(await page.evaluate(() => window.tracksafe.ready), true, 'the wasm loaded');
}

/** A fixture page with analytics granted and its first batch delivered. */
async function openGranted(path = '/fixture.html') {
  const page = await browser.context.newPage();
  await openFixture(page, path);
  await grant(page);
  await page.evaluate(() => window.tracksafe.flush());
  return page;
}

const grant = (page) => page.evaluate(() => window.tracksafe.setConsent({ analytics: true, marketing: false, preferences: false, saleOfData: false }));
const trackN = (page, n, tag) =>
  page.evaluate(
    async ([n, tag]) => {
      const ids = [];
      for (let i = 0; i < n; i++) ids.push((await window.tracksafe.track('search_submitted', { query: `${tag}-${i}` })).eventId);
      return ids;
    },
    [n, tag],
  );

/** How many times the sink received each event id. */
function receivedCounts() {
  const counts = new Map();
  for (const r of stack.sink.received) for (const e of r.batch.events) counts.set(e.eventId, (counts.get(e.eventId) ?? 0) + 1);
  return counts;
}
const arrived = (ids) => () => ids.every((id) => receivedCounts().has(id));
const queueKeys = (state) => Object.entries(state.local).filter(([k]) => k.startsWith('_ts_q.'));
const queuedIds = (state) => queueKeys(state).flatMap(([, v]) => JSON.parse(v).events.map((e) => e.event.eventId));

describe('runtime in Chromium', () => {
  test('with the default timings a run of events delivered in its second is never written to storage', async () => {
    const page = await browser.context.newPage();
    // Every write of the persisted queue, as it happens (not only what is left at the end).
    await page.addInitScript(() => {
      window.__queueWrites = [];
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (String(key).startsWith('_ts_q.')) window.__queueWrites.push(String(value));
        return setItem.call(this, key, value);
      };
    });
    await openFixture(page, '/fixture-default-flush.html');
    await grant(page);
    await page.evaluate(() => window.tracksafe.flush());
    const ids = await page.evaluate(() =>
      Promise.all([0, 1, 2].map((i) => window.tracksafe.track('search_submitted', { query: `unwritten-${i}` }))).then((r) => r.map((x) => x.eventId)),
    );
    await waitFor(arrived(ids), { what: 'the run upstream' });
    await page.waitForTimeout(2500); // past the flush, the one-second write delay and an idle moment
    const writes = await page.evaluate(() => window.__queueWrites);
    assert.ok(ids.every((id) => writes.every((w) => !w.includes(id))), `no write held a delivered event (${writes.length} writes)`);
    assert.ok(queueKeys(await storedState(page)).every(([, v]) => ids.every((id) => !v.includes(id))));
    await page.close();
  });

  test('a batch whose answer takes longer than a second is written to storage meanwhile', async () => {
    const page = await browser.context.newPage();
    // Each queue write and each post to the collector, with when it started and ended.
    await page.addInitScript(() => {
      window.__queueWrites = [];
      window.__posts = [];
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        if (String(key).startsWith('_ts_q.')) window.__queueWrites.push([performance.now(), String(value)]);
        return setItem.call(this, key, value);
      };
      const realFetch = window.fetch;
      window.fetch = function (url, init) {
        const post = { body: String(init?.body ?? ''), start: performance.now(), end: null };
        window.__posts.push(post);
        return realFetch.call(this, url, init).finally(() => (post.end = performance.now()));
      };
    });
    await openFixture(page, '/fixture-default-flush.html');
    await grant(page);
    await page.evaluate(() => window.tracksafe.flush());
    stack.sink.delayMs = 2500; // under the collector's 3 s upstream timeout: a slow 202, not a failure
    try {
      const { eventId } = await page.evaluate(() => window.tracksafe.track('search_submitted', { query: 'slow answer' }));
      await waitFor(arrived([eventId]), { what: 'the event upstream' });
      await page.waitForFunction((id) => window.__posts.some((p) => p.body.includes(id) && p.end !== null), eventId);
      const { writes, posts } = await page.evaluate(() => ({ writes: window.__queueWrites, posts: window.__posts }));
      const post = posts.find((p) => p.body.includes(eventId));
      assert.ok(post.end - post.start > 2000, 'the answer was slow');
      assert.ok(writes.some(([at, v]) => at > post.start && at < post.end && v.includes(eventId)), 'written while its batch was in flight');
    } finally {
      stack.sink.delayMs = 0;
    }
    await page.close();
  });

  test('events queued while the upstream is down survive a reload and arrive', async () => {
    const page = await browser.context.newPage();
    await openFixture(page);
    stack.sink.failures.push(...Array(200).fill(500));
    await grant(page);
    const ids = await trackN(page, 3, 'reload');
    assert.ok(ids.every(Boolean), 'queued with event ids');
    // Persisted in this tab's key once the queue settles (analytics granted).
    await waitFor(async () => {
      const q = queuedIds(await storedState(page));
      return ids.every((id) => q.includes(id));
    }, { what: 'queue persisted' });
    assert.equal(queueKeys(await storedState(page)).length, 1, 'one key for this tab');
    assert.equal(ids.filter((id) => receivedCounts().has(id)).length, 0, 'nothing delivered while down');
    // Reload while still down (the pagehide beacon fails too): only the adopted key can deliver them.
    await page.reload();
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    const left = await storedState(page);
    assert.ok(ids.every((id) => queuedIds(left).includes(id)), 'the old tab key is still there before consent');
    assert.equal(ids.filter((id) => receivedCounts().has(id)).length, 0, 'the beacon did not deliver them');
    stack.sink.failures.length = 0;
    await grant(page);
    await waitFor(arrived(ids), { what: 'persisted events upstream after reload' });
    // Delivered: the queue keys hold none of them any more (dedupe by eventId: a beacon may repeat).
    await waitFor(async () => {
      const q = queuedIds(await storedState(page));
      return q.every((id) => !ids.includes(id));
    }, { what: 'persisted queue emptied' });
    assert.ok(queueKeys(await storedState(page)).length <= 1, "the gone tab's key was removed after adoption");
    const unique = ids.filter((id) => receivedCounts().has(id));
    assert.equal(new Set(unique).size, 3);
    await page.close();
  });

  test('offline then online: every event arrives exactly once', async () => {
    const page = await browser.context.newPage();
    await openFixture(page);
    await grant(page);
    await page.evaluate(() => window.tracksafe.flush());
    await browser.context.setOffline(true);
    const ids = await trackN(page, 4, 'offline');
    await page.waitForTimeout(800);
    assert.equal(ids.filter((id) => receivedCounts().has(id)).length, 0, 'nothing arrives while offline');
    // Written within about a second of the change (QueueStore.schedule), while still offline.
    await waitFor(async () => {
      const q = queuedIds(await storedState(page));
      return ids.every((id) => q.includes(id));
    }, { what: 'kept in storage while offline' });
    assert.equal(ids.filter((id) => receivedCounts().has(id)).length, 0, 'still nothing arrived');
    await browser.context.setOffline(false);
    await waitFor(arrived(ids), { what: 'events after going online' });
    await page.waitForTimeout(1000);
    const counts = receivedCounts();
    for (const id of ids) assert.equal(counts.get(id), 1, `event ${id} once`);
    await page.close();
  });

  test('upstream answering 500, then 429 with Retry-After, then 200: none lost, none duplicated', async () => {
    const page = await browser.context.newPage();
    await openFixture(page);
    await grant(page);
    await page.evaluate(() => window.tracksafe.flush());
    const before = stack.sink.requests.length;
    stack.sink.failures.push(500, 429);
    const ids = await trackN(page, 5, 'retry');
    await waitFor(arrived(ids), { what: 'events after 500 and 429', ms: 20_000 });
    assert.equal(stack.sink.failures.length, 0, 'both failures were answered');
    assert.ok(stack.sink.requests.length - before >= 3, 'the upstream was asked again');
    await page.waitForTimeout(1000);
    const counts = receivedCounts();
    for (const id of ids) assert.equal(counts.get(id), 1, `event ${id} once`);
    await page.close();
  });

  test('two tabs: a revocation in one purges both; nothing is sent afterwards', async () => {
    const a = await browser.context.newPage();
    const b = await browser.context.newPage();
    await openFixture(a, '/fixture.html?tab=a');
    await openFixture(b, '/fixture.html?tab=b');
    await grant(a);
    await grant(b);
    await waitFor(async () => (await storedState(a)).cookies.some((c) => c.name === '_ts_vid'), { what: 'visitor cookie' });
    await b.evaluate(() => window.tracksafe.flush());
    // B's events wait in its persisted queue while the browser is offline.
    await browser.context.setOffline(true);
    const idsB = await trackN(b, 3, 'tab-b');
    await waitFor(async () => {
      const q = queuedIds(await storedState(b));
      return idsB.every((id) => q.includes(id));
    }, { what: 'B persisted' });
    await a.evaluate(() => window.tracksafe.setConsent({ analytics: false, marketing: false, preferences: false, saleOfData: false }));
    await waitFor(async () => (await b.evaluate(() => window.tracksafe.inspect().queued.eventIds.length)) === 0, { what: 'B purged' });
    for (const p of [a, b]) {
      const s = await storedState(p);
      assert.deepEqual(s.cookies.filter((c) => c.name.startsWith('_ts_')), []);
      assert.deepEqual(Object.keys(s.local).filter((k) => k.startsWith('_ts_')), []);
    }
    const seenA = recordRequests(a, stack.collector.url);
    const seenB = recordRequests(b, stack.collector.url);
    await browser.context.setOffline(false);
    const after = await b.evaluate(() => window.tracksafe.track('search_submitted', { query: 'after' }));
    assert.equal(after.status, 'dropped');
    await a.waitForTimeout(2500);
    assert.deepEqual(seenA.filter((r) => r.url.endsWith('/collect')), [], 'A sent nothing after revoking');
    assert.deepEqual(seenB.filter((r) => r.url.endsWith('/collect')), [], 'B sent nothing after the purge');
    assert.equal(idsB.filter((id) => receivedCounts().has(id)).length, 0, "B's queued events never left");
    await a.close();
    await b.close();
  });

  test('storage and cookies throwing: memory only, no page error, delivered after consent', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.addInitScript(() => {
      const blocked = () => {
        throw new DOMException('blocked', 'SecurityError');
      };
      for (const name of ['localStorage', 'sessionStorage']) Object.defineProperty(window, name, { configurable: true, get: blocked });
      Object.defineProperty(Document.prototype, 'cookie', { configurable: true, get: blocked, set: blocked });
    });
    await openFixture(page);
    await grant(page);
    const ids = await trackN(page, 2, 'blocked');
    await waitFor(arrived(ids), { what: 'events with storage blocked' });
    const inspected = await page.evaluate(() => window.tracksafe.inspect());
    assert.deepEqual(inspected.storage, { local: {}, session: {} });
    assert.deepEqual(inspected.cookies, {});
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('an SPA route change sends page_viewed for the new URL', async () => {
    const page = await browser.context.newPage();
    await openFixture(page);
    await grant(page);
    await page.evaluate(() => history.pushState({}, '', '/collections/bags?utm_source=spa'));
    const got = await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).find((e) => e.name === 'page_viewed' && e.context.url.includes('/collections/bags')), { what: 'SPA page_viewed' });
    assert.equal(got.context.url, `${stack.shop.url}/collections/bags?utm_source=spa`);
    await page.evaluate(() => history.back());
    await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).filter((e) => e.name === 'page_viewed' && e.context.url === `${stack.shop.url}/fixture.html`).length >= 2, { what: 'popstate page_viewed' });
    await page.close();
  });

  test('custom options: the script tag loads the extended wasm, which reads the group ids and the declared event; other pages load the lean one', async () => {
    const lean = await browser.context.newPage();
    const leanFiles = requestedFiles(lean);
    await openFixture(lean);
    assert.deepEqual(wasmFiles(leanFiles), ['tracksafe_lean_bg.wasm'], 'a page without custom options');
    await lean.close();

    // OneTrust's default analytics group C0002 is refused, the shop's own C0009 granted.
    await browser.context.addCookies([{ name: 'OptanonConsent', value: 'isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0%2CC0009%3A1', url: stack.shop.url }]);
    const page = await browser.context.newPage();
    const files = requestedFiles(page);
    const warnings = [];
    page.on('console', (m) => /preload/i.test(m.text()) && warnings.push(m.text()));
    try {
      await openFixture(page, '/fixture-custom.html');
      assert.deepEqual(wasmFiles(files), ['tracksafe_extended_bg.wasm'], 'the extended wasm only, once (the preload)');
      assert.deepEqual(warnings, [], 'the preload is the file the script uses');
      const consent = await page.evaluate(() => window.tracksafe.consent());
      assert.equal(consent.analytics, true, 'analytics from the remapped OneTrust group');
      const out = await page.evaluate(() => window.tracksafe.track('wishlist_added', { count: 3, note: 'jane@example.com' }));
      assert.equal(out.status, 'queued');
      await page.evaluate(() => window.tracksafe.flush());
      const got = await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).find((e) => e.eventId === out.eventId), { what: 'the custom event upstream' });
      assert.deepEqual(got.properties, { count: 3 }, 'declared properties only');
    } finally {
      await browser.context.clearCookies();
      await page.close();
    }
  });

  test('under the strict CSP: no violation, events arrive', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    const res = await page.goto(`${CSP_ORIGIN}/`);
    assert.equal(res.headers()['content-security-policy'], cspShop.csp);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    assert.equal(await page.evaluate(() => window.tracksafe.ready), true);
    await page.click('#accept-analytics');
    await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).find((e) => e.name === 'page_viewed' && e.context.url.startsWith(CSP_ORIGIN)), { what: 'page_viewed from the CSP page' });
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    await page.close();
  });

  test('SRI: integrity.json matches every served file, and an integrity-checked tag loads', async () => {
    assert.ok(Object.keys(integrity).includes('tracksafe.js'));
    for (const [file, want] of Object.entries(integrity)) {
      const body = Buffer.from(await (await fetch(`${cspShop.url}/tracksafe/${file}`)).arrayBuffer());
      assert.equal(`sha384-${createHash('sha384').update(body).digest('base64')}`, want, file);
    }
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.goto(`${CSP_ORIGIN}/fixture-sri.html`);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    assert.equal(await page.evaluate(() => window.tracksafe.ready), true, 'loaded with integrity + crossorigin');
    await grant(page);
    const ids = await trackN(page, 1, 'sri');
    await waitFor(arrived(ids), { what: 'event from the SRI page' });
    assert.deepEqual(errors, []);
    await page.close();
  });
  test('a burst of 1,000 track() calls: the page gets control back between slices; every event arrives once', async () => {
    const page = await openGranted();
    const burst = await page.evaluate(async () => {
      const t0 = performance.now();
      const pending = [];
      for (let i = 0; i < 1000; i++) pending.push(window.tracksafe.track('search_submitted', { query: `burst-${i}` }));
      const loopMs = performance.now() - t0;
      let settled = 0;
      for (const p of pending) p.then(() => (settled += 1));
      // A task the page posts right after the burst runs before tracksafe has taken all 1,000.
      const seenByPageTask = await new Promise((resolve) => setTimeout(() => resolve(settled), 0));
      const results = await Promise.all(pending);
      return { loopMs, seenByPageTask, ids: results.map((r) => r.eventId), statuses: [...new Set(results.map((r) => r.status))] };
    });
    assert.deepEqual(burst.statuses, ['queued']);
    assert.ok(burst.seenByPageTask < 1000, `the page ran a task while tracksafe worked (${burst.seenByPageTask} taken before it)`);
    assert.equal(new Set(burst.ids).size, 1000);
    // 1,000 events are ~270 KB of batches: more than Chromium's 64 KB keepalive quota, so this
    // also proves each answer is read and its quota released.
    await waitFor(arrived(burst.ids), { what: '1,000 burst events upstream', ms: 30_000 });
    await page.waitForTimeout(500);
    const counts = receivedCounts();
    assert.ok(burst.ids.every((id) => counts.get(id) === 1), 'each burst event exactly once');
    await page.close();
  });

  test('two tabs flushing at once: one sends at a time (Web Lock), both queues arrive', async () => {
    const a = await openGranted('/fixture.html?tab=lock-a');
    const b = await openGranted('/fixture.html?tab=lock-b');
    await Promise.all([a.evaluate(() => window.tracksafe.flush()), b.evaluate(() => window.tracksafe.flush())]);
    const from = stack.sink.requests.length;
    stack.sink.delayMs = 300;
    try {
      const pick = (p, tag) => p.evaluate((tag) => Promise.all([0, 1, 2].map((i) => window.tracksafe.track('search_submitted', { query: `${tag}-${i}` }))), tag);
      const [ra, rb] = await Promise.all([pick(a, 'lock-a'), pick(b, 'lock-b')]);
      const ids = [...ra, ...rb].map((r) => r.eventId);
      await Promise.all([a.evaluate(() => window.tracksafe.flush()), b.evaluate(() => window.tracksafe.flush())]);
      await waitFor(arrived(ids), { what: 'both tabs delivered', ms: 20_000 });
      const spans = stack.sink.requests.slice(from).filter((r) => r.answeredAt > 0).sort((x, y) => x.arrivedAt - y.arrivedAt);
      const tabsSeen = new Set(spans.flatMap((r) => JSON.parse(r.body).events.map((e) => e.properties.query.split('-')[1])));
      assert.deepEqual([...tabsSeen].sort(), ['a', 'b'], 'both tabs sent');
      for (let i = 1; i < spans.length; i++) {
        assert.ok(spans[i].arrivedAt >= spans[i - 1].answeredAt, `request ${i} started after request ${i - 1} was answered`);
      }
    } finally {
      stack.sink.delayMs = 0;
    }
    await a.close();
    await b.close();
  });

  test('without Web Locks: the queue lives under _ts_q.default and the next page adopts it', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'locks', { configurable: true, get: () => undefined }));
    await openFixture(page, '/fixture.html?locks=none');
    stack.sink.failures.push(...Array(200).fill(500));
    await grant(page);
    const ids = await trackN(page, 2, 'nolocks');
    await waitFor(async () => {
      const v = (await storedState(page)).local['_ts_q.default'];
      return v && ids.every((id) => v.includes(id));
    }, { what: '_ts_q.default persisted' });
    await page.reload();
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    stack.sink.failures.length = 0;
    await grant(page);
    await waitFor(arrived(ids), { what: 'adopted default-key events upstream' });
    await waitFor(async () => {
      const v = (await storedState(page)).local['_ts_q.default'];
      return !v || ids.every((id) => !v.includes(id));
    }, { what: '_ts_q.default emptied after delivery' });
    await page.close();
  });

  test('a wasm trap turns tracking off: nothing sent or stored afterwards, no page error', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    const consoleErrors = [];
    page.on('pageerror', (e) => errors.push(e));
    page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    // Fault injection at the wasm boundary: once armed, the next `track` call into `ts_call`
    // (method 1, src/page.rs) first runs a real `unreachable` instruction (a 1-function module),
    // so a genuine WebAssembly.RuntimeError comes out of the core's export, as a trap inside it
    // would.
    await page.addInitScript(() => {
      const trapModule = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 8, 1, 4, 116, 114, 97, 112, 0, 0, 10, 5, 1, 3, 0, 0, 11]));
      const trap = new WebAssembly.Instance(trapModule).exports.trap;
      window.__armTrap = false;
      const wrap = (result) => {
        const exports = { ...result.instance.exports };
        const call = exports.ts_call;
        exports.ts_call = (...args) => {
          if (window.__armTrap && args[1] === 1) trap();
          return call(...args);
        };
        return { instance: { exports }, module: result.module };
      };
      const streaming = WebAssembly.instantiateStreaming;
      WebAssembly.instantiateStreaming = (...args) => streaming(...args).then(wrap);
    });
    await openFixture(page, '/fixture.html?trap=1');
    await grant(page);
    const ids = await trackN(page, 2, 'pre-trap');
    await waitFor(arrived(ids), { what: 'events before the trap' });
    const before = await storedState(page);
    const seen = recordRequests(page, stack.collector.url);
    const out = await page.evaluate(async () => {
      window.__armTrap = true;
      const first = await window.tracksafe.track('search_submitted', { query: 'trap' });
      window.__armTrap = false;
      const next = await window.tracksafe.track('search_submitted', { query: 'after-trap' });
      const flushed = await window.tracksafe.flush();
      return { first, next, flushed, consent: window.tracksafe.consent() };
    });
    assert.deepEqual(out.first, { status: 'dropped', reason: 'tracker_disabled' });
    assert.deepEqual(out.next, { status: 'dropped', reason: 'tracker_disabled' });
    assert.equal(out.consent, null, 'no consent is claimed once disabled');
    await page.waitForTimeout(1500);
    assert.deepEqual(seen, [], 'nothing crossed the network after the trap');
    const afterState = await storedState(page);
    assert.deepEqual(afterState.local, before.local, 'storage unchanged after the trap');
    assert.ok(!receivedCounts().size || ![...stack.sink.received].some((r) => r.batch.events.some((e) => e.properties.query === 'after-trap' || e.properties.query === 'trap')));
    assert.deepEqual(errors, [], 'no uncaught error reached the page');
    assert.ok(consoleErrors.some((t) => t.includes('[tracksafe] disabled after an internal error')), 'the trap was reported on the console');
    await page.close();
  });
});

describe('demo shop pages in Chromium', () => {
  test('collection, cart and order pages send their events; the privacy panel shows inspect() live', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    await page.addInitScript(() => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
    });
    await browser.context.clearCookies();
    await page.goto(`${stack.shop.url}/order.html`);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    const panel = page.locator('#privacy-panel');
    await panel.waitFor();
    await waitFor(async () => /checkout_completed/.test(await panel.locator('[data-section="queued"]').textContent()), { what: 'panel shows the queued event before consent' });
    const before = await storedState(page);
    assert.ok(Object.values(before.local).every((v) => !v.includes('checkout_completed')), 'in memory only before consent');
    await page.click('#accept-analytics');
    const got = await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).find((e) => e.name === 'checkout_completed'), { what: 'checkout_completed upstream' });
    assert.equal(got.properties.order_id, 'ORDER-1001');
    assert.equal(got.properties.lines[0].quantity, 2);
    await waitFor(async () => /checkout_completed/.test(await panel.locator('[data-section="sent"]').textContent()), { what: 'panel shows the batch sent' });
    assert.match(await panel.locator('[data-section="stored"]').textContent(), /_ts_vid/);
    assert.match(await panel.locator('[data-section="consent"]').textContent(), /"analytics": true/);
    for (const [path, name] of [['/collection.html', 'collection_viewed'], ['/cart.html', 'cart_viewed']]) {
      await page.goto(`${stack.shop.url}${path}`);
      await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).some((e) => e.name === name && e.context.url.endsWith(path)), { what: `${name} upstream` });
    }
    assert.deepEqual(await page.evaluate(() => window.__violations), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
