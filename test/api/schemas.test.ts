import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

const SCHEMA_FIELDS = 'id name jsonSchema totalFields createdAt';
const CREATE = `mutation($name: String!, $s: JSON!) { createSchema(name: $name, jsonSchema: $s) { ${SCHEMA_FIELDS} } }`;
const VALIDATE = 'query($s: JSON!) { validateSchema(jsonSchema: $s) { valid errors { path message } warnings { path message } totalFields } }';
const LIST = `query($first: Int, $after: String) {
  extractionSchemas(first: $first, after: $after) { nodes { id name } pageInfo { hasNextPage endCursor } }
}`;

/** Nested objects two levels deep and an array of objects: 2 + 3 + 3 = 8 leaf fields. */
const INVOICE = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string', description: 'As printed, e.g. INV-2024-0042' },
    invoice_date: { type: 'string', format: 'date' },
    seller: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        address: { type: 'object', properties: { street: { type: 'string' }, city: { type: 'string' } } },
      },
    },
    line_items: {
      type: 'array',
      items: {
        type: 'object',
        properties: { description: { type: 'string' }, quantity: { type: 'integer' }, amount: { type: 'number' } },
        required: ['description'],
      },
    },
  },
  required: ['invoice_number'],
};

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

async function create(name: string, jsonSchema: unknown, key?: string) {
  return app.gql(CREATE, { name, s: jsonSchema }, { key });
}

describe('saving a schema', () => {
  it('a schema with nested objects and an array of objects is saved with its leaf-field count', async () => {
    const response = await create('invoice', INVOICE);
    expect(response.status).toBe(200);
    expect(response.errors).toBeUndefined();
    expect(response.data.createSchema).toMatchObject({ name: 'invoice', jsonSchema: INVOICE, totalFields: 8 });
  });

  it('reads back with extractionSchema(id) exactly as it was saved', async () => {
    const saved = (await create('invoice again', INVOICE)).data.createSchema;
    const response = await app.gql(`query($id: ID!) { extractionSchema(id: $id) { ${SCHEMA_FIELDS} } }`, { id: saved.id });
    expect(response.data.extractionSchema).toEqual(saved);
  });

  it('an empty name is BAD_USER_INPUT and saves nothing', async () => {
    const key = await app.newTenant();
    const response = await create('   ', INVOICE, key);
    expect(response.status).toBe(400);
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await app.gql(LIST, {}, { key })).data.extractionSchemas.nodes).toEqual([]);
  });
});

describe('an invalid schema is UNPROCESSABLE with every problem at a JSON Pointer', () => {
  const cases: Array<[string, unknown, string]> = [
    ['a root that is not an object schema', { type: 'array', items: { type: 'string' } }, '/type'],
    ['a remote $ref', { type: 'object', properties: { seller: { $ref: 'https://example.com/party.json' } } }, '/properties/seller/$ref'],
    [
      'a $ref cycle',
      {
        type: 'object',
        properties: { root: { $ref: '#/$defs/node' } },
        $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } },
      },
      '/$defs/node/properties/child/$ref',
    ],
    ['a type that does not exist', { type: 'object', properties: { total: { type: 'money' } } }, '/properties/total/type'],
    [
      'a long enum used by 499 properties (167 KB of text, 75 MB once its $refs are expanded)',
      {
        type: 'object',
        $defs: { e: { type: 'string', enum: Array.from({ length: 1000 }, (_, i) => `${i}-`.padEnd(150, 'x')) } },
        properties: Object.fromEntries(Array.from({ length: 499 }, (_, i) => [`p${i}`, { $ref: '#/$defs/e' }])),
      },
      '',
    ],
  ];

  it.each(cases)('%s: createSchema answers 422 with extensions.problems and saves nothing', async (_name, jsonSchema, pointer) => {
    const key = await app.newTenant();
    const response = await create('bad', jsonSchema, key);
    expect(response.status).toBe(422);
    expect(response.errors).toHaveLength(1);
    const error = response.errors![0]!;
    expect(error.extensions?.code).toBe('UNPROCESSABLE');
    const problems = error.extensions?.problems as Array<{ path: string; message: string }>;
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) expect(problem).toEqual({ path: expect.any(String), message: expect.any(String) });
    expect(problems.map((p) => p.path)).toContain(pointer);
    expect(error.message).toMatch(/Invalid JSON Schema/);
    expect((await app.gql(LIST, {}, { key })).data.extractionSchemas.nodes).toEqual([]);
  });

  it.each(cases)('%s: validateSchema reports the same problem without failing the request', async (_name, jsonSchema, pointer) => {
    const response = await app.gql(VALIDATE, { s: jsonSchema });
    expect(response.status).toBe(200);
    expect(response.data.validateSchema.valid).toBe(false);
    expect(response.data.validateSchema.totalFields).toBeNull();
    expect(response.data.validateSchema.errors.map((p: { path: string }) => p.path)).toContain(pointer);
  });

  it('a JSON value that is not a schema at all (a string) is UNPROCESSABLE, not INTERNAL', async () => {
    const response = await create('string', 'not a schema');
    expect(response.status).toBe(422);
    expect(response.errors?.[0]?.extensions?.code).toBe('UNPROCESSABLE');
  });

  it('the messages say "must be a schema" where a schema goes, and spell the root "(root)" as the CLI does', async () => {
    const nested = await create('nested', { type: 'object', properties: { b: 5 } });
    expect(nested.errors?.[0]?.extensions?.problems).toContainEqual({ path: '/properties/b', message: 'must be a schema (an object or a boolean)' });
    expect(nested.errors?.[0]?.message).toContain('first: /properties/b: must be a schema (an object or a boolean)');
    const root = await create('string', 'not a schema');
    const problems = root.errors?.[0]?.extensions?.problems as Array<{ path: string; message: string }>;
    expect(problems[0]!.path).toBe('');
    expect(root.errors?.[0]?.message).toContain(`first: (root): ${problems[0]!.message}`);
  });
});

describe('validateSchema', () => {
  it('a valid schema with unknown and unenforced keywords is valid, with warnings at their pointers and totalFields', async () => {
    const schema = {
      type: 'object',
      properties: {
        ...INVOICE.properties,
        iban: { type: 'string', pattern: '^[A-Z]{2}[0-9]{2}', colour: 'blue' },
      },
    };
    const response = await app.gql(VALIDATE, { s: schema });
    const result = response.data.validateSchema;
    expect(result).toMatchObject({ valid: true, errors: [], totalFields: 9 });
    const warned = result.warnings.map((w: { path: string }) => w.path);
    expect(warned).toContain('/properties/iban/colour');
    expect(warned).toContain('/properties/iban/pattern');
  });

  it('several problems are reported together', async () => {
    const response = await app.gql(VALIDATE, {
      s: { type: 'object', properties: { a: { type: 'money' }, b: { $ref: 'https://example.com/b.json' } } },
    });
    const paths = response.data.validateSchema.errors.map((p: { path: string }) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['/properties/a/type', '/properties/b/$ref']));
  });
});

describe('listing and deleting schemas', () => {
  it('extractionSchemas pages newest first with a cursor', async () => {
    const key = await app.newTenant();
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) ids.push((await create(name, INVOICE, key)).data.createSchema.id);

    const page1 = await app.gql(LIST, { first: 2 }, { key });
    expect(page1.data.extractionSchemas.nodes.map((n: { name: string }) => n.name)).toEqual(['three', 'two']);
    expect(page1.data.extractionSchemas.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.gql(LIST, { first: 2, after: page1.data.extractionSchemas.pageInfo.endCursor }, { key });
    expect(page2.data.extractionSchemas.nodes.map((n: { id: string }) => n.id)).toEqual([ids[0]]);
    expect(page2.data.extractionSchemas.pageInfo.hasNextPage).toBe(false);
  });

  it('a garbage cursor or first out of range is BAD_USER_INPUT', async () => {
    for (const variables of [{ after: 'not-a-cursor' }, { first: 1000 }]) {
      const response = await app.gql(LIST, variables);
      expect(response.status).toBe(400);
      expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('deleteSchema answers true, then the schema is NOT_FOUND, unlisted, and a second delete is NOT_FOUND', async () => {
    const key = await app.newTenant();
    const { id } = (await create('doomed', INVOICE, key)).data.createSchema;
    expect((await app.gql('mutation($id: ID!) { deleteSchema(id: $id) }', { id }, { key })).data).toEqual({ deleteSchema: true });

    const read = await app.gql('query($id: ID!) { extractionSchema(id: $id) { id } }', { id }, { key });
    expect(read.status).toBe(404);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await app.gql(LIST, {}, { key })).data.extractionSchemas.nodes).toEqual([]);
    const again = await app.gql('mutation($id: ID!) { deleteSchema(id: $id) }', { id }, { key });
    expect(again.status).toBe(404);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
