//! The `browser` (and `default`) entry, bundled as `browser.js`: the `Tracker` on the script tag's
//! extended wasm (`tracksafe_extended_bg.wasm`, fetched beside this file and compiled while it
//! streams in: a `Tracker`'s options and the CMP it reads are known only after the import), with
//! identify()'s hasher loaded on its first call. The free functions (decoders, hashing,
//! minimizer) are the `tracksafe/full` entry's, so a page that only tracks does not load them.
//! No RNG, storage or network use happens at import but the wasm's fetch.

import init from './tracksafe_core.js';
import { lazyHasher } from './page-hasher-loader.js';
import { setIdentifyHasher } from './runtime.js';

// Each file's URL is written `new URL('./file', import.meta.url)`, the form bundlers (Vite,
// webpack, Parcel) recognise: a theme's bundle then carries the three files along with it.
await init({ module_or_path: new URL('./tracksafe_extended_bg.wasm', import.meta.url) });
setIdentifyHasher(lazyHasher(new URL('./tracksafe_hasher.js', import.meta.url), new URL('./tracksafe_hasher_bg.wasm', import.meta.url)));

export { Tracker } from './runtime.js';
