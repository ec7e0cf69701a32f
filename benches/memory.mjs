// Bounded memory: the wasm linear memory while the tracker handles 100,000 events and while the
// collector handles 100,000 requests, in Node against the built package, and while the script
// tag's core (its own wasm and allocator, `benches/wasm-memory.mjs`) handles 10,000 events
// delivered and 10,000 held offline. Prints a markdown table and exits 1 if any exceeds its
// stated bound. `node benches/memory.mjs [--events N] [--requests N] [--page-events N]`
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createCollector, memoryBytes, Tracker } from '../pkg/node.js';
import { LEAN, peakBytes } from './wasm-memory.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const EVENTS = arg('--events', 100_000);
const REQUESTS = arg('--requests', 100_000);
const PAGE_EVENTS = arg('--page-events', 10_000);
// The tracker's queue is bounded (maxQueue events, oldest dropped) and batches are freed once
// delivered; the collector keeps nothing between requests. 16 MiB is generous for both.
const BOUND = 16 * 1024 * 1024;
const mib = (b) => (b / 1024 / 1024).toFixed(2);

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(202, { 'content-type': 'application/json' }).end('{}'));
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const endpoint = `http://127.0.0.1:${server.address().port}/collect`;

const start = memoryBytes();
const t = new Tracker({ endpoint, flushIntervalMs: 0, autoPage: false, batchSize: 100 });
await t.setConsent({ analytics: true });
const props = { product_id: 'tote-001', name: 'Canvas Tote Bag', sku: 'SKU-2024-00017', price: 24, currency: 'EUR', quantity: 1 };
let peakTracker = 0;
for (let i = 0; i < EVENTS; i++) {
  // Not awaited: a call's promise resolves when the core takes it, which `flush()` forces below
  // (awaiting each call would wait out the intake delay 100,000 times).
  t.track('product_added_to_cart', props);
  if (i % 1000 === 999) {
    await t.flush();
    peakTracker = Math.max(peakTracker, memoryBytes());
  }
}
await t.flush();
peakTracker = Math.max(peakTracker, memoryBytes());
const queued = t.inspect().queued;

const collector = createCollector({ upstreamUrl: endpoint.replace('/collect', '/ingest'), allowedOrigins: ['https://shop.example'], pepper: 'memory-bench-pepper-0123456789' });
const body = JSON.stringify({
  v: 1, site: 'bench', sentAt: Date.now(), consent: { analytics: true, marketing: false, preferences: false, saleOfData: false, source: 'manual' }, visitorId: randomUUID(),
  events: Array.from({ length: 20 }, () => ({ eventId: randomUUID(), timestamp: Date.now(), name: 'product_viewed', properties: props, context: { url: 'https://shop.example/p/tote?utm_source=x' } })),
});
let peakCollector = 0;
let ok = 0;
for (let i = 0; i < REQUESTS; i++) {
  const res = await collector.fetch(new Request('https://edge.example/collect', { method: 'POST', body, headers: { origin: 'https://shop.example', 'content-type': 'application/json' } }));
  if (res.status === 202) ok += 1;
  await res.arrayBuffer();
  if (i % 1000 === 999) peakCollector = Math.max(peakCollector, memoryBytes());
}
server.close();
const peakPage = await peakBytes(LEAN.dir, LEAN.wasm, PAGE_EVENTS);

console.log('| phase | work | wasm memory at start MiB | peak MiB | bound MiB | result |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
console.log(`| tracker | ${EVENTS} track() calls, delivered in batches of 100 (queue left: ${queued.pending + queued.outbox}) | ${mib(start)} | ${mib(peakTracker)} | ${mib(BOUND)} | ${peakTracker <= BOUND ? 'PASS' : 'FAIL'} |`);
console.log(`| collector | ${REQUESTS} requests of 20 events (${ok} accepted) | ${mib(peakTracker)} | ${mib(peakCollector)} | ${mib(BOUND)} | ${peakCollector <= BOUND ? 'PASS' : 'FAIL'} |`);
console.log(`| script tag's core | ${PAGE_EVENTS} events delivered, then ${PAGE_EVENTS} with the upstream down (queue written every 10), then drained | – | ${mib(peakPage)} | ${mib(BOUND)} | ${peakPage <= BOUND ? 'PASS' : 'FAIL'} |`);
process.exit(peakTracker <= BOUND && peakCollector <= BOUND && peakPage <= BOUND && ok === REQUESTS ? 0 : 1);
