// `make demo`: the upstream sink (127.0.0.1:8789 → .demo/upstream.ndjson), the edge collector
// in workerd (127.0.0.1:8787) and the storefront (127.0.0.1:8080). Ctrl-C stops all three.
import { randomBytes } from 'node:crypto';
import { startCollector } from './collector.mjs';
import { startSink } from './sink.mjs';
import { startStatic } from './static.mjs';

const root = new URL('../..', import.meta.url).pathname;
const shop = 'http://localhost:8080';
const sink = await startSink({ port: 8789, file: `${root}.demo/upstream.ndjson` });
const collector = await startCollector({
  port: 8787,
  upstreamUrl: process.env.UPSTREAM_URL ?? `${sink.url}/ingest`,
  allowedOrigins: (process.env.ALLOWED_ORIGINS ?? `${shop},http://127.0.0.1:8080`).split(','),
  // A fresh development pepper each run unless one is given; it never reaches the browser.
  pepper: process.env.TRACKSAFE_PEPPER ?? randomBytes(32).toString('hex'),
  quiet: false,
});
const store = await startStatic({ port: 8080 });

console.log(`
tracksafe demo shop
  storefront  ${store.url}/
  collector   ${collector.url}/collect   (workerd)
  upstream    ${sink.url}/ingest  → .demo/upstream.ndjson
Open ${store.url}/ , accept analytics in the banner, and watch batches arrive:
  tail -f .demo/upstream.ndjson
Ctrl-C stops all three.`);

let stopping = false;
async function shutdown() {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([collector.close(), store.close(), sink.close()]);
  process.exit(0);
}
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
