import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/db/embedded-postgres.ts';

/**
 * Starts an embedded Postgres in a data folder a stopped (or killed) server just used: the old
 * server's shared memory (after a SIGKILL, its backends') may linger for a moment, so this tries
 * again every 250 ms, about 10 s in all.
 */
export async function startPostgresAgain(options: Parameters<typeof startEmbeddedPostgres>[0]): Promise<EmbeddedPostgres> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await startEmbeddedPostgres(options);
    } catch (error) {
      if (attempt > 40) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
