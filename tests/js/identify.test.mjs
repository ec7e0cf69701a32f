// identify(), inspect() and forget() of the built package in Node, against a real local HTTP
// collector: hashes only (under marketing only), the erasure request, nothing held afterwards.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { Tracker } from '../../pkg/node.js';

const sha = (s) => createHash('sha256').update(s).digest('hex');
// Distinctive forms only: a bare '555' also turns up by chance in the random IDs and the
// millisecond timestamps a batch carries (it did: `sentAt` 1795484855520).
const RAW = ['Jane', 'jane', 'Example', 'C-555', '(555)', '555) 123', '123-4567', '5551234567'];

let server;
const requests = [];
before(async () => {
  server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({ path: req.url, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
});
after(() => server.close());
const endpoint = () => `http://127.0.0.1:${server.address().port}/collect`;

describe('identify, inspect and forget in Node', () => {
  test('identify hashes at once; hashes travel only under marketing; raw values never leave', async () => {
    requests.length = 0;
    const t = new Tracker({ endpoint: endpoint(), flushIntervalMs: 0 });
    const out = await t.identify({ email: 'Jane.Doe+shop@Example.com', phone: '+1 (555) 123-4567', customerId: 'C-555' });
    assert.deepEqual(out, { status: 'queued', reason: 'awaiting_consent', fields: ['em', 'ph', 'external_id'] });
    assert.equal(t.inspect().identifiers.em, sha('jane.doe+shop@example.com'));
    await t.track('page_viewed', {});
    await t.setConsent({ analytics: true });
    await t.flush();
    assert.equal(requests.length, 1);
    assert.equal(JSON.parse(requests[0].body).identifiers, undefined, 'no marketing: no identifiers');
    assert.deepEqual(t.inspect().identifiers, {}, 'and none are held');

    await t.setConsent({ analytics: true, marketing: true });
    await t.identify({ email: 'Jane.Doe+shop@Example.com', phone: '+1 (555) 123-4567' });
    await t.track('product_viewed', { product_id: 'p1' });
    await t.flush();
    const batch = JSON.parse(requests[1].body);
    assert.equal(batch.hashProfile, 'meta');
    assert.deepEqual(batch.identifiers, { em: sha('jane.doe+shop@example.com'), ph: sha('15551234567') });
    for (const r of requests) for (const raw of RAW) assert.ok(!r.body.includes(raw), `${raw} in ${r.body}`);
  });

  test('unknown keys, wrong types and invalid values throw with codes; nothing is kept', async () => {
    const t = new Tracker({ endpoint: endpoint(), hashProfile: 'google' });
    await assert.rejects(t.identify({ mail: 'jane@example.com' }), (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('jane'));
    await assert.rejects(t.identify('jane@example.com'), (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT');
    await assert.rejects(t.identify({ email: 'jane at example.com' }), (e) => e instanceof RangeError && e.code === 'INVALID_EMAIL' && !e.message.includes('jane'));
    await assert.rejects(t.identify({ email: 'jane@example.com', phone: 'n/a' }), (e) => e instanceof RangeError && e.code === 'INVALID_PHONE');
    assert.deepEqual(t.inspect().identifiers, {}, 'all or nothing');
    // Each member goes to the core as the page holds it: only strings (and an integer customerId)
    // are hashed, null and undefined are skipped, and a getter that throws is the caller's error.
    for (const bad of [{ customerId: Number.NaN }, { customerId: 1.5 }, { email: true }, { email: new Date(0) }, { zip: 94025 }, { email: ['jane@example.com'] }]) {
      await assert.rejects(t.identify(bad), (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('jane'), JSON.stringify(bad));
    }
    const throwing = { get email() { throw new Error('jane@example.com'); } };
    await assert.rejects(t.identify(throwing), (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT' && !e.message.includes('jane'));
    assert.deepEqual(t.inspect().identifiers, {}, 'nothing of a refused call is kept');
    const other = new Tracker({ endpoint: endpoint() });
    assert.deepEqual((await other.identify({ customerId: 42, email: null, phone: undefined })).fields, ['external_id']);
    assert.deepEqual(other.inspect().identifiers, { external_id: sha('42') });
    assert.throws(() => new Tracker({ endpoint: endpoint(), hashProfile: 'tiktok' }), (e) => e instanceof TypeError && e.code === 'INVALID_OPTIONS');
    await t.identify({ email: 'Jane.Doe+shop@gmail.com' });
    assert.equal(t.inspect().identifiers.em, sha('janedoe@gmail.com'));
  });

  test('forget posts the erasure beside the endpoint, clears everything and stops tracking', async () => {
    requests.length = 0;
    const t = new Tracker({ endpoint: endpoint(), flushIntervalMs: 60000 });
    await t.setConsent({ analytics: true, marketing: true });
    await t.identify({ email: 'jane@example.com' });
    await t.track('page_viewed', {});
    const held = t.inspect();
    assert.deepEqual(held.queued.events.map((e) => e.name), ['page_viewed']);
    const res = await t.forget();
    assert.deepEqual(res, { discarded: 1, erasure: { status: 202 } });
    assert.equal(requests.length, 1);
    assert.equal(requests[0].path, '/forget');
    const erasure = JSON.parse(requests[0].body);
    assert.equal(erasure.type, 'erasure');
    assert.deepEqual(erasure.identifiers, { em: sha('jane@example.com') });
    const after = t.inspect();
    assert.deepEqual(after.identifiers, {});
    assert.deepEqual(after.queued.events, []);
    assert.deepEqual(after.sent, []);
    assert.equal(after.consent.source, 'forget');
    assert.equal((await t.track('page_viewed', {})).reason, 'no_consent');
    assert.equal((await t.identify({ email: 'jane@example.com' })).reason, 'no_consent');
  });
});
