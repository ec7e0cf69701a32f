// What the bench loads: tracksafe's two builds from pkg/, the peers (esbuild IIFE bundles of their
// npm packages plus a few lines of glue in peers/), and a no-op floor. Every target exposes
// `benchSetup(config) → { track(name, props) }`; tracksafe's glue is inline in the page.
import { build } from 'esbuild';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchPage } from './page.mjs';

const PEERS = [
  { name: 'snowplow', pkg: '@snowplow/browser-tracker', fullFeatured: true },
  { name: 'posthog', pkg: 'posthog-js', fullFeatured: true },
  { name: 'rudderstack', pkg: '@rudderstack/analytics-js', fullFeatured: true, note: '`/bundled` entry' },
  { name: 'segment', pkg: '@segment/analytics-next', fullFeatured: true },
  { name: 'plausible', pkg: '@plausible-analytics/tracker', note: 'no consent, no IDs' },
];

// tracksafe sends nothing before consent: the bench grants `analytics` the way a CMP would,
// right after load, and "ready" means "loaded and allowed to send".
const SCRIPT_SETUP = `window.benchSetup = async () => {
  await window.tracksafe.ready;
  await window.tracksafe.setConsent({ analytics: true });
  return { track: (name, props) => window.tracksafe.track(name, props) };
};`;
const MODULE_SETUP = `window.benchSetup = async (config, m) => {
  const tracker = new m.Tracker({ endpoint: config.collector + '/collect', site: 'bench' });
  await tracker.setConsent({ analytics: true });
  return { track: (name, props) => tracker.track(name, props) };
};`;

export const packageVersion = (root, pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/**
 * All targets, in table order. `event` is the name each one tracks a cart add under.
 * @param {{ root: string, pkgDir: string, buildDir: string, collector: string }} where
 */
export async function loadTargets({ root, pkgDir, buildDir, collector }) {
  const tsVersion = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')).version;
  const targets = [
    { name: 'none', label: 'no tracker (floor)', version: '', script: '/build/none.js', event: 'Product Added' },
  ];
  mkdirSync(buildDir, { recursive: true });
  await build({
    entryPoints: [join(root, 'benches/browser/peers/none.js')],
    bundle: true, minify: true, format: 'iife', outfile: join(buildDir, 'none.js'), logLevel: 'silent',
  });
  for (const peer of PEERS) {
    await build({
      entryPoints: [join(root, 'benches/browser/peers', `${peer.name}.js`)],
      bundle: true,
      minify: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2020',
      legalComments: 'none',
      define: { 'process.env.NODE_ENV': '"production"' },
      outfile: join(buildDir, `${peer.name}.js`),
      logLevel: 'silent',
    });
    targets.push({
      ...peer,
      label: peer.pkg,
      version: packageVersion(root, peer.pkg),
      script: `/build/${peer.name}.js`,
      event: 'Product Added',
    });
  }
  targets.push(
    {
      name: 'tracksafe-script',
      label: 'tracksafe script tag',
      version: tsVersion,
      tracksafe: true,
      script: '/pkg/tracksafe.js',
      preload: documentedPreloads(root).map((file) => `/pkg/${file}`),
      dataset: { endpoint: `${collector}/collect`, site: 'bench' },
      setup: SCRIPT_SETUP,
      event: 'product_added_to_cart',
    },
    {
      name: 'tracksafe-esm',
      label: 'tracksafe ES module',
      version: tsVersion,
      tracksafe: true,
      module: '/pkg/browser.js',
      setup: MODULE_SETUP,
      event: 'product_added_to_cart',
    },
  );
  return targets;
}

/**
 * Serves target `name`'s bench page with the package in `pkgDir` and begins run `runId`: the setup
 * of the development aids that load one target (profile, coverage, A/B). `preload: false` drops
 * the snippet's preload links. Returns the target.
 */
export async function serveTarget(srv, { root, pkgDir, name, runId, preload = true }) {
  const buildDir = join(root, 'target', 'bench-browser');
  const targets = await loadTargets({ root, pkgDir, buildDir, collector: srv.collectorOrigin });
  const target = targets.find((t) => t.name === name);
  if (!target) throw new Error(`no target ${name}; have ${targets.map((t) => t.name).join(', ')}`);
  if (!preload) target.preload = [];
  await srv.call('configure', {
    mounts: { pkg: pkgDir, build: buildDir, nm: join(root, 'node_modules') },
    pages: { [target.name]: benchPage(target, { collector: srv.collectorOrigin }) },
  });
  await srv.call('begin', { runId });
  return target;
}

/**
 * The files the README's script-tag snippet preloads (`<link rel="preload" href="…/x.wasm">` in the
 * same code block as the `tracksafe.js` script): the bench loads the snippet as documented, no more.
 */
export function documentedPreloads(root) {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const block = (readme.match(/```html\n[^`]*tracksafe\.js[^`]*```/) ?? [''])[0];
  return [...block.matchAll(/<link\s+rel="preload"\s+href="[^"]*\/([^"/]+\.wasm)"/g)].map((m) => m[1]);
}
