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
import { loadavg } from 'node:os';
import { startBenchDatabase } from './lib/bench-database.ts';
import { startBusyProcesses } from './lib/busy-processes.ts';
import { insertDocument, readDocumentContent } from '../src/documents/documents.repository.ts';

const megabytes = Number(process.argv[2] ?? 95);
const rounds = Number(process.argv[3] ?? 3);
const busy = Number(process.argv[4] ?? 0);

const database = await startBenchDatabase('bytes-rate', { connections: 2 });
const hogs = startBusyProcesses(busy);
try {
  // Random bytes, as incompressible as a PDF's compressed streams and images.
  const content = randomBytes(megabytes * 1e6);
  for (let round = 1; round <= rounds; round++) {
    const insertStart = performance.now();
    const { id } = await insertDocument(database.db, {
      tenantId: database.tenantId,
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
}
