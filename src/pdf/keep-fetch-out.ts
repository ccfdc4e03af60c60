/**
 * Imports pdf.js without loading Node's fetch implementation (undici), in a process that only reads
 * text and layout (a reader child, pdf-child.ts).
 *
 * pdf.js's two modules each polyfill `Response.prototype.bytes` when they are evaluated, and merely
 * reading Node's global `Response` loads undici, with http, http2, tls and crypto: 60-110 ms of a
 * reader child's CPU before it opens its document (pdf.js and its worker imported in 193-268 ms
 * instead of 263-369, five alternating fresh processes each, load 9-11) and 8 MB of its resident
 * memory, for a class that reading a PDF never uses.
 *
 * While `load` runs, `Response` is a stand-in whose prototype has `bytes`, so the polyfill is
 * skipped without touching Node's own; afterwards there is no `Response` at all, so that anything
 * reaching for it later fails at once rather than use the stand-in. pdf.js's only other use of it
 * in reading (instantiating its WebAssembly decoders) asks `typeof Response` first and, finding
 * none, instantiates from bytes, as it does with anything that is not a fetch response.
 */
export async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
  const global = globalThis as { Response?: unknown };
  global.Response = ResponseStandIn;
  try {
    return await load();
  } finally {
    delete global.Response;
  }
}

class ResponseStandIn {
  bytes(): never {
    throw new Error('There is no fetch Response in a PDF reader (keep-fetch-out.ts).');
  }
}
