import type { TestApp } from '../helpers/test-app.ts';

export const INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    invoice_date: { type: 'string' },
    total_due: { type: 'number' },
    line_items: {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, quantity: { type: 'number' }, amount: { type: 'number' } } },
    },
  },
};

/** The service's origin, e.g. http://127.0.0.1:PORT (app.url ends in /graphql). */
export const originOf = (app: TestApp) => app.url.replace(/\/graphql$/, '');

/** Uploads a fixture, starts a LOCAL job on it and waits until it is COMPLETED; returns the job. */
export async function finishedJob(app: TestApp, options: { perKeyAttribution: boolean; fixture?: string }) {
  const uploaded = await app.upload(options.fixture ?? 'test/fixtures/invoice-2p.pdf');
  if (uploaded.errors) throw new Error(JSON.stringify(uploaded.errors));
  const started = await app.gql(
    'mutation($input: StartExtractionJobInput!) { startExtractionJob(input: $input) { jobId } }',
    { input: { documentId: uploaded.data.uploadDocument.id, jsonSchema: INVOICE_SCHEMA, config: { model: 'LOCAL', perKeyAttribution: options.perKeyAttribution } } },
  );
  if (started.errors) throw new Error(JSON.stringify(started.errors));
  const jobId = started.data.startExtractionJob.jobId as string;
  for (;;) {
    const { data } = await app.gql('query($id: ID!) { job(id: $id) { id status results document { id filename } } }', { id: jobId });
    if (data.job.status === 'COMPLETED') return data.job as { id: string; status: string; results: any; document: { id: string; filename: string } };
    if (data.job.status === 'FAILED' || data.job.status === 'CANCELLED') throw new Error(`job ${jobId} ended ${data.job.status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The JSON Pointers of the AttributionInfo leaves of a result that have a page and a box. */
export function pointersWithBox(value: unknown, pointer = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => pointersWithBox(item, `${pointer}/${i}`));
  if (value && typeof value === 'object') {
    const record = value as Record<string, any>;
    if ('extractedValue' in record && 'location' in record) return record.location?.bbox && record.location.page ? [pointer] : [];
    return Object.entries(record).flatMap(([k, v]) => pointersWithBox(v, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`));
  }
  return [];
}

/** The result with every AttributionInfo replaced by its value. */
export function unwrap(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrap);
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if ('extractedValue' in record && 'location' in record) return record.extractedValue;
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unwrap(v)]));
  }
  return value;
}
