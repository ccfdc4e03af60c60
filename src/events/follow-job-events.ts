import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { findJobById, readEvents } from '../jobs/jobs.repository.ts';
import { isTerminal, type JobEvent } from '../jobs/job-types.ts';
import type { JobEventBus } from './job-event-bus.ts';

/** How long a follower waits for a notification before it looks at the log anyway. */
const SAFETY_POLL_MS = 5000;
/** How long a follower keeps trying while the database is unreachable (a restart, a failover). */
const DATABASE_PATIENCE_MS = 120_000;

/**
 * Runs a read again while it fails, with a backoff up to 2 s, for DATABASE_PATIENCE_MS: a
 * database restart must not end every open subscription (which the client could only take for
 * an end of the stream). Reads are idempotent and the cursor does not move, so a retry can
 * neither skip nor repeat an event. Gives up with the last error after the patience runs out.
 */
async function patiently<T>(read: () => Promise<T>, signal: AbortSignal): Promise<T> {
  const started = Date.now();
  for (let delay = 100; ; delay = Math.min(2_000, delay * 2)) {
    try {
      return await read();
    } catch (error) {
      if (signal.aborted || Date.now() - started > DATABASE_PATIENCE_MS) throw error;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
    }
  }
}

/**
 * The events of one job after `after`: first the persisted ones, then live ones as they are
 * committed, ending after the terminal status event.
 *
 * No gap, no duplicate: the follower subscribes BEFORE its first read, and every read asks the
 * log for `seq > last yielded`, so an event committed during the replay is either in a read or
 * announced by a notification that triggers the next read. Notifications only wake the loop;
 * the events themselves always come from Postgres, in seq order. While the database is
 * unreachable the follower waits for it (see `patiently`) instead of ending the stream.
 */
export async function* followJobEvents(
  db: Kysely<Database>,
  bus: JobEventBus,
  jobId: string,
  after: number,
  signal: AbortSignal,
): AsyncGenerator<JobEvent> {
  let last = after;
  let pending = true;
  let wake: (() => void) | null = null;
  const unsubscribe = bus.subscribe(jobId, () => {
    pending = true;
    wake?.();
  });
  const onAbort = () => wake?.();
  signal.addEventListener('abort', onAbort);
  try {
    while (!signal.aborted) {
      if (pending) {
        pending = false;
        for (;;) {
          const events = await patiently(() => readEvents(db, jobId, last), signal);
          for (const event of events) {
            yield event;
            last = event.seq;
            if (event.payload.type === 'JOB_STATUS' && isTerminal(event.payload.status)) return;
          }
          if (events.length === 0) break;
        }
        // A cursor at or past the terminal event: nothing more will ever come.
        const job = await patiently(() => findJobById(db, jobId), signal);
        if (!job || isTerminal(job.status)) {
          const tail = await patiently(() => readEvents(db, jobId, last), signal);
          if (tail.length === 0) return;
          pending = true;
          continue;
        }
      }
      await new Promise<void>((resolve) => {
        if (pending || signal.aborted) return resolve();
        const timer = setTimeout(() => {
          pending = true;
          resolve();
        }, SAFETY_POLL_MS);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  } finally {
    unsubscribe();
    signal.removeEventListener('abort', onAbort);
  }
}
