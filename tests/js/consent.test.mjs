// Oracle suite for the consent exports of the built package (pkg/node.js): TC and GPP strings
// are encoded here by the IAB reference libraries (@iabtechlabtcf/core, @iabgpp/cmpapi) from
// random models, decoded by both the libraries and tracksafe, and compared field by field —
// malformed variants must make both throw. Then resolveConsent against the documented mapping.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
import { GppModel } from '@iabgpp/cmpapi';
import { decodeGppString, decodeTcString, parseConsentCookies, resolveConsent } from '../../pkg/node.js';
import { gppExpected, mutate, OutOfReach, randomGppString, randomTcString, setSeed, tcExpected } from '../oracles/consent/models.mjs';

const SEED = Number(process.env.TRACKSAFE_CONSENT_SEED ?? Date.now() % 2 ** 31);
const COUNT = Number(process.env.TRACKSAFE_CONSENT_COUNT ?? 60);
setSeed(SEED);
const ctx = (s) => `seed ${SEED} (TRACKSAFE_CONSENT_SEED to replay): ${JSON.stringify(s).slice(0, 200)}`;

/** What a reference library decodes; null when it refuses, OUT_OF_REACH when it cannot try. */
const OUT_OF_REACH = Symbol('out of reach');
function reference(decode, input) {
  try {
    return decode(input);
  } catch (err) {
    return err instanceof OutOfReach ? OUT_OF_REACH : null;
  }
}

/** What @iabtechlabtcf/core decodes, in decodeTcString's shape (ISO times). */
function tcfWant(input) {
  const { createdIso, lastUpdatedIso, ...rest } = tcExpected(input);
  return { ...rest, created: createdIso, lastUpdated: lastUpdatedIso };
}

function assertMalformed(fn, code, what) {
  assert.throws(fn, (err) => err instanceof RangeError && err.code === code, what);
}

/** A GPP field from @iabgpp/cmpapi as decodeGppString reports it (Dates as ISO strings). */
function gppField(name, v) {
  return (name === 'Created' || name === 'LastUpdated') && typeof v === 'number' ? new Date(v).toISOString() : v;
}

describe('decodeTcString against @iabtechlabtcf/core', () => {
  test(`${COUNT} random TC strings decode field by field alike`, () => {
    for (let i = 0; i < COUNT; i++) {
      const tc = randomTcString();
      assert.deepEqual(decodeTcString(tc), tcfWant(tc), ctx(tc));
    }
  });

  // Where the reference throws, tracksafe must too. (tracksafe is deliberately stricter on some
  // strings the reference reads leniently: no core segment first, a repeated segment, publisher
  // restrictions past the expansion cap — those fail closed here.)
  test('malformed strings: both throw, and ours is a RangeError MALFORMED_TC_STRING', () => {
    let rejected = 0;
    for (let i = 0; i < COUNT; i++) {
      const bad = mutate(randomTcString());
      if (reference(tcfWant, bad) === null) {
        assertMalformed(() => decodeTcString(bad), 'MALFORMED_TC_STRING', ctx(bad));
        rejected++;
      }
    }
    for (const bad of ['', '.', 'C', 'not a tc string', 'D' + randomTcString().slice(1)]) {
      assert.equal(reference(tcfWant, bad), null, bad);
      assertMalformed(() => decodeTcString(bad), 'MALFORMED_TC_STRING', bad);
      rejected++;
    }
    assert.ok(rejected > 5, `only ${rejected} malformed cases`);
  });

  test('a non-string argument is a TypeError', () => {
    assert.throws(() => decodeTcString(42), (e) => e instanceof TypeError && e.code === 'INVALID_ARGUMENT');
  });
});

describe('decodeGppString against @iabgpp/cmpapi', () => {
  test(`${COUNT} random GPP strings (every section) decode field by field alike`, () => {
    const seen = new Set();
    for (let i = 0; i < COUNT; i++) {
      const gpp = randomGppString();
      const want = gppExpected(gpp);
      const got = decodeGppString(gpp);
      assert.equal(got.version, new GppModel(gpp).getHeader().Version, ctx(gpp));
      assert.deepEqual(got.sectionIds, want.sectionIds, ctx(gpp));
      assert.deepEqual(Object.keys(got.sections).sort(), Object.keys(want.sections).sort(), ctx(gpp));
      for (const [name, fields] of Object.entries(want.sections)) {
        seen.add(name);
        if (name === 'tcfeuv2') {
          const { createdIso, lastUpdatedIso, ...rest } = fields;
          assert.deepEqual(got.sections.tcfeuv2, { ...rest, created: createdIso, lastUpdated: lastUpdatedIso }, ctx(gpp));
          continue;
        }
        const wantFields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, gppField(k, v)]));
        assert.deepEqual(got.sections[name], wantFields, `${name}: ${ctx(gpp)}`);
      }
    }
    assert.ok(seen.size > 10, `only sections ${[...seen]}`);
  });

  test('malformed strings: both throw, and ours is a RangeError MALFORMED_GPP_STRING', () => {
    let rejected = 0;
    for (let i = 0; i < COUNT; i++) {
      const bad = mutate(randomGppString());
      // Out of the reference's reach means a range of over a million ids, so no id fits 16 bits.
      if ([null, OUT_OF_REACH].includes(reference(gppExpected, bad))) {
        assertMalformed(() => decodeGppString(bad), 'MALFORMED_GPP_STRING', ctx(bad));
        rejected++;
      }
    }
    for (const bad of ['DBABM~', 'DBACNY~1YNN', 'XYZ~', 'DBABzYA~BVVVVVVVVWA']) {
      assert.equal(reference(gppExpected, bad), null, bad);
      assertMalformed(() => decodeGppString(bad), 'MALFORMED_GPP_STRING', bad);
      rejected++;
    }
    assert.ok(rejected > 5, `only ${rejected} malformed cases`);
  });
});

// ---- resolveConsent --------------------------------------------------------------------------

const ANALYTICS = [1, 8, 9];
const MARKETING = [1, 2, 3, 4, 7];
const PREFERENCES = [1, 5, 6];
const LI_ALLOWED = [2, 7, 8, 9, 10, 11];

/** The documented TCF mapping (docs/consent-mapping.md), applied to the reference decoding. */
function tcfMapping(model, vendor) {
  const restriction = (p) => {
    const types = model.publisherRestrictions.filter((r) => r.purposeId === p && r.vendors.includes(vendor)).map((r) => r.restrictionType);
    return types.length ? Math.min(...types) : undefined;
  };
  const ok = (p) => {
    const consent = model.purposeConsents.includes(p) && model.vendorConsents.includes(vendor);
    const li = LI_ALLOWED.includes(p) && model.purposeLegitimateInterests.includes(p) && model.vendorLegitimateInterests.includes(vendor);
    const r = restriction(p);
    return r === 0 ? false : r === 1 ? consent : r === 2 ? li : consent || li;
  };
  const all = (ps) => ps.every(ok);
  return { analytics: all(ANALYTICS), marketing: all(MARKETING), preferences: all(PREFERENCES), saleOfData: all(MARKETING) };
}

/** A small vendor list (policy v4) in which vendors 900–902 declare every purpose. */
function smallGvl() {
  const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `x${i + 1}`, description: '' }]));
  const all = Array.from({ length: 11 }, (_, i) => i + 1);
  const vendors = Object.fromEntries([900, 901, 902].map((id) => [id, { id, name: `v${id}`, purposes: all, legIntPurposes: all.slice(1), flexiblePurposes: all.slice(1), specialPurposes: [], features: [], specialFeatures: [], policyUrl: '' }]));
  return new GVL({
    gvlSpecificationVersion: 3, vendorListVersion: 40, tcfPolicyVersion: 4, lastUpdated: '2024-01-01T00:00:00Z',
    purposes: named(11), specialPurposes: named(2), features: named(3), specialFeatures: named(2), stacks: {}, dataCategories: {}, vendors,
  });
}

/** A TC string for vendor 901 with the given purpose consents, by the reference encoder. */
function tcFor(purposes, { vendors = [901], li = [] } = {}) {
  const m = new TCModel(smallGvl());
  m.cmpId = 2;
  m.isServiceSpecific = true;
  m.purposeConsents.set(purposes);
  m.purposeLegitimateInterests.set(li);
  m.vendorConsents.set(vendors);
  return TCString.encode(m);
}

function purposes(r) {
  return { analytics: r.analytics, marketing: r.marketing, preferences: r.preferences, saleOfData: r.saleOfData };
}

describe('resolveConsent', () => {
  test('random TC strings resolve as the documented mapping of the reference decoding', () => {
    for (let i = 0; i < COUNT; i++) {
      const tc = randomTcString();
      const model = tcExpected(tc);
      const pool = [...model.vendorConsents, ...model.vendorLegitimateInterests, 901];
      const vendor = pool[i % pool.length];
      const got = resolveConsent({ tcString: tc }, { tcfVendorId: vendor });
      assert.deepEqual(purposes(got), tcfMapping(model, vendor), ctx({ tc, vendor }));
      for (const p of ['analytics', 'marketing', 'preferences', 'saleOfData']) assert.equal(got.sources[p], 'tcf');
    }
  });

  test('accept analytics only, reject all, and no vendor configured', () => {
    const analyticsOnly = tcFor([1, 8, 9]);
    assert.deepEqual(resolveConsent({ tcString: analyticsOnly }, { tcfVendorId: 901 }), {
      analytics: true,
      marketing: false,
      preferences: false,
      saleOfData: false,
      sources: { analytics: 'tcf', marketing: 'tcf', preferences: 'tcf', saleOfData: 'tcf' },
    });
    const none = resolveConsent({ tcString: tcFor([]) }, { tcfVendorId: 901 });
    assert.deepEqual(purposes(none), { analytics: false, marketing: false, preferences: false, saleOfData: false });
    const everything = tcFor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(resolveConsent({ tcString: everything }, {}).analytics, false, 'no vendor, no publisher mode: denied');
    assert.equal(resolveConsent({ tcString: everything }, { tcfVendorId: 902 }).analytics, false, 'another vendor');
  });

  test('GPC and a GPP opt-out deny sale and marketing whatever the CMP says', () => {
    const everything = tcFor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const gpc = resolveConsent({ tcString: everything, gpc: true }, { tcfVendorId: 901 });
    assert.deepEqual(purposes(gpc), { analytics: true, marketing: false, preferences: true, saleOfData: false });
    assert.equal(gpc.sources.marketing, 'gpc');
    const model = new GppModel();
    model.setFieldValue('usnat', 'SharingOptOut', 1);
    model.setFieldValue('usnat', 'MspaCoveredTransaction', 2);
    const optedOut = resolveConsent({ gppString: model.encode(), region: 'US-CA' }, {});
    assert.deepEqual(purposes(optedOut), { analytics: true, marketing: false, preferences: true, saleOfData: false });
    assert.deepEqual(optedOut.sources, { analytics: 'region', marketing: 'gpp', preferences: 'region', saleOfData: 'gpp' });
  });

  test('regions, Consent Mode, Shopify, cookies and remapped OneTrust groups', () => {
    assert.equal(resolveConsent({}, {}).analytics, false);
    assert.equal(resolveConsent({ region: 'US-TX' }, {}).marketing, true);
    assert.equal(resolveConsent({ region: 'US-TX' }, { optOutRegions: [] }).marketing, false);
    assert.equal(resolveConsent({ region: 'DE' }, {}).analytics, false);
    const cm = resolveConsent({ consentMode: { analytics_storage: 'granted', ad_storage: 'denied' } }, {});
    assert.deepEqual(purposes(cm), { analytics: true, marketing: false, preferences: false, saleOfData: false });
    const shop = resolveConsent({ shopify: { analytics: true, marketing: true }, manual: { marketing: false } }, {});
    assert.equal(shop.analytics, true);
    assert.equal(shop.marketing, false);
    assert.equal(shop.sources.marketing, 'manual');
    const cookies = 'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0%2CC0005%3A1';
    assert.equal(resolveConsent({ cookies }, {}).analytics, false);
    assert.equal(resolveConsent({ cookies }, { oneTrustGroups: { analytics: 'C0005' } }).analytics, true);
    assert.equal(resolveConsent({ cookies: `euconsent-v2=${tcFor([1, 8, 9])}` }, { tcfVendorId: 901 }).sources.analytics, 'cookie:euconsent-v2');
  });

  test('unknown keys and wrong types throw TypeErrors with stable codes', () => {
    const typeErr = (code) => (e) => e instanceof TypeError && e.code === code;
    assert.throws(() => resolveConsent({ tcstring: 'x' }, {}), typeErr('INVALID_ARGUMENT'));
    assert.throws(() => resolveConsent({ gpc: 'yes' }, {}), typeErr('INVALID_ARGUMENT'));
    assert.throws(() => resolveConsent({ manual: { analytic: true } }, {}), typeErr('INVALID_ARGUMENT'));
    assert.throws(() => resolveConsent({ tcData: {} }, {}), typeErr('INVALID_ARGUMENT'), 'browser-only keys are not public');
    assert.throws(() => resolveConsent(null, {}), typeErr('INVALID_ARGUMENT'));
    assert.throws(() => resolveConsent({}, { tcfVendorID: 1 }), typeErr('INVALID_OPTIONS'));
    assert.throws(() => resolveConsent({}, { oneTrustGroups: { analytic: 'C0002' } }), typeErr('INVALID_OPTIONS'));
    assert.throws(() => resolveConsent({}, 'x'), typeErr('INVALID_OPTIONS'));
  });
});

describe('parseConsentCookies', () => {
  test('finds each CMP cookie and maps it to purposes', () => {
    const tc = tcFor([1]);
    const header = [
      'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A1%2CC0003%3A0%2CC0004%3A0',
      "CookieConsent=%7Bstamp%3A%27x%27%2Cnecessary%3Atrue%2Cpreferences%3Atrue%2Cstatistics%3Afalse%2Cmarketing%3Afalse%7D",
      `euconsent-v2=${tc}`,
      'theme=dark',
    ].join('; ');
    const out = parseConsentCookies(header);
    assert.equal(out.tcString, tc);
    assert.deepEqual(out.signals, [
      { source: 'OptanonConsent', purposes: { analytics: true, marketing: false, preferences: false, saleOfData: false } },
      { source: 'CookieConsent', purposes: { analytics: false, marketing: false, preferences: true, saleOfData: false } },
    ]);
    const remapped = parseConsentCookies('OptanonConsent=groups=C0009%3A1', { oneTrustGroups: { analytics: ['C0009'] } });
    assert.equal(remapped.signals[0].purposes.analytics, true);
    assert.equal(remapped.signals[0].purposes.marketing, null, 'a group not mentioned is silent');
    assert.deepEqual(parseConsentCookies(''), { signals: [], tcString: null });
  });
});
