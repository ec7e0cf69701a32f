// Cross-check with the harness that measured the peers (../shared/bench-anchors, not part of this
// project): writes tracksafe's two builds as candidate folders for it, from pkg/, and prints the
// command that runs the harness with them. The harness is run where it lives, never copied in.
// Usage: node benches/anchors.mjs [out-dir]   (default target/anchors; `make build` first)
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(new URL('..', import.meta.url).pathname);
const pkg = join(root, 'pkg');
const out = resolve(process.argv[2] ?? join(root, 'target', 'anchors'));
if (!existsSync(join(pkg, 'package.json'))) throw new Error('pkg/ is missing: run `make build` first');
const version = JSON.parse((await import('node:fs')).readFileSync(join(pkg, 'package.json'), 'utf8')).version;
// The harness tracks `{ event: 'Product Added', properties }`; tracksafe's standard name for it.
const EVENT = 'product_added_to_cart';

function candidate(name, files, target, extra) {
  const dir = join(out, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const f of files) copyFileSync(join(pkg, f), join(dir, f));
  for (const [f, text] of Object.entries(extra)) writeFileSync(join(dir, f), text);
  writeFileSync(join(dir, 'target.json'), `${JSON.stringify({ name, version, ...target }, null, 2)}\n`);
  return dir;
}

// Script tag: the harness injects one script and sets window.BENCH_CONFIG first; tracksafe's tag
// takes its endpoint from data-* attributes, so a few-line boot script adds the documented snippet
// (the wasm's preload link and the tag; one extra small request before tracksafe.js) and grants consent the way a CMP would.
const script = candidate('tracksafe-script', ['tracksafe.js', 'tracksafe_lean_bg.wasm'], {
  note: 'script tag (lean wasm); boot.js adds the documented snippet (wasm preload + async tag with data-endpoint), then grants analytics',
  runtime: { script: 'boot.js' },
  sizes: [
    { label: 'tracksafe.js (script tag)', file: 'tracksafe.js' },
    { label: 'tracksafe_lean_bg.wasm', file: 'tracksafe_lean_bg.wasm' },
  ],
}, {
  'boot.js': `(() => {
  const config = window.BENCH_CONFIG;
  // The documented snippet: the wasm's preload link beside the async script.
  const l = document.createElement('link');
  Object.assign(l, { rel: 'preload', as: 'fetch', crossOrigin: 'anonymous', href: new URL('tracksafe_lean_bg.wasm', document.currentScript.src).href });
  document.head.append(l);
  const s = document.createElement('script');
  s.async = true;
  s.src = new URL('tracksafe.js', document.currentScript.src).href;
  s.dataset.endpoint = config.collector + '/collect';
  s.dataset.site = 'anchors';
  const loaded = new Promise((ok, fail) => { s.onload = ok; s.onerror = fail; });
  document.head.append(s);
  window.benchSetup = async () => {
    await loaded;
    await window.tracksafe.ready;
    await window.tracksafe.setConsent({ analytics: true });
    return { track: (e) => window.tracksafe.track('${EVENT}', e.properties), flush: () => window.tracksafe.flush() };
  };
})();
`,
});

// ES module: the npm package's browser entry (one bundled module + the extended lean wasm).
const module = candidate('tracksafe-module', ['browser.js', 'tracksafe_extended_bg.wasm'], {
  note: 'ES module (npm browser entry, extended lean wasm); grants analytics after construction',
  runtime: { module: 'glue.mjs' },
  sizes: [
    { label: 'browser.js (ES module)', file: 'browser.js' },
    { label: 'tracksafe_extended_bg.wasm', file: 'tracksafe_extended_bg.wasm' },
  ],
}, {
  'glue.mjs': `import { Tracker } from './browser.js';
export async function benchSetup(config) {
  const t = new Tracker({ endpoint: config.collector + '/collect', site: 'anchors' });
  await t.setConsent({ analytics: true });
  return { track: (e) => t.track('${EVENT}', e.properties), flush: () => t.flush() };
}
`,
});

console.log(`candidates written:\n  ${script}\n  ${module}\nrun the harness where it lives, e.g.:\n` +
  `  cd ../shared/bench-anchors && npm ci && node run.mjs --candidate ${script} --candidate ${module} ` +
  '--only tracksafe-script,tracksafe-module,snowplow,posthog,none-baseline --phases sizes,browser');
