//! Free functions of the core. The consent functions take and return plain objects; JSON text
//! crosses the wasm boundary. In a build without the `decoders` feature they are absent.
//! The hash functions take a fast path (see `scratchHash`) and fall back to the core's exports.

import * as core from './tracksafe_core.js';

export { version, normalizeEmail, normalizePhone, pseudonymize } from './tracksafe_core.js';
export { minimizeEvent, redactText, scrubUrl } from './tracksafe_core.js';

/** The field numbers of the core's `hashScratchInput` (src/js/hashing.rs `FIELDS`). */
const FIELDS = new Map(['em', 'ph', 'fn', 'ln', 'ct', 'st', 'zp', 'country', 'external_id'].map((f, i) => [f, i]));
const encoder = new TextEncoder();
/** A view of the core's scratch bytes: the hex digest at 0..64, the UTF-8 input from 64. */
let scratch = null;
let input = null;

function scratchView() {
  // A view detaches (length 0) when the wasm memory grows.
  if (scratch === null || scratch.byteLength === 0) {
    scratch = core.hashScratch();
    input = scratch.subarray(64);
  }
  return scratch;
}

/**
 * The hex digest of `raw` as identifier field number `field`, with the input copied into the
 * core's scratch bytes and 64 bytes read back: no allocation in the wasm, no JSON, no exception.
 * `null` where the core's export must answer instead: a non-string, an unknown profile, input
 * longer than the scratch, or a value the profile refuses (the export then throws the coded error).
 */
function scratchHash(field, raw, profile, country) {
  const p = profile === 'meta' ? 0 : profile === 'google' ? 1 : -1;
  if (p < 0 || typeof raw !== 'string') return null;
  scratchView();
  const len = raw.length;
  let written = 0;
  // ASCII by hand: in Chromium a charCodeAt loop costs a fraction of `encodeInto` (a Blink call).
  if (len <= input.length) {
    for (; written < len; written++) {
      const c = raw.charCodeAt(written);
      if (c > 0x7f) break;
      input[written] = c;
    }
  }
  if (written !== len) {
    const { read, written: utf8 } = encoder.encodeInto(raw, input);
    if (read !== len) return null;
    written = utf8;
  }
  const n = core.hashScratchInput(field, p, written, country);
  if (n === 0) return null;
  // The call may have grown the memory, which detaches the old view.
  const d = scratchView();
  if (n !== 64) return String.fromCharCode.apply(null, d.subarray(0, n));
  // One builtin call with 64 arguments beats TextDecoder (a Blink call in Chromium) here.
  return String.fromCharCode(
    d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12], d[13], d[14], d[15],
    d[16], d[17], d[18], d[19], d[20], d[21], d[22], d[23], d[24], d[25], d[26], d[27], d[28], d[29], d[30], d[31],
    d[32], d[33], d[34], d[35], d[36], d[37], d[38], d[39], d[40], d[41], d[42], d[43], d[44], d[45], d[46], d[47],
    d[48], d[49], d[50], d[51], d[52], d[53], d[54], d[55], d[56], d[57], d[58], d[59], d[60], d[61], d[62], d[63],
  );
}

/** A default country as the core's `hashScratchInput` takes it: two ASCII letters, `a | b << 8`. */
function countryCode(c) {
  if (c === undefined || c === null) return 0;
  if (typeof c !== 'string' || c.length !== 2 || !/^[A-Za-z]{2}$/.test(c)) return -1;
  return c.charCodeAt(0) | (c.charCodeAt(1) << 8);
}

/** The lowercase hex SHA-256 of the normalized address. */
export function hashEmail(raw, profile) {
  return scratchHash(0, raw, profile, 0) ?? core.hashEmail(raw, profile);
}

/** The lowercase hex SHA-256 of the normalized number. */
export function hashPhone(raw, profile, defaultCountry) {
  const country = countryCode(defaultCountry);
  return (country >= 0 ? scratchHash(1, raw, profile, country) : null) ?? core.hashPhone(raw, profile, defaultCountry);
}

/** Normalizes and hashes one identifier field: `em ph fn ln ct st zp country external_id`. */
export function normalizeAndHash(field, raw, profile) {
  const f = FIELDS.get(field);
  return (f !== undefined ? scratchHash(f, raw, profile, 0) : null) ?? core.normalizeAndHash(field, raw, profile);
}

function argError(message) {
  const err = new TypeError(message);
  err.code = 'INVALID_ARGUMENT';
  return err;
}

function text(value, what) {
  if (typeof value !== 'string') throw argError(`${what} must be a string`);
  return value;
}

function object(value, what, code = 'INVALID_ARGUMENT') {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const err = argError(`${what} must be an object`);
    err.code = code;
    throw err;
  }
  return JSON.stringify(value);
}

function options(value) {
  return value === undefined || value === null ? undefined : object(value, 'options', 'INVALID_OPTIONS');
}

/** Decodes an IAB TCF v2 TC string into the reference library's TCModel fields. */
export function decodeTcString(tcString) {
  return JSON.parse(core.decodeTcString(text(tcString, 'decodeTcString(tcString): tcString')));
}

/** Decodes an IAB GPP string into `{ version, sectionIds, sections }`. */
export function decodeGppString(gppString) {
  return JSON.parse(core.decodeGppString(text(gppString, 'decodeGppString(gppString): gppString')));
}

/** Finds the CMP consent cookies in a `Cookie` header. */
export function parseConsentCookies(cookieHeader, opts) {
  return JSON.parse(core.parseConsentCookies(text(cookieHeader, 'parseConsentCookies(cookieHeader): cookieHeader'), options(opts)));
}

/** Resolves every consent signal into `{ analytics, marketing, preferences, saleOfData, sources }`. */
export function resolveConsent(signals, opts) {
  return JSON.parse(core.resolveConsent(object(signals, 'resolveConsent(signals): signals'), options(opts)));
}
