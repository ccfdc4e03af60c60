/**
 * How fast a document's bytes go into Postgres and come back out, in one statement each (the
 * upload's insert and the worker's read, documents.repository.ts), on an embedded Postgres,
 * optionally with busy processes beside it to load the machine. It is the measurement behind the
 * per-MB allowance of a statement's bound (db/statement-bound.ts). Indicative only: the figures
 * depend on the machine and what else runs on it; report the load with them.
 *
 *   node bench/document-bytes-rate.ts [MB per document=95] [rounds=3] [busy processes=0]
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createDb } from '../src/db/create-db.ts';
import { startBusyProcesses } from './lib/busy-processes.ts';
import { startEmbeddedPostgres } from '../src/db/embedded-postgres.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { insertDocument, readDocumentContent } from '../src/documents/documents.repository.ts';
import { createTenant } from '../src/tenants/tenants.ts';

const megabytes = Number(process.argv[2] ?? 95);
const rounds = Number(process.argv[3] ?? 3);
const busy = Number(process.argv[4] ?? 0);

const parent = mkdtempSync(path.join(tmpdir(), 'pj-bytes-rate-'));
chmodSync(parent, 0o755); // the postgres user (when we run as root) must traverse it
const postgres = await startEmbeddedPostgres({ dir: path.join(parent, 'pg'), ephemeral: true });
// No statement bound: this measures how long the statements take, whatever it is.
const database = createDb(postgres.url, { max: 2, queryTimeoutMs: 0 });
const hogs = startBusyProcesses(busy);
try {
  await migrateToLatest(database.db);
  const { tenant } = await createTenant(database.db, { name: 'rate', maxActiveJobs: 1 });
  // Random bytes, as incompressible as a PDF's compressed streams and images.
  const content = randomBytes(megabytes * 1e6);
  for (let round = 1; round <= rounds; round++) {
    const insertStart = performance.now();
    const { id } = await insertDocument(database.db, {
      tenantId: tenant.id,
      filename: 'big.pdf',
      sizeBytes: content.byteLength,
      sha256: 'x',
      pageCount: 1,
      textPageCount: 1,
      warnings: [],
      content,
    });
    const insertSeconds = (performance.now() - insertStart) / 1000;
    const readStart = performance.now();
    await readDocumentContent(database.db, id, content.byteLength);
    const readSeconds = (performance.now() - readStart) / 1000;
    const rate = (seconds: number) => (megabytes / seconds).toFixed(1);
    console.log(
      `round ${round}: ${megabytes} MB insert ${insertSeconds.toFixed(2)} s (${rate(insertSeconds)} MB/s), read ${readSeconds.toFixed(2)} s (${rate(readSeconds)} MB/s); load ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  }
} finally {
  hogs.stop();
  await database.close();
  await postgres.stop();
  rmSync(parent, { recursive: true, force: true });
}
