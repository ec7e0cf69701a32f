//! identify()'s hasher for the page builds on the lean wasm (the script tag and the `browser`
//! entry): `tracksafe_hasher.js` and its wasm, fetched on the first call. Most pages never
//! identify a shopper, so they never load the hashing code.

import { hashMembers } from './runtime.js';

/**
 * The hasher for `setIdentifyHasher`, loading `tracksafe_hasher.js` from `script` and its wasm
 * from `wasm` (URLs). A load that fails is tried again by the next call. A hasher that fails in a
 * call without a coded error (a trap: its memory may be inconsistent) is not used again on this
 * page: identify() then resolves as dropped.
 */
export function lazyHasher(script, wasm) {
  let loading = null;
  let broken = false;
  return (members, profile) => {
    if (broken) return Promise.reject(new Error('tracksafe: the identify hasher failed earlier'));
    // The URL is the caller's: a bundler that meets this import leaves it to the browser.
    loading ??= import(/* webpackIgnore: true */ /* @vite-ignore */ script.href)
      .then(async (m) => {
        await m.default({ module_or_path: wasm });
        return m;
      })
      .catch((err) => {
        loading = null;
        throw err;
      });
    return loading.then((m) => {
      try {
        return hashMembers(members, profile, m.hashIdentifyMember);
      } catch (err) {
        if (!((err instanceof TypeError || err instanceof RangeError) && err.code)) broken = true;
        throw err;
      }
    });
  };
}
