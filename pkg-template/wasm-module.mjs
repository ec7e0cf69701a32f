// Reads a wasm module's sections, imported function count, function bodies and function names:
// what the build's function ordering (order-functions.mjs) and the bench's coverage aid
// (benches/browser/coverage.mjs) look at.

/**
 * The module's sections, how many functions it imports, the bodies of those it defines, and the
 * function names of its `name` section if it has one (index → name).
 */
export function parseModule(bytes) {
  let at = 8;
  const uleb = () => {
    let value = 0;
    let scale = 1;
    let byte;
    do {
      byte = bytes[at++];
      value += (byte & 127) * scale;
      scale *= 128;
    } while (byte & 128);
    return value;
  };
  const readName = () => {
    const len = uleb();
    at += len;
    return bytes.subarray(at - len, at).toString();
  };
  const skipLimits = () => {
    const flags = bytes[at++];
    uleb();
    if (flags & 1) uleb();
  };
  const sections = [];
  const bodies = [];
  let importedFunctions = 0;
  const names = new Map();
  while (at < bytes.length) {
    const start = at;
    const id = bytes[at++];
    const size = uleb();
    const end = at + size;
    let name = '';
    if (id === 0) {
      name = readName();
      // The `name` section's function names (subsection 1): index → name.
      while (name === 'name' && at < end) {
        const sub = bytes[at++];
        const subEnd = uleb() + at;
        if (sub === 1) for (let count = uleb(); count > 0; count--) names.set(uleb(), readName());
        at = subEnd;
      }
    } else if (id === 2) {
      for (let count = uleb(); count > 0; count--) {
        readName();
        readName();
        const kind = bytes[at++];
        if (kind === 0) {
          uleb();
          importedFunctions++;
        } else if (kind === 1) {
          at++;
          skipLimits();
        } else if (kind === 2) {
          skipLimits();
        } else if (kind === 3) {
          at += 2;
        } else if (kind === 4) {
          at++;
          uleb();
        } else {
          throw new Error(`unknown import kind ${kind}`);
        }
      }
    } else if (id === 10) {
      for (let count = uleb(); count > 0; count--) {
        const len = uleb();
        bodies.push(bytes.subarray(at, at + len));
        at += len;
      }
    }
    sections.push({ id, name, bytes: bytes.subarray(start, end) });
    at = end;
  }
  return { sections, bodies, importedFunctions, names };
}

