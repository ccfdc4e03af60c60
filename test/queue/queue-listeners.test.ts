import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Who holds a pg-boss LISTEN connection. Every notifying commit (each job sent) wakes every
 * listening backend of the database, so only a process that works queues listens.
 */
describe("the queue's LISTEN connection", () => {
  const apps: TestApp[] = [];
  let database: TestDatabase;

  afterAll(async () => {
    for (const app of apps.reverse()) await app.stop();
    await database?.close();
  });

  /** The database's pg-boss backends whose last statement is its LISTEN (or the listener's own heartbeat). */
  const queueListeners = async (): Promise<number> => {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity
         where datname = current_database() and application_name = 'paperjson-queue'
           and (query ilike 'listen %' or query ilike '%pg_listening_channels%')`,
      );
      return rows[0]!.n;
    } finally {
      await client.end();
    }
  };

  it('is held by a worker process, and not by an API-only one', async () => {
    database = await createTestDatabase();
    apps.push(await startTestApp({ database, api: true, worker: false }));
    expect(await queueListeners()).toBe(0);
    apps.push(await startTestApp({ database, api: false, worker: true }));
    expect(await queueListeners()).toBe(1);
  });

  it('is held by a process that runs both', async () => {
    const before = await queueListeners();
    apps.push(await startTestApp({ database, api: true, worker: true }));
    expect(await queueListeners()).toBe(before + 1);
  });
});
