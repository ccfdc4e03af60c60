import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long a statement that moves many bytes may go unanswered (pg's `query_timeout`, set per
 * statement by ServicePgClient, db/create-db.ts): the connection's base bound
 * (DATABASE_QUERY_TIMEOUT_SECONDS) plus an allowance per MB the statement carries, out in its
 * parameters or back in its answer. The base bound is there to notice a connection gone
 * half-open; it is sized for the service's ordinary statements (milliseconds), and a document's
 * bytes (up to MAX_UPLOAD_BYTES: 50 MiB by default, more when raised) in one statement take far longer on a loaded
 * machine without anything being wrong. Scaled, the bound still ends: a half-open connection
 * under a large statement is noticed, only later.
 *
 * The allowances come from bench/document-bytes-rate.ts (95 MB documents, embedded Postgres, on
 * the 2-core development machine): unloaded (load ~7) an insert ran at ~14 MB/s and the read, then
 * bytea as hex text decoded by pg, at 5-7 MB/s; with 8 busy processes beside it (load 16-18) the
 * insert ran at 5.2-5.7 MB/s (0.19 s/MB) and that read at 1.2-1.4 MB/s (0.83 s/MB). The read now
 * takes base64 (documents.repository.ts), 1.3-1.7× faster than hex on
 * bench/document-read-memory.ts under load, so the hex figure is the worse case kept. Each
 * allowance is more than twice the slowest rate seen, so load alone should not reach it: 1 s/MB
 * out (a 95 MB upload may take 10 s + 95 s), 2 s/MB back (a 95 MB read 10 s + 190 s).
 */
const MS_PER_MB_SENT = 1_000;
const MS_PER_MB_RECEIVED = 2_000;

/** Below this many bytes either way a statement keeps the base bound (every ordinary statement). */
const SCALED_FROM_BYTES = 1_000_000;

const expectedAnswerBytes = new AsyncLocalStorage<number>();

/**
 * Runs `read` with the statements it sends allowed the time to receive `bytes` (their answer's
 * size, known to the caller beforehand: a document's stored size). pg gives a statement its bound
 * when it is sent, before any of its answer arrives, and kysely hands pg only a statement's text
 * and values, so the size reaches ServicePgClient through the async context of the call.
 */
export function receivingBytes<T>(bytes: number, read: () => Promise<T>): Promise<T> {
  return expectedAnswerBytes.run(bytes, read);
}

/**
 * The bound of a statement with these bind values, or undefined when the connection's base bound
 * stands (a small statement, or a connection without a bound: migrations). Strings count in
 * UTF-16 code units, the bytes of ASCII text (a layout's JSON); the allowance covers the rest.
 */
export function scaledBoundMs(baseMs: number, values: readonly unknown[]): number | undefined {
  if (!baseMs) return undefined;
  let sent = 0;
  for (const value of values) {
    if (value instanceof Uint8Array) sent += value.byteLength;
    else if (typeof value === 'string') sent += value.length;
  }
  const received = expectedAnswerBytes.getStore() ?? 0;
  if (sent < SCALED_FROM_BYTES && received < SCALED_FROM_BYTES) return undefined;
  return Math.ceil(baseMs + (sent / 1e6) * MS_PER_MB_SENT + (received / 1e6) * MS_PER_MB_RECEIVED);
}
