import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, subscribeAll, type TestApp } from '../helpers/test-app.ts';

// Each folder of examples/ holds document.pdf, schema.json and expected-local.json: what the LOCAL
// extractor returns through the real service. The expected files record LOCAL as it is, mistakes
// included, so a change in LOCAL shows up here as a diff to review. After an intended change:
//   UPDATE_EXAMPLES=1 npx vitest run test/examples   (then read the diff before committing)
const EXAMPLES = path.resolve(import.meta.dirname, '../../examples');
const UPDATE = process.env.UPDATE_EXAMPLES === '1';
const names = readdirSync(EXAMPLES, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(path.join(EXAMPLES, entry.name, 'document.pdf')))
  .map((entry) => entry.name)
  .sort();

const JOB_RESULT = `query($id: ID!) { job(id: $id) { status errorMessage results metadata { model warnings } } }`;

describe('examples extracted with LOCAL', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('there are at least the three documented examples', () => {
    expect(names).toEqual(expect.arrayContaining(['bank-statement', 'invoice', 'research-paper']));
  });

  it.each(names)('%s: LOCAL returns exactly expected-local.json', { timeout: 60_000 }, async (name) => {
    const dir = path.join(EXAMPLES, name);
    const schema = JSON.parse(readFileSync(path.join(dir, 'schema.json'), 'utf8')) as Record<string, unknown>;
    const uploaded = await app.upload({ bytes: readFileSync(path.join(dir, 'document.pdf')), name: `${name}.pdf` });
    expect(uploaded.errors).toBeUndefined();
    const started = await app.gql('mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }', {
      input: { documentId: uploaded.data.uploadDocument.id, jsonSchema: schema, config: { model: 'LOCAL' } },
    });
    expect(started.errors).toBeUndefined();
    const jobId = started.data.startExtractionJob.jobId as string;

    // The stream completes after the terminal status event: the job's state is final then.
    const stream = await subscribeAll(app.ws(), 'subscription($id: ID!) { jobProgress(jobId: $id) { seq } }', { id: jobId });
    expect(stream.errors).toEqual([]);
    const { data } = await app.gql(JOB_RESULT, { id: jobId });
    expect(data.job).toMatchObject({ status: 'COMPLETED', errorMessage: null, metadata: { model: 'LOCAL' } });

    const file = path.join(dir, 'expected-local.json');
    if (UPDATE) {
      writeFileSync(file, `${JSON.stringify(data.job.results, null, 2)}\n`);
    }
    expect(data.job.results).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    // Keys come back in the schema's order (the stored JSON keeps it).
    const present = Object.keys(schema.properties as object).filter((key) => key in data.job.results);
    expect(Object.keys(data.job.results)).toEqual(present);
  });
});
