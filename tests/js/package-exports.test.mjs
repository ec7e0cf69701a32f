// The package's export map as its users' tools read it: Node resolves `tracksafe` and
// `tracksafe/full` to the node entry (every export), and tsc gives a page bundle (`bundler`
// resolution) only the Tracker from `tracksafe` and every free function from `tracksafe/full`,
// while a Node project (`nodenext`) sees the whole API from `tracksafe`. The package is pkg/ as
// built, installed as node_modules/tracksafe of a scratch project.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { scratchProject } from '../support/project.mjs';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
let project;

before(() => {
  project = scratchProject('tracksafe-exports-');
});
after(() => rmSync(project, { recursive: true, force: true }));

/** Runs tsc on `source` with `resolution`; returns its exit status and output. */
function typeCheck(name, source, resolution) {
  const file = join(project, `${name}.ts`);
  writeFileSync(file, source);
  const module = resolution === 'bundler' ? 'es2022' : 'nodenext';
  const run = spawnSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', module, '--moduleResolution', resolution, file], { encoding: 'utf8', cwd: project });
  return { status: run.status, out: `${run.stdout}${run.stderr}` };
}

describe('the export map', () => {
  test('Node: `tracksafe` and `tracksafe/full` are the node entry, with every export', () => {
    const script = `
      const root = await import('tracksafe');
      const full = await import('tracksafe/full');
      console.log(JSON.stringify({ same: root === full, keys: Object.keys(root).sort(), email: full.hashEmail('a@b.co', 'meta').length }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', cwd: project });
    assert.equal(run.status, 0, run.stderr);
    const got = JSON.parse(run.stdout);
    assert.equal(got.same, true, 'one module instance');
    for (const name of ['Tracker', 'createCollector', 'hashEmail', 'decodeTcString', 'minimizeEvent', 'resolveConsent']) assert.ok(got.keys.includes(name), name);
    assert.equal(got.email, 64);
  });

  test('tsc, a page bundle: `tracksafe` is the Tracker and the types; the free functions come from `tracksafe/full`', () => {
    const ok = typeCheck('page', `
      import { Tracker, type TrackerOptions, type TrackResult } from 'tracksafe';
      import { hashEmail, decodeTcString, Tracker as FullTracker } from 'tracksafe/full';
      const options: TrackerOptions = { endpoint: 'https://c.example/collect' };
      const t: Tracker = new Tracker(options);
      const r: Promise<TrackResult> = t.track('page_viewed', {});
      const h: string = hashEmail('a@b.co', 'meta');
      export { r, h, decodeTcString, FullTracker };
    `, 'bundler');
    assert.equal(ok.status, 0, `tsc refused the page's imports:\n${ok.out}`);
    const refused = typeCheck('page-free', `import { hashEmail } from 'tracksafe';\nexport const h = hashEmail('a@b.co', 'meta');\n`, 'bundler');
    assert.notEqual(refused.status, 0, 'hashEmail is not the browser entry\'s');
    assert.match(refused.out, /hashEmail/);
  });

  test('tsc, a Node project: `tracksafe` has the whole API', () => {
    const ok = typeCheck('server', `
      import { Tracker, createCollector, hashEmail, resolveConsent } from 'tracksafe';
      export { Tracker, createCollector, hashEmail, resolveConsent };
    `, 'nodenext');
    assert.equal(ok.status, 0, `tsc refused the server's imports:\n${ok.out}`);
  });
});
