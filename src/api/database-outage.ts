import type { GraphQLError } from 'graphql';
import { isLostPgConnection } from '../db/pg-connection-errors.ts';
import { appError } from '../errors.ts';
import type { Logger } from '../logger.ts';
import { toError } from '../to-error.ts';

/**
 * What a request that met an unreachable database answers (a Postgres restart, a failover, a
 * connection refused): INTERNAL as the contract says for anything that is not the caller's fault,
 * but marked `extensions.retryable` (as a full upload queue is) and saying to retry shortly,
 * instead of the generic "Internal server error.". The log gets one warning per outage rather
 * than an error with a stack per request: an outage lasts while such failures keep coming, and is
 * over once OUTAGE_QUIET_MS pass without one. Which errors count is pg-connection-errors.ts's
 * judgement (isLostPgConnection), the same one the worker's writes use to wait an outage out.
 */

/** A failure this long after the previous one of its kind is logged as a new outage. */
const OUTAGE_QUIET_MS = 30_000;

export interface DatabaseOutages {
  /** The answer for `error` when it says the database could not be reached, else null. */
  answerFor(error: unknown): GraphQLError | null;
}

export function trackDatabaseOutages(logger: Logger): DatabaseOutages {
  let lastFailureAt = -Infinity;
  return {
    answerFor(error) {
      const lost = lostConnectionIn(error);
      if (!lost) return null;
      const now = Date.now();
      if (now - lastFailureAt > OUTAGE_QUIET_MS) {
        logger.warn({ reason: lost.message }, 'the database is unreachable: requests that need it answer INTERNAL with extensions.retryable until it is back');
      }
      lastFailureAt = now;
      return appError('INTERNAL', 'The database is unavailable at the moment; retry shortly.', { retryable: true });
    },
  };
}

/** The lost-connection error in `error` or its causes (a ROLLBACK's failure carries the first as its cause). */
function lostConnectionIn(error: unknown): Error | null {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const failure = toError(e);
    if (isLostPgConnection(failure)) return failure;
    e = failure.cause;
  }
  return null;
}
