/**
 * Tenants: who owns documents, schemas and jobs, with their limit of active jobs and their
 * webhook signing secret. A tenant is always created together with its first API key, in one
 * transaction, so no tenant is ever created without a key. In a deployment there are two ways
 * in: `npm run apikey -- create` (src/bin/apikey.ts) for an operator, and the first start on an
 * empty database (`bootstrapFirstTenant`, called by src/runtime/start-service.ts).
 */
import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { addApiKey, type Tenant } from './api-keys.ts';

export async function createTenant(
  db: Kysely<Database>,
  input: { name: string; maxActiveJobs: number; apiKey?: string },
): Promise<{ tenant: Tenant; apiKey: string }> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('tenants')
      .values({
        name: input.name,
        max_active_jobs: input.maxActiveJobs,
        webhook_secret: randomBytes(32).toString('base64url'),
      })
      .returning(['id', 'name', 'max_active_jobs'])
      .executeTakeFirstOrThrow();
    const apiKey = await addApiKey(trx, row.id, input.apiKey);
    return { tenant: { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs }, apiKey };
  });
}

export async function findTenantByName(db: Kysely<Database>, name: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).where('name', '=', name).executeTakeFirst();
  return row ? { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs } : null;
}

const BOOTSTRAP_LOCK_KEY = 7_305_119_002;

/**
 * On the first start with an empty database, creates one tenant with one key (the given one, or a
 * random one) and returns it; returns null when any tenant exists. Serialised by an advisory
 * lock so two processes starting together create one tenant, not two.
 */
export async function bootstrapFirstTenant(
  db: Kysely<Database>,
  input: { apiKey: string | null; maxActiveJobs: number },
): Promise<{ tenant: Tenant; apiKey: string } | null> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK_KEY})`.execute(trx);
    const existing = await trx.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
    if (existing) return null;
    const row = await trx
      .insertInto('tenants')
      .values({ name: 'default', max_active_jobs: input.maxActiveJobs, webhook_secret: randomBytes(32).toString('base64url') })
      .returning(['id', 'name', 'max_active_jobs'])
      .executeTakeFirstOrThrow();
    const apiKey = await addApiKey(trx, row.id, input.apiKey ?? undefined);
    return { tenant: { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs }, apiKey };
  });
}
