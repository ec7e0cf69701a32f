// The leak scan that ends `make test`: no secret and no raw test PII in any artefact of the run.
// Reads what the suites recorded under TRACKSAFE_ARTEFACTS (every collector answer a test or the
// browser got, every line workerd and Viceroy logged, every console line of the pages, everything
// the upstream sink received) plus the built `pkg/`, and looks for every declared secret (peppers,
// upstream tokens, destination credentials) and every raw value of the PII corpus.
// Usage: node tests/artefacts/scan.mjs <artefact dir>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const dir = process.argv[2];
if (!dir) {
  console.error('usage: node tests/artefacts/scan.mjs <artefact dir>');
  process.exit(2);
}

// Every kind must be present, or the scan would prove nothing about that part of the run.
const REQUIRED = ['responses', 'browser-responses', 'browser-console', 'workerd-log', 'viceroy-log', 'upstream'];

const files = readdirSync(dir);
const secrets = new Set();
for (const f of files.filter((f) => f.startsWith('secrets.'))) {
  for (const line of readFileSync(join(dir, f), 'utf8').split('\n')) if (line) for (const s of JSON.parse(line)) secrets.add(s);
}
for (const line of readFileSync(join(root, 'tests/corpus/pii.txt'), 'utf8').split('\n')) {
  const [kind, value] = line.split('\t');
  if (!kind || kind.startsWith('#') || !value) continue;
  secrets.add(value);
}
// Emails also in the lower case a normalizer would give them.
for (const s of [...secrets]) if (s.includes('@')) secrets.add(s.toLowerCase());

const problems = [];
const kinds = new Map();
let bytes = 0;
let records = 0;
function scan(label, text) {
  bytes += text.length;
  for (const s of secrets) if (text.includes(s)) problems.push(`${label} carries ${JSON.stringify(s)}`);
}
for (const f of files.filter((f) => !f.startsWith('secrets.'))) {
  const kind = f.split('.')[0];
  const text = readFileSync(join(dir, f), 'utf8');
  kinds.set(kind, (kinds.get(kind) ?? 0) + text.split('\n').length - 1);
  records += text.split('\n').length - 1;
  scan(f, text);
}
const pkg = join(root, 'pkg');
const pkgFiles = readdirSync(pkg).filter((f) => statSync(join(pkg, f)).isFile());
for (const f of pkgFiles) scan(`pkg/${f}`, readFileSync(join(pkg, f)).toString('latin1'));

for (const kind of REQUIRED) if (!kinds.get(kind)) problems.push(`no ${kind} artefact was recorded: the scan cannot vouch for it`);
if (secrets.size < 10) problems.push(`only ${secrets.size} secrets declared`);

const summary = [...kinds].sort().map(([k, n]) => `${k} ${n}`).join(', ');
console.log(`artefact scan: ${records} records (${summary}) in ${files.length} files and ${pkgFiles.length} pkg/ files, ${(bytes / 1048576).toFixed(1)} MiB, against ${secrets.size} secrets and PII values`);
if (problems.length > 0) {
  for (const p of problems.slice(0, 50)) console.error(`LEAK? ${p}`);
  console.error(`artefact scan: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log('artefact scan: nothing found');
