// The walking skeleton end to end in headless Chromium: script tag → consent gate → minimized
// batch → collector in workerd → upstream sink. Asserts on real network traffic and real storage.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { launchBrowser, recordRequests, storedState, waitFor } from '../support/browser.mjs';
import { startStack, TEST_PEPPER } from '../support/stack.mjs';

let stack;
let browser;

before(async () => {
  stack = await startStack();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.close();
});

const tsCookies = (state) => state.cookies.filter((c) => c.name.startsWith('_ts_'));

describe('storefront in Chromium', () => {
  test('before consent: no cookie, no storage key, no request to the collector', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    const toCollector = recordRequests(page, stack.collector.url);
    await page.goto(`${stack.shop.url}/?utm_source=newsletter&email=jane%40example.com#account`);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    assert.equal(await page.evaluate(() => window.tracksafe.ready), true, 'the wasm loaded');
    await page.waitForTimeout(1500); // longer than the flush interval
    assert.deepEqual(toCollector, []);
    const state = await storedState(page);
    assert.deepEqual(tsCookies(state), []);
    assert.deepEqual(state.local, {});
    assert.deepEqual(state.session, {});
    assert.equal(stack.sink.received.length, 0);
    const queued = await page.evaluate(() => window.tracksafe.inspect());
    assert.equal(queued.queued.pending, 1, 'page_viewed waits in memory');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("the snippet's preload is the wasm the script uses: it crosses the network once", async () => {
    const page = await browser.context.newPage();
    const wasm = '/tracksafe/tracksafe_lean_bg.wasm';
    const before = stack.shop.served.get(wasm) ?? 0;
    const warnings = [];
    page.on('console', (m) => /preload/i.test(m.text()) && warnings.push(m.text()));
    await page.goto(`${stack.shop.url}/`);
    assert.ok(await page.$(`link[rel="preload"][href="${wasm}"]`), 'the demo page carries the documented preload');
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    assert.equal(await page.evaluate(() => window.tracksafe.ready), true, 'the wasm loaded');
    const fetched = await page.evaluate((w) => performance.getEntriesByType('resource').filter((e) => e.name.endsWith(w)).length, wasm);
    assert.equal(fetched, 1, 'one wasm download in the page (the preload), none after it');
    assert.equal((stack.shop.served.get(wasm) ?? 0) - before, 1, 'the server sent the wasm once');
    assert.deepEqual(warnings, [], 'no "preloaded but not used" or mismatch warning');
    await page.close();
  });

  test('after "Accept analytics": a minimized batch reaches the upstream and the visitor cookie is set', async () => {
    const page = await browser.context.newPage();
    const toCollector = recordRequests(page, stack.collector.url);
    await page.goto(`${stack.shop.url}/?utm_source=newsletter&email=jane%40example.com#account`);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    await page.click('#accept-analytics');
    const got = await waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.name === 'page_viewed')), { what: 'page_viewed upstream' });
    const ev = got.batch.events.find((e) => e.name === 'page_viewed');
    assert.equal(ev.context.url, `${stack.shop.url}/?utm_source=newsletter`, 'query allowlisted, fragment dropped');
    assert.ok(toCollector.some((r) => r.method === 'POST'), 'the browser posted to the collector');
    assert.ok(toCollector.every((r) => !r.body || !r.body.includes('jane')), 'no email crossed the network');
    const state = await storedState(page);
    const vid = tsCookies(state).find((c) => c.name === '_ts_vid');
    assert.ok(vid, 'visitor cookie set after consent');
    assert.equal(vid.sameSite, 'Lax');
    const uuid = decodeURIComponent(vid.value).split('.')[0];
    assert.equal(got.batch.visitorId, createHmac('sha256', TEST_PEPPER).update(uuid).digest('hex'), 're-keyed at the edge');
    assert.deepEqual(Object.keys(state.local).filter((k) => !k.startsWith('_ts_q.')), [], 'only the persisted queue (analytics granted)');
    await page.close();
  });

  test('the product page sends page_viewed and product_viewed as one minimized batch', async () => {
    stack.sink.received.length = 0;
    const page = await browser.context.newPage();
    await page.goto(`${stack.shop.url}/product.html?ref=jane%40example.com&utm_campaign=spring#reviews`);
    const got = await waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.name === 'product_viewed')), { what: 'product_viewed upstream' });
    // This page's own events (a queue the previous test's page left unsent is adopted and may
    // ride in the same batch: nothing is lost).
    const names = got.batch.events.filter((e) => e.context.url.includes('/product.html')).map((e) => e.name).sort();
    assert.deepEqual(names, ['page_viewed', 'product_viewed']);
    const pv = got.batch.events.find((e) => e.name === 'product_viewed');
    assert.equal(pv.context.url, `${stack.shop.url}/product.html?utm_campaign=spring`);
    assert.deepEqual(Object.keys(pv.properties).sort(), ['brand', 'category', 'currency', 'name', 'price', 'product_id', 'quantity', 'sku', 'variant_id']);
    assert.equal(pv.properties.sku, 'SKU-2024-00017');
    assert.doesNotMatch(JSON.stringify(got.batch), /jane|example\.com/);
    await page.close();
  });
});
