//! Free functions of the core, re-exported unchanged.

export { version, normalizeEmail, hashEmail, normalizePhone, hashPhone, normalizeAndHash, pseudonymize } from './tracksafe_core.js';
export { minimizeEvent, redactText, scrubUrl } from './tracksafe_core.js';
