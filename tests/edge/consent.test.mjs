// The collector's consent re-check in workerd (`wrangler dev`): Sec-GPC, the CMP cookies of the
// request and the TC/GPP strings the batch carries — encoded here by the IAB reference libraries
// and decoded again at the edge — narrow the client's claim; decoded objects are never trusted.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, beforeEach, describe, test } from 'node:test';
import { GVL, TCModel, TCString } from '@iabtechlabtcf/core';
import { GppModel } from '@iabgpp/cmpapi';
import { startCollector } from '../../examples/demo-shop/collector.mjs';
import { startSink } from '../../examples/demo-shop/sink.mjs';

const SHOP = 'http://127.0.0.1:28180';
const VENDOR = 901;
let sink;
let collector;

before(async () => {
  sink = await startSink({ port: 28889 });
  collector = await startCollector({
    port: 28887,
    upstreamUrl: `${sink.url}/ingest`,
    allowedOrigins: [SHOP],
    pepper: 'edge-consent-pepper',
    consent: { tcfVendorId: VENDOR },
  });
});
after(async () => {
  await collector?.close();
  await sink?.close();
});
beforeEach(() => {
  sink.received.length = 0;
  sink.requests.length = 0;
});

function gvl() {
  const named = (n) => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, { id: i + 1, name: `x${i + 1}`, description: '' }]));
  const all = Array.from({ length: 11 }, (_, i) => i + 1);
  const vendors = { [VENDOR]: { id: VENDOR, name: 'tracksafe demo', purposes: all, legIntPurposes: [], flexiblePurposes: [], specialPurposes: [], features: [], specialFeatures: [], policyUrl: '' } };
  return new GVL({
    gvlSpecificationVersion: 3, vendorListVersion: 12, tcfPolicyVersion: 4, lastUpdated: '2024-01-01T00:00:00Z',
    purposes: named(11), specialPurposes: named(2), features: named(3), specialFeatures: named(2), stacks: {}, dataCategories: {}, vendors,
  });
}

/** A TC string from the reference encoder: our vendor consented, with these purposes. */
function tcString(purposes) {
  const m = new TCModel(gvl());
  m.cmpId = 2;
  m.isServiceSpecific = true;
  m.purposeConsents.set(purposes);
  if (purposes.length) m.vendorConsents.set(VENDOR);
  return TCString.encode(m);
}

const EVERYTHING = { analytics: true, marketing: true, preferences: true, saleOfData: true };

function post(consent, headers = {}) {
  const batch = {
    v: 1,
    site: 'edge-consent',
    sentAt: Date.now(),
    consent: { source: 'tcf', ...consent },
    events: [{ eventId: randomUUID(), timestamp: Date.now(), name: 'page_viewed', properties: {}, context: { url: 'https://shop.example/' } }],
  };
  return fetch(`${collector.url}/collect`, {
    method: 'POST',
    headers: { origin: SHOP, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(batch),
  });
}

async function upstreamConsent(res) {
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { accepted: 1, dropped: 0 });
  assert.equal(sink.received.length, 1);
  const { source, ...purposes } = sink.received[0].batch.consent;
  assert.equal(source, 'edge');
  return purposes;
}

async function dropped(res) {
  assert.equal(res.status, 202);
  assert.deepEqual(await res.json(), { accepted: 0, dropped: 1 });
  assert.equal(sink.requests.length, 0, 'nothing reached the upstream');
}

describe('edge consent re-check in workerd', () => {
  test('a TC string granting analytics only narrows a claim of everything', async () => {
    const purposes = await upstreamConsent(await post({ ...EVERYTHING, tcString: tcString([1, 8, 9]) }));
    assert.deepEqual(purposes, { analytics: true, marketing: false, preferences: false, saleOfData: false });
    assert.doesNotMatch(JSON.stringify(sink.received[0].batch), /tcString|gppString/, 'the strings stay at the edge');
  });

  test('a TC string granting nothing drops the events, whatever the claim', async () => {
    await dropped(await post({ ...EVERYTHING, tcString: tcString([]) }));
  });

  test('the TC string is decoded again: a decoded object from the client is ignored', async () => {
    const forged = { purpose: { consents: { 1: true, 8: true, 9: true } }, vendor: { consents: { [VENDOR]: true } } };
    await dropped(await post({ ...EVERYTHING, tcString: tcString([2]), tcData: forged }));
  });

  test('an undecodable TC string denies', async () => {
    await dropped(await post({ ...EVERYTHING, tcString: 'CPnot-a-real-tc-string' }));
  });

  test('a GPP string with a usnat sale opt-out denies sale and marketing', async () => {
    const gpp = new GppModel();
    gpp.setFieldValue('usnat', 'SaleOptOut', 1);
    gpp.setFieldValue('usnat', 'MspaCoveredTransaction', 2);
    const purposes = await upstreamConsent(await post({ ...EVERYTHING, gppString: gpp.encode() }));
    assert.deepEqual(purposes, { analytics: true, marketing: false, preferences: true, saleOfData: false });
  });

  test('Sec-GPC: 1 denies sale and marketing', async () => {
    const purposes = await upstreamConsent(await post(EVERYTHING, { 'sec-gpc': '1' }));
    assert.deepEqual(purposes, { analytics: true, marketing: false, preferences: true, saleOfData: false });
  });

  test('a OneTrust cookie denying analytics drops analytics events; the euconsent-v2 cookie is read', async () => {
    await dropped(await post(EVERYTHING, { cookie: 'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0' }));
    await dropped(await post(EVERYTHING, { cookie: `euconsent-v2=${tcString([1, 2, 3])}` }));
    const purposes = await upstreamConsent(await post(EVERYTHING, { cookie: `euconsent-v2=${tcString([1, 8, 9])}; theme=dark` }));
    assert.equal(purposes.analytics, true);
    assert.equal(purposes.marketing, false);
  });

  test('the claim is never widened: no signal at the edge keeps it as it is', async () => {
    const purposes = await upstreamConsent(await post({ analytics: true, marketing: false, preferences: false, saleOfData: false }));
    assert.deepEqual(purposes, { analytics: true, marketing: false, preferences: false, saleOfData: false });
    sink.requests.length = 0;
    await dropped(await post({ analytics: false, marketing: true, preferences: true, saleOfData: true, tcString: tcString([1, 2, 3, 4, 5, 6, 7, 8, 9]) }));
  });
});
