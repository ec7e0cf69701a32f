// Minimization end to end in headless Chromium: a shopper arrives from a page whose URL carries an
// email, types an email into the search box, and lands on a results page whose path, query,
// fragment and title carry it. Asserts on the requests the browser really made to the collector and
// on what the upstream sink really received: none of it leaves the page.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { launchBrowser, recordRequests, waitFor } from '../support/browser.mjs';
import { startStack } from '../support/stack.mjs';
import { declareSecrets } from '../../examples/demo-shop/artefacts.mjs';

const EMAIL = 'Jane.Doe+shop@example.com';
declareSecrets([EMAIL]);
/** Every form the email could take on the wire. */
const FORMS = [EMAIL, encodeURIComponent(EMAIL), encodeURIComponent(encodeURIComponent(EMAIL)), 'jane', 'doe+shop', 'doe%2bshop', '@example', '%40example'];
const carries = (text) => FORMS.some((f) => (text ?? '').toLowerCase().includes(f.toLowerCase()));

const schema = JSON.parse(readFileSync(new URL('../../pkg/batch.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);

let stack;
let browser;

before(async () => {
  stack = await startStack({ shopPort: 58080, collectorPort: 58787, sinkPort: 58789 });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.close();
});

describe('a page whose URL, referrer and search box carry an email', () => {
  test('sends none of it: not to the collector, not upstream', async () => {
    const page = await browser.context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e));
    const toCollector = recordRequests(page, stack.collector.url);
    const enc = encodeURIComponent(EMAIL);

    // 1. The landing page's URL carries the email (as newsletter links do); accept analytics there.
    const landing = `${stack.shop.url}/search.html?email=${enc}&utm_source=newsletter#${EMAIL}`;
    await page.goto(landing);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);
    await page.click('#accept-analytics');
    await waitFor(() => toCollector.some((r) => r.method === 'POST'), { what: 'the landing page_viewed POST' });

    // 2. The shopper types the email into the search box; the results page has it in its path,
    //    query, fragment and title, and the landing URL (with the email) as its referrer.
    await page.fill('#search-query', EMAIL);
    await Promise.all([page.waitForURL(/\/search\//), page.click('#search-submit')]);
    assert.equal(page.url(), `${stack.shop.url}/search/${enc}?q=${enc}&utm_source=site-search#results-for-${enc}`);
    assert.equal(await page.evaluate(() => document.referrer), landing.split('#')[0], 'the referrer carries the email');
    assert.match(await page.title(), /Jane\.Doe\+shop@example\.com/);
    await page.waitForFunction(() => window.tracksafe && window.tracksafe.ready);

    const got = await waitFor(
      () => stack.sink.received.find((r) => r.batch.events.some((e) => e.name === 'search_submitted')),
      { what: 'search_submitted upstream' },
    );
    await waitFor(() => toCollector.some((r) => r.method === 'POST' && r.body?.includes('search_submitted')), { what: 'the POST in the browser' });

    // What the upstream received: the search is there, the email is not.
    const search = got.batch.events.find((e) => e.name === 'search_submitted');
    assert.deepEqual(search.properties, { query: '[email]', results_count: 0 });
    assert.equal(search.context.url, `${stack.shop.url}/search/[email]?utm_source=site-search`, 'path redacted, q dropped, fragment dropped');
    assert.equal(search.context.referrer, stack.shop.url, 'the referrer is cut to its origin');
    assert.equal(search.context.title, 'Results for “[email]” — Tracksafe Demo Shop');
    assert.deepEqual(Object.keys(search.context.device).sort(), ['browser', 'class', 'major'].filter((k) => k in search.context.device).sort());
    assert.equal(search.context.userAgent, undefined, 'no raw user agent');
    for (const r of stack.sink.received) assert.equal(validate(r.batch), true, JSON.stringify(validate.errors));
    for (const r of stack.sink.received) assert.ok(!carries(JSON.stringify(r.batch)), `upstream batch carries the email: ${JSON.stringify(r.batch)}`);
    for (const r of stack.sink.requests) assert.ok(!carries(r.body) && !carries(JSON.stringify(r.headers)) && !carries(r.url), `upstream request: ${r.url} ${JSON.stringify(r.headers)}`);

    // What crossed the network from the browser to the collector: body, URL and headers.
    const posts = toCollector.filter((r) => r.method === 'POST');
    assert.ok(posts.length >= 2, `${posts.length} POSTs`);
    const landingPage = posts.flatMap((r) => JSON.parse(r.body).events).find((e) => e.name === 'page_viewed' && e.context.url.includes('search.html'));
    assert.equal(landingPage.context.url, `${stack.shop.url}/search.html?utm_source=newsletter`);
    for (const r of toCollector) {
      assert.ok(!carries(r.body), `request body carries the email: ${r.body}`);
      assert.ok(!carries(r.url), `request URL carries the email: ${r.url}`);
      assert.ok(!carries(JSON.stringify(r.headers)), `request headers carry the email: ${JSON.stringify(r.headers)}`);
    }
    assert.deepEqual(errors, []);
    if (process.env.TRACKSAFE_CAPTURE) writeFileSync(process.env.TRACKSAFE_CAPTURE, `${JSON.stringify(got.batch, null, 2)}\n`);
    await page.close();
  });
});
