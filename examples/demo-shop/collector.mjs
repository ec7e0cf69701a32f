// Starts the Cloudflare Worker example in workerd (`wrangler dev`, local only: no login, no
// telemetry) and waits until it answers. Used by `make demo` and by the edge and browser tests.
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declareSecrets, record } from './artefacts.mjs';

const root = new URL('../..', import.meta.url).pathname;

export async function startCollector({ port = 8787, upstreamUrl, allowedOrigins, pepper, upstreamToken, consent, customEvents, destinations, secrets = {}, quiet = true } = {}) {
  const vars = { UPSTREAM_URL: upstreamUrl, ALLOWED_ORIGINS: allowedOrigins.join(',') };
  if (consent) vars.CONSENT_OPTIONS = JSON.stringify(consent);
  if (customEvents) vars.CUSTOM_EVENTS = JSON.stringify(customEvents);
  if (pepper) vars.TRACKSAFE_PEPPER = pepper;
  if (upstreamToken) vars.UPSTREAM_TOKEN = upstreamToken;
  if (destinations) vars.TRACKSAFE_DESTINATIONS = JSON.stringify(destinations);
  Object.assign(vars, secrets);
  declareSecrets([pepper, upstreamToken, ...Object.values(secrets)]);
  const args = [
    join(root, 'node_modules/wrangler/bin/wrangler.js'),
    'dev',
    '--config', join(root, 'examples/cloudflare-worker/wrangler.toml'),
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', '0',
    '--show-interactive-dev-session=false',
    '--persist-to', mkdtempSync(join(tmpdir(), 'tracksafe-wrangler-')),
    // A recorded test run keeps the worker's own log lines for the leak scan.
    '--log-level', quiet && !process.env.TRACKSAFE_ARTEFACTS ? 'warn' : 'log',
  ];
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`);
  const env = {
    ...process.env,
    CI: 'true',
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    NO_UPDATE_NOTIFIER: '1',
  };
  const child = spawn(process.execPath, args, { cwd: join(root, 'examples/cloudflare-worker'), env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  // If this process dies without close() (a killed test run), take wrangler and workerd along.
  const reap = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  process.once('exit', reap);
  const log = [];
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      log.push(d.toString());
      record('workerd-log', d.toString());
    });
  }
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited (${child.exitCode}):\n${log.join('')}`);
    try {
      // A probe that a starting runtime accepts but never answers is given up and sent again
      // (without a timeout it waited for undici's 300 s header timeout: a hung test run).
      const res = await fetch(`${url}/health-probe`, { signal: AbortSignal.timeout(5000) });
      if (res.status === 404) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      stop(child);
      throw new Error(`wrangler dev did not start in 60 s:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, log, child, close: () => stop(child) };
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      child.kill('SIGTERM');
    }
    setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, 3000).unref();
  });
}
