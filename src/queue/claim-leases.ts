/**
 * Claim leases: how a live worker finds, within seconds, the job of a worker that died.
 *
 * pg-boss only learns that a worker died when the job's heartbeat lapses (heartbeatSeconds, at
 * least 10 s) and its monitor next runs. But Postgres knows at once: when a process dies, the
 * kernel closes its sockets and Postgres ends its sessions, releasing their session-level
 * advisory locks. So while a worker runs a job it holds a shared advisory lock keyed by the
 * attempt (the job's id and retry count: attemptLockKey) on one dedicated connection of its
 * process (its lease). Every worker process checks, once per CLAIM_CHECK_INTERVAL_MS, for active
 * jobs of the queue whose lease nobody holds (pg_try_advisory_lock succeeds), and fails the
 * attempt at once through pg-boss, which hands it to the next worker under the queue's retry
 * policy (backoff, retry limit, dead letter).
 *
 * Load: one statement per interval per worker process, however many jobs run, on the index
 * pg-boss keeps on (name, state); the same cadence as the extraction queue's pickup poll (1 s),
 * and nothing per running job while it runs (pg-boss's heartbeat costs one write per job per
 * half heartbeat). Per job there is one round trip: lock and confirm at the start (one
 * multi-statement query). The unlock of a released lease waits for the next take on the
 * connection and goes out in front of it, in the same query, or alone after UNLOCK_DELAY_MS when
 * no take comes: one statement less per job when takes are frequent (several slots, as in the
 * throughput bench, where it is a writev to Postgres and a statement there per job). A slot's own
 * next job no longer carries it: the slot hands over at its job's last model answer
 * (worker/run-while-ready.ts), so the next job's take precedes this job's release; with one slot
 * each unlock goes alone, off any job's path.
 *
 * Invariants:
 * - A lease is taken only with pg_try_advisory_lock_shared, never a waiting lock, so no worker
 *   waits on a check; two workers whose claims share a lock key (a 64-bit hash collision) both
 *   hold it shared, which only makes a check cautious. A check failing attempt n holds n's key, so
 *   the worker that fetches attempt n+1 before that check lets go still takes its own lease.
 * - The check and the lease exclude each other: the checker holds the exclusive lock from its
 *   check until its fail() has committed, and a worker confirms its claim (state active, its
 *   retryCount) only after its shared lock is taken. So a claim is either leased before the check
 *   (and left alone) or failed before the lease (and the worker sees it gone and does not run).
 * - A lease outlives its claim: the worker settles the attempt (complete/fail) before it
 *   releases the lease, so a finished job never looks abandoned.
 * - Only claims older than CLAIM_GRACE_SECONDS are checked: a worker takes its lease
 *   milliseconds after pg-boss hands it the job, and the grace keeps that gap from ever being
 *   mistaken for a death (the confirmation above makes a mistake harmless, not free).
 * - Losing the lease connection (a Postgres restart, a dropped socket) loses every lease of the
 *   process for a moment. Each lease is then taken again on a new connection, as soon as the
 *   database answers (within LEASE_RECOVERY_MS), by the same try-lock and confirmation as a first
 *   take: if the claim is still this attempt's (state active, same retryCount: no check failed it,
 *   no other worker fetched it since), the job runs on and no retry is spent. Otherwise, or when
 *   the database stays away, its job is told through `lost` and must stop and hand back. The
 *   race with another process's check is the one above: the claim is re-leased before the check
 *   (and left alone) or failed before the re-lease (and this worker stops). A job's own writes
 *   stay fenced by its attempt number (jobs/job-transitions.ts) whichever way it goes.
 * - A restart of Postgres (or a failover) drops every lease of every process at once, and the
 *   first check back would find all the others' claims without a lease and fail them before their
 *   owners take them again. So a process whose lease connection opens again after it was lost (or
 *   failed to open) hands nothing back for the grace that follows (see `check`).
 * - Every worker process of a cluster must take leases: a worker without them (an older version
 *   during a rolling deploy) would have its jobs taken from it after the grace.
 * A worker that dies without Postgres noticing (its machine loses power, a network partition)
 * keeps its sessions until TCP keepalive ends them; pg-boss's heartbeat still covers that case.
 */
import pg from 'pg';
import type { JobAttempt, PgBoss } from 'pg-boss';
import type { Logger } from '../logger.ts';
import { CONNECTION_RECOVERY_MS, CONNECTION_RETRY_MS } from '../db/pg-connection-errors.ts';
import { toError } from '../to-error.ts';

/**
 * The advisory lock key of one attempt of a queue job (SQL expressions of its id as text and its
 * retry count). Keyed by attempt, not by job: a check still holding attempt n's key while its
 * fail() commits must not make the next worker's take of attempt n+1 look refused (that take
 * would return null while the claim is its own, and its handler would end the attempt unrun).
 */
export function attemptLockKey(idText: string, retryCount: string): string {
  return `hashtextextended(${idText} || ':' || ${retryCount}, 0)`;
}

/** How often each worker process looks for claims whose lease is gone. */
const CLAIM_CHECK_INTERVAL_MS = 1_000;
/**
 * How long a worker has to take a claim's lease once it can: a claim this young is not checked,
 * nor any claim in the grace after this process's lease connection opens again (see the
 * invariants above and `check`).
 */
const CLAIM_GRACE_SECONDS = 3;
/**
 * How long a lease whose connection was lost is tried again before its job is told to stop, and
 * the pause between two tries: the window the job's own event writes also ride out.
 */
const LEASE_RECOVERY_MS = CONNECTION_RECOVERY_MS;
const LEASE_RETRY_MS = CONNECTION_RETRY_MS;
/**
 * How long the unlock of a released lease waits for a take to ride with. Holding it that much
 * longer is harmless: its claim is settled (released only after that), so no check looks at it,
 * and a later attempt of the job takes its own lease shared beside it.
 */
const UNLOCK_DELAY_MS = 250;
/** The statements of a take, prepared on each lease session (see connect). */
const CONFIRM_STATEMENT = 'paperjson_claim_confirm';
const LOCK_STATEMENT = 'paperjson_claim_lock';
const UNLOCK_STATEMENT = 'paperjson_claim_unlock';
/** The id of no job (pg-boss makes random v4 ids), for the statements' first run on nothing (see connect). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

interface ClaimLease {
  /** Aborted when the lease is lost for good (not taken again after its connection dropped): the job must stop, others will take it. */
  readonly lost: AbortSignal;
  /** Lets the lease go; resolves once its lock is unlocked (with the next take, or within UNLOCK_DELAY_MS). Never throws. */
  release(): Promise<void>;
}

export interface ClaimLeases {
  /**
   * Settles once the lease connection, opened at start, is logged in and its statements prepared
   * and run once, or has failed (a take then connects again). Never rejects.
   */
  readonly ready: Promise<void>;
  /** Takes the lease of a fetched attempt; null when the claim is already gone (another process found it abandoned). */
  take(attempt: JobAttempt): Promise<ClaimLease | null>;
  /** Stops checking and closes the lease connection (releasing whatever it still holds). */
  close(): Promise<void>;
}

export interface ClaimLeaseOptions {
  connectionString: string;
  boss: PgBoss;
  /** pg-boss's schema, whose job table the check reads. */
  schema: string;
  queue: string;
  logger: Logger;
  checkIntervalMs?: number;
  graceSeconds?: number;
  recoveryMs?: number;
  unlockDelayMs?: number;
}

interface Session {
  client: pg.Client;
  ready: Promise<void>;
  lost: AbortController;
  /** The leases held on this connection, taken again elsewhere when it is lost. */
  leases: Set<HeldLease>;
  /** Released leases whose shared lock is still held, unlocked with the next take or by `flush` (see the top). */
  unlocks: PendingUnlock[];
  flush: NodeJS.Timeout | null;
  /** The session's last query, settled or not: the next one goes out after it (sessionQuery). */
  tail: Promise<unknown>;
}

interface PendingUnlock {
  attempt: JobAttempt;
  /** Settles release(): once the unlock ran, or the connection it was held on is gone. */
  done: () => void;
}

interface HeldLease {
  attempt: JobAttempt;
  session: Session;
  lost: AbortController;
  released: boolean;
}

export function startClaimLeases(options: ClaimLeaseOptions): ClaimLeases {
  const { boss, queue, logger } = options;
  const checkIntervalMs = options.checkIntervalMs ?? CLAIM_CHECK_INTERVAL_MS;
  const graceSeconds = options.graceSeconds ?? CLAIM_GRACE_SECONDS;
  const recoveryMs = options.recoveryMs ?? LEASE_RECOVERY_MS;
  const unlockDelayMs = options.unlockDelayMs ?? UNLOCK_DELAY_MS;
  const jobTable = `${options.schema}.job`;
  // The queue is a literal: the plan prunes to the queue's partition once, when prepared.
  const confirmSql = `select 1 from ${jobTable} where name = ${pg.escapeLiteral(queue)} and id = $1 and state = 'active' and retry_count = $2`;
  // Claims of this process, taken or being taken: the check runs on the lease connection, and a
  // session's exclusive try-lock succeeds over its own shared locks, so these must be left out.
  const own = new Map<string, number>();
  let session: Session | null = null;
  let closed = false;
  let checkFailing = false;
  let timer: NodeJS.Timeout | null = null;
  /** Set when a session is lost or fails to open: the next one to open is a reconnection. */
  let reconnecting = false;
  /** performance.now() before which a check hands no claim back (see check). */
  let handBackFrom = 0;

  const connect = (): Session => {
    if (session) return session;
    const client = new pg.Client({ connectionString: options.connectionString, application_name: 'paperjson-claims', keepAlive: true });
    // A take's statements are prepared once per session (a new connection has none, so each
    // session prepares its own): as literal queries they were planned on every take, the
    // confirmation on pg-boss's partitioned job table at four times the cost of running it.
    // The confirmation and the unlock are also run once, on nothing (no job has the nil id; no
    // array, no unlock), in the same message: a session's first execution plans its statement and
    // loads pg-boss's partitioned job table into the backend's caches, which a take that came
    // before any claim check had paid for (about 10 ms against 1-4 for later takes, one scratch
    // session at load 13; after a check has run, the first take costs what later ones do).
    const ready = client.connect().then(async () => {
      await client.query(
        `prepare ${CONFIRM_STATEMENT}(uuid, int) as ${confirmSql};
         prepare ${LOCK_STATEMENT}(text, int) as select pg_try_advisory_lock_shared(${attemptLockKey('$1', '$2')}) as locked;
         prepare ${UNLOCK_STATEMENT}(text[], int[]) as select pg_advisory_unlock_shared(${attemptLockKey('a.id', 'a.retry_count')}) from unnest($1, $2) as a(id, retry_count);
         execute ${CONFIRM_STATEMENT}('${NIL_UUID}', 0);
         execute ${UNLOCK_STATEMENT}('{}', '{}')`,
      );
    });
    const current: Session = { client, lost: new AbortController(), ready, leases: new Set(), unlocks: [], flush: null, tail: ready.catch(() => {}) };
    let connected = false;
    const drop = (error: Error) => {
      if (session === current) session = null;
      if (current.lost.signal.aborted) return;
      current.lost.abort(error);
      reconnecting = !closed;
      // A connect that failed held no lease; whoever wanted the connection reports it.
      if (connected && !closed) logger.warn({ err: error, leases: current.leases.size }, 'claim lease connection lost; taking the leases again once the database answers');
      client.end().catch(() => {});
      // Whatever the session held went with it, the released leases' locks too.
      for (const { done } of takeUnlocks(current)) done();
      for (const lease of current.leases) void retake(lease, error);
      current.leases.clear();
    };
    // The listeners stay for the life of the client: an 'error' with no listener would crash the process.
    client.on('error', drop);
    client.on('end', () => drop(new Error('claim lease connection ended')));
    current.ready.then(
      () => {
        connected = true;
        if (!reconnecting) return;
        reconnecting = false;
        handBackFrom = performance.now() + graceSeconds * 1000;
        logger.info({ graceSeconds }, 'claim lease connection open again; no claim is handed back during the grace, while other workers take their leases again');
      },
      (error: unknown) => drop(toError(error)),
    );
    session = current;
    return current;
  };

  /**
   * A query on `current`'s connection, sent once the session's previous one has settled. Takes,
   * unlocks and checks overlap in time; pg queued them itself, in the same order, but deprecates
   * a query sent while another runs (pg 9 removes it), so the session keeps its own queue.
   */
  const sessionQuery = <R extends pg.QueryResultRow>(current: Session, text: string, values?: unknown[]): Promise<pg.QueryResult<R>> => {
    const sent = current.tail.then(() => current.client.query<R>(text, values));
    current.tail = sent.catch(() => {});
    return sent;
  };

  const forget = (id: string) => {
    const count = (own.get(id) ?? 1) - 1;
    if (count > 0) own.set(id, count);
    else own.delete(id);
  };

  /**
   * Releases locks of this session: a lease's shared ones, or a check's exclusive ones. Each kind
   * has its own unlock; the other one finds nothing of its kind held (a warning) and leaves the
   * lock in place for the life of the session.
   */
  const unlock = async (current: Session, attempts: JobAttempt[], kind: 'shared' | 'exclusive') => {
    if (current.lost.signal.aborted || attempts.length === 0) return;
    const release = kind === 'shared' ? 'pg_advisory_unlock_shared' : 'pg_advisory_unlock';
    await sessionQuery(current, `select ${release}(${attemptLockKey('a.id', 'a.retry_count')}) from unnest($1::text[], $2::int[]) as a(id, retry_count)`, [
      attempts.map((a) => a.id),
      attempts.map((a) => a.retryCount),
    ]);
  };

  /** The unlocks pending on `current`, taken to be run now (or dropped with its connection). */
  const takeUnlocks = (current: Session): PendingUnlock[] => {
    if (current.flush) clearTimeout(current.flush);
    current.flush = null;
    return current.unlocks.splice(0);
  };

  /** The unlocks pending on `current`, run alone: no take came within UNLOCK_DELAY_MS. */
  const flushUnlocks = (current: Session) => {
    const pending = takeUnlocks(current);
    void unlock(
      current,
      pending.map(({ attempt }) => attempt),
      'shared',
    )
      .catch((e: unknown) => logger.debug({ err: toError(e), queueJobIds: pending.map(({ attempt }) => attempt.id) }, 'could not release claim leases'))
      .finally(() => {
        for (const { done } of pending) done();
      });
  };

  /**
   * Takes the shared lock of an attempt on `current` and confirms, after it is held, that the
   * claim is still that attempt's. False (and nothing held) when a check holds it exclusively or
   * the claim has moved on.
   */
  const lockAndConfirm = async (current: Session, { id, retryCount }: JobAttempt): Promise<boolean> => {
    const { client } = current;
    const job = client.escapeLiteral(id);
    // Released leases' unlocks ride along, before the lock (see the top): on this session, whose
    // queries run in order, so each goes out after its claim was settled, as when it went alone.
    const riding = takeUnlocks(current);
    const unlocking =
      riding.length > 0
        ? `execute ${UNLOCK_STATEMENT}(array[${riding.map((r) => client.escapeLiteral(r.attempt.id)).join(', ')}]::text[], array[${riding.map((r) => Math.trunc(r.attempt.retryCount)).join(', ')}]::int[]);`
        : '';
    // One round trip, three statements (four with unlocks; so no bind parameters: the values are
    // quoted literals). SET TRANSACTION must open the implicit transaction, so it comes first.
    // The confirmation is a statement of its own after the lock's, so it reads the job after the
    // lock is held: under READ COMMITTED each statement takes a new snapshot, also inside the one
    // implicit transaction of a multi-statement query, and that level is set for it here whatever
    // the database's default.
    let results: Array<pg.QueryResult<{ locked?: boolean }>>;
    try {
      const answer: unknown = await sessionQuery(
        current,
        `set transaction isolation level read committed;
         ${unlocking}
         execute ${LOCK_STATEMENT}(${job}, ${Math.trunc(retryCount)});
         execute ${CONFIRM_STATEMENT}(${job}, ${Math.trunc(retryCount)})`,
      );
      // Without the unlocks' result, when they rode along: the statements below are counted as without.
      results = (answer as Array<pg.QueryResult<{ locked?: boolean }>>).filter((_, at) => !(riding.length > 0 && at === 1));
    } catch (error) {
      // The lock may have been taken before the confirmation failed. An unlock of a lock not held
      // only warns; one held twice (a stale attempt beside its retry) would lose a count, which
      // needs a statement to fail on a live connection before the lock: rare enough to accept.
      await unlock(current, [{ id, retryCount }], 'shared').catch(() => {});
      throw error;
    } finally {
      // Run (they come before anything here that can fail on a live connection), or gone with it.
      for (const { done } of riding) done();
    }
    // Held exclusively: a check found the claim abandoned and is failing it now.
    if (!results[1]?.rows[0]?.locked) return false;
    // Confirmed only by the row itself: a missing result is not a confirmation.
    if ((results[2]?.rowCount ?? 0) > 0) return true;
    await unlock(current, [{ id, retryCount }], 'shared');
    return false;
  };

  const hold = (lease: HeldLease, current: Session) => {
    lease.session = current;
    current.leases.add(lease);
    // Lost between the confirmation and now: the drop has already run, so run its part here.
    if (current.lost.signal.aborted) {
      current.leases.delete(lease);
      void retake(lease, current.lost.signal.reason);
    }
  };

  /** A lease whose connection was lost: taken again on a new one, or its job told to stop. */
  const retake = async (lease: HeldLease, cause: unknown): Promise<void> => {
    const { attempt } = lease;
    const log = { queueJobId: attempt.id, retryCount: attempt.retryCount };
    for (const deadline = Date.now() + recoveryMs; ; ) {
      if (closed) lease.lost.abort(new Error('claim leases closed'));
      if (lease.released || closed) return;
      let current: Session | null = null;
      try {
        current = connect();
        await current.ready;
        const held = await lockAndConfirm(current, attempt);
        if (lease.released || closed) {
          if (held) await unlock(current, [attempt], 'shared').catch(() => {});
          return;
        }
        if (held) {
          logger.info(log, 'claim lease taken again after its connection was lost; the job runs on');
          hold(lease, current);
        } else {
          logger.warn(log, 'claim lease lost: the claim moved on while its connection was down; the job stops');
          lease.lost.abort(new Error('the claim was handed to another worker while the lease connection was down', { cause }));
        }
        return;
      } catch (error) {
        if (Date.now() >= deadline) {
          logger.warn({ ...log, err: toError(error) }, 'claim lease lost: the database did not answer in time; the job stops');
          lease.lost.abort(toError(cause));
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, LEASE_RETRY_MS));
    }
  };

  const take = async (attempt: JobAttempt): Promise<ClaimLease | null> => {
    const { id } = attempt;
    own.set(id, (own.get(id) ?? 0) + 1);
    let current: Session;
    try {
      current = connect();
      await current.ready;
      if (!(await lockAndConfirm(current, attempt))) {
        forget(id);
        return null;
      }
    } catch (error) {
      forget(id);
      throw error;
    }
    const lease: HeldLease = { attempt, session: current, lost: new AbortController(), released: false };
    hold(lease, current);
    return {
      lost: lease.lost.signal,
      release() {
        if (lease.released) return Promise.resolve();
        lease.released = true;
        forget(id);
        const current = lease.session;
        current.leases.delete(lease);
        // Gone with its connection: nothing of it is held any more.
        if (current.lost.signal.aborted) return Promise.resolve();
        // Unlocked with the next take on this connection, or alone after UNLOCK_DELAY_MS (see the top).
        return new Promise<void>((done) => {
          current.unlocks.push({ attempt, done });
          if (!current.flush) {
            current.flush = setTimeout(() => flushUnlocks(current), unlockDelayMs);
            current.flush.unref();
          }
        });
      },
    };
  };

  const check = async () => {
    const current = connect();
    await current.ready;
    // This connection replaced a lost one: if the database restarted or failed over, every other
    // process lost its leases too and is taking them again (a try every LEASE_RETRY_MS, then a
    // login and the same take as a first one: in the restart at load that showed the need, the
    // last owner retook 0.6 s after the first check back), so their claims are left alone for
    // the grace, counted from when this process got a session again (at a check, up to an
    // interval after the database answers: owners start trying at once).
    // Why this process's own reconnection and not pg_postmaster_start_time(): it also sees a
    // failover (a promoted standby started long ago) and a crash of one backend (Postgres ends
    // every session and runs recovery without restarting the postmaster), and the grace starts
    // once the database takes connections, not before its recovery. A process's first connection
    // starts no grace, so a worker started to replace a dead one resumes its jobs as fast as
    // before (one whose first try failed, started while the database was away, does wait; one
    // that first connects in the moment after a restart cannot tell, a coincidence left open); a
    // process that lost only its own connection waits the grace, costless while others check.
    if (performance.now() < handBackFrom) return;
    // MATERIALIZED: the try-lock runs only on the rows the filter kept (a lock taken on any other
    // row would never be released), and only while this statement runs is the lock free to take.
    const { rows } = await sessionQuery<{ id: string; retry_count: number }>(
      current,
      `with claims as materialized (
         select id, retry_count from ${jobTable}
         where name = $1 and state = 'active'
           and started_on < ${options.schema}.job_now() - make_interval(secs => $2)
           and id <> all($3::uuid[])
       )
       select id::text as id, retry_count from claims where pg_try_advisory_lock(${attemptLockKey('id::text', 'retry_count')})`,
      [queue, graceSeconds, [...own.keys()]],
    );
    if (rows.length === 0) return;
    try {
      const attempts = rows.map((row) => ({ id: row.id, retryCount: row.retry_count }));
      // Fenced to the attempt seen: a claim settled or retried since is left alone.
      await boss.fail(queue, attempts, { message: 'the worker running this job died (its database session ended); handed to another worker' });
      logger.warn({ queue, jobs: attempts }, 'claims without a lease handed back (their worker died or lost its database session)');
    } finally {
      await unlock(
        current,
        rows.map((row) => ({ id: row.id, retryCount: row.retry_count })),
        'exclusive',
      );
    }
  };

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      check()
        .then(() => {
          if (checkFailing) logger.info('claim check works again');
          checkFailing = false;
        })
        .catch((error: unknown) => {
          // Reported once per outage (a database restart would otherwise log every second).
          if (!checkFailing && !closed) logger.warn({ err: toError(error) }, 'claim check failed; retrying');
          checkFailing = true;
        })
        .finally(schedule);
    }, checkIntervalMs);
    timer.unref();
  };
  schedule();
  // Opened now rather than at the first take or check (CLAIM_CHECK_INTERVAL_MS after start): its
  // connect and SCRAM login (74 ms) and its statements' preparation (54 ms, in one burst20 worker
  // at load 13) are the process's to pay, not those of a job waiting when it starts.
  const opened = connect();

  return {
    ready: opened.ready.catch(() => {}),
    take,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = session;
      session = null;
      if (current && !current.lost.signal.aborted) {
        const reason = new Error('claim leases closed');
        current.lost.abort(reason);
        for (const lease of current.leases) lease.lost.abort(reason);
        await current.client.end().catch(() => {});
        // Ended with the session.
        for (const { done } of takeUnlocks(current)) done();
      }
    },
  };
}
