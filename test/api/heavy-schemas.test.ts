import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp({ worker: false });
});
afterAll(async () => {
  await app?.stop();
});

/** A schema just under the 1 MiB body limit: 18,000 enum values of ~50 characters. */
function heavySchema(): Record<string, unknown> {
  const values = Array.from({ length: 18_000 }, (_, i) => `value-${String(i).padStart(6, '0')}-${'x'.repeat(36)}`);
  return { type: 'object', properties: { code: { type: 'string', enum: values } } };
}

const VALIDATE = 'query($s: JSON!) { validateSchema(jsonSchema: $s) { valid errors { path message } } }';

describe('heavy schema checks do not hold up other clients', () => {
  it('a heavy schema is checked (off the event loop) and refused for its enum size', async () => {
    const response = await app.gql(VALIDATE, { s: heavySchema() });
    expect(response.data.validateSchema.valid).toBe(false);
    expect(response.data.validateSchema.errors).toContainEqual(expect.objectContaining({ path: '/properties/code/enum' }));
  });

  it("another tenant's { viewer { id } } answers while one tenant's 20 heavy validations are still running", async () => {
    const body = JSON.stringify({ query: VALIDATE, variables: { s: heavySchema() } });
    let finished = 0;
    const heavy = Array.from({ length: 20 }, () =>
      fetch(app.url, { method: 'POST', headers: { authorization: `Bearer ${app.apiKey}`, 'content-type': 'application/json' }, body }).then(async (r) => {
        expect((await r.json()).data.validateSchema.valid).toBe(false);
        finished++;
      }),
    );
    const other = await app.newTenant();
    const viewer = await app.gql('{ viewer { id } }', {}, { key: other });
    expect(viewer.data.viewer.id).toBeTruthy();
    // The heavy tenant's checks run one at a time: the other client did not wait for all of them.
    expect(finished).toBeLessThan(20);
    await Promise.all(heavy);
    expect(finished).toBe(20);
  }, 120_000);
});
