import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
// Not in pg-boss's typed API, but the one expression its notifier and its own sends share.
import { notifyChannelSql } from 'pg-boss/dist/plans.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobEventBus, type JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobsService } from '../../src/jobs/jobs.service.ts';
import { createLogger } from '../../src/logger.ts';
import { BOSS_SCHEMA } from '../../src/queue/create-boss.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { INVOICE_SCHEMA, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// The start inserts its queue job itself, in the job's own statement (jobs.repository.ts), so
// pg-boss's send() is not what wakes the workers: the statement's NOTIFY is.
describe("a job's start wakes pg-boss's workers", () => {
  let app: TestApp;
  let boss: PgBoss;
  let bus: JobEventBus;

  beforeAll(async () => {
    // No worker of the service's: nothing takes the started jobs, and the only listener is ours.
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    bus = await createJobEventBus(app.database.url, createLogger('silent', 'test'));
  });
  afterAll(async () => {
    await bus?.close();
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  it('with one notification naming the extraction queue per accepted start, and none for a start refused at the limit', async () => {
    const db = app.database.db;
    // The channel from pg-boss's own expression (its notifier LISTENs on it), not from our copy.
    const { rows } = await sql<{ channel: string }>`select ${sql.raw(notifyChannelSql(BOSS_SCHEMA))} as channel`.execute(db);
    const channel = rows[0]!.channel;

    const listener = new pg.Client({ connectionString: app.database.url });
    await listener.connect();
    const heard: string[] = [];
    listener.on('notification', (n) => {
      if (n.channel === channel) heard.push(n.payload ?? '');
    });
    await listener.query(`LISTEN "${channel}"`);
    /**
     * What the listener hears on the channel from `start`: Postgres delivers notifications in the
     * order their transactions commit, so once a marker sent after the start is heard, whatever the
     * start's commit sent has been heard before it.
     */
    const heardFrom = async (start: () => Promise<unknown>): Promise<string[]> => {
      const since = heard.length;
      await start().catch(() => {});
      const marker = `marker-${randomUUID()}`;
      await sql`select pg_notify(${channel}, ${marker})`.execute(db);
      await expect.poll(() => heard.includes(marker), { timeout: 30_000 }).toBe(true);
      return heard.slice(since, heard.indexOf(marker));
    };
    try {
      // Several starts, so that connections run the start's prepared statement again, as a running
      // service does (how many times each, and with which plan, is the pool's choice).
      const limit = 8;
      const name = `wakes-${randomUUID()}`;
      const key = await app.newTenant(name, limit);
      const row = await db.selectFrom('tenants').select(['id', 'max_active_jobs']).where('name', '=', name).executeTakeFirstOrThrow();
      const tenant = { id: row.id, name, maxActiveJobs: row.max_active_jobs };
      const input = { documentId: await uploadFixture(app, 'invoice-2p.pdf', key), schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null };
      const jobs = createJobsService({ db, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });

      for (let i = 0; i < limit; i++) expect(await heardFrom(() => jobs.start(tenant, input))).toEqual([EXTRACTION_QUEUE]);
      let refusal: unknown;
      expect(await heardFrom(() => jobs.start(tenant, input).catch((error: unknown) => (refusal = error)))).toEqual([]);
      expect(refusal).toMatchObject({ extensions: { code: 'TOO_MANY_ACTIVE_JOBS' } });
    } finally {
      await listener.end();
    }
  });
});
