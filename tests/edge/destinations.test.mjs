// Destinations in workerd: each accepted batch also goes to the configured tools in their own
// formats, each gated by its own purposes; a failing destination leaves the others whole.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { waitFor } from '../support/browser.mjs';

const SHOP = 'http://localhost:19280';
let upstream;
let tools;
let broken;
let collector;

before(async () => {
  upstream = await startSink({ port: 19289 });
  tools = await startSink({ port: 19290 });
  broken = await startSink({ port: 19291 });
  const at = (path) => `${tools.url}${path}`;
  collector = await startCollector({
    port: 19287,
    upstreamUrl: `${upstream.url}/ingest`,
    allowedOrigins: [SHOP],
    pepper: 'destinations-test-pepper-0123456789',
    quiet: false,
    destinations: [
      { kind: 'segment', endpoint: at('/segment'), writeKeyEnv: 'SEGMENT_WRITE_KEY' },
      { kind: 'ga4', endpoint: at('/ga4'), measurementId: 'G-TEST123', apiSecretEnv: 'GA4_API_SECRET' },
      { kind: 'meta_capi', endpoint: at('/meta'), pixelId: '1234567890', accessTokenEnv: 'META_ACCESS_TOKEN' },
      { kind: 'snowplow', endpoint: at('/snowplow') },
      { kind: 'segment', name: 'broken-segment', endpoint: `${broken.url}/segment`, writeKeyEnv: 'SEGMENT_WRITE_KEY' },
    ],
    secrets: { SEGMENT_WRITE_KEY: 'seg-write-key-secret', GA4_API_SECRET: 'ga4-api-secret-value', META_ACCESS_TOKEN: 'meta-access-token-value' },
  });
});
after(async () => {
  await collector?.close();
  for (const s of [upstream, tools, broken]) await s?.close();
});
beforeEach(() => {
  for (const s of [upstream, tools, broken]) {
    s.received.length = 0;
    s.requests.length = 0;
    s.failures.length = 0;
  }
});

const consent = (o) => ({ analytics: false, marketing: false, preferences: false, saleOfData: false, source: 'manual', ...o });
const batch = (c) => ({
  v: 1,
  site: 'dest-test',
  sentAt: Date.now(),
  consent: consent(c),
  visitorId: randomUUID(),
  events: [
    { eventId: randomUUID(), timestamp: Date.now(), name: 'product_viewed', properties: { product_id: 'tote-001', price: 24, currency: 'EUR' }, context: { url: 'https://shop.example/p/tote' } },
  ],
});
const post = (b, headers = {}) =>
  fetch(`${collector.url}/collect`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/json', ...headers }, body: JSON.stringify(b) });
const paths = () => tools.requests.map((r) => r.url.split('?')[0].split('/')[1]).sort();

test('analytics only: the analytics tools receive the batch, the ad platform does not', async () => {
  const res = await post(batch({ analytics: true }));
  assert.equal(res.status, 202);
  await waitFor(() => tools.requests.length >= 3, { what: 'three analytics destinations' });
  await new Promise((r) => setTimeout(r, 300));
  assert.deepEqual(paths(), ['ga4', 'segment', 'snowplow']);
  const seg = tools.requests.find((r) => r.url.startsWith('/segment'));
  assert.match(seg.headers.authorization, /^Basic /);
  const segBody = JSON.parse(seg.body);
  assert.equal(segBody.batch[0].type, 'track');
  assert.equal(segBody.batch[0].messageId, upstream.received[0].batch.events[0].eventId);
  const ga4 = tools.requests.find((r) => r.url.startsWith('/ga4'));
  assert.match(ga4.url, /measurement_id=G-TEST123/);
  assert.equal(JSON.parse(ga4.body).events[0].name, 'view_item');
});

test('marketing and sale granted: the ad platform receives it too; GPC stops it', async () => {
  assert.equal((await post(batch({ analytics: true, marketing: true, saleOfData: true }))).status, 202);
  await waitFor(() => tools.requests.some((r) => r.url.startsWith('/meta')), { what: 'meta destination' });
  const meta = JSON.parse(tools.requests.find((r) => r.url.startsWith('/meta')).body);
  assert.equal(meta.data[0].event_name, 'ViewContent');
  tools.requests.length = 0;
  assert.equal((await post(batch({ analytics: true, marketing: true, saleOfData: true }), { 'sec-gpc': '1' })).status, 202);
  await waitFor(() => tools.requests.length >= 3, { what: 'analytics destinations under GPC' });
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(!tools.requests.some((r) => r.url.startsWith('/meta')), 'GPC must stop the ad platform');
});

test('a failing destination leaves the upstream and the other destinations whole, once each', async () => {
  broken.failures.push(500, 500, 500, 500);
  const b = batch({ analytics: true });
  assert.equal((await post(b)).status, 202);
  await waitFor(() => tools.requests.length >= 3 && broken.requests.length >= 3, { what: 'deliveries and retries' });
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(upstream.received.length, 1);
  assert.deepEqual(paths(), ['ga4', 'segment', 'snowplow'], 'each healthy destination exactly once');
  assert.equal(broken.requests.length, 3, 'the failing destination was retried within the bound, then given up');
  await waitFor(() => collector.log.join('').includes('"name":"broken-segment","outcome":"failed"'), { what: 'failure report' });
  const logs = collector.log.join('');
  for (const secret of ['seg-write-key-secret', 'ga4-api-secret-value', 'meta-access-token-value', 'destinations-test-pepper']) {
    assert.ok(!logs.includes(secret), `the log must not carry ${secret}`);
  }
});

test('a destination answering 4xx is reported and not retried', async () => {
  broken.failures.push(400);
  assert.equal((await post(batch({ analytics: true }))).status, 202);
  await waitFor(() => collector.log.join('').includes('"name":"broken-segment","outcome":"rejected","status":400'), { what: 'rejection report' });
  assert.equal(broken.requests.length, 1);
});
