// The bench's two local servers, run in a child process so the Playwright driver never delays a
// response: a static server for the pages, the peer bundles and tracksafe's pkg/, and a collector
// on another 127.0.0.1 port (cross-origin, CORS for the page origin) that counts delivered events.
// An event counts as delivered when its marker `SKU-<run>-<i>` appears in a request to the
// collector (URL, body, gzip or base64 body): no tracker's wire format needs to be understood.
import { fork } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const MARKER = /SKU-(r\d+)-(p?\d+)/g;
const epochMs = () => performance.timeOrigin + performance.now();

function serveChild() {
  /** @type {Record<string, string>} mount point → directory */
  let mounts = {};
  let pages = {};
  let run = null;
  let collectorPort = 0;

  const note = (entry) => run && run.log.push({ t: epochMs(), ...entry });

  async function sendFile(res, root, rel) {
    const file = resolve(root, decodeURIComponent(rel));
    if (file !== root && !file.startsWith(root + sep)) throw new Error('outside the mount');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      'cross-origin-resource-policy': 'cross-origin',
      'access-control-allow-origin': '*',
    });
    res.end(body);
    return { file, bytes: body.length };
  }

  const pageServer = http.createServer(async (req, res) => {
    const path = new URL(req.url, 'http://h').pathname;
    try {
      const page = path.match(/^\/page\/([\w.-]+)$/);
      if (page && pages[page[1]] !== undefined) {
        // Cross-origin isolated, so performance.now() has 5 µs resolution instead of 100 µs.
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        });
        res.end(pages[page[1]]);
        return;
      }
      const [, mount, ...rest] = path.split('/');
      if (!mounts[mount]) {
        res.writeHead(404).end();
        return;
      }
      const { file, bytes } = await sendFile(res, mounts[mount], rest.join('/'));
      note({ kind: 'static', file, bytes });
    } catch {
      if (!res.headersSent) res.writeHead(404).end();
    }
  });

  function bodyTexts(req, raw) {
    const texts = [decodeURIComponentSafe(req.url)];
    let buf = raw;
    try {
      const enc = req.headers['content-encoding'];
      if (enc === 'br') buf = brotliDecompressSync(buf);
      else if (enc === 'deflate') buf = inflateSync(buf);
      else if (enc === 'gzip' || (buf[0] === 0x1f && buf[1] === 0x8b)) buf = gunzipSync(buf);
    } catch {
      // Not compressed after all: count what is readable.
    }
    const text = buf.toString('utf8');
    texts.push(text);
    const unbase64 = (s) => {
      let b = Buffer.from(s, 'base64');
      try {
        if (b[0] === 0x1f && b[1] === 0x8b) b = gunzipSync(b);
      } catch {
        return;
      }
      texts.push(b.toString('utf8'));
    };
    if (text.startsWith('data=')) {
      const data = new URLSearchParams(text).get('data') ?? '';
      texts.push(data);
      unbase64(data);
    } else if (!text.includes('SKU-') && /^[\w+/=-]{16,}$/.test(text.slice(0, 200))) unbase64(text);
    return texts;
  }

  function count(req, raw) {
    if (!run) return 0;
    let fresh = 0;
    for (const text of bodyTexts(req, raw)) {
      for (const [, runId, key] of text.matchAll(MARKER)) {
        if (runId !== run.id || run.arrived.has(key)) continue;
        run.arrived.set(key, epochMs());
        fresh += 1;
      }
    }
    if (fresh) run.last = epochMs();
    return fresh;
  }

  // Remote configurations the SaaS peers fetch at load, answered locally (vendor defaults otherwise).
  const origin = () => `127.0.0.1:${collectorPort}`;
  const remote = [
    [/^\/v1\/projects\/[^/]+\/settings$/, () => ({
      integrations: { 'Segment.io': { apiKey: 'bench', apiHost: `${origin()}/v1`, protocol: 'http' } },
      plan: { track: { __default: { enabled: true } } },
      remotePlugins: [],
    })],
    [/^\/sourceConfig\/?$/, () => ({
      isHosted: true,
      source: { id: 'bench', name: 'bench', writeKey: 'bench', workspaceId: 'bench', enabled: true, config: {}, destinations: [] },
    })],
    [/^\/(flags|decide)\/?$/, () => ({ featureFlags: {}, flags: {}, errorsWhileComputingFlags: false, ...posthogProject() })],
    [/^\/array\/[^/]+\/config$/, () => posthogProject()],
  ];
  // A default PostHog project without replay, surveys or site apps.
  const posthogProject = () => ({
    sessionRecording: false, surveys: false, heatmaps: false, siteApps: [], autocaptureExceptions: false,
    supportedCompression: ['gzip', 'gzip-js'], hasFeatureFlags: false, defaultIdentifiedOnly: true,
  });

  const collector = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      const raw = Buffer.concat(chunks);
      const path = new URL(req.url, 'http://h').pathname;
      res.setHeader('cross-origin-resource-policy', 'cross-origin');
      if (req.headers.origin) {
        res.setHeader('access-control-allow-origin', req.headers.origin);
        res.setHeader('access-control-allow-credentials', 'true');
        res.setHeader('vary', 'Origin');
      }
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'access-control-allow-methods': 'GET, POST, PUT, OPTIONS',
          'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
          'access-control-max-age': '7200',
        });
        res.end();
        note({ kind: 'preflight' });
        return;
      }
      const events = count(req, raw);
      const config = remote.find(([re]) => re.test(path));
      if (config) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(config[1]()));
        note({ kind: 'config', path });
      } else if (/^\/array\/[^/]+\/config\.js$/.test(path)) {
        const token = path.split('/')[2];
        res.writeHead(200, { 'content-type': 'text/javascript' });
        res.end(`(window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{})[${JSON.stringify(token)}]={config:${JSON.stringify(posthogProject())},siteApps:[]};`);
        note({ kind: 'config', path });
      } else if (path.startsWith('/static/') && mounts.nm) {
        // PostHog's lazily loaded extensions come from <api_host>/static/.
        try {
          const { file, bytes } = await sendFile(res, join(mounts.nm, 'posthog-js', 'dist'), path.slice(8));
          note({ kind: 'static', file, bytes });
        } catch {
          if (!res.headersSent) res.writeHead(404).end();
        }
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1,"success":true}');
        note({ kind: 'ingest', bytes: raw.length, events });
      }
    });
  });
  pageServer.keepAliveTimeout = collector.keepAliveTimeout = 60_000;

  const handlers = {
    configure(msg) {
      mounts = msg.mounts;
      pages = { ...pages, ...msg.pages };
    },
    begin(msg) {
      run = { id: msg.runId, arrived: new Map(), last: null, log: [] };
    },
    log() {
      return { log: run?.log ?? [], arrived: Object.fromEntries(run?.arrived ?? []) };
    },
    // Resolves when `n` events of the run have arrived, after `idleMs` without a new one, or after `timeoutMs`.
    wait(msg) {
      return new Promise((done) => {
        const start = epochMs();
        const tick = setInterval(() => {
          const now = epochMs();
          const idle = now - Math.max(start, run.last ?? 0);
          if (run.arrived.size >= msg.n || now - start > msg.timeoutMs || idle > msg.idleMs) {
            clearInterval(tick);
            done({ count: run.arrived.size, last: run.last });
          }
        }, 5);
      });
    },
  };
  process.on('message', async (msg) => {
    const out = await handlers[msg.cmd](msg);
    process.send({ id: msg.id, ...out });
  });
  pageServer.listen(0, '127.0.0.1', () =>
    collector.listen(0, '127.0.0.1', () => {
      collectorPort = collector.address().port;
      process.send({ ready: true, pagePort: pageServer.address().port, collectorPort });
    }),
  );
}

function decodeURIComponentSafe(s) {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Starts the servers in a child process; `call(cmd, data)` talks to it. */
export async function startServers() {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const waiting = new Map();
  let seq = 0;
  const { pagePort, collectorPort } = await new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`bench server exited with ${code}`)));
    child.on('message', (m) => {
      if (m.ready) ok(m);
      else waiting.get(m.id)?.(m);
      waiting.delete(m.id);
    });
  });
  child.removeAllListeners('exit');
  return {
    pageOrigin: `http://127.0.0.1:${pagePort}`,
    collectorOrigin: `http://127.0.0.1:${collectorPort}`,
    call: (cmd, data = {}) => new Promise((ok) => {
      seq += 1;
      waiting.set(seq, ok);
      child.send({ id: seq, cmd, ...data });
    }),
    stop: () => child.kill(),
  };
}

if (process.argv.includes('--serve')) serveChild();
