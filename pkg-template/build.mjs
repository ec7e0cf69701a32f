// Assembles the npm package in pkg/ from the wasm-bindgen output and pkg-template/, bundles the
// script-tag file, writes integrity.json and prints the bytes a page loads.
// The script tag ships the lean wasm (no TC/GPP string decoders, no edge collector, no hashing, no
// CMP decoding, no custom options) and the extended one (the lean one with a TCF/GPP CMP's own
// decoding, custom event declarations and CMP group ids), picked by the page's CMP APIs and its
// options; the ES module for pages (`browser.js`) the extended one, as its options come later; both, for their first identify() call, the hasher (`tracksafe_hasher.js` +
// its wasm); `tracksafe/full` for pages (`full.js`) the browser wasm (the free functions too, no
// edge collector), the node and workerd entries the full one.
// The lean wasm files and the hasher have no wasm-bindgen glue: the script tag and `browser.js`
// bundle src/page-engine.js, the hasher src/page-hasher.js.
// Usage: node pkg-template/build.mjs <bindgen-dir> <wasm> <lean-wasm> <extended-wasm> <hasher-wasm>
//   <browser-bindgen-dir> <browser-wasm> <pkg-dir>

import { build } from 'esbuild';
import { minify } from 'terser';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const [bindgenDir, wasmPath, leanWasmPath, extendedWasmPath, hasherWasmPath, browserDir, browserWasmPath, pkgDir] = process.argv.slice(2);
if (!pkgDir) throw new Error('usage: build.mjs <bindgen-dir> <wasm> <lean-wasm> <extended-wasm> <hasher-wasm> <browser-bindgen-dir> <browser-wasm> <pkg-dir>');
const here = new URL('.', import.meta.url).pathname;

/** The page builds' glue imports the `inline_js` of src/js/host.rs from its snippets folder. */
function copySnippets(from, to) {
  if (existsSync(join(from, 'snippets'))) cpSync(join(from, 'snippets'), join(to, 'snippets'), { recursive: true });
}

rmSync(pkgDir, { recursive: true, force: true });
mkdirSync(pkgDir, { recursive: true });
copyFileSync(join(bindgenDir, 'tracksafe_core.js'), join(pkgDir, 'tracksafe_core.js'));
copyFileSync(join(bindgenDir, 'tracksafe_core.d.ts'), join(pkgDir, 'tracksafe_core.d.ts'));
copyFileSync(wasmPath, join(pkgDir, 'tracksafe_bg.wasm'));
copyFileSync(leanWasmPath, join(pkgDir, 'tracksafe_lean_bg.wasm'));
copyFileSync(extendedWasmPath, join(pkgDir, 'tracksafe_extended_bg.wasm'));
copyFileSync(browserWasmPath, join(pkgDir, 'tracksafe_browser_bg.wasm'));
copyFileSync(hasherWasmPath, join(pkgDir, 'tracksafe_hasher_bg.wasm'));
// The script tag is bundled from the same runtime sources, with the hand-written glue of the
// lean wasm (src/page-engine.js) in place of wasm-bindgen's `tracksafe_core.js`.
const staging = join(here, '..', 'target', 'script-tag-staging');
rmSync(staging, { recursive: true, force: true });
mkdirSync(staging, { recursive: true });
for (const f of readdirSync(join(here, 'src'))) copyFileSync(join(here, 'src', f), join(staging, f));
copyFileSync(join(here, 'src', 'page-engine.js'), join(staging, 'tracksafe_core.js'));
for (const f of readdirSync(join(here, 'src'))) {
  // The script tag's own files are bundled, not shipped one by one.
  if (f !== 'script-tag.js' && !f.startsWith('page-')) copyFileSync(join(here, 'src', f), join(pkgDir, f));
}
for (const f of ['package.json', 'index.d.ts', 'browser.d.ts', 'README.md', 'batch.schema.json']) copyFileSync(join(here, f), join(pkgDir, f));


/** Bundles `entry` minified into `outfile` of the package; `options` adds to esbuild's. */
const bundle = (entry, outfile, options) =>
  build({
    entryPoints: [entry],
    bundle: true,
    minify: true,
    outfile: join(pkgDir, outfile),
    // The glue's import.meta.url default is never used: the wasm URL is always passed in.
    logOverride: { 'empty-import-meta': 'silent' },
    legalComments: 'none',
    ...options,
  });
// The runtime's and the lean glue's private members (`this._engine`, `_call`, …) get short names
// in the page bundles; every public name stays.
const PRIVATE = /^_[a-z]/;

await bundle(join(staging, 'script-tag.js'), 'tracksafe.js', { format: 'iife', target: 'es2020', mangleProps: PRIVATE });

// The page's hasher: its glue (with the host functions it borrows) as one ES module, which
// `tracksafe.js` and `browser.js` import on the first identify() call. Its own file, so a page
// that never identifies a shopper loads neither it nor its wasm.
await bundle(join(staging, 'page-hasher.js'), 'tracksafe_hasher.js', { format: 'esm', target: 'es2020' });

// The `browser` entry as one ES module: the runtime and the lean wasm files' glue, as in the script
// tag. One file, so `import()` from a CDN or a theme's asset folder costs one request before the
// wasm fetch starts, not a waterfall of module requests.
// Its whitespace is left to terser, which keeps the bundler hints on the hasher's `import()`
// (esbuild's whitespace minifier drops every comment).
await bundle(join(staging, 'page-module.js'), 'browser.js', {
  format: 'esm',
  target: 'es2022',
  mangleProps: PRIVATE,
  minify: false,
  minifySyntax: true,
  minifyIdentifiers: true,
});

// `tracksafe/full` for pages as one ES module too (the browser build's glue, runtime and free
// functions inlined). The node and workerd entries keep the separate files and the full glue.
const browserSources = join(browserDir, 'staging');
rmSync(browserSources, { recursive: true, force: true });
mkdirSync(browserSources, { recursive: true });
for (const f of readdirSync(pkgDir).filter((f) => f.endsWith('.js'))) copyFileSync(join(pkgDir, f), join(browserSources, f));
copyFileSync(join(browserDir, 'tracksafe_core.js'), join(browserSources, 'tracksafe_core.js'));
copySnippets(browserDir, browserSources);
await bundle(join(browserSources, 'full.js'), 'full.js', { format: 'esm', target: 'es2022', allowOverwrite: true });

// esbuild bundles; terser then compresses the files a page loads further (measured:
// tracksafe.js 6,817 → 6,507 B brotli, the full entry's 9,185 → 8,749 B). Its safe transforms only, in
// three passes; property names stay as esbuild left them.
async function compress(file, { module, preamble, comments = false }) {
  const path = join(pkgDir, file);
  const out = await minify(readFileSync(path, 'utf8'), {
    module,
    ecma: 2020,
    compress: { passes: 3 },
    mangle: true,
    format: { comments, preamble },
  });
  writeFileSync(path, out.code);
}
// Chrome's explicit compile hint: every function of the script tag is compiled while it streams
// in, off the main thread, instead of lazily on first call (measured: main-thread JS compile
// during init 4.7 → 1.5 ms).
await compress('tracksafe.js', { module: false, preamble: '//# allFunctionsCalledOnLoad' });
await compress('tracksafe_hasher.js', { module: true });
// A theme's bundler (webpack, Vite) would otherwise try to resolve the hasher's runtime URL.
await compress('browser.js', { module: true, comments: /webpackIgnore|@vite-ignore/ });
await compress('full.js', { module: true });

const shipped = readdirSync(pkgDir).filter((f) => /\.(js|wasm|json|d\.ts)$/.test(f)).sort();
const integrity = {};
for (const f of shipped) {
  integrity[f] = `sha384-${createHash('sha384').update(readFileSync(join(pkgDir, f))).digest('base64')}`;
}
writeFileSync(join(pkgDir, 'integrity.json'), `${JSON.stringify(integrity, null, 2)}\n`);

const sizes = (files) => {
  const buf = Buffer.concat(files.map((f) => readFileSync(join(pkgDir, f))));
  const br = brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } });
  return { raw: buf.length, gzip: gzipSync(buf, { level: 9 }).length, brotli: br.length };
};
const row = (label, files) => {
  const s = sizes(files);
  // Each file is compressed on its own, as a server sends it.
  const per = files.map((f) => sizes([f]));
  const sum = (k) => per.reduce((a, p) => a + p[k], 0);
  console.log(`${label.padEnd(40)} raw ${String(s.raw).padStart(7)}  gzip ${String(sum('gzip')).padStart(6)}  brotli ${String(sum('brotli')).padStart(6)}`);
  return sum('brotli');
};
console.log('bytes a page loads (each file compressed on its own):');
row('script tag: tracksafe.js', ['tracksafe.js']);
row('lean wasm: tracksafe_lean_bg.wasm', ['tracksafe_lean_bg.wasm']);
const total = row('script tag total (JS + lean wasm)', ['tracksafe.js', 'tracksafe_lean_bg.wasm']);
row('extended wasm: tracksafe_extended_bg.wasm', ['tracksafe_extended_bg.wasm']);
row('script tag, CMP or custom options', ['tracksafe.js', 'tracksafe_extended_bg.wasm']);
row('+ on the first identify(): hasher JS + wasm', ['tracksafe_hasher.js', 'tracksafe_hasher_bg.wasm']);
row('full wasm: tracksafe_bg.wasm', ['tracksafe_bg.wasm']);
row('browser wasm: tracksafe_browser_bg.wasm', ['tracksafe_browser_bg.wasm']);
row('ES module: browser.js + extended wasm', ['browser.js', 'tracksafe_extended_bg.wasm']);
row('tracksafe/full: full.js + browser wasm', ['full.js', 'tracksafe_browser_bg.wasm']);
console.log(`script-tag budget: ${total} of 20480 brotli bytes (${total <= 20480 ? 'within' : 'OVER'} budget)`);
