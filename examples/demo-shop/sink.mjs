// The demo's upstream: a real HTTP server that appends every batch it receives as one JSON line.
// `startSink({ port, file })` is also used by the tests; `failures` lets a test make it fail and
// `delayMs` makes it slow (each request records when it arrived and when it was answered).
import { appendFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname } from 'node:path';
import { record } from './artefacts.mjs';

export function startSink({ port = 8789, host = '127.0.0.1', file } = {}) {
  const received = [];
  const requests = [];
  // Statuses to answer before accepting, e.g. [500, 429] (consumed one per request).
  const failures = [];
  const sink = { delayMs: 0 };
  if (file) mkdirSync(dirname(file), { recursive: true });
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (sink.delayMs > 0) setTimeout(() => answer(text), sink.delayMs);
      else answer(text);
    });
    const arrivedAt = Date.now();
    const answer = (text) => {
      const entry = { method: req.method, url: req.url, headers: req.headers, body: text, arrivedAt, answeredAt: 0 };
      requests.push(entry);
      // Credentials have their place: the upstream token in Authorization, GA4's `api_secret` and
      // Meta's `access_token` in the query of a destination request. Everything else goes to the
      // leak scan.
      const { authorization, ...headers } = req.headers;
      const path = req.url.replace(/([?&](?:api_secret|access_token)=)[^&]*/g, '$1[credential]');
      record('upstream', JSON.stringify({ method: req.method, path, headers, body: text }));
      res.on('finish', () => {
        entry.answeredAt = Date.now();
      });
      const fail = failures.shift();
      if (fail) {
        res.writeHead(fail, fail === 429 ? { 'retry-after': '1' } : {});
        res.end();
        return;
      }
      if (req.method !== 'POST') {
        res.writeHead(405).end();
        return;
      }
      let batch;
      try {
        batch = JSON.parse(text);
      } catch {
        res.writeHead(400).end();
        return;
      }
      received.push({ path: req.url, batch });
      if (file) appendFileSync(file, `${JSON.stringify({ receivedAt: new Date().toISOString(), path: req.url, batch })}\n`);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    };
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () =>
      resolve(Object.assign(sink, { server, received, requests, failures, url: `http://${host}:${server.address().port}`, close: () => new Promise((r) => server.close(r)) })),
    );
  });
}
