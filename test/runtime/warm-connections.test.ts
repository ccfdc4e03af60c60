import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { warmPoolConnections, warmUpText } from '../../src/runtime/warm-connections.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/** The last statement of each backend of one application name, as Postgres reports it. */
async function lastStatements(url: string, applicationName: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ query: string }>('select query from pg_stat_activity where application_name = $1', [applicationName]);
    return rows.map((row) => row.query);
  } finally {
    await client.end();
  }
}

const silent = { warn: () => {} };

describe("warming a pool's connections at start", () => {
  let database: TestDatabase;
  const pools: Db[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    // A queue schema as pg-boss makes one, and a table of someone else's beside the service's.
    // A queue schema as pg-boss makes one (with a partition the service does not write), and a table of someone else's beside the service's.
    await database.pool.query(
      'create schema queue_tables; create table queue_tables.job (id int primary key); create table queue_tables.queue (name text); create table queue_tables.j_other (id int); create table other_app (id int)',
    );
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await database.close();
  });

  it("plans each of the service's tables and the queue's on every pool connection, reading no rows", async () => {
    const service = createDb(database.url, { max: 3, applicationName: 'warmed-pool' });
    pools.push(service);

    const warmed = await warmPoolConnections(service.pool, { connections: 3, queueSchema: 'queue_tables' }, silent);

    expect(warmed).toBe(3);
    const text = await warmUpText(service.pool, 'queue_tables');
    expect(text.split('; ')).toEqual(
      expect.arrayContaining(['select from jobs where false', 'select from job_events where false', 'select from queue_tables.job where false', 'select from queue_tables.queue where false']),
    );
    expect(text).not.toContain('kysely_migration');
    expect(text).not.toContain('other_app');
    expect(text).not.toContain('j_other');
    // job_common does not exist here: it is left out rather than failing the message.
    expect(text).not.toContain('job_common');
    // The text query above ran on one of the three; the other two still show the warm-up as their last statement.
    const statements = await lastStatements(database.url, 'warmed-pool');
    expect(statements).toHaveLength(3);
    expect(statements.filter((statement) => statement === text).length).toBeGreaterThanOrEqual(2);
  });

  it('gives up on a table locked elsewhere within the lock timeout, leaving every connection idle in the pool and no backend waiting', async () => {
    const service = createDb(database.url, { max: 3, applicationName: 'warm-locked' });
    pools.push(service);
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    try {
      // What a REINDEX or an ALTER TABLE of job_events holds while it runs.
      await locker.query('begin; lock table job_events in access exclusive mode');
      const warnings: Array<{ err?: Error }> = [];

      const warmed = await warmPoolConnections(service.pool, { connections: 3, queueSchema: 'queue_tables' }, { warn: (obj) => warnings.push(obj) });

      expect(warmed).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]!.err?.message).toMatch(/lock timeout/);
      expect(service.pool.totalCount).toBe(3);
      expect(service.pool.idleCount).toBe(3);
      const waiting = await locker.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where application_name = 'warm-locked' and (state <> 'idle' or wait_event_type = 'Lock')",
      );
      expect(waiting.rows).toEqual([{ n: 0 }]);
      // The next statement (the start's first tenant) finds a connection at once, the lock still held,
      // and the warm-up's bounds are gone from its session.
      const next = await service.pool.query<{ lock_timeout: string }>('show lock_timeout');
      expect(next.rows).toEqual([{ lock_timeout: '0' }]);
    } finally {
      await locker.query('rollback');
      await locker.end();
    }
  });

  it('leaves out a queue table the role may not read, and warms the rest', async () => {
    // Roles belong to the whole test cluster: one of this database's own.
    const role = `${database.name}_reader`;
    await database.pool.query(
      `create role ${role} login password 'warm'; grant usage on schema queue_tables to ${role}; grant select on all tables in schema public to ${role}; grant select on queue_tables.job to ${role}`,
    );
    const url = new URL(database.url);
    url.username = role;
    url.password = 'warm';
    const reader = createDb(url.toString(), { max: 2 });
    pools.push(reader);
    const warnings: string[] = [];

    const warmed = await warmPoolConnections(reader.pool, { connections: 2, queueSchema: 'queue_tables' }, { warn: (_obj, msg) => warnings.push(msg) });

    expect(warnings).toEqual([]);
    expect(warmed).toBe(2);
    const text = await warmUpText(reader.pool, 'queue_tables');
    expect(text).toContain('select from queue_tables.job where false');
    expect(text).not.toContain('queue_tables.queue');
  });

  it('gives every connection back to the pool when a statement fails (a table missing), and says so', async () => {
    const bare = await createTestDatabase({ migrate: false });
    const pool = createDb(bare.url, { max: 2 });
    const warnings: string[] = [];
    try {
      const warmed = await warmPoolConnections(pool.pool, { connections: 2, queueSchema: 'queue_tables' }, { warn: (_obj, msg) => warnings.push(msg) });

      expect(warmed).toBe(0);
      expect(warnings).toHaveLength(1);
      expect(pool.pool.totalCount).toBe(2);
      expect(pool.pool.idleCount).toBe(2);
      expect((await pool.pool.query<{ n: number }>('select 1 as n')).rows).toEqual([{ n: 1 }]);
    } finally {
      await pool.close();
      await bare.close();
    }
  });

  it('lets the start go on when the database cannot be reached, and says so', async () => {
    const url = new URL(database.url);
    url.pathname = '/no_such_database';
    const unreachable = createDb(url.toString(), { max: 2 });
    pools.push(unreachable);
    const warnings: string[] = [];

    const warmed = await warmPoolConnections(unreachable.pool, { connections: 2, queueSchema: 'queue_tables' }, { warn: (_obj, msg) => warnings.push(msg) });

    expect(warmed).toBe(0);
    expect(warnings).toEqual([expect.stringContaining('their first statements pay for it')]);
  });
});
