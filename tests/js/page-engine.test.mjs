// The script tag's lean wasm (`tracksafe_lean_bg.wasm`) against the npm Engine: the shared
// agreement tests, and the custom options it leaves out refused with a coded error that names the
// build that has them (the script tag loads that one for such options; see runtime.test.mjs).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { engineSuite, NpmEngine, PageEngine } from './page-engine-suite.mjs';

engineSuite('tracksafe_lean_bg.wasm');

describe('the lean wasm leaves the custom options out', () => {
  const base = { endpoint: 'https://collect.shop.example/collect', site: 'shop' };
  const cases = [
    ['options.customEvents', { customEvents: { wishlist_added: { purposes: ['analytics'] } } }],
    ['options.customEvents', { customEvents: {} }],
    ['consent.oneTrustGroups', { consent: { oneTrustGroups: { analytics: 'C0009' } } }],
    ['consent.cookiebotCategories', { consent: { cookiebotCategories: { analytics: 'stats' } } }],
  ];
  for (const [what, extra] of cases) {
    test(`${what}: INVALID_OPTIONS naming tracksafe_custom_bg.wasm, where the npm Engine accepts it`, () => {
      const options = JSON.stringify({ ...base, ...extra });
      assert.doesNotThrow(() => new NpmEngine(options));
      assert.throws(() => new PageEngine(options), (err) => {
        assert.equal(err.name, 'TypeError');
        assert.equal(err.code, 'INVALID_OPTIONS');
        assert.equal(err.message, `invalid options: ${what} needs the build with custom options (tracksafe_custom_bg.wasm); this one leaves them out`);
        return true;
      });
    });
  }

  test('null custom options read as absent, as in every build', () => {
    const options = JSON.stringify({ ...base, customEvents: null, consent: { oneTrustGroups: null, cookiebotCategories: null } });
    assert.equal(new PageEngine(options).settings(), new NpmEngine(options).settings());
  });
});
