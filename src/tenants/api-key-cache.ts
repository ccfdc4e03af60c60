import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { findTenantByKeyHash, hashApiKey, KEY_TRUST_MS, type Tenant } from './api-keys.ts';

/**
 * API keys that a lookup recently found active, so that a busy client's requests are not each a
 * key lookup (issue 18: it was one of the seven queries of a job start, and the only query of a
 * `{ viewer { id } }`). Remembered by the key's SHA-256, like the database does, never the key.
 * The API creates one per process (create-api.ts) and hands it to authenticate.ts.
 *
 * Revocation: an entry is trusted for KEY_TRUST_MS (half a second) from the start of the lookup
 * that found the key active, then looked up again. revokeApiKey (the CLI's) waits that long after
 * its commit, so a key it revoked is refused by every process once it returns; a key revoked by
 * hand in SQL is refused within KEY_TRUST_MS. Open sockets and SSE streams are closed by
 * api/open-streams.ts, which polls for itself. A tenant's changed job limit takes effect as quickly.
 *
 * Concurrent requests with a key not (or no longer) trusted share one lookup, but only while that
 * lookup is younger than KEY_TRUST_MS: its SELECT may have run before a revocation committed, and
 * its answer may arrive late (a slow round-trip, a stalled event loop), so a request that joined
 * an older one could be answered "active" after revokeApiKey returned. Such a request starts a
 * lookup of its own; the late answer of the old one is then dropped.
 *
 * Unknown and revoked keys are not remembered: a key created a moment ago works at once, and
 * refusing made-up keys is the failure limiter's business (api/auth-failure-limiter.ts).
 *
 * Kept warm: a key that a request used within the last KEEP_WARM_MS is looked up again in the
 * background before its trust runs out (at REFRESH_AT of it), so that a client whose requests come
 * more than half a second apart (a start every few seconds, a poll) does not wait for a key lookup
 * on each: issue 18's `overhead` bench paid one on every job start. Nothing about revocation
 * changes: a refresh is a lookup like any other, trusted from its start, and a key it finds revoked
 * is forgotten at once. At most MAX_WARM_KEYS keys are kept warm (a lookup each every ~0.4 s).
 *
 * Last use: every lookup made here is findTenantByKeyHash's, which records the use at most once a
 * minute per key; a key in use is looked up every KEY_TRUST_MS, so `last used` is as exact as
 * before, but for a refresh up to KEEP_WARM_MS after the key's last request, which counts as a use.
 *
 * MAX_KEYS bounds the memory of a flood of distinct valid keys; the oldest lookup is forgotten first.
 */
const MAX_KEYS = 10_000;
const KEEP_WARM_MS = 15_000;
/** A refresh starts at this share of the trust, so its answer normally arrives before the trust ends. */
const REFRESH_AT = 0.8;
const MAX_WARM_KEYS = 100;

interface Entry {
  /** The lookup's answer; null only while `pending` (a failed lookup is not remembered). */
  tenant: Tenant | null;
  /** performance.now() of the lookup's start: the answer may be older than its arrival. */
  checkedAt: number;
  pending: Promise<Tenant | null> | null;
  /** performance.now() of the pending lookup's start. */
  pendingSince: number;
  /** performance.now() of the last request answered with this key (0 for none yet). */
  usedAt: number;
}

export interface ApiKeyCache {
  /** The tenant of an active key, or null for an unknown or revoked one (see above for how fresh). */
  tenantOf(key: string): Promise<Tenant | null>;
}

export function createApiKeyCache(db: Kysely<Database>, options: { trustMs?: number; maxKeys?: number } = {}): ApiKeyCache {
  const trustMs = options.trustMs ?? KEY_TRUST_MS;
  const maxKeys = options.maxKeys ?? MAX_KEYS;
  const entries = new Map<string, Entry>();
  /** Keys with a refresh scheduled. */
  const warm = new Set<string>();

  /**
   * After a lookup that found the key active: its next lookup, before the trust it gave runs out,
   * if a request used the key lately. A refresh that fails or finds the key revoked drops the
   * entry (lookUp), so the next request looks the key up itself, as without refreshes.
   */
  const keepWarm = (keyHash: string, entry: Entry) => {
    if (performance.now() - entry.usedAt >= KEEP_WARM_MS || (!warm.has(keyHash) && warm.size >= MAX_WARM_KEYS)) {
      warm.delete(keyHash);
      return;
    }
    warm.add(keyHash);
    const timer = setTimeout(
      () => {
        warm.delete(keyHash);
        if (entries.get(keyHash) !== entry || entry.pending) return;
        if (performance.now() - entry.usedAt >= KEEP_WARM_MS) return;
        lookUp(keyHash, entry).catch(() => {});
      },
      Math.max(0, entry.checkedAt + trustMs * REFRESH_AT - performance.now()),
    );
    // Never what keeps a process alive.
    timer.unref();
  };

  const lookUp = (keyHash: string, entry: Entry): Promise<Tenant | null> => {
    // Timed from before the query: a revocation committed while it travels is caught KEY_TRUST_MS
    // after this moment at the latest, not KEY_TRUST_MS after a slow answer (revokeApiKey counts on it).
    const startedAt = performance.now();
    const pending = findTenantByKeyHash(db, keyHash).then(
      (tenant) => {
        if (tenant && entries.get(keyHash) === entry) {
          entry.tenant = tenant;
          entry.checkedAt = startedAt;
          entry.pending = null;
          // Re-inserted so that the Map's order is the order of lookups, oldest first.
          entries.delete(keyHash);
          entries.set(keyHash, entry);
          if (entries.size > maxKeys) entries.delete(entries.keys().next().value!);
          keepWarm(keyHash, entry);
        } else if (entries.get(keyHash) === entry) {
          entries.delete(keyHash);
        }
        return tenant;
      },
      (error: unknown) => {
        if (entries.get(keyHash) === entry) entries.delete(keyHash);
        throw error;
      },
    );
    entry.pending = pending;
    entry.pendingSince = startedAt;
    return pending;
  };

  return {
    tenantOf(key) {
      const keyHash = hashApiKey(key);
      const entry = entries.get(keyHash);
      const now = performance.now();
      if (entry) entry.usedAt = now;
      // A trusted answer first: a refresh in flight is not waited for while the last one holds.
      if (entry?.tenant && now - entry.checkedAt < trustMs) return Promise.resolve(entry.tenant);
      if (entry?.pending && now - entry.pendingSince < trustMs) return entry.pending;
      // A lookup too old to join (see above) is left to finish on its own entry, now replaced, so
      // that its answer is not stored.
      const fresh: Entry = entry && !entry.pending ? entry : { tenant: null, checkedAt: 0, pending: null, pendingSince: 0, usedAt: now };
      entries.set(keyHash, fresh);
      return lookUp(keyHash, fresh);
    },
  };
}
