//! The script tag's glue to a wasm built with `page-abi` (`src/page.rs`, no wasm-bindgen): the
//! instantiation with the browser's functions as imports, and strings in and out of linear
//! memory. `page-engine.js` (the lean wasm's `Engine`) and `page-hasher.js` (identify()'s hasher)
//! build on it; each bundle holds its own copy, so each wasm its own instance. Bundled into
//! `tracksafe.js` and `tracksafe_hasher.js` only; the npm package does not ship these files.

export const encoder = new TextEncoder();
// `ignoreBOM`: a text that starts with U+FEFF keeps it (the default decoder drops it, and the core
// would then hash or redact another text than it was given); `fatal`: the core writes UTF-8 only.
const decoder = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true });
const ALPHABETIC = /\p{Alphabetic}/u;
const ALPHANUMERIC = /[\p{Alphabetic}\p{N}]/u;

/** The instance's exports, once instantiated. */
export let wasm = null;
let view = null;

/** The wasm memory's bytes (a view detaches, length 0, when the memory grows). */
export function bytes() {
  if (view === null || view.byteLength === 0) view = new Uint8Array(wasm.memory.buffer);
  return view;
}

function read(ptr, len) {
  return decoder.decode(bytes().subarray(ptr, ptr + len));
}

/** Writes `text` as UTF-8 into the room `alloc(n)` gives (n: the most bytes it can take). */
export function write(alloc, text) {
  const room = text.length * 3;
  const at = alloc(room);
  return encoder.encodeInto(text, bytes().subarray(at, at + room)).written;
}

/** Writes `parts` back to back into the wasm's input; returns each one's UTF-8 byte length. */
export function input(parts) {
  let room = 0;
  for (const p of parts) room += p.length * 3;
  const start = wasm.ts_input(room);
  const mem = bytes();
  let at = start;
  return parts.map((p) => {
    const { written } = encoder.encodeInto(p, mem.subarray(at, start + room));
    at += written;
    return written;
  });
}

// The browser's functions the core borrows (see src/host.rs); string answers go to `ts_host`.
const imports = {
  ts: {
    case: (ptr, len, upper) => write(wasm.ts_host, upper ? read(ptr, len).toUpperCase() : read(ptr, len).toLowerCase()),
    number: (ptr, len) => Number(read(ptr, len)),
    exponential: (v) => write(wasm.ts_host, v.toExponential()),
    unicode: (c, alphabeticOnly) => (alphabeticOnly ? ALPHABETIC : ALPHANUMERIC).test(String.fromCodePoint(c)),
    random: (ptr, len) => {
      try {
        // getRandomValues takes at most 65,536 bytes a call.
        for (let at = 0; at < len; at += 65536) crypto.getRandomValues(bytes().subarray(ptr + at, ptr + Math.min(len, at + 65536)));
        return true;
      } catch {
        return false;
      }
    },
  },
};

/**
 * Instantiates the wasm from `module_or_path`: a URL (fetched, compiled while it streams in), a
 * `Response`, bytes or a `WebAssembly.Module`. Idempotent, unless `replace` (the script tag's
 * switch to its extended wasm, before any Engine exists) asks for the new one.
 */
export default async function init({ module_or_path: source, replace = false }) {
  if (wasm && !replace) return wasm;
  let instance;
  if (source instanceof WebAssembly.Module) {
    instance = await WebAssembly.instantiate(source, imports);
  } else if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    ({ instance } = await WebAssembly.instantiate(source, imports));
  } else {
    const res = source instanceof Response ? source : await fetch(source);
    if (!res.ok) throw new Error(`tracksafe: the wasm answered ${res.status}`);
    // A server that sends the wasm without its MIME type still works, without streaming.
    ({ instance } = (res.headers.get('Content-Type') || '').startsWith('application/wasm')
      ? await WebAssembly.instantiateStreaming(res, imports)
      : await WebAssembly.instantiate(await res.arrayBuffer(), imports));
  }
  wasm = instance.exports;
  view = null;
  return wasm;
}

/** Instantiates the wasm from bytes or a `WebAssembly.Module` at once (Node tests, benches). */
export function initSync({ module }) {
  if (!wasm) {
    const compiled = module instanceof WebAssembly.Module ? module : new WebAssembly.Module(module);
    wasm = new WebAssembly.Instance(compiled, imports).exports;
  }
  return wasm;
}

/** A call's answer (`src/page.rs`): its text, `undefined`, or the core's coded error thrown. */
export function answer(status) {
  if (status === -1) return undefined;
  const text = read(wasm.ts_output(), status >= 0 ? status : wasm.ts_output_len());
  if (status >= 0) return text;
  const space = text.indexOf(' ');
  const err = new (status === -2 ? TypeError : RangeError)(text.slice(space + 1));
  err.code = text.slice(0, space);
  throw err;
}
