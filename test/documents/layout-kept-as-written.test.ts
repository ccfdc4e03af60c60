import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { FileMigrationProvider, Migrator } from 'kysely/migration';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { loadLayout, readStoredLayout } from '../../src/documents/document-layout.ts';
import { insertDocument } from '../../src/documents/documents.repository.ts';
import { findJobForRun } from '../../src/jobs/jobs.repository.ts';
import { readLayoutJsonInChild } from '../../src/pdf/pdf-in-child.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import type { DocumentLayout } from '../../src/domain/types.ts';
import { INVOICE_SCHEMA, fixture, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const LIMITS = { timeoutMs: 60_000, maxMemoryMb: 512 };
const MIGRATIONS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

/**
 * A document's layout is read once and kept (document-layout.ts); every later job reads it back
 * (findJobForRun). It is kept as the reader wrote it, so that Postgres hands back the stored text
 * instead of rebuilding it on each read (migrations/20261207_0003_document_layout_as_json.ts).
 */
describe("a document's kept layout", () => {
  let app: TestApp;
  let documentId: string;
  let jobId: string;
  let readerJson: string;
  const db = () => app.database.db;
  const storedText = async () =>
    (await sql<{ text: string }>`select layout::text as text from document_layouts where document_id = ${documentId}`.execute(db())).rows[0]?.text;

  beforeAll(async () => {
    // No worker: the job stays queued, as a worker finds it before its claim.
    app = await startTestApp({ worker: false });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    jobId = (await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })).jobId!;
    readerJson = await readLayoutJsonInChild(readFileSync(fixture('invoice-2p.pdf')), LIMITS);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('is kept as the upload read it, and a job reads that layout back', async () => {
    expect(await storedText()).toBe(readerJson);
    expect((await findJobForRun(db(), jobId))?.layout).toEqual(JSON.parse(readerJson));
  });

  it("is kept as a job's read wrote it, and the next job reads that layout back", async () => {
    await db().deleteFrom('document_layouts').where('document_id', '=', documentId).execute();
    const read = await loadLayout(db(), documentId, readFileSync(fixture('invoice-2p.pdf')));
    expect(await storedText()).toBe(readerJson);
    expect((await findJobForRun(db(), jobId))?.layout).toEqual(read);
    expect(read).toEqual(JSON.parse(readerJson));
  });
});

describe('a layout kept before layouts were kept as json', () => {
  let database: TestDatabase;
  afterAll(() => database?.close());

  it('reads back the same after the upgrade, from a json column', async () => {
    database = await createTestDatabase({ migrate: false });
    const migrator = new Migrator({ db: database.db, provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS }) });
    const { error } = await migrator.migrateTo('20261207_0002_active_job_limit_functions');
    if (error) throw error;
    const { tenant } = await createTenant(database.db, { name: 'before', maxActiveJobs: 1 });
    const content = readFileSync(fixture('invoice-2p.pdf'));
    const document = await insertDocument(database.db, {
      tenantId: tenant.id,
      filename: 'invoice-2p.pdf',
      sizeBytes: content.byteLength,
      sha256: 'x',
      pageCount: 2,
      textPageCount: 2,
      warnings: [],
      content,
    });
    const json = await readLayoutJsonInChild(content, LIMITS);
    // As the service wrote it then: jsonb's binary input form, a version byte and the text.
    await sql`insert into document_layouts (document_id, layout) values (${document.id}, ${Buffer.concat([Buffer.from([1]), Buffer.from(json)])})`.execute(database.db);

    await migrateToLatest(database.db);

    const type = await sql<{ type: string }>`select pg_typeof(layout)::text as type from document_layouts where document_id = ${document.id}`.execute(database.db);
    expect(type.rows[0]?.type).toBe('json');
    expect(await readStoredLayout(database.db, document.id)).toEqual(JSON.parse(json) as DocumentLayout);
  });
});
