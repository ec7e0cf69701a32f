// Parity: one request corpus replayed against the Workers collector in workerd and the Fastly
// service under Viceroy. Both must give the same statuses, the same answers and the same
// upstream payloads (only `sentAt`, the edge's clock, may differ). Viceroy is given the same
// geolocation for 127.0.0.1 that workerd's local `request.cf` carries, so geo is compared too.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startFastly } from '../../examples/fastly-compute/viceroy.mjs';
import { edgeCorpus, send } from '../support/edge-corpus.mjs';

const SHOP = 'http://127.0.0.1:18180';
const PEPPER = 'parity-pepper-0f3a';
// The answer headers the core decides; platforms may add their own (date, server, …).
const HEADERS = ['content-type', 'cache-control', 'x-content-type-options', 'access-control-allow-origin', 'access-control-allow-credentials', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'vary', 'retry-after'];

// Both platforms are configured with the same custom event declarations (CUSTOM_EVENTS).
const CUSTOM_EVENTS = { wishlist_added: { purposes: ['analytics'], properties: { count: { type: 'integer', min: 0, max: 100 }, list: { type: 'id' } } } };

const platforms = {};

/** `promise`, or a failure naming `what` after `ms`: a start that hangs names itself. */
function within(what, ms, promise) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result in ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

before(async () => {
  const [workerdSink, fastlySink] = await within('the two sinks start', 10_000, Promise.all([startSink({ port: 22789 }), startSink({ port: 22890 })]));
  platforms.workerd = { sink: workerdSink };
  platforms.fastly = { sink: fastlySink };
  platforms.workerd.server = await within('workerd starts', 90_000, startCollector({ port: 22787, upstreamUrl: `${workerdSink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, customEvents: CUSTOM_EVENTS }));
  const geo = await within('the geo probe through workerd', 40_000, workerdGeo());
  platforms.fastly.server = await within('Viceroy starts', 90_000, startFastly({ port: 22888, upstreamUrl: `${fastlySink.url}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, geo, config: { CUSTOM_EVENTS: JSON.stringify(CUSTOM_EVENTS) } }));
});
after(async () => {
  // Bounded, so a start that failed above reports its own error instead of a close that hangs
  // the file until its timeout (which cancels every test without saying why).
  for (const [name, p] of Object.entries(platforms)) {
    await within(`${name} stops`, 15_000, Promise.all([p.server?.close(), p.sink?.close()])).catch((err) => console.error(err.message));
  }
});

/** What workerd reports locally as `request.cf` country/region (given to Viceroy as its geo). */
async function workerdGeo() {
  const [probe] = edgeCorpus(SHOP);
  const { sink, server } = platforms.workerd;
  const res = await send(server.url, probe);
  assert.equal(res.status, 202, 'the probe batch is accepted by workerd');
  const geo = sink.received[0]?.batch.geo;
  sink.received.length = 0;
  sink.requests.length = 0;
  assert.ok(geo, 'workerd reports a local country; without one the comparison would be blind to geo');
  return geo;
}

async function replay(platform, c) {
  const { sink, server } = platforms[platform];
  sink.received.length = 0;
  sink.requests.length = 0;
  sink.failures.length = 0;
  sink.failures.push(...(c.failures ?? []));
  const res = await send(server.url, c);
  const text = await res.text();
  let body = text;
  try {
    body = text === '' ? '' : JSON.parse(text);
  } catch {
    // compared as text
  }
  return {
    status: res.status,
    headers: Object.fromEntries(HEADERS.map((h) => [h, res.headers.get(h)])),
    body,
    upstreamAttempts: sink.requests.length,
    upstream: sink.received.map(({ path, batch }) => {
      const { sentAt, ...rest } = batch;
      assert.equal(typeof sentAt, 'number', 'sentAt is the edge clock');
      return { path, batch: rest };
    }),
  };
}

describe('workerd and Fastly answer the same corpus identically', () => {
  const corpus = edgeCorpus(SHOP);
  test(`the corpus has ${corpus.length} requests`, () => assert.ok(corpus.length >= 60));
  for (const c of corpus) {
    test(c.name, async () => {
      const w = await replay('workerd', c);
      const f = await replay('fastly', c);
      assert.deepEqual(f, w);
      assert.doesNotMatch(JSON.stringify(w), new RegExp(PEPPER), 'the pepper never leaves');
      if (c.name.startsWith('a declared custom event')) {
        // Both read CUSTOM_EVENTS: the same answer above could also be both dropping it.
        const sent = w.upstream.flatMap((u) => u.batch.events);
        assert.deepEqual(sent.map((e) => [e.name, e.properties]), [['wishlist_added', { count: 3, list: 'gifts' }]]);
      }
    });
  }
});
