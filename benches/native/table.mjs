// Prints the medians of the criterion benchmarks that ran since a moment as one markdown table,
// in the order they ran, from the JSON criterion writes (`<dir>/<id>/new/{benchmark,estimates}.json`).
// Usage: node benches/native/table.mjs CRITERION_DIR SINCE_EPOCH_MS
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const [dir, since = '0'] = process.argv.slice(2);
if (!dir) throw new Error('usage: node benches/native/table.mjs CRITERION_DIR [SINCE_EPOCH_MS]');

/** Every `new/` directory under `root` (criterion nests a benchmark's id by its `/` parts). */
function* runs(root) {
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const path = join(root, entry.name);
    if (entry.name === 'new') yield path;
    else if (entry.name !== 'base' && entry.name !== 'change' && entry.name !== 'report') yield* runs(path);
  }
}

const ns = (x) => (x >= 1e5 ? `${(x / 1e3).toFixed(0)} µs` : x >= 1e4 ? `${(x / 1e3).toFixed(1)} µs` : `${x.toFixed(0)} ns`);
const rows = [];
for (const path of runs(dir)) {
  const estimates = join(path, 'estimates.json');
  let at;
  try {
    at = statSync(estimates).mtimeMs;
  } catch {
    continue;
  }
  if (at < Number(since)) continue;
  const bench = JSON.parse(readFileSync(join(path, 'benchmark.json'), 'utf8'));
  const { median } = JSON.parse(readFileSync(estimates, 'utf8'));
  const per = bench.throughput?.Elements ?? 1;
  rows.push({ at, id: bench.full_id, per, median });
}
if (rows.length === 0) throw new Error(`no criterion results in ${dir} newer than ${new Date(Number(since)).toISOString()}`);
rows.sort((x, y) => x.at - y.at);
console.log('| benchmark | median per iteration (95 % CI) | per event | ops/s |');
console.log('| --- | ---: | ---: | ---: |');
for (const { id, per, median } of rows) {
  const { lower_bound: lo, upper_bound: hi } = median.confidence_interval;
  const each = median.point_estimate / per;
  console.log(`| ${id} | ${ns(median.point_estimate)} (${ns(lo)}–${ns(hi)}) | ${per > 1 ? ns(each) : '–'} | ${Math.round(1e9 / each).toLocaleString('en-US')} |`);
}
