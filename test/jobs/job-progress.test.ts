import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAppWithGeminiStub } from '../helpers/app-with-gemini-stub.ts';
import type { GeminiStub } from '../helpers/gemini-stub.ts';
import {
  ANSWERS,
  INVOICE_SCHEMA,
  JOB_PROGRESS,
  SUBTREE_PATHS,
  WHOLE_RESULT,
  answerFor,
  startJob,
  subtreeOf,
  uploadFixture,
  waitForJob,
} from '../helpers/job-fixtures.ts';
import { subscribeAll, type TestApp } from '../helpers/test-app.ts';

describe('jobs and their live progress', () => {
  let stub: GeminiStub;
  let app: TestApp;
  let documentId: string;

  beforeAll(async () => {
    ({ app, stub } = await startAppWithGeminiStub({ respond: (request) => answerFor(request, 150) }));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(() => app?.stop());

  it('a subscription sees the status changes, the start, one result per subtree and the terminal status, in seq order', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { model: 'GEMINI_2_5_FLASH' } });
    const { events, errors } = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId, after: 0 });
    expect(errors).toEqual([]);
    const stream = events.map((e) => e.jobProgress);
    expect(stream.map((e) => e.seq)).toEqual(stream.map((_, i) => i + 1));
    expect(stream[0]).toMatchObject({ __typename: 'JobStatusEvent', status: 'PENDING' });
    expect(stream[1]).toMatchObject({ __typename: 'JobStatusEvent', status: 'PROCESSING' });
    expect(stream[2]).toMatchObject({ __typename: 'JobStartedEvent', totalSubtrees: 4 });
    const results = stream.filter((e) => e.__typename === 'SubtreeResultEvent');
    expect(results.map((e) => e.path).sort()).toEqual([...SUBTREE_PATHS].sort());
    for (const result of results) {
      expect(result.extractedResult).toEqual(ANSWERS[result.path]);
      expect(result.usageMetadata.modelCalls).toBe(1);
    }
    expect(stream.at(-1)).toMatchObject({ __typename: 'JobStatusEvent', status: 'COMPLETED' });
    expect(stream.at(-1).progress).toMatchObject({ completionPercentage: 100, subtreesCompleted: 4, totalSubtrees: 4 });

    const job = await waitForJob(app, jobId!, ['COMPLETED']);
    expect(job.results).toEqual(WHOLE_RESULT);
    const usage = results.reduce((sum, e) => sum + e.usageMetadata.totalTokens, 0);
    expect(job.metadata.usage.totalTokens).toBe(usage);
    expect(job.metadata.usage.modelCalls).toBe(4);
    expect(job.metadata.costUsd).toBeGreaterThan(0);
    expect(job.metadata.model).toBe('GEMINI_2_5_FLASH');
  });

  it('a subscriber joining mid-job with after=3 receives 4..n exactly once', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { maxNumConcurrentRequests: 1 } });
    // Wait until the log holds at least 4 events, so the late subscriber needs replay and live.
    let seen = 0;
    while (seen < 4) {
      const response = await app.gql(`query($id: ID!) { job(id: $id) { events { seq } } }`, { id: jobId });
      seen = response.data.job.events.length;
      await new Promise((r) => setTimeout(r, 20));
    }
    const late = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId, after: 3 });
    const all = await app.gql(`query($id: ID!) { job(id: $id) { status events { seq __typename } } }`, { id: jobId });
    expect(all.data.job.status).toBe('COMPLETED');
    const seqs = late.events.map((e) => e.jobProgress.seq);
    expect(seqs).toEqual(all.data.job.events.filter((e: { seq: number }) => e.seq > 3).map((e: { seq: number }) => e.seq));
    expect(seqs[0]).toBe(4);
  });

  it('several concurrent jobs each stream a complete, ordered log', async () => {
    const jobs = await Promise.all([0, 1, 2].map(() => startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })));
    const streams = await Promise.all(jobs.map(({ jobId }) => subscribeAll(app.ws(), JOB_PROGRESS, { jobId })));
    for (const [index, stream] of streams.entries()) {
      const events = stream.events.map((e) => e.jobProgress);
      expect(events.every((e) => e.jobId === jobs[index]!.jobId)).toBe(true);
      expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
      expect(events.filter((e) => e.__typename === 'SubtreeResultEvent')).toHaveLength(4);
      expect(events.at(-1).status).toBe('COMPLETED');
    }
  });

  it('a finished job replays its whole log and completes; job.events returns the same log', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    await waitForJob(app, jobId!, ['COMPLETED']);
    const replay = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId });
    const log = await app.gql(`query($id: ID!) { job(id: $id) { events { seq __typename } } }`, { id: jobId });
    expect(replay.events.map((e) => [e.jobProgress.seq, e.jobProgress.__typename])).toEqual(
      log.data.job.events.map((e: { seq: number; __typename: string }) => [e.seq, e.__typename]),
    );
    const afterEnd = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId, after: replay.events.length });
    expect(afterEnd).toEqual({ events: [], errors: [] });
  });

  it('streams over SSE too (POST with accept: text/event-stream)', async () => {
    const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA });
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', authorization: `Bearer ${app.apiKey}` },
      body: JSON.stringify({ query: JOB_PROGRESS, variables: { jobId } }),
    });
    expect(response.status).toBe(200);
    const text = await response.text(); // the stream ends after the terminal status event
    const events = text
      .split('\n')
      .filter((line) => line.startsWith('data: ') && line.includes('jobProgress'))
      .map((line) => JSON.parse(line.slice(6)).data.jobProgress);
    expect(events.map((e) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.at(-1)).toMatchObject({ status: 'COMPLETED' });
    expect(text).toContain('event: complete');
  });

  it('a job that lost a subtree is COMPLETED but says so: failedPaths, one errorMessage, warnings and null at its pointer', async () => {
    stub.respond((request) =>
      subtreeOf(request) === '/payments' ? { kind: 'error', status: 400, message: 'bad request' } : answerFor(request),
    );
    try {
      const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { nMaxRetries: 0 } });
      const { events } = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId });
      const failure = events.map((e) => e.jobProgress).find((e) => e.__typename === 'SubtreeErrorEvent');
      expect(failure).toMatchObject({ path: '/payments', errorType: 'MODEL_ERROR' });
      const job = await waitForJob(app, jobId!, ['COMPLETED']);
      expect(job.results.payments).toBeNull();
      expect(job.metadata.warnings.join('\n')).toContain('/payments');
      expect(job.errorMessage).toBe('1 of 4 field groups failed: /payments (model error: gemini-2.5-flash: INVALID_ARGUMENT: bad request)');
      const { data } = await app.gql(`query($id: ID!) { job(id: $id) { metadata { failedPaths } } }`, { id: jobId });
      expect(data.job.metadata.failedPaths).toEqual(['/payments']);
      // The terminal status event carries the same summary as the job.
      const terminal = events.map((e) => e.jobProgress).at(-1);
      expect(terminal).toMatchObject({ status: 'COMPLETED', statusError: job.errorMessage });
    } finally {
      stub.respond((request) => answerFor(request, 150));
    }
  });

  it('a job whose every subtree fails is FAILED with one errorMessage that lists them once', async () => {
    stub.respond(() => ({ kind: 'error', status: 400, message: 'bad request' }));
    try {
      const { jobId } = await startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA, config: { nMaxRetries: 0 } });
      const job = await waitForJob(app, jobId!, ['FAILED', 'COMPLETED']);
      expect(job.status).toBe('FAILED');
      expect(job.errorMessage).toMatch(/^4 of 4 field groups failed: .*\(model error: gemini-2.5-flash: INVALID_ARGUMENT: bad request\)$/);
      for (const path of ['/line_items', '/payments', '/notes']) expect(job.errorMessage.split(path)).toHaveLength(2);
      expect(job.errorMessage.split('bad request')).toHaveLength(2);
      expect(job.results).toBeNull();
    } finally {
      stub.respond((request) => answerFor(request, 150));
    }
  });

  it('a cancel racing the completion leaves one consistent ending: nothing follows the terminal status event', async () => {
    // Every other answer is slow: some jobs surely still run when their cancel comes (the race
    // must have both endings), while the quick ones race their cancel to the finish.
    let calls = 0;
    stub.respond((request) => answerFor(request, calls++ % 2 === 1 ? 1_000 : Math.floor(Math.random() * 40)));
    try {
      const jobs = await Promise.all(
        Array.from({ length: 5 }, () => startJob(app, { documentId, jsonSchema: INVOICE_SCHEMA })),
      );
      expect(jobs.every((job) => job.jobId)).toBe(true);
      await Promise.all(
        jobs.map(async ({ jobId }, i) => {
          await new Promise((r) => setTimeout(r, i * 60));
          await app.gql(`mutation($id: ID!) { cancelExtractionJob(jobId: $id) { status } }`, { id: jobId });
        }),
      );
      const endings = new Set<string>();
      for (const { jobId } of jobs) {
        const { events } = await subscribeAll(app.ws(), JOB_PROGRESS, { jobId });
        const stream = events.map((e) => e.jobProgress);
        const terminal = stream.findIndex((e) => e.__typename === 'JobStatusEvent' && ['COMPLETED', 'CANCELLED', 'FAILED'].includes(e.status));
        expect(terminal).toBe(stream.length - 1);
        const job = await waitForJob(app, jobId!, ['COMPLETED', 'CANCELLED']);
        expect(job.status).toBe(stream[terminal].status);
        expect(job.results === null).toBe(job.status === 'CANCELLED');
        endings.add(job.status);
      }
      expect(endings.has('CANCELLED')).toBe(true);
    } finally {
      stub.respond((request) => answerFor(request, 150));
    }
  });
});
