import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.ts';
import { createJobEventBus, type JobEventBus } from '../../src/events/job-event-bus.ts';
import { createJobsService } from '../../src/jobs/jobs.service.ts';
import { flushBeforeAnswerSupported } from '../../src/jobs/active-job-limit.ts';
import { createLogger } from '../../src/logger.ts';
import { createTestBoss } from '../helpers/test-boss.ts';
import { EXTRACTION_QUEUE } from '../../src/queue/queues.ts';
import { INVOICE_SCHEMA, uploadFixture } from '../helpers/job-fixtures.ts';
import { checkSchemaOffThread } from '../../src/schemas/check-in-thread.ts';
import { expandingSchema } from '../schemas/expanding-schema.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

// No worker: the started jobs stay PENDING, and only the start's own statements are counted.
describe("a job's start, counted in statements (each one a round trip on the way to the commit)", () => {
  let app: TestApp;
  let boss: PgBoss;
  let bus: JobEventBus;
  let documentId: string;

  beforeAll(async () => {
    app = await startTestApp({ worker: false });
    boss = await createTestBoss(app.database.url);
    bus = await createJobEventBus(app.database.url, createLogger('silent', 'test'));
    documentId = await uploadFixture(app, 'invoice-2p.pdf');
  });
  afterAll(async () => {
    await bus?.close();
    await boss?.stop({ graceful: false, close: true });
    await app?.stop();
  });

  it('a start with an inline schema is its document lookup, then ONE statement that inserts the schema, the job and its queue job, checks the limit and commits, then the flush', async () => {
    const statements: string[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: app.database.pool }),
      log: (event) => {
        if (event.level === 'query') statements.push(event.query.sql);
      },
    });
    const jobs = createJobsService({ db, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
    const tenant = await app.database.db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).executeTakeFirstOrThrow();
    const job = await jobs.start(
      { id: tenant.id, name: tenant.name, maxActiveJobs: tenant.max_active_jobs },
      { documentId, schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null },
    );
    // The first start of a service also asks, once and beside its lookups, whether the database
    // lets the commit release the tenant lock before its WAL flush (it does: PostgreSQL 18).
    expect(statements.filter((text) => /pg_logical_emit_message\(boolean/.test(text))).toHaveLength(1);
    const own = statements.filter((text) => !/pg_logical_emit_message\(boolean/.test(text));
    expect(own).toHaveLength(3);
    expect(own[0]).toMatch(/from "documents"/i);
    // No transaction of its own: the job's statement checks the limit after its inserts and makes
    // its commit asynchronous; the flush follows it before the answer.
    expect(own.some((text) => /^\s*(begin|commit)\b/i.test(text))).toBe(false);
    expect(own[1]).toMatch(/insert into jobs[\s\S]*paperjson_check_active_job_limit\(\$2::uuid, \$1::uuid\), set_config\('synchronous_commit'/i);
    expect(own[2]).toMatch(/^DO \$flush\$[\s\S]*PERFORM pg_logical_emit_message\(false, 'paperjson', '', true\);[\s\S]*\$flush\$$/);
    expect(statements.filter((text) => /insert into "?schemas"?/i.test(text))).toHaveLength(1);
    expect(statements.find((text) => /insert into "?schemas"?/i.test(text))).toMatch(/insert into "?jobs"?/i);
    // pg-boss's insert of the queue job is in the job's statement, with its parameters bound.
    expect(statements.filter((text) => /insert into pgboss\./i.test(text))).toHaveLength(1);
    expect(statements.find((text) => /insert into pgboss\./i.test(text))).toMatch(/insert into "?jobs"?/i);
    // The schema is the job's, stored as inline, and was committed with it.
    const schema = await app.database.db.selectFrom('schemas').select(['inline', 'tenant_id', 'json_schema']).where('id', '=', job.schemaId).executeTakeFirstOrThrow();
    expect(schema).toEqual({ inline: true, tenant_id: tenant.id, json_schema: INVOICE_SCHEMA });
    // The queue job was committed too, under the job's id, with the payload a worker reads.
    const queued = await boss.getJobById(EXTRACTION_QUEUE, job.id);
    expect(queued?.data).toEqual({ jobId: job.id, inputs: { tenantId: tenant.id, schemaId: job.schemaId, documentId } });
  });

  it('a start whose schema goes to the check thread takes its connection only once the check is in, so large schemas cannot hold the pool', async () => {
    const sent: number[] = [];
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: app.database.pool }),
      log: (event) => {
        // When the job's statement was sent: it is logged once answered.
        if (event.level === 'query' && /insert into jobs/i.test(event.query.sql)) sent.push(performance.now() - event.queryDurationMillis);
      },
    });
    const limits = { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 };
    const jobs = createJobsService({ db, boss, bus, geminiConfigured: false, schemaLimits: limits });
    const row = await app.database.db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).executeTakeFirstOrThrow();
    // Small as written, past the inline bound once its $refs are written out: checked on the thread.
    // A tenant's large checks run one at a time, in order, so the start's own check, asked after
    // this one (of another schema: the same one would share its check), ends after it.
    const earlier = checkSchemaOffThread(expandingSchema(101), limits, row.id).then(() => performance.now());
    const job = await jobs.start(
      { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs },
      { documentId, schemaId: null, jsonSchema: expandingSchema(), config: null, webhook: null },
    );
    expect(job.status).toBe('PENDING');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toBeGreaterThan(await earlier);
  });

  /**
   * An inline schema whose `properties` tell, when the size walks read them, whether that walk
   * runs in one of the API thread's check turns (check-turns.ts) and before a timer set beside it.
   */
  const watchedSchema = (seen: string[]) => {
    const schema: Record<string, unknown> = { type: 'object' };
    Object.defineProperty(schema, 'properties', {
      enumerable: true,
      get() {
        const stack = new Error().stack ?? '';
        if (stack.includes('countPastBounds')) seen.push(stack.includes('runTurn') ? 'walk in a turn' : 'walk outside the turns');
        return { a: { type: 'string' } };
      },
    });
    return schema;
  };
  /** Starts a job with `jsonSchema` (synchronously from the caller's callback) and a missing document: the check is routed and run all the same, and no job is left behind. */
  const starter = async () => {
    const jobs = createJobsService({ db: app.database.db, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
    const row = await app.database.db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).executeTakeFirstOrThrow();
    const tenant = { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs };
    return (jsonSchema: unknown) =>
      jobs.start(tenant, { documentId: randomUUID(), schemaId: null, jsonSchema, config: null, webhook: null }).catch((e: unknown) => e);
  };

  it('a burst of starts walks each inline schema only inside the check turns, not on the start’s own way', async () => {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 100;
    try {
      const seen: string[] = [];
      const start = await starter();
      const refused = await Promise.all([1, 2, 3].map(() => start(watchedSchema(seen))));
      expect(refused).toMatchObject([1, 2, 3].map(() => ({ extensions: { code: 'NOT_FOUND' } })));
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(new Set(seen)).toEqual(new Set(['walk in a turn']));
    } finally {
      Error.stackTraceLimit = limit;
    }
  });

  it('a lone start’s check runs in its first turn, before a timer set beside it', async () => {
    const order: string[] = [];
    const start = await starter();
    // Started from a timer callback, as from a request read in a poll: the turn is this
    // iteration's check phase, and a timer set now is due in the next iteration at the earliest.
    const refused = await new Promise<unknown>((resolve) =>
      setTimeout(() => {
        const started = start(watchedSchema(order));
        setTimeout(() => order.push('timer'), 0);
        resolve(started);
      }, 0),
    );
    expect(refused).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toContain('timer');
    expect(order.slice(0, order.indexOf('timer'))).toContain('walk in a turn');
    expect(order).not.toContain('walk outside the turns');
  });

  it('such a start with a missing document is answered 404 without waiting for its check', async () => {
    const limits = { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 };
    const jobs = createJobsService({ db: app.database.db, boss, bus, geminiConfigured: false, schemaLimits: limits });
    const row = await app.database.db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).executeTakeFirstOrThrow();
    // A long check queued first on the tenant's queue: the start's own check would end after it.
    let earlierDone = false;
    const earlier = checkSchemaOffThread(expandingSchema(2000, 11), limits, row.id).then(() => (earlierDone = true));
    const refused = await jobs
      .start({ id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs }, { documentId: randomUUID(), schemaId: null, jsonSchema: expandingSchema(), config: null, webhook: null })
      .then(() => null, (e: unknown) => ({ error: e, earlierDone }));
    expect(refused?.error).toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(refused?.earlierDone).toBe(false);
    await earlier;
  });

  it('a start refused at the active-job limit leaves no queue job behind, though its inserts went before the check', async () => {
    const name = `limited-${Date.now()}`;
    const key = await app.newTenant(name, 1);
    const row = await app.database.db.selectFrom('tenants').select(['id', 'max_active_jobs']).where('name', '=', name).executeTakeFirstOrThrow();
    const tenant = { id: row.id, name, maxActiveJobs: row.max_active_jobs };
    const ownDocument = await uploadFixture(app, 'invoice-2p.pdf', key);
    const jobs = createJobsService({ db: app.database.db, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
    const input = { documentId: ownDocument, schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null };
    const queuedBefore = await queueJobCount();
    await jobs.start(tenant, input);
    await expect(jobs.start(tenant, input)).rejects.toMatchObject({ extensions: { code: 'TOO_MANY_ACTIVE_JOBS' } });
    expect(await queueJobCount()).toBe(queuedBefore + 1);
  });

  it('a database role that may not flush the WAL on demand commits its starts synchronously, within the limit as before', async () => {
    const db = app.database.db;
    const url = await serviceRole('no_flush');
    // Revoked in this test file's database only (each database has its own catalog).
    await sql.raw(`revoke execute on function pg_logical_emit_message(boolean, text, text, boolean) from public`).execute(db);
    const statements: string[] = [];
    const restricted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 4 }) }),
      // Failed statements too: the refused start's statement fails at its limit.
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    try {
      expect(await flushBeforeAnswerSupported(restricted)).toBe(false);
      expect(await flushBeforeAnswerSupported(db)).toBe(true);
      const name = `no-flush-${Date.now()}`;
      const key = await app.newTenant(name, 1);
      const row = await db.selectFrom('tenants').select(['id', 'max_active_jobs']).where('name', '=', name).executeTakeFirstOrThrow();
      const tenant = { id: row.id, name, maxActiveJobs: row.max_active_jobs };
      const ownDocument = await uploadFixture(app, 'invoice-2p.pdf', key);
      const jobs = createJobsService({ db: restricted, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
      const input = { documentId: ownDocument, schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null };
      const job = await jobs.start(tenant, input);
      await expect(jobs.start(tenant, input)).rejects.toMatchObject({ extensions: { code: 'TOO_MANY_ACTIVE_JOBS' } });
      expect(await boss.getJobById(EXTRACTION_QUEUE, job.id)).toMatchObject({ id: job.id });
      const commits = statements.filter((text) => /paperjson_check_active_job_limit/.test(text));
      expect(commits).toHaveLength(2);
      for (const text of commits) expect(text).not.toMatch(/synchronous_commit/);
      expect(statements.filter((text) => /\$flush\$/.test(text))).toEqual([]);
    } finally {
      await restricted.destroy();
      await sql.raw(`grant execute on function pg_logical_emit_message(boolean, text, text, boolean) to public`).execute(db);
    }
  });

  it('a start whose WAL flush is refused after its commit (the right revoked while the service runs) still answers with its job, once', async () => {
    const db = app.database.db;
    const url = await serviceRole('revoked_later');
    const restricted = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 4 }) }) });
    try {
      const name = `revoked-later-${Date.now()}`;
      const key = await app.newTenant(name, 5);
      const row = await db.selectFrom('tenants').select(['id', 'max_active_jobs']).where('name', '=', name).executeTakeFirstOrThrow();
      const tenant = { id: row.id, name, maxActiveJobs: row.max_active_jobs };
      const ownDocument = await uploadFixture(app, 'invoice-2p.pdf', key);
      const jobs = createJobsService({ db: restricted, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
      const input = { documentId: ownDocument, schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null };
      // The first start asks whether the flush may be called (yes), and the service keeps that answer.
      await jobs.start(tenant, input);
      await sql.raw(`revoke execute on function pg_logical_emit_message(boolean, text, text, boolean) from public`).execute(db);
      const second = await jobs.start(tenant, input);
      const stored = await db.selectFrom('jobs').select('id').where('tenant_id', '=', tenant.id).execute();
      expect(stored).toHaveLength(2);
      expect(stored.map(({ id }) => id)).toContain(second.id);
      expect(await boss.getJobById(EXTRACTION_QUEUE, second.id)).toMatchObject({ id: second.id });
    } finally {
      await restricted.destroy();
      await sql.raw(`grant execute on function pg_logical_emit_message(boolean, text, text, boolean) to public`).execute(db);
    }
  });

  it("a role that may execute paperjson_check_active_job_limit and no other function of the service's starts jobs, each answered once", async () => {
    const db = app.database.db;
    const url = await serviceRole('limit_only');
    // Functions get EXECUTE for PUBLIC by default; a database that takes it away grants the
    // service's role the limit's function, and the start must need nothing more of its own.
    await sql.raw(`revoke execute on all functions in schema public from public;
      grant execute on function paperjson_check_active_job_limit(uuid, uuid) to ${url.username}`).execute(db);
    const restricted = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 4 }) }) });
    try {
      // The commit releases the lock before its WAL flush, so the flush runs after the commit.
      expect(await flushBeforeAnswerSupported(restricted)).toBe(true);
      const { tenant, input } = await tenantWithDocument('limit-only', 5);
      const jobs = createJobsService({ db: restricted, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
      const answered = [await jobs.start(tenant, input), await jobs.start(tenant, input)];
      const stored = await db.selectFrom('jobs').select('id').where('tenant_id', '=', tenant.id).execute();
      expect(stored.map(({ id }) => id).sort()).toEqual(answered.map(({ id }) => id).sort());
      for (const { id } of answered) expect(await boss.getJobById(EXTRACTION_QUEUE, id)).toMatchObject({ id });
    } finally {
      await restricted.destroy();
      await sql.raw(`grant execute on all functions in schema public to public`).execute(db);
    }
  });

  it('a role refused EXECUTE on paperjson_check_active_job_limit has its start refused before anything is stored', async () => {
    const db = app.database.db;
    const url = await serviceRole('no_limit');
    await sql.raw(`revoke execute on function paperjson_check_active_job_limit(uuid, uuid) from public`).execute(db);
    const restricted = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 4 }) }) });
    try {
      const { tenant, input } = await tenantWithDocument('no-limit', 5);
      const jobs = createJobsService({ db: restricted, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
      const queuedBefore = await queueJobCount();
      // The function is called in the job's own statement, so its refusal fails all of it.
      await expect(jobs.start(tenant, input)).rejects.toMatchObject({
        code: '42501',
        message: expect.stringMatching(/permission denied for function paperjson_check_active_job_limit/),
      });
      expect(await db.selectFrom('jobs').select('id').where('tenant_id', '=', tenant.id).execute()).toEqual([]);
      expect(await db.selectFrom('schemas').select('id').where('tenant_id', '=', tenant.id).execute()).toEqual([]);
      expect(await queueJobCount()).toBe(queuedBefore);
    } finally {
      await restricted.destroy();
      await sql.raw(`grant execute on function paperjson_check_active_job_limit(uuid, uuid) to public`).execute(db);
    }
  });

  it('a role whose default isolation is REPEATABLE READ still admits one racing start at a limit of 1, and commits it at READ COMMITTED', async () => {
    const db = app.database.db;
    const url = await serviceRole('repeatable');
    await sql.raw(`alter role ${url.username} set default_transaction_isolation = 'repeatable read'`).execute(db);
    const statements: string[] = [];
    const restricted = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url.toString(), max: 8 }) }),
      log: (event) => {
        statements.push(event.query.sql);
      },
    });
    try {
      const { tenant, input } = await tenantWithDocument('repeatable', 1);
      const jobs = createJobsService({ db: restricted, boss, bus, geminiConfigured: false, schemaLimits: { maxDepth: 10, maxProperties: 500, maxEnumSize: 1000 } });
      const outcomes = await Promise.all(
        Array.from({ length: 6 }, () => jobs.start(tenant, input).then(() => 'accepted', (e: { extensions?: { code?: string } }) => e.extensions?.code ?? String(e))),
      );
      expect(outcomes.sort()).toEqual(['TOO_MANY_ACTIVE_JOBS', 'TOO_MANY_ACTIVE_JOBS', 'TOO_MANY_ACTIVE_JOBS', 'TOO_MANY_ACTIVE_JOBS', 'TOO_MANY_ACTIVE_JOBS', 'accepted']);
      expect(await db.selectFrom('jobs').select('id').where('tenant_id', '=', tenant.id).execute()).toHaveLength(1);
      expect(statements.filter((text) => /^begin isolation level read committed$/.test(text)).length).toBeGreaterThanOrEqual(6);
    } finally {
      await restricted.destroy();
    }
  });

  /** A new tenant with `maxActiveJobs`, a document of its own, and a start's input for it. */
  const tenantWithDocument = async (prefix: string, maxActiveJobs: number) => {
    const name = `${prefix}-${Date.now()}`;
    const key = await app.newTenant(name, maxActiveJobs);
    const row = await app.database.db.selectFrom('tenants').select(['id', 'max_active_jobs']).where('name', '=', name).executeTakeFirstOrThrow();
    const documentId = await uploadFixture(app, 'invoice-2p.pdf', key);
    return {
      tenant: { id: row.id, name, maxActiveJobs: row.max_active_jobs },
      input: { documentId, schemaId: null, jsonSchema: INVOICE_SCHEMA, config: null, webhook: null },
    };
  };

  /** A login role with the rights the service needs on its tables and pg-boss's, and its URL. */
  const serviceRole = async (prefix: string): Promise<URL> => {
    const role = `${prefix}_${Date.now()}`;
    await sql.raw(`create role ${role} login password 'x';
      grant all on schema public, pgboss to ${role};
      grant all on all tables in schema public, pgboss to ${role};
      grant all on all sequences in schema public, pgboss to ${role};
      grant execute on all functions in schema pgboss to ${role};`).execute(app.database.db);
    const url = new URL(app.database.url);
    url.username = role;
    url.password = 'x';
    return url;
  };

  const queueJobCount = async () =>
    Number((await sql<{ n: string }>`select count(*) as n from pgboss.job where name = ${EXTRACTION_QUEUE}`.execute(app.database.db)).rows[0]!.n);
});
