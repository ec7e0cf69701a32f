// The Fastly Compute service running under Viceroy (Fastly's local runtime), with a real upstream
// HTTP server: the collector suite's assertions, plus what only the Fastly glue does (geo from
// Fastly's geolocation, stores, the read cap on chunked bodies, an unreachable backend).
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startFastly } from '../../examples/fastly-compute/viceroy.mjs';
import { SHOP, batch, collectorContract, errorExpecter, event, poster } from '../support/edge-contract.mjs';

const PEPPER = 'fastly-test-pepper-5b1f';
const TOKEN = 'fastly-test-upstream-token-93c2';
let sink;
let service;

before(async () => {
  sink = await startSink({ port: 22889 });
  service = await startFastly({ port: 22887, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, upstreamToken: TOKEN });
});
after(async () => {
  await service?.close();
  await sink?.close();
});
beforeEach(() => {
  sink.received.length = 0;
  sink.requests.length = 0;
  sink.failures.length = 0;
});

const post = poster(() => service.url, { 'fastly-client-ip': '203.0.113.9' });
const expectError = errorExpecter([PEPPER, TOKEN]);

describe('collector on Fastly Compute (Viceroy)', () => {
  test('a clean batch is forwarded minimized, with Fastly geo and without the client IP', async () => {
    const res = await post(batch([event('page_viewed'), event('product_viewed', { product_id: 'tote-001', price: 24, currency: 'EUR' })]));
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 2, dropped: 0 });
    assert.equal(res.headers.get('access-control-allow-origin'), SHOP);
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(sink.received.length, 1);
    const up = sink.received[0].batch;
    assert.equal(up.events.length, 2);
    assert.equal(up.events[0].context.url, 'https://shop.example/p/tote?utm_source=mail');
    assert.deepEqual(up.geo, { country: 'DE', region: 'BE' }, 'country and region only, from the geolocation data');
    const raw = sink.requests[0];
    assert.equal(raw.url, '/ingest');
    assert.doesNotMatch(raw.body, /203\.0\.113\.9|127\.0\.0\.1|Berlin/);
    for (const h of ['x-forwarded-for', 'fastly-client-ip', 'cf-connecting-ip', 'x-real-ip', 'true-client-ip', 'forwarded', 'origin', 'cookie', 'user-agent']) {
      assert.equal(raw.headers[h], undefined, h);
    }
    assert.equal(raw.headers.authorization, `Bearer ${TOKEN}`, 'the token from the secret store');
  });

  collectorContract({ url: () => service.url, sink: () => sink, post, expectError });

  test('a chunked 1 MB body without content-length is read only up to the cap, then refused', async () => {
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let sent = 0;
    const body = new ReadableStream({
      pull(controller) {
        if (sent >= 16) return controller.close();
        sent += 1;
        controller.enqueue(chunk);
      },
    });
    const res = await fetch(`${service.url}/collect`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/json' }, body, duplex: 'half' });
    await expectError(res, 413, 'BODY_TOO_LARGE');
    assert.equal(sink.requests.length, 0);
  });
});

describe('Fastly service edge cases (own Viceroy on 22886)', () => {
  test('an unreachable backend gives 503; a configuration the core refuses answers 500 to everything', async () => {
    const dead = await startFastly({ port: 22886, upstreamUrl: 'http://127.0.0.1:22885/ingest', allowedOrigins: [SHOP], pepper: 'fastly-dead-backend-pepper-0123' });
    try {
      await expectError(await post(batch([event('page_viewed')]), {}, dead.url), 503, 'UPSTREAM_UNAVAILABLE');
    } finally {
      await dead.close();
    }
    const broken = await startFastly({ port: 22886, upstreamUrl: 'http://127.0.0.1:22885/ingest', allowedOrigins: ['shop.example/'] });
    try {
      await expectError(await post(batch([event('page_viewed')]), {}, broken.url), 500, 'COLLECTOR_MISCONFIGURED');
      assert.match(broken.log.join(''), /INVALID_OPTIONS/, 'the reason is in the service log');
    } finally {
      await broken.close();
    }
  });
});
