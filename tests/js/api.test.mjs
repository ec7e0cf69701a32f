// The JS API of the built package (pkg/), in Node: options validation, the consent gate,
// batching and delivery to a real local HTTP collector, and the collector handler itself.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { createCollector, Tracker, version } from '../../pkg/node.js';

const PEPPER = 'node-test-pepper-0123456789';

function collectorServer() {
  const bodies = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, bodies, url: `http://127.0.0.1:${server.address().port}/collect` })));
}

describe('package basics', () => {
  test('version matches the crate', () => {
    assert.match(version(), /^\d+\.\d+\.\d+$/);
  });

  test('an unknown option throws a TypeError with code INVALID_OPTIONS', () => {
    assert.throws(() => new Tracker({ endpoint: 'https://c.example/collect', respectGPC: true }), (err) => {
      assert.ok(err instanceof TypeError);
      assert.equal(err.code, 'INVALID_OPTIONS');
      assert.match(err.message, /respectGPC/);
      return true;
    });
  });

  test('a plain-http endpoint off loopback is refused with a RangeError', () => {
    assert.throws(() => new Tracker({ endpoint: 'http://collect.example/collect' }), (err) => err instanceof RangeError && err.code === 'INSECURE_ENDPOINT');
  });

  test('wrong option types and shapes are TypeErrors', () => {
    for (const bad of [null, 'x', [], { endpoint: 42 }, { endpoint: 'https://c.example', batchSize: 0 }, { endpoint: 'https://c.example', autoPage: 'yes' }]) {
      assert.throws(() => new Tracker(bad), (err) => err instanceof TypeError && err.code === 'INVALID_OPTIONS', JSON.stringify(bad));
    }
  });
});

describe('Tracker consent gate and delivery', () => {
  let collector;
  before(async () => {
    collector = await collectorServer();
  });
  after(() => collector.server.close());

  test('nothing is sent before consent; a grant replays the waiting events in one batch', async () => {
    const t = new Tracker({ endpoint: collector.url, site: 'node-test', flushIntervalMs: 0 });
    const first = await t.track('product_viewed', { product_id: 'p-1', price: 12.5, currency: 'EUR', secret: 'x' });
    assert.equal(first.status, 'queued');
    assert.equal(first.reason, 'awaiting_consent');
    await t.flush();
    assert.equal(collector.bodies.length, 0, 'nothing may be sent before consent');
    assert.deepEqual(t.inspect().queued.pending, 1);

    await t.setConsent({ analytics: true });
    await t.flush();
    assert.equal(collector.bodies.length, 1);
    const batch = collector.bodies[0];
    assert.equal(batch.v, 1);
    assert.equal(batch.site, 'node-test');
    assert.deepEqual(
      { ...batch.consent },
      {
        analytics: true,
        marketing: false,
        preferences: false,
        saleOfData: false,
        source: 'manual',
        sources: { analytics: 'manual', marketing: 'none', preferences: 'none', saleOfData: 'none' },
      },
    );
    assert.equal(batch.events.length, 1);
    const [ev] = batch.events;
    assert.match(ev.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(ev.name, 'product_viewed');
    assert.equal(ev.properties.product_id, 'p-1');
    assert.equal(ev.properties.secret, undefined, 'unknown properties are dropped');
    assert.match(batch.visitorId, /^[0-9a-f-]{36}$/);
  });

  test('a denial wipes waiting events and later events are dropped with a reason', async () => {
    collector.bodies.length = 0;
    const t = new Tracker({ endpoint: collector.url, flushIntervalMs: 0 });
    await t.track('page_viewed', {});
    await t.setConsent({ analytics: false });
    assert.equal(t.inspect().queued.pending, 0);
    const out = await t.track('product_viewed', { product_id: 'p-2' });
    assert.deepEqual({ status: out.status, reason: out.reason }, { status: 'dropped', reason: 'no_consent' });
    await t.flush();
    assert.equal(collector.bodies.length, 0);
  });

  test('an undeclared event is dropped, a bad name is a TypeError', async () => {
    const t = new Tracker({ endpoint: collector.url });
    assert.equal((await t.track('made_up_event', {})).reason, 'unknown_event');
    await assert.rejects(t.track(42, {}), (err) => err instanceof TypeError && err.code === 'INVALID_EVENT');
    await assert.rejects(t.setConsent({ analytic: true }), (err) => err instanceof TypeError && err.code === 'INVALID_ARGUMENT');
  });
});

describe('Tracker intake: track() records, the core takes calls in slices', () => {
  let collector;
  before(async () => {
    collector = await collectorServer();
  });
  after(() => collector.server.close());

  test('a burst of 1,000 calls returns before any core work, and every event arrives once, in order', async () => {
    collector.bodies.length = 0;
    const t = new Tracker({ endpoint: collector.url, site: 'burst', flushIntervalMs: 0, batchSize: 100 });
    await t.setConsent({ analytics: true });
    await t.flush();
    collector.bodies.length = 0;
    const pending = [];
    for (let i = 0; i < 1000; i++) pending.push(t.track('search_submitted', { query: `q-${i}` }));
    // Nothing was handed to the core during the loop: the calls are still recorded, not decided.
    assert.equal(t._intake.length, 1000, 'the loop itself did no core work');
    const results = await Promise.all(pending);
    assert.equal(t._intake.length, 0);
    assert.ok(results.every((r) => r.status === 'queued' && r.eventId), 'every call queued with an event id');
    assert.equal(new Set(results.map((r) => r.eventId)).size, 1000);
    await t.flush();
    const sent = collector.bodies.flatMap((b) => b.events);
    assert.deepEqual(sent.map((e) => e.eventId), results.map((r) => r.eventId), 'each event once, in call order');
  });

  test('calls made before a consent change are judged under the consent they were made with', async () => {
    collector.bodies.length = 0;
    const t = new Tracker({ endpoint: collector.url, flushIntervalMs: 0 });
    await t.setConsent({ analytics: true });
    const before = t.track('search_submitted', { query: 'before-revoke' });
    // The revocation comes before the core has taken the call: the call goes in first, and the
    // revocation then wipes it with everything else queued.
    await t.setConsent({ analytics: false });
    assert.equal((await before).status, 'queued');
    assert.equal(t.inspect().queued.pending, 0, 'wiped by the revocation');
    const afterRevoke = await t.track('search_submitted', { query: 'after-revoke' });
    assert.equal(afterRevoke.status, 'dropped');
    await t.flush();
    assert.equal(collector.bodies.length, 0, 'nothing sent');
  });

  test('inspect(), flush() and forget() see every call made before them', async () => {
    collector.bodies.length = 0;
    const t = new Tracker({ endpoint: collector.url, flushIntervalMs: 60_000 });
    await t.setConsent({ analytics: true });
    await t.flush();
    collector.bodies.length = 0;
    const p1 = t.track('search_submitted', { query: 'a' });
    assert.equal(t.inspect().queued.eventIds.length, 1, 'inspect() right after track() shows the event');
    const p2 = t.track('search_submitted', { query: 'b' });
    await t.flush();
    const sent = collector.bodies.flatMap((b) => b.events).map((e) => e.eventId);
    assert.deepEqual(sent, [(await p1).eventId, (await p2).eventId]);
    const p3 = t.track('search_submitted', { query: 'c' });
    const forgotten = await t.forget();
    assert.equal(forgotten.discarded, 1, 'the call made just before forget() was discarded by it');
    assert.equal((await p3).status, 'queued');
  });

  test('a bad argument still rejects at once, and properties are captured at the call', async () => {
    const t = new Tracker({ endpoint: collector.url, flushIntervalMs: 60_000 });
    await assert.rejects(t.track('search_submitted', { n: 10n }), (err) => err instanceof TypeError && err.code === 'INVALID_EVENT');
    await t.setConsent({ analytics: true });
    const props = { query: 'original' };
    const p = t.track('search_submitted', props);
    props.query = 'mutated after the call';
    collector.bodies.length = 0;
    await t.flush();
    const { eventId } = await p;
    const sent = collector.bodies.flatMap((b) => b.events).find((e) => e.eventId === eventId);
    assert.equal(sent.properties.query, 'original');
  });
});

describe('createCollector in Node', () => {
  test('refuses a disallowed origin, a wrong content type and bad JSON with JSON errors', async () => {
    const c = createCollector({ upstreamUrl: 'http://127.0.0.1:9/never', allowedOrigins: ['https://shop.example'], pepper: PEPPER });
    const post = (body, headers) => c.fetch(new Request('https://edge.example/collect', { method: 'POST', body, headers }));
    const cases = [
      [await post('{}', { origin: 'https://evil.example', 'content-type': 'application/json' }), 403, 'ORIGIN_NOT_ALLOWED'],
      [await post('{}', { origin: 'https://shop.example', 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
      [await post('{"v":1,', { origin: 'https://shop.example', 'content-type': 'application/json' }), 400, 'INVALID_JSON'],
      [await post('x'.repeat(70_000), { origin: 'https://shop.example', 'content-type': 'application/json' }), 413, 'BODY_TOO_LARGE'],
    ];
    for (const [res, status, code] of cases) {
      assert.equal(res.status, status);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      const body = await res.json();
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
    }
  });

  test('collector options are validated', () => {
    assert.throws(() => createCollector({ upstreamUrl: 'https://u.example', allowedOrigins: ['*'], pepper: PEPPER }), (e) => e.code === 'INVALID_OPTIONS');
    assert.throws(() => createCollector({ upstreamUrl: 'https://u.example', allowedOrigin: [], pepper: PEPPER }), (e) => e.code === 'INVALID_OPTIONS');
    assert.throws(() => createCollector({ upstreamUrl: 'http://u.example', allowedOrigins: [], pepper: PEPPER }), (e) => e.code === 'INSECURE_ENDPOINT');
  });

  test('the pepper is required, at least 16 bytes, and never echoed', () => {
    for (const pepper of [undefined, '', 'too-short-0123']) {
      assert.throws(() => createCollector({ upstreamUrl: 'https://u.example', allowedOrigins: [], pepper }), (e) => {
        assert.ok(e instanceof TypeError && e.code === 'INVALID_OPTIONS');
        assert.ok(!pepper || !e.message.includes(pepper));
        return true;
      });
    }
  });
});
