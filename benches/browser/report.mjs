// Turns the raw repetitions into the one markdown table, the budget lines and the ratios.
import { median } from './chromium.mjs';
import { loadedBytes } from './sizes.mjs';

const KB = 1024;
export const SCRIPT_TAG_BUDGET = 20 * KB;

/** Per target: the good repetitions and the median of each figure. */
export function summarize(targets, results, sha) {
  const out = {};
  for (const t of targets) {
    const reps = results.filter((r) => r.target === t.name);
    const ok = reps.filter((r) => r.ready && !r.fail);
    const pick = (k) => ok.map((r) => r[k]).filter(Number.isFinite);
    const bytes = ok.map((r) => loadedBytes(r.files));
    out[t.name] = {
      target: t,
      reps: reps.length,
      failed: reps.length - ok.length,
      failures: reps.filter((r) => !r.ready || r.fail).map((r) => r.fail ?? 'not ready'),
      values: {
        raw: bytes.map((b) => b.raw),
        gzip: bytes.map((b) => b.gzip),
        brotli: bytes.map((b) => b.brotli),
        readyMs: pick('readyMs'),
        initCpuMs: pick('initCpuMs'),
        initLongTasks: pick('initLongTasks'),
        pacedCpuUs: pick('pacedCpuUs'),
        pacedSyncUs: pick('pacedSyncUs'),
        pacedDelivered: pick('pacedDelivered'),
        burstSyncUs: pick('burstSyncUs'),
        burstCpuUs: pick('burstCpuUs'),
        burstDelivered: pick('burstDelivered'),
        burstLongTasks: pick('burstLongTasks'),
        deliveredMs: pick('deliveredMs'),
      },
    };
    out[t.name].m = Object.fromEntries(Object.entries(out[t.name].values).map(([k, v]) => [k, median(v)]));
  }
  out.sha = sha;
  return out;
}

const f0 = (x) => (Number.isFinite(x) ? x.toFixed(0) : '–');
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const kb = (x) => (Number.isFinite(x) ? (x / KB).toFixed(1) : '–');
const cell = (xs, fmt) => {
  if (!xs.length) return '–';
  const m = fmt(median(xs));
  return xs.length < 2 ? m : `${m} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`;
};

/** The one table: a row per target, then SHA-256-only rows for the references. */
export function table(s, opts) {
  const head = [
    'target', 'KB loaded raw / gzip / brotli', 'ready ms', 'init CPU ms', 'paced CPU µs/event (with delivery)',
    `burst delivered of ${opts.events}`, 'burst long tasks', 'burst sync µs/track()', 'burst all delivered ms', 'SHA-256 ns/email',
  ];
  const rows = [];
  for (const [name, x] of Object.entries(s)) {
    if (name === 'sha') continue;
    const v = x.values;
    const t = x.target;
    let shaCell = '–';
    if (name === 'tracksafe-esm') shaCell = s.sha.missing ? `n/a (${s.sha.missing})` : cell(s.sha.nsPerOp.tracksafe ?? [], f0);
    const failed = x.failed ? ` (${x.failed}/${x.reps} failed)` : '';
    rows.push([
      `${t.label}${t.version ? ` ${t.version}` : ''}${t.note ? ` (${t.note})` : ''}${failed}`,
      v.raw.length ? `${kb(median(v.raw))} / ${kb(median(v.gzip))} / ${kb(median(v.brotli))}` : '–',
      cell(v.readyMs, f1),
      cell(v.initCpuMs, f0),
      cell(v.pacedCpuUs, f0),
      name === 'none' ? '–' : cell(v.burstDelivered, f0),
      cell(v.burstLongTasks, f0),
      cell(v.burstSyncUs, f1),
      name === 'none' ? '–' : cell(v.deliveredMs, f0),
      shaCell,
    ]);
  }
  if (!s['tracksafe-esm']) {
    const ts = s.sha.missing ? `n/a (${s.sha.missing})` : cell(s.sha.nsPerOp.tracksafe ?? [], f0);
    rows.push(['tracksafe ES module `hashEmail(raw, "meta")` (SHA-256 only)', '', '', '', '', '', '', '', '', ts]);
  }
  rows.push(['js-sha256 1.0.0 (pure JS, SHA-256 only)', '', '', '', '', '', '', '', '', cell(s.sha.nsPerOp['js-sha256'] ?? [], f0)]);
  rows.push(['WebCrypto `subtle.digest`, awaited (SHA-256 only)', '', '', '', '', '', '', '', '', cell(s.sha.nsPerOp.webcrypto ?? [], f0)]);
  const align = head.map((_, i) => (i === 0 ? '---' : '---:'));
  return [head, align, ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');
}

/** The budgets of issue 9, checked against the peers of this same run. */
export function budgets(s, opts, streaming) {
  const lines = [];
  const check = (name, pass, detail) => lines.push({ name, pass: !!pass, detail });
  const m = (t, k) => s[t]?.m[k];
  const fullFeatured = Object.values(s).filter((x) => x.target?.fullFeatured);
  const bestPeer = fullFeatured
    .filter((x) => Number.isFinite(x.m.pacedCpuUs))
    .sort((a, b) => a.m.pacedCpuUs - b.m.pacedCpuUs)[0];

  const brotli = m('tracksafe-script', 'brotli');
  check('script tag bytes (JS + wasm, brotli) ≤ 20 KB', brotli <= SCRIPT_TAG_BUDGET,
    `${kb(brotli)} KB of 20.0 KB (${f0(brotli)} B)`);
  for (const [t, label] of [['tracksafe-script', 'script tag'], ['tracksafe-esm', 'ES module']]) {
    const ready = m(t, 'readyMs');
    const snow = m('snowplow', 'readyMs');
    check(`time to ready ≤ Snowplow's [${label}]`, ready <= snow, `${f1(ready)} ms vs Snowplow ${f1(snow)} ms`);
    const cpu = m(t, 'pacedCpuUs');
    const limit = bestPeer ? bestPeer.m.pacedCpuUs / 3 : NaN;
    check(`main-thread CPU per paced event ≤ 1/3 of the best full-featured peer [${label}]`, cpu <= limit,
      `${f0(cpu)} µs vs ${bestPeer ? `${bestPeer.target.name} ${f0(bestPeer.m.pacedCpuUs)} µs → limit ${f0(limit)} µs` : 'no peer measured'}`);
    const delivered = m(t, 'burstDelivered');
    const lts = Math.max(...(s[t]?.values.burstLongTasks ?? [NaN]));
    const sync = m(t, 'burstSyncUs');
    const snowSync = m('snowplow', 'burstSyncUs');
    check(`burst: ${opts.events} of ${opts.events} delivered, no long task, sync cost per track() ≤ Snowplow's [${label}]`,
      delivered === opts.events && lts === 0 && sync <= snowSync,
      `${f0(delivered)}/${opts.events} delivered, ${Number.isFinite(lts) ? lts : '–'} long tasks (worst rep), ${f1(sync)} µs vs Snowplow ${f1(snowSync)} µs`);
  }
  const ns = (k) => median(s.sha.nsPerOp[k] ?? []);
  const ts = ns('tracksafe');
  const missing = s.sha.missing ? `n/a (${s.sha.missing})` : null;
  const of = (k) => (missing ? '' : ` (${fx2(ts / ns(k))})`);
  check('SHA-256 of a normalized email ≤ 1/2 of js-sha256', !missing && ts <= ns('js-sha256') / 2,
    `${missing ?? `${f0(ts)} ns`} vs js-sha256 ${f0(ns('js-sha256'))} ns → limit ${f0(ns('js-sha256') / 2)} ns${of('js-sha256')}`);
  check('SHA-256 of a normalized email ≤ 1/5 of awaited WebCrypto', !missing && ts <= ns('webcrypto') / 5,
    `${missing ?? `${f0(ts)} ns`} vs WebCrypto ${f0(ns('webcrypto'))} ns → limit ${f0(ns('webcrypto') / 5)} ns${of('webcrypto')}`);
  for (const [t, label] of [['tracksafe-script', 'script tag'], ['tracksafe-esm', 'ES module']]) {
    const p = streaming[t];
    const streamed = p?.wasm.some((w) => /Streaming$/.test(w.name) && w.kind !== 'bytes' && w.ok);
    const fellBack = p?.wasm.some((w) => w.kind === 'bytes');
    const async = t === 'tracksafe-script' ? p?.scriptAsync === true && opts.snippetAsync : true;
    const initLts = Math.max(...(s[t]?.values.initLongTasks ?? [NaN]));
    check(`wasm instantiation does not block the main thread [${label}]`, streamed && !fellBack && async && initLts === 0,
      `${p ? p.wasm.map((w) => `${w.name}(${w.kind})${w.ok ? '' : ' failed'}`).join(', ') || 'no WebAssembly call seen' : 'not probed'}` +
        `${t === 'tracksafe-script' ? `; script async: page ${p?.scriptAsync === true}, documented snippet ${opts.snippetAsync}` : ''}; ` +
        `long tasks during init: ${Number.isFinite(initLts) ? initLts : '–'} (worst rep)`);
  }
  return lines;
}

/** peer ÷ tracksafe for each figure where smaller is better (> 1 means tracksafe is ahead). */
export function ratios(s, t) {
  const keys = [['brotli', 'bytes (brotli)'], ['readyMs', 'ready'], ['pacedCpuUs', 'paced CPU/event'], ['burstSyncUs', 'burst sync/track()'], ['deliveredMs', 'burst all delivered']];
  const out = [];
  for (const [name, x] of Object.entries(s)) {
    if (name === 'sha' || name === 'none' || x.target.tracksafe) continue;
    const parts = keys.map(([k, label]) => `${label} ${fx(x.m[k] / s[t].m[k])}`);
    if (x.m.burstDelivered < s[t].m.burstDelivered) parts.push(`(${f0(x.m.burstDelivered)} of the burst delivered)`);
    out.push(`- vs ${x.target.label}: ${parts.join(', ')}`);
  }
  return out;
}
const fx = (r) => (Number.isFinite(r) ? `${r >= 10 ? r.toFixed(0) : r.toFixed(2)}×` : '–');
const fx2 = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');

/** tracksafe's `hashEmail` ÷ each SHA-256 reference, from the medians of this run. */
export function shaRatios(s) {
  if (s.sha.missing) return [`- tracksafe: n/a (${s.sha.missing})`];
  const ns = (k) => median(s.sha.nsPerOp[k] ?? []);
  return [
    `- tracksafe ÷ js-sha256: ${fx2(ns('tracksafe') / ns('js-sha256'))} (budget ≤ 0.50×)`,
    `- tracksafe ÷ awaited WebCrypto: ${fx2(ns('tracksafe') / ns('webcrypto'))} (budget ≤ 0.20×)`,
  ];
}
