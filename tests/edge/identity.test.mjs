// The edge's identity routes in workerd (`wrangler dev`) with a real upstream: every identifier
// re-keyed with HMAC-SHA-256(pepper) (computed here independently with node:crypto), POST /forget
// forwarded and the cookies expired, GET /id only with a consent cookie, the pepper in no answer.
import assert from 'node:assert/strict';
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';

const SHOP = 'http://127.0.0.1:21180';
const PEPPER = 'edge-identity-pepper-0123456789abcdef';
const sha = (s) => createHash('sha256').update(s).digest('hex');
const rekey = (s) => createHmac('sha256', PEPPER).update(s).digest('hex');
// OneTrust's cookie as it sets it: a form-encoded query string whose groups value is percent-encoded.
const GRANTS_ANALYTICS = 'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A1%2CC0004%3A0';

let sink;
let collector;
const answers = []; // every response text and header, to prove the pepper never leaves

before(async () => {
  sink = await startSink({ port: 21889 });
  collector = await startCollector({ port: 21887, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER });
});
after(async () => {
  await collector?.close();
  await sink?.close();
  const all = answers.join('\n');
  assert.ok(answers.length > 10);
  assert.ok(!all.includes(PEPPER), 'the pepper appears in no response');
});
beforeEach(() => {
  sink.received.length = 0;
  sink.requests.length = 0;
  sink.failures.length = 0;
});

async function call(path, { method = 'POST', body, headers = {} } = {}) {
  const res = await fetch(`${collector.url}${path}`, {
    method,
    headers: { origin: SHOP, 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  answers.push(JSON.stringify([...res.headers]) + text);
  return { status: res.status, text, json: text ? JSON.parse(text) : null, cookies: res.headers.getSetCookie(), headers: res.headers };
}

const consent = (marketing) => ({ analytics: true, marketing, preferences: false, saleOfData: false, source: 'manual' });
const identifiers = { em: sha('jane.doe+shop@example.com'), ph: sha('15551234567'), external_id: sha('c-42') };
function batch(marketing, extra = {}) {
  return {
    v: 1, site: 'edge-id', sentAt: Date.now(), consent: consent(marketing), visitorId: randomUUID(), sessionId: randomUUID(),
    hashProfile: 'meta', identifiers, events: [{ eventId: randomUUID(), timestamp: Date.now(), name: 'page_viewed' }], ...extra,
  };
}

describe('re-keying at the edge (workerd)', () => {
  test('visitor, session and hashed identifiers reach the upstream only as HMAC(pepper)', async () => {
    const b = batch(true);
    const res = await call('/collect', { body: b });
    assert.equal(res.status, 202);
    const up = sink.received[0].batch;
    assert.equal(up.visitorId, rekey(b.visitorId));
    assert.equal(up.sessionId, rekey(b.sessionId));
    assert.equal(up.hashProfile, 'meta');
    assert.deepEqual(up.identifiers, { em: rekey(identifiers.em), ph: rekey(identifiers.ph), external_id: rekey(identifiers.external_id) });
    const raw = sink.requests[0].body;
    for (const plain of [b.visitorId, b.sessionId, ...Object.values(identifiers)]) assert.ok(!raw.includes(plain), `${plain} went upstream un-keyed`);
    assert.equal(up.platformHashes, undefined, 'no pass-through unless configured');
  });

  test('without marketing, or with Sec-GPC, no identifiers go upstream; non-digests never do', async () => {
    await call('/collect', { body: batch(false) });
    await call('/collect', { body: batch(true), headers: { 'sec-gpc': '1' } });
    await call('/collect', { body: batch(true, { identifiers: { em: 'jane.doe@example.com', ph: '+15551234567' } }) });
    assert.equal(sink.received.length, 3);
    for (const { batch: up } of sink.received) assert.equal(up.identifiers, undefined);
    assert.ok(sink.requests.every((r) => !r.body.includes('jane') && !r.body.includes('5551234567')));
  });
});

describe('POST /forget (workerd)', () => {
  test('the erasure is forwarded re-keyed to the forget endpoint and both cookies are expired', async () => {
    const vid = randomUUID();
    const sid = randomUUID();
    const res = await call('/forget', { body: { v: 1, site: 'edge-id', visitorId: vid, sessionId: sid, identifiers: { em: identifiers.em } } });
    assert.equal(res.status, 202);
    assert.deepEqual(res.json, { erasure: 'forwarded' });
    assert.equal(sink.received.length, 1);
    assert.equal(sink.received[0].path, '/forget');
    const up = sink.received[0].batch;
    assert.equal(up.type, 'erasure');
    assert.equal(up.visitorId, rekey(vid));
    assert.equal(up.sessionId, rekey(sid));
    assert.deepEqual(up.identifiers, { em: rekey(identifiers.em) });
    assert.ok(!sink.requests[0].body.includes(vid) && !sink.requests[0].body.includes(identifiers.em));
    assert.equal(res.cookies.length, 2);
    for (const [name, c] of [['_ts_vid', res.cookies[0]], ['_ts_sid', res.cookies[1]]]) {
      assert.match(c, new RegExp(`^${name}=; Max-Age=0; Path=/; SameSite=Lax`));
    }
  });

  test('IDs held only in (HttpOnly) cookies are erased too; an upstream failure still expires the cookies', async () => {
    const vid = randomUUID();
    sink.failures.push(500, 500, 500);
    const failed = await call('/forget', { body: {}, headers: { cookie: `_ts_vid=${vid}.${Date.now() - 1000}` } });
    assert.equal(failed.status, 503);
    assert.equal(failed.cookies.length, 2);
    const ok = await call('/forget', { body: {}, headers: { cookie: `_ts_vid=${vid}.${Date.now() - 1000}` } });
    assert.equal(ok.status, 202);
    assert.equal(sink.received.at(-1).batch.visitorId, rekey(vid));
  });

  test('validated like /collect: origin, content type, JSON', async () => {
    assert.equal((await call('/forget', { body: {}, headers: { origin: 'https://evil.example' } })).status, 403);
    assert.equal((await call('/forget', { body: '{}', headers: { 'content-type': 'text/plain' } })).status, 415);
    assert.equal((await call('/forget', { body: '{"v":' })).status, 400);
    assert.equal((await call('/forget', { method: 'GET' })).status, 405);
    assert.equal(sink.requests.length, 0);
  });
});

describe('GET /id (workerd)', () => {
  test('no consent cookie: 204 and no cookie, whatever the query or Sec-GPC claim', async () => {
    for (const [path, headers] of [['/id', {}], ['/id?consent=analytics', {}], ['/id', { 'sec-gpc': '0', cookie: 'demo_consent=analytics' }]]) {
      const res = await call(path, { method: 'GET', headers });
      assert.equal(res.status, 204, path);
      assert.deepEqual(res.cookies, []);
    }
    const denied = 'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0';
    assert.equal((await call('/id', { method: 'GET', headers: { cookie: denied } })).status, 204);
  });

  test('a consent cookie granting analytics: an HttpOnly _ts_vid with its creation time, kept on the next call', async () => {
    const before = Date.now();
    const res = await call('/id', { method: 'GET', headers: { cookie: GRANTS_ANALYTICS } });
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { visitor: 'minted' });
    assert.equal(res.cookies.length, 1);
    const c = res.cookies[0];
    const m = c.match(/^_ts_vid=([0-9a-f-]{36})\.(\d+); Max-Age=(\d+); Path=\/; SameSite=Lax; HttpOnly$/);
    assert.ok(m, c);
    assert.ok(Number(m[2]) >= before && Number(m[2]) <= Date.now());
    assert.ok(Math.abs(Number(m[3]) - 180 * 86400) < 5);
    assert.ok(!res.text.includes(m[1]), 'the ID is not in the body');
    const again = await call('/id', { method: 'GET', headers: { cookie: `${GRANTS_ANALYTICS}; _ts_vid=${m[1]}.${m[2]}` } });
    assert.deepEqual(again.json, { visitor: 'kept' });
    assert.ok(again.cookies[0].startsWith(`_ts_vid=${m[1]}.${m[2]};`));
    // The edge reads that cookie for batches that carry no visitor ID, and re-keys it.
    const b = batch(false);
    delete b.visitorId;
    await call('/collect', { body: b, headers: { cookie: `_ts_vid=${m[1]}.${m[2]}` } });
    assert.equal(sink.received.at(-1).batch.visitorId, rekey(m[1]));
  });
});
