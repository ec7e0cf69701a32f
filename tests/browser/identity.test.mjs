// The visitor ID lifecycle, identify(), inspect() and forget() in headless Chromium against the
// demo shop, the collector in workerd and the upstream sink. Asserts on what really sits in
// cookies and storage and what really crossed the network (own ports: 21080/21787/21789).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { after, before, beforeEach, describe, test } from 'node:test';
import { launchBrowser, storedState, waitFor } from '../support/browser.mjs';
import { startStack, TEST_PEPPER } from '../support/stack.mjs';
import { declareSecrets } from '../../examples/demo-shop/artefacts.mjs';

const require = createRequire(import.meta.url);
const { ServerSideUtils } = require('facebook-nodejs-business-sdk');

const DAY = 86_400_000;
const rekey = (s) => createHmac('sha256', TEST_PEPPER).update(s).digest('hex');
const EMAIL = 'Jane.Doe+shop@Example.com';
const PHONE = '+1 (555) 123-4567';
declareSecrets([EMAIL, PHONE]);
// Every form the raw values could take on the way out (as typed, normalized, URL-encoded).
const RAW_FORMS = [EMAIL, EMAIL.toLowerCase(), 'Jane.Doe', 'jane.doe', encodeURIComponent(EMAIL), '@example.com', 'Example.com', PHONE, '555) 123', '123-4567', '5551234567', encodeURIComponent(PHONE)];

let stack;
let browser;
before(async () => {
  stack = await startStack({ shopPort: 21080, collectorPort: 21787, sinkPort: 21789 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  await browser.context.clearCookies();
  stack.sink.received.length = 0;
  stack.sink.requests.length = 0;
});

/** A fresh page on the shop with tracksafe loaded, recording every request and console line. */
async function open(path = '/') {
  const page = await browser.context.newPage();
  const seen = { requests: [], console: [], errors: [] };
  page.on('request', (r) => seen.requests.push({ url: r.url(), body: r.postData() ?? '', headers: JSON.stringify(r.headers()) }));
  page.on('console', (m) => seen.console.push(m.text()));
  page.on('pageerror', (e) => seen.errors.push(e));
  await page.goto(`${stack.shop.url}${path}`);
  await page.waitForFunction(() => window.tracksafe && window.tracksafe.tracker);
  return { page, seen };
}
async function reload(page) {
  await page.reload();
  await page.waitForFunction(() => window.tracksafe && window.tracksafe.tracker);
}
const ts = (page, method, ...args) => page.evaluate(([m, a]) => window.tracksafe[m](...a), [method, args]);
async function tsCookies(page) {
  return (await page.context().cookies(stack.shop.url)).filter((c) => c.name.startsWith('_ts_'));
}
async function visitor(page) {
  const c = (await tsCookies(page)).find((x) => x.name === '_ts_vid');
  if (!c) return null;
  const [id, at] = decodeURIComponent(c.value).split('.');
  return { id, at: Number(at), cookie: c };
}
const batchesWith = (pred) => stack.sink.received.filter((r) => r.path === '/ingest' && pred(r.batch));

describe('visitor ID lifecycle in Chromium', () => {
  test('no _ts_vid before consent; after analytics one first-party Lax cookie, the same across reloads', async () => {
    const { page, seen } = await open();
    await page.waitForTimeout(1200); // past the flush interval
    assert.deepEqual(await tsCookies(page), []);
    assert.deepEqual(seen.requests.filter((r) => r.url.startsWith(stack.collector.url)), []);

    await ts(page, 'setConsent', { analytics: true });
    const first = await visitor(page);
    assert.ok(first, 'the visitor cookie is set once analytics is granted');
    assert.match(first.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.ok(Math.abs(first.at - Date.now()) < 60_000, 'the cookie carries its creation time');
    const { cookie } = first;
    assert.deepEqual([cookie.sameSite, cookie.path, cookie.secure, cookie.httpOnly], ['Lax', '/', false, false]);
    assert.ok(Math.abs(cookie.expires * 1000 - (first.at + 180 * DAY)) < 120_000, 'expires at the absolute lifetime');
    assert.ok((await tsCookies(page)).some((c) => c.name === '_ts_sid'), 'a session cookie too');

    const got = await waitFor(() => batchesWith((b) => b.events.some((e) => e.name === 'page_viewed'))[0], { what: 'page_viewed upstream' });
    assert.equal(got.batch.visitorId, rekey(first.id), 'upstream gets the ID re-keyed with the pepper');

    for (let i = 0; i < 2; i++) {
      await reload(page);
      await ts(page, 'setConsent', { analytics: true });
      const again = await visitor(page);
      assert.deepEqual([again.id, again.at], [first.id, first.at], 'same ID and creation time after a reload');
    }
    assert.deepEqual(seen.errors, []);
    await page.close();
  });

  test('a new ID once its lifetime is over (time travelled by the test, and a cookie stamped 181 days ago)', async () => {
    const { page } = await open();
    await ts(page, 'setConsent', { analytics: true });
    const first = await visitor(page);
    // The page's clock jumps 181 days ahead: the next send finds the ID expired.
    await page.clock.setSystemTime(Date.now() + 181 * DAY);
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });
    await ts(page, 'flush');
    const travelled = await visitor(page);
    assert.notEqual(travelled.id, first.id);
    assert.ok(travelled.at > Date.now() + 180 * DAY, `stamped with the travelled time: ${travelled.at} ${Date.now()}`);
    await page.close();

    // A reload that finds a cookie whose stamp is past the lifetime also gets a new ID.
    // (The clock is the context's, so times are read from the page.)
    await browser.context.clearCookies();
    const fresh = await open();
    const pageNow = () => fresh.page.evaluate(() => Date.now());
    const old = '0e0e0e0e-0e0e-4e0e-8e0e-0e0e0e0e0e0e';
    await browser.context.addCookies([{ name: '_ts_vid', value: `${old}.${(await pageNow()) - 181 * DAY}`, url: stack.shop.url }]);
    await reload(fresh.page);
    await ts(fresh.page, 'setConsent', { analytics: true });
    const renewed = await visitor(fresh.page);
    assert.notEqual(renewed.id, old);
    assert.ok(Math.abs(renewed.at - (await pageNow())) < 60_000);
    await fresh.page.clock.setSystemTime(Date.now()); // back to the present for the other tests
    await fresh.page.close();
  });

  test('a new ID after a consent downgrade', async () => {
    const { page } = await open();
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    const first = await visitor(page);
    await ts(page, 'setConsent', { analytics: true });
    const second = await visitor(page);
    assert.notEqual(second.id, first.id);
    await ts(page, 'setConsent', { analytics: false });
    assert.deepEqual(await tsCookies(page), [], 'analytics withdrawn: both cookies deleted');
    await page.close();
  });
});

describe('inspect, identify and forget in Chromium', () => {
  test('inspect() lists exactly what the browser holds', async () => {
    const { page } = await open();
    await ts(page, 'setConsent', { analytics: true });
    await waitFor(() => batchesWith((b) => b.events.some((e) => e.name === 'page_viewed'))[0], { what: 'page_viewed upstream' });
    await page.waitForFunction(() => window.tracksafe.inspect().sent.length > 0);
    // Offline, so the event stays queued (a delivered event is never written to storage at all).
    await page.context().setOffline(true);
    try {
      await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });
      // The queue is written about a second later, when the page is idle: compare once it has been.
      await waitFor(async () => Object.entries((await storedState(page)).local).some(([k, v]) => k.startsWith('_ts_q.') && v.includes('product_viewed')), { what: 'queue written' });
      const seen = await ts(page, 'inspect');
      const state = await storedState(page);
      const held = Object.fromEntries(state.cookies.filter((c) => c.name.startsWith('_ts_')).map((c) => [c.name, decodeURIComponent(c.value)]));
      assert.deepEqual(seen.cookies, held);
      assert.deepEqual(Object.keys(held).sort(), ['_ts_sid', '_ts_vid']);
      const own = (s) => Object.fromEntries(Object.entries(s).filter(([k]) => k.startsWith('_ts_')));
      assert.deepEqual(seen.storage, { local: own(state.local), session: own(state.session) });
      assert.deepEqual(Object.keys(state.local).filter((k) => !k.startsWith('_ts_q.')), [], 'under analytics tracksafe stores only its persisted queue');
      assert.deepEqual({ ...seen.consent }, { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual', sources: { analytics: 'manual', marketing: 'none', preferences: 'none', saleOfData: 'none' } });
      assert.deepEqual(seen.queued.events.map((e) => e.name), ['product_viewed']);
      const sentIds = seen.sent.flatMap((s) => s.body.events.map((e) => e.eventId));
      const upstreamIds = stack.sink.received.flatMap((r) => r.batch.events?.map((e) => e.eventId) ?? []);
      assert.ok(sentIds.length > 0 && sentIds.every((id) => upstreamIds.includes(id)), 'the batches listed as sent reached the upstream');
      assert.deepEqual(seen.identifiers, {});
    } finally {
      await page.context().setOffline(false);
    }
    await page.close();
  });

  test('identify under marketing sends only hashes; no raw email or phone in any request, cookie, storage value or log', async () => {
    const { page, seen } = await open();
    await ts(page, 'debug', true);
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-000' });
    await ts(page, 'flush');
    // The hashing code is a wasm of its own, fetched on the first identify() call and only then.
    const hasherFiles = () => seen.requests.map((r) => new URL(r.url).pathname.split('/').pop()).filter((f) => f.startsWith('tracksafe_hasher'));
    assert.deepEqual(hasherFiles(), [], 'a page that has not called identify() loads no hasher');
    assert.ok(seen.requests.some((r) => r.url.endsWith('/tracksafe_lean_bg.wasm')), 'the request log sees the page\'s own wasm');
    const out = await ts(page, 'identify', { email: EMAIL, phone: PHONE });
    assert.deepEqual(out, { status: 'queued', reason: 'batched', fields: ['em', 'ph'] });
    assert.deepEqual(hasherFiles().sort(), ['tracksafe_hasher.js', 'tracksafe_hasher_bg.wasm']);
    // Bad input is refused by the hasher with its code, and nothing of it is kept.
    await assert.rejects(
      page.evaluate(() => window.tracksafe.identify({ email: 'jane at example.com' }).catch((e) => Promise.reject(new Error(`${e.name} ${e.code} ${e.message}`)))),
      (e) => /RangeError INVALID_EMAIL/.test(e.message) && !e.message.includes('jane'),
    );
    assert.deepEqual(Object.keys((await ts(page, 'inspect')).identifiers).sort(), ['em', 'ph']);
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });
    await ts(page, 'flush');
    const got = await waitFor(() => batchesWith((b) => b.identifiers)[0], { what: 'identifiers upstream' });
    // Meta's SDK computes the platform hashes; the edge must have re-keyed them with the pepper.
    const em = ServerSideUtils.normalizeAndHash(EMAIL, 'em');
    const ph = ServerSideUtils.normalizeAndHash(PHONE, 'ph');
    assert.equal(got.batch.hashProfile, 'meta');
    assert.deepEqual(got.batch.identifiers, { em: rekey(em), ph: rekey(ph) });
    const toCollector = seen.requests.filter((r) => r.url.startsWith(stack.collector.url) && r.body.includes('identifiers'));
    assert.ok(toCollector.length > 0);
    assert.deepEqual(JSON.parse(toCollector[0].body).identifiers, { em, ph }, 'the browser sends the platform hash, never the value');
    assert.ok(stack.sink.requests.every((r) => !r.body.includes(em) && !r.body.includes(ph)), 'upstream never sees a plain SHA-256');

    const state = await storedState(page);
    const everything = [
      ...seen.requests.map((r) => `${r.url}\n${r.headers}\n${r.body}`),
      ...stack.sink.requests.map((r) => `${r.url}\n${JSON.stringify(r.headers)}\n${r.body}`),
      ...state.cookies.map((c) => `${c.name}=${c.value}`),
      JSON.stringify(state.local), JSON.stringify(state.session),
      JSON.stringify(await ts(page, 'inspect')),
      ...seen.console,
    ].join('\n');
    assert.ok(seen.console.some((l) => l.includes('identify')), 'debug logging was on');
    for (const raw of RAW_FORMS) assert.ok(!everything.includes(raw), `${raw} leaked: ${everything.slice(Math.max(0, everything.indexOf(raw) - 300), everything.indexOf(raw) + 100)}`);
    assert.equal((await ts(page, 'identify', { zip: '94025' })).status, 'queued');
    assert.equal(hasherFiles().length, 2, 'the hasher is loaded once per page');
    await page.close();
  });

  test('identify while the hasher cannot load: dropped, nothing kept or sent; the next call loads it', async () => {
    const { page, seen } = await open();
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    await page.route('**/tracksafe_hasher_bg.wasm', (route) => route.abort());
    assert.deepEqual(await ts(page, 'identify', { email: EMAIL }), { status: 'dropped', reason: 'hasher_unavailable' });
    assert.deepEqual((await ts(page, 'inspect')).identifiers, {});
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });
    await ts(page, 'flush');
    const toCollector = () => seen.requests.filter((r) => r.url.startsWith(stack.collector.url));
    assert.ok(toCollector().length > 0 && toCollector().every((r) => !r.body.includes('identifiers')), 'no identifiers travel');
    await page.unroute('**/tracksafe_hasher_bg.wasm');
    // The call's values as they were when it was made: a change while the hasher loads is not seen.
    const later = await page.evaluate((email) => {
      const fields = { email };
      const out = window.tracksafe.identify(fields);
      fields.email = 'someone.else@example.com';
      return out;
    }, EMAIL);
    assert.deepEqual(later, { status: 'queued', reason: 'batched', fields: ['em'] });
    assert.deepEqual((await ts(page, 'inspect')).identifiers, { em: ServerSideUtils.normalizeAndHash(EMAIL, 'em') });
    const everything = seen.requests.map((r) => `${r.url}\n${r.body}`).join('\n') + seen.console.join('\n');
    for (const raw of RAW_FORMS) assert.ok(!everything.includes(raw), `${raw} leaked`);
    await page.close();
  });

  test('a hasher that traps is not used again on the page: identify() stays dropped, nothing is kept', async () => {
    const { page, seen } = await open();
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    // The hasher module as served, wrapped so that its first call traps the way a wasm bug would
    // (a WebAssembly.RuntimeError, no code) and later calls would hash normally.
    await page.route('**/tracksafe_hasher.js', (route) => route.fulfill({
      contentType: 'text/javascript',
      body: `import init, * as real from './tracksafe_hasher.js?as-served';
export default init;
let calls = 0;
export function hashIdentifyMember(...args) {
  if (calls++ === 0) throw new WebAssembly.RuntimeError('unreachable');
  return real.hashIdentifyMember(...args);
}`,
    }));
    assert.deepEqual(await ts(page, 'identify', { email: EMAIL }), { status: 'dropped', reason: 'hasher_unavailable' });
    assert.deepEqual(await ts(page, 'identify', { email: EMAIL }), { status: 'dropped', reason: 'hasher_unavailable' }, 'not used again');
    assert.deepEqual((await ts(page, 'inspect')).identifiers, {});
    assert.ok(seen.requests.some((r) => r.url.endsWith('tracksafe_hasher.js?as-served')), 'the real hasher was loaded behind the wrapper');
    assert.equal((await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' })).status, 'queued', 'tracking goes on');
    await page.close();
  });

  test('identify with non-ASCII values: the page build (the browser\'s case mapping) hashes as Meta\'s SDK does', async () => {
    // The script tag's lean wasm lowercases and uppercases non-ASCII text with String.prototype
    // (src/case.rs); the oracle is Meta's SDK in Node. KELVIN SIGN lowercases to `k`, a final
    // sigma to `ς`, `ß` uppercases to `SS`, `İ` lowercases to `i̇`.
    const fields = { email: ' MAR\u212A@EXAMPLE.COM ', firstName: 'ΣΊΣΥΦΟΣ', lastName: 'STRAßE', city: 'İSTANBUL', state: 'ÎLE-DE-FRANCE', zip: 'Ü1234', country: 'de' };
    const meta = { email: 'em', firstName: 'fn', lastName: 'ln', city: 'ct', state: 'st', zip: 'zp', country: 'country' };
    declareSecrets(Object.values(fields));
    const { page, seen } = await open();
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    const out = await ts(page, 'identify', fields);
    assert.equal(out.status, 'queued');
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });
    await ts(page, 'flush');
    await waitFor(() => seen.requests.find((r) => r.url.startsWith(stack.collector.url) && r.body.includes('identifiers')), { what: 'identifiers to the collector' });
    const sent = JSON.parse(seen.requests.find((r) => r.url.startsWith(stack.collector.url) && r.body.includes('identifiers')).body).identifiers;
    const want = Object.fromEntries(Object.entries(fields).map(([k, v]) => [meta[k], ServerSideUtils.normalizeAndHash(v, meta[k])]));
    assert.deepEqual(sent, want);
    await page.close();
  });

  test('forget(): the browser holds nothing of tracksafe, the upstream got the erasure, a new ID after new consent', async () => {
    const { page, seen } = await open();
    await ts(page, 'setConsent', { analytics: true, marketing: true });
    await ts(page, 'identify', { email: EMAIL });
    const before = await visitor(page);
    await waitFor(() => batchesWith((b) => b.events.some((e) => e.name === 'page_viewed'))[0], { what: 'a batch upstream' });
    // Once the browser has recorded the answer, its send loop is idle: the next event stays queued.
    await page.waitForFunction(() => window.tracksafe.inspect().sent.length > 0);
    await ts(page, 'track', 'product_viewed', { product_id: 'tote-001' });

    const res = await ts(page, 'forget');
    assert.equal(res.erasure.status, 202);
    assert.equal(res.discarded, 1);
    const erasure = await waitFor(() => stack.sink.received.find((r) => r.path === '/forget'), { what: 'the erasure upstream' });
    assert.equal(erasure.batch.type, 'erasure');
    assert.equal(erasure.batch.visitorId, rekey(before.id));
    assert.deepEqual(erasure.batch.identifiers, { em: rekey(ServerSideUtils.normalizeAndHash(EMAIL, 'em')) });
    const forgetReq = seen.requests.find((r) => r.url === `${stack.collector.url}/forget`);
    assert.ok(forgetReq, 'the browser posted /forget to the edge');

    const state = await storedState(page);
    assert.deepEqual(state.cookies.filter((c) => c.name.startsWith('_ts_')), []);
    assert.deepEqual(state.local, {});
    assert.deepEqual(state.session, {});
    const left = await ts(page, 'inspect');
    assert.deepEqual(left.cookies, {});
    assert.deepEqual(left.identifiers, {});
    assert.deepEqual(left.queued.events, []);
    assert.deepEqual(left.sent, []);
    assert.equal(left.consent.source, 'forget');

    const sent = seen.requests.length;
    assert.equal((await ts(page, 'track', 'product_viewed', { product_id: 'x' })).reason, 'no_consent');
    await page.waitForTimeout(1200);
    assert.equal(seen.requests.length, sent, 'nothing is sent after forget()');
    assert.deepEqual(await tsCookies(page), []);

    await ts(page, 'setConsent', { analytics: true });
    const after = await visitor(page);
    assert.ok(after && after.id !== before.id, 'a new ID once consent is given again');
    await page.close();
  });
});
