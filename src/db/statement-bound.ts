import { sql, type RawBuilder } from 'kysely';

/**
 * The time a statement that moves a document's bytes may go unanswered beyond the connection's
 * base bound (pg's `query_timeout`, DATABASE_QUERY_TIMEOUT_SECONDS), and how that one statement
 * says so. The base bound is there to notice a connection gone half-open; it is sized for the
 * service's ordinary statements (milliseconds), and a document's bytes (up to MAX_UPLOAD_BYTES:
 * 50 MiB by default, more when raised) in one statement take far longer on a loaded machine
 * without anything being wrong. Scaled, the bound still ends: a half-open connection under a
 * large statement is noticed, only later.
 *
 * Only the two statements that carry a document's bytes (documents.repository.ts: the insert of
 * its content and its read) get an allowance, and each carries it in its own text, as a trailing
 * comment ServicePgClient (db/create-db.ts) reads: nothing else can reach another statement, not
 * one queued behind it on the same connection nor one sent from the same async context. Other
 * large statements (a job's result, its events) keep the base bound, which stays below
 * CONNECTION_RECOVERY_MS, the window a job's writes wait out a lost connection in.
 * pg starts a statement's timer when `query()` is called, so the bound covers its wait for the
 * connection's earlier statements too, not only the statement on the wire.
 *
 * The allowances come from bench/document-bytes-rate.ts (95 MB documents, embedded Postgres, on
 * the 2-core development machine, indicative only): unloaded (load ~7) an insert ran at ~14 MB/s
 * and the read, then bytea as hex text decoded by pg, at 5-7 MB/s; with 8 busy processes beside
 * it (load 16-18) the insert ran at 5.2-5.7 MB/s (0.19 s/MB) and that read at 1.2-1.4 MB/s
 * (0.83 s/MB). The read now takes base64, 1.3-1.7× faster than hex under load, so the hex figure
 * is the worse case kept. Each allowance is more than twice the slowest rate seen, so load alone
 * should not reach it: 1 s/MB out (a 95 MB upload may take base + 100 s, rounded up to STEP_MS),
 * 2 s/MB back (a 95 MB read base + 190 s).
 */
const MS_PER_MB = { sent: 1_000, received: 2_000 } as const;

/** Below this many bytes a document's statement keeps the base bound. */
const SCALED_FROM_BYTES = 1_000_000;

/**
 * Allowances are rounded up to this step: each distinct allowance is a text of its own, which a
 * process names once sent twice (db/named-statements.ts, at most 200 names per process), so the
 * texts must stay few (a 50 MiB read has 11 steps below it, its upload 6).
 */
const STEP_MS = 10_000;

/** The comment that ends a statement allowed more than the base bound. */
const ALLOWANCE = /\/\* allowance_ms=(\d+) \*\/$/;

/**
 * The comment to end a statement with that moves `bytes` of a document out (`sent`) or back
 * (`received`): kysely's `modifyEnd`. Empty below SCALED_FROM_BYTES.
 */
export function byteAllowance(bytes: number, direction: keyof typeof MS_PER_MB): RawBuilder<unknown> {
  if (bytes < SCALED_FROM_BYTES) return sql``;
  const ms = Math.ceil(((bytes / 1e6) * MS_PER_MB[direction]) / STEP_MS) * STEP_MS;
  return sql.raw(`/* allowance_ms=${ms} */`);
}

/**
 * The bound of a statement with this text, or undefined when the connection's base bound stands
 * (no allowance in its text, or a connection without a bound: migrations).
 */
export function statementBoundMs(baseMs: number, text: string): number | undefined {
  // Every statement of the pool comes here: most end without a comment, and the regular
  // expression would scan the whole text to find that out.
  if (!baseMs || !text.endsWith(' */')) return undefined;
  const allowance = ALLOWANCE.exec(text);
  return allowance ? baseMs + Number(allowance[1]) : undefined;
}
