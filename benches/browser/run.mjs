// `make bench`: tracksafe's script-tag and ES-module builds beside the trackers a shop would pick,
// in one run of headless Chromium, repetitions interleaved across targets. Prints one markdown
// table and the budget lines, writes bench-results/latest.md (and .json). A failed budget is
// reported, not an error: the exit code is 0 unless the bench itself could not run.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromiumVersion, launch, measure, probeStreaming } from './chromium.mjs';
import { benchPage, shaPage } from './page.mjs';
import { budgets, ratios, shaRatios, summarize, table } from './report.mjs';
import { startServers } from './server.mjs';
import { measureSha } from './sha.mjs';
import { loadTargets, packageVersion } from './targets.mjs';

const HELP = `usage: node benches/browser/run.mjs [options]
  --reps N        measured repetitions per target (default 5)
  --warmup N      discarded repetitions first (default 1)
  --only a,b      only these targets (none, snowplow, posthog, rudderstack, segment, plausible,
                  tracksafe-script, tracksafe-esm); budgets needing a missing peer then fail.
                  The SHA-256 comparison runs as well; \`--only sha\` runs nothing else and
                  prints only its rows, budgets and ratios (about 10 s)
  --events N      burst size (default 1000)
  --paced N       paced calls, 30 ms apart (default 20)
  --settle MS     wait after ready before reading init CPU (default 1000)
  --idle MS       stop waiting for delivery after MS without a new event (default 6000)
  --timeout MS    stop waiting for delivery after MS (default 30000)
  --sha-reps N    SHA-256 samples per method, ~25 ms each, interleaved (default 21)
  --out FILE      markdown report (default bench-results/latest.md)
  --pkg DIR       the built package to measure (default pkg/ of this checkout)`;

const { values: a } = parseArgs({
  options: {
    reps: { type: 'string', default: '5' },
    warmup: { type: 'string', default: '1' },
    only: { type: 'string' },
    events: { type: 'string', default: '1000' },
    paced: { type: 'string', default: '20' },
    settle: { type: 'string', default: '1000' },
    idle: { type: 'string', default: '6000' },
    timeout: { type: 'string', default: '30000' },
    'sha-reps': { type: 'string', default: '21' },
    out: { type: 'string' },
    pkg: { type: 'string' },
    help: { type: 'boolean' },
  },
});
if (a.help) {
  console.log(HELP);
  process.exit(0);
}
const root = resolve(new URL('../..', import.meta.url).pathname);
const opts = {
  reps: Number(a.reps), warmup: Number(a.warmup), events: Number(a.events), paced: Number(a.paced),
  settle: Number(a.settle), idle: Number(a.idle), timeout: Number(a.timeout), shaReps: Number(a['sha-reps']),
  snippetAsync: documentedSnippetsAsync(root),
};
const out = a.out ?? join(root, 'bench-results', 'latest.md');
const pkgDir = resolve(a.pkg ?? join(root, 'pkg'));
if (!existsSync(join(pkgDir, 'package.json'))) throw new Error(`${pkgDir}/package.json is missing: run \`make build\` first`);
// A build without one of tracksafe's entries (e.g. an older branch's pkg/) loses that row only.
const NEEDS = { 'tracksafe-script': ['tracksafe.js', 'tracksafe_lean_bg.wasm'], 'tracksafe-esm': ['browser.js', 'tracksafe_extended_bg.wasm'] };
const log = (s) => process.stderr.write(`${s}\n`);
const only = a.only ? new Set(a.only.split(',')) : null;
const shaOnly = only?.size === 1 && only.has('sha');

const srv = await startServers();
const browser = await launch().catch((e) => {
  srv.stop();
  throw e;
});
try {
  let targets = await loadTargets({ root, pkgDir, buildDir: join(root, 'target', 'bench-browser'), collector: srv.collectorOrigin });
  targets = targets.filter((t) => {
    const missing = (NEEDS[t.name] ?? []).filter((f) => !existsSync(join(pkgDir, f)));
    if (missing.length) log(`  skipping ${t.name}: ${missing.join(', ')} not in ${pkgDir}`);
    return !missing.length;
  });
  if (only) targets = targets.filter((t) => only.has(t.name));
  const config = { collector: srv.collectorOrigin };
  const pages = { sha: shaPage({ jsSha256: '/nm/js-sha256/build/sha256.min.js', tracksafeModule: '/pkg/full.js' }) };
  for (const t of targets) {
    pages[t.name] = benchPage(t, config);
    if (t.tracksafe) pages[`${t.name}.probe`] = benchPage(t, config, { probe: true });
  }
  await srv.call('configure', { mounts: { pkg: pkgDir, build: join(root, 'target', 'bench-browser'), nm: join(root, 'node_modules') }, pages });

  const results = [];
  let run = 0;
  for (let rep = 0; rep < opts.warmup + opts.reps; rep++) {
    const warm = rep < opts.warmup;
    // Rotate the order each repetition, so drift on the shared machine spreads over all targets.
    for (let i = 0; i < targets.length; i++) {
      const t = targets[(i + rep) % targets.length];
      const r = await measure({ context: browser.context, srv, target: t, runId: `r${++run}`, opts });
      log(`  ${warm ? 'warm-up' : `rep ${rep - opts.warmup + 1}/${opts.reps}`} ${t.name}: ready ${r.readyMs?.toFixed(1)} ms, ` +
        `paced ${r.pacedCpuUs?.toFixed(0)} µs/ev, burst ${r.burstDelivered ?? '-'}/${opts.events} in ${r.deliveredMs?.toFixed(0)} ms` +
        `${r.fail ? ` FAILED: ${r.fail.slice(0, 300)}` : ''}${r.outside?.length ? ` (tried outside hosts: ${r.outside.slice(0, 3).join(' ')})` : ''}`);
      if (!warm) results.push(r);
    }
  }
  const streaming = {};
  for (const t of targets.filter((t) => t.tracksafe)) streaming[t.name] = await probeStreaming({ context: browser.context, srv, target: t });
  const sha = await measureSha({ context: browser.context, srv, reps: opts.shaReps, log });

  const s = summarize(targets, results, sha);
  const lines = budgets(s, opts, streaming).filter((l) => !shaOnly || l.name.startsWith('SHA-256'));
  const passed = lines.filter((l) => l.pass).length;
  const isolated = results.every((r) => r.isolated !== false);
  const md = [
    `# tracksafe browser bench, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${chromiumVersion()} (headless, fresh profile, loopback only), Node ${process.version}, playwright-core ${packageVersion(root, 'playwright-core')}. ` +
      (shaOnly ? 'SHA-256 comparison only (`--only sha`). ' : `${opts.reps} repetitions after ${opts.warmup} warm-up, interleaved across targets; cells are median (min–max). ` +
      `Burst ${opts.events} calls; paced ${opts.paced} calls 30 ms apart. crossOriginIsolated: ${isolated}. ` +
      `Each script goes in as its documented snippet has it (tracksafe's with its preload link: ${preloadLabel(targets)}). `) +
      `SHA-256: ${opts.shaReps} samples per method after a 1 s warm-up, interleaved.`,
    '',
    `Measured build: ${buildLabel(root, pkgDir)}.`,
    '',
    table(s, opts),
    '',
    '## Budgets',
    '',
    ...lines.map((l) => `- ${l.pass ? 'PASS' : 'FAIL'} ${l.name}: ${l.detail}`),
    '',
    `budgets: ${passed} passed, ${lines.length - passed} failed`,
    '',
    ...(shaOnly ? [] : [
      '## Ratios (peer ÷ tracksafe script tag; above 1× means tracksafe is ahead)',
      '',
      ...(s['tracksafe-script'] ? ratios(s, 'tracksafe-script') : ['- tracksafe-script not measured']),
      '',
    ]),
    '## SHA-256 ratios (tracksafe ÷ reference; below 1× means tracksafe is faster)',
    '',
    ...shaRatios(s),
    '',
    ...failureNotes(s),
  ].join('\n');
  console.log(md);
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${md}\n`);
  writeFileSync(out.replace(/\.md$/, '.json'), `${JSON.stringify({ opts, results, sha, streaming }, null, 1)}\n`);
  log(`wrote ${out}`);
} finally {
  await browser.close();
  srv.stop();
}

/**
 * Which build was measured: the package directory, when it was built, and the commit of this
 * checkout (a table must not silently describe another tree than the one it is pasted into).
 */
function buildLabel(dir, pkg) {
  const git = (...args) => {
    try {
      return execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return '';
    }
  };
  const commit = git('rev-parse', '--short', 'HEAD');
  const dirty = git('status', '--porcelain', '--untracked-files=no') ? ' with uncommitted changes' : '';
  const built = statSync(join(pkg, 'package.json')).mtime.toISOString().slice(0, 16).replace('T', ' ');
  const where = pkg === join(dir, 'pkg') ? 'pkg/' : pkg;
  return `${where} built ${built} UTC${commit ? `, checkout at ${commit}${dirty}` : ''}`;
}

/** The files the script tag's documented snippet preloads, for the report's header. */
function preloadLabel(targets) {
  const files = targets.find((t) => t.name === 'tracksafe-script')?.preload ?? [];
  return files.length ? files.map((f) => `\`${f.split('/').pop()}\``).join(', ') : 'none';
}

/** Does every documented `<script … tracksafe.js …>` embed carry `async`? */
function documentedSnippetsAsync(dir) {
  const tags = [];
  for (const f of ['README.md', 'pkg-template/README.md']) {
    const p = join(dir, f);
    if (existsSync(p)) tags.push(...(readFileSync(p, 'utf8').match(/<script\b[^>]*tracksafe\.js[^>]*>/g) ?? []));
  }
  return tags.length > 0 && tags.every((t) => /\sasync(\s|>|=)/.test(t));
}

function failureNotes(s) {
  const notes = [];
  for (const [name, x] of Object.entries(s)) {
    if (name !== 'sha' && x.failed) notes.push(`- ${name}: ${x.failed} of ${x.reps} repetitions failed: ${[...new Set(x.failures)].join('; ').slice(0, 400)}`);
  }
  if (s.sha.wrong.length) notes.push(`- SHA-256 digests that disagree with node:crypto (not timed): ${s.sha.wrong.join('; ')}`);
  return notes.length ? ['## Problems in this run', '', ...notes, ''] : [];
}
