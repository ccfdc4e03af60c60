import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from '../fixtures/read-fixture.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const UNKNOWN_ID = '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5f';
const SCHEMA = { type: 'object', properties: { title: { type: 'string' } } };

let app: TestApp;
let otherKey: string;
let documentId: string;
let schemaId: string;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
  otherKey = await app.newTenant('other-tenant');
  documentId = (await app.upload({ bytes: fixture('invoice-2p.pdf'), name: 'invoice-2p.pdf' })).data.uploadDocument.id;
  schemaId = (await app.gql('mutation($s: JSON!) { createSchema(name: "mine", jsonSchema: $s) { id } }', { s: SCHEMA })).data.createSchema.id;
});
afterAll(async () => {
  await app?.stop();
});

/** What a client can tell from an error: status, code and the message with the id taken out. */
async function errorShape(query: string, id: string, key?: string) {
  const response = await app.gql(query, { id }, { key });
  const error = response.errors?.[0];
  return {
    status: response.status,
    code: error?.extensions?.code,
    message: error?.message.replaceAll(id, '<id>'),
    extensions: Object.keys(error?.extensions ?? {}).sort(),
  };
}

describe('viewer', () => {
  it("answers the caller's own tenant", async () => {
    const first = await app.gql('{ viewer { id name activeJobs maxActiveJobs } }');
    expect(first.data.viewer).toEqual({ id: expect.any(String), name: 'default', activeJobs: 0, maxActiveJobs: 5 });
    const other = await app.gql('{ viewer { id name } }', {}, { key: otherKey });
    expect(other.data.viewer.name).toBe('other-tenant');
    expect(other.data.viewer.id).not.toBe(first.data.viewer.id);
  });
});

describe("another tenant's data answers exactly like an unknown id", () => {
  const reads: Array<[string, string, () => string]> = [
    ['document', 'query($id: ID!) { document(id: $id) { id filename } }', () => documentId],
    ['extractionSchema', 'query($id: ID!) { extractionSchema(id: $id) { id name } }', () => schemaId],
    ['deleteDocument', 'mutation($id: ID!) { deleteDocument(id: $id) }', () => documentId],
    ['deleteSchema', 'mutation($id: ID!) { deleteSchema(id: $id) }', () => schemaId],
  ];

  it.each(reads)('%s of the first tenant is NOT_FOUND for the second, with the same status, code and message as an unknown id', async (_name, query, id) => {
    const foreign = await errorShape(query, id(), otherKey);
    const unknown = await errorShape(query, UNKNOWN_ID, otherKey);
    expect(foreign).toEqual(unknown);
    expect(foreign).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it("a failed delete by the other tenant leaves the owner's document and schema in place", async () => {
    const response = await app.gql(
      'query($d: ID!, $s: ID!) { document(id: $d) { id } extractionSchema(id: $s) { id } }',
      { d: documentId, s: schemaId },
    );
    expect(response.data).toEqual({ document: { id: documentId }, extractionSchema: { id: schemaId } });
  });

  it("the other tenant's lists do not contain them", async () => {
    const response = await app.gql('{ documents(first: 100) { nodes { id } } extractionSchemas(first: 100) { nodes { id } } }', {}, { key: otherKey });
    expect(response.data).toEqual({ documents: { nodes: [] }, extractionSchemas: { nodes: [] } });
  });

  it("the owner's lists do contain them", async () => {
    const response = await app.gql('{ documents(first: 100) { nodes { id } } extractionSchemas(first: 100) { nodes { id } } }');
    expect(response.data.documents.nodes).toContainEqual({ id: documentId });
    expect(response.data.extractionSchemas.nodes).toContainEqual({ id: schemaId });
  });

  it("the other tenant cannot page into the first tenant's list with the first tenant's cursor", async () => {
    await app.upload({ bytes: fixture('two-column.pdf'), name: 'two-column.pdf' });
    const mine = await app.gql('{ documents(first: 1) { pageInfo { endCursor } } }');
    const response = await app.gql(
      'query($after: String) { documents(first: 100, after: $after) { nodes { id } } }',
      { after: mine.data.documents.pageInfo.endCursor },
      { key: otherKey },
    );
    expect(response.data.documents.nodes).toEqual([]);
  });
});

describe('a malformed id', () => {
  const queries: Array<[string, string]> = [
    ['document', 'query($id: ID!) { document(id: $id) { id } }'],
    ['extractionSchema', 'query($id: ID!) { extractionSchema(id: $id) { id } }'],
    ['deleteDocument', 'mutation($id: ID!) { deleteDocument(id: $id) }'],
    ['deleteSchema', 'mutation($id: ID!) { deleteSchema(id: $id) }'],
    ['job', 'query($id: ID!) { job(id: $id) { id } }'],
  ];
  const ids = ['not-a-uuid', '', "1' or '1'='1", '6f1c2d3e-4b5a-4c7d-8e9f-0a1b2c3d4e5fz', 'x'.repeat(10_000)];

  it.each(queries)('%s answers BAD_USER_INPUT (400), never INTERNAL, for every malformed id', async (_name, query) => {
    for (const id of ids) {
      const response = await app.gql(query, { id });
      expect(response.status, `id ${id.slice(0, 40)}`).toBe(400);
      expect(response.errors?.[0]?.extensions?.code, `id ${id.slice(0, 40)}`).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0]?.message.length).toBeLessThan(200);
    }
  });
});
