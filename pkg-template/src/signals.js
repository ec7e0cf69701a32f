//! Reads the page's consent signals — `__tcfapi`, `__gpp`, `navigator.globalPrivacyControl`,
//! `window.Shopify.customerPrivacy`, Google Consent Mode in `dataLayer`, the CMP cookies — and
//! hands them to the core on every change. It only reads and forwards: whether the signals are
//! enough for a decision, and what they decide, is the wasm core's (Engine.setSignals).

const CONSENT_MODE_KEYS = ['analytics_storage', 'ad_storage', 'ad_user_data', 'ad_personalization'];
const OWN_COOKIE = /^_ts_/;

/**
 * Starts watching the enabled `sources`. `apply(signals)` is called with the current signals
 * after every change; `fail(err)` gets what a watcher could not apply.
 * @returns {{ setManual(consent: object): unknown, refresh(): void }}
 */
export function watchSignals(sources, apply, fail) {
  const on = new Set(sources);
  const w = typeof window !== 'undefined' ? window : undefined;
  const state = {};
  const waiting = new Set();
  let last = null;

  const snapshot = (patch) => {
    const s = { ...state, ...patch };
    if (w) {
      if (on.has('gpc') && w.navigator && w.navigator.globalPrivacyControl === true) s.gpc = true;
      if (on.has('cookies')) s.cookies = readCookies();
      if (on.has('shopify')) s.shopify = readShopify(w);
    }
    if (waiting.size) s.waiting = [...waiting];
    return s;
  };
  const refresh = () => {
    try {
      const s = snapshot();
      const text = JSON.stringify(s);
      if (text === last) return;
      last = text;
      apply(s);
    } catch (err) {
      fail(err);
    }
  };
  const update = (patch) => {
    Object.assign(state, patch);
    refresh();
  };

  if (w) {
    if (on.has('tcf')) watchTcf(w, update, waiting);
    if (on.has('gpp')) watchGpp(w, update, waiting);
    if (on.has('consentMode')) {
      const cm = watchConsentMode(w, (consentMode) => update({ consentMode }));
      if (cm) state.consentMode = cm;
    }
    if (on.has('shopify') && typeof document !== 'undefined') document.addEventListener('visitorConsentCollected', refresh);
    if (on.has('cookies') && w.cookieStore && typeof w.cookieStore.addEventListener === 'function') {
      w.cookieStore.addEventListener('change', (e) => {
        const names = [...(e.changed ?? []), ...(e.deleted ?? [])].map((c) => c.name);
        if (names.some((n) => !OWN_COOKIE.test(n))) refresh();
      });
    }
  }
  refresh();

  return {
    /** `setConsent()`: a manual signal. Throws (and keeps the old one) when the core refuses it. */
    setManual(consent) {
      if (consent === null || typeof consent !== 'object' || Array.isArray(consent)) {
        const err = new TypeError('setConsent takes an object of booleans');
        err.code = 'INVALID_ARGUMENT';
        throw err;
      }
      const s = snapshot({ manual: consent });
      const out = apply(s);
      state.manual = consent;
      last = JSON.stringify(s);
      return out;
    },
    refresh,
  };
}

function readCookies() {
  try {
    return document.cookie;
  } catch {
    return '';
  }
}

/** Shopify Customer Privacy API: the visitor's own choices ('yes' / 'no' / '' = silent). */
function readShopify(w) {
  const cp = w.Shopify && w.Shopify.customerPrivacy;
  if (!cp) return undefined;
  try {
    if (typeof cp.currentVisitorConsent === 'function') {
      const c = cp.currentVisitorConsent() || {};
      const yes = (v) => (v === 'yes' ? true : v === 'no' ? false : undefined);
      return { analytics: yes(c.analytics), marketing: yes(c.marketing), preferences: yes(c.preferences), saleOfData: yes(c.sale_of_data) };
    }
    const allowed = (f) => (typeof cp[f] === 'function' ? cp[f]() === true : undefined);
    return {
      analytics: allowed('analyticsProcessingAllowed'),
      marketing: allowed('marketingAllowed'),
      preferences: allowed('preferencesProcessingAllowed'),
      saleOfData: allowed('saleOfDataAllowed'),
    };
  } catch {
    return { analytics: false, marketing: false, preferences: false, saleOfData: false };
  }
}

/** `__tcfapi('addEventListener', 2, cb)`: TCData on load and on every user action. */
function watchTcf(w, update, waiting) {
  if (typeof w.__tcfapi !== 'function') return;
  waiting.add('tcf');
  const take = (tcData, success) => {
    waiting.delete('tcf');
    if (!success || !tcData || typeof tcData !== 'object') return update({ tcData: { cmpStatus: 'error' } });
    const p = tcData.publisher ?? {};
    update({
      tcString: typeof tcData.tcString === 'string' && tcData.tcString !== '' ? tcData.tcString : undefined,
      tcData: {
        gdprApplies: tcData.gdprApplies,
        eventStatus: tcData.eventStatus,
        cmpStatus: tcData.cmpStatus,
        purpose: tcData.purpose,
        vendor: tcData.vendor,
        publisher: { consents: p.consents, legitimateInterests: p.legitimateInterests, restrictions: p.restrictions },
      },
    });
  };
  try {
    w.__tcfapi('addEventListener', 2, take);
  } catch {
    take(null, false);
  }
}

/** `__gpp('addEventListener', cb)`: ping data with the parsed sections on every change. */
function watchGpp(w, update, waiting) {
  if (typeof w.__gpp !== 'function') return;
  waiting.add('gpp');
  const take = (event, success) => {
    const ping = event && event.pingData;
    if (!success || !ping) {
      waiting.delete('gpp');
      return update({ gppData: { cmpStatus: 'error' } });
    }
    waiting.delete('gpp');
    update({
      gppString: typeof ping.gppString === 'string' && ping.gppString !== '' ? ping.gppString : undefined,
      gppData: { cmpStatus: ping.cmpStatus, signalStatus: ping.signalStatus, parsedSections: ping.parsedSections ?? {} },
    });
  };
  try {
    w.__gpp('addEventListener', take);
  } catch {
    take(null, false);
  }
}

/**
 * Google Consent Mode: `['consent', 'default' | 'update', {...}]` entries of `dataLayer` (gtag
 * pushes `arguments` objects), then every later push. Defaults count once an update arrived.
 */
function watchConsentMode(w, changed) {
  const dl = Array.isArray(w.dataLayer) ? w.dataLayer : (w.dataLayer = []);
  const merged = {};
  let updated = false;
  const read = (entry) => {
    if (!entry || typeof entry !== 'object' || entry[0] !== 'consent') return false;
    const [, kind, values] = entry;
    if ((kind !== 'default' && kind !== 'update') || !values || typeof values !== 'object') return false;
    if (kind === 'default' && values.region !== undefined) return false; // region-scoped defaults
    for (const k of CONSENT_MODE_KEYS) if (typeof values[k] === 'string') merged[k] = values[k];
    if (kind === 'update') updated = true;
    return true;
  };
  for (const entry of dl) read(entry);
  const push = dl.push;
  dl.push = function (...items) {
    const out = push.apply(this, items);
    let seen = false;
    for (const item of items) seen = read(item) || seen;
    if (seen && updated) changed({ ...merged });
    return out;
  };
  return updated ? { ...merged } : undefined;
}
