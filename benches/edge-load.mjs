// A bounded local load test of the edge collector (a benchmark, not a test): the Workers collector
// in workerd (and, with --fastly, the Fastly service under Viceroy) on 127.0.0.1, a real upstream
// sink, a realistic 20-event batch with fresh event ids per request. It stops by itself after
// --requests requests or --seconds seconds, whichever comes first, and prints a markdown table:
// requests/s, p50/p99 latency, CPU time per request of the runtime process, 5xx, and events lost
// (events the collector accepted with 2xx that the sink did not receive).
//
//   node benches/edge-load.mjs [--requests 3000] [--concurrency 8] [--seconds 60] [--warmup 200] [--fastly]
import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { parseArgs } from 'node:util';
import { startCollector } from '../examples/demo-shop/collector.mjs';
import { startSink } from '../examples/demo-shop/sink.mjs';
import { realisticBatch } from '../tests/support/edge-corpus.mjs';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '3000' },
    concurrency: { type: 'string', default: '8' },
    seconds: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '200' },
    fastly: { type: 'boolean', default: false },
  },
});
const REQUESTS = Number(args.requests);
const CONCURRENCY = Number(args.concurrency);
const SECONDS = Number(args.seconds);
const WARMUP = Number(args.warmup);
const SHOP = 'http://127.0.0.1:18180';
const TICKS = 100; // USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on Linux
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;

// The body template: one realistic batch; every request gets fresh visitor, session and event ids.
const template = JSON.stringify(realisticBatch());
const EVENTS_PER_BATCH = JSON.parse(template).events.length;
const freshBody = () => template.replace(UUID, () => randomUUID());

/** utime + stime of a process and its descendants (all threads), in ms, by command name. */
function cpuMs(rootPid) {
  const children = new Map();
  let self;
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      const name = stat.slice(stat.indexOf('(') + 1, close);
      const f = stat.slice(close + 2).split(' ');
      const ppid = Number(f[1]);
      const ms = ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
      if (Number(d) === rootPid) self = { name, ms };
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push({ pid: Number(d), name, ms });
    } catch {
      // the process exited while we looked
    }
  }
  const byName = self ? { [self.name]: self.ms } : {};
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) {
      byName[c.name] = (byName[c.name] ?? 0) + c.ms;
      walk(c.pid);
    }
  };
  walk(rootPid);
  return byName;
}

function post(agent, url, body) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = request(url, { method: 'POST', agent, headers: { origin: SHOP, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        let accepted = 0;
        try {
          accepted = JSON.parse(Buffer.concat(chunks).toString()).accepted ?? 0;
        } catch {
          // an error body
        }
        resolve({ status: res.statusCode, ms, accepted });
      });
    });
    req.setTimeout(15_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6, accepted: 0 }));
    req.end(body);
  });
}

/** Runs `count` requests (bounded by `seconds`) with `concurrency` keep-alive connections. */
async function load(url, count, seconds) {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = Date.now() + seconds * 1000;
  const results = [];
  let issued = 0;
  const worker = async () => {
    while (issued < count && Date.now() < deadline) {
      issued += 1;
      results.push(await post(agent, url, freshBody()));
    }
  };
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  agent.destroy();
  return { results, wallMs };
}

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function bench(label, start, runtimeName, sinkPort) {
  const sink = await startSink({ port: sinkPort });
  const server = await start(`${sink.url}/ingest`);
  try {
    const url = `${server.url}/collect`;
    await load(url, WARMUP, 30);
    sink.received.length = 0;
    sink.requests.length = 0;
    const before = cpuMs(server.child.pid);
    const { results, wallMs } = await load(url, REQUESTS, SECONDS);
    const after = cpuMs(server.child.pid);
    // Every 2xx answer came after the upstream took the batch, so the sink already has it.
    const sunk = sink.received.reduce((n, r) => n + r.batch.events.length, 0);
    const ok = results.filter((r) => r.status >= 200 && r.status < 300);
    const accepted = ok.reduce((n, r) => n + r.accepted, 0);
    const lat = results.map((r) => r.ms).sort((a, b) => a - b);
    const runtimeCpu = (after[runtimeName] ?? 0) - (before[runtimeName] ?? 0);
    const allCpu = Object.keys(after).reduce((n, k) => n + after[k] - (before[k] ?? 0), 0);
    return {
      label,
      requests: results.length,
      seconds: wallMs / 1000,
      rps: results.length / (wallMs / 1000),
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      cpuPerReq: runtimeCpu / results.length,
      allCpuPerReq: allCpu / results.length,
      status2xx: ok.length,
      status5xx: results.filter((r) => r.status >= 500).length,
      failed: results.filter((r) => r.status === 0).length,
      eventsSent: results.length * EVENTS_PER_BATCH,
      accepted,
      sunk,
      lost: accepted - sunk,
      runtimeName,
    };
  } finally {
    await server.close();
    await sink.close();
  }
}

const runs = [];
runs.push(
  await bench(
    'Workers collector (workerd, wrangler dev)',
    (upstreamUrl) => startCollector({ port: 22797, upstreamUrl, allowedOrigins: [SHOP], pepper: 'bench-pepper' }),
    'workerd',
    22799,
  ),
);
if (args.fastly) {
  const { startFastly } = await import('../examples/fastly-compute/viceroy.mjs');
  runs.push(
    await bench(
      'Fastly service (Viceroy, local)',
      (upstreamUrl) => startFastly({ port: 22798, upstreamUrl, allowedOrigins: [SHOP], pepper: 'bench-pepper' }),
      'viceroy',
      22800,
    ),
  );
}

const f = (n, d = 1) => n.toFixed(d);
console.log(`
Edge collector load, 127.0.0.1, ${EVENTS_PER_BATCH}-event batches (${Buffer.byteLength(template)} bytes), ${CONCURRENCY} keep-alive connections,
bounded at ${REQUESTS} requests or ${SECONDS} s after ${WARMUP} warm-up requests. CPU = utime+stime of the runtime process (/proc/<pid>/stat).

| runtime | requests | req/s | p50 ms | p99 ms | runtime CPU ms/req | all server CPU ms/req | 2xx | 5xx | failed | events accepted | events at sink | events lost |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
for (const r of runs) {
  console.log(`| ${r.label} | ${r.requests} | ${f(r.rps)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${f(r.cpuPerReq, 2)} (${r.runtimeName}) | ${f(r.allCpuPerReq, 2)} | ${r.status2xx} | ${r.status5xx} | ${r.failed} | ${r.accepted} | ${r.sunk} | ${r.lost} |`);
}
const bad = runs.filter((r) => r.status5xx > 0 || r.failed > 0 || r.lost !== 0 || r.status2xx !== r.requests);
if (bad.length) {
  console.error(`\nFAILED: 5xx, failed requests or lost events in: ${bad.map((r) => r.label).join(', ')}`);
  process.exitCode = 1;
}
