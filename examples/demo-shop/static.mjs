// Serves the demo storefront (www/) and the built package (pkg/ at /tracksafe/) on 127.0.0.1.
// The collector URL in the pages is rewritten to `collectorUrl`, so tests can use other ports.
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

export function startStatic({ port = 8080, host = '127.0.0.1', collectorUrl = DEMO_COLLECTOR, headers = {} } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const [base, rel] = path.startsWith('/tracksafe/') ? ['pkg', path.slice('/tracksafe/'.length)] : ['www', path.slice(1)];
    // Pretty search URLs (/search/<query>) are the search page.
    const page = base === 'www' && rel.startsWith('search/') ? 'search.html' : rel;
    const safe = normalize(page || 'index.html').replace(/^(\.\.[/\\])+/, '');
    let file = join(root, base, safe);
    if (file.endsWith('/')) file += 'index.html';
    try {
      let body = await readFile(file);
      const type = TYPES[extname(file)] ?? 'application/octet-stream';
      if (type.startsWith('text/html')) body = Buffer.from(body.toString('utf8').replaceAll(DEMO_COLLECTOR, collectorUrl));
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...headers });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve({ server, url: `http://localhost:${server.address().port}`, close: () => new Promise((r) => server.close(r)) }),
    );
  });
}
