// Consent end to end in headless Chromium on the demo storefront, with a real open-source banner
// (vanilla-cookieconsent) and a real IAB CMP API (@iabtechlabtcf/cmpapi providing __tcfapi):
// asserts on what crossed the network, what reached the upstream, and what sits in cookies and
// storage.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, beforeEach, describe, test } from 'node:test';
import { TCString } from '@iabtechlabtcf/core';
import { launchBrowser, recordRequests, requestedFiles, storedState, waitFor, wasmFiles } from '../support/browser.mjs';
import { startStack, TEST_PEPPER } from '../support/stack.mjs';

// The TCF page of a shop whose tracksafe tag runs before its CMP's scripts (synchronous, first in
// the head, without the preload): the CMP's API appears after the script ran.
const TCF_PAGE = readFileSync(new URL('../../www/tcf.html', import.meta.url), 'utf8');
const TAG = TCF_PAGE.match(/ *<script src="\/tracksafe\/tracksafe\.js"[^>]*><\/script>\n/)[0];
const LATE_CMP_PAGE = TCF_PAGE.replace(TAG, '')
  .replace(/ *<link rel="preload"[^>]*>\n/, '')
  .replace('  <script src="/vendor/iab-tcf.js">', `${TAG.replace(' async>', '>')}  <script src="/vendor/iab-tcf.js">`);

let stack;
let browser;

before(async () => {
  assert.notEqual(LATE_CMP_PAGE, TCF_PAGE);
  stack = await startStack({ shopPort: 28080, collectorPort: 28787, sinkPort: 28789, consent: { tcfVendorId: 901 }, pages: { '/tcf-late.html': LATE_CMP_PAGE } });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.close();
});
beforeEach(async () => {
  stack.sink.received.length = 0;
  await browser.context.clearCookies();
});

const tsCookies = (state) => state.cookies.filter((c) => c.name.startsWith('_ts_'));
const posts = (requests) => requests.filter((r) => r.method === 'POST');
const pageViewed = () => waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.name === 'page_viewed')), { what: 'page_viewed upstream' });

async function open(context, path, setup) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e));
  if (setup) await setup(page);
  const toCollector = recordRequests(page, stack.collector.url);
  await page.goto(`${stack.shop.url}${path}`);
  await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
  assert.equal(await page.evaluate(() => window.tracksafe.ready), true, 'the wasm loaded');
  return { page, errors, toCollector };
}

/** Nothing sent, nothing of tracksafe's stored, the page_viewed waiting (or wiped). */
async function assertNothing(page, toCollector, { pending }) {
  await page.waitForTimeout(1500); // longer than the flush interval
  assert.deepEqual(toCollector, [], 'no request to the collector');
  assert.equal(stack.sink.received.length, 0, 'nothing upstream');
  const state = await storedState(page);
  assert.deepEqual(tsCookies(state), [], 'no tracksafe cookie');
  assert.deepEqual(state.local, {}, 'no localStorage');
  assert.deepEqual(state.session, {}, 'no sessionStorage');
  assert.equal((await page.evaluate(() => window.tracksafe.inspect())).queued.pending, pending);
}

describe('storefront with vanilla-cookieconsent', () => {
  test('"accept analytics only" starts analytics and nothing marketing', async () => {
    const { page, errors, toCollector } = await open(browser.context, '/');
    await page.click('#accept-analytics');
    const got = await pageViewed();
    assert.deepEqual(
      { ...got.batch.consent, source: undefined },
      { analytics: true, marketing: false, preferences: false, saleOfData: false, source: undefined },
    );
    const [sent] = posts(toCollector);
    const claim = JSON.parse(sent.body).consent;
    assert.equal(claim.marketing, false);
    assert.equal(claim.sources.analytics, 'manual');
    assert.equal(claim.sources.marketing, 'manual');
    const state = await storedState(page);
    const vid = tsCookies(state).find((c) => c.name === '_ts_vid');
    assert.ok(vid, 'the visitor cookie is set under analytics');
    const uuid = decodeURIComponent(vid.value).split('.')[0];
    assert.equal(got.batch.visitorId, createHmac('sha256', TEST_PEPPER).update(uuid).digest('hex'), 're-keyed at the edge');
    // Under analytics the only key is this tab's persisted queue (_ts_q.<tab>).
    assert.deepEqual(Object.keys(state.local).filter((k) => !k.startsWith('_ts_q.')), []);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('"reject all" sends nothing and stores nothing', async () => {
    const { page, errors, toCollector } = await open(browser.context, '/');
    await page.click('#cc-main [data-role="necessary"]');
    await assertNothing(page, toCollector, { pending: 0 });
    const consent = await page.evaluate(() => window.tracksafe.consent());
    assert.deepEqual([consent.analytics, consent.marketing, consent.saleOfData], [false, false, false]);
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('with GPC on (navigator.globalPrivacyControl and Sec-GPC: 1), "accept all" still denies sale and marketing', async () => {
    const gpcBrowser = await launchBrowser();
    try {
      await gpcBrowser.context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
      await gpcBrowser.context.setExtraHTTPHeaders({ 'Sec-GPC': '1' });
      const { page, errors, toCollector } = await open(gpcBrowser.context, '/');
      assert.equal(await page.evaluate(() => navigator.globalPrivacyControl), true);
      await page.waitForTimeout(1200);
      assert.deepEqual(toCollector, [], 'GPC alone decides nothing: the page_viewed waits');
      await page.click('#cc-main [data-role="all"]');
      const got = await pageViewed();
      assert.equal(got.batch.consent.analytics, true);
      assert.equal(got.batch.consent.marketing, false);
      assert.equal(got.batch.consent.saleOfData, false);
      const [sent] = posts(toCollector);
      assert.equal(sent.headers['sec-gpc'], '1', 'the collector saw Sec-GPC');
      const claim = JSON.parse(sent.body).consent;
      assert.deepEqual([claim.marketing, claim.saleOfData, claim.sources.marketing, claim.sources.saleOfData], [false, false, 'gpc', 'gpc']);
      assert.deepEqual(errors, []);
      await page.close();
    } finally {
      await gpcBrowser.close();
    }
  });
});

describe('storefront behind the IAB TCF CMP API', () => {
  test('before a choice the CMP shows its UI: nothing is sent or stored', async () => {
    let files;
    const { page, errors, toCollector } = await open(browser.context, '/tcf.html', (p) => (files = requestedFiles(p)));
    assert.deepEqual(wasmFiles(files), ['tracksafe_extended_bg.wasm'], "a CMP's page runs on the extended wasm, once (the preload)");
    const status = await page.evaluate(() => new Promise((r) => window.__tcfapi('ping', 2, (p) => r(p.cmpStatus))));
    assert.equal(status, 'loaded');
    await assertNothing(page, toCollector, { pending: 1 });
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('"accept analytics only" becomes a TC string; tracksafe reads __tcfapi and carries the string to the edge', async () => {
    const { page, errors, toCollector } = await open(browser.context, '/tcf.html');
    await page.click('#accept-analytics');
    const got = await pageViewed();
    assert.deepEqual(
      { ...got.batch.consent, source: undefined },
      { analytics: true, marketing: false, preferences: false, saleOfData: false, source: undefined },
    );
    const claim = JSON.parse(posts(toCollector)[0].body).consent;
    assert.equal(claim.source, 'tcf');
    assert.equal(claim.sources.marketing, 'tcf');
    const model = TCString.decode(claim.tcString);
    assert.deepEqual([...model.purposeConsents.values()].sort((a, b) => a - b), [1, 8, 9, 10]);
    assert.ok(model.vendorConsents.has(901));
    const state = await storedState(page);
    assert.ok(tsCookies(state).some((c) => c.name === '_ts_vid'));
    assert.ok(state.cookies.some((c) => c.name === 'euconsent-v2'), "the CMP's own cookie");
    assert.deepEqual(errors, []);
    await page.close();
  });

  test('"reject all" through the CMP sends nothing and stores nothing', async () => {
    const { page, errors, toCollector } = await open(browser.context, '/tcf.html');
    await page.click('#cc-main [data-role="necessary"]');
    await assertNothing(page, toCollector, { pending: 0 });
    assert.equal((await page.evaluate(() => window.tracksafe.consent())).source, 'tcf');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("a CMP whose API appeared after the script ran: the extended wasm replaces the lean one before the tracker starts, and reads the CMP", async () => {
    let files;
    const { page, errors, toCollector } = await open(browser.context, '/tcf-late.html', async (p) => {
      files = requestedFiles(p);
      // The lean wasm arrives after the CMP's scripts have run (as on a slow connection).
      await p.route('**/tracksafe_lean_bg.wasm', async (route) => {
        await new Promise((r) => setTimeout(r, 400));
        await route.continue();
      });
    });
    assert.ok(TAG && (await page.evaluate(() => typeof window.__tcfapi)) === 'function');
    assert.deepEqual(wasmFiles(files), ['tracksafe_lean_bg.wasm', 'tracksafe_extended_bg.wasm']);
    await page.click('#accept-analytics');
    await pageViewed();
    const claim = JSON.parse(posts(toCollector)[0].body).consent;
    assert.equal(claim.source, 'tcf', 'the tracker watched __tcfapi');
    assert.ok(TCString.decode(claim.tcString).vendorConsents.has(901));
    assert.deepEqual(errors, []);
    // Analytics stays granted: a queue the page persisted would reach the next test's page.
    await page.evaluate(async () => {
      await window.tracksafe.flush();
      localStorage.clear();
    });
    await page.close();
  });

  test('a CMP stub that never answers leaves consent undecided: nothing is sent or stored', async () => {
    const stub = 'window.__tcfapi = function () {}; window.demoTcf = { publish() {} };';
    const { page, errors, toCollector } = await open(browser.context, '/tcf.html', (p) =>
      p.route('**/tcf-cmp.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: stub })),
    );
    await page.click('#cc-main [data-role="all"]');
    await assertNothing(page, toCollector, { pending: 1 });
    assert.equal(await page.evaluate(() => window.tracksafe.consent()), null);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
