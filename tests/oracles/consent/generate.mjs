// Known-answer fixtures for the consent decoders, made by the IAB reference libraries.
//
//   node tests/oracles/consent/generate.mjs OUT.ndjson [seed] [count]
//
// Needs the dev dependencies @iabtechlabtcf/core@1.5.21 and @iabgpp/cmpapi@3.2.0. Every line is
// `{ kind, input, expected }` with kind "tcf" (TCString.decode) or "gpp" (GppModel); `expected` is
// what the libraries decode (JS field names), or `{ error: true }` where they throw.
import { writeFileSync } from 'node:fs';
import { gppExpected, mutate, randomGppString, randomTcString, setSeed, tcExpected } from './models.mjs';

const out = process.argv[2];
if (!out) {
  console.error('usage: generate.mjs OUT.ndjson [seed] [count]');
  process.exit(2);
}
setSeed(Number(process.argv[3] ?? 20240601));
const COUNT = Number(process.argv[4] ?? 400);

const lines = [];
const seen = new Set();
function emit(kind, input, decode, onlyErrors) {
  if (seen.has(kind + input)) return;
  let expected;
  try { expected = decode(input); } catch { expected = { error: true }; }
  if (onlyErrors && !expected.error) return;
  seen.add(kind + input);
  lines.push(JSON.stringify({ kind, input, expected }));
}

for (let i = 0; i < COUNT; i++) {
  const tc = randomTcString();
  emit('tcf', tc, tcExpected, false);
  emit('tcf', mutate(tc), tcExpected, true);
  const gpp = randomGppString();
  emit('gpp', gpp, gppExpected, false);
  emit('gpp', mutate(gpp), gppExpected, true);
}
// A v2 core whose version says 3 or 0, and a handful of fixed shapes, must all throw.
for (const v of ['D', 'A']) emit('tcf', v + randomTcString().slice(1), tcExpected, true);
for (const s of ['', '.', 'C', 'DBABM~', 'DBACNY~1YNN', 'DBABM', 'XYZ~', 'DBABzYA~BVVVVVVVVWA']) {
  emit('tcf', s, tcExpected, true);
  emit('gpp', s, gppExpected, true);
}

writeFileSync(out, lines.join('\n') + '\n');
console.log(`wrote ${lines.length} cases to ${out}`);
