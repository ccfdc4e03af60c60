import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { findJobById, readEvents } from '../jobs/jobs.repository.ts';
import { isTerminal, type JobEvent } from '../jobs/job-types.ts';
import type { JobEventBus } from './job-event-bus.ts';

/** How long a follower waits for a notification before it looks at the log anyway. */
const SAFETY_POLL_MS = 5000;

/**
 * The events of one job after `after`: first the persisted ones, then live ones as they are
 * committed, ending after the terminal status event.
 *
 * No gap, no duplicate: the follower subscribes BEFORE its first read, and every read asks the
 * log for `seq > last yielded`, so an event committed during the replay is either in a read or
 * announced by a notification that triggers the next read. Notifications only wake the loop;
 * the events themselves always come from Postgres, in seq order.
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
          const events = await readEvents(db, jobId, last);
          for (const event of events) {
            yield event;
            last = event.seq;
            if (event.payload.type === 'JOB_STATUS' && isTerminal(event.payload.status)) return;
          }
          if (events.length === 0) break;
        }
        // A cursor at or past the terminal event: nothing more will ever come.
        const job = await findJobById(db, jobId);
        if (!job || isTerminal(job.status)) {
          const tail = await readEvents(db, jobId, last);
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
