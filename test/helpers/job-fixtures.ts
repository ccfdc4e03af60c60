import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { StubReply, StubRequest } from './gemini-stub.ts';
import type { TestApp } from './test-app.ts';

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');
export const fixture = (name: string) => path.join(FIXTURES, name);

/**
 * Four field groups of a bank statement (an account number and three lists): over a long document's
 * one section, big enough for a Gemini context cache.
 */
export const STATEMENT_SCHEMA = {
  type: 'object',
  properties: {
    account_number: { type: 'string' },
    deposits: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, amount: { type: 'number' } } } },
    withdrawals: { type: 'array', items: { type: 'object', properties: { date: { type: 'string' }, amount: { type: 'number' } } } },
    fees: { type: 'array', items: { type: 'object', properties: { label: { type: 'string' }, amount: { type: 'number' } } } },
  },
};

/** Four subtrees: the root's scalars ("") and three isolated arrays of objects. */
export const INVOICE_SCHEMA = {
  type: 'object',
  properties: {
    invoice_number: { type: 'string' },
    total: { type: 'number' },
    line_items: {
      type: 'array',
      items: { type: 'object', properties: { description: { type: 'string' }, amount: { type: 'number' } } },
    },
    payments: {
      type: 'array',
      items: { type: 'object', properties: { date: { type: 'string' }, amount: { type: 'number' } } },
    },
    notes: {
      type: 'array',
      items: { type: 'object', properties: { text: { type: 'string' } } },
    },
  },
} as const;

export const SUBTREE_PATHS = ['', '/line_items', '/payments', '/notes'] as const;

/** The answer a model gives for each subtree of INVOICE_SCHEMA. */
export const ANSWERS: Record<string, unknown> = {
  '': { invoice_number: 'INV-2024-0042', total: 2289.93 },
  '/line_items': [
    { description: 'Copy paper A4 80g, box of 5 reams', amount: 2.5 },
    { description: 'Ballpoint pens, blue, pack of 50', amount: 19.66 },
  ],
  '/payments': [{ date: '2024-03-20', amount: 100 }],
  '/notes': [{ text: 'Thank you for your business' }],
};

/** The job's whole result when every subtree got its ANSWERS. */
export const WHOLE_RESULT = {
  ...(ANSWERS[''] as object),
  line_items: ANSWERS['/line_items'],
  payments: ANSWERS['/payments'],
  notes: ANSWERS['/notes'],
};

/** Which subtree a Gemini request asks for, read from the prompt the provider wrote. */
export function subtreeOf(request: StubRequest): string {
  const match = /result at JSON Pointer "([^"]*)"/.exec(request.prompt);
  return match ? match[1]! : '';
}

export function answerFor(request: StubRequest, delayMs = 0): StubReply {
  return { kind: 'json', value: ANSWERS[subtreeOf(request)], delayMs };
}

export const START_JOB = `
  mutation Start($input: StartExtractionJobInput!) {
    startExtractionJob(input: $input) { jobId status createdAt estimatedCompletion job { id status } }
  }`;

export const EVENT_FIELDS = `
  __typename seq jobId at
  ... on JobStartedEvent { totalSubtrees startTime }
  ... on SubtreeResultEvent { path extractedResult attributions usageMetadata { promptTokens outputTokens totalTokens modelCalls } }
  ... on SubtreeErrorEvent { path errorMessage errorType }
  ... on ArrayProgressEvent { path itemsExtracted turn done }
  ... on JobStatusEvent { status statusError: errorMessage progress { completionPercentage subtreesCompleted totalSubtrees } }`;

export const JOB_PROGRESS = `subscription Watch($jobId: ID!, $after: Int) { jobProgress(jobId: $jobId, after: $after) { ${EVENT_FIELDS} } }`;

export async function uploadFixture(app: TestApp, name: string, key?: string): Promise<string> {
  const response = await app.upload(fixture(name), { key });
  if (!response.data?.uploadDocument) throw new Error(`upload failed: ${JSON.stringify(response.errors)}`);
  return response.data.uploadDocument.id as string;
}

export async function startJob(
  app: TestApp,
  input: Record<string, unknown>,
  key?: string,
): Promise<{ jobId?: string; errors?: Array<{ message: string; extensions?: Record<string, unknown> }>; status: number }> {
  const response = await app.gql(START_JOB, { input }, { key });
  return { jobId: response.data?.startExtractionJob?.jobId, errors: response.errors, status: response.status };
}

export async function waitForJob(app: TestApp, jobId: string, statuses: string[], timeoutMs = 30_000, key?: string) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.gql(
      `query($id: ID!) { job(id: $id) { id status errorMessage results progress { completionPercentage subtreesCompleted totalSubtrees fieldsProcessed totalFields currentStep } metadata { costUsd durationMs numPagesExtracted hasAttributions warnings model usage { promptTokens outputTokens thinkingTokens totalTokens modelCalls } } } }`,
      { id: jobId },
      { key },
    );
    const job = response.data?.job;
    if (job && statuses.includes(job.status)) return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} did not reach ${statuses.join('/')}: ${JSON.stringify(job ?? response.errors)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
