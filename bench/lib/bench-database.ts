/**
 * An embedded Postgres of a bench script's own, migrated, with one tenant: for the scripts that
 * time the service's statements without the service around them. Its pool has no statement
 * bound (they measure how long the statements take, whatever it is).
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../../src/db/create-db.ts';
import { startEmbeddedPostgres } from '../../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { createTenant } from '../../src/tenants/tenants.ts';

export async function startBenchDatabase(name: string, { connections }: { connections: number }) {
  const parent = mkdtempSync(path.join(tmpdir(), `pj-${name}-`));
  chmodSync(parent, 0o755); // the postgres user (when we run as root) must traverse it
  const postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
  const database = createDb(postgres.url, { max: connections, queryTimeoutMs: 0 });
  const close = async () => {
    await database.close();
    await postgres.stop();
    rmSync(parent, { recursive: true, force: true });
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
