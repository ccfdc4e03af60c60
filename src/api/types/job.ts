import { builder } from '../builder.ts';
import { appError, parseId } from '../../errors.ts';
import { parsePageRequest } from '../../db/pagination.ts';
import { findDocumentIncludingDeleted } from '../../documents/documents.repository.ts';
import { findSchemaForJob } from '../../schemas/schemas.repository.ts';
import type { JobRecord, JobStatus } from '../../jobs/job-types.ts';
import type { ExtractConfig } from '../../domain/types.ts';
import { DocumentRef } from './document.ts';
import { ExtractionSchemaRef } from './extraction-schema.ts';
import { ExtractConfigInput, ExtractConfigRef, WebhookInput } from './extract-config.ts';
import { JobEventRef } from './job-event.ts';
import { JobMetadataRef, JobProgressRef, JobStatusEnum } from './job-parts.ts';
import { PageInfoRef } from './page-info.ts';
import { DateTimeScalar, JSONScalar } from './scalars.ts';

const ExtractionJobRef = builder.objectRef<JobRecord>('ExtractionJob').implement({
  fields: (t) => ({
    id: t.exposeID('id'),
    status: t.expose('status', { type: JobStatusEnum }),
    document: t.field({
      type: DocumentRef,
      resolve: async (job, _args, ctx) => {
        const document = await findDocumentIncludingDeleted(ctx.deps.db, job.tenantId, job.documentId);
        if (!document) throw new Error(`job ${job.id} lost its document ${job.documentId}`);
        return document;
      },
    }),
    schema: t.field({
      type: ExtractionSchemaRef,
      resolve: async (job, _args, ctx) => {
        const schema = await findSchemaForJob(ctx.deps.db, job.tenantId, job.schemaId);
        if (!schema) throw new Error(`job ${job.id} lost its schema ${job.schemaId}`);
        return schema;
      },
    }),
    config: t.field({ type: ExtractConfigRef, resolve: (job) => job.config }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    startedAt: t.expose('startedAt', { type: DateTimeScalar, nullable: true }),
    finishedAt: t.expose('finishedAt', { type: DateTimeScalar, nullable: true }),
    estimatedCompletion: t.expose('estimatedCompletion', { type: DateTimeScalar, nullable: true }),
    progress: t.expose('progress', { type: JobProgressRef }),
    results: t.field({
      type: JSONScalar,
      nullable: true,
      description:
        'Extracted data conforming to the schema; null until COMPLETED. With perKeyAttribution, primitives are AttributionInfo objects.',
      resolve: (job) => (job.status === 'COMPLETED' ? job.results : null),
    }),
    metadata: t.field({
      type: JobMetadataRef,
      // A webhook event that could not be delivered for good is told here (worker/deliver-webhook.ts).
      resolve: (job) =>
        job.webhook?.undelivered ? { ...job.metadata, warnings: [...job.metadata.warnings, job.webhook.undelivered] } : job.metadata,
    }),
    errorMessage: t.exposeString('errorMessage', {
      nullable: true,
      description:
        'Why the job failed or was cancelled; for a COMPLETED job with metadata.failedPaths, which parts are missing and why.',
    }),
    events: t.field({
      type: [JobEventRef],
      description: 'The persisted event log, the same events jobProgress streams.',
      args: { after: t.arg.int() },
      resolve: (job, args, ctx) => ctx.deps.jobs.events(ctx.tenant, job.id, args.after ?? 0),
    }),
  }),
});

const ExtractionJobConnectionRef = builder
  .objectRef<{ nodes: JobRecord[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }>('ExtractionJobConnection')
  .implement({
    fields: (t) => ({
      nodes: t.expose('nodes', { type: [ExtractionJobRef] }),
      pageInfo: t.expose('pageInfo', { type: PageInfoRef }),
    }),
  });

const StartExtractionJobInputRef = builder.inputType('StartExtractionJobInput', {
  fields: (t) => ({
    documentId: t.id({ required: true }),
    schemaId: t.id({ description: 'Exactly one of schemaId and jsonSchema.' }),
    jsonSchema: t.field({ type: JSONScalar }),
    config: t.field({ type: ExtractConfigInput }),
    webhook: t.field({ type: WebhookInput }),
  }),
});

const StartExtractionJobPayloadRef = builder.objectRef<JobRecord>('StartExtractionJobPayload').implement({
  fields: (t) => ({
    jobId: t.exposeID('id'),
    status: t.expose('status', { type: JobStatusEnum }),
    createdAt: t.expose('createdAt', { type: DateTimeScalar }),
    estimatedCompletion: t.field({
      type: DateTimeScalar,
      resolve: (job) => job.estimatedCompletion ?? job.createdAt,
    }),
    job: t.field({ type: ExtractionJobRef, resolve: (job) => job }),
  }),
});

builder.queryFields((t) => ({
  job: t.field({
    type: ExtractionJobRef,
    nullable: true,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const job = await ctx.deps.jobs.find(ctx.tenant, parseId(String(args.id), 'Job id'));
      if (!job) throw appError('NOT_FOUND', `Job ${args.id} not found`);
      return job;
    },
  }),
  jobs: t.field({
    type: ExtractionJobConnectionRef,
    args: {
      status: t.arg({ type: [JobStatusEnum] }),
      first: t.arg.int({ defaultValue: 20 }),
      after: t.arg.string(),
    },
    resolve: (_root, args, ctx) =>
      ctx.deps.jobs.list(ctx.tenant, (args.status as JobStatus[] | null | undefined) ?? null, parsePageRequest(args.first, args.after)),
  }),
}));

builder.mutationFields((t) => ({
  startExtractionJob: t.field({
    type: StartExtractionJobPayloadRef,
    description:
      'Validate inputs, create the job record, enqueue it. Fails with BAD_USER_INPUT, NOT_FOUND, UNPROCESSABLE, or TOO_MANY_ACTIVE_JOBS at the active-job limit.',
    args: { input: t.arg({ type: StartExtractionJobInputRef, required: true }) },
    resolve: (_root, { input }, ctx) =>
      ctx.deps.jobs.start(ctx.tenant, {
        documentId: String(input.documentId),
        schemaId: input.schemaId == null ? null : String(input.schemaId),
        jsonSchema: input.jsonSchema ?? null,
        config: (input.config as Partial<ExtractConfig> | null | undefined) ?? null,
        webhook: input.webhook
          ? { url: input.webhook.url, events: input.webhook.events ?? null, headers: input.webhook.headers ?? null }
          : null,
      }),
  }),
  cancelExtractionJob: t.field({
    type: ExtractionJobRef,
    description: 'Cancel a pending or running job. In-flight model calls are aborted. Idempotent.',
    args: { jobId: t.arg.id({ required: true }) },
    resolve: (_root, args, ctx) => ctx.deps.jobs.cancel(ctx.tenant, parseId(String(args.jobId), 'Job id')),
  }),
}));

builder.subscriptionField('jobProgress', (t) =>
  t.field({
    type: JobEventRef,
    description:
      'Every event of one job, in order. Events already persisted after the cursor `after` (an event\n`seq`) are replayed first, then live ones follow, with no gap and no duplicate. The stream\ncompletes after the job\'s terminal JobStatusEvent (COMPLETED, FAILED or CANCELLED).',
    args: { jobId: t.arg.id({ required: true }), after: t.arg.int() },
    subscribe: async (_root, args, ctx) => {
      const jobId = parseId(String(args.jobId), 'Job id');
      const after = args.after ?? 0;
      if (after < 0) throw appError('BAD_USER_INPUT', 'after must be 0 or more');
      const abort = new AbortController();
      // Fails (NOT_FOUND) before the stream starts, so clients get a proper error; the job is
      // looked up once, there, not also here.
      const source = await ctx.deps.jobs.follow(ctx.tenant, jobId, after, abort.signal);
      return withAbortOnReturn(source, abort);
    },
    resolve: (event) => event,
  }),
);

/**
 * Ends the underlying follow() when the client unsubscribes: the abort wakes a follower that is
 * waiting for its next event, so the stream ends at once rather than at the job's next event.
 * A plain iterator rather than a generator: it sits between every event and every subscriber.
 */
function withAbortOnReturn<T>(source: AsyncIterable<T>, abort: AbortController): AsyncIterableIterator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const wrapped: AsyncIterableIterator<T> = {
    // When follow() ends by itself, its own finally has already left the feed: nothing to abort.
    next: () => iterator.next(),
    return: async () => {
      abort.abort();
      await iterator.return?.();
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]: () => wrapped,
  };
  return wrapped;
}
