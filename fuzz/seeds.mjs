// Writes seed inputs for every fuzz target from the test suites' own material: the PII and clean
// corpora, the oracle cases (when `make test-oracles` has generated them) and realistic batches.
// Usage: node fuzz/seeds.mjs <corpus-dir>
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = process.argv[2];
if (!out) throw new Error('usage: seeds.mjs <corpus-dir>');
const root = new URL('..', import.meta.url).pathname;
const lines = (f) => (existsSync(join(root, f)) ? readFileSync(join(root, f), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')) : []);
const put = (target, text) => {
  mkdirSync(join(out, target), { recursive: true });
  writeFileSync(join(out, target, createHash('sha1').update(text).digest('hex')), text);
};

const pii = lines('tests/corpus/pii.txt').map((l) => l.split('\t')[1] ?? l);
const clean = lines('tests/corpus/clean.txt');
for (const t of [...pii, ...clean]) {
  put('redact_text', t);
  put('scrub_url', `https://shop.example/search/${encodeURIComponent(t)}?q=${encodeURIComponent(t)}&utm_source=x#${t}`);
}
for (const line of lines('.oracles/consent.ndjson').slice(0, 300)) {
  const c = JSON.parse(line);
  put(c.kind === 'tcf' ? 'tc_string' : 'gpp_string', c.input);
}
put('consent_cookies', 'OptanonConsent=isGpcEnabled=0&datestamp=x&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A0; CookieConsent={stamp:%27x%27%2Cnecessary:true%2Cpreferences:false%2Cstatistics:true%2Cmarketing:false}');
put('consent_cookies', '_tracking_consent=%7B%22con%22%3A%7B%22CMP%22%3A%7B%22a%22%3A%221%22%2C%22m%22%3A%220%22%2C%22p%22%3A%221%22%2C%22s%22%3A%220%22%7D%7D%2C%22v%22%3A%222.1%22%7D');

const product = { product_id: 'tote-001', variant_id: 'v1', sku: 'SKU-2024-00017', name: 'Canvas Tote', brand: 'B', category: 'Bags', price: 24, currency: 'EUR', quantity: 1 };
const events = [
  { name: 'page_viewed', properties: {}, context: { url: 'https://shop.example/p?utm_source=a&email=jane%40example.com#x', referrer: 'https://mail.example/inbox/jane@example.com', title: 'Tote', userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Mobile/15E148 Safari/604.1' } },
  { name: 'product_viewed', properties: { ...product, note: 'call +44 20 7946 0958' } },
  { name: 'checkout_completed', properties: { order_id: '#1001', value: 48, currency: 'EUR', coupon: 'jane@example.com', lines: [product, product], shipping_country: 'DE' } },
  { name: 'search_submitted', properties: { query: 'red shoes size 42', results_count: 3 } },
];
for (const e of events) put('minimize_event', JSON.stringify(e));
const batch = { v: 1, site: 's', sentAt: 1, consent: { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }, visitorId: randomUUID(), events: events.map((e) => ({ eventId: randomUUID(), timestamp: 1, ...e })) };
put('edge_collect', JSON.stringify(batch));
put('json_parse', JSON.stringify(batch));
put('persisted_queue', JSON.stringify({ v: 1, events: batch.events.map((e) => ({ needs: ['analytics'], queuedAt: 1, event: e })) }));
console.log(`fuzz seeds written to ${out}`);
