/**
 * pg-boss's insert of one queue job, as a CTE for a start's own insert of its job
 * (jobs.repository.ts), instead of send() in a round trip of its own: the job's row, its first
 * event and its queue job are one statement, prepared once per connection, and the commit, which
 * is what lets a worker take the job, follows in the start's next message.
 *
 * It is pg-boss 12's insertJobs (plans.js) for one job sent with only an id and data, and notify
 * on: the row's columns from the queue's settings with pg-boss's defaults, its clock
 * (job_now()), and the NOTIFY that wakes the workers, which fires only when the commit does.
 * pg-boss's own statement is generic (a JSON recordset of every send option, COALESCEd column by
 * column, into the queue's partition named from its cache); this one writes the row outright,
 * which costs Postgres less than half the time to plan and run (issue 18: ~0.34 ms against
 * ~0.77 ms per start, EXPLAIN ANALYZE on a loaded machine), and skips send()'s work in the API. Two differences, both deliberate: no
 * ON CONFLICT DO NOTHING (the id is the new job's, and a clash is an error to see, not a job to
 * drop silently), and the row goes through the parent table `job`, which routes it to the queue's
 * partition, so no partition name is cached here. A queue that does not exist fails the insert
 * (its foreign key), as pg-boss's would. test/jobs/queue-job-insert-sql.test.ts checks that the
 * row is the one send() writes and that a worker is woken by it. pg-boss is pinned to one exact
 * version in package.json for this copy (as for queue/complete-claim-sql.ts): pg-boss does not
 * support writes to its tables, so an upgrade must be checked against plans.js.
 */
import { escapeLiteral } from 'pg';
import { BOSS_SCHEMA } from '../queue/create-boss.ts';

/** pg-boss's QUEUE_DEFAULTS (plans.js): what a queue without its own setting uses. */
const DEFAULTS = { expireSeconds: 15 * 60, retentionSeconds: 14 * 24 * 3600, deletionSeconds: 7 * 24 * 3600, retryLimit: 2, retryDelay: 0 };

/** pg-boss's notifyChannelSql: the channel its workers LISTEN on for this schema. */
const NOTIFY_CHANNEL = `('pgboss_' || left(encode(sha224('${BOSS_SCHEMA}'::bytea), 'hex'), 24))`;

/**
 * The data-modifying CTE `queued` that inserts the job whose id and data are the bind parameters
 * `id` and `data` (a uuid and a JSON text, e.g. '$1' and '$15') into `queue`, ready to run now,
 * and `notify`, the expression that wakes its workers, to be selected once from `queued` (its
 * NOTIFY, like any, is sent only when the transaction commits). As parameters, not literals, so a
 * statement that holds them is prepared once per connection and its plan kept
 * (db/named-statements.ts).
 */
export function queueJobInsertCte(queue: string, { id, data }: { id: string; data: string }): { cte: string; notify: string } {
  const name = escapeLiteral(queue);
  const cte = `queued AS (
  INSERT INTO ${BOSS_SCHEMA}.job (id, name, data, priority, start_after, created_on, singleton_key, singleton_on, group_id, group_tier,
    expire_seconds, deletion_seconds, keep_until, retry_limit, retry_delay, retry_backoff, retry_delay_max, policy, dead_letter,
    heartbeat_seconds, blocked, blocking, pending_dependencies, trace_context)
  SELECT ${id}::uuid, ${name}, ${data}::jsonb, 0, now.at, now.at, NULL, NULL, NULL, NULL,
    COALESCE(q.expire_seconds, ${DEFAULTS.expireSeconds}), COALESCE(q.deletion_seconds, ${DEFAULTS.deletionSeconds}),
    now.at + COALESCE(q.retention_seconds, ${DEFAULTS.retentionSeconds}) * interval '1s',
    COALESCE(q.retry_limit, ${DEFAULTS.retryLimit}), COALESCE(q.retry_delay, ${DEFAULTS.retryDelay}), COALESCE(q.retry_backoff, false),
    q.retry_delay_max, q.policy, q.dead_letter, q.heartbeat_seconds, false, false, 0, NULL
  FROM (SELECT ${BOSS_SCHEMA}.job_now() AS at) now LEFT JOIN ${BOSS_SCHEMA}.queue q ON q.name = ${name}
  RETURNING 1
)`;
  return { cte, notify: `pg_notify(${NOTIFY_CHANNEL}, ${name})` };
}
