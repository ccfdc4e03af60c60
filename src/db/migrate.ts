import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { FileMigrationProvider, Migrator, type Migration } from 'kysely/migration';
import type { Database } from './database.ts';

const MIGRATIONS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../migrations');

// Any constant works; it only has to be the same in every process of the service.
const MIGRATION_LOCK_KEY = 7_305_119_001;

/**
 * Brings the database to the latest migration. Safe when several processes start at once: they
 * queue on a session advisory lock, and whoever comes second finds nothing left to do.
 */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      const migrator = new Migrator({
        db: conn,
        provider: new FileMigrationProvider({ fs, path, migrationFolder: MIGRATIONS_DIR, import: importWhenRun }),
      });
      const { error, results } = await migrator.migrateToLatest();
      if (error) throw error;
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

/**
 * A migration file as kysely's migrator sees it, its module imported only when its `up` runs. The
 * migrator names a file's migration by the file's name and decides by names alone which have run:
 * a database that has them all (every start but the first) loads none of them. Imported at every
 * start, they cost a process that had not yet loaded TypeScript through Node (a test file's
 * process; the service's own modules are type-stripped already) about 150 ms of CPU.
 */
async function importWhenRun(filePath: string): Promise<Migration> {
  return { up: async (db) => ((await import(pathToFileURL(filePath).href)) as Migration).up(db) };
}
