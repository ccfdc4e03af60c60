import type { Kysely } from 'kysely';

// When a key was last accepted, for `npm run apikey -- list`: an operator revoking keys wants to
// see which ones are still in use. Written at most once a minute per key (see api-keys.ts).
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').addColumn('last_used_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('api_keys').dropColumn('last_used_at').execute();
}
