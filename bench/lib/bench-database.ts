/**
 * An embedded Postgres of a bench script's own, migrated, with one tenant: for the scripts that
 * time the service's statements without the service around them. Its pool has no statement
 * bound (they measure how long the statements take, whatever it is).
 */
import { createDb } from '../../src/db/create-db.ts';
import { startEphemeralPostgres } from '../../test/helpers/ephemeral-postgres.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTenant } from '../../src/tenants/tenants.ts';

export async function startBenchDatabase(name: string, { connections }: { connections: number }) {
  // Stopped by a signal that ends the script, or swept by the next start after a SIGKILL.
  const { postgres, stop } = await startEphemeralPostgres(name);
  const database = createDb(postgres.url, { max: connections, queryTimeoutMs: 0 });
  const close = async () => {
    await database.close();
    await stop();
  };
  try {
    await migrateToLatest(database.db);
    const { tenant } = await createTenant(database.db, { name, maxActiveJobs: 1 });
    return { url: postgres.url, db: database.db, tenantId: tenant.id, close };
  } catch (e) {
    await close();
    throw e;
  }
}
