//! `createCollector(options)`: the edge collector as a `fetch(request, env, ctx)` handler. The wasm
//! core validates, re-checks consent, re-minimizes and re-keys identifiers; this glue reads the
//! request, delivers the upstream body (a batch, or an erasure to the forget URL) with bounded
//! retries and answers 2xx only after the upstream accepted it. The platform RNG is drawn only
//! inside `fetch` (by `GET /id`), never at module scope.

import { Collector } from './tracksafe_core.js';

let ensureInit = () => {};
let initialized = false;

/** Used by the workerd entry to instantiate the wasm lazily. */
export function setInit(fn) {
  ensureInit = fn;
}

/**
 * @param {import('./index.d.ts').CollectorOptions} options
 * @param {Record<string, unknown>} [env] the worker's environment: destinations name their
 *   credentials by binding (`writeKeyEnv: 'SEGMENT_WRITE_KEY'`), read from here once.
 * @returns {{ fetch(request: Request, env?: unknown, ctx?: unknown): Promise<Response> }}
 */
export function createCollector(options, env) {
  if (!initialized) {
    ensureInit();
    initialized = true;
  }
  if (options === null || typeof options !== 'object') {
    const err = new TypeError('createCollector(options): options must be an object');
    err.code = 'INVALID_OPTIONS';
    throw err;
  }
  const strings = env && typeof env === 'object' ? Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) : undefined;
  const core = new Collector(JSON.stringify(options), strings ? JSON.stringify(strings) : undefined);
  const upstream = JSON.parse(core.upstream());
  return {
    async fetch(request, _env, ctx) {
      const url = new URL(request.url);
      const headers = request.headers;
      const declared = Number(headers.get('content-length'));
      // Refuse oversize bodies before reading them; the core re-checks the real length.
      const body = declared > 65536 ? new Uint8Array(65537) : await readCapped(request, 65537);
      const cf = request.cf ?? {};
      const action = JSON.parse(
        core.handle(
          request.method,
          url.pathname,
          headers.get('origin') ?? undefined,
          headers.get('content-type') ?? undefined,
          headers.get('sec-gpc') === '1',
          headers.get('cookie') ?? undefined,
          headers.get('user-agent') ?? undefined,
          typeof cf.country === 'string' ? cf.country : undefined,
          typeof cf.regionCode === 'string' ? cf.regionCode : undefined,
          body,
          Date.now(),
          url.protocol === 'https:',
        ),
      );
      if (action.respond) return toResponse(action.respond);
      const f = action.forward;
      const target = f.to === 'forget' ? upstream.forgetUrl : upstream.url;
      if (!(await deliver(core, target, upstream.token, f))) return toResponse(f.onFailure);
      // Only once the upstream has the batch: a 503 makes the browser resend it, and the
      // destinations must not see it twice. Each destination is delivered on its own.
      if (f.destinations && f.destinations.length) {
        const work = Promise.all(f.destinations.map((d) => deliverToDestination(core, d, f)));
        if (ctx && typeof ctx.waitUntil === 'function') ctx.waitUntil(work);
        else await work;
      }
      return toResponse(f.onSuccess);
    },
  };
}

async function readCapped(request, cap) {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= cap) {
      await reader.cancel();
      break;
    }
  }
  const out = new Uint8Array(Math.min(size, cap));
  let at = 0;
  for (const c of chunks) {
    const n = Math.min(c.byteLength, out.length - at);
    out.set(c.subarray(0, n), at);
    at += n;
  }
  return out;
}

/**
 * Sends one request for the core, attempt after attempt as the core's schedule says
 * (`afterAttempt`, the same policy the Fastly service follows). Resolves to
 * `{ outcome: "delivered" | "rejected" | "failed", status, attempts }`.
 */
async function send(core, url, init, timeoutMs) {
  for (let attempts = 1; ; attempts++) {
    let status = 0;
    try {
      const res = await fetch(url, { method: 'POST', ...init, signal: AbortSignal.timeout(timeoutMs) });
      status = res.status;
      await res.arrayBuffer().catch(() => {});
    } catch {
      status = 0; // network error or timeout
    }
    const step = JSON.parse(core.afterAttempt(status, attempts));
    if (step.settled) return { outcome: step.settled, status, attempts };
    await new Promise((r) => setTimeout(r, step.retryInMs));
  }
}

/** The upstream batch or erasure; true once the upstream answered 2xx. */
async function deliver(core, url, token, forward) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  return (await send(core, url, { headers, body: forward.body }, forward.timeoutMs)).outcome === 'delivered';
}

/**
 * One destination's request, retried on its own. The outcome is logged as one JSON line with the
 * destination's name and status only: destination URLs can carry credentials (GA4's api_secret,
 * Meta's access_token), so they are never logged.
 */
async function deliverToDestination(core, d, forward) {
  const { outcome, status, attempts } = await send(core, d.url, { headers: d.headers, body: d.body }, forward.timeoutMs);
  console.log(JSON.stringify({ tracksafe: 'destination', name: d.name, outcome, status, attempts }));
  return outcome;
}

/** The core's answer as a Response; every header pair is appended, so several Set-Cookie pass. */
function toResponse(r) {
  const headers = new Headers();
  for (const [name, value] of r.headers) headers.append(name, value);
  return new Response(r.body === '' ? null : r.body, { status: r.status, headers });
}
