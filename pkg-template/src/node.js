//! The `node` entry: compiles the wasm beside this file synchronously, then exports the API.

import { readFileSync } from 'node:fs';
import { initSync } from './tracksafe_core.js';

initSync({ module: readFileSync(new URL('./tracksafe_bg.wasm', import.meta.url)) });

export { Tracker } from './runtime.js';
export { createCollector } from './collector.js';
export * from './functions.js';
