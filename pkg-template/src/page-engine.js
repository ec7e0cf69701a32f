//! The script tag's glue to its wasm (`src/page.rs`, no wasm-bindgen): instantiates it with the
//! browser's functions as imports and wraps its numeric exports in the `Engine` class the runtime
//! drives, with the same methods, answers and coded errors as wasm-bindgen's class in the npm
//! entries. Bundled into `tracksafe.js` only; the npm package does not ship it.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const ALPHABETIC = /\p{Alphabetic}/u;
const ALPHANUMERIC = /[\p{Alphabetic}\p{N}]/u;

let wasm = null;
let view = null;

/** The wasm memory's bytes (a view detaches, length 0, when the memory grows). */
function bytes() {
  if (view === null || view.byteLength === 0) view = new Uint8Array(wasm.memory.buffer);
  return view;
}

function read(ptr, len) {
  return decoder.decode(bytes().subarray(ptr, ptr + len));
}

/** Writes `text` as UTF-8 into the room `alloc(n)` gives (n: the most bytes it can take). */
function write(alloc, text) {
  const room = text.length * 3;
  const at = alloc(room);
  return encoder.encodeInto(text, bytes().subarray(at, at + room)).written;
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
 * `Response`, bytes or a `WebAssembly.Module`. Idempotent.
 */
export default async function init({ module_or_path: source }) {
  if (wasm) return wasm;
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

/** A call's answer: its text, `undefined`, or the core's coded error thrown. */
function answer(status) {
  if (status === -1) return undefined;
  const text = read(wasm.ts_output(), status >= 0 ? status : wasm.ts_output_len());
  if (status >= 0) return text;
  const space = text.indexOf(' ');
  const err = new (status === -2 ? TypeError : RangeError)(text.slice(space + 1));
  err.code = text.slice(0, space);
  throw err;
}

/** The tracker core (`crate::tracker::engine`); method numbers as in `src/page.rs`. */
export class Engine {
  constructor(optionsJson) {
    const handle = wasm.ts_new(write(wasm.ts_input, optionsJson));
    if (handle < 0) answer(handle);
    this._handle = handle;
  }

  /**
   * Method `op` on `text` and the numbers `a..d`. With `first`, the two strings go back to back
   * and `b` becomes the byte length of `first` (where `text` starts).
   */
  _call(op, text = '', a = 0, b = 0, c = 0, d = 0, first = null) {
    const room = ((first === null ? 0 : first.length) + text.length) * 3;
    const at = wasm.ts_input(room);
    const mem = bytes();
    let len = 0;
    if (first !== null) b = len = encoder.encodeInto(first, mem.subarray(at, at + room)).written;
    len += encoder.encodeInto(text, mem.subarray(at + len, at + room)).written;
    return answer(wasm.ts_call(this._handle, op, len, a, b, c, d));
  }

  settings() { return this._call(0); }
  track(eventJson, now) { return this._call(1, eventJson, now); }
  identifyHashed(digestsJson) { return this._call(2, digestsJson); }
  identifiers() { return this._call(3); }
  setConsent(consentJson, source, now) { return this._call(4, consentJson, now, 0, 0, 0, source); }
  setSignals(signalsJson, now) { return this._call(5, signalsJson, now); }
  consent() { return this._call(6); }
  restoreIdentity(visitor, session, now) {
    // No visitor (or no session) cookie is a negative number.
    this._call(7, session ?? '', now, -1, session == null ? -1 : 0, 0, visitor ?? null);
  }
  identity(now) { return this._call(8, '', now); }
  nextBatch(now) { return this._call(9, '', now); }
  settle(id, status, retryAfterS, attempt) { return this._call(10, '', retryAfterS ?? NaN, id, status, attempt); }
  forget(now) { return this._call(11, '', now); }
  queued() { return this._call(12); }
  persisted() { return this._call(13); }
  restoreQueue(text, now) { return Number(this._call(14, text, now)); }
  free() { wasm.ts_free(this._handle); }
}
