import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';

const KEY_PREFIX = 'pj_';

export function generateApiKey(): string {
  return `${KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

export interface Tenant {
  id: string;
  name: string;
  maxActiveJobs: number;
}

/** The tenant a key belongs to, or null for an unknown or revoked key. */
export async function findTenantByApiKey(db: Kysely<Database>, key: string): Promise<Tenant | null> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('tenants', 'tenants.id', 'api_keys.tenant_id')
    .select(['tenants.id', 'tenants.name', 'tenants.max_active_jobs'])
    .where('api_keys.key_hash', '=', hashApiKey(key))
    .where('api_keys.revoked_at', 'is', null)
    .executeTakeFirst();
  return row ? { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs } : null;
}

/** Stores a key's hash for a tenant. The key itself is returned to the caller once and forgotten. */
export async function addApiKey(db: Kysely<Database>, tenantId: string, key: string = generateApiKey()): Promise<string> {
  await db
    .insertInto('api_keys')
    .values({ tenant_id: tenantId, key_hash: hashApiKey(key), key_prefix: key.slice(0, 7) })
    .execute();
  return key;
}
