// A hostile-input corpus against the JS API of the built package: every case returns a result or
// throws a TypeError/RangeError with a `code`; none crashes the tracker, pollutes
// Object.prototype, or reaches the network.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import * as ts from '../../pkg/node.js';

const HUGE = 'x'.repeat(10 * 1024 * 1024);
function deep(n) {
  let v = { leaf: 1 };
  for (let i = 0; i < n; i++) v = { a: v };
  return v;
}
function cyclic() {
  const o = { a: 1 };
  o.self = o;
  return o;
}
const trap = new Proxy({}, { get() { throw new Error('getter trap'); }, ownKeys() { throw new Error('keys trap'); } });

// Values that stand where a string, an object or a number is expected.
const VALUES = {
  undefined: undefined,
  null: null,
  true: true,
  zero: 0,
  NaN: NaN,
  Infinity: Infinity,
  negInfinity: -Infinity,
  beyond2p53: 2 ** 53 + 2,
  bigint: 10n,
  symbol: Symbol('s'),
  function: () => 1,
  array: [1, 2],
  emptyObject: {},
  nullProto: Object.create(null),
  date: new Date(0),
  map: new Map([[1, 2]]),
  huge: HUGE,
  loneSurrogate: 'a\ud800b',
  nul: 'a\u0000b',
  deep: deep(5000),
  cyclic: cyclic(),
  protoKey: JSON.parse('{"__proto__":{"polluted":1},"name":"x"}'),
  constructorKey: { constructor: { prototype: { polluted: 1 } } },
  prototypeKey: { prototype: { polluted: 1 } },
  trap,
};

function outcome(fn) {
  try {
    const r = fn();
    return r && typeof r.then === 'function' ? r.then((v) => ({ ok: v }), (e) => ({ err: e })) : Promise.resolve({ ok: r });
  } catch (e) {
    return Promise.resolve({ err: e });
  }
}

function assertClear(name, res) {
  if ('err' in res) {
    const e = res.err;
    assert.ok(e instanceof TypeError || e instanceof RangeError, `${name}: threw ${e?.constructor?.name}: ${e?.message}`);
    assert.equal(typeof e.code, 'string', `${name}: error without a code: ${e.message}`);
    assert.match(e.code, /^[A-Z_]+$/);
    assert.ok(!String(e.message).includes('xxxxxxxxxx'), `${name}: the message echoes the input`);
  }
}

let server;
let received = 0;
before(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(202).end('{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
});
after(() => server.close());

describe('hostile input at the JS API', () => {
  test('free functions: every bad value gets a clear result or a coded TypeError/RangeError', async () => {
    const calls = {
      hashEmail: (v) => ts.hashEmail(v, 'meta'),
      hashEmailProfile: (v) => ts.hashEmail('jane@example.com', v),
      hashPhone: (v) => ts.hashPhone(v, 'google'),
      hashPhoneCountry: (v) => ts.hashPhone('030 1234567', 'google', v),
      normalizeEmail: (v) => ts.normalizeEmail(v, 'google'),
      normalizeAndHash: (v) => ts.normalizeAndHash('fn', v, 'meta'),
      normalizeAndHashField: (v) => ts.normalizeAndHash(v, 'x', 'meta'),
      pseudonymize: (v) => ts.pseudonymize(v, 'k'.repeat(32)),
      pseudonymizeKey: (v) => ts.pseudonymize('x', v),
      redactText: (v) => ts.redactText(v),
      scrubUrl: (v) => ts.scrubUrl(v, { consent: { analytics: true } }),
      scrubUrlOptions: (v) => ts.scrubUrl('https://shop.example/', v),
      minimizeEvent: (v) => ts.minimizeEvent(v, { consent: { analytics: true } }),
      minimizeEventProps: (v) => ts.minimizeEvent({ name: 'product_viewed', properties: { name: v, product_id: v, lines: [v] } }, { consent: { analytics: true } }),
      minimizeEventOptions: (v) => ts.minimizeEvent({ name: 'page_viewed' }, v),
    };
    let n = 0;
    for (const [fname, call] of Object.entries(calls)) {
      for (const [vname, v] of Object.entries(VALUES)) {
        assertClear(`${fname}(${vname})`, await outcome(() => call(v)));
        n += 1;
      }
    }
    assert.equal({}.polluted, undefined, 'Object.prototype was polluted');
    assert.ok(n >= 300);
    console.log(`hostile free-function cases: ${n}`);
  });

  test('Tracker: bad options, events, identities and consents; the tracker keeps working', async () => {
    const endpoint = `http://127.0.0.1:${server.address().port}/collect`;
    let n = 0;
    for (const [vname, v] of Object.entries(VALUES)) {
      assertClear(`new Tracker(${vname})`, await outcome(() => new ts.Tracker(v)));
      assertClear(`new Tracker({endpoint: ${vname}})`, await outcome(() => new ts.Tracker({ endpoint: v })));
      assertClear(`new Tracker({site: ${vname}})`, await outcome(() => new ts.Tracker({ endpoint, site: v })));
      n += 3;
    }
    const t = new ts.Tracker({ endpoint, flushIntervalMs: 0, autoPage: false });
    await t.setConsent({ analytics: true, marketing: true });
    for (const [vname, v] of Object.entries(VALUES)) {
      assertClear(`track(${vname})`, await outcome(() => t.track(v, {})));
      assertClear(`track(name, ${vname})`, await outcome(() => t.track('product_viewed', v)));
      assertClear(`track(props.name=${vname})`, await outcome(() => t.track('product_viewed', { name: v, price: v, lines: [v, { sku: v }] })));
      assertClear(`identify(${vname})`, await outcome(() => t.identify(v)));
      assertClear(`identify({email: ${vname}})`, await outcome(() => t.identify({ email: v })));
      assertClear(`setConsent(${vname})`, await outcome(() => t.setConsent(v)));
      assertClear(`setConsent({analytics: ${vname}})`, await outcome(() => t.setConsent({ analytics: v })));
      n += 7;
    }
    await t.setConsent({ analytics: true });
    const ok = await t.track('product_viewed', { product_id: 'p-1' });
    assert.equal(ok.status, 'queued', 'the tracker still works after the hostile calls');
    await t.flush();
    assert.equal({}.polluted, undefined, 'Object.prototype was polluted');
    assert.equal(Object.prototype.polluted, undefined);
    assert.ok(n >= 200);
    console.log(`hostile Tracker cases: ${n}`);
  });
});
