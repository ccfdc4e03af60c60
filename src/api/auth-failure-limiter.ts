/**
 * Slows down guessing of API keys: each client address has a bucket of failed authentications
 * (BURST, refilled at REFILL_PER_SECOND). While it is empty, every request from that address is
 * refused before the key is looked up, so 1,000 bad keys in two seconds cost 30 lookups, not 1,000.
 * Successful authentications cost nothing. One limiter per API process; the map is bounded, the
 * oldest addresses are forgotten first.
 */

const BURST = 30;
const REFILL_PER_SECOND = 2;
const MAX_ADDRESSES = 10_000;

export interface AuthFailureLimiter {
  /** Seconds until `address` may try again, or 0 when it may try now. */
  retryAfterSeconds(address: string): number;
  recordFailure(address: string): void;
}

// Date.now read at each call, not captured at load: a test that fakes Date then stops the refill.
function createAuthFailureLimiter(now: () => number = () => Date.now()): AuthFailureLimiter {
  const buckets = new Map<string, { tokens: number; at: number }>();

  const current = (address: string): { tokens: number; at: number } => {
    const bucket = buckets.get(address);
    const t = now();
    if (!bucket) return { tokens: BURST, at: t };
    return { tokens: Math.min(BURST, bucket.tokens + ((t - bucket.at) / 1000) * REFILL_PER_SECOND), at: t };
  };

  return {
    retryAfterSeconds(address) {
      const { tokens } = current(address);
      return tokens >= 1 ? 0 : Math.ceil((1 - tokens) / REFILL_PER_SECOND);
    },
    recordFailure(address) {
      const bucket = current(address);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
      buckets.delete(address); // re-insert: Map order is the eviction order
      buckets.set(address, bucket);
      if (buckets.size > MAX_ADDRESSES) buckets.delete(buckets.keys().next().value!);
    },
  };
}

/** The process's limiter, shared by HTTP requests and graphql-ws connections. */
export const authFailures = createAuthFailureLimiter();
