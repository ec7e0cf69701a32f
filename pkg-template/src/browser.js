//! The `browser` (and `default`) entry: fetches and compiles the wasm beside this file
//! (streaming), then exports the API. No RNG, storage or network use happens at import.

import init from './tracksafe_core.js';

await init({ module_or_path: new URL('./tracksafe_browser_bg.wasm', import.meta.url) });

export { Tracker } from './runtime.js';
export * from './functions.js';
