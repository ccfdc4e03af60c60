import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findJobForRun } from '../../src/jobs/jobs.repository.ts';
import { fetchWithJobRead } from '../../src/queue/fetch-with-job-read.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * A slot's fetch of its next job reads the job (findJobForRun's read) in the fetch's own
 * statement, pg-boss's fetch still deciding which queue job is claimed and how.
 */
describe("a slot's fetch with its job's read (real Postgres, pg-boss's own fetch)", () => {
  let app: TestApp;
  let boss: PgBoss;
  let documentId: string;
  const db = () => app.database.db;
  const queueJob = async (id: string) =>
    (
      await sql<{ state: string; retry_count: number; started: boolean }>`
        select state, retry_count, started_on is not null as started from pgboss.job where name = ${EXTRACTION_QUEUE} and id = ${id}::uuid`.execute(db())
    ).rows[0];

  beforeAll(async () => {
    // No worker: the jobs stay queued for the test's own fetches.
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(async () => {
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  it("claims the job as pg-boss's fetch does and gives findJobForRun's read of it beside", async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const fetched = await fetchWithJobRead(boss, db(), EXTRACTION_QUEUE);
    expect(fetched?.job.id).toBe(jobId);
    expect(fetched?.job.retryCount).toBe(0);
    expect(fetched?.job.data).toMatchObject({ jobId });
    expect(await queueJob(jobId!)).toEqual({ state: 'active', retry_count: 0, started: true });
    // The fetch wrote nothing of the job's own: the read after it sees what the read beside it saw.
    expect(fetched?.read).toEqual(await findJobForRun(db(), jobId!));
    expect(fetched?.read?.layout).not.toBeNull();

    // The queue job carries pg-boss's columns only (the read's are taken off it).
    const { jobId: other } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const [own] = await boss.fetch(EXTRACTION_QUEUE, { batchSize: 1 });
    expect(own?.id).toBe(other);
    expect(Object.keys(fetched!.job).sort()).toEqual(Object.keys(own!).sort());
  });

  it('leaves a large stored layout to the read after the fetch, and still claims the job', async () => {
    // Incompressible, so it is stored above the bound.
    const text = randomBytes(200 * 1024).toString('base64');
    await db()
      .updateTable('document_layouts')
      .set({ layout: JSON.stringify({ pages: [{ page: 1, width: 1, height: 1, lines: [], filler: text }] }) })
      .where('document_id', '=', documentId)
      .execute();
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const fetched = await fetchWithJobRead(boss, db(), EXTRACTION_QUEUE);
    expect(fetched?.job.id).toBe(jobId);
    expect(fetched?.read).toBeUndefined();
    expect(await queueJob(jobId!)).toMatchObject({ state: 'active' });
    expect(Object.keys(fetched!.job)).not.toContain('layout');
  });

  it('gives null when no job is ready', async () => {
    expect(await fetchWithJobRead(boss, db(), EXTRACTION_QUEUE)).toBeNull();
  });
});
