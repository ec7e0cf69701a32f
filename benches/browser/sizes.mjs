// Bytes a page loads: the JS and wasm files the bench server actually served for one page load
// (so lazily fetched chunks count), each compressed on its own as a server would send it
// (gzip -9, brotli quality 11).
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const cache = new Map();

export function fileSizes(file) {
  if (!cache.has(file)) {
    const buf = readFileSync(file);
    cache.set(file, {
      raw: buf.length,
      gzip: gzipSync(buf, { level: 9 }).length,
      brotli: brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: buf.length } }).length,
    });
  }
  return cache.get(file);
}

/** Sums the sizes of the distinct JS/wasm files in `files`. */
export function loadedBytes(files) {
  const total = { raw: 0, gzip: 0, brotli: 0, files: 0 };
  for (const f of new Set(files.filter((f) => /\.(m?js|wasm)$/.test(f)))) {
    const s = fileSizes(f);
    total.raw += s.raw;
    total.gzip += s.gzip;
    total.brotli += s.brotli;
    total.files += 1;
  }
  return total;
}
