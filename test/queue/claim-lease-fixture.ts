import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PgBoss, type JobAttempt } from 'pg-boss';
import { pino } from 'pino';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { startClaimLeases, type ClaimLeaseOptions, type ClaimLeases } from '../../src/queue/claim-leases.ts';
import { copyInitialisedCluster } from '../helpers/initialised-cluster.ts';
import { startPostgresAgain } from '../helpers/start-postgres-again.ts';

/**
 * What the claim lease tests share: a Postgres of their own (they hold and check advisory locks,
 * terminate the lease connection and restart the server, none of which the suite's shared
 * database may see), pg-boss started on it, and one queue without retries, so that a claim a
 * check fails never comes back to be fetched by a later test.
 */
export interface ClaimLeaseFixture {
  readonly boss: PgBoss;
  /** The Postgres now running: a new one after `startPostgres`. */
  readonly postgres: EmbeddedPostgres;
  readonly queue: string;
  /** Sends one job and fetches it, as a worker has its claim before it takes the lease. */
  claim(): Promise<JobAttempt>;
  /**
   * Claim leases on the fixture's queue, logging nothing unless `options` say otherwise; `stop`
   * closes them (closing them sooner as well is fine).
   */
  startLeases(options?: Partial<ClaimLeaseOptions>): ClaimLeases;
  /** Starts Postgres again in the same folder after `postgres.stop()`, on `port` if given. */
  startPostgres(port?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `restarts`: the test stops and starts Postgres, so its folder is kept between runs and pg-boss's
 * errors while it is away are expected (left unheard, they would end the test process).
 */
export async function startClaimLeaseFixture(queue: string, { restarts = false } = {}): Promise<ClaimLeaseFixture> {
  const parent = mkdtempSync(path.join(os.tmpdir(), `paperjson-${queue}-`));
  chmodSync(parent, 0o755); // as root, Postgres runs as the postgres user, who must traverse it
  const dir = path.join(parent, 'pg');
  const leases: ClaimLeases[] = [];
  let postgres: EmbeddedPostgres | undefined;
  let boss: PgBoss | undefined;
  const stop = async () => {
    for (const each of leases) await each.close();
    await boss?.stop({ graceful: false, close: true }).catch(() => {});
    await postgres?.stop();
    rmSync(parent, { recursive: true, force: true });
  };
  try {
    copyInitialisedCluster(dir);
    postgres = restarts ? await startPostgresAgain({ dir }) : await startEmbeddedPostgres({ dir, ephemeral: true });
    boss = new PgBoss({ connectionString: postgres.url, schema: 'pgboss', max: 3 });
    if (restarts) boss.on('error', () => {});
    await boss.start();
    await boss.createQueue(queue, { retryLimit: 0 });
  } catch (error) {
    await stop();
    throw error;
  }
  // Both are set from here on (a failed start threw above).
  const running = { boss, postgres } as { boss: PgBoss; postgres: EmbeddedPostgres };
  return {
    boss: running.boss,
    get postgres() {
      return running.postgres;
    },
    queue,
    claim: () => claimOne(running.boss, queue),
    startLeases(options = {}) {
      const each = startClaimLeases({
        connectionString: running.postgres.url,
        boss: running.boss,
        schema: 'pgboss',
        queue,
        logger: pino({ level: 'silent' }),
        ...options,
      });
      leases.push(each);
      return each;
    },
    async startPostgres(port) {
      running.postgres = postgres = await startPostgresAgain({ dir, ...(port && { port }) });
    },
    stop,
  };
}

async function claimOne(boss: PgBoss, queue: string): Promise<JobAttempt> {
  await boss.send(queue, {});
  const [job] = await boss.fetch(queue);
  return { id: job!.id, retryCount: job!.retryCount };
}
