/**
 * pg-boss's send() held back and sent with the caller's COMMIT, in the same simple-protocol
 * message, instead of as a round trip of its own.
 *
 * A start's queue job is its last write before the commit (active-job-limit.ts), and the commit is
 * what lets a worker take the job: every round trip before it is on the way from the start
 * mutation to JobStartedEvent (issue 18's pickup). pg-boss builds the insert (its columns, its
 * queue defaults, the NOTIFY that wakes the workers, which fires only when the commit does) and
 * hands it to the `db` adapter of the send; the adapter here keeps its text, with its one JSON
 * parameter written in as a literal (the simple protocol takes no parameters), and answers with
 * the job id the caller chose, which is all send() reads back. The statement then runs inside the
 * caller's transaction, before COMMIT, as it would have when sent alone: it is rolled back with
 * the rest when anything before the commit fails.
 *
 * Only an insert whose shape is known is held back (its only placeholder $1, an id chosen by the
 * caller); anything else goes to the database at once through the send's own adapter, exactly as
 * without this. Two differences remain, both accepted: pg-boss's insert skips a row whose id
 * exists (ON CONFLICT DO NOTHING), where send() would answer null and this answers the id (the
 * id is a fresh random UUID, and the start ignores the answer anyway); and an insert failing at
 * the commit bypasses pg-boss's own handling of a missing or changed queue (it refreshes its
 * queue cache and names the queue): the start fails as a database error, and a queue deleted and
 * made again while the API runs needs the API restarted (the service never deletes its queues).
 */
import { escapeLiteral } from 'pg';
import type { PgBoss } from 'pg-boss';

export interface QueueSendsWithCommit {
  /** The queue, except that a send with an `id` and a `db` is held back until `take`. */
  boss: PgBoss;
  /** The held-back statements (possibly none), to run in the same transaction just before COMMIT. */
  take(): string;
}

type SendOptions = { id?: string; db?: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> } };

export function queueSendsWithCommit(boss: PgBoss): QueueSendsWithCommit {
  const held: string[] = [];
  const send = (name: string, data?: object | null, options?: SendOptions) => {
    const { id, db } = options ?? {};
    if (!id || !db) return boss.send(name, data ?? null, options as Parameters<PgBoss['send']>[2]);
    const adapter = {
      executeSql: async (text: string, values?: unknown[]) => {
        const inlined = inlineOnlyParameter(text, values);
        if (inlined === null) return db.executeSql(text, values);
        held.push(inlined);
        return { rows: [{ id }] };
      },
    };
    return boss.send(name, data ?? null, { ...options, db: adapter } as Parameters<PgBoss['send']>[2]);
  };
  const proxy = new Proxy(boss, {
    get(target, property) {
      if (property === 'send') return send;
      // Bound to the real instance: pg-boss's methods use private fields, which a proxy lacks.
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { boss: proxy, take: () => held.splice(0).join(';\n') };
}

/**
 * `text` with its placeholder $1 replaced by `values[0]` as a string literal, or null when the
 * statement is not of that shape: any other `$` (another placeholder, a dollar quote) or a
 * parameter that is not a string.
 */
function inlineOnlyParameter(text: string, values: unknown[] | undefined): string | null {
  if (values?.length !== 1 || typeof values[0] !== 'string') return null;
  if (/\$(?!1(?!\d))/.test(text) || !/\$1(?!\d)/.test(text)) return null;
  const literal = escapeLiteral(values[0]);
  return text.replace(/\$1(?!\d)/g, () => literal).trim();
}
