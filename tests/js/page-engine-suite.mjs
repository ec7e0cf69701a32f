// The script tag's Engine (a lean wasm behind its hand-written glue, pkg-template/src/page-engine.js
// and src/page.rs) against the npm entry's Engine (wasm-bindgen's glue and the full wasm): the same
// calls must give the same answers and the same coded errors. Random values (event, batch and
// visitor IDs, retry jitter) are the only differences allowed, and are masked before comparing.
// Not a test file itself: page-engine.test.mjs runs it on the lean wasm, page-engine-extended.test.mjs
// on the extended one (one wasm instance per process, so one file each).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import '../../pkg/node.js';
import { Engine as NpmEngine } from '../../pkg/tracksafe_core.js';
import { Engine as PageEngine, initSync } from '../../pkg-template/src/page-engine.js';

const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const OPTIONS = JSON.stringify({ endpoint: 'https://collect.shop.example/collect', site: 'buecher-shop', batchSize: 3 });
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const mask = (text) => (typeof text === 'string' ? text.replace(UUID, '<uuid>') : text);

/** Calls `fn` on an engine of each face; returns both outcomes (answer or coded error). */
function both(engines, fn) {
  return engines.map((e) => {
    try {
      return { answer: fn(e) };
    } catch (err) {
      return { error: err.constructor.name, code: err.code, message: err.message };
    }
  });
}

/** Asserts the two faces agree on `fn`, masking random IDs; returns the page face's outcome. */
function agree(engines, fn, what) {
  const [npm, page] = both(engines, fn);
  assert.deepEqual({ ...page, answer: mask(page.answer) }, { ...npm, answer: mask(npm.answer) }, what);
  return page;
}

export const pair = (options = OPTIONS) => [new NpmEngine(options), new PageEngine(options)];
export { agree, both, NpmEngine, PageEngine, T0 };

/** Instantiates the page glue on `wasmFile` of pkg/ and runs the shared agreement tests on it. */
export function engineSuite(wasmFile) {
  initSync({ module: readFileSync(new URL(`../../pkg/${wasmFile}`, import.meta.url)) });
  describe(`the script tag Engine on ${wasmFile} answers as the npm Engine`, () => {
    test('options: the settings, and the same coded errors for bad options', () => {
      agree(pair(), (e) => e.settings(), 'settings');
      for (const bad of ['{"site":"Bücher ✓"}', '{"bogus":1}', 'not json', '{"endpoint":"http://shop.example/c","site":"s"}', '[]', '{"site":"\u00e9\ud800"}']) {
        const [npm, page] = both([0, 1], (i) => (i === 0 ? new NpmEngine(bad) : new PageEngine(bad)));
        assert.ok(npm.error && npm.code, `npm refuses ${bad}`);
        assert.deepEqual(page, npm, `options ${bad}`);
      }
    });

    test('consent, events, batches, delivery and the queue', () => {
      const engines = pair();
      agree(engines, (e) => e.consent(), 'no consent yet');
      agree(engines, (e) => e.track(JSON.stringify({ name: 'page_viewed', properties: {}, context: { url: 'https://shop.example/' } }), T0), 'before consent');
      agree(engines, (e) => e.setSignals('{"manual":{"analytics":yes}}', T0), 'bad signals JSON');
      agree(engines, (e) => e.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', T0 + 1), 'consent');
      agree(engines, (e) => e.consent(), 'consent snapshot');
      agree(engines, (e) => e.identity(T0 + 2), 'identity');
      const events = [
        { name: 'product_viewed', properties: { product_id: 'SKU-1', price: 19.99, currency: 'EUR', name: 'Grüne Schuhe für jane@example.com' }, context: { url: 'https://shop.example/p/1?email=jane%40example.com&utm_source=mail', title: 'Ελληνικά 12345' } },
        { name: 'search_submitted', properties: { query: 'call +1 (555) 123-4567 ÄÖÜ ß' }, context: { url: 'https://shop.example/search' } },
        { name: 'product_added_to_cart', properties: { product_id: 'SKU-2', price: 1e21, quantity: 2, currency: 'USD' }, context: {} },
        // A non-ASCII host is lowercased by the browser's String.prototype.toLowerCase in the page.
        { name: 'page_viewed', properties: {}, context: { url: 'https://ŞHOP.ÜBER.example/Straße?q=1', referrer: 'https://WWW.Ärzte.EXAMPLE/' } },
        { name: 'not an event', properties: {}, context: {} },
        { name: 'product_viewed', properties: 'nope' },
      ];
      events.forEach((ev, i) => agree(engines, (e) => e.track(JSON.stringify(ev), T0 + 10 + i), `track ${ev.name}`));
      agree(engines, (e) => e.track('{"name":', T0 + 20), 'truncated JSON');
      agree(engines, (e) => e.queued(), 'queued');
      agree(engines, (e) => e.persisted(), 'persisted');
      const batches = agree(engines, (e) => e.nextBatch(T0 + 30), 'first batch').answer;
      assert.match(batches, /^\d+ \{/);
      agree(engines, (e) => e.nextBatch(T0 + 31), 'second batch');
      // Both faces numbered the batch alike (compared above); a retry's delay is jittered.
      const id = Number(batches.split(' ')[0]);
      const verdicts = engines.map((e) => JSON.parse(e.settle(id, 503, undefined, 0)));
      assert.equal(verdicts[1].verdict, verdicts[0].verdict);
      assert.equal(verdicts[1].events, verdicts[0].events);
      assert.ok(verdicts[1].delayMs > 0, 'a retry is delayed');
      agree(engines, (e) => e.settle(id, 200, 2, 1), 'delivered');
      agree(engines, (e) => e.settle(4242, 400, undefined, 0), 'unknown batch');
      agree(engines, (e) => e.queued(), 'queued after delivery');
    });

    test('identity cookies restored, present or absent, and a queue taken back', () => {
      const [npm] = pair();
      npm.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', T0);
      const { visitor, session } = JSON.parse(npm.identity(T0));
      for (const [v, s] of [[visitor, session], [visitor, undefined], [undefined, session], [null, null], ['garbage ✓', 'x'], ['', '']]) {
        const engines = pair();
        engines.forEach((e) => e.restoreIdentity(v, s, T0 + 1000));
        agree(engines, (e) => e.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', T0 + 1001), 'consent');
        const [a, b] = engines.map((e) => JSON.parse(e.identity(T0 + 1002)));
        // A restored cookie is kept as it was; a fresh one is random in each face.
        assert.equal(b.visitor === visitor, a.visitor === visitor, `visitor kept for ${v}/${s}`);
        assert.equal(b.session === session, a.session === session, `session kept for ${v}/${s}`);
        if (a.visitor === visitor) assert.equal(b.visitor, a.visitor);
      }
      const engines = pair();
      engines.forEach((e) => e.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', T0));
      engines.forEach((e) => e.track(JSON.stringify({ name: 'page_viewed', properties: {}, context: { url: 'https://shop.example/ü' } }), T0 + 1));
      const stored = engines[0].persisted();
      const fresh = pair();
      fresh.forEach((e) => e.setSignals('{"manual":{"analytics":true,"marketing":false,"preferences":false,"saleOfData":false}}', T0 + 2));
      agree(fresh, (e) => e.restoreQueue(stored, T0 + 3), 'restoreQueue');
      agree(fresh, (e) => e.restoreQueue('not a queue', T0 + 3), 'restoreQueue of garbage');
      agree(fresh, (e) => e.queued(), 'queued after restore');
    });

    test('identify digests, signals and forget', () => {
      const engines = pair();
      agree(engines, (e) => e.setSignals('{"manual":{"analytics":true,"marketing":true,"preferences":false,"saleOfData":false}}', T0), 'consent');
      const hex = 'a'.repeat(64);
      agree(engines, (e) => e.identifyHashed(JSON.stringify({ em: hex, ph: 'b'.repeat(64) })), 'digests');
      agree(engines, (e) => e.identifyHashed(JSON.stringify({ em: 'jane@example.com' })), 'raw value refused');
      agree(engines, (e) => e.identifyHashed(JSON.stringify({ nope: hex })), 'unknown field refused');
      agree(engines, (e) => e.identifiers(), 'identifiers');
      agree(engines, (e) => e.setSignals(JSON.stringify({ gpc: true }), T0 + 5), 'GPC signal');
      agree(engines, (e) => e.setSignals('{"gpc":', T0 + 5), 'bad signals');
      agree(engines, (e) => e.consent(), 'consent after signals');
      agree(engines, (e) => e.forget(T0 + 6), 'forget');
      agree(engines, (e) => e.identifiers(), 'identifiers after forget');
      agree(engines, (e) => e.persisted(), 'persisted after forget');
      engines[1].free();
    });
  });
}
