// The edge collector running in Cloudflare's own runtime (workerd via `wrangler dev`), with a real
// upstream HTTP server: hostile batches are cleaned or refused, refused ones never reach upstream
// (the shared contract in tests/support/edge-contract.mjs, plus what the workerd glue does).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { SHOP, batch, collectorContract, errorExpecter, event, poster } from '../support/edge-contract.mjs';

const PEPPER = 'edge-test-pepper';
let sink;
let collector;

before(async () => {
  sink = await startSink({ port: 18889 });
  collector = await startCollector({ port: 18887, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER });
});
after(async () => {
  await collector?.close();
  await sink?.close();
});
beforeEach(() => {
  sink.received.length = 0;
  sink.requests.length = 0;
  sink.failures.length = 0;
});

const post = poster(() => collector.url);
const expectError = errorExpecter([PEPPER]);

describe('collector in workerd', () => {
  test('a clean batch is forwarded minimized, without the client IP', async () => {
    const res = await post(batch([event('page_viewed'), event('product_viewed', { product_id: 'tote-001', price: 24, currency: 'EUR' })]));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 2, dropped: 0 });
    assert.equal(sink.received.length, 1);
    const up = sink.received[0].batch;
    assert.equal(up.events.length, 2);
    assert.equal(up.events[0].context.url, 'https://shop.example/p/tote?utm_source=mail');
    const raw = sink.requests[0];
    assert.doesNotMatch(raw.body, /203\.0\.113\.9/);
    for (const h of ['x-forwarded-for', 'cf-connecting-ip', 'x-real-ip', 'true-client-ip']) assert.equal(raw.headers[h], undefined, h);
  });

  collectorContract({ url: () => collector.url, sink: () => sink, post, expectError });
});
