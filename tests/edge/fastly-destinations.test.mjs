// Destinations on Fastly Compute (Viceroy) beside the Workers collector (workerd): every scenario
// sends the same batch bytes to both, each with its own real upstream, tool and failing-tool
// servers on 127.0.0.1, and requires that both deliver exactly the same requests to exactly the
// destinations the consent allows, with the same outcome reports. Ports 23100–23199 only.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';
import { startFastly } from '../../examples/fastly-compute/viceroy.mjs';

const SHOP = 'http://127.0.0.1:23190';
const PEPPER = 'fastly-destinations-pepper-7c21e9';
const CLIENT_UA = 'tracksafe-destinations-client/1';
const SECRETS = {
  SEGMENT_WRITE_KEY: 'seg-write-key-secret-41d7',
  GA4_API_SECRET: 'ga4-api-secret-value-9be0',
  META_ACCESS_TOKEN: 'meta-access-token-value-c3f5',
  ARCHIVE_TOKEN: 'archive-bearer-token-2a86',
};
const NEVER_LOGGED = [...Object.values(SECRETS), PEPPER];
// Each platform's servers; the destination config differs only in these ports.
const PORTS = {
  fastly: { service: 23103, upstream: 23100, tools: 23101, broken: 23102, dead: 23104 },
  workerd: { service: 23110, upstream: 23111, tools: 23112, broken: 23113, dead: 23114 },
};
const MISCONFIGURED_PORT = 23120;

/** The worker's TRACKSAFE_DESTINATIONS for one platform: four tools, one that fails on demand,
 * and an archive (tracksafe's own format) behind a port nothing listens on. */
function destinations(p) {
  const tools = `http://127.0.0.1:${p.tools}`;
  return [
    { kind: 'segment', endpoint: `${tools}/segment`, writeKeyEnv: 'SEGMENT_WRITE_KEY' },
    { kind: 'ga4', endpoint: `${tools}/ga4`, measurementId: 'G-TEST123', apiSecretEnv: 'GA4_API_SECRET' },
    { kind: 'meta_capi', endpoint: `${tools}/meta`, pixelId: '1234567890', accessTokenEnv: 'META_ACCESS_TOKEN' },
    { kind: 'snowplow', endpoint: `${tools}/snowplow`, purposes: ['analytics', 'preferences'] },
    { kind: 'segment', name: 'broken-segment', endpoint: `http://127.0.0.1:${p.broken}/segment`, writeKeyEnv: 'SEGMENT_WRITE_KEY' },
    { kind: 'tracksafe', name: 'archive', endpoint: `http://127.0.0.1:${p.dead}/ingest`, tokenEnv: 'ARCHIVE_TOKEN', purposes: ['analytics', 'preferences'] },
  ];
}
const TOOL_PATHS = { segment: 'segment', ga4: 'ga4', meta: 'meta_capi', snowplow: 'snowplow' };

/**
 * A destination that answers from a script: a status per POST (`[500, 400]`), or `'hold'` to
 * keep a request open until `release()`. Unscripted requests get 200.
 */
function startTool(port) {
  const requests = [];
  const script = [];
  const held = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      // Only deliveries consume the script (Viceroy probes each backend with a GET at start-up).
      const next = req.method === 'POST' ? (script.shift() ?? 200) : 200;
      if (next === 'hold') {
        held.push(res);
        return;
      }
      res.writeHead(next, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const release = () => {
    for (const res of held.splice(0)) res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  };
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({ requests, script, release, close: () => (release(), new Promise((r) => server.close(r))) }),
    );
  });
}

const platforms = { workerd: {}, fastly: {} };
const answers = []; // every response text, checked for secrets at the end

before(async () => {
  for (const [name, p] of Object.entries(PORTS)) {
    platforms[name].upstream = await startSink({ port: p.upstream });
    platforms[name].tools = await startSink({ port: p.tools });
    platforms[name].broken = await startTool(p.broken);
  }
  const options = (p) => ({ upstreamUrl: `http://127.0.0.1:${p.upstream}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, destinations: destinations(p) });
  platforms.workerd.server = await startCollector({ port: PORTS.workerd.service, ...options(PORTS.workerd), secrets: SECRETS, quiet: false });
  // Viceroy gets the country and region workerd reports locally, so geo in deliveries compares too.
  const probe = await post('workerd', batch({ analytics: true }));
  assert.equal(probe.status, 202);
  const geo = platforms.workerd.upstream.received[0]?.batch.geo;
  assert.ok(geo, 'workerd reports a local country');
  platforms.fastly.server = await startFastly({ port: PORTS.fastly.service, ...options(PORTS.fastly), secrets: SECRETS, geo });
  // The probe's reports (segment, ga4, broken-segment), then a clean slate for both.
  await settle('workerd', 3);
  await settle('fastly', 0);
});
after(async () => {
  for (const p of Object.values(platforms)) {
    await p.server?.close();
    for (const s of [p.upstream, p.tools, p.broken]) await s?.close();
  }
});

const consent = (c) => ({ analytics: false, marketing: false, preferences: false, saleOfData: false, source: 'manual', ...c });
function batch(c) {
  return {
    v: 1,
    site: 'fanout-test',
    sentAt: 1_790_000_000_000,
    consent: consent(c),
    visitorId: randomUUID(),
    sessionId: randomUUID(),
    events: [
      {
        eventId: randomUUID(),
        timestamp: 1_790_000_000_001,
        name: 'product_viewed',
        properties: { product_id: 'tote-001', name: 'Canvas tote', price: 24, currency: 'EUR' },
        context: { url: 'https://shop.example/p/tote?utm_source=mail', referrer: 'https://www.google.com/' },
      },
    ],
  };
}
async function post(platform, b, headers = {}) {
  const res = await fetch(`${platforms[platform].server.url}/collect`, {
    method: 'POST',
    headers: { origin: SHOP, 'content-type': 'application/json', 'user-agent': CLIENT_UA, cookie: 'theme=dark', ...headers },
    body: JSON.stringify(b),
  });
  const text = await res.text();
  answers.push(text);
  return { status: res.status, body: text === '' ? '' : JSON.parse(text) };
}

/** The delivery reports a platform has logged so far. */
function reports(platform) {
  return platforms[platform].server.log.join('').match(/\{"tracksafe":"destination"[^}\n]*\}/g) ?? [];
}
/** Waits for `count` reports beyond `seen` and a little longer for strays, then clears the servers. */
async function settle(platform, count, seen = 0) {
  const end = Date.now() + 15_000;
  while (reports(platform).length < seen + count) {
    if (Date.now() > end) throw new Error(`${platform}: ${reports(platform).length - seen} of ${count} delivery reports`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await new Promise((r) => setTimeout(r, 400));
  const p = platforms[platform];
  for (const s of [p.upstream, p.tools, p.broken]) s.requests.length = 0;
  p.upstream.received.length = 0;
}

// Fields that carry the edge's clock (the batch's `sentAt`): Segment's sentAt, Snowplow's stm.
const CLOCK = new Set(['sentAt', 'stm']);
const normalize = (v) =>
  Array.isArray(v) ? v.map(normalize) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !CLOCK.has(k)).map(([k, x]) => [k, normalize(x)])) : v;

/**
 * Runs one scenario on one platform: `setup` scripts the servers, then the batch is posted and
 * every report awaited. Returns what the client got and, per destination, what it received.
 */
async function run(platform, { b, headers, expectReports, setup = () => {}, during = async () => {} }) {
  const p = platforms[platform];
  const seen = reports(platform).length;
  setup(p);
  const answer = await post(platform, b, headers);
  await during(p, answer);
  const end = Date.now() + 15_000;
  while (reports(platform).length < seen + expectReports && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
  await new Promise((r) => setTimeout(r, 600));
  const received = {};
  const record = (name, r) => {
    for (const h of ['cookie', 'origin', 'x-forwarded-for', 'fastly-client-ip', 'cf-connecting-ip']) assert.equal(r.headers[h], undefined, `${name}: ${h}`);
    assert.notEqual(r.headers['user-agent'], CLIENT_UA, `${name}: the client's user agent`);
    (received[name] ??= []).push({ url: r.url, type: r.headers['content-type'], authorization: r.headers.authorization ?? null, body: normalize(JSON.parse(r.body)) });
  };
  for (const r of p.tools.requests.filter((x) => x.method === 'POST')) record(TOOL_PATHS[r.url.split('/')[1]], r);
  for (const r of p.broken.requests.filter((x) => x.method === 'POST')) record('broken-segment', r);
  const out = {
    answer,
    upstream: p.upstream.received.length,
    received,
    reports: reports(platform).slice(seen).map((l) => JSON.parse(l)).sort((x, y) => x.name.localeCompare(y.name)),
  };
  for (const s of [p.upstream, p.tools, p.broken]) s.requests.length = 0;
  p.upstream.received.length = 0;
  p.broken.script.length = 0;
  return out;
}

/** The same scenario on both platforms: identical outcomes, which are returned for assertions. */
async function both(scenario) {
  const w = await run('workerd', scenario);
  const f = await run('fastly', scenario);
  assert.deepEqual(f, w, 'Fastly delivers exactly what workerd delivers');
  return f;
}
const names = (r) => Object.keys(r.received).sort();
const outcome = (r, name) => r.reports.find((x) => x.name === name);

describe('consent mixes route each batch to exactly the destinations they allow (workerd = Fastly)', () => {
  const mixes = [
    { what: 'analytics only', c: { analytics: true }, to: ['broken-segment', 'ga4', 'segment'] },
    { what: 'analytics + preferences (the archive is down)', c: { analytics: true, preferences: true }, to: ['broken-segment', 'ga4', 'segment', 'snowplow'], failed: ['archive'] },
    { what: 'analytics + marketing + saleOfData', c: { analytics: true, marketing: true, saleOfData: true }, to: ['broken-segment', 'ga4', 'meta_capi', 'segment'] },
    { what: 'analytics + marketing + saleOfData under Sec-GPC', c: { analytics: true, marketing: true, saleOfData: true }, headers: { 'sec-gpc': '1' }, to: ['broken-segment', 'ga4', 'segment'] },
    { what: 'analytics + marketing without saleOfData', c: { analytics: true, marketing: true }, to: ['broken-segment', 'ga4', 'segment'] },
    { what: 'everything granted', c: { analytics: true, marketing: true, preferences: true, saleOfData: true }, to: ['broken-segment', 'ga4', 'meta_capi', 'segment', 'snowplow'], failed: ['archive'] },
    { what: 'marketing + saleOfData without analytics (the event itself is dropped)', c: { marketing: true, saleOfData: true }, to: [] },
    { what: 'nothing granted', c: {}, to: [] },
  ];
  for (const m of mixes) {
    test(m.what, async () => {
      const b = batch(m.c);
      const failed = m.failed ?? [];
      const r = await both({ b, headers: m.headers, expectReports: m.to.length + failed.length });
      assert.equal(r.answer.status, 202);
      assert.deepEqual(r.answer.body, m.to.length ? { accepted: 1, dropped: 0 } : { accepted: 0, dropped: 1 });
      assert.equal(r.upstream, m.to.length ? 1 : 0);
      assert.deepEqual(names(r), m.to, 'exactly the allowed destinations');
      for (const n of m.to) {
        assert.equal(r.received[n].length, 1, `${n} once`);
        assert.deepEqual(outcome(r, n), { tracksafe: 'destination', name: n, outcome: 'delivered', status: 200, attempts: 1 });
      }
      for (const n of failed) assert.deepEqual(outcome(r, n), { tracksafe: 'destination', name: n, outcome: 'failed', status: 0, attempts: 3 });
      assert.equal(r.reports.length, m.to.length + failed.length);
      const eventId = b.events[0].eventId;
      if (r.received.segment) {
        const seg = r.received.segment[0];
        assert.equal(seg.url, '/segment/v1/batch');
        assert.equal(seg.authorization, `Basic ${Buffer.from(`${SECRETS.SEGMENT_WRITE_KEY}:`).toString('base64')}`);
        assert.equal(seg.body.batch[0].messageId, eventId);
      }
      if (r.received.ga4) {
        assert.equal(r.received.ga4[0].url, `/ga4/mp/collect?measurement_id=G-TEST123&api_secret=${SECRETS.GA4_API_SECRET}`);
        assert.equal(r.received.ga4[0].body.events[0].name, 'view_item');
      }
      if (r.received.meta_capi) {
        const meta = r.received.meta_capi[0];
        assert.equal(meta.body.data[0].event_name, 'ViewContent');
        assert.equal(meta.body.data[0].event_id, eventId);
      }
    });
  }
});

describe('delivery per destination (workerd = Fastly)', () => {
  const others = ['ga4', 'segment'];
  test('a destination answering 500 is retried within the bound, then reported; the others are whole, once each', async () => {
    const r = await both({ b: batch({ analytics: true }), expectReports: 3, setup: (p) => p.broken.script.push(500, 500, 500, 500) });
    assert.equal(r.answer.status, 202);
    assert.equal(r.upstream, 1);
    assert.equal(r.received['broken-segment'].length, 3, 'one attempt and two retries');
    for (const n of others) assert.equal(r.received[n].length, 1, `${n} exactly once`);
    assert.deepEqual(outcome(r, 'broken-segment'), { tracksafe: 'destination', name: 'broken-segment', outcome: 'failed', status: 500, attempts: 3 });
  });

  test('a refused connection fails only that destination, after the bounded retries', async () => {
    const r = await both({ b: batch({ analytics: true, preferences: true }), expectReports: 5 });
    assert.deepEqual(outcome(r, 'archive'), { tracksafe: 'destination', name: 'archive', outcome: 'failed', status: 0, attempts: 3 });
    for (const n of ['broken-segment', 'ga4', 'segment', 'snowplow']) assert.equal(outcome(r, n).outcome, 'delivered', n);
  });

  test('a destination answering 4xx is reported as rejected and not retried', async () => {
    const r = await both({
      b: batch({ analytics: true }),
      expectReports: 3,
      setup: (p) => p.broken.script.push(400),
      // Long enough for every retry the schedule has (100 + 400 ms) to have happened, had there been one.
      during: () => new Promise((res) => setTimeout(res, 1200)),
    });
    assert.equal(r.received['broken-segment'].length, 1, 'one attempt only');
    assert.deepEqual(outcome(r, 'broken-segment'), { tracksafe: 'destination', name: 'broken-segment', outcome: 'rejected', status: 400, attempts: 1 });
    for (const n of others) assert.equal(outcome(r, n).outcome, 'delivered', n);
  });

  test('a 429 is retried and then delivered, without repeating the others', async () => {
    const r = await both({ b: batch({ analytics: true }), expectReports: 3, setup: (p) => p.broken.script.push(429) });
    assert.equal(r.received['broken-segment'].length, 2);
    assert.deepEqual(r.received['broken-segment'][0], r.received['broken-segment'][1], 'the retry is the same request');
    assert.deepEqual(outcome(r, 'broken-segment'), { tracksafe: 'destination', name: 'broken-segment', outcome: 'delivered', status: 200, attempts: 2 });
    for (const n of others) assert.equal(r.received[n].length, 1, `${n} exactly once`);
  });

  test('the client is answered before the destinations are: a destination still holding its request does not delay the 202', async () => {
    let pendingAtAnswer;
    const r = await both({
      b: batch({ analytics: true }),
      expectReports: 3,
      setup: (p) => p.broken.script.push('hold'),
      during: async (p, answer) => {
        assert.equal(answer.status, 202);
        // Wait until the held request has arrived, then check it was still unanswered.
        const end = Date.now() + 5_000;
        while (p.broken.requests.length === 0 && Date.now() < end) await new Promise((res) => setTimeout(res, 20));
        pendingAtAnswer = p.broken.requests.length;
        p.broken.release();
      },
    });
    assert.equal(pendingAtAnswer, 1, 'the destination request was in flight, unanswered, when the client had its 202');
    assert.deepEqual(outcome(r, 'broken-segment'), { tracksafe: 'destination', name: 'broken-segment', outcome: 'delivered', status: 200, attempts: 1 });
  });

  test('nothing is fanned out when the upstream fails (5xx or 4xx): the browser resends the batch', async () => {
    for (const failures of [[500, 500, 500], [400]]) {
      const r = await both({
        b: batch({ analytics: true, marketing: true, preferences: true, saleOfData: true }),
        expectReports: 0,
        setup: (p) => p.upstream.failures.push(...failures),
        during: () => new Promise((res) => setTimeout(res, 1200)),
      });
      assert.equal(r.answer.status, 503);
      assert.equal(r.answer.body.error.code, 'UPSTREAM_UNAVAILABLE');
      assert.deepEqual(r.received, {}, `no destination request after ${failures.join(',')}`);
      assert.deepEqual(r.reports, []);
    }
  });
});

describe('secrets stay out of logs and answers', () => {
  test('no credential or pepper in any answer or log line of either platform; reports carry no URL', () => {
    const logs = { workerd: platforms.workerd.server.log.join(''), fastly: platforms.fastly.server.log.join('') };
    assert.ok(reports('fastly').length >= 30, 'the Fastly log has the reports of this suite');
    for (const secret of NEVER_LOGGED) {
      for (const [name, log] of Object.entries(logs)) assert.ok(!log.includes(secret), `${name} log carries ${secret}`);
      assert.ok(!answers.some((a) => a.includes(secret)), `an answer carries ${secret}`);
    }
    for (const line of reports('fastly')) {
      assert.deepEqual(Object.keys(JSON.parse(line)), ['tracksafe', 'name', 'outcome', 'status', 'attempts']);
      assert.doesNotMatch(line, /https?:|127\.0\.0\.1|api_secret|access_token/);
    }
  });
});

describe('a destination configuration Fastly cannot honour refuses the service (own Viceroy)', () => {
  const p = { tools: 23121, broken: 23122, dead: 23123 };
  const base = { port: MISCONFIGURED_PORT, upstreamUrl: `http://127.0.0.1:${PORTS.fastly.upstream}/ingest`, allowedOrigins: [SHOP], pepper: PEPPER, secrets: SECRETS };
  const segment = { kind: 'segment', endpoint: `http://127.0.0.1:${p.tools}/segment`, writeKeyEnv: 'SEGMENT_WRITE_KEY' };
  const cases = [
    { what: 'an unknown kind', options: { destinations: [{ kind: 'mixpanel', endpoint: `http://127.0.0.1:${p.tools}` }] }, why: /unknown destination\.kind "mixpanel"/ },
    { what: 'a credential missing from the secret store', options: { destinations: [segment], secrets: { GA4_API_SECRET: SECRETS.GA4_API_SECRET } }, why: /destination "segment": the environment has no usable SEGMENT_WRITE_KEY/ },
    { what: 'no backend named like the destination', options: { destinations: [segment], backends: { segment: null } }, why: /destination "segment": the service has no backend named "segment"/ },
    { what: 'a backend that reaches another port than the endpoint', options: { destinations: [segment], backends: { segment: `http://127.0.0.1:${p.broken}` } }, why: /destination "segment": backend "segment" must reach http:\/\/127\.0\.0\.1:23121/ },
    { what: 'destinations that are not JSON', options: { config: { TRACKSAFE_DESTINATIONS: '[{"kind":' } }, why: /INVALID_JSON/ },
  ];
  for (const c of cases) {
    test(c.what, async () => {
      const service = await startFastly({ ...base, ...c.options });
      try {
        const res = await fetch(`${service.url}/collect`, { method: 'POST', headers: { origin: SHOP, 'content-type': 'application/json' }, body: JSON.stringify(batch({ analytics: true })) });
        const text = await res.text();
        assert.equal(res.status, 500);
        assert.equal(JSON.parse(text).error.code, 'COLLECTOR_MISCONFIGURED');
        const log = service.log.join('');
        assert.match(log, /collector configuration refused/);
        assert.match(log, c.why, 'the log says why');
        for (const secret of NEVER_LOGGED) {
          assert.ok(!log.includes(secret) && !text.includes(secret), `no ${secret}`);
        }
      } finally {
        await service.close();
      }
    });
  }
});
