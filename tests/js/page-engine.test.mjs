// The script tag's lean wasm (`tracksafe_lean_bg.wasm`) against the npm Engine: the shared
// agreement tests, and what it leaves out (a CMP's own decoding, custom options) refused with a
// coded error that names the build that has it (the script tag loads that one on such pages; see
// runtime.test.mjs and consent.test.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engineSuite, NpmEngine, PageEngine } from './page-engine-suite.mjs';

engineSuite('tracksafe_lean_bg.wasm');

describe('the lean wasm leaves a CMP\'s own decoding and the custom options out', () => {
  const base = { endpoint: 'https://collect.shop.example/collect', site: 'shop' };
  const cases = [
    ['options.customEvents', { customEvents: { wishlist_added: { purposes: ['analytics'] } } }],
    ['options.customEvents', { customEvents: {} }],
    ['consent.oneTrustGroups', { consent: { oneTrustGroups: { analytics: 'C0009' } } }],
    ['consent.cookiebotCategories', { consent: { cookiebotCategories: { analytics: 'stats' } } }],
  ];
  for (const [what, extra] of cases) {
    test(`${what}: INVALID_OPTIONS naming tracksafe_extended_bg.wasm, where the npm Engine accepts it`, () => {
      const options = JSON.stringify({ ...base, ...extra });
      assert.doesNotThrow(() => new NpmEngine(options));
      assert.throws(() => new PageEngine(options), (err) => {
        assert.equal(err.name, 'TypeError');
        assert.equal(err.code, 'INVALID_OPTIONS');
        assert.equal(err.message, `invalid options: ${what} needs the extended build (tracksafe_extended_bg.wasm); this one leaves it out`);
        return true;
      });
    });
  }

  for (const [key, data] of [['tcData', { cmpStatus: 'loaded', eventStatus: 'tcloaded', gdprApplies: false }], ['gppData', { cmpStatus: 'loaded', signalStatus: 'ready', parsedSections: {} }]]) {
    test(`signals.${key}: INVALID_ARGUMENT naming tracksafe_extended_bg.wasm, and consent stays undecided`, () => {
      const page = new PageEngine(JSON.stringify(base));
      assert.throws(() => page.setSignals(JSON.stringify({ manual: { analytics: true }, [key]: data }), 1), (err) => {
        assert.equal(err.name, 'TypeError');
        assert.equal(err.code, 'INVALID_ARGUMENT');
        assert.equal(err.message, `invalid argument: signals.${key} needs the extended build (tracksafe_extended_bg.wasm); this one leaves it out`);
        return true;
      });
      assert.equal(page.consent(), 'null', 'nothing decided');
    });
  }

  test('null custom options read as absent, as in every build', () => {
    const options = JSON.stringify({ ...base, customEvents: null, consent: { oneTrustGroups: null, cookiebotCategories: null } });
    assert.equal(new PageEngine(options).settings(), new NpmEngine(options).settings());
  });
});
