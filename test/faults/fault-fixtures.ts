/**
 * Shared by the fault suite: a schema of ten subtrees, the stand-in's answers for it, and the
 * checks every faulted job must pass (finished exactly once, a gap-free log without duplicates).
 */
import { expect } from 'vitest';
import type { StubReply, StubRequest } from '../helpers/gemini-stub.ts';
import { subtreeOf } from '../helpers/job-fixtures.ts';
import type { TestApp } from '../helpers/test-app.ts';

const ARRAYS = ['items', 'taxes', 'payments', 'fees', 'notes', 'parties', 'periods', 'references', 'accounts'] as const;

/** Ten subtrees: the root's two scalars ("") and nine arrays of objects. */
export const TEN_SUBTREE_SCHEMA = {
  type: 'object',
  properties: {
    number: { type: 'string' },
    total: { type: 'number' },
    ...Object.fromEntries(ARRAYS.map((name) => [name, { type: 'array', items: { type: 'object', properties: { label: { type: 'string' } } } }])),
  },
};

export const TEN_SUBTREE_PATHS = ['', ...ARRAYS.map((name) => `/${name}`)];

export const TEN_SUBTREE_RESULT = {
  number: 'INV-2024-0042',
  total: 2289.93,
  ...Object.fromEntries(ARRAYS.map((name) => [name, [{ label: `${name} 1` }]])),
};

export function tenSubtreeAnswer(request: StubRequest, delayMs = 0): StubReply {
  const path = subtreeOf(request);
  const value = path === '' ? { number: TEN_SUBTREE_RESULT.number, total: TEN_SUBTREE_RESULT.total } : [{ label: `${path.slice(1)} 1` }];
  return { kind: 'json', value, delayMs };
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELLED']);

export interface LoggedEvent {
  seq: number;
  __typename: string;
  path?: string;
  status?: string;
}

export const JOB_LOG = `query($id: ID!) { job(id: $id) { status errorMessage results metadata { failedPaths warnings }
  events { seq __typename ... on SubtreeResultEvent { path } ... on SubtreeErrorEvent { path } ... on JobStatusEvent { status } } } }`;

/**
 * The job's log is 1..n without a gap or a duplicate, has one JobStartedEvent, one result or
 * error per subtree, and exactly one terminal status, which is its last event.
 */
export function expectSoundLog(events: LoggedEvent[], paths: readonly string[]): void {
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.filter((e) => e.__typename === 'JobStartedEvent')).toHaveLength(1);
  const finished = events.filter((e) => e.__typename === 'SubtreeResultEvent' || e.__typename === 'SubtreeErrorEvent').map((e) => e.path);
  expect([...finished].sort()).toEqual([...paths].sort());
  const terminal = events.filter((e) => e.__typename === 'JobStatusEvent' && TERMINAL.has(e.status!));
  expect(terminal).toHaveLength(1);
  expect(events.at(-1)).toBe(terminal[0]);
}

export async function jobLog(app: TestApp, jobId: string) {
  const { data, errors } = await app.gql(JOB_LOG, { id: jobId });
  if (!data?.job) throw new Error(`job ${jobId}: ${JSON.stringify(errors)}`);
  return data.job as { status: string; errorMessage: string | null; results: unknown; metadata: { failedPaths: string[]; warnings: string[] }; events: LoggedEvent[] };
}
