//! The `browser` (and `default`) entry: fetches and compiles the wasm beside this file
//! (streaming), then exports the API. No RNG, storage or network use happens at import.

import init, { hashIdentifyFields } from './tracksafe_core.js';
import { setIdentifyHasher } from './runtime.js';

await init({ module_or_path: new URL('./tracksafe_browser_bg.wasm', import.meta.url) });
setIdentifyHasher(hashIdentifyFields);

export { Tracker } from './runtime.js';
export * from './functions.js';
