//! Preloaded into every Node test process (`node --import`, see the Makefile): when
//! `TRACKSAFE_ARTEFACTS` is set, every answer a test got from a local server (the collectors in
//! workerd and Viceroy, the sinks) is recorded for the leak scan. Otherwise it changes nothing.
import { record } from '../../examples/demo-shop/artefacts.mjs';

const LOCAL = new Set(['127.0.0.1', 'localhost', '[::1]']);

if (process.env.TRACKSAFE_ARTEFACTS && typeof globalThis.fetch === 'function') {
  const fetchOriginal = globalThis.fetch;
  globalThis.fetch = async function fetchRecorded(input, init) {
    const res = await fetchOriginal(input, init);
    let url;
    try {
      url = new URL(input instanceof Request ? input.url : String(input));
    } catch {
      return res;
    }
    if (LOCAL.has(url.hostname)) {
      const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
      // The copy is read on the side; the caller's body is untouched.
      res
        .clone()
        .text()
        .then(
          (body) => record('responses', JSON.stringify({ method, path: url.pathname, status: res.status, headers: [...res.headers], body })),
          () => {},
        );
    }
    return res;
  };
}
