// Starts the Fastly Compute service under Viceroy (Fastly's local runtime) with a generated
// fastly.toml: the upstream backend, one backend per destination, the config store, the secret
// store and the geolocation of 127.0.0.1. Used by the Fastly and parity suites; the checked-in
// fastly.toml is for `make fastly-serve`.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { declareSecrets, record } from '../demo-shop/artefacts.mjs';

const root = new URL('../..', import.meta.url).pathname;
const targetDir = process.env.CARGO_TARGET_DIR ?? join(root, 'target');
export const wasmPath = join(targetDir, 'wasm32-wasip1/release/tracksafe-fastly.wasm');

const str = (s) => JSON.stringify(String(s)); // a JSON string is a valid TOML basic string

// Viceroy's geolocation record for 127.0.0.1. The `fastly` crate's `geo_lookup` needs every field
// (it returns None otherwise); the service keeps only country_code and region.
const GEO_RECORD = {
  as_name: 'Example Net', as_number: 64496, area_code: 0, city: 'Example City', conn_speed: 'broadband', conn_type: 'wired',
  continent: 'EU', country_code3: 'XXX', country_name: 'Example', latitude: 0, longitude: 0, metro_code: 0,
  postal_code: '00000', proxy_description: '?', proxy_type: '?', utc_offset: 0,
};

/**
 * The [local_server] manifest for one run; `geo` is what Fastly reports for the client.
 * `destinations` is the worker's TRACKSAFE_DESTINATIONS array; each destination gets a backend
 * named like it (its `name`, else its kind) at its endpoint's origin, unless `backends` (name →
 * URL, or null to leave one out) says otherwise. `secrets` are further secret-store entries (the
 * destinations' credentials), `config` further config-store entries (raw strings).
 */
export function localManifest({ upstreamUrl, allowedOrigins, pepper, upstreamToken, destinations, secrets = {}, backends = {}, config = {}, geo = { country: 'DE', region: 'BE' } }) {
  const all = { upstream: new URL(upstreamUrl).origin };
  for (const d of destinations ?? []) {
    if (d.endpoint) all[d.name ?? d.kind] = new URL(d.endpoint).origin;
  }
  Object.assign(all, backends);
  const entries = { TRACKSAFE_PEPPER: pepper, UPSTREAM_TOKEN: upstreamToken, ...secrets };
  const secretList = Object.entries(entries)
    .filter(([, v]) => v)
    .map(([k, v]) => `{ key = ${str(k)}, data = ${str(v)} }`);
  const settings = { UPSTREAM_URL: upstreamUrl, ALLOWED_ORIGINS: allowedOrigins.join(',') };
  if (destinations) settings.TRACKSAFE_DESTINATIONS = JSON.stringify(destinations);
  Object.assign(settings, config);
  const lines = [
    'manifest_version = 3',
    'name = "tracksafe-collector-local"',
    'language = "rust"',
    '',
    ...Object.entries(all)
      .filter(([, url]) => url)
      .flatMap(([name, url]) => [`[local_server.backends.${str(name)}]`, `url = ${str(url)}`, '']),
    '[local_server.config_stores.tracksafe_config]',
    'format = "inline-toml"',
    '[local_server.config_stores.tracksafe_config.contents]',
    ...Object.entries(settings).map(([k, v]) => `${k} = ${str(v)}`),
    '',
    '[local_server.secret_stores]',
    `tracksafe_secrets = [${secretList.join(', ')}]`,
    '',
    '[local_server.geolocation]',
    'format = "inline-toml"',
    '[local_server.geolocation.addresses."127.0.0.1"]',
    ...Object.entries({ ...GEO_RECORD, country_code: geo.country, ...(geo.region ? { region: geo.region } : {}) }).map(
      ([k, v]) => `${k} = ${typeof v === 'number' ? v : str(v)}`,
    ),
    '',
  ];
  return lines.join('\n');
}

export async function startFastly({ port = 7676, quiet = true, ...options } = {}) {
  if (!existsSync(wasmPath)) throw new Error(`${wasmPath} is missing: run \`make fastly-build\` first`);
  const dir = mkdtempSync(join(tmpdir(), 'tracksafe-viceroy-'));
  const manifest = join(dir, 'fastly.toml');
  writeFileSync(manifest, localManifest(options));
  declareSecrets([options.pepper, options.upstreamToken, ...Object.values(options.secrets ?? {})]);
  const viceroy = process.env.VICEROY ?? 'viceroy';
  const child = spawn(viceroy, ['serve', '-C', manifest, '--addr', `127.0.0.1:${port}`, wasmPath], {
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const log = [];
  let spawnError;
  child.on('error', (e) => (spawnError = e));
  for (const stream of [child.stdout, child.stderr]) {
    stream.on('data', (d) => {
      log.push(d.toString());
      record('viceroy-log', d.toString());
    });
  }
  if (!quiet) {
    child.stdout.pipe(process.stdout);
    child.stderr.pipe(process.stderr);
  }
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (spawnError) throw new Error(`cannot start ${viceroy}: ${spawnError.message} (make viceroy installs it)`);
    if (child.exitCode !== null) throw new Error(`viceroy exited (${child.exitCode}):\n${log.join('')}`);
    try {
      // Viceroy compiles the module before it listens: any answer means it is serving.
      // A probe accepted but never answered is given up and sent again (see the collector's).
      await fetch(`${url}/health-probe`, { signal: AbortSignal.timeout(5000) });
      break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop(child);
      throw new Error(`viceroy did not start in 60 s:\n${log.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url, log, child, manifest, close: () => stop(child) };
}

function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
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
