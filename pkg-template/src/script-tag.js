//! The script-tag build (`tracksafe.js`): defines a buffered `window.tracksafe` at once, loads the
//! wasm beside this file (streaming compile, off the main thread) and replays the buffered calls.
//! Of its two lean wasm files it loads the smaller, `tracksafe_lean_bg.wasm`, unless the page needs
//! what only `tracksafe_extended_bg.wasm` reads (see `needsExtended`).
//! If anything fails to load, every call resolves as dropped: tracking stays off.

import init from './tracksafe_core.js';
import { lazyHasher } from './page-hasher-loader.js';
import { Tracker, setIdentifyHasher } from './runtime.js';

const METHODS = ['track', 'page', 'identify', 'setConsent', 'consent', 'inspect', 'forget', 'flush', 'debug'];

(function boot() {
  if (typeof window === 'undefined' || (window.tracksafe && window.tracksafe.__tracksafe)) return;
  const script = document.currentScript;
  const buffered = [];
  const api = { __tracksafe: true, ready: null };
  for (const m of METHODS) {
    api[m] = (...args) => new Promise((resolve, reject) => buffered.push([m, args, resolve, reject]));
  }
  // A snippet may have queued calls as `window.tracksafe = [[name, ...args], ...]` before we loaded.
  const early = Array.isArray(window.tracksafe) ? window.tracksafe : [];
  for (const [m, ...args] of early) if (METHODS.includes(m)) buffered.push([m, args, () => {}, () => {}]);
  window.tracksafe = api;

  const src = script && script.src ? script.src : location.href;
  const options = optionsFrom(script);
  setIdentifyHasher(lazyHasher(new URL('tracksafe_hasher.js', src), new URL('tracksafe_hasher_bg.wasm', src)));
  const wasm = (extended) => new URL(extended ? 'tracksafe_extended_bg.wasm' : 'tracksafe_lean_bg.wasm', src);
  const extended = needsExtended(options);
  api.ready = init({ module_or_path: wasm(extended) })
    // A CMP whose API appeared while the lean wasm loaded (its stub ran after this async script):
    // the extended wasm replaces it before any Tracker runs on it.
    .then(() => !extended && needsExtended(options) && init({ module_or_path: wasm(true), replace: true }))
    .then(() => {
      const tracker = new Tracker(options);
      for (const m of METHODS) api[m] = tracker[m].bind(tracker);
      api.tracker = tracker;
      for (const [m, args, resolve, reject] of buffered.splice(0)) {
        try {
          Promise.resolve(tracker[m](...args)).then(resolve, reject);
        } catch (err) {
          reject(err);
        }
      }
      return true;
    })
    .catch((err) => {
      console.error('[tracksafe] not loaded; tracking is off', err);
      const off = () => Promise.resolve({ status: 'dropped', reason: 'tracker_unavailable' });
      for (const m of METHODS) api[m] = off;
      for (const [, , resolve] of buffered.splice(0)) resolve({ status: 'dropped', reason: 'tracker_unavailable' });
      return false;
    });
})();

/**
 * Whether the page needs the extended wasm (Cargo feature `extended`): for custom event
 * declarations, OneTrust/Cookiebot group ids, or a TCF/GPP CMP's API that the tracker will read
 * (`__tcfapi`, `__gpp`, watched when the Tracker starts). The lean wasm refuses all three with a
 * coded error, so a page given the wrong file tracks nothing rather than something else.
 */
function needsExtended(options) {
  // `null` reads as absent (the core's option reader), so it needs nothing more.
  const c = options.consent !== null && typeof options.consent === 'object' ? options.consent : {};
  const sources = Array.isArray(c.sources) ? c.sources : ['tcf', 'gpp'];
  const cmp = (sources.includes('tcf') && typeof window.__tcfapi === 'function') || (sources.includes('gpp') && typeof window.__gpp === 'function');
  return cmp || options.customEvents != null || c.oneTrustGroups != null || c.cookiebotCategories != null;
}

/** Reads `data-*` attributes of the script tag into the camelCase options object (JSON for objects). */
function optionsFrom(script) {
  const options = {};
  if (!script) return options;
  for (const [key, raw] of Object.entries(script.dataset)) {
    // `data-consent='{"tcfVendorId":901}'`: object and array options are JSON.
    options[key] = raw === 'true' ? true : raw === 'false' ? false : /^\d+$/.test(raw) ? Number(raw) : /^[[{]/.test(raw) ? JSON.parse(raw) : raw;
  }
  return options;
}
