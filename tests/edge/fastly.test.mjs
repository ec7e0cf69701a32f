// The Fastly Compute service running under Viceroy (Fastly's local runtime), with a real upstream
// HTTP server: the collector suite's assertions, plus what only the Fastly glue does (geo from
// Fastly's geolocation, stores, the read cap on chunked bodies, an unreachable backend).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startFastly } from '../../examples/fastly-compute/viceroy.mjs';

const SHOP = 'http://127.0.0.1:18180';
const PEPPER = 'fastly-test-pepper-5b1f';
const TOKEN = 'fastly-test-upstream-token-93c2';
let sink;
let service;

before(async () => {
  sink = await startSink({ port: 48889 });
  service = await startFastly({ port: 48887, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, upstreamToken: TOKEN });
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

function batch(events, consent = { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }) {
  return { v: 1, site: 'edge-test', sentAt: Date.now(), consent, visitorId: randomUUID(), events };
}
function event(name, properties = {}, context = { url: 'https://shop.example/p/tote?utm_source=mail&email=jane@example.com#top' }) {
  return { eventId: randomUUID(), timestamp: Date.now(), name, properties, context };
}
function post(body, headers = {}, base = service.url) {
  return fetch(`${base}/collect`, {
    method: 'POST',
    headers: { origin: SHOP, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'fastly-client-ip': '203.0.113.9', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
async function expectError(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const text = await res.text();
  const body = JSON.parse(text);
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.doesNotMatch(text, /stack|at \w+ \(|panicked|\.rs:\d+/);
  assert.ok(!text.includes(PEPPER) && !text.includes(TOKEN), 'no secret in a response');
  return body;
}

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

  test('unknown properties are dropped and an email inside a property is redacted', async () => {
    const res = await post(batch([event('product_viewed', { product_id: 'p1', name: 'Gift for jane.doe@example.com', customer_email: 'jane.doe@example.com', __proto__x: 1 })]));
    assert.equal(res.status, 202);
    const up = JSON.stringify(sink.received[0].batch);
    assert.doesNotMatch(up, /jane\.doe@example\.com/);
    assert.doesNotMatch(up, /customer_email|__proto__x/);
    assert.match(up, /Gift for \[email\]/);
  });

  test('events the claimed consent does not cover are dropped, and GPC narrows it', async () => {
    const res = await post(batch([event('page_viewed')], { analytics: false, marketing: true, preferences: false, saleOfData: true, source: 'manual' }), { 'sec-gpc': '1' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 0, dropped: 1 });
    assert.equal(sink.requests.length, 0);
    const gpc = await post(batch([event('page_viewed')], { analytics: true, marketing: true, preferences: true, saleOfData: true, source: 'manual' }), { 'sec-gpc': '1' });
    assert.equal(gpc.status, 202);
    const consent = sink.received[0].batch.consent;
    assert.equal(consent.marketing, false);
    assert.equal(consent.saleOfData, false);
    assert.equal(consent.analytics, true);
  });

  test('a 1 MB body is refused with 413 and nothing reaches the upstream', async () => {
    const big = JSON.stringify(batch([event('product_viewed', { name: 'x'.repeat(1024 * 1024) })]));
    await expectError(await post(big), 413, 'BODY_TOO_LARGE');
    assert.equal(sink.requests.length, 0);
  });

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

  test('invalid JSON, a wrong shape, a wrong type and a foreign origin are refused', async () => {
    await expectError(await post('{"v":1,"events":[}'), 400, 'INVALID_JSON');
    await expectError(await post({ v: 1, events: 'nope' }), 400, 'INVALID_BATCH');
    await expectError(await post('{}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await post(batch([event('page_viewed')]), { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    await expectError(await fetch(`${service.url}/collect`, { headers: { origin: SHOP } }), 405, 'METHOD_NOT_ALLOWED');
    await expectError(await fetch(`${service.url}/nope`, { headers: { origin: SHOP } }), 404, 'NOT_FOUND');
    assert.equal(sink.requests.length, 0);
  });

  test('CORS preflight answers allowed origins only', async () => {
    const ok = await fetch(`${service.url}/collect`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
    const no = await fetch(`${service.url}/collect`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(no.status, 403);
    assert.equal(no.headers.get('access-control-allow-origin'), null);
  });

  test('an upstream that keeps failing gives 503 with Retry-After; a retry then succeeds', async () => {
    sink.failures.push(500, 500, 500);
    const b = batch([event('page_viewed')]);
    const res = await post(b);
    await expectError(res, 503, 'UPSTREAM_UNAVAILABLE');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(sink.received.length, 0);
    assert.equal(sink.requests.length, 3, 'one attempt and two bounded retries');
    sink.failures.push(500);
    const again = await post(b);
    assert.equal(again.status, 202, 'one failure is absorbed by the in-request retry');
    assert.equal(sink.received.length, 1);
    assert.equal(sink.received[0].batch.events[0].eventId, b.events[0].eventId);
  });

  test('a 4xx from the upstream is final (no retry) and answered with 503', async () => {
    sink.failures.push(400);
    await expectError(await post(batch([event('page_viewed')])), 503, 'UPSTREAM_UNAVAILABLE');
    assert.equal(sink.requests.length, 1);
  });
});

describe('Fastly service edge cases (own Viceroy on 48886)', () => {
  test('an unreachable backend gives 503; a configuration the core refuses answers 500 to everything', async () => {
    const dead = await startFastly({ port: 48886, upstreamUrl: 'http://127.0.0.1:48885/ingest', allowedOrigins: [SHOP], pepper: 'fastly-dead-backend-pepper-0123' });
    try {
      await expectError(await post(batch([event('page_viewed')]), {}, dead.url), 503, 'UPSTREAM_UNAVAILABLE');
    } finally {
      await dead.close();
    }
    const broken = await startFastly({ port: 48886, upstreamUrl: 'http://127.0.0.1:48885/ingest', allowedOrigins: ['shop.example/'] });
    try {
      await expectError(await post(batch([event('page_viewed')]), {}, broken.url), 500, 'COLLECTOR_MISCONFIGURED');
      assert.match(broken.log.join(''), /INVALID_OPTIONS/, 'the reason is in the service log');
    } finally {
      await broken.close();
    }
  });
});
