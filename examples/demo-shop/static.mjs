// Serves the demo storefront (www/), the built package (pkg/ at /tracksafe/) and the third-party
// consent code the pages use (/vendor/: vanilla-cookieconsent, the IAB TCF CMP API) on 127.0.0.1,
// under a strict CSP (no inline script). The collector URL in the pages is rewritten to
// `collectorUrl`, so tests can use other ports. `pages` maps extra paths to HTML (test fixtures),
// served like the files of www/.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
};
const root = new URL('../..', import.meta.url).pathname;
// Pages name hosts as `localhost`: a URL whose host is an IP address is dropped by the
// minimizer (an IP never survives), so the demo binds 127.0.0.1 but is browsed as localhost.
const DEMO_COLLECTOR = 'http://localhost:8787';

// /vendor/ serves these files only: a real open-source cookie banner and the IAB's CMP API.
const VENDOR_FILES = {
  'cookieconsent.umd.js': 'node_modules/vanilla-cookieconsent/dist/cookieconsent.umd.js',
  'cookieconsent.css': 'node_modules/vanilla-cookieconsent/dist/cookieconsent.css',
};
let iabBundle;
function iabTcf() {
  // @iabtechlabtcf/cmpapi and /core ship as ES modules with bare imports: bundle them once.
  iabBundle ??= build({
    entryPoints: [join(root, 'examples/demo-shop/vendor/iab-tcf.mjs')],
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    target: 'es2020',
    logLevel: 'silent',
  }).then((r) => Buffer.from(r.outputFiles[0].contents));
  return iabBundle;
}

async function vendorFile(name) {
  if (name === 'iab-tcf.js') return iabTcf();
  const rel = VENDOR_FILES[name];
  if (!rel) throw new Error('not a vendor file');
  return readFile(join(root, rel));
}

function csp(collectorUrl) {
  const collector = new URL(collectorUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    `connect-src 'self' ${collector}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
  ].join('; ');
}

export function startStatic({ port = 8080, host = '127.0.0.1', collectorUrl = DEMO_COLLECTOR, headers = {}, pages = {} } = {}) {
  // How often each path was asked for (tests check that a preloaded file crosses the network once).
  const served = new Map();
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    served.set(path, (served.get(path) ?? 0) + 1);
    if (path.startsWith('/vendor/')) {
      try {
        const name = path.slice('/vendor/'.length);
        const body = await vendorFile(name);
        res.writeHead(200, { 'content-type': TYPES[extname(name)], 'cache-control': 'no-store', ...headers });
        res.end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      }
      return;
    }
    const [base, rel] = path.startsWith('/tracksafe/') ? ['pkg', path.slice('/tracksafe/'.length)] : ['www', path.slice(1)];
    // Pretty search URLs (/search/<query>) are the search page.
    const page = base === 'www' && rel.startsWith('search/') ? 'search.html' : rel;
    const safe = normalize(page || 'index.html').replace(/^(\.\.[/\\])+/, '');
    let file = join(root, base, safe);
    if (file.endsWith('/')) file += 'index.html';
    try {
      let body = Object.hasOwn(pages, path) ? Buffer.from(pages[path]) : await readFile(file);
      const type = TYPES[extname(Object.hasOwn(pages, path) ? path : file)] ?? 'application/octet-stream';
      const html = type.startsWith('text/html');
      if (html) body = Buffer.from(body.toString('utf8').replaceAll(DEMO_COLLECTOR, collectorUrl));
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(html ? { 'content-security-policy': csp(collectorUrl) } : {}), ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({ server, served, url: `http://localhost:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}
