import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { JOB_STATUSES, type JobStatus } from '../../src/domain/choices.ts';
import { listJobs } from '../../src/jobs/jobs.repository.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe("a job listing's status filter", () => {
  let database: TestDatabase;
  let listing: Db;

  beforeAll(async () => {
    database = await createTestDatabase();
    // One connection, so the statements it prepared are those pg_prepared_statements shows.
    listing = createDb(database.url, { max: 1 });
  });
  afterAll(async () => {
    await listing?.close();
    await database?.close();
  });

  it('sends one statement text per number of distinct statuses, however long and repetitive the list', async () => {
    const tenantId = randomUUID();
    const page = { first: 5, after: null };
    const lists: JobStatus[][] = [
      ...[1, 2, 7, 50, 300].map((length) => Array<JobStatus>(length).fill('PENDING')),
      ...[2, 40].map((length) => Array.from({ length }, (_, i): JobStatus => (i % 2 ? 'FAILED' : 'COMPLETED'))),
      // Every status is no filter at all: the same text as no list.
      Array.from({ length: 60 }, (_, i) => JOB_STATUSES[i % JOB_STATUSES.length]!),
      [],
    ];
    for (let round = 0; round < 2; round++) {
      for (const statuses of lists) expect(await listJobs(listing.db, tenantId, statuses, page)).toEqual([]);
      expect(await listJobs(listing.db, tenantId, null, page)).toEqual([]);
    }
    const { rows } = await listing.pool.query<{ statement: string }>(
      `select statement from pg_prepared_statements where statement like '%from "jobs"%' and statement not like '%pg_prepared_statements%'`,
    );
    // One status, two statuses, and no filter.
    expect(rows).toHaveLength(3);
  });
});
