import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { queueJobInsertCte } from '../../src/jobs/queue-job-insert-sql.ts';
import { testDatabaseWithBoss } from '../helpers/test-boss.ts';
import { EXTRACTION_QUEUE, WEBHOOK_QUEUE } from '../../src/queue/queues.ts';

describe("our copy of pg-boss's insert of a queue job (pinned to its version)", () => {
  const setup = testDatabaseWithBoss();

  const rowOf = async (id: string) =>
    (await sql<Record<string, unknown>>`select *, keep_until - start_after as kept_for from pgboss.job where id = ${id}::uuid`.execute(setup.database.db)).rows[0];
  /** The copy on its own, as the start's statement holds it (jobs.repository.ts): id and data bound as parameters. */
  const insert = (connection: Kysely<Database>, queue: string, id: string, data: object) => {
    const { cte, notify } = queueJobInsertCte(queue, { id: '$1', data: '$2' });
    return connection.executeQuery(CompiledQuery.raw(`WITH ${cte} SELECT ${notify} FROM queued`, [id, JSON.stringify(data)]));
  };
  /** Runs `insert` in a transaction of its own that ends with `end`. */
  const inTransaction = (queue: string, id: string, data: object, end: 'COMMIT' | 'ROLLBACK' = 'COMMIT') =>
    setup.database.db.connection().execute(async (connection) => {
      await sql`BEGIN`.execute(connection);
      try {
        await insert(connection, queue, id, data);
      } catch (error) {
        await sql`ROLLBACK`.execute(connection);
        throw error;
      }
      await sql.raw(end).execute(connection);
    });

  it("writes, on every queue, the row pg-boss's own send() writes for the same job", async () => {
    for (const queue of [EXTRACTION_QUEUE, WEBHOOK_QUEUE]) {
      const data = { jobId: randomUUID(), note: "it's a \\ quote" };
      const sent = (await setup.boss.send(queue, data, { id: randomUUID() }))!;
      const ours = randomUUID();
      await inTransaction(queue, ours, data);
      const [theirs, mine] = [await rowOf(sent), await rowOf(ours)];
      // Everything but the id and the moment: the queue's settings, pg-boss's defaults, the state.
      const timeless = ({ id: _id, created_on: _c, start_after: _s, keep_until: _k, ...rest }: Record<string, unknown>) => rest;
      expect(timeless(mine!)).toEqual(timeless(theirs!));
      expect(mine!.start_after).toEqual(mine!.created_on);
      // And pg-boss reads it back as a job of its own, ready now.
      expect(await setup.boss.getJobById(queue, ours)).toMatchObject({ id: ours, name: queue, data, state: 'created' });
    }
  });

  it('is rolled back with the transaction it ran in', async () => {
    const id = randomUUID();
    await inTransaction(EXTRACTION_QUEUE, id, { jobId: id }, 'ROLLBACK');
    expect(await setup.boss.getJobById(EXTRACTION_QUEUE, id)).toBeNull();
  });

  it('fails for a queue that does not exist, instead of dropping the job', async () => {
    await expect(inTransaction('no-such-queue', randomUUID(), {})).rejects.toThrow(/foreign key|queue/i);
  });

  it("notifies on the channel pg-boss's workers listen on, naming the queue, when it commits", async () => {
    // A worker makes pg-boss open its LISTEN connection; its last statement names the channel.
    const workerId = await setup.boss.work(WEBHOOK_QUEUE, { pollingIntervalSeconds: 120, notifyPollingIntervalSeconds: 120 }, async () => {});
    const listener = new pg.Client({ connectionString: setup.database.url });
    try {
      const channelOf = async () =>
        (await sql<{ channel: string }>`select substring(query from '^LISTEN "(.*)"$') as channel from pg_stat_activity
          where datname = current_database() and query like 'LISTEN %'`.execute(setup.database.db)).rows[0]?.channel;
      await expect.poll(channelOf, { timeout: 30_000 }).toMatch(/^pgboss_/);
      const channel = (await channelOf())!;
      await listener.connect();
      const notified: Array<{ channel: string; payload?: string }> = [];
      listener.on('notification', (n) => notified.push({ channel: n.channel, payload: n.payload }));
      await listener.query(`LISTEN "${channel}"`);
      const id = randomUUID();
      await setup.database.db.connection().execute(async (connection) => {
        await sql`BEGIN`.execute(connection);
        await insert(connection, EXTRACTION_QUEUE, id, { jobId: id });
        // A round trip of the listener's: a notification sent before the commit would be here by now.
        await listener.query('select 1');
        expect(notified).toEqual([]);
        await sql.raw('COMMIT').execute(connection);
      });
      await expect.poll(() => notified, { timeout: 30_000 }).toContainEqual({ channel, payload: EXTRACTION_QUEUE });
    } finally {
      await listener.end();
      await setup.boss.offWork(WEBHOOK_QUEUE, { id: workerId });
    }
  });
});
