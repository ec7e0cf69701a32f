// The package's hashEmail / hashPhone / normalizeAndHash take a fast path (input copied into the
// core's scratch bytes, the digest read back; pkg-template/src/functions.js) and fall back to the
// core's wasm-bindgen exports for everything else. Both paths must give the same answer, or the
// same error, on every input: here the fast path is compared with those exports directly.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, test } from 'node:test';
import { hashEmail, hashPhone, memoryBytes, normalizeAndHash, normalizeEmail } from '../../pkg/node.js';
import * as core from '../../pkg/tracksafe_core.js';

const FIELDS = ['em', 'ph', 'fn', 'ln', 'ct', 'st', 'zp', 'country', 'external_id'];
const PROFILES = ['meta', 'google'];

// A seeded PRNG (mulberry32), so the corpus is the same on every run.
let seed = 9001;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (xs) => xs[Math.floor(rand() * xs.length)];
const chars = (alphabet, n) => Array.from({ length: n }, () => pick([...alphabet])).join('');

function inputs() {
  const out = [
    '', ' ', 'Jane.Doe+shop@Example.COM', '  John.Doe+shop7@Example.COM ', 'J.A.N.E+x@GoogleMail.com', '+tag@gmail.com',
    '...@gmail.com', 'a@b', 'a@b.co', 'a..b@c.co', 'a.@b.co', '`a@b.co', 'a@b-.co', 'a@-b.co', 'a@b.c-d', 'a@b.c--d', 'a@@b.co',
    'üser@example.com', 'user@exämple.com', '\u212Aelvin@example.com', '\u0130nci@example.com', 'a\ud800b@example.com',
    '\u00a0jane@example.com\u3000', '\ufeffjane@example.com', '\u0085jane@example.com', '\u001cjane@example.com',
    'x'.repeat(64) + '@e.co', 'x'.repeat(65) + '@e.co', 'a@' + 'b'.repeat(63) + '.co', 'a@' + 'b'.repeat(64) + '.co',
    'y'.repeat(300) + '@gmail.com', 'z'.repeat(1100) + '@example.com', 'é'.repeat(600) + '@example.com',
    '900150983CD24FB0D6963F7D28E17F72', ' ' + createHash('sha256').update('x').digest('hex').toUpperCase() + ' ',
    '+1 (650) 555-1212', '0044 20 7946 0958', '030 1234567', '٠١٢٣٤٥٦٧٨٩', '０３０１２３４５６７', '1'.repeat(17), 'tel: 555',
    'San Francisco (CA)', 'München 80331', '94025-1234', ' 9 4 0 2 5 ', 'us ', 'USA', 'ıd', 'ſe', 'ǆ', '山田', '  id 42  ',
  ];
  const alphabet = 'aZ09 .+-_@@()\'`!#~\t\u00a0éß\u212AΣ東';
  for (let i = 0; i < 400; i++) out.push(chars(alphabet, Math.floor(rand() * 40)));
  return out;
}

/** `{ value }` or `{ type, code }` of the error, so results and refusals compare alike. */
function outcome(fn) {
  try {
    return { value: fn() };
  } catch (err) {
    return { type: err?.constructor?.name, code: err?.code };
  }
}

describe('the hashing fast path equals the core exports', () => {
  const corpus = inputs();

  test(`normalizeAndHash on ${corpus.length} inputs × ${FIELDS.length} fields × ${PROFILES.length} profiles`, () => {
    let hashed = 0;
    for (const profile of PROFILES) {
      for (const field of FIELDS) {
        for (const raw of corpus) {
          const fast = outcome(() => normalizeAndHash(field, raw, profile));
          assert.deepEqual(fast, outcome(() => core.normalizeAndHash(field, raw, profile)), `${profile} ${field} ${JSON.stringify(raw)}`);
          if (fast.value !== undefined) hashed += 1;
        }
      }
    }
    assert.ok(hashed > 3000, `only ${hashed} values were hashed`);
  });

  test('hashEmail and hashPhone (with and without a default country)', () => {
    for (const profile of PROFILES) {
      for (const raw of corpus) {
        assert.deepEqual(outcome(() => hashEmail(raw, profile)), outcome(() => core.hashEmail(raw, profile)), `${profile} ${JSON.stringify(raw)}`);
        for (const country of [undefined, null, 'DE', 'us', 'GB', 'ZZ', 'D', 'DEU', '', 'D1', '\u0000\u0000', 49]) {
          assert.deepEqual(outcome(() => hashPhone(raw, profile, country)), outcome(() => core.hashPhone(raw, profile, country)),
            `${profile} ${JSON.stringify(raw)} ${country}`);
        }
      }
    }
  });

  test('the digest is the SHA-256 of the normalized value, and MD5/SHA-256 digests pass through (meta)', () => {
    const raw = '  John.Doe+shop7@Example.COM ';
    for (const profile of PROFILES) {
      assert.equal(hashEmail(raw, profile), createHash('sha256').update(normalizeEmail(raw, profile)).digest('hex'));
    }
    assert.equal(hashEmail(' 900150983CD24FB0D6963F7D28E17F72 ', 'meta'), '900150983cd24fb0d6963f7d28e17f72');
  });

  test('arguments the fast path does not take still get the core\'s answer or error', () => {
    const cases = [
      () => hashEmail(42, 'meta'), () => hashEmail('jane@example.com', 'Meta'), () => hashEmail('jane@example.com'),
      () => hashEmail({ toString: () => 'jane@example.com' }, 'meta'), () => normalizeAndHash('EM', 'jane@example.com', 'meta'),
      () => normalizeAndHash('constructor', 'x', 'meta'), () => normalizeAndHash(0, 'x', 'meta'), () => hashPhone('+1 650 555 1212', 'meta', {}),
    ];
    for (const f of cases) {
      const got = outcome(f);
      assert.ok(got.code, `expected a coded error, got ${JSON.stringify(got)}`);
    }
  });

  test('the scratch export itself: input at 64, hex digest at 0, field numbers as functions.js lists them', () => {
    const scratch = core.hashScratch();
    const put = (s) => new TextEncoder().encodeInto(s, scratch.subarray(64)).written;
    const hex = (n) => String.fromCharCode(...scratch.subarray(0, n));
    const sha = (s) => createHash('sha256').update(s).digest('hex');
    assert.equal(core.hashScratchInput(0, 0, put(' Jane.Doe@Example.COM '), 0), 64);
    assert.equal(hex(64), sha('jane.doe@example.com'));
    assert.equal(core.hashScratchInput(1, 1, put('030 1234567'), 'D'.charCodeAt(0) | ('E'.charCodeAt(0) << 8)), 64);
    assert.equal(hex(64), sha('+49301234567'));
    assert.equal(core.hashScratchInput(6, 0, put(' 94025-1234 '), 0), 64);
    assert.equal(hex(64), sha('94025'));
    assert.equal(core.hashScratchInput(0, 0, put('not an email'), 0), 0, 'a refusal is left to the general export');
    assert.equal(core.hashScratchInput(9, 0, put('x'), 0), 0, 'no field 9');
    assert.equal(core.hashScratchInput(0, 2, put('jane@example.com'), 0), 0, 'no profile 2');
    assert.equal(core.hashScratchInput(0, 0, 5000, 0), 0, 'a length past the scratch');
  });

  test('a grown wasm memory (which detaches the scratch view) changes no answer', () => {
    const raw = 'Jane.Doe@Example.com';
    const before = hashEmail(raw, 'meta');
    const bytes = memoryBytes();
    // The general path copies this 16 MB string into the wasm memory, which has to grow for it.
    assert.throws(() => core.normalizeEmail(`${'x'.repeat(16 << 20)}@`, 'meta'), (e) => e.code === 'INVALID_EMAIL');
    assert.ok(memoryBytes() > bytes, 'the memory did not grow');
    assert.equal(hashEmail(raw, 'meta'), before);
    assert.equal(hashEmail(raw, 'meta'), createHash('sha256').update('jane.doe@example.com').digest('hex'));
  });
});
