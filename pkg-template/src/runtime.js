//! The browser runtime of `Tracker`: cookies, timers and the network. Every decision (consent,
//! minimization, IDs, batching, retries) is the wasm core's; this file only carries it out.

import { Engine } from './tracksafe_core.js';
import { watchSignals } from './signals.js';
import { PERSIST_DELAY_MS, PREFIX, QueueStore, ownStorage, removeOwnStorage } from './storage.js';
import { openChannel, watchPage, watchRoutes } from './lifecycle.js';

const VISITOR_COOKIE = '_ts_vid';
const SESSION_COOKIE = '_ts_sid';
// A beacon carries at most 64 KB; a bigger batch goes out as a keepalive fetch.
const BEACON_MAX_BYTES = 65536;
// `track()` only records the call; the core handles recorded calls in tasks of at most this long,
// so a burst of 1,000 calls never makes a long task (> 50 ms) on the page.
const INTAKE_SLICE_MS = 8;
// Recorded calls wait to be taken together until their batch is due: `flushIntervalMs` after the
// first of them, kept within these bounds. The core then takes them and the batch goes out in the
// same task: a run of clicks costs one warm task instead of a cold one every 200 ms plus the
// flush's own (measured: paced CPU per event 947 → 844 µs with the bench's floor). Anything that
// needs them sooner (consent, identify, flush, leaving) takes them at once.
const INTAKE_DELAY_MIN_MS = 200;
const INTAKE_DELAY_MAX_MS = 1000;
// How many delivered batches inspect() shows.
const SENT_KEPT = 10;
const hasDocument = typeof document !== 'undefined';

/**
 * How identify() hashes: `(members, profile)` → the digests' JSON, or a promise of it, where
 * `members` are the call's `[key, value]` pairs. Each entry sets it: the ES module and node hash
 * with their wasm's own export, the script tag with a hasher wasm it loads on the first call.
 */
let hashIdentify = () => {
  throw new Error('tracksafe: no identify hasher installed');
};

/** Installs identify()'s hasher (see `hashIdentify`). */
export function setIdentifyHasher(fn) {
  hashIdentify = fn;
}

/**
 * The digests' JSON for identify()'s `[key, value]` pairs, each hashed by the core's
 * `hashIdentifyMember` (it decides what a key and a value may be, and throws the coded error).
 * All or nothing: the first error is thrown and no digest is kept.
 */
export function hashMembers(members, profile, hashIdentifyMember) {
  const digests = {};
  for (const [key, value] of members) {
    const hashed = hashIdentifyMember(key, value, profile);
    if (hashed === undefined) continue;
    const colon = hashed.indexOf(':');
    digests[hashed.slice(0, colon)] = hashed.slice(colon + 1);
  }
  return JSON.stringify(digests);
}

/** A privacy-first tracker: nothing is stored or sent before consent. */
export class Tracker {
  /** @param {import('./index.d.ts').TrackerOptions} options */
  constructor(options) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      const err = new TypeError('new Tracker(options): options must be an object');
      err.code = 'INVALID_OPTIONS';
      throw err;
    }
    this._engine = new Engine(toJson(options, 'INVALID_OPTIONS'));
    this._settings = JSON.parse(this._engine.settings());
    this._debug = this._settings.debug;
    this._dead = false;
    this._timer = null;
    this._sending = false;
    this._inflight = Promise.resolve();
    this._failures = 0;
    this._retryTimer = null;
    this._sent = [];
    // Bumped by forget(): an answer to a request sent before it must not be recorded after it.
    this._epoch = 0;
    // Calls recorded by track() and not yet handed to the core, in call order.
    this._intake = [];
    this._intakeTask = false;
    // When the first call still waiting in `_intake` was made (its batch is due from it).
    this._intakeSince = 0;
    // The IDs last written to cookies (undefined: not known yet) and when.
    this._cookieIds = undefined;
    this._cookiesAt = 0;
    this._call(() => this._engine.restoreIdentity(readCookie(VISITOR_COOKIE), readCookie(SESSION_COOKIE), Date.now()));
    // The persisted queue (`_ts_q.<tab>`): adopted once consent is decided, written after each change.
    this._store = new QueueStore();
    this._adopted = false;
    // When this tab last saw analytics granted: a revocation older than that is stale here.
    this._grantedAt = 0;
    const fail = (err) => this._fail(err);
    this._channel = openChannel((m) => this._onMessage(m), fail);
    this._signals = watchSignals(this._settings.consentSources, (s) => this._applySignals(s), fail);
    if (this.consent() !== null) this._adopt();
    watchPage({ leave: () => this._leave(), online: () => this._drain(), visible: () => this._schedule() }, fail);
    if (this._settings.autoPage && hasDocument) {
      this.page();
      if (this._settings.spaPageViews) watchRoutes(() => this.page(), fail);
    }
  }

  /**
   * Records a standard or declared event. Resolves to `{ status, reason, eventId? }`.
   * The call itself only captures the event (its properties as JSON and the page at this moment);
   * the core takes it in a later task, in call order, so the page never waits for tracksafe.
   * Calls are taken together when their batch is due (see `INTAKE_DELAY_MAX_MS`): one warm task
   * for a run of clicks costs far less than one cold task per click.
   */
  track(name, properties) {
    if (typeof name !== 'string') return Promise.reject(typeError('INVALID_EVENT', 'track(name, properties): name must be a string'));
    if (this._dead) return Promise.resolve({ status: 'dropped', reason: 'tracker_disabled' });
    let json;
    try {
      json = toJson({ name, properties: properties ?? {}, context: pageContext() }, 'INVALID_EVENT');
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const at = Date.now();
      if (this._intake.length === 0) this._intakeSince = at;
      this._intake.push({ name, json, at, resolve, reject });
      if (!this._intakeTask) {
        this._intakeTask = true;
        const delay = Math.min(Math.max(this._settings.flushIntervalMs, INTAKE_DELAY_MIN_MS), INTAKE_DELAY_MAX_MS);
        setTimeout(() => this._call(() => this._takeIntake(INTAKE_SLICE_MS)), delay);
      }
    });
  }

  /**
   * Hands recorded calls to the core for at most `sliceMs` (all of them when `Infinity`), then
   * yields to the page and continues in a new task.
   */
  _takeIntake(sliceMs) {
    if (sliceMs !== Infinity) this._intakeTask = false;
    const start = now();
    let queued = false;
    while (this._intake.length > 0) {
      const call = this._intake.shift();
      if (this._dead) {
        call.resolve({ status: 'dropped', reason: 'tracker_disabled' });
        continue;
      }
      try {
        const out = JSON.parse(this._engine.track(call.json, call.at));
        this._log('track', call.name, out);
        if (out.status === 'queued') queued = true;
        call.resolve(out);
      } catch (err) {
        if (err instanceof TypeError || err instanceof RangeError) {
          call.reject(err);
        } else {
          this._fail(err);
          call.resolve({ status: 'dropped', reason: 'tracker_disabled' });
        }
      }
      if (now() - start >= sliceMs) break;
    }
    // Taken by its own task (not settled for a consent change, inspect or flush) with the batch
    // due: the batch goes out in this task, not in a flush timer's.
    const due = sliceMs !== Infinity && this._intake.length === 0 && Date.now() - this._intakeSince >= this._settings.flushIntervalMs;
    if (queued && due && !this._sending) {
      if (this._timer !== null) clearTimeout(this._timer);
      this._timer = null;
      this._drain();
    } else if (queued) {
      this._schedule();
    }
    if (this._intake.length > 0 && !this._intakeTask) {
      this._intakeTask = true;
      nextTask(() => this._call(() => this._takeIntake(INTAKE_SLICE_MS)));
    }
  }

  /** Before anything that reads or changes the core's state: every recorded call goes in first. */
  _settleIntake() {
    if (this._intake.length > 0) this._takeIntake(Infinity);
  }

  /** Records a `page_viewed` event for the current page. */
  page() {
    return this.track('page_viewed', {});
  }

  /**
   * Hashes the customer's identifiers inside the module (`meta` profile unless the `hashProfile`
   * option says otherwise). Raw values are never kept, queued, logged or sent; the hashes travel
   * only while `marketing` is granted. Resolves to `{ status, reason, fields }`. The script tag
   * hashes in a wasm of its own, loaded on the first call; if it cannot load, the call resolves
   * as dropped (`hasher_unavailable`) and nothing is kept.
   */
  identify(fields) {
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) {
      return Promise.reject(typeError('INVALID_ARGUMENT', 'identify(fields): fields must be an object'));
    }
    if (this._dead) return Promise.resolve({ status: 'dropped', reason: 'tracker_disabled' });
    let digests;
    try {
      // The members as they are now: a hasher loaded later must not see later changes.
      digests = hashIdentify(membersOf(fields), this._settings.hashProfile);
    } catch (err) {
      // The hasher of this entry's own wasm: a coded error is the caller's, anything else a trap.
      return this._result(() => {
        throw err;
      });
    }
    const keep = (hex) =>
      this._result(() => {
        this._settleIntake();
        const out = JSON.parse(this._engine.identifyHashed(hex));
        this._log('identify', out.status, out.reason, out.fields);
        if (out.status === 'queued') this._schedule();
        return out;
      });
    if (typeof digests === 'string') return keep(digests);
    return digests.then(keep, (err) => {
      if ((err instanceof TypeError || err instanceof RangeError) && err.code) throw err;
      this._log('identify', 'dropped', 'hasher_unavailable', err);
      return { status: 'dropped', reason: 'hasher_unavailable' };
    });
  }

  /** Sets the visitor's consent by hand: `{ analytics, marketing, preferences, saleOfData }` (a signal among the page's others). */
  setConsent(consent) {
    return this._result(() => {
      this._signals.setManual(consent);
      return this.consent();
    });
  }

  /** Hands the page's signals to the core; a decisive set replaces the decision. */
  _applySignals(signals) {
    if (this._dead) return;
    // Calls made before this decision are judged as they were made: under the consent before it.
    this._settleIntake();
    const before = this.consent();
    const out = JSON.parse(this._engine.setSignals(toJson(signals, 'INVALID_ARGUMENT'), Date.now()));
    this._log('consent', signals, out);
    if (out.decided) {
      this._syncIdentity();
      const after = this.consent();
      if (after && after.analytics) this._grantedAt = Date.now();
      if (before && before.analytics && !(after && after.analytics)) {
        // A revocation: every tab purges its queue, and every `_ts_` key goes now.
        removeOwnStorage();
        this._store.forgetWritten();
        this._channel.post({ type: 'revoke', at: Date.now() });
      }
      this._adopt();
      this._schedule();
    }
  }

  /** The current consent decision, or `null` before any. */
  consent() {
    return this._dead ? null : JSON.parse(this._call(() => this._engine.consent()) ?? 'null');
  }

  /**
   * Everything tracksafe holds about this visitor, as a plain object (a privacy receipt): its
   * cookies and storage keys with their values, the consent and its source, the hashed
   * identifiers, what is queued and the last batches sent.
   */
  inspect() {
    this._settleIntake();
    const dead = this._dead;
    const queued = dead ? { pending: 0, outbox: 0, eventIds: [], events: [] } : JSON.parse(this._engine.queued());
    const identifiers = dead ? {} : JSON.parse(this._engine.identifiers());
    return { consent: this.consent(), cookies: ownCookies(), storage: ownStorage(), identifiers, queued, sent: this._sent.map((s) => ({ ...s, body: JSON.parse(s.body) })) };
  }

  /**
   * Removes every cookie and storage key tracksafe wrote, clears every queue, and asks the edge
   * to erase this visitor upstream (`POST /forget` with the IDs and hashed identifiers held just
   * before). Nothing is tracked afterwards until consent is given again.
   * Resolves to `{ discarded, erasure: { status } }` (`status` 0: the request did not arrive).
   */
  forget() {
    return this._result(() => {
      this._settleIntake();
      const out = JSON.parse(this._engine.forget(Date.now()));
      this._wipe();
      this._channel.post({ type: 'forget', at: Date.now() });
      this._log('forget', out.discarded);
      return this._sendErasure(out.erasure).then((status) => ({ discarded: out.discarded, erasure: { status } }));
    });
  }

  /** Sends everything allowed now; resolves when the collector has answered. */
  flush() {
    return this._result(() => {
      this._settleIntake();
      return this._drain(true);
    });
  }

  /**
   * From another tab: `forget` always purges; `revoke` purges unless this tab saw a grant after
   * it (the latest decision wins when two tabs race).
   */
  _onMessage(m) {
    if (!m || typeof m.at !== 'number' || this._dead) return;
    const c = this.consent();
    // A tab that already decided without analytics holds nothing to purge; its decision stands.
    if (m.type === 'revoke' && (m.at < this._grantedAt || (c && !c.analytics))) return;
    if (m.type === 'forget' || m.type === 'revoke') this._purge();
  }

  /** Another tab revoked consent or forgot the visitor: drop everything held here too. */
  _purge() {
    if (this._dead) return;
    this._settleIntake();
    this._engine.forget(Date.now());
    this._wipe();
    this._log('purge', 'from another tab');
  }

  /** Timers, cookies, storage keys and the sent log after a forget or purge. */
  _wipe() {
    this._epoch += 1;
    for (const t of [this._timer, this._retryTimer]) if (t !== null) clearTimeout(t);
    this._timer = null;
    this._retryTimer = null;
    this._failures = 0;
    for (const name of Object.keys(ownCookies())) deleteCookie(name, this._settings.cookieDomain);
    this._cookieIds = undefined;
    removeOwnStorage();
    this._store.forgetWritten();
    this._sent = [];
  }

  /** Takes back the queues of tabs that are gone, once consent is decided (it may keep none of them). */
  _adopt() {
    if (this._adopted || this._dead) return;
    this._adopted = true;
    this._store
      .adopt(
        (text) => this._engine.restoreQueue(text, Date.now()),
        () => this._writeQueue(),
      )
      .then((n) => {
        this._log('adopted', n);
        if (n > 0) this._schedule();
      })
      .catch((err) => this._fail(err));
  }

  /** Writes the persisted queue now (`null`: nothing may be stored, the key goes). */
  _writeQueue() {
    if (this._dead) return;
    this._store.write(this._engine.persisted() ?? null);
  }

  /** After a queue change: write it when the page is idle (`soon`: events left the queue). */
  _persist(soon = false) {
    if (!this._dead) this._store.schedule(() => this._call(() => this._writeQueue()), soon);
  }

  /**
   * The page is hidden or unloading: write the queue now and send what is allowed with
   * `sendBeacon` (keepalive fetch when it does not fit). A beacon has no answer, so its events stay
   * queued and persisted until a 2xx is seen: they may arrive twice, never not at all (the
   * upstream deduplicates by `eventId`).
   */
  _leave() {
    if (this._dead) return;
    // Leaving: every recorded call goes in now, or it would be lost with the page.
    this._settleIntake();
    this._writeQueue();
    const batches = [];
    for (;;) {
      const batch = this._nextBatch();
      if (batch === null) break;
      batches.push(batch);
    }
    for (const batch of batches) {
      const blob = new Blob([batch.body], { type: 'application/json' });
      let queued = false;
      try {
        queued = blob.size <= BEACON_MAX_BYTES && typeof navigator.sendBeacon === 'function' && navigator.sendBeacon(this._settings.endpoint, blob);
      } catch {
        queued = false;
      }
      if (!queued) this._post(batch.body).catch(() => {});
      this._log('beacon', batch.id, queued);
      // No answer to wait for: back in the queue (status 0), still persisted.
      this._engine.settle(batch.id, 0, undefined, 0);
    }
  }

  _post(body) {
    return fetch(this._settings.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      keepalive: body.length < 60000,
      credentials: 'include',
    });
  }

  /** Logs each decision and why to the console. */
  debug(on = true) {
    this._debug = !!on;
  }

  /** Posts the erasure request beside the collect endpoint; resolves to the HTTP status (0: failed). */
  async _sendErasure(body) {
    try {
      const res = await fetch(new URL('forget', this._settings.endpoint).href, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        keepalive: true,
        credentials: 'include',
      });
      await res.arrayBuffer().catch(() => {});
      return res.status;
    } catch {
      return 0;
    }
  }

  /**
   * Writes the ID cookies as the core says. Unchanged IDs are rewritten at most once a minute
   * (the session cookie's 30-minute expiry slides with activity; a minute's drift is harmless),
   * so a stream of batches does not rewrite two cookies each time.
   */
  _syncIdentity() {
    const now = Date.now();
    const id = JSON.parse(this._engine.identity(now));
    const domain = this._settings.cookieDomain;
    if (id === null) {
      if (this._cookieIds !== null) {
        deleteCookie(VISITOR_COOKIE, domain);
        deleteCookie(SESSION_COOKIE, domain);
      }
      this._cookieIds = null;
      return;
    }
    const ids = `${id.visitor} ${id.session}`;
    if (ids === this._cookieIds && now - this._cookiesAt < 60_000) return;
    writeCookie(VISITOR_COOKIE, id.visitor, id.visitorMaxAge, domain);
    writeCookie(SESSION_COOKIE, id.session, id.sessionMaxAge, domain);
    this._cookieIds = ids;
    this._cookiesAt = now;
  }

  /**
   * After the queue grew: a flush within `flushIntervalMs`, and the queue written about a second
   * later. When the flush comes first (the defaults: both one second) the flush sees to the write
   * (after its answer, a second into a slower one, or at once when it sends nothing), so a run of
   * events delivered in that second is never written at all.
   */
  _schedule() {
    if (this._settings.flushIntervalMs > PERSIST_DELAY_MS) this._persist();
    if (this._timer !== null || this._dead) return;
    this._timer = background(setTimeout(() => {
      this._timer = null;
      this._drain();
    }, this._settings.flushIntervalMs));
  }

  /**
   * Sends the queue batch by batch. One tab at a time (Web Lock `tracksafe-flush`): a timer's
   * drain gives way when another tab is sending and tries again later; `flush()` waits its turn.
   */
  _drain(wait = false) {
    // A drain in flight: `flush()` waits for it and then sends what came in meanwhile.
    if (this._sending) return wait ? this._inflight.then(() => this._drain(true)) : this._inflight;
    if (this._dead) return Promise.resolve();
    this._sending = true;
    this._inflight = this._drainNow(wait);
    return this._inflight;
  }

  async _drainNow(wait) {
    let busy = false;
    try {
      const locks = this._store.locks;
      if (locks) {
        const options = wait ? {} : { ifAvailable: true };
        busy = !(await locks.request('tracksafe-flush', options, (lock) => (lock ? this._sendAll().then(() => true) : false)));
      } else {
        await this._sendAll();
      }
    } catch (err) {
      this._fail(err);
    } finally {
      this._sending = false;
    }
    if (busy) {
      // Another tab is sending: this one's queue is written as usual, and the flush tried again.
      this._persist();
      this._schedule();
    }
  }

  async _sendAll() {
    this._settleIntake();
    let sent = false;
    for (;;) {
      this._syncIdentity();
      const batch = this._nextBatch();
      if (batch === null) break;
      sent = true;
      const retry = await this._send(batch);
      if (retry) break;
    }
    // Nothing went out (a backoff, nothing allowed yet): what was added is written as usual.
    // Each answer that came in has scheduled its own write (`_send`).
    if (!sent) this._persist();
  }

  /** The core's next batch as `{ id, body }` (body: JSON text), or null. */
  _nextBatch() {
    const text = this._engine.nextBatch(Date.now());
    if (text === undefined) return null;
    const space = text.indexOf(' ');
    return { id: Number(text.slice(0, space)), body: text.slice(space + 1) };
  }

  /** Sends one batch; returns true when it must be retried later. */
  async _send(batch) {
    const epoch = this._epoch;
    let status = 0;
    let retryAfter;
    // An answer slower than the write delay: the queue (this batch in it) is written meanwhile.
    const slow = background(setTimeout(() => this._persist(true), PERSIST_DELAY_MS));
    try {
      const res = await this._post(batch.body);
      status = res.status;
      const ra = Number(res.headers.get('retry-after'));
      retryAfter = Number.isFinite(ra) && res.headers.has('retry-after') ? ra : undefined;
      // Read the (small) answer to its end: until then Chromium counts the keepalive request
      // against its 64 KB in-flight quota, and after ~64 KB of batches every send would fail.
      await res.arrayBuffer().catch(() => {});
    } catch {
      status = 0;
    } finally {
      clearTimeout(slow);
    }
    // Consecutive failures drive the backoff; the requeued events go out in the next batch.
    const out = JSON.parse(this._engine.settle(batch.id, status, retryAfter, this._failures));
    this._log('send', status, out);
    if (epoch !== this._epoch) return false;
    this._persist(out.verdict !== 'retry');
    if (out.verdict === 'delivered') {
      // The last few deliveries, for inspect(); kept as text and parsed only when asked.
      this._sent.push({ at: Date.now(), status, body: batch.body });
      if (this._sent.length > SENT_KEPT) this._sent.shift();
    }
    if (out.verdict !== 'retry') {
      this._failures = 0;
      return false;
    }
    this._failures += 1;
    if (this._retryTimer === null) {
      this._retryTimer = background(setTimeout(() => {
        this._retryTimer = null;
        this._drain();
      }, out.delayMs));
    }
    return true;
  }

  _result(fn) {
    if (this._dead) return Promise.resolve({ status: 'dropped', reason: 'tracker_disabled' });
    try {
      return Promise.resolve(fn());
    } catch (err) {
      if (err instanceof TypeError || err instanceof RangeError) return Promise.reject(err);
      this._fail(err);
      return Promise.resolve({ status: 'dropped', reason: 'tracker_disabled' });
    }
  }

  _call(fn) {
    if (this._dead) return undefined;
    try {
      return fn();
    } catch (err) {
      this._fail(err);
      return undefined;
    }
  }

  /** A trap or unexpected error turns tracking off (fail closed), never on. */
  _fail(err) {
    this._dead = true;
    if (this._timer !== null) clearTimeout(this._timer);
    if (this._retryTimer !== null) clearTimeout(this._retryTimer);
    for (const call of this._intake.splice(0)) call.resolve({ status: 'dropped', reason: 'tracker_disabled' });
    if (typeof console !== 'undefined') console.error('[tracksafe] disabled after an internal error', err);
  }

  _log(...args) {
    if (this._debug && typeof console !== 'undefined') console.info('[tracksafe]', ...args);
  }
}

/** An object's own `[key, value]` pairs; a throwing getter or proxy is the caller's TypeError. */
function membersOf(fields) {
  try {
    return Object.entries(fields);
  } catch {
    throw typeError('INVALID_ARGUMENT', 'identify(fields): the fields could not be read (a throwing getter or proxy)');
  }
}

/**
 * JSON text for the core. Values JSON cannot carry (BigInt, cycles, throwing getters) are a
 * caller mistake: a TypeError with `code`, never an uncoded exception.
 */
function toJson(value, code) {
  try {
    return JSON.stringify(value) ?? 'null';
  } catch {
    throw typeError(code, 'the value cannot be represented as JSON (BigInt, a cycle or a throwing getter)');
  }
}

/**
 * Runs `fn` in a new task: `scheduler.postTask` where the browser has it, a message in a
 * MessageChannel otherwise (not clamped like nested timers), `setImmediate` in Node.
 */
function nextTask(fn) {
  const scheduler = globalThis.scheduler;
  if (scheduler && typeof scheduler.postTask === 'function') {
    scheduler.postTask(fn).catch(() => {});
  } else if (typeof setImmediate === 'function') {
    setImmediate(fn);
  } else if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      fn();
    };
    channel.port2.postMessage(null);
  } else {
    setTimeout(fn, 0);
  }
}

const now = typeof performance !== 'undefined' && typeof performance.now === 'function' ? () => performance.now() : () => Date.now();

/** In Node (tests, server rendering) a pending flush or retry must not keep the process alive. */
function background(timer) {
  if (timer && typeof timer.unref === 'function') timer.unref();
  return timer;
}

function typeError(code, message) {
  const err = new TypeError(message);
  err.code = code;
  return err;
}

// What cannot change while the document lives, read once (each read is a call into the browser).
let documentConstants = null;

function pageContext() {
  if (typeof location === 'undefined') return {};
  documentConstants ??= {
    referrer: hasDocument ? document.referrer : '',
    userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : '',
  };
  return {
    url: location.href,
    referrer: documentConstants.referrer,
    title: hasDocument ? document.title : '',
    userAgent: documentConstants.userAgent,
  };
}

function readCookie(name) {
  if (!hasDocument) return null;
  try {
    for (const part of document.cookie.split(';')) {
      const i = part.indexOf('=');
      if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
    }
  } catch {
    // Cookies disabled or throwing (private modes): behave as if none were stored.
  }
  return null;
}

/** Every cookie tracksafe wrote that the page can see, `{ name: value }`. */
function ownCookies() {
  const out = {};
  if (!hasDocument) return out;
  try {
    for (const part of document.cookie.split(';')) {
      const i = part.indexOf('=');
      const name = part.slice(0, i).trim();
      if (i > 0 && name.startsWith(PREFIX)) out[name] = decodeURIComponent(part.slice(i + 1).trim());
    }
  } catch {
    // Cookies unavailable: nothing held there.
  }
  return out;
}

function cookieAttributes(domain) {
  const secure = typeof location !== 'undefined' && location.protocol === 'https:' ? '; Secure' : '';
  return `; Path=/; SameSite=Lax${secure}${domain ? `; Domain=${domain}` : ''}`;
}

function writeCookie(name, value, maxAgeS, domain) {
  if (!hasDocument) return;
  try {
    document.cookie = `${name}=${encodeURIComponent(value)}; Max-Age=${Math.floor(maxAgeS)}${cookieAttributes(domain)}`;
  } catch {
    // Cookies unavailable: the IDs live in memory for this page only.
  }
}

function deleteCookie(name, domain) {
  if (!hasDocument || readCookie(name) === null) return;
  try {
    document.cookie = `${name}=; Max-Age=0${cookieAttributes(domain)}`;
  } catch {
    // Nothing stored, nothing to delete.
  }
}
