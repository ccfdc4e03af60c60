import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentLayout } from '../../src/domain/types.ts';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub, StubRequest, StubReply } from '../helpers/gemini-stub.ts';
import { startJob, uploadFixture, waitForJob } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

const STATEMENT_SCHEMA = {
  type: 'object',
  properties: {
    account_number: { type: 'string' },
    transactions: {
      type: 'array',
      'x-agenticArrayExtractionMaxItemsPerTurn': 50,
      items: {
        type: 'object',
        properties: {
          date: { type: 'string', format: 'date' },
          description: { type: 'string' },
          amount: { type: 'number' },
          balance: { type: 'number' },
        },
        required: ['date', 'description', 'amount', 'balance'],
      },
    },
  },
};

const money = (text: string) => Number(text.replace(/,/g, ''));

/**
 * A model stand-in that really reads the document text it is sent: the table rows of the prompt,
 * answered in turns after the items already extracted, as a model following the prompt would.
 */
function answerFromPrompt(request: StubRequest): StubReply {
  const rows = request.prompt
    .split('\n')
    .map((line) => line.split(' | '))
    .filter((cells) => cells.length === 4 && /^\d{4}-\d\d-\d\d$/.test(cells[0]!))
    .map(([date, description, amount, balance]) => ({ date, description, amount: money(amount!), balance: money(balance!) }));
  if (!request.prompt.includes('extracted in turns')) {
    const value = { account_number: /Account (NO[\d ]+\d)/.exec(request.prompt)?.[1] ?? null };
    // With perKeyAttribution the provider asks for { value, evidence }.
    const wrapped = (request.responseSchema as { properties?: object })?.properties;
    return { kind: 'json', value: wrapped && 'value' in wrapped ? { value, evidence: [] } : value };
  }
  const done = Number(/(\d+) items were already extracted/.exec(request.prompt)?.[1] ?? 0);
  const items = rows.slice(done, done + 50);
  return { kind: 'json', value: { items, done: done + items.length >= rows.length } };
}

describe('a 300-row statement through the service and the Gemini stand-in', () => {
  let stub: GeminiStub;
  let app: TestApp;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: answerFromPrompt }));
  });
  afterAll(() => app?.stop());

  it('comes out whole and without duplicates, turn by turn, with a box around every value', async () => {
    const documentId = await uploadFixture(app, 'table-300.pdf');
    const { jobId } = await startJob(app, { documentId, jsonSchema: STATEMENT_SCHEMA, config: { perKeyAttribution: true, documentInput: 'TEXT' } });
    const job = await waitForJob(app, jobId!, ['COMPLETED', 'FAILED'], 60_000);
    expect(job.status).toBe('COMPLETED');
    // The only warning is the count of grounded values, and every value is printed.
    expect(job.metadata.warnings).toHaveLength(1);
    expect(job.metadata.warnings[0]).toMatch(/^citations: 1201 of 1201 values found on the page/);

    const transactions = job.results.transactions as Array<Record<string, { extractedValue: unknown; location: any; confidence: number }>>;
    expect(transactions).toHaveLength(300);
    expect(transactions[0]!.description!.extractedValue).toBe('Salary Analytical Engines ref 0001');
    expect(transactions[299]!.description!.extractedValue).toBe('Card Circle K ref 0300');
    expect(transactions[299]!.balance!.extractedValue).toBe(26480);
    const refs = transactions.map((t) => String(t.description!.extractedValue).slice(-4));
    expect(new Set(refs).size).toBe(300);

    // Progress after every turn, and the log adds up.
    const log = await app.gql(
      `query($id: ID!) { job(id: $id) { events { __typename ... on ArrayProgressEvent { itemsExtracted turn done } ... on SubtreeResultEvent { usageMetadata { totalTokens modelCalls } } } } }`,
      { id: jobId },
    );
    const progress = log.data.job.events.filter((e: any) => e.__typename === 'ArrayProgressEvent');
    expect(progress.map((p: any) => p.itemsExtracted)).toEqual([50, 100, 150, 200, 250, 300]);
    expect(progress.at(-1).done).toBe(true);
    const usage = log.data.job.events.filter((e: any) => e.__typename === 'SubtreeResultEvent').map((e: any) => e.usageMetadata);
    expect(usage.reduce((s: number, u: any) => s + u.totalTokens, 0)).toBe(job.metadata.usage.totalTokens);
    expect(usage.reduce((s: number, u: any) => s + u.modelCalls, 0)).toBe(stub.requests.length);

    // Every attribution box lies on its page inside a line that holds its matched text.
    const { layout } = await app.database.db
      .selectFrom('document_layouts')
      .select('layout')
      .where('document_id', '=', documentId)
      .executeTakeFirstOrThrow();
    const pages = (layout as DocumentLayout).pages;
    const norm = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();
    for (const [index, row] of transactions.entries()) {
      for (const [field, info] of Object.entries(row)) {
        expect(info.location, `row ${index} ${field}`).not.toBeNull();
        const { page, bbox, matchedText } = info.location;
        const holder = pages[page - 1]!.lines.find(
          (line) =>
            norm(line.text).includes(norm(matchedText)) &&
            bbox.x0 >= line.bbox.x0 - 1 && bbox.x1 <= line.bbox.x1 + 1 &&
            bbox.y0 >= line.bbox.y0 - 1 && bbox.y1 <= line.bbox.y1 + 1,
        );
        expect(holder, `row ${index} ${field}: "${matchedText}" at ${JSON.stringify(bbox)} on page ${page}`).toBeDefined();
        expect(info.confidence).toBeGreaterThan(0);
        expect(info.confidence).toBeLessThanOrEqual(1);
      }
      // Rows 1-50 are on page 1, 51-100 on page 2, ...
      expect(row.description!.location.page).toBe(Math.floor(index / 50) + 1);
    }
  }, 90_000);
});
