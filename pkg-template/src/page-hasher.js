//! identify()'s hasher for the script tag (`src/page.rs`, `ts_hash_member`): the same
//! `hashIdentifyMember` as wasm-bindgen's export in the npm entries. Bundled as
//! `tracksafe_hasher.js`, which `tracksafe.js` imports on the first identify() call.

import { answer, input, wasm } from './page-wasm.js';

export { default, initSync } from './page-wasm.js';

/**
 * Normalizes and hashes one member `key: value` of an `identify({ … })` object under `profile`;
 * returns `"<field>:<hex digest>"`, or `undefined` for a null or undefined value. Throws the coded
 * errors of identify(); no message carries the value it was given.
 */
export function hashIdentifyMember(key, value, profile) {
  // The value's kind as the core's `MemberValue` has it: text, number, absent or other.
  const kind = typeof value === 'string' ? 0 : typeof value === 'number' ? 1 : value == null ? 2 : 3;
  const [k, p, v] = input([String(key), String(profile), kind === 0 ? value : '']);
  return answer(wasm.ts_hash_member(k + p + v, k, p, kind, kind === 1 ? value : 0));
}
