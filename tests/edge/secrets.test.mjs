// No secret and no raw personal data in any artefact: the built package, every HTTP response of a
// full session against the collector in workerd (collect, forget, id, preflight, refusals), every
// line the collector logged, and everything the upstream received.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { declareSecrets } from '../../examples/demo-shop/artefacts.mjs';

const PEPPER = 'artefact-scan-pepper-5d41402abc4b2a76';
const TOKEN = 'artefact-scan-upstream-token-9f86d081';
const EMAIL = 'Jane.Doe+scan@Example.com';
const PHONE = '+1 (555) 010-4477';
declareSecrets([EMAIL, PHONE]);
const RAW = [PEPPER, TOKEN, EMAIL, EMAIL.toLowerCase(), 'jane.doe+scan@example.com', '5550104477', '15550104477', '555) 010-4477'];
const SHOP = 'http://localhost:19480';
let sink;
let collector;

before(async () => {
  sink = await startSink({ port: 19489 });
  collector = await startCollector({ port: 19487, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, upstreamToken: TOKEN, quiet: false });
});
after(async () => {
  await collector?.close();
  await sink?.close();
});

function scan(label, text) {
  for (const secret of RAW) assert.ok(!text.includes(secret), `${label} carries ${JSON.stringify(secret)}`);
}

test('the built package holds no secret or test personal data', () => {
  const dir = new URL('../../pkg/', import.meta.url);
  const files = readdirSync(dir);
  assert.ok(files.includes('tracksafe.js') && files.includes('tracksafe_bg.wasm'));
  for (const f of files) scan(`pkg/${f}`, readFileSync(new URL(f, dir)).toString('latin1'));
});

test('no response, log line or upstream body of a whole session carries the pepper, the token or raw PII', async () => {
  const vid = randomUUID();
  const consent = { analytics: true, marketing: true, preferences: false, saleOfData: true, source: 'manual' };
  const event = (props) => ({ eventId: randomUUID(), timestamp: Date.now(), name: 'checkout_completed', properties: props, context: { url: `https://shop.example/thanks?email=${encodeURIComponent(EMAIL)}`, title: `Thanks ${EMAIL}` } });
  const batch = { v: 1, site: 'scan', sentAt: Date.now(), consent, visitorId: vid, events: [event({ order_id: '#1001', coupon: EMAIL, value: 10, currency: 'EUR' }), event({ order_id: PHONE })] };
  const requests = [
    ['POST', '/collect', JSON.stringify(batch)],
    ['POST', '/collect', JSON.stringify({ ...batch, identifiers: { em: 'a'.repeat(64) }, hashProfile: 'meta' })],
    ['POST', '/collect', `{"v":1,"events":[${JSON.stringify(EMAIL)}`],
    ['POST', '/collect', 'x'.repeat(70_000)],
    ['POST', '/forget', JSON.stringify({ v: 1, site: 'scan', visitorId: vid })],
    ['GET', '/id', undefined],
    ['OPTIONS', '/collect', undefined],
    ['GET', '/nowhere', undefined],
  ];
  let n = 0;
  for (const [method, path, body] of requests) {
    const res = await fetch(`${collector.url}${path}`, { method, body, headers: { origin: SHOP, 'content-type': 'application/json', cookie: `_ts_vid=${vid}.${Date.now() - 1000}` } });
    const text = await res.text();
    scan(`${method} ${path} body`, text);
    scan(`${method} ${path} headers`, JSON.stringify([...res.headers]));
    n += 1;
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.ok(sink.requests.length >= 2, 'the upstream received the session');
  for (const r of sink.requests) {
    scan('upstream body', r.body);
    // The token is sent upstream as it must be, in the Authorization header only.
    const { authorization, ...rest } = r.headers;
    assert.equal(authorization, `Bearer ${TOKEN}`);
    scan('upstream headers', JSON.stringify(rest));
  }
  scan('collector log', collector.log.join(''));
  assert.equal(n, requests.length);
});
