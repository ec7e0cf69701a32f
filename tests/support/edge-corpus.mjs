// One request corpus for the edge collectors (workerd and Fastly): good batches, hostile ones,
// GPC and every consent mix. Built once per run (random ids), then replayed byte for byte against
// each platform, so their answers and upstream payloads can be compared exactly.
import { randomUUID } from 'node:crypto';

const PURPOSES = ['analytics', 'marketing', 'preferences', 'saleOfData'];
const T0 = 1_790_000_000_000;

let clock = 0;
function event(name, properties = {}, context = { url: 'https://shop.example/p/tote?utm_source=mail&email=jane@example.com#top' }) {
  clock += 1;
  return { eventId: randomUUID(), timestamp: T0 + clock, name, properties, context };
}
function batch(events, consent = { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }, extra = {}) {
  return { v: 1, site: 'parity', sentAt: T0, consent, visitorId: randomUUID(), sessionId: randomUUID(), events, ...extra };
}

/** A shopper's visit: the 20 events of a realistic batch (also the load benchmark's body). */
export function realisticEvents() {
  const product = (i) => ({ product_id: `sku-${100 + i}`, variant_id: `v-${i}`, name: `Canvas tote ${i}`, brand: 'Harbor', category: 'Bags', price: 24 + i, currency: 'EUR', quantity: 1 });
  const page = (path) => ({ url: `https://shop.example${path}?utm_source=newsletter&gclid=abc123&email=jane@example.com`, referrer: 'https://www.google.com/search?q=tote' });
  const events = [
    event('page_viewed', {}, page('/')),
    event('collection_viewed', { collection_id: 'bags', name: 'Bags' }, page('/collections/bags')),
    event('search_submitted', { query: 'canvas tote for jane.doe@example.com' }, page('/search')),
  ];
  for (let i = 0; i < 6; i += 1) {
    events.push(event('item_clicked', { ...product(i), list_id: 'search', position: i, source: 'search' }, page('/search')));
    events.push(event('product_viewed', product(i), page(`/products/tote-${i}`)));
  }
  events.push(event('product_added_to_cart', product(2), page('/products/tote-2')));
  events.push(event('product_removed_from_cart', product(2), page('/cart')));
  events.push(event('product_added_to_cart', product(3), page('/products/tote-3')));
  events.push(event('cart_viewed', { lines: [product(3)] }, page('/cart')));
  events.push(event('checkout_started', { lines: [product(3)], currency: 'EUR', value: 27 }, page('/checkout')));
  return events;
}

export function realisticBatch(consent) {
  return batch(realisticEvents(), consent);
}

/**
 * The corpus: `{ name, method, path, headers, body, failures? }`. `failures` are upstream
 * statuses the sink answers first (the delivery rule: 2xx only after the upstream took it).
 */
export function edgeCorpus(shop) {
  clock = 0;
  const base = { origin: shop, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9', 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15' };
  const cases = [];
  const add = (name, body, headers = {}, more = {}) =>
    cases.push({ name, method: 'POST', path: '/collect', headers: { ...base, ...headers }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body), ...more });

  // Good batches.
  add('one page view', batch([event('page_viewed')]));
  add('a realistic 20-event batch', realisticBatch());
  add('content type with charset', batch([event('page_viewed')]), { 'content-type': 'application/json; charset=utf-8' });
  add('long site name falls back to default', batch([event('page_viewed')], undefined, { site: 's'.repeat(65) }));
  add('non-uuid visitor and session ids are dropped', batch([event('page_viewed')], undefined, { visitorId: 'jane@example.com', sessionId: '1' }));
  // Hostile content inside a valid batch.
  add('unknown properties and PII in properties', batch([event('product_viewed', { product_id: 'p1', name: 'Gift for jane.doe@example.com', customer_email: 'jane.doe@example.com', phone: '+1 415 555 0100', __proto__x: 1, constructor: 'x' })]));
  add('PII in the page URL, referrer and title', batch([event('page_viewed', {}, { url: 'https://shop.example/account?email=jane%40example.com&token=abc&utm_campaign=x', referrer: 'https://mail.example/?to=jane@example.com', title: 'Orders for Jane Doe jane@example.com' })]));
  add('bad event ids, timestamps and names are dropped', batch([{ ...event('page_viewed'), eventId: 'nope' }, { ...event('page_viewed'), timestamp: -5 }, event('made_up_event'), event('page_viewed')]));
  // Declared where the collector is given the parity test's CUSTOM_EVENTS; dropped elsewhere.
  add('a declared custom event keeps its declared properties only', batch([event('wishlist_added', { count: 3, list: 'gifts', note: 'for jane@example.com' })]));
  add('oversized property values are capped', batch([event('product_viewed', { product_id: 'p'.repeat(500), price: 1e12, quantity: 99999, currency: 'euro' })]));
  // Refusals.
  add('1 MB body', batch([event('product_viewed', { name: 'x'.repeat(1024 * 1024) })]));
  add('just over 64 KB', JSON.stringify(batch([event('product_viewed', { name: 'y'.repeat(65_536) })])));
  add('too many events', batch(Array.from({ length: 101 }, () => event('page_viewed'))));
  add('invalid JSON', '{"v":1,"events":[}');
  add('not UTF-8', new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
  add('events is not an array', { v: 1, events: 'nope' });
  add('unsupported batch version', { ...batch([event('page_viewed')]), v: 2 });
  add('JSON array body', '[]');
  add('empty body', '');
  add('wrong content type', batch([event('page_viewed')]), { 'content-type': 'text/plain' });
  add('form content type', 'v=1', { 'content-type': 'application/x-www-form-urlencoded' });
  add('foreign origin', batch([event('page_viewed')]), { origin: 'https://evil.example' });
  add('origin with a trailing slash', batch([event('page_viewed')]), { origin: `${shop}/` });
  cases.push({ name: 'no origin', method: 'POST', path: '/collect', headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch([event('page_viewed')])) });
  cases.push({ name: 'GET /collect', method: 'GET', path: '/collect', headers: { origin: shop } });
  cases.push({ name: 'unknown route', method: 'POST', path: '/admin', headers: base, body: '{}' });
  cases.push({ name: 'preflight from the shop', method: 'OPTIONS', path: '/collect', headers: { origin: shop, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });
  cases.push({ name: 'preflight from elsewhere', method: 'OPTIONS', path: '/collect', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
  // Every consent mix, with and without Sec-GPC.
  for (let mask = 0; mask < 16; mask += 1) {
    const consent = Object.fromEntries(PURPOSES.map((p, i) => [p, Boolean(mask & (1 << i))]));
    const label = PURPOSES.filter((p) => consent[p]).join('+') || 'nothing';
    for (const gpc of [false, true]) {
      add(`consent ${label}${gpc ? ' + GPC' : ''}`, batch([event('page_viewed'), event('product_added_to_cart', { product_id: 'p1', price: 10, currency: 'EUR' })], { ...consent, source: 'manual' }), gpc ? { 'sec-gpc': '1' } : {});
    }
  }
  add('no consent snapshot at all', { v: 1, events: [event('page_viewed')] });
  add('consent values that are not booleans', batch([event('page_viewed')], { analytics: 'true', marketing: 1, source: 'manual' }));
  // Consent signals in the request itself (cookies, TC/GPP strings in the batch).
  add('OneTrust cookie narrowing analytics', batch([event('page_viewed')]), { cookie: 'OptanonConsent=isGpcEnabled=0&datestamp=x&groups=C0001%3A1%2CC0002%3A0%2CC0003%3A0%2CC0004%3A0; other=1' });
  add('Shopify tracking consent cookie', batch([event('page_viewed')]), { cookie: '_tracking_consent=%7B%22con%22%3A%7B%22CMP%22%3A%7B%22a%22%3A%221%22%2C%22m%22%3A%220%22%2C%22p%22%3A%221%22%2C%22s%22%3A%220%22%7D%7D%2C%22v%22%3A%222.1%22%7D' });
  add('Cookiebot cookie', batch([event('page_viewed')]), { cookie: "CookieConsent={stamp:'x',necessary:true,preferences:false,statistics:true,marketing:false,method:'explicit',ver:1}" });
  add('TC and GPP strings in the batch', batch([event('page_viewed')], { analytics: true, marketing: true, preferences: true, saleOfData: true, source: 'tcf', tcString: 'CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA', gppString: 'DBABMA~CPXxRfAPXxRfAAfKABENB-CgAAAAAAAAAAYgAAAAAAAA' }));
  // Upstream trouble: the answer waits for the upstream, with bounded retries.
  add('upstream fails once, retry succeeds', batch([event('page_viewed')]), {}, { failures: [500] });
  add('upstream fails three times', batch([event('page_viewed')]), {}, { failures: [500, 503, 502] });
  add('upstream rate-limits once', batch([event('page_viewed')]), {}, { failures: [429] });
  add('upstream refuses with 400', batch([event('page_viewed')]), {}, { failures: [400] });
  return cases;
}

/**
 * Sends one corpus case to a collector base URL. An answer that never comes fails the case after
 * 30 s (the slowest case, three upstream retries, answers in a few), not the suite after 300.
 */
export function send(base, c) {
  return fetch(`${base}${c.path}`, { method: c.method, headers: c.headers, body: c.body, signal: AbortSignal.timeout(30_000) });
}
