import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVOICE_SCHEMA, startJob, uploadFixture } from '../helpers/job-fixtures.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { findSchema, insertSchema } from '../../src/schemas/schemas.repository.ts';
import { savedSchemaExpansionProblems } from '../../src/schemas/saved-schema-expansion.ts';

/** A long enum used by 499 properties: 167 KB of text, 75 MB once its $refs are expanded. */
const REF_BOMB = {
  type: 'object',
  $defs: { e: { type: 'string', enum: Array.from({ length: 1000 }, (_, i) => `${i}-`.padEnd(150, 'x')) } },
  properties: Object.fromEntries(Array.from({ length: 499 }, (_, i) => [`p${i}`, { $ref: '#/$defs/e' }])),
};

/** A definition used twice: $refs well within the bound. */
const SMALL_REFS = {
  type: 'object',
  $defs: { money: { type: 'number', minimum: 0 } },
  properties: { net: { $ref: '#/$defs/money' }, gross: { $ref: '#/$defs/money' } },
};

// No worker: started jobs stay PENDING.
describe('a saved schema from before the $ref expansion bound is held to it when a job starts by its id', () => {
  let app: TestApp;
  let documentId: string;
  let tenantId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
    const created = await app.gql(`mutation($s: JSON!) { createSchema(name: "invoice", jsonSchema: $s) { id } }`, { s: INVOICE_SCHEMA });
    const row = await app.database.db.selectFrom('schemas').select('tenant_id').where('id', '=', created.data.createSchema.id).executeTakeFirstOrThrow();
    tenantId = row.tenant_id;
  });
  afterAll(() => app?.stop());

  const jobCount = async () => (await app.gql(`{ jobs(first: 100) { nodes { id } } }`)).data.jobs.nodes.length;
  /** Saved as an old version did: straight into the table, past no expansion bound. */
  const savedUnchecked = async (jsonSchema: unknown) => (await insertSchema(app.database.db, { tenantId, name: `old-${randomUUID()}`, jsonSchema, totalFields: 1 })).id;

  it('a $ref bomb saved directly in the table is refused at start with the 422 an inline one gets, and no job is created', async () => {
    const schemaId = await savedUnchecked(REF_BOMB);
    const inline = await startJob(app, { documentId, jsonSchema: REF_BOMB });
    expect(inline.status).toBe(422);
    const before = await jobCount();

    const refused = await startJob(app, { documentId, schemaId });
    expect(refused.status).toBe(422);
    expect(refused.jobId).toBeUndefined();
    const error = refused.errors?.[0];
    expect(error?.extensions?.code).toBe('UNPROCESSABLE');
    expect(error?.message).toBe(inline.errors?.[0]?.message);
    expect(error?.message).toMatch(/once its \$refs are expanded/);
    expect(error?.extensions?.problems).toEqual(inline.errors?.[0]?.extensions?.problems);
    expect(await jobCount()).toBe(before);

    // Refused again from the kept answer.
    const again = await startJob(app, { documentId, schemaId });
    expect(again.status).toBe(422);
    expect(again.errors?.[0]?.message).toBe(error?.message);
    expect(await jobCount()).toBe(before);
  });

  it('a saved schema whose $refs expand within the bound still starts, as does one saved through the API', async () => {
    const schemaId = await savedUnchecked(SMALL_REFS);
    const started = await startJob(app, { documentId, schemaId });
    expect(started.errors).toBeUndefined();
    expect(started.jobId).toBeDefined();
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: started.jobId });

    const created = await app.gql(`mutation($s: JSON!) { createSchema(name: "invoice again", jsonSchema: $s) { id } }`, { s: INVOICE_SCHEMA });
    const viaApi = await startJob(app, { documentId, schemaId: created.data.createSchema.id });
    expect(viaApi.errors).toBeUndefined();
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: viaApi.jobId });
  });

  it('each saved row is walked once: a later start gets the kept answer', async () => {
    const id = await savedUnchecked(REF_BOMB);
    const record = (await findSchema(app.database.db, tenantId, id))!;
    const first = savedSchemaExpansionProblems(record);
    expect(first).toHaveLength(1);
    // The same row read afresh from the table (a new object): the kept answer, not a new walk.
    const reread = (await findSchema(app.database.db, tenantId, id))!;
    expect(reread.jsonSchema).not.toBe(record.jsonSchema);
    expect(savedSchemaExpansionProblems(reread)).toBe(first);
    expect(Object.isFrozen(first) && Object.isFrozen(first[0])).toBe(true);
  });

  it('a refused row an operator mends by hand in the table is judged afresh, and its jobs start', async () => {
    const schemaId = await savedUnchecked(REF_BOMB);
    expect((await startJob(app, { documentId, schemaId })).status).toBe(422);

    await app.database.db.updateTable('schemas').set({ json_schema: JSON.stringify(SMALL_REFS) }).where('id', '=', schemaId).execute();
    const started = await startJob(app, { documentId, schemaId });
    expect(started.errors).toBeUndefined();
    expect(started.jobId).toBeDefined();
    await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: started.jobId });
  });

  it('a row the expansion walk cannot go through is refused as unprocessable, "could not be checked", and refused again alike', async () => {
    // A definition whose `const` is arrays nested deeper than measuring its text can recurse.
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    const text = `{"type":"object","$defs":{"e":{"type":"array","const":${deep}}},"properties":{"a":{"$ref":"#/$defs/e"}}}`;
    const row = await app.database.db
      .insertInto('schemas')
      .values({ tenant_id: tenantId, name: `deep-${randomUUID()}`, json_schema: text, total_fields: 1, inline: false })
      .returning('id')
      .executeTakeFirstOrThrow();

    for (let i = 0; i < 2; i++) {
      const refused = await startJob(app, { documentId, schemaId: row.id });
      expect(refused.status).toBe(422);
      expect(refused.jobId).toBeUndefined();
      expect(refused.errors?.[0]?.extensions?.code).toBe('UNPROCESSABLE');
      expect(refused.errors?.[0]?.message).toMatch(/the schema could not be checked: /);
    }
    // Kept like any other answer: the row is not walked again.
    const record = (await findSchema(app.database.db, tenantId, row.id))!;
    expect(savedSchemaExpansionProblems(record)).toBe(savedSchemaExpansionProblems({ ...record }));
  });
});
