//! The `workerd` entry: Workers cannot compile wasm from bytes, so the module is imported as a
//! `WebAssembly.Module` and instantiated on first use (never at top level).

import wasmModule from './tracksafe_bg.wasm';
import { initSync } from './tracksafe_core.js';
import { setInit } from './collector.js';

setInit(() => initSync({ module: wasmModule }));

export { createCollector } from './collector.js';
export * from './functions.js';
