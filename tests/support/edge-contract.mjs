// What every deployment of the edge collector must do, whatever runs it (workerd, Viceroy): the
// shared part of tests/edge/collector.test.mjs and tests/edge/fastly.test.mjs. Each suite starts
// its own service and upstream sink and adds what only its platform glue does.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { test } from 'node:test';

/** The shop origin the services under test allow. */
export const SHOP = 'http://127.0.0.1:18180';

export function batch(events, consent = { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }) {
  return { v: 1, site: 'edge-test', sentAt: Date.now(), consent, visitorId: randomUUID(), events };
}

export function event(name, properties = {}, context = { url: 'https://shop.example/p/tote?utm_source=mail&email=jane@example.com#top' }) {
  return { eventId: randomUUID(), timestamp: Date.now(), name, properties, context };
}

/**
 * `post(body, headers?, base?)` to `<base>/collect` from the shop, with a client IP in the
 * headers the platform would add (`clientIpHeaders`), which must never reach the upstream.
 */
export function poster(baseUrl, clientIpHeaders = {}) {
  return (body, headers = {}, base = baseUrl()) =>
    fetch(`${base}/collect`, {
      method: 'POST',
      headers: { origin: SHOP, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', ...clientIpHeaders, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
}

/**
 * Asserts a JSON error answer `{ error: { code, message } }` with this status and code, without
 * a stack, a panic location or any of `secrets`. Returns the parsed body.
 */
export function errorExpecter(secrets = []) {
  return async (res, status, code) => {
    assert.equal(res.status, status);
    assert.match(res.headers.get('content-type'), /application\/json/);
    const text = await res.text();
    const body = JSON.parse(text);
    assert.deepEqual(Object.keys(body), ['error']);
    assert.equal(body.error.code, code);
    assert.equal(typeof body.error.message, 'string');
    assert.doesNotMatch(text, /stack|at \w+ \(|panicked|\.rs:\d+/);
    for (const secret of secrets) assert.ok(!text.includes(secret), 'no secret in a response');
    return body;
  };
}

/**
 * Registers the shared tests in the current `describe`. `url()` and `sink()` are read when each
 * test runs (the suite's `before` starts them); the sink's logs are cleared by the suite.
 */
export function collectorContract({ url, sink, post, expectError }) {
  test('unknown properties are dropped and an email inside a property is redacted', async () => {
    const res = await post(batch([event('product_viewed', { product_id: 'p1', name: 'Gift for jane.doe@example.com', customer_email: 'jane.doe@example.com', __proto__x: 1 })]));
    assert.equal(res.status, 202);
    const up = JSON.stringify(sink().received[0].batch);
    assert.doesNotMatch(up, /jane\.doe@example\.com/);
    assert.doesNotMatch(up, /customer_email|__proto__x/);
    assert.match(up, /Gift for \[email\]/);
  });

  test('events the claimed consent does not cover are dropped, and GPC narrows it', async () => {
    const res = await post(batch([event('page_viewed')], { analytics: false, marketing: true, preferences: false, saleOfData: true, source: 'manual' }), { 'sec-gpc': '1' });
    assert.equal(res.status, 202);
    assert.deepEqual(await res.json(), { accepted: 0, dropped: 1 });
    assert.equal(sink().requests.length, 0);
    const gpc = await post(batch([event('page_viewed')], { analytics: true, marketing: true, preferences: true, saleOfData: true, source: 'manual' }), { 'sec-gpc': '1' });
    assert.equal(gpc.status, 202);
    const consent = sink().received[0].batch.consent;
    assert.equal(consent.marketing, false);
    assert.equal(consent.saleOfData, false);
    assert.equal(consent.analytics, true);
  });

  test('a 1 MB body is refused with 413 and nothing reaches the upstream', async () => {
    const big = JSON.stringify(batch([event('product_viewed', { name: 'x'.repeat(1024 * 1024) })]));
    await expectError(await post(big), 413, 'BODY_TOO_LARGE');
    assert.equal(sink().requests.length, 0);
  });

  test('invalid JSON, a wrong shape, a wrong type, a foreign origin and an unknown path are refused', async () => {
    await expectError(await post('{"v":1,"events":[}'), 400, 'INVALID_JSON');
    await expectError(await post({ v: 1, events: 'nope' }), 400, 'INVALID_BATCH');
    await expectError(await post('{}', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectError(await post(batch([event('page_viewed')]), { origin: 'https://evil.example' }), 403, 'ORIGIN_NOT_ALLOWED');
    await expectError(await fetch(`${url()}/collect`, { headers: { origin: SHOP } }), 405, 'METHOD_NOT_ALLOWED');
    await expectError(await fetch(`${url()}/nope`, { headers: { origin: SHOP } }), 404, 'NOT_FOUND');
    assert.equal(sink().requests.length, 0);
  });

  test('CORS preflight answers allowed origins only', async () => {
    const ok = await fetch(`${url()}/collect`, { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } });
    assert.equal(ok.status, 204);
    assert.equal(ok.headers.get('access-control-allow-origin'), SHOP);
    assert.match(ok.headers.get('access-control-allow-methods'), /POST/);
    const no = await fetch(`${url()}/collect`, { method: 'OPTIONS', headers: { origin: 'https://evil.example' } });
    assert.equal(no.status, 403);
    assert.equal(no.headers.get('access-control-allow-origin'), null);
  });

  test('an upstream that keeps failing gives 503 with Retry-After; a retry then succeeds', async () => {
    const s = sink();
    s.failures.push(500, 500, 500);
    const b = batch([event('page_viewed')]);
    const res = await post(b);
    await expectError(res, 503, 'UPSTREAM_UNAVAILABLE');
    assert.ok(Number(res.headers.get('retry-after')) > 0);
    assert.equal(s.received.length, 0);
    assert.equal(s.requests.length, 3, 'one attempt and two bounded retries');
    s.failures.push(500);
    const again = await post(b);
    assert.equal(again.status, 202, 'one failure is absorbed by the in-request retry');
    assert.equal(s.received.length, 1);
    assert.equal(s.received[0].batch.events[0].eventId, b.events[0].eventId);
  });

  test('a 4xx from the upstream is final (no retry) and answered with 503', async () => {
    sink().failures.push(400);
    await expectError(await post(batch([event('page_viewed')])), 503, 'UPSTREAM_UNAVAILABLE');
    assert.equal(sink().requests.length, 1);
  });
}
