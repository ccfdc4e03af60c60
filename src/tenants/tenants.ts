/**
 * Tenants: who owns documents, schemas and jobs, with their limit of active jobs and their
 * webhook signing secret. A tenant is always created together with its first API key, in one
 * transaction, so no tenant is ever created without a key. In a deployment there are two ways
 * in: `npm run apikey -- create` (src/bin/apikey.ts) for an operator, and the first start of an
 * API on an empty database (first-key.ts).
 */
import { randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/database.ts';
import { addApiKey, type Tenant } from './api-keys.ts';

export async function createTenant(
  db: Kysely<Database>,
  input: { name: string; maxActiveJobs: number; apiKey?: string },
): Promise<{ tenant: Tenant; apiKey: string }> {
  return db.transaction().execute((trx) => insertTenantWithKey(trx, input));
}

/** createTenant inside a transaction the caller holds (first-key.ts takes its lock in it first). */
export async function insertTenantWithKey(
  trx: Transaction<Database>,
  input: { name: string; maxActiveJobs: number; apiKey?: string },
): Promise<{ tenant: Tenant; apiKey: string }> {
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
}

export async function findTenantByName(db: Kysely<Database>, name: string): Promise<Tenant | null> {
  const row = await db.selectFrom('tenants').select(['id', 'name', 'max_active_jobs']).where('name', '=', name).executeTakeFirst();
  return row ? { id: row.id, name: row.name, maxActiveJobs: row.max_active_jobs } : null;
}
