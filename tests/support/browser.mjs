// Headless Chromium for the end-to-end tests: Debian's /usr/bin/chromium driven by playwright-core,
// with a fresh profile and no background traffic (this machine has no network but loopback).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { record } from '../../examples/demo-shop/artefacts.mjs';

export async function launchBrowser({ offlineHosts = true } = {}) {
  const profile = mkdtempSync(join(tmpdir(), 'tracksafe-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(offlineHosts ? ['--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost'] : []),
    ],
  });
  if (process.env.TRACKSAFE_ARTEFACTS) recordContext(context);
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** For the leak scan: every answer from a local server but static files, and every console line. */
function recordContext(context) {
  context.on('console', (m) => record('browser-console', JSON.stringify({ type: m.type(), text: m.text() })));
  context.on('response', async (res) => {
    const url = new URL(res.url());
    const type = res.headers()['content-type'] ?? '';
    if (!['127.0.0.1', 'localhost'].includes(url.hostname)) return;
    if (res.request().method() === 'GET' && !type.includes('json')) return;
    let body = '';
    try {
      body = (await res.body()).toString('utf8');
    } catch {
      // No body (a beacon's answer, a closed page): the status and headers still count.
    }
    record('browser-responses', JSON.stringify({ method: res.request().method(), path: url.pathname, status: res.status(), headers: res.headers(), body }));
  });
}

/** The names of the files a page requests from now on, in order, as they are requested. */
export function requestedFiles(page) {
  const files = [];
  page.on('request', (r) => files.push(new URL(r.url()).pathname.split('/').pop()));
  return files;
}

/** The wasm files among `files` (a `requestedFiles` list), in order. */
export const wasmFiles = (files) => files.filter((f) => f.endsWith('.wasm'));

/** Records every request a page makes to `origin` (what really crossed the network). */
export function recordRequests(page, origin) {
  const seen = [];
  page.on('request', (req) => {
    if (req.url().startsWith(origin)) seen.push({ method: req.method(), url: req.url(), body: req.postData(), headers: req.headers() });
  });
  return seen;
}

/** Everything the page holds in cookies, localStorage, sessionStorage and IndexedDB names. */
export async function storedState(page) {
  const cookies = await page.context().cookies();
  const storage = await page.evaluate(async () => {
    const dump = (s) => Object.fromEntries(Object.keys(s).map((k) => [k, s.getItem(k)]));
    const dbs = indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [];
    return { local: dump(localStorage), session: dump(sessionStorage), indexedDB: dbs };
  });
  return { cookies, ...storage };
}

/** Polls `fn` until it returns a truthy value or `ms` pass. */
export async function waitFor(fn, { ms = 10_000, step = 50, what = 'condition' } = {}) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, step));
  }
}
