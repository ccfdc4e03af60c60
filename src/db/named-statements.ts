import { createHash } from 'node:crypto';

/**
 * Names the statements a process sends again and again, so that each connection parses (and,
 * once Postgres settles on a generic plan, plans) each of them once instead of on every call.
 *
 * kysely's pg driver and pg-boss send every statement unnamed: Postgres parses, analyses and plans
 * it anew each time, 0.2-0.9 ms of planning per statement under load on the throughput bench
 * (pg_stat_statements; a job's start, claim, fetch and finish are each one such statement). pg prepares a
 * statement given a `name` once per connection and then only binds and executes it; Postgres
 * keeps the prepared statement, and from its sixth run a generic plan when that costs no more
 * than a custom one (plan_cache_mode auto), for the life of the session.
 *
 * Which texts get a name: only a text this process has already sent once before, so a one-off
 * text (a migration, a statement built around a literal) never costs a slot, and only one that is
 * a single statement. A text sent without bind parameters goes by the simple protocol and may hold
 * several statements, which a prepared statement cannot; one without a semicolon cannot, and is
 * named when it is a query or a data-modifying statement (pg-boss's fetch, which writes its few
 * settings into its text, is one). Transaction control and other utility statements are left
 * unnamed: they have no plan to keep, and a COMMIT stays the simple-protocol message it was.
 * A text's name is a hash of the text (`pj_` and the first 16 hex digits of its SHA-1), the same
 * in every process and never another text's in practice (pg refuses a name with a second text on
 * one connection; 64 bits make a clash between the few hundred texts one service sends
 * vanishingly unlikely), rather than a per-process counter, under which two processes would give
 * one name to different texts. There are at most MAX_NAMED of them per process: every connection
 * holds at most that many prepared statements in the server, and a process that builds ever-new
 * texts sends the rest unnamed as before.
 *
 * Transaction-mode connection poolers are not supported unless they keep prepared statements per
 * client (pgbouncer 1.21 or later with max_prepared_statements set): others hand a client's next
 * transaction to a backend that never parsed its names. (Each such failure ends its connection and
 * is tried again, isUnrunNamedStatement, but a pooler that loses them every time would fail each.)
 *
 * Safe across reconnects: a prepared statement belongs to its connection, and pg records on each
 * connection which names it has parsed there, so a new connection (after a lost one, a Postgres
 * restart) parses each name again on first use. Prepared statements survive a rolled-back
 * transaction; a Parse refused in an aborted transaction is not recorded, so it is sent again.
 */

/** At most this many texts are named per process, so each connection prepares at most this many. */
const MAX_NAMED = 200;

/**
 * The longest text that is named, in UTF-16 code units (about bytes for SQL). Every connection
 * keeps each named statement's parse tree and plan for its life, a hundred times the text's size
 * or more: a long text (a list spelled out parameter by parameter, a caller's bulk insert) costs
 * each backend megabytes, and is rarely sent often enough to repay it. The service's own
 * repeated statements are all far shorter (pg-boss's fetch, the longest, is under 2 KB).
 */
const MAX_NAMED_TEXT = 16 * 1024;

/**
 * The most bind parameters a named text may have: a statement with more is one whose length
 * grows with its input (`in ($1 … $k)`, a multi-row insert), so each size is a text of its own,
 * and naming them would keep one plan per size on every connection.
 */
const MAX_NAMED_PARAMETERS = 100;

/** Texts seen once, awaiting a second sending before they are named; cleared when they hold more than this many texts. */
const MAX_SEEN_ONCE = 2000;

/** ... or more than this many UTF-16 code units of text in all (2000 texts of the longest kind would be 32 M). */
const MAX_SEEN_ONCE_CHARS = 2 * 1024 * 1024;

/** A query or data-modifying statement: what Postgres plans, so what a prepared statement saves most on. */
const PLANNED = /^\s*(with|select|insert|update|delete)\b/i;

const named = new Map<string, string>();
const seenOnce = new Set<string>();
let seenOnceChars = 0;

/**
 * The name `text` is prepared under, or undefined to send it unnamed (its first sending, perhaps
 * several statements, too long, or the process's names all taken).
 */
export function statementNameOf(text: string, values: readonly unknown[]): string | undefined {
  if (values.length === 0 && (text.includes(';') || !PLANNED.test(text))) return undefined;
  const name = named.get(text);
  if (name !== undefined) return name;
  if (named.size >= MAX_NAMED) return undefined;
  // Not remembered either: a text too long to name must not hold memory waiting for a second sending.
  if (text.length > MAX_NAMED_TEXT || values.length > MAX_NAMED_PARAMETERS) return undefined;
  if (!seenOnce.has(text)) {
    if (seenOnce.size >= MAX_SEEN_ONCE || seenOnceChars + text.length > MAX_SEEN_ONCE_CHARS) {
      seenOnce.clear();
      seenOnceChars = 0;
    }
    seenOnce.add(text);
    seenOnceChars += text.length;
    return undefined;
  }
  seenOnce.delete(text);
  seenOnceChars -= text.length;
  const fresh = `pj_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
  named.set(text, fresh);
  return fresh;
}

/**
 * An error that says a named statement did not run on its connection and will not under that
 * name, so the connection is ended (db/create-db.ts) and the pool opens a fresh one, which
 * prepares the statement again; the statement itself never ran, so running it again is safe.
 * - A stale plan (0A000 from RevalidateCachedQuery, "cached plan must not change result type"):
 *   a migration changed the result columns of a table the statement reads while this process ran.
 * - A prepared statement the server does not have (26000): pg believes the connection parsed it,
 *   but the server lost it (pg sends Close for a statement whose Bind failed on the client side,
 *   a DEALLOCATE, a transaction-mode pooler handing the session to another backend).
 * Matched by code and the server's routine name, which are never translated (lc_messages).
 */
export function isUnrunNamedStatement(error: unknown): boolean {
  const { code, routine } = (error ?? {}) as { code?: unknown; routine?: unknown };
  return (code === '0A000' && routine === 'RevalidateCachedQuery') || code === '26000';
}
