import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createApiKeyCache } from '../../src/tenants/api-key-cache.ts';
import { addApiKey, hashApiKey, revokeApiKey } from '../../src/tenants/api-keys.ts';
import { createTenant } from '../../src/tenants/tenants.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

const revokeBySql = (key: string) =>
  database.db.updateTable('api_keys').set({ revoked_at: sql`now()` }).where('key_hash', '=', hashApiKey(key)).execute();
const lastUsed = async (key: string) =>
  (await database.db.selectFrom('api_keys').select('last_used_at').where('key_hash', '=', hashApiKey(key)).executeTakeFirstOrThrow()).last_used_at;

describe('the API key cache', () => {
  it('answers a trusted key without the database: a key revoked by hand in SQL is still served while trusted', async () => {
    const { tenant, apiKey } = await createTenant(database.db, { name: 'cached', maxActiveJobs: 3 });
    const cache = createApiKeyCache(database.db, { trustMs: 60_000 });
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
    await revokeBySql(apiKey);
    // Shows that the cache, not a lookup, answered; the real trust (half a second) is covered below.
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
  });

  it('refuses a revoked key once its trust has run out, and forgets it', async () => {
    const { tenant, apiKey } = await createTenant(database.db, { name: 'expiring', maxActiveJobs: 3 });
    const cache = createApiKeyCache(database.db, { trustMs: 0 });
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
    await revokeBySql(apiKey);
    expect(await cache.tenantOf(apiKey)).toBeNull();
    expect(await cache.tenantOf(apiKey)).toBeNull();
  });

  it('a key revoked with revokeApiKey is refused by a cache that trusted it just before, once revokeApiKey returns', async () => {
    const { tenant, apiKey } = await createTenant(database.db, { name: 'revoked-through-cache', maxActiveJobs: 3 });
    const cache = createApiKeyCache(database.db);
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
    expect(await revokeApiKey(database.db, apiKey)).toMatchObject({ kind: 'revoked' });
    expect(await cache.tenantOf(apiKey)).toBeNull();
  });

  it('a request made after revokeApiKey returned does not join a lookup that started before the revocation', async () => {
    const { apiKey } = await createTenant(database.db, { name: 'slow-answer', maxActiveJobs: 3 });
    // Postgres runs the key's SELECT at once (its snapshot is before the revocation below); its
    // answer reaches the cache 700 ms later, as after an event-loop stall of the API process.
    let slow = true;
    let selectRan!: () => void;
    const firstSelectRan = new Promise<void>((resolve) => (selectRan = resolve));
    const delayed = database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const row = args.result.rows[0];
        if (slow && row && typeof row === 'object' && 'max_active_jobs' in row) {
          selectRan();
          await new Promise((r) => setTimeout(r, 700));
        }
        return args.result;
      },
    });
    const cache = createApiKeyCache(delayed);
    const first = cache.tenantOf(apiKey);
    await firstSelectRan;
    expect(await revokeApiKey(database.db, apiKey)).toMatchObject({ kind: 'revoked' });
    slow = false;
    expect(await cache.tenantOf(apiKey)).toBeNull();
    await first;
  });

  it('does not remember an unknown key: a key added after a refusal works at once', async () => {
    const { tenant } = await createTenant(database.db, { name: 'late-key', maxActiveJobs: 3 });
    const cache = createApiKeyCache(database.db);
    const key = `pj_late_${tenant.id.slice(0, 8)}_0123456789abcdef`;
    expect(await cache.tenantOf(key)).toBeNull();
    await addApiKey(database.db, tenant.id, key);
    expect(await cache.tenantOf(key)).toEqual(tenant);
  });

  it('concurrent requests with a key not yet trusted share one lookup, which records the use', async () => {
    const { tenant, apiKey } = await createTenant(database.db, { name: 'concurrent', maxActiveJobs: 3 });
    const selects: string[] = [];
    const counted = database.db.withPlugin({
      transformQuery: (args) => {
        if (args.node.kind === 'SelectQueryNode') selects.push(args.node.kind);
        return args.node;
      },
      transformResult: async (args) => args.result,
    });
    const cache = createApiKeyCache(counted);
    const answers = await Promise.all(Array.from({ length: 20 }, () => cache.tenantOf(apiKey)));
    expect(answers).toEqual(Array.from({ length: 20 }, () => tenant));
    expect(selects).toHaveLength(1);
    expect(await lastUsed(apiKey)).not.toBeNull();
    // Trusted now: no further lookup.
    await cache.tenantOf(apiKey);
    expect(selects).toHaveLength(1);
  });

  it('looks a key in use up again before its trust runs out, so a request after it waits for no lookup', async () => {
    const { tenant, apiKey } = await createTenant(database.db, { name: 'kept-warm', maxActiveJobs: 3 });
    let answered = 0;
    const counted = database.db.withPlugin({
      transformQuery: (args) => args.node,
      transformResult: async (args) => {
        const row = args.result.rows[0];
        if (row && typeof row === 'object' && 'max_active_jobs' in row) answered++;
        return args.result;
      },
    });
    const trustMs = 1_000;
    const cache = createApiKeyCache(counted, { trustMs });
    const firstAsked = performance.now();
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
    // The refresh, due at 80% of the first lookup's trust, and its answer.
    await vi.waitFor(() => expect(answered).toBe(2), { timeout: 5_000, interval: 10 });
    // Past the first lookup's trust, within the refresh's: answered from the refresh.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, firstAsked + trustMs + 10 - performance.now())));
    await revokeBySql(apiKey);
    expect(await cache.tenantOf(apiKey)).toEqual(tenant);
    expect(answered).toBe(2);
  });

  it('keeps at most maxKeys keys, forgetting the one looked up longest ago', async () => {
    const keys = await Promise.all(
      ['bound-a', 'bound-b', 'bound-c'].map(async (name) => (await createTenant(database.db, { name, maxActiveJobs: 3 })).apiKey),
    );
    const cache = createApiKeyCache(database.db, { trustMs: 60_000, maxKeys: 2 });
    for (const key of keys) await cache.tenantOf(key);
    for (const key of keys) await revokeBySql(key);
    // The first key was forgotten when the third came in, so it is looked up again (and refused);
    // the two kept are still trusted.
    expect(await cache.tenantOf(keys[0]!)).toBeNull();
    expect(await cache.tenantOf(keys[2]!)).not.toBeNull();
  });
});
