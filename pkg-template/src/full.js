//! The `tracksafe/full` entry for pages, bundled as `full.js`: the `Tracker` and every free
//! function (decoders, hashing, minimizer) on the browser wasm (`tracksafe_browser_bg.wasm`, no
//! edge collector), fetched beside this file and compiled while it streams in. No RNG, storage or
//! network use happens at import but the wasm's fetch.

import init, { hashIdentifyMember } from './tracksafe_core.js';
import { hashMembers, setIdentifyHasher } from './runtime.js';

await init({ module_or_path: new URL('./tracksafe_browser_bg.wasm', import.meta.url) });
setIdentifyHasher((members, profile) => hashMembers(members, profile, hashIdentifyMember));

export { Tracker } from './runtime.js';
export * from './functions.js';
