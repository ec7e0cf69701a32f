// A hostile-input corpus against the collector in workerd: every request gets a JSON answer
// (2xx with drops, or a 4xx `{ error: { code, message } }`), never a 5xx, never an echo of the
// body, and nothing hostile is forwarded upstream.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';

const SHOP = 'http://localhost:19180';
const PEPPER = 'hostile-test-pepper-0123456789abcdef';
let sink;
let collector;
before(async () => {
  sink = await startSink({ port: 18989 });
  collector = await startCollector({ port: 18987, upstreamUrl: `${sink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER });
});
after(async () => {
  await collector?.close();
  await sink?.close();
});

const consent = { analytics: true, marketing: true, preferences: false, saleOfData: true, source: 'manual' };
const ev = (over = {}) => ({ eventId: randomUUID(), timestamp: Date.now(), name: 'product_viewed', properties: { product_id: 'p1' }, ...over });
const batch = (events, over = {}) => ({ v: 1, site: 'hostile', sentAt: Date.now(), consent, visitorId: randomUUID(), events, ...over });
const deepJson = (n) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

// [label, body (string | Uint8Array | object), headers?]
const BODIES = [
  ['empty', ''],
  ['null', 'null'],
  ['number', '42'],
  ['string', '"x"'],
  ['array', '[]'],
  ['NaN literal', '{"v":1,"events":[],"x":NaN}'],
  ['Infinity literal', '{"v":1,"events":[],"x":Infinity}'],
  ['trailing comma', '{"v":1,"events":[],}'],
  ['single quotes', "{'v':1}"],
  ['comments', '{"v":1,/*x*/"events":[]}'],
  ['duplicate keys', '{"v":1,"v":1,"events":[]}'],
  ['duplicate event keys', `{"v":1,"consent":${JSON.stringify(consent)},"events":[{"name":"page_viewed","name":"checkout_completed"}]}`],
  ['deep nesting 100', deepJson(100)],
  ['deep nesting 10000', deepJson(10000)],
  ['lone surrogate escape', '{"v":1,"events":[],"site":"\\ud800"}'],
  ['NUL in key', '{"v\\u0000":1,"events":[]}'],
  ['raw control char', '{"v":1,"events":[],"site":"a\u0001b"}'],
  ['beyond 2^53', '{"v":1,"events":[],"sentAt":9007199254740993}'],
  ['huge exponent', '{"v":1e400,"events":[]}'],
  ['invalid UTF-8', new Uint8Array([0x7b, 0x22, 0x76, 0x22, 0x3a, 0xff, 0xfe, 0x7d])],
  ['overlong UTF-8', new Uint8Array([0x7b, 0x22, 0xc0, 0xaf, 0x22, 0x3a, 0x31, 0x7d])],
  ['BOM', '\ufeff{"v":1,"events":[]}'],
  ['10 MB', `{"v":1,"events":[],"x":"${'x'.repeat(10 * 1024 * 1024)}"}`],
  ['65 KB', `{"v":1,"events":[],"x":"${'x'.repeat(65 * 1024)}"}`],
  ['version 2', batch([ev()], { v: 2 })],
  ['version string', batch([ev()], { v: '1' })],
  ['events object', batch({ 0: ev() })],
  ['events string', batch('[]')],
  ['1000 events', batch(Array.from({ length: 1000 }, () => ev()))],
  ['__proto__ batch key', `{"__proto__":{"polluted":1},"v":1,"consent":${JSON.stringify(consent)},"events":[]}`],
  ['__proto__ in properties', batch([ev({ properties: JSON.parse('{"__proto__":{"polluted":1},"product_id":"p"}') })])],
  ['constructor.prototype', batch([ev({ properties: { constructor: { prototype: { polluted: 1 } } } })])],
  ['prototype key', batch([ev({ prototype: { x: 1 } })])],
];
const FIELD_VALUES = { null: null, true: true, number: 1, negative: -1, huge: 1e308, string: 'x', empty: '', array: [], object: {}, nested: { a: { b: { c: 1 } } }, longString: 'y'.repeat(5000), email: 'jane.doe@example.com', ip: '203.0.113.7', nul: 'a\u0000b', surrogatePair: '😀' };
for (const [vn, v] of Object.entries(FIELD_VALUES)) {
  BODIES.push([`eventId=${vn}`, batch([ev({ eventId: v })])]);
  BODIES.push([`timestamp=${vn}`, batch([ev({ timestamp: v })])]);
  BODIES.push([`name=${vn}`, batch([ev({ name: v })])]);
  BODIES.push([`properties=${vn}`, batch([ev({ properties: v })])]);
  BODIES.push([`property value=${vn}`, batch([ev({ properties: { product_id: v, name: v, price: v, quantity: v, lines: [v] } })])]);
  BODIES.push([`context=${vn}`, batch([ev({ context: v })])]);
  BODIES.push([`context.url=${vn}`, batch([ev({ context: { url: v, referrer: v, title: v, userAgent: v } })])]);
  BODIES.push([`consent=${vn}`, batch([ev()], { consent: v })]);
  BODIES.push([`visitorId=${vn}`, batch([ev()], { visitorId: v })]);
  BODIES.push([`site=${vn}`, batch([ev()], { site: v })]);
  BODIES.push([`identifiers=${vn}`, batch([ev()], { identifiers: v, hashProfile: 'meta' })]);
}
const HEADER_CASES = [
  ['no origin', batch([ev()]), { origin: '' }],
  ['foreign origin', batch([ev()]), { origin: 'https://evil.example' }],
  ['null origin', batch([ev()]), { origin: 'null' }],
  ['text/plain', batch([ev()]), { 'content-type': 'text/plain' }],
  ['form', batch([ev()]), { 'content-type': 'application/x-www-form-urlencoded' }],
  ['json with charset', batch([ev()]), { 'content-type': 'application/json; charset=utf-8' }],
  ['lying content-length', batch([ev()]), { 'x-declared': '1' }],
];

test(`collector in workerd answers ${BODIES.length + HEADER_CASES.length} hostile requests clearly`, async () => {
  const marker = 'HOSTILE-MARKER-7f3a';
  let n = 0;
  for (const [label, raw, extra = {}] of [...BODIES.map(([l, b]) => [l, b, {}]), ...HEADER_CASES]) {
    sink.requests.length = 0;
    const body = typeof raw === 'string' || raw instanceof Uint8Array ? raw : JSON.stringify(raw);
    const headers = { origin: SHOP, 'content-type': 'application/json', 'x-marker': marker, ...extra };
    if (headers.origin === '') delete headers.origin;
    const res = await fetch(`${collector.url}/collect`, { method: 'POST', headers, body });
    const text = await res.text();
    assert.ok(res.status < 500, `${label}: status ${res.status} ${text.slice(0, 200)}`);
    assert.equal(res.headers.get('cache-control'), 'no-store', label);
    const parsed = JSON.parse(text);
    if (res.status >= 400) {
      assert.deepEqual(Object.keys(parsed), ['error'], label);
      assert.match(parsed.error.code, /^[A-Z_0-9]+$/, label);
      assert.equal(sink.requests.length, 0, `${label}: a refused batch reached the upstream`);
    }
    assert.ok(!text.includes(marker) && !text.includes('xxxxxxxxxx') && !text.includes('jane.doe') && !text.includes(PEPPER), `${label}: echo in ${text.slice(0, 200)}`);
    for (const r of sink.requests) {
      assert.doesNotMatch(r.body, /jane\.doe@example\.com|203\.0\.113\.7|polluted|prototype|__proto__|\\u0000/, `${label}: forwarded ${r.body.slice(0, 300)}`);
    }
    n += 1;
  }
  assert.ok(n >= 200, `only ${n} cases`);
  console.log(`hostile edge cases: ${n}`);
});
