//! Free functions of the core, re-exported unchanged.

export { version } from './tracksafe_core.js';
export { minimizeEvent, redactText, scrubUrl } from './tracksafe_core.js';
