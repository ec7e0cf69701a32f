//! The `node` entry: compiles the wasm beside this file synchronously, then exports the API.

import { readFileSync } from 'node:fs';
import { hashIdentifyFields, initSync } from './tracksafe_core.js';
import { setIdentifyHasher } from './runtime.js';

const instance = initSync({ module: readFileSync(new URL('./tracksafe_bg.wasm', import.meta.url)) });
setIdentifyHasher(hashIdentifyFields);

/** Bytes of linear memory the wasm module holds now (it only grows; for memory benchmarks). */
export function memoryBytes() {
  return instance.memory.buffer.byteLength;
}

export { Tracker } from './runtime.js';
export { createCollector } from './collector.js';
export * from './functions.js';
