import { hash, randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

const KEY_PREFIX = 'pj_';
/** Characters of a key kept in clear to tell keys apart ("pj_" and 4 random ones). */
const SHOWN_PREFIX_LENGTH = 7;

function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  // The one-shot form: every request hashes its key (api-key-cache.ts), and a Hash object per call
  // cost more than the digest itself.
  return hash('sha256', key, 'hex');
}

/**
 * How long an API process may go on trusting a key that a lookup found active (api-key-cache.ts),
 * counted from the lookup's start. revokeApiKey waits this long after its commit, so that once it
 * returns no process accepts the key for a new request.
 */
export const KEY_TRUST_MS = 500;

export interface Tenant {
  id: string;
  name: string;
  maxActiveJobs: number;
}

/** Which of these key hashes still belong to an active key. */
export async function activeKeyHashes(db: Kysely<Database>, keyHashes: string[]): Promise<Set<string>> {
  if (keyHashes.length === 0) return new Set();
  const rows = await db.selectFrom('api_keys').select('key_hash').where('key_hash', 'in', keyHashes).where('revoked_at', 'is', null).execute();
  return new Set(rows.map((r) => r.key_hash));
}

/**
 * The tenant a key belongs to, or null for an unknown or revoked key. Records that the key was
 * used, at most once a minute per key, so that every request is not a write. The API's requests
 * go through api-key-cache.ts, which calls this at most every half second per key.
 */
export async function findTenantByApiKey(db: Kysely<Database>, key: string): Promise<Tenant | null> {
  return findTenantByKeyHash(db, hashApiKey(key));
}

/** findTenantByApiKey for a key already hashed. */
export async function findTenantByKeyHash(db: Kysely<Database>, keyHash: string): Promise<Tenant | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
    .select(['tenants.id', 'tenants.name', 'tenants.max_active_jobs', 'api_keys.last_used_at'])
    .where('api_keys.key_hash', '=', keyHash)
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return null;
  if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
    // Best effort: a failed bookkeeping write must not fail the request it belongs to.
    await db.updateTable('api_keys').set({ last_used_at: sql`now()` }).where('key_hash', '=', keyHash).execute().catch(() => undefined);
  }
  return { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs };
}

/** Stores a key's hash for a tenant. The key itself is returned to the caller once and forgotten. */
export async function addApiKey(db: Kysely<Database>, tenantId: string, key: string = generateApiKey()): Promise<string> {
  await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, key_hash: hashApiKey(key), key_prefix: key.slice(0, SHOWN_PREFIX_LENGTH) })
    .execute();
  return key;
}

export interface ApiKeyListing {
  prefix: string;
  tenant: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export async function listApiKeys(db: Kysely<Database>): Promise<ApiKeyListing[]> {
  const rows = await db
    .selectFrom('api_keys')
    .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
    .select(['api_keys.key_prefix', 'tenants.name', 'api_keys.created_at', 'api_keys.last_used_at', 'api_keys.revoked_at'])
    .orderBy('tenants.name')
    .orderBy('api_keys.created_at')
    .execute();
  return rows.map((r) => ({ prefix: r.key_prefix, tenant: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at, revokedAt: r.revoked_at }));
}

export type RevokeOutcome =
  | { kind: 'revoked'; prefix: string; tenant: string }
  | { kind: 'not_found' }
  /** Shorter than the shown prefix: every key starts with "pj_", so it cannot name one. */
  | { kind: 'too_short'; length: number }
  | { kind: 'already_revoked'; prefix: string }
  | { kind: 'ambiguous'; count: number };

/**
 * Revokes the one active key whose shown prefix is `prefix` (or that `prefix` starts with: the
 * whole key may be pasted). Once it returns, new requests with the key fail: it waits out the
 * time API processes may still trust an earlier lookup of it (KEY_TRUST_MS). API processes close
 * its open WebSocket and SSE subscriptions within a second (api/open-streams.ts polls the keys it
 * serves).
 */
export async function revokeApiKey(db: Kysely<Database>, prefix: string): Promise<RevokeOutcome> {
  if (prefix.length < SHOWN_PREFIX_LENGTH) return { kind: 'too_short', length: SHOWN_PREFIX_LENGTH };
  const outcome = await revokeInTransaction(db, prefix);
  // A few ms over: a lookup that started just before the commit is trusted until its start plus
  // KEY_TRUST_MS, by another process's timers.
  if (outcome.kind === 'revoked') await new Promise((resolve) => setTimeout(resolve, KEY_TRUST_MS + 20));
  return outcome;
}

async function revokeInTransaction(db: Kysely<Database>, prefix: string): Promise<RevokeOutcome> {
  const shown = prefix.slice(0, SHOWN_PREFIX_LENGTH);
  return db.transaction().execute(async (trx) => {
    let candidates = await trx
      .selectFrom('api_keys')
      .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
      .select(['api_keys.id', 'api_keys.key_hash', 'api_keys.key_prefix', 'api_keys.revoked_at', 'tenants.name'])
      .where('api_keys.key_prefix', '=', shown)
      .forUpdate()
      .execute();
    // A whole key identifies itself exactly, whatever other keys share its prefix.
    if (prefix.length > SHOWN_PREFIX_LENGTH) candidates = candidates.filter((c) => c.key_hash === hashApiKey(prefix));
    if (candidates.length === 0) return { kind: 'not_found' };
    const active = candidates.filter((c) => c.revoked_at === null);
    if (active.length === 0) return { kind: 'already_revoked', prefix: shown };
    if (active.length > 1) return { kind: 'ambiguous', count: active.length };
    const key = active[0]!;
    await trx.updateTable('api_keys').set({ revoked_at: sql`now()` }).where('id', '=', key.id).execute();
    return { kind: 'revoked', prefix: key.key_prefix, tenant: key.name };
  });
}
