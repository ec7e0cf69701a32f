// The script tag's extended wasm (`tracksafe_extended_bg.wasm`: the lean one with a TCF/GPP CMP's
// own decoding, custom event declarations and CMP group ids, also what `browser.js` loads) against
// the npm Engine: the shared agreement tests, then what it adds, read and applied alike.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agree, both, engineSuite, NpmEngine, PageEngine, pair, T0 } from './page-engine-suite.mjs';

engineSuite('tracksafe_extended_bg.wasm');

const CUSTOM = {
  endpoint: 'https://collect.shop.example/collect',
  site: 'shop',
  customEvents: {
    wishlist_added: { purposes: ['analytics'], properties: { count: { type: 'integer', min: 0, max: 100 }, list: { type: 'id', maxLength: 16 } } },
    gift_wrapped: { purposes: ['marketing'], properties: { note: { type: 'string', maxLength: 40 } } },
  },
  consent: { oneTrustGroups: { analytics: 'C0009', marketing: ['C0004', 'C0010'] }, cookiebotCategories: { analytics: 'stats' } },
};

describe('the extended wasm reads a CMP\'s own decoding and the custom options as the npm Engine does', () => {
  test('declarations and group ids: the settings, and the same coded errors for bad ones', () => {
    agree(pair(JSON.stringify(CUSTOM)), (e) => e.settings(), 'settings');
    const bad = [
      { customEvents: { WishList: { purposes: ['analytics'] } } },
      { customEvents: { page_viewed: { purposes: ['analytics'] } } },
      { customEvents: { wish: { purposes: [] } } },
      { customEvents: { wish: { purposes: ['analytics'], properties: { n: { type: 'float' } } } } },
      { customEvents: { wish: { purposes: ['analytics'], properties: { n: { type: 'integer', min: 5, max: 1 } } } } },
      { customEvents: [] },
      { consent: { oneTrustGroups: { analytic: 'C0002' } } },
      { consent: { oneTrustGroups: { analytics: [] } } },
      { consent: { cookiebotCategories: { marketing: [' '] } } },
    ];
    for (const extra of bad) {
      const options = JSON.stringify({ endpoint: CUSTOM.endpoint, ...extra });
      const [npm, page] = both([0, 1], (i) => (i === 0 ? new NpmEngine(options) : new PageEngine(options)));
      assert.equal(npm.code, 'INVALID_OPTIONS', `npm refuses ${options}`);
      assert.deepEqual(page, npm, options);
    }
  });

  test('custom events tracked under the remapped groups: the same consent, events and batch', () => {
    const engines = pair(JSON.stringify(CUSTOM));
    // The shop's OneTrust groups: its own C0009 for analytics (the default C0002 refused), and
    // marketing needs both of its groups.
    const cookies = 'OptanonConsent=isGpcEnabled=0&groups=C0001%3A1%2CC0002%3A0%2CC0009%3A1%2CC0004%3A1%2CC0010%3A0';
    agree(engines, (e) => e.setSignals(JSON.stringify({ cookies }), T0), 'cookie signals');
    const consent = JSON.parse(agree(engines, (e) => e.consent(), 'consent').answer);
    assert.equal(consent.analytics, true, 'analytics from C0009');
    assert.equal(consent.marketing, false, 'marketing needs C0010 too');
    const events = [
      { name: 'wishlist_added', properties: { count: 3, list: 'gifts', note: 'jane@example.com' }, context: { url: 'https://shop.example/w' } },
      { name: 'wishlist_added', properties: { count: 101 }, context: {} },
      { name: 'gift_wrapped', properties: { note: 'for Jane' }, context: {} },
      { name: 'undeclared_event', properties: {}, context: {} },
    ];
    events.forEach((ev, i) => agree(engines, (e) => e.track(JSON.stringify(ev), T0 + 10 + i), `track ${ev.name}`));
    agree(engines, (e) => e.queued(), 'queued');
    const batch = agree(engines, (e) => e.nextBatch(T0 + 30), 'batch').answer;
    const sent = JSON.parse(batch.slice(batch.indexOf(' ') + 1)).events;
    assert.deepEqual(sent.map((e) => [e.name, e.properties]), [['wishlist_added', { count: 3, list: 'gifts' }], ['wishlist_added', {}]]);
  });

  test("a CMP's own decoding (TCData, GPP ping data): the same decisions and coded errors", () => {
    const tcData = (consents) => ({
      cmpStatus: 'loaded', eventStatus: 'useractioncomplete', gdprApplies: true, tcString: 'CQ-not-decoded-here',
      purpose: { consents, legitimateInterests: {} }, vendor: { consents: { 901: true }, legitimateInterests: {} },
      publisher: { consents: {}, legitimateInterests: {}, restrictions: {} },
    });
    const cases = [
      { tcData: tcData({ 1: true, 7: true, 8: true, 9: true, 10: true }) },
      { tcData: tcData({ 1: true }) },
      { tcData: { cmpStatus: 'error' } },
      { tcData: { cmpStatus: 'loaded', eventStatus: 'cmpuishown', gdprApplies: true } },
      { tcData: { cmpStatus: 'loaded', eventStatus: 'tcloaded', gdprApplies: false }, manual: { analytics: true } },
      { gppData: { cmpStatus: 'loaded', signalStatus: 'ready', parsedSections: { usnat: { SaleOptOut: 2, SharingOptOut: 2 } } }, manual: { analytics: true, marketing: true } },
      { gppData: { cmpStatus: 'loaded', signalStatus: 'ready', parsedSections: { uspv1: { OptOutSale: 'Y' } } }, manual: { analytics: true, marketing: true } },
      { gppData: { cmpStatus: 'loaded', signalStatus: 'not ready', parsedSections: {} } },
      { tcData: 'nope' },
    ];
    const options = JSON.stringify({ endpoint: CUSTOM.endpoint, consent: { tcfVendorId: 901 } });
    for (const signals of cases) {
      const engines = pair(options);
      agree(engines, (e) => e.setSignals(JSON.stringify(signals), T0), `signals ${JSON.stringify(signals).slice(0, 120)}`);
      agree(engines, (e) => e.consent(), `consent after ${JSON.stringify(signals).slice(0, 120)}`);
    }
    const page = new PageEngine(options);
    page.setSignals(JSON.stringify(cases[0]), T0);
    assert.deepEqual(JSON.parse(page.consent()), { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'tcf', sources: { analytics: 'tcf', marketing: 'tcf', preferences: 'tcf', saleOfData: 'tcf' } }, 'analytics from the TCData');
  });
});
