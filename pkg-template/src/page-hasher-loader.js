//! identify()'s hasher for the page builds on the lean wasm (the script tag and the `browser`
//! entry): `tracksafe_hasher.js` and its wasm, beside the file that loads them, fetched on the
//! first call. Most pages never identify a shopper, so they never load the hashing code.

import { hashMembers } from './runtime.js';

/**
 * The hasher for `setIdentifyHasher`, loading from beside `base` (a URL). A load that fails is
 * tried again by the next call. A hasher that fails in a call without a coded error (a trap: its
 * memory may be inconsistent) is not used again on this page: identify() then resolves as dropped.
 */
export function lazyHasher(base) {
  let loading = null;
  let broken = false;
  return (members, profile) => {
    if (broken) return Promise.reject(new Error('tracksafe: the identify hasher failed earlier'));
    loading ??= import(new URL('tracksafe_hasher.js', base).href)
      .then(async (m) => {
        await m.default({ module_or_path: new URL('tracksafe_hasher_bg.wasm', base) });
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
