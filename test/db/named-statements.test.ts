import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { outlastLostConnection } from '../../src/db/pg-connection-errors.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/**
 * The statements prepared on the connection that runs this (pg_prepared_statements is per
 * session), but this very question, which is prepared too from its second asking.
 */
async function preparedOn(client: { query(text: string): Promise<{ rows: Array<{ statement: string }> }> }): Promise<string[]> {
  const { rows } = await client.query("select statement from pg_prepared_statements where statement not like '%pg_prepared_statements%'");
  return rows.map((row) => row.statement);
}

describe("statements the service's pools send again", () => {
  let database: TestDatabase;
  const pools: Db[] = [];
  const pool = () => {
    const db = createDb(database.url, { max: 1 });
    pools.push(db);
    return db.pool;
  };

  beforeAll(async () => {
    database = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    for (const db of pools) await db.close();
    await database.close();
  });

  it('are prepared on their connection at the second sending, and give the same answers', async () => {
    const one = pool();
    const text = 'select $1::int + 1 as n -- prepared at the second sending';
    const answers: number[] = [];
    for (const value of [1, 2]) answers.push((await one.query<{ n: number }>(text, [value])).rows[0]!.n);
    expect(await preparedOn(one)).toEqual([text]);
    for (const value of [3, 4]) answers.push((await one.query<{ n: number }>(text, [value])).rows[0]!.n);
    expect(answers).toEqual([2, 3, 4, 5]);
    expect(await preparedOn(one)).toEqual([text]);
  });

  it('are named by a hash of their text, so every process gives a text the same name and no two texts one', async () => {
    const one = pool();
    const text = 'select $1::int * 2 as doubled -- named by its text';
    for (const value of [1, 2]) await one.query(text, [value]);
    const { rows } = await one.query<{ name: string }>('select name from pg_prepared_statements where statement = $1', [text]);
    expect(rows).toEqual([{ name: `pj_${createHash('sha1').update(text).digest('hex').slice(0, 16)}` }]);
  });

  it('are not prepared when sent once, when they may be several statements (no bind parameters, a semicolon), or have no plan', async () => {
    const one = pool();
    await one.query('select $1::int as once -- sent once', [1]);
    for (let i = 0; i < 3; i++) {
      await one.query('select 1 as plain; select 2 as second');
      await one.query('begin');
      await one.query('commit');
    }
    expect(await preparedOn(one)).toEqual([]);
  });

  it('are prepared without bind parameters when they are one statement (pg-boss writes its settings into its texts)', async () => {
    const one = pool();
    const text = "select 'settings written in' as fetched";
    for (let i = 0; i < 3; i++) expect((await one.query(text)).rows).toEqual([{ fetched: 'settings written in' }]);
    expect(await preparedOn(one)).toEqual([text]);
  });

  it('are prepared again on a new connection, after the one that had them is gone', async () => {
    const one = pool();
    const text = 'select $1::text as echoed -- prepared on each connection';
    const first = await one.connect();
    await first.query(text, ['a']);
    await first.query(text, ['b']);
    expect(await preparedOn(first)).toEqual([text]);
    // Released with an error: the pool ends the connection, and the next query opens another.
    first.release(true);
    const second = await one.connect();
    try {
      expect(await preparedOn(second)).toEqual([]);
      expect((await second.query<{ echoed: string }>(text, ['c'])).rows[0]!.echoed).toBe('c');
      expect(await preparedOn(second)).toEqual([text]);
    } finally {
      second.release();
    }
  });

  it('are not prepared when their text is long or has many bind parameters, however often sent', async () => {
    const one = pool();
    const parameters = Array.from({ length: 101 }, (_, i) => i);
    const many = `select ${parameters.map((i) => `$${i + 1}::int`).join(' + ')} as sum -- 101 parameters`;
    const long = `select $1::int as n -- ${'x'.repeat(17 * 1024)}`;
    for (let i = 0; i < 3; i++) {
      expect((await one.query<{ sum: number }>(many, parameters)).rows[0]!.sum).toBe((100 * 101) / 2);
      expect((await one.query<{ n: number }>(long, [i])).rows[0]!.n).toBe(i);
    }
    expect(await preparedOn(one)).toEqual([]);
  });

  it('run again on a fresh connection after the server lost the one they were prepared under', async () => {
    // Through kysely, which gives a connection back to the pool as fine whatever its statement did.
    const kysely = createDb(database.url, { max: 1 });
    pools.push(kysely);
    const { db } = kysely;
    const read = () => sql<{ v: number }>`select ${1}::int as v -- prepared, then deallocated`.execute(db);
    for (let i = 0; i < 2; i++) expect((await read()).rows).toEqual([{ v: 1 }]);
    // What a transaction-mode pooler or pg's Close after a failed Bind leaves: pg believes the
    // connection has the statement, the server does not.
    await sql`deallocate all`.execute(db);
    await expect(read()).rejects.toMatchObject({ code: '26000' });
    expect((await read()).rows).toEqual([{ v: 1 }]);
  });

  it('fail once when a migration changed the columns they read, and run again on a fresh connection', async () => {
    // Through kysely, which gives a connection back to the pool as fine whatever its statement did.
    const kysely = createDb(database.url, { max: 1 });
    pools.push(kysely);
    const { db } = kysely;
    await sql`create table widened (id int primary key)`.execute(db);
    await sql`insert into widened values (1)`.execute(db);
    const read = () => sql`select * from widened where id = ${1}`.execute(db);
    for (let i = 0; i < 2; i++) expect((await read()).rows).toEqual([{ id: 1 }]);
    await sql`alter table widened add column label text`.execute(db);
    await expect(read()).rejects.toThrow(/cached plan must not change result type/);
    expect((await read()).rows).toEqual([{ id: 1, label: null }]);
  });

  it('that went stale or were lost by the server are tried again where a lost connection is', async () => {
    const kysely = createDb(database.url, { max: 1 });
    pools.push(kysely);
    const { db } = kysely;
    await sql`create table retried (id int primary key)`.execute(db);
    await sql`insert into retried values (1)`.execute(db);
    const read = () => sql`select * from retried where id = ${1}`.execute(db);
    for (let i = 0; i < 2; i++) await read();
    await sql`alter table retried add column label text`.execute(db);
    expect((await outlastLostConnection('reading', read)).rows).toEqual([{ id: 1, label: null }]);
    await sql`deallocate all`.execute(db);
    expect((await outlastLostConnection('reading', read)).rows).toEqual([{ id: 1, label: null }]);
  });

  it('that went stale inside a transaction fail it with the stale plan as the cause, and the whole transaction is tried again: its write is kept once', async () => {
    const kysely = createDb(database.url, { max: 1 });
    pools.push(kysely);
    const { db } = kysely;
    await sql`create table widened_in_transaction (id int primary key)`.execute(db);
    await sql`insert into widened_in_transaction values (1)`.execute(db);
    await sql`create table written_in_transaction (note text)`.execute(db);
    const read = (on: typeof db) => sql`select * from widened_in_transaction where id = ${1}`.execute(on);
    // Prepared on the pool's one connection, then made stale there.
    for (let i = 0; i < 2; i++) await read(db);
    await sql`alter table widened_in_transaction add column label text`.execute(db);
    let tries = 0;
    const failures: unknown[] = [];
    const writeThenRead = () => {
      tries++;
      return db
        .transaction()
        .execute(async (trx) => {
          await sql`insert into written_in_transaction values (${'once'})`.execute(trx);
          return read(trx);
        })
        .catch((error: unknown) => {
          failures.push(error);
          throw error;
        });
    };
    expect((await outlastLostConnection('writing', writeThenRead)).rows).toEqual([{ id: 1, label: null }]);
    expect(tries).toBe(2);
    expect((failures[0] as Error).cause).toMatchObject({ code: '0A000', routine: 'RevalidateCachedQuery' });
    expect((await sql`select note from written_in_transaction`.execute(db)).rows).toEqual([{ note: 'once' }]);
  });
});
