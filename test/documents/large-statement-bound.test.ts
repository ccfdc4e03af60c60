import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../src/db/create-db.ts';
import { isQueryReadTimeout } from '../../src/db/pg-connection-errors.ts';
import { insertDocument, readDocumentContent } from '../../src/documents/documents.repository.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

/** The base bound of the pool under test: far below what a few MB are allowed (statement-bound.ts, 1 s/MB sent, 2 s/MB received, in steps of 10 s). */
const BASE_BOUND_MS = 1_000;

describe("a statement that moves a document's bytes", () => {
  let database: TestDatabase;
  let bounded: Db;
  let tenantId: string;
  beforeAll(async () => {
    database = await createTestDatabase();
    bounded = createDb(database.url, { max: 2, queryTimeoutMs: BASE_BOUND_MS });
    ({
      tenant: { id: tenantId },
    } = await createTenant(database.db, { name: 'bound', maxActiveJobs: 1 }));
  });
  afterAll(async () => {
    await bounded?.close();
    await database?.close();
  });

  const upload = (content: Uint8Array, filename: string) =>
    insertDocument(bounded.db, { tenantId, filename, sizeBytes: content.byteLength, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });

  /** A transaction of its own holding `document_contents` in `mode` until released. */
  async function lockContents(mode: string) {
    const locker = new pg.Client({ connectionString: database.url });
    await locker.connect();
    await locker.query('begin');
    await locker.query(`lock table document_contents in ${mode} mode`);
    return {
      release: async () => {
        await locker.query('commit');
        await locker.end();
      },
    };
  }

  /** Resolves once a statement on document_contents of this database waits for a lock. */
  async function untilWaitingForLock(): Promise<void> {
    for (;;) {
      const { rows } = await database.pool.query(
        `select 1 from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike '%document_contents%'`,
      );
      if (rows.length > 0) return;
      await sleep(20);
    }
  }

  it('is stored when it waits longer than the base bound but within the time its size is allowed', async () => {
    const content = randomBytes(5_000_000); // allowed 1 s + 10 s (5 × 1 s, rounded up to a step)
    const lock = await lockContents('share');
    const stored = upload(content, 'held.pdf');
    stored.catch(() => {}); // judged below, after the lock is released
    try {
      await untilWaitingForLock();
      await sleep(2 * BASE_BOUND_MS);
    } finally {
      await lock.release();
    }
    const { id } = await stored;
    expect(Buffer.from((await readDocumentContent(database.db, id, content.byteLength))!).equals(content)).toBe(true);
  });

  it('is read back when the read waits longer than the base bound but within the time its size is allowed', async () => {
    const content = randomBytes(5_000_000); // read allowed 1 s + 10 s (5 × 2 s)
    const { id } = await insertDocument(database.db, { tenantId, filename: 'read.pdf', sizeBytes: content.byteLength, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
    const lock = await lockContents('access exclusive');
    const read = readDocumentContent(bounded.db, id, content.byteLength);
    read.catch(() => {});
    try {
      await untilWaitingForLock();
      await sleep(2 * BASE_BOUND_MS);
    } finally {
      await lock.release();
    }
    expect(Buffer.from((await read)!).equals(content)).toBe(true);
  });

  it('leaves an ordinary statement queued behind a document read on its connection with the base bound', async () => {
    const content = randomBytes(5_000_000); // read allowed 1 s + 10 s (5 × 2 s)
    const { id } = await insertDocument(database.db, { tenantId, filename: 'queued.pdf', sizeBytes: content.byteLength, sha256: 'x', pageCount: 1, textPageCount: 1, warnings: [], content });
    const single = createDb(database.url, { max: 1, queryTimeoutMs: BASE_BOUND_MS });
    try {
      const lock = await lockContents('access exclusive');
      const read = readDocumentContent(single.db, id, content.byteLength);
      read.catch(() => {});
      let queued: Promise<unknown>;
      try {
        await untilWaitingForLock();
        // Waits for the pool's one connection, which the read holds, and is handed it (in the
        // read's async context) when the read is done: it must still be bound by the base bound.
        queued = single.pool.query(`select pg_sleep(${(3 * BASE_BOUND_MS) / 1000})`);
        queued.catch(() => {});
      } finally {
        await lock.release();
      }
      expect(Buffer.from((await read)!).equals(content)).toBe(true);
      const failure = await queued.then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(isQueryReadTimeout(failure)).toBe(true);
    } finally {
      await single.close();
    }
  });

  it('is the only kind of statement given more: another statement carrying as many bytes keeps the base bound', async () => {
    // A job's result or events may be megabytes too; they must stay within the window a job's
    // writes wait out a lost connection (CONNECTION_RECOVERY_MS).
    const failure = await bounded.pool.query(`select pg_sleep(${(3 * BASE_BOUND_MS) / 1000}), length($1::text)`, ['x'.repeat(5_000_000)]).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(isQueryReadTimeout(failure)).toBe(true);
  });

  it('fails as a connection gone half-open does when it waits beyond even its scaled bound, and nothing of the upload is stored', async () => {
    const content = randomBytes(1_000_000); // allowed 1 s + 10 s (1 × 1 s, rounded up to a step)
    const lock = await lockContents('share');
    let failure: unknown;
    try {
      failure = await upload(content, 'too-long.pdf').then(
        () => undefined,
        (error: unknown) => error,
      );
    } finally {
      await lock.release();
    }
    // The timed-out statement's connection is ended (ServicePgClient), so the transaction's
    // rollback meets a closed client: its error carries the timeout as its cause.
    expect(failure).toBeInstanceOf(Error);
    const error = failure as Error;
    expect(isQueryReadTimeout(error) || isQueryReadTimeout(error.cause)).toBe(true);
    // The server ends the abandoned transaction once its insert gets past the lock and finds the client gone.
    for (;;) {
      const { rows } = await database.pool.query(`select 1 from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and query ilike '%insert into "document_contents"%' and state <> 'idle'`);
      if (rows.length === 0) break;
      await sleep(20);
    }
    const documents = await database.db.selectFrom('documents').select('id').where('filename', '=', 'too-long.pdf').execute();
    expect(documents).toEqual([]);
  });
});
