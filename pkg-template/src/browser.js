//! The `browser` (and `default`) entry: fetches and compiles the wasm beside this file
//! (streaming), then exports the API. No RNG, storage or network use happens at import.

import init, { hashIdentifyMember } from './tracksafe_core.js';
import { hashMembers, setIdentifyHasher } from './runtime.js';

await init({ module_or_path: new URL('./tracksafe_browser_bg.wasm', import.meta.url) });
setIdentifyHasher((members, profile) => hashMembers(members, profile, hashIdentifyMember));

export { Tracker } from './runtime.js';
export * from './functions.js';
