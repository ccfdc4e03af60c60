import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// An instance whose connection pool is closed under it: every database call fails with an error
// of our own stack (not the caller's fault), which is what the masking is for.
let database: TestDatabase;
let app: TestApp;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startTestApp({ worker: false, database });
  await app.service.database.pool.end();
});
afterAll(async () => {
  await app?.stop();
  await database?.close();
});

describe('when the database cannot be reached', () => {
  it('a request answers INTERNAL with status 500 and a generic message, without details', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${app.apiKey}` },
      body: JSON.stringify({ query: '{ documents { nodes { id } } }' }),
    });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({ errors: [{ message: 'Internal server error.', extensions: { code: 'INTERNAL', http: { status: 500 } } }] });
    expect(text).not.toMatch(/pool|stack|\.ts:|node_modules/i);
  });

  it('GET /ready answers 503', async () => {
    expect((await fetch(app.url.replace(/\/graphql$/, '/ready'))).status).toBe(503);
  });

  it('GET /health still answers 200: the process lives', async () => {
    expect((await fetch(app.url.replace(/\/graphql$/, '/health'))).status).toBe(200);
  });
});
