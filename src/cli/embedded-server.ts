import type { Kysely } from 'kysely';
import type { Config } from '../config.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { GRAPHQL_PATH } from '../api/create-api.ts';
import { startService } from '../runtime/start-service.ts';
import { addApiKey, hashApiKey } from '../tenants/api-keys.ts';
import type { CliIo } from './cli-io.ts';
import type { LocalServer } from './run-cli.ts';

/**
 * `--local`: API and worker in this process, on DATABASE_URL or the embedded Postgres under
 * DATA_DIR (joined when `npm start` already runs it), on a free loopback port.
 *
 * The command acts as the first tenant (the one `npm start` creates), so its jobs are visible
 * with the user's key later. It gets a key of its own for the duration of the command, deleted
 * on stop; the user's key is never needed or read.
 */
export async function startEmbeddedServer(config: Config, logger: Logger, io: CliIo): Promise<LocalServer> {
  const service = await startService(config, logger, { api: true, worker: true });
  try {
    const db = service.database.db;
    if (service.bootstrapKey) {
      io.stderr.write(
        `Created the first tenant "default" in ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}. ` +
          `Its API key is shown only now, keep it for "npm start":\n  ${service.bootstrapKey}\n`,
      );
    }
    const tenantId = await firstTenantId(db);
    const apiKey = await addApiKey(db, tenantId);
    return {
      url: `${service.http!.url}${GRAPHQL_PATH}`,
      apiKey,
      async stop() {
        await db.deleteFrom('api_keys').where('key_hash', '=', hashApiKey(apiKey)).execute().catch(() => {});
        await service.stop();
      },
    };
  } catch (error) {
    await service.stop();
    throw error;
  }
}

async function firstTenantId(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('tenants').select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirstOrThrow();
  return row.id;
}
