import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import { INVOICE_SCHEMA, answerFor, subtreeOf } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';
import { cli } from './cli-process.ts';

describe('paperjson extract with a job that lost parts', () => {
  let app: TestApp;
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'paperjson-partial-'));
  const schemaFile = path.join(scratch, 'schema.json');

  beforeAll(async () => {
    writeFileSync(schemaFile, JSON.stringify(INVOICE_SCHEMA));
    ({ app } = await startAppWithGeminiStub({
      // A 400 is never retried, so /payments fails in both rounds at once.
      respond: (request) => (subtreeOf(request) === '/payments' ? { kind: 'error', status: 400, message: 'bad request' } : answerFor(request)),
    }));
  });
  afterAll(async () => {
    await app?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('prints the partial JSON, then a warning naming what is missing, and exits 3', async () => {
    const run = await cli(['extract', 'test/fixtures/invoice-2p.pdf', '--schema', schemaFile, '--model', 'GEMINI_2_5_FLASH'], {
      PAPERJSON_URL: app.url,
      PAPERJSON_API_KEY: app.apiKey,
    });
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({ invoice_number: 'INV-2024-0042', payments: null });
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^warning: incomplete result: 1 of 4 field groups failed: \/payments \(model error: .+\)$/);
  });
});
