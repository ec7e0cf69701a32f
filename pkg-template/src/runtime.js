//! The browser runtime of `Tracker`: cookies, timers and the network. Every decision (consent,
//! minimization, IDs, batching, retries) is the wasm core's; this file only carries it out.

import { Engine } from './tracksafe_core.js';
import { watchSignals } from './signals.js';

const VISITOR_COOKIE = '_ts_vid';
const SESSION_COOKIE = '_ts_sid';
const hasDocument = typeof document !== 'undefined';

/** A privacy-first tracker: nothing is stored or sent before consent. */
export class Tracker {
  /** @param {import('./index.d.ts').TrackerOptions} options */
  constructor(options) {
    if (options === null || typeof options !== 'object' || Array.isArray(options)) {
      const err = new TypeError('new Tracker(options): options must be an object');
      err.code = 'INVALID_OPTIONS';
      throw err;
    }
    this._engine = new Engine(JSON.stringify(options));
    this._settings = JSON.parse(this._engine.settings());
    this._debug = this._settings.debug;
    this._dead = false;
    this._timer = null;
    this._sending = false;
    this._failures = 0;
    this._retryTimer = null;
    this._sent = [];
    this._call(() => this._engine.restoreIdentity(readCookie(VISITOR_COOKIE), readCookie(SESSION_COOKIE), Date.now()));
    this._signals = watchSignals(this._settings.consentSources, (s) => this._applySignals(s), (err) => this._fail(err));
    if (this._settings.autoPage && hasDocument) this.page();
  }

  /** Records a standard or declared event. Resolves to `{ status, reason, eventId? }`. */
  track(name, properties) {
    if (typeof name !== 'string') return Promise.reject(typeError('INVALID_EVENT', 'track(name, properties): name must be a string'));
    const event = { name, properties: properties ?? {}, context: pageContext() };
    return this._result(() => {
      const out = JSON.parse(this._engine.track(JSON.stringify(event), Date.now()));
      this._log('track', name, out);
      if (out.status === 'queued') this._schedule();
      return out;
    });
  }

  /** Records a `page_viewed` event for the current page. */
  page() {
    return this.track('page_viewed', {});
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
    const out = JSON.parse(this._engine.setSignals(JSON.stringify(signals), Date.now()));
    this._log('consent', signals, out);
    if (out.decided) {
      this._syncIdentity();
      this._schedule();
    }
  }

  /** The current consent decision, or `null` before any. */
  consent() {
    return this._dead ? null : JSON.parse(this._call(() => this._engine.consent()) ?? 'null');
  }

  /** Everything tracksafe holds about this visitor, as a plain object. */
  inspect() {
    const queued = this._dead ? { pending: 0, outbox: 0, eventIds: [] } : JSON.parse(this._engine.queued());
    const cookies = {};
    for (const name of [VISITOR_COOKIE, SESSION_COOKIE]) {
      const v = readCookie(name);
      if (v !== null) cookies[name] = v;
    }
    return { consent: this.consent(), cookies, storage: {}, queued, sent: this._sent.slice(-10) };
  }

  /** Removes every cookie and queued event tracksafe holds; tracking stops until consent is given again. */
  forget() {
    return this._result(() => {
      const discarded = this._engine.forget();
      this._engine.setConsent('{}', 'forget', Date.now());
      deleteCookie(VISITOR_COOKIE, this._settings.cookieDomain);
      deleteCookie(SESSION_COOKIE, this._settings.cookieDomain);
      this._sent = [];
      return { discarded };
    });
  }

  /** Sends everything allowed now; resolves when the collector has answered. */
  flush() {
    return this._result(() => this._drain());
  }

  /** Logs each decision and why to the console. */
  debug(on = true) {
    this._debug = !!on;
  }

  _syncIdentity() {
    const id = JSON.parse(this._engine.identity(Date.now()));
    const domain = this._settings.cookieDomain;
    if (id === null) {
      deleteCookie(VISITOR_COOKIE, domain);
      deleteCookie(SESSION_COOKIE, domain);
    } else {
      writeCookie(VISITOR_COOKIE, id.visitor, id.visitorMaxAge, domain);
      writeCookie(SESSION_COOKIE, id.session, id.sessionMaxAge, domain);
    }
  }

  _schedule() {
    if (this._timer !== null || this._dead) return;
    this._timer = setTimeout(() => {
      this._timer = null;
      this._drain();
    }, this._settings.flushIntervalMs);
  }

  async _drain() {
    if (this._sending || this._dead) return;
    this._sending = true;
    try {
      for (;;) {
        this._syncIdentity();
        const batch = JSON.parse(this._engine.nextBatch(Date.now()));
        if (batch === null) break;
        const retry = await this._send(batch);
        if (retry) break;
      }
    } catch (err) {
      this._fail(err);
    } finally {
      this._sending = false;
    }
  }

  /** Sends one batch; returns true when it must be retried later. */
  async _send(batch) {
    let status = 0;
    let retryAfter;
    try {
      const res = await fetch(this._settings.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: batch.body,
        keepalive: batch.body.length < 60000,
        credentials: 'include',
      });
      status = res.status;
      const ra = Number(res.headers.get('retry-after'));
      retryAfter = Number.isFinite(ra) && res.headers.has('retry-after') ? ra : undefined;
    } catch {
      status = 0;
    }
    // Consecutive failures drive the backoff; the requeued events go out in the next batch.
    const out = JSON.parse(this._engine.settle(batch.id, status, retryAfter, this._failures));
    this._log('send', status, out);
    if (out.verdict === 'delivered') this._sent.push({ at: Date.now(), status, body: JSON.parse(batch.body) });
    if (out.verdict !== 'retry') {
      this._failures = 0;
      return false;
    }
    this._failures += 1;
    if (this._retryTimer === null) {
      this._retryTimer = setTimeout(() => {
        this._retryTimer = null;
        this._drain();
      }, out.delayMs);
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
    if (typeof console !== 'undefined') console.error('[tracksafe] disabled after an internal error', err);
  }

  _log(...args) {
    if (this._debug && typeof console !== 'undefined') console.info('[tracksafe]', ...args);
  }
}

function typeError(code, message) {
  const err = new TypeError(message);
  err.code = code;
  return err;
}

function pageContext() {
  if (typeof location === 'undefined') return {};
  return {
    url: location.href,
    referrer: hasDocument ? document.referrer : '',
    title: hasDocument ? document.title : '',
    userAgent: typeof navigator !== 'undefined' ? navigator.userAgent : '',
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
