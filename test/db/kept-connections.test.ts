import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/** Connections the database has open for one application name. */
async function openConnections(url: string, applicationName: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ n: number }>('select count(*)::int as n from pg_stat_activity where application_name = $1', [applicationName]);
    return rows[0]!.n;
  } finally {
    await client.end();
  }
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("a service's database pool", () => {
  let database: TestDatabase;
  const pools: Db[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const pool of pools) await pool.close();
    await database.close();
  });

  it('opens all its connections at once, before the first burst of queries needs them', async () => {
    const kept = createDb(database.url, { max: 4, applicationName: 'kept-pool', keepOpen: true });
    pools.push(kept);
    await until(async () => (await openConnections(database.url, 'kept-pool')) === 4);
    expect(kept.pool.idleCount).toBe(4);
  });

  it('keeps the connections it opened instead of closing them when idle', () => {
    const kept = createDb(database.url, { max: 3, keepOpen: true });
    const plain = createDb(database.url, { max: 3 });
    pools.push(kept, plain);
    // pg-pool closes an idle connection after idleTimeoutMillis only while it has more than `min`.
    expect(kept.pool.options.min).toBe(3);
    expect(plain.pool.options.min).toBe(0);
  });

  it('closes the connections of a pool that only ever ran statements outside kysely', async () => {
    // kysely's destroy() ends the pool only if kysely used it (the start's warm-up uses the pool alone).
    const direct = createDb(database.url, { max: 2, applicationName: 'direct-pool' });
    await Promise.all([direct.pool.query('select 1'), direct.pool.query('select 1')]);
    expect(await openConnections(database.url, 'direct-pool')).toBe(2);

    await direct.close();
    await direct.close();

    expect(direct.pool.ended).toBe(true);
    await until(async () => (await openConnections(database.url, 'direct-pool')) === 0);
  });

  it('closes a pool that kysely used, once', async () => {
    const used = createDb(database.url, { max: 1, applicationName: 'kysely-pool' });
    await used.db.selectNoFrom((eb) => eb.lit(1).as('n')).execute();

    await used.close();

    expect(used.pool.ended).toBe(true);
    await until(async () => (await openConnections(database.url, 'kysely-pool')) === 0);
  });
});
