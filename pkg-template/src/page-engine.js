//! The lean wasm's `Engine` for the script tag (`src/page.rs`): the class the runtime drives, with
//! the same methods, answers and coded errors as wasm-bindgen's class in the npm entries. Bundled
//! into `tracksafe.js` as its `tracksafe_core.js`.

import { answer, input, wasm, write } from './page-wasm.js';

export { default, initSync } from './page-wasm.js';

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
    let len;
    if (first === null) {
      len = write(wasm.ts_input, text);
    } else {
      const [head, tail] = input([first, text]);
      b = head;
      len = head + tail;
    }
    return answer(wasm.ts_call(this._handle, op, len, a, b, c, d));
  }

  settings() { return this._call(0); }
  track(eventJson, now) { return this._call(1, eventJson, now); }
  identifyHashed(digestsJson) { return this._call(2, digestsJson); }
  identifiers() { return this._call(3); }
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
