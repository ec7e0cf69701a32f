// Generates the hashing oracle corpus and the Meta expectations, computed by Meta's own SDK.
//
//   ORACLE_DIR=/tmp/oracle-hashing node tests/oracles/hashing/corpus.mjs OUT.ndjson [seed]
//
// ORACLE_DIR holds node_modules with the versions pinned in package.json beside this file.
// Each line: {profile:"meta", field, input, defaultCountry?, expected | error}. google.py reads
// the same file and computes the Google expectations for the same inputs.
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.ORACLE_DIR ?? new URL('.', import.meta.url).pathname;
const require = createRequire(join(dir, 'node_modules', 'x.js'));
const { ServerSideUtils } = require('facebook-nodejs-business-sdk');
const { PhoneNumberUtil, PhoneNumberFormat } = require('google-libphonenumber');
const phoneUtil = PhoneNumberUtil.getInstance();

const [out, seedArg] = process.argv.slice(2);
if (!out) throw new Error('usage: corpus.mjs OUT.ndjson [seed]');

// mulberry32: a small seeded PRNG so the corpus is reproducible.
let seed = Number(seedArg ?? 20251122) >>> 0;
const rand = () => {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (n) => Math.floor(rand() * n);
const pick = (xs) => xs[int(xs.length)];
const chars = (alphabet, n) => Array.from({ length: n }, () => pick([...alphabet])).join('');
const digits = (n) => chars('0123456789', n);
const hexes = (n) => chars('0123456789abcdef', n);
const SPACES = [' ', '  ', '\t', '\n', '\u00a0', '\ufeff', '\u0085', '\u001c', '\u3000', '\u2003', ''];
const pad = (s) => pick(SPACES) + s + pick(SPACES);
const recase = (s) => [...s].map((c) => (rand() < 0.3 ? c.toUpperCase() : c)).join('');

const inputs = []; // [field, input, defaultCountry?]
const add = (field, input, country) => inputs.push([field, input, country]);

// ---- emails
const FIXED_EMAILS = [
  'John.Doe@Example.com', '  jane+news@gmail.com ', 'J.A.N.E+x@googlemail.com', 'USER@GMAIL.COM',
  'u.s.e.r@gmail.com', 'u.s.e.r@gmail.com.au', 'a@b', 'a@b.c', 'a@b.co', 'a@b.c-d', 'a@b.c--d',
  'a@b.1a', 'a@b.a1', 'a@b-.co', 'a@b.-co', 'a@-b.co', 'a@b..co', 'a@b.co.', '.a@b.co', 'a.@b.co',
  'a..b@c.co', '`a@b.co', 'a`@b.co', 'a@@b.co', 'a@b@c.co', 'a b@c.co', 'a@b c.co', '@b.co', 'a@',
  '+@gmail.com', '...@gmail.com', '.+x@gmail.com', 'üser@example.com', 'user@exämple.com',
  'user@xn--exmple-cua.com', 'Σίσυφος@example.gr', 'ΟΔΟΣ@example.gr', '\u212Aate@example.com',
  'İnci@example.com', 'straße@example.de', '\u00a0user@example.com\u00a0', '\ufeffuser@example.com',
  '\u0085user@example.com\u0085', '\u001cuser@example.com', 'user\u3000@example.com', 'user@example.com\t',
  '', ' ', '\t\n', "o'brien@example.ie", 'x!#$%&*+/=?^_{|}~@example.com', 'a@b-c--d.example',
  'user@localhost', 'user@123.com', 'user@example.c0m', 'user@example.123', 'a@b.c_o',
  'a'.repeat(64) + '@example.com', 'a'.repeat(65) + '@example.com', 'a@' + 'b'.repeat(63) + '.com',
  'a@' + 'b'.repeat(64) + '.com', 'a@' + ('b'.repeat(60) + '.').repeat(4) + 'com',
  'a@' + 'b.'.repeat(124) + 'co', 'a@' + 'b.'.repeat(125) + 'co',
];
for (const e of FIXED_EMAILS) add('em', e);
const LOCAL = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789......++__--!`~éüßçΣ';
const DOMAINS = ['gmail.com', 'googlemail.com', 'GMail.com', 'example.com', 'shop.example.co.uk',
  'mail.example', 'exämple.de', 'xn--bcher-kva.example', 'b', 'a-b.io', 'x.y', 'gmail.com.', 'gmail'];
for (let i = 0; i < 300; i++) {
  const local = chars(LOCAL, 1 + int(12));
  const at = rand() < 0.05 ? pick(['', '@@', ' @']) : '@';
  add('em', pad(recase(local + at + pick(DOMAINS))));
}
for (let i = 0; i < 6; i++) add('em', pick([hexes(64), hexes(32), hexes(64).toUpperCase(), hexes(63)]));

// ---- phones, as written (no default country)
const FIXED_PHONES = [
  '+1 (650) 555-1212', '16505551212', '650-555-1212', '1 650 555 1212', '+1.650.555.1212',
  '+44 20 7946 0958', '0044 20 7946 0958', '020 7946 0958', '+49 (0)30 1234567', '030/1234567',
  '(+49) 30 1234567', '\t+49 30 1234567\t', '+49\t30 1234567', '+33 1 23 45 67 89', '1234567',
  '123456', '12345678901234567', '1234567890123456', '+', '', ' ', 'abc', 'tel: +1 650 555 1212',
  '+1-650-555-1212 ext. 12', '٠١٢٣٤٥٦٧٨٩', '０３０１２３４５６７', '+٤٩٣٠١٢٣٤٥٦٧', '+49 30 १२३४५६७',
  '0001234567', '001234567', '00001234567', '+0049301234567', '1' + digits(31), '+1 650 555 12',
  '#+49@30<12>34\'56"7,;', '+49_30_1234567', '+49.30.1234567', '+49/30/1234567', '+𝟒𝟗𝟑𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕',
];
for (const p of FIXED_PHONES) add('ph', p);
const SEPS = [' ', '-', '.', '', '', '(', ')', '/', '\t', '\u00a0'];
const scatter = (ds) => [...ds].map((d) => d + (rand() < 0.3 ? pick(SEPS) : '')).join('');
for (let i = 0; i < 200; i++) {
  const prefix = pick(['+', '00', '0', '', '', '+0', '1', '+1 ']);
  add('ph', pad(prefix + scatter(digits(3 + int(16)))));
}

// ---- phones with a default country (rewritten to E.164 before the profile's rules). Written
// the ways people type them: national, international with + or the country's own IDD, with a
// "(0)". Not generated: letters (vanity numbers, extensions) and national numbers typed with the
// country code but no +, which tracksafe's compact table does not interpret (see region.rs).
const COUNTRIES = {
  // country: [calling code, national prefix, IDD, national significant number lengths]
  US: ['1', '1', '011', [10]], CA: ['1', '1', '011', [10]], GB: ['44', '0', '00', [10]],
  DE: ['49', '0', '00', [10, 11]], FR: ['33', '0', '00', [9]], IT: ['39', '', '00', [9, 10]],
  ES: ['34', '', '00', [9]], NL: ['31', '0', '00', [9]], BE: ['32', '0', '00', [8, 9]],
  AT: ['43', '0', '00', [10]], CH: ['41', '0', '00', [9]], SE: ['46', '0', '00', [9]],
  DK: ['45', '', '00', [8]], PL: ['48', '', '00', [9]], IE: ['353', '0', '00', [9]],
  AU: ['61', '0', '0011', [9]], JP: ['81', '0', '010', [10]], IN: ['91', '0', '00', [10]],
  RU: ['7', '8', '810', [10]], HU: ['36', '06', '00', [8, 9]], NZ: ['64', '0', '00', [8, 9]],
};
// Leading digits that make a plausible national significant number for each country.
const LEAD = {
  US: ['650', '212', '415'], CA: ['416', '604'], GB: ['20', '7911', '161'], DE: ['30', '89', '151'],
  FR: ['1', '6', '7'], IT: ['06', '02', '3'], ES: ['91', '6'], NL: ['20', '6'], BE: ['2', '47'],
  AT: ['1', '664'], CH: ['44', '79'], SE: ['8', '70'], DK: ['3', '2'], PL: ['22', '5'],
  IE: ['1', '8'], AU: ['2', '4'], JP: ['3', '90'], IN: ['98', '11'], RU: ['495', '9'],
  HU: ['1', '30'], NZ: ['9', '21'],
};
for (let i = 0; i < 250; i++) {
  const cc = pick(Object.keys(COUNTRIES));
  const [code, np, idd, lens] = COUNTRIES[cc];
  const lead = pick(LEAD[cc]);
  const nsn = lead + digits(Math.max(0, pick(lens) - lead.length));
  const written = pick([
    np + nsn, np + nsn, nsn, '+' + code + nsn, '+' + code + np + nsn, idd + code + nsn,
    '+' + code + ' (' + np + ') ' + nsn, pick(['+', idd]) + pick(['44', '49', '33', '1']) + digits(9),
  ]);
  add('ph', pad(scatter(written)), rand() < 0.2 ? cc.toLowerCase() : cc);
}
for (const [p, cc] of [['12', 'DE'], ['1', 'DE'], ['+49', 'DE'], ['0049', 'DE'], ['00', 'DE'],
  ['', 'US'], ['abc', 'US'], ['+999 123 4567', 'DE'], ['0099912345', 'DE'], ['0', 'FR'],
  ['000 1234 5678', 'DE'], ['1'.repeat(18), 'DE'], ['+' + '4'.repeat(20), 'DE'], ['(12)', 'DE']]) {
  add('ph', p, cc);
}

// ---- the other fields
const NAMES = ['John', ' Mary-Jane ', "O'Brien", 'José', 'ÆRØSKØBING', 'ΟΔΟΣ', 'İnci', 'STRASSE',
  'Straße', '山田', 'Дмитрий', '  ', '', 'Jean\u00a0Luc', 'van der Berg', 'Zu\u0308rich', '\u212Aelvin',
  'de la Cruz Jr.', 'A_B', hexes(64), hexes(32), 'X Æ A-12', '\ufeffAnna', '\u0085Anna'];
const CITIES = ['New York', 'San Francisco (CA)', 'St. Louis', 'Saint-Étienne', 'München 80331',
  '  ', '123', "L'Aquila", 'Zürich', '東京', 'Москва', 'a_b', '…', 'Winston-Salem', 'Washington, D.C.',
  'Bad Homburg v.d.H.', 'Zu\u0308rich', 'Ōsaka', 'Ελλάδα', 'İzmir', 'co\u001cde', '\u0085Paris\u0085',
  '½ Moon Bay', 'Ⅻ Town', '__', hexes(64)];
const STATES = ['CA', ' ca ', 'Calif.', 'New York', 'N.Y.', 'Île-de-France', 'Baden-Württemberg',
  'NSW', '東京都', ' ', '99', 'Québec (QC)', 'Tamil_Nadu', hexes(32)];
const ZIPS = ['94025', '94025-1234', ' 9 4 0 2 5 ', 'SW1A 1AA', 'sw1a1aa', '1', '-123', 'A', '𝟘𝟙',
  '10115', ' ', '', '100-0001', 'H2X 1Y4', '2000\u00a0', '\u3000123', '12-', 'ab-cd', hexes(64)];
const COUNTRY = ['US', 'us ', 'USA', 'United States', 'ß', 'ﬁ', 'ﬆ', 'uk', 'GB', '', 'zz', 'x',
  'ǆ', 'De', ' fr ', '\u00a0it', 'XK', 'EU', 'AQ', 'ss', 'Ｕｓ', hexes(32), '12'];
const IDS = ['ABC-123', '  id 42  ', 'user_42', 'a1b2c3d4-e5f6-7890-abcd-ef1234567890', hexes(32),
  hexes(64), '', ' ', '\t', 'ÜSER', '42'];
const fields = { fn: NAMES, ln: NAMES, ct: CITIES, st: STATES, zp: ZIPS, country: COUNTRY, external_id: IDS };
const MESSY = 'aZ09 -._()+@#\'",;/\\|ÄÖÜßéΣ東京\u00a0\t\u0085\ufeff\u001c½Ⅻ٣०𝟘';
for (const [field, fixed] of Object.entries(fields)) {
  for (const v of fixed) add(field, v);
  for (let i = 0; i < 40; i++) add(field, pad(recase(chars(MESSY, int(10)))));
}

// ---- Meta expectations
const ERROR = { em: 'INVALID_EMAIL', ph: 'INVALID_PHONE' };
const e164 = (input, country) => {
  const number = phoneUtil.parse(input, country.toUpperCase());
  return phoneUtil.format(number, PhoneNumberFormat.E164);
};
const lines = inputs.map(([field, input, country]) => {
  const line = { profile: 'meta', field, input };
  if (country !== undefined) line.defaultCountry = country;
  let expected = null;
  try {
    const value = country === undefined ? input : e164(input, country);
    expected = ServerSideUtils.normalizeAndHash(value, field);
  } catch {
    expected = null;
  }
  if (expected === null) line.error = ERROR[field] ?? 'INVALID_FIELD';
  else line.expected = expected;
  return JSON.stringify(line);
});
writeFileSync(out, lines.join('\n') + '\n');
console.log(`corpus.mjs: wrote ${lines.length} meta lines to ${out}`);
