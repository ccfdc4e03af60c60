/**
 * One worker slot's read of the job it will most likely run next, made while its current job
 * waits on the model, so the hand-over between two jobs (fetch, lease, claim) carries no read and
 * no planning of its own: a burst's jobs start one model call apart, not one model call and a read.
 *
 * Nothing is claimed or leased early: the guess (queue/peek-next-job.ts) is only read, so another
 * worker that idles takes the job as it would without it, and this slot then reads for nothing.
 * Invariants:
 * - What was read is used only for the job the slot's own fetch returned, and only when the read
 *   has finished by then (a read still in flight is dropped, not waited for): a guess never
 *   delays a hand-over.
 * - A read may be stale by the claim (a cancel meanwhile): the claim writes only if the job's row
 *   is still as read, and otherwise takes its locked path (job-transitions.ts claimAttempt), so a
 *   stale read costs a round trip, never a wrong write. A job's schema, document and config never
 *   change, so its plan cannot be stale.
 * - At most one read per slot is kept (a new guess replaces it), so a slot holds at most one more
 *   job's layout (and, when its plan sends pages as PDF and their cuts are not kept, its bytes).
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { peekNextJob } from '../queue/peek-next-job.ts';
import { parseExtractionPayload } from '../queue/queues.ts';
import { toError } from '../to-error.ts';
import { prepareRun, type PreparedRun } from './run-job.ts';

export interface NextJobLookahead {
  /**
   * Looks for the next ready job and reads it. The slot does not wait for it; the promise (which
   * never rejects: failures are only logged) says when the guess is read or given up.
   */
  look(): Promise<void>;
  /** The finished read of queue job `queueJobId`, if that was the guess; drops whatever was kept. */
  take(queueJobId: string): Promise<PreparedRun | null> | null;
}

export function nextJobLookahead(db: Kysely<Database>, queue: string, logger: Logger): NextJobLookahead {
  // The latest guess: `read` is set once its read has succeeded.
  let latest: { queueJobId: string | null; prepared: Promise<PreparedRun | null> | null; read: boolean } | null = null;
  return {
    look() {
      const guess: NonNullable<typeof latest> = { queueJobId: null, prepared: null, read: false };
      latest = guess;
      return peekNextJob(db, queue)
        .then(async (next) => {
          if (!next || latest !== guess) return;
          guess.queueJobId = next.id;
          const prepared = prepareRun(db, parseExtractionPayload(next.data));
          guess.prepared = prepared;
          await prepared;
          // A failed read is never handed on: the run then reads again, as without a guess.
          guess.read = true;
        })
        .catch((e: unknown) => logger.debug({ err: toError(e) }, 'could not read the next queued job ahead'));
    },
    take(queueJobId) {
      const guess = latest;
      latest = null;
      return guess && guess.read && guess.queueJobId === queueJobId ? guess.prepared : null;
    },
  };
}
