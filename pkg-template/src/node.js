//! The `node` entry: compiles the wasm beside this file synchronously, then exports the API.

import { readFileSync } from 'node:fs';
import { hashIdentifyMember, initSync } from './tracksafe_core.js';
import { hashMembers, setIdentifyHasher } from './runtime.js';

const instance = initSync({ module: readFileSync(new URL('./tracksafe_bg.wasm', import.meta.url)) });
setIdentifyHasher((members, profile) => hashMembers(members, profile, hashIdentifyMember));

/** Bytes of linear memory the wasm module holds now (it only grows; for memory benchmarks). */
export function memoryBytes() {
  return instance.memory.buffer.byteLength;
}

export { Tracker } from './runtime.js';
export { createCollector } from './collector.js';
export * from './functions.js';
