//! Safe storage access and the persisted queue's I/O. Storage may be missing, blocked or throwing
//! (private modes, sandboxed frames, quota): every access here is guarded, and a failure means
//! "memory only", never an exception reaching the page.
//!
//! Each tab writes its queue to `localStorage["_ts_q.<tab id>"]` and holds the Web Lock
//! `tracksafe-tab-<tab id>` for its lifetime. A queue key whose tab lock nobody holds was left by
//! a tab that is gone: the next tab adopts it (under the `tracksafe-adopt` lock, so only one does).
//! Without Web Locks a tab uses the fixed id `default` and adopts only that key.

// Every cookie and storage key tracksafe writes starts with this prefix (inspect and forget rely on it).
export const PREFIX = '_ts_';
const QUEUE_PREFIX = '_ts_q.';
const TAB_LOCK = 'tracksafe-tab-';
// What `persisted()` returns for an empty queue (src/persist.rs `encode`): nothing worth a key.
const EMPTY_QUEUE = '{"v":1,"events":[]}';

function store(name) {
  try {
    const s = globalThis[name];
    return s === undefined ? null : s;
  } catch {
    return null;
  }
}

export function getItem(key) {
  try {
    return store('localStorage')?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

export function setItem(key, value) {
  try {
    store('localStorage')?.setItem(key, value);
  } catch {
    // Blocked or over quota: the queue lives in memory only.
  }
}

export function removeItem(key) {
  try {
    store('localStorage')?.removeItem(key);
  } catch {
    // Nothing stored, nothing to remove.
  }
}

function ownKeys(s) {
  const keys = [];
  try {
    for (let i = 0; i < s.length; i++) {
      const key = s.key(i);
      if (key !== null && key.startsWith(PREFIX)) keys.push(key);
    }
  } catch {
    // Storage throwing: nothing readable there.
  }
  return keys;
}

/** Every localStorage / sessionStorage key tracksafe wrote, `{ local: { key: value }, session: { … } }`. */
export function ownStorage() {
  const out = { local: {}, session: {} };
  for (const [label, name] of [['local', 'localStorage'], ['session', 'sessionStorage']]) {
    const s = store(name);
    if (!s) continue;
    for (const key of ownKeys(s)) {
      try {
        out[label][key] = s.getItem(key);
      } catch {
        // Unreadable: skipped.
      }
    }
  }
  return out;
}

/** Removes every `_ts_` key from localStorage and sessionStorage. */
export function removeOwnStorage() {
  for (const name of ['localStorage', 'sessionStorage']) {
    const s = store(name);
    if (!s) continue;
    for (const key of ownKeys(s)) {
      try {
        s.removeItem(key);
      } catch {
        // Blocked: nothing we could have written either.
      }
    }
  }
}

/** `navigator.locks`, or null where Web Locks are missing or blocked. */
export function webLocks() {
  try {
    const l = globalThis.navigator?.locks;
    return l && typeof l.request === 'function' && typeof l.query === 'function' ? l : null;
  } catch {
    return null;
  }
}

function randomId() {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** How long after a queue change it is written (see `QueueStore.schedule`). */
export const PERSIST_DELAY_MS = 1000;

function later(fn) {
  const t = setTimeout(fn, PERSIST_DELAY_MS);
  if (t && typeof t.unref === 'function') t.unref();
}

/** Runs `fn` when the page is idle (or soon), off the hot path. */
function idle(fn) {
  if (typeof requestIdleCallback === 'function') return requestIdleCallback(fn, { timeout: 500 });
  const t = setTimeout(fn, 50);
  if (t && typeof t.unref === 'function') t.unref();
  return t;
}

/** One tab's persisted queue: its key, its lifetime lock, debounced writes and adoption of orphans. */
export class QueueStore {
  constructor() {
    this.locks = webLocks();
    this.tab = this.locks ? randomId() : 'default';
    this.key = QUEUE_PREFIX + this.tab;
    this._queued = false;
    this._soon = false;
    // The text last written (null: the key is absent or was removed); undefined: not known yet.
    this._written = undefined;
    this._held = Promise.resolve();
    if (this.locks) {
      // Held until the page goes away; a lock request that fails leaves the queue adoptable (never lost).
      this._held = new Promise((resolve) => {
        this.locks
          .request(TAB_LOCK + this.tab, () => {
            resolve();
            return new Promise(() => {});
          })
          .catch(resolve);
      });
    }
  }

  /** Writes `persisted()` now: its text is stored; `null` or an empty queue removes the key. */
  write(text) {
    const value = text === null || text === EMPTY_QUEUE ? null : text;
    // Unchanged since the last write (e.g. empty after empty): storage is not touched.
    if (value === this._written) return;
    if (value === null) removeItem(this.key);
    else setItem(this.key, value);
    this._written = value;
  }

  /** Storage was cleared behind `write`'s back (forget, revocation): the next write happens. */
  forgetWritten() {
    this._written = undefined;
  }

  /**
   * Calls `write` when the page is idle. After events were added (`soon` false) it first waits
   * about a second: a run of changes costs one write, and events delivered within that second are
   * never written at all. After events left the queue (`soon`: delivered, dropped) it writes at
   * the next idle moment, so a tab that dies unseen leaves as few already-delivered events as
   * possible. Leaving the page writes at once (`Tracker._leave`).
   */
  schedule(write, soon = false) {
    if (soon) {
      if (this._soon) return;
      this._soon = true;
      idle(() => {
        this._soon = false;
        write();
      });
      return;
    }
    if (this._queued) return;
    this._queued = true;
    later(() =>
      idle(() => {
        this._queued = false;
        write();
      }),
    );
  }

  /**
   * Hands every queue left by a tab that is gone to `restore(text)`, then `save()`s this tab's
   * queue and only then removes the orphans' keys (a crash in between duplicates, never loses;
   * the upstream deduplicates by eventId). Resolves to the number of events taken.
   */
  async adopt(restore, save) {
    if (!this.locks) {
      const text = getItem(this.key);
      if (text === null) return 0;
      const n = restore(text);
      save();
      return n;
    }
    await this._held;
    return this.locks.request('tracksafe-adopt', async () => {
      const { held = [] } = await this.locks.query();
      const live = new Set(held.map((h) => h.name));
      const s = store('localStorage');
      if (!s) return 0;
      const orphans = ownKeys(s).filter((k) => k.startsWith(QUEUE_PREFIX) && k !== this.key && !live.has(TAB_LOCK + k.slice(QUEUE_PREFIX.length)));
      let taken = 0;
      for (const key of orphans) {
        const text = getItem(key);
        if (text !== null) taken += restore(text);
      }
      save();
      for (const key of orphans) removeItem(key);
      return taken;
    });
  }
}
