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
 * Names are per process and never reused for another text (pg refuses a name with a second text
 * on one connection), and there are at most MAX_NAMED of them: every connection holds at most that
 * many prepared statements in the server, and a process that builds ever-new texts sends the rest
 * unnamed as before.
 *
 * Safe across reconnects: a prepared statement belongs to its connection, and pg records on each
 * connection which names it has parsed there, so a new connection (after a lost one, a Postgres
 * restart) parses each name again on first use. Prepared statements survive a rolled-back
 * transaction; a Parse refused in an aborted transaction is not recorded, so it is sent again.
 */

/** At most this many texts are named per process, so each connection prepares at most this many. */
const MAX_NAMED = 200;

/** Texts seen once, awaiting a second sending before they are named; cleared when it grows past this. */
const MAX_SEEN_ONCE = 2000;

/** A query or data-modifying statement: what Postgres plans, so what a prepared statement saves most on. */
const PLANNED = /^\s*(with|select|insert|update|delete)\b/i;

const named = new Map<string, string>();
const seenOnce = new Set<string>();

/**
 * The name `text` is prepared under, or undefined to send it unnamed (its first sending, perhaps
 * several statements, or the process's names all taken).
 */
export function statementNameOf(text: string, values: readonly unknown[]): string | undefined {
  if (values.length === 0 && (text.includes(';') || !PLANNED.test(text))) return undefined;
  const name = named.get(text);
  if (name !== undefined) return name;
  if (named.size >= MAX_NAMED) return undefined;
  if (!seenOnce.has(text)) {
    if (seenOnce.size >= MAX_SEEN_ONCE) seenOnce.clear();
    seenOnce.add(text);
    return undefined;
  }
  seenOnce.delete(text);
  const fresh = `pj_${named.size + 1}`;
  named.set(text, fresh);
  return fresh;
}

/**
 * The error Postgres gives when a prepared statement's result columns changed under it (a
 * migration altered a table it reads while this process ran). The connection cannot run that
 * statement again under its name, so it is ended and the pool opens a fresh one, which prepares
 * the statement again.
 */
export function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return code === '0A000' && typeof message === 'string' && message.includes('cached plan must not change result type');
}
