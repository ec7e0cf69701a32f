//! What a test run leaves behind, for the leak scan (`tests/artefacts/scan.mjs`): when
//! `TRACKSAFE_ARTEFACTS` names a directory (`make test` sets it), the dev servers and the test
//! helpers append every answer they gave or got and every line they logged there, and declare the
//! secrets they were handed. Without the variable every call here does nothing.
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.TRACKSAFE_ARTEFACTS;
let made = false;

function file(name) {
  if (!made) {
    mkdirSync(dir, { recursive: true });
    made = true;
  }
  return join(dir, name);
}

/** Appends `text` to this process's artefact file of `kind` (e.g. `workerd-log`, `upstream`). */
export function record(kind, text) {
  if (!dir) return;
  try {
    appendFileSync(file(`${kind}.${process.pid}.log`), text.endsWith('\n') ? text : `${text}\n`);
  } catch {
    // A full disk must not fail the suite under test; the scan then finds the artefact missing.
  }
}

/** Declares values that must appear in no artefact (peppers, tokens, credentials, test PII). */
export function declareSecrets(values) {
  if (!dir) return;
  const list = values.filter((v) => typeof v === 'string' && v.length >= 6);
  if (list.length > 0) appendFileSync(file(`secrets.${process.pid}.json`), `${JSON.stringify(list)}\n`);
}
