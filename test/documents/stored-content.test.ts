import { randomBytes } from 'node:crypto';
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
    expect([...(await readDocumentContent(database.db, id, 4))!]).toEqual([1, 2, 3, 4]);
  });

  it('reads back as a plain Uint8Array (pdf.js refuses a Buffer) that owns all of its memory, small or large, so it may be transferred', async () => {
    const { tenant } = await createTenant(database.db, { name: 'owned', maxActiveJobs: 1 });
    for (const content of [new Uint8Array([1, 2, 3]), randomBytes(2_000_000)]) {
      const { id } = await insertDocument(database.db, { tenantId: tenant.id, filename: 'b.pdf', sizeBytes: content.byteLength, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
      const read = (await readDocumentContent(database.db, id, content.byteLength))!;
      expect(Buffer.isBuffer(read)).toBe(false);
      expect(read.byteOffset).toBe(0);
      expect(read.buffer.byteLength).toBe(content.byteLength);
      expect(Buffer.from(read).equals(content)).toBe(true);
    }
  });
});
