// minimizeEvent, scrubUrl and redactText from the built package (pkg/node.js): they behave as the
// core (the leak and clean corpora of the native tests, driven through the JS API), throw TypeErrors
// with codes for caller mistakes, and return plain JSON-able objects.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { minimizeEvent, redactText, scrubUrl } from '../../pkg/node.js';
import { clean, CUSTOM_EVENTS, encodings, formEncode, leaks, pii, placements, strings, urlEncode } from '../support/corpus.mjs';

const ALL = { analytics: true, marketing: true, preferences: true, saleOfData: true };
const ANALYTICS = { consent: { analytics: true } };
const CHROME_UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

describe('the issue’s examples', () => {
  test('minimizeEvent keeps the schema, redacts strings, scrubs the context', () => {
    const out = minimizeEvent(
      {
        name: 'search_submitted',
        properties: { query: 'red shoes size 42 jane@example.com', results_count: 3, email: 'jane@example.com' },
        context: {
          url: 'https://jane:pw@Shop.example/search/jane%40example.com?q=jane%40example.com&utm_source=news&gclid=x1#jane@example.com',
          referrer: 'https://mail.example/inbox?u=jane@example.com',
          title: 'Results for jane@example.com',
          userAgent: CHROME_UA,
          geo: { country: 'DE', region: 'BE', city: 'Berlin', ip: '203.0.113.9' },
          ip: '203.0.113.9',
        },
      },
      ANALYTICS,
    );
    assert.deepEqual(out, {
      event: {
        name: 'search_submitted',
        properties: { query: 'red shoes size 42 [email]', results_count: 3 },
        context: {
          url: 'https://shop.example/search/[email]?utm_source=news',
          referrer: 'https://mail.example',
          title: 'Results for [email]',
          device: { class: 'desktop', browser: 'chrome', major: 124 },
          geo: { country: 'DE', region: 'BE' },
        },
      },
      dropped: ['properties.email', 'context.geo.city', 'context.geo.ip', 'context.ip'],
      redacted: ['properties.query', 'context.url', 'context.referrer', 'context.title', 'context.userAgent'],
    });
  });

  test('scrubUrl keeps scheme, host, path and allowlisted parameters; click ids only with marketing', () => {
    const url = 'https://shop.example/account/jane%40example.com/orders?utm_source=news&email=a%40b.co&gclid=x1#top';
    assert.equal(scrubUrl(url, ANALYTICS), 'https://shop.example/account/[email]/orders?utm_source=news');
    assert.equal(scrubUrl(url, { consent: { analytics: true, marketing: true } }), 'https://shop.example/account/[email]/orders?utm_source=news&gclid=x1');
    assert.equal(scrubUrl(url), 'https://shop.example/account/[email]/orders?utm_source=news', 'no options: marketing denied');
    assert.equal(scrubUrl('https://shop.example/?ref=x&utm_source=y', { queryAllowlist: ['ref'] }), 'https://shop.example/?ref=x');
    assert.equal(scrubUrl('javascript:alert(1)'), '');
  });

  test('redactText replaces each kind with its placeholder and keeps shop strings', () => {
    const cases = [
      ['mail J.Doe+shop@Example.COM now', 'mail [email] now'],
      ['call (555) 123-4567', 'call [phone]'],
      ['card 4111 1111 1111 1111', 'card [card]'],
      ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN [iban]'],
      ['ssn 123-45-6789', 'ssn [ssn]'],
      ['from 203.0.113.9', 'from [ip]'],
      ['SKU-2024-00017, order #1001, size 42, €19.99', 'SKU-2024-00017, order #1001, size 42, €19.99'],
    ];
    for (const [input, want] of cases) assert.equal(redactText(input), want, input);
  });
});

describe('consent and options', () => {
  const ev = { name: 'product_viewed', properties: { product_id: 'p-1' } };

  test('a missing purpose is denied: no consent, no event (denial is data)', () => {
    for (const options of [undefined, {}, { consent: {} }, { consent: { marketing: true } }, { consent: { analytics: false } }]) {
      assert.deepEqual(minimizeEvent(ev, options), { event: null, reason: 'no_consent', dropped: [], redacted: [] }, JSON.stringify(options));
    }
  });

  test('an undeclared event is refused; a declared custom event is minimized by its schema', () => {
    const wish = { name: 'wishlist_added', properties: { note: 'for jane@example.com', count: 2, extra: 1 } };
    assert.equal(minimizeEvent(wish, ANALYTICS).reason, 'unknown_event');
    const out = minimizeEvent(wish, { ...ANALYTICS, customEvents: CUSTOM_EVENTS });
    assert.deepEqual(out.event, { name: 'wishlist_added', properties: { note: 'for [email]', count: 2 } });
    assert.deepEqual(out.dropped, ['properties.extra']);
  });

  test('queryAllowlist replaces the utm_* default in context.url', () => {
    const page = { name: 'page_viewed', context: { url: 'https://shop.example/?ref=abc&utm_source=x' } };
    assert.equal(minimizeEvent(page, ANALYTICS).event.context.url, 'https://shop.example/?utm_source=x');
    assert.equal(minimizeEvent(page, { ...ANALYTICS, queryAllowlist: ['ref'] }).event.context.url, 'https://shop.example/?ref=abc');
  });

  test('the result is a fixed point: minimizing it again changes nothing', () => {
    for (const [, event] of placements('jane.doe@example.com')) {
      const once = minimizeEvent(event, { consent: ALL, customEvents: CUSTOM_EVENTS });
      if (!once.event) continue;
      const twice = minimizeEvent(once.event, { consent: ALL, customEvents: CUSTOM_EVENTS });
      assert.deepEqual(twice.event, once.event);
      assert.deepEqual(twice.redacted, []);
    }
  });
});

describe('caller mistakes throw with a code', () => {
  const cases = [
    ['unknown consent purpose', () => minimizeEvent({ name: 'page_viewed' }, { consent: { analytic: true } }), 'INVALID_ARGUMENT'],
    ['non-boolean consent', () => minimizeEvent({ name: 'page_viewed' }, { consent: { analytics: 'yes' } }), 'INVALID_ARGUMENT'],
    ['consent not an object', () => scrubUrl('https://shop.example/', { consent: true }), 'INVALID_ARGUMENT'],
    ['unknown option', () => minimizeEvent({ name: 'page_viewed' }, { consentt: {} }), 'INVALID_OPTIONS'],
    ['customEvents on scrubUrl', () => scrubUrl('https://shop.example/', { customEvents: {} }), 'INVALID_OPTIONS'],
    ['bad custom schema', () => minimizeEvent({ name: 'page_viewed' }, { customEvents: { x: { properties: { n: { type: 'float' } } } } }), 'INVALID_OPTIONS'],
    ['queryAllowlist not strings', () => scrubUrl('https://shop.example/', { queryAllowlist: [1] }), 'INVALID_OPTIONS'],
    ['options not an object', () => minimizeEvent({ name: 'page_viewed' }, 'analytics'), 'INVALID_OPTIONS'],
    ['event not an object', () => minimizeEvent('page_viewed', ANALYTICS), 'INVALID_EVENT'],
    ['event without a name', () => minimizeEvent({ properties: {} }, ANALYTICS), 'INVALID_EVENT'],
    ['properties not an object', () => minimizeEvent({ name: 'page_viewed', properties: [] }, ANALYTICS), 'INVALID_EVENT'],
    ['missing event', () => minimizeEvent(undefined, ANALYTICS), 'INVALID_EVENT'],
    ['event not JSON-serializable (BigInt)', () => minimizeEvent({ name: 'page_viewed', properties: { n: 1n } }, ANALYTICS), 'INVALID_ARGUMENT'],
    ['event not JSON-serializable (cycle)', () => { const e = { name: 'page_viewed' }; e.self = e; return minimizeEvent(e, ANALYTICS); }, 'INVALID_ARGUMENT'],
    ['url not a string', () => scrubUrl(new URL('https://shop.example/')), 'INVALID_ARGUMENT'],
    ['text not a string', () => redactText(42), 'INVALID_ARGUMENT'],
  ];
  for (const [what, call, code] of cases) {
    test(`${what} → TypeError ${code}`, () => {
      assert.throws(call, (err) => {
        assert.ok(err instanceof TypeError, `${err}`);
        assert.equal(err.code, code);
        assert.ok(err.message.length > 0);
        return true;
      });
    });
  }
});

describe('outputs are plain JSON-able values', () => {
  test('objects with Object.prototype, arrays, strings, numbers — nothing else', () => {
    const out = minimizeEvent(placements('x')[8][1], { consent: ALL });
    const walk = (v) => {
      if (Array.isArray(v)) return v.forEach(walk);
      if (v !== null && typeof v === 'object') {
        assert.equal(Object.getPrototypeOf(v), Object.prototype);
        return Object.values(v).forEach(walk);
      }
      assert.ok(['string', 'number', 'boolean'].includes(typeof v) || v === null, typeof v);
    };
    walk(out);
    assert.deepEqual(JSON.parse(JSON.stringify(out)), out);
    assert.deepEqual(structuredClone(out), out);
    assert.equal(typeof scrubUrl('https://shop.example/'), 'string');
    assert.equal(typeof redactText('x'), 'string');
  });
});

describe('the corpora through the JS API', () => {
  test('the leak check itself catches planted values in every form', () => {
    assert.equal(leaks('email', 'jane.doe@example.com', 'jane.doe%40example.com', ['u/JANE.DOE%2540example.com']).length, 1);
    assert.equal(leaks('phone', '+44 20 7946 0958', '+44 20 7946 0958', ['tel 442079460958']).length, 1);
    assert.equal(leaks('email', 'jane.doe@example.com', 'jane.doe@example.com', ['[email]', 'properties.email']).length, 0);
  });

  test('leak corpus: no planted value survives, in any encoding or place', () => {
    let cases = 0;
    const found = [];
    const options = { consent: ALL, customEvents: CUSTOM_EVENTS };
    for (const [kind, raw] of pii()) {
      for (const [enc, encode] of encodings(kind)) {
        const planted = encode(raw);
        for (const [place, event] of placements(planted)) {
          cases++;
          const out = minimizeEvent(event, options);
          const texts = [...out.dropped, ...out.redacted, ...strings(out.event)];
          for (const t of leaks(kind, raw, planted, texts)) found.push(`${kind}/${enc}/${place}: ${JSON.stringify(raw)} → ${JSON.stringify(t)}`);
        }
      }
    }
    console.log(`# leak corpus via minimizeEvent: ${cases} cases, ${found.length} leaks`);
    assert.ok(cases >= 300, `${cases} cases`);
    assert.deepEqual(found, []);
  });

  test('clean corpus: every shop string survives in text, properties, titles and URLs', () => {
    const lines = clean();
    const lost = [];
    for (const line of lines) {
      if (redactText(line) !== line) lost.push(`text: ${line}`);
      const ev = { name: 'product_viewed', properties: { name: line }, context: { title: line } };
      const out = minimizeEvent(ev, { consent: ALL });
      try {
        assert.deepEqual(out, { event: ev, dropped: [], redacted: [] });
      } catch {
        lost.push(`event: ${line} → ${JSON.stringify(out.event)}`);
      }
      const url = `https://shop.example/search/${urlEncode(line)}?utm_term=${formEncode(line)}`;
      if (scrubUrl(url, { consent: ALL }) !== url) lost.push(`url: ${line} → ${scrubUrl(url, { consent: ALL })}`);
    }
    console.log(`# clean corpus via the JS API: ${lines.length} strings × 3 checks, ${lost.length} over-redacted`);
    assert.ok(lines.length >= 200);
    assert.deepEqual(lost, []);
  });
});
