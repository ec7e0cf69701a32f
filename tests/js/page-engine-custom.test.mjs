// The script tag's custom wasm (`tracksafe_custom_bg.wasm`: the lean one with custom event
// declarations and CMP group ids, also what `browser.js` loads) against the npm Engine: the shared
// agreement tests, then the custom options themselves, accepted, refused and applied alike.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { agree, both, engineSuite, NpmEngine, PageEngine, pair, T0 } from './page-engine-suite.mjs';

engineSuite('tracksafe_custom_bg.wasm');

const CUSTOM = {
  endpoint: 'https://collect.shop.example/collect',
  site: 'shop',
  customEvents: {
    wishlist_added: { purposes: ['analytics'], properties: { count: { type: 'integer', min: 0, max: 100 }, list: { type: 'id', maxLength: 16 } } },
    gift_wrapped: { purposes: ['marketing'], properties: { note: { type: 'string', maxLength: 40 } } },
  },
  consent: { oneTrustGroups: { analytics: 'C0009', marketing: ['C0004', 'C0010'] }, cookiebotCategories: { analytics: 'stats' } },
};

describe('the custom wasm reads the custom options as the npm Engine does', () => {
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
});
