// The shipped batch JSON Schema (pkg/batch.schema.json), the TypeScript types (pkg/index.d.ts), the
// Rust schemas (probed through minimizeEvent) and docs/events.md must agree. Real batches captured
// from the tracker and the edge collector are validated with ajv and compiled against `Batch` with
// tsc; property sets, value types and caps are compared one by one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import Ajv2020 from 'ajv/dist/2020.js';
import { createCollector, minimizeEvent, Tracker } from '../../pkg/node.js';
import { CUSTOM_EVENTS, pii, placements } from '../support/corpus.mjs';

const pkg = new URL('../../pkg/', import.meta.url);
const schema = JSON.parse(readFileSync(new URL('batch.schema.json', pkg), 'utf8'));
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
const ANALYTICS = { consent: { analytics: true } };
const CHROME_UA = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36';

/** Resolves a local `$ref` (`#/$defs/...`) in the batch schema. */
function resolve(node) {
  while (node.$ref) node = node.$ref.slice(2).split('/').reduce((n, k) => n[k], schema);
  return node;
}
const STANDARD = Object.keys(schema.$defs.event.allOf.reduce((m, c) => ({ ...m, [c.if.properties.name.const]: 1 }), {}));
const schemaProps = (name) => resolve(schema.$defs[name]).properties;

/** The standard events of docs/events.md: event → property names. */
function documented() {
  const md = readFileSync(new URL('../../docs/events.md', import.meta.url), 'utf8');
  const product = [...md.match(/\*\*Product fields\*\*[^:]*:([^.]+)\./)[1].matchAll(/`([a-z_]+)`/g)].map((m) => m[1]);
  const table = md.split('## Standard events')[1].split('\n## ')[0];
  const out = {};
  for (const row of table.split('\n').filter((l) => /^\| `[a-z_]+` \|/.test(l))) {
    const [, name, props] = row.match(/^\| `([a-z_]+)` \| (.*) \|$/);
    out[name] = [...(props.includes('product fields') ? product : []), ...[...props.matchAll(/`([a-z_]+)`/g)].map((m) => m[1])];
  }
  return out;
}

/** A value the schema accepts for a property, or `undefined`. */
function sample(prop) {
  const p = resolve(prop);
  if (p.oneOf) return 'id-1';
  if (p.type === 'array') return [{ product_id: 'p-1', quantity: 2 }];
  if (p.type === 'integer' || p.type === 'number') return p.minimum ?? 0;
  if (p.pattern === '^[A-Z]{3}$') return 'EUR';
  if (p.pattern === '^[A-Z]{2}$') return 'US';
  if (p.pattern === '^[A-Z0-9]{1,3}$') return 'CA';
  if (p.type === 'string') return 'x';
  return undefined;
}

/** Values at and just past each cap the schema states. */
function boundaries(prop) {
  const p = resolve(prop);
  const out = [];
  for (const alt of p.oneOf ?? [p]) {
    if (alt.maxLength !== undefined) out.push('a'.repeat(alt.maxLength), 'a'.repeat(alt.maxLength + 1));
    if (alt.minLength !== undefined) out.push('a'.repeat(alt.minLength), 'a'.repeat(Math.max(0, alt.minLength - 1)));
    if (alt.minimum !== undefined) out.push(alt.minimum, alt.minimum - 1);
    // Past 2^53 - 1 the JSON boundary itself refuses the number (INVALID_JSON, see below).
    if (alt.maximum !== undefined) out.push(alt.maximum, ...(alt.maximum < Number.MAX_SAFE_INTEGER ? [alt.maximum + 1] : []));
    if (alt.type === 'integer') out.push(1.5);
    if (alt.type === 'number' || alt.type === 'integer') out.push('12');
    if (alt.pattern) out.push(String(sample(alt)).toLowerCase(), `${sample(alt)}X`);
    if (alt.type === 'array') out.push(Array.from({ length: alt.maxItems }, () => ({ sku: 'S' })), [{ sku: 'S', bogus: 1 }]);
  }
  return out;
}

const wire = (event) => ({ eventId: randomUUID(), timestamp: Date.now(), ...event });
const batchOf = (events, extra = {}) => ({
  v: 1,
  site: 'types-test',
  sentAt: Date.now(),
  consent: { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' },
  ...extra,
  events,
});

function listen(handler) {
  const server = createServer(handler);
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ server, url: `http://127.0.0.1:${server.address().port}` })));
}
function recorder() {
  const bodies = [];
  return listen((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      bodies.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"accepted":1}');
    });
  }).then((s) => ({ ...s, bodies }));
}

/** Full, PII-laden properties for every standard event (what a careless shop would send). */
const FULL = {
  page_viewed: { email: 'jane.doe@example.com' },
  product_viewed: { product_id: 'p-1', variant_id: 42, sku: 'SKU-2024-00017', name: 'Canvas Tote Bag', brand: 'Acme', category: 'Bags', price: 24, currency: 'EUR', quantity: 1, customer: 'jane.doe@example.com' },
  product_added_to_cart: { product_id: 'p-1', price: 24, currency: 'EUR', quantity: 2 },
  product_removed_from_cart: { product_id: 'p-1', quantity: 1 },
  item_clicked: { product_id: 'p-2', list_id: 'recs', position: 0, source: 'search', name: 'Gift for jane.doe@example.com' },
  collection_viewed: { collection_id: 7, name: 'Summer' },
  search_submitted: { query: 'tote jane.doe@example.com', results_count: 3 },
  cart_viewed: { lines: [{ product_id: 'p-1', quantity: 2, price: 24, currency: 'EUR', note: 'x' }], value: 48, currency: 'EUR' },
  checkout_started: { lines: [{ product_id: 'p-1', quantity: 2 }], value: 48, currency: 'EUR' },
  checkout_completed: { order_id: '#1001', value: 53.9, currency: 'EUR', tax: 7.66, shipping: 5.9, coupon: 'SPRING10', lines: [{ product_id: 'p-1', quantity: 2 }], shipping_country: 'DE', shipping_province: 'BE', phone: '+49 30 1234567' },
};
const CONTEXT = {
  url: 'https://shop.example/search/jane.doe%40example.com?utm_source=news&email=jane.doe%40example.com#x',
  referrer: 'https://mail.example/u/jane.doe@example.com',
  title: 'Results for jane.doe@example.com',
  userAgent: CHROME_UA,
  geo: { country: 'DE', region: 'BE', city: 'Berlin' },
};

const captured = [];
let upstream;
let endpoint;
before(async () => {
  upstream = await recorder();
  endpoint = await recorder();
  // 1. The tracker's own batch (what a page sends to the collector).
  const t = new Tracker({ endpoint: `${endpoint.url}/collect`, site: 'types-test', flushIntervalMs: 60_000, autoPage: false, batchSize: 20 });
  await t.setConsent({ analytics: true });
  for (const [name, props] of Object.entries(FULL)) await t.track(name, props);
  await t.flush();
  assert.equal(endpoint.bodies.length, 1, 'the tracker sent one batch');
  captured.push(['tracker → collector', endpoint.bodies[0]]);
  // 2. The edge's upstream batches: the tracker's batch, and events with a full page context.
  const edge = createCollector({ upstreamUrl: `${upstream.url}/ingest`, allowedOrigins: ['https://shop.example'], pepper: 'types-test-pepper-0123456789' });
  const post = async (body) => {
    const req = new Request('https://edge.example/collect', { method: 'POST', body: JSON.stringify(body), headers: { origin: 'https://shop.example', 'content-type': 'application/json' } });
    Object.defineProperty(req, 'cf', { value: { country: 'DE', regionCode: 'BE' } });
    const res = await edge.fetch(req);
    assert.equal(res.status, 202, await res.text());
  };
  await post(endpoint.bodies[0]);
  await post(batchOf(Object.entries(FULL).map(([name, properties]) => wire({ name, properties, context: CONTEXT }))));
  assert.equal(upstream.bodies.length, 2, 'the edge forwarded two batches');
  for (const b of upstream.bodies) captured.push(['edge → upstream', b]);
});
after(() => {
  upstream?.server.close();
  endpoint?.server.close();
});

describe('real batches against the JSON Schema (ajv) and the TypeScript types (tsc)', () => {
  test('every captured batch is valid against batch.schema.json', () => {
    assert.equal(captured.length, 3);
    for (const [from, b] of captured) {
      assert.equal(validate(b), true, `${from}: ${JSON.stringify(validate.errors)}`);
      assert.equal(b.events.length, 10, from);
    }
    const [, , withContext] = captured;
    assert.deepEqual(withContext[1].geo, { country: 'DE', region: 'BE' }, 'the edge adds coarse geo');
    assert.deepEqual(withContext[1].events[0].context.device, { class: 'mobile', browser: 'chrome', major: 124 });
    assert.doesNotMatch(JSON.stringify(captured), /jane|1234567/);
  });

  test('the schema refuses what the minimizer never emits', () => {
    const [, good] = captured[2];
    const mutants = [
      ['an unknown batch key', (b) => (b.ip = '203.0.113.9')],
      ['an unknown property', (b) => (b.events[1].properties.email = 'x')],
      ['an unknown lines[] key', (b) => (b.events[7].properties.lines[0].note = 'x')],
      ['a price as a string', (b) => (b.events[1].properties.price = '24')],
      ['a lower-case currency', (b) => (b.events[1].properties.currency = 'eur')],
      ['a city in context.geo', (b) => (b.events[0].context.geo.city = 'Berlin')],
      ['a raw user agent', (b) => (b.events[0].context.userAgent = CHROME_UA)],
      ['a referrer path', (b) => (b.events[0].context.referrer = 'https://mail.example/u/x')],
      ['a device browser off the list', (b) => (b.events[0].context.device.browser = 'netscape')],
      ['no properties', (b) => delete b.events[0].properties],
    ];
    for (const [what, mutate] of mutants) {
      const b = structuredClone(good);
      mutate(b);
      assert.equal(validate(b), false, what);
    }
  });

  test('every minimizer output of the leak corpus fits the schema', () => {
    const events = [];
    for (const [, raw] of pii()) for (const [, e] of placements(raw)) {
      const out = minimizeEvent(e, { consent: { analytics: true, marketing: true }, customEvents: CUSTOM_EVENTS });
      if (out.event) events.push(wire(out.event));
    }
    assert.ok(events.length > 500, `${events.length}`);
    for (let i = 0; i < events.length; i += 100) {
      const b = batchOf(events.slice(i, i + 100));
      assert.equal(validate(b), true, JSON.stringify(validate.errors?.slice(0, 3)));
    }
  });

  test('tsc: captured batches are Batch<StandardBatchEvent>; key sets and value types match the schema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracksafe-types-'));
    try {
      copyFileSync(new URL('index.d.ts', pkg), join(dir, 'index.d.ts'));
      writeFileSync(join(dir, 'check.ts'), typeCheckSource());
      const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
      const args = [tsc, '--noEmit', '--strict', '--exactOptionalPropertyTypes', '--target', 'es2022', '--module', 'nodenext', '--moduleResolution', 'nodenext', join(dir, 'check.ts')];
      const run = spawnSync(process.execPath, args, { encoding: 'utf8' });
      assert.equal(run.status, 0, `tsc failed:\n${run.stdout}${run.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The TypeScript file tsc must accept: assignments of real batches, schema-derived type equalities, and expected errors. */
function typeCheckSource() {
  const lit = (v) => JSON.stringify(v, null, 1);
  const union = (keys) => (keys.length ? keys.map((k) => JSON.stringify(k)).join(' | ') : 'never');
  const tsType = (prop) => {
    const p = resolve(prop);
    if (p.oneOf) return 'string | number';
    if (p.type === 'array') return 'Array<StandardEvents["product_viewed"]>';
    if (p.enum) return union(p.enum);
    return { string: 'string', integer: 'number', number: 'number' }[p.type];
  };
  const src = [
    "import type { Batch, BatchEvent, Device, EventContext, StandardBatchEvent, StandardEvents } from './index.js';",
    'type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;',
    'type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];',
  ];
  captured.forEach(([, b], i) => src.push(`export const captured${i}: Batch<StandardBatchEvent> = ${lit(b)};`, `export const loose${i}: Batch = captured${i};`));
  // The batch, event, context and device shapes.
  const shapes = [
    ['Batch', schema],
    ['BatchEvent', schema.$defs.event],
    ['EventContext', schema.$defs.context],
    ['Device', schema.$defs.device],
  ];
  for (const [ty, s] of shapes) {
    src.push(`export const keys_${ty}: Exact<keyof ${ty}, ${union(Object.keys(s.properties))}> = true;`);
    src.push(`export const required_${ty}: Exact<RequiredKeys<${ty}>, ${union(s.required ?? [])}> = true;`);
  }
  src.push(`export const device_class: Exact<Device['class'], ${union(schema.$defs.device.properties.class.enum)}> = true;`);
  src.push(`export const device_browser: Exact<Device['browser'], ${union(schema.$defs.device.properties.browser.enum)}> = true;`);
  src.push(`export const events: Exact<keyof StandardEvents, ${union(STANDARD)}> = true;`);
  for (const name of STANDARD) {
    const props = schemaProps(name);
    if (Object.keys(props).length === 0) {
      src.push(`export const ${name}_props: Exact<StandardEvents['${name}'], Record<string, never>> = true;`);
      continue;
    }
    src.push(`export const ${name}_keys: Exact<keyof StandardEvents['${name}'], ${union(Object.keys(props))}> = true;`);
    src.push(`export const ${name}_optional: Exact<RequiredKeys<StandardEvents['${name}']>, never> = true;`);
    for (const [k, p] of Object.entries(props)) {
      src.push(`export const ${name}__${k}: Exact<NonNullable<StandardEvents['${name}']['${k}']>, ${tsType(p)}> = true;`);
    }
  }
  // What the types must refuse (tsc fails if an expected error does not occur).
  const [, good] = captured[2];
  const bad = [
    ['an unknown property', (b) => (b.events[1].properties.email = 'x')],
    ['a price as a string', (b) => (b.events[1].properties.price = '24')],
    ['a raw user agent', (b) => (b.events[0].context.userAgent = 'x')],
    ['a device class off the list', (b) => (b.events[0].context.device.class = 'phone')],
    ['an unknown batch key', (b) => (b.ip = '203.0.113.9')],
  ];
  bad.forEach(([what, mutate], i) => {
    const b = structuredClone(good);
    mutate(b);
    src.push(`// ${what}`, '// @ts-expect-error', `export const refused${i}: Batch<StandardBatchEvent> = ${JSON.stringify(b)};`);
  });
  return `${src.join('\n')}\n`;
}

describe('docs/events.md, the Rust schemas, the JSON Schema and StandardEvents list the same properties', () => {
  test('docs/events.md and the JSON Schema name the same events and properties', () => {
    const docs = documented();
    assert.deepEqual(Object.keys(docs).sort(), [...STANDARD].sort());
    for (const name of STANDARD) assert.deepEqual([...docs[name]].sort(), Object.keys(schemaProps(name)).sort(), name);
  });

  test('the Rust schemas keep exactly the JSON Schema’s properties (probed through minimizeEvent)', () => {
    const docs = documented();
    const candidates = new Set(Object.values(docs).flat());
    for (const name of STANDARD) {
      const props = schemaProps(name);
      const properties = {};
      for (const k of candidates) properties[k] = k in props ? sample(props[k]) : 'x';
      const out = minimizeEvent({ name, properties }, ANALYTICS);
      assert.deepEqual(Object.keys(out.event.properties).sort(), Object.keys(props).sort(), name);
      assert.equal(validate(batchOf([wire(out.event)])), true, `${name}: ${JSON.stringify(validate.errors)}`);
    }
  });

  test('the Rust caps are the JSON Schema’s caps: each boundary value is kept exactly when the schema accepts it', () => {
    let checked = 0;
    const disagree = [];
    for (const name of STANDARD) {
      for (const [k, p] of Object.entries(schemaProps(name))) {
        for (const value of boundaries(p)) {
          const out = minimizeEvent({ name, properties: { [k]: value } }, ANALYTICS);
          const kept = k in out.event.properties && JSON.stringify(out.event.properties[k]) === JSON.stringify(value);
          const valid = validate(batchOf([wire({ name, properties: { [k]: value } })]));
          checked++;
          if (kept !== valid) disagree.push(`${name}.${k} = ${JSON.stringify(value).slice(0, 40)}: rust ${kept ? 'keeps' : 'drops'}, schema ${valid ? 'accepts' : 'refuses'}`);
        }
      }
    }
    console.log(`# caps: ${checked} boundary values, ${disagree.length} disagreements`);
    assert.throws(() => minimizeEvent({ name: 'product_viewed', properties: { product_id: 2 ** 53 } }, ANALYTICS), (e) => e instanceof RangeError && e.code === 'INVALID_JSON');
    assert.ok(checked > 200, `${checked}`);
    assert.deepEqual(disagree, []);
  });
});
