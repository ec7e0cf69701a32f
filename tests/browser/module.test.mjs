// The npm package's page entries in Chromium. `tracksafe/full` (pkg/full.js + the browser wasm,
// without the edge collector): every free function gives what the node entry gives for the same
// input (the node entry is held to the IAB and hashing oracles in tests/js). The `browser` entry
// (pkg/browser.js + the script tag's extended lean wasm): its Tracker delivers end to end, custom
// events included, and loads identify()'s hasher only when called. Both entries' Trackers deliver.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import webpack from 'webpack';
import { after, before, describe, test } from 'node:test';
import * as node from '../../pkg/node.js';
import { clean, pii } from '../support/corpus.mjs';
import { launchBrowser, recordRequests, requestedFiles, waitFor, wasmFiles } from '../support/browser.mjs';
import { scratchProject } from '../support/project.mjs';
import { startStack } from '../support/stack.mjs';
import { randomGppString, randomTcString, setSeed } from '../oracles/consent/models.mjs';

const { ServerSideUtils } = createRequire(import.meta.url)('facebook-nodejs-business-sdk');

const PAGE = (title, body = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

/**
 * A theme's bundle made by webpack from `import { Tracker } from 'tracksafe'` (the package is pkg/
 * as built, installed as node_modules/tracksafe): its files by name, and webpack's warnings.
 */
async function webpackTheme() {
  const dir = scratchProject('tracksafe-theme-');
  try {
    writeFileSync(join(dir, 'theme.js'), "import { Tracker } from 'tracksafe';\nwindow.ThemeTracker = Tracker;\n");
    const compiler = webpack({
      mode: 'production',
      context: dir,
      entry: './theme.js',
      target: 'web',
      output: { path: join(dir, 'dist'), filename: 'theme.js' },
      infrastructureLogging: { level: 'error' },
    });
    const stats = await new Promise((resolve, reject) => compiler.run((err, st) => (err ? reject(err) : resolve(st))));
    await new Promise((resolve) => compiler.close(resolve));
    const info = stats.toJson({ all: false, errors: true, warnings: true });
    assert.deepEqual(info.errors, [], 'webpack built the theme');
    const files = Object.fromEntries(readdirSync(join(dir, 'dist')).map((f) => [f, readFileSync(join(dir, 'dist', f))]));
    return { files, warnings: info.warnings.map((w) => w.message) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Declared in the browser entry's Tracker and in the collector, which drops undeclared events.
const CUSTOM_EVENTS = { wishlist_added: { purposes: ['analytics'], properties: { count: { type: 'integer', min: 0, max: 9 } } } };
let stack;
let browser;
let theme;
before(async () => {
  theme = await webpackTheme();
  const pages = { '/module.html': PAGE('ES module'), '/theme/index.html': PAGE('webpack theme', '<script src="/theme/theme.js"></script>') };
  for (const [name, body] of Object.entries(theme.files)) pages[`/theme/${name}`] = body;
  stack = await startStack({ pages, customEvents: CUSTOM_EVENTS });
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await stack?.close();
});

const SEED = Number(process.env.TRACKSAFE_CONSENT_SEED ?? Date.now() % 2 ** 31);
setSeed(SEED);

/** Calls `[fn, ...args]` on an API; a throw becomes `{ threw: { name, code } }`. */
function run(api, calls) {
  return calls.map(([fn, ...args]) => {
    try {
      return { ok: api[fn](...args) };
    } catch (err) {
      return { threw: { name: err.name, code: err.code } };
    }
  });
}

function calls() {
  const tc = Array.from({ length: 8 }, () => randomTcString());
  const gpp = Array.from({ length: 8 }, () => randomGppString());
  const texts = [...pii().map(([, v]) => `call me at ${v} today`), ...clean().slice(0, 40)];
  return [
    ['version'],
    ['hashEmail', '  Jane.Doe+shop@Example.COM ', 'meta'],
    ['hashEmail', 'Jane.Doe+shop@GMail.com', 'google'],
    ['normalizeAndHash', 'fn', 'ÉLODIE', 'meta'],
    ['hashEmail', 'not an email', 'meta'],
    ['hashPhone', '+1 (650) 555-1234', 'meta'],
    ['hashPhone', '030 1234567', 'google', 'DE'],
    ['normalizeEmail', ' Jane.Doe@Example.COM ', 'google'],
    ['normalizeAndHash', 'ct', 'São Paulo', 'meta'],
    ['pseudonymize', 'customer-42', 'a shop secret of some length'],
    ...tc.map((s) => ['decodeTcString', s]),
    ['decodeTcString', 'not a tc string'],
    ...gpp.map((s) => ['decodeGppString', s]),
    ['decodeGppString', 'DBAB~garbage'],
    ['resolveConsent', { tcString: tc[0], gpc: true }, { tcfVendorId: 901 }],
    ['resolveConsent', { gppString: gpp[0] }, {}],
    ['parseConsentCookies', 'OptanonConsent=groups%3DC0001%3A1%2CC0002%3A1%2CC0004%3A0; _tracking_consent=%7B%22con%22%3A%7B%22CMP%22%3A%7B%22a%22%3A%221%22%2C%22m%22%3A%220%22%2C%22p%22%3A%221%22%2C%22s%22%3A%220%22%7D%7D%7D', {}],
    ['scrubUrl', 'https://shop.example/p/1?utm_source=mail&email=jane%40example.com&token=abc#x'],
    ...texts.map((t) => ['redactText', t]),
    // The page builds ask the browser for case mapping, Unicode letter/number classes and float
    // conversions (src/host.rs); node uses Rust's own: these inputs lean on all three.
    ['normalizeAndHash', 'ct', 'ठाणे', 'google'],
    ['normalizeAndHash', 'st', 'Île-de-France ①', 'google'],
    ['normalizeAndHash', 'fn', 'ΣΊΣΥΦΟΣ', 'google'],
    ['normalizeAndHash', 'ln', 'Straße-Ⅷ', 'meta'],
    ['hashEmail', 'Jöhn.Dœ@Exämple.DE', 'google'],
    ['hashPhone', '+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨', 'meta'],
    ...pii().slice(0, 24).map(([, v], i) => ['redactText', `${['é', 'Ж', '日本', '٣', '①', 'Ⅷ'][i % 6]}${v}${['ß', 'Σ', 'e\u0301', '😀'][i % 4]}`]),
    ['minimizeEvent', { name: 'measured', properties: { a: 987654321098765.4, b: -123456789.125, c: 0.1 + 0.2, d: 5e-324, e: 2 ** -1074 * 3, f: 1e-7, g: 9.99e-7, h: 123456.789 } },
      { consent: { analytics: true }, customEvents: { measured: { purposes: ['analytics'], properties: Object.fromEntries('abcdefgh'.split('').map((k) => [k, { type: 'number', min: -1e15, max: 1e15 }])) } } }],
    ['minimizeEvent', { name: 'product_added_to_cart', properties: { product_id: 'SKU-1', price: 19.99, note: 'jane@example.com' }, context: { url: 'https://shop.example/p?email=jane%40example.com', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1' } }, { consent: { analytics: true } }],
  ];
}

describe('the ES module entries in Chromium', () => {
  test('tracksafe/full: every free function answers as the node entry does', async () => {
    const page = await browser.context.newPage();
    await page.goto(`${stack.shop.url}/module.html`);
    const list = calls();
    const inPage = await page.evaluate(async (list) => {
      const m = await import('/tracksafe/full.js');
      return list.map(([fn, ...args]) => {
        try {
          return { ok: m[fn](...args) };
        } catch (err) {
          return { threw: { name: err.name, code: err.code } };
        }
      });
    }, list);
    const inNode = run(node, list);
    assert.equal(inPage.length, list.length);
    for (const [i, call] of list.entries()) assert.deepEqual(inPage[i], inNode[i], `seed ${SEED}: ${JSON.stringify(call).slice(0, 160)}`);
    const threw = list.filter((_, i) => inNode[i].threw).map(([fn]) => fn);
    assert.deepEqual(threw, ['hashEmail', 'decodeTcString', 'decodeGppString'], 'only the three bad inputs threw, alike in both');
    await page.close();
  });

  test('the browser entry: the Tracker alone on the extended lean wasm; it delivers, and identify() loads the hasher when called', async () => {
    const page = await browser.context.newPage();
    const toCollector = recordRequests(page, stack.collector.url);
    const files = requestedFiles(page);
    await page.goto(`${stack.shop.url}/module.html`);
    const email = 'Jane.Doe+module@Example.com';
    const { exported, eventId, customId } = await page.evaluate(async ([collector, customEvents]) => {
      const m = await import('/tracksafe/browser.js');
      const t = new m.Tracker({ endpoint: `${collector}/collect`, site: 'module-test', autoPage: false, customEvents });
      await t.setConsent({ analytics: true, marketing: true });
      const out = await t.track('search_submitted', { query: 'tote bag' });
      const custom = await t.track('wishlist_added', { count: 2, list: 'gifts' });
      await t.flush();
      window.tracker = t;
      return { exported: Object.keys(m), eventId: out.eventId, customId: custom.eventId };
    }, [stack.collector.url, CUSTOM_EVENTS]);
    assert.deepEqual(exported, ['Tracker'], 'the free functions are tracksafe/full\'s');
    const wasm = () => wasmFiles(files);
    assert.deepEqual(wasm(), ['tracksafe_extended_bg.wasm'], 'the script tag\'s extended wasm (options come after the import): not the browser build, not the edge build');
    assert.ok(!files.some((f) => f.startsWith('tracksafe_hasher')), 'no hasher before identify()');
    const got = await waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.eventId === eventId)), { what: 'the event upstream' });
    assert.equal(got.batch.events.find((e) => e.eventId === eventId).properties.query, 'tote bag');
    assert.ok(toCollector.some((r) => r.method === 'POST' && r.body.includes(eventId)), 'the page posted it to the collector');
    const custom = await waitFor(() => stack.sink.received.flatMap((r) => r.batch.events).find((e) => e.eventId === customId), { what: 'the custom event upstream' });
    assert.deepEqual(custom.properties, { count: 2 }, 'the declared property only');

    const identified = await page.evaluate(async (email) => {
      const out = await window.tracker.identify({ email });
      await window.tracker.track('search_submitted', { query: 'scarf' });
      await window.tracker.flush();
      return { out, identifiers: (await window.tracker.inspect()).identifiers };
    }, email);
    assert.deepEqual(identified.out, { status: 'queued', reason: 'batched', fields: ['em'] });
    // Meta's SDK is the oracle for the platform hash the browser keeps and sends.
    const em = ServerSideUtils.normalizeAndHash(email, 'em');
    assert.deepEqual(identified.identifiers, { em });
    const sent = await waitFor(() => toCollector.find((r) => r.body.includes('"identifiers"')), { what: 'identifiers to the collector' });
    assert.deepEqual(JSON.parse(sent.body).identifiers, { em });
    assert.deepEqual(files.filter((f) => f.startsWith('tracksafe_hasher')).sort(), ['tracksafe_hasher.js', 'tracksafe_hasher_bg.wasm']);
    assert.ok(toCollector.every((r) => !r.body.toLowerCase().includes('jane.doe')), 'no raw email crossed the network');
    await page.close();
  });

  test('tracksafe/full: its Tracker runs on the browser wasm alone and delivers', async () => {
    const page = await browser.context.newPage();
    const toCollector = recordRequests(page, stack.collector.url);
    const files = requestedFiles(page);
    await page.goto(`${stack.shop.url}/module.html`);
    const eventId = await page.evaluate(async (collector) => {
      const { Tracker } = await import('/tracksafe/full.js');
      const t = new Tracker({ endpoint: `${collector}/collect`, site: 'module-test', autoPage: false });
      await t.setConsent({ analytics: true });
      const out = await t.track('search_submitted', { query: 'tote bag' });
      await t.flush();
      return out.eventId;
    }, stack.collector.url);
    assert.deepEqual(wasmFiles(files), ['tracksafe_browser_bg.wasm'], 'one wasm: not the edge build, not the script tag\'s');
    const got = await waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.eventId === eventId)), { what: 'the event upstream' });
    assert.equal(got.batch.events.find((e) => e.eventId === eventId).properties.query, 'tote bag');
    assert.ok(toCollector.some((r) => r.method === 'POST' && r.body.includes(eventId)), 'the page posted it to the collector');
    await page.close();
  });

  test('a theme bundled by webpack carries the wasm and the hasher along; its Tracker delivers and identify() hashes', async () => {
    assert.deepEqual(theme.warnings, [], 'webpack had nothing to warn about (the hasher import is left to the browser)');
    const emitted = Object.keys(theme.files);
    assert.equal(wasmFiles(emitted).length, 2, `the extended lean wasm and the hasher's: ${emitted}`);
    const page = await browser.context.newPage();
    const toCollector = recordRequests(page, stack.collector.url);
    const files = requestedFiles(page);
    await page.goto(`${stack.shop.url}/theme/index.html`);
    await page.waitForFunction(() => typeof window.ThemeTracker === 'function');
    const email = 'Jane.Doe+theme@Example.com';
    const out = await page.evaluate(async ({ collector, email }) => {
      const t = new window.ThemeTracker({ endpoint: `${collector}/collect`, site: 'webpack-theme', autoPage: false });
      await t.setConsent({ analytics: true, marketing: true });
      // Identifiers travel with the next batch of events.
      const identified = await t.identify({ email });
      const tracked = await t.track('search_submitted', { query: 'webpack' });
      await t.flush();
      return { eventId: tracked.eventId, identified };
    }, { collector: stack.collector.url, email });
    assert.deepEqual(out.identified, { status: 'queued', reason: 'batched', fields: ['em'] });
    const fromTheme = files.filter((f) => emitted.includes(f));
    assert.ok(wasmFiles(fromTheme).length === 2 && fromTheme.some((f) => f.endsWith('.js') && f !== 'theme.js'),
      `the page fetched the theme's own copies of both wasm files and the hasher: ${files}`);
    assert.ok(!files.some((f) => f.startsWith('tracksafe')), `nothing fetched from the package's folder: ${files}`);
    const got = await waitFor(() => stack.sink.received.find((r) => r.batch.events.some((e) => e.eventId === out.eventId)), { what: 'the event upstream' });
    assert.equal(got.batch.events.find((e) => e.eventId === out.eventId).properties.query, 'webpack');
    const sent = await waitFor(() => toCollector.find((r) => r.body.includes('"identifiers"')), { what: 'identifiers to the collector' });
    assert.deepEqual(JSON.parse(sent.body).identifiers, { em: ServerSideUtils.normalizeAndHash(email, 'em') });
    await page.close();
  });
});
