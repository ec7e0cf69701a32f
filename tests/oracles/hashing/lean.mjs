// The script tag's identify() against the reference libraries' hashes: its hasher wasm (loaded on
// the first identify() call) hashes, the lean wasm's Engine keeps the digests. The page builds map
// non-ASCII case with the host's String.prototype.toLowerCase/toUpperCase instead of std's tables
// (src/case.rs), so identify() must still hash every oracle line as Meta's SDK and Google's
// library do. Runs the hasher's glue of `make build` and the lean wasm's hand-written glue
// (pkg-template/src/page-engine.js) in Node (same V8 case mapping as Chromium) over the lines
// `generate.sh` wrote.
// Usage: node tests/oracles/hashing/lean.mjs <corpus.ndjson> <google.ndjson> [...]
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('../../..', import.meta.url).pathname);
const files = process.argv.slice(2);
if (files.length === 0) throw new Error('usage: lean.mjs <oracle.ndjson>...');
const glue = await import(pathToFileURL(resolve(root, 'pkg-template/src/page-engine.js')).href);
glue.initSync({ module: readFileSync(resolve(root, 'pkg/tracksafe_lean_bg.wasm')) });
// The script tag's runtime hands each member to the hasher (pkg/runtime.js is its source).
const { hashMembers } = await import(pathToFileURL(resolve(root, 'pkg/runtime.js')).href);
// The hasher as the script tag loads it: the bundled ES module shipped in pkg/.
const hasher = await import(pathToFileURL(resolve(root, 'pkg/tracksafe_hasher.js')).href);
hasher.initSync({ module: readFileSync(resolve(root, 'pkg/tracksafe_hasher_bg.wasm')) });

// identify() key for each identifier field (src/identify.rs KEYS).
const KEY = { external_id: 'customerId', em: 'email', ph: 'phone', fn: 'firstName', ln: 'lastName', ct: 'city', st: 'state', zp: 'zip', country: 'country' };
const engines = new Map();
function engine(profile) {
  if (!engines.has(profile)) {
    const e = new glue.Engine(JSON.stringify({ endpoint: 'https://c.example/collect', site: 'oracle', hashProfile: profile }));
    e.setSignals(JSON.stringify({ manual: { analytics: true, marketing: true } }), Date.now());
    engines.set(profile, e);
  }
  return engines.get(profile);
}

let checked = 0;
let skipped = 0;
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  lines.forEach((text, n) => {
    const line = JSON.parse(text);
    // identify() has no default country: numbers needing one are the core's (hashing_oracle.rs).
    if (line.defaultCountry !== undefined) {
      skipped += 1;
      return;
    }
    const e = engine(line.profile);
    let got;
    try {
      e.identifyHashed(hashMembers([[KEY[line.field], line.input]], line.profile, hasher.hashIdentifyMember));
      got = { expected: JSON.parse(e.identifiers())[line.field] };
    } catch (err) {
      got = { error: err.code };
    }
    const want = line.error !== undefined ? { error: line.error } : { expected: line.expected };
    assert.deepEqual(got, want, `${file}:${n + 1}: ${line.profile} ${line.field} ${JSON.stringify(line.input)}`);
    checked += 1;
  });
}
assert.ok(checked > 0, 'no oracle line was checked');
console.log(`script tag (hasher + lean wasm): ${checked} oracle lines agree (${skipped} with a default country are checked natively only)`);
