// The leak and clean corpora (tests/corpus/*.txt, shared with the native tests) for the JS suites:
// the planted values, the encodings they are planted in, and the leak check — the same rules as
// tests/minimize_leak.rs, so a JS run is judged exactly like the native one.
import { readFileSync } from 'node:fs';

const dir = new URL('../corpus/', import.meta.url);
const lines = (file) =>
  readFileSync(new URL(file, dir), 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'));

/** `[kind, value]` pairs of planted PII. */
export const pii = () => lines('pii.txt').map((l) => l.split('\t')).filter((p) => p.length === 2);
/** Shop strings that must survive unchanged. */
export const clean = () => lines('clean.txt');

const utf8 = new TextEncoder();
/** `%XX` for every byte `keep` refuses. */
const percent = (s, keep) =>
  [...utf8.encode(s)].map((b) => (keep(b) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
const unreserved = (b) => /[A-Za-z0-9\-._~]/.test(String.fromCharCode(b));
/** URL-component encoding (RFC 3986 unreserved kept). */
export const urlEncode = (s) => percent(s, unreserved);
/** Form encoding: spaces as `+`. */
export const formEncode = (s) => urlEncode(s).replaceAll('%20', '+');

/** Decodes `%XX` (and `+` as space when `form`), lossily. */
export function decode(s, form) {
  const out = [];
  for (let i = 0; i < s.length; ) {
    if (s[i] === '%' && /^[0-9a-fA-F]{2}$/.test(s.slice(i + 1, i + 3))) {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else {
      const ch = String.fromCodePoint(s.codePointAt(i));
      out.push(...utf8.encode(form && ch === '+' ? ' ' : ch));
      i += ch.length;
    }
  }
  return new TextDecoder().decode(new Uint8Array(out));
}

/** The ways a value is planted: `[name, encode]`. */
export function encodings(kind) {
  const list = [
    ['raw', (s) => s],
    ['url', urlEncode],
    ['form', formEncode],
    ['full', (s) => percent(s, () => false)],
  ];
  if (kind === 'email' || kind === 'iban') {
    list.push(['lower', (s) => s.toLowerCase()], ['upper', (s) => s.toUpperCase()]);
    list.push(['mixed', (s) => [...s].map((c, i) => (i % 2 === 0 ? c.toUpperCase() : c)).join('')]);
    list.push(['at-only', (s) => s.replaceAll('@', '%40').replaceAll('+', '%2B')]);
  }
  return list;
}

/** Every string in a JSON value, keys included. */
export function strings(v, out = []) {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => strings(x, out));
  else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      strings(x, out);
    }
  }
  return out;
}

const digits = (s) => s.replace(/[^0-9]/g, '');

/** The output strings (and reported paths) of `result` that still carry `raw` planted as `planted`. */
export function leaks(kind, raw, planted, texts) {
  const needles = new Set([raw.toLowerCase(), planted.toLowerCase(), decode(planted, true).toLowerCase()]);
  if (kind === 'email') {
    const local = raw.split('@')[0].toLowerCase();
    if ([...local].length >= 5) needles.add(`${local}@`).add(`${local}%40`);
  }
  if (kind === 'token') needles.add(raw.replace(/^Bearer /, '').toLowerCase());
  const rawDigits = digits(raw);
  return texts.filter((t) => {
    const forms = [t.toLowerCase(), decode(t, true).toLowerCase(), decode(decode(t, false), true).toLowerCase()];
    const hit = [...needles].some((n) => forms.some((f) => f.includes(n)));
    const digitHit = rawDigits.length >= 7 && kind !== 'email' && kind !== 'token' && forms.some((f) => digits(f).includes(rawDigits));
    return hit || digitHit;
  });
}

/** Events with `p` planted in every place a shop leaks data: `[place, event]`. */
export function placements(p) {
  const ev = (name, properties = {}, context = {}, extra = {}) => ({ name, properties, context, ...extra });
  return [
    ['product.name', ev('product_viewed', { name: `Gift for ${p}` })],
    ['product.sku', ev('product_added_to_cart', { sku: p })],
    ['product.brand', ev('product_removed_from_cart', { brand: p })],
    ['product.id', ev('product_viewed', { product_id: p, variant_id: p })],
    ['item.source', ev('item_clicked', { source: p, list_id: p })],
    ['collection.name', ev('collection_viewed', { name: `For ${p}` })],
    ['search.query', ev('search_submitted', { query: `order status ${p}` })],
    ['checkout.coupon', ev('checkout_completed', { coupon: p, order_id: p })],
    ['lines[].name', ev('checkout_completed', { lines: [{ name: 'Tee' }, { name: `Engraving: ${p}`, sku: p }] })],
    ['lines[].unknown', ev('cart_viewed', { lines: [{ note: p }] })],
    ['unknown property', ev('product_viewed', { customer_email: p })],
    ['unknown key', ev('product_viewed', { [p]: 'x' })],
    ['custom.note', ev('wishlist_added', { note: `for ${p}` })],
    ['url path', ev('page_viewed', {}, { url: `https://shop.example/account/${p}/orders` })],
    ['url query kept', ev('page_viewed', {}, { url: `https://shop.example/?utm_term=${p}&utm_source=news` })],
    ['url query other', ev('page_viewed', {}, { url: `https://shop.example/?email=${p}&gclid=${p}` })],
    ['url fragment', ev('page_viewed', {}, { url: `https://shop.example/p#${p}` })],
    ['url userinfo', ev('page_viewed', {}, { url: `https://${urlEncode(p)}:pw@shop.example/` })],
    ['referrer', ev('page_viewed', {}, { referrer: `https://ref.example/u/${p}?q=${p}#${p}` })],
    ['title', ev('page_viewed', {}, { title: `Order confirmation – ${p}` })],
    ['userAgent', ev('page_viewed', {}, { userAgent: `Mozilla/5.0 (${p}) Chrome/124.0` })],
    ['geo', ev('page_viewed', {}, { geo: { country: 'US', city: p, region: p } })],
    ['context unknown', ev('page_viewed', {}, { email: p, ip: p })],
    ['top-level unknown', ev('page_viewed', {}, {}, { customer: p })],
  ];
}

/** The custom event the placements use (declared like a shop would). */
export const CUSTOM_EVENTS = {
  wishlist_added: { purposes: ['analytics'], properties: { note: { type: 'string', maxLength: 200 }, count: { type: 'integer', min: 0, max: 100 } } },
};
