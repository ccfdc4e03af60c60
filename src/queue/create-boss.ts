import { PgBoss } from 'pg-boss';
import { ServicePgClient } from '../db/create-db.ts';
import type { Logger } from '../logger.ts';
import { pgSocket } from '../db/pg-connection-errors.ts';
import { EXTRACTION_DEAD_QUEUE, EXTRACTION_QUEUE, WEBHOOK_QUEUE } from './queues.ts';

export interface BossOptions {
  connectionString: string;
  logger: Logger;
  /** Whole-job retries after a crash or an infrastructure failure. */
  jobRetryLimit: number;
  /** The longest wait before a whole-job retry (the wait doubles per retry from 1 s). */
  jobRetryDelayMaxSeconds?: number;
  /**
   * A job whose worker stops sending heartbeats for this long is given to another worker. A
   * worker that dies is usually found sooner, by its claim lease (queue/claim-leases.ts).
   */
  heartbeatSeconds: number;
  /**
   * Whether this process works queues. Only a worker needs waking when a job is committed; a
   * process that only sends (the API) opens no LISTEN connection, since every notifying commit
   * wakes every listening backend of the database. Its sends still notify (that is the queue's
   * `notify`, not the listener). Default true.
   */
  listens?: boolean;
}

/** pg-boss's own schema in the service's database. */
export const BOSS_SCHEMA = 'pgboss';

/**
 * Starts pg-boss on the service's database (its own `pgboss` schema) and creates the queues.
 * Both steps are idempotent and safe when several processes start at once.
 */
export async function createBoss(options: BossOptions): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: BOSS_SCHEMA,
    application_name: 'paperjson-queue',
    max: 5,
    // Workers are woken the moment a job is committed instead of waiting out a polling cycle.
    useListenNotify: options.listens ?? true,
    // A killed worker's job is found within seconds by its claim lease (queue/claim-leases.ts);
    // the heartbeat, checked at this cadence, remains for deaths Postgres does not see at once
    // (a lost machine or network), and bounds how long those wait.
    monitorIntervalSeconds: 5,
    superviseIntervalSeconds: 5,
    // pg's socket factory, passed through to every pg client pg-boss makes (its pool and its
    // LISTEN client; pg-boss's options type does not list it). Its LISTEN client may report a late
    // socket error to no listener; the tag lets the uncaught-error policy outlive exactly that
    // (db/pg-connection-errors.ts) and nothing else.
    ...{ stream: pgSocket },
    // Its statements (the fetch of every job, the completes) are prepared once per connection, as
    // the service's own are (db/named-statements.ts).
    ...{ Client: ServicePgClient },
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'queue error'));
  boss.on('warning', (warning) => options.logger.warn({ warning }, 'queue warning'));
  await boss.start();
  await ensureQueue(boss, EXTRACTION_DEAD_QUEUE, { policy: 'standard', notify: true, retryLimit: 5, retryDelay: 5 });
  await ensureQueue(boss, EXTRACTION_QUEUE, {
    policy: 'standard',
    notify: true,
    retryLimit: options.jobRetryLimit,
    retryDelay: 1,
    retryBackoff: true,
    retryDelayMax: options.jobRetryDelayMaxSeconds ?? 60,
    heartbeatSeconds: options.heartbeatSeconds,
    // Heartbeats detect dead workers; the expiry is only the outer bound of one attempt.
    expireInSeconds: 6 * 3600,
    // A job whose attempts are all used up (e.g. its workers kept dying) lands here, and the
    // dead-letter handler marks it FAILED so it never stays PROCESSING forever.
    deadLetter: EXTRACTION_DEAD_QUEUE,
  });
  await ensureQueue(boss, WEBHOOK_QUEUE, {
    policy: 'standard',
    notify: true,
    retryLimit: 8,
    retryDelay: 2,
    retryBackoff: true,
    retryDelayMax: 600,
    expireInSeconds: 60,
  });
  return boss;
}

async function ensureQueue(boss: PgBoss, name: string, options: Parameters<PgBoss['createQueue']>[1]): Promise<void> {
  try {
    await boss.createQueue(name, options);
  } catch (error) {
    // Two processes starting together may race to create the same queue; the loser is fine.
    if (!(await boss.getQueue(name))) throw error;
  }
}
