// The hashing exports of the built package against Meta's own SDK (`facebook-nodejs-business-sdk`,
// run here on a generated corpus): outputs and refusals alike. Google's library is the native
// oracle's job (tests/hashing_oracle.rs). `pseudonymize` against node:crypto's HMAC.
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, test } from 'node:test';
import { hashEmail, hashPhone, normalizeAndHash, normalizeEmail, normalizePhone, pseudonymize } from '../../pkg/node.js';

const require = createRequire(import.meta.url);
const { ServerSideUtils } = require('facebook-nodejs-business-sdk');

// A seeded PRNG (mulberry32): the corpus is the same on every run, and large.
let seed = 4242;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chars = (alphabet, n) => Array.from({ length: n }, () => pick([...alphabet])).join('');
const pad = (s) => pick(['', ' ', '\t', '\u00a0', '\ufeff', '\n ']) + s + pick(['', ' ', '\u3000', '\t']);
const recase = (s) => [...s].map((c) => (rand() < 0.3 ? c.toUpperCase() : c)).join('');

function corpus() {
  const out = [];
  const emails = ['Jane.Doe+shop@Example.com', ' john@gmail.com ', 'a@b', 'a@b.co', 'a..b@c.co', '.a@b.co', 'üser@example.com',
    'user@exämple.com', 'user@xn--exmple-cua.com', 'a@b-.co', '', ' ', "o'brien@example.ie", '`a@b.co', 'a@b.c--d', 'x'.repeat(65) + '@e.co'];
  for (const e of emails) out.push(['em', e]);
  const local = 'abcdefghijklmnopqrstuvwxyzABC0123456789..++__--!`~éüßΣ';
  const domains = ['gmail.com', 'example.com', 'shop.example.co.uk', 'exämple.de', 'b', 'a-b.io', 'x.y', 'gmail.com.'];
  for (let i = 0; i < 250; i++) out.push(['em', pad(recase(chars(local, 1 + Math.floor(rand() * 10)) + pick(['@', '@', '@', '', '@@']) + pick(domains)))]);
  const phones = ['+1 (555) 123-4567', '+44 20 7946 0958', '0044 20 7946 0958', '020 7946 0958', '+49 (0)30 1234567', '123456', '+', '',
    'tel: +1 650 555 1212', '٠١٢٣٤٥٦٧٨٩', '０３０１２３４５６７', '0001234567', '1'.repeat(17)];
  for (const p of phones) out.push(['ph', p]);
  for (let i = 0; i < 200; i++) {
    const digits = chars('0123456789', 3 + Math.floor(rand() * 15));
    out.push(['ph', pad(pick(['+', '00', '0', '', '+1 ']) + [...digits].map((d) => d + (rand() < 0.3 ? pick([' ', '-', '.', '(', ')', '/']) : '')).join(''))]);
  }
  const messy = 'aZ09 -._()+@#\'",;/ÄÖÜßéΣ東京\u00a0\t½';
  const fixed = {
    fn: ['John', ' Mary-Jane ', "O'Brien", 'José', 'İnci', '  '], ln: ['van der Berg', 'STRASSE', 'Straße', '山田'],
    ct: ['New York', 'San Francisco (CA)', 'St. Louis', 'München 80331', '123', 'Zürich'], st: ['CA', ' ca ', 'N.Y.', 'Île-de-France', '99'],
    zp: ['94025', '94025-1234', ' 9 4 0 2 5 ', 'SW1A 1AA', '1', '-123'], country: ['US', 'us ', 'USA', 'uk', 'GB', 'zz', 'x', ' fr '],
    external_id: ['ABC-123', '  id 42  ', 'ÜSER', '42', ''],
  };
  for (const [field, values] of Object.entries(fixed)) {
    for (const v of values) out.push([field, v]);
    for (let i = 0; i < 30; i++) out.push([field, pad(recase(chars(messy, Math.floor(rand() * 9))))]);
  }
  for (let i = 0; i < 5; i++) out.push([pick(['em', 'ph', 'fn']), chars('0123456789abcdef', pick([32, 64]))]);
  return out;
}

/** Meta's answer: the hex digest, or null where the SDK refuses (throws or returns null). */
function meta(field, input) {
  try {
    return ServerSideUtils.normalizeAndHash(input, field) ?? null;
  } catch {
    return null;
  }
}

const CODES = { em: 'INVALID_EMAIL', ph: 'INVALID_PHONE' };

function ours(fn) {
  try {
    return { value: fn() };
  } catch (err) {
    return { err };
  }
}

describe('hashing exports agree with facebook-nodejs-business-sdk', () => {
  const cases = corpus();

  test(`normalizeAndHash(field, raw, "meta") on ${cases.length} generated inputs`, () => {
    const disagree = [];
    for (const [field, input] of cases) {
      const want = meta(field, input);
      const got = ours(() => normalizeAndHash(field, input, 'meta'));
      if (want === null) {
        const ok = got.err instanceof RangeError && got.err.code === (CODES[field] ?? 'INVALID_FIELD');
        if (!ok) disagree.push({ field, input, want: 'refusal', got: got.value ?? got.err?.code });
      } else if (got.value !== want) {
        disagree.push({ field, input, want, got: got.value ?? got.err?.code });
      }
    }
    assert.deepEqual(disagree, []);
  });

  test('hashEmail / hashPhone agree with the SDK, and normalize* give what is hashed', () => {
    let compared = 0;
    for (const [field, input] of cases.filter(([f]) => f === 'em' || f === 'ph')) {
      const want = meta(field, input);
      const hash = field === 'em' ? () => hashEmail(input, 'meta') : () => hashPhone(input, 'meta');
      const got = ours(hash);
      if (want === null) {
        assert.ok(got.err instanceof RangeError, `${field} ${JSON.stringify(input)} must be refused`);
        assert.equal(got.err.code, CODES[field]);
        continue;
      }
      assert.equal(got.value, want, `${field} ${JSON.stringify(input)}`);
      if (/^([0-9a-f]{32}|[0-9a-f]{64})$/.test(input.trim().toLowerCase())) continue; // passed through unhashed
      const normalized = field === 'em' ? normalizeEmail(input, 'meta') : normalizePhone(input, 'meta');
      const sdkNormalized = field === 'em'
        ? ServerSideUtils.normalizeEmail(input.trim().toLowerCase())
        : ServerSideUtils.normalizePhone(input.trim().toLowerCase());
      assert.equal(normalized, sdkNormalized);
      assert.equal(createHash('sha256').update(normalized).digest('hex'), want);
      compared += 1;
    }
    assert.ok(compared > 100, `compared ${compared}`);
  });

  test('the google profile follows its own rules (gmail dots and tags, E.164 with +)', () => {
    assert.equal(normalizeEmail(' Jane.Doe+shop@GMail.com ', 'google'), 'janedoe@gmail.com');
    assert.equal(normalizeEmail('Jane.Doe+shop@Example.com', 'meta'), 'jane.doe+shop@example.com');
    assert.equal(normalizePhone('+1 (555) 123-4567', 'google'), '+15551234567');
    assert.equal(normalizePhone('+1 (555) 123-4567', 'meta'), '15551234567');
    assert.equal(normalizePhone('030 1234567', 'google', 'DE'), '+49301234567');
    assert.equal(hashPhone('030 1234567', 'google', 'DE'), createHash('sha256').update('+49301234567').digest('hex'));
  });
});

describe('pseudonymize and argument errors', () => {
  test('pseudonymize is HMAC-SHA-256 hex (node:crypto computes the expectation)', () => {
    const key = 'a-shop-secret-of-32-bytes-000000';
    for (const value of ['', 'x', hashEmail('jane@example.com', 'meta'), 'ü'.repeat(100)]) {
      assert.equal(pseudonymize(value, key), createHmac('sha256', key).update(value, 'utf8').digest('hex'));
    }
    assert.throws(() => pseudonymize('x', 'short'), (e) => e instanceof RangeError && e.code === 'INVALID_KEY');
  });

  test('wrong types are TypeErrors, refused values RangeErrors, both with code and without the value', () => {
    const typeErrors = [() => hashEmail(42, 'meta'), () => hashPhone(null, 'meta'), () => normalizeAndHash('em', {}, 'meta'), () => pseudonymize(1, 'k'.repeat(16)), () => normalizePhone('1', 'meta', 49)];
    for (const f of typeErrors) assert.throws(f, (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT');
    const rangeErrors = [
      [() => hashEmail('jane.doe at example.com', 'meta'), 'INVALID_EMAIL'],
      [() => normalizeEmail('jane.doe@', 'google'), 'INVALID_EMAIL'],
      [() => hashPhone('555', 'meta'), 'INVALID_PHONE'],
      [() => normalizeAndHash('fn', '   ', 'meta'), 'INVALID_FIELD'],
      [() => hashEmail('jane@example.com', 'tiktok'), 'UNKNOWN_PROFILE'],
    ];
    for (const [f, code] of rangeErrors) {
      assert.throws(f, (e) => {
        assert.ok(e instanceof RangeError, String(e));
        assert.equal(e.code, code);
        assert.doesNotMatch(e.message, /jane|555/);
        return true;
      });
    }
  });
});
