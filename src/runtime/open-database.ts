import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { Logger } from '../logger.ts';
import { createDb, type Db } from '../db/create-db.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../db/embedded-postgres.ts';
import { toError } from '../to-error.ts';
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
  options: {
    databaseUrl: string | null;
    dataDir: string;
    poolSize?: number;
    /** DATABASE_QUERY_TIMEOUT_SECONDS in ms (db/create-db.ts); migrations run without it. */
    queryTimeoutMs?: number;
    migrate?: boolean;
    /**
     * The service (not a one-off command like `npm run apikey`): an embedded Postgres left running
     * by a run that crashed is adopted, and stopped when this process stops.
     */
    adoptOrphan?: boolean;
    /** The service: its pool's connections are opened at once and kept (db/create-db.ts). */
    keepConnectionsOpen?: boolean;
  },
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
    if (running && running.ownerAlive) {
      adminUrl = running.url;
      logger.info({ dir }, 'using the embedded Postgres another local process is running');
    } else if (running && options.adoptOrphan) {
      // Its starter died (SIGKILL, out of memory): nobody would ever stop it. This run owns it now.
      adminUrl = running.url;
      writeFileSync(ownerFile(dir), String(process.pid));
      logger.warn({ dir, pid: running.pid }, 'adopting the embedded Postgres a crashed run left running; it stops when this process stops');
      stopEmbedded = async () => {
        await stopOrphan(running.pid);
        logger.info('embedded Postgres stopped');
      };
    } else if (running) {
      adminUrl = running.url;
      logger.info({ dir }, 'using the embedded Postgres a previous run left running');
    } else {
      logger.info({ dir }, 'starting embedded Postgres (set DATABASE_URL to use your own)');
      const embedded = await superviseEmbeddedPostgres(dir, logger);
      writeFileSync(ownerFile(dir), String(process.pid));
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

  const db = createDb(url, { max: options.poolSize ?? 10, queryTimeoutMs: options.queryTimeoutMs, keepOpen: options.keepConnectionsOpen === true });
  try {
    if (options.migrate !== false) {
      // On a connection of its own without the statement bound: a migration on a large table, or
      // waiting for another process's migrations (migrate.ts), may rightly take longer.
      const migrating = createDb(url, { max: 1, queryTimeoutMs: 0 });
      const applied = await migrateToLatest(migrating.db).finally(() => migrating.close());
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

const RESTART_ATTEMPTS = 60;
const RESTART_PAUSE_MS = 1_000;

/**
 * Starts the embedded Postgres and restarts it, on the same port, whenever it exits without
 * being stopped (killed, crashed, stopped by hand): `npm start` has no supervisor of its own,
 * and every connection of the service (pools, queue, event bus, claim leases) reconnects to the
 * same URL once it is back. A restart is retried for a minute (after a SIGKILL of the
 * postmaster its old backends hold the shared memory until they notice and exit); should it
 * still fail, the process exits with one clear line, for a supervisor or a person to act on.
 */
async function superviseEmbeddedPostgres(dir: string, logger: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const log = (message: string) => logger.debug({ postgres: message });
  let stopping = false;
  let restarting: Promise<void> | null = null;
  let current: EmbeddedPostgres;
  const onUnexpectedExit = (how: { code: number | null; signal: NodeJS.Signals | null }) => {
    if (stopping) return;
    logger.error({ dir, ...how }, 'the embedded Postgres exited unexpectedly; restarting it');
    restarting = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          current = await startEmbeddedPostgres({ dir, port: current.port, log, onUnexpectedExit });
          logger.info({ dir, attempt }, 'embedded Postgres restarted; connections resume');
          return;
        } catch (error) {
          if (stopping) return;
          if (attempt >= RESTART_ATTEMPTS) {
            logger.fatal({ dir, error: toError(error).message }, 'the embedded Postgres could not be restarted; exiting');
            process.exit(1);
          }
          await new Promise((resolve) => setTimeout(resolve, RESTART_PAUSE_MS));
        }
      }
    })().finally(() => {
      restarting = null;
    });
  };
  current = await startEmbeddedPostgres({ dir, log, onUnexpectedExit });
  return {
    url: current.url,
    async stop() {
      stopping = true;
      // A restart under way finishes (or gives up) first, so that the server it started is stopped too.
      await restarting;
      await current.stop();
    },
  };
}

/** Holds the pid of the process that started (or adopted) the embedded Postgres of `dir`. */
function ownerFile(dir: string): string {
  return `${dir}.owner`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Fast shutdown of a postmaster this process did not spawn (SIGINT), waiting up to 30 s for it to
 * go. Also the sweep of killed bench and test runs' clusters (test/helpers/ephemeral-postgres.ts).
 */
export async function stopOrphan(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  for (let waited = 0; waited < 30_000 && isAlive(pid); waited += 100) await new Promise((r) => setTimeout(r, 100));
}

/**
 * The embedded Postgres already serving `dir`, read from its postmaster.pid, and whether the
 * process that started it still runs.
 */
function runningEmbeddedPostgres(dir: string): { url: string; pid: number; ownerAlive: boolean } | null {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return null;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!pid || !port) return null;
  // A stale pid file from a crash: Postgres cleans it up when it starts.
  if (!isAlive(pid)) return null;
  const password = readFileSync(`${dir}.secret`, 'utf8').trim();
  const owner = existsSync(ownerFile(dir)) ? Number(readFileSync(ownerFile(dir), 'utf8').trim()) : 0;
  // No owner file: started by a version that did not write one; treat it as owned, as before.
  const ownerAlive = !existsSync(ownerFile(dir)) || (owner > 0 && owner !== process.pid && isAlive(owner));
  return { url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`, pid, ownerAlive };
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
