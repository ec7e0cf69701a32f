//! Free functions of the core. The consent functions take and return plain objects; JSON text
//! crosses the wasm boundary. In a build without the `decoders` feature they are absent.

import * as core from './tracksafe_core.js';

export { version, normalizeEmail, hashEmail, normalizePhone, hashPhone, normalizeAndHash, pseudonymize } from './tracksafe_core.js';
export { minimizeEvent, redactText, scrubUrl } from './tracksafe_core.js';

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
