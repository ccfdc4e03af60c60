import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/database.ts';

/**
 * How many scans Postgres has counted on an index, as seen by `db`'s session: its own statistics
 * are flushed first (they are otherwise sent only now and then), and its cached snapshot dropped.
 * Call it on the one connection that ran the statements counted (a pool of one).
 */
export async function indexScans(db: Kysely<Database>, index: string): Promise<number> {
  await sql`select pg_stat_force_next_flush()`.execute(db);
  await sql`select pg_stat_clear_snapshot()`.execute(db);
  const { rows } = await sql<{ scans: number }>`
    select idx_scan::int as scans from pg_stat_user_indexes where indexrelname = ${index}`.execute(db);
  return rows[0]!.scans;
}
