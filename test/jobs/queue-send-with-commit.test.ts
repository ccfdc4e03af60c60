import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { fromKysely, type PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueSendsWithCommit } from '../../src/jobs/queue-send-with-commit.ts';
import { createLogger } from '../../src/logger.ts';
import { createBoss } from '../../src/queue/create-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe("a queue send held back for the caller's commit", () => {
  let database: TestDatabase;
  let boss: PgBoss;

  beforeAll(async () => {
    database = await createTestDatabase();
    boss = await createBoss({ connectionString: database.url, logger: createLogger('silent', 'test'), jobRetryLimit: 2, heartbeatSeconds: 30 });
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await database?.close();
  });

  const queued = (id: string) => boss.getJobById(EXTRACTION_QUEUE, id);

  it('is not in the queue until the held statement runs, and is then exactly what send() would have inserted', async () => {
    const held = queueSendsWithCommit(boss);
    const id = randomUUID();
    const data = { jobId: id, note: "it's a \\ quote" };
    expect(await held.boss.send(EXTRACTION_QUEUE, data, { id, db: fromKysely(database.db) })).toBe(id);
    expect(await queued(id)).toBeNull();
    const statement = held.take();
    expect(held.take()).toBe('');
    await sql.raw(`BEGIN; ${statement}; COMMIT`).execute(database.db);
    const job = await queued(id);
    expect(job).toMatchObject({ id, name: EXTRACTION_QUEUE, data, state: 'created', retryLimit: 2 });
  });

  it('is rolled back with the transaction it was sent in', async () => {
    const held = queueSendsWithCommit(boss);
    const id = randomUUID();
    await held.boss.send(EXTRACTION_QUEUE, { jobId: id }, { id, db: fromKysely(database.db) });
    const statement = held.take();
    // The insert is there: an empty statement would pass the check below without rolling back anything.
    expect(statement).toMatch(/^(with|insert)\b/i);
    await sql.raw(`BEGIN; ${statement}; ROLLBACK`).execute(database.db);
    expect(await queued(id)).toBeNull();
  });

  it('a send without an id of its own goes to the database at once, as without holding', async () => {
    const held = queueSendsWithCommit(boss);
    const id = await held.boss.send(EXTRACTION_QUEUE, { jobId: 'x' }, { db: fromKysely(database.db) });
    expect(held.take()).toBe('');
    expect(await queued(id!)).toMatchObject({ data: { jobId: 'x' } });
  });

  it("the rest of the queue's methods still work through the held instance", async () => {
    const held = queueSendsWithCommit(boss);
    expect((await held.boss.getQueue(EXTRACTION_QUEUE))?.name).toBe(EXTRACTION_QUEUE);
  });
});
