// Where a target's main-thread time goes, for one phase of the bench page: `init` (navigation to
// ready), `paced` (20 calls 30 ms apart until the collector has them) or `burst` (1,000 calls).
// Three views: the V8 sampling profiler's functions (self time, or with `--inclusive` time with
// callees); with `--trace` Chrome's trace events on the page's main thread summed by name
// (tasks, timers, lazy wasm compiles, fetch work…), which is exact where sampling is noisy; with
// `--timeline` the same trace as the main thread's tasks in order (those over 1 ms, with the
// longest events inside them), to see what the page waits for and when.
// A development aid beside `make bench`, not a measurement of record (both views slow the page).
// Usage: node benches/browser/profile.mjs [--target tracksafe-script] [--phase paced|init|burst]
//   [--top 30] [--inclusive] [--trace | --timeline] [--pkg DIR] (e.g. a pkg whose wasm keeps its names:
//   `wasm-opt -g`, so wasm functions show by name)
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { launch } from './chromium.mjs';
import { startServers } from './server.mjs';
import { serveTarget } from './targets.mjs';

const { values: a } = parseArgs({
  options: {
    target: { type: 'string', default: 'tracksafe-script' },
    phase: { type: 'string', default: 'paced' },
    top: { type: 'string', default: '30' },
    pkg: { type: 'string' },
    interval: { type: 'string', default: '50' },
    inclusive: { type: 'boolean', default: false },
    trace: { type: 'boolean', default: false },
    timeline: { type: 'boolean', default: false },
  },
});
const root = resolve(new URL('../..', import.meta.url).pathname);
const pkgDir = resolve(a.pkg ?? join(root, 'pkg'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const RUN = 'r9999'; // the collector counts markers `SKU-r<digits>-…`

/** Self time, or with `inclusive` total time, per function (µs) from a CDP Profiler.Profile. */
function profileTimes(profile, inclusive) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (node) => {
    const f = node.callFrame;
    const file = f.url ? f.url.replace(/^.*\//, '') : '';
    return `${f.functionName || '(anonymous)'} ${file}${f.url ? `:${f.lineNumber + 1}:${f.columnNumber + 1}` : ''}`;
  };
  const out = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    let id = profile.samples[i];
    const seen = new Set();
    do {
      const key = keyOf(byId.get(id));
      if (!seen.has(key)) out.set(key, (out.get(key) ?? 0) + dt);
      seen.add(key);
      id = parent.get(id);
    } while (inclusive && id !== undefined);
  }
  return [...out.entries()].filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(root)')).sort((x, y) => y[1] - x[1]);
}

/** The complete trace events of the busiest renderer main thread. */
function mainThreadEvents(events) {
  const mains = events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const calls = (m) => events.filter((x) => x.pid === m.pid && x.tid === m.tid && x.name === 'FunctionCall').length;
  const main = mains.sort((x, y) => calls(y) - calls(x))[0];
  return main ? events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X') : [];
}

/** Complete trace events on the busiest renderer main thread, summed by name: CPU and wall µs. */
function traceTimes(events) {
  const out = new Map();
  for (const e of mainThreadEvents(events)) {
    const v = out.get(e.name) ?? { n: 0, cpu: 0, wall: 0 };
    v.n += 1;
    v.cpu += e.tdur ?? 0;
    v.wall += e.dur ?? 0;
    out.set(e.name, v);
  }
  return [...out.entries()].sort((x, y) => y[1].cpu - x[1].cpu);
}

// Scheduler and wrapper events: they only restate the task they sit in.
const WRAPPERS = /^(ThreadControllerImpl::RunTask|RunTask|v8\.callFunction|FunctionCall|v8\.run|AsyncTask Run|Receive mojo message|ScriptRunner::ExecutePendingScript|PendingScript::ExecuteScriptBlock|HTMLDocumentParser::(Deferred)?PumpTokenizerIfPossible)$/;

/** One line per main-thread task over 1 ms, in order: start (ms), wall ms, its longest inner events. */
function timelineLines(events, top) {
  const main = mainThreadEvents(events);
  const tasks = main.filter((e) => e.name === 'ThreadControllerImpl::RunTask').sort((x, y) => x.ts - y.ts);
  if (!tasks.length) return [];
  const base = tasks[0].ts;
  return tasks.filter((t) => t.dur >= 1000).map((t) => {
    const inner = main
      .filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur >= 300 && !WRAPPERS.test(e.name))
      .sort((x, y) => y.dur - x.dur)
      .slice(0, top)
      .map((e) => `${e.name}${e.args?.data?.url ? ` (${String(e.args.data.url).replace(/^.*\//, '')})` : ''} ${(e.dur / 1000).toFixed(1)}`);
    return `+${((t.ts - base) / 1000).toFixed(1).padStart(7)} ms ${(t.dur / 1000).toFixed(1).padStart(6)} ms  ${inner.join(' | ')}`;
  });
}

const srv = await startServers();
const browser = await launch();
try {
  const target = await serveTarget(srv, { root, pkgDir, name: a.target, runId: RUN });
  const page = await browser.context.newPage();
  const cdp = await browser.context.newCDPSession(page);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  const cpu = async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration').value;
  const wait = (n) => srv.call('wait', { n, timeoutMs: 30_000, idleMs: 6_000 });

  const traced = [];
  cdp.on('Tracing.dataCollected', (m) => traced.push(...m.value));
  const start = async () => {
    if (a.trace || a.timeline) {
      const categories = ['toplevel', 'devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-v8.compile', 'disabled-by-default-v8.gc', 'blink', 'loading'];
      await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: categories } });
    } else {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: Number(a.interval) });
      await cdp.send('Profiler.start');
    }
  };

  if (a.phase === 'init') {
    await page.goto('about:blank');
    await start();
  }
  await page.goto(`${srv.pageOrigin}/page/${target.name}`, { waitUntil: 'load' });
  await page.evaluate(() => window.__bench.settled);
  let c0 = 0;
  if (a.phase !== 'init') {
    await sleep(1000);
    c0 = await cpu();
    await start();
  }
  let delivered = null;
  if (a.phase === 'paced') {
    await page.evaluate(async ({ event, run }) => {
      const api = window.__bench.api;
      for (let i = 0; i < 20; i++) {
        api.track(event, { product_id: `SKU-${run}-p${i}`, price: 19.99 + (i % 10), quantity: 1 + (i % 3), currency: 'EUR' });
        await new Promise((r) => setTimeout(r, 30));
      }
    }, { event: target.event, run: RUN });
    delivered = (await wait(20)).count;
  } else if (a.phase === 'burst') {
    await page.evaluate(({ event, run }) => {
      const api = window.__bench.api;
      for (let i = 0; i < 1000; i++) api.track(event, { product_id: `SKU-${run}-${i}`, price: 19.99, quantity: 1, currency: 'EUR' });
    }, { event: target.event, run: RUN });
    delivered = (await wait(1000)).count;
  }
  const c1 = await cpu();
  const head = `${target.name} ${a.phase}: main-thread TaskDuration ${((c1 - c0) * 1000).toFixed(1)} ms` +
    `${delivered === null ? '' : `, ${delivered} delivered`}`;
  if (a.trace || a.timeline) {
    const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await done;
  }
  if (a.timeline) {
    console.log(`${head}; the main thread's tasks over 1 ms in order (start, wall, longest events inside):`);
    for (const line of timelineLines(traced, 5)) console.log(line);
  } else if (a.trace) {
    console.log(`${head}; trace events on the main thread by name (nested events count in their parents too):`);
    for (const [name, v] of traceTimes(traced).slice(0, Number(a.top))) {
      console.log(`${(v.cpu / 1000).toFixed(2).padStart(8)} ms cpu ${(v.wall / 1000).toFixed(2).padStart(8)} ms wall ×${String(v.n).padEnd(4)} ${name}`);
    }
  } else {
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`${head}; sampled ${a.inclusive ? 'time with callees' : 'self time'} (idle left out):`);
    for (const [key, us] of profileTimes(profile, a.inclusive).slice(0, Number(a.top))) console.log(`${(us / 1000).toFixed(2).padStart(8)} ms  ${key}`);
  }
} finally {
  await browser.close();
  srv.stop();
}
