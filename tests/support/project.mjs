// A scratch project with the built package (pkg/) installed as node_modules/tracksafe, the way a
// theme or a server would have it: for tests of the export map and of bundlers.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../../pkg', import.meta.url));

/** Makes the project in a new temporary folder (an ES-module package); returns its path. */
export function scratchProject(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(PKG, join(dir, 'node_modules', 'tracksafe'), 'dir');
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return dir;
}
