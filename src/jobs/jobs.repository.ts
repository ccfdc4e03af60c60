import { CompiledQuery, sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { newestFirstPage, type PageRequest } from '../db/pagination.ts';
import type { DocumentLayout, ExtractConfig, JobStatusEvent, PipelineEvent } from '../domain/types.ts';
import type { SchemaRecord } from '../schemas/schemas.repository.ts';
import { ACTIVE_STATUSES, JOB_STATUSES } from '../domain/choices.ts';
import { appError } from '../errors.ts';
import {
  type JobEvent,
  type JobEventPayload,
  type JobMetadata,
  type JobProgress,
  type JobRecord,
  type JobStatus,
  type WebhookConfig,
} from './job-types.ts';
import { encodeJobEventNotification, JOB_EVENTS_CHANNEL } from '../events/job-event-notification.ts';
import { shareCellSpans } from '../documents/share-cell-spans.ts';
import { EXTRACTION_QUEUE, type ExtractionJobPayload } from '../queue/queues.ts';
import { queueJobInsertCte } from './queue-job-insert-sql.ts';
import { activeJobLimitCte, runWithinActiveJobLimit } from './active-job-limit.ts';

const COLUMNS = [
  'id', 'tenant_id', 'document_id', 'schema_id', 'status', 'config', 'webhook', 'progress', 'results',
  'metadata', 'error_message', 'attempts', 'created_at', 'started_at', 'finished_at', 'estimated_completion',
] as const;

interface Row {
  id: string;
  tenant_id: string;
  document_id: string;
  schema_id: string;
  status: JobStatus;
  config: unknown;
  webhook: unknown;
  progress: unknown;
  results: unknown;
  metadata: unknown;
  error_message: string | null;
  attempts: number;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  estimated_completion: Date | null;
}

function toRecord(row: Row): JobRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    documentId: row.document_id,
    schemaId: row.schema_id,
    status: row.status,
    config: row.config as ExtractConfig,
    webhook: (row.webhook as WebhookConfig | null) ?? null,
    progress: row.progress as JobProgress,
    results: row.results,
    metadata: row.metadata as JobMetadata,
    errorMessage: row.error_message,
    attempts: row.attempts,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    estimatedCompletion: row.estimated_completion,
  };
}

/** What a new job is made of: everything but its status, id, counters and times. */
export interface NewJob {
  tenantId: string;
  documentId: string;
  schemaId: string;
  /**
   * The job's inline schema, inserted with the job in its statement under `schemaId` (chosen by
   * the caller): one statement, not two, on the way to the start's commit.
   */
  inlineSchema?: { jsonSchema: unknown; totalFields: number };
  config: ExtractConfig;
  webhook: WebhookConfig | null;
  progress: JobProgress;
  metadata: JobMetadata;
  estimatedCompletion: Date;
}

/**
 * Starts a job: inserts it PENDING with its first event (seq 1), the NOTIFY for it, and its
 * extraction queue job (under the job's id, with `queueData` as its payload), checks the tenant's
 * active-job limit and commits, all in ONE autocommitted statement (active-job-limit.ts), so a
 * worker can take the job as soon as that statement's round trip is done. Throws
 * TOO_MANY_ACTIVE_JOBS at the limit, and NOT_FOUND when the document was deleted since the
 * caller looked it up, with nothing stored. With `asyncCommit` the commit is
 * asynchronous and the caller must flush the WAL before it tells anyone of the job
 * (active-job-limit.ts, flushWalAfterCommit). Only jobs/job-transitions.ts calls this
 * (createJob). The id is chosen by the caller, so the event, the notification and the queue job
 * need no second round trip.
 */
export async function insertJob(
  db: Kysely<Database>,
  id: string,
  input: NewJob,
  first: JobStatusEvent,
  queueData: ExtractionJobPayload,
  { asyncCommit }: { asyncCommit: boolean },
): Promise<JobRecord> {
  const at = new Date();
  const { inlineSchema } = input;
  const parameters: unknown[] = [
    id,
    input.tenantId,
    input.documentId,
    input.schemaId,
    JSON.stringify(input.config),
    input.webhook ? JSON.stringify(input.webhook) : null,
    JSON.stringify(input.progress),
    JSON.stringify(input.metadata),
    input.estimatedCompletion,
    first.type,
    JSON.stringify(first),
    at,
    JOB_EVENTS_CHANNEL,
    encodeJobEventNotification({ jobId: id, seq: 1, events: [{ seq: 1, at, payload: first }] }),
    JSON.stringify(queueData),
  ];
  if (inlineSchema) parameters.push(JSON.stringify(inlineSchema.jsonSchema), inlineSchema.totalFields);
  const text = INSERT_JOB[inlineSchema ? 'withSchema' : 'alone'][asyncCommit ? 'asyncCommit' : 'syncCommit'];
  try {
    const { rows } = await runWithinActiveJobLimit(db, (on) => on.executeQuery<Row>(CompiledQuery.raw(text, parameters)));
    return toRecord(rows[0]!);
  } catch (error) {
    if (isDocumentGone(error)) throw appError('NOT_FOUND', `Document ${input.documentId} not found`);
    throw error;
  }
}

/**
 * The start's statement found its document deleted (LIVE_DOCUMENT gave the job no document_id): a
 * delete that committed after the start's own lookup of it. Answered as that lookup answers a
 * missing document.
 */
function isDocumentGone(error: unknown): boolean {
  const pgError = error as { code?: unknown; table?: unknown; column?: unknown } | null;
  return pgError?.code === '23502' && pgError.table === 'jobs' && pgError.column === 'document_id';
}

/**
 * insertJob's statement, written out rather than built per start: the query builder's CTEs, values
 * and compile were a third of the API's query-builder CPU per start (issue 18), for a text that
 * never changes. The job's row refers to the schema's, the event's to the job's: foreign keys are
 * checked at the end of the statement. Parameters: $1 id, $2 tenant, $3 document, $4 schema,
 * $5 config, $6 webhook, $7 progress, $8 metadata, $9 estimated completion, $10 the event's type,
 * $11 its payload, $12 its time, $13 the channel, $14 the notification, $15 the queue job's data;
 * with an inline schema, $16 its JSON and $17 its field count (its row goes in with the job's).
 *
 * The job's document_id is LIVE_DOCUMENT's: the document's row, locked FOR KEY SHARE (the lock the
 * job's foreign key takes anyway) if it is the tenant's and not deleted, and null otherwise, which
 * fails the statement on the column's NOT NULL (isDocumentGone) with nothing stored. A delete of
 * the document, which locks it FOR UPDATE, then either waits for this start's commit and sees its
 * job, or makes this start wait for its own, and the locking read, made again on the row the delete
 * left, finds it deleted (documents/deleted-content.ts). It is read with the job's insert, before
 * the limit's check (`limited` reads the job), so the tenant's lock is not held while it waits.
 *
 * The queue job (queue-job-insert-sql.ts) is in this statement, prepared once per connection with
 * the rest (as parameterless SQL Postgres would parse and plan its ~1 KB text for every start:
 * 0.29 ms of planning a start on the throughput bench, pg_stat_statements). Its NOTIFY, selected
 * once from its CTE, goes out with the commit; a refusal by the limit, checked after every insert
 * (`limited`, read by the outer select so that it runs), fails the statement with all of them.
 */
function insertJobSql(withSchema: boolean, asyncCommit: boolean): string {
  const schema = withSchema
    ? `schema AS (INSERT INTO schemas (id, tenant_id, name, json_schema, total_fields, inline) VALUES ($4, $2, 'inline', $16, $17, true) RETURNING 1), `
    : '';
  const queued = queueJobInsertCte(EXTRACTION_QUEUE, { id: '$1', data: '$15' });
  const limited = activeJobLimitCte({ tenantId: '$2', jobId: '$1', after: [...(withSchema ? ['schema'] : []), 'job', 'event', 'queued'], asyncCommit });
  return `WITH ${schema}job AS (
  INSERT INTO jobs (id, tenant_id, document_id, schema_id, status, config, webhook, progress, metadata, estimated_completion, last_seq)
  VALUES ($1, $2, (${LIVE_DOCUMENT}), $4, 'PENDING', $5, $6, $7, $8, $9, 1)
  RETURNING ${COLUMNS.join(', ')}
), event AS (
  INSERT INTO job_events (job_id, seq, type, payload, at) VALUES ($1, 1, $10, $11, $12) RETURNING 1
), ${queued.cte}, ${limited}
SELECT job.*, pg_notify($13, $14) AS notified, (SELECT ${queued.notify} FROM queued) AS queue_notified, (SELECT count(*) FROM limited) AS limited FROM job`;
}

/** The start's document ($3) if it is the tenant's ($2) and not deleted, locked against a delete until the commit. */
const LIVE_DOCUMENT = 'SELECT id FROM documents WHERE id = $3 AND tenant_id = $2 AND deleted_at IS NULL FOR KEY SHARE';

const INSERT_JOB = {
  alone: { syncCommit: insertJobSql(false, false), asyncCommit: insertJobSql(false, true) },
  withSchema: { syncCommit: insertJobSql(true, false), asyncCommit: insertJobSql(true, true) },
} as const;

export async function findJob(db: Kysely<Database>, tenantId: string, id: string): Promise<JobRecord | null> {
  const row = await db.selectFrom('jobs').select(COLUMNS).where('tenant_id', '=', tenantId).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/** For the worker, which acts on a job id from the queue rather than for a tenant. */
export async function findJobById(db: Kysely<Database>, id: string): Promise<JobRecord | null> {
  const row = await db.selectFrom('jobs').select(COLUMNS).where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

/**
 * The job's row as it is now, with the seq of its last event, unlocked: for a worker that then
 * writes only if the row is still so (appendEventsIfUnchanged), as it is unless someone else wrote.
 */
export async function findJobWithSeq(db: Kysely<Database>, id: string): Promise<(JobRecord & { lastSeq: number }) | null> {
  const row = await db.selectFrom('jobs').select([...COLUMNS, 'last_seq']).where('id', '=', id).executeTakeFirst();
  return row ? { ...toRecord(row), lastSeq: row.last_seq } : null;
}

/** What a subscription reads before its first frame (findJobForFollow). */
export interface JobForFollow {
  status: JobStatus;
  lastSeq: number;
  /** The job's first events after the cursor, in seq order. */
  events: JobEvent[];
}

/**
 * A tenant's job's status and last seq with its first `limit` events after `after`, in ONE
 * statement (one snapshot, one round trip): a subscription that comes after the claim then costs
 * one round trip before its first frame. Null for another tenant's job, exactly as for no job.
 */
export async function findJobForFollow(db: Kysely<Database>, tenantId: string, id: string, after: number, limit: number): Promise<JobForFollow | null> {
  const { rows } = await sql<{ status: JobStatus; last_seq: number; seq: number | null; at: Date | null; payload: unknown }>`
    select j.status, j.last_seq, e.seq, e.at, e.payload
    from jobs j
    left join lateral (
      select seq, at, payload from job_events where job_id = j.id and seq > ${after} order by seq limit ${limit}
    ) e on true
    where j.id = ${id} and j.tenant_id = ${tenantId}
    order by e.seq`.execute(db);
  const [first] = rows;
  if (!first) return null;
  // No event after the cursor: the left join's one row has nulls for it.
  const events = rows.filter((r) => r.seq !== null).map((r) => ({ jobId: id, seq: r.seq!, at: r.at!, payload: r.payload as JobEventPayload }));
  return { status: first.status, lastSeq: first.last_seq, events };
}

/** What a worker reads before it claims a job (findJobForRun). */
export interface JobForRun {
  job: JobRecord & { lastSeq: number };
  /** The job's schema, inline or deleted ones included; null when it no longer exists. */
  schema: SchemaRecord | null;
  /** The document's layout, or null before the first read of it stores it (or once the document is gone). */
  layout: DocumentLayout | null;
  /** The document's size in bytes (documents.size_bytes), which bounds the read of its bytes. */
  documentSizeBytes: number;
}

/** The statement of findJobForRun, for the job `id` (a value, or a column of an enclosing statement). */
function jobForRunQuery(db: Kysely<Database>, id: string | RawBuilder<string>) {
  return db
    .selectFrom('jobs')
    .leftJoin('schemas', (join) => join.onRef('schemas.id', '=', 'jobs.schema_id').onRef('schemas.tenant_id', '=', 'jobs.tenant_id'))
    .leftJoin('document_layouts', 'document_layouts.document_id', 'jobs.document_id')
    .select(COLUMNS.map((column) => `jobs.${column}` as const))
    .select([
      'jobs.last_seq',
      'schemas.name as schema_name',
      'schemas.json_schema',
      'schemas.total_fields',
      'schemas.created_at as schema_created_at',
      'document_layouts.layout',
      // The size the read of the document's bytes is bounded by (documents.repository.ts).
      (eb) => eb.selectFrom('documents').select('documents.size_bytes').whereRef('documents.id', '=', 'jobs.document_id').as('document_size_bytes'),
    ])
    .where('jobs.id', '=', id);
}

type JobForRunRow = NonNullable<Awaited<ReturnType<ReturnType<typeof jobForRunQuery>['executeTakeFirst']>>>;

/**
 * findJobForRun's SQL, compiled once: the statement is the same for every job but its one bind
 * parameter (the job's id), and building and compiling it again per job was CPU every job paid.
 */
let jobForRunSql: string | null = null;

/**
 * Records in the job's webhook config (`undelivered`) that one of its webhook events was not
 * delivered for good, unless one is recorded already: true when this call recorded it. Sets that
 * key of the webhook column and nothing else (no status, no event: worker/deliver-webhook.ts).
 */
export async function recordUndeliveredWebhook(db: Kysely<Database>, jobId: string, warning: string): Promise<boolean> {
  const { rows } = await sql<{ id: string }>`
    UPDATE jobs SET webhook = webhook || jsonb_build_object('undelivered', ${warning}::text)
    WHERE id = ${jobId} AND webhook IS NOT NULL AND NOT webhook ? 'undelivered'
    RETURNING id`.execute(db);
  return rows.length > 0;
}

/**
 * The job's row with its last seq (as findJobWithSeq), its schema and its document's stored
 * layout, in one statement: the worker's reads before a claim, which were three statements (one
 * writev and one parse each, in the worker and in Postgres, per job).
 */
export async function findJobForRun(db: Kysely<Database>, id: string): Promise<JobForRun | null> {
  jobForRunSql ??= jobForRunQuery(db, id).compile().sql;
  const { rows } = await db.executeQuery<JobForRunRow>(CompiledQuery.raw(jobForRunSql, [id]));
  const [row] = rows;
  return row ? jobForRunOf(row) : null;
}

/**
 * The stored layouts read with the fetch of their job (withJobForRun) at most this large as
 * stored (compressed, pg_column_size): the fetch's transaction, which holds its queue job's row
 * and whose start is the claim's started_on, lasts until its rows are sent, and a layout of
 * hundreds of pages (17 MB) took up to half a second to send on a loaded machine. A larger one is
 * read after the fetch, as findJobForRun reads it.
 */
const LAYOUT_READ_WITH_FETCH_BYTES = 256 * 1024;

/** findJobForRun's columns in withJobForRun's rows, but the job's id (the fetched queue job's own: they share it). */
const JOB_FOR_RUN_COLUMNS = [...COLUMNS.filter((column) => column !== 'id'), 'last_seq', 'schema_name', 'json_schema', 'total_fields', 'schema_created_at', 'layout', 'document_size_bytes'] as const;

/** withJobForRun's text around a fetch, made once (it is the same for every fetch's text). */
let jobForRunWithFetchSql: string | null = null;

/**
 * `fetchSql`, pg-boss's fetch of queue jobs of the extraction queue (an UPDATE ... RETURNING,
 * which may begin with a WITH of its own), as one statement that also returns, beside each
 * fetched queue job's columns, findJobForRun's read of the job of the same id (a start makes the
 * queue job with its job's id: insertJob): the worker's read before its claim in the fetch's own
 * round trip. The read's snapshot is the fetch's (the statement's): a job read there is as fresh
 * as one read after it, since the claim is guarded on the row as read (job-transitions.ts). Its
 * columns are taken off each row by jobForRunWithFetch.
 */
export function withJobForRun(db: Kysely<Database>, fetchSql: string): string {
  jobForRunWithFetchSql ??= jobForRunQuery(db, sql<string>`fetched.id`)
    .where((eb) => eb.or([eb('document_layouts.layout', 'is', null), eb(sql`pg_column_size(document_layouts.layout)`, '<=', sql.lit(LAYOUT_READ_WITH_FETCH_BYTES))]))
    .compile().sql;
  // The queue job's columns last: of the one name both have (id), theirs is the row's.
  return `with fetched as (${fetchSql}) select r.*, fetched.* from fetched left join lateral (${jobForRunWithFetchSql}) r on true`;
}

/**
 * The read withJobForRun made beside a fetched queue job, taken off its row (which is then the
 * queue job as pg-boss's own fetch returns it, and no longer holds the layout). Undefined when
 * nothing was read: the job is gone, or its layout was too large to read with the fetch (the run
 * reads it after, with findJobForRun).
 */
export function jobForRunWithFetch(fetched: Record<string, unknown>): JobForRun | undefined {
  const row = { ...fetched } as unknown as JobForRunRow;
  for (const column of JOB_FOR_RUN_COLUMNS) delete fetched[column];
  // last_seq is never null on a job's row: null is the lateral join's row of no job.
  return row.last_seq === null ? undefined : jobForRunOf(row);
}

function jobForRunOf(row: JobForRunRow): JobForRun {
  const job = { ...toRecord(row), lastSeq: row.last_seq };
  const schema: SchemaRecord | null =
    row.schema_name === null
      ? null
      : { id: job.schemaId, tenantId: job.tenantId, name: row.schema_name, jsonSchema: row.json_schema, totalFields: row.total_fields!, createdAt: row.schema_created_at! };
  const layout = (row.layout as DocumentLayout | null) ?? null;
  // The same layout in less memory, as readStoredLayout gives it (documents/share-cell-spans.ts).
  layout?.pages.forEach(shareCellSpans);
  return { job, schema, layout, documentSizeBytes: row.document_size_bytes ?? 0 };
}

/**
 * Locks the job's row for the rest of the transaction: every state change of a job goes through
 * here. With the row's flag that its deleted document's content waits for its end
 * (documents/deleted-content.ts), read under the lock, so a delete cannot set it after.
 */
export async function lockJob(trx: Transaction<Database>, id: string): Promise<(JobRecord & { lastSeq: number; holdsDeletedContent: boolean }) | null> {
  const row = await trx.selectFrom('jobs').select([...COLUMNS, 'last_seq', 'holds_deleted_content']).where('id', '=', id).forUpdate().executeTakeFirst();
  return row ? { ...toRecord(row), lastSeq: row.last_seq, holdsDeletedContent: row.holds_deleted_content } : null;
}

export async function listJobs(
  db: Kysely<Database>,
  tenantId: string,
  statuses: JobStatus[] | null,
  page: PageRequest,
): Promise<JobRecord[]> {
  let query = db.selectFrom('jobs').select(COLUMNS).where('tenant_id', '=', tenantId);
  // Each distinct length of the `in (...)` list is a statement text of its own, which the pools
  // prepare on every connection (db/named-statements.ts); a caller's list may be any length. It
  // is cut to the statuses it names, each once, in one order, and all of them is no filter at all:
  // a listing has at most six texts.
  const wanted = JOB_STATUSES.filter((status) => statuses?.includes(status));
  if (wanted.length > 0 && wanted.length < JOB_STATUSES.length) query = query.where('status', 'in', wanted);
  const rows = await newestFirstPage(query, page).execute();
  return rows.map(toRecord);
}

export async function countActiveJobs(db: Kysely<Database>, tenantId: string): Promise<number> {
  const row = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('tenant_id', '=', tenantId)
    .where('status', 'in', [...ACTIVE_STATUSES])
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many jobs of every tenant are in each active status (a worker's start says what waits for it). */
export async function countJobsWaitingForWorkers(db: Kysely<Database>): Promise<Record<(typeof ACTIVE_STATUSES)[number], number>> {
  const rows = await db
    .selectFrom('jobs')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('status', 'in', [...ACTIVE_STATUSES])
    .groupBy('status')
    .execute();
  const count = (status: string) => Number(rows.find((row) => row.status === status)?.n ?? 0);
  return { PENDING: count('PENDING'), PROCESSING: count('PROCESSING'), RETRYING: count('RETRYING') };
}

/**
 * The columns a job's events may change besides its status. `status` is not among them: only
 * appendStatusEvent writes it, and only jobs/job-transitions.ts calls that.
 */
export type JobUpdate = Partial<{
  progress: JobProgress;
  results: unknown;
  metadata: JobMetadata;
  errorMessage: string | null;
  attempts: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  estimatedCompletion: Date | null;
}>;

/**
 * Appends events to a job's log and applies the state they report, in the caller's transaction,
 * with the job row locked (lockJob). seq values continue from last_seq without gaps. A NOTIFY per
 * call tells every API process; Postgres delivers it only when the transaction commits.
 */
export async function appendEvents(
  trx: Transaction<Database>,
  job: { id: string; lastSeq: number },
  payloads: PipelineEvent[],
  update: JobUpdate = {},
): Promise<JobEvent[]> {
  return writeEvents(trx, job, payloads, update);
}

/**
 * One write of a job's events, keyed by the seqs it takes (firstSeq and the next ones, one per
 * payload) and stamped with its time. The key is chosen under the row lock, before the commit, so
 * a writer that lost its connection during the commit knows what to look for: the same seqs
 * holding the same payloads at the same time are its own write, committed.
 */
export interface EventWrite {
  firstSeq: number;
  at: Date;
  payloads: JobEventPayload[];
}

/**
 * What appendEventsOnce did: wrote the events, found them already written by an earlier try of
 * the same write, or refused (their seqs hold other events, or would leave a gap).
 */
export type EventWriteOutcome = 'written' | 'already written' | 'refused';

/**
 * The idempotent append: writes `write` at its seqs if the log ends just before them, like
 * appendEvents; otherwise writes nothing and says whether the log already holds exactly this
 * write. Running it again after a try whose commit was lost therefore never duplicates an event
 * nor leaves a gap. The caller holds the row lock (lockJob), so the answer cannot change before
 * its commit. `update` is applied only with a write made here.
 */
export async function appendEventsOnce(
  trx: Transaction<Database>,
  job: { id: string; lastSeq: number },
  write: EventWrite,
  update: JobUpdate = {},
): Promise<EventWriteOutcome> {
  if (job.lastSeq === write.firstSeq - 1) {
    await writeEvents(trx, job, write.payloads, update, write.at);
    return 'written';
  }
  return (await holdsEventWrite(trx, job.id, write)) ? 'already written' : 'refused';
}

/**
 * The log holds every event of `write` at its seq, with its payload (compared as jsonb, so key
 * order and spacing do not matter) and its time. One statement; the primary key (job_id, seq) finds each.
 */
export async function holdsEventWrite(db: Kysely<Database>, jobId: string, write: EventWrite): Promise<boolean> {
  if (write.payloads.length === 0) return false;
  const { rows } = await sql<{ same: number }>`
    select count(e.seq) as same
    from jsonb_array_elements(${JSON.stringify(write.payloads)}::jsonb) with ordinality as w(payload, n)
    join job_events e on e.job_id = ${jobId} and e.seq = ${write.firstSeq - 1} + w.n and e.payload::jsonb = w.payload and e.at = ${write.at}
  `.execute(db);
  return Number(rows[0]?.same ?? 0) === write.payloads.length;
}

/**
 * Sets a job's status with the JOB_STATUS event that announces it (its progress and error
 * message are also the row's), like appendEvents. Only jobs/job-transitions.ts calls this: it
 * checks the move against its table first (test/jobs/job-transitions.test.ts keeps it so).
 */
export async function appendStatusEvent(
  trx: Transaction<Database>,
  job: { id: string; lastSeq: number },
  event: JobStatusEvent,
  update: JobUpdate = {},
  /**
   * Pipeline events written in the same statement: `before` precede the status event (a run's last
   * results with its final status), `after` follow it with the state they report (a run's
   * JOB_STARTED with its claim).
   */
  around: { before?: PipelineEvent[]; after?: { events: PipelineEvent[]; update?: JobUpdate } } = {},
): Promise<JobEvent> {
  const before = around.before ?? [];
  const written = await writeEvents(trx, job, [...before, event, ...(around.after?.events ?? [])], {
    ...update,
    status: event.status,
    progress: event.progress,
    errorMessage: event.errorMessage,
    ...around.after?.update,
  });
  return written[before.length]!;
}

/**
 * One statement, one round trip: the events, the row's new state and the NOTIFY (the data-modifying
 * CTEs run whether or not the outer select reads them). The caller holds the row lock, so seq
 * values cannot collide.
 */
async function writeEvents(
  trx: Transaction<Database>,
  job: { id: string; lastSeq: number },
  payloads: JobEventPayload[],
  update: JobUpdate & { status?: JobStatus },
  at = new Date(),
): Promise<JobEvent[]> {
  const events = payloads.map((payload, index) => ({ jobId: job.id, seq: job.lastSeq + index + 1, at, payload }));
  await trx.executeQuery(eventWriteStatement(job.id, job.lastSeq, { firstSeq: job.lastSeq + 1, at, payloads }, update));
  job.lastSeq += events.length;
  return events;
}

/** The columns a write sets besides last_seq, as stored (JSON columns as text). */
function rowValues(update: JobUpdate & { status?: JobStatus }) {
  return {
    ...(update.status !== undefined && { status: update.status }),
    ...(update.progress !== undefined && { progress: JSON.stringify(update.progress) }),
    ...(update.results !== undefined && { results: JSON.stringify(update.results) }),
    ...(update.metadata !== undefined && { metadata: JSON.stringify(update.metadata) }),
    ...(update.errorMessage !== undefined && { error_message: update.errorMessage }),
    ...(update.attempts !== undefined && { attempts: update.attempts }),
    ...(update.startedAt !== undefined && { started_at: update.startedAt }),
    ...(update.finishedAt !== undefined && { finished_at: update.finishedAt }),
    ...(update.estimatedCompletion !== undefined && { estimated_completion: update.estimatedCompletion }),
  };
}

/** What a writer that knows a job's row expects it to be: its status, attempt and last seq. */
export interface ExpectedRow {
  status: JobStatus;
  attempts: number;
  lastSeq: number;
}

/**
 * A statement run with a guarded write and only when it is made (appendEventsIfUnchanged's
 * `alongside`): the text of a data-modifying statement that reads the CTE `moved` (one row, the
 * job's id, when the write is made; none otherwise), with its bind parameters added through
 * `param`, which returns each one's placeholder.
 */
type AlongsideWrite = (param: (value: unknown) => string) => string;

/**
 * The one statement of every write of a job's events (the one UPDATE of the jobs table): the row's
 * new state ending at the write's last seq, the events at their seqs and the NOTIFY that carries
 * them, each CTE reading `moved`, so nothing is written unless the row is. With `guard` the row
 * is updated only if it is still as expected (appendEventsIfUnchanged); without, the caller holds
 * its lock. Returns the job's id and its deleted-content flag when written (read from the row the
 * UPDATE wrote, so in the same statement, never a statement of its own).
 *
 * SQL text rather than the query builder: it is every worker write of every job (its claim, its
 * events, its finish), and building and compiling the builder's tree was about a tenth of a
 * worker's CPU per job in the throughput bench's profile.
 */
function eventWriteStatement(
  jobId: string,
  lastSeqBefore: number,
  write: EventWrite,
  update: JobUpdate & { status?: JobStatus },
  guard?: ExpectedRow,
  alongside?: AlongsideWrite,
): CompiledQuery<{ id: string; holds_deleted_content: boolean }> {
  const parameters: unknown[] = [];
  const param = (value: unknown) => `$${parameters.push(value)}`;
  const lastSeq = lastSeqBefore + write.payloads.length;
  // Column names come from rowValues (fixed names), never from input.
  const sets = Object.entries({ last_seq: lastSeq, ...rowValues(update) }).map(([column, value]) => `${column} = ${param(value)}`);
  const unchanged = guard ? ` and status = ${param(guard.status)} and attempts = ${param(guard.attempts)} and last_seq = ${param(guard.lastSeq)}` : '';
  const moved = `update jobs set ${sets.join(', ')} where id = ${param(jobId)}${unchanged} returning id, holds_deleted_content`;
  const also = alongside ? `, alongside as (${alongside(param)})` : '';
  if (write.payloads.length === 0) return CompiledQuery.raw(`with moved as (${moved})${also} select id, holds_deleted_content from moved`, parameters);
  // Serialised once, for the log and for the notification.
  const texts = write.payloads.map((payload) => JSON.stringify(payload));
  // json, not jsonb: each payload is stored as the text it was sent as (key order kept).
  const written = `insert into job_events (job_id, seq, type, payload, at)
    select moved.id, ${param(lastSeqBefore)}::int + e.n::int, e.payload->>'type', e.payload, ${param(write.at)}::timestamptz
    from moved, json_array_elements(${param(`[${texts.join(',')}]`)}::json) with ordinality as e(payload, n)`;
  const events = write.payloads.map((payload, i) => ({ seq: write.firstSeq + i, at: write.at, payload }));
  const notification = encodeJobEventNotification({ jobId, seq: lastSeq, events }, texts);
  return CompiledQuery.raw(
    `with moved as (${moved}), written as (${written})${also}
     select id, holds_deleted_content, pg_notify(${param(JOB_EVENTS_CHANNEL)}, ${param(notification)}) as notified from moved`,
    parameters,
  );
}

/**
 * The guarded append, for a writer that knows the job's row (the worker of the running attempt,
 * its only writer while it stays PROCESSING under that attempt): `write` at its seqs, the row's
 * new state and the NOTIFY in ONE autocommitted statement, made only if the row's status,
 * attempts and last_seq are still `expected`. No transaction, no separate lock: the UPDATE takes
 * the row lock itself, and when another party holds it (a cancel) Postgres waits, then checks the
 * condition again on the row as that party left it. So, as under lockJob, no event can follow a
 * status the writer did not expect. False, with nothing written, when the row moved on (or was
 * never as expected): the caller then decides under lockJob, which also finds a lost try of this
 * very write (`write` is keyed by its seqs and time, as appendEventsOnce's are). Only
 * jobs/job-transitions.ts calls this: `update` may set a status, and `alongside` adds a statement
 * that commits with the write or not at all (the finish's settling of its queue claim).
 */
export async function appendEventsIfUnchanged(
  db: Kysely<Database>,
  jobId: string,
  expected: ExpectedRow,
  write: EventWrite,
  update: JobUpdate & { status?: JobStatus },
  alongside?: AlongsideWrite,
): Promise<GuardedWrite | null> {
  if (write.firstSeq !== expected.lastSeq + 1) throw new RangeError(`a write at seq ${write.firstSeq} cannot follow seq ${expected.lastSeq}`);
  const { rows } = await db.executeQuery(eventWriteStatement(jobId, expected.lastSeq, write, update, expected, alongside));
  const [row] = rows;
  return row ? { holdsDeletedContent: row.holds_deleted_content } : null;
}

/**
 * What a guarded write found of the row it wrote: whether the job's deleted document keeps its
 * content for this job (documents/deleted-content.ts), as the row is after the write (a delete
 * that flagged it while the write waited for its lock included).
 */
interface GuardedWrite {
  holdsDeletedContent: boolean;
}

export async function readEvents(db: Kysely<Database>, jobId: string, after: number, limit = 1000): Promise<JobEvent[]> {
  const rows = await db
    .selectFrom('job_events')
    .select(['job_id', 'seq', 'at', 'payload'])
    .where('job_id', '=', jobId)
    .where('seq', '>', after)
    .orderBy('seq')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ jobId: r.job_id, seq: r.seq, at: r.at, payload: r.payload as JobEventPayload }));
}

