// The edge collector running in Cloudflare's own runtime (workerd via `wrangler dev`), with a real
// upstream HTTP server: hostile batches are cleaned or refused, refused ones never reach upstream.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';

const SHOP = 'http://127.0.0.1:18180';
let sink;
let collector;

before(async () => {
  sink = await startSink({ port: 18889 });
  collector = await startCollector({ port: 18887, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: 'edge-test-pepper' });
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

function batch(events, consent = { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }) {
  return { v: 1, site: 'edge-test', sentAt: Date.now(), consent, visitorId: randomUUID(), events };
}
function event(name, properties = {}, context = { url: 'https://shop.example/p/tote?utm_source=mail&email=jane@example.com#top' }) {
  return { eventId: randomUUID(), timestamp: Date.now(), name, properties, context };
}
function post(body, headers = {}) {
  return fetch(`${collector.url}/collect`, {
    method: 'POST',
    headers: { origin: SHOP, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}
async function expectError(res, status, code) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type'), /application\/json/);
  const body = await res.json();
  assert.deepEqual(Object.keys(body), ['error']);
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.doesNotMatch(JSON.stringify(body), /stack|at \w+ \(/);
  return body;
}

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
  });

  test('a 1 MB body is refused with 413 and nothing reaches the upstream', async () => {
    const big = JSON.stringify(batch([event('product_viewed', { name: 'x'.repeat(1024 * 1024) })]));
    await expectError(await post(big), 413, 'BODY_TOO_LARGE');
    assert.equal(sink.requests.length, 0);
  });

  test('invalid JSON, a wrong shape, a wrong type and a foreign origin are refused', async () => {
    await expectError(await post('{"v":1,"events":[}'), 400, 'INVALID_JSON');
    await expectError(await post({ v: 1, events: 'nope' }), 400, 'INVALID_BATCH');
    await expectError(await post('{}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await post(batch([event('page_viewed')]), { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    await expectError(await fetch(`${collector.url}/collect`, { headers: { origin: SHOP } }), 405, 'METHOD_NOT_ALLOWED');
    assert.equal(sink.requests.length, 0);
  });

  test('CORS preflight answers allowed origins only', async () => {
    const ok = await fetch(`${collector.url}/collect`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    const no = await fetch(`${collector.url}/collect`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
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
    sink.failures.push(500);
    const again = await post(b);
    assert.equal(again.status, 202, 'one failure is absorbed by the in-request retry');
    assert.equal(sink.received.length, 1);
    assert.equal(sink.received[0].batch.events[0].eventId, b.events[0].eventId);
  });
});
