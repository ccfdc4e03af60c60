import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { createDb, type Db } from '../db/create-db.ts';
import { startEmbeddedPostgres } from '../db/embedded-postgres.ts';
import { migrateToLatest } from '../db/migrate.ts';

export interface OpenDatabase extends Db {
  url: string;
  /**
   * Closes the pool and, when this process started it, then stops the embedded Postgres: every
   * other connection of this process (queue, event bus) must be closed before.
   */
  shutdown(): Promise<void>;
}

const DATABASE_NAME = 'paperjson';

/**
 * Connects to DATABASE_URL, or to the embedded Postgres under DATA_DIR/postgres (started here,
 * or joined when another local process, e.g. `npm start`, is already running it), then migrates.
 */
export async function openDatabase(
  options: { databaseUrl: string | null; dataDir: string; poolSize?: number; migrate?: boolean },
  logger: Logger,
): Promise<OpenDatabase> {
  let url: string;
  let stopEmbedded: () => Promise<void> = async () => {};
  if (options.databaseUrl) {
    url = options.databaseUrl;
  } else {
    const dir = path.join(options.dataDir, 'postgres');
    const running = runningEmbeddedPostgres(dir);
    let adminUrl: string;
    if (running) {
      adminUrl = running;
      logger.info({ dir }, 'using the embedded Postgres another local process is running');
    } else {
      logger.info({ dir }, 'starting embedded Postgres (set DATABASE_URL to use your own)');
      const embedded = await startEmbeddedPostgres({ dir, log: (message) => logger.debug({ postgres: message }) });
      adminUrl = embedded.url;
      stopEmbedded = async () => {
        await embedded.stop();
        logger.info('embedded Postgres stopped');
      };
    }
    await ensureDatabase(adminUrl, DATABASE_NAME);
    const parsed = new URL(adminUrl);
    parsed.pathname = `/${DATABASE_NAME}`;
    url = parsed.toString();
  }

  const db = createDb(url, { max: options.poolSize ?? 10 });
  try {
    if (options.migrate !== false) {
      const applied = await migrateToLatest(db.db);
      if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    }
  } catch (error) {
    await db.close();
    await stopEmbedded();
    throw error;
  }
  return {
    ...db,
    url,
    shutdown: async () => {
      await db.close();
      logger.info('database connections closed');
      await stopEmbedded();
    },
  };
}

/** The URL of an embedded Postgres already serving `dir`, read from its postmaster.pid. */
function runningEmbeddedPostgres(dir: string): string | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null; // a stale pid file from a crash; Postgres cleans it up when it starts
  }
  const password = readFileSync(`${dir}.secret`, 'utf8').trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) {
      try {
        await client.query(`create database ${name}`);
      } catch (error) {
        // Two processes may race here; losing the race means the database exists.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    await client.end();
  }
}
