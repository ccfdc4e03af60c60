import { SUBTREE_ERROR_TYPES } from '../../domain/choices.ts';
import { builder } from '../builder.ts';
import type { JobEvent, JobEventPayload } from '../../jobs/job-types.ts';
import { DateTimeScalar, JSONScalar } from './scalars.ts';
import { JobProgressRef, JobStatusEnum, UsageRef } from './job-parts.ts';
import { SchemaProblemRef } from './schema-problem.ts';

type EventOf<T extends JobEventPayload['type']> = JobEvent & { payload: Extract<JobEventPayload, { type: T }> };

const TYPE_NAMES: Record<JobEventPayload['type'], string> = {
  JOB_STARTED: 'JobStartedEvent',
  SUBTREE_RESULT: 'SubtreeResultEvent',
  SUBTREE_ERROR: 'SubtreeErrorEvent',
  ARRAY_PROGRESS: 'ArrayProgressEvent',
  JOB_STATUS: 'JobStatusEvent',
};

export const JobEventRef = builder.interfaceRef<JobEvent>('JobEvent').implement({
  resolveType: (event) => TYPE_NAMES[event.payload.type],
  fields: (t) => ({
    seq: t.exposeInt('seq', { description: '1, 2, 3 ... per job, gap-free; the cursor for jobProgress(after:).' }),
    jobId: t.exposeID('jobId'),
    at: t.expose('at', { type: DateTimeScalar }),
  }),
});

builder.objectRef<EventOf<'JOB_STARTED'>>('JobStartedEvent').implement({
  interfaces: [JobEventRef],
  isTypeOf: (event) => (event as JobEvent).payload?.type === 'JOB_STARTED',
  fields: (t) => ({
    totalSubtrees: t.int({ resolve: (e) => e.payload.totalSubtrees }),
    startTime: t.field({ type: DateTimeScalar, resolve: (e) => e.payload.startTime }),
  }),
});

builder.objectRef<EventOf<'SUBTREE_RESULT'>>('SubtreeResultEvent').implement({
  interfaces: [JobEventRef],
  isTypeOf: (event) => (event as JobEvent).payload?.type === 'SUBTREE_RESULT',
  fields: (t) => ({
    path: t.string({ description: 'JSON Pointer of the subtree in the result, e.g. /line_items.', resolve: (e) => e.payload.path }),
    extractedResult: t.field({ type: JSONScalar, resolve: (e) => e.payload.extractedResult ?? null }),
    attributions: t.field({ type: JSONScalar, nullable: true, resolve: (e) => e.payload.attributions ?? null }),
    usageMetadata: t.field({ type: UsageRef, resolve: (e) => e.payload.usageMetadata }),
    violations: t.field({
      type: [SchemaProblemRef],
      description: 'Values the model gave that still broke the schema after repair and were dropped (path: JSON Pointer in the result).',
      resolve: (e) => (e.payload.violations ?? []).map((v) => ({ path: v.path, message: v.message, rejectedValue: v.rejectedValue })),
    }),
  }),
});

builder.objectRef<EventOf<'SUBTREE_ERROR'>>('SubtreeErrorEvent').implement({
  interfaces: [JobEventRef],
  isTypeOf: (event) => (event as JobEvent).payload?.type === 'SUBTREE_ERROR',
  fields: (t) => ({
    path: t.string({ resolve: (e) => e.payload.path }),
    errorMessage: t.string({ nullable: true, resolve: (e) => e.payload.errorMessage }),
    errorType: t.string({
      // A String rather than an enum, so that a type added later does not break older clients.
      description: `One of ${SUBTREE_ERROR_TYPES.join(', ')} (a newer server may add others).`,
      resolve: (e) => e.payload.errorType,
    }),
  }),
});

builder.objectRef<EventOf<'ARRAY_PROGRESS'>>('ArrayProgressEvent').implement({
  interfaces: [JobEventRef],
  isTypeOf: (event) => (event as JobEvent).payload?.type === 'ARRAY_PROGRESS',
  fields: (t) => ({
    path: t.string({ resolve: (e) => e.payload.path }),
    itemsExtracted: t.int({ resolve: (e) => e.payload.itemsExtracted }),
    turn: t.int({ resolve: (e) => e.payload.turn }),
    done: t.boolean({ resolve: (e) => e.payload.done }),
  }),
});

builder.objectRef<EventOf<'JOB_STATUS'>>('JobStatusEvent').implement({
  interfaces: [JobEventRef],
  isTypeOf: (event) => (event as JobEvent).payload?.type === 'JOB_STATUS',
  fields: (t) => ({
    status: t.field({ type: JobStatusEnum, resolve: (e) => e.payload.status }),
    progress: t.field({ type: JobProgressRef, resolve: (e) => e.payload.progress }),
    errorMessage: t.string({ nullable: true, resolve: (e) => e.payload.errorMessage }),
  }),
});
