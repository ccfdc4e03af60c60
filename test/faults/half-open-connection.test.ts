import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { isLostPgConnection, outlastLostConnection } from '../../src/db/pg-connection-errors.ts';
import { toError } from '../../src/to-error.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/**
 * A connection that goes half-open mid-statement (the proxy stops forwarding without closing,
 * as a peer gone without a reset does): the statement fails within the pool's query timeout, as
 * a lost connection's would, and the connection is discarded, never handed out again.
 */
describe('a database connection that goes half-open mid-statement', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let viaProxy: Db;

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
    proxy = await startTcpProxy(Number(new URL(database.url).port));
    const url = new URL(database.url);
    url.port = String(proxy.port);
    viaProxy = createDb(url.toString(), { max: 1, queryTimeoutMs: 500 });
  });
  afterAll(async () => {
    await viaProxy?.close();
    await proxy?.close();
    await database?.close();
  });

  const selectOne = async (db: Db) => (await db.pool.query<{ one: number }>('select 1 as one')).rows[0]!.one;

  it('fails as a lost connection, and the next statement runs on a fresh connection', async () => {
    expect(await selectOne(viaProxy)).toBe(1);
    expect(proxy.accepted).toBe(1);

    proxy.stall();
    const failure = await viaProxy.db.selectFrom('pg_class' as never).select('relname' as never).limit(1).execute().then(
      () => null,
      (e: unknown) => toError(e),
    );
    expect(failure?.message).toBe('Query read timeout');
    expect(isLostPgConnection(failure!)).toBe(true);
    // The pool (max 1) dropped the stalled client instead of keeping it idle for the next caller.
    expect(viaProxy.pool.totalCount).toBe(0);

    proxy.resume();
    expect(await selectOne(viaProxy)).toBe(1);
    expect(proxy.accepted).toBe(2);
  });

  it('is ridden out by a write that waits out a lost connection', async () => {
    proxy.stall();
    let tries = 0;
    const write = outlastLostConnection(
      'a test write',
      async () => {
        tries++;
        // The first try meets the stalled proxy; from the second on, it forwards again.
        if (tries === 2) proxy.resume();
        return viaProxy.db.transaction().execute(async (trx) => (await sql<{ seven: number }>`select 7 as seven`.execute(trx)).rows[0]!.seven);
      },
      { windowMs: 20_000 },
    );
    expect(await write).toBe(7);
    expect(tries).toBeGreaterThanOrEqual(2);
  });

  it('a statement the server refuses keeps its connection in the pool', async () => {
    const before = proxy.accepted;
    // Through kysely, as the service's statements go (pg-pool's own pool.query drops a client on any error).
    await expect(sql`select 1/0`.execute(viaProxy.db)).rejects.toThrow(/division by zero/);
    expect(await selectOne(viaProxy)).toBe(1);
    expect(proxy.accepted).toBe(before);
  });
});
