import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { Database } from '../db/database.ts';
import { toConnection, type PageRequest } from '../db/pagination.ts';
import { loadLayout } from '../documents/document-layout.ts';
import { findDocument, readDocumentContent } from '../documents/documents.repository.ts';
import { appError, parseId } from '../errors.ts';
import type { JobEventBus } from '../events/job-event-bus.ts';
import { createJobEventFeed } from '../events/job-event-feed.ts';
import { isGeminiModel, MODEL_LIMITS } from '../models/model-ids.ts';
import type { ExtractConfig, JsonSchema } from '../domain/types.ts';
import { ZERO_USAGE } from '../domain/types.ts';
import { assertSavedSchemaExpandable, assertUsableSchema } from '../schemas/schemas.service.ts';
import { findSchema } from '../schemas/schemas.repository.ts';
import { splitShapeOnce, type SchemaShape } from '../schemas/checked-schemas.ts';
import { schemaShapeOf } from '../schemas/schema-shape.ts';
import { precheckedShape } from '../schemas/prechecked-schema.ts';
import type { SchemaLimits } from '../schemas/check-schema.ts';
import type { Tenant } from '../tenants/api-keys.ts';
import type { JobsApi, StartJobInput } from './jobs-api.ts';
import { estimateExtraction, type ExtractionEstimate } from './estimate-extraction.ts';
import { openAiCostUsd, openAiPriceFor, type OpenAiPrice } from '../models/openai-prices.ts';
import { resolveConfig, type ModelAvailability } from './resolve-config.ts';
import { parseWebhook } from './webhook-config.ts';
import { countActiveJobs, findJob, findJobById, findJobForFollow, findJobWithSeq, listJobs, readEvents } from './jobs.repository.ts';
import { cancelJob, createJob } from './job-transitions.ts';
import { flushBeforeAnswerSupported, flushWalAfterCommit } from './active-job-limit.ts';
import { EMPTY_PROGRESS, type JobRecord } from './job-types.ts';
import type { Logger } from '../logger.ts';

export interface JobsServiceDeps {
  db: Kysely<Database>;
  boss: PgBoss;
  bus: JobEventBus;
  geminiConfigured: boolean;
  /** Gemini model id for model GEMINI without a modelName (GEMINI_DEFAULT_MODEL); a built-in default when absent. */
  geminiDefaultModel?: string;
  /** OPENAI_BASE_URL is set (and OPENAI_DEFAULT_MODEL, the model id used without modelName). */
  openaiConfigured?: boolean;
  openaiDefaultModel?: string | null;
  /** Prices of the OpenAI-compatible server's models (for estimates), as its provider uses them. */
  openaiPricing?: { baseUrl: string; configured: Readonly<Record<string, OpenAiPrice>> };
  schemaLimits: SchemaLimits;
  /** WEBHOOK_ALLOW_PRIVATE: a start may name a webhook on a private or loopback address (refused when absent). */
  webhookAllowPrivate?: boolean;
  /** Where an estimate's layout reader that stops without a result is reported (document-layout.ts). */
  logger?: Logger;
}

export function createJobsService(deps: JobsServiceDeps): JobsApi {
  const { db, boss, bus } = deps;
  // One log reader per job for all of this process's subscribers (see job-event-feed.ts).
  const feed = createJobEventFeed(
    {
      readEvents: (jobId, after, limit) => readEvents(db, jobId, after, limit),
      jobStatus: async (jobId) => (await findJobById(db, jobId))?.status ?? null,
      lastSeq: async (jobId) => (await findJobWithSeq(db, jobId))?.lastSeq ?? 0,
      eventOf: (jobId, { seq, at, payload }) => ({ jobId, seq, at, payload }),
    },
    bus,
  );
  // Asked once, on the first start (see active-job-limit.ts); a failed question is asked again.
  let flushSupport: Promise<boolean> | null = null;
  const flushAfterCommit = () => {
    flushSupport ??= flushBeforeAnswerSupported(db).catch((error: unknown) => {
      flushSupport = null;
      throw error;
    });
    return flushSupport;
  };
  return {
    start: (tenant, input) => startJob(deps, tenant, input, flushAfterCommit()),
    estimate: (tenant, input) => estimateJob(deps, tenant, input),

    async cancel(tenant, jobId) {
      // Idempotent: a finished job is refused the move and returned unchanged.
      const outcome = await cancelJob(db, boss, tenant.id, jobId);
      const job = !outcome.moved && outcome.from === null ? null : await findJob(db, tenant.id, jobId);
      if (!job) throw appError('NOT_FOUND', `Job ${jobId} not found`);
      return job;
    },

    find: (tenant, jobId) => findJob(db, tenant.id, jobId),

    async list(tenant, statuses, page: PageRequest) {
      return toConnection(await listJobs(db, tenant.id, statuses, page), page.first);
    },

    async events(tenant, jobId, after) {
      const job = await findJob(db, tenant.id, jobId);
      if (!job) throw appError('NOT_FOUND', `Job ${jobId} not found`);
      const events = [];
      for (let cursor = after; ; ) {
        const page = await readEvents(db, jobId, cursor);
        events.push(...page);
        if (page.length === 0) break;
        cursor = page.at(-1)!.seq;
      }
      return events;
    },

    async follow(tenant, jobId, after, signal) {
      // The tenant check, the status, the last seq and the replay's first page in one statement.
      const source = await feed.open(jobId, after, signal, (limit) => findJobForFollow(db, tenant.id, jobId, after, limit));
      // Another tenant's job is not found, exactly like an unknown id.
      if (!source) throw appError('NOT_FOUND', `Job ${jobId} not found`);
      return source;
    },

    activeCount: (tenant) => countActiveJobs(db, tenant.id),
  };
}

/**
 * Every check of a job's inputs, in the contract's order: ids (400), document and schema (404),
 * the schema itself (422), the config (400). The lookups and the inline schema's check start at
 * once, and their answers are judged in that order (a missing document is reported before a bad
 * schema). The lookups go first: a schema of realistic size is checked on this thread, and its
 * check would hold their queries back instead of running while they travel. The check's work runs
 * in a turn (check-turns.ts), a setImmediate callback at the earliest, so after the queries just
 * issued are on the wire.
 */
async function checkJobInput(deps: JobsServiceDeps, tenant: Tenant, input: StartJobInput, options: Pick<ModelAvailability, 'allowUnconfiguredGemini'> = {}) {
  const { db } = deps;
  const documentId = parseId(input.documentId, 'documentId');
  const schemaId = input.schemaId === null ? null : parseId(input.schemaId, 'schemaId');
  const hasInline = input.jsonSchema !== null && input.jsonSchema !== undefined;
  const oneSchema = (schemaId === null) === hasInline;
  const lookups = Promise.all([findDocument(db, tenant.id, documentId), schemaId ? findSchema(db, tenant.id, schemaId) : null]);
  const inlineCheck = oneSchema && hasInline ? assertUsableSchema(input.jsonSchema, deps.schemaLimits, tenant.id) : null;
  // Answered before the check when the lookups refuse: its failure is then no one's to handle.
  inlineCheck?.catch(() => {});
  const [document, saved] = await lookups;
  if (!document) throw appError('NOT_FOUND', `Document ${documentId} not found`);
  if (schemaId && !saved) throw appError('NOT_FOUND', `Schema ${schemaId} not found`);
  if (!oneSchema) {
    throw appError('BAD_USER_INPUT', 'Give exactly one of schemaId and jsonSchema.');
  }
  if (saved) assertSavedSchemaExpandable(saved);
  const jsonSchema = saved ? saved.jsonSchema : input.jsonSchema;
  const { totalFields } = saved ? { totalFields: saved.totalFields } : await inlineCheck!;
  const config = resolveConfig(input.config, {
    geminiConfigured: deps.geminiConfigured,
    allowUnconfiguredGemini: options.allowUnconfiguredGemini,
    geminiDefaultModel: deps.geminiDefaultModel,
    openaiConfigured: deps.openaiConfigured ?? false,
    openaiDefaultModel: deps.openaiDefaultModel ?? null,
    pageCount: document.pageCount,
  });
  const webhook = input.webhook ? parseWebhook(input.webhook, { allowPrivate: deps.webhookAllowPrivate ?? false }) : null;
  return { documentId, document, saved, jsonSchema, totalFields, config, webhook };
}

/** The plan and cost range of a job with these inputs; the same checks as startJob, no model call. */
async function estimateJob(deps: JobsServiceDeps, tenant: Tenant, input: StartJobInput): Promise<ExtractionEstimate> {
  const { documentId, document, jsonSchema, config } = await checkJobInput(deps, tenant, { ...input, webhook: null }, {
    // An estimate may price a Gemini model this server has no key for (to decide whether to get one).
    allowUnconfiguredGemini: true,
  });
  // Read by a bounded reader process (document-layout.ts) and stored, so the job reuses it. The
  // content is fetched only when the layout is not stored and no other load is reading it.
  const content = async () => {
    const stored = await readDocumentContent(deps.db, documentId, document.sizeBytes);
    if (!stored) throw appError('UNPROCESSABLE', `The content of document ${documentId} is no longer stored.`);
    return stored;
  };
  const layout = await loadLayout(deps.db, documentId, content, deps.logger?.child({ documentId }));
  const unavailable =
    isGeminiModel(config.model) && !deps.geminiConfigured
      ? [`This server has no Gemini API key: a job with ${config.model} would be refused until the operator sets GEMINI_API_KEY.`]
      : [];
  const openAiPrice = config.model === 'OPENAI_COMPATIBLE' && deps.openaiPricing ? openAiPriceFor(config.modelName ?? '', deps.openaiPricing) : undefined;
  const estimate = estimateExtraction({
    layout,
    schema: jsonSchema as JsonSchema,
    config,
    sectionTokenBudget: MODEL_LIMITS[config.model].sectionTokenBudget,
    ...(openAiPrice !== undefined && { priceCall: (usage) => openAiCostUsd(openAiPrice, usage) }),
  });
  return { ...estimate, warnings: [...unavailable, ...estimate.warnings] };
}

/**
 * Checks everything before committing anything, in the contract's order: ids (400), document and
 * schema (404), the schema itself (422), the config (400), the tenant's active-job limit (429).
 * Then ONE statement creates the schema row of an inline schema, the job row, its first event and
 * the queue job, checks the limit last and commits (active-job-limit.ts): a worker can take the
 * job one round trip after the lookups, and whatever the limit refuses is never stored. No
 * connection is held while the checks run (a large schema's check waits on the check thread,
 * seconds at worst), so one tenant's large schemas cannot hold the pool.
 *
 * Where the commit is asynchronous (flushBeforeAnswerSupported), the start answers only once the
 * WAL is flushed past it: a start acknowledged to its client is durable.
 */
async function startJob(deps: JobsServiceDeps, tenant: Tenant, input: StartJobInput, flushAfterCommit: Promise<boolean>): Promise<JobRecord> {
  const { db } = deps;
  flushAfterCommit.catch(() => {});
  const { documentId, document, saved, config, webhook, jsonSchema, totalFields } = await checkJobInput(deps, tenant, input);
  const estimate = estimateRun(tenant.id, jsonSchema as JsonSchema, config, document.pageCount);
  const asyncCommit = await flushAfterCommit;
  const job = await createJob(
    db,
    {
      tenantId: tenant.id,
      documentId,
      // An inline schema's row goes in with the job's, in the job's own statement.
      schemaId: saved?.id ?? randomUUID(),
      ...(!saved && { inlineSchema: { jsonSchema: input.jsonSchema, totalFields } }),
      config,
      webhook,
      progress: { ...EMPTY_PROGRESS, totalFields: estimate.totalFields, totalSubtrees: estimate.totalSubtrees },
      metadata: {
        usage: ZERO_USAGE,
        costUsd: 0,
        durationMs: null,
        numPagesExtracted: 0,
        hasAttributions: config.perKeyAttribution,
        warnings: [],
        model: config.model,
      },
      estimatedCompletion: new Date(Date.now() + estimate.durationMs),
    },
    { asyncCommit },
  );
  if (asyncCommit) await flushWalAfterCommit(db);
  return job;
}

/**
 * Subtrees and leaf fields of a schema as the worker will split it: made by the large-body parser
 * with its check (prechecked-schema.ts), or kept per schema text (checked-schemas.ts).
 */
function schemaShape(tenantId: string, schema: JsonSchema): SchemaShape {
  return precheckedShape(schema) ?? splitShapeOnce(schema, tenantId, () => schemaShapeOf(schema));
}

/** Subtrees and a rough duration, from the schema, the concurrency and the model's typical latency. */
function estimateRun(tenantId: string, schema: JsonSchema, config: ExtractConfig, pageCount: number) {
  let { totalSubtrees, totalFields } = schemaShape(tenantId, schema);
  const pages = Math.min(pageCount, config.maxPages ?? pageCount);
  if (config.extractionTarget === 'PER_PAGE') {
    totalSubtrees *= pages;
    totalFields *= pages;
  } else if (config.extractionTarget === 'PER_TABLE_ROW') {
    // The worker reads every row in one subtree (plan-extraction.ts), whatever the schema's split.
    totalSubtrees = 1;
  }
  const latency = MODEL_LIMITS[config.model].typicalCallLatencyMs;
  const rounds = Math.ceil(totalSubtrees / config.maxNumConcurrentRequests);
  const layoutMs = pages * 20;
  return { totalSubtrees, totalFields, durationMs: 2000 + layoutMs + rounds * latency };
}
