/**
 * The first tenant and its key, made by the first start of an API on an empty database, and what
 * an API start says about BOOTSTRAP_API_KEY when the database already has tenants.
 *
 * Only an API process makes it (start-service.ts): a worker has no way to show a key, and a
 * worker that won the race at a split deployment's first start used to make a random key that
 * nobody ever saw, after which BOOTSTRAP_API_KEY was ignored. A random key is made only where it
 * can be shown at once (`npm start`'s banner, the CLI's --local); an API alone makes only the
 * key BOOTSTRAP_API_KEY names.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import { hashApiKey, type Tenant } from './api-keys.ts';
import { insertTenantWithKey } from './tenants.ts';

export type FirstKeyOutcome =
  /** The database had no tenant: this start made "default" with this key. */
  | { kind: 'created'; tenant: Tenant; apiKey: string }
  /** The database had no tenant, and this start had no key it could make (an API without BOOTSTRAP_API_KEY). */
  | { kind: 'no_key_yet' }
  /** Tenants exist and BOOTSTRAP_API_KEY is unset, or is one of their active keys. */
  | { kind: 'exists' }
  /** Tenants exist and BOOTSTRAP_API_KEY is none of their keys: it is not added (see README). */
  | { kind: 'ignored_unknown' }
  /** BOOTSTRAP_API_KEY is a key that was revoked: it stays revoked. */
  | { kind: 'ignored_revoked' };

const FIRST_TENANT_LOCK_KEY = 7_305_119_002;

/**
 * On a database without tenants, makes "default" with `apiKey` (or a random key when
 * `randomWhenUnset`); otherwise tells whether `apiKey` is one of the keys. Serialised by an
 * advisory lock held to the commit, so that processes starting together make one tenant, not two.
 *
 * A BOOTSTRAP_API_KEY that matches no key of a database with tenants is not added: the setting
 * makes the first key, and adding it later would let whoever can set a process's environment
 * mint a key for the first tenant, outside `npm run apikey`, and bring back a key an operator
 * revoked.
 */
export async function ensureFirstKey(
  db: Kysely<Database>,
  input: { apiKey: string | null; randomWhenUnset: boolean; maxActiveJobs: number },
): Promise<FirstKeyOutcome> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${FIRST_TENANT_LOCK_KEY})`.execute(trx);
    const existing = await trx.selectFrom('tenants').select('id').limit(1).executeTakeFirst();
    if (!existing) {
      if (input.apiKey === null && !input.randomWhenUnset) return { kind: 'no_key_yet' };
      const created = await insertTenantWithKey(trx, { name: 'default', maxActiveJobs: input.maxActiveJobs, apiKey: input.apiKey ?? undefined });
      return { kind: 'created', ...created };
    }
    if (input.apiKey === null) return { kind: 'exists' };
    const key = await trx.selectFrom('api_keys').select('revoked_at').where('key_hash', '=', hashApiKey(input.apiKey)).executeTakeFirst();
    if (!key) return { kind: 'ignored_unknown' };
    return key.revoked_at === null ? { kind: 'exists' } : { kind: 'ignored_revoked' };
  });
}

/**
 * The log line an API start writes for an outcome (null: nothing worth saying). A missing first
 * key and an ignored BOOTSTRAP_API_KEY are warnings: requests will be refused with 401 until the
 * operator acts, and the line says how.
 */
export function firstKeyLogLine(outcome: FirstKeyOutcome, shownInBanner: boolean): { level: 'info' | 'warn'; message: string } | null {
  switch (outcome.kind) {
    case 'created':
      return shownInBanner ? null : { level: 'info', message: 'created the first tenant "default" with BOOTSTRAP_API_KEY as its API key' };
    case 'no_key_yet':
      return {
        level: 'warn',
        message:
          'no API key exists yet, so every request is refused: create one with `npm run apikey -- create --tenant NAME`, or set BOOTSTRAP_API_KEY and restart the API',
      };
    case 'exists':
      return null;
    case 'ignored_unknown':
      return {
        level: 'warn',
        message:
          'BOOTSTRAP_API_KEY is ignored: it only makes the first key of a database without tenants, and this database has tenants but not this key; add keys with `npm run apikey -- create --tenant NAME`',
      };
    case 'ignored_revoked':
      return { level: 'warn', message: 'BOOTSTRAP_API_KEY is ignored: it is a key that was revoked, and it stays revoked' };
  }
}
