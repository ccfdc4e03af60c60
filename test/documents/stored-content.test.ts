import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument, readDocumentContent } from '../../src/documents/documents.repository.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

describe("an upload's content as stored", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.close();
  });

  it('is exactly the bytes of the upload, also when they are a view into a larger buffer (stored without a copy)', async () => {
    const { tenant } = await createTenant(database.db, { name: 'contents', maxActiveJobs: 1 });
    const whole = new Uint8Array([9, 9, 9, 1, 2, 3, 4, 9, 9]);
    const content = whole.subarray(3, 7);
    const { id } = await insertDocument(database.db, { tenantId: tenant.id, filename: 'a.pdf', sizeBytes: 4, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
    expect([...(await readDocumentContent(database.db, id))!]).toEqual([1, 2, 3, 4]);
  });
});
