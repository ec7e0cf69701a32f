// The bench pages: a small product page that loads one tracker the way a shop does (an async
// script element with the preload links its documented snippet carries, or `import()` of an ES
// module), then exposes `window.__bench` to the runner.

const PRODUCT = `<header><nav><a href="#">Shop</a> <a href="#">Shoes</a> <a href="#">Cart (0)</a></nav></header>
<main><article><h1>Trail Runner 2</h1><p>€19.99</p><button type="button">Add to cart</button></article>
<section>${Array.from({ length: 12 }, (_, i) => `<a href="#p${i}">Product ${i} <b>€${(9 + i).toFixed(2)}</b></a>`).join('')}</section></main>`;

/**
 * @param {object} target  `{ name, script?, module?, dataset?, setup? }` (see targets.mjs)
 * @param {object} config  what `benchSetup(config)` receives: `{ collector }`
 * @param {{ probe?: boolean }} opts  probe: record which WebAssembly compile APIs the page uses
 */
export function benchPage(target, config, { probe = false } = {}) {
  const spec = { script: target.script, module: target.module, dataset: target.dataset ?? {}, preload: target.preload ?? [] };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench: ${target.name}</title>
<script>
(() => {
  const B = (window.__bench = { longTasks: [], errors: [], wasm: [] });
  B.settled = new Promise((r) => (B.settle = r));
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) B.longTasks.push([e.startTime, e.duration]);
  }).observe({ type: 'longtask', buffered: true });
  addEventListener('error', (e) => B.errors.push(String(e.message)));
  addEventListener('unhandledrejection', (e) => B.errors.push(String(e.reason && (e.reason.stack || e.reason))));
  ${probe ? PROBE : ''}
})();
${target.setup ?? ''}
</script></head><body>${PRODUCT}
<script type="module">
const B = window.__bench, spec = ${JSON.stringify(spec)}, config = ${JSON.stringify(config)};
B.t0 = performance.now();
try {
  let mod;
  // A documented snippet's preload links go in with its script, at the same moment.
  for (const href of spec.preload) {
    const l = document.createElement('link');
    Object.assign(l, { rel: 'preload', href, as: 'fetch', crossOrigin: 'anonymous' });
    document.head.append(l);
  }
  if (spec.script) {
    await new Promise((loaded, failed) => {
      const s = document.createElement('script');
      s.src = spec.script;
      s.async = true;
      Object.assign(s.dataset, spec.dataset);
      s.onload = loaded;
      s.onerror = () => failed(new Error('could not load ' + spec.script));
      document.head.append(s);
      B.scriptAsync = s.async;
    });
  }
  if (spec.module) mod = await import(spec.module);
  B.tLoaded = performance.now();
  B.api = await window.benchSetup(config, mod);
  B.tReady = performance.now();
} catch (e) {
  B.fail = String(e && (e.stack || e));
}
B.settle();
</script></body></html>`;
}

// Wraps the WebAssembly compile entry points (pass-through) and records how each was called.
const PROBE = `
  for (const name of ['instantiateStreaming', 'compileStreaming', 'instantiate', 'compile']) {
    const real = WebAssembly[name];
    if (typeof real !== 'function') continue;
    WebAssembly[name] = function (source, ...rest) {
      const kind = source instanceof Response ? 'Response' : source && typeof source.then === 'function' ? 'Promise'
        : source instanceof WebAssembly.Module ? 'Module' : 'bytes';
      const entry = { name, kind, ok: null };
      B.wasm.push(entry);
      const out = real.call(this, source, ...rest);
      out.then(() => (entry.ok = true), (e) => { entry.ok = false; entry.error = String(e); });
      return out;
    };
  }`;

/** A page for the SHA-256 comparison: js-sha256 as a classic script, tracksafe as an ES module. */
export function shaPage({ jsSha256, tracksafeModule }) {
  return `<!doctype html><html><head><meta charset="utf-8"><title>bench: sha-256</title>
<script src="${jsSha256}"></script>
<script type="module">
window.__sha = (async () => {
  const raw = Array.from({ length: 1000 }, (_, i) => '  John.Doe+shop' + i + '@Example.COM ');
  const norm = (s) => s.trim().toLowerCase();
  const hexOf = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');
  const enc = new TextEncoder();
  let tracksafe = null;
  try {
    tracksafe = await import(${JSON.stringify(tracksafeModule)});
  } catch (e) {
    window.__shaError = String(e);
  }
  // Each method gets its own timing loop (its own function literal): one loop shared by every
  // method sees several call targets, and V8 then deoptimizes and re-optimizes it between samples,
  // which adds a varying cost per call (hundreds of ns) to whichever method is being timed.
  const timed = (loop) => async (n) => {
    const t0 = performance.now();
    let x = loop(n);
    if (x instanceof Promise) x = await x;
    const ms = performance.now() - t0;
    window.__sink = x;
    return ms;
  };
  const sha256 = window.sha256;
  const methods = {
    'js-sha256': {
      one: (e) => sha256(norm(e)),
      run: timed((n) => { let x; for (let i = 0; i < n; i++) x = sha256(norm(raw[i % 1000])); return x; }),
    },
    webcrypto: {
      one: async (e) => hexOf(await crypto.subtle.digest('SHA-256', enc.encode(norm(e)))),
      run: timed(async (n) => { let x; for (let i = 0; i < n; i++) x = hexOf(await crypto.subtle.digest('SHA-256', enc.encode(norm(raw[i % 1000])))); return x; }),
    },
  };
  // tracksafe normalizes itself (profile "meta": trim + lowercase + validation).
  if (tracksafe && typeof tracksafe.hashEmail === 'function') {
    const hashEmail = tracksafe.hashEmail;
    methods.tracksafe = {
      one: (e) => hashEmail(e, 'meta'),
      run: timed((n) => { let x; for (let i = 0; i < n; i++) x = hashEmail(raw[i % 1000], 'meta'); return x; }),
    };
  } else if (tracksafe) {
    window.__shaExports = Object.keys(tracksafe);
  }
  return methods;
})();
</script></head><body>sha-256</body></html>`;
}
